"""The splitter's fast path (one regex to the ``;`` when nothing before it can start a
string, comment, quoted name or routine body) must give what the full scanner gives."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, replace

import pytest

from archkit.schema.split import RawStatement, split_sql


def texts(sql: str, dialect: str = "postgres") -> list[str]:
    return [s.sql for s in split_sql(sql, dialect)]


def test_characters_that_stop_the_fast_path_keep_their_meaning():
    sql = ("CREATE TABLE a (x int CHECK (x > -1), y int DEFAULT 4/2);\n"   # '-' and '/' alone
           "CREATE TABLE b (p$q int, s text DEFAULT '$$;');\n"              # '$' in a name
           "SELECT $t$ a; b $t$;\n"
           "CREATE TABLE c (x int); -- done; really\n"
           "SELECT 1 /* ; */;")
    assert texts(sql) == ["CREATE TABLE a (x int CHECK (x > -1), y int DEFAULT 4/2)",
                          "CREATE TABLE b (p$q int, s text DEFAULT '$$;')",
                          "SELECT $t$ a; b $t$",
                          "CREATE TABLE c (x int)",
                          "SELECT 1 /* ; */"]


def test_routine_bodies_are_not_cut_at_their_first_semicolon():
    sql = ("CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END;\n"
           "BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;")
    assert texts(sql, "sqlite") == ["CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END",
                                    "BEGIN", "CREATE TABLE t (a int)", "COMMIT"]


def test_mysql_hash_comments_and_a_delimiter_back_to_semicolon():
    sql = ("CREATE TABLE a (x int); # note; here\n"
           "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\nDELIMITER ;\n"
           "CREATE TABLE b (y int);")
    out = split_sql(sql, "mysql")
    assert [s.sql for s in out] == ["CREATE TABLE a (x int)",
                                    "CREATE PROCEDURE p() BEGIN SELECT 1; END",
                                    "CREATE TABLE b (y int)"]
    assert out[0].trailer == " # note; here"


def test_tsql_go_lines_still_split():
    sql = "CREATE TABLE a (x int)\nGO\nCREATE TABLE b (y int);\nCREATE TABLE gg (z int);"
    assert texts(sql, "tsql") == ["CREATE TABLE a (x int)", "CREATE TABLE b (y int)",
                                  "CREATE TABLE gg (z int)"]


def test_positions_leads_and_trailers_on_the_fast_path():
    sql = ("-- header\n\nCREATE TABLE a (\n  x int\n); -- archkit: ignore[AK-X001] why\n"
           "\r\n  /* lead */ CREATE TABLE b (y int);CREATE TABLE c (z int)")
    a, b, c = split_sql(sql)
    assert (a.line, a.col, a.end_line, a.lead, a.lead_line) == (3, 1, 5, "-- header\n\n", 1)
    assert a.trailer == " -- archkit: ignore[AK-X001] why"
    # the lead runs from the end of the previous statement's trailer (its newline)
    assert (b.line, b.col, b.end_line, b.lead_line) == (7, 14, 7, 5)
    assert b.lead == "\n\r\n  /* lead */ " and b.trailer == ""
    assert (c.line, c.col, c.start, c.end) == (7, 37, sql.index("CREATE TABLE c"), len(sql))
    assert sql[a.start:a.end] == a.sql and sql[b.start:b.end] == b.sql


def test_unterminated_input_is_reported_not_cut():
    (s,) = split_sql("CREATE TABLE a (x text DEFAULT 'oops);\n")
    assert s.unterminated == (31, "string")


def test_raw_statements_stay_frozen_dataclasses():
    (s,) = split_sql("SELECT 1;")
    with pytest.raises(FrozenInstanceError):
        s.sql = "x"  # type: ignore[misc]
    assert s == RawStatement("SELECT 1", 0, 8, 1, 1, 1, "", 1)
    assert hash(s) == hash(RawStatement("SELECT 1", 0, 8, 1, 1, 1, "", 1))
    assert replace(s, line=2).line == 2 and pickle.loads(pickle.dumps(s)) == s


def test_lines_counted_during_the_scan_match_the_line_index():
    from archkit.schema.split import LineIndex

    text = ("-- a\r\nCREATE TABLE a (x int);\n\n\n/* b\n c */ CREATE TABLE b (\n  y int\n);"
            " -- t\nSELECT 'x\ny'; SELECT 1;\n\tSELECT\n2")
    lines = LineIndex(text)
    out = split_sql(text, "postgres", lines)
    assert len(out) == 5
    for s in out:
        assert lines.line_col(s.start) == (s.line, s.col)
        assert s.end_line >= s.line
    assert [(s.line, s.col, s.end_line) for s in out] == [
        (2, 1, 2), (6, 7, 8), (9, 1, 10), (10, 5, 10), (11, 2, 12)]
