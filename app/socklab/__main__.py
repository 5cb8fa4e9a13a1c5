"""``python -m socklab``: the same as the ``socklab`` command."""

import sys

from socklab.cli import main

sys.exit(main())
