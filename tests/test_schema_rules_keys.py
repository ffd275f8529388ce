"""Key and constraint rules on hand-built catalogs."""

from __future__ import annotations

from schema_rule_helpers import catalog, col, fk, ix, run_rule, table

from archkit.schema.model import CheckConstraint


def objects(found):
    return sorted(f.object for f in found)


def test_missing_pk_promotes_a_not_null_unique_key():
    t = table("tag", col("slug", "text", null=False), pk=None, uniques=(("slug",),))
    found = run_rule("AK-PK001", catalog(t))
    assert found[0].hint == "ALTER TABLE tag ADD PRIMARY KEY (slug);"
    nullable = table("tag", col("slug", "text"), pk=None, uniques=(("slug",),))
    found = run_rule("AK-PK001", catalog(nullable))
    assert "ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY" in found[0].hint


def test_pk_type_text_with_length_check_is_accepted():
    ok = table("code", col("code", "text"), pk=("code",),
               checks=(CheckConstraint("char_length(code) <= 16", ("code",)),))
    assert run_rule("AK-PK002", catalog(ok)) == []
    bad = table("code", col("code", "text"), pk=("code",))
    assert objects(run_rule("AK-PK002", catalog(bad))) == ["code.code"]


def test_int_overflow_skips_fk_columns_and_sqlite():
    parent = table("p", col("id", "int", null=False))
    child = table("c", col("p_id", "int"), col("ext_id", "int"), fks=(fk(("p_id",), "p"),))
    found = run_rule("AK-PK003", catalog(parent, child))
    assert objects(found) == ["c.ext_id", "p.id"]
    assert found[0].hint.startswith("ALTER TABLE")
    assert run_rule("AK-PK003", catalog(parent, child, dialect="sqlite")) == []


def test_int_overflow_skips_columns_named_after_another_tables_key():
    # legacy MySQL schemas declare no foreign keys: host_id follows host(id), whose key is
    # reported; Cacti gave 238 AK-PK003, 56 of them such columns (each also AK-FK005)
    host = table("host", col("id", "int", null=False))
    graph = table("graph", col("id", "bigint", null=False), col("host_id", "int"),
                  col("snmp_query_id", "int"), col("graph_id", "int"))
    found = run_rule("AK-PK003", catalog(host, graph))
    # snmp_query_id names no table; graph_id names its own table, not a reference
    assert objects(found) == ["graph.graph_id", "graph.snmp_query_id", "host.id"]
    assert [f.object for f in run_rule("AK-FK005", catalog(host, graph))] == ["graph.host_id"]


def test_fk_target_must_be_a_declared_key_in_any_column_order():
    parent = table("p", col("a"), col("b"), pk=("a", "b"))
    ok = table("c", col("x"), col("y"), fks=(fk(("y", "x"), "p", ("b", "a")),))
    assert run_rule("AK-FK001", catalog(parent, ok)) == []
    partial = table("c", col("x"), fks=(fk(("x",), "p", ("a",)),))
    found = run_rule("AK-FK001", catalog(parent, partial))
    assert found[0].hint == "ALTER TABLE p ADD UNIQUE (a);"


def test_fk_to_unknown_table_only_reported_for_tables_created_here():
    child = table("c", col("x"), fks=(fk(("x",), "elsewhere"),))
    cat = catalog(child)
    assert len(run_rule("AK-FK001", cat)) == 1
    cat.created = set()                        # a migration on an existing table
    assert run_rule("AK-FK001", cat) == []


def test_fk_type_mismatch_ignores_serial_and_display_width():
    parent = table("p", col("id", "int", null=False, serial=True))
    child = table("c", col("p_id", "int", params=("11",)), fks=(fk(("p_id",), "p"),))
    assert run_rule("AK-FK002", catalog(parent, child)) == []
    wide = table("c", col("p_id", "bigint"), fks=(fk(("p_id",), "p"),))
    (found,) = run_rule("AK-FK002", catalog(parent, wide))
    # a wider integer holds every parent value and compares without a cast: a warning,
    # and no hint to narrow it (GitLab's merge_request_iid bigint -> iid int; scout V)
    assert found.severity.value == "warning" and "a wider integer" in found.message
    assert found.hint == "-- to make them alike, widen p.id to bigint rather than narrow c.p_id"
    narrow = table("c", col("p_id", "smallint"), fks=(fk(("p_id",), "p"),))
    (found,) = run_rule("AK-FK002", catalog(parent, narrow))
    assert found.severity.value == "error" and found.hint == \
        "ALTER TABLE c ALTER COLUMN p_id TYPE int;"
    # MySQL refuses a key between integers of other sizes: an error both ways
    (found,) = run_rule("AK-FK002", catalog(parent, wide, dialect="mysql"))
    assert found.severity.value == "error" and found.hint.startswith("ALTER TABLE c MODIFY")
    # an unsigned int does not hold a signed int's negative values
    unsigned = table("c", col("p_id", "bigint", raw="BIGINT UNSIGNED"), fks=(fk(("p_id",), "p"),))
    (found,) = run_rule("AK-FK002", catalog(parent, unsigned, dialect="duckdb"))
    assert found.severity.value == "error"


