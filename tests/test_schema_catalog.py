"""The catalog built from DDL: tables, columns, keys, indexes, ALTERs, comments, drops,
case folding per dialect and positions."""

from __future__ import annotations

import pytest

from archkit.schema import load_schema

PG = """\
CREATE TABLE public.customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  "DisplayName" text
);
CREATE TABLE sales.orders (
  id bigserial,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  total numeric(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  placed_at timestamp with time zone,
  CONSTRAINT orders_pk PRIMARY KEY (id),
  CONSTRAINT orders_ref_uq UNIQUE (customer_id, placed_at)
);
CREATE UNIQUE INDEX CONCURRENTLY orders_open_idx ON sales.orders USING btree
  (customer_id, placed_at DESC NULLS LAST, lower(total::text)) INCLUDE (total)
  WHERE placed_at IS NOT NULL;
COMMENT ON TABLE customers IS 'people who buy';
COMMENT ON COLUMN sales.orders.total IS 'in EUR';
"""


def test_tables_columns_and_types():
    cat = load_schema(PG)
    assert set(cat.tables) == {"customers", "sales.orders"}
    c = cat.tables["customers"]
    assert list(c.columns) == ["id", "email", "DisplayName"]
    assert c.columns["id"].identity and not c.columns["id"].nullable
    assert c.columns["email"].type == "varchar" and c.columns["email"].params == ("255",)
    assert c.columns["email"].raw_type == "VARCHAR(255)" and not c.columns["email"].nullable
    assert c.columns["DisplayName"].quoted and c.columns["DisplayName"].original == "DisplayName"
    o = cat.tables["sales.orders"]
    assert o.schema == "sales" and o.name == "orders"
    assert o.columns["id"].serial and o.columns["id"].type == "bigint"
    assert o.columns["total"].type == "numeric" and o.columns["total"].params == ("12", "2")
    assert o.columns["total"].default == "0"
    assert o.columns["placed_at"].type == "timestamptz"


def test_keys_and_constraints():
    cat = load_schema(PG)
    c, o = cat.tables["customers"], cat.tables["sales.orders"]
    assert c.primary_key.columns == ("id",)
    assert [u.columns for u in c.uniques] == [("email",)]
    assert o.primary_key.columns == ("id",) and o.primary_key.name == "orders_pk"
    assert not o.columns["id"].nullable
    (fk,) = o.foreign_keys
    assert fk.columns == ("customer_id",) and fk.ref_table == "customers"
    assert fk.ref_columns == ("id",) and fk.on_delete == "cascade" and fk.inline
    assert [u.columns for u in o.uniques] == [("customer_id", "placed_at")]
    assert o.uniques[0].name == "orders_ref_uq"
    (chk,) = o.checks
    assert chk.columns == ("total",) and "total >= 0" in chk.expression


def test_index_details():
    cat = load_schema(PG)
    (ix,) = cat.tables["sales.orders"].indexes
    assert ix.name == "orders_open_idx" and ix.unique and ix.concurrently
    assert ix.method == "btree" and ix.table == "sales.orders"
    assert ix.column_names[:2] == ("customer_id", "placed_at")
    assert ix.columns[1].desc and ix.columns[1].nulls == "last"   # not the default for DESC
    assert ix.columns[2].is_expression and "LOWER" in ix.columns[2].expr.upper()
    assert ix.include == ("total",)
    assert ix.where == "NOT placed_at IS NULL" or "placed_at" in ix.where


@pytest.mark.parametrize("dialect, default_first", [
    ("postgres", (False, True)), ("oracle", (False, True)), ("mysql", (True, False)),
    ("sqlite", (True, False)), ("tsql", (True, False)), ("duckdb", (False, False))])
def test_nulls_order_is_recorded_only_when_written_and_not_the_default(dialect, default_first):
    sql = ("CREATE TABLE t (a int, b int, c int, d int, e int, f int);\n"
           "CREATE INDEX t_idx ON t (a, b DESC, c NULLS FIRST, d NULLS LAST,"
           " e DESC NULLS FIRST, f DESC NULLS LAST);")
    (table,) = load_schema(sql, dialect).tables.values()      # (oracle folds to T)
    (ix,) = table.indexes
    asc, desc = default_first
    assert [c.nulls for c in ix.columns] == [
        None, None, None if asc else "first", "last" if asc else None,
        None if desc else "first", "last" if desc else None]
    assert [c.desc for c in ix.columns] == [False, True, False, False, True, True]


def test_partitions_get_the_parents_columns_and_keys():
    sql = ("CREATE TABLE a (id bigint, created_at timestamptz, UNIQUE (id, created_at),\n"
           "  PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);\n"
           "CREATE TABLE a_2024 PARTITION OF a (CONSTRAINT a_2024_ck CHECK (id > 0))\n"
           "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
           "ALTER TABLE a ADD COLUMN note text;\n"
           "ALTER TABLE a RENAME TO b;")
    cat = load_schema(sql)
    p = cat.tables["a_2024"]
    assert p.options["partition_of"] == "b"
    assert list(p.columns) == ["id", "created_at", "note"]      # the ALTER reaches it
    assert p.primary_key.columns == ("id", "created_at")
    # (the UNIQUE on the key's columns is no constraint in postgres: one index, the key's)
    assert cat.tables["b"].uniques == [] and p.uniques == []
    assert [c.name for c in p.checks] == ["a_2024_ck"]
    assert p.foreign_keys == [] and p.indexes == []             # the parent's, not copied


@pytest.mark.parametrize("dialect, sql, raw", [
    ("mysql", "TIMESTAMP", "TIMESTAMP"),          # sqlglot reads it as TIMESTAMPTZ
    ("mysql", "TIMESTAMP(3)", "TIMESTAMP(3)"),
    ("mysql", "DATETIME", "DATETIME"),
    ("mysql", "INT UNSIGNED", "INT UNSIGNED"),
    ("sqlite", "BLOB SUB_TYPE TEXT", "BLOB"),     # sqlglot: VARBINARY
    ("sqlite", "BLOB", "BLOB"),
    ("sqlite", "VARCHAR(45)", "VARCHAR(45)"),     # not the generator's storage class TEXT
    ("sqlite", "BOOLEAN", "BOOLEAN"),
    ("postgres", "double precision", "DOUBLE PRECISION"),
    ("postgres", "real", "REAL"),                  # FLOAT would be double precision
    ("postgres", "bytea", "BYTEA"),
    ("postgres", "timestamptz", "TIMESTAMPTZ"),
    ("postgres", "varchar(10)", "VARCHAR(10)"),
])
def test_raw_type_is_the_dialects_spelling(dialect, sql, raw):
    (table,) = load_schema(f"CREATE TABLE t (c {sql});", dialect).tables.values()
    assert table.columns["c"].raw_type == raw


def test_comments():
    cat = load_schema(PG)
    assert cat.tables["customers"].comment == "people who buy"
    assert cat.tables["sales.orders"].columns["total"].comment == "in EUR"


def test_positions_point_at_the_names():
    cat = load_schema(PG, path="schema.sql")
    c = cat.tables["customers"]
    assert (c.pos.path, c.pos.line, c.pos.col) == ("schema.sql", 1, 21)
    assert (c.columns["email"].pos.line, c.columns["email"].pos.col) == (3, 3)
    ix = cat.tables["sales.orders"].indexes[0]
    assert (ix.pos.line, ix.pos.col) == (14, 34)
    fk = cat.tables["sales.orders"].foreign_keys[0]
    assert fk.pos.line == 8


