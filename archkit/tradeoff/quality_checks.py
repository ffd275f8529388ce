"""The checks behind AK-DEC010..012: quality-attribute scenarios (``quality.yaml``)."""

from __future__ import annotations

from archkit.findings import Finding, Report
from archkit.tradeoff import rules as R
from archkit.tradeoff.atam import PARTS, QualityModel


def check_quality(q: QualityModel) -> Report:
    findings: list[Finding] = []
    path = str(q.source) if q.source else None
    for s in q.scenarios:
        where = {"path": path, "line": s.line, "object": s.id}
        missing = [p for p in PARTS if not s.parts[p]]
        if missing:
            findings.append(R.INCOMPLETE_SCENARIO.finding(
                f"scenario {s.id} has no {', '.join(p.replace('_', ' ') for p in missing)}",
                hint=f"add {', '.join(f'{p}: ...' for p in missing)} to scenario {s.id}",
                **where))
        measure = s.parts["response_measure"]
        if measure and not any(ch.isdigit() for ch in measure):
            # (at the measure's own line, not the scenario's first; scout AR)
            findings.append(R.UNMEASURABLE_RESPONSE.finding(
                f"scenario {s.id}: response measure {measure!r} has no number, so nobody can "
                "test it", hint="state a number, unit and percentile or period, e.g. "
                                "'p99 under 800 ms over 5 minutes'",
                **{**where, "line": s.measure_line or s.line}))
        if s.importance == "H":
            helped = [a for a in q.approaches
                      if q.chosen.get(a.decision or "", a.name) == a.name
                      and a.effects.get(s.id, 0) > 0]
            if not helped:
                findings.append(R.UNADDRESSED_SCENARIO.finding(
                    f"scenario {s.id} ({s.name or s.refinement}) has importance H but no "
                    "approach or chosen option helps it",
                    hint=f"record the approach that achieves {s.id} with effect \"+\" under "
                         "approaches:, or list it under risks:", **where))
    return Report(findings, title=f"quality: {q.title}")
