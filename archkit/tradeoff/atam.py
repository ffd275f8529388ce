"""ATAM quality-attribute scenarios, the utility tree, sensitivity and trade-off points,
risks and non-risks (``quality.yaml``).

Format::

    title: Shopfront quality attributes
    scenarios:
      P1:
        attribute: performance            # utility tree level 1
        refinement: checkout latency      # level 2
        source: a shopper
        stimulus: submits an order at the Black Friday peak (20x normal traffic)
        artifact: checkout
        environment: peak load
        response: the order is accepted and confirmed
        response_measure: p99 under 800 ms
        importance: H                     # to the business: H, M or L
        difficulty: H                     # to achieve: H, M or L
    approaches:                           # architectural properties and their effects
      one database for all modules: {effects: {P1: "+", M1: "-"}}
    decisions:                            # per option of decisions/<stem>.yaml
      deployment:
        Modular monolith: {P1: "-", M1: "+"}
    risks:                                # optional, in your own words
      - {text: ..., scenarios: [P1]}
    non_risks:
      - {text: ..., scenarios: [A1]}

Effects are ``"++"``, ``"+"``, ``"0"``, ``"-"``, ``"--"`` (quote them) or -2..2.
A *sensitivity point* is an approach that moves scenarios of one attribute; a
*trade-off point* moves one attribute up and another down. Risks and non-risks are
the listed ones plus those derived from the chosen (first-ranked) option of each
linked decision: it hurts an important scenario (risk) or strongly helps one (non-risk).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archkit.errors import InputError
from archkit.yamlio import YList, YMap, as_written, load_yaml, loads_yaml

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from archkit.findings import Report
    from archkit.tradeoff.matrix import DecisionMatrix

PARTS = ("source", "stimulus", "artifact", "environment", "response", "response_measure")
LEVELS = ("H", "M", "L")
EFFECTS = {"++": 2, "+": 1, "0": 0, "-": -1, "--": -2}
EFFECT_TEXT = {v: k for k, v in EFFECTS.items()}
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Scenario:
    id: str
    attribute: str
    refinement: str
    parts: dict[str, str]                 # the six parts; missing ones are ""
    importance: str
    difficulty: str
    name: str = ""
    line: int | None = None
    measure_line: int | None = None       # the line of its response_measure

    @property
    def priority(self) -> str:
        return f"({self.importance},{self.difficulty})"

    def sentence(self) -> str:
        p = self.parts
        return (f"{p['source'] or 'someone'} {p['stimulus'] or '...'} → {p['artifact'] or '...'}"
                f" [{p['environment'] or '...'}] → {p['response'] or '...'} "
                f"({p['response_measure'] or 'no measure'})")


@dataclass(frozen=True)
class Approach:
    """An architectural property or a decision's option, with its effect per scenario."""

    name: str
    effects: dict[str, int]
    decision: str | None = None            # decision stem when this is one of its options
    line: int | None = None


@dataclass(frozen=True)
class Risk:
    text: str
    scenarios: tuple[str, ...]
    kind: str                              # "risk" | "non-risk"
    derived: bool = False
    decision: str | None = None            # derived: the decision whose choice it follows
    consequence: str = ""                  # derived: how the decision record words it


