"""The product as a whole: ``citadel demo``. It wires the kiosk, the gates and admin's exports together
for a demonstration and for the end-to-end test. It is the only package besides ``tests/`` and
``bench/`` that may import every app, and no app imports it."""
