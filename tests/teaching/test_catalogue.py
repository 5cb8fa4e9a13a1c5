"""One translation system: the teaching text (the generated scripts' comments,
the errors explained) is marked in the source, translated in the same .ts as
the window, compiled into the same .qm, and read from it without Qt; a missing
translation falls back to the English text. The languages are one table."""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import socklab
import socklab.teaching
from socklab.teaching import catalogue
from socklab.teaching.catalogue import marked, read_qm, translated
from socklab.teaching.codegen import TcpServerCode, UdpCode, generate
from socklab.teaching.explain import explain
from socklab.teaching.languages import LANGUAGES, SOURCE_LANGUAGE, supported

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "socklab_zh_CN.ts"
PACKAGE = Path(socklab.__file__).resolve().parent
TEACHING_CONTEXTS = ("Codegen", "Explain")
CJK = re.compile(r"[\u4e00-\u9fff]")

UDP_HEAD = "SockLab: what the UDP tab does, in plain Python (standard socket module only)."
CLOSE = "close: release the socket."
IN_USE = "The address is already in use"


def _ts_messages(path: Path = TS) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the <translation> element of every message in a .ts."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[(name, message.findtext("source") or "")] = translation
    return found


def _every_teaching_text() -> frozenset[tuple[str, str]]:
    """What the teaching modules mark, with every module imported (walked, not listed)."""
    for info in pkgutil.walk_packages(socklab.teaching.__path__, prefix="socklab.teaching."):
        importlib.import_module(info.name)
    return marked()


def _comments(script: str) -> list[str]:
    return [line.strip()[2:] for line in script.splitlines() if line.strip().startswith("# ")]


# -- one table of languages -------------------------------------------------------


