"""Index rules on hand-built catalogs: the edge cases DBAs argue about."""

from __future__ import annotations

import pytest
from schema_rule_helpers import catalog, col, fk, ix, run_rule, table


def ids(findings):
    return sorted(f.object for f in findings)


# -- AK-IX001 duplicate-index -----------------------------------------------------------
def test_duplicate_reports_the_non_unique_twin():
    t = table("t", col("a"), indexes=(ix("t", "a", name="u1", unique=True), ix("t", "a", name="p1")))
    found = run_rule("AK-IX001", catalog(t))
    assert ids(found) == ["p1"]
    assert "DROP INDEX CONCURRENTLY p1" in found[0].hint


@pytest.mark.parametrize("other", [
    ix("t", "a", "b", name="x2", desc=("b",)),            # direction differs
    ix("t", "a", "b", name="x2", where="b > 0"),          # partial
    ix("t", "a", "b", name="x2", include=("c",)),         # INCLUDE
    ix("t", "a", "b", name="x2", method="hash"),          # method
    ix("t", "b", "a", name="x2"),                         # column order
])
def test_not_duplicates_when_any_part_of_the_definition_differs(other):
    t = table("t", col("a"), col("b"), col("c"), indexes=(ix("t", "a", "b", name="x1"), other))
    assert run_rule("AK-IX001", catalog(t)) == []


def test_expression_indexes_compare_by_expression():
    same = table("t", col("email", "text"), indexes=(
        ix("t", "lower(email)", name="e1", exprs=("lower(email)",)),
        ix("t", "lower(email)", name="e2", exprs=("lower(email)",))))
    assert ids(run_rule("AK-IX001", catalog(same))) == ["e2"]


# -- AK-IX002 redundant-prefix-index ----------------------------------------------------
def test_prefix_index_is_redundant_and_hint_drops_it():
    t = table("t", col("a"), col("b"), indexes=(ix("t", "a", name="short"), ix("t", "a", "b", name="long")))
    found = run_rule("AK-IX002", catalog(t))
    assert ids(found) == ["short"] and found[0].hint == "DROP INDEX CONCURRENTLY short;"


def test_prefix_scanned_backwards_is_still_redundant():
    t = table("t", col("a"), col("b"), indexes=(ix("t", "a", name="short", desc=("a",)),
                                                ix("t", "a", "b", name="long")))
    assert ids(run_rule("AK-IX002", catalog(t))) == ["short"]


def test_mixed_direction_prefix_is_not_redundant():
    # (a, b DESC) serves ORDER BY a, b DESC; (a, b, c) cannot
    t = table("t", col("a"), col("b"), col("c"), indexes=(
        ix("t", "a", "b", name="short", desc=("b",)), ix("t", "a", "b", "c", name="long")))
    assert run_rule("AK-IX002", catalog(t)) == []


@pytest.mark.parametrize("short", [
    ix("t", "a", name="short", unique=True),                      # enforces something
    ix("t", "a", name="short", where="a > 0"),                    # other predicate
    ix("t", "a", name="short", include=("z",)),                   # covering column not in long
    ix("t", "a", name="short", method="hash"),                    # not a btree
])
def test_prefix_exemptions(short):
    t = table("t", col("a"), col("b"), col("z"), indexes=(short, ix("t", "a", "b", name="long")))
    assert run_rule("AK-IX002", catalog(t)) == []


def test_prefix_with_include_covered_by_longer_key():
    t = table("t", col("a"), col("b"), indexes=(ix("t", "a", name="short", include=("b",)),
                                                ix("t", "a", "b", name="long")))
    assert ids(run_rule("AK-IX002", catalog(t))) == ["short"]


def test_partial_prefix_needs_the_same_predicate():
    t = table("t", col("a"), col("b"), indexes=(ix("t", "a", name="short", where="b IS NULL"),
                                                ix("t", "a", "b", name="long", where="b IS NULL")))
    assert ids(run_rule("AK-IX002", catalog(t))) == ["short"]


# -- AK-IX003 redundant-to-key -----------------------------------------------------------
def test_left_prefix_of_composite_primary_key():
    t = table("fa", col("actor_id"), col("film_id"), pk=("actor_id", "film_id"),
              indexes=(ix("fa", "actor_id"), ix("fa", "film_id")))
    assert ids(run_rule("AK-IX003", catalog(t))) == ["fa_actor_id_idx"]


