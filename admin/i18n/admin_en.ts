<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AuditScreen</name>
    <message>
        <location filename="../screens/audit.py" line="31" />
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="34" />
        <location filename="../screens/audit.py" line="81" />
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="36" />
        <source>Action (e.g. order.refund)</source>
        <translation>Action (e.g. order.refund)</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="38" />
        <source>Target contains</source>
        <translation>Target contains</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="39" />
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="42" />
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="81" />
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="81" />
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="81" />
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../screens/audit.py" line="81" />
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>CatalogueScreen</name>
    <message>
        <location filename="../screens/catalogue.py" line="36" />
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="45" />
        <source>Save sites</source>
        <translation>Save sites</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="46" />
        <source>Save products and prices</source>
        <translation>Save products and prices</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="47" />
        <source>Save slot capacities</source>
        <translation>Save slot capacities</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="53" />
        <source> day(s)</source>
        <translation> day(s)</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="55" />
        <source>Times, e.g. 19:00 20:30</source>
        <translation>Times, e.g. 19:00 20:30</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="59" />
        <source>places: </source>
        <translation>places: </translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="60" />
        <source>Add slots</source>
        <translation>Add slots</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="66" />
        <source>Sites</source>
        <translation>Sites</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="70" />
        <source>Products and prices</source>
        <translation>Products and prices</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="74" />
        <source>Time slots of the selected product</source>
        <translation>Time slots of the selected product</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="113" />
        <location filename="../screens/catalogue.py" line="129" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="114" />
        <location filename="../screens/catalogue.py" line="130" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="115" />
        <location filename="../screens/catalogue.py" line="274" />
        <source>Capacity</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="116" />
        <source>Opens</source>
        <translation>Opens</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="117" />
        <source>Closes</source>
        <translation>Closes</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="118" />
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="119" />
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="320" />
        <source>%1 time slot(s) saved</source>
        <translation>%1 time slot(s) saved</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="325" />
        <source>%1 time slot(s) added; existing ones kept</source>
        <translation>%1 time slot(s) added; existing ones kept</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="132" />
        <source>Valid days</source>
        <translation>Valid days</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="133" />
        <source>On sale</source>
        <translation>On sale</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="134" />
        <source>Time slots</source>
        <translation>Time slots</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="219" />
        <source>%1 site(s) saved</source>
        <translation>%1 site(s) saved</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="257" />
        <source>%1 change(s) saved</source>
        <translation>%1 change(s) saved</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="274" />
        <source>Starts</source>
        <translation>Starts</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="274" />
        <source>Minutes</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="274" />
        <source>Taken</source>
        <translation>Taken</translation>
    </message>
    <message>
        <location filename="../screens/catalogue.py" line="307" />
        <source>Select a product first</source>
        <translation>Select a product first</translation>
    </message>
</context>
<context>
    <name>CityScreen</name>
    <message>
        <location filename="../screens/city.py" line="36" />
        <source>City</source>
        <translation>City</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="41" />
        <source>not configured</source>
        <translation>not configured</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="50" />
        <source>Push now</source>
        <translation>Push now</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="53" />
        <source>NGSI-LD feed (CrowdFlowObserved, PointOfInterest, TourismPresenceObserved)</source>
        <translation>NGSI-LD feed (CrowdFlowObserved, PointOfInterest, TourismPresenceObserved)</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="56" />
        <source>Context broker</source>
        <translation>Context broker</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="57" />
        <source>Tenant (NGSILD-Tenant)</source>
        <translation>Tenant (NGSILD-Tenant)</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="58" />
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="59" />
        <source>Last push</source>
        <translation>Last push</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="60" />
        <source>Backlog</source>
        <translation>Backlog</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="61" />
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="62" />
        <source>Next retry</source>
        <translation>Next retry</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="73" />
        <source>Write XLSX and PDF</source>
        <translation>Write XLSX and PDF</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="77" />
        <source>Monthly tourism report (Circular 18/2021/TT-BVHTTDL)</source>
        <translation>Monthly tourism report (Circular 18/2021/TT-BVHTTDL)</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="80" />
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="82" />
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="105" />
        <source>due by %1</source>
        <translation>due by %1</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="114" />
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="121" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="121" />
        <source>Failing: retrying with backoff</source>
        <translation>Failing: retrying with backoff</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="133" />
        <source>Push failed, kept for retry: %1</source>
        <translation>Push failed, kept for retry: %1</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="135" />
        <source>%1 entities sent</source>
        <translation>%1 entities sent</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="145" />
        <source>Folder for the report</source>
        <translation>Folder for the report</translation>
    </message>
    <message>
        <location filename="../screens/city.py" line="169" />
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../screens/dashboard.py" line="33" />
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="49" />
        <source>Visitors per hour (entries, all sites)</source>
        <translation>Visitors per hour (entries, all sites)</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="56" />
        <source>Sales today</source>
        <translation>Sales today</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="58" />
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="60" />
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="62" />
        <source>Revenue</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="66" />
        <source>Alerts</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="70" />
        <source>Sites today</source>
        <translation>Sites today</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="74" />
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="114" />
        <location filename="../screens/dashboard.py" line="137" />
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="115" />
        <source>Entries</source>
        <translation>Entries</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="116" />
        <source>Exits</source>
        <translation>Exits</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="117" />
        <source>Inside</source>
        <translation>Inside</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="118" />
        <source>Capacity</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="119" />
        <source>Load</source>
        <translation>Load</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="128" />
        <source>Occupancy at or above 80 % of capacity</source>
        <translation>Occupancy at or above 80 % of capacity</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="135" />
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="136" />
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="138" />
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="139" />
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="140" />
        <source>Offline queue</source>
        <translation>Offline queue</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="147" />
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="158" />
        <source>No alerts</source>
        <translation>No alerts</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="160" />
        <source>Updated %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="165" />
        <source>Print failed: order %1</source>
        <translation>Print failed: order %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="166" />
        <source>Scan conflicts after sync: %1</source>
        <translation>Scan conflicts after sync: %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="167" />
        <source>Near capacity: %1</source>
        <translation>Near capacity: %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="168" />
        <source>Time slot sold beyond its places: %1</source>
        <translation>Time slot sold beyond its places: %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="169" />
        <source>Device needs attention: %1</source>
        <translation>Device needs attention: %1</translation>
    </message>
    <message>
        <location filename="../screens/dashboard.py" line="178" />
        <source>Visitors</source>
        <translation>Visitors</translation>
    </message>
