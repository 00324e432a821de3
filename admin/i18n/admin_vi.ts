<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>AuditScreen</name>
    <message>
        <location filename="../screens/audit.py" line="31" />
        <source>Audit log</source>
        <translation>Nhật ký kiểm tra</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="34" />
        <location filename="../screens/audit.py" line="81" />
        <source>Person</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="36" />
        <source>Action (e.g. order.refund)</source>
        <translation>Thao tác (vd. order.refund)</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="38" />
        <source>Target contains</source>
        <translation>Đối tượng chứa</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="39" />
        <source>Dates</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="42" />
        <source>Filter</source>
        <translation>Lọc</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="81" />
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="81" />
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="81" />
        <source>Target</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="81" />
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
</context>
<context>
    <name>CatalogueScreen</name>
    <message>
        <location filename="../screens/catalogue.py" line="36" />
        <source>Catalogue</source>
        <translation>Danh mục</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="45" />
        <source>Save sites</source>
        <translation>Lưu các điểm</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="46" />
        <source>Save products and prices</source>
        <translation>Lưu sản phẩm và giá</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="47" />
        <source>Save slot capacities</source>
        <translation>Lưu sức chứa khung giờ</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="53" />
        <source> day(s)</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="55" />
        <source>Times, e.g. 19:00 20:30</source>
        <translation>Giờ, vd. 19:00 20:30</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="59" />
        <source>places: </source>
        <translation>chỗ: </translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="60" />
        <source>Add slots</source>
        <translation>Thêm khung giờ</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="66" />
        <source>Sites</source>
        <translation>Các điểm di tích</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="70" />
        <source>Products and prices</source>
        <translation>Sản phẩm và giá</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="74" />
        <source>Time slots of the selected product</source>
        <translation>Khung giờ của sản phẩm đã chọn</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="113" />
        <location filename="../screens/catalogue.py" line="129" />
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="114" />
        <location filename="../screens/catalogue.py" line="130" />
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="115" />
        <location filename="../screens/catalogue.py" line="274" />
        <source>Capacity</source>
        <translation>Sức chứa</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="116" />
        <source>Opens</source>
        <translation>Giờ mở cửa</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="117" />
        <source>Closes</source>
        <translation>Giờ đóng cửa</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="118" />
        <source>Latitude</source>
        <translation>Vĩ độ</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="119" />
        <source>Longitude</source>
        <translation>Kinh độ</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="320" />
        <source>%1 time slot(s) saved</source>
        <translation>Đã lưu %1 khung giờ</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="325" />
        <source>%1 time slot(s) added; existing ones kept</source>
        <translation>Đã thêm %1 khung giờ; giữ nguyên các khung giờ đã có</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="132" />
        <source>Valid days</source>
        <translation>Số ngày hiệu lực</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="133" />
        <source>On sale</source>
        <translation>Đang bán</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="134" />
        <source>Time slots</source>
        <translation>Khung giờ</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="219" />
        <source>%1 site(s) saved</source>
        <translation>Đã lưu %1 điểm di tích</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="257" />
        <source>%1 change(s) saved</source>
        <translation>Đã lưu %1 thay đổi</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="274" />
        <source>Starts</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="274" />
        <source>Minutes</source>
        <translation>Phút</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="274" />
        <source>Taken</source>
        <translation>Đã đặt</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="307" />
        <source>Select a product first</source>
        <translation>Hãy chọn một sản phẩm trước</translation>
    </message>
