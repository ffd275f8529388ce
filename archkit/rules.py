"""The rule registry: every rule is a documented unit with two examples.

A rule has an id (``AK-IX006``), a kebab-case name, a default severity, a *why*, and
an example that fires and one that passes. The examples are real inputs for the
rule's area (SQL text, a services.yaml, a folder of ADRs given as ``{file: text}``):
each area registers an *example runner* that checks such an input and returns a
:class:`~archkit.findings.Report`, and ``tests/test_rules.py`` runs both examples of
every registered rule. Documentation (``archkit rules``) is generated from here.

Areas register their rules when their rule module is imported; ``all_rules()``
imports every area listed in ``RULE_MODULES`` (cheap modules: no heavy imports at
module level).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from archkit.findings import Finding, Report, Severity, make_finding

Example = str | Mapping[str, str]
ExampleRunner = Callable[[Example, "Rule"], Report]

# Modules that register rules, in catalogue order. Each must be cheap to import.
RULE_MODULES = (
    "archkit.core_rules",
    "archkit.tradeoff.rules",
    "archkit.boundaries.rules",
    "archkit.schema.rules",
    "archkit.adr.rules",
)

_RULES: dict[str, Rule] = {}
_RUNNERS: dict[str, ExampleRunner] = {}
_LOADED = False


@dataclass(frozen=True)
class Rule:
    """A registered rule. Use :meth:`finding` to create findings for it."""

    id: str
    name: str
    severity: Severity
    why: str
    area: str
    fires: Example
    passes: Example
    summary: str = ""           # one line: when it fires
    like: str = ""              # the same rule in other tools (squawk, skeema, ...)
    enabled: bool = True        # off-by-default rules are enabled in archkit.toml
    options: Mapping[str, Any] = field(default_factory=dict)  # thresholds and defaults

    def finding(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        object: str | None = None,
        hint: str | None = None,
        severity: Severity | str | None = None,
    ) -> Finding:
        return make_finding(self.id, self.name,
                            self.severity if severity is None else Severity.parse(severity),
                            message, path, line, col, object, hint)

    @property
    def help_uri(self) -> str:
        return f"https://github.com/archkit/archkit/blob/main/docs/rules.md#{self.id.lower()}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "severity": self.severity.value,
            "area": self.area,
            "summary": self.summary,
            "why": self.why,
            "like": self.like,
            "enabled": self.enabled,
            "options": dict(self.options),
            "fires": _example_json(self.fires),
            "passes": _example_json(self.passes),
        }


def _example_json(ex: Example) -> Any:
    return ex if isinstance(ex, str) else dict(ex)


def register(
    id: str,
    name: str,
    severity: Severity | str,
    *,
    why: str,
    area: str,
    fires: Example,
    passes: Example,
    summary: str = "",
    like: str = "",
    enabled: bool = True,
    options: Mapping[str, Any] | None = None,
) -> Rule:
    """Register a rule (once per id) and return it."""
    existing = _RULES.get(id)
    rule = Rule(id=id, name=name, severity=Severity.parse(severity), why=why.strip(),
                area=area, fires=fires, passes=passes, summary=summary, like=like,
                enabled=enabled, options=dict(options or {}))
    if existing is not None:
        if existing.name != name:
            raise ValueError(f"rule id {id} registered twice ({existing.name}, {name})")
        return existing
    _RULES[id] = rule
    return rule


def register_example_runner(area: str, runner: ExampleRunner) -> None:
    """Register how to check an example input of ``area`` (returns a Report)."""
    _RUNNERS[area] = runner


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for mod in RULE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # an area not built yet registers nothing
            if exc.name is None or not mod.startswith(exc.name):
                raise
    _LOADED = True


def all_rules() -> list[Rule]:
    _load()
    return sorted(_RULES.values(), key=lambda r: (RULE_AREAS.index(r.area)
                                                  if r.area in RULE_AREAS else 99, r.id))


RULE_AREAS = ("core", "decisions", "boundaries", "schema", "adr")


def get_rule(rule_id: str) -> Rule | None:
    if rule_id not in _RULES:
        _load()
    return _RULES.get(rule_id)


def run_example(rule: Rule, which: str) -> Report:
    """Check the rule's ``fires`` or ``passes`` example with its area's runner."""
    _load()
    runner = _RUNNERS.get(rule.area)
    if runner is None:
        raise LookupError(f"no example runner registered for area {rule.area!r}")
    example = rule.fires if which == "fires" else rule.passes
    return runner(example, rule)


# -- catalogue rendering ----------------------------------------------------------------
def catalogue_markdown(rules: list[Rule] | None = None) -> str:
    rules = all_rules() if rules is None else rules
    out = ["# archkit rule catalogue", "",
           "Generated by `archkit rules --format markdown` from the rules' own code. "
           "Every rule can be re-levelled or switched off in `archkit.toml` under "
           "`[rules]` (`AK-IX006 = \"error\"`, `AK-DOC001 = \"info\"` to enable an "
           "off-by-default rule, `AK-NM001 = \"off\"`).", ""]
    area = None
    for r in rules:
        if r.area != area:
            area = r.area
            out += [f"## {area}", ""]
        out += [f"### {r.id}", ""] + _rule_body(r)
    return "\n".join(out).rstrip() + "\n"


def rule_page(rule: Rule) -> str:
    """One rule's page (``archkit rules ID``): its section of the catalogue, without the
    catalogue's title, preamble and area heading."""
    out = [f"# {rule.id} ({rule.area})", ""] + _rule_body(rule)
    return "\n".join(out).rstrip() + "\n"


