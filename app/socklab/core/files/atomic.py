"""Files the user keeps, written atomically: a temporary file beside the target,
renamed over it only once everything is written.

A failure at any point (a full disk, an error while producing the content, an
interrupted program) leaves the earlier file as it was and no temporary file
behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .paths import checked_path


class AtomicFile:
    """A temporary file beside *path*; :meth:`commit` renames it over *path*.

    Use it as a context manager (committed when the block ends without an
    exception, discarded otherwise), or call :meth:`commit` / :meth:`discard`
    yourself for a file written over a longer time (a receive job).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        mode: str = "w",
        *,
        encoding: str | None = None,
        newline: str | None = None,
    ) -> None:
        if mode not in ("w", "wb"):
            raise ValueError(f"AtomicFile writes a new file ('w' or 'wb'), not {mode!r}")
        self.path = Path(checked_path(path))
        fd, temp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        self.temp_path = Path(temp)
        try:
            os.fchmod(fd, _mode_for(self.path))
            self.file: IO[Any] = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        except BaseException:
            os.close(fd)
            self.temp_path.unlink(missing_ok=True)
            raise
        self._done = False

    def commit(self) -> None:
        """Flush, sync and rename the temporary file over the target."""
        if self._done:
            return
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            os.replace(self.temp_path, self.path)
        except BaseException:
            self.discard()
            raise
        self._done = True

    def discard(self) -> None:
        """Close and remove the temporary file; the target is left as it was."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            self.file.close()
        self.temp_path.unlink(missing_ok=True)

    def __enter__(self) -> IO[Any]:
        return self.file

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    encoding: str | None = None,
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """``with atomic_write(path, encoding="utf-8") as file:`` -- all or nothing."""
    with AtomicFile(path, mode, encoding=encoding, newline=newline) as file:
        yield file


def _mode_for(path: Path) -> int:
    """The permission bits the file gets: the earlier file's, else what open() would give."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (threads write files)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o022)
    os.umask(umask)
    return umask
