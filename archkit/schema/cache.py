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
import marshal
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import fields, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from archkit.findings import Finding, Report, Severity, finding_rows, from_rows
from archkit.schema.model import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    PrimaryKey,
    Table,
    UniqueConstraint,
)
from archkit.schema.model import judged as _checked
from archkit.schema.shift import LineShift

__all__ = ["IncrementalChecker", "ResultCache", "cache_dir", "version_key"]


def cache_dir() -> Path:
    """``$ARCHKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/archkit``, else ``~/.cache/archkit``."""
    env = os.environ.get("ARCHKIT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archkit"


def version_key() -> str:
    """archkit's and sqlglot's versions, read without importing sqlglot (a warm run
    must not pay for it) nor scanning installed distributions."""
    import importlib.util
    import re

    import archkit

    sg = "?"
    spec = importlib.util.find_spec("sqlglot")
    if spec is not None and spec.origin:
        try:
            text = (Path(spec.origin).parent / "_version.py").read_text(encoding="utf-8")
            m = re.search(r"""(?:__version__|version)\s*(?::\s*str\s*)?=\s*['"]([^'"]+)""", text)
            sg = m.group(1) if m else f"mtime:{Path(spec.origin).stat().st_mtime_ns}"
        except OSError:
            pass
    # entries are marshal data (see ResultCache): its format is Python's own
    return (f"archkit={archkit.__version__};sqlglot={sg};python={sys.version_info[0]}."
            f"{sys.version_info[1]};marshal={marshal.version};format=3")


def _code_fingerprint() -> str:
    """Modification times of archkit's sources that a cached result depends on: the
    checker and every rule (archkit.schema), and the package's own modules (the text
    rendering stored with a result is findings.py's, suppressions are suppress.py's, the
    rule catalogue rules.py's): any code change misses, without importing the rules.
    (An editable install keeps its version across changes: scout Z's renderer edit was
    answered from the cache.)"""
    folder = Path(__file__).parent
    package = folder.parent
    parts = []
    for f in sorted([*package.glob("*.py"), *folder.glob("*.py"), *folder.glob("rules/*.py")]):
        try:
            parts.append(f"{f.relative_to(package)}:{f.stat().st_mtime_ns}")
        except OSError:
            pass
    return ";".join(parts)


_SEVERITIES = frozenset(s.value for s in Severity)


class CachedReport(Report):
    """A Report read from the cache, with the renderings stored alongside it.

    The findings are built from the stored rows only when something reads them: a warm
    ``archkit schema check`` prints the stored text and needs only the severities."""

    def __init__(self, findings: list[Finding] | None = None,
                 title: str = "archkit schema check",
                 rendered: dict[str, str] | None = None,
                 rows: list[list[Any]] | None = None) -> None:
        self._rows = rows
        super().__init__(findings if findings is not None else [], title=title)
        self._rendered = rendered or {}

    @property  # type: ignore[override]
    def findings(self) -> list[Finding]:
        built = self.__dict__.get("_findings")
        if built is None:
            built = from_rows(self._rows or ())
            self.__dict__["_findings"] = built
            self._rows = None
        return built

    @findings.setter
    def findings(self, value: list[Finding]) -> None:
        if self._rows is None or value:
            self.__dict__["_findings"] = value
            self._rows = None if value else self._rows

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self.findings)

    def exit_code(self, fail_on: str = "error") -> int:
        if self._rows is None or fail_on == "never":
            return super().exit_code(fail_on)
        floor = Severity.parse(fail_on)
        return 1 if any(Severity(r[2]) >= floor for r in self._rows) else 0

    def render(self, fmt: str = "text") -> str:
        hit = self._rendered.get(fmt)
        return hit if hit is not None else super().render(fmt)


class ResultCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = (folder or cache_dir()) / "schema-results"

    def key(self, sources: Sequence[Any], conf: Any, workload: Sequence[Any] = ()) -> str:
        h = hashlib.sha256()
        h.update(version_key().encode())
        h.update(_code_fingerprint().encode())
        h.update(conf.key().encode())
        for group, items in (("schema", sources), ("workload", workload)):
            h.update(group.encode())
            for s in items:
                h.update(b"\0" + (s.path or "<input>").encode() + b"\0")
                if conf.since is not None and s.path:
                    # (--since is matched with the files by where they resolve to, which
                    # the folder and symlinks decide: the warm run of another folder
                    # replayed this one's review; scout BC)
                    h.update(os.path.realpath(s.path).encode("utf-8", "surrogatepass"))
                h.update(hashlib.sha256(s.text.encode("utf-8", "surrogatepass")).digest())
        return h.hexdigest()

    # An entry is a SHA-256 digest of its payload, then the payload: marshal data (what
    # Python's .pyc files are made of) of {"findings": rows, "title", "rendered"}. On
    # 2,000 tables marshal writes it in ~20 ms and reads it in ~11 ms, where JSON took
    # ~65 ms and ~30 ms. The digest rejects a damaged entry before it is read; the
    # shape of what was read is checked too. A bad entry is ignored (and rewritten).
    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.bin"

    def get(self, key: str) -> Report | None:
        try:
            blob = self._path(key).read_bytes()
            digest, payload = blob[:32], memoryview(blob)[32:]
            if hashlib.sha256(payload).digest() != digest:
                return None
            data = marshal.loads(payload)
            rows = data["findings"]
            if not isinstance(rows, list) or not all(
                    isinstance(r, tuple) and len(r) == 9 and r[2] in _SEVERITIES for r in rows):
                return None
            rendered = data.get("rendered") or {}
            if not isinstance(rendered, dict) or not all(
                    isinstance(v, str) for v in rendered.values()):
                return None
            return CachedReport(None, title=str(data.get("title", "archkit schema check")),
                                rendered=rendered, rows=rows)
        except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError,
                AttributeError):
            return None

    def put(self, key: str, report: Report, text: str | None = None) -> None:
        from archkit.errors import InputError
        from archkit.workspace import atomic_write

        rows = finding_rows(report)
        # the text rendering too: an unchanged input is then answered without formatting
        data = {"findings": rows, "title": report.title,
                "rendered": {"text": text if text is not None else report.to_text()}}
        payload = marshal.dumps(data)
        try:
            # a cache: no fsync (get() checks the digest and ignores a bad entry)
            atomic_write(self._path(key), hashlib.sha256(payload).digest() + payload,
                         overwrite=True, durable=False)
        except (OSError, InputError):
            # a read-only or full cache folder, or one that is a file (ARCHKIT_CACHE_DIR,
            # HOME=/nonexistent in a CI container) must not fail the check: the cache is
            # only a shortcut (scout Z)
            pass

    def check(self, sources: Sequence[Any], conf: Any, workload: Sequence[Any] = (),
              workers: int | None = None, progress: bool = False) -> Report:
        from archkit.schema.check import check_sources

        key = self.key(sources, conf, workload)
        hit = self.get(key)
        if hit is not None:
            return hit
        report = check_sources(sources, conf, workload, workers=workers, progress=progress)
        text = report.to_text()
        self.put(key, report, text)
        return CachedReport(report.findings, report.title, {"text": text})