</context>
<context>
    <name>DevicesScreen</name>
    <message>
        <location filename="../screens/devices.py" line="31" />
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="36" />
        <source>Approve device</source>
        <translation>Approve device</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="37" />
        <source>Revoke device</source>
        <translation>Revoke device</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="38" />
        <source>Revoke key</source>
        <translation>Revoke key</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="40" />
        <source>Name for the selected device, e.g. Ticket office B, left</source>
        <translation>Name for the selected device, e.g. Ticket office B, left</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="41" />
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="43" />
        <source>New device id, e.g. gate-3</source>
        <translation>New device id, e.g. gate-3</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="48" />
        <source>Enrol</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="49" />
        <source>Kiosks and counters enrol themselves: run citadel device enrol on them.</source>
        <translation>Kiosks and counters enrol themselves: run citadel device enrol on them.</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="100" />
        <source>no key</source>
        <translation>no key</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="102" />
        <location filename="../screens/devices.py" line="141" />
        <source>revoked</source>
        <translation>revoked</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="103" />
        <location filename="../screens/devices.py" line="140" />
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="103" />
        <location filename="../screens/devices.py" line="139" />
        <source>waiting for approval</source>
        <translation>waiting for approval</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="108" />
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="109" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="110" />
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="111" />
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="112" />
        <source>Device state</source>
        <translation>Device state</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="113" />
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="114" />
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="115" />
        <source>Offline queue</source>
        <translation>Offline queue</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="116" />
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="117" />
        <source>Key state</source>
        <translation>Key state</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="142" />
        <source>not enrolled</source>
        <translation>not enrolled</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="156" />
        <location filename="../screens/devices.py" line="163" />
        <location filename="../screens/devices.py" line="178" />
        <source>Select a device first</source>
        <translation>Select a device first</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="166" />
        <source>Revoke device %1 and all its keys? Tickets it signs from now on will be refused.</source>
        <translation>Revoke device %1 and all its keys? Tickets it signs from now on will be refused.</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="203" />
        <source>Select a key first</source>
        <translation>Select a key first</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="206" />
        <source>Revoke key %1? Tickets it signs from now on will be refused.</source>
        <translation>Revoke key %1? Tickets it signs from now on will be refused.</translation>
    </message>
    <message>
        <location filename="../screens/devices.py" line="214" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../screens/login.py" line="23" />
        <source>Citadel admin: sign in</source>
        <translation>Citadel admin: sign in</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="25" />
        <source>First run: create the first manager</source>
        <translation>First run: create the first manager</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="25" />
        <location filename="../screens/login.py" line="34" />
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="34" />
        <source>Create manager</source>
        <translation>Create manager</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="41" />
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="42" />
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="44" />
        <source>Repeat password</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="60" />
        <source>The passwords do not match</source>
        <translation>The passwords do not match</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="41" />
        <source>Citadel admin</source>
        <translation>Citadel admin</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="65" />
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="66" />
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="67" />
        <source>Gate staff</source>
        <translation>Gate staff</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="70" />
        <source>Signed in: %1 (%2)</source>
        <translation>Signed in: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="72" />
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../screens/map.py" line="40" />
        <source>No site has coordinates</source>
        <translation>No site has coordinates</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="70" />
        <source>under 50 %</source>
        <translation>under 50 %</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="71" />
        <source>50-80 %</source>
        <translation>50-80 %</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="72" />
        <source>80 % or more</source>
        <translation>80 % or more</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="73" />
        <source>no capacity set</source>
        <translation>no capacity set</translation>
    </message>