def test_unsigned_mismatch_on_mysql():
    parent = table("p", col("id", "int", null=False, raw="INT UNSIGNED"))
    child = table("c", col("p_id", "int", raw="INT"), fks=(fk(("p_id",), "p"),))
    found = run_rule("AK-FK002", catalog(parent, child, dialect="mysql"))
    # (MySQL refused the key, errno 150: the column is changed, then the key made)
    assert found[0].hint == ("ALTER TABLE c MODIFY COLUMN p_id INT UNSIGNED; "
                             "ALTER TABLE c ADD FOREIGN KEY (p_id) REFERENCES p (id);")


def test_nullable_composite_fk_respects_match_full():
    parent = table("p", col("a"), col("b"), pk=("a", "b"))
    child = table("c", col("x", null=False), col("y"), fks=(fk(("x", "y"), "p", ("a", "b")),))
    assert objects(run_rule("AK-FK003", catalog(parent, child))) == ["c(x, y) -> p"]
    full = table("c", col("x"), col("y"), fks=(fk(("x", "y"), "p", ("a", "b"), match="full"),))
    assert run_rule("AK-FK003", catalog(parent, full)) == []


def test_duplicate_and_contained_foreign_keys():
    parent = table("p", col("a"), col("b"), pk=("a", "b"))
    child = table("c", col("x"), col("y"), fks=(
        fk(("x", "y"), "p", ("a", "b"), name="wide"),
        fk(("y", "x"), "p", ("b", "a"), name="same_pairs"),
        fk(("x",), "p", ("a",), name="narrow")))
    found = run_rule("AK-FK004", catalog(parent, child))
    assert sorted(f.hint for f in found) == ["ALTER TABLE c DROP CONSTRAINT narrow;",
                                             "ALTER TABLE c DROP CONSTRAINT same_pairs;"]


def test_probable_missing_fk_handles_plurals_and_skips_own_key():
    users = table("users", col("id", null=False))
    orders = table("orders", col("user_id"), col("orders_id"))
    found = run_rule("AK-FK005", catalog(users, orders))
    assert objects(found) == ["orders.user_id"]
    assert found[0].hint == "ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);"


def test_probable_missing_fk_needs_values_of_the_keys_kind():
    # Apollo (scout P): Cluster.AppId varchar(64) beside App(Id int unsigned) holds App's
    # AppId, a name; the hint ADD FOREIGN KEY (AppId) REFERENCES App (Id) is refused by
    # MariaDB (errno 150). A bigint column named so is still reported
    from archkit.schema.check import check

    sql = ("CREATE TABLE App (Id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  AppId varchar(64) NOT NULL, UNIQUE KEY UK_AppId (AppId));\n"
           "CREATE TABLE Cluster (Id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  AppId varchar(64) NOT NULL, KEY IX_AppId (AppId));\n"
           "CREATE TABLE Audit (Id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  AppId int unsigned NOT NULL);\n")
    found = [f.object for f in check(sql, dialect="mysql", cache=False) if f.rule == "AK-FK005"]
    assert found == ["Audit.AppId"]


def test_cascade_chain_reports_root_and_cycles():
    def child(name, parent):
        return table(name, col(f"{parent}_id"), fks=(fk((f"{parent}_id",), parent, on_delete="cascade",
                                                        name=f"{name}_fk"),))
    cat = catalog(table("a"), child("b", "a"), child("c", "b"), child("d", "c"))
    found = run_rule("AK-FK007", cat)
    assert [f.object for f in found] == ["a -> b -> c -> d"]
    assert run_rule("AK-FK007", cat, max_cascade_depth=3) == []
    x = table("x", col("y_id"), fks=(fk(("y_id",), "y", on_delete="cascade"),))
    y = table("y", col("x_id"), fks=(fk(("x_id",), "x", on_delete="cascade"),))
    assert "cycle" in run_rule("AK-FK007", catalog(x, y))[0].message


