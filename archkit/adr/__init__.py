"""Architecture Decision Records: read every common format, write MADR 4 or Nygard,
number safely, link both ways, lint, publish, and generate records from trade-offs.

::

    from archkit.adr import AdrLog
    log = AdrLog("docs/decisions")          # or AdrLog.discover(workspace)
    log.records                             # [Adr(number, title, status, date, path, links)]
    log.new("Use PostgreSQL", supersedes=3)
    log.lint()                              # Report

Importing this package is cheap: ``AdrLog`` and ``Adr`` load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from archkit.adr.log import AdrLog
    from archkit.adr.model import Adr

__all__ = ["Adr", "AdrLog"]


def __getattr__(name: str) -> Any:
    if name == "AdrLog":
        from archkit.adr.log import AdrLog

        return AdrLog
    if name == "Adr":
        from archkit.adr.model import Adr

        return Adr
    raise AttributeError(f"module 'archkit.adr' has no attribute {name!r}")
