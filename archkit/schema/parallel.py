"""Parse many statements, on every core when the input is large.

Small inputs are parsed in this process, the way a worker parses its chunks (plain
CREATE TABLEs and CREATE INDEXes from parts parsed once; ``workers=1`` parses every
statement whole instead). Large ones are split here, and the statements
are parsed in chunks of about equal text that this process and forked workers claim as
they are free (``fork``: the split text is inherited, not sent; see
:func:`~archkit.schema.forkjoin.fork_chunks`). Syntax trees are expensive to send back
(pickling a tree costs more than parsing it), so a worker returns, for each CREATE
TABLE / CREATE INDEX, the :class:`~archkit.schema.model.Table` or ``Index`` it defines
(a *fragment*), and every statement's tree is parsed again in this process only if
something asks for it (:class:`LazyStatement`: a rule that looks inside a statement).
The statements whose tree building the catalog needs anyway (ALTER, DROP, COMMENT,
views, types, sequences) are parsed by this process only, as its first chunk, while the
workers start on the others: a worker's parse of them was thrown away and done again
here (GitLab's structure.sql: 1,765 of its 4,345 ALTER TABLEs parsed twice).

A large input (``SPLIT_AHEAD_MIN_CHARS``) read before sqlglot is imported (the command
line's check) is split in a child forked first, while this process imports sqlglot; the
statements come back through shared memory (:func:`_split_ahead`). On gen_schema's 2,000
tables the parse starts ~0.03-0.04 s sooner (20 paired cold runs: 17 faster, median
43 ms).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from archkit.schema.dialects import Dialect, get_dialect
from archkit.schema.model import Statement
from archkit.schema.parse import LazyStatement, lazy_statement, parse_statement
from archkit.schema.split import LineIndex, RawStatement, split_sql

__all__ = ["PARALLEL_MIN_STATEMENTS", "LazyStatement", "parse_sources"]

# Below this many statements one process is faster: a fork, the fragments' pickling and
# the lazily re-parsed trees cost more than half the parsing saves.
PARALLEL_MIN_STATEMENTS = 2_000

Work = list[tuple[RawStatement, str | None]]      # the split statements, each with its path


def _parse_chunk(work: Work, bounds: tuple[int, int],
                 dialect: str = "postgres") -> list[Statement]:
    """The statements of one range as a parent gets them from a child (tests use it)."""
    d = get_dialect(dialect)
    out: list[Any] = []
    with gc_paused():
        _parse_range(range(*bounds), d, out, work)
    return [_rebuild(item, work, d.name) for item in out]


def _parse_range(chunk: Sequence[int], d: Dialect, out: list[Any], work: Work,
                 kinds: dict[int, str] | None = None) -> None:
    """A child's share. The parent has the split statements already (it forked after
    splitting: ``work`` is what the child inherited), so for a statement with a tree only
    what parsing found travels back: ``(index, kind, problem, suppressions, fragment)``,
    rebuilt by :func:`_rebuild` into a :class:`LazyStatement`. Raw text and statements
    that failed go back whole (rare)."""
    for i, s, frag in _parsed(chunk, d, work, kinds):
        if frag is not None or (type(s) is not LazyStatement and s.tree is not None
                                and not s.raw):
            out.append((i, s.kind, s.error, s.suppressions or None, frag))
        else:
            out.append(s)           # (bulk rows, not parsed: parse.DATA_PARSE_BYTES)


def _parsed(chunk: Sequence[int], d: Dialect, work: Work,
            kinds: dict[int, str] | None = None) -> Any:
    """(index, statement, its catalog fragment or None) for the statements of a chunk of
    ``work`` (``kinds``: the kinds of some, found already)."""
    from archkit.schema.catalog import fragment
    from archkit.schema.parse import classify
    from archkit.schema.plainindex import plain_index
    from archkit.schema.plaintable import plain_table

    kinds = kinds or {}
    for i in chunk:
        raw, path = work[i]
        kind = kinds.get(i) or classify(raw.sql)
        plain = plain_index(raw, d, path, i, kind) if kind == "CREATE INDEX" else \
            plain_table(raw, d, path, i, kind) if kind == "CREATE TABLE" else None
        if plain is not None:       # (no tree: made from the tokens, parsed if read)
            yield i, plain[0], plain[1]
            continue
        s = parse_statement(raw, d, path, i, kind=kind)
        frag = None
        if s.kind in _FRAGMENT_KINDS and s.tree is not None and not s.raw:
            frag = fragment(s, d)
        yield i, s, frag


_FRAGMENT_KINDS = frozenset({"CREATE TABLE", "CREATE INDEX"})


def _rebuild(item: Any, work: Work,
             dialect: str) -> Statement:
    if not isinstance(item, tuple):
        return item
    i, kind, problem, sups, frag = item
    raw, path = work[i]
    st = lazy_statement(raw, path, i, kind, dialect, problem, sups if sups is not None else [])
    if frag is not None:
        st.__dict__["fragment"] = frag
    return st


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector while syntax trees pile up.

    Every sqlglot node points to its parent, so each kept tree is a reference cycle and
    the collector re-scans the whole growing heap again and again: measured here, keeping
    6,645 trees doubles the parse time. Nothing is leaked: collection resumes after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def default_workers() -> int:
    from archkit.schema.forkjoin import usable_cores

    return usable_cores()


def parse_sources(sources: Sequence[Any], dialect: Dialect, workers: int | None = None,
                  progress: bool = False,
                  meanwhile: Callable[[], None] | None = None) -> list[Statement]:
    """Statements of every source, in order, numbered across files. ``meanwhile()``: what
    this process does while worker processes parse, when they do (the imports the check
    needs after parsing); the caller does it after, when they do not."""
    ahead = _split_ahead(sources, dialect) if workers is None else None
    work: Work | None = None
    kept = None
    if ahead is not None:
        try:
            _import_parsing()       # (sqlglot's import, here, while the child splits)
            got = ahead.result()
        finally:
            ahead.close(kill=True)  # (after an error here; else closed by result())
        if got is not None:
            work, kept = _from_ahead(got, sources)
    if work is None:
        work = _split(sources, dialect)
    n = len(work)
    automatic = workers is None
    if workers is None:      # automatic: every core, for large inputs only
        workers = default_workers() if n >= PARALLEL_MIN_STATEMENTS else 1
    workers = max(1, min(workers, n // 4 or 1))
    from archkit.schema.forkjoin import can_fork

    if workers == 1 or not can_fork():
        return _parse_alone(work, dialect, progress, whole=not automatic)
    return _parse_parallel(work, dialect, workers, progress, meanwhile, kept)


def _split(sources: Sequence[Any], dialect: Dialect) -> Work:
    work: Work = []
    for src in sources:
        lines = LineIndex(src.text)
        work.extend((raw, src.path) for raw in split_sql(src.text, dialect.name, lines))
    return work


# Input from which (in characters) the split runs in a child forked before sqlglot is
# imported, while this process imports it: on gen_schema's 2,000 tables (1.1 MB) the
# split (~0.07 s) and the choice of the statements this process parses itself (~0.02 s)
# came after the import (~0.12 s); side by side, the statements cost ~0.02 s to take
# back (made into statements again here).
SPLIT_AHEAD_MIN_CHARS = 256 * 1024


def _split_ahead(sources: Sequence[Any], dialect: Dialect) -> Any:
    """The split of ``sources`` and :func:`_kept_here` computed in a forked child
    (:func:`~archkit.schema.forkjoin.fork_bytes`), or None: a small input, sqlglot
    imported already (nothing to do meanwhile), one core, or another thread running (a
    child forked beside one can hang on a lock it held)."""
    import sys
    import threading

    from archkit.schema.forkjoin import can_fork, fork_bytes, usable_cores

    chars = sum(len(src.text) for src in sources)
    if "sqlglot" in sys.modules or not can_fork() or threading.active_count() > 1 or \
            usable_cores() < 2 or chars < SPLIT_AHEAD_MIN_CHARS:
        return None
    # (room for the statements' text, each character up to 4 bytes of UTF-8, and their
    # fields: pages of it untouched are never allocated)
    return fork_bytes(lambda: _ahead_bytes(sources, dialect), room=(16 << 20) + 6 * chars)


def _import_parsing() -> None:
    """What parsing imports (sqlglot with it): done while the child splits."""
    import archkit.schema.catalog  # noqa: F401
    import archkit.schema.plainindex  # noqa: F401
    import archkit.schema.plaintable  # noqa: F401


def _ahead_bytes(sources: Sequence[Any], dialect: Dialect) -> bytes:
    """The child's answer: each statement's fields and its source's number, and what
    :func:`_kept_here` makes of them, as marshal data (6,645 statements: ~1.5 MB, ~10 ms
    to write; ~5 ms to read back, ~15 ms to make into statements again)."""
    import marshal

    rows = []
    for k, src in enumerate(sources):
        lines = LineIndex(src.text)
        rows.extend((_RAW_ROW(raw), k) for raw in split_sql(src.text, dialect.name, lines))
    mine, shared, kinds = _kept_here([(_Sql(row[0]), k) for row, k in rows])
    return marshal.dumps((rows, mine, None if isinstance(shared, range) else shared, kinds))


def _from_ahead(blob: bytes, sources: Sequence[Any]) -> tuple[Work, Any]:
    """:func:`_ahead_bytes`' answer as the statements and ``(mine, shared, kinds)``."""
    import marshal

    rows, mine, shared, kinds = marshal.loads(blob)
    new, names = object.__new__, _RAW_NAMES
    paths = [src.path for src in sources]
    work: Work = []
    append = work.append
    for row, k in rows:
        raw = new(RawStatement)          # (as split_sql makes them: see split._new_raw)
        raw.__dict__.update(zip(names, row))
        append((raw, paths[k]))
    return work, (mine, range(len(work)) if shared is None else shared, kinds)


