"""Caches that make re-checking cheap.

- :class:`ResultCache` (on disk): the findings of a check, keyed by a hash of the input
  texts, their paths, the configuration and the sqlglot and archkit versions. An
  unchanged input is answered without parsing; any change (one byte, a rule setting,
  an upgrade) misses. Files are written atomically; a damaged entry is ignored.
- :class:`IncrementalChecker` (in memory, for notebooks): keeps every parsed statement
  by content hash, so after editing one statement only that statement is parsed again
  before the catalog is rebuilt and the rules run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from archkit.findings import Finding, Report

__all__ = ["ResultCache", "IncrementalChecker", "cache_dir", "version_key"]


def cache_dir() -> Path:
    """``$ARCHKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/archkit``, else ``~/.cache/archkit``."""
    env = os.environ.get("ARCHKIT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archkit"


def version_key() -> str:
    from importlib.metadata import PackageNotFoundError, version

    import archkit

    try:
        sg = version("sqlglot")
    except PackageNotFoundError:  # pragma: no cover
        sg = "?"
    return f"archkit={archkit.__version__};sqlglot={sg};format=1"


def _rules_fingerprint() -> str:
    """The registered schema rules' ids and source files' mtimes: editing a rule misses."""
    import archkit.schema.rules as rules_pkg
    from archkit.schema.registry import SCHEMA_RULES

    parts = sorted(SCHEMA_RULES)
    folder = Path(rules_pkg.__file__).parent
    for f in sorted(folder.glob("*.py")):
        try:
            parts.append(f"{f.name}:{f.stat().st_mtime_ns}")
        except OSError:
            pass
    return ";".join(parts)


class ResultCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = (folder or cache_dir()) / "schema-results"

    def key(self, sources: Sequence[Any], conf: Any, workload: Sequence[Any] = ()) -> str:
        h = hashlib.sha256()
        h.update(version_key().encode())
        h.update(_rules_fingerprint().encode())
        h.update(conf.key().encode())
        for group, items in (("schema", sources), ("workload", workload)):
            h.update(group.encode())
            for s in items:
                h.update(b"\0" + (s.path or "<input>").encode() + b"\0")
                h.update(hashlib.sha256(s.text.encode("utf-8", "surrogatepass")).digest())
        return h.hexdigest()

    def get(self, key: str) -> Report | None:
        path = self.folder / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Report([Finding.from_dict(d) for d in data["findings"]],
                          title=data.get("title", "archkit schema check"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, report: Report) -> None:
        from archkit.workspace import atomic_write

        data = {"findings": [f.to_dict() for f in report], "title": report.title}
        try:
            atomic_write(self.folder / f"{key}.json", json.dumps(data), overwrite=True)
        except OSError:
            pass   # a read-only or full cache folder must not fail the check

    def check(self, sources: Sequence[Any], conf: Any, workload: Sequence[Any] = (),
              workers: int | None = None, progress: bool = False) -> Report:
        from archkit.schema.check import check_sources

        key = self.key(sources, conf, workload)
        hit = self.get(key)
        if hit is not None:
            return hit
        report = check_sources(sources, conf, workload, workers=workers, progress=progress)
        self.put(key, report)
        return report


class IncrementalChecker:
    """Re-check a schema after small edits, parsing only the statements that changed.

    ::

        ic = IncrementalChecker(sql_text, dialect="postgres")
        ic.report                    # the first full check
        ic.edit(3, "CREATE TABLE ...")   # replace statement 3, re-check
        ic.check(new_text)           # or give the whole edited text
    """

    def __init__(self, sql: str = "", dialect: str = "postgres", config: Any = None,
                 path: str | None = None) -> None:
        from archkit.schema.check import CheckConfig
        from archkit.schema.dialects import get_dialect

        self.conf = CheckConfig.make(dialect, config)
        self.dialect = get_dialect(self.conf.dialect)
        self.path = path
        self._parsed: dict[str, tuple[Any, bool, Any]] = {}
        self.statements: list[Any] = []
        self.parsed_last = 0
        self.report = Report()
        self.catalog: Any = None
        if sql:
            self.check(sql)

    def _parse(self, raw: Any) -> Any:
        from archkit.schema.parse import parse_statement

        key = raw.sql
        hit = self._parsed.get(key)
        if hit is None or raw.unterminated is not None:
            stmt = parse_statement(raw, self.dialect, self.path, 0)
            self.parsed_last += 1
            if raw.unterminated is None:
                rel = None if stmt.error is None else replace(
                    stmt.error, line=stmt.error.line - raw.line + 1,
                    col=stmt.error.col - raw.col + 1 if stmt.error.line == raw.line else stmt.error.col)
                self._parsed[key] = (stmt.tree, stmt.raw, rel)
            return stmt
        from archkit.schema.model import Statement
        from archkit.schema.parse import classify, statement_suppressions

        tree, is_raw, rel = hit
        stmt = Statement(index=0, sql=raw.sql, path=self.path, line=raw.line, col=raw.col,
                         end_line=raw.end_line, kind=classify(raw.sql), tree=tree, raw=is_raw,
                         offset=raw.start)
        if rel is not None:
            stmt.error = replace(rel, line=rel.line + raw.line - 1,
                                 col=rel.col + raw.col - 1 if rel.line == 1 else rel.col)
        if "archkit" in raw.lead or "archkit" in raw.sql or "archkit" in raw.trailer:
            stmt.suppressions = statement_suppressions(raw, self.path)
        return stmt

    def check(self, sql: str) -> Report:
        """Check the whole (edited) text; unchanged statements are not parsed again."""
        from archkit.schema.split import LineIndex, split_sql

        self.text = sql
        self.parsed_last = 0
        lines = LineIndex(sql)
        stmts = []
        for i, raw in enumerate(split_sql(sql, self.dialect.name, lines)):
            s = self._parse(raw)
            s.index = i
            stmts.append(s)
        self.statements = stmts
        return self._run()

    def edit(self, index: int, new_sql: str) -> Report:
        """Replace statement ``index`` (0-based) by ``new_sql`` and re-check."""
        if not 0 <= index < len(self.statements):
            raise IndexError(f"no statement {index}: there are {len(self.statements)}")
        old = self.statements[index]
        text = self.text
        start = old.offset
        end = start + len(old.sql)
        self.text = text[:start] + new_sql.strip().rstrip(";") + text[end:]
        # the statements after the edited one keep their trees; only positions move
        return self.check(self.text)

    def _run(self) -> Report:
        from archkit.schema.catalog import build_catalog
        from archkit.schema.check import check_catalog

        self.catalog = build_catalog(self.statements, self.dialect)
        self.report = check_catalog(self.catalog, self.conf, self.dialect)
        return self.report
