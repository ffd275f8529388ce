"""Schema rules end to end: SQL text -> parser -> catalog -> rules -> findings."""

from __future__ import annotations

import pytest

from archkit.schema import check


def found(sql: str, rule: str, dialect: str = "postgres"):
    return [f for f in check(sql, dialect=dialect) if f.rule == rule]


def objects(sql: str, rule: str, dialect: str = "postgres"):
    return sorted(f.object for f in found(sql, rule, dialect))


# -- every finding is complete -----------------------------------------------------------
def test_every_fires_example_gives_object_hint_and_position():
    import archkit.schema.rules  # noqa: F401
    from archkit.schema.registry import SCHEMA_RULES

    mine = [sr for rid, sr in SCHEMA_RULES.items() if not rid.startswith(("AK-SQL", "AK-WL"))]
    # the catalogue's 43 (schema-rules.md outside Parse and Workload), AK-FK008, AK-MG008
    assert len(mine) == 45 and {"AK-FK008", "AK-MG008"} <= set(SCHEMA_RULES)
    for sr in mine:
        rule = sr.rule
        config = {"rules": {rule.id: rule.severity.value}}     # enables off-by-default rules
        hits = [f for f in check(rule.fires, dialect=sr.example_dialect, config=config)
                if f.rule == rule.id]
        assert hits, rule.id
        for f in hits:
            assert f.object, (rule.id, f)
            assert f.hint and len(f.hint) > 10, (rule.id, f)
            assert f.line is not None, (rule.id, f)


# -- keys --------------------------------------------------------------------------------
def test_primary_key_added_later_by_alter_counts():
    sql = "CREATE TABLE t (id bigint NOT NULL);\nALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);"
    assert found(sql, "AK-PK001") == []


PARTITIONED = """\
CREATE TABLE customer (id bigint PRIMARY KEY, created_at timestamptz, updated_at timestamptz);
CREATE TABLE a (id bigint NOT NULL, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL, customer_id bigint NOT NULL REFERENCES customer (id),
  note text, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
CREATE INDEX a_customer_id_idx ON a (customer_id);
CREATE TABLE a_2024 PARTITION OF a FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE a_default PARTITION OF a DEFAULT;
CREATE TABLE shipment (id bigint PRIMARY KEY, created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL, a_id bigint NOT NULL, a_created_at timestamptz NOT NULL,
  FOREIGN KEY (a_id, a_created_at) REFERENCES a_2024 (id, created_at));
CREATE INDEX shipment_a_id_a_created_at_idx ON shipment (a_id, a_created_at);
"""


def test_partitions_have_their_parents_key_columns_and_indexes():
    # postgres gives every partition the parent's columns, primary key, indexes and
    # foreign keys: nothing is reported on the partitions (the parent answers for them)
    import archkit.schema.rules  # noqa: F401
    from archkit.schema.registry import SCHEMA_RULES

    every_rule = {"rules": {rid: sr.rule.severity.value for rid, sr in SCHEMA_RULES.items()}}
    report = check(PARTITIONED, dialect="postgres", config=every_rule)
    assert [f for f in report if "a_2024" in f.object or "a_default" in f.object] == []
    assert found(PARTITIONED, "AK-FK001") == []       # a partition's key can be referenced


def test_parent_without_key_is_reported_once_and_inherits_children_still_are():
    sql = ("CREATE TABLE a (id bigint, created_at timestamptz) PARTITION BY RANGE (created_at);\n"
           "CREATE TABLE a_2024 PARTITION OF a FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
           "CREATE TABLE b (id bigint PRIMARY KEY);\n"
           "CREATE TABLE b_old (CHECK (id < 10)) INHERITS (b);")
    assert objects(sql, "AK-PK001") == ["a", "b_old"]


def test_composite_fk_to_composite_pk_in_mixed_case_names():
    sql = ("CREATE TABLE Region (Country text, Code text, PRIMARY KEY (Country, Code));\n"
           "CREATE TABLE store (id bigint PRIMARY KEY, country text NOT NULL, code text NOT NULL,\n"
           "  FOREIGN KEY (code, country) REFERENCES region (code, country));")
    assert found(sql, "AK-FK001") == []
    assert found(sql, "AK-FK003") == []


def test_mysql_inline_reference_is_reported_but_table_level_is_not():
    sql = ("CREATE TABLE p (id BIGINT PRIMARY KEY);\n"
           "CREATE TABLE c (id BIGINT PRIMARY KEY, p_id BIGINT REFERENCES p (id),\n"
           "  q_id BIGINT, FOREIGN KEY (q_id) REFERENCES p (id));")
    hits = found(sql, "AK-FK006", "mysql")
    assert [f.object for f in hits] == ["c.p_id"] and hits[0].line == 2
    assert found(sql, "AK-FK006", "postgres") == []


def test_serial_prefers_identity_only_on_postgres():
    assert objects("CREATE TABLE t (id serial PRIMARY KEY);", "AK-PK004") == ["t.id"]
    assert objects("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY);", "AK-PK004", "mysql") == []


# -- types -------------------------------------------------------------------------------
def test_timestamp_rules_per_dialect():
    assert objects("CREATE TABLE e (id bigint PRIMARY KEY, at timestamp, t timetz, z timestamptz);",
                   "AK-TY001") == ["e.at", "e.t"]
    mysql = ("CREATE TABLE e (id BIGINT PRIMARY KEY, created_at DATETIME, birthday DATETIME, "
             "seen TIMESTAMP);")
    assert objects(mysql, "AK-TY001", "mysql") == ["e.created_at"]
    (f,) = found(mysql, "AK-TY001", "mysql")
    # MySQL has no better type (TIMESTAMP ends in 2038): a reminder to keep UTC, not a
    # warning that says to switch to TIMESTAMP
    assert f.severity.value == "info" and "use timestamp" not in f.message.lower()
    assert "UTC" in f.message and f.hint.startswith("SET time_zone = '+00:00';")
    assert "e.created_at" in f.hint and "MODIFY" not in f.hint
    (pg,) = found("CREATE TABLE e (id bigint PRIMARY KEY, at timestamp);", "AK-TY001")
    assert pg.severity.value == "warning" and "TYPE timestamptz" in pg.hint
    assert objects("CREATE TABLE e (id INTEGER PRIMARY KEY, at TIMESTAMP);", "AK-TY001", "sqlite") == []


