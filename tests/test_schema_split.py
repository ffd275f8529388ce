"""The statement splitter: quotes, dollar quotes, comments, routine bodies, client
delimiters, and positions."""

from __future__ import annotations

from archkit.schema.split import LineIndex, split_sql


def texts(sql: str, dialect: str = "postgres") -> list[str]:
    return [s.sql for s in split_sql(sql, dialect)]


def test_semicolons_inside_strings_identifiers_and_comments_do_not_split():
    sql = ("INSERT INTO t VALUES ('a;b', 'it''s;');\n"
           'CREATE TABLE "we;ird" (a int); -- trailing; comment\n'
           "/* block; comment */ SELECT 1;")
    assert texts(sql) == ["INSERT INTO t VALUES ('a;b', 'it''s;')",
                          'CREATE TABLE "we;ird" (a int)',
                          "SELECT 1"]


def test_dollar_quoted_function_body_is_one_statement():
    sql = ("CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  NEW.x := 1; RETURN NEW;\n"
           "END;\n$body$ LANGUAGE plpgsql;\nSELECT $$a;b$$;")
    out = texts(sql)
    assert len(out) == 2
    assert out[0].endswith("LANGUAGE plpgsql") and out[1] == "SELECT $$a;b$$"


def test_postgres_block_comments_nest():
    sql = "/* outer /* inner; */ still comment; */ SELECT 1; SELECT 2;"
    assert texts(sql) == ["SELECT 1", "SELECT 2"]


def test_postgres_escape_string_with_backslash_quote():
    sql = r"SELECT E'it\'s; fine'; SELECT 2;"
    assert texts(sql) == [r"SELECT E'it\'s; fine'", "SELECT 2"]


def test_mysql_backslash_escapes_backticks_and_hash_comments():
    sql = "INSERT INTO `a;b` VALUES ('x\\';y'); # note; here\nSELECT 1;"
    assert texts(sql, "mysql") == ["INSERT INTO `a;b` VALUES ('x\\';y')", "SELECT 1"]


def test_sqlite_trigger_body_with_inner_statements():
    sql = ("CREATE TRIGGER t_ai AFTER INSERT ON t\nBEGIN\n  UPDATE t SET a = 1;\n"
           "  UPDATE t SET b = CASE WHEN a > 0 THEN 1 ELSE 2 END;\nEND;\nSELECT 1;")
    out = texts(sql, "sqlite")
    assert len(out) == 2 and out[0].rstrip().endswith("END") and out[1] == "SELECT 1"


def test_mysql_routine_without_delimiter_and_end_if():
    sql = ("CREATE PROCEDURE p() BEGIN\n  IF 1 THEN SELECT 1; END IF;\n"
           "  WHILE 0 DO SELECT 2; END WHILE;\nEND;\nSELECT 3;")
    out = texts(sql, "mysql")
    assert len(out) == 2 and out[1] == "SELECT 3"


def test_mysql_delimiter_command():
    sql = ("DELIMITER //\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n"
           "  SET NEW.a = 1;\nEND//\nDELIMITER ;\nSELECT 1;\n")
    out = texts(sql, "mysql")
    assert len(out) == 2
    assert out[0].startswith("CREATE TRIGGER") and out[0].endswith("END")
    assert out[1] == "SELECT 1"


def test_begin_transaction_is_its_own_statement():
    assert texts("BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;") == \
        ["BEGIN", "CREATE TABLE t (a int)", "COMMIT"]


def test_tsql_go_batches_and_oracle_slash_lines():
    assert texts("CREATE TABLE t (a int)\nGO\nSELECT 1\nGO\n", "tsql") == \
        ["CREATE TABLE t (a int)", "SELECT 1"]
    sql = ("CREATE OR REPLACE PROCEDURE p AS\n  v NUMBER;\nBEGIN\n  v := 1;\nEND;\n/\n"
           "SELECT 1 FROM dual;")
    out = texts(sql, "oracle")
    assert len(out) == 2 and out[0].startswith("CREATE OR REPLACE PROCEDURE") and \
        out[1] == "SELECT 1 FROM dual"