class IncrementalChecker:
    """Re-check a schema after small edits, parsing only the statements that changed.

    ::

        ic = IncrementalChecker(sql_text, dialect="postgres")   # or .from_files(paths, ...)
        ic.report                                  # the first full check
        ic.edit(ic.statement_of("payments"), "CREATE TABLE payments (...)")
        ic.parsed_last                             # 1: only the edited statement was parsed
    """

    def __init__(self, sql: str = "", dialect: str | None = "postgres", config: Any = None,
                 path: str | None = None) -> None:
        from archkit.schema.check import CheckConfig
        from archkit.schema.dialects import get_dialect

        self.conf = CheckConfig.make(dialect, config)
        self.dialect = get_dialect(self.conf.dialect)
        self._parsed: dict[str, tuple[Any, bool, Any]] = {}
        # statements (with their catalog fragments) by (text, file, col, ...): one is
        # reused where it is now (an edit that adds lines moves the later ones in place:
        # _move)
        self._statements: dict[tuple[Any, ...], Any] = {}
        self.files: list[list[Any]] = [[path, sql]]
        self.statements: list[Any] = []
        self.parsed_last = 0
        self.report = Report()
        self.catalog: Any = None
        # what the last run left for the next one: findings by rule, the edited
        # statement (old, new) when only one changed in place, the sorted report with
        # its sort keys, the column-name index and how many statements carry markers
        self._found: dict[str, list[Finding]] | None = None
        self._changed: tuple[Any, Any] | None = None
        self._sorted: tuple[list[Finding], list[tuple]] | None = None
        self._by_name: dict[str, list[Any]] | None = None
        self._name_found: dict[str, tuple[list[Any], list[Finding]]] = {}
        self._positions: dict[str, int] | None = None
        # whether the index's rows may hold tables that are not the last catalog's
        self._rows_foreign = False
        self._marked: int | None = None
        # for each table key, the statements after its CREATE TABLE that change it (None:
        # some statement changes several tables or cannot be placed; see _patched)
        self._plan: tuple[dict[str, int], dict[str, list[Any]]] | None = None
        self._plan_ok = False
        # the lines the last edit moved later statements by (see _move), until _run
        self._shifted: LineShift | None = None
        # whether a re-split found statements on other lines than the last run's
        self._relined = False
        if sql:
            self.recheck()

    @classmethod
    def from_files(cls, paths: Sequence[Any], dialect: str | None = None,
                   config: Any = None, encoding: str | None = None) -> IncrementalChecker:
        """Check ``.sql`` files (in path order) as one schema; edits stay in memory.
        ``encoding`` of the files: as :func:`archkit.schema.check.check` takes it."""
        from archkit.schema.parse import read_sources

        ic = cls("", dialect, config)
        encoding = encoding or ic.conf.encoding
        ic.files = [[s.path, s.text] for s in read_sources(paths, encoding)]
        ic.recheck()
        return ic

    @property
    def text(self) -> str:
        """The (edited) SQL, all files joined."""
        return "".join(t if t.endswith("\n") else t + "\n" for _p, t in self.files)

    def _parse(self, raw: Any, path: str | None, index: int = 0) -> Any:
        # a statement that did not change or move is reused as it is (tree, fragment, kind)
        # (element_of: the schema it is in, from a CREATE SCHEMA or USE SCHEMA around it)
        key = _statement_key(raw, path, index)
        same = self._statements.get(key)
        if same is not None and same.line == raw.line and same.end_line == raw.end_line:
            # (end_line too: a marker in it covers the statement to its ';', and a ';'
            # moved up left the last range over a statement added after it; scout AZ)
            same.offset = raw.start    # earlier statements may have changed length
            return same
        stmt = self._parse_one(raw, path, index)
        if raw.wrapped:
            stmt.__dict__["wrapped"] = True     # (a DO block's: see _splice)
        if raw.unterminated is None:
            self._statements[key] = stmt
        return stmt

    def _parse_one(self, raw: Any, path: str | None, index: int) -> Any:
        stmt = self._parse_tree(raw, path)
        stmt.index = index
        if stmt.kind in ("CREATE TABLE", "CREATE INDEX") and stmt.tree is not None \
                and not stmt.raw and stmt.error is None:
            from archkit.schema.catalog import fragment

            made = fragment(stmt, self.dialect)
            if made is not None:
                stmt.fragment = made  # type: ignore[attr-defined]
        return stmt

    def _parse_tree(self, raw: Any, path: str | None) -> Any:
        from archkit.schema.model import Statement
        from archkit.schema.parse import (
            LazyStatement,
            classify,
            parse_statement,
            statement_suppressions,
        )

        # (a tree from other text is reused only where nothing around it qualifies it)
        plain = raw.element_of is None and (raw.home is None
                                            or raw.home.lower() not in raw.sql.lower())
        hit = self._parsed.get(raw.sql) if plain else None
        if hit is None or raw.unterminated is not None:
            stmt = parse_statement(raw, self.dialect, path, 0)
            self.parsed_last += 1
            # (bulk rows are not parsed, so there is no tree to remember: parse_statement
            # makes such a statement again at once)
            if raw.unterminated is None and type(stmt) is not LazyStatement and \
                    plain:                        # (an element's tree names its schema)
                rel = None if stmt.error is None else replace(
                    stmt.error, line=stmt.error.line - raw.line + 1,
                    col=stmt.error.col - raw.col + 1 if stmt.error.line == raw.line
                    else stmt.error.col)
                self._parsed[raw.sql] = (stmt.tree, stmt.raw, rel)
            return stmt
        tree, is_raw, rel = hit
        stmt = Statement(index=0, sql=raw.sql, path=path, line=raw.line, col=raw.col,
                         end_line=raw.end_line, kind=classify(raw.sql), tree=tree, raw=is_raw,
                         offset=raw.start)
        if rel is not None:
            stmt.error = replace(rel, line=rel.line + raw.line - 1,
                                 col=rel.col + raw.col - 1 if rel.line == 1 else rel.col)
        stmt.suppressions = statement_suppressions(raw, path)
        return stmt

    def check(self, sql: str) -> Report:
        """Check a whole new text (one file); unchanged statements are not parsed again."""
        self.files = [[self.files[0][0] if self.files else None, sql]]
        return self.recheck()

    def recheck(self) -> Report:
        from archkit.schema.split import LineIndex, split_sql

        if len(self._statements) > 4 * max(len(self.statements), 1000):
            self._statements.clear()     # bound the memory of long editing sessions
        self.parsed_last = 0
        stmts = []
        for path, text in self.files:
            lines = LineIndex(text)
            for raw in split_sql(text, self.dialect.name, lines):
                s = self._parse(raw, path, len(stmts))
                stmts.append(s)
        old = self.statements
        # (findings name other statements' lines: AK-NM003's "(a.sql:3)"; scout AZ)
        self._relined = len(old) != len(stmts) or any(
            a.line != b.line or a.path != b.path for a, b in zip(old, stmts))
        self.statements = stmts
        self._changed = None
        self._plan_ok = False
        return self._run()

    def statement_of(self, table: str) -> int:
        """Index of the CREATE TABLE statement of ``table`` (as the catalog keys it, or as
        written unquoted: ``Users`` is ``users`` on SQL Server and SQLite, ``USERS`` on
        oracle)."""
        t = self.catalog.table(table) if self.catalog is not None else None
        if t is None and self.catalog is not None:
            parts = [self.dialect.normalise(p) for p in table.split(".")]
            t = self.catalog.table(".".join(parts))
            default = self.dialect.default_schema
            if t is None and len(parts) == 2 and default is not None and \
                    parts[0] == self.dialect.normalise(default):
                t = self.catalog.table(parts[1])     # (dbo.Customers: the catalog's customers)
        if t is None or t.statement < 0:
            raise KeyError(f"no CREATE TABLE for {table!r}")
        return t.statement

    def edit(self, index: int, new_sql: str) -> Report:
        """Replace statement ``index`` (0-based) by ``new_sql`` and re-check; an empty
        ``new_sql`` deletes the statement."""
        if not 0 <= index < len(self.statements):
            raise IndexError(f"no statement {index}: there are {len(self.statements)}")
        old = self.statements[index]
        new = new_sql.strip().rstrip(";").rstrip()
        if new and _ends_in_comment(new, self.dialect.name):
            # (a marker at its end, '... -- archkit: ignore[AK-PK001] why': the ';' after
            # it would be in the comment, and the next statement run on into this one)
            new += "\n"
        for entry in self.files:
            if entry[0] == old.path:
                text = entry[1]
                end = old.offset + len(old.sql)
                if not new:         # deleted: its ';' goes too, and its line if left empty
                    gone = re.match(r"[ \t]*;[ \t]*\n?", text[end:])
                    end += gone.end() if gone else 0
                entry[1] = text[:old.offset] + new + text[end:]
                break
        from archkit.schema.parallel import gc_paused

        with gc_paused():
            if self._splice(index, old, new):
                return self._run()
            return self.recheck()

    def _splice(self, index: int, old: Any, new: str) -> bool:
        """Fast path: the edit stays one statement, so the statements after it keep their
        text and order; they move by the lines the edit adds or removes (:meth:`_move`)
        and by its change of length. Nothing is split again but the edited text. False
        when the full re-split is needed."""
        from dataclasses import replace as dc_replace

        from archkit.schema.split import split_sql

        lines = new.count("\n") - old.sql.count("\n")
        if getattr(old, "element_of", None) is not None:
            return False     # a schema element: its schema comes from the split around it
        from archkit.schema.search_path import schema_switch

        if schema_switch(old.sql, self.dialect.name) is not None or \
                schema_switch(new, self.dialect.name) is not None:
            return False     # USE SCHEMA s ...: the statements after it change schema
        if new[:4].upper() == "COPY" or old.sql[:4].upper() == "COPY":
            return False     # COPY ... FROM stdin: the data rows after it are split too
        raws = split_sql(new, self.dialect.name)
        if len(raws) != 1 or raws[0].sql != new[raws[0].start:] \
                or raws[0].unterminated is not None:
            return False
        # (comments written before it, a marker above it: what a split of the file finds
        # before the statement, which starts that many lines lower)
        r = raws[0]
        if new[:r.start].strip() and not r.lead:
            return False
        text = next(t for p, t in self.files if p == old.path)
        prev = next((s for s in reversed(self.statements[:index]) if s.path == old.path), None)
        if prev is not None and ";" not in text[prev.offset + len(prev.sql):old.offset] and (
                r.start or new.split(None, 1)[:1] != old.sql.split(None, 1)[:1]):
            return False     # the statement before has no ';' (T-SQL): it ends where a split
                             # finds this one starting, which a comment or another first
                             # word may move (scout AZ)
        if r.start and text[text.rfind("\n", 0, old.offset) + 1:old.offset].strip():
            return False     # a comment before it, where another statement or a comment
                             # ends its first line: the split reads it as theirs (scout AZ)
        path = old.path
        nxt = next((s for s in self.statements[index + 1:index + 2] if s.path == path), None)
        if nxt is None and index + 1 < len(self.statements):
            nxt = next((s for s in self.statements[index + 1:] if s.path == path), None)
        if nxt is not None and nxt.line == old.end_line:
            return False     # another statement on the edited statement's last line
        if r.lead and old.__dict__.get("wrapped"):
            return False     # (inside a DO block a comment before it is the block's text)
        if not re.match(r"\s*;", text[old.offset + len(new):]):
            return False     # no ';' after it: where it ends depends on its text (tsql
                             # scripts end a statement where the next one starts)
        after = re.match(r"[ \t]*;?([^\n]*)", text[old.offset + len(new):])
        trailer = after.group(1) if after and after.group(1).lstrip().startswith(
            ("--", "#", "/*")) else ""
        at = old.offset + len(new) + after.start(1) if trailer and after else 0
        trailer_col = at - text.rfind("\n", 0, at) if trailer else 0
        if lines:       # every later statement of the file moves by as many lines
            self._move(index, LineShift(path, old.end_line, lines))
        line = old.line + r.line - 1
        raw = dc_replace(r, start=old.offset + r.start, end=old.offset + len(new), line=line,
                         col=old.col + r.col - 1 if r.line == 1 else r.col,
                         end_line=old.end_line + lines, trailer=trailer,
                         trailer_col=trailer_col,
                         lead_line=old.line + r.lead_line - 1 if r.lead else 0,
                         wrapped=bool(old.__dict__.get("wrapped")))
        self.parsed_last = 0
        stmt = self._parse(raw, old.path, index)
        # markers above the statement did not change; those in it and after it are re-read
        # (then it is no longer kept for reuse: a split finds those markers in the
        # statement's lead, so what is kept under this key, with none, is for a text
        # without them)
        above = [replace(m, last_line=m.last_line + lines) if lines else m     # (they cover
                 for m in old.suppressions if m.line < old.line]              # it to its end)
        if above:
            self._statements.pop(_statement_key(raw, old.path, index), None)
            stmt.suppressions = above + [s for s in stmt.suppressions if s.line >= old.line]
        delta = len(new) - len(old.sql)
        if delta:
            for s in self.statements[index + 1:]:
                if s.path == path:
                    s.offset += delta
        self.statements[index] = stmt
        self._changed = (old, stmt)
        return True

    def _move(self, index: int, shift: LineShift) -> None:
        """Move what this checker knows about the statements after ``index`` in the
        edited file by ``shift.delta`` lines: the statements (and so the positions made
        from them, in the last catalog, its fragments and the rules' caches) and the
        findings. The next run then sees one statement edited in place, as after an edit
        that keeps its lines."""
        moved = shift.statements(self.statements[index + 1:])
        if self._rows_foreign:      # (the column-name index holds other tables: made again)
            self._by_name, self._name_found = None, {}
        for s in moved:
            frag = s.__dict__.get("fragment")
            if isinstance(frag, Table) and frag.options.get("conflicts"):
                # (a conflict's message names lines: "first at line 3"; made again here)
                from archkit.schema.catalog import fragment

                s.fragment = fragment(s, self.dialect)
        memo: dict[int, Finding] = {}
        if self._sorted is not None:
            self._sorted = shift.sorted_findings(*self._sorted, memo)
        if self._found is not None:
            self._found = {rid: shift.findings(fs, memo) for rid, fs in self._found.items()}
        self._name_found = {n: (rows, shift.findings(fs, memo))
                            for n, (rows, fs) in self._name_found.items()}
        self._shifted = shift

    def _run(self) -> Report:
        from archkit.schema.catalog import build_catalog
        from archkit.schema.check import (
            enabled_rules,
            fill_names,
            finish_report,
            parse_findings,
            rule_options,
        )
        from archkit.schema.parse import VIEW_KINDS
        from archkit.schema.registry import SchemaContext

        prev, prev_found = self.catalog, self._found
        changed, self._changed = self._changed, None
        shifted, self._shifted = self._shifted, None
        relined, self._relined = self._relined, False
        catalog = self._patched(prev, changed) if changed is not None else None
        if catalog is None:
            catalog = build_catalog(self.statements, self.dialect)
            # (its tables are new objects: the column-name index keeps the old ones)
            self._rows_foreign = True
        dirty = _dirty_tables(prev, catalog) if prev_found is not None else None
        if dirty is not None and len(dirty) * 3 > len(catalog.tables) > 30:
            # (many tables changed, as after a re-split that moved the later ones: taking
            # back their old findings and adding new ones costs more than one run of
            # every rule)
            dirty = None
        if dirty is None:
            changed = self._by_name = self._positions = None
        # one statement edited in place: what else can be known without running rules
        walk_same = changed is not None and _same_walk(changed, prev, catalog, dirty)
        if walk_same and hasattr(prev, "_archkit_changes"):
            catalog._archkit_changes = prev._archkit_changes  # type: ignore[attr-defined]
        types_same = changed is not None and not any(
            s.raw or s.kind == "CREATE TYPE" for s in changed)
        if types_same and hasattr(prev, "_archkit_enums"):
            catalog._archkit_enums = prev._archkit_enums  # type: ignore[attr-defined]
        if dirty is not None:
            _carry_caches(prev, catalog, dirty)
        # (a postgres type-change hint drops and re-makes the views and rules that read
        # the column: rules/_dependents; their statements are no table's)
        views_same = changed is not None and not any(
            s.raw or s.kind in VIEW_KINDS or s.kind in ("CREATE RULE", "DROP RULE")
            for s in changed)
        if views_same and prev is not None and "_archkit_views" in prev.__dict__:
            # (they are read from their own statements, none of which changed, and name
            # them by index, not by line: a type-change hint asked for them on every
            # edit, ~4-8 ms of reading every statement on 2,000 tables)
            catalog.__dict__["_archkit_views"] = prev.__dict__["_archkit_views"]
        referrers: set[str] | None = None
        views: dict[Any, Any] = {}
        found: dict[str, list[Finding]] = {}
        # (gone, added) per rule, for updating the sorted report; None: sort it all again
        delta: list[tuple[list[Finding], list[Finding]]] | None = [] if dirty is not None else None
        if changed is not None and "" in prev_found and shifted is None:
            gone, added = parse_findings(changed[:1]), parse_findings(changed[1:])
            found[""] = _minus(prev_found[""], gone) + added
        else:
            gone, added = (prev_found or {}).get("", []), parse_findings(catalog.statements)
            found[""] = added
        if delta is not None:
            delta.append((gone, added))
        for sr in enabled_rules(self.conf):
            rid = sr.rule.id
            opts = rule_options(self.conf, rid)
            scope = RULE_SCOPE.get(rid)
            if scope == "table" and rid in _STATEMENT_TYPES and not types_same:
                scope = None       # an edited CREATE TYPE may change what the rule knows
            if scope is not None and not views_same and rid in _TYPE_CHANGE_HINTS:
                scope = None       # an edited view or rule: type-change hints move them
            if (shifted is not None or relined) and rid in _LINES_IN_TEXT and \
                    prev_found and prev_found.get(rid):
                scope = None       # its findings name other objects' lines, which moved
            if scope is not None and dirty is not None and rid in _WHOLE_IF and \
                    _WHOLE_IF[rid](sr.rule, prev, catalog, dirty, self.dialect, opts):
                scope = None       # what the rule reads from the whole schema changed
            if dirty is not None and rid in prev_found and walk_same and rid in _WALK_RULES:
                found[rid] = prev_found[rid]       # nothing the rule reads has changed
                continue
            moves = _same_for(rid, dirty, prev, catalog) \
                if dirty is not None and rid in prev_found and rid in _SAME_WHEN else None
            if moves is not None:                  # nothing the rule reads has changed
                found[rid] = prev_found[rid]       # (but where some of it is written)
                if moves:
                    found[rid] = [_moved_to(f, moves) for f in prev_found[rid]]
                    if delta is not None:
                        delta.append((prev_found[rid], found[rid]))
                continue
            if dirty is not None and rid in _NAME_SCOPE and rid in prev_found:
                out = self._run_names(sr, prev, catalog, dirty, opts, prev_found[rid], delta)
            elif dirty is None or scope is None or rid not in prev_found or (
                    scope in ("keys", "keys+targets") and not _same_keys(dirty, prev, catalog)) \
                    or (rid in _WHOLE_WHEN and any(
                        _WHOLE_WHEN[rid](prev.tables.get(k), catalog.tables.get(k))
                        for k in dirty)):
                ctx = SchemaContext(catalog=catalog, dialect=self.dialect, rule=sr.rule,
                                    options=opts)
                out = list(sr.check(ctx) or ())
                if delta is not None:
                    delta.append((prev_found.get(rid, []), out))
            else:
                # findings about a table depend only on it (and, for "refs" rules, on
                # the tables its foreign keys name): take back the findings the old
                # catalog gave for the changed tables, add the new catalog's for them
                if scope in ("refs", "refs+targets") and referrers is None:
                    referrers = _with_referrers(dirty, prev, catalog)
                keys = referrers if scope == "refs" else \
                    _with_targets(dirty, prev, catalog) if scope in ("targets", "keys+targets") \
                    else \
                    referrers | _with_targets(dirty, prev, catalog) \
                    if scope == "refs+targets" and referrers is not None else dirty
                old = _run_on(sr, prev, keys, self.dialect, opts, views)
                new = _run_on(sr, catalog, keys, self.dialect, opts, views)
                out = _minus(prev_found[rid], old) + new
                if delta is not None:
                    delta.append((old, new))
            found[rid] = out
        self.catalog, self._found = catalog, found
        marked = _marked(self.statements, changed, self._marked)
        self._marked = marked
        merged = None
        if delta is not None and self._sorted is not None and not marked and not (
                self.conf.select or self.conf.ignore or self.conf.rules):
            merged = _merge_sorted(self._sorted, delta)
        if merged is None:
            findings = [f for out in found.values() for f in out]
            # (kept with the names' placeholders, which the report then fills in: a
            # table's findings may name another table, whose spelling can change alone)
            report = finish_report(findings, catalog, self.conf, names=False)
            plain = not marked and not (self.conf.select or self.conf.ignore or self.conf.rules)
            self._sorted = (list(report.findings),
                            [f.sort_key() for f in report.findings]) if plain else None
        else:
            self._sorted = merged
            report = Report(list(merged[0]), title="archkit schema check")
        self.report = Report(fill_names(report.findings, catalog), title=report.title)
        return self.report

    def _patched(self, prev: Any, changed: tuple[Any, Any]) -> Any:
        """The catalog after an in-place edit of one CREATE TABLE that keeps its table:
        ``prev`` with that table built again from the new statement and the statements
        after it that change it (each of which changes only that table), the other
        tables shared. None when that cannot be known to equal a full build."""
        from archkit.schema.catalog import build_catalog, own_column_names, resolve_named_types
        from archkit.schema.model import Catalog, Table

        old, new = changed
        if prev is None or old.kind != "CREATE TABLE" or new.kind != "CREATE TABLE" \
                or old.error is not None or new.error is not None or old.raw or new.raw \
                or old.index != new.index:
            self._plan_ok = False       # another kind of statement changed: plan again
            return None
        fa, fb = getattr(old, "fragment", None), getattr(new, "fragment", None)
        if not isinstance(fa, Table) or not isinstance(fb, Table) or fa.key != fb.key \
                or "partition_of" in fa.options or "partition_of" in fb.options \
                or "inherits" in fa.options or "inherits" in fb.options \
                or _inherited_from(prev, fa.key) \
                or _versioned(fa) or _versioned(fb) or _versioned(prev.tables.get(fa.key)):
            self._plan_ok = False       # (a partition is built from its parent: the plan
            return None                 # made before the edit does not know it)
        key = fa.key
        before = prev.tables.get(key)
        if before is None or before.statement != new.index:
            return None
        if not self._plan_ok:
            self._plan = _plan(self.statements, self.dialect)
            self._plan_ok = True
        if self._plan is None:
            return None
        creator, steps = self._plan
        if creator.get(key) != new.index:
            return None
        part = build_catalog([new, *(s for s in steps.get(key, ()) if s.index > new.index)],
                             self.dialect)
        if list(part.tables) != [key] or part.dropped or part.conflicts or prev.conflicts:
            return None     # (conflicts, e.g. index names, can span tables: build it all)
        if self.dialect.fk_needs_target and any(
                creator.get(fk.ref_table, -1) > new.index
                for fk in part.tables[key].foreign_keys):
            return None     # (a key to a table created later: a conflict of the whole)
        tables = dict(prev.tables)
        tables[key] = part.tables[key]
        patched = Catalog(dialect=prev.dialect, tables=tables, statements=list(self.statements),
                          created=set(prev.created), dropped=set(prev.dropped),
                          workload=prev.workload, domains=prev.domains,
                          gone={**prev.gone, **part.gone})
        if prev.domains:        # the table's columns of a named type (CREATE DOMAIN ...)
            resolve_named_types(patched, self.dialect, [tables[key]])
        if self.dialect.fold == "none":
            if list(before.columns) != list(tables[key].columns):
                return None     # (other tables' keys may name its columns in another case)
            own_column_names(patched, [tables[key]])
        return patched

    def _run_names(self, sr: Any, prev: Any, catalog: Any, dirty: set[str], opts: Any,
                   before: list[Finding], delta: list[Any] | None) -> list[Finding]:
        """A rule whose findings about a column name depend only on the columns of that
        name (``_NAME_SCOPE``): re-run for the names the changed tables have or had."""
        if self._by_name is None:
            self._name_found = {}
            from archkit.schema.registry import SchemaContext
            from archkit.schema.rules._support import index

            self._by_name = index(SchemaContext(catalog=prev, dialect=self.dialect,
                                                rule=sr.rule)).by_name
            self._rows_foreign = any(prev.tables[k] is not t for k, t in catalog.tables.items()
                                     if k not in dirty)
        if self._positions is None:
            self._positions = {k: i for i, k in enumerate(catalog.tables)}
        old_names = self._by_name
        new_names, affected = _names_update(old_names, prev, catalog, dirty, self._positions)
        self._by_name = new_names
        # findings per name, remembered with the rows they came from (an edit to the
        # same table asks again about the same names)
        memo = self._name_found
        old: list[Finding] = []
        new: list[Finding] = []
        framed: set[str] | None = None
        for n in sorted(affected):
            rows, hit = old_names.get(n), memo.get(n)
            known = hit is not None and rows is not None and hit[0] is rows
            now = new_names.get(n)
            if framed is None:
                framed = {k for k in dirty if _frame(prev.tables[k]) == _frame(catalog.tables[k])}
            moves = _column_moves(n, dirty, prev, catalog, framed) \
                if known and now is not None else None
            if moves is not None:           # the changed tables' columns of this name are
                if not moves:               # as they were: the same findings
                    memo[n] = (now, hit[1])
                    continue
                # (or only written on other lines: the findings about them move with them)
                part = [_moved_to(f, moves) for f in hit[1]]
                memo[n] = (now, part)
                old += hit[1]
                new += part
                continue
            if rows is not None:
                old += hit[1] if known else \
                    _run_on_names(sr, prev, {n: rows}, self.dialect, opts)
            if now is not None:
                part = _run_on_names(sr, catalog, {n: now}, self.dialect, opts)
                memo[n] = (now, part)
                new += part
        if delta is not None:
            delta.append((old, new))
        return _minus(before, old) + new


