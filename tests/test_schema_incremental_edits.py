"""Edits after which the incremental checker's findings differed from a full check of the
same text (a differential scout: ~3,500 random edits of 220 corpus files and 207
migration chains, plus targeted probes). Each case: the findings after the edit, and
after the whole-text path ``check(text)``, equal a fresh ``check()``."""

from __future__ import annotations

from collections import Counter

import pytest

from archkit.schema.cache import IncrementalChecker
from archkit.schema.check import check

LONG = "customer_loyalty_programme_membership_history_with_extra_detail"   # 63 bytes


def _key(report):
    return Counter((f.rule, f.severity, f.message, f.path, f.line, f.col, f.object, f.hint)
                   for f in report)


def _statement(ic, start):
    return next(i for i, s in enumerate(ic.statements) if s.sql.startswith(start))


CASES = {
    # AK-NM004: the table's hint renamed its columns in the order the whole catalog
    # lists column names (a column of an earlier table first); a re-check of the table
    # alone listed them in its own order: two findings for one table
    "nm004-column-order": ("postgres", """
CREATE TABLE "First" (id int PRIMARY KEY, "bCol" int);
CREATE TABLE "Second" (id int PRIMARY KEY, "aCol" int, "bCol" int);
""", [('CREATE TABLE "Second"', 'CREATE TABLE "Second" (id int PRIMARY KEY, "aCol" bigint, '
                                '"bCol" int)')]),
    # a marker written at the end of the statement: the ';' after it was in the comment
    "marker-at-the-end": ("postgres", """
CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id));
CREATE TABLE b (id int PRIMARY KEY);
""", [("CREATE TABLE a", "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b (id)) "
                         "-- archkit: ignore[AK-IX006] tiny table")]),
    # AK-NM003: two long index names collide once postgres cuts them; renaming one of
    # them left the other's error
    "nm003-collision-freed": ("postgres", f"""
CREATE TABLE x (id bigint PRIMARY KEY, a int);
CREATE TABLE y (id bigint PRIMARY KEY, a int);
CREATE INDEX {LONG}_one ON x (a);
CREATE INDEX {LONG}_two ON y (a);
""", [(f"CREATE INDEX {LONG}_one", "CREATE INDEX x_a_idx ON x (a)")]),
    # a tsql script without ';': the statement's end depends on its own text
    "tsql-without-semicolons": ("tsql", """
CREATE TABLE a (id int PRIMARY KEY, n int)
CREATE INDEX a_n ON a (n)
INSERT INTO a VALUES (1, 2)
""", [("CREATE INDEX a_n", "CREATE INDEX a_n ON a (n) ((( ,")]),
    # AK-FK005 compares a key's type with the columns that may refer to it
    "fk005-key-type-postgres": ("postgres", """
CREATE TABLE customer (customer_id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);
""", [("CREATE TABLE customer", "CREATE TABLE customer (customer_id text PRIMARY KEY)")]),
    "fk005-key-type-mysql": ("mysql", """
CREATE TABLE customer (customer_id int unsigned PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL);
""", [("CREATE TABLE customer", "CREATE TABLE customer (customer_id int PRIMARY KEY)")]),
    # AK-FK007's hint adds no NOT VALID key to a partitioned table
    "fk007-partitioned": ("postgres", """
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a ON DELETE CASCADE);
CREATE TABLE c (id bigint PRIMARY KEY, b_id bigint REFERENCES b ON DELETE CASCADE);
CREATE TABLE d (id bigint NOT NULL, c_id bigint NOT NULL, PRIMARY KEY (id, c_id),
  CONSTRAINT d_c_fk FOREIGN KEY (c_id) REFERENCES c ON DELETE CASCADE);
""", [("CREATE TABLE d", """CREATE TABLE d (id bigint NOT NULL, c_id bigint NOT NULL, PRIMARY KEY (id, c_id),
  CONSTRAINT d_c_fk FOREIGN KEY (c_id) REFERENCES c ON DELETE CASCADE) PARTITION BY HASH (c_id)""")]),
    # AK-NM001: the name it proposes for y's index became the name of x's
    "nm001-proposed-name-taken": ("postgres", "".join(
        f"CREATE TABLE t{i} (id bigint PRIMARY KEY, a int);\nCREATE INDEX t{i}_a_idx ON t{i} (a);\n"
        for i in range(6)) + """
CREATE TABLE x (id bigint PRIMARY KEY, a int, b int);
CREATE TABLE y (id bigint PRIMARY KEY, a int);
CREATE INDEX x_b_idx ON x (b);
CREATE INDEX bad_name ON y (a);
""", [("CREATE INDEX x_b_idx", "CREATE INDEX y_a_idx ON x (b)"),
      ("CREATE INDEX y_a_idx", "CREATE INDEX x_b_idx ON x (b)")]),
    # a type change of x's key drops and makes again the views on its INHERITS heirs
    "pk003-new-heir": ("postgres", """
CREATE TABLE x (id int PRIMARY KEY, v int);
CREATE TABLE c (note text);
CREATE VIEW cv AS SELECT id, note FROM c;
""", [("CREATE TABLE c", "CREATE TABLE c (note text) INHERITS (x)")]),
    # the views and rules a type-change hint drops and makes again are kept from one
    # re-check to the next while no view or rule statement changes (also across a line
    # added above them), and read again when one does
    "views-kept-then-edited": ("postgres", """
CREATE TABLE t (id int PRIMARY KEY, code varchar(10), note varchar(10));
CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t);
CREATE VIEW tv AS SELECT id, code FROM t;
CREATE TABLE w (id int PRIMARY KEY, v varchar(10));
CREATE RULE w_ins AS ON INSERT TO w DO INSTEAD NOTHING;
""", [("CREATE TABLE u", "CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t, x int)"),
      ("CREATE TABLE u", "CREATE TABLE u (id int PRIMARY KEY,\n  t_id int REFERENCES t)"),
      ("CREATE VIEW tv", "CREATE VIEW tv AS SELECT id, note FROM t"),
      ("CREATE TABLE t", "CREATE TABLE t (id int PRIMARY KEY, code varchar(20), note varchar(5))"),
      ("CREATE RULE w_ins", "CREATE RULE w_ins AS ON INSERT TO w DO INSTEAD SELECT v FROM w"),
      ("CREATE TABLE w", "CREATE TABLE w (id int PRIMARY KEY, v varchar(20))")]),
    # AK-TY008 leaves a foreign key's columns out: an ALTER TABLE that no longer parses
    # took r.dep_id's key away, the column itself unchanged (Flowable's DMN script)
    "ty008-foreign-key-gone": ("mysql", """
CREATE TABLE d (id varchar(255) PRIMARY KEY);
CREATE TABLE r (id varchar(255) PRIMARY KEY, dep_id varchar(255));
CREATE TABLE e (id varchar(255) PRIMARY KEY, dep_id text);
ALTER TABLE r ADD CONSTRAINT r_d_fk FOREIGN KEY (dep_id) REFERENCES d (id);
""", [("ALTER TABLE r", "ALTER TABLE r ADD CONSTRAINT r_d_fk FOREIGN KEY  ((( ,(dep_id) "
                        "REFERENCES d (id)"),
      ("ALTER TABLE r", "ALTER TABLE r ADD CONSTRAINT r_d_fk FOREIGN KEY (dep_id) REFERENCES d (id)")]),
    # AK-IX005 keeps a UNIQUE a composite foreign key names: the key is another table's
    # (Ambari's VIEWINSTANCEDATA), which a re-check of the edited table's referrers left
    # out of view, so the UNIQUE looked implied by the primary key
    "ix005-unique-named-by-another-table": ("oracle", """
CREATE TABLE m (name VARCHAR2(10) PRIMARY KEY);
CREATE TABLE vi (id NUMBER(10) PRIMARY KEY, view_name VARCHAR2(10) REFERENCES m (name),
  name VARCHAR2(10), CONSTRAINT uq_vi UNIQUE (id, view_name, name));
CREATE TABLE vid (id NUMBER(10) PRIMARY KEY, vi_id NUMBER(10), view_name VARCHAR2(10),
  vi_name VARCHAR2(10), FOREIGN KEY (vi_id, view_name, vi_name) REFERENCES vi (id, view_name, name));
""", [("CREATE TABLE m", "CREATE TABLE m (name VARCHAR2(20) PRIMARY KEY)")]),
    # a type change's hint drops and re-adds the generated columns that read the column:
    # which tables have them is kept from one re-check to the next, and must follow edits
    "generated-column-added-and-removed": ("postgres", """
CREATE TABLE a (id bigint PRIMARY KEY, note text);
CREATE TABLE t (id bigint PRIMARY KEY, code varchar(10));
""", [("CREATE TABLE t", "CREATE TABLE t (id bigint PRIMARY KEY, code varchar(10), "
                         "code_up text GENERATED ALWAYS AS (upper(code)) STORED)"),
      ("CREATE TABLE a", "CREATE TABLE a (id bigint PRIMARY KEY, note varchar(5))"),
      ("CREATE TABLE t", "CREATE TABLE t (id bigint PRIMARY KEY, code varchar(10))")]),
    # AK-TY008 counts an inherited column once, in the parent
    "ty008-inherited-column": ("postgres", """
CREATE TABLE p (id bigint PRIMARY KEY, code char(3));
CREATE TABLE q (id bigint PRIMARY KEY, code text);
CREATE TABLE c (x int NOT NULL) INHERITS (p);
""", [("CREATE TABLE c", "CREATE TABLE c (x int) INHERITS (p)")]),
    # a key declared on a partition alone is served by its parent's index (AK-IX006), and
    # keeps the parent from looking unreferenced (AK-FK005): edits of either reach both
    "partition-key-and-parent-index": ("postgres", """
CREATE TABLE rental (rental_id integer PRIMARY KEY);
CREATE TABLE payment (payment_id integer NOT NULL, rental_id integer NOT NULL,
  payment_date timestamptz NOT NULL, PRIMARY KEY (payment_date, payment_id))
  PARTITION BY RANGE (payment_date);
CREATE TABLE payment_p1 (payment_id integer NOT NULL, rental_id integer NOT NULL,
  payment_date timestamptz NOT NULL);
ALTER TABLE ONLY payment ATTACH PARTITION payment_p1 FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');
ALTER TABLE ONLY payment_p1 ADD CONSTRAINT payment_p1_rental_fk FOREIGN KEY (rental_id)
  REFERENCES rental (rental_id);
CREATE INDEX payment_x ON payment (payment_id);
""", [("CREATE INDEX payment_x", "CREATE INDEX payment_x ON payment (rental_id);"),
      ("CREATE INDEX payment_x", "CREATE INDEX payment_x ON payment (payment_id);"),
      ("ALTER TABLE ONLY payment_p1 ADD", "ALTER TABLE ONLY payment_p1 ADD CONSTRAINT "
       "payment_p1_pay_fk FOREIGN KEY (payment_id) REFERENCES rental (rental_id);")]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_edit_is_rechecked_as_a_full_check_sees_it(case):
    dialect, sql, edits = CASES[case]
    ic = IncrementalChecker(sql, dialect=dialect)
    whole = IncrementalChecker(sql, dialect=dialect)
    for start, new in edits:
        got = ic.edit(_statement(ic, start), new)
        full = check(ic.text, dialect=dialect)
        assert _key(got) == _key(full)
        assert _key(whole.check(ic.text)) == _key(full)


def test_a_marker_at_the_end_of_an_edited_statement_keeps_the_next_statement_apart():
    ic = IncrementalChecker(CASES["marker-at-the-end"][1], dialect="postgres")
    got = ic.edit(0, CASES["marker-at-the-end"][2][0][1])
    assert not [f for f in got if f.rule == "AK-SQL001"]
    assert not [f for f in got if f.rule == "AK-IX006"]      # the marker holds
    assert len(ic.statements) == 2


def test_a_marker_removed_from_above_a_statement_no_longer_holds():
    """An in-place edit kept the marker above the statement; the whole-text path with
    the marker's line blank then reused that statement, marker and all."""
    marked = "CREATE TABLE b (id bigint PRIMARY KEY);\n-- archkit: ignore[AK-PK001] reason\n" \
             "CREATE TABLE a (x int);\n"
    ic = IncrementalChecker(marked, dialect="postgres")
    assert not [f for f in ic.report if f.rule == "AK-PK001"]
    ic.edit(1, "CREATE TABLE a (x  int)")
    assert not [f for f in ic.report if f.rule == "AK-PK001"]
    blank = "CREATE TABLE b (id bigint PRIMARY KEY);\n\nCREATE TABLE a (x  int);\n"
    got = ic.check(blank)
    assert [f.object for f in got if f.rule == "AK-PK001"] == ["a"]
    assert _key(got) == _key(check(blank, dialect="postgres"))


def test_an_edit_that_adds_a_line_moves_the_tables_after_it():
    """Every later table moves a line (the checker moves them: see
    test_schema_incremental_lines.py), and back."""
    sql = "".join(f"CREATE TABLE t{i} (id int PRIMARY KEY, Name varchar(10), t{i - 1}_id int "
                  f"REFERENCES t{i - 1});\nCREATE INDEX ix{i} ON t{i} (Name);\n"
                  for i in range(1, 41)).replace(" REFERENCES t0", "")
    ic = IncrementalChecker(sql, dialect="postgres")
    i = _statement(ic, "CREATE TABLE t2 ")
    for new in ("CREATE TABLE t2 (id int PRIMARY KEY,\n  Name varchar(10), t1_id int REFERENCES t1)",
                "CREATE TABLE t2 (id int PRIMARY KEY, Name varchar(10), t1_id int REFERENCES t1)"):
        got = ic.edit(i, new)
        assert _key(got) == _key(check(ic.text, dialect="postgres"))
    assert ic.text == sql


@pytest.mark.parametrize("dialect", ["tsql", "sqlite", "oracle", "mysql", "postgres"])
def test_statement_of_takes_the_name_as_written(dialect):
    ic = IncrementalChecker("CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE Users (id int);\n",
                            dialect=dialect)
    assert ic.statement_of("Users") == 1
    with pytest.raises(KeyError):
        ic.statement_of("Nobody")


def test_an_empty_edit_deletes_the_statement_and_its_semicolon():
    sql = "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int);\nCREATE TABLE c (id int);\n"
    ic = IncrementalChecker(sql, dialect="postgres")
    got = ic.edit(1, "")
    assert ic.text == "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE c (id int);\n"
    assert [s.sql for s in ic.statements] == ["CREATE TABLE a (id int PRIMARY KEY)",
                                              "CREATE TABLE c (id int)"]
    assert _key(got) == _key(check(ic.text, dialect="postgres"))


# -- scout AZ: a differential run of ~25,000 random edits over 17 inputs ----------------
def _same_as_full(ic, dialect, config=None):
    from archkit.schema.parse import SqlSource

    full = check([SqlSource(t, p) for p, t in ic.files], dialect=dialect, config=config)
    assert [(f.rule, f.severity, f.message, f.path, f.line, f.col, f.object, f.hint)
            for f in ic.report] == \
        [(f.rule, f.severity, f.message, f.path, f.line, f.col, f.object, f.hint) for f in full]
    return full


@pytest.mark.parametrize("workers", [1, 2])
def test_a_second_primary_key_in_create_table_is_reported_from_every_process(workers):
    """The conflict was kept on the shared fragment builder's catalog, no one's: lost on
    two cores and in the incremental checker."""
    sql = "CREATE TABLE t (id int PRIMARY KEY, b int, PRIMARY KEY (b));\n" + "".join(
        f"CREATE TABLE x{i} (id int PRIMARY KEY);\n" for i in range(2_100))
    found = [f for f in check(sql, dialect="postgres", workers=workers)
             if f.rule == "AK-SQL003"]
    assert [(f.line, f.col) for f in found] == [(1, 57)]
    assert "a second primary key on t (b)" in found[0].message


def test_a_second_primary_key_added_by_an_edit_is_reported_and_gone_when_fixed():
    ic = IncrementalChecker("CREATE TABLE t (id int PRIMARY KEY, b int);\n", dialect="postgres")
    ic.edit(0, "CREATE TABLE t (id int PRIMARY KEY, b int, PRIMARY KEY (b))")
    assert [f.rule for f in _same_as_full(ic, "postgres")].count("AK-SQL003") == 1
    ic.edit(0, "CREATE TABLE t (id int PRIMARY KEY, b int)")
    assert "AK-SQL003" not in [f.rule for f in _same_as_full(ic, "postgres")]


def test_tsql_a_marker_ending_an_edit_keeps_its_reason_and_the_go_after_it():
    ic = IncrementalChecker("CREATE TABLE t (id int PRIMARY KEY, a int);\nGO\n", dialect="tsql")
    ic.edit(0, "CREATE TABLE t (id int PRIMARY KEY, a int) -- archkit: ignore[AK-PK003]")
    assert "ignore[AK-PK003];" not in ic.text
    _same_as_full(ic, "tsql")


@pytest.mark.parametrize("before", ["/* note */ ", "CREATE TABLE a0 (id bigint PRIMARY KEY); "])
def test_a_marker_above_a_statement_that_does_not_start_its_line(before):
    """The split reads a comment written there as the end of what stands before it on the
    line: the marker was b's in the checker (silencing b), a's in a full check."""
    ic = IncrementalChecker("CREATE TABLE a (id bigint PRIMARY KEY);\n" + before
                            + "CREATE TABLE b (id bigint PRIMARY KEY);\n", dialect="postgres")
    for table in ("b (id bigint PRIMARY KEY)", "b (y int)"):
        ic.edit(_statement(ic, "CREATE TABLE b"),
                f"-- archkit: ignore[AK-PK001] reason\nCREATE TABLE {table}")
        _same_as_full(ic, "postgres")


def test_an_edited_create_index_is_copied_into_hints_as_now_written():
    """Quoting a column changes no index, but DuckDB's hints re-make the index from its
    statement's text; a trailing comment in it would swallow the rest of the hint."""
    ic = IncrementalChecker(
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id INTEGER, total INTEGER);\n"
        "CREATE INDEX orders_user_id_idx ON orders (user_id);\n", dialect="duckdb")
    ic.edit(1, 'CREATE INDEX orders_user_id_idx ON orders ("user_id")')
    hints = [f.hint for f in _same_as_full(ic, "duckdb") if f.rule == "AK-TY009"]
    assert hints and all('ON orders ("user_id");' in h for h in hints)
    ic.edit(1, "CREATE INDEX orders_user_id_idx ON orders (user_id) -- by user")
    hints = [f.hint for f in _same_as_full(ic, "duckdb") if f.rule == "AK-TY009"]
    assert hints and all("(user_id) /* by user */;" in h for h in hints)


def test_nm003_names_the_line_another_file_moved_to():
    a = ("CREATE TABLE orders (id bigint PRIMARY KEY, c int);\nCREATE TABLE x (id bigint "
         f"PRIMARY KEY);\nCREATE INDEX {LONG}_orders ON orders (c);\n")
    b = (f"CREATE TABLE payments (id bigint PRIMARY KEY, c int);\nCREATE INDEX {LONG}"
         "_payments ON payments (c);\n")
    ic = IncrementalChecker("", dialect="postgres")
    ic.files = [["a.sql", a], ["b.sql", b]]
    ic.recheck()
    ic.edit(1, "CREATE TABLE x (id bigint PRIMARY KEY) -- c")
    full = _same_as_full(ic, "postgres")
    assert any("(a.sql:4)" in f.message for f in full if f.rule == "AK-NM003")


@pytest.mark.parametrize("dialect", ["tsql", "sqlite", "duckdb"])
def test_a_missing_reference_respelled_is_reported_as_now_written(dialect):
    ic = IncrementalChecker("CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES Missing (Id));\n",
                            dialect=dialect)
    ic.edit(0, "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES MISSING (ID))")
    assert any("MISSING" in f.message for f in _same_as_full(ic, dialect) if f.rule == "AK-FK001")


def test_a_statement_whose_semicolon_moved_up_no_longer_covers_the_one_added_after_it():
    ic = IncrementalChecker("CREATE TABLE a (x int -- archkit: ignore[AK-PK001] r\n)\n\n;\n",
                            dialect="postgres")
    ic.edit(0, "CREATE TABLE a (x int -- archkit: ignore[AK-PK001] r\n);\nCREATE TABLE c (b smallint)")
    assert [f.object for f in _same_as_full(ic, "postgres") if f.rule == "AK-PK001"] == ["c"]


def test_tsql_a_block_comment_before_a_statement_after_one_without_semicolon():
    ic = IncrementalChecker("CREATE TABLE t (a int, c0 int)\nCREATE INDEX ix ON t (c0);\n",
                            dialect="tsql")
    ic.edit(1, "/* a block */ CREATE INDEX ix ON t (c0)")
    _same_as_full(ic, "tsql")
    assert [s.sql for s in ic.statements] == ["CREATE TABLE t (a int, c0 int)",
                                              "CREATE INDEX ix ON t (c0)"]


def test_statement_of_takes_the_default_schema_as_written():
    ic = IncrementalChecker("CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE dbo.Customers (id int);\n",
                            dialect="tsql")
    assert ic.statement_of("dbo.Customers") == ic.statement_of("Customers") == 1
