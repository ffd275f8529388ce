"""ER diagrams, scout Y's findings: escaping in DOT (backslashes, HTML-looking names,
control characters), valid and distinct Mermaid names, cardinality, stubs for tables the
input does not create, unparsed CREATE TABLE statements, key columns past the cut, types
as written, dot's warnings, large Mermaid texts, the "too large" hint, focus lookup."""

from __future__ import annotations

import re
import subprocess

import pytest

from archkit.errors import InputError
from archkit.schema import load_schema
from archkit.schema.erd import (
    MAX_COLUMNS,
    cardinality,
    erd_dot,
    erd_mermaid,
    render_erd,
    select_tables,
)


def _dot_accepts(source: str) -> str:
    proc = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True,
                          timeout=60, check=False)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr.decode()
    return proc.stdout.decode()


def _tooltips(svg: str) -> list[str]:
    import html

    return [html.unescape(t) for t in re.findall(r'xlink:title="([^"]*)"', svg)]


# -- P1, P14: backslashes ----------------------------------------------------------------
BACKSLASHES = ('CREATE TABLE "C:\\temp\\" (id int PRIMARY KEY);\n'
               'CREATE TABLE "a\\N\\G\\L" (id int PRIMARY KEY,\n'
               '  t_id int REFERENCES "C:\\temp\\" (id));\n')


def test_backslashes_in_names_are_drawn_as_written():
    svg = _dot_accepts(erd_dot(load_schema(BACKSLASHES)))
    tips = _tooltips(svg)
    assert "C:\\temp\\" in tips and "a\\N\\G\\L" in tips      # not "aNGL", no \N expanded
    (edge,) = [t for t in tips if "->" in t]
    assert edge.startswith("a\\N\\G\\L(t_id) -> C:\\temp\\: each")
    assert ">C:\\temp\\<" in svg and ">a\\N\\G\\L<" in svg       # the node headers


def test_a_trailing_backslash_leaks_no_python_warning(cli, tmp_path):
    (tmp_path / "s.sql").write_text(BACKSLASHES)
    for out in ("s.svg", "s.dot"):
        res = cli("schema", "erd", "s.sql", "-o", out, cwd=tmp_path)
        assert res.code == 0, res.err
        assert "Warning" not in res.err and "quoting.py" not in res.err, res.err
    _dot_accepts((tmp_path / "s.dot").read_text())


def test_a_backslash_in_a_schema_name_is_drawn_in_the_cluster_label():
    cat = load_schema('CREATE TABLE "C:\\"."t" (id int PRIMARY KEY);\n'
                      "CREATE TABLE other.u (id int PRIMARY KEY);")
    svg = _dot_accepts(erd_dot(cat))
    assert ">C:\\<" in svg


# -- P2: HTML-looking names ----------------------------------------------------------------
def test_html_looking_table_and_schema_names_are_drawn_literally():
    cat = load_schema('CREATE TABLE "<R&D>"."<b>draft</b>" (id int PRIMARY KEY);\n'
                      "CREATE TABLE sales.orders (id int PRIMARY KEY,\n"
                      '  d int REFERENCES "<R&D>"."<b>draft</b>" (id));')
    dot = erd_dot(cat)
    svg = _dot_accepts(dot)
    assert ">&lt;R&amp;D&gt;<" in svg                                # the cluster label
    assert ">&lt;b&gt;draft&lt;/b&gt;<" in svg                       # the node header
    assert "<R&D>.<b>draft</b>" in _tooltips(svg)
    assert "<svg" in render_erd(cat, "svg")


# -- P3: control characters ------------------------------------------------------------
def test_control_characters_in_names_are_drawn_as_their_pictures():
    cat = load_schema('CREATE TABLE "bell\x07x" (id int PRIMARY KEY, "v\x0bt" int);\n'
                      'CREATE TABLE "del\x7f" (id int PRIMARY KEY, b int REFERENCES "bell\x07x");')
    svg = _dot_accepts(erd_dot(cat))
    assert ">bell\u2407x<" in svg and ">v\u240bt<" in svg and ">del\u2421<" in svg
    assert "\x07" not in svg and "\x0b" not in svg and "\x7f" not in svg
    assert "bell\u2407x" in _tooltips(svg)


# -- P4-P7: Mermaid names ----------------------------------------------------------------
def _attribute_names(mmd: str) -> list[str]:
    out = []
    for line in mmd.splitlines():
        m = re.match(r"^        (`[^`]*`|\S+) (`[^`]*`|\S+)", line)
        if m:
            out.append(m[2])
    return out


