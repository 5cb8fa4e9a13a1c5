"""Set an HTTP message's header block aside as its bytes arrive.

The seed's last exercise: a GET over a raw TCP socket, the header printed, the
body saved. :class:`HttpHeaderSplitter` takes the received bytes in whatever
chunks ``recv`` returned them and hands back the body only, once, as it comes:
the file is never read back.
"""

from __future__ import annotations

import re

#: The end of the header block: an empty line, its line ends CRLF or a bare LF
#: (``\r\n\r\n``, ``\n\n``, and the mixtures lenient servers send).
_HEADER_END = re.compile(rb"\r?\n\r?\n")
#: The longest header end (``\r\n\r\n``) less one: how far back a search starts
#: again when the end may have been split across two chunks.
_OVERLAP = 3
#: A header block longer than this is not one: the bytes are all body.
MAX_HEADER_BYTES = 1 << 20


class HttpHeaderSplitter:
    """Feeds received bytes through; keeps back the header block.

    :meth:`feed` returns the part of each chunk that belongs to the body
    (``b""`` while the header is still arriving); :meth:`finish`, at the end of
    the stream, returns what was kept back when no header end ever came (a
    response without a header end loses nothing: it is all body).
    ``header`` holds the header block (without the empty line) once its end
    has arrived; ``found`` says whether it has.
    """

    def __init__(self, max_header: int = MAX_HEADER_BYTES) -> None:
        self.header: bytes | None = None
        self._held = bytearray()
        self._searched = 0  # the held bytes before this hold no header end
        self._max = max_header
        self._done = False

    @property
    def found(self) -> bool:
        return self.header is not None

    @property
    def done(self) -> bool:
        """The header is set aside (or there is none): the rest is all body."""
        return self._done

    def feed(self, data: bytes | bytearray | memoryview) -> bytes:
        """The body bytes in ``data`` (what follows the header block)."""
        if self._done:
            return bytes(data)
        held = self._held
        held += data
        match = _HEADER_END.search(held, self._searched)
        if match is None:
            if len(held) > self._max:  # no header end in reach: all of it is body
                return self.finish()
            self._searched = max(0, len(held) - _OVERLAP)
            return b""
        self.header = bytes(held[: match.start()])
        body = bytes(held[match.end() :])
        self._release()
        return body

    def finish(self) -> bytes:
        """The stream ended: the bytes kept back when no header end came (else b"")."""
        if self._done:
            return b""
        rest = bytes(self._held)
        self._release()
        return rest

    def _release(self) -> None:
        self._held = bytearray()
        self._searched = 0
        self._done = True
