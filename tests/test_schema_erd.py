"""ER diagrams: Graphviz (real dot), Mermaid, focus/hops, escaping, cardinality, CLI."""

from __future__ import annotations

import re

import pytest

from archkit.errors import InputError
from archkit.examples import path as example_path
from archkit.schema import load_schema
from archkit.schema.erd import cardinality, erd_dot, erd_mermaid, render_erd, select_tables

SHOP = sorted((example_path("shopfront") / "schema").glob("*.sql"))


@pytest.fixture(scope="module")
def shop():
    return load_schema(SHOP)


def test_svg_has_every_table_and_column(shop):
    svg = render_erd(shop, "svg")
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:400]
    for key, t in shop.tables.items():
        assert f">{key}<" in svg
        for c in t.columns:
            assert f">{c}<" in svg
    assert svg.count('class="edge"') == sum(len(t.foreign_keys) for t in shop.tables.values())


def test_png_is_a_png(shop):
    png = render_erd(shop, "png", focus="orders")
    assert isinstance(png, bytes) and png[:8] == b"\x89PNG\r\n\x1a\n"


def test_cardinality_from_nullability_and_uniqueness():
    cat = load_schema("""
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE many_required (id int PRIMARY KEY, p_id int NOT NULL REFERENCES p (id));
CREATE TABLE many_optional (id int PRIMARY KEY, p_id int REFERENCES p (id));
CREATE TABLE one_to_one (p_id int PRIMARY KEY REFERENCES p (id));
""")
    def fk(t):
        return cat.tables[t].foreign_keys[0]

    assert cardinality(cat.tables["many_required"], fk("many_required")) == ("zero or many", "exactly one")
    assert cardinality(cat.tables["many_optional"], fk("many_optional")) == ("zero or many", "zero or one")
    assert cardinality(cat.tables["one_to_one"], fk("one_to_one")) == ("zero or one", "exactly one")
    dot = erd_dot(cat)
    assert 'arrowtail=crowodot' in dot and 'arrowhead=teetee' in dot and 'arrowhead=teeodot' in dot
    mmd = erd_mermaid(cat)
    assert "many_required }o--|| p" in mmd and "many_optional }o--o| p" in mmd
    assert "one_to_one |o--|| p" in mmd


def test_focus_and_hops(shop):
    assert set(select_tables(shop, "payments", 0)) == {"payments"}
    assert set(select_tables(shop, "payments", 1)) == {"payments", "orders"}
    two = set(select_tables(shop, "payments", 2))
    assert {"customers", "order_items", "shipments"} <= two and "categories" not in two
    with pytest.raises(InputError, match="did you mean orders"):
        select_tables(shop, "order")


def test_clusters_by_schema_and_escaping():
    cat = load_schema('CREATE TABLE billing."A<b>&c" (id int PRIMARY KEY, "x""y" text);\n'
                      "CREATE TABLE crm.people (id int PRIMARY KEY, "
                      'bill_id int REFERENCES billing."A<b>&c" (id));')
    dot = erd_dot(cat)
    assert "cluster_0" in dot and "cluster_1" in dot
    assert "<B>A&lt;b&gt;&amp;c</B>" in dot          # HTML label: escaped
    svg = render_erd(cat, "svg")         # dot accepts the escaped labels
    assert "A&lt;b&gt;&amp;c" in svg
    mmd = erd_mermaid(cat)
    # a quoted entity name as written, "<", ">", "&" and '"' as the #code; Mermaid draws
    # as the character (as text: "<b>" was dropped by its sanitiser, scout AH; "&lt;"
    # and "#35;" were decoded, scout AT); an attribute name that is no word of
    # Mermaid's, as one with its name in the comment (every Mermaid reads it: scout AT)
    assert re.search(r'^    "billing.A#60;b#62;#38;c" \{', mmd, re.MULTILINE)
    assert '        text x_y "name: x#34;y, nullable"' in mmd
    assert '"crm.people" }o--o| "billing.A#60;b#62;#38;c"' in mmd


def test_timeout_is_a_clear_error(shop, monkeypatch):
    import subprocess

    from archkit.schema import erd

    def slow(*a, **k):
        raise subprocess.TimeoutExpired("dot", k.get("timeout"))
    monkeypatch.setattr(erd.subprocess, "run", slow)
    with pytest.raises(InputError, match="did not finish within 0.5 s"):
        render_erd(shop, "svg", timeout=0.5)


def test_missing_dot_names_the_fix(shop, monkeypatch):
    from archkit.errors import ToolMissingError
    from archkit.schema import erd

    monkeypatch.setattr(erd.shutil, "which", lambda name: None)
    with pytest.raises(ToolMissingError, match="apt-get install -y graphviz"):
        render_erd(shop, "svg")


