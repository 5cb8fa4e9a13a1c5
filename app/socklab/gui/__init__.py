"""SockLab's Qt window. ``from socklab.gui import MainWindow``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socklab.gui.main_window import MainWindow

__all__ = ["MainWindow"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that importing a widget module stays cheap.
    if name == "MainWindow":
        from socklab.gui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
