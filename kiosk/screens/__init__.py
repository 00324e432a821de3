"""Qt kiosk layer: the screens, one class per file. Each draws itself from a :class:`kiosk.flow.View`
and calls the :class:`kiosk.bridge.FlowBridge`; none touches the database, provider or printer."""
