"""``DecisionMatrix``: one decision (options x criteria) read from YAML and validated.

Format (``decisions/*.yaml``)::

    title: Deployment architecture for Shopfront
    question: How should we deploy the first version?
    scale: [1, 10]                     # every score is on this fixed scale
    criteria:
      - {name: scalability, weight: 0.35}
      - {name: cost, weight: 0.25, direction: cost}   # benefit (default) or cost
    ahp:                               # instead of weights: pairwise judgements
      scalability: {cost: 3}           # scalability is 3x as important as cost
    options:
      Modular monolith: {scalability: 6, cost: 3}
      Microservices:    {scalability: 9, cost: 8}
    notes:                             # optional pros/cons, used by the ADR export
      Microservices: {good: [independent scaling], bad: [operational load]}
    ignore:                            # optional suppressions of AK-DEC findings
      - {rule: AK-DEC004, reason: kept to show why we rejected it}

Every problem in the file is an :class:`~archkit.errors.InputError` naming the file,
line and column, and the option and criterion concerned. The maths lives in
:mod:`archkit.tradeoff.methods` and :mod:`archkit.tradeoff.robustness`; this class
only labels it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from archkit.errors import InputError, did_you_mean, finite_number
from archkit.tradeoff import methods
from archkit.yamlio import YList, YMap, as_written, load_yaml, loads_yaml, yaml_repr

if TYPE_CHECKING:  # pragma: no cover
    from archkit.findings import Report
    from archkit.suppress import Suppression
    from archkit.tradeoff.pairwise import AhpResult

DIRECTIONS = ("benefit", "cost")
NOTE_KINDS = ("good", "bad", "neutral")
METHODS = ("wsm", "topsis")
KNOWN_KEYS = ("title", "question", "scale", "criteria", "options", "ahp", "notes", "ignore")


@dataclass(frozen=True, eq=False)  # pandas fields have no boolean equality
class DecisionMatrix:
    """A validated decision: options scored on criteria with weights."""

    title: str
    question: str
    source: Path | None
    scale: tuple[float, float]
    criteria: list[str]
    weights: pd.Series
    directions: dict[str, str]
    scores: pd.DataFrame
    notes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    ahp_result: AhpResult | None = None
    extra: dict[str, Any] = field(default_factory=dict)      # other top-level keys, as given
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict, repr=False)
    suppressions: tuple[Suppression, ...] = field(default=(), repr=False)

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path) -> DecisionMatrix:
        """Read and validate a decision file (errors name file:line:col)."""
        p = Path(path)
        if p.suffix.lower() not in (".yaml", ".yml"):
            raise InputError("expected a .yaml decision file", p)
        return cls.from_dict(load_yaml(p), source=p)

    @classmethod
    def from_text(cls, text: str, source: str | Path = "<input>") -> DecisionMatrix:
        return cls.from_dict(loads_yaml(text, source),
                             source=None if source == "<input>" else Path(source))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str | Path | None = None) -> DecisionMatrix:
        """Validate a decision given as a mapping (from YAML or built in Python)."""
        return _Parser(data, Path(source) if source is not None else None).parse()

    # -- derived views (cached: the matrix is immutable) -----------------------------------
    @cached_property
    def options(self) -> list[str]:
        return [str(o) for o in self.scores.index]

    @cached_property
    def benefit(self) -> np.ndarray:
        return np.array([self.directions[c] == "benefit" for c in self.criteria])

    @cached_property
    def normalised_array(self) -> np.ndarray:
        """Scores mapped to [0, 1] on the fixed scale (cost criteria reversed), as numpy."""
        lo, hi = self.scale
        return methods.fixed_scale(self.scores.to_numpy(float), lo, hi, self.benefit)

    @cached_property
    def weight_array(self) -> np.ndarray:
        return self.weights.to_numpy(float)

    @property
    def normalised(self) -> pd.DataFrame:
        """Scores mapped to [0, 1] on the fixed scale (cost criteria reversed)."""
        return pd.DataFrame(self.normalised_array, index=self.scores.index,
                            columns=self.scores.columns)

    @property
    def name(self) -> str:
        """Short name: the file's stem, else the title."""
        return self.source.stem if self.source is not None else self.title

    @property
    def path_text(self) -> str | None:
        return str(self.source) if self.source is not None else None

    def position(self, *key: Any) -> tuple[int | None, int | None]:
        """Line and column of an element: ("option", o), ("score", o, c), ("criterion", c)..."""
        return self.positions.get(tuple(key), (None, None))

    # -- analysis -------------------------------------------------------------------------
    def scores_for(self, method: str = "wsm") -> np.ndarray:
        if method == "wsm":
            return methods.wsm(self.normalised_array, self.weight_array)
        if method == "topsis":
            return methods.topsis(self.scores.to_numpy(float), self.weight_array, self.benefit)
        raise ValueError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")

    def rank(self, method: str = "wsm") -> pd.DataFrame:
        """Ranking, best first: DataFrame index=option, columns [score, rank].

        ``wsm``: weighted sum of fixed-scale normalised scores; ``topsis``: classic TOPSIS
        with vector normalisation. ``.attrs`` names the method and its normalisation.
        """
        s = self.scores_for(method)
        idx = methods.order(s)
        opts = self.options
        out = pd.DataFrame({"score": s[idx], "rank": methods.ranks(s)[idx]},
                           index=pd.Index([opts[i] for i in idx], name="option"))
        out.attrs["method"] = method
        out.attrs["normalisation"] = (methods.WSM_NORMALISATION if method == "wsm"
                                      else methods.TOPSIS_NORMALISATION)
        return out

    def winner(self, method: str = "wsm") -> str:
        return str(self.rank(method).index[0])

    def weight_stability(self) -> pd.DataFrame:
        from archkit.tradeoff.robustness import weight_stability

        return weight_stability(self)

    def win_probability(self, samples: int = 10_000, seed: int | None = 0,
                        concentration: float | None = None, method: str = "wsm") -> pd.Series:
        from archkit.tradeoff.robustness import win_probability

        return win_probability(self, samples=samples, seed=seed, concentration=concentration,
                               method=method)

    def rank_reversal(self, method: str = "wsm") -> pd.DataFrame:
        from archkit.tradeoff.robustness import rank_reversal

        return rank_reversal(self, method=method)

    def verdict(self, method: str = "wsm", *, samples: int = 10_000, seed: int = 0) -> str:
        """One sentence for the ADR. ``method`` comes first, as in :meth:`rank`:
        ``m.verdict("topsis")`` (it used to be the third parameter, after ``samples``, and
        read a method given positionally as a sample count: scout AV)."""
        from archkit.tradeoff.robustness import verdict

        return verdict(self, samples=samples, seed=seed, method=method)

    def check(self) -> Report:
        """AK-DEC findings about this decision (inconsistent AHP, fragile winner, ...)."""
        from archkit.tradeoff.checks import check_matrix

        return check_matrix(self)

    # -- variations (new matrices; this one is immutable) ---------------------------------
    def with_weights(self, weights: Mapping[str, float] | pd.Series | None = None,
                     **by_name: float) -> DecisionMatrix:
        """A copy with some or all weights replaced (then renormalised); drops AHP."""
        new = dict(self.weights.items())
        for k, v in {**dict(weights or {}), **by_name}.items():
            if k not in new:
                raise InputError(f"unknown criterion {k!r}: known are {', '.join(self.criteria)}",
                                 self.source)
            new[k] = v
        return replace(self, weights=_normalise_weights(new, self.source), ahp_result=None)

    def without_option(self, option: str) -> DecisionMatrix:
        if option not in self.options:
            raise KeyError(option)
        if len(self.options) <= 2:
            raise InputError("a decision needs at least two options", self.source)
        return replace(self, scores=self.scores.drop(index=option),
                       notes={k: v for k, v in self.notes.items() if k != option})

    def with_option(self, option: str, scores: Mapping[str, float]) -> DecisionMatrix:
        if option in self.options:
            raise InputError(f"option {option!r} exists already", self.source)
        row = _parse_scores(option, scores, self.criteria, self.scale, self.source, {})
        frame = pd.concat([self.scores, pd.DataFrame([row], index=[option],
                                                     columns=self.criteria)])
        frame.index.name = "option"
        return replace(self, scores=frame)

    # -- display --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain data in the YAML format (weights normalised)."""
        d: dict[str, Any] = {"title": self.title}
        if self.question:
            d["question"] = self.question
        d["scale"] = [_num(self.scale[0]), _num(self.scale[1])]
        d["criteria"] = [{"name": c, "weight": float(self.weights[c]),
                          **({"direction": "cost"} if self.directions[c] == "cost" else {})}
                         for c in self.criteria]
        d["options"] = {o: {c: _num(self.scores.loc[o, c]) for c in self.criteria}
                        for o in self.options}
        if self.notes:
            d["notes"] = self.notes
        return d

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{esc(c)}<br><small>w={self.weights[c]:.2f}"
                       f"{' (cost)' if self.directions[c] == 'cost' else ''}</small></th>"
                       for c in self.criteria)
        ranking = self.rank()
        body = "".join(
            f"<tr><th>{esc(o)}</th>" + "".join(f"<td>{_num(self.scores.loc[o, c])}</td>"
                                                for c in self.criteria)
            + f"<td><b>{ranking.loc[o, 'score']:.3f}</b></td></tr>" for o in self.options)
        q = f"<p><i>{esc(self.question)}</i></p>" if self.question else ""
        return (f"<div class='archkit-decision'><b>{esc(self.title)}</b>{q}<table><thead><tr>"
                f"<th>option</th>{head}<th>weighted sum</th></tr></thead><tbody>{body}"
                f"</tbody></table><small>scale {_num(self.scale[0])}..{_num(self.scale[1])}; "
                f"{esc(methods.WSM_NORMALISATION)}</small></div>")

    def __repr__(self) -> str:
        return (f"DecisionMatrix({self.title!r}: {len(self.options)} options x "
                f"{len(self.criteria)} criteria)")