def test_self_referencing_cascade_is_a_tree_not_a_finding_by_default():
    node = table("node", col("parent_id"), fks=(fk(("parent_id",), "node", on_delete="cascade"),))
    assert run_rule("AK-FK007", catalog(node)) == []
    assert len(run_rule("AK-FK007", catalog(node), self_references=True)) == 1


def test_redundant_not_null_check_and_partial_index():
    t = table("t", col("a", "text", null=False), col("b", "text"),
              checks=(CheckConstraint("a IS NOT NULL AND b <> ''", ("a", "b"), name="t_chk"),
                      CheckConstraint("b IS NOT NULL", ("b",))),
              indexes=(ix("t", "b", name="t_b_idx", where="a IS NOT NULL"),))
    found = run_rule("AK-CK001", catalog(t))
    assert sorted(f.hint for f in found) == [
        "ALTER TABLE t DROP CONSTRAINT t_chk;",
        "DROP INDEX CONCURRENTLY t_b_idx; CREATE INDEX CONCURRENTLY t_b_idx ON t (b);"]


def test_pk_type_bounded_binary_is_accepted():
    # temporal's mysql schema keys every table on BINARY(16) uuids
    ok = table("ns", col("id", "binary", params=("16",), raw="BINARY(16)"),
               col("q", "varbinary", params=("272",), raw="VARBINARY(272)"), pk=("id", "q"))
    assert run_rule("AK-PK002", catalog(ok, dialect="mysql")) == []
    bad = table("ns", col("id", "varbinary", params=("max",), raw="VARBINARY(max)"),
                col("b", "blob"), pk=("id", "b"))
    assert objects(run_rule("AK-PK002", catalog(bad, dialect="tsql"))) == ["ns.b", "ns.id"]


def test_text_referencing_varchar_is_a_warning_in_postgres_an_error_elsewhere():
    from archkit.schema import check

    sql = ("CREATE TABLE scanner (uuid varchar(64) PRIMARY KEY);\n"
           "CREATE TABLE report (id bigint PRIMARY KEY, scanner_uuid text REFERENCES scanner (uuid));")
    (pg,) = [f for f in check(sql, dialect="postgres") if f.rule == "AK-FK002"]
    assert pg.severity.value == "warning" and "without a cast" in pg.message
    # MySQL takes string columns of other lengths ("the length of string types need not
    # be the same"): a warning too (scout L: Ranger's, Ambari's)
    (my,) = [f for f in check(sql.replace("text", "varchar(80)"), dialect="mysql")
             if f.rule == "AK-FK002"]
    assert my.severity.value == "warning" and "another length" in my.message
    ints = sql.replace("varchar(64)", "bigint").replace("text", "int")
    (f,) = [f for f in check(ints, dialect="postgres") if f.rule == "AK-FK002"]
    assert f.severity.value == "error"


def test_pk_type_string_key_is_accepted_where_keys_have_no_index():
    # bigquery and snowflake keys are unenforced metadata with no index to widen (and
    # neither has the CHECK the hint proposes); a float key still rounds there
    t = table("customers", col("customer_id", "text", raw="STRING"), pk=("customer_id",))
    for dialect in ("bigquery", "snowflake"):
        assert run_rule("AK-PK002", catalog(t, dialect=dialect)) == []
    assert objects(run_rule("AK-PK002", catalog(t, dialect="postgres"))) == \
        ["customers.customer_id"]
    rate = table("rate", col("value", "double", raw="FLOAT64"), pk=("value",))
    assert objects(run_rule("AK-PK002", catalog(rate, dialect="bigquery"))) == ["rate.value"]


TEMPORAL = """\
CREATE TABLE dbo.Countries (CountryID int NOT NULL PRIMARY KEY);
GO
CREATE TABLE dbo.Cities (
  CityID int NOT NULL PRIMARY KEY,
  CountryID int NOT NULL,
  ValidFrom datetime2(7) GENERATED ALWAYS AS ROW START NOT NULL,
  ValidTo datetime2(7) GENERATED ALWAYS AS ROW END NOT NULL,
  PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)
) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.Cities_Archive));
GO
CREATE TABLE dbo.Cities_Archive (
  CityID int NOT NULL, CountryID int NOT NULL,
  ValidFrom datetime2(7) NOT NULL, ValidTo datetime2(7) NOT NULL);
GO
"""


