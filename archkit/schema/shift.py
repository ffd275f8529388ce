"""Moving what a check knows about a file down (or up) when an edit adds (or removes) lines.

When the incremental checker (:mod:`archkit.schema.cache`) replaces one statement by
text with more or fewer lines, every later statement of that file moves by the same
number of lines and nothing else about it changes. Rather than split, rebuild and judge
them again (a check of the whole schema), the checker moves them: this module adds
``delta`` to every line after ``after`` in file ``path``: in place for the statements
(with their parse problems), whose tables, keys and columns hold positions relative to
them (:class:`~archkit.schema.model.Position`) and so move with them, and by copy for
what is frozen (findings, suppression markers).

Text that names a line (``statement at line 12``, ``(line 40)``) is not rewritten here:
the checker judges again what writes such text (see ``IncrementalChecker._run``).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from archkit.findings import Finding, make_finding, path_sort_key
from archkit.schema.model import Statement

__all__ = ["LineShift"]


@dataclass(frozen=True, slots=True)
class LineShift:
    """Lines after ``after`` in file ``path`` move by ``delta`` (positive: down)."""

    path: str | None
    after: int
    delta: int

    def _line(self, line: int) -> int:
        return line + self.delta if line > self.after else line

    def statements(self, statements: Sequence[Statement]) -> list[Statement]:
        """Move the statements' lines (and their parse problems and suppression markers)
        in place; the positions made from them (tables, fragments, the rules' caches)
        follow (see :class:`~archkit.schema.model.Position`). Returns those moved."""
        out: list[Statement] = []
        path, after, delta = self.path, self.after, self.delta
        for s in statements:
            if s.path != path or s.line <= after:
                continue
            s.line += delta
            s.end_line += delta
            if s.error is not None:
                s.error.line += delta
            if s.suppressions:
                s.suppressions = [replace(m, line=self._line(m.line),
                                          first_line=self._line(m.first_line),
                                          last_line=self._line(m.last_line))
                                  for m in s.suppressions]
            out.append(s)
        return out

    def findings(self, findings: list[Finding], memo: dict[int, Finding]) -> list[Finding]:
        """``findings`` with those below the edit moved (new objects: findings are
        frozen). ``memo`` maps a finding to its moved copy, so that the lists that share
        a finding share its copy."""
        path, after, get = self.path, self.after, memo.get
        return [(get(id(f)) or self._moved(f, memo)) if (f.line or 0) > after and f.path == path
                else f for f in findings]

    def sorted_findings(self, findings: list[Finding], keys: list[tuple[Any, ...]],
                        memo: dict[int, Finding]) -> tuple[list[Finding], list[tuple[Any, ...]]] | None:
        """Findings sorted by :meth:`Finding.sort_key` (and their keys) after the move:
        the moved ones are one run of them. None when they no longer sort so (lines
        removed, and a finding is left in the edited statement's last lines)."""
        path = path_sort_key(self.path or "")
        start = bisect_left(keys, (path, self.after + 1))
        end = bisect_left(keys, (path, math.inf), start)     # the first key of a later file
        if start == end:
            return findings, keys
        delta = self.delta
        moved_keys = [(k[0], k[1] + delta, *k[2:]) for k in keys[start:end]]
        if start and keys[start - 1] > moved_keys[0]:
            return None
        block = findings[start:end]
        make = make_finding
        moved = [make(f.rule, f.name, f.severity, f.message, f.path, f.line + delta, f.col,
                      f.object, f.hint) for f in block]
        memo.update(zip(map(id, block), moved))
        return findings[:start] + moved + findings[end:], keys[:start] + moved_keys + keys[end:]

    def _moved(self, f: Finding, memo: dict[int, Finding]) -> Finding:
        g = memo.get(id(f))
        if g is None:
            g = memo[id(f)] = make_finding(f.rule, f.name, f.severity, f.message, f.path,
                                           f.line + self.delta, f.col, f.object, f.hint)
        return g