@dataclass
class QualityModel:
    title: str
    source: Path | None
    scenarios: list[Scenario]
    approaches: list[Approach]
    listed_risks: list[Risk] = field(default_factory=list)
    chosen: dict[str, str] = field(default_factory=dict)   # decision stem -> first option
    positions: dict[tuple, tuple[int | None, int | None]] = field(default_factory=dict,
                                                                 repr=False)

    def choosing(self, matrix: DecisionMatrix) -> QualityModel:
        """This model with ``matrix``'s first-ranked option chosen in its decision (what
        ``load_quality(..., options=)`` marks for every decision it is given)."""
        from dataclasses import replace

        return replace(self, chosen={**self.chosen, matrix.name: matrix.winner()})

    # -- derived ------------------------------------------------------------------------
    def scenario(self, sid: str) -> Scenario:
        return next(s for s in self.scenarios if s.id == sid)

    def attributes(self) -> list[str]:
        return list(dict.fromkeys(s.attribute for s in self.scenarios))

    def utility_tree(self) -> dict[str, dict[str, list[Scenario]]]:
        tree: dict[str, dict[str, list[Scenario]]] = {}
        for s in self.scenarios:
            tree.setdefault(s.attribute, {}).setdefault(s.refinement, []).append(s)
        return tree

    def _moves(self, a: Approach) -> dict[str, int]:
        """Net direction per attribute: +1 helps, -1 hurts, 0 mixed/none."""
        out: dict[str, set[int]] = {}
        for sid, e in a.effects.items():
            if e:
                out.setdefault(self.scenario(sid).attribute, set()).add(1 if e > 0 else -1)
        return {attr: (next(iter(d)) if len(d) == 1 else 0) for attr, d in out.items()}

    def sensitivity_points(self) -> list[tuple[Approach, str]]:
        """Approaches whose effects touch exactly one attribute."""
        out = []
        for a in self.approaches:
            moves = self._moves(a)
            if len(moves) == 1:
                out.append((a, next(iter(moves))))
        return out

    def tradeoff_points(self) -> list[tuple[Approach, list[str], list[str]]]:
        """Approaches that help one attribute and hurt another: (approach, up, down)."""
        out = []
        for a in self.approaches:
            moves = self._moves(a)
            up = [k for k, v in moves.items() if v > 0]
            down = [k for k, v in moves.items() if v < 0]
            if up and down:
                out.append((a, up, down))
        return out

    def risks(self) -> list[Risk]:
        """Listed risks and non-risks, plus those derived from the chosen options."""
        out = list(self.listed_risks)
        for a in self.approaches:
            if a.decision is None or self.chosen.get(a.decision) != a.name:
                continue
            for sid, e in a.effects.items():
                s = self.scenario(sid)
                what = s.name or s.refinement
                if e < 0 and s.importance == "H":
                    out.append(Risk(f"{a.name} (chosen in {a.decision}) works against {sid} "
                                    f"({what}, importance H)", (sid,), "risk", True,
                                    a.decision, f"it works against quality scenario {sid} "
                                    f"({what}, importance H): a risk to address"))
                elif e >= 2:
                    out.append(Risk(f"{a.name} (chosen in {a.decision}) strongly supports "
                                    f"{sid} ({what})", (sid,), "non-risk", True, a.decision,
                                    f"it strongly supports quality scenario {sid} ({what})"))
        return out

    # -- checks -------------------------------------------------------------------------
    def check(self) -> Report:
        from archkit.tradeoff.quality_checks import check_quality

        return check_quality(self)

    # -- output -------------------------------------------------------------------------
    def frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [{"scenario": s.id, "attribute": s.attribute, "refinement": s.refinement,
                 "priority": s.priority, **s.parts} for s in self.scenarios]
        return pd.DataFrame(rows).set_index("scenario")

    def effects_frame(self) -> pd.DataFrame:
        import pandas as pd

        data = {a.name: {s.id: EFFECT_TEXT.get(a.effects.get(s.id, 0), "0")
                         for s in self.scenarios} for a in self.approaches}
        return pd.DataFrame(data).T.rename_axis("approach")

    def utility_tree_dot(self) -> str:
        from archkit.safetext import label_text

        def q(x: str) -> str:    # (control characters: XML, so the SVG, cannot hold them)
            x = label_text(x)
            return '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'

        lines = ["digraph utility {",
                 '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.15, ranksep=0.4];',
                 ('  node [shape=box, style="rounded,filled", fillcolor="#edf2f7", '
                  'fontname="Helvetica", fontsize=10];'), '  edge [color="#718096"];',
                 f'  utility [label={q("Utility")}, fillcolor="#2b6cb0", fontcolor=white];']
        # scenario nodes by position: ids "A-1" and "A.1" are two scenarios
        node = {id(s): f"s{k}" for k, s in enumerate(self.scenarios)}
        for i, (attr, refs) in enumerate(self.utility_tree().items()):
            an = f"a{i}"
            lines.append(f'  {an} [label={q(attr)}, fillcolor="#bee3f8"];')
            lines.append(f"  utility -> {an};")
            for j, (ref, scs) in enumerate(refs.items()):
                rn = f"{an}r{j}"
                lines.append(f"  {rn} [label={q(ref)}];")
                lines.append(f"  {an} -> {rn};")
                for s in scs:
                    colour = "#fed7d7" if s.priority == "(H,H)" else "#ffffff"
                    label = f"{s.priority} {s.id}: {s.name or s.parts['stimulus']}"
                    lines.append(f'  {node[id(s)]} [label={q(_wrap(label))}, '
                                 f'fillcolor="{colour}"];')
                    lines.append(f"  {rn} -> {node[id(s)]};")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def utility_tree_svg(self) -> str:
        """The utility tree drawn by Graphviz (SVG text), with the diagrams' timeout."""
        from archkit.boundaries.render import run_dot

        return run_dot(self.utility_tree_dot(), "svg").decode("utf-8")

    def to_markdown(self, tree: str | None = "decisions/quality/utility-tree.svg") -> str:
        """The scenarios, trade-off and sensitivity points and risks as markdown, ending
        with a link to the utility tree picture at ``tree`` (``None``: no link)."""
        lines = [f"### {_md(self.title)}", "",
                 "| id | priority | attribute / refinement | scenario | response measure |",
                 "|---|---|---|---|---|"]
        for s in self.scenarios:
            lines.append(f"| {_md(s.id)} | {_md(s.priority)} | {_md(s.attribute)} / "
                         f"{_md(s.refinement)} | "
                         f"{_md(s.name or s.parts['stimulus'])} | "
                         f"{_md(s.parts['response_measure'])} |")
        tps = self.tradeoff_points()
        if tps:
            lines += ["", "Trade-off points:", ""]
            lines += [f"- **{_md(a.name)}**: helps {', '.join(map(_md, up))}, hurts "
                      f"{', '.join(map(_md, down))}" for a, up, down in tps]
        sps = self.sensitivity_points()
        if sps:
            lines += ["", "Sensitivity points:", ""]
            lines += [f"- **{_md(a.name)}**: {_md(attr)}" for a, attr in sps]
        rs = self.risks()
        if rs:
            lines += ["", "| kind | risk | scenarios |", "|---|---|---|"]
            lines += [f"| {r.kind}{' (derived)' if r.derived else ''} | {_md(r.text)} | "
                      f"{', '.join(map(_md, r.scenarios))} |" for r in rs]
        if tree is not None:
            lines += ["", f"![utility tree]({tree})"]
        return "\n".join(lines) + "\n"

    def summary_data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "scenarios": [{"id": s.id, "attribute": s.attribute, "refinement": s.refinement,
                           "importance": s.importance, "difficulty": s.difficulty}
                          for s in self.scenarios],
            "tradeoff_points": [{"approach": a.name, "helps": up, "hurts": down}
                                for a, up, down in self.tradeoff_points()],
            "sensitivity_points": [{"approach": a.name, "attribute": attr}
                                   for a, attr in self.sensitivity_points()],
            "risks": [{"kind": r.kind, "text": r.text, "scenarios": list(r.scenarios),
                       "derived": r.derived} for r in self.risks()],
        }

    def headline(self) -> str:
        rs = self.risks()
        n_risk = sum(r.kind == "risk" for r in rs)
        return (f"quality: {len(self.scenarios)} scenarios, {len(self.tradeoff_points())} "
                f"trade-off points, {n_risk} risk{'s' if n_risk != 1 else ''}")

    def __repr__(self) -> str:
        return (f"QualityModel({self.title!r}: {len(self.scenarios)} scenarios, "
                f"{len(self.approaches)} approaches and options)")

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(s.id)}</td><td>{s.priority}</td><td>{html.escape(s.attribute)}"
            f" / {html.escape(s.refinement)}</td>"
            + "".join(f"<td style='text-align:left'>{html.escape(s.parts[p])}</td>" for p in PARTS)
            + "</tr>" for s in self.scenarios)
        head = "".join(f"<th>{p.replace('_', ' ')}</th>" for p in PARTS)
        return (f"<div class='archkit-quality'><b>{html.escape(self.title)}</b><table><thead>"
                f"<tr><th>id</th><th>priority</th><th>attribute / refinement</th>{head}</tr>"
                f"</thead><tbody>{rows}</tbody></table></div>")


