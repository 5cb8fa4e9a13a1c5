"""The generator's payload when the load tools say "editor's payload": the
payload editor's bytes (checksum appended), or, with its template fields on and
fields in the text, each packet's own expansion (``{{counter}}`` 1, 2, 3 ... in
send order, as the repeat sender numbers them)."""

from __future__ import annotations

import dataclasses

from socklab.core import GeneratorSpec
from socklab.gui.widgets.payload_editor import PayloadEditor


def editor_spec(spec: GeneratorSpec, editor: PayloadEditor) -> GeneratorSpec:
    """``spec`` sending ``editor``'s payload; raises ``PayloadError`` while the
    payload is invalid (the tab shows it, as for Send)."""
    source = editor.payload_source()
    if not callable(source):  # no fields: the same bytes every packet, fast path and all
        return dataclasses.replace(spec, size=len(source), payload=source)
    first = editor.payload()  # the next expansion, the counter not used up: its size
    return dataclasses.replace(spec, size=len(first), payload=first, source=source)
