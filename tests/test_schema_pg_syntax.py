"""postgres syntax sqlglot 30 stops at, valid on the engine and written by pg_dump or
real migrations (scout A's repros): each statement parses, and the catalog holds what
the engine would."""

from __future__ import annotations

from archkit.schema import load_schema
from archkit.schema.check import check


def rules(findings, rule):
    return sorted(f.object for f in findings if f.rule == rule)


def test_bit_varying_and_interval_precision_are_column_types():
    sql = ("CREATE TABLE flags (id int PRIMARY KEY, mask bit varying(64), m2 BIT  VARYING);\n"
           "CREATE TABLE slots (id int PRIMARY KEY, len interval day to second(0),\n"
           "  s interval second(3), note text);\n")
    assert rules(check(sql, cache=False), "AK-SQL001") == []
    cat = load_schema(sql)
    mask = cat.tables["flags"].columns["mask"]
    assert mask.params == ("64",) and "varbit" in mask.raw_type.lower()
    assert list(cat.tables["slots"].columns) == ["id", "len", "s", "note"]
    assert cat.tables["slots"].columns["len"].type.startswith("interval")


def test_check_no_inherit_and_set_null_column_list():
    sql = ("CREATE TABLE items (id int PRIMARY KEY, "
           "CONSTRAINT items_id_positive CHECK (id > 0) NO INHERIT);\n"
           "CREATE TABLE items2 (\n  id int NOT NULL, tenant_id int NOT NULL, parent_id int,\n"
           "  PRIMARY KEY (tenant_id, id),\n  FOREIGN KEY (tenant_id, parent_id) REFERENCES "
           "items2 (tenant_id, id) ON DELETE SET NULL (parent_id)\n);\n")
    found = check(sql, cache=False)
    assert rules(found, "AK-SQL001") == []
    cat = load_schema(sql)
    assert [c.name for c in cat.tables["items"].checks] == ["items_id_positive"]
    [fk] = cat.tables["items2"].foreign_keys
    assert fk.on_delete == "set null" and fk.columns == ("tenant_id", "parent_id")
    # (a column named inherit, or no in a list, stays what it is)
    assert list(load_schema("CREATE TABLE t (no int, inherit int);").tables["t"].columns) == \
        ["no", "inherit"]


class _CountingParser:
    """sqlglot's parser for one dialect, counting the statements it is asked to parse."""

    def __init__(self, parser):
        self.parser, self.calls = parser, 0

    def parse(self, *args, **kwargs):
        self.calls += 1
        return self.parser.parse(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.parser, name)


def _counting(monkeypatch):
    from archkit.schema import parse

    d, tokenizer, parser = parse._sqlglot_tools("postgres")
    counting = _CountingParser(parser)
    monkeypatch.setitem(parse._TOOLS, "postgres", (d, tokenizer, counting))
    return counting


def test_a_wide_table_of_repairs_is_parsed_in_one_pass(monkeypatch):
    """A table of 400 columns sqlglot stops at (bit varying, interval precision, NO
    INHERIT, SET NULL (col)) is repaired all at once: one at a time, each repair was a
    parse of the whole table, and 1,000 bit varying columns took 24 s (scout CB)."""
    shapes = ["bit varying(8)", "interval second(0)", "interval day to second(3)",
              "int CHECK (x{i} > 0) NO INHERIT",
              "bigint REFERENCES o ON DELETE SET NULL (x{i})"]
    columns = ",\n".join(f"  x{i} " + shapes[i % len(shapes)].format(i=i) for i in range(400))
    sql = f"CREATE TABLE o (id bigint PRIMARY KEY);\nCREATE TABLE w (\n{columns}\n);\n"
    counting = _counting(monkeypatch)
    cat = load_schema(sql)
    assert counting.calls <= 4            # (o; w as written; w repaired)
    w = cat.tables["w"]
    assert len(w.columns) == 400
    assert w.columns["x0"].params == ("8",) and "varbit" in w.columns["x0"].raw_type.lower()
    assert w.columns["x1"].type.startswith("interval")
    assert len(w.checks) == 80 and len(w.foreign_keys) == 80
    assert {fk.on_delete for fk in w.foreign_keys} == {"set null"}
    assert rules(check(sql, cache=False, workers=1), "AK-SQL001") == []