def test_mermaid_quotes_column_names_that_read_as_keys_or_are_no_words():
    mmd = erd_mermaid(load_schema(
        'CREATE TABLE lock_table (row_key varchar(128) PRIMARY KEY, pk varchar(36),\n'
        '  "FK" int, "Uk" int, "pk-x" int, "-offset" int, "$" numeric, "£" numeric,\n'
        '  pk_id int, "order id" int, "a`b" int);'))
    names = _attribute_names(mmd)
    # (as words every Mermaid reads, 10.x included, the name as written in the comment)
    assert names == ["row_key", "_pk", "_FK", "_Uk", "pk_x", "offset", "_", "_2",
                     "pk_id", "order_id", "a_b"]
    assert 'numeric _ "name: $, nullable"' in mmd and 'int order_id "name: order id, ' \
        'nullable"' in mmd
    # no attribute name is a bare key word, starts with - , or is two words
    for n in names:
        assert not re.match(r"(?i)(pk|fk|uk)\b|-", n, re.ASCII) and " " not in n


def test_mermaid_quotes_entity_names_that_are_keywords_or_no_words():
    ddl = "".join(f'CREATE TABLE "{n}" (id int PRIMARY KEY);\n' for n in (
        "class", "end", "one", "many", "style", "erDiagram", "accTitle", "2fa", "a-b"))
    ddl += ('CREATE TABLE student (id int PRIMARY KEY, class_id int NOT NULL\n'
            '  REFERENCES "class" (id), t_id int REFERENCES "accTitle" (id));\n'
            "CREATE TABLE tokens (id int PRIMARY KEY);\nCREATE TABLE classroom (id int);\n")
    mmd = erd_mermaid(load_schema(ddl))
    for n in ("class", "end", "one", "many", "style", "erDiagram", "accTitle", "2fa", "a-b"):
        assert f'    "{n}" {{' in mmd
    assert 'student }o--|| "class" : "class_id"' in mmd
    assert 'student }o--o| "accTitle" : "t_id"' in mmd
    # names that need nothing are left as they are
    assert "    student {" in mmd and "    tokens {" in mmd and "    classroom {" in mmd


def test_mermaid_keeps_distinct_tables_distinct():
    cat = load_schema('CREATE TABLE "заказ" (id int PRIMARY KEY);\n'
                      'CREATE TABLE "товар" (id int PRIMARY KEY, "заказ_id" int REFERENCES "заказ");\n'
                      'CREATE TABLE "order items" (id int PRIMARY KEY, a int);\n'
                      "CREATE TABLE order_items (id int PRIMARY KEY, b int);\n"
                      "CREATE TABLE s.t (id int PRIMARY KEY);\n"
                      "CREATE TABLE s__t (id int PRIMARY KEY);\n"
                      'CREATE TABLE "q""1" (id int PRIMARY KEY);\n'
                      "CREATE TABLE \"q'1\" (id int PRIMARY KEY);\n"
                      'CREATE TABLE "50%" (id int PRIMARY KEY, x text);\n'
                      'CREATE TABLE "c:\\d" (id int PRIMARY KEY);\n')
    mmd = erd_mermaid(cat)
    entities = re.findall(r"^    (\"[^\"]*\"|\S+) \{$", mmd, re.MULTILINE)
    assert len(entities) == len(set(entities)) == len(cat.tables) == 10
    assert {'"заказ"', '"товар"', '"order items"', "order_items", '"s.t"', "s__t",
            '"50#37;"', '"c:#92;d"'} <= set(entities)
    # a quoted entity name holds none of the characters Mermaid refuses there
    for e in entities:
        if e.startswith('"'):
            assert re.fullmatch(r'"[^"%\r\n\v\b\\]+"', e), e
    assert '"товар" }o--o| "заказ" : "заказ_id"' in mmd           # no self-loop


def test_mermaid_keeps_two_columns_that_look_alike_distinct():
    mmd = erd_mermaid(load_schema('CREATE TABLE t (id int PRIMARY KEY, "a`b" int, "a\'b" int);'))
    assert _attribute_names(mmd) == ["id", "a_b", "a_b_2"]


def test_mermaid_text_has_no_direction_statement_nor_two_tildes():
    mmd = erd_mermaid(load_schema(
        'CREATE TABLE "direction LR" (id int PRIMARY KEY, "a~b~c" text);\n'
        'CREATE TABLE u (id int PRIMARY KEY, "direction tb" int REFERENCES "direction LR");'))
    # (inside an entity's block Mermaid does not look for it)
    outside = re.sub(r"\{\n.*?\n    \}", "", mmd, flags=re.DOTALL)
    assert "direction" in outside and not re.search(r"(?i)direction\s+(tb|bt|rl|lr)", outside)
    assert all(line.count("~") < 2 for line in mmd.splitlines())