def test_char_is_fine_for_short_codes_and_on_sqlite():
    sql = "CREATE TABLE c (id bigint PRIMARY KEY, iso char(2), name char(20));"
    assert objects(sql, "AK-TY002") == ["c.name"]
    assert objects(sql, "AK-TY002", "sqlite") == []


def test_money_needs_a_money_name_and_an_inexact_type():
    sql = ("CREATE TABLE p (id bigint PRIMARY KEY, unit_price real, weight double precision, "
           "balance money, total numeric(12, 2));")
    assert objects(sql, "AK-TY004") == ["p.balance", "p.unit_price"]


def test_enum_postgres_type_mysql_enum_and_long_in_lists():
    pg = ("CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
          "CREATE TABLE p (id bigint PRIMARY KEY, m mood, s text CHECK (s IN ('a','b')),\n"
          "  d int CHECK (d IN (1,2,3,4,5,6,7,8,9,10)));")
    assert objects(pg, "AK-TY005") == ["p.d", "p.m"]


def test_deprecated_mysql_types():
    sql = ("CREATE TABLE p (id INT(11) NOT NULL PRIMARY KEY, ok TINYINT(1), "
           "born DATETIME DEFAULT '0000-00-00 00:00:00', name VARCHAR(10) CHARACTER SET utf8)\n"
           "ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;")
    hits = found(sql, "AK-TY007", "mysql")
    assert sorted(f.object for f in hits) == ["p", "p.born", "p.id", "p.name"]


def test_inconsistent_types_majority_wins_and_serial_equals_int():
    sql = ("CREATE TABLE a (id serial PRIMARY KEY, user_id bigint);\n"
           "CREATE TABLE b (id bigint PRIMARY KEY, user_id bigint NOT NULL);\n"
           "CREATE TABLE c (id int PRIMARY KEY, user_id int NOT NULL);")
    hits = found(sql, "AK-TY008")
    assert [f.object for f in hits] == ["c.user_id"]
    assert hits[0].hint == "ALTER TABLE c ALTER COLUMN user_id TYPE BIGINT;"


def test_inconsistent_types_without_majority_is_one_finding_per_name():
    sql = "\n".join(f"CREATE TABLE t{i} (id bigint PRIMARY KEY, code {ty});"
                    for i, ty in enumerate(["int", "text", "bigint", "int", "text"]))
    hits = found(sql, "AK-TY008")
    assert len(hits) == 1 and hits[0].object == "t1.code"
    assert hits[0].message.startswith("code has 3 types across 5 tables")


def test_inconsistent_types_of_another_kind_get_no_alter_that_would_fail():
    # Icinga's last_notification: a timestamp in the status tables, a notification number
    # in the escalations; PostgreSQL refuses ALTER ... TYPE int there ("cannot be cast
    # automatically"), so the hint names the choice instead (scout O)
    sql = "\n".join(f"CREATE TABLE t{i} (id bigint PRIMARY KEY, last_notification {ty});"
                    for i, ty in enumerate(["timestamp", "timestamp", "timestamp", "int"]))
    [hit] = found(sql, "AK-TY008")
    assert hit.object == "t3.last_notification"
    assert hit.hint.startswith("-- t3.last_notification holds number values, timestamp "
                               "elsewhere: if it is another thing, rename it")
    # within one kind the ALTER stays
    same = sql.replace("int);", "date);")
    assert found(same, "AK-TY008")[0].hint == ("ALTER TABLE t3 ALTER COLUMN last_notification "
                                               "TYPE TIMESTAMP;")


def test_mysql_modify_hints_restate_the_column():
    sql = ("CREATE TABLE a (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY);\n"
           "CREATE TABLE b (id BIGINT PRIMARY KEY, a_id INT NOT NULL DEFAULT 0,\n"
           "  FOREIGN KEY (a_id) REFERENCES a (id));")
    pk = found(sql, "AK-PK003", "mysql")
    # (b's foreign key goes and comes back: MySQL refuses to change a referenced column)
    assert [f.hint for f in pk] == [
        "ALTER TABLE b DROP FOREIGN KEY b_ibfk_1; "
        "ALTER TABLE a MODIFY COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT; "
        "ALTER TABLE b MODIFY COLUMN a_id BIGINT UNSIGNED NOT NULL DEFAULT 0; "
        "ALTER TABLE b ADD FOREIGN KEY (a_id) REFERENCES a (id);"]
    fk = found(sql, "AK-FK002", "mysql")
    # (MySQL refused that key, errno 150: the column is changed, then the key made)
    assert [f.hint for f in fk] == ["ALTER TABLE b MODIFY COLUMN a_id INT UNSIGNED NOT NULL DEFAULT 0; "
                                    "ALTER TABLE b ADD FOREIGN KEY (a_id) REFERENCES a (id);"]


def test_repeating_groups_need_three_and_eav_needs_entity_attribute_value():
    two = "CREATE TABLE p (id bigint PRIMARY KEY, address text, address2 text);"
    assert objects(two, "AK-TY010") == []
    three = "CREATE TABLE p (id bigint PRIMARY KEY, tag1 text, tag2 text, tag3 text);"
    assert objects(three, "AK-TY010") == ["p.tag"]
    eav = ("CREATE TABLE product (id bigint PRIMARY KEY);\n"
           "CREATE TABLE attrs (id bigint PRIMARY KEY, product_id bigint REFERENCES product,\n"
           "  attribute text, value text);")
    hits = found(eav, "AK-TY010")
    assert [f.object for f in hits] == ["attrs"] and hits[0].hint.startswith("-- one typed column") \
        and "ALTER TABLE product ADD COLUMN <attribute> <type>;" in hits[0].hint
    settings = "CREATE TABLE setting (name text PRIMARY KEY, value text);"
    assert objects(settings, "AK-TY010") == []