def test_only_the_strict_shapes_are_repaired_where_sqlglot_did_not_stop():
    """Beside the repair sqlglot asked for, others are made only in their unambiguous
    shapes: a function named second() in a default, or a DEFAULT (expression), is kept."""
    sql = ("CREATE FUNCTION second(int) RETURNS int LANGUAGE sql AS 'SELECT $1';\n"
           "CREATE TABLE t (\n  a bit varying(8),\n  b int DEFAULT second(7),\n"
           "  c int DEFAULT (1 + 2),\n  d bit varying\n);\n")
    assert rules(check(sql, cache=False, workers=1), "AK-SQL001") == []
    t = load_schema(sql).tables["t"]
    assert "second(7)" in t.columns["b"].default.lower()
    assert "1 + 2" in t.columns["c"].default
    assert "varbit" in t.columns["d"].raw_type.lower()


def test_repairs_made_together_keep_lines_and_leave_other_shapes_alone():
    """Scout DA's differences between one repair at a time and all at once, now none:
    a blanked span keeps its line breaks (a later syntax error stays where it is);
    INTERVAL second(1) in an expression, a column named bit of a type named varying,
    are left as written; bit E'varying' is a typed literal, never a type."""
    def errors(sql):
        return [(f.line, f.col) for f in check(sql, cache=False, workers=1)
                if f.rule == "AK-SQL001"]

    no_inherit = ("CREATE TABLE t (\n  id int PRIMARY KEY,\n  a int CHECK (a > 0) NO -- a note\n"
                  "    INHERIT,\n  b int foo bar,\n  c int\n);\n")
    assert errors(no_inherit) == [(5, 9)]
    set_null = ("CREATE TABLE t (\n  id int PRIMARY KEY,\n  tenant int NOT NULL,\n  pid int,\n"
                "  FOREIGN KEY (pid, tenant) REFERENCES p (id, tenant) ON DELETE SET NULL (\n"
                "    pid\n  ),\n  b int foo bar\n);\n")
    assert errors(set_null) == [(8, 9)]
    call = ("CREATE TABLE t (\n  id int PRIMARY KEY,\n  b bit varying(5),\n"
            "  a interval DEFAULT interval second(1)\n);\n")
    assert errors(call) == [] and list(load_schema(call).tables["t"].columns) == ["id", "b", "a"]
    named_bit = "CREATE TABLE t (\n  id int PRIMARY KEY,\n  b bit varying(5),\n  bit varying\n);\n"
    cols = load_schema(named_bit).tables["t"].columns
    assert list(cols) == ["id", "b", "bit"] and "varbit" in cols["b"].raw_type.lower()
    literal = ("CREATE TABLE t (\n  id int PRIMARY KEY,\n  a text DEFAULT bit E'varying',\n"
               "  b bit varying(5)\n);\n")
    assert errors(literal) == [(3, 22)]


def test_drop_index_list_drops_each_index():
    sql = ("CREATE TABLE post (id int PRIMARY KEY, a int, b int, c int);\n"
           "CREATE INDEX idx_post_a ON post (a);\nCREATE INDEX idx_post_b ON post (b);\n"
           "CREATE INDEX idx_post_c ON post (c);\n"
           "DROP INDEX idx_post_a, idx_post_b;\n")
    assert rules(check(sql, cache=False), "AK-SQL001") == []
    assert [i.name for i in load_schema(sql).tables["post"].indexes] == ["idx_post_c"]
    # in a migration: each index is a lock to report, and CONCURRENTLY is kept
    mig = check("DROP INDEX idx_a, idx_b;\nDROP INDEX CONCURRENTLY IF EXISTS idx_c, idx_d;\n",
                cache=False)
    assert rules(mig, "AK-MG004") == ["idx_a", "idx_b"]


