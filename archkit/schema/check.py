"""``check()``: parse findings plus every enabled schema rule, as one Report.

::

    check("schema/001_init.sql")                       # a path (or several)
    check("CREATE TABLE t (a int);", dialect="mysql")   # SQL text
    check(paths, config=workspace.config, select=["AK-IX"], ignore=["AK-NM001"])

Which rules run: every rule registered with ``schema_rule`` whose ``dialects`` include
the dialect, that is enabled (by default, or by ``archkit.toml [rules]``) and selected.
Rule options come from ``[schema]`` (``[schema] max_indexes = 12``; or per rule:
``[schema."AK-IX007"] max_indexes = 12``). ``[rules]`` re-levels or switches off. Findings
inside a statement carrying ``-- archkit: ignore[AK-…] reason`` are suppressed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archkit.errors import InputError
from archkit.findings import Finding, Report, Severity, finding_rows, from_rows
from archkit.lazyre import LazyPattern
from archkit.schema.dialects import Dialect, get_dialect
from archkit.schema.model import Catalog, Statement

__all__ = [
    "CheckConfig",
    "check",
    "check_catalog",
    "check_sources",
    "enabled_rules",
    "parse_findings",
    "to_sources",
]


@dataclass(frozen=True)
class CheckConfig:
    """What shapes a check besides the SQL: resolved once, hashed by the cache."""

    dialect: str
    schema: Mapping[str, Any] = field(default_factory=dict)   # [schema] section
    rules: Mapping[str, str] = field(default_factory=dict)    # [rules] section
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    since: str | None = None      # the first file under review (resolved path), or None
    hints: bool = True            # False: the report will not show hints (see check())

    @classmethod
    def make(cls, dialect: str | None, config: Any = None, select: Sequence[str] | None = None,
             ignore: Sequence[str] | None = None,
             since: str | os.PathLike[str] | None = None, hints: bool = True) -> CheckConfig:
        conf = _config_dict(config)
        schema = dict(conf.get("schema") or {})
        name = dialect or schema.get("dialect") or "postgres"
        try:
            d = get_dialect(str(name))
        except InputError as exc:
            if dialect or not hasattr(config, "config_error"):
                raise
            # archkit.toml named it: point there ([schema] dialect's line)
            raise config.config_error("schema", "dialect", exc.message) from None
        rules = {str(k).upper(): str(v).lower() for k, v in (conf.get("rules") or {}).items()}
        for k, v in rules.items():
            if v not in ("off", "info", "warning", "error"):
                raise InputError(f"[rules] {k} = {v!r}: use off, info, warning or error")
        return cls(d.name, schema, rules, tuple(p.upper() for p in select or ()),
                   tuple(p.upper() for p in ignore or ()),
                   str(Path(since).resolve()) if since is not None else None, hints)

    @property
    def encoding(self) -> str | None:
        """``[schema] encoding`` of the files, or None (UTF-8, or UTF-16/32 by BOM)."""
        return self.schema.get("encoding") or None

    def key(self) -> str:
        import json

        return json.dumps([self.dialect, self.schema, self.rules, self.select, self.ignore,
                           self.since, self.hints], sort_keys=True, default=str)


def _config_dict(config: Any) -> Mapping[str, Any]:
    if config is None:
        return {}
    if hasattr(config, "config") and isinstance(config.config, Mapping):  # a Workspace
        return config.config
    if isinstance(config, Mapping):
        return config
    raise TypeError("config must be a mapping (archkit.toml contents) or a Workspace")


def to_sources(paths_or_sql: Any, encoding: str | None = None) -> list[Any]:
    """SQL text, a path, or a list of paths/texts -> SqlSource list (files in path order;
    ``encoding`` None: UTF-8, or UTF-16/32 by byte order mark)."""
    from archkit.schema.parse import SqlSource, read_sources

    if isinstance(paths_or_sql, SqlSource):
        return [paths_or_sql]
    if isinstance(paths_or_sql, str):
        if _looks_like_path(paths_or_sql):
            return read_sources([paths_or_sql], encoding)
        return [SqlSource(paths_or_sql, None)]
    if isinstance(paths_or_sql, os.PathLike):
        return read_sources([paths_or_sql], encoding)
    items = list(paths_or_sql)
    if all(isinstance(i, SqlSource) for i in items):
        return items
    if all(isinstance(i, (str, os.PathLike)) for i in items):
        return read_sources(items, encoding)
    raise TypeError("check() takes SQL text, a path, or a list of paths")


def _looks_like_path(s: str) -> bool:
    return "\n" not in s and ";" not in s and (s.lower().endswith(".sql") or os.path.exists(s))


def check(paths_or_sql: Any, dialect: str | None = None, workload: Any = None,
          config: Any = None, select: Sequence[str] | None = None,
          ignore: Sequence[str] | None = None, *, cache: bool | str | Path | None = None,
          workers: int | None = None, progress: bool = False,
          encoding: str | None = None, since: str | os.PathLike[str] | None = None,
          hints: bool = True) -> Report:
    """Check SQL DDL: parse findings (AK-SQL001/002) plus every enabled schema rule.

    ``dialect`` None takes ``[schema] dialect`` from ``config``, else postgres; so does
    ``encoding`` (of the files; ``[schema] encoding``, else UTF-8 or UTF-16/32 by BOM).
    ``cache`` True (or a folder) keeps parsed statements and results on disk so an
    unchanged input is answered without parsing (see :mod:`archkit.schema.cache`).
    ``since``: one of the files; it and the files after it (in path order) are the
    migrations under review, and the files before it build the schema they run on: the
    migration rules (AK-MG*) judge what they do to its tables, and only findings in the
    files under review are reported. ``workers``: the processes that parse and run the
    rules (None: every core from 2,000 statements on, else this one; 1 also parses every
    statement whole, the reference the shortcuts are tested against). ``hints`` False:
    the report is read without hints (as the text format shows it), so the rules that
    report by the thousand leave theirs out (None), which saves most of what they cost.
    """
    conf = CheckConfig.make(dialect, config, select, ignore, since, hints)
    encoding = encoding or conf.encoding
    sources = to_sources(paths_or_sql, encoding)
    wl_sources = to_sources(workload, encoding) if workload is not None else []
    if cache:
        from archkit.schema.cache import ResultCache

        rc = ResultCache(None if cache is True else Path(cache))
        return rc.check(sources, conf, wl_sources, workers=workers, progress=progress)
    return check_sources(sources, conf, wl_sources, workers=workers, progress=progress)


def check_sources(sources: Sequence[Any], conf: CheckConfig, workload: Sequence[Any] = (),
                  workers: int | None = None, progress: bool = False) -> Report:
    from archkit.schema.parallel import gc_paused

    with gc_paused():
        return _check_sources(sources, conf, workload, workers, progress)


def _check_sources(sources: Sequence[Any], conf: CheckConfig, workload: Sequence[Any],
                   workers: int | None, progress: bool) -> Report:
    from archkit.schema.parallel import parse_sources

    d = get_dialect(conf.dialect)
    # (sqlglot is imported by the parse: for a large input while a child splits it)
    statements = parse_sources(sources, d, workers=workers, progress=progress,
                               meanwhile=import_rules)
    from archkit.schema.catalog import build_catalog

    if not statements:
        names = [s.path for s in sources if s.path]
        raise InputError("no SQL statements found (the input is empty or only comments)",
                         names[0] if len(names) == 1 else None)
    catalog = build_catalog(statements, d)
    if conf.since is not None:
        catalog.review_from = review_start(sources, statements, conf.since)
        # the schema the migrations under review run on: what they change it from
        catalog.before = build_catalog(statements[:catalog.review_from], d)
    if _RETAINED is not None:
        _RETAINED.append(catalog)
    if workload:
        catalog.workload = parse_sources(workload, d, workers=1)  # type: ignore[attr-defined]
    # from 2,000 statements on (workers None), rules are shared out to a forked child that
    # inherits the catalog and its column index (see check_catalog): on gen_schema's 2,000
    # tables the rules take 0.20-0.30 s instead of 0.27-0.44 s in one process
    report = check_catalog(catalog, conf, d, workers=workers)
    if catalog.review_from is not None:
        report = _reviewed(report, catalog, conf, d)
    return report


def import_rules() -> None:
    """Import the rules and what they import when they first run: done while worker
    processes parse (``parse_sources(meanwhile=...)``), it costs the wall time of a
    check half of what it costs after (g2000: ~25-40 ms of imports)."""
    import archkit.schema.autonames  # noqa: F401
    import archkit.schema.fkindex  # noqa: F401
    import archkit.schema.rules  # noqa: F401
    import archkit.schema.viewdeps  # noqa: F401


def _reviewed(report: Report, catalog: Catalog, conf: CheckConfig, d: Dialect) -> Report:
    """``--since``: the findings the migrations under review bring. Those in their files,
    and those in earlier files that the schema before them does not have (a DROP INDEX
    under review leaves an earlier foreign key without an index: AK-IX006 at the key)."""
    from collections import Counter
    from dataclasses import replace

    reviewed = {st.path for st in catalog.statements[catalog.review_from or 0:]}
    before: Counter[tuple[Any, ...]] = Counter()
    if catalog.before is not None and catalog.before.statements:
        for f in check_catalog(catalog.before, replace(conf, since=None), d):
            before[_same(f)] += 1
    kept = []
    for f in report:
        if f.path not in reviewed:
            key = _same(f)
            if before[key]:
                before[key] -= 1
                continue
        kept.append(f)
    return Report(kept, title=report.title)


def _same(f: Finding) -> tuple[Any, ...]:
    """A finding's identity across the schema before and after the migrations: its rule,
    place and object, not its message (a migration that widens VARCHAR(20) to (40)
    changes the AK-TY003 message of an older column; the migration did not bring it)."""
    return (f.rule, f.path, f.line, f.col, f.object)


def review_start(sources: Sequence[Any], statements: Sequence[Statement], since: str) -> int:
    """Index of the first statement of ``since`` or a file after it (``--since``); an
    InputError when ``since`` is not one of the files."""
    paths = [s.path for s in sources]
    at = next((i for i, p in enumerate(paths)
               if p is not None and str(Path(p).resolve()) == since), None)
    if at is None:
        raise InputError("--since names a file that is not among the files checked (or a "
                         "down migration, which is left out)", since)
    reviewed = set(paths[at:])
    return next((st.index for st in statements if st.path in reviewed), len(statements))


_RETAINED: list[Any] | None = None


def retain_until_exit() -> None:
    """Keep every catalog built from now on alive: for a process that is about to end
    (``archkit schema check``), freeing 2,000 tables and their trees is wasted time."""
    global _RETAINED
    if _RETAINED is None:
        _RETAINED = []


def parse_findings(statements: Iterable[Statement]) -> list[Finding]:
    from archkit.schema.catalog import raw_reading
    from archkit.schema.domains import TYPE_KINDS, reads_type
    from archkit.schema.parse import PROCEDURAL_KINDS, ROUTINE_KINDS, has_tree, no_schema_effect
    from archkit.schema.rules.sql import SYNTAX_ERROR, UNANALYSED_STATEMENT
    from archkit.schema.split import STRING_LITERAL

    out = []
    for s in statements:
        if s.error is not None:
            out.append(SYNTAX_ERROR.finding(
                f"{s.kind if s.kind not in ('EMPTY',) else 'statement'} does not parse: "
                f"{s.error.message}", path=s.path, line=s.error.line, col=s.error.col,
                object=f"statement at line {s.line}",
                hint=_TEMPLATED if _looks_templated(s.sql) else
                f"-- fix the syntax near line {s.error.line}, column {s.error.col}, or check "
                "that --dialect matches the file" + (
                    _DASH_COMMENT if _DASHES.search(s.sql) is not None else "")))
        elif s.kind in ROUTINE_KINDS and (has_tree(s) or s.raw) and (
                (ddl := _ROUTINE_DDL.search(STRING_LITERAL.sub("''", s.sql))) is not None
                or (replayed := _replayed(s))):
            # a function whose body changes tables (Ranger's postgres patches add columns
            # and keys so, then call it; DolphinScheduler's upgrade procedures): its body is
            # text to the catalog, and the tables it names are no longer judged column by
            # column (catalog.is_opaque_change). A DO block's DDL written out is replayed.
            if ddl is not None:
                replayed = _replayed(s)
                what = " ".join(ddl.group(0).split()).upper()
            else:       # (only DDL in strings: EXECUTE 'ALTER INDEX ...', which _ROUTINE_DDL
                        # does not read; its first two words)
                what = " ".join(replayed[0][0].split()[:2]).upper()
            out.append(UNANALYSED_STATEMENT.finding(
                f"{s.kind} runs {what} ... in its body: archkit applies "
                + (f"the {len(replayed)} DDL statements it writes out, each" if len(replayed) > 1
                   else "the DDL statement it writes out") +
                " as far as it applies (as its IF [NOT] EXISTS guards would), but not DDL "
                "built at run time, and does not judge the columns of the tables it changes"
                if replayed else
                f"{s.kind} runs {what} ... in its body, which is not analysed: the tables it "
                "changes are checked as the statements outside it leave them, without "
                "judging their columns",
                path=s.path, line=s.line, col=s.col, object=f"{s.kind} at line {s.line}",
                hint="-- write the schema change as plain statements, or suppress with "
                     "-- archkit: ignore[AK-SQL002] <reason>"))
        elif s.raw and not no_schema_effect(s.sql) and not (
                # CREATE DOMAIN, tsql CREATE TYPE ... FROM: raw to sqlglot, read by archkit
                s.kind in TYPE_KINDS and reads_type(s.kind, s.sql)) and \
                raw_reading(s) is None:     # (pg_dump's ADD GENERATED AS IDENTITY ...: replayed)
            if s.kind == "ALTER TABLE" and _LIBSQL_ALTER.match(s.sql) is not None:
                # drizzle's migrations for Turso (openstatus; scout T)
                why = ("ALTER COLUMN ... TO is libSQL's (Turso), which redefines the column "
                       "there; SQLite and other engines refuse it (sqlite3: near \"ALTER\": "
                       "syntax error), and the change is not followed")
            elif s.tree is not None:
                why = "sqlglot keeps this statement as raw text, so no rule sees inside it"
            elif s.kind in PROCEDURAL_KINDS:
                why = ("archkit does not analyse procedural code (sqlglot has no grammar for "
                       f"{'routine bodies' if s.kind in ROUTINE_KINDS else 'script blocks'})")
            else:        # tsql BULK INSERT, DBCC ... (Dialect.raw_kinds)
                why = "sqlglot has no grammar for it, so no rule sees inside it"
            out.append(UNANALYSED_STATEMENT.finding(
                f"{s.kind} is not analysed: {why}", path=s.path, line=s.line, col=s.col,
                object=f"{s.kind} at line {s.line}",
                # (a note, as every hint that is not SQL: run as it stood, 'syntax error at
                # or near "review"'; scout T)
                hint="-- review it by hand, or suppress with "
                     "-- archkit: ignore[AK-SQL002] <reason>"))
    return out


# libSQL's ALTER TABLE t ALTER COLUMN c TO c <definition>
_LIBSQL_ALTER = LazyPattern(r'(?is)\s*ALTER\s+TABLE\s+\S+\s+ALTER\s+COLUMN\s+(?:"[^"]+"|`[^`]+`|'
                           r'\[[^\]]+\]|\w+)\s+TO\s')


def _replayed(s: Statement) -> tuple[tuple[str, int], ...]:
    """The DDL statements of a postgres DO block that the catalog applies."""
    if s.kind != "DO":
        return ()
    from archkit.schema.doblocks import block_ddl

    return block_ddl(s.sql)


# DDL that changes the schema's tables, inside a routine's body (not CREATE TEMP TABLE,
# nor DDL text in a string: a command built for dynamic SQL, which runs who knows when)
# (SQL Server's #temporary tables neither: tSQLt's runner makes them)
_ROUTINE_DDL = LazyPattern(r"(?is)\b(?:(?:ALTER|DROP|CREATE)\s+TABLE\b"
                          r"(?!\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?#)"
                          r"|CREATE\s+(?:UNIQUE\s+)?INDEX\b|DROP\s+INDEX\b)")


_TEMPLATED = ("-- the statement is a template (Jinja {{ ... }} / {% ... %}, Go {{ .Name }}), not "
              "SQL yet: check the rendered SQL (dbt compile, schemachange render, or the "
              "template filled in as the tool that runs it does)")


# '--ip' with no space: a comment everywhere but MySQL / MariaDB, where '-- ' needs the
# space (Dolibarr's table files write '--ip used to ...': 7 core tables lost)
_DASHES = LazyPattern(r"(?m)(?:^|\s)--[^\s\-]")
_DASH_COMMENT = ("; in MySQL '--' starts a comment only when a space follows it (write "
                 "'-- note' or '# note')")


def _looks_templated(sql: str) -> bool:
    return ("{{" in sql and "}}" in sql) or ("{%" in sql and "%}" in sql)


def enabled_rules(conf: CheckConfig) -> list[Any]:
    """The SchemaRules that run under ``conf`` (dialect, on/off, select/ignore)."""
    import archkit.schema.rules  # noqa: F401  (registers every section)
    from archkit.schema.registry import SCHEMA_RULES

    out = []
    for rid, sr in SCHEMA_RULES.items():
        if rid in ("AK-SQL001", "AK-SQL002"):
            continue
        if sr.dialects is not None and conf.dialect not in sr.dialects:
            continue
        setting = conf.rules.get(rid)
        on = sr.rule.enabled if setting is None else setting != "off"
        if not on:
            continue
        if _selected(conf, rid):
            out.append(sr)
    return out


def _selected(conf: CheckConfig, rid: str) -> bool:
    """Whether --select / --ignore (prefixes, as ruff takes them) leave rule ``rid`` in."""
    if conf.select and not any(rid.startswith(p) for p in conf.select):
        return False
    return not (conf.ignore and any(rid.startswith(p) for p in conf.ignore))


def rule_options(conf: CheckConfig, rule_id: str) -> dict[str, Any]:
    opts = {k: v for k, v in conf.schema.items() if not isinstance(v, Mapping)}
    per_rule = conf.schema.get(rule_id) or conf.schema.get(rule_id.lower())
    if isinstance(per_rule, Mapping):
        opts.update(per_rule)
    return opts


# With ``workers=None``, rules are shared out from this many statements on; below it a
# fork costs more than half the rules.
PARALLEL_RULES_MIN_STATEMENTS = 2_000


def check_catalog(catalog: Catalog, conf: CheckConfig, dialect: Dialect | None = None,
                  workers: int | None = 1) -> Report:
    """Run parse findings and the enabled rules over a built catalog (pure).

    ``workers`` None: every core when the input is large; 1: this process only. With
    more, the table-scoped rules are shared out to forked processes, which start with
    the built catalog and send back only their findings."""
    d = dialect or get_dialect(conf.dialect)
    findings: list[Finding] = parse_findings(catalog.statements)
    if catalog.workload:        # a query that does not parse is reported like DDL
        findings.extend(parse_findings(catalog.workload))
    rules = enabled_rules(conf)
    workers = _rule_workers(catalog, workers)
    chunks = _rule_chunks(rules, workers)
    if len(chunks) == 1:
        for sr in rules:
            findings.extend(_run_rule(sr, catalog, d, conf))
    else:
        from archkit.schema.forkjoin import fork_chunks
        from archkit.schema.registry import SchemaContext
        from archkit.schema.rules._support import index

        # the column index most rules on either side read: built once, here, the
        # children inherit it (else each process builds its own: ~25 ms on 2,000 tables)
        index(SchemaContext(catalog=catalog, dialect=d, rule=rules[0].rule))
        parts = fork_chunks(len(chunks), lambda i: _run_group(chunks[i], True, catalog, d, conf),
                            lambda i: _run_group(chunks[i], False, catalog, d, conf),
                            _found, workers=workers)
        by_rule = {rid: found for part in parts for rid, found in part}
        for sr in rules:                 # the order of a one-process run
            findings.extend(by_rule.get(sr.rule.id, ()))
    return finish_report(findings, catalog, conf)


def _run_rule(sr: Any, catalog: Catalog, d: Dialect, conf: CheckConfig) -> list[Finding]:
    from archkit.schema.registry import SchemaContext

    ctx = SchemaContext(catalog=catalog, dialect=d, rule=sr.rule,
                        options=rule_options(conf, sr.rule.id), hints=conf.hints)
    return list(sr.check(ctx) or ())


def _run_group(group: list[Any], here: bool, catalog: Catalog, d: Dialect,
               conf: CheckConfig) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for sr in group:
        found = _run_rule(sr, catalog, d, conf)
        if here:
            out.append((sr.rule.id, found))
        else:
            out.append((sr.rule.id, finding_rows(found)))
    return out


def _rule_workers(catalog: Catalog, workers: int | None) -> int:
    if workers is None:
        import threading

        if len(catalog.statements) < PARALLEL_RULES_MIN_STATEMENTS or \
                threading.active_count() > 1:
            # (a process with other threads, a notebook kernel's: a child forked from it
            # can hang on a lock one of them held, and its rules would be run here only
            # after fork_chunks' 120 s; the rules' share is not worth that risk)
            return 1
        from archkit.schema.forkjoin import usable_cores

        workers = usable_cores()
    return max(1, workers)


def _rule_chunks(rules: list[Any], workers: int) -> list[list[Any]]:
    """The rules in chunks that processes claim as they are free
    (:func:`~archkit.schema.forkjoin.fork_chunks`): first this process's own, the rules
    that read syntax trees or look across tables (their caches on the catalog stay
    here); then the others, largest first, each costly rule a chunk of its own and the
    cheap ones together (about ``_RULE_CHUNK`` ms a chunk). Claimed as they go, the
    processes end within a chunk of each other however the machine or copy-on-write
    slows one (with the rules shared out beforehand by their cost, on gen_schema's
    2,000 tables the child ended 20-90 ms after this process)."""
    from archkit.schema.cache import RULE_SCOPE

    if workers <= 1 or len(rules) < 2:
        return [rules]
    chunks: list[list[Any]] = [[sr for sr in rules if sr.rule.id not in RULE_SCOPE]]
    if not chunks[0]:
        return [rules]
    cost = _RULE_COST.get
    part: list[Any] = []
    load = 0.0
    for sr in sorted((sr for sr in rules if sr.rule.id in RULE_SCOPE),
                     key=lambda r: -cost(r.rule.id, 1.0)):
        part.append(sr)
        load += cost(sr.rule.id, 1.0)
        if load >= _RULE_CHUNK:
            chunks.append(part)
            part, load = [], 0.0
    if part:
        chunks.append(part)
    return chunks


def _found(part: list[tuple[str, Any]]) -> list[tuple[str, list[Finding]]]:
    """A child's chunk of rules (:func:`_run_group`) with its findings made of rows."""
    return [(rid, from_rows(rows)) for rid, rows in part]