def test_sql_server_history_tables_get_no_primary_or_foreign_key_findings():
    # SQL Server refuses a primary key and foreign keys on a temporal table's history
    # table (WideWorldImporters: 17 AK-PK001 errors and 25 AK-FK005 on *_Archive tables)
    from archkit.schema import check, load_schema

    rules = ["AK-PK001", "AK-FK005"]
    cat = load_schema(TEMPORAL, "tsql")
    assert cat.tables["cities"].options["history_table"] == "cities_archive"
    assert cat.tables["cities_archive"].options["history_of"] == "cities"
    def found(sql):
        return [(f.rule, f.object) for f in check(sql, dialect="tsql", select=rules)]

    assert found(TEMPORAL) == [("AK-FK005", "cities.countryid")]
    # the history table may come first (SSDT folders: any order), or be named by ALTER
    # TABLE ... SET, as a migration turns versioning on
    first = TEMPORAL.split("GO\n")
    moved = "GO\n".join([first[2], first[0], first[1], ""])
    assert found(moved) == found(TEMPORAL)
    altered = TEMPORAL.replace(
        " WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.Cities_Archive))", "") + (
        "ALTER TABLE dbo.Cities SET (SYSTEM_VERSIONING = ON (HISTORY_TABLE = "
        "dbo.Cities_Archive));\nGO\n")
    assert found(altered) == found(TEMPORAL)
    # versioning turned off: an ordinary table again, which should have its key
    off = altered + "ALTER TABLE dbo.Cities SET (SYSTEM_VERSIONING = OFF);\nGO\n"
    assert ("AK-PK001", "cities_archive") in found(off)
    # and without any versioning the archive table is judged like every other
    plain = TEMPORAL.replace(
        " WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.Cities_Archive))", "")
    assert {("AK-PK001", "cities_archive"), ("AK-FK005", "cities_archive.countryid")} <= \
        set(found(plain))


def test_missing_primary_key_is_a_warning_where_keys_are_not_enforced():
    # bigquery and snowflake keep keys as unenforced metadata: every warehouse table
    # without one was an error (bigquery-utils: 20, zero-to-snowflake: 10)
    t = table("events", col("event", "text"), pk=None)
    for dialect, severity in (("bigquery", "warning"), ("snowflake", "warning"),
                              ("postgres", "error"), ("duckdb", "error")):
        (f,) = run_rule("AK-PK001", catalog(t, dialect=dialect))
        assert f.severity.value == severity, dialect


def test_int_overflow_in_a_composite_key_only_for_generated_columns():
    from archkit.schema.check import check

    sql = ("CREATE TABLE lineitem (l_orderkey bigint NOT NULL, l_linenumber integer NOT NULL,"
           " PRIMARY KEY (l_orderkey, l_linenumber));\n"
           "CREATE TABLE group_user (group_name varchar(50) NOT NULL, administrator smallint "
           "NOT NULL, PRIMARY KEY (group_name, administrator));\n"
           "CREATE TABLE ev (id integer GENERATED ALWAYS AS IDENTITY, at date NOT NULL, "
           "PRIMARY KEY (id, at));\n")
    assert objects([f for f in check(sql, cache=False) if f.rule == "AK-PK003"]) == ["ev.id"]


def test_fk_type_mismatch_of_precision_only_is_a_warning_where_it_compares():
    from archkit.schema.check import check

    sql = ("CREATE TABLE channels (channel_id NUMBER NOT NULL PRIMARY KEY);\n"
           "CREATE TABLE sales (sales_id NUMBER(12) NOT NULL PRIMARY KEY, channel_id NUMBER(1)"
           " NOT NULL, CONSTRAINT fk FOREIGN KEY (channel_id) REFERENCES channels (channel_id));")
    [f] = [f for f in check(sql, dialect="oracle", cache=False) if f.rule == "AK-FK002"]
    assert f.severity.value == "warning" and "another precision" in f.message
    # MySQL refuses such a key: an error there
    my = ("CREATE TABLE c (id DECIMAL(10) PRIMARY KEY);\nCREATE TABLE s (id int PRIMARY KEY, "
          "c_id DECIMAL(12), FOREIGN KEY (c_id) REFERENCES c (id));")
    [f] = [f for f in check(my, dialect="mysql", cache=False) if f.rule == "AK-FK002"]
    assert f.severity.value == "error"