def _ident(x: str) -> str:
    return re.sub(r"\W", "_", x)


def _md(x: Any) -> str:
    from archkit.findings import md_cell

    return md_cell(x)


def _wrap(text: str, width: int = 38) -> str:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return "\n".join(lines)


# -- loading ----------------------------------------------------------------------------
def load_quality(path: str | Path,
                 options: Mapping[str, DecisionMatrix] | None = None) -> QualityModel:
    """Read ``quality.yaml``; ``options`` (decision stem -> matrix) checks the option names
    under ``decisions:`` and marks each decision's first-ranked option as chosen."""
    p = Path(path)
    return parse_quality(load_yaml(p), p, options)


def loads_quality(text: str, path: str = "<input>",
                  options: Mapping[str, DecisionMatrix] | None = None) -> QualityModel:
    return parse_quality(loads_yaml(text, path), None if path == "<input>" else Path(path),
                         options)


def _at(c: Any, key: Any, value: bool = False) -> tuple[int | None, int | None]:
    if isinstance(c, YMap):
        return c.value_pos(key) if value else c.pos(key)
    if isinstance(c, YList) and isinstance(key, int):
        return c.pos(key)
    return (None, None)


def _effect(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and -2 <= value <= 2:
        return value
    if isinstance(value, str) and value.strip() in EFFECTS:
        return EFFECTS[value.strip()]
    raise ValueError


def parse_quality(d: Any, source: Path | None,
                  options: Mapping[str, DecisionMatrix] | None = None) -> QualityModel:
    def fail(msg: str, where: tuple[int | None, int | None] = (None, None)) -> None:
        raise InputError(msg, source, where[0], where[1])

    if not isinstance(d, Mapping):
        fail("quality.yaml must be a mapping with 'scenarios:'", (1, 1))
    scs = d.get("scenarios")
    if not isinstance(scs, Mapping) or not scs:
        fail("missing 'scenarios:' (a mapping of scenario id to its six parts)",
             _at(d, "scenarios", True) if "scenarios" in d else getattr(d, "start", (1, 1)))
    positions: dict[tuple, tuple[int | None, int | None]] = {}
    scenarios = []
    for sid, body in scs.items():
        where = _at(scs, sid)
        positions[("scenario", str(sid))] = where
        if not isinstance(body, Mapping):
            fail(f"scenario {sid!r}: expected a mapping of its parts", where)
        known = {*PARTS, "attribute", "refinement", "importance", "difficulty", "name"}
        for k in body:
            if k not in known:
                fail(f"scenario {sid!r}: unknown field {k!r} (use {', '.join(sorted(known))})",
                     _at(body, k))
        text = {k: as_written(body, k) for k in body}    # "attribute: 2024" is text
        for k in ("attribute", "refinement"):
            if not isinstance(text.get(k), str) or not text[k].strip():
                fail(f"scenario {sid!r}: '{k}' is required (the utility tree groups by it)",
                     _at(body, k, True) if k in body else where)
        levels = {}
        for k in ("importance", "difficulty"):
            v = str(body.get(k, "")).strip().upper()
            if v not in LEVELS:
                got = f"got {body[k]!r}" if k in body else "it is missing"
                fail(f"scenario {sid!r}: {k} must be H, M or L, {got}",
                     _at(body, k, True) if k in body else where)
            levels[k] = v
        parts = {}
        for k in PARTS:
            v = text.get(k)
            if v is not None and not isinstance(v, (str, int, float)):
                fail(f"scenario {sid!r}: {k} must be text", _at(body, k, True))
            parts[k] = "" if v is None else str(v).strip()
        scenarios.append(Scenario(str(sid), text["attribute"].strip(), text["refinement"].strip(),
                                  parts, levels["importance"], levels["difficulty"],
                                  str(text.get("name") or "").strip(), where[0],
                                  _at(body, "response_measure", True)[0]
                                  if "response_measure" in body else None))
    ids = {s.id for s in scenarios}

    def effects(block: Any, owner: str, where: tuple) -> dict[str, int]:
        if not isinstance(block, Mapping):
            fail(f"{owner}: effects must map scenario ids to ++, +, 0, -, --", where)
        out = {}
        for sid, v in block.items():
            if str(sid) not in ids:
                fail(f"{owner}: unknown scenario {sid!r} (scenarios are: "
                     f"{', '.join(sorted(ids))})", _at(block, sid))
            try:
                out[str(sid)] = _effect(v)
            except ValueError:
                fail(f"{owner}, scenario {sid}: effect {v!r} must be one of \"++\", \"+\", "
                     "\"0\", \"-\", \"--\" (quoted) or -2..2", _at(block, sid, True))
        return out

    approaches = []
    aps = d.get("approaches") or {}
    if not isinstance(aps, Mapping):
        fail("approaches must map a property's name to {effects: {...}}", _at(d, "approaches", True))
    for name, body in aps.items():
        where = _at(aps, name)
        if not isinstance(body, Mapping) or "effects" not in body:
            fail(f"approach {name!r}: expected {{effects: {{P1: \"+\", ...}}}}", where)
        approaches.append(Approach(str(name), effects(body["effects"], f"approach {name!r}",
                                                      _at(body, "effects", True)), None, where[0]))
    chosen: dict[str, str] = {}
    decs = d.get("decisions") or {}
    if not isinstance(decs, Mapping):
        fail("decisions must map a decision file's stem to its options' effects",
             _at(d, "decisions", True))
    for stem, opts in decs.items():
        where = _at(decs, stem)
        if options is not None and stem not in options:
            fail(f"decisions: no decision file decisions/{stem}.yaml (known: "
                 f"{', '.join(sorted(options)) or 'none'})", where)
        if not isinstance(opts, Mapping):
            fail(f"decisions: {stem!r} must map its options to effects", where)
        m = options.get(stem) if options is not None else None
        for opt, block in opts.items():
            if m is not None and opt not in m.options:
                fail(f"decisions: {stem} has no option {opt!r} (options are: "
                     f"{', '.join(m.options)})", _at(opts, opt))
            approaches.append(Approach(str(opt), effects(block, f"option {opt!r} of {stem}",
                                                         _at(opts, opt, True)), str(stem),
                                       _at(opts, opt)[0]))
        if m is not None:
            chosen[str(stem)] = m.winner()
    listed = []
    for key, kind in (("risks", "risk"), ("non_risks", "non-risk")):
        items = d.get(key) or []
        if not isinstance(items, list):
            fail(f"{key} must be a list of {{text: ..., scenarios: [...]}}", _at(d, key, True))
        for i, it in enumerate(items):
            it = as_written(items, i)
            if isinstance(it, str):
                it = {"text": it}
            if not isinstance(it, Mapping) or not it.get("text"):
                fail(f"{key}: each entry needs text", _at(items, i))
            refs = it.get("scenarios") or []
            if isinstance(refs, list):          # scenario ids as written: [2024], not 2024.0
                refs = [as_written(refs, j) for j in range(len(refs))]
            for r in refs:
                if str(r) not in ids:
                    fail(f"{key}: unknown scenario {r!r}", _at(items, i))
            listed.append(Risk(str(as_written(it, "text")), tuple(str(r) for r in refs), kind))
    title = str((as_written(d, "title") if "title" in d else None) or "Quality attributes")
    return QualityModel(title, source, scenarios, approaches, listed, chosen, positions)