def test_eav_hint_names_a_table_the_schema_has():
    # GitLab's ci_variables.project_id and ci_group_variables.group_id have no foreign
    # key: the hint named tables "project" and "group", which do not exist
    sql = ("CREATE TABLE projects (id bigint PRIMARY KEY);\n"
           "CREATE TABLE ci_variables (id bigint PRIMARY KEY, project_id bigint, key text, "
           "value text);\n"
           "CREATE TABLE ci_group_variables (id bigint PRIMARY KEY, group_id bigint, key text, "
           "value text);")
    hints = {f.object: f.hint for f in found(sql, "AK-TY010")}
    assert "ALTER TABLE projects ADD COLUMN <attribute> <type>;" in hints["ci_variables"]
    assert "ALTER TABLE <the table group_id refers to> ADD COLUMN" in hints["ci_group_variables"]
    assert '"group"' not in hints["ci_group_variables"]


def test_eav_entity_is_the_referenced_row_not_the_partition_key():
    # GitLab's p_ci_pipeline_variables: partition_id comes first, pipeline_id is the row
    sql = ("CREATE TABLE p_ci_pipelines (id bigint NOT NULL, partition_id bigint NOT NULL,\n"
           "  PRIMARY KEY (id, partition_id)) PARTITION BY LIST (partition_id);\n"
           "CREATE TABLE p_ci_pipeline_variables (key varchar NOT NULL, value text,\n"
           "  partition_id bigint NOT NULL, id bigint NOT NULL, pipeline_id bigint NOT NULL,\n"
           "  PRIMARY KEY (id, partition_id),\n"
           "  FOREIGN KEY (partition_id, pipeline_id) REFERENCES p_ci_pipelines (partition_id, id)\n"
           ") PARTITION BY LIST (partition_id);")
    for text in (sql, sql.replace(") PARTITION BY LIST (partition_id);", ");")):
        (f,) = found(text, "AK-TY010")
        assert "(pipeline_id, key, value)" in f.message, f.message
        assert "ALTER TABLE p_ci_pipelines ADD COLUMN" in f.hint


# -- names -------------------------------------------------------------------------------
def test_reserved_words_depend_on_the_dialect():
    sql = "CREATE TABLE t (id bigint PRIMARY KEY, \"order\" int, \"fulltext\" text);"
    assert objects(sql, "AK-NM002") == ["t.order"]
    mysql = "CREATE TABLE t (id BIGINT PRIMARY KEY, `order` INT, `fulltext` TEXT);"
    assert objects(mysql, "AK-NM002", "mysql") == ["t.fulltext", "t.order"]


def test_words_only_the_standard_reserves_are_names_in_mysql_and_sqlite():
    # MediaWiki's user table: reserved in postgres, a plain name in mysql and sqlite
    assert objects("CREATE TABLE user (id bigint PRIMARY KEY, full_name text);",
                   "AK-NM002") == ["user"]
    mysql = "CREATE TABLE user (id BIGINT PRIMARY KEY, `end` INT, `full` INT, `table` INT);"
    assert objects(mysql, "AK-NM002", "mysql") == ["user.table"]
    sqlite = "CREATE TABLE user (id INTEGER PRIMARY KEY, grant INT, leading INT, `end` INT);"
    assert objects(sqlite, "AK-NM002", "sqlite") == ["user.end"]


def test_identifier_limits_count_bytes():
    name = "é" * 32                      # 32 characters, 64 bytes
    assert objects(f"CREATE TABLE t (id bigint PRIMARY KEY, {name} int);", "AK-NM003") == [f"t.{name}"]
    assert objects(f"CREATE TABLE t (id BIGINT PRIMARY KEY, {name} INT);", "AK-NM003", "mysql") == []


def test_postgres_cuts_a_long_name_a_warning_and_a_collision_an_error():
    # what PostgreSQL 15 does with formbricks' Prisma names (checked): a NOTICE and the
    # first 63 bytes for the first index; the second, cut to the same 63 bytes, fails
    # with 'relation ... already exists'
    base = "FeedbackSourceFormbricksMapping_workspaceId_feedbackSourceId_su"
    sql = ('CREATE TABLE m (id bigint PRIMARY KEY, a bigint, b bigint);\n'
           f'CREATE UNIQUE INDEX "{base}rveyId_elementId_key" ON m (a, b);\n'
           f'CREATE INDEX "{base}rveyId_idx" ON m (a);\n'
           f'CREATE INDEX "{base[:60]}" ON m (b);\n')
    first, second = found(sql, "AK-NM003")
    assert (first.severity.value, first.line) == ("warning", 2)
    assert f"in the database it is {base}" in first.message
    assert (second.severity.value, second.line) == ("error", 3)
    assert f"the name of index {base}rveyId_elementId_key (line 2)" in second.message
    # columns of one table collide; of two tables they do not; a constraint's name and an
    # index's share postgres' relations when the constraint is a key (its index)
    col = "c" * 63
    assert [f.severity.value for f in found(
        f"CREATE TABLE t (id bigint PRIMARY KEY, {col}_a int, {col}_b int);\n"
        f"CREATE TABLE u (id bigint PRIMARY KEY, {col}_a int);", "AK-NM003")] == [
        "warning", "error", "warning"]
    key = "k" * 63
    assert [f.severity.value for f in found(
        f"CREATE TABLE t (id bigint, CONSTRAINT {key}_pk PRIMARY KEY (id));\n"
        f"CREATE INDEX {key}_ix ON t (id);", "AK-NM003")] == ["warning", "error"]
    assert [f.severity.value for f in found(
        f"CREATE TABLE t (id bigint PRIMARY KEY, a int, CONSTRAINT {key}_ck CHECK (a > 0));\n"
        f"CREATE INDEX {key}_ix ON t (a);", "AK-NM003")] == ["warning", "warning"]
    # engines that refuse a long name: always an error
    assert [f.severity.value for f in found(
        f"CREATE TABLE t (id bigint PRIMARY KEY, {'c' * 65} int);", "AK-NM003", "mysql")] == [
        "error"]