def test_drop_index_by_the_name_postgres_gave_an_unnamed_index():
    sql = ("CREATE TABLE post (id int PRIMARY KEY, a int, b int);\n"
           "CREATE INDEX ON post (a, b);\nCREATE INDEX ON post (a, b);\n"
           "DROP INDEX post_a_b_idx1;\n")
    [ix] = load_schema(sql).tables["post"].indexes
    assert ix.name is None           # the first stays; post_a_b_idx1 was the second


def test_unnamed_add_check_is_a_check_and_is_dropped_by_its_engine_name():
    sql = ("CREATE TABLE flow (id int PRIMARY KEY, state int NOT NULL);\n"
           "ALTER TABLE flow ADD CHECK (state = 128 OR state = 129);\n"
           "ALTER TABLE flow ADD CHECK (state > 0) NOT VALID;\n")
    found = check(sql, cache=False)
    assert rules(found, "AK-SQL002") == []
    checks = load_schema(sql).tables["flow"].checks
    assert [(c.name, c.columns, c.not_valid) for c in checks] == [
        (None, ("state",), False), (None, ("state",), True)]
    dropped = load_schema(sql + "ALTER TABLE flow DROP CONSTRAINT flow_state_check;")
    assert [c.expression for c in dropped.tables["flow"].checks] == ["state > 0"]
    # on a table of an earlier migration: adding it validates every row (AK-MG005)
    mig = check("ALTER TABLE flow ADD CHECK (state < 9);\n"
                "ALTER TABLE flow ADD CHECK (state < 10) NOT VALID;\n", cache=False)
    [f] = [f for f in mig if f.rule == "AK-MG005"]
    assert f.line == 1 and "NOT VALID" in f.hint


# -- SQLite and hints per dialect (scout A #14, #15) ------------------------------------
def test_sqlite_strict_table_with_an_any_column():
    sql = "CREATE TABLE kv (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v ANY) STRICT;"
    assert rules(check(sql, dialect="sqlite", cache=False), "AK-SQL001") == []
    assert list(load_schema(sql, "sqlite").tables["kv"].columns) == ["id", "k", "v"]


def test_text_primary_key_hint_is_valid_in_each_dialect():
    def hint(sql, dialect):
        [f] = [f for f in check(sql, dialect=dialect, cache=False) if f.rule == "AK-PK002"]
        return f.hint

    # SQLite enforces no declared length (a VARCHAR(64) key holds as much as a TEXT one),
    # so its text keys are not reported (pi-hole's gravity.db once had a rebuild note;
    # scout S found VARCHAR keys unreported beside it)
    assert [f for f in check("CREATE TABLE info (property TEXT PRIMARY KEY, value TEXT);",
                             dialect="sqlite", cache=False) if f.rule == "AK-PK002"] == []
    assert hint("CREATE TABLE info (property text PRIMARY KEY);", "postgres") == (
        "ALTER TABLE info ADD CONSTRAINT info_property_length CHECK "
        "(char_length(property) <= 64);")
    assert "INFO_PROPERTY_LENGTH CHECK (LENGTH(PROPERTY) <= 64)" in hint(
        "CREATE TABLE info (property CLOB PRIMARY KEY);", "oracle")


def test_an_error_sqlglot_places_nowhere_is_a_syntax_error_not_a_crash():
    # Oracle 23ai's VECTOR(384, FLOAT32) read as postgres: sqlglot's error names no token
    # (it was 'internal error: TypeError' once the repairs looked at the error's token)
    sql = "CREATE TABLE docs (\n  id NUMBER PRIMARY KEY,\n  embedding VECTOR(384, FLOAT32)\n);"
    assert rules(check(sql, cache=False), "AK-SQL001") == ["statement at line 1"]