def test_tsql_go_with_crlf_indent_count_and_comment():
    # SSMS and the sample databases (AdventureWorks instawdb.sql) save CRLF files;
    # sqlcmd takes an indented GO, GO <count> and GO -- note too
    assert texts("CREATE TABLE a (x int)\r\nGO\r\nCREATE TABLE b (y int)\r\nGO\r\n", "tsql") == \
        ["CREATE TABLE a (x int)", "CREATE TABLE b (y int)"]
    assert texts("CREATE TABLE a (x int)\n  GO 2\nCREATE TABLE b (y int)\ngo -- done\n",
                 "tsql") == ["CREATE TABLE a (x int)", "CREATE TABLE b (y int)"]
    # GO ending a name or a line is no batch separator
    assert texts("CREATE TABLE ARGO (x int)\nGO\nSELECT 1 AS GO\nGO\n", "tsql") == \
        ["CREATE TABLE ARGO (x int)", "SELECT 1 AS GO"]
    assert texts("SELECT 1 FROM dual;\r\n/\r\nSELECT 2 FROM dual;", "oracle") == \
        ["SELECT 1 FROM dual", "SELECT 2 FROM dual"]


def test_tsql_statements_without_semicolons_end_where_the_next_one_starts():
    # the ; terminator is optional in T-SQL: Northwind's instnwnd.sql and pubs' instpubs.sql
    # run CREATE TABLE, ALTER TABLE and rows of INSERTs in one GO batch without one
    sql = ("CREATE TABLE [dbo].[Region]\n\t([RegionID] [int] NOT NULL\n) ON [PRIMARY]\n\n"
           "-- The following adds data to the tables just created.\n\n"
           "Insert Into Region Values (1,'Eastern')\ninsert authors\n   values('409', 'Bennet')\n"
           "ALTER TABLE t ADD\n  CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (a)\n"
           "ALTER TABLE t\nDROP COLUMN c\nUPDATE t\nSET a = 1\nWHERE b = 2\n"
           "insert into t\nselect 1\nUPDATE STATISTICS t\nGO\n")
    out = split_sql(sql, "tsql")
    assert [s.sql for s in out] == [
        "CREATE TABLE [dbo].[Region]\n\t([RegionID] [int] NOT NULL\n) ON [PRIMARY]",
        "Insert Into Region Values (1,'Eastern')", "insert authors\n   values('409', 'Bennet')",
        "ALTER TABLE t ADD\n  CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (a)",
        "ALTER TABLE t\nDROP COLUMN c", "UPDATE t\nSET a = 1\nWHERE b = 2",
        "insert into t\nselect 1", "UPDATE STATISTICS t"]
    # the comment lines above a statement are its lead; one after code stays on its line
    assert "-- The following" in out[1].lead and out[1].line == 7
    a, b = split_sql("CREATE TABLE a (x int) -- archkit: ignore[AK-PK001] staging\n"
                     "CREATE TABLE b (y int)\n", "tsql")
    assert a.sql.endswith("staging") and b.sql == "CREATE TABLE b (y int)"
    # a line that needs more (AS, a comma, SET after UPDATE ...) is continued; routines,
    # IF blocks and CTEs run to GO or ;
    assert len(split_sql("CREATE VIEW v AS\nSELECT 1 AS a\nGO\n"
                         "WITH c AS (SELECT 1 AS a)\nINSERT INTO t SELECT a FROM c\n"
                         "GO\nCREATE PROCEDURE p AS\nSET NOCOUNT ON\nUPDATE t SET a = 1\nGO\n"
                         "GRANT SELECT,\nINSERT ON t TO r\nGO\n", "tsql")) == 4
    # other dialects keep needing the terminator
    assert len(split_sql("CREATE TABLE a (x int)\nCREATE TABLE b (y int)\n", "postgres")) == 1


def test_positions_are_the_first_character_of_each_statement():
    sql = "-- header\n\n  CREATE TABLE a (x int);\nCREATE INDEX i\n  ON a (x);"
    a, b = split_sql(sql)
    assert (a.line, a.col, a.end_line) == (3, 3, 3)
    assert (b.line, b.col, b.end_line) == (4, 1, 5)
    assert a.lead.strip() == "-- header" and a.lead_line == 1
    assert sql[a.start:a.end] == a.sql


