"""Regular expressions compiled on first use.

A module-level ``re.compile`` runs when the module is imported, whether or not the
input ever needs the pattern: on gen_schema's 2,000 tables, 131 of the 153 patterns
archkit's modules compiled at import were never used, and compiling them cost the cold
check ~35 ms before its parse could start (patterns for other dialects' statements,
routines, errors). A :class:`LazyPattern` compiles on
its first use and from then on hands out the compiled pattern's methods at the cost of
an instance attribute.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LazyPattern"]


class LazyPattern:
    """``re.compile(pattern, flags)``, done when an attribute (``match``, ``search``,
    ``pattern`` ...) is first asked for; each attribute is then kept on the instance, so
    later uses do not come through here. Where a real :class:`re.Pattern` is needed (an
    argument of ``re.sub``), use :attr:`compiled`."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    @property
    def compiled(self) -> re.Pattern[str]:
        rx = self.__dict__.get("_rx")
        if rx is None:
            rx = self.__dict__["_rx"] = re.compile(*self._args)
        return rx

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_args", "_rx"):
            raise AttributeError(name)
        value = getattr(self.compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._args[0]!r}, {self._args[1]!r})"
