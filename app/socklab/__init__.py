"""SockLab: a socket tester that shows what the socket API does.

``socklab.__version__`` is read from the installed package's metadata the first
time it is asked for (importlib.metadata costs the window's start ~40 ms).
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("socklab")
    except PackageNotFoundError:  # running from a checkout that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