# -- P8, P9: cardinality -----------------------------------------------------------------
def test_a_foreign_key_holding_a_unique_key_is_one_to_one():
    cat = load_schema("""
CREATE TABLE p (id bigint, part int, PRIMARY KEY (id, part));
CREATE TABLE meta (pipeline_id bigint PRIMARY KEY, partition_id int NOT NULL,
  FOREIGN KEY (pipeline_id, partition_id) REFERENCES p (id, part));
CREATE TABLE by_index (a bigint NOT NULL, b int NOT NULL, FOREIGN KEY (a, b) REFERENCES p (id, part));
CREATE UNIQUE INDEX ON by_index (a);
CREATE TABLE partial (a bigint NOT NULL, b int NOT NULL, FOREIGN KEY (a, b) REFERENCES p (id, part));
CREATE UNIQUE INDEX ON partial (a) WHERE b > 0;
CREATE TABLE wider (a bigint NOT NULL, b int NOT NULL, c int, UNIQUE (a, c),
  FOREIGN KEY (a, b) REFERENCES p (id, part));
""")
    def card(t):
        return cardinality(cat.tables[t], cat.tables[t].foreign_keys[0])

    assert card("meta") == ("zero or one", "exactly one")
    assert card("by_index") == ("zero or one", "exactly one")
    assert card("partial") == ("zero or many", "exactly one")     # a partial index: not a key
    assert card("wider") == ("zero or many", "exactly one")       # the key has a column more
    assert "meta |o--|| p" in erd_mermaid(cat)


def test_sqlite_nullable_primary_key_is_null_on_the_node_and_the_edge():
    # SQLite lets NULL into a PRIMARY KEY column that is not INTEGER PRIMARY KEY unless
    # it is NOT NULL (a legacy bug kept for compatibility); the catalog says so
    cat = load_schema("CREATE TABLE rooms (room_id TEXT PRIMARY KEY);\n"
                      "CREATE TABLE stats (room_id TEXT PRIMARY KEY REFERENCES rooms (room_id));\n"
                      "CREATE TABLE n (id INTEGER PRIMARY KEY);\n"
                      "CREATE TABLE m (k TEXT NOT NULL PRIMARY KEY);",
                      "sqlite")
    dot = erd_dot(cat)
    rows = re.findall(r'<TD ALIGN="LEFT"><B>([^<]*)</B></TD><TD ALIGN="LEFT">.*?'
                      r'PORT="c\de">(.*?)</TD>', dot)
    nulls = {name: ">null<" in cell for name, cell in rows}
    assert nulls == {"room_id": True, "id": False, "k": False}
    assert "arrowhead=teeodot" in dot and "arrowtail=teeodot" in dot
    mmd = erd_mermaid(cat)
    assert 'TEXT room_id PK "nullable"'.lower() in mmd.lower()
    pg = erd_dot(load_schema("CREATE TABLE t (a int, b int, PRIMARY KEY (a, b));"))
    assert ">null<" not in pg                            # postgres: a PK column is NOT NULL


# -- P10: tables the input does not create ------------------------------------------------
MISSING = ("CREATE TABLE staff (id int PRIMARY KEY,\n"
           "  address_id int NOT NULL REFERENCES address (address_id),\n"
           "  store_id int REFERENCES store);\n"
           "CREATE TABLE note (id int PRIMARY KEY, staff_id int REFERENCES staff);\n")


def test_a_foreign_key_to_a_table_not_in_the_input_ends_at_a_stub():
    cat = load_schema(MISSING)
    dot = erd_dot(cat)
    svg = _dot_accepts(dot)
    assert dot.count("not created in this input</I>") == 2
    assert re.search(r"t\d+:c1e:e -> x0:c0w:w .*style=dashed", dot)   # to the address_id row
    assert re.search(r"t\d+:c2e:e -> x1 .*style=dashed", dot)         # store: no column known
    assert ">address<" in svg and ">store<" in svg and ">address_id<" in svg
    mmd = erd_mermaid(cat)
    assert "%% address: not created in this input" in mmd
    assert 'staff }o--|| address : "address_id"' in mmd and 'staff }o--o| store' in mmd
    # focus: the stubs of the tables drawn are drawn
    assert ">address<" in erd_dot(cat, "note", 1)
    assert "address" not in erd_dot(cat, "note", 0)
    assert "address" in erd_dot(cat, "staff", 0) and "note" not in erd_dot(cat, "staff", 0)