def test_alter_table_changes():
    cat = load_schema("""
CREATE TABLE t (id int PRIMARY KEY, a int, b text, c int);
ALTER TABLE t ADD COLUMN d varchar(10) NOT NULL DEFAULT 'x';
ALTER TABLE t DROP COLUMN b;
ALTER TABLE t RENAME COLUMN c TO c2;
ALTER TABLE t ALTER COLUMN a TYPE bigint, ALTER COLUMN a SET NOT NULL;
ALTER TABLE t ADD CONSTRAINT t_u UNIQUE (a);
ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (c2) REFERENCES u (id) NOT VALID;
CREATE INDEX t_c2_idx ON t (c2);
ALTER TABLE t RENAME TO t2;
""")
    assert set(cat.tables) == {"t2"} and "t2" in cat.created
    t = cat.tables["t2"]
    assert list(t.columns) == ["id", "a", "c2", "d"]
    assert t.columns["a"].type == "bigint" and not t.columns["a"].nullable
    assert t.columns["d"].default == "'x'" and not t.columns["d"].nullable
    assert [u.columns for u in t.uniques] == [("a",)]
    (fk,) = t.foreign_keys
    assert fk.not_valid and fk.columns == ("c2",) and fk.ref_table == "u"
    assert t.indexes[0].table == "t2"
    cat2 = load_schema("CREATE TABLE t (id int, CONSTRAINT t_pk PRIMARY KEY (id));\n"
                       "ALTER TABLE t DROP CONSTRAINT t_pk;")
    assert cat2.tables["t"].primary_key is None


def test_migration_on_a_table_not_created_here_makes_a_placeholder():
    cat = load_schema("ALTER TABLE accounts ADD COLUMN note text;\n"
                      "CREATE INDEX accounts_note_idx ON accounts (note);")
    t = cat.tables["accounts"]
    assert "accounts" not in cat.created and t.options.get("external")
    assert "note" in t.columns and t.indexes[0].name == "accounts_note_idx"


def test_drop_table_and_index():
    cat = load_schema("CREATE TABLE a (x int);\nCREATE INDEX a_x ON a (x);\n"
                      "CREATE TABLE b (y int);\nDROP INDEX a_x;\nDROP TABLE b;\nDROP TABLE legacy;")
    assert set(cat.tables) == {"a"} and cat.tables["a"].indexes == []
    assert "legacy" in cat.dropped and "b" in cat.dropped


def test_mysql_inline_keys_engine_and_enums():
    cat = load_schema("""
CREATE TABLE `Film` (
  `film_id` SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `rating` ENUM('G','PG','R') DEFAULT 'G',
  `lang_id` TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (`film_id`),
  KEY `idx_lang` (`lang_id`),
  UNIQUE KEY `uq_rating` (`rating`, `lang_id`),
  CONSTRAINT `fk_lang` FOREIGN KEY (`lang_id`) REFERENCES `language` (`language_id`)
    ON DELETE RESTRICT ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='films';
""", dialect="mysql")
    # MySQL keeps a table's name as written, backquoted or not (and, on Linux by default,
    # compares table names with case); its columns compare without case
    t = cat.tables["Film"]
    assert t.engine == "InnoDB" and t.charset == "utf8mb4" and t.comment == "films"
    assert t.columns["film_id"].identity and "UNSIGNED" in t.columns["film_id"].raw_type.upper()
    assert t.columns["rating"].type == "enum" and t.columns["rating"].enum_values == ("G", "PG", "R")
    assert [i.name for i in t.indexes] == ["idx_lang"] and t.indexes[0].inline
    assert [u.columns for u in t.uniques] == [("rating", "lang_id")]
    (fk,) = t.foreign_keys
    assert fk.on_delete == "restrict" and fk.on_update == "cascade" and not fk.inline


def test_case_folding_follows_the_dialect():
    pg = load_schema('CREATE TABLE Orders (ID int, "Mixed" int);')
    assert list(pg.tables) == ["orders"] and list(pg.tables["orders"].columns) == ["id", "Mixed"]
    sf = load_schema('CREATE TABLE Orders (ID int, "Mixed" int);', dialect="snowflake")
    assert list(sf.tables) == ["ORDERS"] and list(sf.tables["ORDERS"].columns) == ["ID", "Mixed"]
    ts = load_schema("CREATE TABLE dbo.Orders ([ID] int);", dialect="tsql")
    assert list(ts.tables) == ["orders"] and list(ts.tables["orders"].columns) == ["id"]


def test_default_schema_is_left_out_of_keys():
    cat = load_schema("CREATE TABLE public.a (id int);\nCREATE TABLE other.a (id int);")
    assert set(cat.tables) == {"a", "other.a"}
    assert cat.table("a") is cat.tables["a"]


def test_sqlite_without_rowid_and_multiword_types():
    cat = load_schema("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                      "body BLOB SUB_TYPE TEXT, n);", dialect="sqlite")
    t = cat.tables["t"]
    assert t.columns["id"].identity and t.primary_key.columns == ("id",)
    assert set(t.columns) == {"id", "body", "n"} and t.columns["n"].type == ""


def test_sakila_catalogs(tmp_path):
    from pathlib import Path
    root = Path(__file__).parent / "fixtures" / "sakila"
    for dialect, n in (("postgres", 21), ("mysql", 16), ("sqlite", 16)):
        cat = load_schema(root / f"{dialect}-schema.sql", dialect=dialect)
        assert len(cat.tables) == n, dialect
        rental = cat.tables["rental"]
        assert rental.primary_key.columns == ("rental_id",)
        assert {f.ref_table for f in rental.foreign_keys} == {"customer", "inventory", "staff"}


def test_parallel_parse_gives_the_same_catalog(monkeypatch):
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from archkit.schema import parallel

    gen = Path("/work/shared/bench/gen_schema.py")
    if not gen.exists():  # pragma: no cover
        import pytest
        pytest.skip("generator not available")
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([sys.executable, str(gen), "120", "10", d], check=True)
        text = (Path(d) / "schema.sql").read_text()
    monkeypatch.setattr(parallel, "PARALLEL_MIN_STATEMENTS", 10)
    from archkit.schema.catalog import build_catalog
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parse import SqlSource

    d = get_dialect("postgres")
    seq = build_catalog(parallel.parse_sources([SqlSource(text, "s.sql")], d, workers=1), d)
    par_stmts = parallel.parse_sources([SqlSource(text, "s.sql")], d, workers=2)
    assert any(isinstance(s, parallel.LazyStatement) for s in par_stmts)
    par = build_catalog(par_stmts, d)
    assert seq.tables == par.tables
    # a lazy statement parses its tree again when asked
    lazy = next(s for s in par_stmts if isinstance(s, parallel.LazyStatement))
    assert lazy.tree is not None and lazy.tree.sql()


def test_create_table_as_select_has_its_types_on_two_cores_too(monkeypatch):
    """A CREATE TABLE ... AS SELECT was made into a table in a worker process, whose
    catalog holds none of the tables it reads: Lemmy's *_actions tables had no column
    types on two cores (and AK-PK003's hint left out the keys that point at them)."""
    from archkit.schema import parallel
    from archkit.schema.catalog import build_catalog
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parse import SqlSource

    monkeypatch.setattr(parallel, "PARALLEL_MIN_STATEMENTS", 10)
    text = "".join(f"CREATE TABLE s{i} (id int NOT NULL PRIMARY KEY, at timestamptz);\n"
                   for i in range(30))
    text += ("CREATE TABLE made AS SELECT max(at) AS at, id FROM (SELECT id, at FROM s1 "
             "UNION ALL SELECT id, NULL::timestamptz FROM s2) GROUP BY id;\n")
    d = get_dialect("postgres")
    cats = [build_catalog(parallel.parse_sources([SqlSource(text, "s.sql")], d, workers=w), d)
            for w in (1, 2)]
    assert [(c.name, c.type) for c in cats[1].tables["made"].columns.values()] == [
        ("at", "timestamptz"), ("id", "int")]
    assert cats[0].tables == cats[1].tables


