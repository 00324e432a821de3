"""Scanner UI layer: the large verdict panel. Green with a tick or red with a cross, a one-word title,
and the reason in Vietnamese AND English (``Verdict.message``), plus the persons count for groups.
Colour is never the only cue: the glyph, the title and the text say the same thing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from scanner.gate import GateResult

ADMIT_BG = "#1b7a3a"
REFUSE_BG = "#b3261e"
EXIT_BG = "#1f5fa8"
IDLE_BG = "#3a3f44"


class VerdictPanel(QFrame):
    """Shows the last verdict. Object names: ``verdictIcon``, ``verdictTitle``, ``verdictVi``,
    ``verdictEn``, ``verdictPersons``; ``state`` is ``idle``, ``admitted``, ``exit`` or ``refused``."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("verdictPanel")
        self.state = "idle"
        self.icon = QLabel()
        self.icon.setObjectName("verdictIcon")
        self.title = QLabel()
        self.title.setObjectName("verdictTitle")
        self.vi = QLabel()
        self.vi.setObjectName("verdictVi")
        self.en = QLabel()
        self.en.setObjectName("verdictEn")
        self.persons = QLabel()
        self.persons.setObjectName("verdictPersons")
        layout = QVBoxLayout(self)
        for label, size in (
            (self.icon, 110),
            (self.title, 40),
            (self.vi, 30),
            (self.en, 24),
            (self.persons, 36),
        ):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setStyleSheet(
                f"color: white; font-size: {size}px; font-weight: bold; background: transparent;"
            )
            layout.addWidget(label)
        self.show_idle()

    def _paint(self, background: str) -> None:
        self.setStyleSheet(f"#verdictPanel {{ background: {background}; border-radius: 18px; }}")

    def show_idle(self) -> None:
        self.state = "idle"
        self._paint(IDLE_BG)
        self.icon.setText("▣")
        self.title.setText(self.tr("Show your ticket"))
        self.vi.setText("Vui lòng đưa mã QR vào camera")
        self.en.setText("Hold the QR code up to the camera")
        self.persons.setText("")

    def show_result(self, result: GateResult) -> None:
        verdict = result.verdict
        if not verdict.admitted:
            self.state, background, glyph = "refused", REFUSE_BG, "✗"
            title = self.tr("STOP: not admitted")
        elif verdict.code == "exit":
            self.state, background, glyph = "exit", EXIT_BG, "➜"
            title = self.tr("EXIT counted")
        else:
            self.state, background, glyph = "admitted", ADMIT_BG, "✓"
            title = self.tr("ADMITTED")
        self._paint(background)
        self.icon.setText(glyph)
        self.title.setText(title)
        self.vi.setText(result.messages["vi"])
        self.en.setText(result.messages["en"])
        if verdict.admitted and verdict.persons > 1:
            self.persons.setText(self.tr("Group: %n person(s)", "", verdict.persons))
        else:
            self.persons.setText("")