def test_trailing_comment_on_the_terminator_line_belongs_to_the_statement():
    a, b = split_sql("CREATE TABLE a (x int); -- archkit: ignore[AK-PK001] log\nSELECT 1;")
    assert "AK-PK001" in a.trailer and "AK-PK001" not in b.lead


def test_unterminated_string_and_comment_run_to_the_end_and_are_flagged():
    (s,) = split_sql("SELECT 'abc;\nSELECT 2;")
    assert s.unterminated == (7, "string")
    (c,) = split_sql("SELECT 1 /* no end; SELECT 2;")
    assert c.unterminated is not None and c.unterminated[1] == "comment"


def test_empty_statements_and_comment_only_input_give_nothing():
    assert texts(";;  ;\n-- only a comment\n/* and this */") == []


def test_line_index():
    li = LineIndex("ab\ncd\n\nef")
    assert li.line_col(0) == (1, 1) and li.line_col(4) == (2, 2) and li.line_col(7) == (4, 1)


def test_generated_schema_splits_into_every_statement():
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    gen = Path("/work/shared/bench/gen_schema.py")
    if not gen.exists():  # pragma: no cover - outside the team machine
        import pytest
        pytest.skip("generator not available")
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([sys.executable, str(gen), "50", "10", d], check=True)
        text = (Path(d) / "schema.sql").read_text()
    out = split_sql(text)
    assert len(out) == text.count(";")
    assert all(s.sql.startswith(("CREATE", "ALTER")) for s in out)


def test_psql_commands_and_copy_data_are_not_statements():
    # pg_dump >= 17.6 opens with \restrict KEY and ends with \unrestrict KEY; a dump with
    # data has the rows of each COPY ... FROM stdin after it, up to a line "\."
    sql = ("\\restrict AbC123\n"
           "SET x = 0;\n"
           "\\connect chinook;\n"
           "CREATE TABLE t (a int PRIMARY KEY, b text);\n"
           "COPY public.t (a, b) FROM stdin;\n"
           "1\tfoo; bar\n"
           "2\tit's\n"
           "\\.\n"
           "\n"
           "CREATE INDEX t_b ON t (b);\n"
           "SELECT 'CREATE DATABASE x' WHERE NOT EXISTS (SELECT 1)\\gexec\n"
           "SELECT E'a\\\\b\\'c', '\\', $$ \\x $$;\n"
           "\\unrestrict AbC123\n")
    out = split_sql(sql)
    assert [s.sql for s in out] == [
        "SET x = 0", "CREATE TABLE t (a int PRIMARY KEY, b text)",
        "COPY public.t (a, b) FROM stdin", "CREATE INDEX t_b ON t (b)",
        "SELECT 'CREATE DATABASE x' WHERE NOT EXISTS (SELECT 1)",
        "SELECT E'a\\\\b\\'c', '\\', $$ \\x $$"]
    assert [s.line for s in out] == [2, 4, 5, 10, 11, 12]
    # other dialects keep their own meaning of a backslash
    assert texts("SELECT 'a\\';b';", "mysql") == ["SELECT 'a\\';b'"]


def test_sqlplus_commands_are_not_statements():
    # oracle's sample schemas: a REM line has no ';' and swallowed the CREATE after it
    sql = ("REM  Copyright (c) 2019 Oracle\n"
           "SET ECHO OFF\n"
           "PROMPT ====== creating tables;\n"
           "CONNECT chinook/chinook@FREEPDB1;\n"
           "@@hr_code.sql\n"
           "CREATE TABLE regions (region_id NUMBER);\n"
           "rem\n"
           ".\n"
           "SET TRANSACTION READ ONLY;\n"
           "COMMENT ON TABLE regions IS 'x';\n"
           "EXIT\n")
    out = split_sql(sql, "oracle")
    assert [s.sql for s in out] == ["CREATE TABLE regions (region_id NUMBER)",
                                    "SET TRANSACTION READ ONLY",
                                    "COMMENT ON TABLE regions IS 'x'"]
    assert [s.line for s in out] == [6, 9, 10]
    # other dialects: REM and PROMPT are not commands
    assert texts("PROMPT x;", "postgres") == ["PROMPT x"]


