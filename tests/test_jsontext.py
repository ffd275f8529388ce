"""archkit.jsontext.dumps writes exactly what json.dumps(indent=2, ensure_ascii=False) does."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from archkit.findings import Finding, Report, Severity
from archkit.jsontext import dumps


def reference(obj: object) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(list(Severity)),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
        st.dictionaries(st.integers(), inner, max_size=2),     # keys json turns into text
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_same_text_as_json_dumps(doc: object) -> None:
    assert dumps(doc) == reference(doc)


def test_escapes_and_unicode_as_json_does() -> None:
    doc = {"msg": 'quote " backslash \\ tab \t nl \n nul \x00 é 漢 \u2028 🙂',
           "nested": [{}, [], {"a": [1, True, None]}], "": ""}
    assert dumps(doc) == reference(doc)


def test_what_it_does_not_know_is_left_to_json() -> None:
    class Odd:
        pass

    try:
        dumps({"x": Odd()})
    except TypeError as exc:       # the error json.dumps raises, not a private one
        assert "not JSON serializable" in str(exc)
    else:
        raise AssertionError("an unserialisable value must raise TypeError")


def test_report_renderers_equal_the_standard_encoder() -> None:
    findings = [
        Finding("AK-IX001", "redundant-index", Severity.WARNING, "ix_a is covered by ix_ab",
                path="db/schema 1.sql", line=3, col=1, object="public.t.ix_a",
                hint="DROP INDEX ix_a;"),
        Finding("AK-SQL001", "syntax-error", Severity.ERROR, "does not parse: 'ü'",
                path="db/schema.sql", line=9, col=14),
        Finding("AK-DOC001", "missing-comment", "info", "no comment", object="public.t"),
    ]
    report = Report(findings)
    assert report.to_json() == reference(report.to_records()) + "\n"
    sarif = report.to_sarif()
    assert sarif == reference(json.loads(sarif)) + "\n"
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(sarif)["runs"][0]["results"] for loc in r.get("locations", ())
            if "physicalLocation" in loc]
    assert sorted(uris) == ["db/schema%201.sql", "db/schema.sql"]


def test_reports_do_not_fall_back_to_the_slow_encoder(monkeypatch) -> None:
    # the point of the module: findings and SARIF documents are walked here, not by
    # json's pure-Python encoder (which indent=2 forces)
    import archkit.jsontext as jt

    def refuse(*_a: object, **_k: object) -> str:
        raise AssertionError("fell back to json.dumps")

    monkeypatch.setattr(jt.json, "dumps", refuse)
    report = Report([Finding("AK-IX001", "redundant-index", Severity.WARNING, "m",
                             path="s.sql", line=1, col=1, object="t", hint="h")])
    assert '"severity": "warning"' in report.to_json()
    assert '"ruleId": "AK-IX001"' in report.to_sarif()
