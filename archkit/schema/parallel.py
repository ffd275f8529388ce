"""Parse many statements, on every core when the input is large.

Small inputs are parsed in this process. Large ones are split here, and the statements
are parsed in chunks by worker processes (``fork``: the split text is inherited, not
sent) while this process parses a chunk too. Syntax trees are expensive to send back
(pickling a tree costs more than parsing it), so a worker returns, for each CREATE
TABLE / CREATE INDEX, the :class:`~archkit.schema.model.Table` or ``Index`` it defines
(a *fragment*), and every statement's tree is parsed again in this process only if
something asks for it (:class:`LazyStatement`: ALTERs while the catalog is built, or a
rule that looks inside a statement).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Sequence
from typing import Any

from archkit.schema.dialects import Dialect, get_dialect
from archkit.schema.model import Statement
from archkit.schema.parse import parse_statement
from archkit.schema.split import LineIndex, RawStatement, split_sql

__all__ = ["PARALLEL_MIN_STATEMENTS", "LazyStatement", "parse_sources"]

# Below this many statements one process is faster (measured on gen_schema 2,000 tables,
# 6,645 statements: 2.3 s in one process, 3.0-4.5 s on two, because the workers' share
# has to be turned into fragments, sent back, and its trees re-parsed when a rule reads
# them). Above it, workers also bound memory: this process keeps no trees of theirs.
PARALLEL_MIN_STATEMENTS = 20_000

_LAZY = object()


class LazyStatement(Statement):
    """A Statement whose syntax tree is parsed again on first access."""

    @property  # type: ignore[override]
    def tree(self) -> Any:
        value = self.__dict__.get("_tree", None)
        if value is _LAZY:
            from archkit.schema.parse import parse_text

            d = get_dialect(self.__dict__["_dialect"])
            value, _raw, _problem = parse_text(self.sql, d, None, self.kind)
            self.__dict__["_tree"] = value
        return value

    @tree.setter
    def tree(self, value: Any) -> None:
        self.__dict__["_tree"] = value

    def __getstate__(self) -> dict[str, Any]:
        # never ship a tree between processes: it is parsed again if a rule needs it
        state = dict(self.__dict__)
        state["_tree"] = None
        state["_lazy"] = True
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.pop("_lazy", False):
            state["_tree"] = _LAZY
        self.__dict__.update(state)


# work shared with forked workers: (raw statements, dialect, path per statement)
_WORK: list[tuple[RawStatement, str | None]] = []
_WORK_DIALECT: str = "postgres"


def _parse_chunk(bounds: tuple[int, int]) -> list[Statement]:
    d = get_dialect(_WORK_DIALECT)
    out: list[Statement] = []
    with gc_paused():
        _parse_range(bounds, d, out)
    return out


def _parse_range(bounds: tuple[int, int], d: Dialect, out: list[Statement]) -> None:
    from archkit.schema.catalog import fragment

    for i in range(*bounds):
        raw, path = _WORK[i]
        s = parse_statement(raw, d, path, i)
        if s.tree is not None and not s.raw:
            lazy = LazyStatement(**{k: getattr(s, k) for k in Statement.__dataclass_fields__
                                    if k != "tree"})
            lazy.__dict__["_tree"] = _LAZY
            lazy.__dict__["_dialect"] = d.name
            frag = fragment(s, d)
            if frag is not None:
                lazy.fragment = frag  # type: ignore[attr-defined]
            s = lazy
        out.append(s)


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
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def parse_sources(sources: Sequence[Any], dialect: Dialect, workers: int | None = None,
                  progress: bool = False) -> list[Statement]:
    """Statements of every source, in order, numbered across files."""
    work: list[tuple[RawStatement, str | None]] = []
    for src in sources:
        lines = LineIndex(src.text)
        work.extend((raw, src.path) for raw in split_sql(src.text, dialect.name, lines))
    n = len(work)
    if workers is None:      # automatic: every core, for large inputs only
        workers = default_workers() if n >= PARALLEL_MIN_STATEMENTS else 1
    workers = max(1, workers)
    bar = _progress(n) if progress else None
    if workers == 1 or n < 4 * workers or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        with gc_paused():
            for i, (raw, path) in enumerate(work):
                out.append(parse_statement(raw, dialect, path, i))
                if bar is not None and i % 200 == 199:
                    bar.update(200)
        if bar is not None:
            bar.close()
        return out
    return _parse_parallel(work, dialect, workers, bar)


def _parse_parallel(work: list[tuple[RawStatement, str | None]], dialect: Dialect,
                    workers: int, bar: Any) -> list[Statement]:
    from concurrent.futures import ProcessPoolExecutor

    global _WORK, _WORK_DIALECT
    n = len(work)
    chunks = max(workers * 4, 2)
    size = -(-n // chunks)
    bounds = [(i, min(n, i + size)) for i in range(0, n, size)]
    _WORK, _WORK_DIALECT = work, dialect.name
    results: dict[tuple[int, int], list[Statement]] = {}
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=max(1, workers - 1), mp_context=ctx) as pool:
            # the workers take the later chunks; this process parses from the front
            futures = {b: pool.submit(_parse_chunk, b) for b in bounds[len(bounds) // workers:]}
            for b in bounds[: len(bounds) // workers]:
                # this process keeps its own trees: nothing to ship, nothing to re-parse
                with gc_paused():
                    results[b] = [parse_statement(raw, dialect, path, i)
                                  for i, (raw, path) in enumerate(work[b[0]:b[1]], b[0])]
                if bar is not None:
                    bar.update(b[1] - b[0])
            for b, f in futures.items():
                results[b] = f.result()
                if bar is not None:
                    bar.update(b[1] - b[0])
    finally:
        _WORK = []
        if bar is not None:
            bar.close()
    out: list[Statement] = []
    for b in bounds:
        out.extend(results[b])
    return out


def _progress(total: int) -> Any:
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc="parsing", unit="stmt", file=sys.stderr, leave=False,
                mininterval=0.2)