def test_unique_index_equal_to_unique_constraint_but_not_prefix():
    t = table("t", col("a"), col("b"), uniques=(("a", "b"),),
              indexes=(ix("t", "a", "b", name="same", unique=True), ix("t", "a", name="stronger", unique=True)))
    assert ids(run_rule("AK-IX003", catalog(t))) == ["same"]


def test_unique_constraint_repeating_the_primary_key():
    t = table("t", col("a"), col("b"), pk=("a",), uniques=(("a",), ("a", "b")))
    found = run_rule("AK-IX003", catalog(t))
    assert [f.object for f in found] == ["t(a)"]


def test_desc_partial_and_include_indexes_are_not_redundant_to_key():
    t = table("t", col("a"), col("b"), pk=("a", "b"), indexes=(
        ix("t", "a", "b", name="mixed", desc=("b",)),
        ix("t", "a", name="partial", where="b > 0"),
        ix("t", "a", name="covering", include=("b",))))
    assert run_rule("AK-IX003", catalog(t)) == []


def test_oracle_index_on_the_key_columns_is_the_keys_own_index():
    # oracle's HR schema: CREATE UNIQUE INDEX emp_emp_id_pk ON employees (employee_id);
    # ALTER TABLE employees ADD (CONSTRAINT emp_emp_id_pk PRIMARY KEY (employee_id)): the
    # key adopts the index (a second index on those columns is ORA-01408)
    from archkit.schema import check

    def ix003(sql, dialect="oracle"):
        return sorted(f.object.lower() for f in check(sql, dialect, select=["AK-IX003"]).findings)

    sql = ("CREATE TABLE jh (emp NUMBER(6) NOT NULL, start_date DATE NOT NULL);\n"
           "CREATE UNIQUE INDEX jh_pk ON jh (emp, start_date);\n"
           "ALTER TABLE jh ADD (CONSTRAINT jh_pk PRIMARY KEY (emp, start_date));\n"
           "CREATE INDEX jh_emp_ix ON jh (emp);\n")
    assert ix003(sql) == ["jh_emp_ix"]
    assert ix003(sql.replace("ADD (CONSTRAINT jh_pk PRIMARY KEY (emp, start_date))",
                             "ADD CONSTRAINT jh_key PRIMARY KEY (emp, start_date)"),
                 "postgres") == ["jh_emp_ix", "jh_pk"]
    # made after the key it is no adopted index: oracle refuses it (ORA-01408, AK-SQL003)
    after = "CREATE TABLE o (id NUMBER PRIMARY KEY);\nCREATE INDEX o_id ON o (id);"
    assert ix003(after) == []
    assert [f.rule for f in check(after, "oracle", select=["AK-SQL"]).findings] == ["AK-SQL003"]


# -- AK-IX004 innodb-pk-suffix -----------------------------------------------------------
def test_innodb_suffix_only_on_mysql_and_not_unique():
    t = table("o", col("status", "varchar"), indexes=(ix("o", "status", "id", name="s_id"),
                                                      ix("o", "status", "id", name="u", unique=True)))
    found = run_rule("AK-IX004", catalog(t, dialect="mysql"))
    assert ids(found) == ["s_id"]
    assert found[0].hint == "ALTER TABLE o DROP INDEX s_id, ADD INDEX s_id (status);"
    assert run_rule("AK-IX004", catalog(t, dialect="postgres")) == []


def test_innodb_suffix_ignores_myisam():
    t = table("o", col("status", "varchar"), indexes=(ix("o", "status", "id"),), engine="MyISAM")
    assert run_rule("AK-IX004", catalog(t, dialect="mysql")) == []


# -- AK-IX005 over-constrained-unique ----------------------------------------------------
def test_over_constrained_unique_and_fk_target_exemption():
    acct = table("account", col("email", "text"), col("tenant_id"),
                 uniques=(("email",), ("email", "tenant_id"), ("id", "tenant_id")))
    found = run_rule("AK-IX005", catalog(acct))
    assert ids(found) == ["account(email, tenant_id)", "account(id, tenant_id)"]
    # (tenant_id, email) leads with tenant_id: an index by tenant, kept
    by_tenant = table("account", col("email", "text"), col("tenant_id"),
                      uniques=(("email",), ("tenant_id", "email")))
    assert run_rule("AK-IX005", catalog(by_tenant)) == []
    child = table("session", col("account_id"), col("tenant_id"),
                  fks=(fk(("account_id", "tenant_id"), "account", ("id", "tenant_id")),))
    found = run_rule("AK-IX005", catalog(acct, child))
    assert ids(found) == ["account(email, tenant_id)"]   # (id, tenant_id) is an FK target