def test_quoted_mixed_case_matters_only_where_case_folds():
    sql = 'CREATE TABLE "Orders" (id bigint PRIMARY KEY, "Total" int, "unit price" int);'
    assert len(found(sql, "AK-NM004")) == 3
    mysql = "CREATE TABLE `Orders` (id BIGINT PRIMARY KEY, `Total` INT, `unit price` INT);"
    assert [f.message for f in found(mysql, "AK-NM004", "mysql")] == [
        "column name 'unit price' has special characters and must be quoted in every query"]


def test_a_quoted_name_is_reported_once_unless_its_quoting_finding_is_gone():
    # "emailVerified" breaks snake_case (AK-NM001) and is quoted forever (AK-NM004), with
    # the same rename: Prisma chains had every such name twice (scout T)
    sql = ('CREATE TABLE "User" (id bigint PRIMARY KEY, "emailVerified" boolean, '
           'OtherName int);')
    rules = sorted((f.rule, f.object) for f in check(sql, cache=False)
                   if f.rule.startswith("AK-NM"))
    assert rules == [("AK-NM001", "User.othername"),     # unquoted: AK-NM001 alone
                     ("AK-NM002", "User"),               # (reserved: another matter)
                     ("AK-NM004", "User"), ("AK-NM004", "User.emailVerified")]
    # without AK-NM004's finding (off, ignored, suppressed) AK-NM001's stays
    for how in ({"config": {"rules": {"AK-NM004": "off"}}}, {"ignore": ["AK-NM004"]}):
        left = {f.object for f in check(sql, cache=False, **how) if f.rule == "AK-NM001"}
        assert {"User", "User.emailVerified"} <= left
    suppressed = "-- archkit: ignore[AK-NM004] Prisma names the models\n" + sql
    left = {(f.rule, f.object) for f in check(suppressed, cache=False)
            if f.rule.startswith("AK-NM")}
    assert ("AK-NM001", "User.emailVerified") in left
    assert ("AK-NM004", "User.emailVerified") not in left


def test_index_naming_template_is_configurable_and_expression_indexes_skip():
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, a int, b text);\n"
           "CREATE INDEX t_a_idx ON t (a);\nCREATE INDEX idx_t_a ON t (a, id);\n"
           "CREATE INDEX anything ON t (lower(b));")
    assert objects(sql, "AK-NM001") == ["idx_t_a"]


def test_naming_convention_ignores_the_case_of_names_the_engine_folds():
    # snowflake and oracle keep unquoted names in capitals, postgres in lower case: TRIPS
    # and trips are one name there, and every index name came back in capitals, so each
    # one broke {table}_{columns}_idx (schemachange's citibike demo: 20 findings). Mixed
    # case still breaks snake_case: customerId folds to customerid, its words run together
    sql = ("CREATE TABLE TRIPS (TRIP_ID INTEGER PRIMARY KEY, START_STATION_ID INTEGER,\n"
           "  customerId INTEGER);\n"
           "CREATE INDEX trips_start_station_id_idx ON TRIPS (START_STATION_ID);\n"
           "CREATE INDEX by_station ON TRIPS (START_STATION_ID, TRIP_ID);")
    # (in snowflake a hybrid table: a standard table takes no index)
    hybrid = sql.replace("CREATE TABLE TRIPS", "CREATE HYBRID TABLE TRIPS")
    assert objects(hybrid, "AK-NM001", "snowflake") == ["BY_STATION", "TRIPS.CUSTOMERID"]
    assert objects(sql, "AK-NM001", "oracle") == ["BY_STATION", "TRIPS.CUSTOMERID"]
    assert objects(sql, "AK-NM001") == ["by_station", "trips.customerid"]
    # where names keep the case they are written in (SQL Server), capitals are judged
    assert "trips" in objects(sql, "AK-NM001", "tsql")
    # a quoted name keeps its case everywhere
    assert objects('CREATE TABLE "TRIPS" (id int PRIMARY KEY);', "AK-NM001", "snowflake") == \
        ["TRIPS"]


def test_a_pascal_case_convention_judges_index_names_without_case():
    # SQL Server style (AdventureWorks): the catalog holds names folded, the engine
    # compares them without case; with this convention AdventureWorks gave 91 false
    # index-name findings, now 2 (a quoted name with a space, and an index named after a
    # column it does not have)
    conv = {"schema": {"AK-NM001": {
        "table_pattern": "^[A-Z][A-Za-z0-9]*$", "column_pattern": "^[A-Z][A-Za-z0-9]*$",
        "index_patterns": ["IX_{table}_{columns}"],
        "unique_index_patterns": ["AK_{table}_{columns}"]}}}
    sql = ("CREATE TABLE Person.Address (AddressID int NOT NULL PRIMARY KEY,\n"
           "  StateProvinceID int NOT NULL, PostalCode nvarchar(15) NOT NULL);\n"
           "CREATE INDEX IX_Address_StateProvinceID ON Person.Address (StateProvinceID);\n"
           "CREATE UNIQUE INDEX AK_Address_PostalCode ON Person.Address (PostalCode);\n"
           "CREATE INDEX IX_Address_Name ON Person.Address (PostalCode, StateProvinceID);\n")
    for dialect in ("tsql", "postgres", "mysql"):
        got = [f for f in check(sql, dialect=dialect, config=conv) if f.rule == "AK-NM001"]
        assert [f.object for f in got] == ["ix_address_name" if dialect != "mysql"
                                           else "IX_Address_Name"], dialect
        # the name to use, in the convention's own case
        assert "(expected IX_Address_PostalCode_StateProvinceID)" in got[0].message, dialect


