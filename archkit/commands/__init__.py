"""Subcommands of the ``archkit`` CLI, one module per area (cheap to import)."""
