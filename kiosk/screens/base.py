"""Qt kiosk layer: the base of every visitor screen: a header with Back, the title, the high-contrast
and large-text toggles and Cancel, above a body the subclass fills in ``show_view``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.bridge import FlowBridge
from kiosk.flow import View
from kiosk.tr import t


def button(text: str, name: str, *, primary: bool = False, choice: bool = False) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    # Vertical Minimum: a button never shrinks below its text (multi-line choices stay whole).
    b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    if primary:
        b.setProperty("primary", True)
    if choice:
        b.setProperty("choice", True)
    return b


def fit_height(b: QPushButton, large_text: bool = False) -> QPushButton:
    """Make a multi-line button tall enough for all its lines (QSS padding included)."""
    lines = b.text().count("\n") + 1
    px = 30 if large_text else 22
    # A widget's own style sheet wins over the theme's generic QPushButton min-height.
    b.setStyleSheet(f"min-height: {int(lines * px * 1.4) + 8}px;")
    return b


def label(text: str = "", name: str = "", *, wrap: bool = True, center: bool = False) -> QLabel:
    lbl = QLabel(text)
    if name:
        lbl.setObjectName(name)
    lbl.setWordWrap(wrap)
    if center:
        lbl.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return lbl


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)


def touch_scroll(inner: QWidget) -> QScrollArea:
    """A scroll area that scrolls by dragging a finger (no scroll wheel, no hover)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(inner)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area


class Screen(QWidget):
    """A visitor screen. Subclasses build ``self.body`` and implement :meth:`show_view`."""

    show_back = True
    show_cancel = True

    def __init__(self, bridge: FlowBridge) -> None:
        super().__init__()
        self.bridge = bridge
        self.setObjectName(type(self).__name__)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 24)
        outer.setSpacing(16)
        header = QFrame()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(0, 0, 0, 8)
        self.back_button = button("", "back")
        self.back_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.back_button.clicked.connect(bridge.back)
        self.title = label("", "title")
        self.contrast_button = button("", "toggle_contrast")
        self.text_button = button("", "toggle_text")
        for b in (self.contrast_button, self.text_button):
            b.setCheckable(True)
            b.setProperty("toggle", True)
            b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.contrast_button.clicked.connect(lambda: bridge.flow.toggle_high_contrast())
        self.text_button.clicked.connect(lambda: bridge.flow.toggle_large_text())
        self.cancel_button = button("", "cancel")
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.cancel_button.clicked.connect(bridge.cancel)
        row.addWidget(self.back_button)
        row.addWidget(self.title, 1)
        row.addWidget(self.contrast_button)
        row.addWidget(self.text_button)
        row.addWidget(self.cancel_button)
        outer.addWidget(header)
        self.notice = label("", "notice")
        self.notice.hide()
        outer.addWidget(self.notice)
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        outer.addLayout(self.body, 1)

    def refresh(self, view: View) -> None:
        self.back_button.setVisible(self.show_back)
        self.cancel_button.setVisible(self.show_cancel)
        self.back_button.setText("← " + t("Back"))
        self.cancel_button.setText("✕ " + t("Cancel"))
        # A check mark as well as the colour says the toggle is on.
        self.contrast_button.setText(("✓ " if view.high_contrast else "◐ ") + t("High contrast"))
        self.text_button.setText(("✓ " if view.large_text else "A+ ") + t("Large text"))
        self.contrast_button.setChecked(view.high_contrast)
        self.text_button.setChecked(view.large_text)
        if view.notice is not None:
            self.notice.setText("⚠ " + view.notice.text)
            self.notice.show()
        else:
            self.notice.hide()
        self.show_view(view)

    def show_view(self, view: View) -> None:
        raise NotImplementedError