class _Sql:
    """A statement as :func:`_kept_here` reads it: its text."""

    __slots__ = ("sql",)

    def __init__(self, sql: str) -> None:
        self.sql = sql


_RAW_NAMES = tuple(RawStatement.__dataclass_fields__)
_RAW_ROW = attrgetter(*_RAW_NAMES)


def _parse_alone(work: Work, dialect: Dialect, progress: bool = False,
                 whole: bool = False) -> list[Statement]:
    """Every statement parsed in this process, as a worker parses its chunks: a plain
    CREATE TABLE or CREATE INDEX made from parts parsed once per process
    (:mod:`~archkit.schema.plaintable`, :mod:`~archkit.schema.plainindex`), its tree
    parsed only if read; every other statement's tree kept. (On gen_schema's 200 tables
    a check took 1,496 M instructions instead of 1,798 M.) ``whole``: every statement
    parsed whole instead, as ``workers=1`` asks: the reference the tests compare these
    paths with."""
    d = get_dialect(dialect.name)
    bar = _progress(len(work)) if progress else None
    out: list[Statement] = []
    try:
        with gc_paused():
            for lo in range(0, len(work), 200):     # (in steps, so that the bar moves)
                chunk = range(lo, min(lo + 200, len(work)))
                part = [parse_statement(work[i][0], dialect, work[i][1], i)
                        for i in chunk] if whole else _parse_here(chunk, d, work)
                out.extend(part)
                if bar is not None:
                    bar.update(len(part))
    finally:
        if bar is not None:
            bar.close()
    return out