def test_a_rails_convention_joins_index_columns_with_and():
    # Rails' add_index names: index_<table>_on_<col>_and_<col> (GitLab's structure.sql)
    conv = {"schema": {"AK-NM001": {
        "index_patterns": ["index_{table}_on_{columns_and}"],
        "unique_index_patterns": ["index_{table}_on_{columns_and}"]}}}
    sql = ("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text,\n"
           "  org_id bigint);\n"
           "CREATE UNIQUE INDEX index_users_on_email ON users (email);\n"
           "CREATE INDEX index_users_on_org_id_and_name ON users (org_id, name);\n"
           "CREATE INDEX users_name ON users (name);\n")
    (f,) = [f for f in check(sql, config=conv) if f.rule == "AK-NM001"]
    assert f.object == "users_name" and "(expected index_users_on_name)" in f.message
    assert f.hint == "ALTER INDEX users_name RENAME TO index_users_on_name;"
    # by default, the same names are not the convention
    assert len([f for f in check(sql) if f.rule == "AK-NM001"]) == 3


# -- docs (off by default) ---------------------------------------------------------------
def test_docs_rules_are_off_by_default():
    assert found("CREATE TABLE t (id bigint PRIMARY KEY);", "AK-DOC001") == []
    assert found("CREATE TABLE t (id bigint PRIMARY KEY);", "AK-DOC002") == []


# -- suppression and positions ----------------------------------------------------------
def test_suppression_applies_to_catalog_findings_of_its_statement():
    sql = ("CREATE TABLE a (id bigint PRIMARY KEY, at timestamp); "
           "-- archkit: ignore[AK-TY001] legacy feed stores local time\n"
           "CREATE TABLE b (id bigint PRIMARY KEY, at timestamp);\n")
    assert objects(sql, "AK-TY001") == ["b.at"]


def test_positions_point_at_the_column():
    sql = "CREATE TABLE e (\n  id bigint PRIMARY KEY,\n  payload json\n);"
    f = found(sql, "AK-TY006")[0]
    assert (f.line, f.col) == (3, 3)


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite", "tsql", "oracle",
                                     "bigquery", "snowflake", "duckdb"])
def test_rules_run_on_every_dialect_without_error(dialect):
    sql = ("CREATE TABLE p (id int PRIMARY KEY, name varchar(20));\n"
           "CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id), flag boolean);\n"
           "CREATE INDEX c_flag_idx ON c (flag);")
    report = check(sql, dialect=dialect)
    assert all(f.object and f.hint for f in report if f.rule.startswith(("AK-PK", "AK-FK", "AK-IX", "AK-TY")))


# -- indexes through the parser ----------------------------------------------------------
def test_parsed_desc_include_partial_and_expression_indexes():
    sql = ("CREATE TABLE o (id bigint PRIMARY KEY, c bigint, s text, d timestamptz);\n"
           "CREATE INDEX o_c_d_idx ON o (c, d DESC);\n"
           "CREATE INDEX o_c_d_asc_idx ON o (c, d);\n"                  # direction differs
           "CREATE INDEX o_c_inc_idx ON o (c) INCLUDE (s);\n"           # covering s: kept
           "CREATE INDEX o_c_open_idx ON o (c) WHERE s IS NULL;\n"      # other predicate
           "CREATE INDEX o_lower_s_idx ON o (lower(s));\n"
           "CREATE INDEX o_lower_s_idx2 ON o (lower(s));\n"
           "CREATE INDEX o_c_idx ON o (c DESC);\n")                     # prefix, backwards
    assert objects(sql, "AK-IX001") == ["o_lower_s_idx2"]
    assert objects(sql, "AK-IX002") == ["o_c_idx"]


