"""Forms of Ory Hydra's and Kratos' migration chains (scout Q), read as PostgreSQL 15 and
MariaDB 10.11 apply them: each expected catalog is what the engine held after the same
script."""

from __future__ import annotations

from schema_rule_helpers import rule_lines as findings

from archkit.schema import load_schema

HYDRA_CASCADE = (
    "CREATE TABLE client (pk bigint PRIMARY KEY, id varchar(255) NOT NULL, nid uuid NOT NULL);\n"
    "CREATE UNIQUE INDEX client_idx_id_uq ON client (id);\n"
    "CREATE TABLE access (signature varchar(255) PRIMARY KEY, client_id varchar(255) NOT NULL,\n"
    "  nid uuid NOT NULL);\n"
    "CREATE INDEX access_client_id_nid_idx ON access (client_id, nid);\n"
    "ALTER TABLE access ADD CONSTRAINT access_client_id_fk FOREIGN KEY (client_id)\n"
    "  REFERENCES client (id) ON DELETE CASCADE;\n"
    "DROP INDEX client_idx_id_uq CASCADE;\n"
    "CREATE UNIQUE INDEX client_idx_id_uq ON client (id, nid);\n"
    "ALTER TABLE access ADD CONSTRAINT access_client_id_fk FOREIGN KEY (client_id, nid)\n"
    "  REFERENCES client (id, nid) ON DELETE CASCADE;\n")


def test_drop_index_cascade_drops_the_foreign_keys_that_rest_on_it():
    # PostgreSQL 15: "drop cascades to constraint access_client_id_fk"; the stale key was
    # a false AK-FK001 error and AK-FK004 warning, 8 times in Hydra
    fks = load_schema(HYDRA_CASCADE, "postgres").tables["access"].foreign_keys
    assert [(f.name, f.columns, f.ref_columns) for f in fks] == [
        ("access_client_id_fk", ("client_id", "nid"), ("id", "nid"))]
    assert [r for r in findings(HYDRA_CASCADE) if r[0] in ("AK-FK001", "AK-FK004",
                                                           "AK-SQL003")] == []
    # without CASCADE PostgreSQL refuses ("constraint ... requires it"), the key stays
    plain = HYDRA_CASCADE.replace(" CASCADE;\nCREATE UNIQUE", ";\nCREATE UNIQUE")
    assert ("AK-SQL003", 8) in findings(plain)


def test_a_constraint_name_the_table_has_is_refused():
    # 'constraint "access_client_id_fk" for relation "access" already exists'
    sql = ("CREATE TABLE client (id bigint PRIMARY KEY);\n"
           "CREATE TABLE access (id bigint PRIMARY KEY, client_id bigint NOT NULL);\n"
           "ALTER TABLE access ADD CONSTRAINT access_client_id_fk FOREIGN KEY (client_id) "
           "REFERENCES client (id);\n"
           "ALTER TABLE access ADD CONSTRAINT access_client_id_fk FOREIGN KEY (client_id) "
           "REFERENCES client (id) ON DELETE CASCADE;\n")
    assert [r for r in findings(sql) if r[0] == "AK-SQL003"] == [("AK-SQL003", 4)]
    assert len(load_schema(sql, "postgres").tables["access"].foreign_keys) == 1
    # refused with the statement's other actions (PostgreSQL 15 adds no column note)
    multi = sql.replace("ALTER TABLE access ADD CONSTRAINT access_client_id_fk FOREIGN KEY "
                        "(client_id) REFERENCES client (id) ON DELETE CASCADE;",
                        "ALTER TABLE access ADD COLUMN note text, ADD CONSTRAINT "
                        "access_client_id_fk FOREIGN KEY (client_id) REFERENCES client (id);")
    assert list(load_schema(multi, "postgres").tables["access"].columns) == ["id", "client_id"]
    assert [r for r in findings(multi) if r[0] == "AK-SQL003"] == [("AK-SQL003", 4)]


def test_drop_index_of_a_constraints_index_and_of_a_schema_that_is_no_schema():
    sql = ("CREATE TABLE session_devices (id uuid PRIMARY KEY, nid uuid NOT NULL, ip text,\n"
           "  CONSTRAINT unique_session_device UNIQUE (nid, ip));\n")
    # 'cannot drop index unique_session_device because constraint ... requires it'
    assert ("AK-SQL003", 3) in findings(sql + "DROP INDEX unique_session_device;\n")
    # Kratos' DROP INDEX IF EXISTS session_devices.unique_session_device: PostgreSQL reads
    # a schema session_devices, finds none and skips it; no migration either
    skipped = sql + "DROP INDEX IF EXISTS session_devices.unique_session_device;\n"
    assert [r for r in findings(skipped) if r[0].startswith(("AK-SQL", "AK-MG"))] == []
    assert load_schema(skipped, "postgres").tables["session_devices"].uniques


