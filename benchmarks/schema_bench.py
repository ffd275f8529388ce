"""Schema-check performance next to the tools people use now, measured in one run.

On ``gen_schema.py 2000 10000`` (≈1.1 MB of Postgres DDL) and its 200-table sibling:

- cold ``archkit schema check`` (all rules, empty cache) vs ``squawk`` on the same file
  (target ≤ 2× squawk's wall time), and beside it the floor under any cold check:
  sqlglot alone splitting and parsing on every core (``sqlglot_floor.py``);
- warm ``archkit schema check`` (unchanged file, result cache) (target ≤ 0.5× squawk);
- ``archkit schema check`` vs ``sqlfluff lint`` on the 200-table schema (target ≥ 30×
  faster); sqlfluff is stopped after 60 s (``ARCHKIT_BENCH_SQLFLUFF_TIMEOUT``) to keep the
  benchmark short, and its time is then reported as a lower bound;
- peak memory of a cold run, every process of it summed by PSS (a forked child's pages
  shared with its parent count once) (target ≤ 500 MB);
- the incremental checker after editing one statement (parse only what changed, re-run
  table-scoped rules for the changed tables only; target ≤ 100 ms): an edit that keeps
  the statement's lines, and one that adds a line near the top and in the middle of the
  file (every later statement moves), and 30 seeded random edits of any table (a type,
  NOT NULL, a line added or removed: median and 90th percentile), next to the time every
  rule takes over the whole catalog (what a re-check would cost without that).

squawk runs with ``--reporter gcc`` (one line per finding, like archkit's text output):
its default ``tty`` reporter renders code frames and takes minutes on 15,000 findings.
Every command runs as a subprocess, as a user runs it, with archkit's modules compiled to
bytecode first (an installed package has them; a shell with PYTHONDONTWRITEBYTECODE=1
would otherwise make every run compile ~70 ms of source). Prints a table and exits 0.
Usage: ``python benchmarks/schema_bench.py [--quick]``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEN = Path(os.environ.get("ARCHKIT_GEN_SCHEMA", "/work/shared/bench/gen_schema.py"))
BIN = Path(sys.executable).parent


def tool(name: str) -> str | None:
    p = BIN / name
    return str(p) if p.exists() else shutil.which(name)


def run_timed(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 600,
              memory: bool = False) -> tuple[float, int, int]:
    """(wall seconds, exit code, peak memory in bytes of the process tree, 0 unless asked).

    Memory is sampled by a thread every 10 ms, which takes CPU from the measured command on
    a two-core machine: timed runs don't sample, a separate run does."""
    peak = [0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, cwd=ROOT)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_memory(proc.pid))
            done.wait(0.01)

    t = threading.Thread(target=sample, daemon=True)
    if memory:
        t.start()
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = -9
    wall = time.perf_counter() - start
    done.set()
    if memory:
        t.join()
    return wall, code, peak[0]


