"""The floor under a cold ``archkit schema check``: sqlglot alone on every core.

    python benchmarks/sqlglot_floor.py FILE.sql [--dialect D] [--jobs N]

Imports sqlglot, splits FILE with archkit's splitter, and tokenizes and parses every
statement at ErrorLevel.RAISE in N processes (default: every core; ``os.fork``,
contiguous ranges of equal text), keeping nothing: no catalog, no rules, no report. A
cold check can be no faster than this, whatever archkit does around the parser.
``schema_bench.py`` runs it as a process, side by side with squawk, so the distance
between the floor and the target (≤ 2× squawk) is measured, not guessed.
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--dialect", default="postgres")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = ap.parse_args(argv)

    import gc

    from sqlglot.dialects.dialect import Dialect
    from sqlglot.errors import ErrorLevel, ParseError

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    from archkit.schema.split import split_sql

    gc.disable()                      # as archkit does while trees pile up
    with open(args.file, encoding="utf-8") as fh:
        text = fh.read()
    statements = [s.sql for s in split_sql(text, args.dialect)]
    d = Dialect.get_or_raise(args.dialect)
    tokenizer, parser = d.tokenizer(), d.parser(error_level=ErrorLevel.RAISE)
    total = sum(map(len, statements)) or 1
    bounds, start, acc = [], 0, 0
    for i, s in enumerate(statements):
        acc += len(s)
        if len(bounds) < args.jobs - 1 and acc >= total * (len(bounds) + 1) / args.jobs:
            bounds.append((start, i + 1))
            start = i + 1
    bounds.append((start, len(statements)))
    children = []
    for lo, hi in bounds[1:]:
        pid = os.fork()
        if pid == 0:
            _parse(statements[lo:hi], tokenizer, parser, ParseError)
            os._exit(0)
        children.append(pid)
    _parse(statements[bounds[0][0]:bounds[0][1]], tokenizer, parser, ParseError)
    for pid in children:
        os.waitpid(pid, 0)
    sys.stdout.flush()
    os._exit(0)                       # as archkit schema check leaves


def _parse(statements: list[str], tokenizer, parser, error) -> None:
    for sql in statements:
        try:
            parser.parse(tokenizer.tokenize(sql), sql)
        except error:
            pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
