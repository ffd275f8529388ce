"""``archkit run``: a registry of analysis steps over a workspace.

A :class:`Step` says which inputs it needs (``applies``) and computes a
:class:`StepResult`: a status, an optional :class:`~archkit.findings.Report`, the files
it wants written (as :class:`Output`, not yet written), a markdown section for
``summary.md`` and JSON-able ``data`` for ``summary.json``. ``run_workspace`` computes
every applicable step first and writes only when all succeeded, so bad input (an
``InputError`` in any step) leaves nothing written.

Areas register their steps in the modules listed in ``STEP_MODULES``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from archkit.errors import InputError
from archkit.findings import Finding, Report, Severity, md_cell
from archkit.workspace import Workspace, atomic_write, check_inside, folder_lock

STEP_MODULES = (
    "archkit.tradeoff.step",
    "archkit.boundaries.step",
    "archkit.schema.step",
    "archkit.adr.step",
)


@dataclass(eq=False)
class Guard:
    """A condition for writing some outputs, checked when they are written: under the lock
    of ``folder`` (the one other archkit writers take), ``check()`` says why the files
    must not be written any more (a draft accepted while the run computed it), or None.
    The outputs that share a guard are written together, under that lock, or not at all;
    ``label`` names what they are for the run's report."""

    folder: Path
    check: Callable[[], str | None]
    label: str
    done: Callable[[], None] | None = None      # called after the check, written or not
    state: dict[str, Any] = field(default_factory=dict)     # what ``check`` compares with


@dataclass
class Output:
    """A file a step wants written. Relative paths are under OUT."""

    path: Path
    data: str | bytes
    overwrite: bool = True
    within: Path | None = None      # the folder it must stay in (default: OUT)
    guard: Guard | None = None      # written only if it still holds (see Guard)


@dataclass
class StepResult:
    name: str
    # ok | findings (warnings or errors, none at or above --fail-on) | fails (findings at
    # or above --fail-on) | skipped
    status: str = "ok"
    report: Report | None = None
    outputs: list[Output] = field(default_factory=list)
    summary_md: str = ""                    # a markdown section for summary.md
    data: dict[str, Any] = field(default_factory=dict)   # JSON-able, for summary.json
    objects: dict[str, Any] = field(default_factory=dict)  # in-memory results for later steps
    files: list[str] = field(default_factory=list)       # filled in when written


@dataclass
class RunContext:
    workspace: Workspace
    out: Path
    results: dict[str, StepResult] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    order: int
    applies: Callable[[Workspace], bool]
    compute: Callable[[RunContext], StepResult]
    needs: tuple[str, ...] = ()         # steps whose results it reads (run before it)
    inputs: str = ""                    # what it reads, for "--steps: no input here"


_STEPS: dict[str, Step] = {}


def register_step(step: Step) -> Step:
    _STEPS[step.name] = step
    return step


def steps() -> list[Step]:
    for mod in STEP_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name is None or not mod.startswith(exc.name):
                raise
    return sorted(_STEPS.values(), key=lambda s: s.order)


def chosen_steps(ws: Workspace, only: Sequence[str] | None = None) -> list[Step]:
    """The steps a run makes: each one whose inputs exist in ``ws``, or of ``only`` (step
    names, ``--steps``) those and the steps they read (the adr step the decisions
    step's). A step ``only`` names that has no input is an InputError, as is a name no
    step has."""
    known = steps()
    if only is None:
        return [s for s in known if s.applies(ws)]
    names = {s.name: s for s in known}
    if not only:
        raise InputError(f"--steps: name one step or more: {', '.join(names)}")
    for name in only:
        if name not in names:
            from difflib import get_close_matches

            near = get_close_matches(name.lower(), names, 1)   # (ADR: adr)
            raise InputError(f"--steps: no step {name!r}"
                             + (f" (did you mean {near[0]!r}?)" if near else "")
                             + f": use {', '.join(names)}")
    wanted, todo = set(), list(dict.fromkeys(only))
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo += names[name].needs
    for name in only:
        if not names[name].applies(ws):
            raise InputError(f"--steps: step {name!r} has no input here ({name}: "
                             f"{names[name].inputs or 'see archkit init --help'})", ws.root)
    return [s for s in known if s.name in wanted and s.applies(ws)]


