"""Progress bars on standard error for long CLI runs (tqdm), without tqdm's monitor thread.

tqdm starts a thread that watches its bars (to adjust how often a slow one redraws) and
keeps it to the end of the process. A process with another thread does not share the
schema rules out to a forked child (``check._rule_workers``: a child forked beside a
thread can hang on a lock it held), so that thread alone would keep the rules of an
interactive ``archkit schema check`` in one process. These bars redraw on their own
updates, which is all they need.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any


def progress_bar(total: int, desc: str, unit: str, **options: Any) -> Any:
    """A tqdm bar on standard error that starts no monitor thread."""
    return _bar_class()(total=total, desc=desc, unit=unit, file=sys.stderr, **options)


@lru_cache(maxsize=1)
def _bar_class() -> type:
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[misc,type-arg]
        monitor_interval = 0       # (read in tqdm.__new__: no TMonitor thread)

    return Bar
