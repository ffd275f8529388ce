"""AK-SUP003: a suppression that silences nothing (the finding it was written for is
gone, or it is not where the finding is reported), in SQL markers, a service model's
``ignore:`` entries and a decision matrix's."""

from __future__ import annotations

import pytest

from archkit.boundaries import loads_model
from archkit.cli import main
from archkit.findings import Severity
from archkit.schema.cache import IncrementalChecker
from archkit.schema.check import check
from archkit.tradeoff import DecisionMatrix
from archkit.tradeoff.checks import check_matrix

KEYED = "CREATE TABLE audit_log (id bigint PRIMARY KEY, note text);"
KEYLESS = "CREATE TABLE audit_log (id bigint, note text);"
MARKER = "  -- archkit: ignore[AK-PK001] append-only log"


def test_a_marker_whose_finding_is_gone_is_reported():
    report = check(KEYED + MARKER + "\n", dialect="postgres")
    [f] = report.by_rule("AK-SUP003")
    assert f.severity is Severity.INFO and f.line == 1 and f.object == "AK-PK001"
    assert f.message == ("suppression of AK-PK001 silences nothing: no AK-PK001 finding on "
                         "the statement it is written on")
    assert f.hint.startswith("-- remove the marker")
    assert report.exit_code() == 0          # information: no build fails on it by default


def test_a_marker_in_use_is_not():
    report = check(KEYLESS + MARKER + "\n", dialect="postgres")
    assert not report.by_rule("AK-SUP003") and not report.by_rule("AK-PK001")


def test_of_two_rules_the_unused_one_is_named_and_the_marker_rewritten():
    sql = KEYLESS + "  -- archkit: ignore[AK-PK001, AK-IX006] append-only log\n"
    [f] = check(sql, dialect="postgres").by_rule("AK-SUP003")
    assert "AK-IX006" in f.message
    assert f.hint == "-- archkit: ignore[AK-PK001] append-only log"


def test_a_prefix_that_matches_nothing_here_is_reported():
    [f] = check(KEYED + "  -- archkit: ignore[AK-PK*] log\n", dialect="postgres").by_rule(
        "AK-SUP003")
    assert f.object == "AK-PK*"


def test_a_marker_above_the_statement_covers_the_whole_statement():
    sql = "-- archkit: ignore[AK-TY003] length is a contract\nCREATE TABLE t (\n" \
          "  id bigint PRIMARY KEY,\n  code varchar(3)\n);\n"
    report = check(sql, dialect="postgres")
    assert not report.by_rule("AK-SUP003") and not report.by_rule("AK-TY003")


def test_rules_that_did_not_run_are_not_judged():
    sql = KEYED + MARKER + "\n"
    assert not check(sql, dialect="postgres", select=["AK-IX"]).by_rule("AK-SUP003")
    assert not check(sql, dialect="postgres", ignore=["AK-PK001"]).by_rule("AK-SUP003")
    assert not check(sql, dialect="postgres",
                     config={"rules": {"AK-PK001": "off"}}).by_rule("AK-SUP003")
    # a rule of other dialects only (AK-FK006 is MySQL's): a schema checked as postgres
    # and as mysql from the same files keeps its marker quietly on postgres
    sql = KEYED + "  -- archkit: ignore[AK-FK006] ids\n"
    assert not check(sql, dialect="postgres").by_rule("AK-SUP003")
    assert [f.object for f in check(sql, dialect="mysql").by_rule("AK-SUP003")] == ["AK-FK006"]


def test_it_can_be_switched_off_ignored_or_raised():
    sql = KEYED + MARKER + "\n"
    assert not check(sql, dialect="postgres", ignore=["AK-SUP003"]).by_rule("AK-SUP003")
    assert not check(sql, dialect="postgres",
                     config={"rules": {"AK-SUP003": "off"}}).by_rule("AK-SUP003")
    raised = check(sql, dialect="postgres", config={"rules": {"AK-SUP003": "error"}})
    assert [f.severity for f in raised.by_rule("AK-SUP003")] == [Severity.ERROR]
    assert raised.exit_code() == 1


def test_an_unknown_rule_id_is_ak_sup002_only():
    report = check(KEYED + "  -- archkit: ignore[AK-PK01] log\n", dialect="postgres")
    assert report.by_rule("AK-SUP002") and not report.by_rule("AK-SUP003")