def test_mysql_index_method_before_on_is_read():
    cat = load_schema("CREATE TABLE t (a int, b int);\n"
                      "CREATE UNIQUE INDEX ix USING BTREE ON t (a, b);\n"
                      "CREATE INDEX iy USING HASH ON t (b);", dialect="mysql")
    assert all(s.error is None and not s.raw for s in cat.statements)
    ix, iy = cat.tables["t"].indexes
    assert (ix.name, ix.method, ix.column_names, ix.unique) == ("ix", "btree", ("a", "b"), True)
    assert (iy.method, iy.pos.line, iy.pos.col) == ("hash", 3, 14)


def test_mysql_primary_key_with_the_index_type_before_its_columns_is_read():
    # Cacti's cacti.sql: PRIMARY KEY USING BTREE (a, b) is valid mysql; sqlglot reads
    # the index type only after the columns
    cat = load_schema("CREATE TABLE t (a int NOT NULL, b int NOT NULL,\n"
                      "  PRIMARY KEY USING BTREE (`a`, `b`), KEY kb (b)) ENGINE=InnoDB;\n"
                      "CREATE TABLE u (c int NOT NULL);\n"
                      "ALTER TABLE u ADD PRIMARY KEY USING HASH (c);", dialect="mysql")
    assert all(s.error is None and not s.raw for s in cat.statements)
    assert cat.tables["t"].primary_key.columns == ("a", "b")
    assert cat.tables["u"].primary_key.columns == ("c",)
    assert [ix.name for ix in cat.tables["t"].indexes] == ["kb"]


def test_tsql_clustered_and_nonclustered_keys_keep_their_columns():
    # SSMS and most T-SQL scripts write CONSTRAINT pk PRIMARY KEY CLUSTERED (...): sqlglot
    # puts the columns in a [Non]ClusteredColumnConstraint after the key (Chinook_SqlServer.sql)
    cat = load_schema("""
CREATE TABLE [dbo].[Album] ([AlbumId] INT NOT NULL, [Title] NVARCHAR(160) NOT NULL,
    CONSTRAINT [PK_Album] PRIMARY KEY CLUSTERED ([AlbumId]));
CREATE TABLE dbo.u (a INT NOT NULL, b INT, c INT,
    CONSTRAINT pk_u PRIMARY KEY NONCLUSTERED (a DESC, c), CONSTRAINT uq_u UNIQUE NONCLUSTERED (b));
CREATE TABLE dbo.v (a INT NOT NULL, b INT);
ALTER TABLE dbo.v ADD CONSTRAINT pk_v PRIMARY KEY CLUSTERED (a);
ALTER TABLE dbo.v ADD CONSTRAINT uq_v UNIQUE CLUSTERED (b);
""", dialect="tsql")
    album, u, v = cat.tables["album"], cat.tables["u"], cat.tables["v"]
    assert album.primary_key.columns == ("albumid",) and album.primary_key.name == "pk_album"
    assert u.primary_key.columns == ("a", "c")
    assert [x.columns for x in u.uniques] == [("b",)]
    assert v.primary_key.columns == ("a",) and not v.columns["a"].nullable
    assert [x.columns for x in v.uniques] == [("b",)]


def test_tsql_clustering_sqlglot_cannot_read_is_left_out():
    # sqlglot reads [NON]CLUSTERED only after a named constraint with columns: a column's
    # PRIMARY KEY CLUSTERED and an unnamed one were syntax errors, ALTER ... ADD raw text
    cat = load_schema("""
CREATE TABLE t1 (a INT NOT NULL PRIMARY KEY CLUSTERED, b INT);
CREATE TABLE t2 (a INT NOT NULL PRIMARY KEY NONCLUSTERED, b INT UNIQUE NONCLUSTERED);
CREATE TABLE t3 (a INT NOT NULL, b INT, PRIMARY KEY CLUSTERED (a));
CREATE TABLE t4 (a INT NOT NULL CONSTRAINT pk4 PRIMARY KEY CLUSTERED,
    [clustered] NVARCHAR(30) DEFAULT 'PRIMARY KEY CLUSTERED');
CREATE TABLE t5 (a INT NOT NULL, b INT);
ALTER TABLE t5 ADD PRIMARY KEY CLUSTERED (a);
""", dialect="tsql")
    assert not [s for s in cat.statements if s.error or s.raw]
    assert {k: t.primary_key.columns for k, t in cat.tables.items()} == {
        "t1": ("a",), "t2": ("a",), "t3": ("a",), "t4": ("a",), "t5": ("a",)}
    assert [u.columns for u in cat.tables["t2"].uniques] == [("b",)]
    assert cat.tables["t4"].columns["clustered"].default == "'PRIMARY KEY CLUSTERED'"


def test_tsql_table_clauses_sqlglot_lacks_are_read_past():
    # AdventureWorks (instawdb.sql) and SSMS "Generate Scripts": ROWGUIDCOL, IDENTITY NOT
    # FOR REPLICATION, SPARSE, typed xml, TEXTIMAGE_ON, WITH NOCHECK ADD, UNIQUE (a ASC)
    # were syntax errors or raw text, and their tables were missing from the catalog
    cat = load_schema("""
CREATE TABLE [Person].[Address](
    [AddressID] [int] IDENTITY (1, 1) NOT FOR REPLICATION NOT NULL,
    [rowguid] uniqueidentifier ROWGUIDCOL NOT NULL CONSTRAINT [DF_Address_rowguid] DEFAULT (NEWID()),
    [Demographics] [xml](CONTENT [Person].[IndividualSurveySchemaCollection]) NULL,
    [Note] varchar(30) COLLATE Latin1_General_CI_AS SPARSE NULL,
    [rowguidcol] int NULL,
    CONSTRAINT [CK_Address] CHECK NOT FOR REPLICATION ([AddressID] > 0),
    CONSTRAINT [PK_Address] PRIMARY KEY CLUSTERED ([AddressID] ASC)
        WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY];
ALTER TABLE [Person].[Address] WITH NOCHECK ADD CONSTRAINT [UQ_Address_rowguid]
    UNIQUE NONCLUSTERED ([rowguid] ASC) WITH (PAD_INDEX = OFF) ON [PRIMARY];
ALTER TABLE [Person].[Address] WITH CHECK ADD CONSTRAINT [FK_Address_Address]
    FOREIGN KEY ([AddressID]) REFERENCES [Person].[Address] ([AddressID]) NOT FOR REPLICATION;
""", dialect="tsql")
    assert not [s for s in cat.statements if s.error or s.raw]
    t = cat.tables["person.address"]
    assert list(t.columns) == ["addressid", "rowguid", "demographics", "note", "rowguidcol"]
    assert t.primary_key.columns == ("addressid",)
    assert [u.columns for u in t.uniques] == [("rowguid",)]
    assert [fk.columns for fk in t.foreign_keys] == [("addressid",)]
    assert t.columns["demographics"].type == "xml"
    assert t.columns["addressid"].identity