def test_add_primary_key_using_index_makes_the_index_the_key():
    # the online way (hatchet's migration): build the unique index CONCURRENTLY, then
    # swap the key onto it; the old key is dropped by the name postgres gave it
    sql = ("CREATE TABLE k (tenant_id uuid NOT NULL, key text NOT NULL, expires_at "
           "timestamptz NOT NULL, PRIMARY KEY (tenant_id, expires_at, key));\n"
           "CREATE UNIQUE INDEX k_unique_tenant_key ON k (tenant_id, key);\n"
           "ALTER TABLE k DROP CONSTRAINT k_pkey;\n"
           "ALTER TABLE k ADD CONSTRAINT k_pkey PRIMARY KEY USING INDEX k_unique_tenant_key;\n"
           "CREATE UNIQUE INDEX CONCURRENTLY \"K_exp\" ON k (expires_at);\n"
           "ALTER TABLE ONLY public.k ADD UNIQUE USING INDEX \"K_exp\" DEFERRABLE;\n")
    t = load_schema(sql).tables["k"]
    assert (t.primary_key.columns, t.primary_key.name) == (("tenant_id", "key"), "k_pkey")
    assert [(u.columns, u.name) for u in t.uniques] == [(("expires_at",), "K_exp")]
    assert t.indexes == []
    found = check(sql, cache=False)
    assert rules(found, "AK-PK001") + rules(found, "AK-SQL002") == []


def test_drop_if_exists_before_a_create_renamed_later_is_a_rebuild():
    # mysqldump's DROP TABLE IF EXISTS users; CREATE TABLE users ...; later RENAME TABLE
    sql = ("DROP TABLE IF EXISTS users;\nCREATE TABLE users (id int PRIMARY KEY);\n"
           "RENAME TABLE users TO app_users;\n")
    found = check(sql, dialect="mysql", cache=False)
    assert rules(found, "AK-MG001") == [] and list(load_schema(sql, "mysql").tables) == [
        "app_users"]


def test_a_statement_that_reads_as_several_is_an_error_not_a_quiet_loss():
    # what the splitter took for one statement but sqlglot reads as two (a ; inside what
    # looked like a block: scout D's two IF blocks were one): the second was dropped
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parse import parse_text

    tree, raw, problem = parse_text("CREATE TABLE a (id int);\n  CREATE TABLE b (id int)",
                                    get_dialect("postgres"))
    assert tree is None and (problem.line, problem.col) == (2, 3)
    assert "several statements" in problem.message
    # a trigger body (sqlglot splits it at its ;) stays procedural code, not an error
    _t, raw, problem = parse_text("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1;"
                                  " END", get_dialect("sqlite"))
    assert problem is None


def test_exclusion_constraints_are_indexes_of_their_method():
    sql = ("CREATE TABLE bookings (id bigint PRIMARY KEY, room_id bigint NOT NULL, during "
           "tstzrange NOT NULL);\nALTER TABLE ONLY bookings ADD CONSTRAINT bookings_no_overlap "
           "EXCLUDE USING gist (room_id WITH =, during WITH &&);\n"
           "CREATE TABLE r (id int PRIMARY KEY, a int, b tsrange, "
           "EXCLUDE USING gist (a WITH =, b WITH &&) WHERE (a > 0));\n")
    cat = load_schema(sql)
    [ix] = cat.tables["bookings"].indexes
    assert (ix.name, ix.method, ix.column_names, ix.unique) == (
        "bookings_no_overlap", "gist", ("room_id", "during"), False)
    assert cat.tables["r"].indexes[0].where is not None
    found = check(sql, cache=False)
    assert rules(found, "AK-NM001") == [] and rules(found, "AK-SQL002") == []
    # dropped by its name like any constraint
    dropped = load_schema(sql + "ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;")
    assert dropped.tables["bookings"].indexes == []


