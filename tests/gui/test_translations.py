"""The Chinese translation: complete, current, shipped, and applied to every widget at run time."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import shiboken6
from gui_helpers import settle_layouts
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTranslator
from PySide6.QtGui import QAction, QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabBar,
    QTabWidget,
    QWidget,
)

from socklab.core import checksums, local_interfaces
from socklab.core.payload import ENCODINGS
from socklab.gui import i18n

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "resources" / "translations" / "build.py"
TS = ROOT / "resources" / "translations" / "socklab_zh_CN.ts"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PLACEHOLDER = re.compile(r"%\d|\{[A-Za-z_][A-Za-z0-9_]*\}")

#: Texts that are rightly the same in Chinese: names of protocols and socket
#: options, language names, default field contents. (Encoding names are
#: skipped where they are collected.)
SAME_IN_CHINESE = {
    "TLS",
    "ALPN",
    "…",  # a browse button
    "+",  # the New session button by the tabs
    "h2,http/1.1",  # the ALPN field's example
    "UDP",
    "TCP",
    "SO_REUSEADDR",
    "SO_BROADCAST",
    "GSO",
    "English",
    "简体中文",
    "exit",
    "已收到",
    "TTL",
    "IP_MULTICAST_LOOP",
    *(algorithm.label for algorithm in checksums.CHECKSUMS.values()),  # CRC-16/MODBUS ...
}
#: Addresses, ports and numbers ("127.0.0.1", "::1", "10.0.0.5 (eth0)", "65,535").
_SAME_PATTERN = re.compile(
    r"[\d.,:\s]*"  # numbers and IPv4
    r"|[0-9a-fA-F:.]+(?:%[\w.@-]+)?(?: \([\w.@-]+\))?"  # an address, maybe "(interface)"
)


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(beside) if beside.is_file() else shutil.which(f"pyside6-{name}")
    if not found:
        pytest.fail(f"pyside6-{name} is not installed next to {sys.executable} or on PATH")
    return found


# -- the files -------------------------------------------------------------------


def test_ts_is_complete_and_current_with_the_sources():
    """build.py --check: every string lupdate finds is translated, nothing obsolete,
    placeholders kept, the .qm rebuilt, no translate wrapper lupdate cannot see."""
    result = subprocess.run(
        [sys.executable, str(BUILD), "--check"],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, (
        "translations are out of date; run `python resources/translations/build.py`, "
        "translate the new strings in resources/translations/socklab_zh_CN.ts, run it again:\n"
        + result.stdout
        + result.stderr
    )


def test_every_translation_is_finished_and_keeps_its_placeholders():
    root = ET.parse(TS).getroot()
    assert root.get("language") == "zh_CN"
    count = 0
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            count += 1
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None, (name, source)
            assert translation.get("type") is None, (name, source, translation.get("type"))
            text = translation.text or ""
            assert text.strip(), (name, source)
            assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(source)), (
                name,
                source,
                text,
            )
            if "&" in source.replace("&&", ""):
                assert re.search(r"&\w", text.replace("&&", "")), ("lost accelerator", source)
    assert count > 150


def test_shipped_qm_loads_from_the_package_and_matches_the_ts(tmp_path):
    path = Path(i18n.qm_path("zh_CN"))
    assert path.is_file(), path
    translator = QTranslator()
    assert translator.load(str(path))
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    assert translator.translate("Describe", "listening on %1") == "正在 %1 上监听"

    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [_tool("lrelease"), "-silent", str(TS), "-qm", str(fresh)],
        check=True,
        timeout=60,
    )
    assert fresh.read_bytes() == path.read_bytes(), (
        "the shipped .qm is older than the .ts: run `python resources/translations/build.py`"
    )


# -- the window ------------------------------------------------------------------


def _key(obj: QObject) -> int:
    return shiboken6.getCppPointer(obj)[0]


def _texts(window: QWidget) -> dict[tuple[int, str, int], tuple[str, str]]:
    """Every text a user can see in the window, keyed by (object, kind, index),
    with a description of where it is."""
    found: dict[tuple[int, str, int], tuple[str, str]] = {}

    def add(obj: QObject, kind: str, text: str, index: int = 0) -> None:
        if text and text.strip():
            where = f"{type(obj).__name__} {obj.objectName() or '?'} {kind}[{index}]"
            found[(_key(obj), kind, index)] = (text, where)

    def widgets(kind: type[QObject]) -> list:
        return window.findChildren(kind)

    add(window, "windowTitle", window.windowTitle())
    for label in widgets(QLabel):
        add(label, "text", label.text())
    for button in widgets(QAbstractButton):
        add(button, "text", button.text())
    for box in widgets(QGroupBox):
        add(box, "title", box.title())
    for bar in widgets(QTabBar):
        for i in range(bar.count()):
            add(bar, "tab", bar.tabText(i), i)
    for menu in widgets(QMenu):
        add(menu, "title", menu.title())
    for action in window.findChildren(QAction):
        add(action, "text", action.text())
    for header in widgets(QHeaderView):
        model = header.model()
        if model is None or header.orientation() != Qt.Orientation.Horizontal:
            continue  # row headers show row numbers
        for section in range(model.columnCount()):
            title = model.headerData(section, Qt.Orientation.Horizontal)
            add(header, "section", str(title or ""), section)
    for combo in widgets(QComboBox):
        for i in range(combo.count()):
            if combo.itemData(i) not in ENCODINGS:  # "UTF-8", "GBK" ... in any language
                add(combo, "item", combo.itemText(i), i)
    for spin in widgets(QSpinBox):
        add(spin, "suffix", spin.suffix())
        add(spin, "special", spin.specialValueText())
    for edit in widgets(QLineEdit):
        add(edit, "placeholder", edit.placeholderText())
    for edit in widgets(QPlainTextEdit):
        add(edit, "placeholder", edit.placeholderText())
    for widget in widgets(QWidget):
        if isinstance(widget.parent(), QAbstractSpinBox):
            continue  # a spin box's inner line edit shows the value
        add(widget, "toolTip", widget.toolTip())
    return found


def _translations_by_source() -> dict[str, set[str]]:
    """Source text -> its translations in any context, from the .ts."""
    found: dict[str, set[str]] = {}
    for message in ET.parse(TS).getroot().iter("message"):
        source = message.findtext("source") or ""
        found.setdefault(source, set()).add(message.findtext("translation") or "")
    return found


def _same_in_chinese(text: str) -> bool:
    plain = text.replace("&", "").strip()
    if plain in {i.name for i in local_interfaces()}:  # the multicast interface list
        return True
    return plain in SAME_IN_CHINESE or _SAME_PATTERN.fullmatch(plain) is not None


def _action(window: QWidget, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _switch(qtbot, window: QWidget, code: str) -> None:
    """Choose a language in the View menu and wait for the posted LanguageChange."""
    _action(window, f"language_{code}").trigger()
    assert i18n.current_language() == code
    box = window.tcp_server_tab.settings_box  # the last tab: its event comes last
    qtbot.waitUntil(lambda: bool(_CJK.search(box.title())) == (code == "zh_CN"))


def test_switching_to_chinese_retranslates_every_widget_and_back(qtbot, window):
    window.session_tabs()  # every tab built (the window builds a tab when first shown)
    # The pages' placeholders (and their tabs' close buttons) are gone at once.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    english = _texts(window)
    assert len(english) > 100

    _switch(qtbot, window, "zh_CN")
    chinese = _texts(window)

    # The prominent texts, one by one.
    assert _CJK.search(window.windowTitle()), window.windowTitle()
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs.tabText(0) == "UDP"
    for i in range(1, tabs.count()):
        assert _CJK.search(tabs.tabText(i)), tabs.tabText(i)
    for tab in window.session_tabs():
        for name in ("openButton", "sendButton"):
            button = tab.findChild(QAbstractButton, name)
            assert _CJK.search(button.text()), (tab.objectName(), name, button.text())
        assert _CJK.search(tab.settings_box.title()), tab.objectName()
        assert _CJK.search(tab.state_label.text()), (tab.objectName(), tab.state_label.text())
        header = tab.log.view.horizontalHeader()
        for section in range(header.count()):
            title = str(header.model().headerData(section, Qt.Orientation.Horizontal))
            assert _CJK.search(title), (tab.objectName(), title)
    assert window.file_menu.title() == "文件(&F)"

    # And everything else: no text may still be its English self.
    untranslated = sorted(
        f"{where}: {text!r}"
        for key, (text, where) in english.items()
        if key in chinese and chinese[key][0] == text and not _same_in_chinese(text)
    )
    assert not untranslated, "still in English after switching:\n" + "\n".join(untranslated)
    # A text that is a source string must show one of that string's translations
    # (a parent that relabels a child's button must do so after the child retranslates).
    translations = _translations_by_source()
    wrong = sorted(
        f"{where}: {text!r} -> {chinese[key][0]!r}, expected one of {translations[text]}"
        for key, (text, where) in english.items()
        if key in chinese and text in translations and chinese[key][0] not in translations[text]
    )
    assert not wrong, "translated to the wrong text:\n" + "\n".join(wrong)
    vanished = sorted(where for key, (_, where) in english.items() if key not in chinese)
    assert not vanished, "texts that went blank in Chinese:\n" + "\n".join(vanished)

    _switch(qtbot, window, "en")
    back = _texts(window)
    changed = sorted(
        f"{where}: {text!r} -> {back.get(key, ('', ''))[0]!r}"
        for key, (text, where) in english.items()
        if back.get(key, ("", ""))[0] != text
    )
    assert not changed, "not back to English:\n" + "\n".join(changed)
    assert window.windowTitle() == "SockLab — socket tester"


def test_language_choice_persists(qtbot, window):
    _switch(qtbot, window, "zh_CN")
    assert window.settings.value("language") == "zh_CN"
    assert _action(window, "language_zh_CN").isChecked()
    _switch(qtbot, window, "en")
    assert window.settings.value("language") == "en"


def _render(char: str, font: QFont) -> QImage:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, char)
    painter.end()
    return image


def test_chinese_glyphs_render(qtbot, window):
    """A CJK font is found (fonts-wqy-microhei or another), so Chinese is not boxes."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not families:
        pytest.skip("no font with Simplified Chinese glyphs (install fonts-wqy-microhei)")
    _switch(qtbot, window, "zh_CN")
    label = window.udp_tab.state_label
    font = QFont(label.font())
    font.setPointSize(28)
    images = [_render(c, font) for c in ("监", "听", "\ue000")]  # two hanzi, one that has no glyph
    blank = _render(" ", font)
    assert images[0] != blank
    assert images[1] != blank
    assert images[0] != images[1], "different hanzi drew the same shape: missing-glyph boxes"
    assert images[0] != images[2]


def test_the_window_fits_a_1024_by_768_projector_in_both_languages(qtbot, window):
    """Every tab, in English and in Chinese, leaves room for a window frame on
    a 1024 x 768 screen; every button still shows its whole text."""
    tabs = window.findChild(QTabWidget, "mainTabs")
    for code in ("en", "zh_CN"):
        if code != "en":
            _switch(qtbot, window, code)
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            hint = window.minimumSizeHint()
            assert hint.width() <= 1000 and hint.height() <= 700, (code, i, hint)
        window.resize(1000, 700)
        qtbot.waitUntil(lambda: window.width() == 1000)
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            settle_layouts()
            for button in tabs.widget(i).findChildren(QPushButton):
                if button.isVisible() and button.text():
                    text = button.text().replace("&", "")
                    needed = button.fontMetrics().horizontalAdvance(text)
                    assert button.width() >= needed, (code, button.objectName(), text)
    _switch(qtbot, window, "en")