def test_tsql_unique_before_a_named_default_or_check():
    # AdventureWorks' Production.Document: rowguid ... NOT NULL UNIQUE CONSTRAINT [DF_..]
    # DEFAULT (NEWID()) was its last AK-SQL001 (sqlglot reads no constraint after UNIQUE
    # CONSTRAINT); the constraint is moved before UNIQUE in place, at the same length
    sql = """CREATE TABLE [Production].[Document](
    [DocumentNode] [hierarchyid] NOT NULL PRIMARY KEY,
    [rowguid] uniqueidentifier ROWGUIDCOL NOT NULL UNIQUE CONSTRAINT [DF_Document_rowguid] DEFAULT (NEWID()),
    [Flag] int NOT NULL UNIQUE CONSTRAINT [CK_Flag] CHECK ([Flag] > 0),
    [Title] nvarchar(50) NOT NULL)
GO
ALTER TABLE [Production].[Document] ADD [Code] int NULL UNIQUE CONSTRAINT [DF_Code] DEFAULT 0
GO
"""
    cat = load_schema(sql, dialect="tsql")
    assert not [s for s in cat.statements if s.error or s.raw]
    t = cat.tables["production.document"]
    assert [u.columns for u in t.uniques] == [("rowguid",), ("flag",), ("code",)]
    assert t.columns["rowguid"].default is not None and not t.columns["rowguid"].nullable
    assert t.columns["code"].default == "0"
    assert [(c.name, c.columns) for c in t.checks] == [("ck_flag", ("flag",))]
    # the columns keep their places: the statement is as long as it was
    assert (t.columns["title"].pos.line, t.columns["title"].pos.col) == (5, 5)
    assert [s.sql for s in cat.statements][0] == sql.split("\nGO")[0]


def test_tsql_xml_spatial_and_fulltext_indexes_are_indexes_of_their_kind():
    # AdventureWorks: 12 AK-SQL002 "not analysed"; now indexes with their kind as method
    # (no btree: none serves a foreign key), and catalogs / XML schema collections quiet
    from archkit.schema import check

    sql = """CREATE TABLE [Person].[Person] ([BusinessEntityID] int NOT NULL PRIMARY KEY,
    [Demographics] xml NULL, [Resume] nvarchar(max), [Ext] nvarchar(8), [Shape] geometry)
GO
CREATE XML SCHEMA COLLECTION [Person].[Survey] AS N'<xsd:schema/>';
GO
CREATE PRIMARY XML INDEX [PXML_Person_Demographics] ON [Person].[Person]([Demographics]);
GO
CREATE XML INDEX [XMLPATH_Person_Demographics] ON [Person].[Person]([Demographics])
USING XML INDEX [PXML_Person_Demographics] FOR PATH;
GO
CREATE SPATIAL INDEX SIndx ON Person.Person(Shape) USING GEOMETRY_GRID
    WITH (BOUNDING_BOX = (0, 0, 500, 200), GRIDS = (LEVEL_1 = MEDIUM), CELLS_PER_OBJECT = 64);
GO
CREATE FULLTEXT CATALOG AW2025FullTextCatalog AS DEFAULT;
GO
CREATE FULLTEXT INDEX ON Person.Person(Resume LANGUAGE 1033,
    Ext TYPE COLUMN Ext STATISTICAL_SEMANTICS) KEY INDEX PK_Person WITH CHANGE_TRACKING AUTO;
GO
"""
    cat = load_schema(sql, dialect="tsql")
    assert [(ix.name, ix.method, ix.column_names) for ix in cat.tables["person.person"].indexes] \
        == [("pxml_person_demographics", "xml", ("demographics",)),
            ("xmlpath_person_demographics", "xml path", ("demographics",)),
            ("sindx", "spatial", ("shape",)), (None, "fulltext", ("resume", "ext"))]
    assert check(sql, dialect="tsql", select=["AK-SQL"]).findings == []


def test_tsql_ledger_and_options_beside_system_versioning():
    # sql-server-samples' ledger schemas: WITH (SYSTEM_VERSIONING = ON, LEDGER = ON) and
    # LEDGER = ON (APPEND_ONLY = ON) were AK-SQL001 (sqlglot reads SYSTEM_VERSIONING only
    # alone or last, LEDGER nowhere); the tables were lost
    from archkit.schema import check

    sql = """CREATE TABLE [dbo].[Employees] ([EmployeeID] bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [Salary] [money] NOT NULL) WITH (SYSTEM_VERSIONING = ON, LEDGER = ON);
GO
CREATE TABLE [dbo].[AuditEvents] ([Query] nvarchar(4000) NOT NULL)
WITH (LEDGER = ON (APPEND_ONLY = ON));
GO
CREATE TABLE dbo.A (id bigint NOT NULL PRIMARY KEY,
  vf DATETIME2 GENERATED ALWAYS AS ROW START NOT NULL,
  vt DATETIME2 GENERATED ALWAYS AS ROW END NOT NULL, PERIOD FOR SYSTEM_TIME (vf, vt)
) WITH (DATA_COMPRESSION = PAGE, SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.AH), LEDGER = OFF);
GO
CREATE TABLE dbo.B (id bigint NOT NULL PRIMARY KEY) WITH (DATA_COMPRESSION = PAGE, LEDGER = ON);
GO
"""
    assert check(sql, dialect="tsql", select=["AK-SQL"]).findings == []
    cat = load_schema(sql, dialect="tsql")
    assert sorted(cat.tables) == ["a", "auditevents", "b", "employees"]
    assert cat.tables["a"].options["history_table"] == "ah"


def test_snowflake_hybrid_tables_oracle_overflow_and_bigquery_external_tables():
    # scout B: a hybrid table (the one snowflake table with enforced keys and indexes),
    # utPLSQL's ORGANIZATION INDEX OVERFLOW table and BigLake tables were lost
    from archkit.schema import check

    hybrid = ("CREATE OR REPLACE HYBRID TABLE orders (\n  order_id NUMBER(38,0) PRIMARY KEY,\n"
              "  customer_id NUMBER(38,0) NOT NULL,\n  INDEX idx_cust (customer_id)\n);")
    t = load_schema(hybrid, dialect="snowflake").tables["ORDERS"]
    assert t.primary_key.columns == ("ORDER_ID",)
    assert [(ix.name, ix.column_names) for ix in t.indexes] == [("IDX_CUST", ("CUSTOMER_ID",))]
    overflow = ("create table ut_buffer(output_id raw(32) not null, message_id number(38,0) not null,\n"
                "  constraint ut_buffer_pk primary key(output_id, message_id)\n"
                ") organization index including message_id overflow;")
    assert load_schema(overflow, dialect="oracle").tables["UT_BUFFER"].primary_key.columns == \
        ("OUTPUT_ID", "MESSAGE_ID")
    biglake = ("CREATE OR REPLACE EXTERNAL TABLE `p.taxi.names` (name STRING)\n"
               "WITH CONNECTION `p.us.biglake`\nOPTIONS (format = \"CSV\", uris = ['gs://b/*.csv']);\n"
               "CREATE OR REPLACE EXTERNAL TABLE `p.taxi.trips`\n"
               "WITH PARTITION COLUMNS (year INTEGER, month INTEGER)\n"
               "OPTIONS (format = \"PARQUET\", uris = ['gs://b/green/*.parquet']);")
    for sql, dialect in ((hybrid, "snowflake"), (overflow, "oracle"), (biglake, "bigquery")):
        assert check(sql, dialect=dialect, select=["AK-SQL"]).findings == [], dialect
    assert sorted(load_schema(biglake, dialect="bigquery").tables) == ["taxi.names", "taxi.trips"]


