"""ADR benchmark: `archkit adr list` on 1,000 records and `archkit adr new`, as subprocesses.

Targets (issue 4): list on a 1,000-record log <= 1 s, new <= 0.5 s wall. There is no
ADR tool in the environment to race against, so the table puts each figure next to
the floor every command pays: starting Python and `archkit --version`. Median of 5.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archkit.adr.model import Adr, Link
from archkit.adr.write import render

RUNS = 5
ENV = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def make_log(folder: Path, n: int = 1000) -> None:
    folder.mkdir(parents=True)
    for i in range(1, n + 1):
        links = ([Link("supersedes", f"{i - 1:04d}-decision-{i - 1}.md", f"ADR-{i - 1:04d}")]
                 if i > 1 and i % 3 == 1 else [])
        adr = Adr(path=folder / f"{i:04d}-decision-{i}.md", number=i, id=f"{i:04d}",
                  title=f"Decision {i}", status="superseded" if i % 3 == 0 else "accepted",
                  date="2024-01-01", links=links)
        adr.path.write_text(render(adr, "nygard" if i % 2 else "madr", new=True),
                            encoding="utf-8")


def wall(args: list[str], cwd: Path) -> float:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(args, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        make_log(ws / "docs" / "decisions")
        rows = [
            ("python -c pass (floor)", wall([py, "-c", "pass"], ws), None),
            ("archkit --version (floor)", wall([py, "-m", "archkit", "--version"], ws), None),
            ("archkit adr list, 1,000 records", wall([py, "-m", "archkit", "adr", "list"], ws),
             1.0),
            ("archkit adr list --format json", wall([py, "-m", "archkit", "adr", "list",
                                                     "--format", "json"], ws), 1.0),
        ]
        times = []
        for i in range(RUNS):
            t0 = time.perf_counter()
            subprocess.run([py, "-m", "archkit", "adr", "new", f"Benchmark decision {i}"],
                           cwd=ws, env=ENV, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        rows.append(("archkit adr new (log of 1,000)", statistics.median(times), 0.5))
    print(f"{'measure':<34} {'median s':>9} {'target s':>9}  ok")
    for name, t, target in rows:
        ok = "" if target is None else ("yes" if t <= target else "NO")
        print(f"{name:<34} {t:>9.3f} {'' if target is None else f'{target:.1f}':>9}  {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
