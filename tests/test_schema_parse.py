"""Parsing: one statement at a time at ErrorLevel.RAISE, exact positions, raw statements,
dialects, reading files, and no crash on any input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archkit.errors import InputError
from archkit.schema import load_schema
from archkit.schema.check import check
from archkit.schema.dialects import DIALECTS, get_dialect, known_dialects
from archkit.schema.parse import classify, parse_sql, read_sources

SAKILA = Path(__file__).parent / "fixtures" / "sakila"


def test_syntax_error_points_at_the_start_of_the_offending_token():
    sql = "CREATE TABLE ok (a int);\n\nCREATE TABLE t (\n  a int,\n  b varchar(10) NOTT NULL\n);"
    stmts = parse_sql(sql, "postgres", "x.sql")
    assert stmts[0].error is None and stmts[1].error is not None
    # 'NOTT' starts at line 5, column 17 (sqlglot itself reports the column of its end)
    assert (stmts[1].error.line, stmts[1].error.col) == (5, 17)
    assert stmts[1].line == 3


def test_syntax_error_on_the_first_line_of_an_indented_statement():
    (s,) = parse_sql("   CREATE TABLE t (a int PRIMARY KEY KEY);")
    assert s.error is not None and s.error.line == 1
    assert s.error.col == len("   CREATE TABLE t (a int PRIMARY KEY ") + 1
    (s,) = parse_sql("CREATE INDEX ON;")
    assert "the end of the statement" in s.error.message and "Token" not in s.error.message


def test_one_bad_statement_does_not_hide_the_rest():
    report = check("CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY KEY);\n"
                   "CREATE TABLE c (id int PRIMARY KEY);", select=["AK-SQL"])
    errors = report.by_rule("AK-SQL001")
    assert len(errors) == 1 and errors[0].line == 2
    assert errors[0].object == "statement at line 2"


def test_unterminated_string_is_reported_where_it_opens():
    (s,) = parse_sql("CREATE TABLE t (\n  a text DEFAULT 'oops\n);")
    assert s.error is not None and "unterminated string" in s.error.message
    assert (s.error.line, s.error.col) == (2, 18)


def test_unterminated_comment_is_reported():
    stmts = parse_sql("CREATE TABLE t (a int);\n/* not closed")
    assert stmts[0].error is None
    assert stmts[1].error is not None and "unterminated comment" in stmts[1].error.message
    assert (stmts[1].error.line, stmts[1].error.col) == (2, 1)


def test_tokenizer_errors_point_at_the_unclosed_token():
    (s,) = parse_sql("SELECT a,\n  [abc FROM t;", "tsql")
    assert s.error is not None and (s.error.line, s.error.col) == (2, 3)
    assert "cannot tokenize" in s.error.message


def test_commands_are_raw_and_classified():
    stmts = parse_sql("CREATE DOMAIN money_amount AS numeric(12,2);\nVACUUM t;\n"
                      "ALTER TYPE mood ADD VALUE 'meh';")
    assert [s.raw for s in stmts] == [True, True, True]
    assert [s.kind for s in stmts] == ["CREATE DOMAIN", "VACUUM", "ALTER TYPE"]
    assert all(s.error is None for s in stmts)


@pytest.mark.parametrize("sql, kind", [
    ("create unique index concurrently ix on t (a)", "CREATE INDEX"),
    ("CREATE OR REPLACE FUNCTION f() ...", "CREATE FUNCTION"),
    ("CREATE DEFINER=`root`@`%` SQL SECURITY INVOKER VIEW v AS SELECT 1", "CREATE VIEW"),
    ("-- c\nALTER TABLE ONLY t ADD x int", "ALTER TABLE"),
    ("DROP TABLE IF EXISTS t", "DROP TABLE"),
    ("COMMENT ON TABLE t IS 'x'", "COMMENT"),
    ("SET lock_timeout = '2s'", "SET"),
    ("(SELECT 1)", "SELECT"),
    ("CREATE MATERIALIZED VIEW mv AS SELECT 1", "CREATE MATERIALIZED VIEW"),
])
def test_classify(sql, kind):
    assert classify(sql) == kind


def test_routine_bodies_sqlglot_cannot_parse_are_unanalysed_not_errors():
    sql = ("CREATE FUNCTION f(p_id INT) RETURNS INT READS SQL DATA\nBEGIN\n"
           "  DECLARE v INT;\n  SELECT 1 INTO v;\n  RETURN v;\nEND;")
    (s,) = parse_sql(sql, "mysql")
    assert s.error is None and s.raw


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite"])
def test_sakila_parses_without_syntax_errors(dialect):
    report = check(SAKILA / f"{dialect}-schema.sql", dialect=dialect, select=["AK-SQL"])
    assert not report.by_rule("AK-SQL001"), report.to_text()


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "mariadb", "sqlite", "tsql",
                                     "oracle", "bigquery", "snowflake", "duckdb"])
def test_every_required_dialect_has_facts_and_parses_a_table(dialect):
    assert dialect in DIALECTS
    stmts = parse_sql("CREATE TABLE orders (id INT NOT NULL, total DECIMAL(12, 2));", dialect)
    assert stmts[0].error is None and not stmts[0].raw


def test_unknown_dialect_lists_the_known_ones():
    with pytest.raises(InputError) as e:
        get_dialect("postgress")
    assert "unknown dialect 'postgress'" in e.value.message
    for name in ("postgres", "mysql", "tsql", "snowflake"):
        assert name in e.value.message
    assert "trino" in known_dialects()


def test_dialect_aliases():
    assert get_dialect("PostgreSQL").name == "postgres"
    assert get_dialect("mssql").name == "tsql"
    assert get_dialect("MariaDB").name == "mariadb"


def test_mariadb_reads_as_mysql_with_its_own_facts():
    # a mariadb-dump writes INT(11) on every integer column: MariaDB has not deprecated
    # display widths, so AK-TY007 said it about every column of such a dump
    my = check(SAKILA / "mysql-schema.sql", dialect="mysql")
    maria = check(SAKILA / "mysql-schema.sql", dialect="mariadb")
    widths = {(f.rule, f.object) for f in my if "display width" in f.message}
    assert {(f.rule, f.object) for f in my} - {(f.rule, f.object) for f in maria} == widths
    assert {(f.rule, f.object) for f in maria} <= {(f.rule, f.object) for f in my}
    dump = ("DELIMITER ;;\nCREATE TABLE `t` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
            "  `born` date DEFAULT '0000-00-00',\n  `ip` INET6,\n  PRIMARY KEY (`id`)\n"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 WITH SYSTEM VERSIONING;;\nDELIMITER ;\n")
    said = {f.object: (f.message, f.hint) for f in check(dump, dialect="mariadb",
                                                       select=["AK-TY007", "AK-SQL"])}
    assert set(said) == {"t", "t.born"}
    assert said["t"][1].endswith("COLLATE utf8mb4_unicode_ci;")
    assert "clients read it as NULL" in said["t.born"][0]


def test_statement_of_another_dialect_is_a_syntax_error_with_position():
    report = check("CREATE TABLE ok (id int);\n"
                   "CREATE TABLE [dbo].[t] ([id] int IDENTITY(1,1) NOT NULL);",
                   dialect="postgres", select=["AK-SQL"])
    (f,) = report.by_rule("AK-SQL001")
    assert f.line == 2 and f.col == 14           # the first bracket, which PostgreSQL refuses
    assert "SQL Server's" in f.message and "--dialect" in f.hint


def test_files_are_read_in_name_order(tmp_path):
    (tmp_path / "002_index.sql").write_text("CREATE INDEX ix ON t (a);\n")
    (tmp_path / "001_table.sql").write_text("CREATE TABLE t (a int);\n")
    sources = read_sources([tmp_path / "002_index.sql", tmp_path / "001_table.sql"])
    assert [Path(s.path).name for s in sources] == ["001_table.sql", "002_index.sql"]
    from archkit.schema import load_schema
    cat = load_schema([tmp_path / "002_index.sql", tmp_path / "001_table.sql"])
    assert cat.tables["t"].indexes[0].name == "ix"
    assert "t" in cat.created


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01\x02binary", "binary data"),
    (b"CREATE TABLE t (a int);\n\xff\xfe", "not UTF-8"),
])
def test_bad_files_are_input_errors_with_positions(tmp_path, content, message):
    p = tmp_path / "bad.sql"
    p.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_sources([p])
    assert message in e.value.message and e.value.path == str(p) and e.value.line is not None


def test_missing_file_directory_and_empty_input(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_sources([tmp_path / "nope.sql"])
    with pytest.raises(InputError, match="is a directory"):
        read_sources([tmp_path])
    (tmp_path / "empty.sql").write_text("-- nothing here\n")
    with pytest.raises(InputError, match="no SQL statements"):
        check(tmp_path / "empty.sql")


def test_utf8_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.sql"
    p.write_bytes(b"\xef\xbb\xbfCREATE TABLE t (id int PRIMARY KEY);")
    (s,) = parse_sql(read_sources([p])[0].text)
    assert s.error is None and s.col == 1


_DDL = ("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers(id),"
        " note text DEFAULT 'a;b', total numeric(12,2) CHECK (total > 0));\n"
        "CREATE INDEX orders_customer_idx ON orders (customer_id) WHERE note IS NOT NULL;\n"
        "ALTER TABLE orders ADD COLUMN status varchar(20) NOT NULL DEFAULT 'new';\n"
        "COMMENT ON TABLE orders IS 'x';\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_mutated_ddl_never_crashes(data):
    """Deleting, duplicating and inserting characters anywhere gives findings, not crashes."""
    text = _DDL
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["delete", "insert", "dup"]))
        if op == "delete":
            text = text[:i] + text[i + 5:]
        elif op == "insert":
            text = text[:i] + data.draw(st.sampled_from(
                ["'", '"', "(", ")", ";", "$$", "/*", "--", "BEGIN ", "END", "\x00", "é", ","
                 ])) + text[i:]
        else:
            text = text[:i] + text[i:i + 12] + text[i:]
    dialect = data.draw(st.sampled_from(["postgres", "mysql", "sqlite", "tsql"]))
    try:
        report = check(text, dialect=dialect)
    except InputError:
        return  # e.g. nothing left to check: a clear message is fine
    for f in report:
        assert f.rule and f.message and (f.line is None or f.line >= 1)


def test_oracle_index_organized_table_is_read():
    from archkit.schema import check, load_schema

    sql = ("CREATE TABLE countries (country_id CHAR(2) CONSTRAINT country_id_nn NOT NULL,\n"
           "  country_name VARCHAR2(40),\n"
           "  CONSTRAINT country_c_id_pk PRIMARY KEY (country_id)) ORGANIZATION INDEX;\n")
    t = load_schema(sql, "oracle").tables["COUNTRIES"]
    assert t.primary_key.columns == ("COUNTRY_ID",) and list(t.columns) == [
        "COUNTRY_ID", "COUNTRY_NAME"]
    assert check(sql, dialect="oracle", select=["AK-SQL", "AK-PK001"]).findings == []


def test_pg_dump_sequence_ownership_is_not_reported_as_unanalysed():
    from archkit.schema import check

    sql = ("CREATE TABLE users (id bigint NOT NULL PRIMARY KEY);\n"
           "CREATE SEQUENCE users_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;\n"
           "ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;\n")
    assert check(sql, select=["AK-SQL002"]).findings == []


def test_postgres_validate_constraint_is_not_reported_as_unanalysed():
    # the second step AK-MG005 advises: it changes no definition
    from archkit.schema import check

    sql = ("CREATE TABLE users (id bigint PRIMARY KEY, name text);\n"
           "ALTER TABLE users ADD CONSTRAINT name_len CHECK (char_length(name) <= 255) NOT VALID;\n"
           "ALTER TABLE ONLY public.users VALIDATE CONSTRAINT name_len;\n"
           "ALTER TABLE users REPLICA IDENTITY FULL;\n")
    assert [f.line for f in check(sql, select=["AK-SQL002"]).findings] == [4]


def test_replace_into_rows_are_data_not_unanalysed_statements():
    # Cacti's cacti.sql seeds a table with REPLACE INTO, next to its INSERTs
    from archkit.schema import check

    sql = ("CREATE TABLE t (id int PRIMARY KEY, a text);\n"
           "REPLACE INTO `t` VALUES (1, 'x');\nINSERT INTO t VALUES (2, 'y');\n")
    for dialect in ("mysql", "sqlite"):
        assert check(sql, dialect=dialect, select=["AK-SQL"]).findings == []


def test_oracle_constraint_states_are_read_past():
    from archkit.schema import check, load_schema

    sql = ("CREATE TABLE warehouses (warehouse_id NUMBER PRIMARY KEY);\n"
           "CREATE TABLE inventories (product_id NUMBER NOT NULL ENABLE, warehouse_id NUMBER,\n"
           "  qty NUMBER CONSTRAINT q_pos CHECK (qty >= 0) ENABLE VALIDATE,\n"
           "  CONSTRAINT inv_pk PRIMARY KEY (product_id, warehouse_id) USING INDEX ENABLE);\n"
           "ALTER TABLE inventories ADD ( CONSTRAINT inv_wh_fk FOREIGN KEY (warehouse_id)\n"
           "  REFERENCES warehouses (warehouse_id) ENABLE NOVALIDATE );\n"
           "ALTER TABLE inventories ADD CONSTRAINT inv_p_fk FOREIGN KEY (product_id)\n"
           "  REFERENCES warehouses (warehouse_id) DISABLE;\n"
           "CREATE TABLE flags (id NUMBER PRIMARY KEY, enable NUMBER(1), validate NUMBER(1));\n")
    assert check(sql, dialect="oracle", select=["AK-SQL"]).findings == []
    cat = load_schema(sql, "oracle")
    t = cat.tables["INVENTORIES"]
    assert t.primary_key.columns == ("PRODUCT_ID", "WAREHOUSE_ID")
    assert not t.columns["PRODUCT_ID"].nullable
    assert sorted(f.name for f in t.foreign_keys) == ["INV_P_FK", "INV_WH_FK"]
    assert [c.expression for c in t.checks] == ["qty >= 0"]
    assert list(cat.tables["FLAGS"].columns) == ["ID", "ENABLE", "VALIDATE"]


def test_a_clause_blanked_over_a_line_break_keeps_later_positions():
    from archkit.schema import check

    # ENABLE / NOVALIDATE on two lines are blanked to parse past them; the error after
    # them is still reported on its own line
    sql = ("CREATE TABLE t (a NUMBER CONSTRAINT c CHECK (a > 0) ENABLE\n  NOVALIDATE,\n"
           "  b NUMBER,\n  c NUMBER, CONSTRAINT pk PRIMARY KEY (a) DEFERRABLE DEFERRABLE WHAT\n);\n")
    (f,) = check(sql, dialect="oracle", select=["AK-SQL001"])
    assert (f.line, f.col) == (4, 65)


def test_blank_keeps_line_breaks_and_length():
    from archkit.schema.split import blank

    assert blank("ab\r\ncd\nef", 1, 7) == "a \r\n  \nef"
    assert blank("x\ny") == " \n "


def test_tsql_statements_sqlglot_lacks_are_raw_or_quiet_not_syntax_errors():
    from archkit.schema import check

    # AdventureWorks / SSMS scripts: BULK INSERT loads, DISABLE TRIGGER, RAISERROR ...
    # WITH LOG were AK-SQL001; PRINT, SET NOCOUNT and the ALTER TABLE t CHECK CONSTRAINT
    # fk SSMS writes after every foreign key were AK-SQL002 noise
    sql = ("CREATE TABLE dbo.t (id int NOT NULL PRIMARY KEY, p int NULL);\nGO\n"
           "ALTER TABLE dbo.t WITH CHECK ADD CONSTRAINT fk_t FOREIGN KEY (p) REFERENCES dbo.t (id);\n"
           "GO\nALTER TABLE dbo.t CHECK CONSTRAINT fk_t\nGO\nALTER TABLE dbo.t NOCHECK CONSTRAINT ALL\n"
           "GO\nPRINT 'Loading [dbo].[t]';\nSET NOCOUNT ON;\nSET QUOTED_IDENTIFIER ON\nGO\n"
           "BULK INSERT [dbo].[t] FROM 'C:\\data\\t.csv'\n"
           "WITH (CHECK_CONSTRAINTS, CODEPAGE = '65001', FIELDTERMINATOR = '\\t', TABLOCK);\nGO\n"
           "DISABLE TRIGGER [ddlDatabaseTriggerLog] ON DATABASE;\nGO\n"
           "RAISERROR ('not in SQLCMD mode', 20, 1) WITH LOG\nGO\n"
           "UPDATE STATISTICS dbo.t\nCHECKPOINT\nGO\n")
    assert check(sql, dialect="tsql", select=["AK-SQL"]).findings == []
    # control flow around a statement sqlglot cannot read is procedural code: raw text
    f, = check("IF db_name() <> 'pubs'\n   raiserror('USE pubs failed', 22, 127) with log\nGO\n",
               dialect="tsql", select=["AK-SQL"]).findings
    assert f.rule == "AK-SQL002" and "procedural code" in f.message
    # a statement of the engine's that sqlglot has no grammar for is said so, not called code
    f, = check("DBCC CHECKIDENT ('dbo.t', RESEED, 0)\nGO\n", dialect="tsql",
               select=["AK-SQL"]).findings
    assert f.rule == "AK-SQL002" and "no grammar for it" in f.message
    # in another dialect the same words stay syntax errors
    assert [f.rule for f in check("BULK INSERT t FROM 'x';", select=["AK-SQL"]).findings] == \
        ["AK-SQL001"]


def test_byte_order_marks_inside_joined_files_are_blanks(tmp_path):
    # cat dbo/Tables/*.sql of an SSDT project (each file saved with a BOM) puts a BOM
    # before every CREATE TABLE: each was a syntax error at its first character
    p = tmp_path / "all.sql"
    p.write_bytes("\ufeffCREATE TABLE a (id int PRIMARY KEY);\nGO\n"
                  "\ufeffCREATE TABLE b (id int PRIMARY KEY);\nGO\n".encode("utf-8"))
    assert check([str(p)], dialect="tsql", select=["AK-SQL"]).findings == []


def test_duckdb_column_clauses_macros_and_extensions():
    from archkit.schema import check, load_schema

    # GENERATED ALWAYS AS (...) VIRTUAL and USING COMPRESSION were syntax errors (the
    # table was lost); a macro sqlglot cannot read is code, not an error; LOAD and
    # CREATE SECRET change no schema
    sql = ("CREATE TABLE person (id BIGINT PRIMARY KEY, name VARCHAR NOT NULL,\n"
           "  full_name VARCHAR GENERATED ALWAYS AS (upper(name)) VIRTUAL,\n"
           "  note VARCHAR USING COMPRESSION dictionary);\n"
           "CREATE OR REPLACE TEMP MACRO add_default(a, b := 5) AS a + b;\n"
           "INSTALL httpfs;\nLOAD httpfs;\n"
           "CREATE SECRET s3s (TYPE s3, PROVIDER credential_chain);\n")
    assert check(sql, dialect="duckdb", select=["AK-SQL001"]).findings == []
    assert [f.message.split(" is ")[0] for f in
            check(sql, dialect="duckdb", select=["AK-SQL002"]).findings] == ["CREATE MACRO"]
    t = load_schema(sql, "duckdb").tables["person"]
    assert list(t.columns) == ["id", "name", "full_name", "note"]
    assert t.columns["full_name"].generated


def test_bigquery_script_blocks_are_procedural_code_not_syntax_errors():
    sql = ("IF (SELECT COUNT(*) FROM d.t) > 0 THEN\n  SELECT 1;\nEND IF;\n"
           "REPEAT SET x = x + 1; UNTIL x > 3 END REPEAT;\n"
           "CASE x WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE;\n"
           "FOR r IN (SELECT 1 AS a) DO SELECT r.a; END FOR;\n"
           "CREATE TABLE d.t (a INT64);")
    found = check(sql, dialect="bigquery", select=["AK-SQL"]).findings
    assert [(f.rule, f.line) for f in found] == [("AK-SQL002", 1), ("AK-SQL002", 4),
                                                 ("AK-SQL002", 5), ("AK-SQL002", 6)]
    assert all("procedural code" in f.message for f in found)


def test_snowflake_task_with_a_scripting_body_is_procedural_code_not_a_syntax_error():
    sql = ("CREATE OR REPLACE TASK notify WAREHOUSE = wh AFTER load AS\n"
           "BEGIN\n  LET n INT := 1;\n  IF (n > 0) THEN\n    CALL p();\n  END IF;\n"
           "EXCEPTION\n  WHEN OTHER THEN\n    CALL q();\nEND;\n"
           "CREATE TABLE t (id INT PRIMARY KEY);")
    found = check(sql, dialect="snowflake", select=["AK-SQL"]).findings
    assert [(f.rule, f.line) for f in found] == [("AK-SQL002", 1)]
    assert "procedural code" in found[0].message


def test_snowflake_constraint_states_are_read_past():
    # ENABLE / ENFORCED / VALIDATE / RELY and their negations: valid snowflake that
    # sqlglot reads only in part; the keys they qualify are kept
    sql = ("CREATE OR REPLACE TEMP TABLE a (\n"
           "  id INTEGER NOT NULL PRIMARY KEY ENABLE ENFORCED VALIDATE RELY\n);\n"
           "CREATE OR REPLACE TABLE b (\n  id INTEGER NOT NULL,\n  a_id INTEGER,\n"
           "  CONSTRAINT b_pk PRIMARY KEY (id) NOT ENFORCED NOVALIDATE NORELY,\n"
           "  CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) ENFORCED\n);")
    assert check(sql, dialect="snowflake", select=["AK-SQL"]).findings == []
    cat = load_schema(sql, dialect="snowflake")
    assert cat.tables["A"].primary_key.columns == ("ID",)
    assert cat.tables["B"].primary_key.name == "B_PK"
    assert [fk.ref_table for fk in cat.tables["B"].foreign_keys] == ["A"]


def test_snowflake_account_statements_are_quiet_and_named_by_their_object():
    # Snowflake quickstart setup scripts: roles, warehouses, account settings, tasks run
    # or paused and integrations change no schema (AK-SQL002 was noise), and
    # CREATE FILE FORMAT ff TYPE = CSV / CREATE NOTIFICATION INTEGRATION ... TYPE = EMAIL
    # were classified as CREATE TYPE
    from archkit.schema import check
    from archkit.schema.parse import classify

    sql = ("USE ROLE ACCOUNTADMIN;\nCREATE OR REPLACE ROLE hol_role;\n"
           "CREATE OR REPLACE WAREHOUSE hol_wh WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 300;\n"
           "ALTER WAREHOUSE hol_wh SET WAREHOUSE_SIZE = XLARGE;\n"
           "ALTER ACCOUNT SET TIMEZONE = 'UTC';\nEXECUTE TASK daily;\nALTER TASK daily RESUME;\n"
           "CREATE NOTIFICATION INTEGRATION ni TYPE = EMAIL ENABLED = TRUE;\n"
           "CREATE RESOURCE MONITOR rm WITH CREDIT_QUOTA = 100;\n"
           "CREATE OR REPLACE TABLE t (id int PRIMARY KEY);\n")
    assert check(sql, dialect="snowflake", select=["AK-SQL"]).findings == []
    assert classify("CREATE FILE FORMAT ff TYPE = CSV") == "CREATE FILE"
    assert classify("CREATE NOTIFICATION INTEGRATION ni TYPE = EMAIL") == "CREATE INTEGRATION"
    assert classify("CREATE TYPE mood AS ENUM ('a')") == "CREATE TYPE"
    # a task changed otherwise is still reported: its body may hold DDL
    assert [f.rule for f in check("ALTER TASK daily MODIFY AS INSERT INTO t SELECT 1;",
                                  dialect="snowflake", select=["AK-SQL"]).findings] == ["AK-SQL002"]


def test_bigquery_table_function_is_a_routine_not_a_table():
    # CREATE TABLE FUNCTION d.f(t TABLE<a INT64>) AS ...: was "CREATE TABLE", an AK-SQL001
    from archkit.schema import check
    from archkit.schema.parse import classify

    sql = ("CREATE OR REPLACE TABLE FUNCTION d.f(t TABLE<a INT64, b STRING>) AS SELECT a FROM t;\n"
           "CREATE TABLE d.x (id INT64);\n")
    f, = check(sql, dialect="bigquery", select=["AK-SQL"]).findings
    assert (f.rule, f.line) == ("AK-SQL002", 1) and "procedural code" in f.message
    assert classify("DROP TABLE FUNCTION d.f") == "DROP FUNCTION"
    # a table that is called function stays a table
    for table in ("CREATE TABLE function (id int)", "CREATE TABLE function(id int)",
                  "CREATE OR REPLACE TABLE function AS SELECT 1"):
        assert classify(table) == "CREATE TABLE", table


def test_tsql_insert_exec_is_data_not_a_syntax_error():
    # INSERT INTO t (a, b) EXEC p: valid T-SQL sqlglot cannot parse (it was AK-SQL001);
    # rows of data, like BULK INSERT: quiet. A broken INSERT is still a syntax error
    from archkit.schema import check

    sql = ("CREATE TABLE t (a int PRIMARY KEY, b int)\nINSERT INTO t (a, b)\nEXEC dbo.p\n"
           "INSERT t EXECUTE ('SELECT 1, 2')\nINSERT INTO t VALUES (1 2)\nGO\n")
    assert [(f.rule, f.line) for f in check(sql, dialect="tsql", select=["AK-SQL"])] == \
        [("AK-SQL001", 5)]
    assert [f.rule for f in check("INSERT INTO t (a) EXEC p;", select=["AK-SQL"])] == \
        ["AK-SQL001"]


def test_drop_function_with_parameter_names_is_quiet_not_a_syntax_error():
    from archkit.schema import check

    # postgres DROP FUNCTION f(p_day date, p_id bigint) (parameter names in the signature,
    # as goose / hand-written migrations write it) is valid; sqlglot reads only bare
    # types there, so it was AK-SQL001. The catalog keeps no routines: quiet, as the
    # DROP FUNCTION f(date) it can read
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY);\n"
           "DROP FUNCTION IF EXISTS list_before(partition_date date, last_id bigint);\n"
           "DROP PROCEDURE p(IN a int);\n"
           "DROP FUNCTION g(date);\n")
    assert check(sql, select=["AK-SQL"]).findings == []
    # other statements sqlglot cannot read stay syntax errors
    assert [f.rule for f in check("CREATE TABLE t (id int NOT NULLL);", select=["AK-SQL"]).findings] \
        == ["AK-SQL001"]


def test_lock_table_in_a_migration_is_quiet():
    # a Prisma migration that holds its table still (formbricks), postgres and oracle
    # forms; it defines nothing. A LOCK sqlglot can parse or not, it is never a finding
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY);\n"
           "LOCK TABLE t IN ACCESS EXCLUSIVE MODE;\nLOCK t;\n"
           'LOCK TABLE ONLY "public"."t", t IN SHARE ROW EXCLUSIVE MODE NOWAIT;\n')
    assert check(sql, select=["AK-SQL"], cache=False).findings == []
    assert check("CREATE TABLE T (ID NUMBER PRIMARY KEY);\nLOCK TABLE t IN EXCLUSIVE MODE NOWAIT;",
                 dialect="oracle", select=["AK-SQL"], cache=False).findings == []


# SSMS "Generate Scripts" saves Unicode text (UTF-16 LE with a BOM) by default
@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
    ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff"),
])
def test_utf16_and_utf32_files_with_a_bom_are_read(tmp_path, encoding, bom):
    sql = ("-- caf\u00e9 \u00fcber\r\nCREATE TABLE [dbo].[t] ([id] int NOT NULL PRIMARY KEY,\r\n"
           "  [name] nvarchar(50) NOT NULL)\r\nGO\r\nCREATE INDEX ix_t_name ON t (nme)\r\nGO\r\n")
    p = tmp_path / "script.sql"
    p.write_bytes(bom + sql.encode(encoding))
    (src,) = read_sources([p])
    assert src.text.replace("\r\n", "\n").startswith("-- caf\u00e9 \u00fcber\nCREATE TABLE")
    report = check(p, dialect="tsql")
    assert report.by_rule("AK-SQL001") == []
    (f,) = report.by_rule("AK-IX004") or report.by_rule("AK-SQL003")
    assert (f.line, f.path) == (5, str(p))          # lines and columns count characters


def test_utf16_without_a_bom_and_broken_utf16_say_what_they_are(tmp_path):
    p = tmp_path / "nobom.sql"
    p.write_bytes("CREATE TABLE t (id int PRIMARY KEY);\n".encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16 text without a byte order mark") as e:
        read_sources([p])
    assert e.value.path == str(p)
    q = tmp_path / "odd.sql"        # a BOM, then an odd byte: not UTF-16 past it
    q.write_bytes(b"\xff\xfe" + "CREATE TABLE t (id int);\nX".encode("utf-16-le") + b"\x00")
    with pytest.raises(InputError, match="not UTF-16 text") as e:
        read_sources([q])
    assert (e.value.line, e.value.col) == (2, 2)
    n = tmp_path / "nul.sql"        # UTF-16 that decodes, holding a NUL character
    n.write_bytes(b"\xff\xfe" + "CREATE TABLE t (id int);\n\x00".encode("utf-16-le"))
    with pytest.raises(InputError, match="NUL character") as e:
        read_sources([n])
    assert (e.value.line, e.value.col) == (2, 1)


# -- rows of data (mysqldump, pg_dump --inserts) ---------------------------------------
def _dump(rows: int, bad_tail: str = "") -> str:
    values = ",".join(f"({i},'name {i} it''s',{i}.50)" for i in range(rows))
    return ("CREATE TABLE `item` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n"
            "  `name` varchar(100) NOT NULL,\n  `price` decimal(10,2) DEFAULT NULL,\n"
            "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
            "LOCK TABLES `item` WRITE;\n/*!40000 ALTER TABLE `item` DISABLE KEYS */;\n"
            f"INSERT INTO `item` VALUES {values}{bad_tail};\n"
            "UNLOCK TABLES;\nCREATE INDEX item_name_idx ON item (name);\n")


def test_bulk_rows_are_not_parsed_and_change_no_finding():
    from archkit.schema.parse import _LAZY, DATA_PARSE_BYTES, LazyStatement

    text = _dump(2_000)
    statements = parse_sql(text, "mysql")
    (ins,) = [s for s in statements if s.kind == "INSERT"]
    assert len(ins.sql) > DATA_PARSE_BYTES and type(ins) is LazyStatement
    assert ins.__dict__["_tree"] is _LAZY and ins.error is None and not ins.raw
    # the same findings as the schema without its data
    with_rows = check(text, dialect="mysql")
    without = check(text.replace(ins.sql, "INSERT INTO `item` VALUES (1,'a',1.5)"), dialect="mysql")
    assert [(f.rule, f.line, f.message) for f in with_rows.findings] == \
        [(f.rule, f.line, f.message) for f in without.findings]
    # the tree is there for whoever asks
    assert ins.tree.find(__import__("sqlglot").exp.Values) is not None


def test_small_inserts_are_parsed_and_their_syntax_errors_reported():
    text = "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1, 'a' 'b' ));\n"
    report = check(text, dialect="postgres", select=["AK-SQL001"])
    assert [f.line for f in report.findings] == [2]
    # past DATA_PARSE_BYTES the rows are data: not parsed, so not reported
    assert check(_dump(2_000, bad_tail=", (1, 'a' 'b' ))"), dialect="mysql",
                 select=["AK-SQL001"]).findings == []


def test_bulk_rows_cross_worker_processes_unparsed():
    from archkit.schema import parallel
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parse import _LAZY, LazyStatement, SqlSource

    d = get_dialect("mysql")
    tables = "".join(f"CREATE TABLE t{i} (id bigint PRIMARY KEY);\n" for i in range(40))
    text = tables + _dump(2_000) + tables.replace("CREATE TABLE t", "CREATE TABLE u")
    one = parallel.parse_sources([SqlSource(text, "d.sql")], d, workers=1)
    two = parallel.parse_sources([SqlSource(text, "d.sql")], d, workers=2)
    assert [(s.kind, s.line) for s in one] == [(s.kind, s.line) for s in two]
    (lazy,) = [s for s in two if s.kind == "INSERT"]
    assert type(lazy) is LazyStatement and lazy.__dict__["_tree"] is _LAZY
    assert lazy.tree is not None


def test_tsql_create_schema_with_its_owner_is_quiet_but_a_schema_element_is_not():
    quiet = check("CREATE SCHEMA [Sales] AUTHORIZATION [dbo];\nGO\n"
                  "CREATE TABLE [Sales].[Store] ([StoreID] int NOT NULL PRIMARY KEY);\n",
                  dialect="tsql", select=["AK-SQL"])
    assert quiet.findings == []
    element = check("CREATE SCHEMA s AUTHORIZATION dbo CREATE TABLE t (id int PRIMARY KEY)",
                    dialect="tsql", select=["AK-SQL"])
    assert [f.rule for f in element.findings] == ["AK-SQL002"]


def test_missing_parts_of_a_node_read_the_same_in_every_run():
    # sqlglot checks a node's required parts in the order of a set: which one it named
    # first changed with the hash seed, and with it the finding (baselines, caches)
    import os
    import subprocess
    import sys

    code = ("from archkit.schema.check import check\n"
            "r = check('IF (SELECT COUNT(*) FROM t) > 0 THEN\\n  SELECT 1;\\nEND IF;',"
            " dialect='postgres', select=['AK-SQL001'])\n"
            "print(r.findings[0].message)\n")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
            for seed in ("1", "2", "3", "4", "5", "6")}
    assert len(seen) == 1
    assert "If lacks required parts 'this', 'true'" in seen.pop()


# -- files in another encoding ----------------------------------------------------------
_CP1252 = "-- caf\u00e9 cr\u00e8me \u20ac\nCREATE TABLE commande (id bigint PRIMARY KEY, libell\u00e9 text);\n"


def test_an_encoding_reads_legacy_files_and_a_byte_order_mark_still_wins(tmp_path):
    from archkit.schema.parse import decode_sql

    data = _CP1252.encode("cp1252")
    assert decode_sql(data, "x.sql", "cp1252") == _CP1252
    # a BOM cannot be mistaken: UTF-8 or UTF-16 with one is read as such whatever is given
    assert decode_sql(b"\xef\xbb\xbf" + _CP1252.encode("utf-8"), "x.sql", "cp1252") == _CP1252
    assert decode_sql(b"\xff\xfe" + _CP1252.encode("utf-16-le"), "x.sql", "cp1252") == _CP1252
    # without one, the default is UTF-8, whose error now names the way out
    with pytest.raises(InputError, match=r"--encoding cp1252") as e:
        decode_sql(data, "x.sql")
    assert (e.value.line, e.value.col) == (1, 7)
    # bytes the given encoding lacks: the position of the first
    with pytest.raises(InputError, match="not ASCII text at byte 6") as e:
        decode_sql(data, "x.sql", "ascii")
    assert (e.value.line, e.value.col) == (1, 7)
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_sources([tmp_path / "x.sql"], "klingon")
    for codec in ("rot13", "base64"):       # Python codecs, but not text encodings
        with pytest.raises(InputError, match=f"unknown encoding '{codec}'"):
            read_sources([tmp_path / "x.sql"], codec)


def test_check_and_the_incremental_checker_take_the_encoding_or_archkit_toml(tmp_path):
    from archkit.schema.cache import IncrementalChecker

    f = tmp_path / "commande.sql"
    f.write_bytes(_CP1252.encode("cp1252"))
    objects = sorted(x.object for x in check(f, encoding="cp1252"))
    assert "commande.libell\u00e9" in objects
    assert sorted(x.object for x in check(f, config={"schema": {"encoding": "windows-1252"}})) \
        == objects
    ic = IncrementalChecker.from_files([f], config={"schema": {"encoding": "cp1252"}})
    assert sorted(x.object for x in ic.report) == objects
    assert sorted(x.object for x in IncrementalChecker.from_files([f], encoding="cp1252").report) \
        == objects


def test_cli_encoding_option_and_setting(cli, tmp_path):
    f = tmp_path / "commande.sql"
    f.write_bytes(_CP1252.encode("cp1252"))
    bad = cli("schema", "check", "--no-cache", str(f))
    assert bad.code == 2 and "or give its encoding (--encoding cp1252" in bad.err
    ok = cli("schema", "check", "--no-cache", "--encoding", "cp1252", str(f))
    assert ok.code == 0 and "commande.libell\u00e9" in ok.out
    erd = cli("schema", "erd", "--encoding", "cp1252", "-o", "-", "--format", "mermaid", str(f))
    assert erd.code == 0 and "commande {" in erd.out
    (tmp_path / "archkit.toml").write_text('[schema]\nencoding = "cp1252"\n')
    assert cli("schema", "check", "--no-cache", str(f)).code == 0
    (tmp_path / "archkit.toml").write_text('[schema]\nencoding = "nope"\n')
    wrong = cli("schema", "check", "--no-cache", str(f))
    assert wrong.code == 2 and "archkit.toml:2:1: [schema] encoding = 'nope': unknown encoding" in wrong.err
    (tmp_path / "archkit.toml").unlink()
    unknown = cli("schema", "check", "--no-cache", "--encoding", "klingon", str(f))
    assert unknown.code == 2 and "unknown encoding 'klingon'" in unknown.err
    assert "Traceback" not in unknown.err + wrong.err + bad.err


# -- schema elements: CREATE SCHEMA s CREATE TABLE t ... -----------------------------------
_ELEMENTS = """CREATE SCHEMA Person
  CREATE TABLE BusinessEntity(
    BusinessEntityID SERIAL PRIMARY KEY, -- create me
    note text DEFAULT 'CREATE TABLE x' -- CREATE x
  )
  CREATE TABLE Address(
    AddressID int PRIMARY KEY,
    BusinessEntityID int REFERENCES BusinessEntity (BusinessEntityID)
  )
  CREATE INDEX ix_address_be ON Address (BusinessEntityID)
  GRANT SELECT ON Address TO reader;
