"""The UI languages: English (the source strings) and Simplified Chinese.

The languages are SockLab's one table, :data:`socklab.teaching.languages.LANGUAGES`
(each a ``(code, name in its own language)`` pair, the source language first).
Translations are Qt Linguist files: ``resources/translations/*.ts`` in the
repository, compiled to ``socklab/i18n/*.qm`` inside the package; the teaching
text (generated code, errors explained) reads the same .qm without Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from socklab.teaching.catalogue import qm_file
from socklab.teaching.languages import LANGUAGES, SOURCE_LANGUAGE, supported

__all__ = ["LANGUAGES", "current_language", "qm_path", "set_language", "system_language"]

_installed: list[QTranslator] = []
_state = {"current": SOURCE_LANGUAGE}


def system_language() -> str:
    """The supported language closest to the system locale."""
    return supported(QLocale.system().name())


def current_language() -> str:
    return _state["current"]


def qm_path(code: str) -> str:
    """Where SockLab's compiled translation for ``code`` lives in the package."""
    return str(qm_file(code))


def set_language(code: str) -> bool:
    """Install ``code``'s translators on the running application.

    Every widget then receives a LanguageChange event and retranslates itself.
    Returns False (and stays in English) if the translation cannot be loaded.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if code == "en":
        _state["current"] = "en"
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    ours = QTranslator(app)
    if not ours.load(qm_path(code)):
        _state["current"] = "en"
        return False
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    QLocale.setDefault(QLocale(code))
    _state["current"] = code
    return True
