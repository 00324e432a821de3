"""Scanner UI layer: today's entries and exits at this site and the occupancy against capacity
(``shared.stats.site_day``), with a warning from 80 % that is a word as well as a colour."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar

from shared.stats import SiteDay


class StatsBar(QFrame):
    """Object names: ``entries``, ``exits``, ``occupancy``, ``occupancyBar``, ``capacityWarning``."""

    def __init__(self) -> None:
        super().__init__()
        self.entries = QLabel()
        self.entries.setObjectName("entries")
        self.exits = QLabel()
        self.exits.setObjectName("exits")
        self.occupancy = QLabel()
        self.occupancy.setObjectName("occupancy")
        self.bar = QProgressBar()
        self.bar.setObjectName("occupancyBar")
        self.bar.setTextVisible(True)
        self.bar.setFormat("%p %")
        self.warning = QLabel()
        self.warning.setObjectName("capacityWarning")
        layout = QHBoxLayout(self)
        for w in (self.entries, self.exits, self.occupancy):
            w.setStyleSheet("font-size: 20px;")
            layout.addWidget(w)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.warning)
        self.show_day(None)

    def show_day(self, day: SiteDay | None) -> None:
        entries = day.entries if day else 0
        exits = day.exits if day else 0
        occupancy = day.occupancy if day else 0
        capacity = day.capacity if day else 0
        self.entries.setText(self.tr("In today: %1").replace("%1", str(entries)))
        self.exits.setText(self.tr("Out today: %1").replace("%1", str(exits)))
        self.occupancy.setText(
            self.tr("Inside: %1 / %2").replace("%1", str(occupancy)).replace("%2", str(capacity or "—"))
        )
        self.bar.setMaximum(max(capacity, 1))
        self.bar.setValue(min(occupancy, max(capacity, 1)))
        chunk = "#b3261e" if day is not None and day.warning else "#1b7a3a"
        self.bar.setStyleSheet(
            "QProgressBar { border: 1px solid #777; border-radius: 5px; background: #ddd; min-height: 24px;"
            " text-align: center; font-size: 16px; }"
            f" QProgressBar::chunk {{ background: {chunk}; border-radius: 4px; }}"
        )
        if day is not None and day.warning:
            self.warning.setText("⚠ " + self.tr("Near capacity"))
            self.warning.setStyleSheet("color: #b3261e; font-size: 20px; font-weight: bold;")
        else:
            self.warning.setText("")
