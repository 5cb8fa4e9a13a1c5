"""The Linux desktop entry, the AppStream metainfo, the icon set and the script
that installs them from the bundle: parsed here, and validated by the
freedesktop tools when they are installed (CI's "Linux bundle" step installs them)."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.socklab.SockLab"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desktop_entry(path: Path = DESKTOP) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def localized(root: ET.Element, tag: str) -> dict[str | None, str]:
    return {e.get(LANG): (e.text or "").strip() for e in root.findall(tag)}


# -- the desktop entry ---------------------------------------------------------


def test_desktop_entry_essentials() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "socklab"
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == "SockLab"
    assert "SockLab" in entry["Name[zh_CN]"]
    assert entry["Categories"] == "Network;Development;Education;"
    assert entry["Terminal"] == "false"
    assert entry["Comment"] and entry["Comment[zh_CN]"]


def test_desktop_entry_is_utf8_without_bom() -> None:
    data = DESKTOP.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")


def test_desktop_file_validate() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (apt install desktop-file-utils)")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Hints only (it names three main categories on purpose); no error, no warning.
    assert "error:" not in output and "warning:" not in output, output


# -- the metainfo --------------------------------------------------------------


def test_metainfo_essentials() -> None:
    root = metainfo()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    names = localized(root, "name")
    assert names[None] == "SockLab" and "SockLab" in names["zh_CN"]
    summaries = localized(root, "summary")
    assert summaries[None] and summaries["zh_CN"]
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("provides/binary") == "socklab"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"


def test_metainfo_names_the_current_release() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "no <release>"
    # Newest first: bumping the version in pyproject.toml needs a <release> entry here.
    assert releases[0].get("version") == version("socklab")
    assert releases[0].get("date")


def test_appstreamcli_validate() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (apt install appstream)")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- the icons -----------------------------------------------------------------


def test_icon_set_is_rendered_from_the_svg(qapp) -> None:
    render_icons = load("render_icons", ROOT / "resources" / "icons" / "render_icons.py")
    assert render_icons.check() == []
    for size in render_icons.SIZES:
        assert (ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps").is_dir()
    assert render_icons.APP_ID == APP_ID == desktop_entry()["Icon"]


def test_the_package_ships_the_window_icon(qapp) -> None:
    from importlib import resources

    from PySide6.QtGui import QIcon

    icon = QIcon(str(resources.files("socklab") / "icons" / "socklab.svg"))
    assert not icon.isNull()
    assert not icon.pixmap(48, 48).isNull()


# -- installing the entry from the bundle --------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle only")
def test_install_desktop_entry_from_a_bundle(tmp_path: Path) -> None:
    build = load("socklab_build", ROOT / "packaging" / "build.py")
    bundle = tmp_path / "Sock Lab apps" / "SockLab"  # a space in the path, as users have
    bundle.mkdir(parents=True)
    program = bundle / "SockLab"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    build.add_linux_desktop_files(bundle)
    data = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    script = bundle / "install-desktop-entry.sh"
    assert os.access(script, os.X_OK)

    subprocess.run([str(script)], check=True, env=env, capture_output=True)
    installed = data / "applications" / DESKTOP.name
    entry = desktop_entry(installed)
    assert entry["Exec"] == f'"{program}"'
    assert {k: v for k, v in entry.items() if k != "Exec"} == {
        k: v for k, v in desktop_entry().items() if k != "Exec"
    }
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (data / "metainfo" / METAINFO.name).is_file()
    tool = shutil.which("desktop-file-validate")
    if tool is not None:
        result = subprocess.run([tool, str(installed)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr

    subprocess.run([str(script), "--remove"], check=True, env=env, capture_output=True)
    assert not installed.exists()
    assert not list(data.rglob(f"{APP_ID}.*"))
