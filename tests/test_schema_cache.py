"""The result cache on disk and the incremental checker for notebooks."""

from __future__ import annotations

import pytest

from archkit.schema.cache import IncrementalChecker, ResultCache
from archkit.schema.check import CheckConfig, check

SQL = ("CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY KEY);\n"
       "CREATE DOMAIN d AS int;\n")


def test_unchanged_input_is_answered_from_the_cache(tmp_path, monkeypatch):
    import importlib

    check_mod = importlib.import_module("archkit.schema.check")

    first = check(SQL, cache=tmp_path)
    assert len(list((tmp_path / "schema-results").glob("*.bin"))) == 1
    calls = []
    monkeypatch.setattr(check_mod, "check_sources",
                        lambda *a, **k: calls.append(1) or pytest.fail("parsed again"))
    again = check(SQL, cache=tmp_path)
    assert again.findings == first.findings and not calls


def test_any_change_misses(tmp_path):
    rc = ResultCache(tmp_path)
    from archkit.schema.parse import SqlSource

    base = rc.key([SqlSource(SQL, "s.sql")], CheckConfig.make("postgres"))
    assert base == rc.key([SqlSource(SQL, "s.sql")], CheckConfig.make("postgres"))
    assert base != rc.key([SqlSource(SQL + " ", "s.sql")], CheckConfig.make("postgres"))
    assert base != rc.key([SqlSource(SQL, "t.sql")], CheckConfig.make("postgres"))
    assert base != rc.key([SqlSource(SQL, "s.sql")], CheckConfig.make("mysql"))
    assert base != rc.key([SqlSource(SQL, "s.sql")],
                          CheckConfig.make("postgres", {"rules": {"AK-PK001": "off"}}))
    assert base != rc.key([SqlSource(SQL, "s.sql")], CheckConfig.make("postgres", select=["AK-IX"]))


def test_versions_are_part_of_the_key(tmp_path, monkeypatch):
    from archkit.schema import cache
    from archkit.schema.parse import SqlSource

    rc = ResultCache(tmp_path)
    k1 = rc.key([SqlSource(SQL, None)], CheckConfig.make("postgres"))
    monkeypatch.setattr(cache, "version_key", lambda: "archkit=9;sqlglot=99")
    assert rc.key([SqlSource(SQL, None)], CheckConfig.make("postgres")) != k1


def test_damaged_cache_entry_is_ignored(tmp_path):
    first = check(SQL, cache=tmp_path)
    (entry,) = (tmp_path / "schema-results").glob("*.bin")
    entry.write_text("{not json")
    assert check(SQL, cache=tmp_path).findings == first.findings


def test_incremental_checker_parses_only_the_edited_statement():
    ic = IncrementalChecker(SQL, dialect="postgres")
    assert ic.parsed_last == 3
    assert [f.rule for f in ic.report.by_rule("AK-SQL001")] == ["AK-SQL001"]
    report = ic.edit(1, "CREATE TABLE b (id int PRIMARY KEY, name text)")
    assert ic.parsed_last == 1
    assert report.by_rule("AK-SQL001") == []
    assert "name" in ic.catalog.tables["b"].columns
    # same answer as a full check of the edited text
    assert report.findings == check(ic.text).findings


def test_incremental_checker_keeps_positions_after_an_edit_that_adds_lines():
    ic = IncrementalChecker("CREATE TABLE a (id int);\nCREATE TABLE c (id int PRIMARY KEY KEY);\n")
    ic.edit(0, "CREATE TABLE a (\n  id int,\n  x int\n)")
    (err,) = ic.report.by_rule("AK-SQL001")
    assert err.line == 5
    with pytest.raises(IndexError):
        ic.edit(7, "SELECT 1")


def test_cached_report_renders_like_a_fresh_one(tmp_path):
    first = check(SQL, cache=tmp_path)
    again = check(SQL, cache=tmp_path)
    assert type(again).__name__ == "CachedReport"
    for fmt in ("text", "json", "markdown"):
        assert again.render(fmt) == first.render(fmt)
    assert [f.severity for f in again] == [f.severity for f in first]
    lazy = check(SQL, cache=tmp_path)            # exit codes without building findings
    assert [lazy.exit_code(s) for s in ("error", "warning", "info", "never")] == \
        [first.exit_code(s) for s in ("error", "warning", "info", "never")]
    assert len(lazy) == len(first)