# Rules whose findings about a table depend only on that table, the dialect and the
# options ("table"), or also on the tables its foreign keys (or INHERITS) name ("refs"),
# or on the tables referencing it ("targets"),
# or on every table's name and primary key ("keys"; "keys+targets": and on the tables
# that reference it).
# The incremental checker re-runs them only for changed tables; the rest (cascade
# chains, inconsistent types across tables, enum types, migration statements) run over
# the whole catalog every time. tests/test_schema_incremental_scope.py checks that each
# listed rule's findings over a schema are exactly the union of its findings per table.
RULE_SCOPE: dict[str, str] = {
    **dict.fromkeys((
        "AK-PK002", "AK-PK004", "AK-FK003", "AK-FK008", "AK-CK001", "AK-MG008",
        "AK-TY001", "AK-TY002", "AK-TY003", "AK-TY004", "AK-TY006", "AK-TY009",
        "AK-TY010", "AK-NM001", "AK-NM002", "AK-NM003", "AK-NM004", "AK-DOC001",
        "AK-DOC002", "AK-IX002", "AK-IX004",
        "AK-IX007", "AK-IX008"), "table"),
    # a table's findings depend on it and on the foreign keys that rest on its unique
    # indexes (their hints move the keys: fkindex): the changed tables and those they
    # reference, before and after the change
    **dict.fromkeys(("AK-IX001", "AK-IX003"), "targets"),
    # (AK-IX006: whether the key's target is partitioned, and by which columns)
    **dict.fromkeys(("AK-FK001", "AK-FK002", "AK-FK004", "AK-FK006",
                     "AK-IX005", "AK-IX006"), "refs"),
    # (AK-TY007's conversion hint reads the tables text foreign keys join: it runs whole;
    # AK-PK004 runs whole when a nextval default changed, _WHOLE_WHEN.
    # AK-PK001 reads its parent (INHERITS), the keys resting on the UNIQUE it promotes,
    # and how the other tables referencing the same parent are keyed: it runs whole,
    # ~2 ms on 2,000 tables)
    # a table's findings depend on it and on every table's name and primary key: scoped
    # while the changed tables keep their names and primary keys, else run whole
    "AK-FK005": "keys",
    # AK-PK003 as AK-FK005, and a key's finding depends on the columns that reference
    # it (its hint widens them too): the tables the changed ones reference are run again
    "AK-PK003": "keys+targets",
    # (AK-NM003 reads the schema's long relation names from the whole catalog itself: a
    # name cut to 63 bytes may collide with another table's index or key)
    # its findings about a table depend on it and on the enum types the statements
    # create: scoped while the edited statement is not a CREATE TYPE (_STATEMENT_TYPES)
    "AK-TY005": "table",
}


