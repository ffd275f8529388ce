"""An edit that adds or removes lines (a column on a line of its own, a line joined):
every later statement of the file moves, and the incremental checker moves what it knows
about them instead of splitting, parsing, building and judging them again. Each case:
after every edit the findings equal a fresh ``check()`` of the same text, and so do those
of the whole-text path ``check(text)``; the statements after the edit are the same
objects, moved."""

from __future__ import annotations

from collections import Counter

import pytest

from archkit.schema.cache import IncrementalChecker
from archkit.schema.check import check
from archkit.schema.parse import SqlSource


def _key(report):
    return Counter((f.rule, f.severity, f.message, f.path, f.line, f.col, f.object, f.hint)
                   for f in report)


def _statement(ic, start):
    return next(i for i, s in enumerate(ic.statements) if s.sql.startswith(start))


def _edit_and_compare(ic, dialect, start, new):
    i = _statement(ic, start)
    after = list(ic.statements[i + 1:])
    got = ic.edit(i, new)
    full = check(ic.text, dialect=dialect)
    assert _key(got) == _key(full)
    # moved, not split and parsed again: the same statement objects, at their new lines
    assert all(a is b for a, b in zip(after, ic.statements[i + 1:]))
    assert ic.parsed_last <= 1
    whole = IncrementalChecker(dialect=dialect)
    assert _key(whole.check(ic.text)) == _key(full)
    return got