def test_tsql_clustered_and_nonclustered_create_index_are_indexes():
    # SSDT and SSMS write CREATE NONCLUSTERED INDEX: sqlglot's kind "NONCLUSTERED INDEX"
    # kept every such index out of the catalog (WideWorldImporters: 56 false AK-IX006)
    cat = load_schema("""
CREATE TABLE [Sales].[Orders] ([OrderID] INT NOT NULL PRIMARY KEY NONCLUSTERED,
    [CustomerID] INT NOT NULL, [OrderDate] DATE NOT NULL);
GO
CREATE NONCLUSTERED INDEX [FK_Sales_Orders_CustomerID]
    ON [Sales].[Orders]([CustomerID] ASC);
GO
CREATE UNIQUE CLUSTERED INDEX [CX_Sales_Orders] ON [Sales].[Orders]([OrderDate], [OrderID]);
GO
""", dialect="tsql")
    t = cat.tables["sales.orders"]
    assert [(ix.name, ix.column_names, ix.unique) for ix in t.indexes] == [
        ("fk_sales_orders_customerid", ("customerid",), False),
        ("cx_sales_orders", ("orderdate", "orderid"), True)]


def test_tsql_columnstore_indexes_and_masked_columns():
    # WideWorldImporters: a btree (invoiceid) was reported as a redundant prefix of the
    # columnstore index NCCX (invoiceid, ...), and MASKED WITH (...) columns failed to parse
    from archkit.schema import check

    sql = """
CREATE TABLE s.l (id int NOT NULL PRIMARY KEY, a int, b int,
    n NVARCHAR (50) MASKED WITH (FUNCTION = 'default()') NULL, masked int);
GO
CREATE NONCLUSTERED INDEX ix ON s.l (a);
GO
CREATE COLUMNSTORE INDEX [NCCX] ON s.l (a, b);
GO
CREATE CLUSTERED COLUMNSTORE INDEX cx ON s.l;
GO
"""
    cat = load_schema(sql, dialect="tsql")
    t = cat.tables["s.l"]
    assert list(t.columns) == ["id", "a", "b", "n", "masked"]
    assert [(ix.name, ix.method) for ix in t.indexes] == [
        ("ix", "btree"), ("nccx", "columnstore"), ("cx", "columnstore")]
    assert check(sql, dialect="tsql", select=["AK-SQL", "AK-IX00"]).findings == []


def test_tsql_indexes_declared_inside_create_table():
    # SQL Server 2014+: INDEX ix ... among the columns. sqlglot reads `INDEX ix (b)` as a
    # column named INDEX of type ix (a silent misread) and fails on the other forms
    # (WideWorldImporters: two tables lost to AK-SQL001)
    sql = ("CREATE TABLE dbo.t (\n"
           "  [a] int NOT NULL INDEX ix_a NONCLUSTERED,\n"
           "  b int NOT NULL, c int,\n"
           "  CONSTRAINT pk_t PRIMARY KEY (a),\n"
           "  INDEX ix_plain (c),\n"
           "  INDEX [ix_b] UNIQUE NONCLUSTERED (b DESC, [a]) INCLUDE (c) WHERE b > 0 ON [PRIMARY],\n"
           "  INDEX ix_h HASH (c) WITH (BUCKET_COUNT = 1024),\n"
           "  INDEX cx CLUSTERED COLUMNSTORE\n"
           ");\nGO\n")
    t = load_schema(sql, "tsql").tables["t"]
    assert list(t.columns) == ["a", "b", "c"]
    assert t.primary_key.columns == ("a",)
    got = {ix.name: ix for ix in t.indexes}
    assert list(got) == ["ix_a", "ix_plain", "ix_b", "ix_h"]
    assert got["ix_a"].column_names == ("a",) and got["ix_a"].pos.line == 2 \
        and got["ix_a"].pos.col == 26
    assert got["ix_plain"].column_names == ("c",) and not got["ix_plain"].unique
    b = got["ix_b"]
    assert (b.column_names, b.unique, b.include, b.where) == (("b", "a"), True, ("c",), "b > 0")
    assert b.columns[0].desc and (b.pos.line, b.pos.col) == (6, 9)
    assert got["ix_h"].method == "hash"
    assert all(ix.inline and ix.table == "t" for ix in t.indexes)
    from archkit.schema import check
    assert check(sql, dialect="tsql", select=["AK-SQL"]).findings == []
    # a column that is called Index (quoted: INDEX is reserved) stays a column
    t = load_schema("CREATE TABLE t2 (id int PRIMARY KEY, [Index] int);", "tsql").tables["t2"]
    assert list(t.columns) == ["id", "index"] and t.indexes == []


def test_tsql_default_constraint_added_for_a_column():
    # SSMS "Generate Scripts" writes every default as ALTER TABLE ... ADD CONSTRAINT df
    # DEFAULT (...) FOR col: sqlglot keeps it as raw text, so it was AK-SQL002, the default
    # was lost and the table stopped being checked column by column
    from archkit.schema import check

    sql = ("CREATE TABLE [dbo].[t] (id int NOT NULL PRIMARY KEY, qty int NOT NULL);\nGO\n"
           "ALTER TABLE [dbo].[t] ADD  CONSTRAINT [DF_t_qty]  DEFAULT ((0)) FOR [qty]\nGO\n"
           "ALTER TABLE dbo.t WITH CHECK ADD DEFAULT (getdate()) FOR id;\nGO\n")
    t = load_schema(sql, "tsql").tables["t"]
    assert t.columns["qty"].default == "((0))"
    assert t.columns["id"].default is not None and "opaque" not in t.options
    assert check(sql, dialect="tsql", select=["AK-SQL"]).findings == []
    f, = check(sql + "ALTER TABLE [dbo].[t] ADD CONSTRAINT [DF_x] DEFAULT (1) FOR [nope]\n",
               dialect="tsql", select=["AK-SQL"]).findings
    assert (f.rule, f.line, f.col) == ("AK-SQL003", 7, 61)


def test_tsql_column_level_foreign_key_references_is_a_foreign_key():
    # x int FOREIGN KEY REFERENCES t (c): T-SQL's column constraint with the optional
    # FOREIGN KEY words; the key was lost (and AK-FK005 asked for one)
    cat = load_schema("CREATE TABLE dbo.n (id int PRIMARY KEY,\n"
                      "  x int NOT NULL FOREIGN KEY REFERENCES dbo.n (id) ON DELETE NO ACTION,\n"
                      "  y int CONSTRAINT fk_y FOREIGN KEY REFERENCES dbo.n)", "tsql")
    fks = cat.tables["n"].foreign_keys
    assert [(f.columns, f.ref_table, f.ref_columns, f.name, f.inline) for f in fks] == [
        (("x",), "n", ("id",), None, True), (("y",), "n", (), "fk_y", True)]
    assert fks[0].on_delete == "no action" and fks[0].pos.line == 2


def test_tsql_filtered_indexes_with_storage_options_and_hash_keys_are_kept():
    # sqlglot reads an index's WHERE or its WITH (...), not both: the inline index was
    # silently dropped and CREATE INDEX kept as raw text (AK-SQL002)
    sql = ("CREATE TABLE dbo.o (a int NOT NULL, b int NULL,\n"
           "  INDEX ix_o_a NONCLUSTERED (a DESC) INCLUDE (b) WHERE (b > 0)\n"
           "    WITH (FILLFACTOR = 90) ON [PRIMARY])\nGO\n"
           "CREATE INDEX ix_o_b ON dbo.o (b) WHERE (b > 0) WITH (FILLFACTOR = 90) ON [PRIMARY]\n"
           "GO\n"
           # memory-optimized: PRIMARY KEY / UNIQUE NONCLUSTERED HASH ... WITH (BUCKET_COUNT)
           "CREATE TABLE dbo.m (id int NOT NULL PRIMARY KEY NONCLUSTERED HASH\n"
           "    WITH (BUCKET_COUNT = 1024), u int NOT NULL,\n"
           "  CONSTRAINT uq_m UNIQUE NONCLUSTERED HASH (u) WITH (BUCKET_COUNT = 8))\n"
           "  WITH (MEMORY_OPTIMIZED = ON)\nGO\n"
           "CREATE TABLE dbo.m2 (id int NOT NULL,\n"
           "  CONSTRAINT pk_m2 PRIMARY KEY NONCLUSTERED HASH (id) WITH (BUCKET_COUNT = 64))\n"
           "  WITH (MEMORY_OPTIMIZED = ON)\n")
    cat = load_schema(sql, "tsql")
    assert [s.error for s in cat.statements] == [None] * 4
    assert not any(s.raw for s in cat.statements)
    assert [(i.name, i.column_names, i.where, i.include) for i in cat.tables["o"].indexes] == [
        ("ix_o_a", ("a",), "(b > 0)", ("b",)), ("ix_o_b", ("b",), "(b > 0)", ())]
    assert cat.tables["o"].indexes[0].pos.line == 2
    assert cat.tables["m"].primary_key.columns == ("id",)
    assert [u.columns for u in cat.tables["m"].uniques] == [("u",)]
    assert cat.tables["m2"].primary_key.name == "pk_m2"


