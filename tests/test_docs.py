"""Docs users follow stay true: the rule catalogue is generated, links resolve."""

from __future__ import annotations

import re

from archkit.rules import catalogue_markdown
from tests.conftest import ROOT


def test_rule_catalogue_doc_is_up_to_date():
    doc = (ROOT / "docs" / "rules.md").read_text()
    assert doc == catalogue_markdown(), (
        "docs/rules.md is stale: regenerate it with "
        "'archkit rules --format markdown > docs/rules.md'")


def test_readme_links_resolve():
    readme = (ROOT / "README.md").read_text()
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if target.startswith("http"):
            continue
        assert (ROOT / target).exists(), f"README links to missing {target}"


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