</context>
<context>
    <name>CityScreen</name>
    <message>
        <location filename="../screens/city.py" line="36" />
        <source>City</source>
        <translation>Thành phố</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="41" />
        <source>not configured</source>
        <translation>chưa cấu hình</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="50" />
        <source>Push now</source>
        <translation>Gửi ngay</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="53" />
        <source>NGSI-LD feed (CrowdFlowObserved, PointOfInterest, TourismPresenceObserved)</source>
        <translation>Dữ liệu NGSI-LD (CrowdFlowObserved, PointOfInterest, TourismPresenceObserved)</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="56" />
        <source>Context broker</source>
        <translation>Máy chủ dữ liệu (context broker)</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="57" />
        <source>Tenant (NGSILD-Tenant)</source>
        <translation>Tenant (NGSILD-Tenant)</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="58" />
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="59" />
        <source>Last push</source>
        <translation>Lần gửi gần nhất</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="60" />
        <source>Backlog</source>
        <translation>Tồn đọng</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="61" />
        <source>Last error</source>
        <translation>Lỗi gần nhất</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="62" />
        <source>Next retry</source>
        <translation>Lần thử lại tiếp theo</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="73" />
        <source>Write XLSX and PDF</source>
        <translation>Xuất XLSX và PDF</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="77" />
        <source>Monthly tourism report (Circular 18/2021/TT-BVHTTDL)</source>
        <translation>Báo cáo thống kê du lịch hằng tháng (Thông tư 18/2021/TT-BVHTTDL)</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="80" />
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="82" />
        <source>Year</source>
        <translation>Năm</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="105" />
        <source>due by %1</source>
        <translation>hạn nộp %1</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="114" />
        <source>never</source>
        <translation>chưa bao giờ</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="121" />
        <source>OK</source>
        <translation>Bình thường</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="121" />
        <source>Failing: retrying with backoff</source>
        <translation>Lỗi: đang thử lại với thời gian chờ tăng dần</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="133" />
        <source>Push failed, kept for retry: %1</source>
        <translation>Gửi lỗi, dữ liệu được giữ để thử lại: %1</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="135" />
        <source>%1 entities sent</source>
        <translation>Đã gửi %1 thực thể</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="145" />
        <source>Folder for the report</source>
        <translation>Thư mục lưu báo cáo</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="169" />
        <source>Saved %1</source>
        <translation>Đã lưu %1</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../screens/dashboard.py" line="33" />
        <source>Dashboard</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="49" />
        <source>Visitors per hour (entries, all sites)</source>
        <translation>Lượt khách theo giờ (lượt vào, mọi điểm)</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="56" />
        <source>Sales today</source>
        <translation>Bán hàng hôm nay</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="58" />
        <source>Orders</source>
        <translation>Đơn hàng</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="60" />
        <source>Tickets</source>
        <translation>Vé</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="62" />
        <source>Revenue</source>
        <translation>Doanh thu</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="66" />
        <source>Alerts</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="70" />
        <source>Sites today</source>
        <translation>Các điểm hôm nay</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="74" />
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="114" />
        <location filename="../screens/dashboard.py" line="137" />
        <source>Site</source>
        <translation>Điểm di tích</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="115" />
        <source>Entries</source>
        <translation>Lượt vào</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="116" />
        <source>Exits</source>
        <translation>Lượt ra</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="117" />
        <source>Inside</source>
        <translation>Đang ở trong</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="118" />
        <source>Capacity</source>
        <translation>Sức chứa</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="119" />
        <source>Load</source>
        <translation>Tỷ lệ lấp đầy</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="128" />
        <source>Occupancy at or above 80 % of capacity</source>
        <translation>Số khách đạt từ 80 % sức chứa</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="135" />
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="136" />
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="138" />
        <source>Last seen</source>
        <translation>Lần cuối hoạt động</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="139" />
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="140" />
        <source>Offline queue</source>
        <translation>Hàng đợi ngoại tuyến</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="147" />
        <source>never</source>
        <translation>chưa bao giờ</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="158" />
        <source>No alerts</source>
        <translation>Không có cảnh báo</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="160" />
        <source>Updated %1</source>
        <translation>Cập nhật lúc %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="165" />
        <source>Print failed: order %1</source>
        <translation>In lỗi: đơn %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="166" />
        <source>Scan conflicts after sync: %1</source>
        <translation>Xung đột quét vé sau đồng bộ: %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="167" />
        <source>Near capacity: %1</source>
        <translation>Gần đầy: %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="168" />
        <source>Time slot sold beyond its places: %1</source>
        <translation>Khung giờ bán vượt số chỗ: %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="169" />
        <source>Device needs attention: %1</source>
        <translation>Thiết bị cần kiểm tra: %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="178" />
        <source>Visitors</source>
        <translation>Lượt khách</translation>
    </message>
