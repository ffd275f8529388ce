"""Another archkit writer changing the ADR log while `archkit run` computes its drafts.

The run computes every step, then writes. Between the two, `adr status 2 accepted` (or an
`adr new` taking the next number) used to be undone by the run's write: the command said
"accepted", and the record was a proposal again (scout AU, 2-3 of 8-9 timings). Here the
other writer is a real :class:`AdrLog` edit made by a step that runs after the adr step
computed, before anything is written: the window, hit every time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archkit.adr import AdrLog
from archkit.adr.read import read
from archkit.run import _STEPS, Step, StepResult, register_step, run_workspace, steps

NOTE = "Flexible documents suit product attributes that differ per category"


@pytest.fixture
def meanwhile() -> Iterator[Callable[[Callable[[Path], None]], None]]:
    """Make ``edit(adr folder)`` run between the run's computing and its writing."""
    steps()                       # (the built-in steps registered first)

    def install(edit: Callable[[Path], None]) -> None:
        def compute(ctx) -> StepResult:
            edit(ctx.workspace.adr_dir())
            return StepResult(name="zz-other-writer")

        register_step(Step("zz-other-writer", "another writer", 99, lambda ws: True, compute))

    yield install
    _STEPS.pop("zz-other-writer", None)


def _regenerate(shop: Path) -> None:
    ds = shop / "decisions" / "datastore.yaml"
    ds.write_text(ds.read_text().replace(NOTE, "Flexible documents (changed)"))


def _headline(summary) -> list[str]:
    return next(r for r in summary.results if r.name == "adr").data["headline"]


def test_a_draft_accepted_while_the_run_computes_stays_accepted(shop: Path, tmp_path: Path,
                                                                meanwhile):
    run_workspace(shop, tmp_path / "out", progress=False)
    folder = shop / "docs" / "decisions"
    (draft,) = folder.glob("0002-*.md")
    before = read(draft).text
    _regenerate(shop)
    meanwhile(lambda adr_dir: AdrLog(adr_dir).set_status(2, "accepted"))
    summary = run_workspace(shop, tmp_path / "out", progress=False)
    now = read(draft)
    assert now.status == "accepted"
    assert now.text.replace("status: accepted", "status: proposed") == before
    assert f"{now.label}: it is accepted now: not written (run again to update it)" in \
        _headline(summary)
    # its charts belong to it: not rewritten either
    assert not any("0002-" in f for r in summary.results if r.name == "adr" for f in r.files)


def test_a_draft_edited_by_hand_meanwhile_keeps_the_edit(shop: Path, tmp_path: Path,
                                                         meanwhile):
    run_workspace(shop, tmp_path / "out", progress=False)
    (draft,) = (shop / "docs" / "decisions").glob("0002-*.md")
    _regenerate(shop)

    def edit(adr_dir: Path) -> None:
        draft.write_text(draft.read_text() + "\nA note the architect added.\n")

    meanwhile(edit)
    summary = run_workspace(shop, tmp_path / "out", progress=False)
    assert draft.read_text().endswith("A note the architect added.\n")
    assert any("it was edited meanwhile" in h for h in _headline(summary))
    # the next run, with nobody else writing, updates it
    _STEPS.pop("zz-other-writer")
    run_workspace(shop, tmp_path / "out", progress=False)
    assert "Flexible documents (changed)" in draft.read_text()


def test_a_number_taken_meanwhile_is_not_taken_twice(shop: Path, tmp_path: Path, meanwhile):
    # the first run drafts 0002 and 0003; `adr new` takes 0002 while it computes
    meanwhile(lambda adr_dir: AdrLog(adr_dir).new("Use feature flags"))
    summary = run_workspace(shop, tmp_path / "out", progress=False)
    folder = shop / "docs" / "decisions"
    numbers = [p.name[:4] for p in sorted(folder.glob("0*.md"))]
    assert len(numbers) == len(set(numbers))
    assert read(next(folder.glob("0002-*.md"))).title == "Use feature flags"
    assert any("number 0002 was taken meanwhile by another record" in h
               for h in _headline(summary))
    assert not list(folder.glob(".archkit-adr-*.lock"))      # the claims are released
    # the next run drafts it under the next free number
    _STEPS.pop("zz-other-writer")
    run_workspace(shop, tmp_path / "out", progress=False)
    titles = {read(p).title for p in folder.glob("0*.md")}
    assert "Primary datastore for Shopfront: PostgreSQL (managed)" in titles
