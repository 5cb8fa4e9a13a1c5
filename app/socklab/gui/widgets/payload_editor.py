"""The payload editor: where the user types what to send, in every tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from socklab.core import (
    ENCODINGS,
    LineEnding,
    Mode,
    PayloadError,
    checksums,
    encode,
    template,
    to_hex,
    to_text,
)
from socklab.gui.fonts import monospace
from socklab.gui.tones import Tone, colour, paint_text
from socklab.gui.widgets.fields import mark_invalid
from socklab.gui.widgets.payload_history import Entry, PayloadHistory

# Names shown for the encodings; the item data stays the codec name.
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "gbk": "GBK",
    "gb18030": "GB18030",
    "big5": "Big5",
    "latin-1": "Latin-1",
    "ascii": "ASCII",
    "utf-16": "UTF-16 (LE)",
}

# Above this many characters, validation waits for a pause in typing.
_DEBOUNCE_CHARS = 20_000
_DEBOUNCE_MS = 100

# Qt wraps one huge line very slowly (seconds for 300k characters): above this
# many characters the field stops wrapping, and wraps again below half of it.
_WRAP_LIMIT = 50_000

_SEND_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

#: How much of a payload the history menu shows.
_HISTORY_SHOWN = 60


def _is_send_key(event: QKeyEvent) -> bool:
    """Ctrl+Return or Ctrl+Enter (keypad), nothing else held but the keypad flag."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() in _SEND_KEYS and mods == Qt.KeyboardModifier.ControlModifier


