"""One finding type for every checker, and one renderer per output format.

Every checker in archkit (schema, boundaries, ADR lint, decisions) returns a
:class:`Report` of :class:`Finding`. Renderers: text (``path:line:col: RULE severity
message [object]``), JSON (a list of objects with exactly the Finding fields),
SARIF 2.1.0, markdown, HTML (``Report._repr_html_``) and ``Report.to_frame()``.

This module imports nothing heavy: pandas is imported inside ``to_frame`` only.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from archkit.errors import format_location
from archkit.lazyre import LazyPattern

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Severity", "Finding", "Report", "FIELDS", "FORMATS"]

FIELDS = ("rule", "name", "severity", "message", "path", "line", "col", "object", "hint")
FORMATS = ("text", "json", "sarif", "markdown", "html")


class Severity(str, enum.Enum):
    """Finding severity, ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self._value_]

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r}: use one of info, warning, error"
            ) from None

    @property
    def sarif_level(self) -> str:
        return {"info": "note", "warning": "warning", "error": "error"}[self.value]


# by value: a member's ``_value_`` is a plain str (hashed in C), where ``.value`` goes
# through enum's descriptor and hashing a member calls Enum.__hash__ (findings are
# sorted, counted and rendered by the thousand)
_RANK = {"info": 0, "warning": 1, "error": 2}
_COLOURS = {  # background, text: readable in light and dark notebook themes
    Severity.ERROR: ("#fde2e1", "#9b1c1c"),
    Severity.WARNING: ("#fff4d6", "#8a5a00"),
    Severity.INFO: ("#e3effd", "#1e4e8c"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a checker found, with where it is and how to fix it."""

    rule: str
    name: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    col: int | None = None
    object: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.severity, Severity):
            object.__setattr__(self, "severity", Severity.parse(self.severity))

    def location(self) -> str:
        return format_location(self.path, self.line, self.col)

    def to_text(self) -> str:
        if self.path is not None and self.line is not None and self.col is not None:
            where = f"{self.path}:{self.line}:{self.col}"   # the common case, inline
        else:
            where = self.location()
        text = f"{where}: {self.rule} {self.severity._value_} {self.message}"
        if self.object:
            text += f" [{self.object}]"
        return text

    def to_dict(self) -> dict[str, Any]:
        # (not dataclasses.asdict, which deep-copies every field: 30 us a finding)
        return {"rule": self.rule, "name": self.name, "severity": self.severity._value_,
                "message": self.message, "path": self.path, "line": self.line,
                "col": self.col, "object": self.object, "hint": self.hint}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(**{k: d.get(k) for k in FIELDS})

    def sort_key(self) -> tuple:
        # (paths with numbers compared as numbers: V1__init.sql before V12__email.sql, as
        # the schema check reads them; scout AR. The hint last: two findings that differ
        # in it alone come in one order, however they were found; scout AZ)
        return (path_sort_key(self.path or ""), self.line or 0, self.col or 0,
                -_RANK[self.severity._value_], self.rule, self.object or "", self.message,
                self.hint or "")


@lru_cache(maxsize=4096)
def path_sort_key(path: str) -> tuple[Any, ...]:
    """A finding's path as :meth:`Finding.sort_key` orders it: numbers as numbers, then
    the path itself (a007 and a7). The parts are a tuple of their own: text and numbers
    alternate in it, so a path that is another's start (schema, schema2) never compares
    its tie-break with a number (a TypeError that stopped the check of two such files)."""
    return (tuple([int(x) if i % 2 else x for i, x in enumerate(_DIGITS.split(path))]), path)


_DIGITS = re.compile(r"(\d+)")


def in_order(findings: Sequence[Finding]) -> bool:
    """Whether ``findings`` are in :meth:`Finding.sort_key` order already (each no greater
    than the next). One pass that compares paths, lines and columns, and whole keys only
    where two findings share all three: ~3 ms on 9,000 findings, where sorting them takes
    ~12 ms."""
    if len(findings) < 2:
        return True
    prev = findings[0]
    pp, pl, pc = prev.path, prev.line or 0, prev.col or 0
    for f in findings[1:]:
        p, line, col = f.path, f.line or 0, f.col or 0
        if p is not pp and p != pp:
            a, b = path_sort_key(pp or ""), path_sort_key(p or "")
            if a > b:
                return False
            if a < b:
                prev, pp, pl, pc = f, p, line, col
                continue
        if line < pl or (line == pl and (col < pc or (
                col == pc and f.sort_key() < prev.sort_key()))):
            return False
        prev, pp, pl, pc = f, p, line, col
    return True


def _setters() -> tuple[Any, ...]:
    return tuple(Finding.__dict__[k].__set__ for k in FIELDS)


_SET = _setters()


def make_finding(rule: str, name: str, severity: Severity, message: str, path: str | None,
                 line: int | None, col: int | None, object: str | None,
                 hint: str | None) -> Finding:
    """``Finding(...)`` with every field given and ``severity`` already a Severity, without
    the frozen dataclass's per-field ``object.__setattr__`` (rules build thousands)."""
    f = _NEW(Finding)
    s = _SET
    s[0](f, rule)
    s[1](f, name)
    s[2](f, severity)
    s[3](f, message)
    s[4](f, path)
    s[5](f, line)
    s[6](f, col)
    s[7](f, object)
    s[8](f, hint)
    return f


_NEW = object.__new__


def finding_rows(findings: Iterable[Finding]) -> list[tuple[Any, ...]]:
    """The findings as plain tuples of str, int and None in :data:`FIELDS` order, the
    severity as its value: what pickles and marshals several times faster than the
    dataclass (a forked child's findings, the result cache). :func:`from_rows` undoes it."""
    return [(f.rule, f.name, f.severity._value_, f.message, f.path, f.line, f.col, f.object,
             f.hint) for f in findings]


def from_rows(rows: Iterable[Sequence[Any]]) -> list[Finding]:
    """Findings from :func:`finding_rows`' tuples (each severity a known value)."""
    sev = Severity._value2member_map_
    return [make_finding(r[0], r[1], sev[r[2]], *r[3:]) for r in rows]  # type: ignore[arg-type]


def selected(rule_id: str, select: Sequence[str] | None = None,
             ignore: Sequence[str] | None = None) -> bool:
    """Whether ``rule_id`` starts with one of ``select`` (when given) and none of ``ignore``:
    what ``--select`` / ``--ignore`` keep (prefixes like ruff's: ``AK-IX``)."""
    if select and not any(rule_id.startswith(p) for p in select):
        return False
    return not (ignore and any(rule_id.startswith(p) for p in ignore))


@dataclass
class Report:
    """An ordered collection of findings with renderers.

    ``title`` names what was checked (used by markdown/HTML); ``rules`` optionally maps
    rule ids to registry entries so SARIF can describe them (filled in lazily from the
    registry when absent).
    """

    findings: list[Finding] = field(default_factory=list)
    title: str = "archkit report"

    # -- collection behaviour -------------------------------------------------------
    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:  # a report object is truthy even when empty
        return True

    def __getitem__(self, i: int) -> Finding:
        return self.findings[i]

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> Report:
        self.findings.extend(findings)
        return self

    def __add__(self, other: Report) -> Report:
        return Report([*self.findings, *other.findings], title=self.title)

    def sorted(self) -> Report:
        findings = self.findings
        # (a report is mostly sorted already, when it is rendered: checked in one pass,
        # it is not sorted again; stable, so the order is the same either way)
        return Report(list(findings) if in_order(findings) else
                      sorted(findings, key=Finding.sort_key), title=self.title)

    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.findings})

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        for f in self.findings:
            out[f.severity._value_] += 1
        return out

    @property
    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def at_or_above(self, severity: Severity | str) -> list[Finding]:
        sev = Severity.parse(severity)
        return [f for f in self.findings if f.severity >= sev]

    def select(self, select: Sequence[str] | None = None,
               ignore: Sequence[str] | None = None) -> Report:
        """Keep findings whose rule id starts with one of ``select`` and none of ``ignore``.

        Prefixes work like ruff's: ``AK-IX`` selects every index rule.
        """
        return Report([f for f in self.findings if selected(f.rule, select, ignore)],
                      title=self.title)

    def with_severities(self, overrides: dict[str, Severity | None]) -> Report:
        """Re-level findings per rule id; ``None`` drops that rule's findings."""
        out = []
        for f in self.findings:
            if f.rule in overrides:
                sev = overrides[f.rule]
                if sev is None:
                    continue
                f = replace(f, severity=sev)
            out.append(f)
        return Report(out, title=self.title)

    def exit_code(self, fail_on: str = "error") -> int:
        """0 when nothing is at or above ``fail_on`` (``never`` never fails), else 1."""
        if fail_on == "never":
            return 0
        return 1 if self.at_or_above(fail_on) else 0

    # -- renderers ------------------------------------------------------------------
    def render(self, fmt: str = "text") -> str:
        try:
            renderer = {
                "text": self.to_text,
                "json": self.to_json,
                "sarif": self.to_sarif,
                "markdown": self.to_markdown,
                "html": self._repr_html_,
            }[fmt]
        except KeyError:
            raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}") from None
        return renderer()

    def summary_line(self) -> str:
        c = self.counts()
        if not self.findings:
            return "no findings"
        parts = [f"{n} {sev}{'s' if n != 1 and sev != 'info' else ''}" for sev, n in c.items() if n]
        return ", ".join(parts)

    def count_line(self) -> str:
        """Every severity's count, zeros too: ``1 error, 0 warnings, 3 info``."""
        c = self.counts()
        return ", ".join(f"{c.get(sev, 0)} {sev}{'s' if c.get(sev, 0) != 1 and sev != 'info' else ''}"
                         for sev in ("error", "warning", "info"))

    def to_text(self) -> str:
        lines = [f.to_text() for f in self.sorted()]
        lines.append(f"{len(self.findings)} finding{'s' if len(self.findings) != 1 else ''}"
                     + (f" ({self.summary_line()})" if self.findings else ""))
        return "\n".join(lines) + "\n"

    def to_records(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self.sorted()]

    def to_json(self) -> str:
        from archkit.jsontext import dumps

        return dumps(self.to_records()) + "\n"

    def to_sarif(self, category: str | None = None) -> str:
        """SARIF 2.1.0, one run. ``category``: the run's ``automationDetails.id``
        (``archkit/schema-check/``), which code scanning takes as the analysis' category:
        two uploads of one category replace each other, and one upload may hold one run
        per category."""
        from archkit import __version__
        from archkit.rules import get_rule

        findings = self.sorted().findings
        rule_ids = sorted({f.rule for f in findings})
        rule_index = {rid: i for i, rid in enumerate(rule_ids)}
        by_id = {f.rule: f for f in findings}
        rules_json = []
        for rid in rule_ids:
            rule = get_rule(rid)
            entry: dict[str, Any] = {"id": rid, "name": by_id[rid].name}
            if rule is not None:
                entry["shortDescription"] = {"text": rule.summary or rule.name}
                entry["fullDescription"] = {"text": rule.why}
                entry["defaultConfiguration"] = {"level": rule.severity.sarif_level}
                entry["helpUri"] = rule.help_uri
            rules_json.append(entry)
        results = []
        here = _Here()
        # a (rule, object) that several results share is told apart by its file and rank
        shared: dict[tuple[str, str], int] = {}
        for f in findings:
            if f.object:
                shared[(f.rule, f.object)] = shared.get((f.rule, f.object), 0) + 1
        seen: dict[tuple[str, str, str], int] = {}
        for f in findings:
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": rule_index[f.rule],
                "level": f.severity.sarif_level,
                "message": {"text": f.message + (f" Hint: {f.hint}" if f.hint else "")},
            }
            if f.path:
                region: dict[str, int] = {}
                if f.line:
                    region["startLine"] = f.line
                    if f.col:
                        region["startColumn"] = f.col
                phys: dict[str, Any] = {"artifactLocation": here.artifact(f.path)}
                if region:
                    phys["region"] = region
                loc: dict[str, Any] = {"physicalLocation": phys}
                if f.object:
                    loc["logicalLocations"] = [{"fullyQualifiedName": f.object}]
                result["locations"] = [loc]
            elif f.object:
                result["locations"] = [{"logicalLocations": [{"fullyQualifiedName": f.object}]}]
            if f.object:
                where = here.name(f.path) if f.path else ""
                result["partialFingerprints"] = {"archkitObject/v1": _fingerprint(
                    f, seen, where, shared[(f.rule, f.object)] > 1)}
            results.append(result)
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "archkit",
                "version": __version__,
                "informationUri": "https://github.com/archkit/archkit",
                "rules": rules_json,
            }},
        }
        if category:
            run["automationDetails"] = {"id": category}
        if here.used:
            run["originalUriBaseIds"] = {SRCROOT: {"uri": here.root_uri}}
        run["columnKind"] = "unicodeCodePoints"     # archkit counts columns in characters
        run["results"] = results
        doc = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        }
        from archkit.jsontext import dumps

        return dumps(doc) + "\n"

    def to_markdown(self) -> str:
        lines = [f"### {md_cell(' '.join(self.title.split()))}", "",
                 f"{self.summary_line().capitalize()}.", ""]
        if not self.findings:
            return "\n".join(lines)
        lines += ["| severity | rule | where | object | message | hint |",
                  "|---|---|---|---|---|---|"]
        for f in self.sorted():
            hint = f.hint or ""
            lines.append("| " + " | ".join(_md_cell(x) for x in (
                f.severity.value, _md_text(f"{f.rule} {f.name}"), _md_text(f.location()),
                _md_text(f.object or ""), _md_text(f.message),
                _md_code(hint) if _hint_is_sql(f.rule, hint) else _md_text(hint))) + " |")
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        import html

        esc = html.escape
        head = (f"<div class='archkit-report'><strong>{esc(self.title)}</strong>: "
                f"{esc(self.summary_line())}")
        if not self.findings:
            return head + "</div>"
        rows = []
        for f in self.sorted():
            bg, fg = _COLOURS[f.severity]
            badge = (f"<span style='background:{bg};color:{fg};padding:1px 6px;"
                     f"border-radius:3px;font-weight:600'>{esc(f.severity.value)}</span>")
            hint = f"<code>{esc(f.hint)}</code>" if f.hint else ""
            rows.append(
                f"<tr><td>{badge}</td><td><code>{esc(f.rule)}</code><br><small>{esc(f.name)}"
                f"</small></td><td>{esc(f.location())}</td><td>{esc(f.object or '')}</td>"
                f"<td style='text-align:left'>{esc(f.message)}</td>"
                f"<td style='text-align:left'>{hint}</td></tr>")
        table = ("<table><thead><tr><th>severity</th><th>rule</th><th>where</th>"
                 "<th>object</th><th>message</th><th>hint</th></tr></thead><tbody>"
                 + "".join(rows) + "</tbody></table>")
        return head + table + "</div>"

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame(self.to_records(), columns=list(FIELDS))
        frame["line"] = frame["line"].astype("Int64")
        frame["col"] = frame["col"].astype("Int64")
        return frame

    def __repr__(self) -> str:
        return f"<Report {self.title!r}: {self.summary_line()}>"


