"""Property tests: no schema rule crashes on odd but possible catalogs (keys naming
unknown columns, FKs to missing tables, empty tables, cycles), and every finding keeps
its contract (object, hint)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_rule_helpers import catalog, col, fk, ix, run_rule, table

from archkit.schema.model import CheckConstraint

NAMES = st.sampled_from(["id", "a", "b", "user_id", "t0_id", "phone1", "phone2", "phone3",
                         "amount", "created_at", "Mixed", "value", "attribute", "x" * 70])
TYPES = st.sampled_from(["int", "bigint", "text", "varchar", "char", "boolean", "real",
                         "money", "json", "timestamp", "datetime", "enum", "user-defined", ""])
DIALECTS = st.sampled_from(["postgres", "mysql", "sqlite", "tsql", "oracle", "snowflake"])


@st.composite
def tables_(draw, name):
    cols = draw(st.lists(st.tuples(NAMES, TYPES, st.booleans()), max_size=6, unique_by=lambda c: c[0]))
    columns = [col(n, t, null=nullable, params=draw(st.sampled_from([(), ("1",), ("20",)])))
               for n, t, nullable in cols]
    names = [c.name for c in columns] + ["ghost"]
    pk = draw(st.one_of(st.none(), st.lists(st.sampled_from(names), min_size=1, max_size=2,
                                            unique=True).map(tuple)))
    targets = st.sampled_from(["t0", "t1", "t2", "missing"])
    fks = draw(st.lists(st.builds(
        lambda cs, ref, rc, od: fk(tuple(cs), ref, tuple(rc[:len(cs)]), on_delete=od),
        st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True),
        targets, st.lists(st.sampled_from(["id", "a", "ghost"]), max_size=2),
        st.sampled_from([None, "cascade", "restrict"])), max_size=3))
    indexes = draw(st.lists(st.builds(
        lambda cs, unique, where, desc: ix(name, *cs, unique=unique, where=where,
                                          desc=tuple(cs[:1]) if desc else ()),
        st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True),
        st.booleans(), st.sampled_from([None, "a IS NOT NULL", "(((", "b > 0"]),
        st.booleans()), max_size=4))
    checks = draw(st.lists(st.sampled_from([
        CheckConstraint("a IS NOT NULL", ("a",)), CheckConstraint("b IN (1,2,3,4,5,6,7,8,9,10)", ("b",)),
        CheckConstraint("not sql at all (", ())]), max_size=2))
    uniques = draw(st.lists(st.lists(st.sampled_from(names), min_size=1, max_size=2,
                                     unique=True).map(tuple), max_size=2))
    return table(name, *columns, pk=pk, fks=tuple(fks), indexes=tuple(indexes),
                 checks=tuple(checks), uniques=tuple(uniques))


@st.composite
def catalogs(draw):
    dialect = draw(DIALECTS)
    n = draw(st.integers(min_value=1, max_value=3))
    return catalog(*[draw(tables_(f"t{i}")) for i in range(n)], dialect=dialect)


CATALOG_RULES = [f"AK-{p}" for p in (
    "PK001", "PK002", "PK003", "PK004", "FK001", "FK002", "FK003", "FK004", "FK005", "FK006",
    "FK007", "CK001", "TY001", "TY002", "TY003", "TY004", "TY005", "TY006", "TY007", "TY008",
    "TY009", "TY010", "NM001", "NM002", "NM003", "NM004", "DOC001", "DOC002", "IX001",
    "IX002", "IX003", "IX004", "IX005", "IX006", "IX007", "IX008")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_no_rule_crashes_and_findings_keep_their_contract(cat):
    for rule_id in CATALOG_RULES:
        for f in run_rule(rule_id, cat):
            assert f.rule == rule_id
            assert f.object, (rule_id, f)
            assert f.hint, (rule_id, f)