def _rule_body(r: Rule) -> list[str]:
    out = [f"**{r.name}** — default severity `{r.severity.value}`"
           + ("" if r.enabled else " (off by default)"), ""]
    if r.summary:
        out += [f"Fires when {r.summary}.", ""]
    out += [r.why, ""]
    if r.like:
        out += [f"Like: {r.like}", ""]
    if r.options:
        out += ["Options: " + ", ".join(f"`{k}` = `{v}`" for k, v in r.options.items()), ""]
    where = ""
    if r.area == "schema":       # an example of a dialect's own rule fires in that dialect
        from archkit.schema.registry import SCHEMA_RULES

        sr = SCHEMA_RULES.get(r.id)
        if sr is not None and sr.example_dialect != "postgres":
            where = f" (`--dialect {sr.example_dialect}`)"
    return out + _example_md(f"Fires{where}", r.fires, r.area) \
        + _example_md(f"Passes{where}", r.passes, r.area)


_LANG = {"schema": "sql", "boundaries": "yaml", "decisions": "yaml", "core": "sql"}


def _example_md(label: str, ex: Example, area: str) -> list[str]:
    lang = _LANG.get(area, "")
    if isinstance(ex, str):
        return [f"{label}:", "", f"```{lang}", ex.strip(), "```", ""]
    out = [f"{label}:", ""]
    for name, text in ex.items():
        out += [f"`{name}`:", "", "```markdown" if name.endswith(".md") else "```",
                text.strip(), "```", ""]
    return out


def catalogue_text(rules: list[Rule] | None = None) -> str:
    rules = all_rules() if rules is None else rules
    width = max((len(r.name) for r in rules), default=10)
    lines = [f"{r.id:<11} {r.name:<{width}} {r.severity.value:<7} "
             f"{'' if r.enabled else '(off) '}{r.summary}" for r in rules]
    return "\n".join(lines) + f"\n{len(rules)} rules\n"


def catalogue_json(rules: list[Rule] | None = None) -> str:
    rules = all_rules() if rules is None else rules
    return json.dumps([r.to_dict() for r in rules], indent=2, ensure_ascii=False) + "\n"
