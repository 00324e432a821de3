<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>kiosk</name>
    <message>
        <source>%n places left</source>
        <translation>%n places restantes</translation>
    </message>
    <message>
        <source>Approve (demo reader)</source>
        <translation>Accepter (lecteur de démo)</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Êtes-vous toujours là ?</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Card (demo reader)</source>
        <translation>Carte (lecteur de démo)</translation>
    </message>
    <message>
        <source>Card or phone</source>
        <translation>Carte ou téléphone</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <source>Check your order</source>
        <translation>Vérifiez votre commande</translation>
    </message>
    <message>
        <source>Choose a time</source>
        <translation>Choisissez un horaire</translation>
    </message>
    <message>
        <source>Choose your ticket</source>
        <translation>Choisissez votre billet</translation>
    </message>
    <message>
        <source>Combo tickets save money and are valid for several days.</source>
        <translation>Les forfaits sont moins chers et valables plusieurs jours.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <source>Country of residence</source>
        <translation>Pays de résidence</translation>
    </message>
    <message>
        <source>Decline (demo reader)</source>
        <translation>Refuser (lecteur de démo)</translation>
    </message>
    <message>
        <source>Each ticket admits one person once at each site. Keep it dry.</source>
        <translation>Chaque billet admet une personne une fois par site. Gardez-le au sec.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <source>Follow the instructions on the card reader.</source>
        <translation>Suivez les instructions du lecteur de carte.</translation>
    </message>
    <message>
        <source>Go to payment</source>
        <translation>Payer</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Contraste élevé</translation>
    </message>
    <message>
        <source>How many tickets?</source>
        <translation>Combien de billets ?</translation>
    </message>
    <message>
        <source>How would you like to pay?</source>
        <translation>Comment souhaitez-vous payer ?</translation>
    </message>
    <message>
        <source>Hue Monuments · Tickets</source>
        <translation>Monuments de Huế · Billets</translation>
    </message>
    <message>
        <source>Includes:</source>
        <translation>Comprend :</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Grand texte</translation>
    </message>
    <message>
        <source>No time slots are open for sale right now.</source>
        <translation>Aucun créneau n'est en vente pour le moment.</translation>
    </message>
    <message>
        <source>No, start over</source>
        <translation>Non, recommencer</translation>
    </message>
    <message>
        <source>Optional. It only counts visitors for the tourism statistics.</source>
        <translation>Facultatif. Sert uniquement aux statistiques du tourisme.</translation>
    </message>
    <message>
        <source>Order code</source>
        <translation>Code de commande</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Hors service</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <source>Payment accepted</source>
        <translation>Paiement accepté</translation>
    </message>
    <message>
        <source>Please take your tickets.</source>
        <translation>Prenez vos billets.</translation>
    </message>
    <message>
        <source>Printing your tickets…</source>
        <translation>Impression de vos billets…</translation>
    </message>
    <message>
        <source>Scan the code with your phone or banking app.</source>
        <translation>Scannez le code avec votre téléphone ou votre application bancaire.</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Passer</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Complet</translation>
    </message>
    <message>
        <source>Tap or insert your card on the reader.</source>
        <translation>Approchez ou insérez votre carte dans le lecteur.</translation>
    </message>
    <message>
        <source>Tap your country of residence, or skip.</source>
        <translation>Touchez votre pays de résidence, ou passez.</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>Merci !</translation>
    </message>
    <message>
        <source>Ticket %1 of %2</source>
        <translation>Billet %1 sur %2</translation>
    </message>
    <message>
        <source>Tickets for the Imperial City and the royal tombs</source>
        <translation>Billets pour la Cité impériale et les tombeaux royaux</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Horaire</translation>
    </message>
    <message>
        <source>Timed entry: choose a time slot</source>
        <translation>Entrée horodatée : choisissez un créneau</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>À payer</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Try again or choose another way to pay.</source>
        <translation>Réessayez ou choisissez un autre moyen de paiement.</translation>
    </message>
    <message>
        <source>Valid for %n day(s)</source>
        <translation>Valable %n jour(s)</translation>
    </message>
    <message>
        <source>VietQR bank transfer</source>
        <translation>Virement VietQR</translation>
    </message>
    <message>
        <source>Where do you live?</source>
        <translation>Où habitez-vous ?</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Oui, il me faut plus de temps</translation>
    </message>
    <message>
        <source>Your session ends in %n s.</source>
        <translation>Votre session se termine dans %n s.</translation>
    </message>
</context>
<context>
    <name>staff</name>
    <message>
        <source>Approve (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back in service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change to give</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decline (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device and sync status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No order to reprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One group ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders waiting to print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploads waiting for central</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint last order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tendered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cart is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer still reports a fault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>printed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
