"""Schema validation: parse SQL DDL with sqlglot, build a catalog, run the schema rules.

::

    from archkit.schema import load_schema, check
    cat = load_schema(sql_text, dialect="postgres")     # Catalog
    report = check(["schema/001.sql"], dialect="postgres")   # Report

Importing this package is cheap: sqlglot is imported when a function is first called.
"""

from __future__ import annotations

from typing import Any

# ``check`` is both a submodule and the function it defines: bind the function now (the
# module is cheap: sqlglot is imported inside its functions), so that importing
# ``archkit.schema.check`` later cannot replace the function with the module.
from archkit.schema.check import check

__all__ = ["Catalog", "IncrementalChecker", "check", "get_dialect", "load_schema"]

_LAZY = {
    "load_schema": ("archkit.schema.catalog", "load_schema"),
    "build_catalog": ("archkit.schema.catalog", "build_catalog"),
    "CheckResult": ("archkit.schema.check", "CheckResult"),
    "IncrementalChecker": ("archkit.schema.cache", "IncrementalChecker"),
    "Catalog": ("archkit.schema.model", "Catalog"),
    "get_dialect": ("archkit.schema.dialects", "get_dialect"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'archkit.schema' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