@dataclass
class RunSummary:
    workspace: Workspace
    out: Path
    results: list[StepResult]
    fail_on: str = "error"          # the threshold the verdict used (--fail-on)
    # steps with input that ``--steps`` left out: their files in OUT, if any, are an
    # earlier run's (said in summary.md and summary.json, so a mixed folder is not
    # taken for one run's)
    not_run: list[str] = field(default_factory=list)

    def not_run_line(self) -> str | None:
        if not self.not_run:
            return None
        return (f"Not run this time (--steps): {', '.join(self.not_run)}; their files in "
                f"this folder, if any, are from an earlier run.")

    @cached_property
    def failing(self) -> list[Finding]:
        """The findings at or above ``fail_on`` (none for ``never``): why the run fails."""
        return [] if self.fail_on == "never" else self.report.at_or_above(self.fail_on)

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0

    def verdict(self) -> str:
        """One line: whether the run passes, and by which threshold."""
        n = len(self.failing)
        if self.fail_on == "never":
            return "passes: --fail-on never"
        if not n:
            return f"passes: no finding at or above {self.fail_on} (--fail-on {self.fail_on})"
        return (f"fails: {n} finding{'s' if n != 1 else ''} at or above {self.fail_on} "
                f"(--fail-on {self.fail_on})")

    @property
    def report(self) -> Report:
        merged = Report(title=f"archkit run: {self.workspace.name}")
        for r in self.results:
            if r.report is not None:
                merged.extend(r.report.findings)
        return merged

    def __repr__(self) -> str:
        return (f"<RunSummary {self.workspace.name!r}: "
                + "; ".join(f"{r.name} {r.status}" for r in self.results) + ">")

    def step(self, name: str) -> StepResult:
        for r in self.results:
            if r.name == name:
                return r
        raise KeyError(f"no step {name!r} ran (ran: {', '.join(r.name for r in self.results)})")

    def _repr_html_(self) -> str:
        import html

        rows = []
        for r in self.results:
            c = r.report.counts() if r.report is not None else {"error": 0, "warning": 0, "info": 0}
            head = "<br>".join(html.escape(h) for h in r.data.get("headline", []))
            rows.append(f"<tr><td><strong>{html.escape(r.name)}</strong></td><td>{r.status}</td>"
                        f"<td>{c['error']}</td><td>{c['warning']}</td><td>{c['info']}</td>"
                        f"<td>{len(r.files) or len(r.outputs)}</td>"
                        f"<td style='text-align:left'>{head}</td></tr>")
        return (f"<strong>archkit run: {html.escape(self.workspace.name)}</strong><table><thead>"
                "<tr><th>step</th><th>status</th><th>errors</th><th>warnings</th><th>info</th>"
                "<th>files written</th><th>headline</th></tr></thead><tbody>" + "".join(rows)
                + f"</tbody></table><p>The run {html.escape(self.verdict())}.</p>")

    def to_json(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace.name,
            # each relative to the other, so that the file is the same whichever folder
            # the run started in (it was relative to cwd: a committed build/ churned; AU)
            "root": _relpath(self.workspace.root, self.out),
            "out": _relpath(self.out, self.workspace.root),
            "fail_on": self.fail_on,
            "failing": len(self.failing),
            "exit_code": self.exit_code,
            **({"not_run": self.not_run} if self.not_run else {}),
            "steps": [{
                "name": r.name,
                "status": r.status,
                "counts": (r.report.counts() if r.report is not None
                           else {"error": 0, "warning": 0, "info": 0}),
                "files": r.files,
                **({"data": r.data} if r.data else {}),
            } for r in self.results],
        }

    def to_markdown(self) -> str:
        lines = [f"# archkit summary: {md_cell(' '.join(self.workspace.name.split()))}", "",
                 f"The run {self.verdict()}.", ""]
        if self.not_run:
            lines += [self.not_run_line() or "", ""]
        if not self.results:
            lines += ["No analysis had input in this workspace.", ""]
        lines += ["| step | status | errors | warnings | info | files written |", "|---|---|---|---|---|---|"]
        for r in self.results:
            c = r.report.counts() if r.report is not None else {"error": 0, "warning": 0, "info": 0}
            lines.append(f"| {r.name} | {r.status} | {c['error']} | {c['warning']} | "
                         f"{c['info']} | {len(r.files)} |")
        lines.append("")
        for r in self.results:
            lines += [f"## {r.name}", ""]
            if r.summary_md:
                lines += [r.summary_md.rstrip(), ""]
            if r.files:
                lines += ["Files:", ""] + [f"- [{f}]({_rel_link(f)})" for f in r.files] + [""]
        return "\n".join(lines)


