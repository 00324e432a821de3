"""Qt kiosk layer: the QSS theme. Touch first: every control is at least 64 px tall (48 px minimum
asked), type is large, nothing depends on hover, and states are shown by text and borders as well as
colour. ``high_contrast`` switches to white on black with yellow focus; ``large_text`` scales type up."""

from __future__ import annotations

MIN_TOUCH_PX = 64


def stylesheet(*, high_contrast: bool = False, large_text: bool = False) -> str:
    base = 30 if large_text else 22
    title = int(base * 1.6)
    if high_contrast:
        bg, fg, panel, accent, accent_fg, border, muted = (
            "#000000",
            "#FFFFFF",
            "#000000",
            "#FFE000",
            "#000000",
            "#FFFFFF",
            "#FFFFFF",
        )
    else:
        bg, fg, panel, accent, accent_fg, border, muted = (
            "#F7F1E3",
            "#1B1B1B",
            "#FFFFFF",
            "#7A1F1F",
            "#FFFFFF",
            "#7A5C2E",
            "#4A4A4A",
        )
    return f"""
QWidget {{ background: {bg}; color: {fg}; font-size: {base}px; }}
QLabel#title {{ font-size: {title}px; font-weight: bold; }}
QLabel#subtitle, QLabel#reason {{ font-size: {int(base * 1.2)}px; font-weight: bold; }}
QLabel#muted {{ color: {muted}; }}
QLabel#notice, QLabel#maintenance_status, QLabel#counter_status {{
    background: {panel}; border: 3px solid {accent}; border-radius: 8px; padding: 12px; font-weight: bold; }}
QLabel#big, QLabel#order_code, QLabel#countdown, QLabel[count="true"] {{
    font-size: {int(base * 2)}px; font-weight: bold; }}
QPushButton {{ background: {panel}; color: {fg}; border: 3px solid {border}; border-radius: 12px;
    padding: 12px 20px; min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px; text-align: center; }}
QPushButton:pressed {{ background: {accent}; color: {accent_fg}; }}
QPushButton:disabled {{ color: {muted}; border-style: dashed; }}
QPushButton[primary="true"] {{
    background: {accent}; color: {accent_fg}; font-weight: bold; border-color: {fg}; }}
QPushButton[choice="true"] {{ text-align: left; }}
QPushButton[toggle="true"] {{
    min-height: 56px; padding: 6px 12px; font-size: {max(18, base - 4)}px; }}
QPushButton[toggle="true"]:checked {{ background: {accent}; color: {accent_fg}; border-width: 4px; }}
QLineEdit {{ background: {panel}; border: 3px solid {border}; border-radius: 8px; padding: 8px;
             min-height: {MIN_TOUCH_PX - 20}px; }}
QProgressBar {{ border: 3px solid {border}; border-radius: 8px; min-height: 48px; text-align: center;
                background: {panel}; }}
QProgressBar::chunk {{ background: {accent}; }}
QScrollBar:vertical {{ width: 28px; }}
QFrame#overlay {{ background: rgba(0, 0, 0, 170); }}
QFrame#overlayBox {{ background: {panel}; border: 4px solid {accent}; border-radius: 16px; }}
QFrame#overlayBox QLabel {{ background: transparent; }}
QFrame#header {{ border-bottom: 3px solid {border}; }}
"""