def test_sqlcmd_commands_are_not_statements():
    # AdventureWorks' instawdb.sql runs in SQLCMD mode: ` :setvar X "C:\\path\\"` was an
    # AK-SQL001 (the quoted path read as an identifier) and swallowed what followed
    sql = (' :setvar SqlSamplesSourceDataPath "C:\\Samples\\AdventureWorks\\"\r\n'
           "/* a comment */\r\n"
           ':setvar DatabaseName "AdventureWorks"\r\n'
           "GO\r\n"
           ":on error exit\n"
           ":r .\\tables.sql\n"
           "!!dir\n"
           "CREATE TABLE t (id int)\nGO\n")
    out = split_sql(sql, "tsql")
    assert [s.sql for s in out] == ["CREATE TABLE t (id int)"]
    assert out[0].line == 8
    # elsewhere a line starting with ':' is not a command (and no SQL either)
    assert texts(":setvar x 1;", "postgres") == [":setvar x 1"]


def test_tsql_if_begin_end_block_is_one_statement():
    text = ("IF EXISTS (SELECT * FROM sys.tables WHERE name = 'x')\nBEGIN\n"
            "    DROP TABLE dbo.x;\nEND\nGO\n"
            "IF OBJECT_ID('dbo.y') IS NULL\nBEGIN\n  CREATE TABLE dbo.y (id bigint PRIMARY KEY);\n"
            "  CREATE INDEX iy ON dbo.y (id);\nEND;\n"
            "IF 1 = 1 SELECT 1;\nSELECT CASE WHEN 1 = 1 THEN 2 END;\n")
    assert [r.sql.split("\n")[0] for r in split_sql(text, "tsql")] == [
        "IF EXISTS (SELECT * FROM sys.tables WHERE name = 'x')",
        "IF OBJECT_ID('dbo.y') IS NULL", "IF 1 = 1 SELECT 1", "SELECT CASE WHEN 1 = 1 THEN 2 END"]
    # elsewhere IF is no block opener (mysql IF is a function: IF(a, b, c))
    assert len(split_sql("SELECT 1;\nIF (1) BEGIN SELECT 2; END;", "postgres")) == 3


def test_tsql_guarded_block_builds_the_catalog_without_unanalysed_ends():
    from archkit.schema import check, load_schema

    text = ("CREATE TABLE dbo.x (id int PRIMARY KEY);\nGO\n"
            "IF EXISTS (SELECT * FROM sys.tables WHERE name = 'x')\nBEGIN\n"
            "    DROP TABLE dbo.x;\nEND\nGO\n"
            "CREATE TABLE dbo.x (id bigint PRIMARY KEY, y int);\nGO\n"
            "IF OBJECT_ID('dbo.z') IS NULL\nBEGIN\n  CREATE TABLE dbo.z (id bigint PRIMARY KEY);\n"
            "  CREATE INDEX iz ON dbo.z (id);\nEND\nGO\n")
    assert check(text, dialect="tsql", select=["AK-SQL"]).findings == []
    cat = load_schema(text, "tsql")
    assert list(cat.tables["x"].columns) == ["id", "y"]
    assert [ix.name for ix in cat.tables["z"].indexes] == ["iz"]


