"""Schema rules, one module per section of the catalogue (keys, types, names, indexes,
migration, parse). Importing this package registers them all; it stays cheap (sqlglot is
imported only when a check runs)."""

import importlib

SECTIONS = ("sql", "keys", "types", "names", "docs", "indexes", "migration")

for _name in SECTIONS:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:  # a section not written yet
        if _exc.name != f"{__name__}.{_name}":
            raise