</context>
<context>
    <name>DevicesScreen</name>
    <message>
        <location filename="../screens/devices.py" line="31" />
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="36" />
        <source>Approve device</source>
        <translation>Duyệt thiết bị</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="37" />
        <source>Revoke device</source>
        <translation>Thu hồi thiết bị</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="38" />
        <source>Revoke key</source>
        <translation>Thu hồi khóa</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="40" />
        <source>Name for the selected device, e.g. Ticket office B, left</source>
        <translation>Tên cho thiết bị đã chọn, vd. Quầy vé B, bên trái</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="41" />
        <source>Rename</source>
        <translation>Đổi tên</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="43" />
        <source>New device id, e.g. gate-3</source>
        <translation>Mã thiết bị mới, vd. gate-3</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="48" />
        <source>Enrol</source>
        <translation>Đăng ký</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="49" />
        <source>Kiosks and counters enrol themselves: run citadel device enrol on them.</source>
        <translation>Ki-ốt và quầy bán vé tự đăng ký: hãy chạy citadel device enrol trên thiết bị đó.</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="100" />
        <source>no key</source>
        <translation>chưa có khóa</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="102" />
        <location filename="../screens/devices.py" line="141" />
        <source>revoked</source>
        <translation>đã thu hồi</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="103" />
        <location filename="../screens/devices.py" line="140" />
        <source>approved</source>
        <translation>đã duyệt</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="103" />
        <location filename="../screens/devices.py" line="139" />
        <source>waiting for approval</source>
        <translation>chờ duyệt</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="108" />
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="109" />
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="110" />
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="111" />
        <source>Site</source>
        <translation>Điểm di tích</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="112" />
        <source>Device state</source>
        <translation>Trạng thái thiết bị</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="113" />
        <source>Last seen</source>
        <translation>Lần cuối hoạt động</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="114" />
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="115" />
        <source>Offline queue</source>
        <translation>Hàng đợi ngoại tuyến</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="116" />
        <source>Key</source>
        <translation>Khóa</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="117" />
        <source>Key state</source>
        <translation>Trạng thái khóa</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="142" />
        <source>not enrolled</source>
        <translation>chưa đăng ký</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="156" />
        <location filename="../screens/devices.py" line="163" />
        <location filename="../screens/devices.py" line="178" />
        <source>Select a device first</source>
        <translation>Hãy chọn một thiết bị trước</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="166" />
        <source>Revoke device %1 and all its keys? Tickets it signs from now on will be refused.</source>
        <translation>Thu hồi thiết bị %1 và mọi khóa của nó? Vé do thiết bị này ký từ nay sẽ bị từ chối.</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="203" />
        <source>Select a key first</source>
        <translation>Hãy chọn một khóa trước</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="206" />
        <source>Revoke key %1? Tickets it signs from now on will be refused.</source>
        <translation>Thu hồi khóa %1? Vé ký bằng khóa này từ nay sẽ bị từ chối.</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="214" />
        <source>Done</source>
        <translation>Xong</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../screens/login.py" line="23" />
        <source>Citadel admin: sign in</source>
        <translation>Citadel quản trị: đăng nhập</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="25" />
        <source>First run: create the first manager</source>
        <translation>Lần chạy đầu: tạo người quản lý đầu tiên</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="25" />
        <location filename="../screens/login.py" line="34" />
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="34" />
        <source>Create manager</source>
        <translation>Tạo người quản lý</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="41" />
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="42" />
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="44" />
        <source>Repeat password</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="60" />
        <source>The passwords do not match</source>
        <translation>Hai mật khẩu không khớp</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="41" />
        <source>Citadel admin</source>
        <translation>Citadel quản trị</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="65" />
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="66" />
        <source>Cashier</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="67" />
        <source>Gate staff</source>
        <translation>Nhân viên cổng</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="70" />
        <source>Signed in: %1 (%2)</source>
        <translation>Đang đăng nhập: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="72" />
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../screens/map.py" line="40" />
        <source>No site has coordinates</source>
        <translation>Chưa có điểm nào có tọa độ</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="70" />
        <source>under 50 %</source>
        <translation>dưới 50 %</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="71" />
        <source>50-80 %</source>
        <translation>50-80 %</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="72" />
        <source>80 % or more</source>
        <translation>từ 80 % trở lên</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="73" />
        <source>no capacity set</source>
        <translation>chưa đặt sức chứa</translation>
    </message>
