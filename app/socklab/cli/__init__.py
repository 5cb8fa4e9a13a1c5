"""``socklab``: with no arguments it opens the window; subcommands run headless.

Exit codes: 0 success, 1 network failure, 2 bad input, 130 interrupted.
"""

from __future__ import annotations

from collections.abc import Sequence

from .arguments import build_parser
from .commands import run_headless
from .output import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_NETWORK, EXIT_OK

__all__ = ["EXIT_INPUT", "EXIT_INTERRUPTED", "EXIT_NETWORK", "EXIT_OK", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """The console entry point."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.protocol is None:
        from ..gui.main import run_gui  # Qt is imported only when the window is wanted

        return run_gui(self_test=args.self_test)
    if args.protocol == "packets":
        from .packets_commands import run_packets

        return run_packets(parser, args)
    return run_headless(parser, args)
