"""What every tab keeps between runs besides its own fields: the payload (text,
mode, encoding, line ending) and how its log shows rows. A stale or hand-edited
value is passed over, never an error.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QSettings

from socklab.gui.widgets.log_pane import LogPane
from socklab.gui.widgets.payload_editor import PayloadEditor


def save_view(settings: QSettings, editor: PayloadEditor, log: LogPane) -> None:
    settings.setValue("payload", editor.state())
    settings.setValue("display", [log.model.display_mode, log.model.display_encoding])
    settings.setValue("max_rows", log.model.max_rows)


def load_view(settings: QSettings, editor: PayloadEditor, log: LogPane) -> None:
    state = settings.value("payload")
    if isinstance(state, dict):
        editor.restore(state)
    with contextlib.suppress(TypeError, ValueError):
        log.set_max_rows(int(settings.value("max_rows", log.model.max_rows)))
    display = settings.value("display")
    if isinstance(display, list) and len(display) == 2:
        with contextlib.suppress(ValueError):
            log.set_display(str(display[0]), str(display[1]))
