<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>kiosk</name>
    <message>
        <source>%n places left</source>
        <translation>残り %n 席</translation>
    </message>
    <message>
        <source>Approve (demo reader)</source>
        <translation>承認（デモ端末）</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>まだいらっしゃいますか？</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Card (demo reader)</source>
        <translation>カード（デモ端末）</translation>
    </message>
    <message>
        <source>Card or phone</source>
        <translation>カードまたはスマートフォン</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>現金</translation>
    </message>
    <message>
        <source>Check your order</source>
        <translation>ご注文の確認</translation>
    </message>
    <message>
        <source>Choose a time</source>
        <translation>時間を選択</translation>
    </message>
    <message>
        <source>Choose your ticket</source>
        <translation>チケットを選択</translation>
    </message>
    <message>
        <source>Combo tickets save money and are valid for several days.</source>
        <translation>共通券はお得で、複数日有効です。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>次へ</translation>
    </message>
    <message>
        <source>Country of residence</source>
        <translation>居住国</translation>
    </message>
    <message>
        <source>Decline (demo reader)</source>
        <translation>拒否（デモ端末）</translation>
    </message>
    <message>
        <source>Each ticket admits one person once at each site. Keep it dry.</source>
        <translation>1枚につき1名様、各施設1回入場できます。濡らさないでください。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Follow the instructions on the card reader.</source>
        <translation>カード端末の案内に従ってください。</translation>
    </message>
    <message>
        <source>Go to payment</source>
        <translation>お支払いへ</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>ハイコントラスト</translation>
    </message>
    <message>
        <source>How many tickets?</source>
        <translation>チケットは何枚ですか？</translation>
    </message>
    <message>
        <source>How would you like to pay?</source>
        <translation>お支払い方法を選んでください</translation>
    </message>
    <message>
        <source>Hue Monuments · Tickets</source>
        <translation>フエの建造物群 · チケット</translation>
    </message>
    <message>
        <source>Includes:</source>
        <translation>含まれる施設：</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>大きな文字</translation>
    </message>
    <message>
        <source>No time slots are open for sale right now.</source>
        <translation>現在、販売中の時間枠はありません。</translation>
    </message>
    <message>
        <source>No, start over</source>
        <translation>いいえ、最初から</translation>
    </message>
    <message>
        <source>Optional. It only counts visitors for the tourism statistics.</source>
        <translation>任意です。観光統計にのみ使われます。</translation>
    </message>
    <message>
        <source>Order code</source>
        <translation>注文コード</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>休止中</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>お支払い</translation>
    </message>
    <message>
        <source>Payment accepted</source>
        <translation>お支払い完了</translation>
    </message>
    <message>
        <source>Please take your tickets.</source>
        <translation>チケットをお取りください。</translation>
    </message>
    <message>
        <source>Printing your tickets…</source>
        <translation>チケットを印刷しています…</translation>
    </message>
    <message>
        <source>Scan the code with your phone or banking app.</source>
        <translation>スマートフォンまたは銀行アプリでコードを読み取ってください。</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>スキップ</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>売り切れ</translation>
    </message>
    <message>
        <source>Tap or insert your card on the reader.</source>
        <translation>カードを端末にかざすか挿入してください。</translation>
    </message>
    <message>
        <source>Tap your country of residence, or skip.</source>
        <translation>お住まいの国をタップするか、スキップしてください。</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>ありがとうございました！</translation>
    </message>
    <message>
        <source>Ticket %1 of %2</source>
        <translation>チケット %1 / %2</translation>
    </message>
    <message>
        <source>Tickets for the Imperial City and the royal tombs</source>
        <translation>王宮と帝廟のチケット</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Timed entry: choose a time slot</source>
        <translation>時間指定入場：時間枠を選択</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>お支払い金額</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Try again or choose another way to pay.</source>
        <translation>もう一度お試しいただくか、別のお支払い方法をお選びください。</translation>
    </message>
    <message>
        <source>Valid for %n day(s)</source>
        <translation>%n日間有効</translation>
    </message>
    <message>
        <source>VietQR bank transfer</source>
        <translation>VietQR 銀行振込</translation>
    </message>
    <message>
        <source>Where do you live?</source>
        <translation>お住まいはどちらですか？</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>はい、もう少し時間が必要です</translation>
    </message>
    <message>
        <source>Your session ends in %n s.</source>
        <translation>あと %n 秒でセッションが終了します。</translation>
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