def _num(x: float) -> float | int:
    x = float(x)
    return int(x) if x.is_integer() else x


# -- parsing ----------------------------------------------------------------------------
def _pos(container: Any, key: Any, value: bool = False) -> tuple[int | None, int | None]:
    if isinstance(container, YMap):
        return container.value_pos(key) if value else container.pos(key)
    if isinstance(container, YList) and isinstance(key, int):
        return container.pos(key)
    return (None, None)


def _start(container: Any) -> tuple[int | None, int | None]:
    return getattr(container, "start", (None, None)) if isinstance(container, (YMap, YList)) \
        else (None, None)


def _normalise_weights(raw: Mapping[str, Any], source: Path | None,
                       where: Mapping[str, tuple[int | None, int | None]] | None = None) -> pd.Series:
    where = where or {}
    for c, w in raw.items():
        line, col = where.get(c, (None, None))
        if isinstance(w, bool) or not isinstance(w, (int, float, np.floating, np.integer)):
            raise InputError(f"criterion {c!r}: weight {yaml_repr(w)} is not a number", source,
                             line, col)
        if not finite_number(w):
            raise InputError(f"criterion {c!r}: weight is {w}; weights must be finite numbers",
                             source, line, col)
        if w < 0:
            raise InputError(f"criterion {c!r}: weight {w:g} is negative; weights are "
                             "importances >= 0", source, line, col)
    s = pd.Series({c: float(w) for c, w in raw.items()}, name="weight", dtype=float)
    top = float(s.max()) if len(s) else 0.0
    if top > 0:          # by the largest first: two weights of 1e308 add up to inf
        s = s / top
    total = float(s.sum())
    if total <= 0:
        line, col = next(iter(where.values()), (None, None))
        raise InputError("all weights are zero: give at least one criterion a positive weight",
                         source, line, col)
    s = s / total
    s.index.name = "criterion"
    return s


