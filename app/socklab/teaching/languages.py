"""The languages SockLab speaks: the one table the window, the code and the explanations use.

English is the source language (every text is written in it); the others are
translations in ``resources/translations/socklab_<code>.ts``, compiled to
``socklab/i18n/socklab_<code>.qm`` (see :mod:`socklab.teaching.catalogue`).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["LANGUAGES", "SOURCE_LANGUAGE", "Language", "supported"]


class Language(NamedTuple):
    """A language: its code (``"zh_CN"``) and its name in itself (``"简体中文"``)."""

    code: str
    name: str


#: Every language, the source language first.
LANGUAGES: tuple[Language, ...] = (Language("en", "English"), Language("zh_CN", "简体中文"))

#: The language the texts are written in.
SOURCE_LANGUAGE = LANGUAGES[0].code


def supported(code: str | None) -> str:
    """The language of :data:`LANGUAGES` closest to ``code``; English if none is.

    ``"zh_CN"`` and ``"zh-CN"`` are Simplified Chinese, and so is any other
    Chinese (``"zh"``, ``"zh_TW"``) while it is the only Chinese there is.
    """
    wanted = (code or "").replace("-", "_").lower()
    for language in LANGUAGES:
        if language.code.lower() == wanted:
            return language.code
    primary = wanted.split("_")[0]
    for language in LANGUAGES:
        if primary and language.code.lower().split("_")[0] == primary:
            return language.code
    return SOURCE_LANGUAGE
