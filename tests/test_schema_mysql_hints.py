"""MySQL hints that keep what the column or table had (scouts O and P, DolphinScheduler,
Nacos, PowerDNS): MODIFY replaces a column's whole definition, and a utf8 -> utf8mb4
conversion must keep the collation's case rules. Each hint below was run on MariaDB 10.11
against the same table and left it as the test says."""

from __future__ import annotations

from archkit.schema.check import check


def hints(sql: str, rule: str, dialect: str = "mysql") -> dict[str, str]:
    return {f.object: f.hint for f in check(sql, dialect=dialect, cache=False) if f.rule == rule}


def test_utf8mb4_conversion_keeps_the_collations_case_rules():
    # QRTZ_LOCKS holds 'TRIGGER_ACCESS' and 'trigger_access' under utf8_bin: converted to
    # utf8mb4_0900_ai_ci (or unicode_ci) the key refuses them, ERROR 1062
    sql = ("CREATE TABLE QRTZ_LOCKS (SCHED_NAME varchar(120) NOT NULL, LOCK_NAME varchar(40)\n"
           "  NOT NULL, PRIMARY KEY (SCHED_NAME, LOCK_NAME)) ENGINE=InnoDB DEFAULT "
           "CHARSET=utf8 COLLATE=utf8_bin;\n"
           "CREATE TABLE a (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8 COLLATE utf8_general_ci;\n"
           "CREATE TABLE b (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8;\n")
    got = hints(sql, "AK-TY007")
    assert got["QRTZ_LOCKS"] == ("ALTER TABLE QRTZ_LOCKS CONVERT TO CHARACTER SET utf8mb4 "
                                 "COLLATE utf8mb4_bin;")
    assert got["a"].endswith("COLLATE utf8mb4_general_ci;")
    assert got["b"].endswith("COLLATE utf8mb4_0900_ai_ci;")      # MySQL 8's default
    assert hints(sql, "AK-TY007", "mariadb")["b"].endswith("COLLATE utf8mb4_unicode_ci;")


def test_modify_hints_restate_the_whole_column():
    sql = ("CREATE TABLE comments (id INT(11) NOT NULL AUTO_INCREMENT COMMENT 'the key',\n"
           "  hits INT(11) UNSIGNED NOT NULL DEFAULT 0 COMMENT 'views',\n"
           "  comment TEXT CHARACTER SET 'utf8' NOT NULL,\n"
           "  label varchar(20) CHARACTER SET utf8 COLLATE utf8_bin NOT NULL DEFAULT '',\n"
           "  PRIMARY KEY (id)) ENGINE=InnoDB;\n")
    got = hints(sql, "AK-TY007")
    # the NOT NULL the first version of this hint dropped (PowerDNS)
    assert got["comments.comment"] == ("ALTER TABLE comments MODIFY COLUMN comment TEXT "
                                       "CHARACTER SET utf8mb4 NOT NULL;")
    assert got["comments.label"] == ("ALTER TABLE comments MODIFY COLUMN label VARCHAR(20) "
                                     "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL "
                                     "DEFAULT '';")
    assert got["comments.hits"] == ("ALTER TABLE comments MODIFY COLUMN hits INT UNSIGNED "
                                    "NOT NULL DEFAULT 0 COMMENT 'views';")
    # the key AK-PK003 makes BIGINT (with AUTO_INCREMENT and COMMENT): run both in order,
    # this hint's INT undid it (scout W)
    assert got["comments.id"] == ("-- AK-PK003's hint on comments.id makes it BIGINT, which "
                                  "drops the width too")
    pk003 = hints(sql, "AK-PK003")["comments.id"]
    assert pk003.startswith("ALTER TABLE comments MODIFY COLUMN id BIGINT NOT NULL "
                            "AUTO_INCREMENT COMMENT 'the key'")


def test_a_type_hint_keeps_on_update_comment_and_collation():
    # DolphinScheduler's update_time: the hint without ON UPDATE stopped the column
    # from following changes (information_schema.columns.extra emptied)
    sql = ("CREATE TABLE t_ds_plugin_define (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  update_time timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE "
           "CURRENT_TIMESTAMP COMMENT 'it''s the last change');\n"
           "CREATE TABLE t_ds_project (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  update_time datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE "
           "CURRENT_TIMESTAMP);\n"
           "CREATE TABLE t_ds_user (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  update_time datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE "
           "CURRENT_TIMESTAMP);\n")
    [hint] = hints(sql, "AK-TY008").values()
    assert hint == ("ALTER TABLE t_ds_plugin_define MODIFY COLUMN update_time DATETIME NOT "
                    "NULL DEFAULT CURRENT_TIMESTAMP() ON UPDATE CURRENT_TIMESTAMP() COMMENT "
                    "'it''s the last change';")


