"""Tables made from a query (CREATE TABLE ... AS SELECT, SELECT ... INTO): their columns.

The expected names, types and nullability are what PostgreSQL 15 made of the same
statements (``information_schema.columns``), and what Lemmy's migrations give there
(scout AS: 9 of its 58 tables are made so; their 47 columns were missing)."""

from __future__ import annotations

import pytest

from archkit.schema import check, load_schema

BASE = """\
CREATE TABLE comment_like (person_id int NOT NULL, comment_id int NOT NULL,
    score smallint NOT NULL, published timestamptz NOT NULL DEFAULT now());
CREATE TABLE comment_saved (person_id int NOT NULL, comment_id int NOT NULL,
    published timestamptz NOT NULL);
"""


def columns(sql: str, table: str, dialect: str = "postgres") -> list[tuple[str, str, bool]]:
    t = load_schema(sql, dialect).tables[table]
    return [(c.name, c.type, c.nullable) for c in t.columns.values()]


def test_names_and_types_as_postgres_gives_them():
    sql = BASE + (
        "CREATE TABLE t2 AS SELECT count(*), max(score), min(person_id) AS p, 'x' AS lit,\n"
        "    max(published) > now() AS late, 7 AS n, 1.5 AS r FROM comment_like c;\n"
        "CREATE TABLE t3 AS WITH w AS (SELECT person_id AS pid, published AS at FROM "
        "comment_like)\n    SELECT w.*, c.* FROM w JOIN comment_saved c ON true;\n")
    # (postgres: every column nullable, NOT NULL and defaults stay with the source)
    assert columns(sql, "t2") == [
        ("count", "bigint", True), ("max", "smallint", True), ("p", "int", True),
        ("lit", "text", True), ("late", "boolean", True), ("n", "int", True),
        ("r", "numeric", True)]
    assert columns(sql, "t3") == [
        ("pid", "int", True), ("at", "timestamptz", True), ("person_id", "int", True),
        ("comment_id", "int", True), ("published", "timestamptz", True)]
    t3 = load_schema(sql, "postgres").tables["t3"]
    assert all(c.default is None for c in t3.columns.values())


def test_lemmys_smooshed_tables_through_a_union_subquery():
    # 2025-08-01-000016_smoosh-tables-together, its first table
    sql = BASE + """\
CREATE TABLE comment_actions AS
SELECT
    max(liked) AS liked,
    max(saved) AS saved,
    person_id,
    comment_id,
    max(like_score) = 1 AS vote_is_upvote -- `null = 1` returns null
FROM (
    SELECT person_id, comment_id, score AS like_score, published AS liked,
        NULL::timestamptz AS saved
    FROM comment_like
    UNION ALL
    SELECT person_id, comment_id, NULL::int, NULL::timestamptz, published
    FROM comment_saved)
GROUP BY person_id, comment_id;
ALTER TABLE comment_actions RENAME COLUMN liked TO liked_at;
ALTER TABLE comment_actions ADD PRIMARY KEY (person_id, comment_id);
CREATE INDEX idx_comment_actions_liked ON comment_actions (liked_at);
"""
    assert columns(sql, "comment_actions") == [
        ("liked_at", "timestamptz", True), ("saved", "timestamptz", True),
        ("person_id", "int", False), ("comment_id", "int", False),
        ("vote_is_upvote", "boolean", True)]
    liked = load_schema(sql, "postgres").tables["comment_actions"].columns["liked_at"]
    assert (liked.pos.line, liked.pos.col) == (7, 19)     # its name in the SELECT list
    found = check(sql, dialect="postgres", cache=False)
    # the rename found its column; the message counts the table's real columns
    (ty009,) = [f for f in found if f.rule == "AK-TY009"]
    assert "(3 columns)" in ty009.message
    assert [f for f in found if f.rule.startswith("AK-SQL")] == []


def test_what_cannot_be_told_stays_unknown_and_the_table_open():
    # a star of a table this input does not have, an expression's name in a dialect
    # that names it otherwise: no column is made up, and no rule says one is missing
    sql = ("CREATE TABLE a AS SELECT * FROM elsewhere;\n"
           "CREATE INDEX a_x ON a (x);\n"
           "CREATE TABLE b AS SELECT upper(name), id FROM elsewhere;\n")
    assert columns(sql, "a") == []
    assert columns(sql, "b", "mysql") == [("id", "", True)]
    assert [f.rule for f in check(sql, dialect="postgres", cache=False)
            if f.rule.startswith("AK-SQL")] == []