def test_a_renamed_table_is_named_as_its_rename_writes_it():
    # drizzle: CREATE TABLE "user_temp" ...; ALTER TABLE "user_temp" RENAME TO "User":
    # the name rules judged (and showed) the old spelling
    from archkit.schema import check

    sql = 'CREATE TABLE "user_temp" (id int PRIMARY KEY);\nALTER TABLE "user_temp" RENAME TO "User";\n'
    t = load_schema(sql).tables["User"]
    assert (t.original, t.quoted) == ("User", True)
    assert [f.message for f in check(sql, select=["AK-NM001"])] == [
        "table name User does not match ^[a-z][a-z0-9_]*$"]


def test_mariadb_system_versioned_and_application_time_tables_are_read():
    # mariadb-dump writes WITH SYSTEM VERSIONING after the table options, and the row
    # start/end columns and PERIOD FOR SYSTEM_TIME when they are visible: sqlglot kept the
    # table as raw text (AK-SQL002, the table lost); PERIOD FOR p (a, b) with
    # PRIMARY KEY (id, p WITHOUT OVERLAPS) did not parse (AK-SQL001)
    sql = ("CREATE TABLE `sv` (\n  `id` int(11) NOT NULL,\n"
           "  `s` timestamp(6) GENERATED ALWAYS AS ROW START INVISIBLE,\n"
           "  `e` timestamp(6) GENERATED ALWAYS AS ROW END INVISIBLE,\n"
           "  PRIMARY KEY (`id`,`e`),\n  PERIOD FOR SYSTEM_TIME (`s`, `e`)\n"
           ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 WITH SYSTEM VERSIONING;\n"
           "CREATE TABLE plain (id int PRIMARY KEY, x int WITHOUT SYSTEM VERSIONING)"
           " WITH SYSTEM VERSIONING;\n"
           "CREATE OR REPLACE TABLE person (name varchar(10), valid_from date, valid_to date,\n"
           "  PERIOD FOR valid_period(valid_from, valid_to),\n"
           "  PRIMARY KEY (name, valid_period WITHOUT OVERLAPS),\n"
           "  UNIQUE KEY u (name, valid_period WITHOUT OVERLAPS));\n")
    cat = load_schema(sql, "mariadb")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 3
    sv = cat.tables["sv"]
    assert list(sv.columns) == ["id", "s", "e"] and sv.primary_key.columns == ("id", "e")
    assert sv.engine == "InnoDB" and sv.columns["id"].pos.line == 2
    assert list(cat.tables["plain"].columns) == ["id", "x"]
    person = cat.tables["person"]
    assert list(person.columns) == ["name", "valid_from", "valid_to"]
    # the period stands for its two columns in the key
    assert person.primary_key.columns == ("name", "valid_from", "valid_to")
    assert [u.columns for u in person.uniques] == [("name", "valid_from", "valid_to")]


def test_mariadb_column_types_and_attributes_sqlglot_lacks_are_read():
    # INET4/INET6 types, PERSISTENT (mariadb's STORED), COMPRESSED columns and FLOAT
    # UNSIGNED (valid, as mariadb-dump writes it) were each AK-SQL001
    sql = ("CREATE TABLE t (a inet4 NOT NULL, inet6 inet6, f float unsigned DEFAULT NULL,\n"
           "  g float(7,4) unsigned zerofill, b blob COMPRESSED, c varchar(9) COMPRESSED=zlib,\n"
           "  u varchar(9) AS (upper(c)) PERSISTENT, PRIMARY KEY (inet6))"
           " ROW_FORMAT=COMPRESSED;\n"
           "ALTER TABLE t ADD COLUMN ip INET6 NOT NULL;\n")
    cat = load_schema(sql, "mariadb")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 2
    t = cat.tables["t"]
    assert {c: col.raw_type for c, col in t.columns.items()} == {
        "a": "inet4", "inet6": "inet6", "f": "FLOAT", "g": "FLOAT(7, 4)", "b": "BLOB",
        "c": "VARCHAR(9)", "u": "VARCHAR(9)", "ip": "inet6"}
    assert t.primary_key.columns == ("inet6",) and not t.columns["a"].nullable


def test_mysql_and_oracle_partition_clauses_sqlglot_lacks_are_read():
    # mysqldump writes ENGINE = InnoDB into every partition and LIST/RANGE COLUMNS;
    # SUBPARTITION BY made sqlglot keep the table as raw text; oracle partitioning
    # (the sales_history sample's VALUES LESS THAN (TO_DATE(...))) does not parse at all
    my = ("CREATE TABLE a (id int NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB\n"
          " PARTITION BY LIST  COLUMNS(`id`)\n(PARTITION `p1` VALUES IN (1,2) ENGINE = InnoDB);\n"
          "CREATE TABLE b (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d))\n"
          " PARTITION BY RANGE (year(d)) SUBPARTITION BY HASH (to_days(d)) SUBPARTITIONS 2\n"
          "(PARTITION p1 VALUES LESS THAN (2019) ENGINE = InnoDB);\n")
    cat = load_schema(my, "mysql")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 2
    assert cat.tables["a"].primary_key.columns == ("id",)
    assert cat.tables["b"].primary_key.columns == ("id", "d")
    ora = ("CREATE TABLE sales (prod_id NUMBER(6) NOT NULL, time_id DATE NOT NULL,\n"
           "  CONSTRAINT sales_pk PRIMARY KEY (prod_id, time_id))\n"
           " PARTITION BY RANGE (time_id)\n"
           " (PARTITION s1 VALUES LESS THAN (TO_DATE('2019-01-01','YYYY-MM-DD')));\n"
           "CREATE TABLE h (a NUMBER PRIMARY KEY) PARTITION BY HASH (a) PARTITIONS 4;\n")
    cat = load_schema(ora, "oracle")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 2
    assert cat.tables["SALES"].primary_key.columns == ("PROD_ID", "TIME_ID")
    assert list(cat.tables["H"].columns) == ["A"]


