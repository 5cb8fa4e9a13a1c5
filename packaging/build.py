"""Build SockLab as a program a student can double-click: dist/SockLab/ and an archive.

    python -m pip install . pyinstaller Pillow     # Pillow only for the .ico / .icns
    python packaging/build.py

Run it with the Python that has SockLab installed (``pip install .``, not
editable): the version, the package data and the metadata that ``socklab
--version`` reads come from that installed distribution. Steps:

1. check that the icon set in resources/icons is rendered from the current SVG;
2. write build/icons/socklab.ico and socklab.icns from it (with Pillow, when
   installed; Windows and macOS builds need them, Linux does not);
3. run PyInstaller on packaging/socklab.spec (one-folder: dist/SockLab/, or
   dist/SockLab.app on macOS);
4. Linux: add share/ (desktop entry, AppStream metainfo, icons) and
   install-desktop-entry.sh to dist/SockLab/;
5. pack dist/socklab-<version>-<os>-<arch>.tar.gz (Linux) or .zip (Windows, macOS).

Prints the bundle's size, the archive's and the time taken. Tested on Linux only.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP_ID = "io.github.socklab.SockLab"
ICON_SVG = ROOT / "resources" / "icons" / "socklab.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def say(text: str) -> None:
    print(f"build: {text}", flush=True)


def fail(text: str) -> SystemExit:
    return SystemExit(f"build: {text}")


def installed_version() -> str:
    """SockLab's version from the installed distribution (the one source of it)."""
    try:
        found = version("socklab")
    except PackageNotFoundError:
        raise fail("SockLab is not installed here: run `python -m pip install .`") from None
    with (ROOT / "pyproject.toml").open("rb") as stream:
        declared = tomllib.load(stream)["project"]["version"]
    if found != declared:
        raise fail(
            f"the installed SockLab is {found} but pyproject.toml says {declared}:"
            " reinstall with `python -m pip install .`"
        )
    return found


def platform_tag() -> tuple[str, str]:
    """(os, arch) for the archive's name, e.g. ("linux", "x86_64")."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    if system.startswith("linux"):
        system = "linux"
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "x64": "x86_64", "arm64": "arm64", "aarch64": "aarch64"}.get(
        machine, machine or "unknown"
    )
    return system, arch


def _load_icon_renderer():
    spec = importlib.util.spec_from_file_location(
        "render_icons", ROOT / "resources" / "icons" / "render_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_icons(out: Path) -> None:
    """The PNG set must match the SVG; write .ico / .icns when Pillow is there."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    renderer = _load_icon_renderer()
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    problems = renderer.check()
    if problems:
        raise fail(
            "icons are stale: "
            + "; ".join(problems)
            + " (run `python resources/icons/render_icons.py`)"
        )
    try:
        from PIL import Image
    except ImportError:
        say("Pillow is not installed: no .ico / .icns (only Windows and macOS builds need them)")
        return
    import io

    from PySide6.QtCore import QBuffer, QIODevice

    def pil(size: int):
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        renderer.render(size).save(buffer, "PNG")
        return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")

    out.mkdir(parents=True, exist_ok=True)
    ico = [pil(n) for n in ICO_SIZES]
    ico[-1].save(out / "socklab.ico", sizes=[(n, n) for n in ICO_SIZES], append_images=ico[:-1])
    icns = [pil(n) for n in ICNS_SIZES]
    icns[-1].save(out / "socklab.icns", append_images=icns[:-1])
    say(f"wrote {out / 'socklab.ico'} and {out / 'socklab.icns'}")


def run_pyinstaller(dist: Path, work: Path) -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        raise fail("PyInstaller is not installed: run `python -m pip install pyinstaller`")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(HERE / "socklab.spec"),
    ]  # fmt: skip
    say(" ".join(command))
    subprocess.run(command, check=True, cwd=ROOT)


def add_linux_desktop_files(bundle: Path) -> None:
    """share/ in the freedesktop layout, and the script that installs it for a user."""
    share = bundle / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "linux" / f"{APP_ID}.desktop", share / "applications")
    shutil.copy2(HERE / "linux" / f"{APP_ID}.metainfo.xml", share / "metainfo")
    icons = share / "icons" / "hicolor"
    shutil.copytree(ROOT / "resources" / "icons" / "hicolor", icons, dirs_exist_ok=True)
    (icons / "scalable" / "apps").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ICON_SVG, icons / "scalable" / "apps" / f"{APP_ID}.svg")
    script = bundle / "install-desktop-entry.sh"
    shutil.copy2(HERE / "linux" / "install-desktop-entry.sh", script)
    script.chmod(0o755)


def strip_debug_info(bundle: Path) -> None:
    """Drop debug sections from the libraries that carry them (libpython: ~15 MB).

    Only ``--strip-debug``, and never the libraries of wheels that ship their
    own (``*.libs`` folders: numpy's OpenBLAS breaks when stripped).
    """
    strip = shutil.which("strip")
    if strip is None:
        say("strip not found: the bundle keeps its debug info")
        return
    for library in bundle.rglob("*.so*"):
        if library.is_symlink() or any(p.endswith(".libs") for p in library.parts):
            continue
        subprocess.run([strip, "--strip-debug", str(library)], check=False, capture_output=True)


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def make_archive(dist: Path, name: str, system: str) -> Path:
    if system == "linux":
        archive = dist / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(dist / "SockLab", arcname="SockLab")  # keeps symlinks and modes
        return archive
    archive = dist / f"{name}.zip"
    if system == "macos":
        source = dist / "SockLab.app"
        if shutil.which("ditto"):  # keeps the bundle's symlinks and signatures
            subprocess.run(
                ["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(source), str(archive)],
                check=True,
            )
            return archive
    else:
        source = dist / "SockLab"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(source.rglob("*")):
            zf.write(path, Path(source.name) / path.relative_to(source))
    return archive


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the SockLab app bundle and its archive.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch folder")
    args = parser.parse_args()
    started = time.monotonic()
    dist, work = args.dist.resolve(), args.work.resolve()

    release = installed_version()
    system, arch = platform_tag()
    name = f"socklab-{release}-{system}-{arch}"
    say(f"SockLab {release} for {system}-{arch}")
    check_icons(ROOT / "build" / "icons")  # the spec looks for the icons there
    bundle = dist / "SockLab"
    if bundle.exists():
        shutil.rmtree(bundle)
    run_pyinstaller(dist, work / "pyinstaller")
    if system == "linux":
        strip_debug_info(bundle)
        add_linux_desktop_files(bundle)
    archive = make_archive(dist, name, system)

    say(f"bundle  {bundle}  {folder_size(bundle) / 1e6:.1f} MB")
    say(f"archive {archive}  {archive.stat().st_size / 1e6:.1f} MB")
    say(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