def test_mysql_keeps_not_null_of_copied_columns():
    sql = ("CREATE TABLE src (id bigint NOT NULL PRIMARY KEY, note varchar(20));\n"
           "CREATE TABLE copy1 AS SELECT id, note, CAST(id AS char(20)) AS code FROM src;\n")
    assert columns(sql, "copy1", "mysql") == [
        ("id", "bigint", False), ("note", "varchar", True), ("code", "char", True)]


def test_select_into_creates_a_table():
    sql = ("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2));\n"
           "SELECT id, total AS amount INTO archive FROM orders;\n"
           "ALTER TABLE archive RENAME COLUMN amount TO sum;\n")
    assert columns(sql, "archive") == [("id", "bigint", True), ("sum", "numeric", True)]
    assert not [f for f in check(sql, dialect="postgres", cache=False)
                if f.rule == "AK-SQL003"]
    # SQL Server's INTO #t is a temporary table, gone at its DROP
    ts = ("CREATE TABLE dbo.Org (Id int NOT NULL PRIMARY KEY);\n"
          "SELECT Id INTO #TempOrg FROM dbo.Org;\n")
    temp = load_schema(ts, "tsql").tables["temporg"]
    assert temp.options.get("temporary") and list(temp.columns) == ["id"]
    assert "temporg" not in load_schema(ts + "DROP TABLE #TempOrg;\n", "tsql").tables


def test_columns_are_named_as_postgresql_names_them_or_left_out():
    """sqlglot renames functions (now() -> current_timestamp, substr -> substring,
    string_agg -> group_concat) and a cast was named cast: columns PostgreSQL does not
    have, with false AK-NM002 reserved words on them; src AS s(a, b) was ignored (scout
    AW; PostgreSQL 15 names these id, name, now, substr, string_agg and a, b, created)."""
    cat = load_schema(
        "CREATE TABLE src (id int NOT NULL PRIMARY KEY, name varchar(40) NOT NULL, "
        "created timestamptz);\n"
        "CREATE TABLE snap AS SELECT id::bigint, CAST(name AS text), now(), "
        "substr(name, 1, 2), string_agg(name, ','), max(id) FROM src GROUP BY id, name;\n"
        "CREATE TABLE renamed AS SELECT * FROM src AS s(a, b);\n")
    snap = cat.tables["snap"].columns
    assert [(n, c.type) for n, c in snap.items()] == [
        ("id", "bigint"), ("name", "text"), ("max", "int")]
    assert list(cat.tables["renamed"].columns) == ["a", "b", "created"]


def test_select_into_with_a_cte_or_a_union_creates_its_table():
    """WITH ... SELECT ... INTO t and SELECT ... INTO t ... UNION made no table: t was
    then taken as one that existed with data (AK-MG003/MG004/MG007 on it, no AK-PK001;
    scout AW)."""
    sql = ("CREATE TABLE src (id int NOT NULL PRIMARY KEY, kind text);\n"
           "CREATE TABLE other (id bigint NOT NULL PRIMARY KEY);\n"
           "SELECT id INTO archive_ids FROM src UNION SELECT id FROM other;\n"
           "ALTER TABLE archive_ids ADD PRIMARY KEY (id);\n"
           "WITH w AS (SELECT id, kind FROM src) SELECT * INTO kinds FROM w;\n"
           "CREATE INDEX kinds_kind_idx ON kinds (kind);\n")
    cat = load_schema(sql)
    assert list(cat.tables["archive_ids"].columns) == ["id"]
    assert list(cat.tables["kinds"].columns) == ["id", "kind"]
    found = [(f.rule, f.object) for f in check(sql, cache=False)
             if f.rule.startswith(("AK-MG", "AK-PK001"))]
    assert found == [("AK-PK001", "kinds")]


def test_a_cte_named_like_a_table_is_the_cte_in_subqueries_unions_and_later_ctes():
    """PostgreSQL 15 makes (z smallint) of each: a CTE read from a nested subquery or from
    the branches of a UNION (sqlglot hangs that WITH on the union) was the real table of
    that name (id bigint, label text; scout AW F05)."""
    sql = ("CREATE TABLE other (id bigint NOT NULL, label text);\n"
           "CREATE TABLE i6 AS WITH other AS (SELECT 1::smallint AS z) "
           "SELECT * FROM (SELECT * FROM other) q;\n"
           "CREATE TABLE i9 AS WITH other AS (SELECT 1::smallint AS z) "
           "SELECT * FROM other UNION ALL SELECT * FROM other;\n"
           "CREATE TABLE i10 AS WITH other AS (SELECT 1::smallint AS z), "
           "again AS (SELECT * FROM other) SELECT * FROM again;\n"
           # a CTE's own body sees the table: the CTE is not in scope before it is made
           "CREATE TABLE i11 AS WITH other AS (SELECT id FROM other) SELECT * FROM other;\n")
    for table in ("i6", "i9", "i10"):
        assert columns(sql, table) == [("z", "smallint", True)], table
    assert columns(sql, "i11") == [("id", "bigint", True)]