def test_a_unique_index_that_leads_elsewhere_is_an_access_path_not_redundant():
    # AdventureWorks' HumanResources.Employee: a breadth-first index (level, node) beside
    # the unique node; the index serves lookups by level that no other does, and SQL
    # Server's unique check on it costs nothing. Dropping it (the hint) loses the path
    from archkit.schema.check import check

    sql = ("CREATE TABLE Employee (BusinessEntityID int NOT NULL PRIMARY KEY,\n"
           "  OrganizationNode hierarchyid NULL, OrganizationLevel AS OrganizationNode.GetLevel());\n"
           "CREATE UNIQUE INDEX AK_Employee_OrganizationNode ON Employee (OrganizationNode);\n"
           "CREATE UNIQUE INDEX AK_Employee_OrganizationLevel_OrganizationNode\n"
           "  ON Employee (OrganizationLevel, OrganizationNode);\n")
    assert [f for f in check(sql, dialect="tsql", cache=False) if f.rule == "AK-IX005"] == []
    # leading with the unique column, the same index is redundant
    lead = sql.replace("(OrganizationLevel, OrganizationNode)", "(OrganizationNode, OrganizationLevel)")
    [f] = [f for f in check(lead, dialect="tsql", cache=False) if f.rule == "AK-IX005"]
    assert f.hint.startswith("DROP INDEX")


# -- AK-IX006 unindexed-foreign-key ------------------------------------------------------
def test_an_operator_class_keeps_the_index_on_its_column():
    # PowerDNS' postgres schema (scout O): CREATE INDEX ... (name varchar_pattern_ops) was
    # read as an expression index, so the foreign key on it was a false AK-IX006 and an
    # index on a missing column with an operator class went unreported. PostgreSQL's
    # manual: "ordinary equality comparisons can use these operator classes"
    from archkit.schema.catalog import load_schema
    from archkit.schema.check import check

    sql = ("CREATE TABLE domains (name varchar(255) PRIMARY KEY);\n"
           "CREATE TABLE records (id bigint PRIMARY KEY,\n"
           "  domain_name varchar(255) NOT NULL REFERENCES domains (name));\n"
           "CREATE INDEX records_domain_name_idx ON records (domain_name varchar_pattern_ops);\n")
    [col] = load_schema(sql, "postgres").tables["records"].indexes[0].columns
    assert (col.expr, col.is_expression, col.opclass) == ("domain_name", False,
                                                         "varchar_pattern_ops")
    rules = {f.rule for f in check(sql, cache=False)}
    assert "AK-IX006" not in rules and "AK-SQL003" not in rules
    missing = sql + "CREATE INDEX records_nosuch_idx ON records (nosuch varchar_pattern_ops);\n"
    assert [(f.rule, f.line) for f in check(missing, cache=False)
            if f.rule == "AK-SQL003"] == [("AK-SQL003", 5)]
    # not the primary key's index again (that one serves <, this one LIKE 'x%'), nor a
    # duplicate of a default-class index on the column; the same class twice is one
    both = sql + ("CREATE INDEX domains_name_pattern_idx ON domains (name text_pattern_ops);\n"
                  "CREATE INDEX records_domain_name_plain ON records (domain_name);\n")
    assert {"AK-IX001", "AK-IX003"} & {f.rule for f in check(both, cache=False)} == set()
    twice = sql + "CREATE INDEX records_dn2 ON records (domain_name varchar_pattern_ops);\n"
    [dup] = [f for f in check(twice, cache=False) if f.rule == "AK-IX001"]
    assert "varchar_pattern_ops" in dup.message



def test_composite_fk_served_by_index_in_other_order():
    parent = table("p", col("a"), col("b"), pk=("a", "b"))
    child = table("c", col("x"), col("y"), fks=(fk(("x", "y"), "p", ("a", "b")),),
                  indexes=(ix("c", "y", "x", "id"),))
    assert run_rule("AK-IX006", catalog(parent, child)) == []


def test_fk_not_leading_partial_or_expression_index_does_not_count():
    parent = table("p")
    child = table("c", col("p_id"), col("k"), fks=(fk(("p_id",), "p"),), indexes=(
        ix("c", "k", "p_id"), ix("c", "p_id", name="partial", where="k > 0")))
    found = run_rule("AK-IX006", catalog(parent, child))
    assert [f.hint for f in found] == ["CREATE INDEX CONCURRENTLY c_p_id_idx ON c (p_id);"]


