"""The schema rules page, ``docs/schema-rules.md``, generated from the rules' own code.

``archkit rules --page schema`` prints it (``python -m archkit.schema.rules_page`` too),
and ``tests/test_docs.py`` checks that the committed page is exactly this output. The
prose around the rules (the introduction, "Configuring") is the Jinja template
``rules_page.md.j2`` next to this module; everything about a rule (name, severity,
summary, why, options, dialects, examples) comes from its registration, so the page
cannot drift from the code.

Order: the summary table lists the rules by id; the sections follow :data:`SECTIONS`
(each names the rule modules it holds) and list their rules by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from typing import Any

from archkit.schema.registry import SCHEMA_RULES, SchemaRule

TEMPLATE = "rules_page.md.j2"

# (heading, modules under archkit.schema.rules) in page order
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Keys and constraints", ("keys",)),
    ("Types", ("types",)),
    ("Names and documentation", ("names", "docs")),
    ("Indexes (catalog only)", ("indexes",)),
    ("Migration safety", ("migration",)),
    ("Parse level", ("sql",)),
)

# the workload rules (AK-WL*) are not part of this page: they check queries against
# the schema and are described with the workload (docs/schema.md)
EXCLUDED_PREFIXES = ("AK-WL",)


def page_rules(rules: Iterable[SchemaRule] | None = None) -> list[SchemaRule]:
    """The schema rules the page documents, by id."""
    if rules is None:
        import archkit.schema.rules  # noqa: F401  (registers them)

        rules = SCHEMA_RULES.values()
    return sorted((sr for sr in rules if not sr.rule.id.startswith(EXCLUDED_PREFIXES)),
                  key=lambda sr: sr.rule.id)


def section_of(sr: SchemaRule) -> str:
    """The heading of the section a rule is documented under (by the module that
    declares it)."""
    module = sr.check.__module__.rsplit(".", 1)[-1]
    for title, modules in SECTIONS:
        if module in modules:
            return title
    raise LookupError(f"{sr.rule.id} is declared in {sr.check.__module__}, which no "
                      f"section of the schema rules page holds: add it to "
                      f"archkit.schema.rules_page.SECTIONS")


def schema_rules_page(rules: Iterable[SchemaRule] | None = None) -> str:
    """The whole page (Markdown), ending with one newline."""
    import jinja2

    selected = page_rules(rules)
    by_section: dict[str, list[str]] = {title: [] for title, _ in SECTIONS}
    for sr in selected:
        by_section[section_of(sr)].append(rule_entry(sr))
    sections = [{"title": title, "entries": entries}
                for title, entries in by_section.items() if entries]
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, autoescape=False,
                             undefined=jinja2.StrictUndefined)
    template = env.from_string(_template_text())
    return template.render(summary=[summary_row(sr) for sr in selected], sections=sections)


def _template_text() -> str:
    return resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")


def summary_row(sr: SchemaRule) -> dict[str, str]:
    """One row of the summary table, each cell ready to print."""
    r = sr.rule
    return {
        "id": r.id,
        "anchor": r.id.lower(),
        "name": _cell(r.name),
        "severity": r.severity.value + ("" if r.enabled else " (off)"),
        "summary": _cell(r.summary),
        "dialects": ", ".join(sr.dialects) if sr.dialects else "all",
        "options": ", ".join(f"`{k}`" for k in r.options),
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rule_entry(sr: SchemaRule) -> str:
    """A rule's section: heading, name and severity, when it fires, why, the same rule
    elsewhere, options, and its two examples in the dialect they are written in."""
    r = sr.rule
    head = f"**{r.name}**, default severity `{r.severity.value}`"
    if not r.enabled:
        head += " (off by default)"
    if sr.dialects:
        head += "; runs on " + ", ".join(sr.dialects)
    out = [f"### {r.id}", "", head, ""]
    if r.summary:
        out += [f"Fires when {r.summary}.", ""]
    out += [r.why.strip(), ""]
    if r.like:
        out += [f"Like: {_sentence(r.like)}", ""]
    if r.options:
        out += ["Options (`archkit.toml [schema]`): "
                + ", ".join(f"`{k}` = `{v}`" for k, v in r.options.items()), ""]
    out += _example("Fires", r.fires, sr.example_dialect) + [""]
    out += _example("Passes", r.passes, sr.example_dialect)
    return "\n".join(out)


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


def _example(label: str, sql: Any, dialect: str) -> list[str]:
    return [f"{label} ({dialect}):", "", "```sql", str(sql).strip(), "```"]


def main() -> None:
    import sys

    sys.stdout.write(schema_rules_page())


if __name__ == "__main__":
    main()