# Rules whose findings' text names the line of another object (AK-NM003: "... the name
# of index x (line 40)"): after an edit that moved lines they run whole, if they found
# anything. (Parse findings, "statement at line 12", are all made again; AK-SQL003's,
# from the catalog's conflicts, run whole every time.)
_LINES_IN_TEXT = frozenset({"AK-NM003"})


def _carry_caches(prev: Any, catalog: Any, dirty: set[str]) -> None:
    """What the rules cached about the whole of ``prev`` (``rules._support.cached``) that
    ``catalog``, whose tables are those of ``prev`` but ``dirty``, can have without
    reading every table again: the tables with generated columns (updated for the
    changed ones), the keys foreign keys name by their columns (AK-IX005: the same while
    the changed tables' foreign keys name the same), and the long relation names AK-NM003
    compares (the same while no changed table has one and their relation names stay: the
    other tables' are shared)."""
    cache = prev.__dict__
    generated = cache.get("_archkit_generated")
    if generated is not None:
        catalog.__dict__["_archkit_generated"] = (generated - dirty) | {
            k for k in dirty if any(c.generated for c in catalog.tables[k].columns.values())}
    referenced = cache.get("_archkit_referenced_keys")
    if referenced is not None and all(_key_refs(prev.tables[k]) == _key_refs(catalog.tables[k])
                                      for k in dirty):
        catalog.__dict__["_archkit_referenced_keys"] = referenced
    longs = cache.get("_archkit_long_relations")
    if longs is not None and not any((t.table or t.object) in dirty for t in longs.values()):
        from archkit.schema.rules.names import relations_moved

        if not relations_moved(prev, catalog, dirty):
            catalog.__dict__["_archkit_long_relations"] = longs