def tree_memory(pid: int) -> int:
    """Memory of ``pid`` and all its descendants (Linux /proc): the sum of their PSS, so
    pages a forked child shares with its parent count once, not twice (RSS where PSS is
    not available)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            total += _pss(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def best(runs: int, cmd: list[str], env: dict[str, str] | None = None,
         before: object = None) -> tuple[float, int, int]:
    out = []
    for _ in range(runs):
        if callable(before):
            before()
        out.append(run_timed(cmd, env))
    wall = min(r[0] for r in out)
    return wall, out[0][1], max(r[2] for r in out)


def side_by_side(runs: int, ours: list[str], peer: list[str] | None, env: dict[str, str],
                 before: object) -> tuple[float, float | None, int]:
    """Fastest of ``runs`` alternating runs of ours (after ``before()``) and the peer's:
    both see the same moments of a shared machine. (ours, peer, our exit code)."""
    mine: list[float] = []
    theirs: list[float] = []
    code = 0
    for _ in range(runs):
        if peer:
            theirs.append(run_timed(peer)[0])
        if callable(before):
            before()
        wall, code, _mem = run_timed(ours, env)
        mine.append(wall)
    return min(mine), (min(theirs) if theirs else None), code


def incremental(schema: Path) -> tuple[dict[str, tuple[float, float]], float]:
    """Edit + re-check seconds (fastest and median of 6) of edits to one CREATE TABLE
    that keep its lines, and that add a line (a column on a line of its own, each time
    with a new name, so that the statement is parsed; then taken out again: every later
    statement moves) near the top and in the middle of the file; and the time every rule
    takes over the whole catalog (what a re-check would cost without the incremental
    path)."""
    sys.path.insert(0, str(ROOT))
    from archkit.schema.cache import IncrementalChecker
    from archkit.schema.check import check_catalog

    ic = IncrementalChecker(schema.read_text())
    keys = list(ic.catalog.tables)
    out: dict[str, tuple[float, float]] = {}

    def timed(label: str, index: int, texts: list[str]) -> None:
        times = []
        for new in texts:
            t = time.perf_counter()
            ic.edit(index, new)
            times.append(time.perf_counter() - t)
            assert ic.parsed_last <= 1
        times.sort()
        out[label] = (times[0], times[len(times) // 2])

    i = ic.statement_of(keys[0])
    old = ic.statements[i].sql
    timed("same lines", i, [old.replace("created_at timestamptz", f"created_at{k} timestamptz")
                            for k in range(6)])
    ic.edit(i, old)
    for where, key in (("top", keys[1]), ("middle", keys[len(keys) // 2])):
        i = ic.statement_of(key)
        old = ic.statements[i].sql
        timed(f"a line added or removed, {where}", i,
              [t for k in range(3) for t in (old.replace("(", f"(\n  added{k} int,", 1), old)])
    # edits anywhere, of any column: the kinds above and a column's type or NOT NULL,
    # each of a CREATE TABLE picked at random (seeded); the fastest is not the figure here
    rng = random.Random(2000)
    times = []
    for step in range(30):
        i = ic.statement_of(rng.choice(keys))
        lines = ic.statements[i].sql.split("\n")
        j = rng.choice([n for n, text in enumerate(lines) if re.match(r"\s+c\d+ ", text)])
        kind = rng.choice(("type", "not null", "new line", "line removed"))
        if kind == "type":
            lines[j] = re.sub(r"^(\s+\w+ )(bigint|\w+(?:\(\d+(?:,\d+)?\))?)",
                              lambda m: m.group(1) + ("integer" if m.group(2) == "bigint"
                                                      else "bigint"), lines[j])
        elif kind == "not null":
            lines[j] = lines[j].replace(" NOT NULL", "") if " NOT NULL" in lines[j] \
                else lines[j].replace(",", " NOT NULL,", 1)
        elif kind == "new line":
            lines.insert(j, f"  extra{step} text,")
        else:
            del lines[j]
        t = time.perf_counter()
        ic.edit(i, "\n".join(lines))
        times.append(time.perf_counter() - t)
    times.sort()
    out["30 random edits (type, NOT NULL, a line added or removed)"] = (
        times[len(times) // 2], times[int(len(times) * 0.9)])
    t1 = time.perf_counter()
    check_catalog(ic.catalog, ic.conf, ic.dialect)
    rules = time.perf_counter() - t1
    return out, rules


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    if not GEN.exists():
        print(f"schema_bench: generator {GEN} not found (set ARCHKIT_GEN_SCHEMA); skipped")
        return 0
    import compileall

    compileall.compile_dir(str(ROOT / "archkit"), quiet=1)   # as pip does on install
    squawk, sqlfluff = tool("squawk"), tool("sqlfluff")
    runs = 1 if quick else 5
    rows: list[tuple[str, str, str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        big, small = tmp_path / "g2000", tmp_path / "g200"
        subprocess.run([sys.executable, str(GEN), "2000", "10000", str(big)], check=True)
        subprocess.run([sys.executable, str(GEN), "200", "1000", str(small)], check=True)
        schema, schema200 = big / "schema.sql", small / "schema.sql"
        cache = tmp_path / "cache"
        env = dict(os.environ, ARCHKIT_CACHE_DIR=str(cache),
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        archkit = [sys.executable, "-m", "archkit", "schema", "check", "--fail-on", "never"]

        def clear() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        peer = [squawk, "--reporter", "gcc", str(schema)] if squawk else None
        cold, sq, code = side_by_side(runs, [*archkit, str(schema)], peer, env, clear)
        clear()
        mem = run_timed([*archkit, str(schema)], env, memory=True)[2]
        warm, sq_again, _c = side_by_side(runs, [*archkit, str(schema)], peer, env, None)
        if sq is not None and sq_again is not None:
            sq = min(sq, sq_again)
        rows.append(("cold check, 2000 tables", f"{cold:.2f} s", "squawk",
                     f"{sq:.2f} s" if sq else "n/a", f"{cold / sq:.2f}x" if sq else "n/a",
                     "<= 2x"))
        # the floor under any cold check: sqlglot alone, splitting and parsing on every
        # core with nothing around it (benchmarks/sqlglot_floor.py), beside squawk again
        floor_cmd = [sys.executable, str(ROOT / "benchmarks" / "sqlglot_floor.py"), str(schema)]
        floor, sq_floor, _c = side_by_side(runs, floor_cmd, peer, env, None)
        if sq is not None and sq_floor is not None:
            rows.append(("  floor: sqlglot alone, all cores", f"{floor:.2f} s", "squawk",
                         f"{sq_floor:.2f} s", f"{floor / sq_floor:.2f}x",
                         "(no target)"))
        rows.append(("warm check (cache), 2000 tables", f"{warm:.2f} s", "squawk",
                     f"{sq:.2f} s" if sq else "n/a", f"{warm / sq:.2f}x" if sq else "n/a",
                     "<= 0.5x"))
        rows.append(("peak memory, cold, 2000 tables", f"{mem / 2**20:.0f} MB", "", "", "",
                     "<= 500 MB"))
        ak200 = best(runs, [*archkit, "--no-cache", str(schema200)], env)[0]
        if sqlfluff and not quick:
            # sqlfluff skips files over 20 kB by default: lift the limit so it lints the file
            cfg = tmp_path / "sqlfluff.cfg"
            cfg.write_text("[sqlfluff]\ndialect = postgres\nlarge_file_skip_byte_limit = 0\n")
            fl, fl_code, _ = run_timed([sqlfluff, "lint", "--config", str(cfg), "--nofail",
                                        str(schema200)], timeout=SQLFLUFF_TIMEOUT)
            if fl_code == -9:   # stopped: its time is a lower bound
                rows.append(("check, 200 tables (no cache)", f"{ak200:.2f} s", "sqlfluff lint",
                             f"> {fl:.0f} s (stopped)", f">= {fl / ak200:.0f}x faster",
                             ">= 30x faster"))
            else:
                rows.append(("check, 200 tables (no cache)", f"{ak200:.2f} s", "sqlfluff lint",
                             f"{fl:.1f} s", f"{fl / ak200:.0f}x faster", ">= 30x faster"))
        else:
            rows.append(("check, 200 tables (no cache)", f"{ak200:.2f} s", "sqlfluff lint",
                         "skipped" if quick else "n/a", "", ">= 30x faster"))
        inc, rules = incremental(schema)
        for label, (fastest, median) in inc.items():
            figure = f"{fastest * 1000:.0f} ms (median {median * 1000:.0f})"
            if label.startswith("30 random"):       # (median and 90th percentile)
                figure = f"median {fastest * 1000:.0f} ms, p90 {median * 1000:.0f} ms"
            rows.append((f"re-check after 1 edit, {label}", figure,
                         "rules, full run", f"{rules * 1000:.0f} ms", "", "<= 100 ms"))
        if code not in (0, 1):
            print(f"warning: archkit exited {code}")
    widths = [max(len(r[i]) for r in rows + [HEAD]) for i in range(6)]
    for r in [HEAD, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print(f"\nmachine: {os.cpu_count()} cores, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (figures are noisy when shared)")
    return 0


SQLFLUFF_TIMEOUT = float(os.environ.get("ARCHKIT_BENCH_SQLFLUFF_TIMEOUT", "60"))
HEAD = ("measure", "archkit", "peer", "peer figure", "ratio", "target")

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
