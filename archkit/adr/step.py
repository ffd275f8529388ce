"""The ``adr`` step of ``archkit run`` (order 40): draft a record for every decision the
``decisions`` step analysed (in the log's template: ``[adr] template``, else the style of
the log's records), and lint the workspace's ADR log as the run leaves it (its
records and the drafts, read from the texts about to be written: a finding about a fresh
draft shows in the run that drafts it, not only in the next one).

A draft is recognised on later runs by its front matter ``archkit-decision: <stem>``:
while it is still ``proposed`` it is regenerated in place (and left alone when nothing
changed, so re-runs are idempotent), and renamed with its chart folder when its title
(the winner) changed (:func:`~archkit.adr.generate.rename_draft`); once accepted,
rejected or superseded it is never touched. A record drafted from a decision file the
workspace no longer has is that decision's when its title is the decision's (the file was
renamed: it is kept up to date under the new name); a proposed one no decision takes is
said in the headline. Drafts go in the workspace's ADR folder
(absolute output paths), beside their charts; nothing is written unless every step
succeeded (renames are made at the end of this step, the last one, after every draft
was computed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from archkit.run import Guard, Output, RunContext, Step, StepResult, register_step
from archkit.workspace import Workspace


def applies(ws: Workspace) -> bool:
    return ws.adr_dir().is_dir() or bool(ws.decision_files())


def compute(ctx: RunContext) -> StepResult:
    from archkit.adr.edit import Style, keep_style
    from archkit.adr.generate import (
        decision_title,
        draft,
        drafted_from,
        find_draft,
        find_renamed,
        leading,
        orphans,
        rename_blocker,
        rename_draft,
        rename_plan,
    )
    from archkit.adr.log import AdrLog
    from archkit.findings import Report

    ws = ctx.workspace
    log = AdrLog.discover(ws)
    decisions = ctx.results.get("decisions")
    matrices: dict[str, Any] = (decisions.objects.get("matrices") or {}) if decisions else {}
    # the quality model's risks that follow a decision's choice go into its record
    quality = decisions.objects.get("quality") if decisions else None
    outputs: list[Output] = []
    rows: list[dict[str, Any]] = []
    headline: list[str] = []
    today = dt.date.today().isoformat()
    planned = 0
    stored_as: Style | None = None
    renames: list[tuple[Any, Path, str]] = []
    texts: dict[str, str] = {}        # the records the outputs write, by file name
    # drafts are written in the log's template: [adr] template, else the log's own style
    style = {"template": log.template, "root": log.root}
    stems = {p.stem for p in ws.decision_files()}
    adopted: set[Path] = set()
    for stem, m in matrices.items():
        lead = leading(m.rank())
        now = decision_title(m, lead)
        # (a rejected record the evidence has moved past is none: a new draft)
        existing = find_draft(log, m, now)
        renamed, was = "", ""
        if existing is None:
            # a draft of this decision under its file's old name: the file was renamed
            existing = find_renamed(log, m, stems, now, taken=adopted)
            if existing is not None:
                adopted.add(existing.path)
                was = str(drafted_from(existing))
                renamed = f" (decision '{was}' renamed '{stem}')"
        if existing is not None and existing.status != "proposed":
            why = "not a proposal any more" if existing.status else "its status cannot be read"
            moved = ""
            if existing.title != now:
                # (the evidence ranks another option first than the record it decided:
                # nothing said so; scout AV)
                moved = (f"; {stem} now ranks {lead} first: record that in a new "
                         f"ADR (archkit adr new TITLE --supersedes "
                         f"{existing.number or existing.id})")
            rows.append(_row(stem, existing, "kept", f"{why}: left untouched{renamed}{moved}"))
            since = f", renamed from '{was}'" if was else ""
            headline.append(f"{existing.label} {existing.status or 'without a status'}: "
                            f"left untouched ({stem}{since}){moved}")
            continue
        if existing is not None:
            number = existing.number
            # the winner (so the title) changed: the draft is renamed to match, with its
            # chart folder, unless another record has that name (see rename_draft)
            existing, target = rename_plan(log, existing, now)
            blocked = rename_blocker(log, existing, target) if target != existing.path \
                else None
            path = target if blocked is None else existing.path
            d = draft(m, log.dir, number, date=existing.date or today, path=path,
                      quality=quality, previous=existing, **style)
            if path == existing.path and d.text == existing.text and all(
                    p.is_file() and p.read_text(encoding="utf-8") == svg
                    for p, svg in d.charts.items()):
                rows.append(_row(stem, existing, "unchanged", "draft is up to date"))
                headline.append(f"{existing.label} draft up to date ({stem})")
                continue
            if d.text != existing.text:
                d = draft(m, log.dir, number, date=today, path=path, quality=quality,
                          previous=existing, **style)
            texts[path.name] = keep_style(existing, d.text)
            guard = _unchanged(log.dir, existing)
            outputs.append(Output(path.absolute(), texts[path.name], overwrite=True,
                                  within=log.dir, guard=guard))
            action, note = "updated", d.adr.title + renamed
            if path != existing.path:
                renames.append((existing, path, d.adr.title))
                action, note = "renamed", f"{d.adr.title} (was {existing.path.name}){renamed}"
            elif blocked is not None:
                note = f"{d.adr.title} (kept its file name: {blocked})"
        else:
            path, number = log.planned_path(now, today, planned)
            planned += 1
            d = draft(m, log.dir, number, date=today, path=path, quality=quality, **style)
            if stored_as is None:
                stored_as = log.file_style()     # CRLF / BOM like the log's records
            texts[path.name] = keep_style(stored_as, d.text)
            guard = _unclaimed(log, path, number, d.adr.label)
            outputs.append(Output(d.adr.path.absolute(), texts[path.name], overwrite=False,
                                  within=log.dir, guard=guard))
            action, note = "drafted", d.adr.title
        outputs += [Output(p.absolute(), svg, overwrite=True, within=log.dir, guard=guard)
                    for p, svg in d.charts.items()]
        rows.append(_row(stem, d.adr, action, note))
        headline.append(f"{d.adr.label} {action}: {note}")
    for orphan in orphans(log, stems, adopted):
        # (its decision file is gone and no decision has its title: nothing updates it)
        headline.append(f"{orphan.label} proposed, drafted from decision "
                        f"'{drafted_from(orphan)}', which the workspace no longer has: "
                        f"reject it (archkit adr status {orphan.number or orphan.id} "
                        f"rejected) or remove it")
    # every draft computed and this the last step: a renamed draft moves to its new name
    # now (written new first, old removed after), and its new text is written with the
    # other outputs. run.py has no "remove a file" output to do it in the write phase.
    for existing, path, title in renames:
        moved = rename_draft(log, existing, path, title)
        for o in outputs:       # its new text is checked against the record as moved
            if o.path == path.absolute() and o.guard is not None:
                o.guard.state.update(path=moved.path, text=moved.text)
    # the log as the run leaves it, linted and counted: its records (renamed ones under
    # their new names) and the drafts the outputs write, read from their texts here
    left = log.reload().as_written(texts)
    report = left.lint() if left.dir.is_dir() or texts else Report()
    report.title = "ADR lint"
    # (as every other step: README says each step writes its findings.json; scout AV)
    outputs.append(Output(Path("adr") / "findings.json", ws.shown(report).to_json()))
    where = log.dir.relative_to(ws.root) if log.dir.is_relative_to(ws.root) else log.dir
    n = len(left.records)
    lines = [(f"ADR log `{where}`: {n} record{'' if n == 1 else 's'}; "
              f"lint: {ws.shown(report).summary_line()}."), ""]
    if rows:
        lines += ["| decision | record | status | action |", "|---|---|---|---|"]
        lines += [f"| {r['decision']} | {r['record']} | {r['status']} | {r['action']} |"
                  for r in rows]
    return StepResult(name="adr", report=report, outputs=outputs,
                      summary_md="\n".join(lines) + "\n",
                      data={"records": n, "drafts": rows,
                            "headline": headline},
                      objects={"log": log})


def _unchanged(folder: Path, existing: Any) -> Guard:
    """Write a regenerated draft (and its charts) only if, under the log's lock, it is the
    proposal the run read: accepted, edited or removed meanwhile by another archkit
    command or by hand, it is that writer's (the run undid `adr status 2 accepted`
    made while it computed; scout AU)."""
    from archkit.adr.read import read

    def check() -> str | None:
        path = Path(guard.state["path"])
        if not path.is_file():
            return "the record was removed meanwhile"
        now = read(path)
        if now.status != "proposed":
            return f"it is {now.status or 'without a status'} now"
        return None if now.text == guard.state["text"] else "it was edited meanwhile"

    # (a rename at the end of the step moves it: compute updates the state)
    guard = Guard(folder, check, existing.label,
                  state={"path": existing.path, "text": existing.text})
    return guard


def _unclaimed(log: Any, path: Path, number: int | None, label: str) -> Guard:
    """Write a new draft only under a name (its number) no other writer took meanwhile,
    claimed as `adr new` claims one (two records of one number otherwise)."""
    held: list[Path] = []

    def check() -> str | None:
        lock = log.claim(path, number)
        if lock is None:
            return (f"number {number:04d}" if number is not None else path.name) + \
                " was taken meanwhile by another record"
        held.append(lock)
        return None

    def done() -> None:
        for lock in held:
            lock.unlink(missing_ok=True)

    return Guard(log.dir, check, label, done)


def _row(stem: str, adr: Any, action: str, note: str) -> dict[str, Any]:
    return {"decision": stem, "record": adr.path.name, "number": adr.number,
            "status": adr.status, "action": action, "note": note}


STEP = register_step(Step(name="adr", title="Decision records", order=40, applies=applies,
                          compute=compute, needs=("decisions",),
                          inputs="decisions/*.yaml or an ADR folder"))
