"""Translated teaching text, from the same files as the window's, without Qt.

SockLab has one translation system: Qt Linguist's. Translators edit
``resources/translations/socklab_<code>.ts``; ``resources/translations/build.py``
collects the strings from the window's sources *and* from this package, and
compiles the .ts to ``socklab/i18n/socklab_<code>.qm``. The window loads the
.qm with a ``QTranslator``; the teaching code (which runs without Qt: the CLI,
a plain import) reads the same .qm with :func:`read_qm`, a few lines of
Python for its documented layout.

Teaching text is written in English and marked where it is defined::

    HEAD = QT_TRANSLATE_NOOP("Codegen", "SockLab: what the UDP tab does ...")

``QT_TRANSLATE_NOOP`` is Qt's own name for "translate this later": lupdate finds
the call (it reads only literal strings), and at run time it returns the text
unchanged. :func:`translated` then looks the text up in a language's catalogue,
and falls back to the English text when there is no translation.
"""

from __future__ import annotations

import functools
import logging
import struct
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable

from socklab.teaching.languages import SOURCE_LANGUAGE, supported

__all__ = ["QT_TRANSLATE_NOOP", "catalogue", "marked", "qm_file", "read_qm", "translated"]

log = logging.getLogger(__name__)

_MARKED: set[tuple[str, str]] = set()


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 (lupdate's name)
    """Mark ``source`` for translation in ``context``; returns it unchanged."""
    _MARKED.add((context, source))
    return source


def marked() -> frozenset[tuple[str, str]]:
    """Every (context, text) marked so far by the modules imported."""
    return frozenset(_MARKED)


def translated(context: str, source: str, language: str) -> str:
    """``source`` (English, marked in ``context``) in ``language``, else as it is."""
    code = supported(language)
    if code == SOURCE_LANGUAGE:
        return source
    return catalogue(code).get((context, source), source)


def qm_file(code: str) -> Traversable:
    """The compiled translation for ``code`` inside the package (the window's too)."""
    return resources.files("socklab") / "i18n" / f"socklab_{code}.qm"


@functools.cache
def catalogue(code: str) -> Mapping[tuple[str, str], str]:
    """(context, source) -> translation for ``code``; empty if it cannot be read."""
    try:
        return read_qm(qm_file(code).read_bytes())
    except (OSError, ValueError) as exc:
        log.warning("no %s translation for the teaching text: %s", code, exc)
        return {}


# -- the .qm layout (qtbase/src/corelib/kernel/qtranslator.cpp) ---------------------

_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_SECTION_MESSAGES = 0x69
_TAG_END = 1
_TAG_TRANSLATION = 3
_TAG_OBSOLETE1 = 5
_TAG_SOURCE, _TAG_CONTEXT, _TAG_COMMENT = 6, 7, 8
#: Tags followed by a 32-bit length and that many bytes (2 and 4: Qt 3's UTF-16 texts).
_SIZED_TAGS = frozenset((2, _TAG_TRANSLATION, 4, _TAG_SOURCE, _TAG_CONTEXT, _TAG_COMMENT))
_NO_STRING = 0xFFFFFFFF


def read_qm(data: bytes) -> dict[tuple[str, str], str]:
    """The messages of a .qm file: (context, source) -> first translation.

    Messages with a disambiguating comment, or without their context and
    source text (lrelease keeps both by default), are left out.
    """
    if not data.startswith(_MAGIC):
        raise ValueError("not a Qt .qm file")
    position, messages = len(_MAGIC), b""
    while position + 5 <= len(data):
        tag, length = data[position], struct.unpack_from(">I", data, position + 1)[0]
        position += 5
        if tag == _SECTION_MESSAGES:
            messages = data[position : position + length]
        position += length
    found: dict[tuple[str, str], str] = {}
    fields: dict[int, bytes] = {}
    translations: list[str] = []
    position = 0
    while position < len(messages):
        tag = messages[position]
        position += 1
        if tag == _TAG_END:
            context, source = fields.get(_TAG_CONTEXT), fields.get(_TAG_SOURCE)
            plain = not fields.get(_TAG_COMMENT)  # no disambiguating comment
            if translations and plain and context is not None and source is not None:
                key = (context.decode("utf-8"), source.decode("utf-8"))
                found.setdefault(key, translations[0])
            fields, translations = {}, []
        elif tag == _TAG_OBSOLETE1:
            position += 4
        elif tag in _SIZED_TAGS:
            (length,) = struct.unpack_from(">I", messages, position)
            position += 4
            if length == _NO_STRING:
                continue
            value = messages[position : position + length]
            position += length
            if tag == _TAG_TRANSLATION:
                translations.append(value.decode("utf-16-be"))
            else:
                fields[tag] = value
        else:
            raise ValueError(f"unknown tag {tag} in the .qm messages")
    return found