def test_fk_covered_by_primary_key_prefix():
    parent = table("film")
    link = table("film_actor", col("film_id"), col("actor_id"), pk=("film_id", "actor_id"),
                 fks=(fk(("film_id",), "film"), fk(("actor_id",), "actor")))
    found = run_rule("AK-IX006", catalog(parent, table("actor"), link))
    assert ids(found) == ["film_actor(actor_id)"]


def test_mysql_creates_fk_indexes_itself():
    child = table("c", col("p_id"), fks=(fk(("p_id",), "p"),))
    assert run_rule("AK-IX006", catalog(table("p"), child, dialect="mysql")) == []


# -- AK-IX007 / AK-IX008 -----------------------------------------------------------------
def test_too_many_indexes_threshold_is_an_option():
    t = table("t", *(col(c) for c in "abc"), indexes=tuple(ix("t", c) for c in "abc"))
    assert run_rule("AK-IX007", catalog(t)) == []                 # 4 <= 8
    found = run_rule("AK-IX007", catalog(t), max_indexes=3)
    assert len(found) == 1 and "4 indexes" in found[0].message


def test_boolean_index_hint_is_partial_where_supported():
    t = table("task", col("done", "boolean"), indexes=(ix("task", "done"),))
    found = run_rule("AK-IX008", catalog(t))
    assert found[0].hint.endswith("CREATE INDEX CONCURRENTLY task_done_true_idx ON task (id) WHERE done;")
    mysql = table("task", col("done", "tinyint", params=("1",)), indexes=(ix("task", "done"),))
    found = run_rule("AK-IX008", catalog(mysql, dialect="mysql"))
    assert len(found) == 1 and "WHERE" not in found[0].hint


def test_many_tables_each_report_their_own_prefix_index():
    tables = [table(f"t{i}", col("a"), col("b"), indexes=(ix(f"t{i}", "a"), ix(f"t{i}", "a", "b")),
                    fks=(fk(("a",), f"t{max(i - 1, 0)}"),)) for i in range(2000)]
    cat = catalog(*tables)
    assert len(run_rule("AK-IX002", cat)) == 2000
    assert run_rule("AK-IX006", cat) == []


def test_implied_unique_names_the_implying_key_in_its_declared_order():
    from archkit.schema.check import check

    sql = ("CREATE TABLE receipts (room_id text NOT NULL, receipt_type text NOT NULL, "
           "user_id text NOT NULL, thread_id text);\n"
           "ALTER TABLE receipts ADD CONSTRAINT receipts_uniqueness UNIQUE (room_id, "
           "receipt_type, user_id);\nALTER TABLE receipts ADD CONSTRAINT receipts_thread "
           "UNIQUE (room_id, receipt_type, user_id, thread_id);\n")
    [f] = [f for f in check(sql, cache=False) if f.rule == "AK-IX005"]
    assert f.message.endswith("UNIQUE receipts_uniqueness (room_id, receipt_type, user_id)")


def test_a_prefix_of_a_keys_own_unique_index_is_reported_once():
    from archkit.schema.check import check

    # Oracle's order entry schema: the key is added over an existing unique index
    sql = ("CREATE TABLE order_items (order_id NUMBER(12), line_item_id NUMBER(3) NOT NULL);\n"
           "CREATE UNIQUE INDEX order_items_pk ON order_items (order_id, line_item_id);\n"
           "ALTER TABLE order_items ADD (CONSTRAINT order_items_pk PRIMARY KEY (order_id, "
           "line_item_id));\nCREATE INDEX item_order_ix ON order_items (order_id);\n")
    found = [f.rule for f in check(sql, dialect="oracle", cache=False)
             if f.rule in ("AK-IX002", "AK-IX003")]
    assert found == ["AK-IX003"]


