"""``archkit decide`` and the decisions step of ``archkit run``, end to end through
the real CLI (subprocess): output, exit codes, and bad input (exit 2, one line
``path:line:...``, nothing written)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archkit.examples import path as example_path
from archkit.tradeoff import DecisionMatrix
from archkit.tradeoff import rules as R
from tests.decision_samples import FRAGILE_SCORES, NOTES

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = example_path("shopfront") / "decisions" / "deployment.yaml"


def archkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "archkit", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120, check=False)


def test_decide_text_shows_ranking_stability_probability_and_verdict():
    r = archkit("decide", str(DEPLOY))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Ranking (wsm; normalisation fixed-scale" in out
    lines = out.splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.strip().startswith("rank "))
    assert lines[first + 1].split()[:3] == ["1", "Modular", "monolith"]
    assert "Weight stability" in out and "scalability" in out
    assert "Verdict: Modular monolith ranks first (0.75); it stays first unless the weight " \
           "of scalability rises above 0.451; it wins in 88 % of uniformly drawn weightings." in out
    assert r.stderr == ""


def test_decide_json_is_only_json():
    r = archkit("decide", str(DEPLOY), "--format", "json", "--method", "topsis")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["method"] == "topsis" and "vector" in data["normalisation"]
    assert data["ranking"][0]["option"] == "Modular monolith"
    assert set(data["win_probability"]) == {"Modular monolith", "Serverless functions",
                                            "Microservices on Kubernetes",
                                            "Monolith plus extracted checkout"}
    assert {s["criterion"] for s in data["stability"]} >= {"scalability", "running_cost"}
    assert data["findings"] == []
    assert data["verdict"].startswith("By TOPSIS, Modular monolith ranks first")   # --method topsis


def test_decide_markdown():
    r = archkit("decide", str(DEPLOY), "--format", "markdown")
    assert r.returncode == 0
    assert "| 1 | Modular monolith | 0.750 | 88 % |" in r.stdout
    assert "**Verdict:**" in r.stdout


FRAGILE = FRAGILE_SCORES + NOTES


def test_findings_are_printed_and_fail_on_decides_exit_code(tmp_path):
    f = tmp_path / "frontend.yaml"
    f.write_text(FRAGILE)
    r = archkit("decide", str(f))
    assert r.returncode == 0  # a warning does not fail by default
    assert "AK-DEC003 warning React wins, but if the weight of performance rises" in r.stdout
    assert f"{f}:4:" in r.stdout
    assert archkit("decide", str(f), "--fail-on", "warning").returncode == 1


def test_inconsistent_ahp_is_an_error_finding(tmp_path):
    from archkit.tradeoff.rules import INCONSISTENT_AHP

    f = tmp_path / "cache.yaml"
    f.write_text(INCONSISTENT_AHP.fires)
    r = archkit("decide", str(f))
    assert r.returncode == 1
    assert "AK-DEC001 error AHP judgements are inconsistent" in r.stdout


BAD_CASES = {
    "negative weight": ("weight: 0.25", "weight: -0.25", 9,
                        "criterion 'scalability': weight -0.25 is negative"),
    "score outside scale": ("scalability: 6, running_cost: 3",
                            "scalability: 11, running_cost: 3", 27,
                            ("option 'Modular monolith', criterion 'scalability': score 11 is "
                             "outside the scale [1, 10]")),
    "unknown criterion": ("scalability: 6, running_cost: 3", "scalabilty: 6, running_cost: 3",
                          27, "option 'Modular monolith': unknown criterion 'scalabilty'"),
    "duplicate option": ("  Serverless functions:", "  Microservices on Kubernetes:", 30,
                         "duplicate key 'Microservices on Kubernetes'"),
    "invalid yaml": ("  Serverless functions:", "  Serverless functions: [", 32, "invalid YAML"),
}


def _bad_copy(tmp_path: Path, case: str) -> Path:
    old, new, _, _ = BAD_CASES[case]
    ws = tmp_path / "ws"
    shutil.copytree(example_path("shopfront"), ws,
                    ignore=shutil.ignore_patterns("__pycache__"))
    f = ws / "decisions" / "deployment.yaml"
    text = f.read_text()
    assert old in text
    f.write_text(text.replace(old, new, 1))
    return ws


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_decide_bad_input_exit_2_one_line(tmp_path, case):
    ws = _bad_copy(tmp_path, case)
    _, _, line, message = BAD_CASES[case]
    r = archkit("decide", "decisions/deployment.yaml", cwd=ws)
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    err = r.stderr.strip()
    prefix = "decisions/deployment.yaml:" + (f"{line}:" if line else "")
    assert err.startswith(prefix), err
    assert message in err
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_run_with_a_bad_decision_writes_nothing(tmp_path, case):
    ws = _bad_copy(tmp_path, case)
    out = tmp_path / "out"
    _, _, line, message = BAD_CASES[case]
    r = archkit("run", str(ws), "--out", str(out))
    assert r.returncode == 2
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1, err
    prefix = f"{ws / 'decisions' / 'deployment.yaml'}:" + (f"{line}:" if line else "")
    assert err.startswith(prefix), err
    assert message in err
    assert not out.exists()


def test_decide_missing_file_and_directory(tmp_path):
    r = archkit("decide", str(tmp_path / "nope.yaml"))
    assert r.returncode == 2 and "no such file" in r.stderr
    r = archkit("decide", str(tmp_path))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_run_writes_charts_and_ranking_in_summary(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copytree(example_path("shopfront") / "decisions", ws / "decisions")
    out = tmp_path / "out"
    r = archkit("run", str(ws), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "deployment: Modular monolith first (0.75), wins 88 % of weightings" in r.stdout
    for stem in ("deployment", "datastore"):
        for name in ("ranking", "stability", "win-probability"):
            svg = (out / "decisions" / stem / f"{name}.svg").read_text()
            assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    summary = json.loads((out / "summary.json").read_text())
    step = next(s for s in summary["steps"] if s["name"] == "decisions")
    dep = next(d for d in step["data"]["decisions"] if d["title"].startswith("Deployment"))
    assert dep["ranking"][0]["option"] == "Modular monolith"
    assert dep["ranking"][0]["score"] == pytest.approx(0.75)
    md = (out / "summary.md").read_text()
    assert "| 1 | Modular monolith | 0.750 | 88 % |" in md
    assert "](decisions/deployment/ranking.svg)" in md


def test_workspace_config_relevels_and_tunes_decision_rules(tmp_path):
    (tmp_path / "decisions").mkdir()
    f = tmp_path / "decisions" / "frontend.yaml"
    f.write_text(FRAGILE)
    (tmp_path / "archkit.toml").write_text('[rules]\nAK-DEC003 = "error"\n')
    r = archkit("decide", str(f))
    assert r.returncode == 1 and "AK-DEC003 error" in r.stdout
    (tmp_path / "archkit.toml").write_text("[decisions]\nfragile_margin = 0.01\n")
    r = archkit("decide", str(f))
    assert r.returncode == 0 and "AK-DEC003" not in r.stdout  # the flip is 0.016 away
    (tmp_path / "archkit.toml").write_text("[decisions]\nfragile_margin = 5\n")
    r = archkit("decide", str(f))
    assert r.returncode == 2 and "[decisions] fragile_margin = 5" in r.stderr
    out = tmp_path / "out"
    r = archkit("run", str(tmp_path), "--out", str(out))
    assert r.returncode == 2 and not out.exists()


def test_decide_config_is_used_instead_of_the_archkit_toml_above_the_file(tmp_path):
    (tmp_path / "decisions").mkdir()
    f = tmp_path / "decisions" / "frontend.yaml"
    f.write_text(FRAGILE)
    (tmp_path / "archkit.toml").write_text('[rules]\nAK-DEC003 = "error"\n')
    team = tmp_path / "team.toml"
    team.write_text("[decisions]\nfragile_margin = 0.01\n")
    r = archkit("decide", str(f))                          # the default: archkit.toml above
    assert r.returncode == 1 and "AK-DEC003 error" in r.stdout
    r = archkit("decide", str(f), "--config", str(team))
    assert r.returncode == 0 and "AK-DEC003" not in r.stdout, r.stdout  # 0.016 away
    team.write_text('[rules]\nAK-DEC003 = "info"\n')
    r = archkit("decide", str(f), "--config", str(team), "--format", "json")
    assert [(x["rule"], x["severity"]) for x in json.loads(r.stdout)["findings"]] == [
        ("AK-DEC003", "info")]
    # a decision with no archkit.toml above it takes one too
    lone = tmp_path / "lone.yaml"
    lone.write_text(FRAGILE)
    r = archkit("decide", str(lone), "--config", str(team), "--fail-on", "info")
    assert r.returncode == 1 and "AK-DEC003 info" in r.stdout


def test_decide_config_errors_name_that_file(tmp_path):
    f = tmp_path / "frontend.yaml"
    f.write_text(FRAGILE)
    r = archkit("decide", str(f), "--config", "missing.toml", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (2, "", "missing.toml: no such configuration "
                                                         "file\n")
    r = archkit("decide", str(f), "--config", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 2 and "is a directory without archkit.toml" in r.stderr
    (tmp_path / "team.toml").write_text("[decisions]\nfragile_margin = 5\n")
    r = archkit("decide", str(f), "--config", "team.toml", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("team.toml:2:") and \
        "[decisions] fragile_margin = 5" in r.stderr and "Traceback" not in r.stderr


# no option ever takes the first place from A, whatever weight either criterion gets
UNBEATEN = ("title: Dominant\nscale: [1, 10]\ncriteria:\n  - {name: cost, weight: 1}\n"
            "  - {name: speed, weight: 2}\noptions:\n  A: {cost: 9, speed: 9}\n"
            "  B: {cost: 2, speed: 3}\n")


def test_no_challenger_is_none_in_text_and_markdown_and_null_in_json(tmp_path):
    # it was "-" in the text, "nobody" in markdown (and the widget)
    f = tmp_path / "dominant.yaml"
    f.write_text(UNBEATEN)
    lines = archkit("decide", str(f)).stdout.splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.strip().startswith("criterion "))
    column = lines[head].index("taken over by")
    assert [ln[column:] for ln in lines[head + 1:head + 3]] == ["none", "none"]
    md = archkit("decide", str(f), "--format", "markdown").stdout
    assert "| cost | 0.333 | 0.000 .. 1.000 | none |" in md and "nobody" not in md
    data = json.loads(archkit("decide", str(f), "--format", "json").stdout)
    assert {(s["challenger_low"], s["challenger_high"]) for s in data["stability"]} == {
        (None, None)}
    # a rival on one side only: named, and nothing said of the other side
    lines = archkit("decide", str(DEPLOY)).stdout.splitlines()
    assert any(ln.split()[0] == "scalability" and ln.endswith("  Serverless functions above")
               for ln in lines if ln.strip())


def test_run_summary_says_none_too(tmp_path):
    ws = tmp_path / "ws"
    (ws / "decisions").mkdir(parents=True)
    (ws / "decisions" / "dominant.yaml").write_text(UNBEATEN)
    r = archkit("run", str(ws), "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "out" / "summary.md").read_text()
    assert "| speed | 0.667 | 0.000 .. 1.000 | none |" in md and "nobody" not in md
    stability = json.loads((tmp_path / "out" / "summary.json").read_text())["steps"][0][
        "data"]["decisions"][0]["stability"]
    assert [(s["challenger_low"], s["challenger_high"]) for s in stability] == [(None, None)] * 2


def test_suppression_with_and_without_reason(tmp_path):
    f = tmp_path / "frontend.yaml"
    f.write_text(FRAGILE + "ignore:\n  - {rule: AK-DEC003, reason: hiring decides, not speed}\n")
    assert "AK-DEC003" not in archkit("decide", str(f)).stdout
    f.write_text(FRAGILE + "ignore:\n  - {rule: AK-DEC003}\n")
    out = archkit("decide", str(f)).stdout
    assert "AK-DEC003 warning" not in out
    assert f"{f}:13:5: AK-SUP001 warning suppression of AK-DEC003 gives no reason" in out


# the decision on which the two methods disagree: AK-DEC006's own "fires" example
METHODS_DISAGREE = R.METHODS_DISAGREE.fires


def test_decide_topsis_wins_and_verdict_are_topsis_or_labelled(tmp_path):
    """TOPSIS ranks Postgres FTS first, the weighted sum Elasticsearch: every figure must
    say which method it is from (the verdict used to say "Elasticsearch ranks first (0.50)"
    under a TOPSIS table)."""
    f = tmp_path / "search.yaml"
    f.write_text(METHODS_DISAGREE)
    m = DecisionMatrix.from_yaml(f)
    p = m.win_probability(seed=0, method="topsis")
    assert p.index[0] == "Postgres FTS" and p["Postgres FTS"] != m.win_probability()["Postgres FTS"]
    r = archkit("decide", str(f), "--method", "topsis")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    rows = {ln.split()[1]: ln.split() for ln in out.splitlines() if ln.startswith(("  1 ", "  2 "))}
    assert rows["Postgres"][-2:] == [f"{p['Postgres FTS'] * 100:.0f}", "%"]
    assert "in which the option is first by TOPSIS" in out
    assert "defined for the weighted sum only" in out
    verdict = next(ln for ln in out.splitlines() if ln.startswith("Verdict: "))
    assert verdict.startswith("Verdict: By TOPSIS, Postgres FTS ranks first (closeness 0.67) "
                              f"and is first in {p['Postgres FTS'] * 100:.0f} % of uniformly")
    assert "weighted sum only: there Elasticsearch ranks first (0.50)" in verdict

    md = archkit("decide", str(f), "--method", "topsis", "--format", "markdown").stdout
    assert "| rank | option | TOPSIS closeness | wins by TOPSIS (uniform weights) |" in md
    assert f"| 1 | Postgres FTS | 0.673 | {p['Postgres FTS'] * 100:.0f} % |" in md
    assert "stays first by weighted sum for weights" in md
    assert "**Verdict:** By TOPSIS, Postgres FTS ranks first" in md

    data = json.loads(archkit("decide", str(f), "--method", "topsis", "--format", "json").stdout)
    assert data["method"] == "topsis" and data["stability_method"] == "wsm"
    assert data["win_probability"] == {o: round(float(v), 4) for o, v in p.items()}
    assert data["verdict"].startswith("By TOPSIS, Postgres FTS")


def test_decide_text_columns_line_up_with_short_names(tmp_path):
    f = tmp_path / "cache.yaml"            # the AHP example of docs/tradeoff.md: names a..d
    f.write_text("scale: [1, 5]\ncriteria: [{name: a}, {name: b}, {name: c}, {name: d}]\n"
                 "ahp:\n  a: {b: 2, c: 4, d: 1/2}\n  b: {c: 2, d: 4}\n  c: {d: 2}\n"
                 "options:\n  X: {a: 1, b: 2, c: 3, d: 4}\n  Y: {a: 4, b: 3, c: 2, d: 1}\n")
    for method in ("wsm", "topsis"):
        lines = archkit("decide", str(f), "--method", method).stdout.splitlines()
        head = next(i for i, ln in enumerate(lines) if ln.strip().startswith("rank "))
        header, rows = lines[head], lines[head + 1:head + 3]
        for row in rows:      # each value starts under (option) or ends under (numbers) its title
            assert row[header.index("option")] in "XY"
            assert row[header.index("option") - 1] == " "
            for title in ("score", "wins"):
                end = header.index(title) + len(title)
                assert row[end - 1] != " " and row[end:end + 1] in ("", " "), (header, row)
        head = next(i for i, ln in enumerate(lines) if ln.strip().startswith("criterion "))
        header, rows = lines[head], lines[head + 1:head + 5]
        for row in rows:
            assert row[header.index("criterion")] in "abcd"
            for title in ("weight", "low", "high"):
                end = header.index(title) + len(title)
                assert row[end - 1] != " " and row[end] == " ", (header, row)
            assert row[header.index("taken over by"):] in ("X below", "X above", "none")


def test_samples_beyond_the_limit_is_a_usage_error(cli, example_copy):
    # 10^20 weightings used to run until killed
    res = cli("decide", str(example_copy / "decisions" / "deployment.yaml"), "--samples",
              "99999999999999999999")
    assert res.code == 2 and "more than 1,000,000" in res.err and "Traceback" not in res.err


def test_one_sample_is_one_weighting(cli, example_copy):
    res = cli("decide", str(example_copy / "decisions" / "deployment.yaml"), "--samples", "1")
    assert "share of 1 weighting drawn" in res.out