def test_the_incremental_checker_says_so_when_an_edit_removes_the_finding():
    ic = IncrementalChecker(KEYLESS + MARKER + "\nCREATE TABLE b (id bigint PRIMARY KEY);\n",
                            dialect="postgres")
    assert not ic.report.by_rule("AK-SUP003")
    got = ic.edit(0, KEYED[:-1])
    assert [f.object for f in got.by_rule("AK-SUP003")] == ["AK-PK001"]
    assert sorted(map(str, got)) == sorted(map(str, check(ic.text, dialect="postgres")))
    assert not ic.edit(0, KEYLESS[:-1]).by_rule("AK-SUP003")


def test_the_cli_prints_it(tmp_path, capsys):
    f = tmp_path / "schema.sql"
    f.write_text(KEYED + MARKER + "\n")
    assert main(["schema", "check", str(f)]) == 0
    out = capsys.readouterr().out
    assert f"{f}:1:61: AK-SUP003 info suppression of AK-PK001 silences nothing" in out


def test_a_service_model_ignore_entry_that_silences_nothing():
    body = ("system: t\nservices:\n  a:\n    ignore: [{rule: AK-SVC004, reason: batch path}]\n"
            "  b: {}\nedges:\n  - {from: a, to: b, protocol: grpc, timeout_ms: 100}\n")
    r = loads_model(body).check()
    [f] = r.by_rule("AK-SUP003")
    assert f.object == "a" and f.line == 4 and f.message == (
        "suppression of AK-SVC004 silences nothing: no AK-SVC004 finding on a")
    assert f.hint.startswith("remove the entry")
    from archkit.boundaries.checks import check as check_model

    assert not check_model(loads_model(body), select=["AK-SVC001"]).by_rule("AK-SUP003")


def test_a_decision_matrix_ignore_entry_that_silences_nothing(tmp_path):
    f = tmp_path / "m.yaml"
    f.write_text("title: t\nscale: [1, 5]\ncriteria:\n  - {name: cost, weight: 1}\n"
                 "  - {name: speed, weight: 1}\noptions:\n  X: {cost: 1, speed: 5}\n"
                 "  Y: {cost: 5, speed: 1}\nignore:\n  - {rule: AK-DEC004, reason: kept for "
                 "comparison}\n")
    report = check_matrix(DecisionMatrix.from_yaml(f))
    assert not report.by_rule("AK-DEC004")
    [u] = report.by_rule("AK-SUP003")
    assert u.line == 10 and u.message == ("suppression of AK-DEC004 silences nothing: no "
                                          "AK-DEC004 finding in this decision")
    assert u.hint == "remove the entry: what it was written for is gone"


SERVICES = ("system: t\nservices:\n  a:\n    ignore: [{rule: AK-SVC004, reason: batch path}]\n"
            "  b: {}\nedges:\n  - {from: a, to: b, protocol: grpc, timeout_ms: 100}\n")


@pytest.mark.parametrize("how", [["--ignore", "AK-SVC004"], ["--select", "AK-SVC001,AK-SUP"],
                                 "off", None])
def test_boundaries_cli_judges_only_the_rules_it_reports(tmp_path, capsys, how):
    # an entry for a rule --ignore, --select or [rules] off leaves out silences nothing
    # because the rule did not run: no AK-SUP003 (scout AB)
    (tmp_path / "services.yaml").write_text(SERVICES)
    args = ["boundaries", "check", str(tmp_path / "services.yaml")]
    if how == "off":
        (tmp_path / "archkit.toml").write_text('[rules]\nAK-SVC004 = "off"\n')
    elif how is not None:
        args += how
    main(args)
    out = capsys.readouterr().out
    assert ("AK-SUP003" in out) is (how is None)


def test_decide_judges_no_suppression_of_a_rule_switched_off(tmp_path, capsys):
    (tmp_path / "decisions").mkdir()
    f = tmp_path / "decisions" / "m.yaml"
    f.write_text("title: t\nscale: [1, 5]\ncriteria:\n  - {name: cost, weight: 1}\n"
                 "  - {name: speed, weight: 1}\noptions:\n  X: {cost: 1, speed: 5}\n"
                 "  Y: {cost: 5, speed: 1}\nignore:\n  - {rule: AK-DEC004, reason: kept for "
                 "comparison}\n")
    main(["decide", str(f)])
    assert "AK-SUP003" in capsys.readouterr().out
    (tmp_path / "archkit.toml").write_text('[rules]\nAK-DEC004 = "off"\n')
    main(["decide", str(f)])
    assert "AK-SUP003" not in capsys.readouterr().out
