"""Suppressions with reasons: ``-- archkit: ignore[AK-IX006, AK-FK005] reason``.

SQL and other line-comment inputs write them as a comment on (or just above) the
statement they silence; YAML models write ``ignore: [{rule: AK-SVC004, reason: ...}]``
on the element. Both become :class:`Suppression` values. A suppression without a
reason is itself a finding (AK-SUP001).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from archkit.findings import Finding, Report
from archkit.lazyre import LazyPattern

_MARKER = LazyPattern(
    # [ \t]: a marker is one line (\s took the next line as the reason of one that has none)
    r"(?:--|#|//)[ \t]*archkit:[ \t]*ignore\[(?P<rules>[^\]\r\n]*)\][ \t]*(?P<reason>[^\r\n]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Suppression:
    rules: tuple[str, ...]
    reason: str
    line: int                     # where the marker is (1-based)
    first_line: int = 0           # lines of the statement/element it covers
    last_line: int = 0
    object: str | None = None     # or the element it covers, by name
    col: int | None = None        # column of the marker (1-based code points), when known

    def covers(self, f: Finding) -> bool:
        if not any(names_rule(r, f.rule) for r in self.rules):
            return False
        if self.object is not None and f.object is not None:
            return f.object == self.object or f.object.startswith(self.object + ".")
        return f.line is not None and self.first_line <= f.line <= self.last_line


def names_rule(pattern: str, rule_id: str) -> bool:
    """Whether a suppression's rule id (or ``AK-PK*`` prefix) names ``rule_id``."""
    return rule_id == pattern or (pattern.endswith("*") and rule_id.startswith(pattern[:-1]))


def find_markers(text: str, line_offset: int = 0,
                 first_col: int | None = 1) -> list[Suppression]:
    """Every ``archkit: ignore[...]`` marker in ``text`` (lines and columns are 1-based;
    ``first_col``: the column ``text`` starts at on its first line, None when unknown)."""
    out = []
    for m in _MARKER.finditer(text):
        at = m.start()
        line = text.count("\n", 0, at) + 1 + line_offset
        nl = text.rfind("\n", 0, at)
        col = at - nl if nl >= 0 else (None if first_col is None else first_col + at)
        rules = tuple(r.strip().upper() for r in m.group("rules").split(",") if r.strip())
        out.append(Suppression(rules, m.group("reason").strip(), line, line, line, col=col))
    return out


def apply(report: Report, suppressions: Iterable[Suppression], path: str | None = None,
          judged: Collection[str] | None = None, scope: str | None = None) -> Report:
    """Drop covered findings; add AK-SUP001 for each suppression without a reason and
    AK-SUP002 for each rule id it names that no archkit rule has. ``judged``: the rules
    whose findings ``report`` holds (those that ran and were not left out), when known:
    AK-SUP003 for each of those a suppression names that it silences nothing of
    (``scope``: where the suppressions hold, when not on a statement or an element)."""
    from archkit.core_rules import UNEXPLAINED_SUPPRESSION

    sups = list(suppressions)
    used: set[tuple[int, str]] = set()
    kept = []
    for f in report:
        covered = False
        for i, s in enumerate(sups):
            if s.covers(f):
                covered = True
                used.update((i, r) for r in s.rules if names_rule(r, f.rule))
        if not covered:
            kept.append(f)
    for s in sups:
        if not s.reason:
            kept.append(UNEXPLAINED_SUPPRESSION.finding(
                f"suppression of {', '.join(s.rules) or 'nothing'} gives no reason",
                path=path, line=s.line, col=s.col, object=s.object or ", ".join(s.rules),
                hint=f"-- archkit: ignore[{', '.join(s.rules)}] <why this is acceptable>"))
    kept += unknown_rules(sups, path)
    if judged is not None:
        kept += unused(sups, used, judged, path, scope)
    return Report(kept, title=report.title)


def unused(suppressions: Sequence[Suppression], used: set[tuple[int, str]],
           judged: Collection[str], path: str | None = None,
           scope: str | None = None) -> list[Finding]:
    """AK-SUP003 for each rule id of ``suppressions[i]`` not in ``used`` (as ``(i, rule
    id)``) that names a rule in ``judged``: the finding it was written for is gone (or
    is reported somewhere the suppression does not reach)."""
    from archkit.core_rules import UNUSED_SUPPRESSION

    out = []
    for i, s in enumerate(suppressions):
        for rid in s.rules:
            if (i, rid) in used or not any(names_rule(rid, j) for j in judged):
                continue
            where = scope or (f"on {s.object}" if s.object else
                              "on the statement it is written on")
            out.append(UNUSED_SUPPRESSION.finding(
                f"suppression of {rid} silences nothing: no {rid} finding {where}",
                path=path, line=s.line, col=s.col, object=s.object or rid,
                hint=_unused_hint(s, rid, scope)))
    return out


def _unused_hint(s: Suppression, rid: str, scope: str | None) -> str:
    others = [r for r in s.rules if r != rid]
    if scope is not None or s.object:       # an ignore: entry
        if others:
            return f"remove {rid} from the entry's rules"
        return ("remove the entry: what it was written for is gone" +
                ("" if scope else " (or the finding is reported on another element)"))
    if others:      # the marker without it
        return f"-- archkit: ignore[{', '.join(others)}] {s.reason}".rstrip()
    return ("-- remove the marker: what it was written for is gone (or it is not on the "
            "statement the finding is reported on)")


def unknown_rules(suppressions: Iterable[Suppression], path: str | None = None) -> list[Finding]:
    """AK-SUP002 for each rule id a suppression names that no archkit rule has."""
    from archkit.core_rules import UNKNOWN_SUPPRESSED_RULE

    out = []
    for s in suppressions:
        if not s.rules:         # "ignore[] reason": as silent as a typo, and as unnoticed
            out.append(UNKNOWN_SUPPRESSED_RULE.finding(
                "suppression names no rule: it silences nothing", path=path, line=s.line,
                col=s.col, object=s.object or "ignore[]",
                hint="name the rules it is for: ignore[AK-PK001] (archkit rules lists them)"
                if s.object is None else "name the rules it is for in the entry's rules"))
        for rid in s.rules:
            better = _unknown(rid)
            if better is not None:
                out.append(UNKNOWN_SUPPRESSED_RULE.finding(
                    f"suppression names {rid}, which is no archkit rule: it silences "
                    "nothing", path=path, line=s.line, col=s.col, object=s.object or rid,
                    hint=better))
    return out


def _unknown(rule_id: str) -> str | None:
    """None for a rule id archkit has (or a prefix with * that some rule has); else the
    hint for a suppression that names it."""
    import difflib

    from archkit.rules import all_rules

    ids = [r.id for r in all_rules()]
    if rule_id in ids or (rule_id.endswith("*") and any(i.startswith(rule_id[:-1])
                                                         for i in ids)):
        return None
    words = rule_id.split()
    if len(words) > 1 and all(w in ids for w in words):
        return f"-- separate the rule ids with commas: ignore[{', '.join(words)}]"
    if any(i.startswith(rule_id) for i in ids):
        return f"-- a prefix for every rule it starts takes a *: ignore[{rule_id}*]"
    near = difflib.get_close_matches(rule_id, ids, n=1)
    return f"-- did you mean {near[0]}? (archkit rules lists them)" if near else \
        "-- archkit rules lists the rule ids"


def check_suppression_text(text: str, path: str | None = None) -> Report:
    """Only the AK-SUP001 findings of a text's suppression markers."""
    return apply(Report(), find_markers(text), path)
