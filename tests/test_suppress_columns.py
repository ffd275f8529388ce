"""Where a suppression marker is: AK-SUP001/002/003 give its line and column (the column
of its ``--``, counted in code points), wherever the marker is: above the statement, in
it, after its ``;``, in a mysql DELIMITER block; a full check and the incremental checker
agree; a marker is one line."""

from __future__ import annotations

import json

import pytest

from archkit.schema.cache import IncrementalChecker
from archkit.schema.check import check
from tests.conftest import run_cli


def where(sql: str, rule: str, dialect: str = "postgres") -> list[tuple[int, int | None]]:
    return [(f.line, f.col) for f in check(sql, dialect=dialect).by_rule(rule)]


def col_of(line: str, needle: str = "--") -> int:
    return len(line[:line.index(needle)]) + 1


@pytest.mark.parametrize("sql, expected", [
    # above the statement, at a line's start and indented
    ("-- archkit: ignore[AK-PK001]\nCREATE TABLE b (id int);\n", (1, 1)),
    ("CREATE TABLE a (id bigint PRIMARY KEY);\n\n    -- archkit: ignore[AK-PK001]\n"
     "CREATE TABLE b (id int);\n", (3, 5)),
    # in the statement, on its first line and on a later one
    ("CREATE TABLE b ( -- archkit: ignore[AK-PK001]\n  id int\n);\n", (1, 18)),
    ("CREATE TABLE b (\n  id int  -- archkit: ignore[AK-PK001]\n);\n", (2, 11)),
    # after its ';', on a statement that starts mid-line, and after wide characters
    ("  CREATE TABLE b (id int);   -- archkit: ignore[AK-PK001]\n", (1, 30)),
    ("CREATE TABLE a (id bigint PRIMARY KEY); CREATE TABLE b (id int); "
     "-- archkit: ignore[AK-PK001]\n", (1, 66)),
    ("CREATE TABLE \"Größe\" (id int); -- archkit: ignore[AK-PK001]\n", (1, 32)),
    ("CREATE TABLE b (\n  id int\n)  ;  -- archkit: ignore[AK-PK001]\n", (3, 7)),
])
def test_a_marker_without_a_reason_is_reported_at_its_column(sql: str, expected):
    assert where(sql, "AK-SUP001") == [expected]
    assert not check(sql, dialect="postgres").by_rule("AK-PK001")     # it still silences


def test_the_expected_columns_are_the_markers():
    line = "  CREATE TABLE b (id int);   -- archkit: ignore[AK-PK001]"
    assert col_of(line) == 30
    assert col_of("CREATE TABLE \"Größe\" (id int); -- archkit") == 32


def test_an_unknown_rule_and_a_stale_marker_are_at_the_marker_too():
    sql = ("CREATE TABLE a (id bigint PRIMARY KEY);  -- archkit: ignore[AK-PK001] old\n"
           "CREATE TABLE b (id int);\t-- archkit: ignore[AK-PK01] typo\n")
    assert where(sql, "AK-SUP003") == [(1, 42)]
    assert where(sql, "AK-SUP002") == [(2, 26)]


def test_in_a_mysql_delimiter_block():
    # (the block's last statement took the comment after the delimiter, not its own: its
    # marker silenced nothing)
    sql = ("DELIMITER //\n"
           "CREATE TABLE b (id int); -- archkit: ignore[AK-PK001]\n"
           "CREATE TABLE c (id int);   -- archkit: ignore[AK-PK001]\n//\nDELIMITER ;\n")
    assert sorted(where(sql, "AK-SUP001", "mysql")) == [(2, 26), (3, 28)]
    assert not check(sql, dialect="mysql").by_rule("AK-PK001")


def test_a_mysql_hash_marker():
    assert where("CREATE TABLE b (id int); # archkit: ignore[AK-PK001]\n", "AK-SUP001",
                 "mysql") == [(1, 26)]


def test_a_marker_is_one_line_it_takes_no_reason_from_the_next():
    # the reason was read across the line end: "x int -- archkit: ignore[AK-IX001] " had
    # ")" (the next line) for its reason, so no AK-SUP001
    sql = "CREATE TABLE e (\n  x int -- archkit: ignore[AK-PK001] \n);\n"
    assert where(sql, "AK-SUP001") == [(2, 9)]
    sql = "-- archkit: ignore[AK-PK001]\nCREATE TABLE e (x int);\n"
    [f] = check(sql, dialect="postgres").by_rule("AK-SUP001")
    assert f.message == "suppression of AK-PK001 gives no reason"


def test_the_incremental_checker_agrees_with_a_full_check():
    sql = ("CREATE TABLE a (id bigint PRIMARY KEY);\n"
           "CREATE TABLE b (id int);   -- archkit: ignore[AK-PK001]\n"
           "CREATE TABLE c (\n  id int -- archkit: ignore[AK-PK001]\n);\n")
    ic = IncrementalChecker(sql, dialect="postgres")
    assert ic.report.findings == check(sql, dialect="postgres").findings
    report = ic.edit(1, "CREATE TABLE bb (id int)")        # the trailer moves left
    assert [(f.line, f.col) for f in report.by_rule("AK-SUP001")] == [(2, 29), (4, 10)]
    assert report.findings == check(ic.text, dialect="postgres").findings
    report = ic.edit(0, "CREATE TABLE a (\n  id bigint PRIMARY KEY\n)")   # lines move down
    assert report.findings == check(ic.text, dialect="postgres").findings
    assert [(f.line, f.col) for f in report.by_rule("AK-SUP001")] == [(4, 29), (6, 10)]


def test_the_cli_and_sarif_give_the_column(tmp_path):
    f = tmp_path / "s.sql"
    f.write_text("CREATE TABLE b (id int);   -- archkit: ignore[AK-PK001]\n")
    r = run_cli("schema", "check", str(f), "--no-cache")
    assert f"{f}:1:28: AK-SUP001 warning suppression of AK-PK001 gives no reason" in r.out
    sarif = json.loads(run_cli("schema", "check", str(f), "--no-cache", "--format",
                               "sarif").out)
    [result] = sarif["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (result["ruleId"], region["startLine"], region["startColumn"]) == (
        "AK-SUP001", 1, 28)


def test_yaml_ignore_entries_are_reported_at_their_entry(tmp_path):
    from archkit.boundaries import loads_model
    from archkit.tradeoff import DecisionMatrix
    from archkit.tradeoff.checks import check_matrix

    body = ("system: t\nservices:\n  a:\n    ignore: [{rule: AK-SVC004, reason: batch path}]\n"
            "  b:\n    ignore:\n      - {rule: AK-SVC01, reason: typo}\n"
            "edges:\n  - {from: a, to: b, protocol: grpc, timeout_ms: 100}\n")
    r = loads_model(body).check()
    assert [(f.line, f.col) for f in r.by_rule("AK-SUP003")] == [(4, 14)]
    assert [(f.line, f.col) for f in r.by_rule("AK-SUP002")] == [(7, 9)]
    f = tmp_path / "m.yaml"
    f.write_text("title: t\nscale: [1, 5]\ncriteria:\n  - {name: cost, weight: 1}\n"
                 "  - {name: speed, weight: 1}\noptions:\n  X: {cost: 1, speed: 5}\n"
                 "  Y: {cost: 5, speed: 1}\nignore:\n  - {rule: AK-DEC004}\n")
    [u] = check_matrix(DecisionMatrix.from_yaml(f)).by_rule("AK-SUP001")
    assert (u.line, u.col) == (10, 5)
