<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi">
<context>
    <name>kiosk</name>
    <message>
        <source>%n places left</source>
        <translation>Còn %n chỗ</translation>
    </message>
    <message>
        <source>Approve (demo reader)</source>
        <translation>Chấp nhận (máy đọc thẻ mô phỏng)</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Bạn vẫn còn ở đây chứ?</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Card (demo reader)</source>
        <translation>Thẻ (máy đọc mô phỏng)</translation>
    </message>
    <message>
        <source>Card or phone</source>
        <translation>Thẻ hoặc điện thoại</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <source>Check your order</source>
        <translation>Kiểm tra đơn hàng</translation>
    </message>
    <message>
        <source>Choose a time</source>
        <translation>Chọn giờ</translation>
    </message>
    <message>
        <source>Choose your ticket</source>
        <translation>Chọn vé</translation>
    </message>
    <message>
        <source>Combo tickets save money and are valid for several days.</source>
        <translation>Vé liên tuyến tiết kiệm hơn và có hiệu lực nhiều ngày.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Country of residence</source>
        <translation>Quốc gia cư trú</translation>
    </message>
    <message>
        <source>Decline (demo reader)</source>
        <translation>Từ chối (máy đọc thẻ mô phỏng)</translation>
    </message>
    <message>
        <source>Each ticket admits one person once at each site. Keep it dry.</source>
        <translation>Mỗi vé cho một người vào mỗi điểm một lần. Giữ vé khô ráo.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <source>Follow the instructions on the card reader.</source>
        <translation>Làm theo hướng dẫn trên máy đọc thẻ.</translation>
    </message>
    <message>
        <source>Go to payment</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
    <message>
        <source>How many tickets?</source>
        <translation>Bao nhiêu vé?</translation>
    </message>
    <message>
        <source>How would you like to pay?</source>
        <translation>Bạn muốn thanh toán bằng cách nào?</translation>
    </message>
    <message>
        <source>Hue Monuments · Tickets</source>
        <translation>Di tích Cố đô Huế · Vé tham quan</translation>
    </message>
    <message>
        <source>Includes:</source>
        <translation>Bao gồm:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Chữ lớn</translation>
    </message>
    <message>
        <source>No time slots are open for sale right now.</source>
        <translation>Hiện chưa có khung giờ nào mở bán.</translation>
    </message>
    <message>
        <source>No, start over</source>
        <translation>Không, bắt đầu lại</translation>
    </message>
    <message>
        <source>Optional. It only counts visitors for the tourism statistics.</source>
        <translation>Không bắt buộc. Chỉ dùng để thống kê du lịch.</translation>
    </message>
    <message>
        <source>Order code</source>
        <translation>Mã đơn hàng</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Tạm ngừng phục vụ</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <source>Payment accepted</source>
        <translation>Thanh toán thành công</translation>
    </message>
    <message>
        <source>Please take your tickets.</source>
        <translation>Vui lòng nhận vé của bạn.</translation>
    </message>
    <message>
        <source>Printing your tickets…</source>
        <translation>Đang in vé của bạn…</translation>
    </message>
    <message>
        <source>Scan the code with your phone or banking app.</source>
        <translation>Quét mã bằng điện thoại hoặc ứng dụng ngân hàng.</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Bỏ qua</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Hết chỗ</translation>
    </message>
    <message>
        <source>Tap or insert your card on the reader.</source>
        <translation>Chạm hoặc cắm thẻ vào máy đọc.</translation>
    </message>
    <message>
        <source>Tap your country of residence, or skip.</source>
        <translation>Chạm vào quốc gia bạn đang sống, hoặc bỏ qua.</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>Cảm ơn bạn!</translation>
    </message>
    <message>
        <source>Ticket %1 of %2</source>
        <translation>Vé %1 / %2</translation>
    </message>
    <message>
        <source>Tickets for the Imperial City and the royal tombs</source>
        <translation>Vé tham quan Hoàng thành và các lăng tẩm</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <source>Timed entry: choose a time slot</source>
        <translation>Vào theo giờ: chọn khung giờ</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>Cần thanh toán</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <source>Try again or choose another way to pay.</source>
        <translation>Thử lại hoặc chọn cách thanh toán khác.</translation>
    </message>
    <message>
        <source>Valid for %n day(s)</source>
        <translation>Hiệu lực %n ngày</translation>
    </message>
    <message>
        <source>VietQR bank transfer</source>
        <translation>Chuyển khoản VietQR</translation>
    </message>
    <message>
        <source>Where do you live?</source>
        <translation>Bạn sống ở đâu?</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Có, tôi cần thêm thời gian</translation>
    </message>
    <message>
        <source>Your session ends in %n s.</source>
        <translation>Phiên sẽ kết thúc sau %n giây.</translation>
    </message>
</context>
<context>
    <name>staff</name>
    <message>
        <source>Approve (demo)</source>
        <translation>Chấp nhận (mô phỏng)</translation>
    </message>
    <message>
        <source>Back in service.</source>
        <translation>Đã hoạt động trở lại.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <source>Card (demo)</source>
        <translation>Thẻ (mô phỏng)</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Giỏ hàng</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <source>Change to give</source>
        <translation>Tiền thối lại</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Counter sign-in</source>
        <translation>Đăng nhập quầy vé</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Decline (demo)</source>
        <translation>Từ chối (mô phỏng)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Device and sync status</source>
        <translation>Trạng thái thiết bị và đồng bộ</translation>
    </message>
    <message>
        <source>Exit kiosk</source>
        <translation>Thoát ứng dụng</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Bảo trì</translation>
    </message>
    <message>
        <source>No order to reprint.</source>
        <translation>Không có đơn hàng để in lại.</translation>
    </message>
    <message>
        <source>One group ticket</source>
        <translation>Một vé đoàn</translation>
    </message>
    <message>
        <source>Orders waiting to print</source>
        <translation>Đơn hàng chờ in</translation>
    </message>
    <message>
        <source>Uploads waiting for central</source>
        <translation>Dữ liệu chờ gửi lên máy chủ trung tâm</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Đồng bộ lần cuối</translation>
    </message>
    <message>
        <source>Last sync error</source>
        <translation>Lỗi đồng bộ gần nhất</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Tạm ngừng phục vụ</translation>
    </message>
    <message>
        <source>Paper replaced</source>
        <translation>Đã thay giấy</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Payment providers</source>
        <translation>Phương thức thanh toán</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Đã in</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <source>Printer status</source>
        <translation>Trạng thái máy in</translation>
    </message>
    <message>
        <source>Printing failed</source>
        <translation>In thất bại</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Reprint last</source>
        <translation>In lại đơn cuối</translation>
    </message>
    <message>
        <source>Reprint last order</source>
        <translation>In lại đơn hàng cuối</translation>
    </message>
    <message>
        <source>Selling</source>
        <translation>Đang bán vé</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Điểm di tích</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>Mã PIN nhân viên</translation>
    </message>
    <message>
        <source>Tendered</source>
        <translation>Khách đưa</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Trang in thử</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>In thử</translation>
    </message>
    <message>
        <source>The cart is empty.</source>
        <translation>Giỏ hàng trống.</translation>
    </message>
    <message>
        <source>The printer still reports a fault.</source>
        <translation>Máy in vẫn báo lỗi.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Void last</source>
        <translation>Hủy đơn cuối</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Waiting for payment…</source>
        <translation>Đang chờ thanh toán…</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Mã PIN không đúng.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>thất bại</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>đã in</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>sẵn sàng</translation>
    </message>
</context>
</TS>