# Estimated milliseconds of rules per chunk: a chunk's findings travel back on their own
# (~0.1 ms), so cheap rules are claimed a few at a time
_RULE_CHUNK = 4.0

# Relative cost of the rules on gen_schema's 2,000 tables (ms, the median of five cold
# runs after the column index is built, hints left out as the text format does); unlisted
# rules count 1
_RULE_COST: dict[str, float] = {
    "AK-NM001": 78.8, "AK-TY008": 21.6, "AK-TY010": 13.1, "AK-IX002": 11.8, "AK-TY003": 10.9,
    "AK-IX006": 9.7, "AK-MG001": 9.0, "AK-FK005": 8.4, "AK-NM003": 8.2, "AK-IX008": 6.9,
    "AK-IX001": 6.6, "AK-TY004": 6.6, "AK-FK007": 6.3, "AK-IX003": 5.7, "AK-PK001": 5.5,
    "AK-PK003": 5.1, "AK-IX005": 4.5, "AK-FK001": 4.2, "AK-FK002": 3.4, "AK-TY005": 2.7,
    "AK-TY009": 2.3, "AK-PK002": 2.2, "AK-NM002": 1.4,
}


def finish_report(findings: list[Finding], catalog: Catalog, conf: CheckConfig,
                  names: bool = True) -> Report:
    """The rules' raw findings as the report: select/ignore, suppressions, severities,
    order, and (``names``) tables and columns as written (:mod:`archkit.schema.shown`;
    they are sorted before, so that a report filled in later is in the same order)."""
    report = Report(findings, title="archkit schema check")
    if conf.select or conf.ignore:       # each step copies every finding: only when asked
        report = report.select(conf.select or None, conf.ignore or None)
    report = apply_suppressions(report, catalog.statements, conf)
    if conf.rules:
        overrides = {rid: (None if v == "off" else Severity.parse(v))
                     for rid, v in conf.rules.items()}
        report = report.with_severities(overrides)
    report = _without_repeats(report).sorted()
    if names:
        report = Report(fill_names(report.findings, catalog), title=report.title)
    return report


