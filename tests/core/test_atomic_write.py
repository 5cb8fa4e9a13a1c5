"""Files the user keeps are written whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest

from socklab.core.files.atomic import AtomicFile, atomic_write


def test_a_write_replaces_the_file_whole(tmp_path):
    path = tmp_path / "log.txt"
    path.write_text("old\n")
    with atomic_write(path, encoding="utf-8") as file:
        file.write("new\n")
        assert path.read_text() == "old\n", "the target changes only at the end"
    assert path.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["log.txt"]


def test_an_error_while_writing_keeps_the_earlier_file_and_no_temporary(tmp_path):
    path = tmp_path / "log.txt"
    path.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_write(path, encoding="utf-8") as file:
        file.write("half of the new")
        raise RuntimeError("the content could not be produced")
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["log.txt"]


def test_a_full_disk_at_commit_keeps_the_earlier_file(tmp_path):
    # /dev/full fails every write with ENOSPC: stand in for the temporary file's
    # descriptor by pointing it there, so the flush at commit fails for real.
    path = tmp_path / "capture.bin"
    path.write_bytes(b"kept")
    writer = AtomicFile(path, "wb")
    full = os.open("/dev/full", os.O_WRONLY)
    try:
        os.dup2(full, writer.file.fileno())
    finally:
        os.close(full)
    writer.file.write(b"x" * 100)
    with pytest.raises(OSError) as caught:
        writer.commit()
    assert caught.value.errno == 28  # ENOSPC
    assert path.read_bytes() == b"kept"
    assert os.listdir(tmp_path) == ["capture.bin"]


def test_the_earlier_files_permissions_are_kept(tmp_path):
    path = tmp_path / "script.py"
    path.write_text("print(1)\n")
    path.chmod(0o755)
    with atomic_write(path, encoding="utf-8") as file:
        file.write("print(2)\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o755


def test_a_new_file_gets_what_open_would_give(tmp_path):
    umask = os.umask(0o027)
    try:
        with atomic_write(tmp_path / "new.txt") as file:
            file.write("x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_a_folder_that_does_not_exist_fails_before_anything_is_written(tmp_path):
    with pytest.raises(FileNotFoundError):
        AtomicFile(tmp_path / "missing" / "x.txt")
