<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>GateWindow</name>
    <message>
        <location filename="../gate_window.py" line="33" />
        <source>Citadel gate</source>
        <translation>Citadel gate</translation>
    </message>
    <message>
        <location filename="../gate_window.py" line="34" />
        <source>No camera picture</source>
        <translation>No camera picture</translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <location filename="../maintenance_screen.py" line="30" />
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="35" />
        <source>Staff PIN</source>
        <translation>Staff PIN</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="36" />
        <source>Entry</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="38" />
        <source>Exit</source>
        <translation>Exit</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="44" />
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="46" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="86" />
        <source>Gate is now in ENTRY mode</source>
        <translation>Gate is now in ENTRY mode</translation>
    </message>
    <message>
        <location filename="../maintenance_screen.py" line="86" />
        <source>Gate is now in EXIT mode</source>
        <translation>Gate is now in EXIT mode</translation>
    </message>
</context>
<context>
    <name>ManualEntry</name>
    <message>
        <location filename="../manual_entry.py" line="18" />
        <source>Type a ticket code or number</source>
        <translation>Type a ticket code or number</translation>
    </message>
    <message>
        <location filename="../manual_entry.py" line="19" />
        <source>Check</source>
        <translation>Check</translation>
    </message>
</context>
<context>
    <name>StatsBar</name>
    <message>
        <location filename="../stats_bar.py" line="40" />
        <source>In today: %1</source>
        <translation>In today: %1</translation>
    </message>
    <message>
        <location filename="../stats_bar.py" line="41" />
        <source>Out today: %1</source>
        <translation>Out today: %1</translation>
    </message>
    <message>
        <location filename="../stats_bar.py" line="43" />
        <source>Inside: %1 / %2</source>
        <translation>Inside: %1 / %2</translation>
    </message>
    <message>
        <location filename="../stats_bar.py" line="48" />
        <source>Near capacity</source>
        <translation>Near capacity</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <location filename="../status_strip.py" line="27" />
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="37" />
        <source>Mode: ENTRY</source>
        <translation>Mode: ENTRY</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="37" />
        <source>Mode: EXIT</source>
        <translation>Mode: EXIT</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="44" />
        <source>Online: central</source>
        <translation>Online: central</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="46" />
        <source>Central unreachable: %1/%2 peer gates</source>
        <translation>Central unreachable: %1/%2 peer gates</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="49" />
        <source>Stand-alone: local database</source>
        <translation>Stand-alone: local database</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="51" />
        <source>Offline: checking locally</source>
        <translation>Offline: checking locally</translation>
    </message>
    <message>
        <location filename="../status_strip.py" line="54" />
        <source>Uploads waiting: %1</source>
        <translation>Uploads waiting: %1</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <location filename="../verdict_panel.py" line="59" />
        <source>Show your ticket</source>
        <translation>Show your ticket</translation>
    </message>
    <message>
        <location filename="../verdict_panel.py" line="68" />
        <source>STOP: not admitted</source>
        <translation>STOP: not admitted</translation>
    </message>
    <message>
        <location filename="../verdict_panel.py" line="71" />
        <source>EXIT counted</source>
        <translation>EXIT counted</translation>
    </message>
    <message>
        <location filename="../verdict_panel.py" line="74" />
        <source>ADMITTED</source>
        <translation>ADMITTED</translation>
    </message>
    <message numerus="yes">
        <location filename="../verdict_panel.py" line="81" />
        <source>Group: %n person(s)</source>
        <translation><numerusform>Group: %n person</numerusform><numerusform>Group: %n persons</numerusform></translation>
    </message>
</context>
</TS>