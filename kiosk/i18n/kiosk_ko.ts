<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>kiosk</name>
    <message>
        <source>%n places left</source>
        <translation>남은 자리 %n</translation>
    </message>
    <message>
        <source>Approve (demo reader)</source>
        <translation>승인 (데모 단말기)</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>아직 계신가요?</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Card (demo reader)</source>
        <translation>카드 (데모 단말기)</translation>
    </message>
    <message>
        <source>Card or phone</source>
        <translation>카드 또는 휴대폰</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>Check your order</source>
        <translation>주문을 확인하세요</translation>
    </message>
    <message>
        <source>Choose a time</source>
        <translation>시간 선택</translation>
    </message>
    <message>
        <source>Choose your ticket</source>
        <translation>티켓 선택</translation>
    </message>
    <message>
        <source>Combo tickets save money and are valid for several days.</source>
        <translation>통합권은 더 저렴하고 여러 날 동안 유효합니다.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Country of residence</source>
        <translation>거주 국가</translation>
    </message>
    <message>
        <source>Decline (demo reader)</source>
        <translation>거절 (데모 단말기)</translation>
    </message>
    <message>
        <source>Each ticket admits one person once at each site. Keep it dry.</source>
        <translation>티켓 한 장으로 한 사람이 각 장소에 한 번 입장할 수 있습니다. 젖지 않게 보관하세요.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Follow the instructions on the card reader.</source>
        <translation>카드 단말기의 안내를 따르세요.</translation>
    </message>
    <message>
        <source>Go to payment</source>
        <translation>결제하기</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>고대비</translation>
    </message>
    <message>
        <source>How many tickets?</source>
        <translation>티켓 몇 장이 필요하세요?</translation>
    </message>
    <message>
        <source>How would you like to pay?</source>
        <translation>어떻게 결제하시겠어요?</translation>
    </message>
    <message>
        <source>Hue Monuments · Tickets</source>
        <translation>후에 기념물 · 티켓</translation>
    </message>
    <message>
        <source>Includes:</source>
        <translation>포함:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>큰 글씨</translation>
    </message>
    <message>
        <source>No time slots are open for sale right now.</source>
        <translation>지금은 판매 중인 시간대가 없습니다.</translation>
    </message>
    <message>
        <source>No, start over</source>
        <translation>아니요, 처음부터</translation>
    </message>
    <message>
        <source>Optional. It only counts visitors for the tourism statistics.</source>
        <translation>선택 사항입니다. 관광 통계에만 사용됩니다.</translation>
    </message>
    <message>
        <source>Order code</source>
        <translation>주문 코드</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>사용 중지</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>Payment accepted</source>
        <translation>결제 완료</translation>
    </message>
    <message>
        <source>Please take your tickets.</source>
        <translation>티켓을 가져가세요.</translation>
    </message>
    <message>
        <source>Printing your tickets…</source>
        <translation>티켓을 인쇄하고 있습니다…</translation>
    </message>
    <message>
        <source>Scan the code with your phone or banking app.</source>
        <translation>휴대폰이나 은행 앱으로 코드를 스캔하세요.</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>건너뛰기</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>매진</translation>
    </message>
    <message>
        <source>Tap or insert your card on the reader.</source>
        <translation>단말기에 카드를 대거나 넣으세요.</translation>
    </message>
    <message>
        <source>Tap your country of residence, or skip.</source>
        <translation>거주 국가를 누르거나 건너뛰세요.</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>감사합니다!</translation>
    </message>
    <message>
        <source>Ticket %1 of %2</source>
        <translation>티켓 %1 / %2</translation>
    </message>
    <message>
        <source>Tickets for the Imperial City and the royal tombs</source>
        <translation>황성과 황릉 입장권</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>Timed entry: choose a time slot</source>
        <translation>시간 지정 입장: 시간대를 선택하세요</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>결제 금액</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Try again or choose another way to pay.</source>
        <translation>다시 시도하거나 다른 결제 방법을 선택하세요.</translation>
    </message>
    <message>
        <source>Valid for %n day(s)</source>
        <translation>%n일간 유효</translation>
    </message>
    <message>
        <source>VietQR bank transfer</source>
        <translation>VietQR 계좌이체</translation>
    </message>
    <message>
        <source>Where do you live?</source>
        <translation>어디에 거주하시나요?</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>네, 시간이 더 필요해요</translation>
    </message>
    <message>
        <source>Your session ends in %n s.</source>
        <translation>%n초 후에 세션이 종료됩니다.</translation>
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