def _key_refs(t: Any) -> tuple[Any, ...]:
    return (_checked(t), [(fk.ref_table, fk.ref_columns) for fk in t.foreign_keys
                          if fk.ref_columns])


def _statement_key(raw: Any, path: str | None, index: int) -> tuple[Any, ...]:
    return (raw.sql, path, raw.col, index, raw.lead, raw.trailer, raw.trailer_col,
            raw.element_of, raw.home, raw.wrapped)


def _ends_in_comment(sql: str, dialect: str) -> bool:
    """Whether a ';' written right after ``sql`` would be inside a comment it ends with."""
    last = sql.rsplit("\n", 1)[-1]
    if "--" not in last and "#" not in last:
        return False
    from archkit.schema.split import split_sql

    # (a word that starts no statement: T-SQL's split starts one at a SELECT, ';' or not)
    return len(split_sql(sql + ";\narchkit_probe", dialect)) < 2


def _inherited_from(catalog: Any, key: str) -> bool:
    """Whether a table of ``catalog`` inherits from table ``key`` (postgres INHERITS:
    its columns are built from ``key``'s, so an edit of ``key`` changes it too)."""
    return any(key in t.options.get("inherits", ()) for t in catalog.tables.values()
               if "inherits" in t.options)


def _versioned(t: Any) -> bool:
    """A table in a SQL Server history-table link: the link is marked on the history table
    once the whole catalog is built (catalog.mark_history_tables), not by its own CREATE."""
    return t is not None and ("history_table" in t.options or "history_of" in t.options)


