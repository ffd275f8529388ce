"""Notebook hygiene: every teaching notebook is ready for nbval and readable."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
MARKERS = {"# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP", "# NBVAL_CHECK_OUTPUT",
           "# NBVAL_RAISES_EXCEPTION"}


def test_the_session_path_is_complete():
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert numbers == [f"{i:02d}" for i in range(len(numbers))], numbers
    assert len(numbers) >= 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_hygiene(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown", "open with what the reader will learn"
    assert cells[-1]["cell_type"] == "markdown", "end with a summary and what comes next"
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        assert cell["execution_count"] is not None, f"cell {i} not executed"
        lines = [ln for ln in src.splitlines() if ln.strip()]
        assert len(lines) <= 15, f"cell {i} has {len(lines)} lines: move logic into archkit/"
        for ln in src.splitlines():
            if ln.strip().startswith("# NBVAL"):
                assert ln.strip() in MARKERS and ln == ln.strip(), f"cell {i}: inexact marker {ln!r}"
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"cell {i} stored an error"
