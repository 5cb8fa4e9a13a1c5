"""The frozen app's entry point: the same as the ``socklab`` command."""

import sys

from socklab.cli import main

if __name__ == "__main__":
    sys.exit(main())
