"""Received bytes as one stream, with a mark where each ``recv()`` ended.

TCP is a byte stream: what one ``send`` wrote may arrive split over several
``recv`` calls, or merged with the next one. This view shows the stream with
alternating shading per chunk and a ``▏`` between chunks, so the boundaries
(and that they do not match the sends) can be seen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from socklab.core import to_text
from socklab.gui.fonts import monospace
from socklab.gui.tones import Tone, colour, follow_palette

#: Characters the view keeps; older text is cut from the top.
MAX_CHARS = 64_000
#: The mark drawn where one recv() ended and the next began.
BOUNDARY = "▏"


class StreamView(QWidget):
    """The received stream with chunk boundaries marked.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("streamView")
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("streamText")
        self.text.setReadOnly(True)
        self.text.setFont(monospace())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        self._formats = (QTextCharFormat(), QTextCharFormat())
        self._marker = QTextCharFormat()
        follow_palette(self.text, self._set_colours)
        self._chunks = 0
        self.encoding = "utf-8"
        self.retranslate()

    def _set_colours(self) -> None:
        """Chunk shading and the boundary mark for the palette (for the text to come)."""
        palette, base = self.text.palette(), QPalette.ColorRole.Base
        self._formats[0].setBackground(colour(Tone.CHUNK_EVEN, palette, base))
        self._formats[1].setBackground(colour(Tone.CHUNK_ODD, palette, base))
        self._marker.setForeground(colour(Tone.ERROR, palette, base))

    @property
    def chunk_count(self) -> int:
        return self._chunks

    def append_chunks(self, chunks: list[bytes]) -> None:
        """Add what some recv() calls returned, in order."""
        if not chunks:
            return
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        for data in chunks:
            if self._chunks:
                cursor.insertText(BOUNDARY, self._marker)
            cursor.insertText(
                to_text(data, self.encoding, limit=4096), self._formats[self._chunks % 2]
            )
            self._chunks += 1
        cursor.endEditBlock()
        self._trim()
        self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def clear(self) -> None:
        self.text.clear()
        self._chunks = 0

    def _trim(self) -> None:
        document = self.text.document()
        excess = document.characterCount() - MAX_CHARS
        if excess > 0:
            cursor = QTextCursor(document)
            cursor.setPosition(0)
            cursor.setPosition(excess, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()

    def retranslate(self) -> None:
        self.title.setText(
            self.tr(
                "Received stream: shading changes and ▏ marks where one recv() ended. "
                "TCP keeps no message boundaries."
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