# -- P11: CREATE TABLE statements that do not parse -----------------------------------------
def test_cli_names_the_create_table_statements_left_out(cli, tmp_path):
    (tmp_path / "s.sql").write_text(
        "CREATE TABLE users (id int PRIMARY KEY);\n"
        "CREATE TABLE {{ .Namespace }}.sessions (id int PRIMARY KEY, user_id int REFERENCES users);\n")
    res = cli("schema", "erd", "s.sql", "-o", "s.dot", cwd=tmp_path)
    assert res.code == 0, res.err
    assert "s.sql:2:14: CREATE TABLE does not parse" in res.err
    assert "left out of the diagram" in res.err
    (tmp_path / "bad.sql").write_text("CREATE TABLE {{ .Namespace }}.sessions (id int);\n")
    res = cli("schema", "erd", "bad.sql", "-o", "b.svg", cwd=tmp_path)
    assert res.code == 2
    assert "bad.sql:1:14: no CREATE TABLE statement parses" in res.err
    assert "no CREATE TABLE statements" not in res.err and not (tmp_path / "b.svg").exists()


# -- P12: key columns past the cut ------------------------------------------------------
def test_key_columns_after_the_cut_are_listed_and_edges_reach_them():
    cols = ", ".join(f"c{i} int" for i in range(1, 46))
    cat = load_schema("CREATE TABLE p (id int PRIMARY KEY);\n"
                      f"CREATE TABLE wide (id int PRIMARY KEY, {cols}, "
                      "p_id int REFERENCES p (id), code text UNIQUE, tail int);")
    n = len(cat.tables["wide"].columns)
    assert n == 49 > MAX_COLUMNS
    dot = erd_dot(cat)
    assert ">p_id<" in dot and ">code<" in dot and ">c45<" not in dot
    assert f"... {n - MAX_COLUMNS - 2} more columns" in dot
    assert re.search(r"t\d+:c46e:e -> t\d+:c0w:w", dot)
    _dot_accepts(dot)


# -- P13: types as written ------------------------------------------------------------------
def test_types_keep_what_case_means():
    my = load_schema("CREATE TABLE t (id int PRIMARY KEY, status ENUM('Active', 'OnHold'),\n"
                     "  price NUMERIC(10,2));", "mysql")
    dot = erd_dot(my)
    assert "enum(&#x27;Active&#x27;, &#x27;OnHold&#x27;)" in dot
    mmd = erd_mermaid(my)
    assert '''        enum status "type: enum('Active','OnHold'), nullable"''' in mmd
    assert 'decimal price "type: decimal(10,2), nullable"' in mmd
    pg = load_schema("CREATE TYPE \"Mood\" AS ENUM ('a');\nCREATE TYPE mood AS ENUM ('b');\n"
                     'CREATE TABLE p (id int PRIMARY KEY, a "Mood", b mood, c VARCHAR(12));')
    dot = erd_dot(pg)
    assert ">&quot;Mood&quot;<" in dot and ">mood<" in dot and ">varchar(12)<" in dot
    mmd = erd_mermaid(pg)
    assert "        Mood a" in mmd and "        mood b" in mmd and "varchar(12) c" in mmd


# -- P15: dot's warnings --------------------------------------------------------------------
def test_dot_warnings_reach_the_caller(monkeypatch):
    from archkit.schema import erd

    real = subprocess.run

    def run(cmd, **kw):
        proc = real(cmd, **kw)
        return subprocess.CompletedProcess(cmd, 0, proc.stdout, b"Warning: graph is too large "
                                           b"for cairo-renderer bitmaps. Scaling by 0.2 to fit\n")
    monkeypatch.setattr(erd.subprocess, "run", run)
    notes: list[str] = []
    png = render_erd(load_schema("CREATE TABLE t (id int PRIMARY KEY);"), "png", notes=notes)
    assert png[:4] == b"\x89PNG"
    assert notes == ["Warning: graph is too large for cairo-renderer bitmaps. Scaling by 0.2 "
                     "to fit"]


