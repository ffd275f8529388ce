"""check(): parse findings plus enabled rules, configuration, select/ignore,
suppressions, dialect restrictions and the example runner."""

from __future__ import annotations

import pytest

from archkit.findings import Severity
from archkit.schema.check import CheckConfig, check, check_catalog, enabled_rules
from archkit.schema.registry import SCHEMA_RULES, schema_rule


@pytest.fixture
def probe_rule():
    """A temporary rule flagging tables named like 'tmp_*' (removed afterwards)."""
    from archkit import rules as registry

    @schema_rule("AK-ZZ901", "probe-table", "warning", why="test rule " * 10,
                 fires="CREATE TABLE tmp_x (id int);", passes="CREATE TABLE x (id int);",
                 dialects=("postgres", "mysql"), options={"prefix": "tmp_"})
    def probe(ctx):
        for t in ctx.catalog.tables.values():
            if t.name.startswith(ctx.option("prefix")):
                yield ctx.rule.finding(f"table {t.name} looks temporary", object=t.key,
                                       hint=f"DROP TABLE {t.key};", **ctx.where(t.pos))

    yield SCHEMA_RULES["AK-ZZ901"]
    SCHEMA_RULES.pop("AK-ZZ901", None)
    registry._RULES.pop("AK-ZZ901", None)


SQL = "CREATE TABLE tmp_a (id int);\nCREATE TABLE tmp_b (id int);\nCREATE TABLE keep (id int);\n"


def test_rule_runs_with_positions_and_options(probe_rule):
    report = check(SQL, select=["AK-ZZ"])
    assert [(f.object, f.line, f.col) for f in report] == [("tmp_a", 1, 14), ("tmp_b", 2, 14)]
    report = check(SQL, select=["AK-ZZ"], config={"schema": {"prefix": "keep"}})
    assert [f.object for f in report] == ["keep"]
    report = check(SQL, select=["AK-ZZ"], config={"schema": {"AK-ZZ901": {"prefix": "tmp_b"}}})
    assert [f.object for f in report] == ["tmp_b"]


def test_rules_section_relevels_and_switches_off(probe_rule):
    report = check(SQL, select=["AK-ZZ"], config={"rules": {"AK-ZZ901": "error"}})
    assert {f.severity for f in report} == {Severity.ERROR}
    assert len(check(SQL, config={"rules": {"AK-ZZ901": "off"}}).by_rule("AK-ZZ901")) == 0


def test_select_and_ignore_prefixes(probe_rule):
    assert check(SQL, ignore=["AK-ZZ"]).by_rule("AK-ZZ901") == []
    assert len(check(SQL, select=["AK-ZZ9"]).by_rule("AK-ZZ901")) == 2
    conf = CheckConfig.make("postgres", None, select=["AK-SQL"])
    assert all(sr.rule.id.startswith("AK-SQL") for sr in enabled_rules(conf))


def test_dialect_restriction(probe_rule):
    assert len(check(SQL, dialect="mysql").by_rule("AK-ZZ901")) == 2
    assert check(SQL, dialect="sqlite").by_rule("AK-ZZ901") == []


def test_dialect_default_comes_from_config():
    assert CheckConfig.make(None, {"schema": {"dialect": "mysql"}}).dialect == "mysql"
    assert CheckConfig.make("sqlite", {"schema": {"dialect": "mysql"}}).dialect == "sqlite"
    assert CheckConfig.make(None, None).dialect == "postgres"


def test_suppression_with_reason_hides_and_without_reason_is_reported(probe_rule):
    sql = ("-- archkit: ignore[AK-ZZ901] scratch table for the import job\n"
           "CREATE TABLE tmp_a (id int);\n"
           "CREATE TABLE tmp_b (id int); -- archkit: ignore[AK-ZZ901]\n"
           "CREATE TABLE tmp_c (\n  id int -- archkit: ignore[AK-ZZ901] inside the statement\n);\n")
    report = check(sql, select=["AK-ZZ", "AK-SUP"])
    assert [f.object for f in report.by_rule("AK-ZZ901")] == []
    (sup,) = report.by_rule("AK-SUP001")
    assert sup.line == 3


def test_suppression_is_per_file(tmp_path, probe_rule):
    (tmp_path / "a.sql").write_text("CREATE TABLE tmp_a (id int); -- archkit: ignore[AK-ZZ901] ok\n")
    (tmp_path / "b.sql").write_text("CREATE TABLE tmp_b (id int);\n")
    report = check([tmp_path / "a.sql", tmp_path / "b.sql"], select=["AK-ZZ"])
    assert [f.object for f in report] == ["tmp_b"]


def test_parse_findings_are_part_of_the_report():
    report = check("CREATE TABLE t (id int PRIMARY KEY KEY);\n"
                   "CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING;", select=["AK-SQL"])
    assert report.rules() == ["AK-SQL001", "AK-SQL002"]
    sql2 = report.by_rule("AK-SQL002")[0]
    assert sql2.severity == Severity.INFO and sql2.object == "CREATE RULE at line 2"


def test_example_runner_runs_the_rule_in_its_example_dialect(probe_rule):
    from archkit.rules import run_example
    assert run_example(probe_rule.rule, "fires").by_rule("AK-ZZ901")
    assert not run_example(probe_rule.rule, "passes").by_rule("AK-ZZ901")


def test_check_catalog_is_pure_over_a_catalog(probe_rule):
    from archkit.schema import load_schema
    cat = load_schema(SQL)
    r1 = check_catalog(cat, CheckConfig.make("postgres", select=["AK-ZZ"]))
    r2 = check_catalog(cat, CheckConfig.make("postgres", select=["AK-ZZ"]))
    assert r1.findings == r2.findings and len(r1) == 2


def test_bad_rules_setting_is_an_input_error():
    from archkit.errors import InputError
    with pytest.raises(InputError, match="use off, info, warning or error"):
        check(SQL, config={"rules": {"AK-PK001": "loud"}})


def test_workload_is_parsed_into_the_catalog(tmp_path):
    from archkit.schema.catalog import build_catalog  # noqa: F401
    from archkit.schema.check import check_sources
    from archkit.schema.parse import SqlSource
    report = check_sources([SqlSource(SQL, "s.sql")], CheckConfig.make("postgres", select=["AK-SQL"]),
                           [SqlSource("SELECT * FROM keep WHERE id = 1;", "w.sql")])
    assert len(report) == 0


def test_run_step_checks_the_example_and_draws_its_erd(example_copy):
    from archkit.run import run_workspace

    summary = run_workspace(example_copy, progress=False)
    (step,) = [r for r in summary.results if r.name == "schema"]
    assert step.report.by_rule("AK-TY004") and step.report.by_rule("AK-IX006")
    assert not step.report.by_rule("AK-DOC002")           # suppressed with a reason
    assert "schema/findings.json" in step.files and "schema/erd.svg" in step.files
    assert (example_copy / "build" / "schema" / "erd.svg").read_text().count("<svg") == 1
    assert step.data["tables"] == 13 and step.data["headline"][0].startswith("schema: 13 tables")


def test_a_templated_statement_says_so_in_its_hint():
    # schemachange / dbt migrations hold Jinja: the syntax error is real, the fix is to
    # check the rendered SQL
    from archkit.schema import check

    (f,) = check("CREATE TABLE {{ database_name }}.public.t (id int);",
                 select=["AK-SQL001"]).findings
    assert "template" in f.hint and "schemachange render" in f.hint
    (g,) = check("CREATE TABLE t (id int int);", select=["AK-SQL001"]).findings
    assert g.hint.startswith("-- fix the syntax near line 1")
