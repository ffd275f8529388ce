"""Forms in Guacamole's (postgres, mysql, sqlserver) and ThingsBoard's (postgres) create
and upgrade scripts, and OpenEMR's and Dolibarr's MySQL schemas (scouts J and K): each
read as the engine reads it."""

from __future__ import annotations

from schema_rule_helpers import rule_lines as findings

from archkit.schema import load_schema
from archkit.schema.check import check


def test_tsql_drop_without_the_constraint_keyword():
    # Guacamole's sqlserver upgrade-pre-1.0.0.sql: ALTER TABLE t DROP [name] drops the
    # constraint (the keyword is optional); the old key stayed beside its replacement
    sql = ("CREATE TABLE parent (id INT NOT NULL CONSTRAINT PK_parent PRIMARY KEY);\n"
           "CREATE TABLE child (id INT NOT NULL CONSTRAINT PK_child PRIMARY KEY,\n"
           "  parent_id INT NOT NULL,\n"
           "  CONSTRAINT FK_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));\n"
           "GO\nALTER TABLE child DROP [FK_child_parent];\n"
           "ALTER TABLE child ADD CONSTRAINT FK_child_parent FOREIGN KEY (parent_id) "
           "REFERENCES parent (id) ON DELETE CASCADE;\nGO\n")
    fks = load_schema(sql, "tsql").tables["child"].foreign_keys
    assert [(f.name, f.on_delete) for f in fks] == [("fk_child_parent", "cascade")]
    assert [r for r in findings(sql, "tsql") if r[0] == "AK-FK004"] == []


def test_tsql_alias_type_of_a_bracketed_base_type():
    # CREATE TYPE [x] FROM [nvarchar](16), as SSMS writes it: the columns were left
    # 'user-defined' with no length
    sql = ("CREATE TYPE [perm] FROM [nvarchar](16);\nGO\n"
           "CREATE TABLE p (id int PRIMARY KEY, [permission] [perm] NOT NULL);\nGO\n")
    col = load_schema(sql, "tsql").tables["p"].columns["permission"]
    assert (col.type, col.params, col.domain) == ("varchar", ("16",), "perm")


def test_serial_columns_are_not_null():
    # postgres serial is integer NOT NULL DEFAULT nextval(...) (ThingsBoard's key_id serial
    # UNIQUE); MySQL's SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
    pg = load_schema("CREATE TABLE tag (id serial UNIQUE, name text NOT NULL);").tables["tag"]
    assert not pg.columns["id"].nullable
    assert ("AK-PK001", 1) in findings("CREATE TABLE tag (id serial UNIQUE, name text NOT NULL);")
    [f] = [f for f in check("CREATE TABLE tag (id serial UNIQUE, name text NOT NULL);",
                            cache=False) if f.rule == "AK-PK001"]
    assert "its NOT NULL unique key (id) could be promoted" in f.message
    my = load_schema("CREATE TABLE tags (id SERIAL, name varchar(10) NOT NULL);", "mysql")
    col = my.tables["tags"].columns["id"]
    assert (col.type, col.nullable, col.identity) == ("ubigint", False, True)
    assert [u.columns for u in my.tables["tags"].uniques] == [("id",)]


def test_a_table_other_tables_reference_is_not_dropped_without_cascade():
    # ThingsBoard's drop-all-tables.sql: PostgreSQL 15 refuses 'cannot drop table tenant
    # because other objects depend on it'; with CASCADE the children's keys go with it
    base = ("CREATE TABLE tenant (id uuid PRIMARY KEY);\n"
            "CREATE TABLE api_key (id uuid PRIMARY KEY, tenant_id uuid NOT NULL "
            "REFERENCES tenant (id));\n")
    refused = base + "DROP TABLE IF EXISTS tenant;\n"
    assert ("AK-SQL003", 3) in findings(refused)
    assert "tenant" in load_schema(refused).tables
    cascade = load_schema(base + "DROP TABLE tenant CASCADE;\n")
    assert list(cascade.tables) == ["api_key"] and cascade.tables["api_key"].foreign_keys == []
    assert [r for r in findings(base + "DROP TABLE tenant CASCADE;\n") if r[0] == "AK-FK001"] == []
    together = load_schema(base + "DROP TABLE api_key, tenant;\n")
    assert list(together.tables) == [] and together.conflicts == []
    # mysql (a dump turns foreign_key_checks off) and sqlite let it go
    assert "tenant" not in load_schema(base + "DROP TABLE tenant;\n", "sqlite").tables