def test_postgres_common_types_of_coalesce_union_and_aggregates():
    """What PostgreSQL 15 made of each (scout AW F06): the first argument's or first
    branch's type was taken, with its modifier."""
    sql = ("CREATE TABLE src (id int NOT NULL PRIMARY KEY, name varchar(40) NOT NULL, "
           "price numeric(10,2), qty smallint, big bigint);\n"
           "CREATE TABLE other (id int NOT NULL, src_id bigint, note text, "
           "price numeric(12,4));\n"
           "CREATE TABLE c2 AS SELECT coalesce(qty, big), max(name), min(price), "
           "coalesce(price, 0) AS cp, greatest(qty, 1) AS g, coalesce(note, NULL) AS n, "
           "max(id) AS m FROM src, other GROUP BY qty, big, src.price, note;\n"
           "CREATE TABLE c3 AS SELECT id FROM src UNION ALL SELECT src_id FROM other;\n"
           "CREATE TABLE c7 AS SELECT price FROM src UNION SELECT price FROM other;\n"
           "CREATE TABLE c8 AS SELECT name FROM src UNION SELECT note FROM other "
           "UNION SELECT name FROM src;\n"
           "CREATE TABLE c9 AS SELECT price FROM src UNION SELECT price FROM src;\n")
    assert [(n, t) for n, t, _ in columns(sql, "c2")] == [
        ("coalesce", "bigint"), ("max", "text"), ("min", "numeric"), ("cp", "numeric"),
        ("g", "int"), ("n", "text"), ("m", "int")]
    s = load_schema(sql, "postgres")
    assert s.tables["c2"].columns["min"].params == ()
    assert columns(sql, "c3") == [("id", "bigint", True)]
    assert [(c.type, c.params) for c in s.tables["c7"].columns.values()] == [("numeric", ())]
    assert columns(sql, "c8") == [("name", "varchar", True)]     # (the first's: scout AX)
    assert [(c.type, c.params) for c in s.tables["c9"].columns.values()] == [
        ("numeric", ("10", "2"))]                         # the same modifier is kept


def test_postgres_unknown_literals_take_the_other_inputs_type():
    """A quoted literal or NULL is of type unknown: beside varchar(40) it is varchar
    (archkit said text), and where every input is one, text; varchar and text give the
    first one's type. COALESCE drops its NULLs, GREATEST and a UNION do not (they cost
    the modifier). A parenthesised union branch is typed whole (only its first SELECT
    was). What PostgreSQL 15 made of each (scout AX F02, F03)."""
    sql = ("CREATE TABLE src (id int NOT NULL PRIMARY KEY, name varchar(40) NOT NULL, "
           "price numeric(10,2), qty smallint, big bigint);\n"
           "CREATE TABLE other (id int NOT NULL, note text);\n"
           "CREATE TABLE c2 AS SELECT coalesce(note, NULL) AS n, coalesce(name, note) AS nn, "
           "coalesce(note, name) AS tn, coalesce(name, 'x') AS nx, "
           "coalesce(src.price, NULL) AS pn, NULL AS z, 'a' AS lit, coalesce(name, name) AS "
           "same, greatest(src.price, NULL) AS gp FROM src, other;\n"
           "CREATE TABLE c8b AS SELECT note FROM other UNION SELECT name FROM src;\n"
           "CREATE TABLE c10 AS SELECT price FROM src UNION SELECT NULL FROM src;\n"
           "CREATE TABLE c11 AS SELECT qty FROM src UNION (SELECT id FROM src UNION "
           "SELECT big FROM src);\n"
           "CREATE TABLE c12 AS SELECT name FROM src UNION SELECT NULL FROM src;\n"
           "CREATE TABLE c13 AS SELECT NULL AS a UNION SELECT NULL;\n"
           "CREATE TABLE c14 AS SELECT 'a' AS a UNION SELECT 'b';\n"
           # two at a time, as they nest: 'a' UNION 'b' is text before name comes
           "CREATE TABLE c15 AS SELECT 'a' AS x UNION SELECT 'b' UNION SELECT name FROM src;\n"
           "CREATE TABLE c16 AS SELECT 'a' AS x UNION SELECT name FROM src;\n"
           "CREATE TABLE c17 AS SELECT 'a' AS x UNION (SELECT name FROM src UNION SELECT 'b');\n")
    s = load_schema(sql, "postgres")

    def typed(table):
        return [(c.name, c.type, c.params) for c in s.tables[table].columns.values()]

    assert typed("c2") == [
        ("n", "text", ()), ("nn", "varchar", ()), ("tn", "text", ()), ("nx", "varchar", ()),
        ("pn", "numeric", ("10", "2")), ("z", "text", ()), ("lit", "text", ()),
        ("same", "varchar", ("40",)), ("gp", "numeric", ())]
    assert typed("c8b") == [("note", "text", ())]
    assert typed("c10") == [("price", "numeric", ())]
    assert typed("c11") == [("qty", "bigint", ())]
    assert typed("c12") == [("name", "varchar", ())]
    assert typed("c13") == typed("c14") == [("a", "text", ())]
    assert typed("c15") == [("x", "text", ())]                 # (scout AY F02)
    assert typed("c16") == typed("c17") == [("x", "varchar", ())]