def test_bigquery_script_blocks_are_one_statement_each():
    # FOR / IF / LOOP / REPEAT / WHILE / CASE blocks end at their END <kind>; a block
    # opens only where a statement starts (not the IF() function, FOR SYSTEM_TIME, a
    # CASE expression's THEN/ELSE), and BEGIN TRANSACTION opens none
    sql = """DECLARE x INT64 DEFAULT 0;
FOR p IN (SELECT 1 AS id FROM d.t FOR SYSTEM_TIME AS OF CURRENT_TIMESTAMP()) DO
BEGIN
  EXECUTE IMMEDIATE FORMAT("INSERT INTO d.u SELECT %d", p.id);
EXCEPTION WHEN ERROR THEN SELECT @@error.message;
END;
END FOR;
IF (SELECT COUNT(*) FROM d.t) > 0 THEN
  SELECT IF(a, 1, 2), CASE WHEN a THEN IF(b, 1, 2) ELSE 3 END FROM d.t;
ELSEIF x > 1 THEN
  -- a comment before a nested block
  WHILE x < 5 DO SET x = x + 1; END WHILE;
ELSE
  LOOP IF x > 3 THEN LEAVE; END IF; END LOOP;
END IF;
REPEAT SET x = x + 1; UNTIL x > 3 END REPEAT;
BEGIN
  BEGIN TRANSACTION;
  INSERT INTO d.t VALUES (1);
  COMMIT TRANSACTION;
EXCEPTION WHEN ERROR THEN
  ROLLBACK TRANSACTION;
END;
CASE x WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE;
BEGIN TRANSACTION;
CREATE PROCEDURE d.p(x INT64) BEGIN IF x > 0 THEN SELECT 1; END IF; COMMIT TRANSACTION; END;
CREATE TABLE d.t2 (a INT64);"""
    firsts = [s.split(None, 1)[0].upper() for s in texts(sql, "bigquery")]
    assert firsts == ["DECLARE", "FOR", "IF", "REPEAT", "BEGIN", "CASE", "BEGIN", "CREATE",
                      "CREATE"]
    assert texts(sql, "bigquery")[1].endswith("END FOR")
    assert texts(sql, "bigquery")[2].endswith("END IF")


def test_snowflake_task_with_a_scripting_body_and_declare_blocks_are_one_statement_each():
    sql = """CREATE OR ALTER TASK notify
  WAREHOUSE = 'wh'
  AFTER load
  AS
    BEGIN
      LET options VARCHAR := (SELECT 1);
      IF (:options = '[]') THEN
        CALL SYSTEM$SEND_EMAIL('a', 'b');
      END IF;
    EXCEPTION
      WHEN EXPRESSION_ERROR THEN
        CALL x();
    END;
CREATE TASK t2 WAREHOUSE = w SCHEDULE = '5 MINUTE' AS INSERT INTO a SELECT CASE WHEN b THEN 2 END FROM c;
DECLARE
  n INT DEFAULT 0;
BEGIN
  FOR i IN 1 TO 3 DO n := n + 1; END FOR;
  RETURN n;
END;
CREATE TABLE t (a INT);"""
    out = texts(sql, "snowflake")
    assert [s.split(None, 1)[0].upper() for s in out] == ["CREATE", "CREATE", "DECLARE", "CREATE"]
    assert out[0].endswith("END") and out[2].endswith("END")


def test_mysql_delimiter_that_never_comes_back_splits_the_batch_on_semicolons():
    # Cacti's cacti.sql: "DELIMITER //" once, then every statement ends with ";". The
    # mysql client sends the rest as one multi-statement query and the server runs each
    # statement; a routine body in such a batch stays one statement
    sql = ("DELIMITER //\n\nSET @m = '';\n-- t\nCREATE TABLE t (a int);\n"
           "  CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.a = 1;\nEND;\n"
           "CREATE TABLE u (b int)//\nSELECT 2//\n")
    out = split_sql(sql, "mysql")
    assert [s.sql.split("\n")[0] for s in out] == [
        "SET @m = ''", "CREATE TABLE t (a int)",
        "CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW", "CREATE TABLE u (b int)",
        "SELECT 2"]
    lines = LineIndex(sql)
    for s in out:
        assert sql[s.start:s.end] == s.sql
        assert lines.line_col(s.start) == (s.line, s.col)
    assert out[1].lead.strip() == "-- t" and out[2].col == 3


def test_tsql_declare_and_begin_tran_without_semicolons_open_no_block():
    # DECLARE @v and BEGIN TRAN are plain statements in T-SQL: without a ; they ran to GO
    # and took every CREATE TABLE after them along
    out = split_sql("DECLARE @x int,\n        @y int\nSET @x = 1\nBEGIN TRANSACTION\n"
                    "CREATE TABLE a (x int)\nCOMMIT\nBEGIN TRAN t1\nCREATE TABLE b (y int)\n"
                    "ROLLBACK TRAN t1\n", "tsql")
    assert [s.sql for s in out] == [
        "DECLARE @x int,\n        @y int", "SET @x = 1", "BEGIN TRANSACTION",
        "CREATE TABLE a (x int)", "COMMIT", "BEGIN TRAN t1", "CREATE TABLE b (y int)",
        "ROLLBACK TRAN t1"]
    # inside a procedure BEGIN TRAN opens no block, and GO ends the batch wherever it is
    out = split_sql("CREATE PROCEDURE p AS\nBEGIN\n  BEGIN TRAN\n  UPDATE t SET a = 1\n"
                    "  COMMIT\nEND\nGO\nCREATE TABLE z (a int)\nGO\n", "tsql")
    assert [s.sql.split("\n")[0] for s in out] == ["CREATE PROCEDURE p AS",
                                                   "CREATE TABLE z (a int)"]