def test_foreign_key_to_an_inherited_column_is_no_missing_column():
    from archkit.schema.check import check

    sql = ("CREATE TABLE base (id bigint PRIMARY KEY, name text NOT NULL);\n"
           "CREATE TABLE child (extra int, PRIMARY KEY (id)) INHERITS (base);\n"
           "CREATE TABLE ref (id bigint PRIMARY KEY, child_id bigint REFERENCES child (id));\n")
    assert [f for f in check(sql, cache=False) if f.rule == "AK-FK001"] == []
    # a column no table has is still reported
    bad = sql.replace("REFERENCES child (id)", "REFERENCES base (nope)")
    assert [f.rule for f in check(bad, cache=False) if f.rule == "AK-FK001"] == ["AK-FK001"]


def test_set_null_on_a_not_null_column():
    # what PostgreSQL 15 does with this schema (checked): deleting customer 1 fails with
    # 'null value in column "customer_id" of relation "orders" violates not-null
    # constraint'; the SET NULL (parent_id) of c only nulls parent_id, and it works
    from archkit.schema.check import check

    sql = ("CREATE TABLE customers (id bigint PRIMARY KEY);\n"
           "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL "
           "REFERENCES customers (id) ON DELETE SET NULL,\n"
           "  sales_rep_id bigint NOT NULL DEFAULT 0 REFERENCES customers ON DELETE SET DEFAULT,\n"
           "  rep2 bigint NOT NULL REFERENCES customers ON UPDATE SET DEFAULT);\n"
           "CREATE TABLE p (tenant_id bigint NOT NULL, id bigint NOT NULL, "
           "PRIMARY KEY (tenant_id, id));\n"
           "CREATE TABLE c (tenant_id bigint NOT NULL, parent_id bigint, FOREIGN KEY "
           "(tenant_id, parent_id) REFERENCES p ON DELETE SET NULL (parent_id));\n")
    found = [f for f in check(sql, cache=False) if f.rule == "AK-FK008"]
    assert [(f.line, f.object) for f in found] == [
        (2, "orders(customer_id) -> customers"), (4, "orders(rep2) -> customers")]
    assert "deleting a customers row that orders rows reference fails" in found[0].message
    assert found[1].message.startswith(
        "foreign key orders(rep2) -> customers sets rep2 to its default, NULL, ON UPDATE")
    # Oracle's OE sample: an ALTER TABLE ... ADD CONSTRAINT, and a key column
    ora = ("CREATE TABLE employees (employee_id NUMBER(6) PRIMARY KEY);\n"
           "CREATE TABLE orders (order_id NUMBER(12) PRIMARY KEY, "
           "sales_rep_id NUMBER(6) NOT NULL);\n"
           "ALTER TABLE orders ADD CONSTRAINT orders_sales_rep_fk FOREIGN KEY (sales_rep_id) "
           "REFERENCES employees (employee_id) ON DELETE SET NULL;\n")
    assert [f.object for f in check(ora, dialect="oracle", cache=False)
            if f.rule == "AK-FK008"] == ["ORDERS(SALES_REP_ID) -> EMPLOYEES"]


def test_sqlite_hints_rebuild_the_table_instead_of_an_alter_it_refuses():
    # sqlite3 3.40: ALTER TABLE ... ADD PRIMARY KEY / ADD FOREIGN KEY is 'near "PRIMARY":
    # syntax error' (PowerDNS' sqlite schema; scout O)
    from archkit.schema.check import check

    sql = ("CREATE TABLE supermasters (ip VARCHAR(64) NOT NULL, nameserver VARCHAR(255) NOT NULL);\n"
           "CREATE UNIQUE INDEX ip_nameserver_pk ON supermasters(ip, nameserver);\n"
           "CREATE TABLE b (id INTEGER PRIMARY KEY);\n"
           "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER);\n")
    hints = {f.rule: f.hint for f in check(sql, dialect="sqlite", cache=False)}
    assert hints["AK-PK001"] == ("-- SQLite cannot add a primary key to a table: rebuild "
                                 "supermasters with PRIMARY KEY (ip, nameserver)")
    assert hints["AK-FK005"] == ("-- SQLite cannot add a foreign key to a table: rebuild a "
                                 "with FOREIGN KEY (b_id) REFERENCES b (id)")
    pg = {f.rule: f.hint for f in check(sql, dialect="postgres", cache=False)}
    assert pg["AK-FK005"] == "ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);"


