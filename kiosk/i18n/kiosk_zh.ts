<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh">
<context>
    <name>kiosk</name>
    <message>
        <source>%n places left</source>
        <translation>剩余 %n 个名额</translation>
    </message>
    <message>
        <source>Approve (demo reader)</source>
        <translation>批准（演示读卡器）</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Card (demo reader)</source>
        <translation>银行卡（演示读卡器）</translation>
    </message>
    <message>
        <source>Card or phone</source>
        <translation>银行卡或手机</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Check your order</source>
        <translation>核对您的订单</translation>
    </message>
    <message>
        <source>Choose a time</source>
        <translation>选择时间</translation>
    </message>
    <message>
        <source>Choose your ticket</source>
        <translation>选择门票</translation>
    </message>
    <message>
        <source>Combo tickets save money and are valid for several days.</source>
        <translation>联票更划算，并可在多天内使用。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Country of residence</source>
        <translation>居住国</translation>
    </message>
    <message>
        <source>Decline (demo reader)</source>
        <translation>拒绝（演示读卡器）</translation>
    </message>
    <message>
        <source>Each ticket admits one person once at each site. Keep it dry.</source>
        <translation>每张门票限一人在每个景点入场一次。请保持干燥。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Follow the instructions on the card reader.</source>
        <translation>请按照读卡器上的提示操作。</translation>
    </message>
    <message>
        <source>Go to payment</source>
        <translation>去付款</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>How many tickets?</source>
        <translation>需要几张票？</translation>
    </message>
    <message>
        <source>How would you like to pay?</source>
        <translation>您想如何付款？</translation>
    </message>
    <message>
        <source>Hue Monuments · Tickets</source>
        <translation>顺化古迹 · 门票</translation>
    </message>
    <message>
        <source>Includes:</source>
        <translation>包括：</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>大字体</translation>
    </message>
    <message>
        <source>No time slots are open for sale right now.</source>
        <translation>目前没有可售的时段。</translation>
    </message>
    <message>
        <source>No, start over</source>
        <translation>不，重新开始</translation>
    </message>
    <message>
        <source>Optional. It only counts visitors for the tourism statistics.</source>
        <translation>可选。仅用于旅游统计。</translation>
    </message>
    <message>
        <source>Order code</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>Payment accepted</source>
        <translation>付款成功</translation>
    </message>
    <message>
        <source>Please take your tickets.</source>
        <translation>请取走您的门票。</translation>
    </message>
    <message>
        <source>Printing your tickets…</source>
        <translation>正在打印您的门票…</translation>
    </message>
    <message>
        <source>Scan the code with your phone or banking app.</source>
        <translation>请用手机或银行应用扫描二维码。</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>售罄</translation>
    </message>
    <message>
        <source>Tap or insert your card on the reader.</source>
        <translation>请在读卡器上挥卡或插卡。</translation>
    </message>
    <message>
        <source>Tap your country of residence, or skip.</source>
        <translation>请点选您的居住国，或跳过。</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>谢谢！</translation>
    </message>
    <message>
        <source>Ticket %1 of %2</source>
        <translation>第 %1 张，共 %2 张</translation>
    </message>
    <message>
        <source>Tickets for the Imperial City and the royal tombs</source>
        <translation>皇城与皇陵门票</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Timed entry: choose a time slot</source>
        <translation>分时段入场：请选择时段</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Try again or choose another way to pay.</source>
        <translation>请重试或选择其他付款方式。</translation>
    </message>
    <message>
        <source>Valid for %n day(s)</source>
        <translation>有效期 %n 天</translation>
    </message>
    <message>
        <source>VietQR bank transfer</source>
        <translation>VietQR 银行转账</translation>
    </message>
    <message>
        <source>Where do you live?</source>
        <translation>您住在哪里？</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>是的，我需要更多时间</translation>
    </message>
    <message>
        <source>Your session ends in %n s.</source>
        <translation>会话将在 %n 秒后结束。</translation>
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