def _same_keys(dirty: set[str], prev: Any, catalog: Any) -> bool:
    """The changed tables have the same names, primary keys (and their columns' types:
    AK-FK005 compares them with the columns that may refer to them) and checked flags in
    both."""
    for k in dirty:
        a, b = prev.tables.get(k), catalog.tables.get(k)
        if a is None or b is None or a.name != b.name or _checked(a) != _checked(b):
            return False
        pa, pb = a.primary_key, b.primary_key     # (where it is written is the table's)
        if (pa is None) != (pb is None) or (
                pa is not None and (pa.columns, pa.name) != (pb.columns, pb.name)):
            return False
        if a.primary_key is not None and any(
                (x := a.columns.get(c)) is None or (y := b.columns.get(c)) is None
                or (x.type, x.raw_type, x.params) != (y.type, y.raw_type, y.params)
                for c in a.primary_key.columns):
            return False
    return True


def _dirty_tables(prev: Any, catalog: Any) -> set[str] | None:
    """Keys of the tables that differ between two catalogs, or None when something
    beyond the tables changed (other table names, created/dropped sets, dialect)."""
    if prev is None or prev.dialect != catalog.dialect or prev.created != catalog.created \
            or prev.dropped != catalog.dropped or list(prev.tables) != list(catalog.tables):
        return None
    new = catalog.tables
    dirty = {k for k, t in prev.tables.items() if t is not new[k] and t != new[k]}
    # a table the same in both whose statements were written otherwise: rules copy their
    # text or spelling into hints (a CREATE INDEX re-made after a drop, a REFERENCES
    # target as written; scout AZ)
    before, after = prev.statements, catalog.statements
    rewritten = {i for i, (a, b) in enumerate(zip(before, after))
                 if a is not b and a.sql != b.sql} if before is not after else set()
    if rewritten:
        rewritten -= {new[k].statement for k in dirty}     # (a CREATE TABLE edited: known)
    if rewritten:
        for k, t in new.items():
            if k not in dirty and (t.statement in rewritten or any(
                    ix.statement in rewritten for ix in t.indexes) or any(
                    fk.statement in rewritten for fk in t.foreign_keys)):
                dirty.add(k)
    return dirty


def _with_referrers(dirty: set[str], prev: Any, catalog: Any) -> set[str]:
    """``dirty`` and every table whose foreign keys or INHERITS name a dirty table; names
    are compared by their last part, so this over-approximates. A table that is not
    dirty is equal in both catalogs, so the new one alone says which refer to them."""
    names = {k.rsplit(".", 1)[-1] for k in dirty}
    out = set(dirty)
    for k, t in catalog.tables.items():
        if k in out:
            continue
        for fk in t.foreign_keys:       # (loops, not any(): no generator per table)
            if fk.ref_table.rsplit(".", 1)[-1] in names:
                out.add(k)
                break
        else:
            if "inherits" in t.options:
                out.add(k)
    return out


def _with_targets(dirty: set[str], prev: Any, catalog: Any) -> set[str]:
    """``dirty`` and every table a dirty table's foreign keys referenced before or after,
    or that it inherits from (a type-change hint on the parent names the views on its
    heirs)."""
    out = set(dirty)
    for cat in (prev, catalog):
        for k in dirty:
            t = cat.tables.get(k)
            if t is not None:
                out.update(fk.ref_table for fk in t.foreign_keys if fk.ref_table in cat.tables)
                out.update(p for p in t.options.get("inherits", ()) if p in cat.tables)
    return out


def _run_on(sr: Any, catalog: Any, keys: set[str], dialect: Any, opts: Any,
            views: dict[Any, Any] | None = None) -> list[Finding]:
    """The rule's findings about the tables ``keys`` of ``catalog``: a view of the catalog
    whose rule index holds only those tables (lookups by name still see them all).
    ``views`` keeps the views of one re-check, shared by the rules."""
    from archkit.schema.registry import SchemaContext

    vkey = (id(catalog), frozenset(keys))
    view = views.get(vkey) if views is not None else None
    if view is None:
        view = _view(catalog, keys)
        if views is not None:
            views[vkey] = view
    ctx = SchemaContext(catalog=view, dialect=dialect, rule=sr.rule, options=opts)
    return list(sr.check(ctx) or ())


def _view(catalog: Any, keys: set[str]) -> Any:
    from archkit.schema.model import Catalog
    from archkit.schema.rules._support import column_index

    view = Catalog(dialect=catalog.dialect, tables=catalog.tables,
                   statements=catalog.statements, created=catalog.created,
                   dropped=catalog.dropped, workload=catalog.workload)
    if len(keys) * 8 > len(catalog.tables):
        part = [t for k, t in catalog.tables.items() if k in keys and _checked(t)]
    else:
        order = {k: i for i, k in enumerate(catalog.tables) if k in keys}
        part = [t for k in sorted(order, key=order.__getitem__)
                if _checked(t := catalog.tables[k])]
    view._archkit_rule_index = column_index(part)  # type: ignore[attr-defined]
    # the tables the view is about, partitions included (the name rules judge theirs)
    view._archkit_scope = keys  # type: ignore[attr-defined]
    # what rules cache about the whole catalog is the same for the view
    view._archkit_base = getattr(catalog, "_archkit_base", catalog)  # type: ignore[attr-defined]
    return view


def _minus(found: list[Finding], gone: list[Finding]) -> list[Finding]:
    """``found`` without one copy of each finding in ``gone`` (a multiset difference)."""
    if not gone:
        return list(found)
    from collections import Counter

    left = Counter(gone)
    objects = {f.object for f in gone}     # strings hash once: most findings skip fast
    out = []
    for f in found:
        if f.object in objects and left[f] > 0:
            left[f] -= 1
        else:
            out.append(f)
    return out


# Rules whose findings about a column name depend only on the columns of that name in
# every table (inconsistent types across tables): re-run for the names of changed tables.
# tests/test_schema_incremental_scope.py checks the union over names equals the full run.
_NAME_SCOPE = frozenset({"AK-TY008"})
# Table-scoped rules that also read CREATE TYPE statements (and raw ones): scoped only
# while the edited statement is neither, before and after the edit.
_STATEMENT_TYPES = frozenset({"AK-TY005"})

# Table-scoped rules whose hints change column types (rules/_dependents: on postgres they
# drop and re-make the views and rules reading the column), and the statements those are
_TYPE_CHANGE_HINTS = frozenset({"AK-PK003", "AK-FK002", "AK-TY001", "AK-TY002", "AK-TY003",
                                "AK-TY004", "AK-TY005", "AK-TY006", "AK-TY007", "AK-TY008"})
# Rules that read only the migration walk (archkit.schema.rules.migration.changes)
_WALK_RULES = frozenset({"AK-MG001", "AK-MG002", "AK-MG003", "AK-MG004", "AK-MG005",
                         "AK-MG006", "AK-MG007"})


def _cascades(t: Any) -> list[Any]:
    return [fk for fk in t.foreign_keys if (fk.on_delete or "").lower() == "cascade"]


# rule -> (old table, new table) -> True when a scoped rule must run whole after that
# change: AK-PK004's hint names the other columns drawing from a sequence, so a changed
# nextval default can change another table's finding
_WHOLE_WHEN: dict[str, Any] = {
    "AK-PK004": lambda a, b: a is None or b is None
    or _sequence_defaults(a) != _sequence_defaults(b),
    # a partition's keys are judged with its parents' indexes (AK-IX006), and keep a
    # parent from looking unreferenced (AK-FK005): an edit of either reaches the other
    # (or a table the input only mentions, which may be a partition's parent: CREATE INDEX
    # ON payment without payment's CREATE TABLE; scout AP)
    "AK-IX006": lambda a, b: _partition_side(a) or _partition_side(b),
    "AK-FK005": lambda a, b: _partition_side(a) or _partition_side(b),
}


def _partition_side(t: Any) -> bool:
    return t is not None and (_partitioned(t) or bool(t.options.get("external")))