CREATE TABLE other (id bigint PRIMARY KEY, be int REFERENCES Person.BusinessEntity);
CLUSTER Person.Address USING ix_address_be;
"""


def test_schema_elements_are_statements_of_that_schema():
    # AdventureWorks-for-Postgres defines all its 70 tables so: read as one CREATE SCHEMA
    # statement they were lost, and every later ALTER TABLE was "an existing table"
    from archkit.schema.split import split_sql

    raws = split_sql(_ELEMENTS, "postgres")
    assert [(r.sql.split("(")[0].split("\n")[0], r.line, r.col, r.element_of) for r in raws] == [
        ("CREATE SCHEMA Person", 1, 1, None),
        ("CREATE TABLE BusinessEntity", 2, 3, "Person"),
        ("CREATE TABLE Address", 6, 3, "Person"),
        ("CREATE INDEX ix_address_be ON Address ", 10, 3, "Person"),
        ("GRANT SELECT ON Address TO reader", 11, 3, "Person"),
        ("CREATE TABLE other ", 12, 1, None),
        ("CLUSTER Person.Address USING ix_address_be", 13, 1, None)]
    assert all(_ELEMENTS[r.start:r.end] == r.sql for r in raws)
    cat = load_schema(_ELEMENTS)
    assert sorted(cat.tables) == ["other", "person.address", "person.businessentity"]
    address = cat.tables["person.address"]
    assert [fk.ref_table for fk in address.foreign_keys] == ["person.businessentity"]
    assert [ix.name for ix in address.indexes] == ["ix_address_be"]
    assert (address.pos.line, address.pos.col) == (6, 16)
    report = check(_ELEMENTS)
    # nothing is a syntax error (CLUSTER is valid postgres), nothing "existing"
    assert report.by_rule("AK-SQL001") == [] and report.by_rule("AK-MG003") == []
    assert [f.object for f in report.by_rule("AK-SQL002")] == ["CLUSTER at line 13"]


def test_schema_elements_in_worker_processes_and_the_incremental_checker():
    from archkit.schema import parallel
    from archkit.schema.cache import IncrementalChecker
    from archkit.schema.catalog import build_catalog
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parse import SqlSource

    d = get_dialect("postgres")
    text = _ELEMENTS * 1 + "".join(f"CREATE TABLE t{i} (id bigint PRIMARY KEY);\n"
                                   for i in range(40))
    one = build_catalog(parallel.parse_sources([SqlSource(text, "s.sql")], d, workers=1), d)
    two = build_catalog(parallel.parse_sources([SqlSource(text, "s.sql")], d, workers=2), d)
    assert one.tables == two.tables
    assert all(s.tree is not None for s in two.statements if s.kind == "CREATE TABLE")
    ic = IncrementalChecker(_ELEMENTS)
    i = next(k for k, s in enumerate(ic.statements) if "Address(" in s.sql)
    ic.edit(i, ic.statements[i].sql.replace("AddressID int", "AddressID bigint"))
    assert "person.address" in ic.catalog.tables
    assert ic.catalog.tables["person.address"].columns["addressid"].type == "bigint"


def test_tsql_schema_elements_run_to_go_or_a_semicolon():
    sql = ("CREATE SCHEMA [Sales] AUTHORIZATION [dbo]\n"
           "CREATE TABLE [Store] ([StoreID] bigint NOT NULL PRIMARY KEY)\n"
           "CREATE VIEW [vStore] AS SELECT StoreID FROM Store\n"
           "GO\n"
           "CREATE TABLE [Audit] ([ID] bigint NOT NULL PRIMARY KEY)\n"
           "GO\n"
           "CREATE SCHEMA hr;\nCREATE TABLE Staff (id bigint NOT NULL PRIMARY KEY)\nGO\n")
    cat = load_schema(sql, "tsql")
    assert sorted(cat.tables) == ["audit", "sales.store", "staff"]


def test_postgres_18_virtual_columns_temporal_keys_and_for_portion_of():
    # pagila's current schema: its film table (a VIRTUAL generated column) was lost to a
    # syntax error; its temporal setup (WITHOUT OVERLAPS, PERIOD, FOR PORTION OF) was 4
    sql = """CREATE TABLE film (film_id bigint PRIMARY KEY, length smallint,
    length_hours numeric(4,2) GENERATED ALWAYS AS (round(length / 60.0, 2)) VIRTUAL);
