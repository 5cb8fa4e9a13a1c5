"""``--remove-stale``: before ``tcp serve`` / ``udp listen`` bind a Unix path,
remove a socket file a crashed program left there, after proving that nothing
listens on it (a connect is refused). Anything else at the path is kept."""

from __future__ import annotations

import argparse
import os
import sys

from socklab.core import SessionError, StaleFileError, is_stale, remove_stale


def remove_stale_if_asked(args: argparse.Namespace, kind: int) -> None:
    """Remove the stale file at ``args.address`` when ``--remove-stale`` asks;
    raises SessionError (exit 1) when the file is not stale."""
    path = args.address[0]
    if not getattr(args, "remove_stale", False) or not path.startswith("/"):
        return
    if not os.path.lexists(path):
        return  # nothing to remove
    try:
        stale = is_stale(path, kind)
        remove_stale(path, kind)
    except (StaleFileError, OSError) as exc:
        raise SessionError(f"remove {path}", str(exc)) from None
    if stale:
        print(
            f"socklab: removed the stale socket file {path} (nothing listened on it)",
            file=sys.stderr,
        )