def test_tsql_comments_before_the_next_statement_do_not_hold_it():
    # a block comment (its */ read as a division) or a line comment ending in a word like
    # 'in' after the code kept the next statement in this one
    out = split_sql("CREATE TABLE a (x int) -- the table we log in\n"
                    "CREATE TABLE b (y int) /* b */\n/* about\nGO c */\n-- c\n"
                    "CREATE TABLE c (z int)\n", "tsql")
    assert [s.sql for s in out] == ["CREATE TABLE a (x int) -- the table we log in",
                                    "CREATE TABLE b (y int) /* b */", "CREATE TABLE c (z int)"]
    assert out[2].line == 6 and "about" in out[2].lead


def test_tsql_statements_that_are_complete_end_at_the_next_starter():
    texts = lambda sql: [s.sql for s in split_sql(sql, "tsql")]  # noqa: E731
    # ALTER TABLE with its action, UPDATE with its SET, INSERT with its rows, GRANT with
    # its permission are complete: a DROP / SET / EXEC / INSERT line starts another one
    assert texts("ALTER TABLE t DROP CONSTRAINT fk\nDROP TABLE u\n") == [
        "ALTER TABLE t DROP CONSTRAINT fk", "DROP TABLE u"]
    assert texts("UPDATE t SET a = 1 WHERE b = 2\nSET @n = @@ROWCOUNT\n") == [
        "UPDATE t SET a = 1 WHERE b = 2", "SET @n = @@ROWCOUNT"]
    assert texts("INSERT INTO t VALUES (1)\nEXEC p\n") == ["INSERT INTO t VALUES (1)", "EXEC p"]
    assert texts("GRANT SELECT ON t TO r\nINSERT INTO t VALUES (1)\n") == [
        "GRANT SELECT ON t TO r", "INSERT INTO t VALUES (1)"]
    # ... and continue when the line is what they still need
    assert texts("ALTER TABLE t\nALTER COLUMN c int NOT NULL\nALTER TABLE t\nDROP COLUMN d\n"
                 "ALTER DATABASE CURRENT\nSET RECOVERY SIMPLE\nINSERT INTO t (a)\nEXEC p\n"
                 "GRANT\nUPDATE ON t TO r\n") == [
        "ALTER TABLE t\nALTER COLUMN c int NOT NULL", "ALTER TABLE t\nDROP COLUMN d",
        "ALTER DATABASE CURRENT\nSET RECOVERY SIMPLE", "INSERT INTO t (a)\nEXEC p",
        "GRANT\nUPDATE ON t TO r"]


def test_tsql_if_and_try_blocks_end_where_the_next_statement_starts():
    # an IF / WHILE ran to GO or ; and swallowed the CREATE TABLEs after its body
    out = split_sql("IF @x = 1\n    PRINT 1\nELSE\n    PRINT 2\nCREATE TABLE a (x int)\n"
                    "IF OBJECT_ID('dbo.b') IS NULL\nBEGIN\n  CREATE TABLE b (y int)\nEND\n"
                    "ELSE\nBEGIN\n  PRINT 1\nEND\nCREATE TABLE c (z int)\n"
                    "IF 1 = 1\n  IF 2 = 2\n    DROP TABLE d\nBEGIN TRY\n  PRINT 1\nEND TRY\n"
                    "BEGIN CATCH\n  THROW\nEND CATCH\nCREATE TABLE e (v int)\n", "tsql")
    assert [s.sql.split("\n")[0] for s in out] == [
        "IF @x = 1", "CREATE TABLE a (x int)", "IF OBJECT_ID('dbo.b') IS NULL",
        "CREATE TABLE c (z int)", "IF 1 = 1", "BEGIN TRY", "BEGIN CATCH",
        "CREATE TABLE e (v int)"]
    assert out[0].sql.endswith("PRINT 2") and out[4].sql.endswith("DROP TABLE d")
    # a procedure's body still runs to GO
    assert len(split_sql("CREATE PROCEDURE p AS\nSET NOCOUNT ON\nUPDATE t SET a = 1\n"
                         "DELETE FROM t\nGO\n", "tsql")) == 1


