"""``socklab``: with no arguments it opens the window; subcommands run headless.

Exit codes: 0 success, 1 network failure, 2 bad input, 130 interrupted.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

# The engine's modules make tens of thousands of objects that live as long as
# the process: the garbage collector's passes over them while they are imported
# (~60 before the window can start) find nothing to free. They are imported with
# it off and then frozen (gc.freeze), out of every later pass's way.
gc.disable()
try:
    from .output import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_NETWORK, EXIT_OK
finally:
    gc.freeze()
    gc.enable()

__all__ = ["EXIT_INPUT", "EXIT_INTERRUPTED", "EXIT_NETWORK", "EXIT_OK", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """The console entry point.

    With no arguments it opens the window at once: the command line's parser
    and the headless commands (a fifth of the engine's imports) are not needed.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    if not words:
        return _open_window(self_test=False)
    from .arguments import build_parser
    from .commands import run_headless

    parser = build_parser()
    args = parser.parse_args(words)
    if args.protocol is None:
        return _open_window(self_test=args.self_test)
    if args.protocol == "packets":
        from .packets_commands import run_packets

        return run_packets(parser, args)
    return run_headless(parser, args)


def _open_window(self_test: bool) -> int:
    gc.disable()  # until the window is up: see socklab.gui.main.run_gui
    from ..gui.main import run_gui  # Qt is imported only when the window is wanted

    return run_gui(self_test=self_test)