def _parse_scores(option: str, row: Mapping[str, Any], criteria: list[str],
                  scale: tuple[float, float], source: Path | None,
                  positions: dict[tuple, tuple[int, int]]) -> list[float]:
    lo, hi = scale
    oline, ocol = _start(row) if isinstance(row, YMap) else (None, None)
    oline, ocol = positions.get(("option", option), (oline, ocol))
    if not isinstance(row, Mapping):
        raise InputError(f"option {option!r}: expected a mapping of criterion: score, "
                         f"got {type(row).__name__}", source, oline, ocol)
    for c in row:
        if c not in criteria:
            line, col = _pos(row, c)
            raise InputError(f"option {option!r}: unknown criterion {c!r}"
                             + did_you_mean(c, criteria, "")
                             + f" (criteria are: {', '.join(criteria)})", source, line, col)
    values = []
    for c in criteria:
        if c not in row:
            raise InputError(f"option {option!r}: missing score for criterion {c!r}",
                             source, oline, ocol)
        x = row[c]
        line, col = _pos(row, c, value=True)
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            raise InputError(f"option {option!r}, criterion {c!r}: score {yaml_repr(x)} is not "
                             "a number",
                             source, line, col)
        if not finite_number(x):
            raise InputError(f"option {option!r}, criterion {c!r}: score is {x}; scores must "
                             "be finite numbers", source, line, col)
        if not (lo <= x <= hi):
            raise InputError(f"option {option!r}, criterion {c!r}: score {x:g} is outside the "
                             f"scale [{_num(lo)}, {_num(hi)}]", source, line, col)
        positions[("score", option, c)] = (line, col)  # type: ignore[assignment]
        values.append(float(x))
    return values