def test_mariadb_union_columns_are_nullable_where_any_branch_is():
    """A union's first branch's NOT NULL was kept: SELECT 1 ... UNION SELECT NULL made k
    NOT NULL, and so did ref UNION note; MariaDB 10.11 makes them nullable. -qty, TRUE,
    qty + 1 and a numeric CAST of NOT NULL columns are NOT NULL there (scout AX F04, F11)."""
    sql = ("CREATE TABLE o (id INT NOT NULL PRIMARY KEY, qty SMALLINT NOT NULL, "
           "ref VARCHAR(20) NOT NULL, note VARCHAR(40), bonus INT);\n"
           "CREATE TABLE u1 AS SELECT 1 AS k, 'a' AS s FROM o UNION SELECT NULL, NULL FROM o;\n"
           "CREATE TABLE u2 AS SELECT ref AS s, id AS k FROM o UNION SELECT note, id FROM o;\n"
           "CREATE TABLE u3 AS SELECT id AS k FROM o UNION ALL (SELECT bonus FROM o);\n"
           "CREATE TABLE u4 AS SELECT id, qty, ref, note, bonus FROM o UNION SELECT * FROM o;\n"
           "CREATE TABLE u5 AS (SELECT * FROM o);\n"
           "CREATE TABLE e1 AS SELECT -qty AS neg, TRUE AS t, qty + 1 AS p, "
           "CAST(qty AS SIGNED) AS cs, qty / 2 AS d, -bonus AS nb, CAST(qty AS DOUBLE) AS "
           "cd, qty = 1 AS eq, NOT (qty > 1) AS ne, bonus IS NULL AS isn, bonus = 1 AS nbe "
           "FROM o;\n")
    nullable = {t: {c.name: c.nullable for c in load_schema(sql, "mariadb").tables[t]
                    .columns.values()} for t in ("u1", "u2", "u3", "u4", "u5", "e1")}
    assert nullable["u1"] == {"k": True, "s": True}
    assert nullable["u2"] == {"s": True, "k": False}
    assert nullable["u3"] == {"k": True}
    # a * branch is read by place (every column was made nullable; scout AY)
    assert nullable["u4"] == {"id": False, "qty": False, "ref": False, "note": True,
                              "bonus": True}
    assert nullable["u5"]["id"] is False and nullable["u5"]["qty"] is False   # no union
    # (MariaDB makes a cast to DOUBLE nullable, a comparison of NOT NULL values not)
    assert nullable["e1"] == {"neg": False, "t": False, "p": False, "cs": False,
                              "d": True, "nb": True, "cd": True, "eq": False, "ne": False,
                              "isn": False, "nbe": True}


def test_a_star_over_a_source_not_in_the_schema_keeps_the_known_columns():
    """A * over a table of the schema joined to one it does not hold gave no columns at
    all for a while (the review of this session's diff): the known source's are kept."""
    sql = ("CREATE TABLE o (id int NOT NULL, qty int);\n"
           "CREATE TABLE x AS SELECT * FROM o JOIN elsewhere.t u ON u.id = o.id;\n"
           "CREATE TABLE y AS SELECT * FROM o JOIN elsewhere.t u ON u.id = o.id "
           "UNION SELECT id, qty FROM o;\n")
    for dialect in ("mariadb", "postgres"):
        s = load_schema(sql, dialect)
        assert list(s.tables["x"].columns) == ["id", "qty"], dialect
        assert list(s.tables["y"].columns) == ["id", "qty"], dialect
    # in a union, where a column falls after the unknown source's cannot be told:
    # it may be NULL
    assert load_schema(sql, "mariadb").tables["y"].columns["id"].nullable


