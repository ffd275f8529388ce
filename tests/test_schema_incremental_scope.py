"""The incremental checker re-runs table-scoped rules only for changed tables: its
findings after edits must equal a full check of the edited text, and each rule listed
in ``RULE_SCOPE`` must really be scoped (full findings = union of per-table findings)."""

from __future__ import annotations

from collections import Counter

import pytest

import archkit.schema.rules  # noqa: F401  (registers the rules)
from archkit.examples import path
from archkit.schema.cache import RULE_SCOPE, IncrementalChecker, _run_on
from archkit.schema.catalog import build_catalog
from archkit.schema.check import CheckConfig, check, enabled_rules, rule_options
from archkit.schema.dialects import get_dialect
from archkit.schema.parse import parse_statement
from archkit.schema.registry import SCHEMA_RULES, SchemaContext
from archkit.schema.split import split_sql

SHOPFRONT = "\n".join(p.read_text() for p in sorted((path("shopfront") / "schema").glob("*.sql")))

EXTRA = """
CREATE TABLE region (id int PRIMARY KEY, name char(10), created timestamp);
CREATE TABLE shop (id bigint PRIMARY KEY, region_id bigint REFERENCES region (id),
  owner_id bigint, phone1 text, phone2 text, phone3 text, data json);
CREATE TABLE shop_note (id bigint PRIMARY KEY, shop_id bigint REFERENCES shop ON DELETE CASCADE,
  "Body" text, amount float);
CREATE TABLE owner (id bigint PRIMARY KEY);
CREATE INDEX shop_region ON shop (region_id);
CREATE INDEX shop_region_again ON shop (region_id);
"""


def _key(f):
    return (f.rule, f.severity, f.message, f.path, f.line, f.col, f.object, f.hint)


def _catalog(sql: str, dialect: str = "postgres"):
    d = get_dialect(dialect)
    stmts = [parse_statement(r, d, None, i) for i, r in enumerate(split_sql(sql, dialect))]
    return build_catalog(stmts, d), d


PARTITIONS = """
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at))
  PARTITION BY RANGE (at);
CREATE TABLE "Events 2024" PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025_and_a_name_far_longer_than_postgres_keeps_without_a_word
  PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE "order" (id bigint NOT NULL, at date NOT NULL);
ALTER TABLE events ATTACH PARTITION "order" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
"""


# this session's hints that read more than a column: names proposed within a table
# (AK-NM004), timestamps an index compares (AK-TY001), a CHECK's values (AK-TY005), a key
# to a partitioned table (AK-IX006)
HINTED = """
CREATE TABLE "Бренды" ("Код бренда" integer PRIMARY KEY, "$" int, "%" int, "Бренды" int);
CREATE TABLE m (id bigint PRIMARY KEY, a timestamp, b timestamp, c timestamp,
  s text CHECK (s IN ('a','b','c','d','e','f','g','h','i','j')));
CREATE INDEX m_ab ON m (id) WHERE a > b;
CREATE INDEX m_c ON m (id) WHERE c > '2020-01-01';
CREATE TABLE pb (id bigint NOT NULL, p int NOT NULL, PRIMARY KEY (id, p)) PARTITION BY LIST (p);
CREATE TABLE pv (id bigint PRIMARY KEY, p int NOT NULL, b_id bigint NOT NULL,
  FOREIGN KEY (b_id, p) REFERENCES pb (id, p));
CREATE INDEX pv_b ON pv (b_id);
"""


def _scoped_sources():
    yield SHOPFRONT + EXTRA
    yield SHOPFRONT + EXTRA + PARTITIONS
    yield SHOPFRONT + HINTED
    for sr in SCHEMA_RULES.values():
        if sr.example_dialect == "postgres":
            yield from (e for e in (sr.rule.fires, sr.rule.passes) if isinstance(e, str))


@pytest.mark.parametrize("sql", list(_scoped_sources()))
def test_scoped_rules_are_the_union_of_their_per_table_findings(sql):
    catalog, d = _catalog(sql)
    conf = CheckConfig.make("postgres", None)
    for sr in enabled_rules(conf):
        if sr.rule.id not in RULE_SCOPE:
            continue
        opts = rule_options(conf, sr.rule.id)
        full = list(sr.check(SchemaContext(catalog=catalog, dialect=d, rule=sr.rule,
                                           options=opts)) or ())
        parts = [f for k in catalog.tables for f in _run_on(sr, catalog, {k}, d, opts)]
        assert Counter(full) == Counter(parts), sr.rule.id