CREATE TABLE film_price_history (
    film_id bigint NOT NULL REFERENCES film (film_id),
    rental_rate numeric(4,2) NOT NULL,
    valid_at daterange NOT NULL,
    PRIMARY KEY (film_id, valid_at WITHOUT OVERLAPS));
CREATE TABLE price_override (id bigint PRIMARY KEY, film_id bigint NOT NULL,
    valid_at daterange NOT NULL, period int,
    FOREIGN KEY (film_id, PERIOD valid_at) REFERENCES film_price_history (film_id, PERIOD valid_at));
CREATE INDEX price_override_film_id_valid_at_idx ON price_override (film_id, valid_at);
UPDATE film_price_history
FOR PORTION OF valid_at FROM '2024-07-01' TO '2024-08-01'
SET rental_rate = 0.49 WHERE film_id = 1;
DELETE FROM film_price_history FOR PORTION OF valid_at FROM '2023-06-01' TO '2023-07-01'
WHERE film_id = 2;
"""
    report = check(sql, select=["AK-SQL"])
    assert report.findings == []
    cat = load_schema(sql)
    length_hours = cat.tables["film"].columns["length_hours"]
    assert length_hours.generated and not length_hours.stored
    assert cat.tables["film_price_history"].primary_key.columns == ("film_id", "valid_at")
    (fk,) = cat.tables["price_override"].foreign_keys
    assert (fk.columns, fk.ref_columns) == (("film_id", "valid_at"), ("film_id", "valid_at"))
    assert "period" in cat.tables["price_override"].columns     # a column named period stays


def test_mysql_client_commands_are_not_statements():
    # datacharmer's employees.sql loads its rows with the client's source command: 9 AK-SQL001
    from archkit.schema.split import split_sql

    sql = ("SELECT 'LOADING departments' as 'INFO';\nsource load_departments.dump ;\n"
           "SOURCE load_employees.dump\n\\. more.sql\ntee /tmp/out.log\n"
           "CREATE TABLE source (id bigint PRIMARY KEY, charset text);\n")
    assert [r.sql for r in split_sql(sql, "mysql")] == [
        "SELECT 'LOADING departments' as 'INFO'",
        "CREATE TABLE source (id bigint PRIMARY KEY, charset text)"]
    assert [r.line for r in split_sql(sql, "mysql")] == [1, 6]
    assert check(sql, dialect="mysql", select=["AK-SQL"]).findings == []


def test_redshift_column_distribution_and_sort_keys():
    # AWS's TICKIT sample: AK-SQL001 on all 7 tables (a column's own distkey / sortkey)
    sql = ("create table event(\n  eventid integer not null distkey,\n"
           "  dateid smallint not null sortkey,\n  eventname varchar(200) encode zstd);\n"
           "create table t_auto (id bigint not null primary key, a int) diststyle auto sortkey auto;\n"
           "create table listing (listid integer not null primary key, sellerid integer)\n"
           "diststyle all interleaved sortkey (listid, sellerid);\n"
           "create table sales (salesid integer not null, listid integer) distkey(listid) "
           "compound sortkey(salesid);\n")
    assert check(sql, dialect="redshift", select=["AK-SQL"]).findings == []
    cat = load_schema(sql, "redshift")
    assert sorted(cat.tables) == ["event", "listing", "sales", "t_auto"]
    assert list(cat.tables["event"].columns) == ["eventid", "dateid", "eventname"]
    assert cat.tables["listing"].primary_key.columns == ("listid",)


def test_postgres_rename_without_column_renames_a_column():
    # Lemmy's migrations: ALTER TABLE community RENAME actor_id TO ap_id was read as
    # renaming the table to actor_id (68 tables for 52; person, community, site emptied)
    sql = ("CREATE TABLE community (id bigint PRIMARY KEY, actor_id text NOT NULL);\n"
           "ALTER TABLE community RENAME actor_id TO ap_id;\n"
           "ALTER TABLE community ADD COLUMN actor_id text;\n"
           "ALTER TABLE community RENAME TO communities;\n")
    cat = load_schema(sql)
    assert {k: list(t.columns) for k, t in cat.tables.items()} == {
        "communities": ["id", "ap_id", "actor_id"]}
    assert check(sql, select=["AK-SQL"]).findings == []
    # mysql: RENAME without COLUMN is a table rename there
    my = load_schema("CREATE TABLE a (id BIGINT PRIMARY KEY);\nALTER TABLE a RENAME b;", "mysql")
    assert list(my.tables) == ["b"]


def test_scout_a_valid_statements_read_or_quiet():
    # NULLS NOT DISTINCT unique keys (lago-api: the index was lost), mysql prepared
    # statements (vaultwarden: AK-SQL001), CREATE OPERATOR = (phpBB: AK-SQL001), and
    # icingadb's 312 ALTER COLUMN ... SET STORAGE PLAIN (AK-SQL002 noise)
    pg = ("CREATE TABLE v (id bigint PRIMARY KEY, f bigint NOT NULL, value text, gone timestamptz,\n"
          "  CONSTRAINT v_f_value_key UNIQUE NULLS NOT DISTINCT (f, value));\n"
          "CREATE UNIQUE INDEX v_live_key ON v USING btree (f, value) NULLS NOT DISTINCT\n"
          "  WHERE (gone IS NULL);\n"
          "ALTER TABLE v ALTER COLUMN value SET STORAGE PLAIN;\n"
          "ALTER TABLE ONLY v ALTER f SET STATISTICS 500;\n")
    assert check(pg, select=["AK-SQL"]).findings == []
    v = load_schema(pg).tables["v"]
    assert [u.columns for u in v.uniques] == [("f", "value")]
    assert [(ix.name, ix.unique, ix.where) for ix in v.indexes] == [
        ("v_live_key", True, "(gone IS NULL)")]
    op = "CREATE OPERATOR = (PROCEDURE = ci_eq, LEFTARG = t, RIGHTARG = t, COMMUTATOR = =);"
    assert [f.rule for f in check(op, select=["AK-SQL"])] == ["AK-SQL002"]
    my = "PREPARE stmt FROM @s;\nEXECUTE stmt;\nDEALLOCATE PREPARE stmt;\nDROP PREPARE s2;"
    for dialect in ("mysql", "mariadb"):
        assert [f.object for f in check(my, dialect=dialect, select=["AK-SQL"])] == \
            ["EXECUTE at line 2"]         # dynamic SQL runs there: still not analysed


def test_pg_dump_clean_prelude_is_a_rebuild_not_a_migration():
    # lago-api's structure.sql (pg_dump --clean --if-exists): 137 AK-MG001 errors and 620
    # AK-MG004 on the DROP ... IF EXISTS lines before the objects are created
    sql = ("ALTER TABLE IF EXISTS ONLY public.orders DROP CONSTRAINT IF EXISTS fk_orders_customer;\n"
           "DROP INDEX IF EXISTS public.index_orders_on_customer_id;\n"
           "DROP TABLE IF EXISTS public.orders;\nDROP TABLE IF EXISTS public.customers;\n"
           "CREATE TABLE public.customers (id bigint NOT NULL, CONSTRAINT customers_pkey PRIMARY KEY (id));\n"
           "CREATE TABLE public.orders (id bigint NOT NULL, customer_id bigint NOT NULL,\n"
           "  CONSTRAINT orders_pkey PRIMARY KEY (id));\n"
           "CREATE INDEX index_orders_on_customer_id ON public.orders USING btree (customer_id);\n"
           "ALTER TABLE ONLY public.orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id)"
           " REFERENCES public.customers(id);\n")
    assert check(sql, select=["AK-MG"]).findings == []
    # a migration dropping what exists (created in no later statement) is still reported
    drop = "DROP INDEX IF EXISTS index_old;\nALTER TABLE IF EXISTS orders DROP CONSTRAINT IF EXISTS fk;\n"
    assert {f.rule for f in check(drop, select=["AK-MG"])} >= {"AK-MG004"}


def test_mysql_prefix_key_parts_are_columns_with_a_length():
    # ejabberd: username(75) in CREATE INDEX was the expression USERNAME(75), so the
    # duplicate of KEY k_user (username(75)) was missed; PRIMARY KEY (usec, pid(75)) on a
    # TEXT column is bounded by its prefix (AK-PK002 said "no length limit")
    sql = ("CREATE TABLE archive (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  server_host varchar(191) NOT NULL, username varchar(191) NOT NULL,\n"
           "  KEY k_user (username(75))) ENGINE=InnoDB;\n"
           "CREATE INDEX i_user ON archive (username(75));\n"
           "CREATE INDEX i_user_long ON archive (username(191));\n"
           "CREATE TABLE sm (usec bigint NOT NULL, pid text NOT NULL, PRIMARY KEY (usec, pid(75)))"
           " ENGINE=InnoDB;\n")
    ixs = load_schema(sql, "mysql").tables["archive"].indexes
    assert [(ix.name, [(c.expr, c.is_expression, c.prefix) for c in ix.columns]) for ix in ixs] == [
        ("k_user", [("username", False, 75)]), ("i_user", [("username", False, 75)]),
        ("i_user_long", [("username", False, 191)])]
    report = check(sql, dialect="mysql")
    assert [f.object for f in report.by_rule("AK-IX001")] == ["i_user"]
    assert report.by_rule("AK-PK002") == []
    # postgres: f(75) in an index is a function
    pg = load_schema("CREATE TABLE t (a text);\nCREATE INDEX t_f ON t (f(75));").tables["t"]
    assert pg.indexes[0].columns[0].is_expression


def test_mysql_spatial_column_types_and_srid():
    # every table with a POINT / POLYGON / LINESTRING column was lost to AK-SQL001 (only
    # GEOMETRY parsed), and MySQL 8's SRID attribute too (scout A)
    sql = ("CREATE TABLE places (id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  loc point NOT NULL, area polygon, route linestring, many multipolygon,\n"
           "  coll geomcollection, point int, SPATIAL KEY sp_loc (loc)) ENGINE=InnoDB;\n"
           "CREATE TABLE zones (id int PRIMARY KEY, shape geometry NOT NULL SRID 4326);\n")
    for dialect in ("mysql", "mariadb"):
        assert check(sql, dialect=dialect, select=["AK-SQL"]).findings == [], dialect
    cols = load_schema(sql, "mysql").tables["places"].columns
    assert [(n, c.raw_type) for n, c in cols.items()] == [
        ("id", "INT"), ("loc", "point"), ("area", "polygon"), ("route", "linestring"),
        ("many", "multipolygon"), ("coll", "geomcollection"), ("point", "INT")]
    assert not cols["loc"].nullable
    assert "zones" in load_schema(sql, "mysql").tables


@pytest.mark.parametrize("text", ["hello world\n", "foo\n", "orders.customer_id\n",
                                  "'just a string';\n", "42;\n", "a = b;\n"])
def test_prose_or_a_bare_value_is_not_a_statement(text):
    """sqlglot reads "hello world" as a column with an alias: a .sql file of prose passed
    with 0 findings, exit 0 (scout AR). No engine runs a bare name or value."""
    (f,) = check(text, cache=False)
    assert (f.rule, f.line, f.col) == ("AK-SQL001", 1, 1)
    assert "is no SQL statement: a name or value on its own (is this file SQL?)" in f.message


def test_a_procedure_name_alone_is_a_tsql_batch_statement():
    # SQL Server runs a batch's first line naming a procedure as EXEC sp_help
    assert [f.rule for f in check("sp_help\nGO\n", dialect="tsql", cache=False)
            if f.rule == "AK-SQL001"] == []


@pytest.mark.parametrize("sql, col, mark", [
    ("CREATE TABLE `reviews` (\n  `id` int NOT NULL AUTO_INCREMENT PRIMARY KEY\n) "
     "ENGINE=InnoDB;", 14, "a name quoted with backticks"),
    ("CREATE TABLE reviews (\n  id int NOT NULL AUTO_INCREMENT PRIMARY KEY);", 3,
     "AUTO_INCREMENT"),
])
def test_mysql_ddl_read_as_postgres_is_a_syntax_error(sql, col, mark):
    """PostgreSQL refuses it; sqlglot kept it as raw text, an AK-SQL002 note with exit 0,
    and the table was missing from the catalog (scout AV)."""
    found = [f for f in check(sql, cache=False) if f.rule.startswith("AK-SQL")]
    assert [(f.rule, f.severity.value) for f in found] == [("AK-SQL001", "error")]
    assert found[0].col == col or found[0].line == 2
    assert f"{mark} is MySQL's: PostgreSQL refuses the statement" in found[0].message
    assert [f.rule for f in check(sql, dialect="mysql", cache=False)
            if f.rule == "AK-SQL001"] == []


@pytest.mark.parametrize("sql, col", [
    ("CREATE TABLE [dbo].[reviews] (\n  [id] INT IDENTITY(1,1) NOT NULL PRIMARY KEY);", 14),
    ("CREATE TABLE [reviews] (\n  [id] INT NOT NULL PRIMARY KEY\n);", 14),
])
def test_sql_server_ddl_read_as_postgres_says_whose_it_is(sql, col):
    """The message quoted a Python AttributeError of the parser (scout AV)."""
    (f,) = [f for f in check(sql, cache=False) if f.rule == "AK-SQL001"]
    assert (f.line, f.col) == (1, col)
    assert "a name in [brackets] is SQL Server's: PostgreSQL refuses the statement (if the " \
        "file is SQL Server's, check it with --dialect tsql)" in f.message
    assert "Error" not in f.message


def test_postgres_arrays_are_no_sql_server_names():
    sql = ("CREATE TABLE t (id int PRIMARY KEY, path_tokens text[], level int);\n"
           "CREATE INDEX t_idx ON t ((path_tokens[level]), level);\n"
           "CREATE TABLE u AS SELECT ARRAY[id] AS crumbs FROM t;\n")
    assert [f.rule for f in check(sql, cache=False) if f.rule == "AK-SQL001"] == []
