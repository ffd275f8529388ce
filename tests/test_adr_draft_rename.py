"""A still-proposed draft whose winner changed is renamed with its charts (scout AA, F4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.adr.read import read
from archkit.run import run_workspace
from archkit.tradeoff import DecisionMatrix

DECISION = {
    "title": "Message broker",
    "scale": [1, 10],
    "criteria": [{"name": "scalability", "weight": 1}, {"name": "cost", "weight": 1,
                                                         "direction": "cost"}],
    "options": {"A": {"scalability": 9, "cost": 7}, "B": {"scalability": 5, "cost": 2}},
}
CHARTS = {"ranking.svg", "stability.svg", "win-probability.svg"}


@pytest.fixture
def matrix(tmp_path: Path) -> DecisionMatrix:
    import yaml

    f = tmp_path / "broker.yaml"
    f.write_text(yaml.safe_dump(DECISION, sort_keys=False))
    return DecisionMatrix.from_yaml(f)


def a_wins(matrix: DecisionMatrix) -> DecisionMatrix:
    return matrix.with_weights(scalability=3)


def test_new_from_decision_renames_the_draft_its_charts_and_links_to_it(
        tmp_path: Path, matrix: DecisionMatrix):
    folder = tmp_path / "adr"
    log = AdrLog(folder)
    first = log.new_from_decision(matrix, date="2026-01-02")
    assert first.path.name == "0001-message-broker-b.md"
    (folder / "0001-message-broker-b" / "notes.txt").write_text("mine")
    other = log.new("Use outbox", amends=1, date="2026-01-02")
    assert "(0001-message-broker-b.md)" in other.path.read_text()
    again = log.new_from_decision(a_wins(matrix), date="2026-01-03")
    assert again.path.name == "0001-message-broker-a.md" and again.title == "Message broker: A"
    assert sorted(p.name for p in folder.iterdir()) == [
        "0001-message-broker-a", "0001-message-broker-a.md", "0002-use-outbox.md"]
    assert {p.name for p in (folder / "0001-message-broker-a").iterdir()} == CHARTS | {"notes.txt"}
    text = again.path.read_text()
    assert "](0001-message-broker-a/ranking.svg)" in text and "message-broker-b" not in text
    # the record that linked to the draft by file name now links to its new name and title
    linked = other.path.read_text()
    assert "Amends [ADR-0001: Message broker: A](0001-message-broker-a.md)" in linked
    assert "message-broker-b" not in linked
    report = AdrLog(folder).lint(git=False)
    assert not {"AK-ADR002", "AK-ADR008", "AK-ADR001"} & set(report.rules())


def test_a_rename_never_overwrites_another_record(tmp_path: Path, matrix: DecisionMatrix):
    folder = tmp_path / "adr"
    log = AdrLog(folder)
    log.new_from_decision(matrix, date="2026-01-02")
    squatter = folder / "0001-message-broker-a.md"
    squatter.write_text("# Someone else's record\n")
    again = log.new_from_decision(a_wins(matrix), date="2026-01-03")
    assert again.path.name == "0001-message-broker-b.md" and again.title == "Message broker: A"
    assert squatter.read_text() == "# Someone else's record\n"


def test_an_accepted_draft_is_never_renamed(tmp_path: Path, matrix: DecisionMatrix):
    folder = tmp_path / "adr"
    log = AdrLog(folder)
    first = log.new_from_decision(matrix, date="2026-01-02")
    log.set_status(1, "accepted")
    before = first.path.read_bytes()
    # (it was returned as if drafted, with nothing said; scout AV)
    with pytest.warns(UserWarning, match=r"^ADR-0001 is accepted: left untouched; broker now "
                                         r"ranks A first: record that in a new ADR that "
                                         r"supersedes it$"):
        kept = log.new_from_decision(a_wins(matrix), date="2026-01-03")
    assert kept.path == first.path and first.path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["0001-message-broker-b",
                                                        "0001-message-broker-b.md"]


def test_after_a_rejected_draft_the_evidence_gets_a_new_one(tmp_path: Path,
                                                           matrix: DecisionMatrix):
    log = AdrLog(tmp_path / "adr")
    log.new_from_decision(matrix, date="2026-01-02", charts=False)
    log.set_status(1, "rejected")
    with pytest.warns(UserWarning, match="ADR-0001 is rejected: left untouched$"):
        assert log.new_from_decision(matrix, charts=False).number == 1
    made = log.new_from_decision(a_wins(matrix), date="2026-01-03", charts=False)
    assert (made.number, made.title, made.status) == (2, "Message broker: A", "proposed")


def test_a_draft_from_python_lists_the_quality_risks_of_its_choice(tmp_path: Path):
    """Notebook 01 promises the derived risk (the modular monolith works against A1) in
    the deployment ADR; only archkit run could write it (scout AV F19)."""
    from archkit.examples import path as example_path
    from archkit.tradeoff.atam import load_quality

    ws = example_path("shopfront")
    decisions = {p.stem: DecisionMatrix.from_yaml(p)
                 for p in sorted((ws / "decisions").glob("*.yaml"))}
    m = decisions["deployment"]
    quality = load_quality(ws / "quality.yaml", decisions)
    adr = AdrLog(tmp_path / "adr").new_from_decision(m, date="2026-01-02", charts=False,
                                                     quality=quality)
    consequences = adr.section("consequences").body
    assert "works against quality scenario A1" in consequences, consequences
    plain = AdrLog(tmp_path / "adr2").new_from_decision(m, date="2026-01-02", charts=False)
    assert "A1" not in plain.section("consequences").body
    # the model loaded as the docs show it, without options=: the same risk (it had
    # none: nothing was marked chosen; scout AX F09)
    alone = AdrLog(tmp_path / "adr3").new_from_decision(
        m, date="2026-01-02", charts=False, quality=load_quality(ws / "quality.yaml"))
    assert alone.section("consequences").body == consequences


def test_the_untouched_record_warning_points_at_the_callers_line(tmp_path: Path,
                                                                 matrix: DecisionMatrix):
    """Called as generate.new_from_decision, the warning named sys, line 1 (scout AX)."""
    import inspect
    import warnings

    from archkit.adr.generate import new_from_decision

    log = AdrLog(tmp_path / "adr")
    log.new_from_decision(matrix, charts=False)
    log.set_status(1, "accepted")
    for call in (lambda: new_from_decision(log, matrix, charts=False),
                 lambda: log.new_from_decision(matrix, charts=False)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        [w] = caught
        assert (w.filename, w.lineno) == (__file__, inspect.getsourcelines(call)[1])


def test_a_copy_left_by_an_interrupted_rename_is_replaced(tmp_path: Path,
                                                          matrix: DecisionMatrix):
    folder = tmp_path / "adr"
    log = AdrLog(folder)
    first = log.new_from_decision(matrix, date="2026-01-02")
    # interrupted after the new file was written, before the old one was removed
    shutil.copy(first.path, folder / "0001-message-broker-a.md")
    again = log.new_from_decision(a_wins(matrix), date="2026-01-03")
    assert again.path.name == "0001-message-broker-a.md"
    assert sorted(p.name for p in folder.glob("*.md")) == ["0001-message-broker-a.md"]
    # and the other way round: the copy has the new name, the draft still the old one
    shutil.copy(again.path, folder / "0001-message-broker-b.md")
    log.reload()
    third = log.new_from_decision(a_wins(matrix), date="2026-01-04")
    assert third.path.name == "0001-message-broker-a.md"
    assert sorted(p.name for p in folder.glob("*.md")) == ["0001-message-broker-a.md"]


def test_archkit_run_renames_the_draft_when_the_winner_changes(shop: Path, tmp_path: Path):
    out = tmp_path / "out"
    run_workspace(shop, out, progress=False)
    folder = shop / "docs" / "decisions"
    old = next(folder.glob("0002-*.md"))
    assert old.name == "0002-primary-datastore-for-shopfront-postgresql-managed.md"
    ds = shop / "decisions" / "datastore.yaml"
    text = ds.read_text()
    before = ("{consistency: 5, query_flexibility: 4, scalability: 5, operational_effort: 4, "
              "team_familiarity: 1}")
    assert before in text
    ds.write_text(text.replace(before, "{consistency: 5, query_flexibility: 5, scalability: 5, "
                                       "operational_effort: 1, team_familiarity: 5}"))
    summary = run_workspace(shop, out, progress=False)
    step = next(r for r in summary.results if r.name == "adr")
    row = next(r for r in step.data["drafts"] if r["decision"] == "datastore")
    assert row["action"] == "renamed" and old.name in row["note"]
    new = folder / "0002-primary-datastore-for-shopfront-cockroachdb.md"
    assert not old.exists() and not old.with_suffix("").exists()
    assert read(new).title == "Primary datastore for Shopfront: CockroachDB"
    assert {p.name for p in new.with_suffix("").iterdir()} == CHARTS
    assert "](0002-primary-datastore-for-shopfront-cockroachdb/ranking.svg)" in new.read_text()
    assert "AK-ADR008" not in AdrLog(folder).lint(git=False).rules()
    # and the next run finds it up to date
    step = next(r for r in run_workspace(shop, out, progress=False).results if r.name == "adr")
    assert {r["action"] for r in step.data["drafts"]} == {"unchanged"}