EDITS = [
    ("region", lambda s: s.replace("id int PRIMARY KEY", "id bigint PRIMARY KEY")),
    ("shop", lambda s: s.replace("phone3 text", "phone3 text, phone4 text")),
    ("shop_note", lambda s: s.replace("REFERENCES shop ON DELETE CASCADE", "REFERENCES shop")),
    ("region", lambda s: s.replace("name char(10)", "name text NOT NULL")),
    ("shop", lambda s: s.replace("region_id bigint REFERENCES region (id)", "region_id int")),
    ("shop_note", lambda s: s.replace('"Body" text', 'body text NOT NULL')),
    ("shop", lambda s: s.replace("region_id int", "region_id bigint REFERENCES region")),
    ("owner", lambda s: s.replace("id bigint PRIMARY KEY", "id bigint PRIMARY KEY, note text")),
    ("owner", lambda s: s.replace("(id bigint PRIMARY KEY", "(owner_id bigint PRIMARY KEY")),
    ("shop", lambda s: s.replace("owner_id bigint,", "owner_id bigint NOT NULL,")),
]


def test_incremental_findings_equal_a_full_check_after_each_edit():
    ic = IncrementalChecker(SHOPFRONT + EXTRA)
    assert Counter(map(_key, ic.report)) == Counter(map(_key, check(ic.text)))
    for table, change in EDITS:
        i = ic.statement_of(table)
        new = change(ic.statements[i].sql)
        assert new != ic.statements[i].sql
        ic.edit(i, new)
        full = check(ic.text)
        assert Counter(map(_key, ic.report)) == Counter(map(_key, full)), (table, new)
    assert ic.text.count("phone4") == 1
    assert any(f.rule == "AK-FK005" and "owner(owner_id)" in f.message for f in ic.report)


def test_a_new_table_name_falls_back_to_the_full_run():
    ic = IncrementalChecker(SHOPFRONT + EXTRA)
    i = ic.statement_of("shop_note")
    ic.edit(i, ic.statements[i].sql.replace("CREATE TABLE shop_note", "CREATE TABLE shop_memo"))
    assert Counter(map(_key, ic.report)) == Counter(map(_key, check(ic.text)))
    assert ic.catalog.table("shop_memo") is not None


def test_name_scoped_rules_are_the_union_of_their_per_name_findings():
    from archkit.schema.cache import _NAME_SCOPE, _run_on_names
    from archkit.schema.rules._support import index

    conf = CheckConfig.make("postgres", None)
    for sql in [SHOPFRONT + EXTRA + MORE, *list(_scoped_sources())[1:]]:
        catalog, d = _catalog(sql)
        for sr in enabled_rules(conf):
            if sr.rule.id not in _NAME_SCOPE:
                continue
            opts = rule_options(conf, sr.rule.id)
            ctx = SchemaContext(catalog=catalog, dialect=d, rule=sr.rule, options=opts)
            full = list(sr.check(ctx) or ())
            parts = [f for name, rows in index(ctx).by_name.items()
                     for f in _run_on_names(sr, catalog, {name: rows}, d, opts)]
            assert Counter(full) == Counter(parts), sr.rule.id


# statements whose findings the incremental checker keeps or re-derives in other ways:
# enum types (AK-TY005), a cascade chain (AK-FK007), one column name with different
# types (AK-TY008, by name), migration statements on tables made elsewhere (AK-MG*,
# the walk is reused while only CREATE TABLEs change), markers and syntax errors
MORE = """
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE ca (id bigint PRIMARY KEY, feeling mood, amount float);
CREATE TABLE cb (id bigint PRIMARY KEY, ca_id bigint REFERENCES ca ON DELETE CASCADE);
CREATE TABLE cc (id bigint PRIMARY KEY, cb_id bigint REFERENCES cb ON DELETE CASCADE);
CREATE TABLE cd (id bigint PRIMARY KEY,
  cc_id bigint REFERENCES cc ON DELETE CASCADE,
  amount numeric(12, 2));
ALTER TABLE legacy ADD COLUMN note text NOT NULL;
ALTER TABLE legacy DROP COLUMN old_note;
CREATE INDEX legacy_note ON legacy (note);
ALTER TABLE cd ADD CONSTRAINT cd_amount_positive CHECK (amount > 0);
ALTER TABLE cb ADD COLUMN label varchar(40);
CREATE INDEX cb_label_idx ON cb (label);
COMMENT ON TABLE cd IS 'the last link of the chain';
COMMENT ON COLUMN cb.label IS 'shown to people';
"""

