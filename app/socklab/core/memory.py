"""Keep the memory a bulk receive frees for its next chunks (glibc's malloc).

A TCP session keeps every ``recv`` as a chunk of its own bytes (the log, a
capture, a save to file, an echo use them), and lets go of most of them a
moment later: at 5 GB/s that is some 80,000 chunks of 64 KiB a second,
allocated and freed. glibc hands the top of a thread's heap back to the
kernel as soon as 128 KiB lie free there (``M_TRIM_THRESHOLD``; it raises it
on its own only after large blocks were freed), so the next chunks fault
fresh zeroed pages in again. Measured on a 1 GiB transfer from a peer process
into the server tab: up to 60,000 page faults and twice the worker's CPU
(0.30-0.47 s instead of 0.15-0.17 s).

:func:`keep_freed_memory` fixes the thresholds where glibc's own adaptive
ones end up after a bulk transfer anyway: memory freed at the top of a heap is
handed back once 16 MiB of it lie free there, and blocks up to 4 MiB come from
the heap (so they are reused too, not mapped and unmapped each time). Other C
libraries (macOS, Windows, musl) are left as they are.
"""

from __future__ import annotations

import ctypes
import functools
import sys

#: mallopt() parameters (glibc's malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: Free memory at the top of a heap is given back to the kernel above this.
TRIM_THRESHOLD = 16 << 20
#: Blocks from this size on are mapped on their own (and unmapped when freed).
MMAP_THRESHOLD = 4 << 20


@functools.cache
def keep_freed_memory() -> bool:
    """Set glibc's trim and mmap thresholds (once per process); True if they
    are set, False where the C library is not glibc (nothing changes there)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - glibc only (musl has a mallopt that does nothing)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
