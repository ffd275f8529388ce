"""Named column types: postgres CREATE DOMAIN and SQL Server alias types (CREATE TYPE ...
FROM). sqlglot keeps both as raw text; archkit reads them so the columns declared with
them have a type the rules can judge."""

from __future__ import annotations

import pytest

from archkit.schema import load_schema
from archkit.schema.check import check
from archkit.schema.domains import read_domain


@pytest.mark.parametrize("sql, name, type_sql, not_null", [
    ("CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK "
     "(((VALUE >= 1901) AND (VALUE <= 2155)));", "year", "integer", False),
    ("CREATE DOMAIN public.amount numeric(12, 2) NOT NULL DEFAULT 0", "public.amount",
     "numeric(12, 2)", True),
    ("CREATE DOMAIN \"Email\" AS character varying(320) COLLATE \"C\" "
     "CHECK (VALUE IS NOT NULL AND VALUE ~ '@')", "Email", "character varying(320)", False),
    ("CREATE DOMAIN at_utc AS timestamp with time zone", "at_utc", "timestamp with time zone",
     False),
    # (SSMS brackets the base type: read as the type it names)
    ("CREATE TYPE [dbo].[Name] FROM [nvarchar](50) NULL", "dbo.Name", "nvarchar(50)", False),
    ("CREATE TYPE Flag FROM bit NOT NULL;", "Flag", "bit", True),
    ("CREATE TYPE Phone FROM nvarchar(25)", "Phone", "nvarchar(25)", False),
])
def test_definitions_are_read(sql, name, type_sql, not_null):
    d = read_domain(sql)
    assert (d.name, d.type_sql, d.not_null) == (name, type_sql, not_null)


@pytest.mark.parametrize("sql", [
    "CREATE TYPE mood AS ENUM ('sad', 'ok')",
    "CREATE TYPE dbo.OrderLines AS TABLE (id int)",
    "CREATE DOMAIN",
    "CREATE TABLE t (id int)",
])
def test_other_statements_are_not_definitions(sql):
    assert read_domain(sql) is None


PG = """CREATE DOMAIN year AS integer CHECK (VALUE >= 1901);
CREATE DOMAIN price AS double precision NOT NULL;
CREATE DOMAIN uid AS bigint;
CREATE TABLE film (id uid PRIMARY KEY, release_year public.year, unit_price price,
    code "year");
CREATE TABLE rental (id uid PRIMARY KEY, film_id uid NOT NULL REFERENCES film (id),
    old_film_id year REFERENCES film (id));
CREATE INDEX rental_film_id_idx ON rental (film_id);
CREATE INDEX rental_old_film_id_idx ON rental (old_film_id);
"""


def test_columns_of_a_domain_get_its_type():
    cat = load_schema(PG)
    film = cat.tables["film"].columns
    assert (film["release_year"].type, film["release_year"].raw_type,
            film["release_year"].domain) == ("int", "public.year", "year")
    assert film["code"].domain == "year"
    assert film["unit_price"].type == "double" and not film["unit_price"].nullable
    assert film["id"].type == "bigint"


def test_the_rules_see_through_a_domain_and_say_so():
    report = check(PG)
    said = {(f.rule, f.object): f.message for f in report}
    # a float money column behind a domain, an int column referencing a bigint key
    assert said[("AK-TY004", "film.unit_price")] == \
        "film.unit_price holds money as price (double), which is not exact"
    assert said[("AK-FK002", "rental.old_film_id")] == \
        "rental.old_film_id is year (int) but references film.id of type uid (bigint)"
    # two columns of one domain hold the same values
    assert ("AK-FK002", "rental.film_id") not in said
    # the domains are read, not "not analysed"
    assert report.by_rule("AK-SQL002") == []


def test_sql_server_alias_types():
    sql = """CREATE TYPE [dbo].[Money2] FROM float NOT NULL;
GO
CREATE TYPE [Name] FROM nvarchar(50) NULL;
GO
CREATE TABLE [Sales].[Item] ([ItemID] bigint NOT NULL PRIMARY KEY, [Name] [Name] NOT NULL,
    [UnitPrice] [dbo].[Money2], [Title] dbo.Name);
GO
CREATE TYPE dbo.ItemList AS TABLE (id int);
GO
"""
    cat = load_schema(sql, "tsql")
    cols = cat.tables["sales.item"].columns
    assert (cols["name"].type, cols["name"].params, cols["name"].domain) == \
        ("varchar", ("50",), "Name")
    assert cols["title"].domain == "Name"
    # an alias's NOT NULL is the default of a column that says neither NULL nor NOT NULL
    # (SQL Server: "the nullability of columns defined with the alias data type can be
    # overridden"): UnitPrice is NOT NULL, Name says NOT NULL, Title takes Name's NULL
    plain = load_schema("CREATE TABLE p (x float)", "tsql").tables["p"].columns["x"]
    assert cols["unitprice"].type == plain.type and not cols["unitprice"].nullable
    assert cols["title"].nullable
    report = check(sql, dialect="tsql")
    assert [f.object for f in report.by_rule("AK-TY004")] == ["sales.item.unitprice"]
    # a table type is still not analysed
    assert [f.line for f in report.by_rule("AK-SQL002")] == [8]


def test_a_dropped_or_unknown_type_leaves_columns_unknown():
    cat = load_schema("CREATE DOMAIN d AS int;\nDROP DOMAIN d;\n"
                      "CREATE TABLE t (a d, b nosuchtype);")
    assert cat.domains == {}
    assert [c.type for c in cat.tables["t"].columns.values()] == ["user-defined"] * 2
    assert check("CREATE DOMAIN d AS int;\nDROP DOMAIN d;", select=["AK-SQL002"]).findings == []


def test_parallel_workers_resolve_alike():
    from archkit.schema import parallel
    from archkit.schema.catalog import build_catalog
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parse import SqlSource

    d = get_dialect("postgres")
    text = "CREATE DOMAIN cents AS bigint NOT NULL;\n" + "".join(
        f"CREATE TABLE t{i} (id bigint PRIMARY KEY, amount cents);\n" for i in range(60))
    one = build_catalog(parallel.parse_sources([SqlSource(text, "s.sql")], d, workers=1), d)
    two = build_catalog(parallel.parse_sources([SqlSource(text, "s.sql")], d, workers=2), d)
    assert one.tables == two.tables
    assert {t.columns["amount"].type for t in two.tables.values()} == {"bigint"}


def test_incremental_edits_of_tables_and_of_the_domain():
    from archkit.schema.cache import IncrementalChecker

    def same_as_full(ic):
        full = check(ic.text if isinstance(ic.text, str) else ic.text(), cache=False)
        assert [(f.rule, f.object, f.message) for f in ic.report] == \
            [(f.rule, f.object, f.message) for f in full]

    ic = IncrementalChecker("CREATE DOMAIN key32 AS integer;\n"
                            "CREATE TABLE a (id key32 PRIMARY KEY, note text);\n"
                            "CREATE TABLE b (id bigint PRIMARY KEY);\n")
    ic.recheck()
    assert [f.object for f in ic.report.by_rule("AK-PK003")] == ["a.id"]
    # the table edited in place: its domain column is resolved again
    ic.edit(1, "CREATE TABLE a (id key32 PRIMARY KEY, note text NOT NULL)")
    assert [f.object for f in ic.report.by_rule("AK-PK003")] == ["a.id"]
    same_as_full(ic)
    # the domain edited: its columns follow
    ic.edit(0, "CREATE DOMAIN key32 AS bigint")
    assert ic.report.by_rule("AK-PK003") == []
    same_as_full(ic)
