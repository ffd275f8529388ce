"""MySQL ALTER forms of DolphinScheduler's and Apollo's upgrade scripts (scout P), read as
MariaDB 10.11 applies them (information_schema after the same script)."""

from __future__ import annotations

from schema_rule_helpers import rule_lines as findings

from archkit.schema import load_schema


def test_add_column_after_and_first_place_the_column():
    # Apollo's v230-v240 delta: ADD COLUMN Mode ... AFTER Secret; MariaDB's order
    sql = ("CREATE TABLE AccessKey (Id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  Secret varchar(128) NOT NULL, IsEnabled bit(1) NOT NULL);\n"
           "ALTER TABLE AccessKey ADD COLUMN Mode tinyint unsigned NOT NULL DEFAULT 0 AFTER secret;\n"
           "ALTER TABLE AccessKey ADD COLUMN Tag int FIRST;\n"
           "ALTER TABLE AccessKey MODIFY COLUMN IsEnabled bit(1) NOT NULL AFTER Id;\n")
    t = load_schema(sql, "mysql").tables["AccessKey"]
    assert list(t.columns) == ["Tag", "Id", "IsEnabled", "Secret", "Mode"]


def test_alter_engine_and_default_charset_change_the_table_not_its_columns():
    sql = ("CREATE TABLE t2 (id bigint NOT NULL PRIMARY KEY, title varchar(64))\n"
           "  ENGINE=MyISAM DEFAULT CHARSET=utf8;\n"
           "ALTER TABLE t2 ENGINE=InnoDB, DEFAULT CHARSET=utf8mb4;\n")
    t = load_schema(sql, "mysql").tables["t2"]
    assert (t.engine, t.charset) == ("InnoDB", "utf8mb4")
    # the existing column keeps utf8 (MariaDB: title utf8mb3), and AK-TY007 says so there
    assert t.columns["title"].charset == "utf8" and t.columns["id"].charset is None
    assert [r for r in findings(sql, "mysql") if r[0] == "AK-TY007"] == [("AK-TY007", 1)]


def test_convert_to_character_set_converts_the_table_and_its_columns():
    # the statement AK-TY007's hint writes; it was AK-SQL002 and the finding stayed
    sql = ("CREATE TABLE t_ds_alert (id int NOT NULL AUTO_INCREMENT,\n"
           "  title varchar(64) CHARACTER SET utf8 COLLATE utf8_bin DEFAULT NULL,\n"
           "  PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8;\n"
           "ALTER TABLE t_ds_alert CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;\n")
    t = load_schema(sql, "mysql").tables["t_ds_alert"]
    assert t.charset == "utf8mb4" and t.options["properties"] == ["COLLATE=utf8mb4_bin"]
    assert (t.columns["title"].charset, t.columns["title"].collation) == (None, None)
    assert [r for r in findings(sql, "mysql") if r[0] in ("AK-TY007", "AK-SQL002")] == []


def test_a_table_a_called_procedure_changes_is_not_judged_column_by_column():
    # DolphinScheduler's 3.2.0 upgrade: a procedure adds the column, CALL runs it, a later
    # MODIFY changes it; MariaDB runs all of it. It was a false AK-SQL003 error
    sql = ("CREATE TABLE t_ds_worker_group (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  name varchar(255) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
           "delimiter d//\n"
           "CREATE PROCEDURE add_description()\nBEGIN\n"
           "  IF NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS\n"
           "      WHERE TABLE_NAME='t_ds_worker_group' AND COLUMN_NAME='description')\n"
           "  THEN\n"
           "    ALTER TABLE t_ds_worker_group ADD COLUMN description varchar(256) DEFAULT NULL;\n"
           "  END IF;\nEND;\nd//\ndelimiter ;\n"
           "CALL add_description;\n"
           "ALTER TABLE t_ds_worker_group MODIFY COLUMN description text NULL COMMENT 'description';\n")
    assert [r for r in findings(sql, "mysql") if r[0] == "AK-SQL003"] == []
    assert load_schema(sql, "mysql").tables["t_ds_worker_group"].options.get("opaque")
    from archkit.schema.check import check

    [note] = [f for f in check(sql, dialect="mysql", cache=False)
              if f.rule == "AK-SQL002" and f.line == 4]
    assert note.message.startswith("CREATE PROCEDURE runs ALTER TABLE ... in its body")
    # a table no routine names is still judged: its missing column is AK-SQL003
    other = sql + ("CREATE TABLE t_other (id bigint PRIMARY KEY);\n"
                   "ALTER TABLE t_other MODIFY COLUMN nope text;\n")
    assert [r for r in findings(other, "mysql") if r[0] == "AK-SQL003"] == [("AK-SQL003", 17)]


def test_ddl_run_from_a_string_leaves_the_table_open():
    # Netflix Conductor's (and Mattermost's) migrations: SET @s = IF(..., 'ALTER TABLE t
    # DROP INDEX x', 'SELECT 1'); PREPARE; EXECUTE; then x is made again. MariaDB runs the
    # chain; it was a false AK-SQL003 error (index name already used; scout R)
    sql = ("CREATE TABLE event_execution (id int NOT NULL AUTO_INCREMENT,\n"
           "  name varchar(255) NOT NULL, message_id varchar(255) NOT NULL,\n"
           "  execution_id varchar(255) NOT NULL, PRIMARY KEY (id),\n"
           "  UNIQUE KEY unique_event_execution (name, message_id));\n"
           "SET @sqlstmt := IF(@exist > 0, 'ALTER TABLE `event_execution` DROP INDEX "
           "`unique_event_execution`', 'SELECT 1');\n"
           "PREPARE stmt FROM @sqlstmt;\nEXECUTE stmt;\n"
           "ALTER TABLE event_execution ADD CONSTRAINT unique_event_execution "
           "UNIQUE (name, execution_id);\n"
           "ALTER TABLE event_execution DROP PRIMARY KEY, ADD PRIMARY KEY (id, name);\n")
    t = load_schema(sql, "mysql").tables["event_execution"]
    assert [(u.name, u.columns) for u in t.uniques] == [
        ("unique_event_execution", ("name", "execution_id"))]
    assert t.primary_key.columns == ("id", "name")
    assert [r for r in findings(sql, "mysql") if r[0] == "AK-SQL003"] == []
    # the same ADD without the string's DROP is refused (MySQL error 1061)
    plain = sql.replace("SET @sqlstmt := IF(@exist > 0, 'ALTER TABLE `event_execution` DROP INDEX "
                        "`unique_event_execution`', 'SELECT 1');\n", "")
    assert [r for r in findings(plain, "mysql") if r[0] == "AK-SQL003"] == [("AK-SQL003", 7)]