def test_modify_that_drops_on_update_is_reported_and_a_zero_date_default_is_not():
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY,\n"
           "  u timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
           "  entry_time timestamp NOT NULL DEFAULT '0000-00-00 00:00:00');\n"
           "ALTER TABLE t MODIFY u timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP;\n"
           "ALTER TABLE t MODIFY entry_time timestamp NOT NULL;\n")
    found = [f for f in check(sql, dialect="mysql", cache=False) if f.rule == "AK-MG008"]
    assert [f.object for f in found] == ["t.u"]
    # the hint is the whole definition: what the MODIFY said and what it left out
    assert found[0].hint == ("ALTER TABLE t MODIFY COLUMN u TIMESTAMP NOT NULL DEFAULT "
                             "CURRENT_TIMESTAMP() ON UPDATE CURRENT_TIMESTAMP();")


def test_growing_a_referenced_key_drops_and_adds_back_its_foreign_keys():
    # MariaDB refuses MODIFY of a key column a foreign key references (ERROR 1833, even
    # with FOREIGN_KEY_CHECKS=0; DolphinScheduler's t_ds_user, scout P); this sequence runs
    sql = ("CREATE TABLE t_ds_user (id int NOT NULL AUTO_INCREMENT COMMENT 'user id',\n"
           "  PRIMARY KEY (id)) ENGINE=InnoDB;\n"
           "CREATE TABLE t_ds_session (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
           "  user_id int NOT NULL,\n"
           "  CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES t_ds_user (id));\n"
           "CREATE TABLE t_ds_log (id bigint PRIMARY KEY, user_id int,\n"
           "  FOREIGN KEY (user_id) REFERENCES t_ds_user (id) ON DELETE CASCADE);\n")
    assert hints(sql, "AK-PK003")["t_ds_user.id"] == (
        "ALTER TABLE t_ds_session DROP FOREIGN KEY fk_session_user; "
        "ALTER TABLE t_ds_log DROP FOREIGN KEY t_ds_log_ibfk_1; "
        "ALTER TABLE t_ds_user MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT COMMENT 'user id'; "
        "ALTER TABLE t_ds_session MODIFY COLUMN user_id BIGINT NOT NULL; "
        "ALTER TABLE t_ds_log MODIFY COLUMN user_id BIGINT; "
        "ALTER TABLE t_ds_session ADD CONSTRAINT fk_session_user FOREIGN KEY (user_id) "
        "REFERENCES t_ds_user (id); "
        "ALTER TABLE t_ds_log ADD FOREIGN KEY (user_id) REFERENCES t_ds_user (id) "
        "ON DELETE CASCADE;")


def test_a_child_table_hint_references_the_whole_key_with_a_table_level_foreign_key():
    # DolphinScheduler's QRTZ_SIMPROP_TRIGGERS (a key of three columns): the hint
    # referenced the first with an inline REFERENCES, which MySQL ignores and MariaDB
    # refuses (errno 150); this one runs on MariaDB 10.11
    sql = ("CREATE TABLE QRTZ_SIMPROP_TRIGGERS (SCHED_NAME varchar(120) NOT NULL,\n"
           "  TRIGGER_NAME varchar(200) NOT NULL, TRIGGER_GROUP varchar(200) NOT NULL,\n"
           "  STR_PROP_1 varchar(512), STR_PROP_2 varchar(512), STR_PROP_3 varchar(512),\n"
           "  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)) ENGINE=InnoDB;\n"
           "CREATE TABLE item (id bigint NOT NULL PRIMARY KEY, tags SET('a', 'b')) ENGINE=InnoDB;\n")
    got = hints(sql, "AK-TY010")
    assert got["QRTZ_SIMPROP_TRIGGERS.str_prop"] == (
        "CREATE TABLE QRTZ_SIMPROP_TRIGGERS_str_prop (QRTZ_SIMPROP_TRIGGERS_SCHED_NAME "
        "VARCHAR(120), QRTZ_SIMPROP_TRIGGERS_TRIGGER_NAME VARCHAR(200), "
        "QRTZ_SIMPROP_TRIGGERS_TRIGGER_GROUP VARCHAR(200), position smallint, str_prop "
        "VARCHAR(512), PRIMARY KEY (QRTZ_SIMPROP_TRIGGERS_SCHED_NAME, "
        "QRTZ_SIMPROP_TRIGGERS_TRIGGER_NAME, QRTZ_SIMPROP_TRIGGERS_TRIGGER_GROUP, position), "
        "FOREIGN KEY (QRTZ_SIMPROP_TRIGGERS_SCHED_NAME, QRTZ_SIMPROP_TRIGGERS_TRIGGER_NAME, "
        "QRTZ_SIMPROP_TRIGGERS_TRIGGER_GROUP) REFERENCES QRTZ_SIMPROP_TRIGGERS (SCHED_NAME, "
        "TRIGGER_NAME, TRIGGER_GROUP));")
    assert hints(sql, "AK-TY005")["item.tags"] == (
        "CREATE TABLE item_tags (item_id BIGINT, tags varchar(32), PRIMARY KEY (item_id, tags), "
        "FOREIGN KEY (item_id) REFERENCES item (id));")


