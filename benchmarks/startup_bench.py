"""How fast archkit starts: `import archkit` over a bare interpreter, and `archkit --help`.

Target (issue 2): `import archkit` costs at most 150 ms over a bare interpreter.
Medians of repeated fresh processes, so the figures include interpreter start-up noise
the same way for both sides.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15


def median_ms(cmd: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    import compileall

    # an installed package has its bytecode: without it (PYTHONDONTWRITEBYTECODE=1 in the
    # shell) every run would compile archkit's sources again
    compileall.compile_dir(str(ROOT / "archkit"), quiet=1)
    py = sys.executable
    bare = median_ms([py, "-c", "pass"])
    imp = median_ms([py, "-c", "import archkit"])
    helps = median_ms([py, "-m", "archkit", "--help"])
    rows = [
        ("bare interpreter", bare, ""),
        ("import archkit", imp, f"+{imp - bare:.0f} ms (target ≤ +150 ms)"),
        ("archkit --help", helps, f"+{helps - bare:.0f} ms"),
    ]
    print(f"{'what':<20} {'median ms':>10}  note")
    for name, ms, note in rows:
        print(f"{name:<20} {ms:>10.1f}  {note}")
    return 0 if imp - bare <= 150 else 1


if __name__ == "__main__":
    sys.exit(main())
