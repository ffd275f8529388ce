"""What the docs promise, where scout AI found archkit doing otherwise: each test is a
sentence of the docs run as a user would run it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_the_documented_option_of_ak_dec003_is_the_config_key(tmp_path: Path):
    """docs/rules.md: "Options: `fragile_margin` = `0.05`", set in [decisions]."""
    from archkit.rules import get_rule

    rule = get_rule("AK-DEC003")
    assert rule.options == {"fragile_margin": 0.05}
    (tmp_path / "d.yaml").write_text(rule.fires)
    assert "AK-DEC003" in run_cli("decide", "d.yaml", cwd=tmp_path).out
    (tmp_path / "archkit.toml").write_text("[decisions]\nfragile_margin = 0.001\n")
    r = run_cli("decide", "d.yaml", cwd=tmp_path)
    assert r.code in (0, 1) and "AK-DEC003" not in r.out, r


def test_an_empty_suppression_is_reported(tmp_path: Path):
    """README: a suppression that names no rule silences nothing: AK-SUP002."""
    (tmp_path / "e.sql").write_text("-- archkit: ignore[] legacy table\n"
                                    "CREATE TABLE a (x int);\n"
                                    "CREATE TABLE b (x int PRIMARY KEY); -- archkit: ignore[ ] x\n")
    r = run_cli("schema", "check", "e.sql", "--select", "AK-SUP,AK-PK001", cwd=tmp_path)
    lines = r.out.splitlines()
    assert lines[0] == ("e.sql:1:1: AK-SUP002 warning suppression names no rule: it "
                        "silences nothing [ignore[]]")
    assert lines[1].startswith("e.sql:2:14: AK-PK001 error table a has no primary key")
    assert lines[2].startswith("e.sql:3:37: AK-SUP002 warning suppression names no rule")


def test_mysql_rule_examples_say_their_dialect():
    """A rule page's example fires as printed: with the dialect it names."""
    from archkit.rules import get_rule, rule_page
    from archkit.schema import check

    page = rule_page(get_rule("AK-FK006"))
    assert "Fires (`--dialect mysql`):" in page and "Passes (`--dialect mysql`):" in page
    assert "--dialect" not in rule_page(get_rule("AK-PK001"))
    fires = get_rule("AK-FK006").fires
    assert "AK-FK006" in check(fires, dialect="mysql").rules()


def test_since_does_not_bring_back_a_finding_the_baseline_had(tmp_path: Path):
    """docs/schema.md: only what the migrations bring; a widened column's older AK-TY003
    is not brought by the migration that widens it."""
    (tmp_path / "V1__init.sql").write_text(
        "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n")
    (tmp_path / "V2__nick.sql").write_text("ALTER TABLE users ADD COLUMN nick varchar(20);\n")
    (tmp_path / "V10__widen.sql").write_text(
        "ALTER TABLE users ALTER COLUMN nick TYPE varchar(40);\n")
    base = run_cli("schema", "check", "V1__init.sql", "V2__nick.sql", "--no-cache",
                   cwd=tmp_path)
    assert "V2__nick.sql:1:30: AK-TY003" in base.out
    r = run_cli("schema", "check", "V1__init.sql", "V2__nick.sql", "V10__widen.sql",
                "--since", "V10__widen.sql", "--no-cache", cwd=tmp_path)
    assert "AK-TY003" not in r.out and "V10__widen.sql:1:13: AK-MG007" in r.out


def test_capacity_targets_are_checked_without_a_rate(example_copy: Path, tmp_path: Path):
    """docs/boundaries.md: quantile and max_response_ms go together; a bad value stops
    the run with exit 2 (it did only once rate_rps was set)."""
    toml = example_copy / "archkit.toml"
    toml.write_text(toml.read_text().replace("rate_rps = 200\n", "quantile = 0.99\n"))
    r = run_cli("run", str(example_copy), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.code == 2, r
    assert "[capacity] quantile" in r.err or "quantile and max_response_ms go together" in r.err


def test_no_adr_folder_message_names_every_place_looked(tmp_path: Path):
    r = run_cli("adr", "list", cwd=tmp_path)
    assert r.code == 2 and ".adr-dir, .log4brains.yml adrFolder, docs/decisions" in r.err


def test_a_missing_importance_is_said_to_be_missing(tmp_path: Path):
    from archkit.errors import InputError
    from archkit.tradeoff.atam import loads_quality

    try:
        loads_quality("title: Q\nscenarios:\n  A1: {name: n, attribute: a, refinement: r, "
                      "stimulus: s, response_measure: m, difficulty: H}\n")
    except InputError as exc:
        assert "importance must be H, M or L, it is missing" in str(exc)
        assert "None" not in str(exc)
    else:
        raise AssertionError("a scenario without importance was accepted")


def test_the_trade_off_guide_s_decision_and_quality_examples_run_together(tmp_path):
    """Copied into a workspace as a reader following docs/tradeoff.md would, its decision
    file and quality.yaml made archkit run exit 2: the quality example named scenarios
    it did not define (scout AV)."""
    import re

    from archkit.run import run_workspace
    from archkit.tradeoff.atam import loads_quality

    text = (Path(__file__).resolve().parents[1] / "docs" / "tradeoff.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    quality = next(b for b in blocks if b.startswith("title: Shopfront quality"))
    ws = tmp_path / "ws"
    (ws / "decisions").mkdir(parents=True)
    (ws / "decisions" / "deployment.yaml").write_text(blocks[0])
    (ws / "quality.yaml").write_text(quality)
    assert len(loads_quality(quality).scenarios) == 2
    summary = run_workspace(ws, tmp_path / "out", progress=False)
    assert summary.exit_code in (0, 1)
    decisions = next(s for s in summary.to_json()["steps"] if s["name"] == "decisions")
    assert decisions["data"]["quality"]
