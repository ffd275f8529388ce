"""Shared fixtures: the repository root, the example workspace, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: str | Path | None = None, input: str | None = None,
            timeout: float = 120) -> CliResult:
    """Run ``python -m archkit ARGS`` in a real subprocess (as users do)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "archkit", *args], cwd=cwd, input=input,
                          capture_output=True, text=True, timeout=timeout, env=env)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the shopfront example workspace."""
    from archkit.workspace import create_workspace

    ws = tmp_path / "shopfront"
    create_workspace(ws, "shopfront")
    return ws


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The shopfront example copied as it ships (a module may define its own ``shop``)."""
    import shutil

    from archkit.examples import path

    ws = tmp_path / "shop"
    shutil.copytree(path("shopfront"), ws)
    return ws