class _Parser:
    def __init__(self, data: Any, source: Path | None) -> None:
        self.d = data
        self.src = source
        self.pos: dict[tuple, tuple[int, int]] = {}

    def fail(self, message: str, where: tuple[int | None, int | None] = (None, None)) -> None:
        raise InputError(message, self.src, where[0], where[1])

    def parse(self) -> DecisionMatrix:
        d = self.d
        if not isinstance(d, Mapping):
            self.fail("a decision file must be a mapping with title, scale, criteria and "
                      "options", _start(d) if d is not None else (1, 1))
        if "scenarios" in d and "options" not in d:
            self.fail("this is a quality-attribute file (scenarios:), not a decision: a "
                      "decision needs scale, criteria and options", _start(d))
        for key in ("scale", "criteria", "options"):
            if key not in d:
                self.fail(f"missing '{key}:' (a decision needs scale, criteria and options)",
                          _start(d))
        title = self.text(d, "title", default=self.src.stem if self.src else "decision")
        question = self.text(d, "question", default="")
        scale = self.scale(d)
        criteria, raw_weights, directions, wpos = self.criteria(d)
        ahp_result = None
        if "ahp" in d:
            given = [c for c in criteria if raw_weights[c] is not None]
            if given:
                self.fail(f"criterion {given[0]!r} has a weight and 'ahp:' is given too: use "
                          "one or the other", wpos[given[0]])
            ahp_result = self.ahp(d, criteria)
            weights = ahp_result.weights.rename("weight")
            weights.index.name = "criterion"
        else:
            missing = [c for c in criteria if raw_weights[c] is None]
            if missing:
                self.fail(f"criterion {missing[0]!r} has no weight (give 'weight:' to every "
                          "criterion, or pairwise judgements under 'ahp:')", wpos[missing[0]])
            weights = _normalise_weights(raw_weights, self.src, wpos)
        scores = self.options(d, criteria, scale)
        notes = self.notes(d, list(scores.index))
        suppressions = self.ignores(d)
        extra = {k: v for k, v in d.items() if k not in KNOWN_KEYS}
        return DecisionMatrix(title=title, question=question, source=self.src, scale=scale,
                              criteria=criteria, weights=weights, directions=directions,
                              scores=scores, notes=notes, ahp_result=ahp_result, extra=extra,
                              positions=self.pos, suppressions=tuple(suppressions))

    def text(self, d: Mapping, key: str, default: str) -> str:
        if key not in d or d[key] is None:
            return default
        v = as_written(d, key)          # "title: 2024" is the text 2024, not a number
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            self.fail(f"'{key}' must be text", _pos(d, key, value=True))
        return str(v).strip()

    def scale(self, d: Mapping) -> tuple[float, float]:
        s = d["scale"]
        where = _pos(d, "scale", value=True)
        if not isinstance(s, list) or len(s) != 2:
            self.fail(f"scale must be [lo, hi], e.g. [1, 10]; got {s!r}", where)
        for i, x in enumerate(s):
            if not finite_number(x):
                self.fail(f"scale bound {x!r} is not a finite number", _pos(s, i) if
                          isinstance(s, YList) else where)
        lo, hi = float(s[0]), float(s[1])
        if not lo < hi:
            self.fail(f"scale [{s[0]}, {s[1]}] is empty: the first bound must be the lower",
                      where)
        self.pos[("scale",)] = where  # type: ignore[assignment]
        return lo, hi

    def criteria(self, d: Mapping) -> tuple[list[str], dict[str, Any], dict[str, str], dict]:
        cs = d["criteria"]
        where = _pos(d, "criteria", value=True)
        if not isinstance(cs, list) or not cs:
            self.fail("criteria must be a non-empty list of {name: ..., weight: ...}", where)
        names: list[str] = []
        weights: dict[str, Any] = {}
        directions: dict[str, str] = {}
        wpos: dict[str, tuple] = {}
        for i, c in enumerate(cs):
            cpos = _pos(cs, i)
            c = as_written(cs, i)           # "- 2024": a criterion named 2024
            if isinstance(c, str):
                c = {"name": c}
            if not isinstance(c, Mapping) or "name" not in c:
                self.fail("each criterion needs a name: {name: cost, weight: 0.2}", cpos)
            for k in c:
                if k not in ("name", "weight", "direction", "description"):
                    self.fail(f"criterion {c.get('name')!r}: unknown field {k!r} (use name, "
                              "weight, direction, description)", _pos(c, k))
            name = as_written(c, "name")    # {name: 1e3} names 1e3, not 1000.0
            if not isinstance(name, str) or not name.strip():
                self.fail(f"criterion name {_shown(name)} must be non-empty text",
                          _pos(c, "name", True))
            if name in names:
                self.fail(f"criterion {name!r} is listed twice", _pos(c, "name", True))
            direction = c.get("direction", "benefit")
            if direction not in DIRECTIONS:
                self.fail(f"criterion {name!r}: direction {direction!r} must be benefit or "
                          "cost", _pos(c, "direction", True))
            names.append(name)
            weights[name] = c.get("weight")
            directions[name] = direction
            wpos[name] = _pos(c, "weight", True) if "weight" in c else cpos
            self.pos[("criterion", name)] = cpos  # type: ignore[assignment]
        return names, weights, directions, wpos

    def ahp(self, d: Mapping, criteria: list[str]) -> AhpResult:
        from archkit.tradeoff.pairwise import ahp, from_judgements, parse_judgement

        block = d["ahp"]
        where = _pos(d, "ahp", value=True)
        self.pos[("ahp",)] = where  # type: ignore[assignment]
        if not isinstance(block, Mapping):
            self.fail("ahp must map each criterion to its judgements, e.g. "
                      "{scalability: {cost: 3}}", where)
        judgements: dict[str, dict[str, float]] = {}
        for a, row in block.items():
            if a not in criteria:
                self.fail(f"ahp: unknown criterion {a!r} (criteria are: {', '.join(criteria)})",
                          _pos(block, a))
            if not isinstance(row, Mapping):
                self.fail(f"ahp: {a!r} must map other criteria to judgements, e.g. {{cost: 3}}",
                          _pos(block, a, True))
            judgements[a] = {}
            for b, x in row.items():
                if b not in criteria:
                    self.fail(f"ahp: {a} vs unknown criterion {b!r} (criteria are: "
                              f"{', '.join(criteria)})", _pos(row, b))
                if b == a:
                    self.fail(f"ahp: {a} vs {a} compares a criterion with itself; leave it out "
                              "(every criterion matters exactly as much as itself)", _pos(row, b))
                try:
                    judgements[a][b] = parse_judgement(x)
                except ValueError as exc:
                    self.fail(f"ahp: {a} vs {b}: {exc}", _pos(row, b, True))
                other = judgements.get(b, {}).get(a)
                if other is not None and abs(other * judgements[a][b] - 1) > 1e-2:
                    self.fail(f"ahp: {a} vs {b} is given twice and the two disagree ({b} vs "
                              f"{a} is {other:g}, so {a} vs {b} should be {1 / other:g}); "
                              "give each pair once", _pos(row, b, True))
                self.pos[("judgement", a, b)] = _pos(row, b, True)  # type: ignore[assignment]
        try:
            M = from_judgements(judgements, criteria)
        except KeyError as exc:
            a, b = exc.args[0]
            self.fail(f"ahp: no judgement for {a} vs {b}; every pair of criteria needs one "
                      f"(write {a}: {{{b}: 1}} if they matter equally)", where)
        except ValueError as exc:
            self.fail(f"ahp: {exc}", where)
        try:
            return ahp(M, labels=criteria)
        except InputError as exc:  # e.g. more criteria than Saaty's random index covers
            self.fail(f"ahp: {exc.message}", where)
            raise  # unreachable: fail() raises

    def misspelt_criterion(self, opts: Mapping, criteria: list[str]) -> None:
        """A criterion no option scores while every option scores one name that is no
        criterion: the typo is in the criteria, and is reported there (it was reported
        at the first option, calling the name spelt right unknown; scout AV)."""
        rows = [row for row in opts.values() if isinstance(row, Mapping)]
        if len(rows) != len(opts) or not rows:
            return
        unscored = [c for c in criteria if not any(c in row for row in rows)]
        extra = [k for k in rows[0] if k not in criteria and all(k in r for r in rows)]
        if not unscored or not extra:
            return
        c = unscored[0]
        near = did_you_mean(c, extra, "")
        scored = near[len(": did you mean "):-1] if near else extra[0]
        self.fail(f"criterion {c!r} is scored by no option, and every option scores "
                  f"{scored!r}, which is no criterion: one of the two is misspelt",
                  self.pos.get(("criterion", c), (None, None)))

    def options(self, d: Mapping, criteria: list[str], scale: tuple[float, float]) -> pd.DataFrame:
        opts = d["options"]
        where = _pos(d, "options", value=True)
        if not isinstance(opts, Mapping):
            self.fail("options must map each option's name to its scores", where)
        if len(opts) < 2:
            self.fail(f"a decision needs at least two options to compare; found {len(opts)}",
                      where)
        self.misspelt_criterion(opts, criteria)
        rows = []
        names = []
        for o, row in opts.items():
            if not isinstance(o, str) or not o.strip():
                self.fail(f"option name {_shown(o)} must be text", _pos(opts, o))
            self.pos[("option", o)] = _pos(opts, o)  # type: ignore[assignment]
            rows.append(_parse_scores(o, row, criteria, scale, self.src, self.pos))
            names.append(o)
        frame = pd.DataFrame(rows, index=pd.Index(names, name="option"),
                             columns=pd.Index(criteria, name="criterion"), dtype=float)
        return frame

    def notes(self, d: Mapping, options: list[str]) -> dict[str, dict[str, list[str]]]:
        if "notes" not in d or d["notes"] is None:
            return {}
        ns = d["notes"]
        if not isinstance(ns, Mapping):
            self.fail("notes must map options to {good: [...], bad: [...], neutral: [...]}",
                      _pos(d, "notes", True))
        out: dict[str, dict[str, list[str]]] = {}
        for o, note in ns.items():
            if o not in options:
                self.fail(f"notes for unknown option {o!r} (options are: {', '.join(options)})",
                          _pos(ns, o))
            if not isinstance(note, Mapping):
                self.fail(f"notes for {o!r} must be {{good: [...], bad: [...]}}", _pos(ns, o, True))
            entry: dict[str, list[str]] = {k: [] for k in NOTE_KINDS}
            for k in note:
                if k not in NOTE_KINDS:
                    self.fail(f"notes for {o!r}: unknown kind {k!r} (use good, bad, neutral)",
                              _pos(note, k))
                items = as_written(note, k)
                if isinstance(items, str):
                    items = [items]
                elif isinstance(items, list):
                    items = [as_written(items, j) for j in range(len(items))]
                if not isinstance(items, list) or not all(isinstance(x, (str, int, float))
                                                          for x in items):
                    self.fail(f"notes for {o!r}: {k} must be a list of sentences",
                              _pos(note, k, True))
                entry[k] = [str(x) for x in items]
            out[o] = entry
        return out

    def ignores(self, d: Mapping) -> list[Suppression]:
        from archkit.suppress import Suppression

        if "ignore" not in d or d["ignore"] is None:
            return []
        items = d["ignore"]
        if not isinstance(items, list):
            self.fail("ignore must be a list of {rule: AK-DEC..., reason: ...}",
                      _pos(d, "ignore", True))
        out = []
        for i, it in enumerate(items):
            line, col = _pos(items, i)
            if not isinstance(it, Mapping) or "rule" not in it:
                self.fail("each ignore entry needs a rule: {rule: AK-DEC003, reason: ...}",
                          _pos(items, i))
            rules = it["rule"] if isinstance(it["rule"], list) else [it["rule"]]
            reason = as_written(it, "reason") if "reason" in it else None
            out.append(Suppression(tuple(str(r).upper() for r in rules),
                                   str(reason or "").strip(), line or 0, 1, 10**9, col=col))
        return out


def _shown(value: object) -> str:
    """A YAML value as the user wrote it, for a message: null (``~``, empty) not None."""
    return "null" if value is None else repr(value)
