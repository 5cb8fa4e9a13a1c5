"""Render SockLab's icon set from the hand-drawn ``socklab.svg`` beside this file.

    python resources/icons/render_icons.py           # write the PNGs and the package copy
    python resources/icons/render_icons.py --check   # fail if any of them is stale

Writes ``hicolor/<n>x<n>/apps/io.github.socklab.SockLab.png`` (the freedesktop
icon-theme layout, so the Linux bundle copies the tree as it is) for every size
in ``SIZES``, and copies the SVG to ``app/socklab/icons/socklab.svg`` (package
data: the window icon). Renders with Qt's own SVG renderer, offscreen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCE = HERE / "socklab.svg"
PACKAGE_COPY = ROOT / "app" / "socklab" / "icons" / "socklab.svg"
APP_ID = "io.github.socklab.SockLab"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return HERE / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(size: int):
    """The icon as a QImage of ``size`` x ``size`` pixels."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: Qt cannot read this SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def _distance(a, b) -> float:
    """Mean absolute difference per channel (0..255) of two images of one size."""
    from PySide6.QtGui import QImage

    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    x, y = bytes(a.constBits()), bytes(b.constBits())
    return sum(abs(p - q) for p, q in zip(x, y, strict=True)) / max(1, len(x))


def check() -> list[str]:
    """What is missing or stale (empty: all up to date)."""
    from PySide6.QtGui import QImage

    problems = []
    if not PACKAGE_COPY.is_file() or PACKAGE_COPY.read_bytes() != SOURCE.read_bytes():
        problems.append(f"{PACKAGE_COPY.relative_to(ROOT)} differs from {SOURCE.name}")
    for size in SIZES:
        path = png_path(size)
        image = QImage(str(path))
        if image.isNull() or (image.width(), image.height()) != (size, size):
            problems.append(f"{path.relative_to(ROOT)}: missing or not {size}x{size}")
        elif _distance(image, render(size)) > 2.0:
            problems.append(f"{path.relative_to(ROOT)}: not rendered from the current SVG")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    PACKAGE_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, PACKAGE_COPY)
    for size in SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(path)):
            raise SystemExit(f"could not write {path}")
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
