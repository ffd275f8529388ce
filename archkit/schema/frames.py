"""Tables of a catalog as pandas DataFrames, for notebooks."""

from __future__ import annotations

from typing import Any

from archkit.schema.model import Catalog

__all__ = ["columns_frame", "tables_frame"]


def tables_frame(catalog: Catalog) -> Any:
    """One row per table: columns, primary key, foreign keys (targets), indexes, comment."""
    import pandas as pd

    rows = []
    for key, t in catalog.tables.items():
        rows.append({
            "table": key,
            "columns": len(t.columns),
            "primary key": ", ".join(t.primary_key.columns) if t.primary_key else "",
            "references": ", ".join(sorted({f.ref_table for f in t.foreign_keys})),
            "indexes": len(t.indexes),
            "comment": t.comment or "",
        })
    return pd.DataFrame(rows).set_index("table")


def columns_frame(catalog: Catalog, table: str) -> Any:
    """One row per column of ``table``: type as written, base type, nullability, default."""
    import pandas as pd

    t = catalog.table(table)
    if t is None:
        raise KeyError(f"no table {table!r}")
    pk = set(t.primary_key.columns) if t.primary_key else set()
    fks = {c for f in t.foreign_keys for c in f.columns}
    return pd.DataFrame([{
        "column": c.name, "type": c.raw_type.lower(), "base type": c.type,
        "nullable": c.nullable, "default": c.default or "",
        "key": " ".join(k for k, on in (("PK", c.name in pk), ("FK", c.name in fks)) if on),
    } for c in t.columns.values()]).set_index("column")