def test_a_key_pinned_to_a_few_values_cannot_run_out():
    # rallly's instance_settings: "id" INTEGER NOT NULL DEFAULT 1, one row (scout T)
    from archkit.schema import check

    def pk003(sql, dialect="postgres"):
        return objects([f for f in check(sql, dialect=dialect, cache=False)
                        if f.rule == "AK-PK003"])

    for pinned in ("id INTEGER NOT NULL DEFAULT 1 PRIMARY KEY, v text",
                   "id int PRIMARY KEY CHECK (id = 1), v text",
                   "id int PRIMARY KEY, v text, CONSTRAINT one CHECK (id IN (1, 2))",
                   'id int PRIMARY KEY, v text, CHECK ("id" BETWEEN 1 AND 3)'):
        assert pk003(f"CREATE TABLE s ({pinned});") == [], pinned
    assert pk003("CREATE TABLE `s` (`id` int NOT NULL DEFAULT '1', PRIMARY KEY (`id`));",
                 "mysql") == []
    # a key something numbers, or a CHECK that bounds it from below only, still runs out
    for growing in ("id int PRIMARY KEY, v text", "id int PRIMARY KEY CHECK (id > 0)",
                    "id serial PRIMARY KEY", "id int DEFAULT nextval('s_seq') PRIMARY KEY",
                    "id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY CHECK (id < 5)"):
        assert pk003(f"CREATE TABLE s ({growing});") == ["s.id"], growing


def test_a_one_to_one_extension_is_keyed_like_its_siblings():
    # Quartz's SQL Server script: QRTZ_BLOB_TRIGGERS has no key; QRTZ_SIMPLE_TRIGGERS and
    # every other dialect key it by the trigger's key it references (scout S)
    from archkit.schema import check

    sql = ("CREATE TABLE triggers (sched varchar(50) NOT NULL, name varchar(50) NOT NULL, "
           "PRIMARY KEY (sched, name));\n"
           "CREATE TABLE simple_triggers (sched varchar(50) NOT NULL, name varchar(50) NOT NULL,"
           " repeats int, PRIMARY KEY (sched, name), FOREIGN KEY (sched, name) "
           "REFERENCES triggers (sched, name));\n"
           "CREATE TABLE cron_triggers (sched varchar(50) NOT NULL, name varchar(50) NOT NULL,"
           " expr varchar(120), PRIMARY KEY (sched, name), FOREIGN KEY (sched, name) "
           "REFERENCES triggers (sched, name));\n"
           "CREATE TABLE blob_triggers (sched varchar(50) NOT NULL, name varchar(50) NOT NULL,"
           " data varbinary(max), FOREIGN KEY (sched, name) REFERENCES triggers (sched, name));\n")
    pk001 = [f for f in check(sql, dialect="tsql", cache=False) if f.rule == "AK-PK001"]
    assert [f.object for f in pk001] == ["blob_triggers"]
    assert "if it holds one row per triggers, as simple_triggers and cron_triggers do" in \
        pk001[0].message
    assert pk001[0].hint == "ALTER TABLE blob_triggers ADD PRIMARY KEY (sched, name);"
    # one sibling keyed so is no pattern (Spring Batch: BATCH_JOB_EXECUTION_PARAMS has many
    # rows per execution beside the one-to-one BATCH_JOB_EXECUTION_CONTEXT): a surrogate
    one = sql.replace("PRIMARY KEY (sched, name), FOREIGN KEY", "FOREIGN KEY", 1)
    hints = {f.object: f.hint for f in check(one, dialect="tsql", cache=False)
             if f.rule == "AK-PK001"}
    assert "IDENTITY" in hints["blob_triggers"]