def _parse_parallel(work: Work, dialect: Dialect,
                    workers: int, progress: bool,
                    meanwhile: Callable[[], None] | None = None,
                    kept: Any = None) -> list[Statement]:
    """Chunks of about ``CHUNK_BYTES`` of text, claimed by this process and the workers as
    each is free (:func:`~archkit.schema.forkjoin.fork_chunks`), after a first chunk of
    the statements this process parses itself (:func:`_kept_here`).

    Every chunk also gets its CREATE statements' catalog fragments, so building the
    catalog afterwards only adds them up. This process keeps the trees of the chunks it
    parsed; a child's come back as fragments and :class:`LazyStatement` (tree parsed
    again if read). ``kept``: what :func:`_kept_here` says of ``work``, known already."""
    from archkit.schema.forkjoin import fork_chunks

    mine, shared, kinds = kept if kept is not None else _kept_here(work)
    sizes = [len(work[i][0].sql) for i in shared]
    chunks: list[Sequence[int]] = [
        shared[lo:hi] for lo, hi in
        _ranges(sizes, max(workers * 4, min(sum(sizes) // CHUNK_BYTES, 2_048)))]
    if mine:
        chunks.insert(0, mine)      # this process's first chunk (fork_chunks: chunk 0)
    bar = _progress(len(work)) if progress else None
    d = get_dialect(dialect.name)
    name = dialect.name

    def there(i: int) -> list[Any]:
        out: list[Any] = []
        _parse_range(chunks[i], d, out, work, kinds)
        return out

    def back(items: list[Any]) -> list[Statement]:
        return [_rebuild(item, work, name) for item in items]

    def done(_i: int, part: list[Statement]) -> None:
        bar.update(len(part))

    try:
        with gc_paused():
            parts = fork_chunks(len(chunks), lambda i: _parse_here(chunks[i], d, work, kinds),
                                there, back,
                                workers, shared_bytes=(64 << 20) + 8 * sum(sizes),
                                done=done if bar is not None else None, meanwhile=meanwhile)
    finally:
        if bar is not None:
            bar.close()
    out: list[Any] = [None] * len(work)
    for part in parts:
        for s in part:
            out[s.index] = s
    return out


def _kept_here(work: Work
               ) -> tuple[list[int], range | list[int], dict[int, str]]:
    """(the statements this process parses itself, the others, the kinds found on the
    way): those whose tree the catalog reads (no fragment stands for them) would be parsed
    twice in a worker."""
    from archkit.schema.domains import TYPE_KINDS
    from archkit.schema.parse import CATALOG_KINDS, VIEW_KINDS, classify

    # (CREATE SEQUENCE / SCHEMA: the migration rules read what they create)
    needs_tree = (CATALOG_KINDS - _FRAGMENT_KINDS) | VIEW_KINDS | TYPE_KINDS | {
        "CREATE SEQUENCE", "CREATE SCHEMA"}
    mine: list[int] = []
    kinds: dict[int, str] = {}
    for i, (raw, _path) in enumerate(work):
        if raw.sql[:2].upper() in _TREE_HEADS:
            kind = kinds[i] = classify(raw.sql)
            if kind in needs_tree:
                mine.append(i)
    if not mine:
        return mine, range(len(work)), kinds
    taken = set(mine)
    return mine, [i for i in range(len(work)) if i not in taken], kinds


# first letters of the kinds above (ALTER, DROP, COMMENT, CREATE ..., IF):
# the statements classify() need not look at
_TREE_HEADS = frozenset({"AL", "DR", "CO", "CR", "IF"})


# Text per chunk that processes claim: small enough that the last chunk ends close to the
# others (on 2,000 tables a chunk is ~25 ms of parsing), large enough that claiming and
# sending cost nothing next to parsing.
CHUNK_BYTES = 24_000


def _ranges(sizes: list[int], parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous index ranges with about equal sums of ``sizes``."""
    total = sum(sizes) or 1
    bounds, start, acc, k = [], 0, 0, 1
    for i, size in enumerate(sizes):
        acc += size
        if k < parts and acc >= total * k / parts:
            bounds.append((start, i + 1))
            start, k = i + 1, k + 1
    bounds.append((start, len(sizes)))
    return [b for b in bounds if b[0] < b[1]]


def _parse_here(chunk: Sequence[int], d: Dialect, work: Work,
                kinds: dict[int, str] | None = None) -> list[Statement]:
    """Parse one chunk in this process: trees kept, fragments attached."""
    out: list[Statement] = []
    for _i, s, frag in _parsed(chunk, d, work, kinds):
        if frag is not None:
            s.fragment = frag  # type: ignore[attr-defined]
        out.append(s)
    return out


def _progress(total: int) -> Any:
    from archkit.progress import progress_bar

    return progress_bar(total, "parsing", "stmt", leave=False, mininterval=0.2)