def _partitioned(t: Any) -> bool:
    return "partitioned_by" in t.options or "partition_of" in t.options


def _sequence_defaults(t: Any) -> list[str]:
    """The sequences ``t``'s column defaults draw from."""
    from archkit.schema.sequences import sequence_of_default

    return sorted(seq for c in t.columns.values()
                  if c.default and (seq := sequence_of_default(c.default)) is not None)


def _conventions_moved(rule: Any, prev: Any, catalog: Any, dirty: set[str], dialect: Any,
                       opts: Any) -> bool:
    """AK-NM001 judges names by the convention most of the schema's names follow (where
    archkit.toml names none): an edit that changes it changes every table's findings."""
    from archkit.schema.registry import SchemaContext
    from archkit.schema.rules.names import conventions_moved

    return conventions_moved(SchemaContext(catalog=prev, dialect=dialect, rule=rule,
                                           options=opts),
                             SchemaContext(catalog=catalog, dialect=dialect, rule=rule,
                                           options=opts), dirty)


def _relations_moved(rule: Any, prev: Any, catalog: Any, dirty: set[str], dialect: Any,
                     opts: Any) -> bool:
    from archkit.schema.rules.names import relations_moved

    return relations_moved(prev, catalog, dirty)


def _index_naming_moved(rule: Any, prev: Any, catalog: Any, dirty: set[str], dialect: Any,
                        opts: Any) -> bool:
    """The hints of AK-IX004 and AK-IX006 name new indexes as the schema names its
    indexes (AK-NM001's convention): an edit that changes it changes them all."""
    from archkit.schema.registry import SCHEMA_RULES

    return _conventions_moved(SCHEMA_RULES["AK-NM001"].rule, prev, catalog, dirty, dialect,
                              opts)


# rule -> (rule, old catalog, new catalog, changed tables, dialect, options) -> True when a
# scoped rule must run whole after a change
_WHOLE_IF: dict[str, Any] = {
    "AK-NM001": lambda *a: _relations_moved(*a) or _conventions_moved(*a),
    "AK-NM003": _relations_moved,
    "AK-IX004": _index_naming_moved,
    "AK-IX006": _index_naming_moved,
}


def _cascades_moved(a: Any, b: Any) -> dict[tuple[Any, ...], tuple[Any, ...]] | None:
    """AK-FK007 reads of a table its key, position, whether it is judged, its cascading
    foreign keys and whether it is partitioned (a chain's hint adds its key NOT VALID,
    but not on a partitioned table); it reports at a key's position."""
    if a.key != b.key or a.pos != b.pos or _checked(a) != _checked(b) \
            or _partitioned(a) != _partitioned(b):
        return None
    ca, cb = _cascades(a), _cascades(b)
    if len(ca) != len(cb):
        return None
    moves: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for x, y in zip(ca, cb):
        if x != y:
            if _body(x) != _body(y):
                return None
            px, py = _fk_place(a, x), _fk_place(b, y)
            if px[1] is None or py[1] is None:
                return None
            moves[px] = py
    return moves


def _fk_place(t: Any, fk: Any) -> tuple[Any, ...]:
    from archkit.schema.rules.keys import _fk_pos

    p = _fk_pos(t, fk)
    return (p.path, p.line, p.col)


# Whole-catalog rules whose findings cannot change while every changed table keeps what
# the rule reads of it (targets are looked up by name among all tables, whose names did
# not change: the incremental path runs only while the table names stay the same):
# rule -> (old table, new table) -> None when it is not the same for the rule, else the
# places of what it reports on that are written elsewhere in the table, old -> new
_SAME_WHEN: dict[str, Any] = {
    "AK-FK007": _cascades_moved,
}


def _same_for(rid: str, dirty: set[str], prev: Any, catalog: Any,
              ) -> dict[tuple[Any, ...], tuple[Any, ...]] | None:
    moves: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for k in dirty:
        m = _SAME_WHEN[rid](prev.tables[k], catalog.tables[k])
        if m is None:
            return None
        moves.update(m)
    return moves


def _same_walk(changed: tuple[Any, Any], prev: Any, catalog: Any, dirty: set[str]) -> bool:
    """The migration walk over the new statements equals the one over the old: the
    edited statement is a CREATE TABLE before and after, making the same table, which
    the catalog knows as made by it (so the walk skips it without reading it), and every
    table keeps the statement that made it. Nothing else moved (an in-place edit)."""
    from archkit.schema.model import Table

    old, new = changed
    if old.kind != "CREATE TABLE" or new.kind != "CREATE TABLE" or old.index != new.index \
            or old.error is not None or new.error is not None or old.raw or new.raw:
        return False
    fa, fb = getattr(old, "fragment", None), getattr(new, "fragment", None)
    if not isinstance(fa, Table) or not isinstance(fb, Table) or fa.key != fb.key:
        return False
    a, b = prev.tables.get(fa.key), catalog.tables.get(fb.key)
    if a is None or b is None or a.statement != old.index or b.statement != new.index:
        return False
    if [ix.name for ix in a.indexes] != [ix.name for ix in b.indexes]:
        return False     # (a DROP INDEX IF EXISTS before may now rebuild, or no longer)
    return all(prev.tables[k].statement == catalog.tables[k].statement for k in dirty)


def _marked(statements: Sequence[Any], changed: tuple[Any, Any] | None,
            before: int | None) -> int:
    """How many statements carry ``archkit: ignore`` markers."""
    if changed is None or before is None:
        return sum(1 for s in statements if s.suppressions)
    return before - bool(changed[0].suppressions) + bool(changed[1].suppressions)


def _names_update(by_name: dict[str, list[Any]], prev: Any, catalog: Any, dirty: set[str],
                  positions: dict[str, int]) -> tuple[dict[str, list[Any]], set[str]]:
    """The column-name index of ``catalog`` from that of ``prev`` (same table names, the
    tables ``dirty`` changed), and the names whose columns may differ. Each name's rows
    are in table order: the changed tables' rows are found by binary search; the lists
    of the other names are shared with ``by_name``."""
    from bisect import bisect_left

    from archkit.schema.rules._support import _STORAGE, _base_type

    affected: set[str] = set()
    for k in dirty:
        for t in (prev.tables[k], catalog.tables[k]):
            if _checked(t):
                affected.update(t.columns)

    def own(t: Any, name: str) -> bool:
        # (a postgres INHERITS child's inherited columns are judged in the parent, as
        # _support.column_index leaves them out)
        return "inherited" not in t.options or name not in t.options["inherited"]
    out = dict(by_name)
    order = sorted(dirty, key=positions.__getitem__)
    for name in affected:
        rows = list(by_name.get(name, ()))
        for k in order:
            p = positions[k]
            i = bisect_left(rows, p, key=lambda r: positions[r[0].key])
            # (rows may hold an equal table of an earlier catalog: compare by name)
            if i < len(rows) and rows[i][0].key == k:
                del rows[i]
            t = catalog.tables[k]
            col = t.columns.get(name)
            if col is not None and _checked(t) and own(t, name):
                base = _base_type(col.type or "", col.raw_type or "")
                rows.insert(i, (t, col, _STORAGE.get(base, base)))
        if rows:
            out[name] = rows
        else:
            out.pop(name, None)
    return out, affected


def _column_moves(name: str, dirty: set[str], prev: Any, catalog: Any, framed: set[str],
                  ) -> dict[tuple[Any, ...], tuple[Any, ...]] | None:
    """Whether each changed table has the same column ``name`` (or none) in both catalogs,
    and the same keys, indexes, options and generated columns (AK-TY008 leaves out a
    foreign key's columns, and its hints move keys, indexes and generated columns), all
    a rule about column names reads of it, written in the same table: None if not, else
    the places of those written elsewhere in it, old -> new (path, line, col). ``framed``:
    the changed tables whose frame (:func:`_frame`) is the same in both."""
    moves: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for k in dirty:
        a, b = prev.tables[k], catalog.tables[k]
        ca = a.columns.get(name) if _checked(a) else None
        cb = b.columns.get(name) if _checked(b) else None
        if (ca is None) != (cb is None):
            return None
        if ca is None or ca == cb:
            if ca is not None and (k not in framed or a.pos != b.pos or a.key != b.key):
                return None
            continue
        pa, pb = ca.pos, cb.pos
        if k not in framed or a.pos != b.pos or a.key != b.key or _body(ca) != _body(cb) \
                or pa.line is None or pb.line is None:
            return None
        moves[(pa.path, pa.line, pa.col)] = (pb.path, pb.line, pb.col)
    return moves