def _hint_is_sql(rule_id: str, hint: str) -> bool:
    """Whether a hint is SQL to run (a schema rule's, or a SQL marker to write), shown as
    code, rather than advice in words (a service model's, a decision's), shown as text."""
    from archkit.rules import get_rule

    rule = get_rule(rule_id)
    return (rule is not None and rule.area == "schema") or hint.startswith("-- ")


def _md_cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


# what CommonMark (and GitHub's tables and strikethrough) would read as markup in a
# cell's text: emphasis, code spans, links, raw HTML and entities, escapes themselves
_MD_SPECIAL = LazyPattern(r"([\\`*_\[\]<>&~])")


def _md_text(value: str) -> str:
    """Text for a markdown table cell that renders as itself (``index_{table}_on_x``
    without italics, a backslash kept); ``|`` is escaped by :func:`_md_cell`."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def md_cell(value: Any) -> str:
    """``value`` as the text of a markdown table cell that renders as itself: ``|`` and
    line breaks kept out of the table, emphasis, links and raw HTML shown as written (a
    name ``A | B`` or ``<b>x</b>`` in a user's file)."""
    return _md_cell(_md_text(str(value)))


def md_line(value: Any, *, cell: bool = False) -> str:
    """``value`` as markdown on one line that shows raw HTML as written (``<``, ``>``, ``&``
    escaped) and, in a table ``cell``, ``|``: a name or a note from a user's file cannot
    start a section, add a column or bring HTML into a README, while emphasis and code
    spans in it (a title's) still render, unlike :func:`md_cell`."""
    return re.sub(r"([<>&|])" if cell else r"([<>&])", r"\\\1", " ".join(str(value).split()))


# in a name (an option's, a criterion's) what would render as markup: emphasis (an
# underscore only where it can open or close it, not inside a word: query_flexibility),
# code spans, links, strikethrough, raw HTML and entities, escapes themselves
_NAME_SPECIAL = LazyPattern(r"[\\`*\[\]~<>&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


# what opens a block at the start of a line (a heading, a quote, a list item: "# of
# features" was a heading in a bullet, "1. Pulsar" a nested list; scout AX), and a
# heading's closing run of # ("### Kafka #" read "Kafka")
_NAME_START = LazyPattern(r"^(?:#+|[>+-]|(\d{1,9})(?=[.)]))")
_NAME_CLOSING = LazyPattern(r"(\s)(#+)(\s*)$")


def escape_closing_hashes(text: str) -> str:
    """``text`` with a trailing run of ``#`` after a space escaped: on a heading's line
    CommonMark reads it as the closing sequence ("Use C #" read back "Use C")."""
    return _NAME_CLOSING.sub(lambda m: f"{m[1]}\\{m[2]}{m[3]}", text)


def md_name(value: Any, *, cell: bool = False) -> str:
    """A name from a user's file (an option, a criterion) on one line of markdown that
    renders as written: ``speed_*x*`` was "speed_x" with an italic x in an ADR, while
    :func:`md_line` keeps a title's or a note's emphasis; in a table ``cell``, ``|`` too.
    What would open a block where the name starts a line or a list item (``# of
    features``, ``1. Pulsar``, ``- RabbitMQ``) is escaped too, and a closing ``#`` run."""
    text = _NAME_SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(str(value).split()))
    text = _NAME_START.sub(lambda m: f"{m[1]}\\" if m[1] else "\\" + m[0], text, count=1)
    text = escape_closing_hashes(text)
    return text.replace("|", "\\|") if cell else text


def _md_code(value: str) -> str:
    """A code span of ``value`` fenced by a run of backticks longer than any inside it."""
    if not value:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    if value.startswith("`") or value.endswith("`") or (
            value.startswith(" ") and value.endswith(" ") and value.strip(" ")):
        value = f" {value} "        # (one space each side is taken off when rendered)
    return f"{fence}{value}{fence}"


SRCROOT = "%SRCROOT%"


class _Here:
    """SARIF artifact locations: a file under the current folder is a URI relative to it
    (``uriBaseId`` ``%SRCROOT%``, which ``originalUriBaseIds`` gives as a ``file://`` URI),
    any other an absolute ``file://`` URI. :meth:`name` is the path in the same form, for
    fingerprints: the same whether the file was given relative or absolute."""

    def __init__(self) -> None:
        import os
        from pathlib import Path

        self.cwd = os.getcwd()
        self.root_uri = Path(self.cwd).as_uri().rstrip("/") + "/"
        self.used = False
        self._names: dict[str, tuple[str, bool]] = {}
        self._artifacts: dict[str, dict[str, str]] = {}

    def _where(self, path: str) -> tuple[str, bool]:
        """(posix path relative to the cwd, True) or (absolute posix path, False)."""
        hit = self._names.get(path)
        if hit is None:
            import os
            from pathlib import PurePath

            hit = (PurePath(path).as_posix(), True)
            for absolute in (os.path.abspath(path), os.path.realpath(path)):
                try:
                    rel = os.path.relpath(absolute, self.cwd)
                except ValueError:          # (another drive)
                    continue
                if rel != os.pardir and not rel.startswith(os.pardir + os.sep) and \
                        not os.path.isabs(rel):
                    hit = (PurePath(rel).as_posix(), True)
                    break
            else:
                hit = (PurePath(os.path.abspath(path)).as_posix(), False)
            self._names[path] = hit
        return hit

    def name(self, path: str) -> str:
        return self._where(path)[0]

    def artifact(self, path: str) -> dict[str, str]:
        hit = self._artifacts.get(path)
        if hit is None:
            from pathlib import PurePath
            from urllib.parse import quote

            name, relative = self._where(path)
            if relative:
                self.used = True
                hit = {"uri": quote(name, safe="/"), "uriBaseId": SRCROOT}
            else:
                try:
                    hit = {"uri": PurePath(name).as_uri()}
                except ValueError:
                    hit = {"uri": quote(name, safe="/")}
            self._artifacts[path] = hit
        return dict(hit)


# an object named by where it is ("statement at line 12", "CREATE FUNCTION at line 40"):
# the statements AK-SQL001/002 report have no other name
_AT_LINE = LazyPattern(r"(.*) at line \d+\Z")


def _fingerprint(f: Finding, seen: dict[tuple[str, str, str], int], where: str = "",
                 shared: bool = False) -> str:
    """What code scanning (GitHub, GitLab) tracks a finding by from one commit to the next:
    its rule and object. An object named by its line is named instead by its file and its
    rank among the file's objects of that rule and kind (``statement #2``): a line added
    above it would otherwise make it a new alert and close the old one. So is an object
    that several findings of the rule share (``shared``: an index name that SQL Server
    scopes to its table, a table created twice): one fingerprint per finding, or code
    scanning merges them into one alert. ``where`` is the file (relative to the current
    folder when under it); ``seen`` counts them, over findings in sorted order."""
    m = _AT_LINE.match(f.object or "")
    if m is None and not shared:
        return f"{f.rule}:{f.object}"
    what = m.group(1) if m is not None else (f.object or "")
    k = seen.get((f.rule, where, what), 0) + 1
    seen[(f.rule, where, what)] = k
    return f"{f.rule}:{where}:{what} #{k}"
