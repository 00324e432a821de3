<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>kiosk</name>
    <message>
        <source>%n places left</source>
        <translation>%n places left</translation>
    </message>
    <message>
        <source>Approve (demo reader)</source>
        <translation>Approve (demo reader)</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Card (demo reader)</source>
        <translation>Card (demo reader)</translation>
    </message>
    <message>
        <source>Card or phone</source>
        <translation>Card or phone</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Check your order</source>
        <translation>Check your order</translation>
    </message>
    <message>
        <source>Choose a time</source>
        <translation>Choose a time</translation>
    </message>
    <message>
        <source>Choose your ticket</source>
        <translation>Choose your ticket</translation>
    </message>
    <message>
        <source>Combo tickets save money and are valid for several days.</source>
        <translation>Combo tickets save money and are valid for several days.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Country of residence</source>
        <translation>Country of residence</translation>
    </message>
    <message>
        <source>Decline (demo reader)</source>
        <translation>Decline (demo reader)</translation>
    </message>
    <message>
        <source>Each ticket admits one person once at each site. Keep it dry.</source>
        <translation>Each ticket admits one person once at each site. Keep it dry.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Follow the instructions on the card reader.</source>
        <translation>Follow the instructions on the card reader.</translation>
    </message>
    <message>
        <source>Go to payment</source>
        <translation>Go to payment</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>How many tickets?</source>
        <translation>How many tickets?</translation>
    </message>
    <message>
        <source>How would you like to pay?</source>
        <translation>How would you like to pay?</translation>
    </message>
    <message>
        <source>Hue Monuments · Tickets</source>
        <translation>Hue Monuments · Tickets</translation>
    </message>
    <message>
        <source>Includes:</source>
        <translation>Includes:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>No time slots are open for sale right now.</source>
        <translation>No time slots are open for sale right now.</translation>
    </message>
    <message>
        <source>No, start over</source>
        <translation>No, start over</translation>
    </message>
    <message>
        <source>Optional. It only counts visitors for the tourism statistics.</source>
        <translation>Optional. It only counts visitors for the tourism statistics.</translation>
    </message>
    <message>
        <source>Order code</source>
        <translation>Order code</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Payment accepted</source>
        <translation>Payment accepted</translation>
    </message>
    <message>
        <source>Please take your tickets.</source>
        <translation>Please take your tickets.</translation>
    </message>
    <message>
        <source>Printing your tickets…</source>
        <translation>Printing your tickets…</translation>
    </message>
    <message>
        <source>Scan the code with your phone or banking app.</source>
        <translation>Scan the code with your phone or banking app.</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Sold out</translation>
    </message>
    <message>
        <source>Tap or insert your card on the reader.</source>
        <translation>Tap or insert your card on the reader.</translation>
    </message>
    <message>
        <source>Tap your country of residence, or skip.</source>
        <translation>Tap your country of residence, or skip.</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <source>Ticket %1 of %2</source>
        <translation>Ticket %1 of %2</translation>
    </message>
    <message>
        <source>Tickets for the Imperial City and the royal tombs</source>
        <translation>Tickets for the Imperial City and the royal tombs</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Timed entry: choose a time slot</source>
        <translation>Timed entry: choose a time slot</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>To pay</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Try again or choose another way to pay.</source>
        <translation>Try again or choose another way to pay.</translation>
    </message>
    <message>
        <source>Valid for %n day(s)</source>
        <translation>Valid for %n day(s)</translation>
    </message>
    <message>
        <source>VietQR bank transfer</source>
        <translation>VietQR bank transfer</translation>
    </message>
    <message>
        <source>Where do you live?</source>
        <translation>Where do you live?</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Yes, I need more time</translation>
    </message>
    <message>
        <source>Your session ends in %n s.</source>
        <translation>Your session ends in %n s.</translation>
    </message>
</context>
<context>
    <name>staff</name>
    <message>
        <source>Approve (demo)</source>
        <translation>Approve (demo)</translation>
    </message>
    <message>
        <source>Back in service.</source>
        <translation>Back in service.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Card (demo)</source>
        <translation>Card (demo)</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Cart</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Change to give</source>
        <translation>Change to give</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Counter sign-in</source>
        <translation>Counter sign-in</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Decline (demo)</source>
        <translation>Decline (demo)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Device and sync status</source>
        <translation>Device and sync status</translation>
    </message>
    <message>
        <source>Exit kiosk</source>
        <translation>Exit kiosk</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>No order to reprint.</source>
        <translation>No order to reprint.</translation>
    </message>
    <message>
        <source>One group ticket</source>
        <translation>One group ticket</translation>
    </message>
    <message>
        <source>Orders waiting to print</source>
        <translation>Orders waiting to print</translation>
    </message>
    <message>
        <source>Uploads waiting for central</source>
        <translation>Uploads waiting for central</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Last sync error</source>
        <translation>Last sync error</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>Paper replaced</source>
        <translation>Paper replaced</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Payment providers</source>
        <translation>Payment providers</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Printer status</source>
        <translation>Printer status</translation>
    </message>
    <message>
        <source>Printing failed</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Reprint last</source>
        <translation>Reprint last</translation>
    </message>
    <message>
        <source>Reprint last order</source>
        <translation>Reprint last order</translation>
    </message>
    <message>
        <source>Selling</source>
        <translation>Selling</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>Staff PIN</translation>
    </message>
    <message>
        <source>Tendered</source>
        <translation>Tendered</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Test page</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Test print</translation>
    </message>
    <message>
        <source>The cart is empty.</source>
        <translation>The cart is empty.</translation>
    </message>
    <message>
        <source>The printer still reports a fault.</source>
        <translation>The printer still reports a fault.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Void last</source>
        <translation>Void last</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Waiting for payment…</source>
        <translation>Waiting for payment…</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>printed</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>ready</translation>
    </message>
</context>
</TS>
