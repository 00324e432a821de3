"""Scanner UI layer (PySide6): the gate window. One screen is one class in one file:

- :mod:`.bridge`: ``GateBridge``, the thin QObject that runs the Qt-free controller's work on worker
  threads (decoding never runs on the GUI thread) and re-emits its callbacks as signals;
- :mod:`.verdict_panel`, :mod:`.stats_bar`, :mod:`.status_strip`, :mod:`.manual_entry`: parts of the window;
- :mod:`.maintenance_screen`: entry/exit mode behind the staff PIN;
- :mod:`.gate_window`: the fullscreen window; :mod:`.run`: ``run_window`` for ``citadel-gate``.

Qt Linguist catalogues for the window's own strings are in ``i18n/`` (``gate_vi.ts``, ``gate_en.ts``);
verdict reasons come from the core (``Verdict.message``) in Vietnamese AND English side by side.
"""