def test_incremental_checker_follows_a_siblings_key():
    from archkit.schema import check
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE TABLE p (id bigint PRIMARY KEY);\n"
           "CREATE TABLE a (p_id bigint NOT NULL PRIMARY KEY REFERENCES p (id));\n"
           "CREATE TABLE a2 (p_id bigint NOT NULL PRIMARY KEY REFERENCES p (id));\n"
           "CREATE TABLE b (p_id bigint NOT NULL REFERENCES p (id), v int);\n")
    ic = IncrementalChecker(sql)
    assert [f.hint for f in ic.report if f.rule == "AK-PK001"] == [
        "ALTER TABLE b ADD PRIMARY KEY (p_id);"]
    i = next(k for k, st in enumerate(ic.statements) if "TABLE a" in st.sql)
    ic.edit(i, "CREATE TABLE a (p_id bigint NOT NULL REFERENCES p (id), k bigint PRIMARY KEY)")
    text = "".join(st.sql + ";\n" for st in ic.statements)
    assert sorted(map(str, ic.report)) == sorted(map(str, check(text, cache=False)))
    assert "ADD PRIMARY KEY (p_id)" not in " ".join(f.hint or "" for f in ic.report)


def test_of_two_equal_foreign_keys_the_not_valid_one_goes():
    # GitLab's project_saved_replies: fk_0ace76afbb ON DELETE CASCADE NOT VALID beside the
    # validated fk_rails_0ace76afbb; the hint dropped the validated one (scout V)
    from archkit.schema import check

    sql = ("CREATE TABLE projects (id bigint PRIMARY KEY);\n"
           "CREATE TABLE replies (id bigint PRIMARY KEY, project_id bigint NOT NULL);\n"
           "CREATE INDEX replies_project_id_idx ON replies (project_id);\n"
           "ALTER TABLE ONLY replies ADD CONSTRAINT fk_0ace76afbb FOREIGN KEY (project_id) "
           "REFERENCES projects(id) ON DELETE CASCADE NOT VALID;\n"
           "ALTER TABLE ONLY replies ADD CONSTRAINT fk_rails_0ace76afbb FOREIGN KEY "
           "(project_id) REFERENCES projects(id);\n")
    found = [f for f in check(sql, cache=False) if f.rule == "AK-FK004"]
    assert len(found) == 1
    assert found[0].hint == "ALTER TABLE replies DROP CONSTRAINT fk_0ace76afbb;"
    assert "their actions differ (ON DELETE CASCADE here, NO ACTION there)" in found[0].message


def test_a_widened_key_takes_the_columns_that_reference_it_along():
    # Oracle's HR and CO samples: the key went to NUMBER(19), ORDERS.CUSTOMER_ID stayed
    # NUMBER(6) (scout U); PostgreSQL: run in a transaction, views moved around it
    from archkit.schema import check

    ora = ("CREATE TABLE customers (customer_id NUMBER(6) PRIMARY KEY);\n"
           "CREATE TABLE orders (order_id NUMBER(19) PRIMARY KEY, customer_id NUMBER(6) "
           "REFERENCES customers (customer_id));\n")
    hint = next(f.hint for f in check(ora, dialect="oracle", cache=False)
                if f.rule == "AK-PK003")
    assert hint == ("ALTER TABLE CUSTOMERS MODIFY (CUSTOMER_ID NUMBER(19)); "
                    "ALTER TABLE ORDERS MODIFY (CUSTOMER_ID NUMBER(19));")
    pg = ("CREATE TABLE c (id int PRIMARY KEY);\n"
          "CREATE TABLE o (id bigint PRIMARY KEY, c_id int REFERENCES c (id));\n")
    hint = next(f.hint for f in check(pg, cache=False) if f.rule == "AK-PK003")
    assert hint == ("ALTER TABLE c ALTER COLUMN id TYPE bigint; "
                    "ALTER TABLE o ALTER COLUMN c_id TYPE bigint;")


def test_a_small_integer_id_column_is_a_code_not_a_growing_key():
    # GitLab's issues.state_id, users.theme_id smallint: application enums (scout V)
    from archkit.schema import check

    sql = ("CREATE TABLE issues (id bigint PRIMARY KEY, state_id smallint NOT NULL, "
           "author_id int);\nCREATE TABLE codes (id smallint PRIMARY KEY);\n")
    assert sorted(f.object for f in check(sql, cache=False) if f.rule == "AK-PK003") == [
        "codes.id", "issues.author_id"]


