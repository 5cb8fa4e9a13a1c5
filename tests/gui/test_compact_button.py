"""CompactButton: as wide as any button where there is room, down to its text where not."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from socklab.gui.widgets.compact_button import CompactButton


def _row(qtbot, kind: type[QPushButton]) -> tuple[QWidget, list[QPushButton]]:
    window = QWidget()
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    buttons = []
    for text in ("Clear", "Copy", "&Save...", "Go", "Load capture..."):
        button = kind(window)
        button.setText(text)
        row.addWidget(button)
        buttons.append(button)
    window.show()
    qtbot.waitExposed(window)
    return window, buttons


def test_the_row_needs_less_room_than_plain_buttons_and_no_text_is_cut(qtbot) -> None:
    plain_window, _ = _row(qtbot, QPushButton)
    window, buttons = _row(qtbot, CompactButton)
    assert window.minimumSizeHint().width() < plain_window.minimumSizeHint().width()
    window.resize(window.minimumSizeHint().width(), 40)
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width())
    for button in buttons:
        text = button.text().replace("&", "")
        assert button.width() >= button.fontMetrics().horizontalAdvance(text), text


def test_with_room_each_button_is_as_wide_as_a_plain_one(qtbot) -> None:
    window, buttons = _row(qtbot, CompactButton)
    window.resize(1000, 40)
    qtbot.waitUntil(lambda: window.width() == 1000)
    for button in buttons:
        assert button.width() >= QPushButton(button.text()).sizeHint().width()