def fill_names(findings: list[Finding], catalog: Catalog) -> list[Finding]:
    """``findings`` with the tables and columns they name as the schema writes them."""
    from archkit.schema.shown import fill

    return fill(findings, catalog, get_dialect(catalog.dialect))


# rule -> the rule whose finding on the same name, at the same place, says all it says:
# a quoted "emailVerified" is AK-NM004 (quoted forever) and broke AK-NM001's snake_case
# with the same rename as hint; Prisma chains had every such name twice (documenso: 364
# of 928 findings were the second copy; scout T)
_REPEATS = {"AK-NM001": "AK-NM004"}


def _without_repeats(report: Report) -> Report:
    """Drop a finding that another rule's kept finding repeats (``_REPEATS``): after
    select/ignore, suppressions and severities, so the repeat stays when the other rule
    is off, ignored or suppressed there."""
    seen: dict[str, set[tuple[Any, ...]]] = {}
    for f in report:
        if f.rule in _REPEATS.values():
            seen.setdefault(f.rule, set()).add((f.path, f.line, f.col, f.object))
    if not seen:
        return report
    kept = [f for f in report if f.rule not in _REPEATS
            or (f.path, f.line, f.col, f.object) not in seen.get(_REPEATS[f.rule], ())]
    return report if len(kept) == len(report) else Report(kept, title=report.title)