DIALECTS = ["postgres", "mysql", "sqlite", "tsql", "oracle", "duckdb"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_index_key_rules_fire_in_every_dialect(dialect):
    # sqlglot fills in each dialect's default NULL ordering: it is not a NULLS clause
    import archkit.schema.rules  # noqa: F401
    from archkit.schema.registry import SCHEMA_RULES

    for rule_id in ("AK-IX001", "AK-IX002", "AK-IX003"):
        # (oracle refuses an index on an indexed column list: ORA-01408, AK-SQL003)
        hits = found(SCHEMA_RULES[rule_id].rule.fires,
                     "AK-SQL003" if dialect == "oracle" and rule_id == "AK-IX001" else rule_id,
                     dialect)
        assert hits, (rule_id, dialect)
        assert all("NULLS" not in f.message for f in hits), hits
    sql = ("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n"
           "CREATE INDEX orders_id_idx ON orders (id);")
    # (oracle refuses a second index on the key's columns: ORA-01408, AK-SQL003)
    if dialect == "oracle":
        assert [f.object.lower() for f in found(sql, "AK-SQL003", dialect)
                if "ORA-01408" in f.message] == ["orders_id_idx"]
    else:
        assert [o.lower() for o in objects(sql, "AK-IX003", dialect)] == ["orders_id_idx"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_written_nulls_order_other_than_the_default_still_counts(dialect):
    # ASC NULLS FIRST and ASC NULLS LAST: one of them is not the dialect's default, and
    # that index serves an ordering the primary key cannot
    sql = ("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n"
           "CREATE INDEX orders_id_nf_idx ON orders (id NULLS FIRST);\n"
           "CREATE INDEX orders_id_nl_idx ON orders (id NULLS LAST);")
    hits = [f.object.lower() for f in found(sql, "AK-IX003", dialect)]
    if dialect == "oracle":     # NULLs sort last ascending, and the index is refused
        assert hits == [] and [f.object.lower() for f in found(sql, "AK-SQL003", dialect)
                               if "ORA-01408" in f.message] == ["orders_id_nl_idx"]
    elif dialect in ("postgres", "duckdb"):     # NULLs sort last ascending
        assert hits == ["orders_id_nl_idx"]
    else:                                      # mysql, sqlite, tsql: NULLs sort first
        assert hits == ["orders_id_nf_idx"]


def test_mysql_inline_keys_and_implicit_fk_index():
    sql = ("CREATE TABLE p (id BIGINT PRIMARY KEY);\n"
           "CREATE TABLE c (id BIGINT PRIMARY KEY, p_id BIGINT, s VARCHAR(9),\n"
           "  KEY c_p_id_idx (p_id), KEY c_p_id_s_idx (p_id, s), KEY c_s_id_idx (s, id),\n"
           "  FOREIGN KEY (p_id) REFERENCES p (id)) ENGINE=InnoDB;")
    assert objects(sql, "AK-IX006", "mysql") == []              # InnoDB indexes FKs itself
    assert objects(sql, "AK-IX002", "mysql") == ["c_p_id_idx"]
    assert objects(sql, "AK-IX004", "mysql") == ["c_s_id_idx"]


def test_fk_index_rule_applies_on_sqlite():
    sql = ("CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
           "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));")
    assert [f.hint for f in found(sql, "AK-IX006", "sqlite")] == [
        "CREATE INDEX c_p_id_idx ON c (p_id);"]


def test_case_normalisation_links_quoted_and_unquoted_names():
    sql = ('CREATE TABLE Customer (ID bigint PRIMARY KEY);\n'
           'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES "customer" ("id"));\n'
           'CREATE INDEX orders_customer_id_idx ON ORDERS (CUSTOMER_ID);')
    assert found(sql, "AK-FK001") == []
    assert found(sql, "AK-IX006") == []
    assert found(sql, "AK-FK005") == []


def test_options_come_from_archkit_toml_schema_section():
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, a int, b int, c int);\n"
           "CREATE INDEX t_a_idx ON t (a);\nCREATE INDEX t_b_idx ON t (b);\n")
    assert [f for f in check(sql, config={"schema": {"max_indexes": 2}}) if f.rule == "AK-IX007"]
    per_rule = {"schema": {"AK-IX007": {"max_indexes": 2}}}
    assert [f for f in check(sql, config=per_rule) if f.rule == "AK-IX007"]
    assert not [f for f in check(sql) if f.rule == "AK-IX007"]
    audit = {"rules": {"AK-DOC002": "info"}, "schema": {"audit_columns": ["created_at"]}}
    hits = [f for f in check(sql, config=audit) if f.rule == "AK-DOC002"]
    assert [f.hint for f in hits] == [
        "ALTER TABLE t ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();"]


def test_re_levelled_and_switched_off_rules():
    sql = "CREATE TABLE e (id bigint PRIMARY KEY, payload json);"
    hits = [f for f in check(sql, config={"rules": {"AK-TY006": "error"}}) if f.rule == "AK-TY006"]
    assert hits[0].severity.value == "error"
    assert not [f for f in check(sql, config={"rules": {"AK-TY006": "off"}}) if f.rule == "AK-TY006"]


def test_hints_that_are_sql_parse_in_the_examples_dialect():
    import sqlglot

    from archkit.schema.registry import SCHEMA_RULES

    checked = 0
    for rid, sr in sorted(SCHEMA_RULES.items()):
        if rid.startswith(("AK-SQL", "AK-WL")):     # their hints are advice, not SQL
            continue
        config = {"rules": {rid: sr.rule.severity.value}}
        for f in check(sr.rule.fires, dialect=sr.example_dialect, config=config):
            sql = f.hint.split(" -- ")[0].strip() if f.rule == rid else ""
            if not sql or sql.startswith("--") or "<" in sql or "..." in sql:
                continue   # advice, or SQL with a value only the user knows
            sqlglot.parse(sql, read=sr.example_dialect, error_level=sqlglot.ErrorLevel.RAISE)
            checked += 1
    assert checked >= 35


def test_temporary_tables_need_no_primary_key():
    assert found("CREATE TEMPORARY TABLE scratch (a int);", "AK-PK001") == []
    assert [f.object for f in found("CREATE UNLOGGED TABLE u (a int);", "AK-PK001")] == ["u"]


def test_sql_server_money_is_exact_and_hints_speak_tsql():
    sql = ("CREATE TABLE c (id BIGINT PRIMARY KEY, balance MONEY, fee FLOAT, code NCHAR(10), "
           "flag BIT NOT NULL);\nCREATE INDEX c_flag_idx ON c (flag);")
    assert objects(sql, "AK-TY004", "tsql") == ["c.fee"]
    assert [f.hint for f in found(sql, "AK-TY002", "tsql")] == [
        "ALTER TABLE c ALTER COLUMN code nvarchar(10) NULL;"]
    assert found(sql, "AK-IX008", "tsql")[0].hint.endswith("WHERE flag = 1;")


def test_docs_page_has_a_section_and_a_summary_row_per_design_rule():
    # docs/schema-rules.md is this page (tests/test_docs.py checks it byte for byte)
    import re

    from archkit.schema.registry import SCHEMA_RULES
    from archkit.schema.rules_page import SECTIONS, schema_rules_page, section_of

    page = schema_rules_page()
    mine = sorted(rid for rid in SCHEMA_RULES if not rid.startswith("AK-WL"))
    row = r"^\| \[(AK-[A-Z]+\d+)\]\(#(ak-[a-z]+\d+)\) \| ([^|]+) \|"
    rows = re.findall(row, page, re.MULTILINE)
    assert [rid for rid, _, _ in rows] == mine                # one row each, by id
    assert all(anchor == rid.lower() for rid, anchor, _ in rows)
    headings = re.findall(r"^(##|###) (.+)$", page, re.MULTILINE)
    section = None
    placed = {}
    for level, text in headings:
        if level == "##":
            section = text
        else:
            assert text not in placed, f"{text} twice"
            placed[text] = section
    assert sorted(placed) == mine
    for rid in mine:
        sr = SCHEMA_RULES[rid]
        assert placed[rid] == section_of(sr), rid
        assert f"### {rid}\n\n**{sr.rule.name}**, default severity `{sr.rule.severity.value}`" in page
        assert sr.rule.fires.strip() in page and sr.rule.why.strip() in page, rid
    assert [t for t, _ in SECTIONS] == [t for _, t in headings if t in dict(SECTIONS)]
    assert "| missing-comment | info (off) |" in page          # an off-by-default rule
    assert "| postgres, sqlite, tsql, oracle |" in page        # AK-IX006's dialects