def _moved_to(f: Finding, moves: dict[tuple[Any, ...], tuple[Any, ...]]) -> Finding:
    to = moves.get((f.path, f.line, f.col))
    if to is None:
        return f
    return replace(f, path=to[0], line=to[1], col=to[2])


# each part of a table as its fields but where it is written
_BODIES = {cls: attrgetter(*[f.name for f in fields(cls) if f.name != "pos"])
           for cls in (Column, PrimaryKey, UniqueConstraint, ForeignKey, CheckConstraint, Index)}


def _body(o: Any) -> Any:
    return None if o is None else _BODIES[type(o)](o)


def _frame(t: Any) -> tuple[Any, ...]:
    """A table apart from its columns and where things are written: its keys, foreign
    keys, checks, indexes, options, and which of its columns are generated (from what)."""
    return (_body(t.primary_key), [_body(u) for u in t.uniques],
            [_body(fk) for fk in t.foreign_keys], [_body(c) for c in t.checks],
            [_body(ix) for ix in t.indexes], t.options,
            [(c.name, c.generated) for c in t.columns.values() if c.generated])


def _run_on_names(sr: Any, catalog: Any, by_name: dict[str, list[Any]], dialect: Any,
                  opts: Any) -> list[Finding]:
    """The rule's findings about these column names (a view whose index holds them)."""
    from archkit.schema.model import Catalog
    from archkit.schema.registry import SchemaContext
    from archkit.schema.rules._support import ColumnIndex

    view = Catalog(dialect=catalog.dialect, tables=catalog.tables,
                   statements=catalog.statements, created=catalog.created,
                   dropped=catalog.dropped, workload=catalog.workload)
    view._archkit_rule_index = ColumnIndex([], {}, by_name, ({}, {}))  # type: ignore[attr-defined]
    # (what rules keep per catalog, _support.cached, is the whole catalog's: the view
    # holds all its tables)
    view._archkit_base = getattr(catalog, "_archkit_base", catalog)  # type: ignore[attr-defined]
    ctx = SchemaContext(catalog=view, dialect=dialect, rule=sr.rule, options=opts)
    return list(sr.check(ctx) or ())


def _merge_sorted(state: tuple[list[Finding], list[tuple]],
                  delta: list[tuple[list[Finding], list[Finding]]],
                  ) -> tuple[list[Finding], list[tuple]] | None:
    """The sorted findings after taking out each rule's ``gone`` and putting in its
    ``added`` (binary search by sort key); None when a finding to take out is missing."""
    from bisect import bisect_left, bisect_right

    found, keys = list(state[0]), list(state[1])
    for gone, added in delta:
        if gone is added:
            continue
        for f in gone:
            k = f.sort_key()
            i = bisect_left(keys, k)
            while i < len(keys) and keys[i] == k and found[i] != f:
                i += 1
            if i == len(keys) or keys[i] != k:
                return None
            del found[i], keys[i]
        for f in added:
            k = f.sort_key()
            i = bisect_right(keys, k)
            found.insert(i, f)
            keys.insert(i, k)
    return found, keys


def _plan(statements: Sequence[Any], dialect: Any) -> tuple[dict[str, int], dict[str, list[Any]]] | None:
    """Which statement creates each table and which later statements change it, when
    every statement that changes the catalog changes one table only: CREATE TABLE from
    its own definition (no LIKE), CREATE INDEX, ALTER TABLE adding, dropping or altering
    columns and constraints (no renames). None when any other statement changes the
    catalog (COMMENT, DROP, renames, a table created twice), a table is a postgres
    partition (its columns and keys are its parent's), or a target is unclear."""
    from sqlglot import exp

    from archkit.schema.catalog import (
        CATALOG_KINDS,
        build_catalog,
        is_opaque_change,
        raw_reading,
        table_target,
    )
    from archkit.schema.model import Index, Table

    creator: dict[str, int] = {}
    steps: dict[str, list[Any]] = {}
    local = (exp.ColumnDef, exp.AddConstraint, exp.Constraint, exp.PrimaryKey,
             exp.ForeignKey, exp.UniqueColumnConstraint, exp.CheckColumnConstraint, exp.Drop)
    modify = getattr(exp, "ModifyColumn", None)
    for st in statements:
        if st.kind in ("CREATE SCHEMA", "CREATE DATABASE") and "CHAR" in st.sql.upper():
            return None     # (mysql: its tables take the database's character set, which
                            # a table built alone would not know)
        if st.raw or st.error is not None or st.kind not in CATALOG_KINDS:
            if st.error is None:
                reading = raw_reading(st)
                if reading is not None and reading[0] in ("column_identity", "sequence_owner",
                                                          "rename_constraint"):
                    # pg_dump's ADD GENERATED ... AS IDENTITY, ALTER SEQUENCE ... OWNED BY
                    # t.c, RENAME CONSTRAINT: a step of the table they name
                    named = reading[1][0] if reading[0] == "rename_constraint" \
                        else reading[1].table
                    key = table_target(named, dialect) if named else None
                    if key is None:
                        return None
                    steps.setdefault(key, []).append(st)
                elif reading is not None or is_opaque_change(st):
                    return None        # renames, moves: may change several tables
            continue
        frag = st.__dict__.get("fragment")
        if st.kind == "CREATE TABLE":
            if not isinstance(frag, Table) or frag.key in creator \
                    or "partition_of" in frag.options:    # made from its parent too
                return None
            creator[frag.key] = st.index
            continue
        if st.kind == "CREATE INDEX" and isinstance(frag, Index):
            steps.setdefault(frag.table, []).append(st)
            continue
        tree = st.tree
        if tree is None:
            continue
        if st.kind == "ALTER TABLE":
            if not isinstance(tree, exp.Alter):
                return None
            for action in tree.args.get("actions") or ():
                if isinstance(action, exp.AlterColumn) and action.args.get("rename_to") is None:
                    continue
                if modify is not None and isinstance(action, modify) \
                        and action.args.get("rename_from") is None:
                    continue
                if not isinstance(action, local):
                    return None
        elif st.kind == "COMMENT":
            key = _comment_target(tree, dialect)
            if key is None:
                return None
            if key:
                steps.setdefault(key, []).append(st)
            continue
        elif st.kind != "CREATE INDEX":
            return None            # DROP: may change other tables and the dropped set
        alone = build_catalog([st], dialect)
        if len(alone.tables) != 1 or alone.dropped:
            return None
        steps.setdefault(next(iter(alone.tables)), []).append(st)
    return creator, steps


def _comment_target(tree: Any, dialect: Any) -> str | None:
    """The table a COMMENT ON TABLE/COLUMN changes, named by the catalog builder's own
    key function ("" for comments on other objects, which change no table; None when
    unclear)."""
    from sqlglot import exp

    if not isinstance(tree, exp.Comment):
        return None
    kind = (tree.args.get("kind") or "").upper()
    target = tree.this
    if kind == "TABLE":
        node = target
    elif kind == "COLUMN" and isinstance(target, exp.Column):
        node = exp.Table(this=target.args.get("table"), db=target.args.get("db"))
    elif kind in ("TABLE", "COLUMN"):
        return None
    else:
        return ""
    try:
        from archkit.schema.catalog import _builder

        return str(_builder(dialect).key(node))
    except Exception:  # noqa: BLE001 - the builder changed: build whole catalogs instead
        return None
