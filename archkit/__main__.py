"""``python -m archkit`` is the same as the ``archkit`` command."""

import sys

from archkit.cli import main

sys.exit(main())
