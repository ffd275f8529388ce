"""``archkit decide --format markdown`` (and the decisions section of summary.md): names
with ``|``, markdown or raw HTML are escaped in every table cell, as the findings table
escapes them, so each row keeps its columns and each cell renders as the name."""

from __future__ import annotations

import pytest

from archkit.tradeoff import DecisionMatrix
from archkit.tradeoff.step import analyse, decision_markdown
from tests.markdown_support import table_rows

PIPE, HTML, MARKS, LINK = "A | B", "<script>x</script>", "x_y *z* `q`", "[l](u) & ~~s~~"
NAMES = (PIPE, HTML, MARKS)

DECISION = f"""\
title: "Pipes | <b>bold</b>"
question: "Which *one* | why?"
scale: [1, 10]
criteria:
  - {{name: "cost|total", weight: 1, direction: cost}}
  - {{name: "{LINK}", weight: 1}}
options:
  "{PIPE}": {{"cost|total": 3, "{LINK}": 8}}
  "{HTML}": {{"cost|total": 2, "{LINK}": 6}}
  "{MARKS}": {{"cost|total": 6, "{LINK}": 9}}
"""


def rendered_rows(markdown: str) -> list[list[str]]:
    return table_rows(markdown)


def test_names_in_the_ranking_and_stability_tables_render_as_written():
    m = DecisionMatrix.from_text(DECISION, "d.yaml")
    a = analyse(m, samples=200)
    markdown = decision_markdown(m, a)
    assert "<script>" not in markdown and "<b>" not in markdown     # no raw HTML
    rows = rendered_rows(markdown)
    assert all(len(r) == 4 for r in rows), rows                    # no cell split by a |
    ranking = rows[1:1 + len(m.options)]
    assert [r[1] for r in ranking] == list(a["ranking"].index)
    assert set(a["ranking"].index) == set(NAMES)
    st = a["stability"]
    header = rows[1 + len(m.options)]
    assert header[2] == f"{st.attrs['winner']} stays first for weights"
    stability = rows[2 + len(m.options):]
    assert [r[0] for r in stability] == ["cost|total", LINK]
    rivals = [x for c in ("challenger_low", "challenger_high") for x in st[c] if x is not None]
    assert rivals                                                  # the last column has names
    for r, (_, row) in zip(stability, st.iterrows()):
        want = [f"{row[c]} {side}" for c, side in (("challenger_low", "below"),
                                                   ("challenger_high", "above"))
                if row[c] is not None]
        assert r[3] == ("; ".join(want) or "none")


def test_title_question_and_verdict_render_as_written():
    m = DecisionMatrix.from_text(DECISION, "d.yaml")
    a = analyse(m, samples=200)
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(
        decision_markdown(m, a))
    texts = ["".join(c.content if c.type == "text" else f"<{c.type}>" for c in t.children)
             for t in tokens if t.type == "inline"]
    assert texts[0] == "Pipes | <b>bold</b>"
    assert texts[1] == "<em_open>Which *one* | why?<em_close>"
    verdict = next(t for t in texts if t.startswith("<strong_open>Verdict:"))
    assert verdict == f"<strong_open>Verdict:<strong_close> {a['verdict']}"


def test_decide_markdown_on_the_command_line(tmp_path, cli):
    (tmp_path / "d.yaml").write_text(DECISION)
    r = cli("decide", "d.yaml", "--format", "markdown", "--samples", "200", "--fail-on",
            "never", cwd=tmp_path)
    assert r.code == 0, r.err
    assert "| A \\| B |" in r.out and "\\<script\\>x\\</script\\>" in r.out
    decision_rows = [row for row in rendered_rows(r.out) if len(row) == 4]
    assert {row[1] for row in decision_rows[1:4]} == set(NAMES)