def apply_suppressions(report: Report, statements: Iterable[Statement],
                       conf: CheckConfig | None = None) -> Report:
    """Drop findings covered by ``archkit: ignore`` markers, file by file. With ``conf``
    (the rules that ran), AK-SUP003 for what a marker names and silences nothing of."""
    from archkit.suppress import apply

    by_path: dict[str | None, list[Any]] = {}
    for s in statements:
        if s.suppressions:
            by_path.setdefault(s.path, []).extend(s.suppressions)
    if not by_path:
        return report
    judged = _judged(conf) if conf is not None else None
    kept = [f for f in report if f.path not in by_path]
    for path, sups in by_path.items():
        part = Report([f for f in report if f.path == path], title=report.title)
        kept.extend(apply(part, sups, path, judged).findings)
    return Report(kept, title=report.title)


def _judged(conf: CheckConfig) -> set[str] | None:
    """The rules whose findings a report under ``conf`` holds (enabled, not left out by
    --select/--ignore), or None when AK-SUP003 is switched off or ignored."""
    if conf.rules.get("AK-SUP003") == "off" or \
            any("AK-SUP003".startswith(p) for p in conf.ignore or ()):
        return None
    ids = {sr.rule.id for sr in enabled_rules(conf)}
    # (parse findings are always made)
    ids.update(rid for rid in ("AK-SQL001", "AK-SQL002") if _selected(conf, rid))
    return ids