def test_edit_that_keeps_the_line_count_splices_without_resplitting(monkeypatch):
    from archkit.schema import split

    ic = IncrementalChecker("CREATE TABLE a (id int);\nCREATE TABLE b (x int PRIMARY KEY KEY);\n"
                            "CREATE TABLE c (id int);\n")
    calls = []
    real = split.split_sql
    monkeypatch.setattr(split, "split_sql", lambda text, *a, **k: calls.append(len(text))
                        or real(text, *a, **k))
    ic.edit(0, "CREATE TABLE a (id bigint, y int)")
    assert calls == [len("CREATE TABLE a (id bigint, y int)")]     # only the new text
    assert ic.parsed_last == 1 and "y" in ic.catalog.tables["a"].columns
    (err,) = ic.report.by_rule("AK-SQL001")
    assert err.line == 2
    # offsets of later statements moved: editing one of them still hits the right text
    ic.edit(2, "CREATE TABLE c (id int, z int)")
    assert ic.text.splitlines()[2] == "CREATE TABLE c (id int, z int);"
    assert ic.report.findings == check(ic.text).findings


def test_spliced_edit_keeps_suppressions_above_and_after_the_statement():
    sql = ("-- archkit: ignore[AK-SQL002] domains are reviewed by hand\n"
           "CREATE DOMAIN d AS int;\n"
           "CREATE DOMAIN e AS int; -- archkit: ignore[AK-SQL002] also reviewed\n"
           "CREATE TABLE t (id int);\n")
    ic = IncrementalChecker(sql)
    assert ic.report.by_rule("AK-SQL002") == []
    ic.edit(0, "CREATE DOMAIN d AS bigint")
    ic.edit(1, "CREATE DOMAIN e AS bigint")
    assert ic.report.by_rule("AK-SQL002") == [] and ic.parsed_last == 1
    assert ic.report.findings == check(ic.text).findings


def test_cache_entries_that_do_not_check_out_are_ignored(tmp_path):
    import hashlib
    import marshal

    first = check(SQL, cache=tmp_path)
    (entry,) = (tmp_path / "schema-results").glob("*.bin")
    good = entry.read_bytes()
    bad_payloads = [
        marshal.dumps({"findings": [("AK-X", "x", "fatal", "m", None, 1, 1, "o", "h")],
                       "title": "t", "rendered": {}}),          # unknown severity
        marshal.dumps({"findings": "nope", "title": "t"}),        # not rows
        marshal.dumps({"findings": [], "rendered": {"text": 3}}),  # a rendering, not text
        marshal.dumps([1, 2, 3]),                                 # not a mapping
    ]
    for payload in bad_payloads:       # a correct digest, a wrong shape
        entry.write_bytes(hashlib.sha256(payload).digest() + payload)
        assert check(SQL, cache=tmp_path).findings == first.findings
    for blob in (good[:-10], good[:20], b"", good[:40] + b"\xff" + good[41:]):   # damaged
        entry.write_bytes(blob)
        again = check(SQL, cache=tmp_path)
        assert again.findings == first.findings
        assert again.to_text() == first.to_text()
    blob = entry.read_bytes()                          # rewritten whole by the last check
    assert len(blob) > 32 and hashlib.sha256(blob[32:]).digest() == blob[:32]


def test_editing_a_statement_into_or_out_of_copy_from_stdin_splits_again():
    from archkit.schema import check
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, b text);\n"
           "COPY t (id, b) FROM 'file.csv';\n"
           "CREATE TABLE u (a int, a int)\n"      # a data row that reads as DDL
           "\\.\n"
           "CREATE INDEX t_b_idx ON t (b);\n")
    ic = IncrementalChecker(sql)
    for new in ("COPY t (id, b) FROM stdin", "COPY t (id, b) FROM 'file.csv'"):
        report = ic.edit(1, new)
        assert report.findings == check(ic.text).findings
        assert [s.sql for s in ic.statements] == [
            s.sql for s in IncrementalChecker(ic.text).statements]


def test_editing_a_temporal_table_re_judges_its_history_table():
    # the history-table mark lives on another table than the edited statement's: an edit
    # that adds or drops SYSTEM_VERSIONING must give what a full check gives
    from test_schema_rules_keys import TEMPORAL

    versioned = TEMPORAL.split("GO\n")[1]
    plain = versioned.replace(
        " WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.Cities_Archive))", "")
    ic = IncrementalChecker(TEMPORAL, dialect="tsql")
    assert "cities_archive" not in {f.object for f in ic.report.by_rule("AK-PK001")}
    for sql in (plain, versioned, plain.replace("CountryID int", "CountryID bigint")):
        report = ic.edit(1, sql.strip())
        assert report.findings == check(ic.text, dialect="tsql").findings
    assert "cities_archive" in {f.object for f in ic.report.by_rule("AK-PK001")}