DRIZZLE = """\
CREATE TABLE "project" ("projectId" text PRIMARY KEY NOT NULL);
--> statement-breakpoint
CREATE TABLE "application" ("applicationId" text PRIMARY KEY NOT NULL, "projectId" text NOT NULL);
--> statement-breakpoint
DO $$ BEGIN
 CREATE TYPE "Roles" AS ENUM('admin', 'user');
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "application" ADD CONSTRAINT "application_projectId_project_projectId_fk" FOREIGN KEY ("projectId") REFERENCES "project"("projectId") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '2023_Posts') THEN
    CREATE INDEX "IX_application_projectId" ON "application" ("projectId");
    END IF;
END $EF$;
DO $$ DECLARE r record; BEGIN FOR r IN SELECT 1 LOOP EXECUTE 'x'; END LOOP; END $$;
"""


def test_ddl_inside_do_blocks_that_only_wrap_it():
    # Drizzle wraps every enum and foreign key so, EF Core's Npgsql scripts every migration
    cat = load_schema(DRIZZLE)
    app = cat.tables["application"]
    [fk] = app.foreign_keys
    assert (fk.ref_table, fk.on_delete, fk.pos.line) == ("project", "cascade", 12)
    assert [i.name for i in app.indexes] == ["IX_application_projectId"]
    found = check(DRIZZLE, cache=False)
    # only the block that does something else stays procedural code
    assert [(f.rule, f.line) for f in found if f.rule.startswith("AK-SQL")] == [
        ("AK-SQL002", 22)]
    assert rules(found, "AK-FK005") == []


def test_enum_values_added_or_renamed_are_not_reported():
    sql = ('CREATE TYPE "Roles" AS ENUM(\'admin\', \'user\');\n'
           'ALTER TYPE "Roles" ADD VALUE \'owner\';\n'
           "ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'x' BEFORE 'y';\n"
           "ALTER TYPE status RENAME VALUE 'a' TO 'b';\n"
           "ALTER TYPE status RENAME TO state;\n"      # read: the columns' type renamed
           "ALTER TYPE status SET SCHEMA other;\n")
    assert [f.line for f in check(sql, cache=False) if f.rule == "AK-SQL002"] == [6]


RENAMES = ("CREATE TABLE t (id bigint PRIMARY KEY, a int CONSTRAINT a_ck CHECK (a > 0),\n"
           "  b int UNIQUE, c bigint REFERENCES t (id));\n"
           "ALTER TABLE t RENAME CONSTRAINT a_ck TO a_check;\n"
           'ALTER TABLE "t"\n  RENAME CONSTRAINT "a_check" TO "b_check";\n'
           "ALTER TABLE t RENAME CONSTRAINT t_pkey TO t_pk;\n"
           "ALTER INDEX t_b_key RENAME TO t_b_uq;\n"
           "ALTER TABLE ONLY public.t RENAME CONSTRAINT t_c_fkey TO t_c_fk;\n")


def test_rename_constraint_renames_it_as_postgres_does():
    # Prisma and Django rename keys so (formbricks: 5 in one migration); sqlglot keeps the
    # statement as text, and it was AK-SQL002 and made the table unjudged. The names are
    # what PostgreSQL 15 shows in pg_constraint after running RENAMES (checked): unnamed
    # constraints are renamed by the name postgres gave them, and ALTER INDEX of a key's
    # index renames the key
    t = load_schema(RENAMES).tables["t"]
    assert t.primary_key.name == "t_pk" and [u.name for u in t.uniques] == ["t_b_uq"]
    assert [c.name for c in t.checks] == ["b_check"]
    assert [f.name for f in t.foreign_keys] == ["t_c_fk"] and "opaque" not in t.options
    found = check(RENAMES, cache=False)
    assert rules(found, "AK-SQL002") + rules(found, "AK-SQL003") == []
    # the new name is the one a later statement drops
    t2 = load_schema(RENAMES + "ALTER TABLE t DROP CONSTRAINT t_c_fk;\n").tables["t"]
    assert t2.foreign_keys == []
    # a constraint the input does not define, or of another table: left alone
    other = load_schema("CREATE TABLE u (id int PRIMARY KEY);\n"
                        "ALTER TABLE u RENAME CONSTRAINT nope TO still_nope;\n"
                        "ALTER TABLE missing RENAME CONSTRAINT a TO b;\n").tables["u"]
    assert other.primary_key.name is None