</context>
<context>
    <name>MapScreen</name>
    <message>
        <location filename="../screens/map.py" line="88" />
        <source>Map</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../screens/map.py" line="91" />
        <source>Offline map: positions from the sites' coordinates, no tiles</source>
        <translation>Offline map: positions from the sites' coordinates, no tiles</translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message>
        <location filename="../screens/orders.py" line="34" />
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="39" />
        <source>Order code or ticket number</source>
        <translation>Order code or ticket number</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="40" />
        <source>On day</source>
        <translation>On day</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="43" />
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="54" />
        <source>Reason (kept in the audit log)</source>
        <translation>Reason (kept in the audit log)</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="55" />
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="56" />
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="60" />
        <source>Reprint</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="61" />
        <source>Revoke ticket</source>
        <translation>Revoke ticket</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="118" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="119" />
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="120" />
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="121" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="122" />
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="123" />
        <source>Payment</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="124" />
        <source>Country</source>
        <translation>Country</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="142" />
        <source>No order found</source>
        <translation>No order found</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="161" />
        <location filename="../screens/orders.py" line="171" />
        <source>Ticket type</source>
        <translation>Ticket type</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="161" />
        <location filename="../screens/orders.py" line="172" />
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="161" />
        <source>Quantity</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="161" />
        <source>Unit price</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="170" />
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="173" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="174" />
        <source>Persons</source>
        <translation>Persons</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="175" />
        <source>Printed</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="176" />
        <source>Valid from</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="216" />
        <source>Refund %1 to the customer and revoke all its tickets?</source>
        <translation>Refund %1 to the customer and revoke all its tickets?</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="225" />
        <source>Refunded (%1)</source>
        <translation>Refunded (%1)</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="229" />
        <source>Void this order and revoke all its tickets?</source>
        <translation>Void this order and revoke all its tickets?</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="235" />
        <source>Order voided</source>
        <translation>Order voided</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="243" />
        <source>Choose a printer first</source>
        <translation>Choose a printer first</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="249" />
        <source>%1 ticket(s) printed</source>
        <translation>%1 ticket(s) printed</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="257" />
        <source>Select a ticket first</source>
        <translation>Select a ticket first</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="261" />
        <source>Revoke ticket %1? Gates will refuse it.</source>
        <translation>Revoke ticket %1? Gates will refuse it.</translation>
    </message>
    <message>
        <location filename="../screens/orders.py" line="268" />
        <source>Ticket revoked</source>
        <translation>Ticket revoked</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <location filename="../screens/reports.py" line="39" />
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="49" />
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="50" />
        <source>Ticket type</source>
        <translation>Ticket type</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="51" />
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="52" />
        <source>Domestic / international</source>
        <translation>Domestic / international</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="53" />
        <source>Country of residence</source>
        <translation>Country of residence</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="54" />
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="55" />
        <source>Hour</source>
        <translation>Hour</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="56" />
        <source>Gate</source>
        <translation>Gate</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="60" />
        <source>(nothing)</source>
        <translation>(nothing)</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="64" />
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="78" />
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="80" />
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="82" />
        <source>Group by</source>
        <translation>Group by</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="84" />
        <source>then by</source>
        <translation>then by</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="91" />
        <source>Export %1</source>
        <translation>Export %1</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="144" />
        <location filename="../screens/reports.py" line="145" />
        <source>Entries</source>
        <translation>Entries</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="162" />
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="168" />
        <source>Show a report first</source>
        <translation>Show a report first</translation>
    </message>
    <message>
        <location filename="../screens/reports.py" line="187" />
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../screens/base.py" line="90" />
        <source>Unexpected error: %1</source>
        <translation>Unexpected error: %1</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="100" />
        <source>Please confirm</source>
        <translation>Please confirm</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="109" />
        <source>Your role may not do this</source>
        <translation>Your role may not do this</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <location filename="../screens/users.py" line="28" />
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="34" />
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="35" />
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="36" />
        <source>Gate staff</source>
        <translation>Gate staff</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="39" />
        <location filename="../screens/users.py" line="83" />
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="41" />
        <source>Password (8 characters or more)</source>
        <translation>Password (8 characters or more)</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="46" />
        <source>Add user</source>
        <translation>Add user</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="47" />
        <source>Give selected user this role</source>
        <translation>Give selected user this role</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="48" />
        <source>Disable / enable</source>
        <translation>Disable / enable</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="49" />
        <source>Set this password</source>
        <translation>Set this password</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="53" />
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="84" />
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="85" />
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="86" />
        <source>Failed attempts</source>
        <translation>Failed attempts</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="87" />
        <source>Locked until</source>
        <translation>Locked until</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="93" />
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="93" />
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="110" />
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../screens/users.py" line="126" />
        <location filename="../screens/users.py" line="135" />
        <location filename="../screens/users.py" line="142" />
        <source>Select a user first</source>
        <translation>Select a user first</translation>
    </message>
</context>
</TS>