class _PayloadTextEdit(QPlainTextEdit):
    """A plain-text field that pastes plain text only and reports Ctrl+Return,
    and Up on its first line / Down on its last (the history, as in a shell).

    Signals: ``sendKeyPressed()``, ``historyUp()``, ``historyDown()``.
    """

    sendKeyPressed = Signal()  # noqa: N815
    historyUp = Signal()  # noqa: N815
    historyDown = Signal()  # noqa: N815

    def event(self, e: QEvent) -> bool:
        # Claim Ctrl+Return while focused, before any window-wide shortcut does.
        if e.type() == QEvent.Type.ShortcutOverride and _is_send_key(e):  # type: ignore[arg-type]
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802
        if _is_send_key(e):
            e.accept()
            self.sendKeyPressed.emit()
            return
        step = self._history_step(e)
        if step is not None:
            e.accept()
            step.emit()
            return
        super().keyPressEvent(e)

    def _history_step(self, e: QKeyEvent) -> Any:
        """historyUp for Up with the caret on the first line, historyDown for Down
        on the last (no modifier, no selection); None otherwise."""
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        keys = {Qt.Key.Key_Up: QTextCursor.MoveOperation.Up}
        keys[Qt.Key.Key_Down] = QTextCursor.MoveOperation.Down
        if e.key() not in keys or mods != Qt.KeyboardModifier.NoModifier:
            return None
        cursor = self.textCursor()
        if cursor.hasSelection():
            return None
        probe = QTextCursor(cursor)
        if probe.movePosition(keys[e.key()]):  # another line to go to first
            return None
        return self.historyUp if e.key() == Qt.Key.Key_Up else self.historyDown

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Two lines of text at least (Qt's default asks for about four): on a
        1024 x 768 projector the editor gives way before the settings do."""
        hint = super().minimumSizeHint()
        frame = self.frameWidth() * 2
        margins = int(self.document().documentMargin() * 2)
        two_lines = self.fontMetrics().lineSpacing() * 2 + frame + margins
        return QSize(hint.width(), min(hint.height(), two_lines))

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802
        return source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        # Only the plain text of what is pasted or dropped: never HTML or images.
        if source.hasText():
            text = source.text()
            cursor = self.textCursor()
            selected = cursor.selectionEnd() - cursor.selectionStart()
            self.fit_wrap(self.document().characterCount() + len(text) - selected)
            cursor.insertText(text)
            self.ensureCursorVisible()

    def fit_wrap(self, chars: int) -> None:
        """Wrap lines unless the text (``chars`` long) is too large to wrap quickly."""
        wrap = self.lineWrapMode()
        if chars > _WRAP_LIMIT:
            wrap = QPlainTextEdit.LineWrapMode.NoWrap
        elif chars < _WRAP_LIMIT // 2:
            wrap = QPlainTextEdit.LineWrapMode.WidgetWidth
        if wrap != self.lineWrapMode():
            self.setLineWrapMode(wrap)


class PayloadEditor(QWidget):
    """Text field, mode / encoding / line-ending choices and a Send button.

    Validates what is typed on every edit with ``socklab.core.payload.encode``;
    Send is enabled only while the payload is valid and the tab allows sending.
    With template fields on, the text's ``{{fields}}`` are expanded at each
    send (``socklab.core.template``; the counter is this editor's, reset by
    :meth:`reset_counter` for a new session) and a line under the field
    previews the next send.

    Each payload sent is remembered (:attr:`history`, the last 100): Up on the
    field's first line and Down on its last walk through them, and the
    ``payloadHistory`` button lists them.

    Signals:
        sendRequested(bytes): Send clicked (or Ctrl+Return in the field) with a
            valid payload; carries the encoded bytes.
        validityChanged(bool): the payload became valid or invalid.
        checksumChanged(str): another checksum was chosen (its name in
            ``socklab.core.checksums.CHECKSUMS``; "" for none).
    """

    sendRequested = Signal(bytes)  # noqa: N815
    validityChanged = Signal(bool)  # noqa: N815
    checksumChanged = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True) -> None:
        super().__init__(parent)
        self._allow_empty = allow_empty
        self._send_allowed = True
        self._max_size: int | None = None
        self._max_message = ""
        self._valid = True
        self._error: PayloadError | None = None
        self._size: int | None = 0

        self.edit = _PayloadTextEdit(self)
        self.edit.setObjectName("payloadEdit")
        self.edit.setFont(monospace())
        self.edit.setProperty("invalid", False)

        self.mode_label = QLabel(self)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("payloadMode")
        for mode in (Mode.TEXT, Mode.HEX, Mode.ESCAPES):
            self.mode_combo.addItem("", mode)
        self.mode_label.setBuddy(self.mode_combo)

        self.encoding_label = QLabel(self)
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.setObjectName("encoding")
        for name in ENCODINGS:
            self.encoding_combo.addItem(_ENCODING_NAMES.get(name, name), name)
        self.encoding_label.setBuddy(self.encoding_combo)

        self.line_ending_label = QLabel(self)
        self.line_ending_combo = QComboBox(self)
        self.line_ending_combo.setObjectName("lineEnding")
        for ending in (LineEnding.NONE, LineEnding.LF, LineEnding.CRLF):
            self.line_ending_combo.addItem("", ending)
        self.line_ending_label.setBuddy(self.line_ending_combo)

        self.checksum_label = QLabel(self)
        self.checksum_combo = QComboBox(self)
        self.checksum_combo.setObjectName("appendChecksum")
        self.checksum_combo.addItem("", "")
        for algorithm in checksums.CHECKSUMS.values():
            self.checksum_combo.addItem(algorithm.label, algorithm.name)
        self.checksum_label.setBuddy(self.checksum_combo)

        self.template_check = QCheckBox(self)
        self.template_check.setObjectName("templateFields")
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("templatePreview")
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setFont(monospace())
        # A long preview is cut at the editor's edge, never widens the window.
        self.preview_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.preview_label.hide()
        self._counter = template.SendCounter()
        self._template: template.Template | None = None  # parsed, while fields are on
        self._previewed: int | None = None  # the counter value the preview shows

        self.size_label = QLabel(self)
        self.size_label.setObjectName("payloadSize")
        self.size_label.setTextFormat(Qt.TextFormat.PlainText)
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.history = PayloadHistory(self)
        self.history_button = QToolButton(self)
        self.history_button.setObjectName("payloadHistory")
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.history_menu = QMenu(self.history_button)
        self.history_menu.setObjectName("payloadHistoryMenu")
        self.history_button.setMenu(self.history_menu)
        self.history_menu.aboutToShow.connect(self._fill_history_menu)
        self.history.changed.connect(self._history_changed)

        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(False)
        self.send_button.setAutoDefault(False)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("payloadError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        paint_text(self.error_label, Tone.ERROR)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.error_label.hide()

        options = QHBoxLayout()
        self._options_row = options
        options.setContentsMargins(0, 0, 0, 0)
        for label, combo in (
            (self.mode_label, self.mode_combo),
            (self.encoding_label, self.encoding_combo),
            (self.line_ending_label, self.line_ending_combo),
        ):
            options.addWidget(label)
            options.addWidget(combo)
        options.addStretch(1)
        options.addWidget(self.history_button)
        options.addWidget(self.size_label)
        options.addWidget(self.send_button)

        # Under the field: what is done to the typed bytes on each send.
        extras = QHBoxLayout()
        self._extras_row = extras
        extras.setContentsMargins(0, 0, 0, 0)
        extras.addWidget(self.checksum_label)
        extras.addWidget(self.checksum_combo)
        extras.addWidget(self.template_check)
        extras.addWidget(self.preview_label, 1)
        extras.addStretch(0)  # the room left while the preview is hidden

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(options)
        layout.addWidget(self.edit, 1)
        layout.addLayout(extras)
        layout.addWidget(self.error_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_DEBOUNCE_MS)
        self._timer.timeout.connect(self._validate)

        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.sendKeyPressed.connect(self._request_send)
        self.edit.historyUp.connect(self.history_back)
        self.edit.historyDown.connect(self.history_forward)
        self.send_button.clicked.connect(self._request_send)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_changed)
        self.encoding_combo.currentIndexChanged.connect(self._validate)
        self.line_ending_combo.currentIndexChanged.connect(self._validate)
        self.checksum_combo.currentIndexChanged.connect(self._on_checksum_changed)
        self.template_check.toggled.connect(self._validate)

        self.retranslate()
        self._on_mode_changed()
        self._history_changed()

    # ----------------------------------------------------------------- public

    def text(self) -> str:
        """What is typed, exactly (no-break spaces kept, line breaks as ``\\n``)."""
        raw = self.edit.document().toRawText()
        return raw.replace("\u2029", "\n").replace("\u2028", "\n")

    def set_text(self, text: str) -> None:
        """Replace what is typed."""
        self.edit.fit_wrap(len(text))
        self.edit.setPlainText(text)
        self._validate()

    def mode(self) -> Mode:
        """The chosen input mode."""
        return Mode(self.mode_combo.currentData())

    def set_mode(self, mode: Mode | str) -> None:
        """Choose the input mode (a ``Mode`` or its value)."""
        self._select(self.mode_combo, Mode(mode))

    def encoding(self) -> str:
        """The chosen text encoding (a codec name from ``ENCODINGS``)."""
        return str(self.encoding_combo.currentData())

    def set_encoding(self, encoding: str) -> None:
        """Choose the text encoding (one of ``ENCODINGS``)."""
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown encoding: {encoding!r}")
        self._select(self.encoding_combo, encoding)

    def line_ending(self) -> LineEnding:
        """The chosen line ending, appended to every payload."""
        return LineEnding(self.line_ending_combo.currentData())

    def set_line_ending(self, ending: LineEnding) -> None:
        """Choose the line ending appended to every payload."""
        self._select(self.line_ending_combo, LineEnding(ending))

    def checksum(self) -> str:
        """The checksum appended to every payload (a name in ``CHECKSUMS``; "" for none)."""
        return str(self.checksum_combo.currentData() or "")

    def set_checksum(self, name: str | None) -> None:
        """Append the checksum ``name`` (a key of ``CHECKSUMS``; None or "": none)."""
        self._select(self.checksum_combo, name or "")

    def payload(self) -> bytes:
        """The encoded payload (with template fields: as the next send would
        expand them, without using up the counter); raises ``PayloadError``
        while it is invalid."""
        return self._encode()

    def templates_on(self) -> bool:
        """Whether ``{{fields}}`` are expanded at each send."""
        return self.template_check.isChecked()

    def set_templates_on(self, on: bool) -> None:
        """Turn template fields on or off."""
        self.template_check.setChecked(bool(on))

    def take_payload(self) -> bytes:
        """The bytes of one send: with template fields, expanded with the next
        counter value, which is used up. Raises ``PayloadError`` while invalid."""
        source = self.payload_source()
        return source() if callable(source) else source

    def payload_source(self) -> bytes | Callable[[], bytes]:
        """What a repeat-send sends: the bytes, or (template fields in the text)
        a function giving each send's bytes, callable from any thread. Raises
        ``PayloadError`` while the payload is invalid."""
        data = self._encode()
        parsed = self._template
        if parsed is None or not parsed.has_fields:
            return data
        counter, name = self._counter, self.checksum()
        encoder = self._encoder()
        hex_mode = self.mode() == Mode.HEX

        def next_payload() -> bytes:
            body = template.expand(parsed, counter.take(), encoder, hex_mode=hex_mode)
            return checksums.append(body, name)

        return next_payload

    def reset_counter(self) -> None:
        """Number the next send 1 again (a new session)."""
        self._counter.reset()
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Show the next send's expansion again if the counter moved since."""
        if self._template is not None and self._previewed != self._counter.peek():
            self._validate()

    def is_valid(self) -> bool:
        """Whether what is typed can be sent."""
        self._flush()
        return self._valid

    def error(self) -> PayloadError | None:
        """Why the payload is invalid, or None."""
        self._flush()
        return self._error

    def add_button(self, button: QWidget) -> None:
        """Put another action (e.g. "Send to all") next to the Send button."""
        self._options_row.addWidget(button)

    def set_send_enabled(self, enabled: bool) -> None:
        """Let the tab allow or forbid sending (e.g. while not connected)."""
        self._send_allowed = bool(enabled)
        self._update_button()

    def send_enabled(self) -> bool:
        """Whether the tab allows sending (whatever the payload)."""
        return self._send_allowed

    def set_allow_empty(self, allow: bool) -> None:
        """Whether an empty payload (0 bytes) may be sent."""
        self._allow_empty = bool(allow)
        self._validate()

    def set_max_size(self, n: int | None, message: str = "") -> None:
        """Refuse payloads above ``n`` bytes with ``message`` (None: no limit)."""
        if n is not None and n < 0:
            raise ValueError("the maximum size cannot be negative")
        self._max_size = n
        self._max_message = message
        self._validate()

    def state(self) -> dict[str, Any]:
        """What to persist: text, mode, encoding and line ending (plain strings)."""
        return {
            "text": self.text(),
            "mode": self.mode().value,
            "encoding": self.encoding(),
            "line_ending": self.line_ending().name,
            "checksum": self.checksum(),
            "templates": "on" if self.templates_on() else "off",
        }

    def restore(self, state: dict[str, Any] | None) -> None:
        """Restore ``state()``; unknown or missing entries are left as they are."""
        if not state:
            return
        mode = state.get("mode")
        if mode in {m.value for m in Mode}:
            self.set_mode(Mode(mode))
        encoding = state.get("encoding")
        if encoding in ENCODINGS:
            self.set_encoding(str(encoding))
        ending = state.get("line_ending")
        if isinstance(ending, str) and ending in LineEnding.__members__:
            self.set_line_ending(LineEnding[ending])
        self.set_templates_on(state.get("templates") == "on")
        name = state.get("checksum")
        if isinstance(name, str) and (not name or name in checksums.CHECKSUMS):
            self.set_checksum(name)
        text = state.get("text")
        if isinstance(text, str):
            self.set_text(text)
        self._validate()

    def retranslate(self) -> None:
        """Set every visible string in the current language."""
        self.mode_label.setText(self.tr("&Mode:"))
        mode_names = {
            Mode.TEXT: self.tr("Text"),
            Mode.HEX: self.tr("Hex"),
            Mode.ESCAPES: self.tr("Escapes"),
        }
        mode_tips = {
            Mode.TEXT: self.tr("Send the text as typed, in the chosen encoding."),
            Mode.HEX: self.tr("Hex digits, two per byte; spaces allowed: 48 65 6c 6c 6f"),
            Mode.ESCAPES: self.tr("Text with escapes such as \\n \\r \\t \\\\ and \\xNN"),
        }
        for i in range(self.mode_combo.count()):
            mode = Mode(self.mode_combo.itemData(i))
            self.mode_combo.setItemText(i, mode_names[mode])
            self.mode_combo.setItemData(i, mode_tips[mode], Qt.ItemDataRole.ToolTipRole)

        self.encoding_label.setText(self.tr("&Encoding:"))
        self.encoding_combo.setToolTip(self.tr("How text characters become bytes"))

        self.line_ending_label.setText(self.tr("&Line ending:"))
        ending_names = {
            LineEnding.NONE: self.tr("None"),
            LineEnding.LF: self.tr("LF (\\n)"),
            LineEnding.CRLF: self.tr("CRLF (\\r\\n)"),
        }
        for i in range(self.line_ending_combo.count()):
            ending = LineEnding(self.line_ending_combo.itemData(i))
            self.line_ending_combo.setItemText(i, ending_names[ending])
        self.line_ending_combo.setToolTip(self.tr("Appended to every payload when it is sent"))

        self.checksum_label.setText(self.tr("Chec&ksum:"))
        self.checksum_combo.setItemText(0, self.tr("None"))
        self.checksum_combo.setToolTip(
            self.tr(
                "Appended to every payload when it is sent, and checked at the end of"
                " each received message (the log marks it good or bad)"
            )
        )

        self.template_check.setText(self.tr("&Template fields"))
        self.template_check.setToolTip(
            self.tr(
                "Expand fields at each send: {{counter}} (1, 2, 3 ...), {{time}},"
                " {{unixtime}}, {{random:N}} (N random bytes in hex mode, N digits"
                " otherwise), {{len}} (the payload's length without the checksum)"
            )
        )

        self.history_button.setText(self.tr("History"))
        self.history_button.setToolTip(
            self.tr(
                "The last 100 payloads sent from this tab; Up on the first line of the"
                " payload and Down on its last walk through them"
            )
        )
        self.send_button.setText(self.tr("&Send"))
        self.send_button.setToolTip(self.tr("Send the payload (Ctrl+Enter)"))
        self.edit.setPlaceholderText(self.tr("What to send"))
        self._show_state()

    # -------------------------------------------------------------- internals

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        for i in range(combo.count()):
            if combo.itemData(i) == data:
                combo.setCurrentIndex(i)
                return
        raise ValueError(f"no such choice: {data!r}")

    def _encode(self) -> bytes:
        data = self._bytes()
        self._check_limits(data)
        return data

    def _bytes(self) -> bytes:
        """What is typed as bytes, the line ending and the checksum appended
        (template fields expanded with the next counter value, not used up)."""
        self._template = None
        if self.templates_on():
            self._template = template.Template.parse(self.text())
            counter = self._counter.peek()
            hex_mode = self.mode() == Mode.HEX
            data = template.expand(self._template, counter, self._encoder(), hex_mode=hex_mode)
        else:
            data = encode(self.text(), self.mode(), self.encoding(), self.line_ending())
        return checksums.append(data, self.checksum())

    def _encoder(self) -> Callable[[str], bytes]:
        mode, encoding, ending = self.mode(), self.encoding(), self.line_ending()
        return lambda text: encode(text, mode, encoding, ending)

    def _show_preview(self, data: bytes | None) -> None:
        """The next send's bytes under the field, while template fields are on."""
        if self._template is None or data is None:
            self._previewed = None
            self.preview_label.hide()
            return
        self._previewed = self._counter.peek()
        shown = (
            to_hex(data, limit=256)
            if self.mode() == Mode.HEX
            else to_text(data, self.encoding(), limit=256)
        )
        self.preview_label.setText(self.tr("Next: %1").replace("%1", shown))
        self.preview_label.setToolTip(shown)
        self.preview_label.show()

    @Slot()
    def _on_checksum_changed(self) -> None:
        self._validate()
        self.checksumChanged.emit(self.checksum())

    @Slot()
    def _on_text_changed(self) -> None:
        chars = self.edit.document().characterCount()
        self.edit.fit_wrap(chars)
        if chars > _DEBOUNCE_CHARS:
            self._timer.start()
        else:
            self._validate()

    @Slot()
    def _on_mode_changed(self) -> None:
        # The encoding does not matter for hex digits.
        hex_mode = self.mode() == Mode.HEX
        self.encoding_combo.setEnabled(not hex_mode)
        self.encoding_label.setEnabled(not hex_mode)
        self._validate()

    def _flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._validate()

    @Slot()
    def _validate(self) -> None:
        self._timer.stop()
        size: int | None
        try:
            data = self._bytes()
        except PayloadError as exc:
            error: PayloadError | None = exc
            size = None
        else:
            size = len(data)
            try:
                self._check_limits(data)
                error = None
            except PayloadError as exc:
                error = exc
        self._size = size
        self._error = error
        self._show_preview(data if error is None else None)
        was_valid = self._valid
        self._valid = error is None
        self._show_state()
        if self._valid != was_valid:
            self.validityChanged.emit(self._valid)

    def _check_limits(self, data: bytes) -> None:
        if not data and not self._allow_empty:
            raise PayloadError(self.tr("Nothing to send: the payload is empty"))
        if self._max_size is not None and len(data) > self._max_size:
            message = self._max_message or self.tr(
                "the payload is larger than {limit} bytes"
            ).format(limit=f"{self._max_size:,}")
            raise PayloadError(message)

    def _show_state(self) -> None:
        error = self._error
        # An empty field that may not be sent is not an error worth a red marker.
        marked = error is not None and bool(self.text())
        if marked and error is not None:
            self.error_label.setText(str(error))
            self.error_label.show()
        else:
            self.error_label.clear()
            self.error_label.hide()
        mark_invalid(self.edit, marked, str(error) if marked and error else "")
        self._highlight(error if marked else None)

        if self._size is None:
            self.size_label.setText("")
        elif self._size == 1:
            self.size_label.setText(self.tr("1 byte"))
        else:
            self.size_label.setText(self.tr("{count} bytes").format(count=f"{self._size:,}"))
        self._update_button()

    def _highlight(self, error: PayloadError | None) -> None:
        """Mark the character the error points at (its 1-based line and column)."""
        column = getattr(error, "column", None) if error is not None else None
        if not column:
            self.edit.setExtraSelections([])
            return
        text = self.text()
        line = getattr(error, "line", None) or 1
        start = 0
        for _ in range(line - 1):
            start = text.find("\n", start) + 1
            if start == 0:  # fewer lines than the error says: mark nothing
                self.edit.setExtraSelections([])
                return
        index = min(start + column - 1, len(text))
        # Qt counts UTF-16 code units; Python counts code points.
        position = len(text[:index].encode("utf-16-le")) // 2
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(position)
        cursor.movePosition(
            QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor
        )
        palette, base = self.edit.palette(), QPalette.ColorRole.Base
        fmt = QTextCharFormat()
        fmt.setBackground(colour(Tone.ERROR_SHADE, palette, base))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(colour(Tone.ERROR, palette, base))
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        self.edit.setExtraSelections([selection])

    def _update_button(self) -> None:
        self.send_button.setEnabled(self._send_allowed and self._valid)

    @Slot()
    def _request_send(self) -> None:
        self._flush()
        if not (self._send_allowed and self._valid):
            return
        try:
            data = self.take_payload()
        except PayloadError:
            return
        self.sendRequested.emit(data)
        self.history.add(self.state())
        self.refresh_preview()

    # -- the history -------------------------------------------------------------

    @Slot()
    def history_back(self) -> None:
        """Show the payload sent before the one shown (Up on the first line)."""
        self._show_entry(self.history.older(self.state()))

    @Slot()
    def history_forward(self) -> None:
        """Show the payload sent after the one shown, then what was being typed."""
        self._show_entry(self.history.newer())

    def _show_entry(self, entry: Entry | None) -> None:
        if entry is None:
            return
        self.restore(entry)
        cursor = self.edit.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    @Slot()
    def _history_changed(self) -> None:
        self.history_button.setEnabled(bool(self.history.entries()))

    @Slot()
    def _fill_history_menu(self) -> None:
        self.history_menu.clear()
        for entry in reversed(self.history.entries()):
            text = to_text(str(entry.get("text", "")).encode("utf-8"), "utf-8")
            if len(text) > _HISTORY_SHOWN:
                text = text[: _HISTORY_SHOWN - 1] + "…"
            action = self.history_menu.addAction(text.replace("&", "&&") or self.tr("(empty)"))
            action.triggered.connect(lambda _checked=False, e=entry: self._pick_entry(e))

    def _pick_entry(self, entry: Entry) -> None:
        self.history.stop_walking()
        self._show_entry(entry)
        self.edit.setFocus()