def test_incremental_edit_keeps_a_renamed_constraint():
    from archkit.schema.cache import IncrementalChecker

    ic = IncrementalChecker(RENAMES)
    ic.recheck()
    ic.edit(0, RENAMES.split(";\n")[0].replace("b int UNIQUE", "b bigint UNIQUE"))
    assert [c.name for c in ic.catalog.tables["t"].checks] == ["b_check"]
    full = check(ic.text if isinstance(ic.text, str) else ic.text(), cache=False)
    assert [(f.rule, f.object) for f in ic.report] == [(f.rule, f.object) for f in full]


def test_alter_type_rename_renames_the_columns_type():
    # Prisma changes an enum so: a new type, the columns moved onto it, then the renames
    # (formbricks: 16 ALTER TYPE ... RENAME TO were AK-SQL002, and the columns kept the
    # name "SurveyStatus_new", which the type no longer has)
    sql = ('CREATE TYPE "SurveyStatus" AS ENUM (\'draft\', \'live\');\n'
           'CREATE TABLE "Survey" (id bigint PRIMARY KEY, status "SurveyStatus" NOT NULL,\n'
           '  history "SurveyStatus"[], other public."SurveyStatus");\n'
           'CREATE TYPE "SurveyStatus_new" AS ENUM (\'draft\', \'live\', \'done\');\n'
           'ALTER TABLE "Survey" ALTER COLUMN "status" TYPE "SurveyStatus_new" '
           'USING ("status"::text::"SurveyStatus_new");\n'
           'ALTER TYPE "SurveyStatus" RENAME TO "SurveyStatus_old";\n'
           'ALTER TYPE "public"."SurveyStatus_new" RENAME TO "SurveyStatus";\n'
           'DROP TYPE "SurveyStatus_old";\n'
           "ALTER TYPE mood RENAME TO feeling;\n")
    cols = load_schema(sql).tables["Survey"].columns
    assert [cols[c].raw_type for c in ("status", "history", "other")] == [
        '"SurveyStatus"', '"SurveyStatus_old"[]', 'public."SurveyStatus_old"']
    assert rules(check(sql, cache=False), "AK-SQL002") == []
    # a type of another name, or a column of a built-in type, keeps its type
    assert load_schema("CREATE TABLE t (status text);\nALTER TYPE text RENAME TO x;\n"
                       ).tables["t"].columns["status"].raw_type == "TEXT"


def test_a_deferrable_exclusion_constraint_is_read():
    # GitLab's sprints: EXCLUDE USING gist (...) WHERE (...) DEFERRABLE INITIALLY DEFERRED was
    # raw text (AK-SQL002), the constraint lost and the table opaque (scout V)
    from archkit.schema import check
    from archkit.schema.catalog import load_schema

    sql = ("CREATE TABLE sprints (id bigint PRIMARY KEY, group_id bigint, cadence_id bigint, "
           "start_date date, due_date date);\n"
           "ALTER TABLE ONLY sprints ADD CONSTRAINT sprints_no_overlap EXCLUDE USING gist "
           "(cadence_id WITH =, daterange(start_date, due_date, '[]'::text) WITH &&) "
           "WHERE ((group_id IS NOT NULL)) DEFERRABLE INITIALLY DEFERRED;\n")
    t = load_schema(sql).tables["sprints"]
    assert not t.options.get("opaque")
    assert [i.name for i in t.indexes] == ["sprints_no_overlap"]
    assert [i.method for i in t.indexes] == ["gist"]
    assert not [f for f in check(sql, cache=False) if f.rule.startswith("AK-SQL")]