MORE_EDITS = [
    ("cd", "cc_id bigint REFERENCES cc ON DELETE CASCADE", "cc_id bigint REFERENCES cc"),
    ("cd", "amount numeric(12, 2)", "amount float"),
    ("ca", "feeling mood", "feeling text"),
    ("CREATE TYPE", "'sad')", "'sad', 'meh')"),
    ("ca", "feeling text", "feeling mood"),
    ("cd", "  amount float)", "  amount float (()"),                # does not parse
    ("CREATE TABLE cd", "  amount float (()", "  amount float)"),
    ("cd", "cc_id bigint REFERENCES cc,",
     "cc_id bigint REFERENCES cc, -- archkit: ignore[AK-IX006] small table"),
    ("ALTER TABLE legacy ADD", "note text NOT NULL", "note text"),
    ("cb", "ca_id bigint", "ca_id int"),
    ("cd", " -- archkit: ignore[AK-IX006] small table", ""),
    ("cd", "cc_id bigint REFERENCES cc,", "cc_id bigint REFERENCES cc ON DELETE CASCADE,"),
    ("cb", "ca_id int", "ca_id bigint"),
]


def _statement(ic, what):
    if " " not in what:
        return ic.statement_of(what)
    return next(i for i, s in enumerate(ic.statements) if s.sql.startswith(what))


@pytest.mark.parametrize("base", [SHOPFRONT + EXTRA, EXTRA], ids=["markers", "no-markers"])
def test_incremental_findings_equal_a_full_check_after_edits_to_what_it_keeps(base):
    # without archkit: ignore markers the report is kept sorted by merging each rule's
    # changes into it; one edit adds a marker (sorted again) and a later one removes it
    text = base + MORE
    ic = IncrementalChecker(text)
    seen = set()
    patched = 0     # edits whose catalog was patched rather than built again
    for what, old, new in MORE_EDITS:
        i = _statement(ic, what)
        sql = ic.statements[i].sql
        assert sql.count(old) == 1, (what, old)
        ic.edit(i, sql.replace(old, new))
        text = text.replace(sql, sql.replace(old, new))
        assert ic.text == text
        full = check(ic.text)
        assert Counter(map(_key, ic.report)) == Counter(map(_key, full)), (what, new)
        keys = [f.sort_key() for f in ic.report]
        assert keys == sorted(keys)
        seen |= {f.rule for f in full}
        _assert_catalog_is_a_full_build(ic)
        patched += ic._plan_ok and ic._plan is not None
    assert {"AK-TY005", "AK-FK007", "AK-TY008", "AK-MG001", "AK-IX006", "AK-SQL001"} <= seen
    assert patched >= 5


def _assert_catalog_is_a_full_build(ic):
    full = build_catalog(ic.statements, ic.dialect)
    assert list(ic.catalog.tables.items()) == list(full.tables.items())
    assert (ic.catalog.created, ic.catalog.dropped) == (full.created, full.dropped)
    assert ic.catalog.statements == full.statements


def test_a_patched_catalog_equals_a_full_build_after_each_edit():
    # the catalog is patched (one table built again, the others shared) while every
    # statement changes one table (comments included); a rename switches back to full
    # builds
    text = EXTRA + MORE
    ic = IncrementalChecker(text)
    for sql_edit in [("cd", "amount numeric(12, 2)", "amount float"),
                     ("cb", "ca_id bigint", "ca_id int"),
                     ("ca", "amount float", "amount float NOT NULL"),
                     ("cd", "(id bigint PRIMARY KEY", "(id bigint PRIMARY KEY, extra int"),
                     ("cb", "(id bigint PRIMARY KEY", "(id bigint PRIMARY KEY, note text")]:
        what, old, new = sql_edit
        i = _statement(ic, what)
        ic.edit(i, ic.statements[i].sql.replace(old, new))
        _assert_catalog_is_a_full_build(ic)
        assert ic._plan is not None
    i = _statement(ic, "ALTER TABLE cb ADD")
    ic.edit(i, "ALTER TABLE cb RENAME COLUMN label TO title")
    _assert_catalog_is_a_full_build(ic)
    i = _statement(ic, "cb")
    ic.edit(i, ic.statements[i].sql.replace("ca_id int", "ca_id bigint"))
    _assert_catalog_is_a_full_build(ic)
    assert ic._plan is None
    assert Counter(map(_key, ic.report)) == Counter(map(_key, check(ic.text)))