def test_docs_page_skips_workload_rules_and_refuses_an_unplaced_module():
    import archkit.schema.rules  # noqa: F401  (registers them)
    from archkit.findings import Severity
    from archkit.rules import Rule
    from archkit.schema.registry import SCHEMA_RULES, SchemaRule
    from archkit.schema.rules_page import schema_rules_page

    def rule(rid: str, module: str) -> SchemaRule:
        def check(ctx):
            return []
        check.__module__ = f"archkit.schema.rules.{module}"
        return SchemaRule(Rule(rid, "made-up", Severity.INFO, "Because.", "schema",
                               "SELECT 1;", "SELECT 2;"), check)

    real = list(SCHEMA_RULES.values())
    assert schema_rules_page(real + [rule("AK-WL009", "workload")]) == schema_rules_page(real)
    with pytest.raises(LookupError, match="AK-XX001 .*SECTIONS"):
        schema_rules_page(real + [rule("AK-XX001", "elsewhere")])


def test_sqlite_compares_type_affinity_not_spelling():
    sql = ("CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
           "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id BIGINT REFERENCES p (id));\n"
           "CREATE TABLE d (id INTEGER PRIMARY KEY, p_id INT REFERENCES p (id));")
    assert found(sql, "AK-FK002", "sqlite") == []
    assert found(sql, "AK-TY008", "sqlite") == []
    text = sql.replace("p_id BIGINT", "p_id TEXT")
    assert objects(text, "AK-FK002", "sqlite") == ["c.p_id"]


def test_money_names_are_judged_by_their_words():
    # BigQuery's INFORMATION_SCHEMA-style total_slot_ms FLOAT64 is a duration, not money
    sql = ("CREATE TABLE j (id bigint PRIMARY KEY, total_slot_ms double precision, "
           "total_bytes real, discount_pct real, tax_rate real, \"UnitPrice\" real, "
           "subtotal real, fees real, costly_flag real, price_per_unit real, discount real, "
           "discount_amount real, total_precipitation real, total_distance_km real, "
           "order_total real, total real, total_cost real, "
           "namespace_storage_forks_cost_factor double precision, price_multiplier real);")
    # a bare float discount is a fraction (Northwind's order_details.discount is 0.05)
    # ... and "total" leading a measure is a total of that (bigquery weather data); a
    # factor scales a cost (GitLab's application_settings.*_cost_factor is 0.0-1.0)
    assert objects(sql, "AK-TY004") == ["j.UnitPrice", "j.discount_amount", "j.fees",
                                        "j.order_total", "j.price_per_unit", "j.subtotal",
                                        "j.total", "j.total_cost"]


def test_inconsistent_types_are_named_as_the_input_spells_them():
    # mysql TIMESTAMP was called "timestamptz", archkit's internal name for it
    sql = ("CREATE TABLE a (id INT UNSIGNED PRIMARY KEY, created TIMESTAMP NOT NULL);\n"
           "CREATE TABLE b (id INT UNSIGNED PRIMARY KEY, created DATETIME NOT NULL);\n"
           "CREATE TABLE c (id INT UNSIGNED PRIMARY KEY, created DATETIME(6) NOT NULL);")
    (f,) = found(sql, "AK-TY008", "mysql")
    assert f.message == ("a.created is timestamp but created is datetime elsewhere "
                         "(datetime in 2 table(s), timestamp in 1 table(s))")


def test_inconsistent_types_leave_generic_names_out():
    # GitLab-style schemas: status, state, type, key, path ... name a different thing in
    # each table (an int state machine here, a varchar there)
    sql = ("CREATE TABLE a (id bigint PRIMARY KEY, status int, user_id int);\n"
           "CREATE TABLE b (id bigint PRIMARY KEY, status varchar(20), user_id bigint);")
    assert objects(sql, "AK-TY008") == ["b.user_id"]
    assert [f.object for f in check(sql, config={"schema": {"AK-TY008": {"ignore_names": []}}},
                                    select=["AK-TY008"])] == ["b.status", "b.user_id"]


def test_migration_tool_bookkeeping_tables_are_left_to_their_tools():
    # EF Core, Rails, Prisma ... create their own history tables: names, keys and types
    # are the tool's (EF Core's PascalCase __EFMigrationsHistory got AK-NM001 findings)
    sql = ('CREATE TABLE "__EFMigrationsHistory" ("MigrationId" varchar(150) NOT NULL, '
           '"ProductVersion" varchar(32) NOT NULL);\n'
           "CREATE TABLE schema_migrations (version varchar);\n"
           'CREATE TABLE "Orders" (id int PRIMARY KEY);\n')
    objs = {f.object for f in check(sql)}
    assert "Orders" in objs
    assert not any("migration" in (o or "").lower() for o in objs)