def test_mysql_drop_index_drops_unique_keys_and_keys_named_by_mysql():
    # MariaDB: DROP INDEX ... ON t removes a UNIQUE KEY of CREATE TABLE, and a key made
    # without a name is named after its first column (issuer); neither is a migration of
    # an existing table
    sql = ("CREATE TABLE flow (id varchar(40) NOT NULL PRIMARY KEY,\n"
           "  login_verifier varchar(40) NOT NULL,\n"
           "  UNIQUE KEY flow_login_verifier_idx (login_verifier)) ENGINE=InnoDB;\n"
           "DROP INDEX flow_login_verifier_idx ON flow;\n"
           "CREATE TABLE issuer_t (id char(36) NOT NULL PRIMARY KEY, issuer varchar(255) NOT NULL,\n"
           "  subject varchar(255) NOT NULL, UNIQUE (issuer, subject), KEY (subject)) ENGINE=InnoDB;\n"
           "DROP INDEX issuer ON issuer_t;\nDROP INDEX subject ON issuer_t;\n")
    cat = load_schema(sql, "mysql")
    assert cat.tables["flow"].uniques == [] and cat.tables["issuer_t"].uniques == []
    assert cat.tables["issuer_t"].indexes == []
    assert [r for r in findings(sql, "mysql") if r[0].startswith("AK-MG")] == []


def test_mysql_auto_increment_makes_the_column_not_null():
    # MariaDB: CHANGE COLUMN pk_deprecated pk_deprecated INT UNSIGNED AUTO_INCREMENT gives
    # `pk_deprecated` int(10) unsigned NOT NULL AUTO_INCREMENT (a false AK-MG008 in Hydra);
    # a NULL written after it keeps it nullable
    sql = ("CREATE TABLE jwk (id int PRIMARY KEY, pk_deprecated INT UNSIGNED NOT NULL, "
           "KEY (pk_deprecated));\n"
           "ALTER TABLE jwk CHANGE COLUMN pk_deprecated pk_deprecated INT UNSIGNED AUTO_INCREMENT;\n")
    assert not load_schema(sql, "mysql").tables["jwk"].columns["pk_deprecated"].nullable
    assert [r for r in findings(sql, "mysql") if r[0] == "AK-MG008"] == []
    spelled = "CREATE TABLE t2 (id int PRIMARY KEY, a int unsigned auto_increment null, key(a));"
    assert load_schema(spelled, "mysql").tables["t2"].columns["a"].nullable


def test_names_a_hint_makes_up_fit_the_identifier_limit():
    # Kratos' identity_credential_identifiers: NM001 asked for a 78-byte index name, which
    # MariaDB refuses (ERROR 1059) and PostgreSQL cuts to 63 bytes, and AK-IX006's index
    # name was as long (scout Q)
    from archkit.schema.check import check

    sql = ("CREATE TABLE identity_credential_identifiers (id uuid PRIMARY KEY, nid uuid NOT NULL,\n"
           "  identity_credential_type_id uuid NOT NULL REFERENCES identity_credential_types,\n"
           "  identifier varchar(255) NOT NULL);\n"
           "CREATE TABLE identity_credential_types (id uuid PRIMARY KEY);\n"
           "CREATE UNIQUE INDEX identity_credential_identifiers_identifier_nid_type_uq_idx\n"
           "  ON identity_credential_identifiers (nid, identity_credential_type_id, identifier);\n")
    pg = {f.rule: f for f in check(sql, cache=False)}
    # (as PostgreSQL names an index on those columns: the longer part cut, the suffix of
    # the template the name comes closest to kept; scout AK)
    want = "identity_credential_identifie_nid_identity_credential_type__idx"     # 63 bytes
    assert pg["AK-NM001"].message.endswith(f"(expected {want})")
    longer = sql.replace("identity_credential_type_id", "identity_credential_type_identifier_id")
    [ix006] = [f for f in check(longer, cache=False) if f.rule == "AK-IX006"]
    assert ix006.hint == (
        "CREATE INDEX CONCURRENTLY identity_credential_identifiers_identity_credential_type_identi ON "
        "identity_credential_identifiers (identity_credential_type_identifier_id);")
    assert [len(w.encode()) for w in (want, ix006.hint.split()[3])] == [63, 63]
    # MySQL keeps names up to 64 bytes and refuses longer ones: no name follows the pattern
    my = sql.replace("uuid", "char(36)").replace(" REFERENCES identity_credential_types", "")
    assert "AK-NM001" not in {f.rule for f in check(my, dialect="mysql", cache=False)
                              if f.object.startswith("identity_credential_identifiers_identifier")}