def test_bigquery_labelled_blocks_and_triple_quoted_strings():
    # label: LOOP / BEGIN ... END was cut at its first ; (AK-SQL001 on both halves), and a
    # JavaScript UDF body in """...""" or r'''...''' at the first quote and ; inside it
    sql = ('outer_loop: LOOP\n  SET x = x + 1;\n  inner: WHILE x < 3 DO SET x = x + 1; '
           'END WHILE inner;\n  IF x > 3 THEN LEAVE outer_loop; END IF;\nEND LOOP outer_loop;\n'
           'blk: BEGIN\n  SELECT 1;\nEND blk;\n'
           'CREATE TEMP FUNCTION f(s STRING) RETURNS STRING LANGUAGE js AS """\n'
           '  if (s) { return s + ";"; }\n""";\n'
           "CREATE TEMP FUNCTION g(s STRING) RETURNS STRING LANGUAGE js AS r'''\n"
           "  return s + ';';\n''';\nCREATE TABLE d.a (id INT64);\n")
    out = split_sql(sql, "bigquery")
    assert [s.sql.split("\n")[0] for s in out] == [
        "outer_loop: LOOP", "blk: BEGIN", 'CREATE TEMP FUNCTION f(s STRING) RETURNS STRING '
        'LANGUAGE js AS """', "CREATE TEMP FUNCTION g(s STRING) RETURNS STRING LANGUAGE js AS "
        "r'''", "CREATE TABLE d.a (id INT64)"]
    assert out[0].sql.endswith("END LOOP outer_loop") and out[4].line == 15
    from archkit.schema import check
    assert [f.rule for f in check(sql, dialect="bigquery", select=["AK-SQL"]).findings] == [
        "AK-SQL002", "AK-SQL002"]


def test_tsql_procedure_without_begin_end_runs_to_go_past_its_semicolons():
    # CREATE PROCEDURE must be alone in its batch: its body is everything up to GO. It was
    # cut at the first ;, and the body's CREATE TABLE #t became a table of the schema
    out = split_sql("CREATE PROCEDURE p AS\nSET NOCOUNT ON;\nCREATE TABLE #t (a int);\n"
                    "SELECT a FROM #t;\nGO\nCREATE FUNCTION f() RETURNS int AS BEGIN RETURN 1; "
                    "END;\nGO\nCREATE TABLE t (a int);\n", "tsql")
    assert [s.sql for s in out] == [
        "CREATE PROCEDURE p AS\nSET NOCOUNT ON;\nCREATE TABLE #t (a int);\nSELECT a FROM #t",
        "CREATE FUNCTION f() RETURNS int AS BEGIN RETURN 1; END", "CREATE TABLE t (a int)"]
    assert out[2].line == 8


def test_tsql_a_block_comment_before_the_next_statement_on_its_line():
    """``/* note */ CREATE INDEX`` after a statement without ``;``: a new statement, the
    comment its lead (the two were one unanalysed statement; scout AZ)."""
    sql = "CREATE TABLE t (a int)\n/* a */ /* b */ CREATE INDEX ix ON t (a)\nINSERT INTO t\n/* q */ SELECT 1\n"
    out = split_sql(sql, "tsql")
    assert [s.sql for s in out] == ["CREATE TABLE t (a int)", "CREATE INDEX ix ON t (a)",
                                    "INSERT INTO t\n/* q */ SELECT 1"]
    assert (out[1].line, out[1].col) == (2, 17) and "/* a */" in out[1].lead
    # a word before the statement keeps it in the one before, as without the comment
    assert len(split_sql("CREATE TABLE t (a int)\n/* a */ x CREATE INDEX ix ON t (a)\n",
                         "tsql")) == 1
