"""Paths the user (or a script) gives, checked before a file is opened."""

from __future__ import annotations

import errno
import os
from pathlib import Path

__all__ = ["checked_path", "user_data_folder"]


def checked_path(path: str | os.PathLike[str]) -> str:
    """``path`` as a string, or OSError (EINVAL) saying what is wrong with it.

    ``open()`` raises ValueError for a NUL character, which no file name can
    hold; this makes it an OSError like any other path that cannot be opened,
    so it is reported the same way.
    """
    name = os.fspath(path)
    if "\0" in name:
        raise OSError(errno.EINVAL, "a file name cannot contain a NUL character (\\0)", name)
    return name


def user_data_folder() -> Path:
    """Where SockLab keeps the user's files (saved packets, the self-signed
    certificate): ``$XDG_DATA_HOME/socklab``, by default ``~/.local/share/socklab``.
    The window and the command line both use it, so they share what is kept."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "socklab"
