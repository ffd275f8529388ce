"""Set-up files agree with each other: pyproject is the one list of dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_agrees_with_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge", "nodefaults"]
    deps = env["dependencies"]
    plain = [d for d in deps if isinstance(d, str)]
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "graphviz" in plain and "pip" in plain, "graphviz comes from conda, not PyPI"
    py = next(d for d in plain if d.startswith("python"))
    required = PYPROJECT["project"]["requires-python"].lstrip(">=")
    assert py.split("=")[-1] >= required
    assert len(pip) == 1
    m = re.fullmatch(r"-e \.\[([a-z,]+)\]", pip[0])
    assert m, pip
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    assert set(m.group(1).split(",")) <= extras
    assert {"notebooks", "test"} <= set(m.group(1).split(","))


def test_pins_that_break_across_versions():
    deps = PYPROJECT["project"]["dependencies"]
    assert "diagrams==0.25.1" in deps
    sqlglot = next(d for d in deps if d.startswith("sqlglot>") or d.startswith("sqlglot="))
    assert "<" in sqlglot, "pin sqlglot's major version"
    assert any(d.startswith("sqlglotc") for d in deps)


def test_console_script_and_extras():
    assert PYPROJECT["project"]["scripts"]["archkit"] == "archkit.cli:run"
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert any("archkit[notebooks,test]" in d for d in extras["dev"])
    assert any(d.startswith("nbval") for d in extras["test"])
    assert any(d.startswith("jupyterlab") for d in extras["notebooks"])


def test_makefile_targets_and_ci():
    make = (ROOT / "Makefile").read_text()
    for target in ("setup", "demo", "test", "lab", "bench"):
        assert re.search(rf"^{target}:", make, re.M), target
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "set -e" in ci


def test_readme_gives_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_section = readme.index("\n## ")
    assert readme.index("make demo") < readme.index("make test") < readme.index("\n## ", first_section + 1)