def test_type_hints_move_the_foreign_keys_and_keep_generated_columns():
    # Ory Kratos (scout Q): 69 of 91 AK-TY002 hints failed on MariaDB (ERROR 1832 / 1833:
    # the column is used in a foreign key), and the generated column's lost its expression
    # (ERROR 1907); all four below run on MariaDB 10.11 (codes of 40 characters: a char(36)
    # key holds a UUID, and AK-TY002 leaves it be)
    sql = ("CREATE TABLE networks (id CHAR(40) NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n"
           "CREATE TABLE identities (id CHAR(40) NOT NULL PRIMARY KEY, nid CHAR(40) NOT NULL,\n"
           "  status VARCHAR(16) NOT NULL,\n"
           "  pending_key CHAR(40) GENERATED ALWAYS AS (CASE WHEN status = 'pending' THEN id "
           "ELSE NULL END) VIRTUAL,\n"
           "  CONSTRAINT identities_nid_fk FOREIGN KEY (nid) REFERENCES networks (id) "
           "ON DELETE CASCADE) ENGINE=InnoDB;\n")
    got = hints(sql, "AK-TY002")
    assert got["networks.id"] == (
        "ALTER TABLE identities DROP FOREIGN KEY identities_nid_fk; "
        "ALTER TABLE networks MODIFY COLUMN id varchar(40) NOT NULL; "
        "ALTER TABLE identities MODIFY COLUMN nid varchar(40) NOT NULL; "
        "ALTER TABLE identities ADD CONSTRAINT identities_nid_fk FOREIGN KEY (nid) "
        "REFERENCES networks (id) ON DELETE CASCADE;")
    assert got["identities.nid"].startswith("ALTER TABLE identities DROP FOREIGN KEY "
                                            "identities_nid_fk; ALTER TABLE identities MODIFY")
    assert got["identities.id"] == "ALTER TABLE identities MODIFY COLUMN id varchar(40) NOT NULL;"
    assert got["identities.pending_key"] == (
        "ALTER TABLE identities MODIFY COLUMN pending_key varchar(40) GENERATED ALWAYS AS "
        "(CASE WHEN status = 'pending' THEN id ELSE NULL END) VIRTUAL;")


def test_char_36_uuids_are_no_padded_text():
    sql = ("CREATE TABLE networks (id CHAR(36) NOT NULL PRIMARY KEY, code CHAR(36));\n"
           "CREATE TABLE identities (id CHAR(36) NOT NULL PRIMARY KEY, nid CHAR(36) NOT NULL,\n"
           "  owner_uuid CHAR(32), label CHAR(36),\n"
           "  FOREIGN KEY (nid) REFERENCES networks (id));\n")
    assert sorted(hints(sql, "AK-TY002")) == ["identities.label", "networks.code"]