# (dialect, schema, [(statement start, new text), ...]): each edit adds or removes lines
CASES = {
    # what a statement below the edit carries that names its line: a syntax error
    # ("statement at line 9"), a marker above a statement, an ALTER TABLE's foreign key,
    # a COMMENT, an index, the migration walk's changes to a table made elsewhere
    "below-the-edit": ("postgres", """
CREATE TABLE a (id int PRIMARY KEY, note varchar(20));
CREATE TABLE b (id int PRIMARY KEY, a_id int);
ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE CASCADE;
CREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b ON DELETE CASCADE);
CREATE TABLE e (id int PRIMARY KEY, c_id int REFERENCES c ON DELETE CASCADE);
CREATE TABLE broken (id int PRIMARY KEY, x int REFERENCES WHERE);
-- archkit: ignore[AK-PK003] ids stay small
CREATE TABLE d (id int PRIMARY KEY);
COMMENT ON TABLE d IS 'the d';
CREATE INDEX c_b ON c (b_id);
ALTER TABLE made_elsewhere ADD COLUMN z int NOT NULL;
DROP TABLE gone_elsewhere;
""", [("CREATE TABLE a", "CREATE TABLE a (\n  id int PRIMARY KEY,\n  note varchar(20))"),
      ("CREATE TABLE a", "CREATE TABLE a (id int PRIMARY KEY,\n  note varchar(20))"),
      ("CREATE TABLE a", "CREATE TABLE a (id int PRIMARY KEY, note varchar(20))"),
      ("CREATE TABLE b", "CREATE TABLE b (\n\n\n  id int PRIMARY KEY, a_id int)")]),
    # AK-NM003's message names the line of the index it collides with
    "nm003-names-a-line": ("postgres", f"""
CREATE TABLE x (id bigint PRIMARY KEY, a int);
CREATE TABLE y (id bigint PRIMARY KEY, a int);
CREATE INDEX {"n" * 61}_one ON x (a);
CREATE INDEX {"n" * 61}_two ON y (a);
""", [("CREATE TABLE x", "CREATE TABLE x (\n  id bigint PRIMARY KEY,\n  a int)"),
      ("CREATE TABLE y", "CREATE TABLE y (id bigint PRIMARY KEY,\n a int)")]),
    # AK-SQL003 names where a column was first defined
    "conflict-below": ("postgres", """
CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE b (id int PRIMARY KEY, v int, v text);
CREATE TABLE b (id int PRIMARY KEY);
""", [("CREATE TABLE a", "CREATE TABLE a (\n  id int PRIMARY KEY\n)")]),
    # AK-TY008 reports each differing column where it is written: a line added above a
    # column of the edited table moves its finding
    "ty008-column-moves": ("postgres", """
CREATE TABLE p (id bigint PRIMARY KEY, owner_id bigint, code char(3));
CREATE TABLE q (id bigint PRIMARY KEY, owner_id int, code text);
CREATE TABLE r (id bigint PRIMARY KEY, owner_id bigint);
""", [("CREATE TABLE q", "CREATE TABLE q (id bigint PRIMARY KEY,\n  owner_id int,\n  code text)"),
      ("CREATE TABLE q", "CREATE TABLE q (id bigint PRIMARY KEY, owner_id int, code text)")]),
    # AK-FK007 reports a cascade chain at a key: a line added above the key moves it
    "fk007-key-moves": ("postgres", """
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a ON DELETE CASCADE);
CREATE TABLE c (id bigint PRIMARY KEY, b_id bigint REFERENCES b ON DELETE CASCADE);
CREATE TABLE e (id bigint PRIMARY KEY, c_id bigint REFERENCES c ON DELETE CASCADE);
""", [("CREATE TABLE c", "CREATE TABLE c (id bigint PRIMARY KEY,\n  b_id bigint REFERENCES b ON DELETE "
                         "CASCADE)"),
      ("CREATE TABLE b", "CREATE TABLE b (\n  id bigint PRIMARY KEY,\n  a_id bigint REFERENCES a ON DELETE "
                         "CASCADE)")]),
    # lines removed, leaving nothing in the edited statement's old last lines
    "lines-removed": ("mysql", """
CREATE TABLE a (
  id int PRIMARY KEY,
  name varchar(10),
  created datetime
);
CREATE TABLE b (id int PRIMARY KEY, a_id int, FOREIGN KEY (a_id) REFERENCES a (id));
CREATE INDEX b_a ON b (a_id);
""", [("CREATE TABLE a", "CREATE TABLE a (id int PRIMARY KEY, name varchar(10), created datetime)"),
      ("CREATE TABLE a", "CREATE TABLE a (\n  id int PRIMARY KEY,\n  name varchar(10), created datetime\n)")]),
    # inheritance and LIKE below the edit share the moved tables' columns
    "inherits-and-like": ("postgres", """
CREATE TABLE top (id int PRIMARY KEY, note varchar(10));
CREATE TABLE base (id bigint PRIMARY KEY, created timestamp);
CREATE TABLE kid (extra int) INHERITS (base);
CREATE TABLE twin (LIKE base INCLUDING ALL);
""", [("CREATE TABLE top", "CREATE TABLE top (\n  id int PRIMARY KEY,\n  note varchar(10))")]),
    # SQL Server without ';' (the split ends a statement where the next begins)
    "tsql": ("tsql", """
CREATE TABLE a (id int PRIMARY KEY, n int);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));
CREATE INDEX b_a ON b (a_id);
""", [("CREATE TABLE a", "CREATE TABLE a (\n  id int PRIMARY KEY,\n  n int)")]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_edit_that_moves_lines_is_rechecked_as_a_full_check_sees_it(case):
    dialect, sql, edits = CASES[case]
    ic = IncrementalChecker(sql, dialect=dialect)
    for start, new in edits:
        _edit_and_compare(ic, dialect, start, new)


def test_the_cases_move_findings_below_the_edit():
    """The cases above are worth having: the edits move findings of later statements,
    and text that names a line says the new one."""
    dialect, sql, edits = CASES["below-the-edit"]
    ic = IncrementalChecker(sql, dialect=dialect)

    def lines(rule):
        return sorted(f.line for f in ic.report if f.rule == rule and f.line > 2)

    before = {r: lines(r) for r in ("AK-SQL001", "AK-IX006", "AK-MG001", "AK-MG003")}
    assert all(before.values())
    _edit_and_compare(ic, dialect, *edits[0])
    assert {r: lines(r) for r in before} == {r: [n + 2 for n in v] for r, v in before.items()}
    assert [f.object for f in ic.report if f.rule == "AK-SQL001"] == ["statement at line 9"]
    assert not [f for f in ic.report if f.rule == "AK-PK003" and f.object == "d.id"]


def test_only_the_edited_file_moves():
    a = "CREATE TABLE a (id int PRIMARY KEY, v varchar(5));\nCREATE TABLE a2 (id int);\n"
    b = "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\nCREATE TABLE b2 (x int);\n"
    ic = IncrementalChecker(dialect="postgres")
    ic.files = [["a.sql", a], ["b.sql", b]]
    ic.recheck()
    before_b = sorted((f.rule, f.line, f.col) for f in ic.report if f.path == "b.sql")
    got = ic.edit(0, "CREATE TABLE a (\n  id int PRIMARY KEY,\n  v varchar(5))")
    full = check([SqlSource(t, p) for p, t in ic.files], dialect="postgres")
    assert _key(got) == _key(full)
    assert sorted((f.rule, f.line, f.col) for f in got if f.path == "b.sql") == before_b
    assert [f.line for f in got if f.path == "a.sql" and f.object == "a2"] == [4]


def test_a_statement_with_a_marker_above_is_not_reused_after_it_moved():
    """A statement edited in place under a marker is kept as a copy (with the marker);
    after a line added above moved it, the text without the marker and that line must
    not reuse the parsed statement at its old line."""
    sql = ("CREATE TABLE a (id int PRIMARY KEY);\n-- archkit: ignore[AK-PK001] reason\n"
           "CREATE TABLE b (x int, y varchar(5));\n")
    ic = IncrementalChecker(sql, dialect="postgres")
    ic.edit(1, "CREATE TABLE b (x int, y varchar(6))")
    ic.edit(0, "CREATE TABLE a (\n  id int PRIMARY KEY)")
    plain = "CREATE TABLE a (id int PRIMARY KEY);\n\nCREATE TABLE b (x int, y varchar(6));\n"
    got = ic.check(plain)
    assert _key(got) == _key(check(plain, dialect="postgres"))
    assert [f.line for f in got if f.rule == "AK-PK001"] == [3]


def test_edits_back_and_forth_keep_agreeing():
    sql = "".join(f"CREATE TABLE t{i} (id int PRIMARY KEY, name varchar(10), t{i - 1}_id int "
                  f"REFERENCES t{i - 1} ON DELETE CASCADE);\nCREATE INDEX ix{i} ON t{i} (name);\n"
                  for i in range(1, 41)).replace(" REFERENCES t0 ON DELETE CASCADE", "")
    ic = IncrementalChecker(sql, dialect="postgres")
    for n, table in enumerate(("t3", "t20", "t3", "t39", "t1")):
        i = ic.statement_of(table)
        old = ic.statements[i].sql
        grown = old.replace(" name", "\n" * (n % 3 + 1) + "  name", 1)
        _edit_and_compare(ic, "postgres", old[:len(f"CREATE TABLE {table} ")], grown)
        _edit_and_compare(ic, "postgres", grown[:len(f"CREATE TABLE {table} ")], old)
    assert ic.text == sql


def test_a_marker_above_covers_the_lines_an_edit_adds():
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, a int);\n"
           "-- archkit: ignore[AK-MG007] the table is new\n"
           "ALTER TABLE made_elsewhere ADD COLUMN z int;\n")
    ic = IncrementalChecker(sql, dialect="postgres")
    assert not [f for f in ic.report if f.rule == "AK-MG007"]
    got = _edit_and_compare(ic, "postgres", "ALTER TABLE made_elsewhere",
                            "ALTER TABLE\n\n  made_elsewhere ADD COLUMN z int")
    assert not [f for f in got if f.rule == "AK-MG007"]


