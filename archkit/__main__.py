"""``python -m archkit`` is the same as the ``archkit`` command."""

from archkit.cli import run

run()
