"""What a tab keeps between runs: its own settings fields (each tab names them
in :meth:`~socklab.gui.tabs.frame.TabFrame.kept_fields`), the payload (text,
mode, encoding, line ending), the payloads it sent (its history) and how its
log shows rows. A stale or hand-edited
value is passed over, never an error; a missing one leaves the field as built.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from socklab.gui.widgets.fields import chosen_host, select_host
from socklab.gui.widgets.log_pane import LogPane
from socklab.gui.widgets.payload_editor import PayloadEditor


def save_view(settings: QSettings, editor: PayloadEditor, log: LogPane) -> None:
    settings.setValue("payload", editor.state())
    settings.setValue("payload_history", editor.history.to_text())
    settings.setValue("display", [log.model.display_mode, log.model.display_encoding])
    settings.setValue("max_rows", log.model.max_rows)


def load_view(settings: QSettings, editor: PayloadEditor, log: LogPane) -> None:
    state = settings.value("payload")
    if isinstance(state, dict):
        editor.restore(state)
    editor.history.restore(settings.value("payload_history"))
    with contextlib.suppress(TypeError, ValueError):
        log.set_max_rows(int(settings.value("max_rows", log.model.max_rows)))
    display = settings.value("display")
    if isinstance(display, list) and len(display) == 2:
        with contextlib.suppress(ValueError):
            log.set_display(str(display[0]), str(display[1]))


def save_fields(settings: QSettings, fields: Mapping[str, QWidget]) -> None:
    """Keep each field's value under its key."""
    for key, widget in fields.items():
        settings.setValue(key, field_value(widget))


def load_fields(settings: QSettings, fields: Mapping[str, QWidget]) -> None:
    """Put each kept value back in its field."""
    for key, widget in fields.items():
        value = settings.value(key)
        if value is not None:
            with contextlib.suppress(TypeError, ValueError):
                restore_field(widget, value)


def field_value(widget: QWidget) -> object:
    """What a settings field holds, as it is kept: text, number, flag or choice."""
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QComboBox):  # an address list takes typed text too
        return chosen_host(widget) if widget.isEditable() else widget.currentData()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(f"no kept value for a {type(widget).__name__}")


def restore_field(widget: QWidget, value: object) -> None:
    """Show a kept ``value`` (as QSettings reads it back: often a string) in ``widget``."""
    if isinstance(widget, QCheckBox):
        widget.setChecked(value in (True, "true"))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))  # type: ignore[call-overload]
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(value))  # type: ignore[arg-type]
    elif isinstance(widget, QComboBox) and widget.isEditable():
        select_host(widget, str(value))
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QLineEdit):
        widget.setText(str(value))
    else:
        raise TypeError(f"no kept value for a {type(widget).__name__}")