def test_languages_are_defined_once():
    """``LANGUAGES`` is assigned in teaching/languages.py only; the window imports it."""
    assigned = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            if any(isinstance(t, ast.Name) and t.id == "LANGUAGES" for t in targets):
                assigned.append(path.relative_to(PACKAGE).as_posix())
    assert assigned == ["teaching/languages.py"]
    window = ast.parse((PACKAGE / "gui" / "i18n.py").read_text(encoding="utf-8"))
    imported = {
        (node.module, alias.name)
        for node in ast.walk(window)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert ("socklab.teaching.languages", "LANGUAGES") in imported


def test_the_language_table():
    assert [(code, name) for code, name in LANGUAGES] == [("en", "English"), ("zh_CN", "简体中文")]
    assert SOURCE_LANGUAGE == "en"
    for asked, answer in [
        ("zh_CN", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh_TW", "zh_CN"),
        ("en_US", "en"),
        ("EN", "en"),
        ("fr", "en"),
        ("", "en"),
        (None, "en"),
    ]:
        assert supported(asked) == answer, asked


# -- one system of translations ---------------------------------------------------


def test_chinese_teaching_text_lives_only_in_the_ts():
    """No (English, Chinese) table beside the .ts: the only Chinese in the
    teaching sources is in docstrings (examples of payloads) and a language's
    own name in the table of languages."""
    own_names = {language.name for language in LANGUAGES}
    found = []
    for path in sorted((PACKAGE / "teaching").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found += [
            f"{path.name}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and node.value not in own_names
            and CJK.search(node.value)
        ]
    assert not found


def test_every_marked_teaching_text_is_translated_in_the_ts():
    """The texts the modules mark at run time are exactly the .ts's teaching
    messages (so lupdate read each one as Python does), all finished, in Chinese."""
    texts = _every_teaching_text()
    assert {context for context, _ in texts} == set(TEACHING_CONTEXTS)
    assert len(texts) > 120
    messages = _ts_messages()
    in_ts = {key for key in messages if key[0] in TEACHING_CONTEXTS}
    assert texts == in_ts
    for key in texts:
        translation = messages[key]
        assert translation.get("type") is None, key
        assert CJK.search(translation.text or ""), key


def test_the_reader_reads_every_message_of_the_shipped_qm():
    """read_qm gives what QTranslator would: every message of the .ts, the
    window's and the teaching's, from the one compiled file."""
    shipped = catalogue.catalogue("zh_CN")
    expected = {key: element.text or "" for key, element in _ts_messages().items()}
    assert len(expected) > 350
    assert shipped == expected
    assert shipped[("MainWindow", "&File")] == "文件(&F)"
    assert translated("Explain", IN_USE, "zh_CN") == "地址已被占用"


def _lrelease() -> str:
    for name in ("pyside6-lrelease", "lrelease"):
        beside = Path(sys.executable).parent / name
        if beside.is_file() and os.access(beside, os.X_OK):
            return str(beside)
        if found := shutil.which(name):
            return found
    pytest.skip("pyside6-lrelease is not installed")


def test_a_marked_text_reaches_the_chinese_output_through_the_ts(tmp_path, monkeypatch):
    """Edit the .ts as a translator would, compile it as build.py does, and the
    generated script and the explanation change with it; a translation left
    unfinished falls back to the English text."""
    tree = ET.parse(TS)
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            source = message.findtext("source")
            if source == UDP_HEAD:
                translation.text = "译者改过的标题：UDP"
            elif source == IN_USE:
                translation.text = "译者改过：地址占用"
            elif source == CLOSE:
                translation.text = ""
                translation.set("type", "unfinished")
    edited, compiled = tmp_path / "edited.ts", tmp_path / "edited.qm"
    tree.write(edited, encoding="utf-8", xml_declaration=True)
    subprocess.run([_lrelease(), "-silent", str(edited), "-qm", str(compiled)], check=True)
    table = read_qm(compiled.read_bytes())
    assert ("Codegen", CLOSE) not in table
    monkeypatch.setattr(catalogue, "catalogue", lambda code: table)

    comments = _comments(generate(UdpCode(remote_port=9, payload=b"hi"), "zh_CN"))
    assert comments[0] == "译者改过的标题：UDP"
    assert comments[-1] == CLOSE  # unfinished: English
    assert "sendto：发送一个数据报；它要么完整到达，要么根本不到达。" in comments
    assert explain("EADDRINUSE", language="zh_CN").title == "译者改过：地址占用"
    assert generate(UdpCode(remote_port=9, payload=b"hi"), "en").startswith(f"# {UDP_HEAD}\n")


def test_a_missing_translation_falls_back_to_english(monkeypatch):
    shipped = catalogue.catalogue("zh_CN")
    assert shipped[("Codegen", CLOSE)] == "close：关闭并释放套接字。"
    chinese = _comments(generate(TcpServerCode(), "zh_CN"))
    without = {key: text for key, text in shipped.items() if key[1] not in (CLOSE, IN_USE)}
    monkeypatch.setattr(catalogue, "catalogue", lambda code: without)
    assert _comments(generate(UdpCode(payload=b"x"), "zh_CN"))[-1] == CLOSE
    in_use = explain("EADDRINUSE", language="zh_CN")
    assert in_use.title == IN_USE  # the others stay Chinese
    assert in_use.why == shipped[("Explain", explain("EADDRINUSE").why)]
    assert _comments(generate(TcpServerCode(), "zh_CN")) == chinese  # it never says "close:"


def test_a_language_without_a_qm_is_english(caplog):
    assert catalogue.catalogue.__wrapped__("xx_YY") == {}
    assert "no xx_YY translation" in caplog.text
    assert translated("Codegen", CLOSE, "xx_YY") == CLOSE
    assert generate(UdpCode(), "fr") == generate(UdpCode(), "en")


PROBE = """
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'qasync', 'PyQt5', 'PyQt6'):
            raise ImportError(name + ' is blocked for this test')
        return None

sys.meta_path.insert(0, Block())
from socklab.teaching.codegen import UdpCode, generate
from socklab.teaching.explain import explain
print(generate(UdpCode(payload=b"hi"), "zh_CN").splitlines()[0])
print(explain("EADDRINUSE", language="zh_CN").title)
"""


def test_chinese_teaching_text_without_qt():
    """The CLI's way: Qt cannot be imported, the Chinese comes all the same."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={"PYTHONPATH": str(PACKAGE.parent), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "# SockLab：UDP 标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。",
        "地址已被占用",
    ]