def test_cli_writes_each_format(cli, tmp_path):
    files = [str(p) for p in SHOP]
    for ext, probe in ((".svg", b"<svg"), (".png", b"\x89PNG"), (".dot", b"digraph"),
                       (".mmd", b"erDiagram")):
        out = tmp_path / f"erd{ext}"
        res = cli("schema", "erd", *files, "-o", str(out), "--focus", "orders", "--hops", "2")
        assert res.code == 0, res.err
        assert probe in out.read_bytes()[:400]
    res = cli("schema", "erd", *files, "-o", str(tmp_path / "x.pdf"))
    assert res.code == 2 and "extension" in res.err
    res = cli("schema", "erd", *files, "--focus", "nope")
    assert res.code == 2 and "no table 'nope'" in res.err
    res = cli("schema", "erd", *files, "--format", "mermaid")
    assert res.code == 0 and res.out.startswith("erDiagram")


def test_types_as_written_in_mysql_and_sqlite_diagrams():
    my = load_schema("CREATE TABLE t (id INT UNSIGNED PRIMARY KEY, at TIMESTAMP NOT NULL,\n"
                     "  price DECIMAL(5, 2));", "mysql")
    mmd = erd_mermaid(my)
    assert "int_unsigned id PK" in mmd and "timestamp at" in mmd
    # Mermaid before 11.16 reads no comma in a word: the type in full in the comment
    assert 'decimal price "type: decimal(5,2), nullable"' in mmd
    pg = erd_mermaid(load_schema('CREATE TABLE p (id int PRIMARY KEY, code varchar(12),\n'
                                 '  flag "char", kind text);', "postgres"))
    assert "varchar(12) code" in pg and "char flag" in pg and "t__char_" not in pg
    dot = erd_dot(my)
    assert ">timestamp<" in dot and "timestamptz" not in dot and ">int unsigned<" in dot
    lite = erd_dot(load_schema("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB SUB_TYPE TEXT);",
                               "sqlite"))
    assert ">blob<" in lite and "varbinary" not in lite


def test_foreign_key_edges_leave_and_reach_rows_at_their_outer_edges():
    # a line from the name cell crossed the type column; ports on the outer cells do not
    cat = load_schema("CREATE TABLE account (id bigint PRIMARY KEY, name text);\n"
                      "CREATE TABLE events (id bigint PRIMARY KEY,\n"
                      "  account_id bigint NOT NULL REFERENCES account (id), kind text);")
    dot = erd_dot(cat)
    (edge,) = re.findall(r"^\s*(t\d+:\S+ -> t\d+:\S+)", dot, re.MULTILINE)
    assert re.fullmatch(r"t\d+:c1e:e -> t\d+:c0w:w", edge), edge
    assert 'PORT="c1e">' in dot and 'PORT="c0w">' in dot


def test_names_as_written_where_the_engine_keeps_them():
    ddl = ("CREATE TABLE Sales.Customer (CustomerID int NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE Sales.SalesOrderHeader (SalesOrderID int NOT NULL PRIMARY KEY,\n"
           "  CustomerID int NOT NULL REFERENCES Sales.Customer (CustomerID),\n"
           "  SalesOrderNumber AS (N'SO' + CONVERT(nvarchar(23), SalesOrderID)));\n"
           "CREATE TABLE dbo.ErrorLog (ErrorLogID int NOT NULL PRIMARY KEY);\n")
    cat = load_schema(ddl, "tsql")
    assert "sales.salesorderheader" in cat.tables      # compared without case ...
    dot = erd_dot(cat)                                  # ... drawn as written
    assert ">SalesOrderHeader<" in dot and ">SalesOrderID<" in dot and "label=Sales" in dot
    assert "salesorderheader" not in dot.replace("sales.salesorderheader", "")
    assert ">computed<" in dot                          # a computed column has no type
    mmd = erd_mermaid(cat)
    assert '"Sales.SalesOrderHeader" {' in mmd and "integer CustomerID FK" in mmd
    assert '"Sales.SalesOrderHeader" }o--|| "Sales.Customer" : "CustomerID"' in mmd
    # focus takes the name in any case, as the engine would
    assert select_tables(cat, "sales.salesorderheader") == select_tables(cat, "Sales.SalesOrderHeader")
    # postgres folds unquoted names: the stored name is the folded one
    pg = erd_dot(load_schema("CREATE TABLE Sales.Customer (CustomerID int PRIMARY KEY);\n"
                             "CREATE TABLE Audit.Log (LogID int PRIMARY KEY);", "postgres"))
    assert ">customer<" in pg and "<B>customerid</B>" in pg and "label=sales" in pg
    assert "Customer" not in pg