def test_sqlite_without_rowid_and_conflict_clauses_are_read():
    # WITHOUT ROWID (alone or with STRICT) made sqlglot keep the table as raw text
    # (AK-SQL002, the table lost); PRIMARY KEY / UNIQUE / NOT NULL ON CONFLICT action
    # did not parse (AK-SQL001)
    sql = ("CREATE TABLE a (id BLOB PRIMARY KEY, mail TEXT) WITHOUT ROWID;\n"
           "CREATE TABLE b (id INTEGER PRIMARY KEY, mail TEXT) STRICT, WITHOUT ROWID;\n"
           "CREATE TABLE c (id TEXT, n INT, PRIMARY KEY (id, n) ON CONFLICT ABORT)"
           " WITHOUT ROWID, STRICT;\n"
           "CREATE TABLE d (x INTEGER PRIMARY KEY ON CONFLICT REPLACE,\n"
           "  b TEXT UNIQUE ON CONFLICT IGNORE NOT NULL ON CONFLICT FAIL);\n"
           "CREATE INDEX a_mail ON a (mail);\n")
    cat = load_schema(sql, "sqlite")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 5
    assert cat.tables["a"].primary_key.columns == ("id",)
    assert [i.name for i in cat.tables["a"].indexes] == ["a_mail"]
    assert list(cat.tables["b"].columns) == ["id", "mail"]
    assert cat.tables["c"].primary_key.columns == ("id", "n")
    d = cat.tables["d"]
    assert d.primary_key.columns == ("x",) and [u.columns for u in d.uniques] == [("b",)]
    assert not d.columns["b"].nullable


def test_sqlite_virtual_tables_parse_and_are_not_judged_as_tables():
    # fts5 options (content='t', tokenize = '...') did not parse (AK-SQL001); a parsed
    # virtual table was told it has no primary key (AK-PK001), which fts5 cannot have
    from archkit.schema import check

    sql = ("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n"
           "CREATE VIRTUAL TABLE f USING fts5(body, content='t', content_rowid='id');\n"
           "CREATE VIRTUAL TABLE g USING fts5(tokenize = 'porter unicode61', title, body);\n"
           "CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx);\n")
    cat = load_schema(sql, "sqlite")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 4
    assert cat.tables["f"].options["virtual"] and cat.tables["g"].options["module"] == "fts5"
    assert check(sql, dialect="sqlite", select=["AK-SQL", "AK-PK", "AK-TY"]).findings == []


def test_mariadb_add_index_or_foreign_key_if_not_exists_is_read():
    # ADD INDEX|KEY IF NOT EXISTS and FOREIGN KEY IF NOT EXISTS are mariadb's: AK-SQL001
    # (or raw text for ADD UNIQUE INDEX), and the columns they name then looked missing
    sql = ("CREATE TABLE p (a int NOT NULL, PRIMARY KEY (a));\n"
           "CREATE TABLE t (a int NOT NULL, z int, PRIMARY KEY (a), KEY iz (z));\n"
           "ALTER TABLE t ADD COLUMN IF NOT EXISTS y int, ADD INDEX IF NOT EXISTS iz (y),\n"
           "  ADD UNIQUE KEY IF NOT EXISTS uy (y), ADD KEY IF NOT EXISTS iy (y);\n"
           "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY IF NOT EXISTS (z) REFERENCES p (a);\n")
    cat = load_schema(sql, "mariadb")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 4
    t = cat.tables["t"]
    # iz exists already: skipped, as the server does
    assert [(i.name, i.column_names) for i in t.indexes] == [("iz", ("z",)), ("iy", ("y",))]
    assert [u.columns for u in t.uniques] == [("y",)]
    assert [(f.columns, f.ref_table) for f in t.foreign_keys] == [(("z",), "p")]


def test_mysqldump_lock_tables_and_columnstore_tables_are_quiet():
    # mysqldump wraps every table's rows in LOCK TABLES t WRITE / UNLOCK TABLES (each
    # was AK-SQL002); mariadb ColumnStore refuses any key, so AK-PK001 cannot be met
    from archkit.schema import check

    sql = ("CREATE TABLE cs (a int(11) DEFAULT NULL) ENGINE=Columnstore;\n"
           "LOCK TABLES `cs` WRITE;\nINSERT INTO cs VALUES (1);\nUNLOCK TABLES;\n"
           "CREATE TABLE inno (a int DEFAULT NULL) ENGINE=InnoDB;\n")
    found = check(sql, dialect="mariadb", select=["AK-SQL", "AK-PK001"]).findings
    assert [(f.rule, f.object) for f in found] == [("AK-PK001", "inno")]


ORACLE_GENERATED = """\
  CREATE TABLE "HR"."A_TBL"
   (\t"A" NUMBER,
\t"B" VARCHAR2(10 BYTE),
\t"C" CLOB
   ) SEGMENT CREATION IMMEDIATE
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 NOCOMPRESS LOGGING
  STORAGE(INITIAL 65536 NEXT 1048576 MINEXTENTS 1 MAXEXTENTS 2147483645
  PCTINCREASE 0 FREELISTS 1 FREELIST GROUPS 1 BUFFER_POOL DEFAULT FLASH_CACHE DEFAULT)
  TABLESPACE "USERS"
 LOB ("C") STORE AS SECUREFILE (
  TABLESPACE "USERS" ENABLE STORAGE IN ROW CHUNK 8192
  NOCACHE LOGGING  NOCOMPRESS  KEEP_DUPLICATES) ;
  CREATE UNIQUE INDEX "HR"."A_PK" ON "HR"."A_TBL" ("A")
  PCTFREE 10 INITRANS 2 MAXTRANS 255 COMPUTE STATISTICS
  STORAGE(INITIAL 65536 NEXT 1048576) TABLESPACE "USERS" ;
  CREATE BITMAP INDEX "HR"."B_IX" ON "HR"."A_TBL" ("B") PCTFREE 10 TABLESPACE "USERS" ;
  ALTER TABLE "HR"."A_TBL" MODIFY ("A" NOT NULL ENABLE);
  ALTER TABLE "HR"."A_TBL" MODIFY ("B" DEFAULT 'x' CONSTRAINT "B_NN" NOT NULL ENABLE);
  ALTER TABLE "HR"."A_TBL" ADD CONSTRAINT "A_PK" PRIMARY KEY ("A")
  USING INDEX PCTFREE 10 INITRANS 2 MAXTRANS 255 COMPUTE STATISTICS
  STORAGE(INITIAL 65536 NEXT 1048576) TABLESPACE "USERS"  ENABLE;
  CREATE TABLE "HR"."K" ("ID" NUMBER NOT NULL ENABLE, "A" NUMBER,
   CONSTRAINT "K_PK" PRIMARY KEY ("ID")
  USING INDEX PCTFREE 10 INITRANS 2 MAXTRANS 255 TABLESPACE "USERS"  ENABLE,
   CONSTRAINT "K_FK" FOREIGN KEY ("A") REFERENCES "HR"."A_TBL" ("A") ON DELETE CASCADE ENABLE
   ) SEGMENT CREATION DEFERRED PCTFREE 10 NOCOMPRESS LOGGING TABLESPACE "USERS" ;
  CREATE TABLE pm (a NUMBER, d textdoc_tab) NESTED TABLE d STORE AS dn RETURN AS LOCATOR;
  ALTER TABLE pm MODIFY a NUMBER(6) NOT NULL;
"""


def test_oracle_generated_ddl_is_read():
    # SQL Developer / DBMS_METADATA output: SEGMENT CREATION, PCTFREE ..., NOCOMPRESS,
    # LOB (...) STORE AS, NESTED TABLE, USING INDEX with storage, ON DELETE CASCADE
    # ENABLE, schema-qualified and BITMAP indexes and MODIFY ("A" NOT NULL ENABLE) were
    # all kept as raw text (AK-SQL002): the tables, keys and NOT NULLs were lost
    cat = load_schema(ORACLE_GENERATED, "oracle")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 9
    a = cat.tables["HR.A_TBL"]
    assert list(a.columns) == ["A", "B", "C"] and a.primary_key.columns == ("A",)
    assert (a.columns["A"].nullable, a.columns["B"].nullable, a.columns["C"].nullable) == (
        False, False, True)
    assert a.columns["B"].default == "'x'" and a.columns["B"].pos.line == 3
    assert [(i.name, i.method, i.unique) for i in a.indexes] == [
        ("A_PK", "btree", True), ("B_IX", "bitmap", False)]
    k = cat.tables["HR.K"]
    assert k.primary_key.name == "K_PK" and k.foreign_keys[0].on_delete == "cascade"
    pm = cat.tables["PM"]
    assert list(pm.columns) == ["A", "D"] and not pm.columns["A"].nullable
    assert pm.columns["A"].raw_type == "NUMBER(6)"