def test_an_edit_and_its_undo_keep_the_text_and_the_findings():
    # the statement object of the undone text is reused: its offset must follow the
    # edits made to the statements before it in the meantime
    text = SHOPFRONT + EXTRA + MORE
    ic = IncrementalChecker(text)
    first = check(text)
    late, early = ic.statement_of("cd"), ic.statement_of("ca")
    cd = ic.statements[late].sql
    ic.edit(late, cd.replace("amount numeric(12, 2)", "amount float"))
    ca = ic.statements[early].sql
    ic.edit(early, ca.replace("amount float", "amount_total float"))
    ic.edit(late, cd)
    ic.edit(early, ca)
    assert ic.text == text
    assert Counter(map(_key, ic.report)) == Counter(map(_key, first))
    ic.edit(late, cd.replace("(id bigint", "(id  bigint"))
    assert ic.text == text.replace(cd, cd.replace("(id bigint", "(id  bigint"))


PARTITIONS = """
CREATE TABLE shop (id bigint PRIMARY KEY);
CREATE TABLE visit (id bigint NOT NULL, at timestamptz NOT NULL, shop_id bigint REFERENCES shop,
  PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE visit_2024 PARTITION OF visit FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE visit_note (id bigint PRIMARY KEY, visit_id bigint, visit_at timestamptz,
  FOREIGN KEY (visit_id, visit_at) REFERENCES visit_2024 (id, at));
"""


def test_an_edit_to_a_partitioned_table_reaches_its_partitions():
    # a partition is made from its parent's statement too: the catalog is built again
    ic = IncrementalChecker(PARTITIONS)
    assert Counter(map(_key, ic.report)) == Counter(map(_key, check(ic.text)))
    for what, old, new in [("visit", "PRIMARY KEY (id, at)", "UNIQUE (id, at)"),
                           ("visit", "at timestamptz NOT NULL", "at timestamp NOT NULL"),
                           ("visit", "UNIQUE (id, at)", "PRIMARY KEY (id, at)")]:
        i = _statement(ic, what)
        ic.edit(i, ic.statements[i].sql.replace(old, new))
        _assert_catalog_is_a_full_build(ic)
        assert Counter(map(_key, ic.report)) == Counter(map(_key, check(ic.text))), new
    assert ic.catalog.tables["visit_2024"].columns["at"].type == "timestamp"


def test_partitioning_a_key_target_reaches_the_index_finding_of_its_referrer():
    # AK-IX006 reads how its key's target is partitioned: an edit of the target alone
    # changes the finding about the table that references it ("refs")
    sql = ("CREATE TABLE builds (id bigint NOT NULL, partition_id bigint NOT NULL,\n"
           "  PRIMARY KEY (id, partition_id));\n"
           "CREATE TABLE vars (id bigint PRIMARY KEY, partition_id bigint NOT NULL,\n"
           "  job_id bigint NOT NULL,\n"
           "  FOREIGN KEY (job_id, partition_id) REFERENCES builds (id, partition_id));\n"
           "CREATE INDEX vars_job_id_idx ON vars (job_id);\n")
    ic = IncrementalChecker(sql)
    assert "AK-IX006" in {f.rule for f in ic.report}
    i = _statement(ic, "builds")
    for new in (ic.statements[i].sql + " PARTITION BY LIST (partition_id)",
                ic.statements[i].sql):
        ic.edit(i, new)
        assert Counter(map(_key, ic.report)) == Counter(map(_key, check(ic.text))), new
        assert ("AK-IX006" in {f.rule for f in ic.report}) == ("PARTITION" not in new)


def test_mysql_mixed_case_columns_after_edits_equal_a_full_build():
    # keys name columns as the table spells them (catalog.own_column_names): a patched
    # table's foreign keys reach into tables that were not built again, and a parent
    # whose columns change case changes its referrers' keys
    text = ("CREATE TABLE p (ID int PRIMARY KEY);\n"
            "CREATE TABLE t (Id int, DB_ID int, Note varchar(20), PRIMARY KEY (id),\n"
            "  KEY k1 (db_id), CONSTRAINT fk1 FOREIGN KEY (`db_id`) REFERENCES p (id));\n"
            "CREATE INDEX t_note ON t (note);\n")
    ic = IncrementalChecker(text, dialect="mysql")
    for what, old, new in [("CREATE TABLE t", "varchar(20)", "varchar(30)"),
                           ("CREATE TABLE p", "ID int", "Id int"),
                           ("CREATE TABLE t", "Note varchar", "NOTE varchar")]:
        i = _statement(ic, what)
        ic.edit(i, ic.statements[i].sql.replace(old, new))
        full = check(ic.text, dialect="mysql")
        assert Counter(map(_key, ic.report)) == Counter(map(_key, full)), (what, new)
        _assert_catalog_is_a_full_build(ic)
    t = ic.catalog.tables["t"]
    assert t.foreign_keys[0].ref_columns == ("Id",)
    assert [ix.column_names for ix in t.indexes] == [("DB_ID",), ("NOTE",)]