def test_a_large_diagram_says_how_to_draw_part_of_it(tmp_path):
    # GitLab's 1,401 tables: an 11 MB SVG 41 m tall (scout V)
    import subprocess
    import sys

    sql = "CREATE TABLE hub (id bigint PRIMARY KEY);\n" + "".join(
        f"CREATE TABLE t{i} (id bigint PRIMARY KEY, hub_id bigint REFERENCES hub (id));\n"
        for i in range(160))
    (tmp_path / "big.sql").write_text(sql)
    out = subprocess.run([sys.executable, "-m", "archkit", "schema", "erd", "big.sql", "-o",
                          "big.dot"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "161 tables make a diagram too large to read" in out.stderr
    assert "--focus hub --hops 1" in out.stderr
    (tmp_path / "small.sql").write_text(sql.split("CREATE TABLE t5 ")[0])
    out = subprocess.run([sys.executable, "-m", "archkit", "schema", "erd", "small.sql", "-o",
                          "small.dot"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "too large" not in out.stderr


def test_postgres_numeric_is_drawn_numeric_as_postgres_names_it():
    # sqlglot writes NUMERIC(10,2) as DECIMAL(10, 2); PostgreSQL and pg_dump say numeric
    cat = load_schema("CREATE TABLE p (id int PRIMARY KEY, price numeric(10,2), "
                      "amt DECIMAL(12, 4), n numeric);", "postgres")
    dot = erd_dot(cat)
    assert "numeric(10, 2)" in dot and "numeric(12, 4)" in dot and "decimal" not in dot
    assert 'numeric price "type: numeric(10,2), nullable"' in erd_mermaid(cat)
    # elsewhere the name stays what the dialect calls it
    assert "decimal(10, 2)" in erd_dot(load_schema(
        "CREATE TABLE p (id int PRIMARY KEY, price decimal(10,2));", "mysql"))


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite"])
def test_mermaid_attributes_are_words_every_mermaid_reads(dialect):
    # Mermaid 10.7 (GitLab) and 11.12 (GitHub) refused 19 of 20 real schemas' diagrams:
    # numeric(10,2), public.year and `unit price` are words of Mermaid 11.16+ only (scout
    # AT, each checked in Chromium with the real builds). Every attribute row is now
    # ``TYPE NAME [KEYS] ["comment"]`` in 10.7's grammar.
    from pathlib import Path

    sql = (Path(__file__).parent / "fixtures" / "sakila" / f"{dialect}-schema.sql").read_text()
    q = "`" if dialect == "mysql" else '"'
    sql += (f'CREATE TABLE odd (id int PRIMARY KEY, {q}unit price{q} numeric(10,2), '
            f'{q}заказ{q} int, pk int);\n')
    mmd = erd_mermaid(load_schema(sql, dialect))
    word = r"[*A-Za-z_][A-Za-z0-9\-_\[\]()]*"
    row = re.compile(rf"        {word} {word}(?: (?:PK|FK|UK)(?:,(?:PK|FK|UK))*)?(?: \"[^\"]*\")?")
    rows = [line for line in mmd.splitlines() if line.startswith("        ")]
    assert rows and [r for r in rows if not row.fullmatch(r)] == []
    num = "numeric" if dialect == "postgres" else "decimal"
    assert f'        {num} unit_price "name: unit price, type: {num}(10,2), nullable"' in mmd
    i = "integer" if dialect == "sqlite" else "int"
    assert f'        {i} _ "name: заказ, nullable"' in mmd and f'        {i} _pk "name: pk, ' in mmd


def test_mermaid_draws_names_holding_entity_codes_as_written():
    """Mermaid decodes "&lt;", "&amp;" and its own "#35;" in quoted text: a table
    "R&amp;D" was drawn "R&D", a column "c#35;d" "c#d", a table "&lt;img src=x&gt;"
    "<img src=x>" (scout AT). Such characters are written as "#code;", which Mermaid
    10.7, 11.12 and 11.17 draw as the character (checked in Chromium), so decoding the
    codes once gives the name back."""
    names = ["R&amp;D", "x#59;y", "&lt;img src=x&gt;", 'q"1', "50%", "a`b~c~", "p|q\\r"]
    cat = load_schema("".join(f'CREATE TABLE "{n.replace(chr(34), chr(34) * 2)}" '
                              f'(id int PRIMARY KEY, "c#35;d" int);\n' for n in names))
    mmd = erd_mermaid(cat)
    entities = re.findall(r'^    "([^"]*)" \{$', mmd, re.MULTILINE)

    def drawn(text: str) -> str:
        return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)

    assert sorted(map(drawn, entities)) == sorted(names)
    assert all(not re.search(r"&\w+;|[%<>`~\\]", e) for e in entities)
    assert mmd.count('"name: c#35;35#59;d, nullable"') == len(names)
