"""The workspace a notebook session works on (archkit.session): yours when
ARCHKIT_WORKSPACE names it, else a scratch copy of the example; and notebook 00 run on
a workspace that is not the example (scout AV F07: every notebook read the package's
example, and make lab could not reach build/demo)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archkit.errors import InputError
from archkit.examples import path as example_path
from archkit.session import ENV, session_workspace
from archkit.workspace import create_workspace

ROOT = Path(__file__).resolve().parents[1]


def test_without_the_variable_a_fresh_copy_of_the_example(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    one, two = session_workspace("shopfront"), session_workspace("shopfront")
    assert one.root != two.root                       # each session its own copy
    assert one.root.resolve() != example_path("shopfront").resolve()
    assert [p.name for p in one.decision_files()] == ["datastore.yaml", "deployment.yaml"]
    (one.root / "decisions" / "deployment.yaml").unlink()   # the original is untouched
    assert (example_path("shopfront") / "decisions" / "deployment.yaml").is_file()
    shutil.rmtree(one.root.parent), shutil.rmtree(two.root.parent)


def test_the_variable_names_your_workspace(tmp_path, monkeypatch):
    create_workspace(tmp_path / "mine")
    monkeypatch.setenv(ENV, str(tmp_path / "mine"))
    assert session_workspace().root == tmp_path / "mine"
    monkeypatch.chdir(tmp_path)                       # relative to the kernel's folder
    monkeypatch.setenv(ENV, "mine")
    assert session_workspace().root.resolve() == (tmp_path / "mine").resolve()


@pytest.mark.parametrize("make, said", [
    (lambda p: None, "no such workspace directory (make one with: archkit init {p})"),
    (lambda p: p.write_text("x"), "not a directory: a workspace is a folder"),
])
def test_a_variable_naming_no_folder_says_so(tmp_path, monkeypatch, make, said):
    where = tmp_path / "nowhere"
    make(where)
    monkeypatch.setenv(ENV, str(where))
    with pytest.raises(InputError) as e:
        session_workspace()
    assert e.value.message == f"{ENV}={where}: " + said.format(p=where)


def test_make_lab_serves_the_repository():
    import subprocess

    dry = subprocess.run(["make", "-n", "lab", "WS=build/demo"], cwd=ROOT, text=True,
                         capture_output=True, check=True).stdout
    assert "--ServerApp.root_dir=." in dry           # build/demo beside notebooks/


@pytest.mark.slow
def test_notebook_00_runs_on_your_own_workspace(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    ws = tmp_path / "brokers"
    create_workspace(ws)
    shutil.copy(example_path("shopfront") / "decisions" / "datastore.yaml",
                ws / "decisions" / "message-broker.yaml")
    monkeypatch.setenv(ENV, str(ws))
    nb = nbformat.read(ROOT / "notebooks" / "00-start-here.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", ""))
                     + str(o.get("data", {}).get("text/html", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "errors in brokers" in text
    assert "<Workspace 'brokers': decisions, adr>" in text   # the workspace shown is yours
    assert (ws / "docs" / "decisions").is_dir() and any(
        (ws / "docs" / "decisions").glob("*.md"))      # the run drafted its ADR there
    assert "Traceback" not in text


@pytest.mark.parametrize("given, expected", [
    ("My Project/ws", ROOT / "My Project" / "ws"),       # spaces: one path, not two words
    ("~/ws", Path.home() / "ws"),                         # a quoted ~ is the home folder
    ("rel/it's", ROOT / "rel" / "it's"),
    ("/abs/ws", Path("/abs/ws")),
])
def test_make_lab_passes_the_workspace_as_one_absolute_path(tmp_path, given, expected):
    """make lab WS="My Project/ws" ran "/abs/Project/ws" as the command, and a quoted
    ~/ws became the repository's ~/ws folder (scout AX F08). The recipe is run by make
    with a stand-in for jupyter that prints what it was given."""
    import subprocess

    fake = tmp_path / "venv" / "bin"
    fake.mkdir(parents=True)
    (fake / "jupyter").write_text('#!/bin/sh\nprintf "%s\\n" "$ARCHKIT_WORKSPACE"\n')
    (fake / "jupyter").chmod(0o755)
    r = subprocess.run(["make", "-s", "-o", "setup", "lab", f"VENV={fake.parent}",
                        f"WS={given}"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert r.stdout == f"{expected}\n"
    r = subprocess.run(["make", "-s", "-o", "setup", "lab", f"VENV={fake.parent}"],
                       cwd=ROOT, capture_output=True, text=True, check=True)
    assert r.stdout == "\n"                 # no WS: no workspace named, the example's copy