def test_an_unnamed_redundant_index_is_dropped_by_the_name_the_engine_gave_it():
    # PostgreSQL 15 names CREATE INDEX ON h (connection_id) h_connection_id_idx; MariaDB
    # names KEY (start_date) start_date (Guacamole's upgrades; scout O): the hint was a
    # comment
    from archkit.schema.check import check

    pg = ("CREATE TABLE h (id bigint PRIMARY KEY, connection_id bigint, start_date timestamp);\n"
          "CREATE INDEX ON h (connection_id);\nCREATE INDEX ON h (connection_id, start_date);\n")
    assert [f.hint for f in check(pg, cache=False) if f.rule == "AK-IX002"] == [
        "DROP INDEX CONCURRENTLY h_connection_id_idx;"]
    my = ("CREATE TABLE h (id bigint PRIMARY KEY, connection_id bigint, start_date datetime,\n"
          "  KEY (start_date), KEY (start_date, connection_id));\n")
    assert [f.hint for f in check(my, dialect="mysql", cache=False) if f.rule == "AK-IX002"] == [
        "DROP INDEX start_date ON h;"]


def test_names_hints_make_up_need_no_quotes_where_names_fold_to_upper_case():
    # Spring Security ACL's Oracle script: the index was "ACL_OBJECT_IDENTITY_OWNER_SID_idx",
    # a quoted name that DROP INDEX ACL_OBJECT_IDENTITY_OWNER_SID_IDX then misses (scout S)
    from archkit.schema import check

    sql = ("CREATE TABLE ACL_SID (ID NUMBER(38) NOT NULL PRIMARY KEY, SID VARCHAR2(100));\n"
           "CREATE TABLE ACL_OBJECT_IDENTITY (ID NUMBER(38) NOT NULL PRIMARY KEY, "
           "OWNER_SID NUMBER(38), CONSTRAINT FK_AOI_OWNER FOREIGN KEY (OWNER_SID) "
           "REFERENCES ACL_SID (ID));\n")
    hint = next(f.hint for f in check(sql, dialect="oracle", cache=False)
                if f.rule == "AK-IX006")
    assert hint == ("CREATE INDEX ACL_OBJECT_IDENTITY_OWNER_SID_IDX ON ACL_OBJECT_IDENTITY "
                    "(OWNER_SID);")
    # postgres keeps the case the names are written in
    pg = sql.replace("NUMBER(38)", "bigint").replace("VARCHAR2", "varchar").lower()
    assert next(f.hint for f in check(pg, cache=False) if f.rule == "AK-IX006") == (
        "CREATE INDEX CONCURRENTLY acl_object_identity_owner_sid_idx ON acl_object_identity (owner_sid);")


def test_a_partial_index_on_a_column_named_not_something_serves_its_foreign_key():
    # GitLab's *_user_mentions: UNIQUE (note_id) WHERE (note_id IS NOT NULL) serves the key
    # (PostgreSQL's RI lookup uses it); 'note_id' was read as 'NOT e_id' (scout V)
    from archkit.schema import check

    sql = ("CREATE TABLE notes (id bigint PRIMARY KEY);\n"
           "CREATE TABLE mentions (id bigint PRIMARY KEY, note_id bigint, nothing_id bigint);\n"
           "CREATE UNIQUE INDEX m_note ON mentions USING btree (note_id) "
           "WHERE (note_id IS NOT NULL);\n"
           "CREATE INDEX m_nothing ON mentions (nothing_id) WHERE nothing_id IS NULL;\n"
           "ALTER TABLE ONLY mentions ADD CONSTRAINT fk_note FOREIGN KEY (note_id) "
           "REFERENCES notes(id);\n"
           "ALTER TABLE ONLY mentions ADD CONSTRAINT fk_nothing FOREIGN KEY (nothing_id) "
           "REFERENCES notes(id);\n")
    assert [f.object for f in check(sql, cache=False) if f.rule == "AK-IX006"] == [
        "mentions(nothing_id)"]


def test_two_index_renames_cut_to_one_name_are_not_both_proposed():
    # GitLab: 215 AK-NM001 renames shared 90 names once cut to 63 bytes ('relation ...
    # already exists' for the second; scout V)
    from archkit.schema import check

    t = "a" * 40 + "_events"
    sql = (f"CREATE TABLE {t} (id bigint PRIMARY KEY, stage_event_hash_id bigint, "
           "project_id bigint, duration_in_milliseconds bigint, end_event_timestamp timestamptz);\n"
           f"CREATE INDEX ix_one ON {t} (stage_event_hash_id, project_id, duration_in_milliseconds);\n"
           f"CREATE INDEX ix_two ON {t} (stage_event_hash_id, project_id, end_event_timestamp);\n")
    got = {f.object: f.hint for f in check(sql, cache=False) if f.rule == "AK-NM001"}
    # (PostgreSQL's own cut: each the longer of table and columns, the _idx kept)
    cut = "a" * 29 + "_stage_event_hash_id_project_i_idx"
    assert len(cut) == 63
    assert got["ix_one"] == f"ALTER INDEX ix_one RENAME TO {cut};"
    assert got["ix_two"] == (f"-- {cut} is the name proposed for ix_one too: choose another "
                             "name for ix_two")