def test_join_columns_merged_by_using_or_natural_join_are_no_duplicates():
    """SELECT * over JOIN ... USING or a NATURAL JOIN makes each join column once (MariaDB
    10.11 and PostgreSQL 15 create the tables); the same name from two sides otherwise is
    refused (MariaDB: 1060), also in another case (id, ID); scout AY F01, F07."""
    sql = ("CREATE TABLE a (id int NOT NULL, name varchar(10));\n"
           "CREATE TABLE b (id int NOT NULL, a_id int, name varchar(10));\n"
           "CREATE TABLE t1 AS SELECT * FROM a NATURAL JOIN b;\n"
           "CREATE TABLE t2 AS SELECT * FROM a JOIN b USING (id, name);\n"
           "CREATE TABLE t3 AS SELECT * FROM a JOIN b USING (id);\n"
           "CREATE TABLE t4 AS SELECT id, ID FROM a;\n")
    for dialect in ("mariadb", "postgres"):
        found = [(f.line, f.object) for f in check(sql, dialect=dialect, cache=False)
                 if f.rule == "AK-SQL003"]
        # (MariaDB keeps the name's case: the second is ID; PostgreSQL folds it to id)
        assert found == [(5, "t3.name"), (6, "t4.ID" if dialect == "mariadb" else "t4.id")]
        assert list(load_schema(sql, dialect).tables["t1"].columns) == ["id", "name", "a_id"]


@pytest.mark.parametrize("dialect", ["mysql", "mariadb", "tsql"])
def test_a_column_named_twice_in_a_mysql_or_sql_server_table_made_by_a_query(dialect):
    """MariaDB: ERROR 1060 Duplicate column name 'id'; SQL Server: error 2705. archkit
    said nothing outside PostgreSQL (scout AX F10)."""
    make = ("CREATE TABLE a3 AS SELECT o.id, p.id FROM o JOIN o p ON p.id = o.id"
            if dialect != "tsql" else "SELECT o.id, p.id INTO a3 FROM o JOIN o p ON p.id = o.id")
    sql = f"CREATE TABLE o (id INT NOT NULL PRIMARY KEY);\n{make};\n"
    found = [(f.rule, f.line, f.object) for f in check(sql, dialect=dialect, cache=False)
             if f.rule == "AK-SQL003"]
    assert found == [("AK-SQL003", 2, "a3.id")]


def test_a_column_named_twice_in_a_postgres_create_table_as_is_refused():
    sql = ("CREATE TABLE src (id int NOT NULL PRIMARY KEY, name text);\n"
           "CREATE TABLE dup AS SELECT id, id FROM src;\n"
           "CREATE TABLE ok AS SELECT id, name AS id2 FROM src;\n")
    found = [(f.rule, f.line, f.col, f.object) for f in check(sql, dialect="postgres",
                                                              cache=False)
             if f.rule == "AK-SQL003"]
    assert found == [("AK-SQL003", 2, 32, "dup.id")]


def test_mariadb_nullability_of_outer_joins_constants_and_counts():
    """What MariaDB 10.11 made (scout AW F13): the outer side of a LEFT JOIN nullable
    (it was copied NOT NULL), a constant, COUNT(*) and a COALESCE with a NOT NULL
    argument NOT NULL (they were nullable)."""
    sql = ("CREATE TABLE src (id INT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, "
           "qty SMALLINT NULL);\n"
           "CREATE TABLE other (id INT NOT NULL PRIMARY KEY, src_id INT NOT NULL, "
           "note TEXT NOT NULL);\n"
           "CREATE TABLE m1 AS SELECT id, name, 'x' AS lit, 7 AS n, COUNT(*) AS cnt, "
           "COALESCE(qty, 0) AS q, COALESCE(qty, NULL) AS q2 FROM src GROUP BY id, name, qty;\n"
           "CREATE TABLE m2 AS SELECT s.id, o.src_id, o.note FROM src s "
           "LEFT JOIN other o ON o.src_id = s.id;\n"
           "CREATE TABLE m3 AS SELECT s.id, o.src_id FROM src s "
           "RIGHT JOIN other o ON o.src_id = s.id;\n")
    nullable = {t: {c.name: c.nullable for c in load_schema(sql, "mariadb").tables[t]
                    .columns.values()} for t in ("m1", "m2", "m3")}
    assert nullable["m1"] == {"id": False, "name": False, "lit": False, "n": False,
                              "cnt": False, "q": False, "q2": True}
    assert nullable["m2"] == {"id": False, "src_id": True, "note": True}
    assert nullable["m3"] == {"id": True, "src_id": False}
