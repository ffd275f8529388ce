"""Docs users follow stay true: the rule catalogue is generated, links resolve."""

from __future__ import annotations

import re

import pytest

from archkit.rules import catalogue_markdown
from archkit.schema.rules_page import schema_rules_page
from tests.conftest import ROOT


def test_rule_catalogue_doc_is_up_to_date():
    doc = (ROOT / "docs" / "rules.md").read_text()
    assert doc == catalogue_markdown(), (
        "docs/rules.md is stale: regenerate it with "
        "'archkit rules --format markdown > docs/rules.md'")


def test_schema_rules_doc_is_up_to_date():
    doc = (ROOT / "docs" / "schema-rules.md").read_text(encoding="utf-8")
    assert doc == schema_rules_page(), (
        "docs/schema-rules.md is stale: regenerate it with "
        "'archkit rules --page schema > docs/schema-rules.md' (or 'make docs')")


def test_rules_page_option_prints_the_generated_page(cli):
    res = cli("rules", "--page", "schema")
    assert res.code == 0, res.err
    assert res.out == schema_rules_page()
    for extra in (["AK-PK001"], ["--format", "json"]):
        res = cli("rules", "--page", "schema", *extra)
        assert res.code == 2 and "--page" in res.err, (extra, res)


def test_readme_links_resolve():
    readme = (ROOT / "README.md").read_text()
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if target.startswith("http"):
            continue
        assert (ROOT / target).exists(), f"README links to missing {target}"


def test_readme_python_tour_runs_in_the_example_workspace(example_copy, monkeypatch):
    # the README's "In Python" block, as a user pastes it into a notebook in the workspace
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert blocks, "README has no python block"
    monkeypatch.chdir(example_copy)
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})


@pytest.mark.parametrize("page", ["schema.md", "schema-rules.md"])
def test_schema_doc_config_example_names_real_rule_options(page):
    # a wrong option name is ignored without a word: the example must use real ones
    # (schema-rules.md's example is prose in its template, not generated)
    import tomllib

    import archkit.schema.rules  # noqa: F401  (registers the rules)
    from archkit.schema.registry import SCHEMA_RULES

    doc = (ROOT / "docs" / page).read_text()
    blocks = [tomllib.loads(b) for b in re.findall(r"```toml\n(.*?)```", doc, re.DOTALL)]
    every = {k for sr in SCHEMA_RULES.values() for k in (sr.rule.options or {})}
    checked = 0
    for conf in blocks:
        for key, value in conf.get("schema", {}).items():
            if isinstance(value, dict):             # [schema."AK-..."]: that rule's options
                assert set(value) <= set(SCHEMA_RULES[key].rule.options or {}), (key, value)
                checked += 1
            elif key != "dialect":
                assert key in every, key
    assert checked


def test_boundaries_doc_shows_what_check_prints(cli, example_copy):
    """The findings quoted at the top of docs/boundaries.md are the example's, position
    included (the column is the 1-based column of the offending value)."""
    doc = (ROOT / "docs" / "boundaries.md").read_text()
    block = doc.split("$ archkit boundaries check services.yaml\n", 1)[1].split("```", 1)[0]
    quoted = [line for line in block.splitlines() if line.startswith("services.yaml:")]
    assert len(quoted) == 2
    res = cli("boundaries", "check", "services.yaml", cwd=example_copy)
    printed = res.out.splitlines()
    for line in quoted:
        assert line in printed, line
    line97 = (example_copy / "services.yaml").read_text().splitlines()[96]
    assert line97.index("timeout_ms: 2500") + len("timeout_ms: ") + 1 == 80