def _relpath(path: Path, start: Path) -> str:
    """``path`` relative to ``start`` (posix, with ``..`` when outside it)."""
    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()


def _rel_link(f: str) -> str:
    return f.replace(" ", "%20")


def run_workspace(root: str | Path, out: str | Path | None = None,
                  progress: bool | None = None, *, select: Sequence[str] | None = None,
                  ignore: Sequence[str] | None = None,
                  config: str | Path | None = None, fail_on: str = "error",
                  only: Sequence[str] | None = None) -> RunSummary:
    """Run every step that has input; write outputs, summary.md and summary.json under OUT.

    ``fail_on``: the severity at or above which a finding fails the run (``--fail-on``:
    error, warning, info or never); a step with such findings has status "fails", and
    summary.json and summary.md say the verdict.

    ``select`` / ``ignore``: rule ids or prefixes, as ``--select`` / ``--ignore`` take
    them; every step reports only the rules they keep (its findings.json, its tables in
    summary.md, the counts, the SARIF log and the exit code), and judges only those
    rules' suppressions (AK-SUP003). ``config``: the archkit.toml to use instead of
    ``root``'s own (inputs are still found under ``root``). ``only``: the steps to make
    (``--steps``; :func:`chosen_steps`), not every one with input."""
    if fail_on not in ("error", "warning", "info", "never"):
        raise ValueError(f"fail_on {fail_on!r}: use error, warning, info or never")
    ws = Workspace.open(root, config).selecting(select, ignore)
    out_dir = Path(out) if out is not None else ws.root / "build"
    if out is None:      # archkit's own choice: a committed link must not lead it elsewhere
        check_inside(out_dir, ws.root)
    ctx = RunContext(ws, out_dir)
    todo = chosen_steps(ws, only)
    if not todo:
        raise InputError("no inputs found: expected decisions/*.yaml, services.yaml, "
                         "schema/*.sql or an ADR folder (see 'archkit init --help')", ws.root)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show and todo:
        from archkit.progress import progress_bar

        bar = progress_bar(len(todo), "archkit run", "step", leave=False)
    for step in todo:
        if bar is not None:
            bar.set_postfix_str(step.name)
        result = step.compute(ctx)
        if result.report is not None:
            result.report = ws.shown(result.report)
            if result.status == "ok" and fail_on != "never" and \
                    result.report.at_or_above(fail_on):
                result.status = "fails"
            elif result.status == "ok" and result.report.at_or_above(Severity.WARNING):
                result.status = "findings"
        ctx.results[step.name] = result
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    # everything computed without an input error: now write
    results = list(ctx.results.values())
    writes = [(r, o, o.path if o.path.is_absolute() else out_dir / o.path, o.within or out_dir)
              for r in results for o in r.outputs]
    for _r, _o, target, within in writes:    # a link out of the workspace: nothing written
        check_inside(target, within)
    for name in ("summary.json", "summary.md"):
        check_inside(out_dir / name, out_dir)
    guarded: dict[Guard, list[tuple[StepResult, Output, Path, Path]]] = {}
    for r, o, target, within in writes:
        if o.guard is not None:
            guarded.setdefault(o.guard, []).append((r, o, target, within))
            continue
        atomic_write(target, o.data, overwrite=o.overwrite, within=within)
        r.files.append(_relpath(target, out_dir))
    for guard, group in guarded.items():
        # (another archkit command may have changed the files since they were computed:
        # `adr status 2 accepted` during the run was undone by its write; scout AU)
        guard.folder.mkdir(parents=True, exist_ok=True)    # (a log's first drafts)
        with folder_lock(guard.folder):
            try:
                why = guard.check()
                if why is not None:
                    group[0][0].data.setdefault("headline", []).append(
                        f"{guard.label}: {why}: not written (run again to update it)")
                    continue
                for r, o, target, within in group:
                    atomic_write(target, o.data, overwrite=o.overwrite, within=within)
                    r.files.append(_relpath(target, out_dir))
            finally:
                if guard.done is not None:
                    guard.done()
    ran = {s.name for s in todo}
    left_out = [s.name for s in chosen_steps(ws) if s.name not in ran] if only is not None \
        else []
    summary = RunSummary(ws, out_dir, results, fail_on, left_out)
    atomic_write(out_dir / "summary.json",
                 json.dumps(summary.to_json(), indent=2, ensure_ascii=False) + "\n",
                 overwrite=True, within=out_dir)
    atomic_write(out_dir / "summary.md", summary.to_markdown(), overwrite=True,
                 within=out_dir)
    return summary