def test_modify_with_default_null_means_nullable():
    # Guacamole upgrade-pre-0.9.10.sql: "IDs ... can now be null": MODIFY ... DEFAULT NULL
    sql = ("CREATE TABLE h (history_id INT NOT NULL AUTO_INCREMENT, user_id INT NOT NULL,\n"
           "  PRIMARY KEY (history_id)) ENGINE=InnoDB;\n"
           "ALTER TABLE h MODIFY COLUMN user_id INT DEFAULT NULL;\n")
    assert [r for r in findings(sql, "mysql") if r[0] == "AK-MG008"] == []


def test_mysql_add_index_of_a_name_the_table_has():
    # Dolibarr's llx_c_regions adds uk_code_region twice: MySQL refuses the second
    # (error 1061, 'Duplicate key name'); it stayed, a false AK-IX003 on a right statement
    sql = ("CREATE TABLE r (id integer AUTO_INCREMENT PRIMARY KEY, code integer NOT NULL, "
           "x integer) ENGINE=innodb;\n"
           "ALTER TABLE r ADD UNIQUE INDEX uk_code (code);\n"
           "ALTER TABLE r ADD UNIQUE INDEX uk_code (code);\n"
           "ALTER TABLE r ADD INDEX idx_x (x);\nALTER TABLE r ADD INDEX idx_x (x);\n")
    assert [r for r in findings(sql, "mysql") if r[0] in ("AK-SQL003", "AK-IX001", "AK-IX003")] \
        == [("AK-SQL003", 3), ("AK-SQL003", 5)]
    t = load_schema(sql, "mysql").tables["r"]
    assert len(t.uniques) == 1 and len(t.indexes) == 1


def test_mysql_dash_comment_without_a_space_says_why():
    # Dolibarr's table files: 'ip varchar(250), --ip used to create record'
    sql = ("CREATE TABLE t (\n  id integer AUTO_INCREMENT PRIMARY KEY,\n"
           "  ip varchar(250),              --ip used to create record\n"
           "  import_key varchar(14)\n) ENGINE=innodb;\n")
    [f] = [f for f in check(sql, dialect="mysql", cache=False) if f.rule == "AK-SQL001"]
    assert "in MySQL '--' starts a comment only when a space follows it" in f.hint


def test_partitioned_table_key_hint_and_postgres_marks():
    # ThingsBoard's audit_log: the hint added an id column it has, and a key without the
    # partition column, both of which PostgreSQL refuses
    sql = ("CREATE TABLE audit_log (id uuid NOT NULL, created_time bigint NOT NULL,\n"
           "  action_type varchar(255)) PARTITION BY RANGE (created_time);\n")
    [f] = [f for f in check(sql, cache=False) if f.rule == "AK-PK001"]
    assert f.hint == "ALTER TABLE audit_log ADD PRIMARY KEY (id, created_time);"
    # a postgres file read as SQL Server says so (everything after a DO $$ was lost)
    from archkit.schema.sniff import sniff_dialect

    seen = sniff_dialect("CREATE TABLE a (id int);\n\nDO\n$$\n  BEGIN\n  END;\n$$;\n")
    assert (seen.dialect, seen.line) == ("postgres", 3)


def test_load_schema_reads_a_path_given_as_text(tmp_path):
    f = tmp_path / "s.sql"
    f.write_text("CREATE TABLE a (id int PRIMARY KEY);\n")
    assert list(load_schema(str(f)).tables) == ["a"]
