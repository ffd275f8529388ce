"""PostgreSQL DO blocks: the DDL they write out is replayed on the catalog (scout T's
formbricks chain renamed a key and an index inside one, and archkit then reported an
index that no longer existed, with a hint PostgreSQL refused)."""

from __future__ import annotations

from archkit.schema import check
from archkit.schema.catalog import load_schema
from archkit.schema.doblocks import block_ddl

RENAMES = '''CREATE TABLE "Connector" (id text PRIMARY KEY, "feedbackDirectoryId" text);
CREATE TABLE "FeedbackDirectory" (id text PRIMARY KEY);
CREATE INDEX "Connector_feedbackDirectoryId_idx" ON "Connector" ("feedbackDirectoryId");
ALTER TABLE "Connector" ADD CONSTRAINT "Connector_feedbackDirectoryId_fkey"
  FOREIGN KEY ("feedbackDirectoryId") REFERENCES "FeedbackDirectory"(id);
ALTER TABLE "Connector" RENAME TO "FeedbackSource";
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint
             WHERE conname = 'Connector_feedbackDirectoryId_fkey') THEN
    EXECUTE 'ALTER TABLE "FeedbackSource" RENAME CONSTRAINT "Connector_feedbackDirectoryId_fkey" TO "FeedbackSource_feedbackDirectoryId_fkey"';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'Connector_feedbackDirectoryId_idx') THEN
    EXECUTE 'ALTER INDEX "Connector_feedbackDirectoryId_idx" RENAME TO "FeedbackSource_feedbackDirectoryId_idx"';
  END IF;
END$$;
'''


def test_block_ddl_reads_written_and_executed_literal_ddl_only():
    sql = """DO $x$
DECLARE r record; v int := 1;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'c') THEN
    EXECUTE 'ALTER TABLE t RENAME CONSTRAINT c TO "it''s"';
  ELSIF v > 0 THEN
    EXECUTE 'DROP INDEX ' || quote_ident(r.name);
  END IF; -- a comment; with a semicolon
  ALTER TABLE t ADD COLUMN a int CHECK (CASE WHEN a > 0 THEN true END);
  IF NOT EXISTS (SELECT 1) THEN CREATE INDEX ix ON t (a); ELSE DROP INDEX iy; END IF;
  PERFORM 1; RAISE NOTICE 'x %', v;
EXCEPTION WHEN duplicate_object THEN NULL;
END$x$;"""
    got = block_ddl(sql)
    assert [text for text, _at in got] == [
        'ALTER TABLE t RENAME CONSTRAINT c TO "it\'s"',       # quotes undone
        "ALTER TABLE t ADD COLUMN a int CHECK (CASE WHEN a > 0 THEN true END)",
        "CREATE INDEX ix ON t (a)", "DROP INDEX iy"]
    # each offset is where the statement's text starts in the block
    assert [sql[at:at + 11] for _text, at in got] == [
        "ALTER TABLE", "ALTER TABLE", "CREATE INDE", "DROP INDEX "]
    # not a PL/pgSQL body with DDL: nothing
    assert block_ddl("DO LANGUAGE plpython3u $$ plpy.execute('ALTER TABLE t ADD c int') $$;") == ()
    assert block_ddl("DO $$ BEGIN PERFORM pg_sleep(1); END $$;") == ()
    assert block_ddl("DO 1;") == ()                           # (MySQL's DO expr)
    assert block_ddl("DO $$ BEGIN ALTER TABLE t ADD c text DEFAULT 'x; END $$;") == ()


def test_renames_inside_a_do_block_reach_the_catalog():
    cat = load_schema(RENAMES)
    t = cat.tables["FeedbackSource"]
    assert [i.name for i in t.indexes] == ["FeedbackSource_feedbackDirectoryId_idx"]
    assert [fk.name for fk in t.foreign_keys] == ["FeedbackSource_feedbackDirectoryId_fkey"]
    assert t.indexes[0].pos.line == 3           # still where the index was made
    found = check(RENAMES, cache=False)
    assert not [f for f in found if "Connector_feedbackDirectoryId" in (f.hint or "")]
    note = next(f for f in found if f.rule == "AK-SQL002")
    assert note.line == 7 and "applies the 2 DDL statements it writes out" in note.message


def test_do_block_ddl_applies_as_far_as_it_applies_without_conflicts():
    sql = """CREATE TABLE t (id bigint PRIMARY KEY, a int);
CREATE INDEX t_a_idx ON t (a);
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'a') THEN
    ALTER TABLE t ADD COLUMN a int;
  END IF;
  ALTER TABLE t ADD COLUMN b text;
  CREATE INDEX t_a_idx ON t (a);
  CREATE INDEX t_b_idx ON t (b);
  DROP INDEX gone_idx;
END $$;
"""
    cat = load_schema(sql)
    assert list(cat.tables["t"].columns) == ["id", "a", "b"]
    assert [i.name for i in cat.tables["t"].indexes] == ["t_a_idx", "t_b_idx"]
    assert cat.conflicts == []
    assert not [f for f in check(sql, cache=False) if f.rule in ("AK-SQL001", "AK-SQL003")]
    # the new index has the position of its text inside the block
    b = cat.tables["t"].indexes[1]
    assert (b.pos.line, b.pos.col) == (9, 16)


def test_incremental_checker_replays_an_edited_do_block():
    from archkit.schema.cache import IncrementalChecker

    ic = IncrementalChecker(RENAMES)
    i = next(k for k, st in enumerate(ic.statements) if st.kind == "DO")
    ic.edit(i, ic.statements[i].sql.replace('TO "FeedbackSource_feedbackDirectoryId_idx"',
                                            "TO fs_directory_idx"))
    names = [ix.name for ix in ic.catalog.tables["FeedbackSource"].indexes]
    assert names == ["fs_directory_idx"]
    assert sorted(map(str, ic.report)) == sorted(map(str, check(
        "".join(st.sql + ";\n" for st in ic.statements), cache=False)))


def test_a_block_whose_only_ddl_is_in_a_string_is_noted_not_a_crash():
    # EXECUTE 'ALTER INDEX ...' alone: the note named its DDL through a pattern that does
    # not read ALTER INDEX, and the check stopped with an internal error
    sql = ("CREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX t_a ON t (a);\n"
           "DO $$ BEGIN IF EXISTS (SELECT 1) THEN EXECUTE 'ALTER INDEX t_a RENAME TO "
           "t_a_idx'; END IF; END $$;\n")
    notes = [f for f in check(sql, cache=False) if f.rule == "AK-SQL002"]
    assert [n.message.split(":")[0] for n in notes] == ["DO runs ALTER INDEX ... in its body"]
    assert [i.name for i in load_schema(sql).tables["t"].indexes] == ["t_a_idx"]