def test_a_unique_index_on_a_boolean_is_a_rule_not_a_search_path():
    # GitLab's ai_settings: one row, kept by UNIQUE (singleton) + CHECK (singleton IS TRUE)
    from archkit.schema import check

    sql = ("CREATE TABLE ai_settings (id bigint PRIMARY KEY, singleton boolean DEFAULT true "
           "NOT NULL, CHECK (singleton IS TRUE), done boolean);\n"
           "CREATE UNIQUE INDEX index_ai_settings_on_singleton ON ai_settings (singleton);\n"
           "CREATE INDEX index_ai_settings_on_done ON ai_settings (done);\n")
    assert [f.object for f in check(sql, cache=False) if f.rule == "AK-IX008"] == [
        "index_ai_settings_on_done"]


def test_index_hints_build_and_drop_concurrently_on_postgres_but_not_on_partitioned_tables():
    """A hint is the next migration on a table that holds rows: AK-MG004 would report its
    plain CREATE / DROP INDEX. PostgreSQL refuses CONCURRENTLY on a partitioned table
    (GitLab's p_ci_* tables), and other engines have no such word."""
    from archkit.schema import check

    sql = ("CREATE TABLE p (id bigint PRIMARY KEY);\n"
           "CREATE TABLE c (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id), k int);\n"
           "CREATE INDEX c_k ON c (k);\nCREATE INDEX c_k_again ON c (k);\n"
           "CREATE TABLE e (id bigint, p_id bigint REFERENCES p (id), at date NOT NULL)"
           " PARTITION BY RANGE (at);\n"
           "CREATE TABLE e_2026 PARTITION OF e FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n")
    hints = {(f.rule, f.object): f.hint for f in check(sql, cache=False)}
    assert hints[("AK-IX006", "c(p_id)")] == "CREATE INDEX CONCURRENTLY c_p_id_idx ON c (p_id);"
    assert hints[("AK-IX001", "c_k_again")] == "DROP INDEX CONCURRENTLY c_k_again;"
    assert hints[("AK-IX006", "e(p_id)")] == "CREATE INDEX e_p_id_idx ON e (p_id);"
    sqlite = {(f.rule, f.object): f.hint for f in check(
        sql.split("CREATE TABLE e ")[0], dialect="sqlite", cache=False)}
    assert sqlite[("AK-IX006", "c(p_id)")] == "CREATE INDEX c_p_id_idx ON c (p_id);"
    assert sqlite[("AK-IX001", "c_k_again")] == "DROP INDEX c_k_again;"


def test_a_key_to_a_partitioned_table_is_served_by_an_index_beside_the_partition_key():
    """GitLab's ci_job_variables(partition_id, job_id) -> p_ci_builds, partitioned by
    partition_id, is indexed on job_id: the lookup finds the rows by job_id and filters
    the partition. 27 such keys were reported (scout V)."""
    from archkit.schema import check

    base = ("CREATE TABLE builds (id bigint NOT NULL, partition_id bigint NOT NULL,\n"
            "  PRIMARY KEY (id, partition_id)) PARTITION BY LIST (partition_id);\n"
            "CREATE TABLE vars (id bigint PRIMARY KEY, partition_id bigint NOT NULL,\n"
            "  job_id bigint NOT NULL, k text,\n"
            "  FOREIGN KEY (job_id, partition_id) REFERENCES builds (id, partition_id));\n")

    def ix006(sql):
        return [f.object for f in check(sql, cache=False) if f.rule == "AK-IX006"]
    assert ix006(base) == ["vars(job_id, partition_id)"]
    assert ix006(base + "CREATE INDEX vars_job_id_idx ON vars (job_id);") == []
    # an index on the partition key's column alone finds a whole partition: not served
    assert ix006(base + "CREATE INDEX vars_p_idx ON vars (partition_id);") == \
        ["vars(job_id, partition_id)"]
    # nor is a key to a table that is not partitioned by those columns
    plain = base.replace(" PARTITION BY LIST (partition_id)", "")
    assert ix006(plain + "CREATE INDEX vars_job_id_idx ON vars (job_id);") == \
        ["vars(job_id, partition_id)"]