def test_sqlite_schema_output_internal_tables_and_qualified_indexes():
    # `sqlite3 db .schema` prints sqlite_sequence (for AUTOINCREMENT) and sqlite_stat1:
    # sqlite's own tables, which were told they have no primary key (AK-PK001); an index
    # named main.ix was kept as raw text (AK-SQL002)
    from archkit.schema import check

    sql = ("CREATE TABLE c (id INTEGER PRIMARY KEY AUTOINCREMENT, total INTEGER);\n"
           "CREATE TABLE sqlite_sequence(name,seq);\n"
           "CREATE TABLE sqlite_stat1(tbl,idx,stat);\n"
           "CREATE INDEX IF NOT EXISTS main.c_total ON c (total) WHERE total > 0;\n"
           "CREATE UNIQUE INDEX main.c_total_u ON c (total, id);\n")
    cat = load_schema(sql, "sqlite")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 5
    assert [(i.name, i.where, i.unique) for i in cat.tables["c"].indexes] == [
        ("c_total", "total > 0", False), ("c_total_u", None, True)]
    assert check(sql, dialect="sqlite", select=["AK-SQL", "AK-PK001", "AK-TY009"]).findings == []


def test_mariadb_sequence_defaults_are_read():
    # DEFAULT (NEXT VALUE FOR s), as mariadb-dump writes a sequence default: AK-SQL001
    sql = ("CREATE SEQUENCE s;\n"
           "CREATE TABLE t (a int NOT NULL DEFAULT (NEXT VALUE FOR s),\n"
           "  b int DEFAULT (NEXT VALUE FOR `db`.`s`), PRIMARY KEY (a));\n")
    cat = load_schema(sql, "mariadb")
    assert [(s.error, s.raw) for s in cat.statements] == [(None, False)] * 2
    t = cat.tables["t"]
    assert [(c.default, c.pos.col) for c in t.columns.values()] == [
        ("NEXTVAL(s)", 17), ("NEXTVAL(`db`.`s`)", 3)]


@pytest.mark.parametrize("dialect, ddl, stored", [
    # PostgreSQL 12-17 has only STORED generated columns (sqlglot keeps no word for it)
    ("postgres", "g int GENERATED ALWAYS AS (a * 2) STORED", True),
    ("mysql", "g int GENERATED ALWAYS AS (a * 2) STORED", True),
    ("mysql", "g int AS (a * 2)", False),                 # MySQL's default is VIRTUAL
    ("tsql", "g AS (a * 2) PERSISTED", True),
    ("tsql", "g AS (a * 2)", False),
    ("sqlite", "g int GENERATED ALWAYS AS (a * 2)", False),
])
def test_generated_columns_know_whether_they_are_stored(dialect, ddl, stored):
    cat = load_schema(f"CREATE TABLE t (a int, {ddl});", dialect)
    g = cat.tables["t"].columns["g"]
    assert g.generated and g.stored is stored


def test_oracle_float_real_and_double_precision_are_decimal_numbers():
    # Oracle's FLOAT(p), REAL and DOUBLE PRECISION are NUMBER with a binary precision
    # (exact for 0.10); only BINARY_FLOAT / BINARY_DOUBLE are IEEE binary, and sqlglot
    # reads all of them as one float type (AK-TY004 called a FLOAT price inexact; scout U)
    from archkit.schema import check

    sql = ("CREATE TABLE t (id NUMBER(10) PRIMARY KEY, price FLOAT, list_price FLOAT(126),\n"
           "  net_price REAL, gross_price DOUBLE PRECISION, amount BINARY_FLOAT,\n"
           "  \"Cost\" binary_double);")
    cols = load_schema(sql, "oracle").tables["T"].columns
    assert {n: (c.type, c.raw_type) for n, c in cols.items() if n != "ID"} == {
        "PRICE": ("numeric", "FLOAT"), "LIST_PRICE": ("numeric", "FLOAT(126)"),
        "NET_PRICE": ("numeric", "FLOAT"), "GROSS_PRICE": ("numeric", "DOUBLE PRECISION"),
        "AMOUNT": ("real", "BINARY_FLOAT"), "Cost": ("double", "BINARY_DOUBLE")}
    money = [f for f in check(sql, dialect="oracle", cache=False) if f.rule == "AK-TY004"]
    assert [f.message for f in money] == [
        "T.AMOUNT holds money as BINARY_FLOAT, which is not exact",
        "T.Cost holds money as BINARY_DOUBLE, which is not exact"]
    # elsewhere FLOAT is binary
    assert load_schema("CREATE TABLE t (price FLOAT);", "postgres").tables["t"].columns[
        "price"].type != "numeric"


def test_oracle_char_length_semantics_are_kept_in_the_type():
    # VARCHAR2(100 CHAR) holds 100 characters, VARCHAR2(100) 100 bytes under the default
    # NLS_LENGTH_SEMANTICS: a hint restating the type must not drop CHAR (scout U)
    sql = ("CREATE TABLE t (id NUMBER(10) PRIMARY KEY, a VARCHAR2(100 CHAR),\n"
           "  b VARCHAR2(100 BYTE), c VARCHAR2(100), d CHAR(2 CHAR));")
    cols = load_schema(sql, "oracle").tables["T"].columns
    assert [(c.raw_type, c.params) for c in list(cols.values())[1:]] == [
        ("VARCHAR2(100 CHAR)", ("100",)), ("VARCHAR2(100 BYTE)", ("100",)),
        ("VARCHAR2(100)", ("100",)), ("CHAR(2 CHAR)", ("2",))]


def test_constraint_and_index_names_keep_their_spelling_where_names_fold_without_case():
    sql = ("CREATE TABLE Sales.Customer (CustomerID int CONSTRAINT PK_Customer PRIMARY KEY,\n"
           "  Mail nvarchar(9) CONSTRAINT UQ_Mail UNIQUE);\n"
           "CREATE TABLE Sales.Inv (ID int, CustID int, CONSTRAINT PK_Inv PRIMARY KEY (ID),\n"
           "  CONSTRAINT FK_Inv_Cust FOREIGN KEY (CustID) REFERENCES Sales.Customer (CustomerID));\n"
           "CREATE INDEX IX_Inv_Cust ON Sales.Inv (CustID);\n")
    cat = load_schema(sql, "tsql")
    inv = cat.tables["sales.inv"]
    # the names stay folded (what the engine compares); their spelling is kept beside
    assert inv.primary_key.name == "pk_inv" and inv.foreign_keys[0].name == "fk_inv_cust"
    assert inv.options["names_written"] == {"pk_inv": "PK_Inv", "fk_inv_cust": "FK_Inv_Cust"}
    assert cat.tables["sales.customer"].options["names_written"] == {
        "pk_customer": "PK_Customer", "uq_mail": "UQ_Mail"}
    assert [(ix.name, ix.original) for ix in inv.indexes] == [("ix_inv_cust", "IX_Inv_Cust")]
    # postgres folds unquoted names: the folded name is the stored one
    pg = load_schema(sql.replace("Sales.", "").replace("nvarchar", "varchar"), "postgres")
    assert "names_written" not in pg.tables["inv"].options
    assert [(ix.name, ix.original) for ix in pg.tables["inv"].indexes] == [
        ("ix_inv_cust", "IX_Inv_Cust")]      # (as written; messages there show the name)