def test_a_marker_written_above_in_the_edit_is_read_as_a_split_reads_it():
    """The edited text may start with comments (a marker above the statement): a split of
    the file puts them before the statement, which starts lower; the statements after it
    are moved, not split again."""
    sql = ("CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE audit_log (id bigint, note text);\n"
           "CREATE TABLE c (id bigint PRIMARY KEY, note varchar(5));\n")
    ic = IncrementalChecker(sql, dialect="postgres")
    assert [f.object for f in ic.report if f.rule == "AK-PK001"] == ["audit_log"]
    got = _edit_and_compare(ic, "postgres", "CREATE TABLE audit_log",
                            "-- archkit: ignore[AK-PK001] append-only log\n/* rows are never "
                            "updated */ CREATE TABLE audit_log (id bigint, note text)")
    assert not [f for f in got if f.rule == "AK-PK001"]
    i = _statement(ic, "CREATE TABLE audit_log")
    assert (ic.statements[i].line, ic.statements[i].col) == (3, 30)
    # the comments are the statement's lead now: an edit of the statement keeps them
    _edit_and_compare(ic, "postgres", "CREATE TABLE audit_log",
                      "CREATE TABLE audit_log (\n  id bigint,\n  note text)")
    assert "-- archkit: ignore[AK-PK001] append-only log" in ic.text
    assert not [f for f in ic.report if f.rule == "AK-PK001"]


def test_a_comment_written_before_a_statement_a_do_block_wraps_stays_the_blocks():
    """A DO block that only wraps DDL is read as that DDL (split.py's _do_blocks); a
    comment written before it inside the block is the block's text, not a marker of the
    statement: the edit goes the long way and agrees with a full check."""
    sql = ("ALTER TABLE made_elsewhere ADD COLUMN id uuid;\n\nDO $$\nBEGIN\n"
           "  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'x_pk') THEN\n"
           "    ALTER TABLE made_elsewhere ADD CONSTRAINT x_pk PRIMARY KEY (id);\n"
           "  END IF;\nEND $$;\n")
    ic = IncrementalChecker(sql, dialect="postgres")
    i = _statement(ic, "ALTER TABLE made_elsewhere ADD CONSTRAINT")
    got = ic.edit(i, "-- archkit: ignore[AK-MG007] reason\n    "
                     "ALTER TABLE made_elsewhere ADD CONSTRAINT x_pk PRIMARY KEY (id)")
    assert _key(got) == _key(check(ic.text, dialect="postgres"))
    assert [f.rule for f in got].count("AK-MG007") >= 1
    # two statements in one block (Supabase's migrations), the second edited in place
    # first (same lines), then with a comment before it
    sql = ("DO $$ BEGIN\nALTER TABLE made_elsewhere ADD COLUMN a int;\n"
           "ALTER TABLE made_elsewhere ADD COLUMN b int;\nEND $$;\n")
    ic = IncrementalChecker(sql, dialect="postgres")
    i = _statement(ic, "ALTER TABLE made_elsewhere ADD COLUMN b")
    for new in ("ALTER TABLE made_elsewhere ADD COLUMN c int",
                "-- archkit: ignore[AK-MG007] reason\nALTER TABLE made_elsewhere ADD COLUMN c int"):
        got = ic.edit(i, new)
        assert _key(got) == _key(check(ic.text, dialect="postgres"))