def test_an_optional_reference_beside_the_rows_own_partition_is_not_reported():
    # GitLab's p_ci_pipelines (partition_id, upstream_pipeline_id): NULL means no upstream
    # pipeline; SET NOT NULL or MATCH FULL would refuse those rows (scout V)
    from archkit.schema import check

    sql = ("CREATE TABLE pipelines (partition_id bigint NOT NULL, id bigint NOT NULL,\n"
           "  upstream_id bigint, PRIMARY KEY (id, partition_id),\n"
           "  FOREIGN KEY (partition_id, upstream_id) REFERENCES pipelines (partition_id, id));\n"
           "CREATE TABLE region (country text, code text, PRIMARY KEY (country, code));\n"
           "CREATE TABLE store (id bigint PRIMARY KEY, country text NOT NULL, code text,\n"
           "  FOREIGN KEY (country, code) REFERENCES region (country, code));\n"
           "CREATE TABLE kiosk (id bigint PRIMARY KEY, country text, code text,\n"
           "  FOREIGN KEY (country, code) REFERENCES region (country, code));\n")
    assert [f.object for f in check(sql, cache=False) if f.rule == "AK-FK003"] == [
        "store(country, code) -> region", "kiosk(country, code) -> region"]


def test_a_widened_key_leaves_inherited_referencing_columns_to_their_parent():
    # Sakila's payment_p2007_* INHERITS payment: 'cannot alter inherited column
    # "rental_id"' (PostgreSQL 15; the parent's change reaches them)
    from archkit.schema import check

    sql = ("CREATE TABLE rental (rental_id int PRIMARY KEY);\n"
           "CREATE TABLE payment (payment_id bigint PRIMARY KEY, rental_id int "
           "REFERENCES rental (rental_id));\n"
           "CREATE TABLE payment_p1 (CONSTRAINT p1_rental FOREIGN KEY (rental_id) REFERENCES "
           "rental (rental_id)) INHERITS (payment);\n")
    hint = next(f.hint for f in check(sql, cache=False) if f.rule == "AK-PK003"
                and f.object == "rental.rental_id")
    assert "ALTER TABLE payment ALTER COLUMN rental_id TYPE bigint;" in hint
    assert "payment_p1" not in hint


def test_a_key_many_columns_reference_names_them_instead_of_a_long_script():
    # danbooru's users.id: 52 referencing columns, each with views to move, came to 316 KB,
    # longer than psql takes as an argument
    from archkit.schema import check

    sql = "CREATE TABLE users (id int PRIMARY KEY);\n" + "".join(
        f"CREATE TABLE t{i} (id bigint PRIMARY KEY, user_id int REFERENCES users (id));\n"
        for i in range(20))
    hint = next(f.hint for f in check(sql, cache=False) if f.rule == "AK-PK003"
                and f.object == "users.id")
    assert hint.startswith("ALTER TABLE users ALTER COLUMN id TYPE bigint; -- then widen the "
                           "20 columns that reference it the same way: t0.user_id, t1.user_id")
    assert hint.endswith("and 14 more")


def test_incremental_checker_rewrites_a_widening_when_a_referencing_column_changes():
    from archkit.schema import check
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE TABLE c (id int PRIMARY KEY);\n"
           "CREATE TABLE o (id bigint PRIMARY KEY, c_id int REFERENCES c (id));\n")
    ic = IncrementalChecker(sql)
    i = next(k for k, st in enumerate(ic.statements) if "TABLE o" in st.sql)
    ic.edit(i, "CREATE TABLE o (id bigint PRIMARY KEY, c_id bigint REFERENCES c (id))")
    hint = next(f.hint for f in ic.report if f.rule == "AK-PK003" and f.object == "c.id")
    assert hint == "ALTER TABLE c ALTER COLUMN id TYPE bigint;"
    text = "".join(st.sql + ";\n" for st in ic.statements)
    assert sorted(map(str, ic.report)) == sorted(map(str, check(text, cache=False)))


def test_a_serial_keys_sequence_is_widened_before_the_hints_notes():
    # the sequence went after "-- then widen ..." and was commented out (danbooru)
    from archkit.schema import check

    sql = "CREATE TABLE users (id serial PRIMARY KEY);\n" + "".join(
        f"CREATE TABLE t{i} (id bigint PRIMARY KEY, user_id int REFERENCES users (id));\n"
        for i in range(20))
    hint = next(f.hint for f in check(sql, cache=False) if f.rule == "AK-PK003"
                and f.object == "users.id")
    sql_part, _sep, note = hint.partition(" -- ")
    assert "ALTER SEQUENCE users_id_seq AS bigint;" in sql_part
    assert "ALTER SEQUENCE" not in note