</context>
<context>
    <name>MapScreen</name>
    <message>
        <location filename="../screens/map.py" line="88" />
        <source>Map</source>
        <translation>Bản đồ</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="91" />
        <source>Offline map: positions from the sites' coordinates, no tiles</source>
        <translation>Bản đồ ngoại tuyến: vị trí theo tọa độ các điểm, không tải bản đồ nền</translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message>
        <location filename="../screens/orders.py" line="34" />
        <source>Orders</source>
        <translation>Đơn hàng</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="39" />
        <source>Order code or ticket number</source>
        <translation>Mã đơn hoặc số vé</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="40" />
        <source>On day</source>
        <translation>Trong ngày</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="43" />
        <source>Search</source>
        <translation>Tìm</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="54" />
        <source>Reason (kept in the audit log)</source>
        <translation>Lý do (ghi vào nhật ký)</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="55" />
        <source>Refund</source>
        <translation>Hoàn tiền</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="56" />
        <source>Void</source>
        <translation>Hủy đơn</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="60" />
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="61" />
        <source>Revoke ticket</source>
        <translation>Thu hồi vé</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="118" />
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="119" />
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="120" />
        <source>Created</source>
        <translation>Tạo lúc</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="121" />
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="122" />
        <source>Tickets</source>
        <translation>Vé</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="123" />
        <source>Payment</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="124" />
        <source>Country</source>
        <translation>Quốc gia</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="142" />
        <source>No order found</source>
        <translation>Không tìm thấy đơn hàng</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="161" />
        <location filename="../screens/orders.py" line="171" />
        <source>Ticket type</source>
        <translation>Loại vé</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="161" />
        <location filename="../screens/orders.py" line="172" />
        <source>Category</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="161" />
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="161" />
        <source>Unit price</source>
        <translation>Đơn giá</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="170" />
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="173" />
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="174" />
        <source>Persons</source>
        <translation>Số người</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="175" />
        <source>Printed</source>
        <translation>Đã in</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="176" />
        <source>Valid from</source>
        <translation>Hiệu lực từ</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="216" />
        <source>Refund %1 to the customer and revoke all its tickets?</source>
        <translation>Hoàn %1 cho khách và thu hồi mọi vé của đơn?</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="225" />
        <source>Refunded (%1)</source>
        <translation>Đã hoàn tiền (%1)</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="229" />
        <source>Void this order and revoke all its tickets?</source>
        <translation>Hủy đơn này và thu hồi mọi vé?</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="235" />
        <source>Order voided</source>
        <translation>Đã hủy đơn</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="243" />
        <source>Choose a printer first</source>
        <translation>Hãy chọn máy in trước</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="249" />
        <source>%1 ticket(s) printed</source>
        <translation>Đã in %1 vé</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="257" />
        <source>Select a ticket first</source>
        <translation>Hãy chọn một vé trước</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="261" />
        <source>Revoke ticket %1? Gates will refuse it.</source>
        <translation>Thu hồi vé %1? Cổng sẽ từ chối vé này.</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="268" />
        <source>Ticket revoked</source>
        <translation>Đã thu hồi vé</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <location filename="../screens/reports.py" line="39" />
        <source>Reports</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="49" />
        <source>Site</source>
        <translation>Điểm di tích</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="50" />
        <source>Ticket type</source>
        <translation>Loại vé</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="51" />
        <source>Category</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="52" />
        <source>Domestic / international</source>
        <translation>Nội địa / quốc tế</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="53" />
        <source>Country of residence</source>
        <translation>Quốc gia cư trú</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="54" />
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="55" />
        <source>Hour</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="56" />
        <source>Gate</source>
        <translation>Cổng</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="60" />
        <source>(nothing)</source>
        <translation>(không)</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="64" />
        <source>Show</source>
        <translation>Xem</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="78" />
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="80" />
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="82" />
        <source>Group by</source>
        <translation>Nhóm theo</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="84" />
        <source>then by</source>
        <translation>rồi theo</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="91" />
        <source>Export %1</source>
        <translation>Xuất %1</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="144" />
        <location filename="../screens/reports.py" line="145" />
        <source>Entries</source>
        <translation>Lượt vào</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="162" />
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="168" />
        <source>Show a report first</source>
        <translation>Hãy xem báo cáo trước</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="187" />
        <source>Saved %1</source>
        <translation>Đã lưu %1</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../screens/base.py" line="90" />
        <source>Unexpected error: %1</source>
        <translation>Lỗi không mong đợi: %1</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="100" />
        <source>Please confirm</source>
        <translation>Xin xác nhận</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="109" />
        <source>Your role may not do this</source>
        <translation>Vai trò của bạn không được làm việc này</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <location filename="../screens/users.py" line="28" />
        <source>Users</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="34" />
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="35" />
        <source>Cashier</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="36" />
        <source>Gate staff</source>
        <translation>Nhân viên cổng</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="39" />
        <location filename="../screens/users.py" line="83" />
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="41" />
        <source>Password (8 characters or more)</source>
        <translation>Mật khẩu (từ 8 ký tự)</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="46" />
        <source>Add user</source>
        <translation>Thêm người dùng</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="47" />
        <source>Give selected user this role</source>
        <translation>Gán vai trò này cho người đã chọn</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="48" />
        <source>Disable / enable</source>
        <translation>Khóa / mở</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="49" />
        <source>Set this password</source>
        <translation>Đặt mật khẩu này</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="53" />
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="84" />
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="85" />
        <source>Active</source>
        <translation>Hoạt động</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="86" />
        <source>Failed attempts</source>
        <translation>Số lần sai</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="87" />
        <source>Locked until</source>
        <translation>Khóa đến</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="93" />
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="93" />
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="110" />
        <source>Saved</source>
        <translation>Đã lưu</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="126" />
        <location filename="../screens/users.py" line="135" />
        <location filename="../screens/users.py" line="142" />
        <source>Select a user first</source>
        <translation>Hãy chọn một người dùng trước</translation>
    </message>
</context>
</TS>