def test_tables_joined_by_text_foreign_keys_convert_together():
    # Camunda's mysql scripts: 23 of 49 CONVERT TO CHARACTER SET hints failed on MariaDB
    # (ERROR 1833 / 1832) while foreign keys joined the tables' text columns (scout R), and
    # a key cannot join text of two character sets: the first table of each group gets a
    # script that drops those keys, converts the group and adds them back (all 23 of
    # Flowable's ran on MariaDB 10.11), the others say whose hint converts them
    sql = ("CREATE TABLE parent (ID_ varchar(64) NOT NULL, PRIMARY KEY (ID_)) ENGINE=InnoDB "
           "DEFAULT CHARSET=utf8 COLLATE utf8_bin;\n"
           "CREATE TABLE child (ID_ varchar(64) NOT NULL, PARENT_ID_ varchar(64), N_ int,\n"
           "  PRIMARY KEY (ID_), CONSTRAINT child_parent_fk FOREIGN KEY (PARENT_ID_) "
           "REFERENCES parent (ID_) ON DELETE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8 "
           "COLLATE utf8_bin;\n"
           "CREATE TABLE grandchild (ID_ int NOT NULL PRIMARY KEY, CHILD_ID_ varchar(64),\n"
           "  FOREIGN KEY (CHILD_ID_) REFERENCES child (ID_)) DEFAULT CHARSET=utf8 "
           "COLLATE utf8_bin;\n"
           "CREATE TABLE lone (ID_ varchar(64) NOT NULL PRIMARY KEY) DEFAULT CHARSET=utf8;\n")
    got = hints(sql, "AK-TY007")
    assert got["parent"] == (
        "ALTER TABLE child DROP FOREIGN KEY child_parent_fk; "
        "ALTER TABLE grandchild DROP FOREIGN KEY grandchild_ibfk_1; "
        "ALTER TABLE parent CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin; "
        "ALTER TABLE child CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin; "
        "ALTER TABLE grandchild CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin; "
        "ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (PARENT_ID_) "
        "REFERENCES parent (ID_) ON DELETE CASCADE; "
        "ALTER TABLE grandchild ADD CONSTRAINT grandchild_ibfk_1 FOREIGN KEY (CHILD_ID_) "
        "REFERENCES child (ID_);")
    assert got["child"] == got["grandchild"]
    assert got["child"].startswith("-- converted by the hint for parent, with the 2 other tables")
    assert got["lone"].startswith("ALTER TABLE lone CONVERT TO CHARACTER SET utf8mb4 COLLATE ")
    assert "--" not in got["lone"] and "FOREIGN KEY" not in got["lone"]


def test_a_missing_foreign_key_between_integers_of_other_signs_retypes_the_column_first():
    # Sakila: film_text.film_id INT beside film.film_id INT UNSIGNED; MariaDB 10.11 refused
    # the bare ADD FOREIGN KEY (errno 150 "Foreign key constraint is incorrectly formed")
    sql = ("CREATE TABLE film (film_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY);\n"
           "CREATE TABLE film_text (film_id INT NOT NULL PRIMARY KEY, title VARCHAR(255));\n"
           "CREATE TABLE film_note (id INT UNSIGNED PRIMARY KEY, film_id INT UNSIGNED);\n")
    hints = {f.object: f.hint for f in check(sql, dialect="mariadb", select=["AK-FK005"])}
    assert hints == {
        "film_text.film_id": "ALTER TABLE film_text MODIFY COLUMN film_id INT UNSIGNED NOT NULL; "
                             "ALTER TABLE film_text ADD FOREIGN KEY (film_id) REFERENCES film "
                             "(film_id);",
        "film_note.film_id": "ALTER TABLE film_note ADD FOREIGN KEY (film_id) REFERENCES film "
                             "(film_id);"}
    # PostgreSQL keys int to bigint as they are
    pg = {f.object: f.hint for f in check(sql.replace(" UNSIGNED", "").replace(
        " AUTO_INCREMENT", "").replace("film_id INT NOT NULL", "film_id SMALLINT NOT NULL"),
        dialect="postgres", select=["AK-FK005"])}
    assert pg["film_text.film_id"].startswith("ALTER TABLE film_text ADD FOREIGN KEY")


def test_incremental_checker_rewrites_a_conversion_script_when_its_group_changes():
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE TABLE parent (ID_ varchar(64) NOT NULL PRIMARY KEY) DEFAULT CHARSET=utf8;\n"
           "CREATE TABLE child (ID_ int NOT NULL PRIMARY KEY, P_ varchar(64),\n"
           "  CONSTRAINT c_p FOREIGN KEY (P_) REFERENCES parent (ID_)) DEFAULT CHARSET=utf8;\n")
    ic = IncrementalChecker(sql, dialect="mysql")
    i = next(k for k, st in enumerate(ic.statements) if "TABLE child" in st.sql)
    ic.edit(i, "CREATE TABLE child (ID_ int NOT NULL PRIMARY KEY, P_ varchar(64)) "
               "DEFAULT CHARSET=utf8")
    hint = next(f.hint for f in ic.report if f.rule == "AK-TY007" and f.object == "parent")
    assert "FOREIGN KEY" not in hint and "child" not in hint
