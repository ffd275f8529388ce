"""Compare the same schema written for several dialects: what each parses, builds and
flags. Returns a pandas DataFrame (rows: measures and rule ids; columns: dialects)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["compare_dialects"]


def compare_dialects(inputs: Mapping[str, Any], config: Any = None) -> Any:
    """``{dialect: path or SQL text}`` -> DataFrame of tables, foreign keys, indexes,
    statements not analysed, syntax errors and findings per rule, one column per dialect."""
    import pandas as pd

    from archkit.schema.catalog import build_catalog
    from archkit.schema.check import CheckConfig, check_catalog, to_sources
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parallel import parse_sources

    columns: dict[str, dict[str, int]] = {}
    for dialect, source in inputs.items():
        d = get_dialect(dialect)
        conf = CheckConfig.make(d.name, config)
        statements = parse_sources(to_sources(source), d)
        catalog = build_catalog(statements, d)
        report = check_catalog(catalog, conf, d)
        col = {
            "statements": len(statements),
            "tables": len(catalog.tables),
            "foreign keys": sum(len(t.foreign_keys) for t in catalog.tables.values()),
            "indexes": sum(len(t.indexes) for t in catalog.tables.values()),
        }
        for rule in report.rules():
            col[rule] = len(report.by_rule(rule))
        columns[d.name] = col
    frame = pd.DataFrame(columns).fillna(0).astype(int)
    head = ["statements", "tables", "foreign keys", "indexes"]
    return frame.loc[head + sorted(i for i in frame.index if i not in head)]