def test_a_serial_keeps_its_sequence_name_after_renames():
    # Harbor's registry (created as replication_target) and Hydra's pk_deprecated (was pk):
    # PostgreSQL 15's pg_get_serial_sequence names replication_target_id_seq and
    # jwk_pk_seq; AK-PK004's hint dropped sequences that do not exist (scout Q)
    from archkit.schema.check import check

    sql = ("CREATE TABLE replication_target (id SERIAL PRIMARY KEY, name varchar(64) NOT NULL);\n"
           "ALTER TABLE replication_target RENAME TO registry;\n"
           "CREATE TABLE jwk (pk SERIAL PRIMARY KEY, kid varchar(64) NOT NULL);\n"
           "ALTER TABLE jwk RENAME pk TO pk_deprecated;\n")
    hints = {f.object: f.hint for f in check(sql, cache=False) if f.rule == "AK-PK004"}
    assert "DROP SEQUENCE replication_target_id_seq;" in hints["registry.id"]
    assert "DROP SEQUENCE jwk_pk_seq;" in hints["jwk.pk_deprecated"]


def test_an_index_made_without_a_name_is_renamed_and_dropped_by_its_engine_name():
    # Hasura's CREATE INDEX ON event_log (trigger_name): PostgreSQL names it
    # event_log_trigger_name_idx; renamed so, the new name is its own (scout R)
    sql = ("CREATE TABLE event_log (id bigint PRIMARY KEY, trigger_name text NOT NULL);\n"
           "CREATE INDEX ON event_log (trigger_name);\n"
           "ALTER INDEX event_log_trigger_name_idx RENAME TO event_log_trigger_idx;\n")
    assert [ix.name for ix in load_schema(sql, "postgres").tables["event_log"].indexes] == [
        "event_log_trigger_idx"]
    assert load_schema(sql + "DROP INDEX event_log_trigger_idx;\n",
                       "postgres").tables["event_log"].indexes == []
    # 'relation "event_log_trigger_idx" already exists'
    taken = sql + "CREATE INDEX event_log_trigger_idx ON event_log (id);\n"
    assert ("AK-SQL003", 4) in findings(taken)


def test_a_table_used_before_its_create_table_is_refused_there():
    # Camunda's postgres.case.engine.sql read before postgres.engine.sql (file-name order):
    # PostgreSQL 15 says 'relation "act_ru_variable" does not exist' 8 times (scout R)
    sql = ("CREATE TABLE parent (id varchar(64) PRIMARY KEY);\n"
           "CREATE INDEX child_parent_idx ON child (parent_id);\n"
           "ALTER TABLE child ADD COLUMN note text;\n"
           "CREATE TABLE child (id varchar(64) PRIMARY KEY, parent_id varchar(64));\n")
    assert [r for r in findings(sql) if r[0] == "AK-SQL003"] == [("AK-SQL003", 2)]
    # nor are the refused statements migrations of an existing table (no AK-MG004 lock
    # warning, no AK-MG007 lock timeout beside the error)
    assert [r for r in findings(sql) if r[0].startswith("AK-MG")] == []
    # a migration that makes sure of a table it changed: no error
    ensured = sql.replace("CREATE TABLE child", "CREATE TABLE IF NOT EXISTS child")
    assert [r for r in findings(ensured) if r[0] == "AK-SQL003"] == []
    assert ("AK-MG004", 2) in findings(ensured)


def test_a_refused_drop_index_is_no_migration_either():
    # 'cannot drop index client_idx_id_uq because other objects depend on it': the AK-SQL003
    # error alone, not also "DROP INDEX takes an ACCESS EXCLUSIVE lock" (AK-MG004)
    sql = ("CREATE TABLE client (pk bigint PRIMARY KEY, id text NOT NULL);\n"
           "CREATE UNIQUE INDEX client_idx_id_uq ON client (id);\n"
           "CREATE TABLE token (sig text PRIMARY KEY, client_id text REFERENCES client (id));\n"
           "ALTER TABLE client ADD CONSTRAINT client_id_key UNIQUE (id);\n"
           "DROP INDEX client_idx_id_uq;\n")
    assert [r for r in findings(sql) if r[0] in ("AK-SQL003", "AK-MG004", "AK-MG007")] == [
        ("AK-SQL003", 5)]


def test_a_chain_that_replaces_its_own_tables_drops_no_existing_index():
    # Hydra's chain drops four tables it created and re-creates them; its DROP INDEX IF
    # EXISTS of indexes it never made (their CREATE is commented out) do nothing:
    # PostgreSQL 15 answered the 10 DROP INDEX CONCURRENTLY hints 'index ... does not exist'
    sql = ("CREATE TABLE flow (id text PRIMARY KEY);\n"
           "CREATE TABLE old_request (id text PRIMARY KEY);\n"
           "DROP TABLE old_request;\n"
           "DROP INDEX IF EXISTS access_expires_at_idx;\n")
    assert [r for r in findings(sql) if r[0].startswith("AK-MG")] == []
    # a table the input drops without having made it: the input is a migration
    migration = sql.replace("CREATE TABLE old_request (id text PRIMARY KEY);\n", "")
    assert ("AK-MG004", 3) in findings(migration)
