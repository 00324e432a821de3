<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>GateWindow</name>
    <message>
        <location filename="../gate_window.py" line="33" />
        <source>Citadel gate</source>
        <translation>Cổng soát vé Citadel</translation>
    </message>
    <message>
        <location filename="../gate_window.py" line="34" />
        <source>No camera picture</source>
        <translation>Chưa có hình từ camera</translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <location filename="../maintenance_screen.py" line="30" />
        <source>Maintenance</source>
        <translation>Bảo trì</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="35" />
        <source>Staff PIN</source>
        <translation>Mã PIN nhân viên</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="36" />
        <source>Entry</source>
        <translation>Cổng vào</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="38" />
        <source>Exit</source>
        <translation>Cổng ra</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="44" />
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="46" />
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="86" />
        <source>Gate is now in ENTRY mode</source>
        <translation>Cổng đang ở chế độ VÀO</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="86" />
        <source>Gate is now in EXIT mode</source>
        <translation>Cổng đang ở chế độ RA</translation>
    </message>
</context>
<context>
    <name>ManualEntry</name>
    <message>
        <location filename="../manual_entry.py" line="18" />
        <source>Type a ticket code or number</source>
        <translation>Nhập mã vé hoặc số vé</translation>
    </message>
    <message>
        <location filename="../manual_entry.py" line="19" />
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
</context>
<context>
    <name>StatsBar</name>
    <message>
        <location filename="../stats_bar.py" line="40" />
        <source>In today: %1</source>
        <translation>Vào hôm nay: %1</translation>
    </message>
    <message>
        <location filename="../stats_bar.py" line="41" />
        <source>Out today: %1</source>
        <translation>Ra hôm nay: %1</translation>
    </message>
    <message>
        <location filename="../stats_bar.py" line="43" />
        <source>Inside: %1 / %2</source>
        <translation>Đang trong khu: %1 / %2</translation>
    </message>
    <message>
        <location filename="../stats_bar.py" line="48" />
        <source>Near capacity</source>
        <translation>Sắp đầy</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <location filename="../status_strip.py" line="27" />
        <source>Maintenance</source>
        <translation>Bảo trì</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="37" />
        <source>Mode: ENTRY</source>
        <translation>Chế độ: VÀO</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="37" />
        <source>Mode: EXIT</source>
        <translation>Chế độ: RA</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="44" />
        <source>Online: central</source>
        <translation>Trực tuyến: trung tâm</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="46" />
        <source>Central unreachable: %1/%2 peer gates</source>
        <translation>Mất kết nối trung tâm: %1/%2 cổng lân cận</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="49" />
        <source>Stand-alone: local database</source>
        <translation>Độc lập: cơ sở dữ liệu tại chỗ</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="51" />
        <source>Offline: checking locally</source>
        <translation>Ngoại tuyến: kiểm tra tại chỗ</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="54" />
        <source>Uploads waiting: %1</source>
        <translation>Chờ gửi: %1</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <location filename="../verdict_panel.py" line="59" />
        <source>Show your ticket</source>
        <translation>Mời xuất trình vé</translation>
    </message>
    <message>
        <location filename="../verdict_panel.py" line="68" />
        <source>STOP: not admitted</source>
        <translation>DỪNG LẠI: không được vào</translation>
    </message>
    <message>
        <location filename="../verdict_panel.py" line="71" />
        <source>EXIT counted</source>
        <translation>ĐÃ GHI NHẬN RA</translation>
    </message>
    <message>
        <location filename="../verdict_panel.py" line="74" />
        <source>ADMITTED</source>
        <translation>ĐƯỢC VÀO</translation>
    </message>
    <message numerus="yes">
        <location filename="../verdict_panel.py" line="81" />
        <source>Group: %n person(s)</source>
        <translation><numerusform>Đoàn: %n người</numerusform></translation>
    </message>
</context>
</TS>