# -- P16, P17: large outputs ------------------------------------------------------------------
def test_a_large_mermaid_text_says_mermaid_will_not_draw_it(cli, tmp_path):
    cols = ", ".join(f"column_number_{i} varchar(200)" for i in range(12))
    (tmp_path / "s.sql").write_text("".join(
        f"CREATE TABLE table_{i} (id bigint PRIMARY KEY, {cols});\n" for i in range(140)))
    res = cli("schema", "erd", "s.sql", "-o", "s.mmd", cwd=tmp_path)
    assert res.code == 0, res.err
    size = len((tmp_path / "s.mmd").read_text())
    assert size > 50_000
    assert f"the Mermaid text is {size:,} characters" in res.err
    assert "at most 50,000 unless its maxTextSize is raised" in res.err
    (tmp_path / "small.sql").write_text("CREATE TABLE t (id int PRIMARY KEY);\n")
    res = cli("schema", "erd", "small.sql", "-o", "small.mmd", cwd=tmp_path)
    assert res.code == 0 and "Mermaid text" not in res.err


def test_the_mermaid_hint_names_what_fits(tmp_path):
    # Lago: the hint said --focus organizations --hops 1, 75 kB again (118 of its 139
    # tables are one hop from it); --no-columns, 24.5 kB, was never said (scout AT)
    from archkit.schema.erd import mermaid_hint

    cols = ", ".join(f"column_number_{i} varchar(200)" for i in range(12))
    hub = "CREATE TABLE hub (id bigint PRIMARY KEY);\n" + "".join(
        f"CREATE TABLE table_{i} (id bigint PRIMARY KEY, hub_id bigint REFERENCES hub, "
        f"{cols});\n" for i in range(140))
    cat = load_schema(hub)
    assert len(erd_mermaid(cat)) > 50_000 and len(erd_mermaid(cat, "hub", 1)) > 50_000
    assert mermaid_hint(cat, None, 1, True, 50_000).startswith("add --no-columns")
    assert mermaid_hint(cat, "hub", 1, True, 50_000).startswith("add --no-columns")
    # without columns still too long: the largest neighbourhood whose text fits
    pairs = "".join(f"CREATE TABLE a{i} (id int PRIMARY KEY);\nCREATE TABLE b{i} (id int "
                    f"PRIMARY KEY, a_id int REFERENCES a{i});\n" for i in range(1500))
    big = load_schema(pairs + "CREATE TABLE b9999 (id int PRIMARY KEY, x int REFERENCES a7, "
                      "y int REFERENCES b7);\n")
    assert len(erd_mermaid(big, columns=False)) > 50_000
    assert mermaid_hint(big, None, 1, True, 50_000) == \
        "draw one neighbourhood at a time, e.g. --focus a7 --hops 1 (3 tables)"


def test_the_large_diagram_hint_suggests_a_readable_neighbourhood(cli, tmp_path):
    sql = "CREATE TABLE hub (id bigint PRIMARY KEY);\n" + \
        "CREATE TABLE mid (id bigint PRIMARY KEY);\n" + "".join(
            f"CREATE TABLE t{i} (id bigint PRIMARY KEY, hub_id bigint REFERENCES hub (id)"
            f"{', mid_id bigint REFERENCES mid (id)' if i < 20 else ''});\n" for i in range(160))
    (tmp_path / "big.sql").write_text(sql)
    res = cli("schema", "erd", "big.sql", "-o", "big.dot", cwd=tmp_path)
    assert res.code == 0, res.err
    assert "162 tables make a diagram too large to read" in res.err
    assert "--focus mid --hops 1 (21 tables)" in res.err
    assert "--focus hub --hops 1 draws 161 tables: add --no-columns" in res.err


# -- P18: focus lookup --------------------------------------------------------------------
def test_focus_takes_the_names_users_write():
    pg = load_schema("CREATE TABLE public.projects (id int PRIMARY KEY);\n"
                     "CREATE TABLE issues (id int PRIMARY KEY, project_id int REFERENCES projects);\n"
                     'CREATE TABLE "Users" (id int PRIMARY KEY);')
    want = select_tables(pg, "projects", 0)
    assert want == ["projects"]
    for name in ("public.projects", '"public"."projects"', "PUBLIC.Projects", "Projects"):
        assert select_tables(pg, name, 0) == want, name
    assert select_tables(pg, "users", 0) == ["Users"]       # one table in another case
    ts = load_schema("CREATE TABLE Sales.SalesOrderHeader (SalesOrderID int NOT NULL PRIMARY KEY);\n"
                     "CREATE TABLE Sales.Customer (CustomerID int NOT NULL PRIMARY KEY);", "tsql")
    assert select_tables(ts, "[Sales].[SalesOrderHeader]", 0) == ["sales.salesorderheader"]
    with pytest.raises(InputError, match=r"did you mean Sales\.SalesOrderHeader\?"):
        select_tables(ts, "SalesOrderHdr")
    with pytest.raises(InputError, match=r"did you mean Sales\.SalesOrderHeader"):
        select_tables(ts, "Sales.SalesOrderHdr")
