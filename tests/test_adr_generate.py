"""From trade-off to ADR: the generated record and `archkit run`'s ADR step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.adr.read import read
from archkit.run import run_workspace
from archkit.tradeoff import DecisionMatrix
from tests.conftest import run_cli

# Hand-derived: scale 1..10, weights 0.5/0.5, cost is a cost criterion.
#   A: (9-1)/9 = .889, (10-7)/9 = .333 -> 0.611
#   B: (5-1)/9 = .444, (10-2)/9 = .889 -> 0.667   (winner, 0.06 ahead of A)
#   C: .444, .333 -> 0.389
DECISION = {
    "title": "Message broker",
    "question": "Which broker carries order events?",
    "scale": [1, 10],
    "criteria": [{"name": "scalability", "weight": 1}, {"name": "cost", "weight": 1,
                                                         "direction": "cost"}],
    "options": {"A": {"scalability": 9, "cost": 7}, "B": {"scalability": 5, "cost": 2},
                "C": {"scalability": 5, "cost": 7}},
    "notes": {"B": {"good": ["the team runs it already"], "bad": ["no replay"],
                    "neutral": ["managed offering exists"]}},
}


@pytest.fixture
def matrix(tmp_path: Path) -> DecisionMatrix:
    import yaml

    f = tmp_path / "broker.yaml"
    f.write_text(yaml.safe_dump(DECISION, sort_keys=False))
    return DecisionMatrix.from_yaml(f)


def section(adr, key: str) -> str:
    s = adr.section(key)
    assert s is not None, key
    return s.body


def test_record_from_decision(tmp_path: Path, matrix: DecisionMatrix):
    log = AdrLog(tmp_path / "adr")
    adr = log.new_from_decision(matrix, date="2026-01-02")
    assert adr.path.name == "0001-message-broker-b.md"
    assert (adr.title, adr.status, adr.date, adr.format) == ("Message broker: B", "proposed",
                                                             "2026-01-02", "madr4")
    assert adr.front_matter["archkit-decision"] == "broker"
    assert section(adr, "drivers").splitlines()[:2] == [
        "* scalability — weight 0.50", "* cost — weight 0.50 (a cost: lower scores are better)"]
    assert section(adr, "options").splitlines() == ["* B", "* A", "* C"]
    outcome = section(adr, "decision")
    assert outcome.startswith('Chosen option: "B", because it ranks first with a weighted '
                              "score of 0.67, 0.06 ahead of A (0.61).")
    assert f"Robustness: {matrix.verdict()}" in outcome
    pros = section(adr, "pros_cons")
    assert "### B\n\nWeighted score 0.67, rank 1 of 3.\n\n" \
           "* Good, because the team runs it already\n" \
           "* Good, because best on cost (2 of 10, lower is better)\n" \
           "* Neutral, because managed offering exists\n" \
           "* Bad, because no replay\n" \
           "* Bad, because worst on scalability (5 of 10, shared with 1 other)" in pros
    assert "### A\n\nWeighted score 0.61, rank 2 of 3.\n\n" \
           "* Good, because best on scalability (9 of 10)\n" \
           "* Bad, because worst on cost (7 of 10, lower is better, shared with 1 other)" in pros
    assert section(adr, "consequences") == ("* Good, because the team runs it already\n"
                                            "* Bad, because no replay")
    more = section(adr, "more")
    assert "| 1 | B | 0.67 |" in more and "| 3 | C | 0.39 |" in more
    for chart in ("ranking", "stability", "win-probability"):
        link = f"0001-message-broker-b/{chart}.svg"
        assert f"]({link})" in more
        assert (adr.path.parent / link).read_text().lstrip().startswith("<?xml")
    assert log.lint(git=False).findings == []


def test_rerun_updates_a_proposed_draft_and_never_an_accepted_one(tmp_path: Path,
                                                                 matrix: DecisionMatrix):
    log = AdrLog(tmp_path / "adr")
    first = log.new_from_decision(matrix, date="2026-01-02")
    changed = matrix.with_weights(scalability=3)       # now A wins
    again = log.new_from_decision(changed, date="2026-01-03")
    # still proposed: renamed after its new winner (tests/test_adr_draft_rename.py)
    assert again.path == first.path.with_name("0001-message-broker-a.md")
    assert len(log.records) == 1 and not first.path.exists()
    assert 'Chosen option: "A"' in section(again, "decision")
    log.set_status(1, "accepted")
    accepted_text = again.path.read_text()
    with pytest.warns(UserWarning, match="ADR-0001 is accepted: left untouched; broker now "
                                         "ranks B first"):
        kept = log.new_from_decision(matrix, date="2026-01-04")
    assert kept.status == "accepted" and again.path.read_text() == accepted_text
    assert len(log.reload().records) == 1


def adr_step(summary):
    return next(r for r in summary.results if r.name == "adr")


def test_run_step_drafts_then_is_idempotent_and_respects_acceptance(shop: Path, tmp_path):
    out = tmp_path / "out"
    s1 = adr_step(run_workspace(shop, out, progress=False))
    assert [r["action"] for r in s1.data["drafts"]] == ["drafted", "drafted"]
    folder = shop / "docs" / "decisions"
    records = AdrLog(folder).records
    assert [a.number for a in records] == [1, 2, 3]
    assert {a.front_matter.get("archkit-decision") for a in records[1:]} == {"datastore",
                                                                               "deployment"}
    snapshot = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    s2 = adr_step(run_workspace(shop, out, progress=False))
    assert [r["action"] for r in s2.data["drafts"]] == ["unchanged", "unchanged"]
    # nothing for the ADR folder; the lint's findings.json in OUT, as every step writes one
    assert [o.path.as_posix() for o in s2.outputs] == ["adr/findings.json"]
    written = json.loads((out / "adr" / "findings.json").read_text())
    assert [(f["rule"], f["message"]) for f in written] == [(f.rule, f.message)
                                                            for f in s2.report]
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == snapshot
    datastore = next(a for a in records if a.front_matter.get("archkit-decision") == "datastore")
    AdrLog(folder).set_status(datastore.number, "accepted")
    accepted = datastore.path.read_text()
    # the evidence changes: the proposed draft follows it, the accepted record does not
    dec = shop / "decisions" / "deployment.yaml"
    dec.write_text(dec.read_text().replace("title: Deployment architecture for Shopfront",
                                           "title: Deployment architecture for Shopfront v2"))
    ds = shop / "decisions" / "datastore.yaml"
    ds.write_text(ds.read_text().replace("title: Primary datastore for Shopfront",
                                         "title: Primary datastore (revised)"))
    s3 = adr_step(run_workspace(shop, out, progress=False))
    actions = {r["decision"]: r["action"] for r in s3.data["drafts"]}
    assert actions == {"datastore": "kept", "deployment": "renamed"}   # its title changed
    assert datastore.path.read_text() == accepted
    deployment = next(a for a in AdrLog(folder).records
                      if a.front_matter and a.front_matter.get("archkit-decision") == "deployment")
    assert deployment.title.startswith("Deployment architecture for Shopfront v2")
    assert len(AdrLog(folder).records) == 3


def test_run_with_a_bad_decision_writes_no_adr(shop: Path, tmp_path):
    (shop / "decisions" / "broken.yaml").write_text("title: x\nscale: [1, 10]\ncriteria: 3\n")
    before = sorted(p.name for p in (shop / "docs" / "decisions").iterdir())
    r = run_cli("run", str(shop), "--out", str(tmp_path / "out"))
    assert r.code == 2 and "broken.yaml" in r.err
    assert sorted(p.name for p in (shop / "docs" / "decisions").iterdir()) == before


def test_run_lints_the_log(shop: Path, tmp_path):
    bad = shop / "docs" / "decisions" / "0007-orphan.md"
    bad.write_text("# 7. Orphan\n\nDate: 2020-01-01\n\n## Status\n\nSuperseded\n\n## Context\n\n"
                   "c\n\n## Decision\n\nd\n\n## Consequences\n\nq\n")
    step = adr_step(run_workspace(shop, tmp_path / "out", progress=False))
    assert {"AK-ADR004", "AK-ADR009"} <= set(step.report.rules())
    assert read(bad).status == "superseded"


def test_run_lints_the_drafts_it_writes_in_the_same_run(shop: Path, tmp_path):
    # the lint saw the log before the run's drafts: a finding about a fresh draft showed
    # on the next run only, and two runs in a row counted differently
    dec = shop / "decisions" / "deployment.yaml"
    dec.write_text(dec.read_text().replace("question: How should we deploy",
                                           "question: How should {team name} deploy", 1))

    def deployment(step) -> Path:
        [row] = [r for r in step.data["drafts"] if r["decision"] == "deployment"]
        return shop / "docs" / "decisions" / row["record"]

    first = adr_step(run_workspace(shop, tmp_path / "out", progress=False))
    assert [r["action"] for r in first.data["drafts"]] == ["drafted", "drafted"]
    draft = deployment(first)
    [f] = first.report.by_rule("AK-ADR006")             # template text left in a section
    assert f.path == draft.relative_to(shop).as_posix() and "{team name}" in f.message
    assert "lint: 1 warning." in first.summary_md and first.status == "findings"
    second = adr_step(run_workspace(shop, tmp_path / "out", progress=False))
    assert [r["action"] for r in second.data["drafts"]] == ["unchanged", "unchanged"]
    assert [x.to_dict() for x in second.report] == [x.to_dict() for x in first.report]
    assert second.summary_md.splitlines()[0] == first.summary_md.splitlines()[0]
    # a renamed draft is linted under its new name, in the run that renames it
    dec.write_text(dec.read_text().replace("title: Deployment architecture for Shopfront",
                                           "title: Deployment plan", 1))
    third = adr_step(run_workspace(shop, tmp_path / "out", progress=False))
    renamed = deployment(third)
    assert renamed != draft and not draft.exists()
    assert [x.path for x in third.report.by_rule("AK-ADR006")] == [
        renamed.relative_to(shop).as_posix()]
    assert not third.report.by_rule("AK-ADR008")        # the title matches the new name


def _crlf_only(data: bytes) -> bool:
    return b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_a_record_from_a_decision_follows_a_crlf_log(tmp_path: Path, matrix: DecisionMatrix):
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-start.md").write_bytes(
        b"\xef\xbb\xbf# 1. Start\r\n\r\nDate: 2026-01-01\r\n\r\n## Status\r\n\r\nAccepted\r\n")
    log = AdrLog(folder)
    adr = log.new_from_decision(matrix, date="2026-01-02")
    data = adr.path.read_bytes()
    assert _crlf_only(data) and data.startswith(b"\xef\xbb\xbf")
    # a Nygard log (its one record) gets a Nygard draft, its decision in a comment line
    assert adr.front_matter["archkit-decision"] == "broker" and adr.format == "nygard"
    assert data.startswith(b"\xef\xbb\xbf# 2. Message broker: B\r\n")
    # the draft regenerated in place keeps the style it has
    again = log.new_from_decision(matrix.with_weights(scalability=3), date="2026-01-03")
    assert again.path == adr.path.with_name("0002-message-broker-a.md")   # A wins now
    assert 'Chosen option: "A"' in section(again, "decision")
    data = again.path.read_bytes()
    assert _crlf_only(data) and data.startswith(b"\xef\xbb\xbf")


def test_run_step_drafts_follow_a_crlf_log(shop: Path, tmp_path):
    folder = shop / "docs" / "decisions"
    for p in folder.glob("*.md"):
        p.write_bytes(p.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    out = tmp_path / "out"
    s1 = adr_step(run_workspace(shop, out, progress=False))
    assert [r["action"] for r in s1.data["drafts"]] == ["drafted", "drafted"]
    assert len(list(folder.glob("*.md"))) == 3
    assert all(_crlf_only(p.read_bytes()) for p in folder.glob("*.md"))
    snapshot = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    s2 = adr_step(run_workspace(shop, out, progress=False))
    assert [r["action"] for r in s2.data["drafts"]] == ["unchanged", "unchanged"]
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == snapshot
    ds = shop / "decisions" / "datastore.yaml"
    ds.write_text(ds.read_text().replace("title: Primary datastore for Shopfront",
                                         "title: Primary datastore (revised)"))
    s3 = adr_step(run_workspace(shop, out, progress=False))
    assert {r["decision"]: r["action"] for r in s3.data["drafts"]} == {
        "datastore": "renamed", "deployment": "unchanged"}
    assert all(_crlf_only(p.read_bytes()) for p in folder.glob("*.md"))


def test_a_draft_keeps_every_people_key_to_fill_in(tmp_path: Path, matrix: DecisionMatrix):
    # a draft is a new record: MADR 4's people keys are there, empty, as in `adr new`
    adr = AdrLog(tmp_path / "adr").new_from_decision(matrix, date="2026-01-02",
                                                      decision_makers="Ana")
    assert adr.path.read_text().startswith(
        "---\nstatus: proposed\ndate: 2026-01-02\ndecision-makers: Ana\nconsulted:\n"
        "informed:\narchkit-decision: broker\n---\n")


def test_the_quality_risks_a_decision_brings_are_consequences_in_its_draft(shop: Path,
                                                                           tmp_path):
    # notebook 01: "that risk belongs in the deployment ADR"; the draft left it out (scout AC)
    run_workspace(shop, tmp_path / "out")
    log = AdrLog(shop / "docs" / "decisions")
    deployment = next(a for a in log.records if "Deployment" in a.title)
    datastore = next(a for a in log.records if "datastore" in a.title)
    consequences = section(deployment, "consequences")
    assert ("* Bad, because it works against quality scenario A1 (Payment provider outage, "
            "importance H): a risk to address") in consequences
    assert "quality scenario" not in section(datastore, "consequences")
    # the matrix's own notes are still there, first
    assert consequences.index("* Good, because One deployable") < consequences.index("A1")


def test_a_draft_without_a_quality_model_has_only_the_notes(tmp_path: Path,
                                                           matrix: DecisionMatrix):
    from archkit.adr.generate import draft

    d = draft(matrix, tmp_path, 2, charts=False)
    assert "quality scenario" not in d.text and "* Bad, because no replay" in d.text


def _decide(tmp_path: Path, options: str, name: str = "d") -> DecisionMatrix:
    p = tmp_path / f"{name}.yaml"
    p.write_text("title: Broker\nscale: [1, 5]\ncriteria: [{name: a, weight: 1}, "
                 "{name: b, weight: 1}]\noptions:\n" + options)
    return DecisionMatrix.from_yaml(p)


def test_a_tie_is_not_written_as_a_choice(tmp_path: Path):
    """On a tie the record was titled after the option the file lists first ("Tie:
    Alpha") and said it was chosen "0.00 ahead of Beta" (scout AV)."""
    m = _decide(tmp_path, "  Alpha: {a: 5, b: 1}\n  Beta: {a: 1, b: 5}\n")
    adr = AdrLog(tmp_path / "adr").new_from_decision(m, date="2026-01-01")
    assert adr.title == "Broker: Alpha or Beta"
    text = adr.path.read_text()
    assert "Chosen option" not in text
    assert ('No option is chosen yet: "Alpha" and "Beta" tie for first with a weighted score '
            "of 0.50, so the weights do not separate them.") in text


def test_a_margin_below_a_hundredth_is_written_with_its_digits(tmp_path: Path):
    m = _decide(tmp_path, "  NATS: {a: 5, b: 2.51}\n  Kafka: {a: 2.5, b: 5}\n")
    text = AdrLog(tmp_path / "adr").new_from_decision(m, date="2026-01-01").path.read_text()
    (line,) = [x for x in text.splitlines() if x.startswith("Chosen option")]
    assert line == ('Chosen option: "NATS", because it ranks first with a weighted score of '
                    "0.6887, 0.0012 ahead of Kafka (0.6875).")


def test_a_draft_says_what_archkit_decide_warns_of(tmp_path: Path):
    """A draft from AHP judgements over the consistency limit with a fragile winner said
    only "consistency ratio 0.403" (scout AV)."""
    p = tmp_path / "cache.yaml"
    p.write_text("title: cache\nscale: [1, 10]\ncriteria: [{name: a}, {name: b}, {name: c}, "
                 "{name: d}]\nahp:\n  a: {b: 2, c: 4, d: 1/2}\n  b: {c: 2, d: 4}\n"
                 "  c: {d: 2}\noptions:\n  redis: {a: 8, b: 6, c: 7, d: 5}\n"
                 "  memcached: {a: 6, b: 8, c: 5, d: 7}\n")
    m = DecisionMatrix.from_yaml(p)
    text = AdrLog(tmp_path / "adr").new_from_decision(m, date="2026-01-01").path.read_text()
    assert ("Weights come from pairwise AHP judgements (consistency ratio 0.403, over the "
            "0.10 limit: the judgements contradict each other)") in text
    assert "Before accepting this record, see what `archkit decide` reports:" in text
    warned = [f.rule for f in m.check() if f.severity.value in ("error", "warning")]
    assert warned and all(f"* {rule} (" in text for rule in warned)


def _broker(ws: Path, kafka_weight: int) -> None:
    (ws / "decisions").mkdir(parents=True, exist_ok=True)
    (ws / "decisions" / "broker.yaml").write_text(
        f"title: Broker\nscale: [1, 5]\ncriteria: [{{name: a, weight: {kafka_weight}}}, "
        "{name: b, weight: 1.5}]\noptions:\n  Kafka: {a: 5, b: 1}\n  NATS: {a: 1, b: 5}\n")


def test_an_accepted_record_the_evidence_no_longer_picks_is_said_so(tmp_path: Path):
    """archkit run left an accepted ADR for Kafka untouched, and said nothing when the
    decision came to rank NATS first (scout AV)."""
    ws = tmp_path / "ws"
    (ws / "docs" / "decisions").mkdir(parents=True)
    _broker(ws, 3)
    run_workspace(ws, tmp_path / "out", progress=False)
    AdrLog(ws / "docs" / "decisions").set_status(1, "accepted")
    _broker(ws, 1)
    step = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert step.data["headline"] == [
        "ADR-0001 accepted: left untouched (broker); broker now ranks NATS first: record "
        "that in a new ADR (archkit adr new TITLE --supersedes 1)"]
    assert [a.title for a in AdrLog(ws / "docs" / "decisions").records] == ["Broker: Kafka"]


def test_a_rejected_record_gives_way_to_a_new_draft_when_the_evidence_moves(tmp_path: Path):
    """After a rejected proposal no draft was ever made again for that decision."""
    ws = tmp_path / "ws"
    (ws / "docs" / "decisions").mkdir(parents=True)
    _broker(ws, 3)
    run_workspace(ws, tmp_path / "out", progress=False)
    AdrLog(ws / "docs" / "decisions").set_status(1, "rejected")
    again = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert again.data["headline"] == ["ADR-0001 rejected: left untouched (broker)"]
    _broker(ws, 1)
    moved = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert moved.data["headline"] == ["ADR-0002 drafted: Broker: NATS"]
    last = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert last.data["headline"] == ["ADR-0002 draft up to date (broker)"]
    assert [(a.title, a.status) for a in AdrLog(ws / "docs" / "decisions").records] == [
        ("Broker: Kafka", "rejected"), ("Broker: NATS", "proposed")]


def test_a_renamed_decision_file_keeps_its_draft_and_a_removed_one_is_said(tmp_path: Path):
    """Renaming decisions/broker.yaml drafted a second record of the same title and left
    the first proposed, with nothing said (scout AV F16)."""
    ws = tmp_path / "ws"
    folder = ws / "docs" / "decisions"
    folder.mkdir(parents=True)
    _broker(ws, 3)
    run_workspace(ws, tmp_path / "out", progress=False)
    (ws / "decisions" / "broker.yaml").rename(ws / "decisions" / "message-broker.yaml")
    step = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert step.data["headline"] == [
        "ADR-0001 updated: Broker: Kafka (decision 'broker' renamed 'message-broker')"]
    [adr] = AdrLog(folder).records
    assert adr.front_matter["archkit-decision"] == "message-broker"
    again = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert again.data["headline"] == ["ADR-0001 draft up to date (message-broker)"]
    # an accepted record of the renamed decision is its record still: no second draft
    AdrLog(folder).set_status(1, "accepted")
    (ws / "decisions" / "message-broker.yaml").rename(ws / "decisions" / "events.yaml")
    kept = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert kept.data["headline"] == [
        "ADR-0001 accepted: left untouched (events, renamed from 'message-broker')"]
    assert len(AdrLog(folder).records) == 1
    # a decision removed leaves its proposed draft to nobody: the run says so
    ws = tmp_path / "ws2"
    (ws / "docs" / "decisions").mkdir(parents=True)
    _broker(ws, 3)
    run_workspace(ws, tmp_path / "out", progress=False)
    (ws / "decisions" / "broker.yaml").unlink()
    (ws / "decisions" / "cache.yaml").write_text(
        "title: Cache\nscale: [1, 5]\ncriteria: [{name: a, weight: 1}]\n"
        "options:\n  Redis: {a: 5}\n  Memcached: {a: 3}\n")
    gone = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert gone.data["headline"] == [
        "ADR-0002 drafted: Cache: Redis",
        "ADR-0001 proposed, drafted from decision 'broker', which the workspace no longer "
        "has: reject it (archkit adr status 1 rejected) or remove it"]


def test_a_renamed_draft_is_adopted_once_and_only_by_its_own_decision(tmp_path: Path):
    """A decision file renamed and copied: both adopted ADR-0001, a false "edited
    meanwhile" was said and the next run drafted a duplicate. And a title that merely
    starts like the decision's ("Broker: archive: S3" for "Broker") was adopted, and its
    record overwritten (scout AX F05, F06)."""
    ws = tmp_path / "ws"
    folder = ws / "docs" / "decisions"
    folder.mkdir(parents=True)
    _broker(ws, 3)
    run_workspace(ws, tmp_path / "out", progress=False)
    text = (ws / "decisions" / "broker.yaml").read_text()
    (ws / "decisions" / "broker.yaml").rename(ws / "decisions" / "events-a.yaml")
    (ws / "decisions" / "events-b.yaml").write_text(text)
    step = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert step.data["headline"] == [
        "ADR-0001 updated: Broker: Kafka (decision 'broker' renamed 'events-a')",
        "ADR-0002 drafted: Broker: Kafka"]
    again = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert again.data["headline"] == ["ADR-0001 draft up to date (events-a)",
                                      "ADR-0002 draft up to date (events-b)"]
    # "Broker: archive" is another decision: its record is not Broker's to take
    ws = tmp_path / "ws2"
    folder = ws / "docs" / "decisions"
    folder.mkdir(parents=True)
    _broker(ws, 3)
    (ws / "decisions" / "zz-archive.yaml").write_text(
        'title: "Broker: archive"\nscale: [1, 5]\ncriteria: [{name: a, weight: 1}]\n'
        "options:\n  S3: {a: 5}\n  Tape: {a: 2}\n")
    run_workspace(ws, tmp_path / "out", progress=False)
    (ws / "decisions" / "broker.yaml").rename(ws / "decisions" / "orders.yaml")
    (ws / "decisions" / "zz-archive.yaml").unlink()
    step = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert step.data["headline"] == [
        "ADR-0001 updated: Broker: Kafka (decision 'broker' renamed 'orders')",
        "ADR-0002 proposed, drafted from decision 'zz-archive', which the workspace no "
        "longer has: reject it (archkit adr status 2 rejected) or remove it"]
    assert [a.title for a in AdrLog(folder).records] == ["Broker: Kafka", "Broker: archive: S3"]
    # the file renamed and its option too, in one edit: the one record left that starts
    # with the decision's title is its own (scout AY)
    ws = tmp_path / "ws3"
    folder = ws / "docs" / "decisions"
    folder.mkdir(parents=True)
    _broker(ws, 3)
    run_workspace(ws, tmp_path / "out", progress=False)
    text = (ws / "decisions" / "broker.yaml").read_text().replace("Kafka", "Kafka 3.7")
    (ws / "decisions" / "broker.yaml").unlink()
    (ws / "decisions" / "events.yaml").write_text(text)
    step = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert step.data["headline"] == [
        "ADR-0001 renamed: Broker: Kafka 3.7 (was 0001-broker-kafka.md) (decision 'broker' "
        "renamed 'events')"]


def test_names_in_a_draft_render_as_written_and_its_title_reads_back(tmp_path: Path):
    """An option '<b>SQS</b>' was raw HTML in the title and the robustness line and
    escaped elsewhere; a criterion 'speed_*x*' was 'speed_x' with an italic x (scout AV
    F12). Rendered with markdown-it (CommonMark): every name shows as written."""
    from markdown_it import MarkdownIt

    (tmp_path / "q.yaml").write_text(
        "title: Queue\nscale: [1, 5]\ncriteria: [{name: cost, weight: 1, direction: cost},"
        " {name: speed_*x*, weight: 1}]\noptions:\n  Kafka: {cost: 4, speed_*x*: 5}\n"
        "  <b>SQS</b> & co: {cost: 1, speed_*x*: 3}\nnotes:\n"
        "  Kafka: {good: ['*fast* writes']}\n")
    m = DecisionMatrix.from_yaml(tmp_path / "q.yaml")
    (tmp_path / "adr").mkdir()
    adr = AdrLog(tmp_path / "adr").new_from_decision(m, date="2026-01-01", charts=False)
    html = MarkdownIt("commonmark").enable("table").render(adr.path.read_text())
    assert "<b>" not in html and "<em>x</em>" not in html
    assert "<h1>Queue: &lt;b&gt;SQS&lt;/b&gt; &amp; co</h1>" in html
    assert "Robustness: &lt;b&gt;SQS&lt;/b&gt; &amp; co ranks first" in html
    assert "worst on speed_*x* (3 of 5)" in html and "speed_*x* — weight 0.50" in html
    assert "<em>fast</em> writes" in html              # a note's emphasis is the user's
    # the title reads back as the decision's: the next run finds the draft up to date
    assert read(adr.path).title == "Queue: <b>SQS</b> & co"
    ws = tmp_path / "ws"
    (ws / "decisions").mkdir(parents=True)
    (ws / "docs" / "decisions").mkdir(parents=True)
    (ws / "decisions" / "q.yaml").write_text((tmp_path / "q.yaml").read_text())
    run_workspace(ws, tmp_path / "out", progress=False)
    again = adr_step(run_workspace(ws, tmp_path / "out", progress=False))
    assert again.data["headline"] == ["ADR-0001 draft up to date (q)"]


def test_names_that_would_open_a_block_render_as_written(tmp_path: Path):
    """A criterion '# of features' was a heading in Decision Drivers, options '1. Pulsar'
    and '- RabbitMQ' nested lists, '### Kafka #' read 'Kafka', and the AK-DEC005 caveat
    made 'throughput_*peak*' italic (scout AX F07)."""
    import html as h
    import re

    from markdown_it import MarkdownIt

    names = ["# Redis Streams", "Kafka #", "- RabbitMQ", "1. Pulsar", "> NATS & co", "+ Plus"]
    (tmp_path / "b.yaml").write_text(
        "title: Broker\nscale: [1, 10]\ncriteria:\n"
        '  - {name: "throughput_*peak*", weight: 3}\n  - {name: "# of features", weight: 1}\n'
        "options:\n" + "".join(
            f'  "{n}": {{"throughput_*peak*": {9 - i}, "# of features": {4 + i % 3}}}\n'
            for i, n in enumerate(names)))
    m = DecisionMatrix.from_yaml(tmp_path / "b.yaml")
    (tmp_path / "adr").mkdir()
    adr = AdrLog(tmp_path / "adr").new_from_decision(m, date="2026-01-01", charts=False)
    body = adr.path.read_text().split("---\n", 2)[2]
    html = MarkdownIt("commonmark").enable("table").render(body)
    assert re.findall(r"<h1>", html) == ["<h1>"]            # the title's only
    assert "<ol" not in html and "<em>" not in html and "<blockquote>" not in html
    headings = re.findall(r"<h3>(.*?)</h3>", html)
    assert [h.unescape(x) for x in headings] == names
    assert "# of features" in h.unescape(html) and "throughput_*peak*" in h.unescape(html)


def test_a_hand_written_heading_keeps_its_escapes_meaning(tmp_path: Path):
    from archkit.adr.write import heading_text

    for title in ("Use C #", "a <b> tag", "R&D &amp; ops", "x < y & z", "</b> at the start"):
        f = tmp_path / "0001-x.md"
        f.write_text(f"# {heading_text(title)}\n\nStatus: proposed\n")
        assert read(f).title == title
    assert heading_text("x < y & z") == "x < y & z"       # nothing to escape: as written