@pytest.mark.parametrize("dialect, sql", [
    ("tsql", "CREATE EXTERNAL TABLE [ext].[Date] ([DateID] int NOT NULL, [Date] datetime NULL)\n"
             "WITH (LOCATION = 'Date', DATA_SOURCE = NYTPublic, FILE_FORMAT = csv);"),
    ("bigquery", "CREATE OR REPLACE EXTERNAL TABLE taxi.ext_vendor\n"
                 "OPTIONS (format = \"PARQUET\", uris = ['gs://bucket/vendor/*.parquet']);"),
    ("snowflake", "CREATE OR REPLACE EXTERNAL TABLE ext_orders (id NUMBER AS (value:c1::NUMBER))\n"
                  "  LOCATION = @my_stage/orders/ FILE_FORMAT = (TYPE = PARQUET);"),
    ("redshift", "CREATE EXTERNAL TABLE spectrum.sales (salesid INTEGER, pricepaid DECIMAL(8,2))\n"
                 "STORED AS TEXTFILE LOCATION 's3://bucket/tickit/spectrum/sales/';"),
])
def test_external_tables_have_no_keys_to_ask_for(dialect, sql):
    # files read in place: no engine lets them have a primary or foreign key (SQL Server's
    # SQLDW sample: AK-PK001 on 7 of 7 external tables)
    assert found(sql, "AK-PK001", dialect) == []
    plain = sql.replace("EXTERNAL TABLE", "TABLE").split("\n")[0].rstrip(";") + ";"
    if dialect in ("tsql", "redshift"):
        assert len(found(plain, "AK-PK001", dialect)) == 1    # the same table, not external


def test_incremental_check_sees_a_long_name_collide_with_another_tables():
    from archkit.schema.cache import IncrementalChecker

    k = "k" * 63
    ic = IncrementalChecker(f"CREATE TABLE a (id bigint PRIMARY KEY);\n"
                            f"CREATE INDEX {k}_one ON a (id);\n"
                            f"CREATE TABLE b (id bigint PRIMARY KEY, x int);\n"
                            f"CREATE INDEX b_x_idx ON b (x);\n")
    ic.recheck()
    report = ic.edit(3, f"CREATE INDEX {k}_two ON b (x)")
    got = sorted((f.object, f.severity.value) for f in report if f.rule == "AK-NM003")
    assert got == [(f"{k}_one", "warning"), (f"{k}_two", "error")]


def test_libsql_alter_column_is_named_for_what_it_is():
    # drizzle writes it for Turso (openstatus; scout T): sqlite3 says 'near "ALTER": syntax
    # error', libSQL redefines the column
    sql = ('CREATE TABLE t (id integer PRIMARY KEY, c text);\n'
           'ALTER TABLE t ALTER COLUMN "c" TO "c" text NOT NULL DEFAULT \'x\';\n')
    notes = found(sql, "AK-SQL002", "sqlite")
    assert [n.line for n in notes] == [2]
    assert "ALTER COLUMN ... TO is libSQL's (Turso)" in notes[0].message


def test_inconsistent_types_are_resolved_toward_what_the_other_rules_advise():
    # GitLab (scout V): 7 AK-TY008 hints went back to timestamp (AK-TY001 then fires), 42
    # back to varchar (against AK-TY003), a double became SMALLINT (truncated), and a
    # timestamp -> timestamptz change lacked AK-TY001's USING ... AT TIME ZONE 'UTC'
    sql = ("CREATE TABLE a (id bigint PRIMARY KEY, at timestamp, title varchar(100), r smallint);\n"
           "CREATE TABLE b (id bigint PRIMARY KEY, at timestamp, title varchar(100), r smallint);\n"
           "CREATE TABLE c (id bigint PRIMARY KEY, at timestamptz, title text, r double precision);\n"
           "CREATE TABLE d (id bigint PRIMARY KEY, at timestamptz);\n"
           "CREATE TABLE e (id bigint PRIMARY KEY, at timestamptz);\n"
           "CREATE TABLE f (id bigint PRIMARY KEY, at timestamp);\n")
    got = {f.object: f.hint for f in found(sql, "AK-TY008")}
    assert got["c.at"].endswith("ALTER TABLE a ALTER COLUMN at TYPE TIMESTAMPTZ USING at AT "
                                "TIME ZONE 'UTC';")
    assert got["c.title"] == ("-- c.title is text, which AK-TY003 prefers (no length to "
                              "outgrow): change the 2 columns of varchar instead")
    assert got["c.r"].startswith("-- c.r holds number values, smallint elsewhere")
    majority = sql.replace("CREATE TABLE f (id bigint PRIMARY KEY, at timestamp);\n", "")
    assert {f.object: f.hint for f in found(majority, "AK-TY008")}["a.at"] == (
        "ALTER TABLE a ALTER COLUMN at TYPE TIMESTAMPTZ USING at AT TIME ZONE 'UTC';")


def test_quoted_identifier_says_what_forces_the_quotes():
    # Oracle's "lower_t" has no capitals to mix (scout U)
    msgs = {f.object: f.message for f in found(
        'CREATE TABLE "lower_t" (id NUMBER(19) PRIMARY KEY, "Mixed" NUMBER(5));', "AK-NM004",
        "oracle")}
    assert "has lower case letters" in msgs["lower_t"]
    assert "has mixed case" in msgs["lower_t.Mixed"]
    assert "has capital letters" in found('CREATE TABLE "ORDERS" (id bigint PRIMARY KEY);',
                                          "AK-NM004")[0].message


def test_mariadb_makes_inline_references_foreign_keys():
    # MariaDB 10.5+ creates a foreign key from a column's REFERENCES (devices_ibfk_1):
    # AK-FK006 said it was ignored, and its hint added a second key (scout AS, MariaDB
    # 10.11)
    sql = ("CREATE TABLE users (uuid char(36) PRIMARY KEY);\n"
           "CREATE TABLE devices (id int PRIMARY KEY, user_uuid char(36) REFERENCES users (uuid));\n")
    assert found(sql, "AK-FK006", "mysql") and not found(sql, "AK-FK006", "mariadb")
    from archkit.schema import load_schema
    from archkit.schema.autonames import engine_names

    table = load_schema(sql, "mariadb").tables["devices"]
    assert list(engine_names("mariadb", table)) == ["devices_ibfk_1"]
    assert "devices_ibfk_1" not in engine_names("mysql", load_schema(sql, "mysql").tables["devices"])
