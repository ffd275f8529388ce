"""From trade-off to ADR: a record built from a :class:`DecisionMatrix`'s evidence, in the
log's template (MADR 4 unless ``[adr] template`` or the log's records say otherwise; a
Nygard record keeps the sections Nygard has no place for under their MADR headings):

* Decision Drivers — the criteria with their normalised weights (and direction);
* Considered Options — the options with their weighted scores;
* Decision Outcome — the winner, *because* of its score, its margin over the runner-up
  and the robustness verdict of the trade-off engine;
* Pros and Cons — the YAML notes per option plus comparisons computed from the scores
  ("Good, because best on scalability (9 of 10)");
* More Information — the ranking table and the charts (SVG files saved in a folder
  named after the record, linked relatively so they show on GitHub).

:func:`draft` is pure (it returns texts, writes nothing): ``archkit run``'s ADR step
uses it to compute before writing, and :func:`new_from_decision` writes its result.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archkit.adr.model import DECISION_KEY, MADR_KEYS, Adr, Section
from archkit.adr.read import LOG4BRAINS_NAME, NUMBERED_NAME, parse
from archkit.adr.slug import filename, one_line, slugify
from archkit.adr.write import TEMPLATES, family, href, link_label, render, tool_template
from archkit.errors import InputError
from archkit.findings import md_line, md_name

if TYPE_CHECKING:  # pragma: no cover
    from archkit.adr.log import AdrLog

MARKER_KEY = DECISION_KEY
CHARTS = (("ranking", "Ranking"), ("stability", "Weight stability"),
          ("win-probability", "Win probability"))


@dataclass
class Draft:
    """A generated record and the charts that go beside it (not yet written)."""

    adr: Adr
    text: str
    charts: dict[Path, str] = field(default_factory=dict)   # absolute path -> SVG text


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def _score(x: float, ranking: Any) -> str:
    """A score with two decimals, or four where the first two look alike at two (0.6287
    and 0.6281 were both 0.63, "0.00 ahead"; scout AV)."""
    close = len(ranking) > 1 and \
        _fmt(float(ranking["score"].iloc[0])) == _fmt(float(ranking["score"].iloc[1]))
    return f"{x:.4f}" if close else _fmt(x)


def _margin(x: float) -> str:
    return _fmt(x) if round(x, 2) > 0 else f"{x:.2g}"


def _num(x: float) -> str:
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


def decision_title(matrix: Any, winner: str) -> str:
    return one_line(f"{matrix.title}: {winner}")


def tied_first(ranking: Any) -> list[str]:
    """The options that share first place (one unless the weights do not separate them)."""
    return [str(o) for o in ranking.index[ranking["rank"] == 1]] or [str(ranking.index[0])]


def leading(ranking: Any) -> str:
    """What the record is named after: the winner, or the tied options ("A or B"), not
    the tied option the file happens to list first ("Tie: Alpha"; scout AV)."""
    ties = tied_first(ranking)
    return ties[0] if len(ties) == 1 else " or ".join(ties)


def comparisons(matrix: Any, name: Any = str) -> dict[str, dict[str, list[str]]]:
    """Per option, generated pros and cons: best or worst on a criterion (raw score);
    ``name`` writes a criterion's name (:func:`~archkit.findings.md_name` for markdown)."""
    hi = matrix.scale[1]
    norm = matrix.normalised
    out: dict[str, dict[str, list[str]]] = {o: {"good": [], "bad": []} for o in matrix.options}
    for c in matrix.criteria:
        col = norm[c]
        best, worst = col.max(), col.min()
        if best == worst:
            continue   # every option scores the same: nothing to compare
        cost = matrix.directions.get(c) == "cost"
        suffix = ", lower is better" if cost else ""
        for o in matrix.options:
            raw = _num(float(matrix.scores.loc[o, c]))
            shared = int((col == col[o]).sum())
            tie = f", shared with {shared - 1} other{'s' if shared > 2 else ''}" if shared > 1 \
                else ""
            if col[o] == best:
                out[o]["good"].append(f"best on {name(c)} ({raw} of {_num(hi)}{suffix}{tie})")
            elif col[o] == worst:
                out[o]["bad"].append(f"worst on {name(c)} ({raw} of {_num(hi)}{suffix}{tie})")
    return out


def _drivers(matrix: Any, mark: str = "*") -> str:
    lines = []
    for c in sorted(matrix.criteria, key=lambda c: -float(matrix.weights[c])):
        direction = " (a cost: lower scores are better)" if matrix.directions.get(c) == "cost" \
            else ""
        lines.append(f"{mark} {md_name(c)} — weight {float(matrix.weights[c]):.2f}{direction}")
    ahp = getattr(matrix, "ahp_result", None)
    how = (f"Weights come from pairwise AHP judgements (consistency ratio {ahp.cr:.3f}"
           + (", over the 0.10 limit: the judgements contradict each other"
              if ahp.cr > 0.10 else "") + ") and are normalised to sum 1."
           if ahp is not None else "Weights are normalised to sum 1.")
    return "\n".join(lines) + "\n\n" + how


def _caveats(matrix: Any, mark: str = "*") -> str:
    """The decision's warnings and errors (``archkit decide``'s AK-DEC findings, its own
    suppressions applied), for the reader who would accept the record: a draft from
    judgements over the consistency limit or with a fragile winner said nothing of it
    (scout AV)."""
    from archkit.findings import Severity

    found = [f for f in matrix.check() if f.severity.rank >= Severity.WARNING.rank]
    if not found:
        return ""
    # (a finding's message is plain text naming options and criteria: written as it is)
    lines = [f"{mark} {f.rule} ({f.severity.value}): {md_name(f.message)}" for f in found]
    return "\n\nBefore accepting this record, see what `archkit decide` reports:\n\n" + \
        "\n".join(lines)


def _outcome(matrix: Any, ranking: Any, verdict: str | None) -> str:
    winner = str(ranking.index[0])
    score = float(ranking["score"].iloc[0])
    ties = tied_first(ranking)
    if len(ties) > 1:
        # (a tie is no choice: "Chosen option: Alpha ... 0.00 ahead of Beta" said one)
        names = " and ".join(f'"{md_name(t)}"' for t in ties)
        text = (f"No option is chosen yet: {names} tie for first with a weighted score of "
                f"{_fmt(score)}, so the weights do not separate them. Decide between them "
                "(a criterion or a judgement that tells them apart) before accepting this "
                "record.")
    else:
        text = (f'Chosen option: "{md_name(winner)}", because it ranks first with a '
                f"weighted score of {_score(score, ranking)}")
        if len(ranking) > 1:
            runner = str(ranking.index[1])
            second = float(ranking["score"].iloc[1])
            text += (f", {_margin(score - second)} ahead of {md_name(runner)} "
                     f"({_score(second, ranking)})")
        text += "."
    if verdict:
        # (a sentence of names and figures: no markup of its own; scout AV)
        text += f"\n\nRobustness: {md_name(verdict)}"
    return text


def _bullets(kind: str, notes: list[str], generated: Sequence[str] = (), mark: str = "*"
             ) -> list[str]:
    """A kind of bullets: the user's notes (their emphasis kept) and the generated ones
    (markdown already, their names written by md_name)."""
    word = {"good": "Good", "bad": "Bad", "neutral": "Neutral"}[kind]
    return [f"{mark} {word}, because {item}"
            for item in [md_line(n) for n in notes] + list(generated)]


def _pros_cons(matrix: Any, ranking: Any, mark: str = "*") -> str:
    generated = comparisons(matrix, md_name)
    parts = []
    for o in ranking.index:
        o = str(o)
        notes = matrix.notes.get(o, {}) if matrix.notes else {}
        summary = (f"Weighted score {_fmt(float(ranking.loc[o, 'score']))}, rank "
                   f"{int(ranking.loc[o, 'rank'])} of {len(ranking)}.")
        lines = [f"### {md_name(o)}", "", summary, ""]
        lines += _bullets("good", list(notes.get("good", [])), generated[o]["good"], mark)
        lines += _bullets("neutral", list(notes.get("neutral", [])), mark=mark)
        lines += _bullets("bad", list(notes.get("bad", [])), generated[o]["bad"], mark)
        parts.append("\n".join(lines).rstrip())
    return "\n\n".join(parts)


def _ranking_table(matrix: Any, ranking: Any, probability: Any | None) -> str:
    head = "| rank | option | weighted score |" + (" wins (random weights) |"
                                                      if probability is not None else "")
    # "| --- |", padded as the other rows: markdownlint's MD060 (MADR's own lint config)
    rule = "| --- | --- | --- |" + (" --- |" if probability is not None else "")
    rows = [head, rule]
    for o, row in ranking.iterrows():
        cell = f" {float(probability.get(o, 0.0)) * 100:.0f} % |" if probability is not None \
            else ""
        rows.append(f"| {int(row['rank'])} | {md_name(o, cell=True)} | "
                    f"{_fmt(float(row['score']))} |{cell}")
    norm = ranking.attrs.get("normalisation")
    return "\n".join(rows) + (f"\n\nNormalisation: {norm}." if norm else "")


def draft(matrix: Any, folder: Path, number: int | None, *, date: str | None = None,
          status: str = "proposed", charts: bool = True, path: Path | None = None,
          decision_makers: str | None = None, samples: int = 10_000,
          quality: Any = None, template: str = "madr", root: Path | None = None,
          previous: Adr | None = None) -> Draft:
    """The record (and its charts) for ``matrix``, numbered ``number`` in ``folder``,
    written in ``template`` (a built-in name or a template file under ``root``; MADR 4 by
    default).

    ``quality`` (a :class:`~archkit.tradeoff.atam.QualityModel`): the risks and non-risks
    it derives from this decision's choice are consequences of the decision, and are
    written as such (ATAM's risks belong in the record of the decision that makes them).

    ``previous``: the draft this one replaces. Its sections are the evidence's and are
    written again, but what people and tools added to it is kept: the people keys they
    filled in (decision-makers, consulted, informed), the links to other records
    (``adr link``, adr-tools' ``adr new -l``, an amendment's back-link) and front-matter
    keys of their own (a site generator's ``nav_order``)."""
    ranking = matrix.rank()
    winner = str(ranking.index[0])
    title = decision_title(matrix, leading(ranking))
    if path is None:
        path = folder / filename(number or 0, title)
    stability = matrix.weight_stability()
    probability = matrix.win_probability(samples=samples, seed=0)
    from archkit.tradeoff.robustness import verdict as verdict_of

    verdict = verdict_of(matrix, samples=samples, seed=0, stability=stability,
                         probability=probability)
    source = getattr(matrix, "source", None)
    context = (matrix.question.strip() + "\n\n") if getattr(matrix, "question", "") else ""
    context += (f"The options were scored on a fixed {_num(matrix.scale[0])}..{_num(matrix.scale[1])}"
                f" scale against {len(matrix.criteria)} weighted criteria"
                + (f" in `{Path(source).name}`" if source else "")
                + "; this record was drafted by archkit from that evidence.")
    tool = tool_template(template, root)
    if tool is not None:      # it has no place for the evidence: the tool's own format
        template = "nygard" if tool[0] == "adr-tools" else "log4brains"
    # bullets as the template's own: log4brains writes "-", MADR 4 and Nygard "*"
    mark = "-" if family(template) == "log4brains" else "*"
    options = "\n".join(f"{mark} {md_name(o)}" for o in ranking.index)
    notes = (matrix.notes or {}).get(winner, {})
    derived: dict[str, list[str]] = {"risk": [], "non-risk": []}
    if quality is not None and matrix.name not in quality.chosen:
        # (a model loaded without options= chooses nothing: load_quality("quality.yaml")
        # gave no risks, where archkit run lists them; scout AX)
        quality = quality.choosing(matrix)
    for r in (quality.risks() if quality is not None else ()):
        if r.derived and r.decision == matrix.name and r.consequence:
            derived[r.kind].append(r.consequence)
    more = [_ranking_table(matrix, ranking, probability)]
    chart_files: dict[Path, str] = {}
    if charts:
        from archkit.tradeoff import charts as ch

        asset_dir = path.with_suffix("")
        svgs = {"ranking": ch.to_svg(ch.ranking_figure(matrix, "wsm", ranking)),
                "stability": ch.to_svg(ch.stability_figure(matrix, stability)),
                "win-probability": ch.to_svg(ch.win_probability_figure(matrix, probability))}
        for key, label in CHARTS:
            file = asset_dir / f"{key}.svg"
            chart_files[file] = svgs[key]
            more.append(f"![{label}]({href(f'{asset_dir.name}/{key}.svg')})")
    adr = Adr(
        path=path, number=number, id=f"{number:04d}" if number is not None else path.stem,
        title=title, status=status,
        date=date or dt.date.today().isoformat(),
        # a draft is a new record: MADR's people keys are there to be filled in
        meta=_people(previous, decision_makers),
        front_matter={**_own_keys(previous), MARKER_KEY: matrix.name},
        links=[ln for ln in (previous.links if previous is not None else ()) if ln.explicit],
        sections=[
            Section("context", "Context and Problem Statement", 2, context),
            Section("drivers", "Decision Drivers", 2, _drivers(matrix, mark)),
            Section("options", "Considered Options", 2, options),
            Section("decision", "Decision Outcome", 2,
                    _outcome(matrix, ranking, verdict) + _caveats(matrix, mark)),
            Section("consequences", "Consequences", 3, "\n".join(
                _bullets("good", list(notes.get("good", [])) + derived["non-risk"], mark=mark)
                + _bullets("bad", list(notes.get("bad", [])) + derived["risk"], mark=mark))),
            Section("pros_cons", "Pros and Cons of the Options", 2, _pros_cons(matrix, ranking, mark)),
            Section("more", "More Information", 2, "\n\n".join(more)),
        ])
    adr.sections = [s for s in adr.sections if s.body.strip()]
    text = render(adr, template, root=root)
    if template not in TEMPLATES and drafted_from(parse(text, path)) != matrix.name:
        # a workspace's template that writes no front matter: the comment line Nygard
        # drafts have keeps the draft known to later runs (else each run drafts it anew)
        text = text.rstrip("\n") + f"\n\n<!-- {MARKER_KEY}: {matrix.name} -->\n"
    return Draft(adr, text, chart_files)


def _people(previous: Adr | None, decision_makers: str | None) -> dict[str, Any]:
    """The people keys of a draft: empty to fill in, or as they were filled in on the draft
    it replaces (``decision_makers`` given wins)."""
    people: dict[str, Any] = {"decision-makers": decision_makers, "consulted": None,
                              "informed": None}
    for key in people:
        if people[key] in (None, "") and previous is not None \
                and previous.meta.get(key) not in (None, "", []):
            people[key] = previous.meta[key]
    if previous is not None and previous.meta.get("tags") not in (None, "", []):
        people["tags"] = previous.meta["tags"]      # log4brains' "- Tags:", filled in too
    return people


def _own_keys(previous: Adr | None) -> dict[str, Any]:
    """The front-matter keys of the draft ``previous`` that are neither MADR's nor archkit's
    (its status and date are the new draft's)."""
    if previous is None or not previous.front_matter:
        return {}
    return {k: v for k, v in previous.front_matter.items()
            if str(k).lower() not in MADR_KEYS and k != MARKER_KEY}


def find_draft(log: AdrLog, matrix: Any, title: str | None = None) -> Adr | None:
    """The record generated last from this decision (by its front-matter marker): a new
    proposal drafted after a rejected one is the one to keep up to date. With ``title``,
    the title the evidence gives the decision now, a rejected record of another title
    is none: the evidence picks another option, which gets a new draft."""
    found = None
    for adr in log.records:
        if drafted_from(adr) == matrix.name:
            found = adr
    return _current(found, title)


def _current(adr: Adr | None, title: str | None) -> Adr | None:
    """``adr``, unless it was rejected and ``title`` is another (see :func:`find_draft`)."""
    if adr is not None and title is not None and adr.status == "rejected" \
            and adr.title != title:
        return None
    return adr


def find_renamed(log: AdrLog, matrix: Any, stems: set[str], title: str | None = None,
                 taken: Collection[Path] = ()) -> Adr | None:
    """The record generated last from a decision file no longer among ``stems`` (the
    workspace's decisions) whose title is this decision's: its file was renamed
    (``broker.yaml`` to ``message-broker.yaml`` drafted a second record of the same
    title and left the first proposed; scout AV). ``title`` as for :func:`find_draft`;
    ``taken``: records another decision adopted already (a file renamed and copied: one
    record, one decision; scout AX)."""
    prefix = one_line(str(matrix.title)) + ": "
    left = [a for a in log.records if (m := drafted_from(a)) and m not in stems
            and a.path not in taken and a.title.startswith(prefix)]
    full = [a for a in left if _titled_by(a.title[len(prefix):], matrix)]
    # a title of the decision's and one of its options; else the one record left that
    # starts so (an option renamed in the same edit as the file; scout AY), never one
    # of several ("Storage: archival: S3" beside "Storage: PostgreSQL"; scout AX)
    found = full[-1] if full else left[0] if len(left) == 1 else None
    return _current(found, title)


def _titled_by(rest: str, matrix: Any) -> bool:
    """Whether ``rest`` (a title after the decision's title and ": ") names an option of
    ``matrix``, or options tied first (:func:`leading`)."""
    options = {one_line(str(o)) for o in matrix.options}
    return rest in options or all(p in options for p in rest.split(" or "))


def orphans(log: AdrLog, stems: set[str], kept: set[Path]) -> list[Adr]:
    """Proposed drafts generated from a decision file the workspace no longer has, other
    than those at ``kept``."""
    return [a for a in log.records if (m := drafted_from(a)) and m not in stems
            and a.status == "proposed" and a.path not in kept]


def drafted_from(adr: Adr) -> str | None:
    """The decision (file stem) ``adr`` was generated from, if archkit drafted it."""
    marker = adr.front_matter.get(MARKER_KEY) if adr.front_matter else None
    return str(marker) if marker not in (None, "") else None


# -- renaming a draft whose title changed -----------------------------------------------
def draft_path(existing: Adr, title: str) -> Path:
    """Where a still-proposed draft belongs now that its title is ``title``: its number
    (or log4brains date prefix) kept, the slug of the new title."""
    m = LOG4BRAINS_NAME.match(existing.path.name)
    if existing.number is None and m:
        return existing.path.with_name(f"{m['date']}-{slugify(title)}.md")
    if existing.number is not None and NUMBERED_NAME.match(existing.path.name):
        return existing.path.with_name(filename(existing.number, title))
    return existing.path     # a name archkit did not make: left as it is


def rename_plan(log: AdrLog, existing: Adr, title: str) -> tuple[Adr, Path]:
    """(the draft to regenerate, where it belongs): :func:`draft_path`; when the draft is
    already there but a copy an interrupted rename left behind is too, the copy is the
    one renamed (onto the draft), which removes it."""
    target = draft_path(existing, title)
    if target == existing.path:
        stale = [a for a in log.records if _leftover(a, existing)]
        if stale:
            return stale[0], target
    return existing, target


def _leftover(adr: Adr, draft_of: Adr) -> bool:
    """``adr`` is a copy of the draft ``draft_of`` that a rename left behind when it was
    interrupted (same decision, same number, still proposed): archkit's to replace."""
    return (adr.path != draft_of.path and drafted_from(adr) == drafted_from(draft_of)
            and adr.number == draft_of.number and adr.status == "proposed")


def rename_blocker(log: AdrLog, existing: Adr, target: Path) -> str | None:
    """Why the draft ``existing`` cannot be renamed to ``target`` (None when it can):
    another record has that name, or a record linking to the draft cannot be edited."""
    if target == existing.path:
        return None
    if target.exists() or target.is_symlink():
        other = _named(log, target.name)
        if other is None or not _leftover(other, existing):
            return f"{target.name} is another record"
    for adr in log.records:
        if adr.path in (existing.path, target) or not _links_to(log, adr, existing):
            continue
        if adr.unreadable:
            return f"{adr.path.name} links to it and cannot be edited"
    return None


def _named(log: AdrLog, name: str) -> Adr | None:
    return next((a for a in log.records if a.path.name == name), None)


def _links_to(log: AdrLog, adr: Adr, target: Adr) -> bool:
    return any(log.resolve(adr, ln) is target for ln in adr.links
               if ln.target.endswith(".md"))


_INLINE = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<href><[^>]*>|[^)\s]+)"
                     r"(?P<title>\s+\"[^\"]*\")?\)")
_REFDEF = re.compile(r"^(?P<head>[ \t]{0,3}\[[^\]]+\]:[ \t]*)(?P<href><[^>]*>|\S+)")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def relink(text: str, old: Adr, new_name: str, new_title: str) -> str:
    """``text`` with its links to ``old``'s file pointed at ``new_name``; a link text that
    is archkit's label for ``old`` ("ADR-0002: Title", "2. Title") gets the new title.
    Code blocks (examples) are left as they are."""
    old_names = {old.path.name, href(old.path.name)}
    labels = {}
    for style in ("madr", "nygard", "log4brains"):
        was = link_label(old, old.path.name, style)
        now = link_label(Adr(path=old.path.with_name(new_name), number=old.number, id=old.id,
                             title=new_title), new_name, style)
        labels[was] = now
        labels[was.replace("[", "(").replace("]", ")")] = now.replace("[", "(").replace("]", ")")

    def target(h: str) -> str | None:
        bare = h[1:-1] if h.startswith("<") and h.endswith(">") else h
        path, hash_, anchor = bare.partition("#")
        prefix, _, name = path.rpartition("/")
        if name not in old_names or prefix not in ("", "."):
            return None
        out = (prefix + "/" if prefix else "") + href(new_name) + hash_ + anchor
        return f"<{out}>" if h.startswith("<") else out

    def inline(m: re.Match[str]) -> str:
        h = target(m["href"])
        if h is None:
            return m[0]
        label = labels.get(m["text"], m["text"])
        return f"[{label}]({h}{m['title'] or ''})"

    lines = text.split("\n")
    fence = None
    for i, line in enumerate(lines):
        f = _FENCE.match(line)
        if fence is not None:
            if f and f[1][0] == fence[0] and len(f[1]) >= len(fence):
                fence = None
            continue
        if f:
            fence = f[1]
            continue
        line = _INLINE.sub(inline, line)
        d = _REFDEF.match(line)
        if d and (h := target(d["href"])) is not None:
            line = d["head"] + h + line[d.end():]
        lines[i] = line
    return "\n".join(lines)


def rename_draft(log: AdrLog, existing: Adr, target: Path, title: str | None = None) -> Adr:
    """Rename the still-proposed draft ``existing`` to ``target`` (its title changed with
    the evidence): the record, its chart folder and the image links in it, and the links
    other records of the log have to it by file name. Under the log's lock, on the
    records as they are then. The new files are written before the old ones are removed,
    so an interruption loses nothing (a copy left behind is replaced on the next run);
    another record is never overwritten and an accepted record is never touched: an
    :class:`InputError` says why, with nothing written. ``title`` is the draft's new title,
    for the link texts in other records that name it (default: its title now)."""
    from archkit.adr.edit import keep_style
    from archkit.adr.log import editable
    from archkit.workspace import atomic_write, check_inside, folder_lock

    with folder_lock(log.dir):
        log.reload()
        current = _named(log, existing.path.name)
        if current is None or current.status != "proposed" or \
                drafted_from(current) != drafted_from(existing):
            raise InputError("the draft changed while it was being renamed: run again",
                             existing.path)
        why = rename_blocker(log, current, target)
        if why is not None:
            raise InputError(f"cannot rename the draft to {target.name}: {why}", current.path)
        editable(current)
        title = title or current.title
        # 1. the chart folder's files, copied beside the new name
        old_assets, new_assets = current.path.with_suffix(""), target.with_suffix("")
        moved = sorted(p for p in old_assets.rglob("*") if p.is_file()) \
            if old_assets.is_dir() and not old_assets.is_symlink() else []
        for p in moved:      # (a link out of the log: its target is not copied into it)
            check_inside(p, log.dir)
        for p in moved:
            atomic_write(new_assets / p.relative_to(old_assets), p.read_bytes(), overwrite=True,
                         within=log.dir)
        # 2. the record under its new name, its image links pointing at the new folder
        text = current.text
        if moved:
            text = text.replace(f"]({href(old_assets.name)}/", f"]({href(new_assets.name)}/") \
                .replace(f"](./{href(old_assets.name)}/", f"](./{href(new_assets.name)}/")
        replacing = target.exists()
        atomic_write(target, keep_style(current, text), overwrite=replacing)
        # 3. links to it in other records
        for adr in log.records:
            if adr.path in (current.path, target) or _leftover(adr, current) or \
                    not _links_to(log, adr, current):
                continue
            editable(adr)
            atomic_write(adr.path, keep_style(adr, relink(adr.text, current, target.name,
                                                          title)), overwrite=True)
        # 4. only now the old name, its charts and copies an interrupted rename left
        for adr in log.records:
            if _leftover(adr, current) and adr.path != target:
                adr.path.unlink(missing_ok=True)
        current.path.unlink(missing_ok=True)
        for p in moved:
            p.unlink(missing_ok=True)
        for d in sorted((p for p in old_assets.rglob("*") if p.is_dir()), reverse=True) \
                if old_assets.is_dir() else []:
            _rmdir(d)
        _rmdir(old_assets)
    log.reload()
    return log.get(target.name)


def _rmdir(folder: Path) -> None:
    try:
        folder.rmdir()          # only when empty: a file someone added there stays
    except OSError:
        pass


def new_from_decision(log: AdrLog, matrix: Any, *, status: str = "proposed",
                      date: str | None = None, charts: bool = True,
                      decision_makers: str | None = None, quality: Any = None) -> Adr:
    """Write the record for ``matrix`` (and its charts), as ``archkit run`` does: a
    still-proposed draft made from the same decision is updated in place (renamed first
    when its title changed, see :func:`rename_draft`); an accepted one is never touched
    (returned, with a warning that says so, and says when the evidence now ranks another
    option first); after a rejected one, a new draft is made for the option the evidence
    picks now. ``quality`` (:func:`~archkit.tradeoff.atam.load_quality`): the risks the
    choice brings are written under Consequences."""
    from archkit.adr.edit import keep_style
    from archkit.workspace import atomic_write, check_inside

    ranking = matrix.rank()
    lead = leading(ranking)
    title = decision_title(matrix, lead)
    existing = find_draft(log, matrix, title)
    if existing is not None and existing.status != "proposed":
        from archkit.errors import warn_caller

        # (it was returned as if drafted, with nothing said; scout AV)
        moved = (f"; {matrix.name} now ranks {lead} first: record that in a new ADR that "
                 f"supersedes it" if existing.title != title else "")
        warn_caller(f"{existing.label} is {existing.status or 'without a status'}: left "
                    f"untouched{moved}")
        return existing
    if existing is not None:
        existing, target = rename_plan(log, existing, title)
        if target != existing.path and rename_blocker(log, existing, target) is None:
            existing = rename_draft(log, existing, target, title)
        d = draft(matrix, log.dir, existing.number, date=date, status=status,
                  charts=charts, path=existing.path, decision_makers=decision_makers,
                  template=log.template, root=log.root, previous=existing, quality=quality)
        for file in d.charts:
            check_inside(file, log.dir)
        for file, svg in d.charts.items():
            atomic_write(file, svg, overwrite=True, within=log.dir)
        atomic_write(existing.path, keep_style(existing, d.text), overwrite=True,
                     within=log.dir)
        log.reload()
        return log.get(existing.path.name)
    when = date or dt.date.today().isoformat()

    def compose(path: Path, number: int | None) -> tuple[str, dict[Path, str]]:
        d = draft(matrix, log.dir, number, date=when, status=status, charts=charts, path=path,
                  decision_makers=decision_makers, template=log.template, root=log.root,
                  quality=quality)
        return d.text, d.charts

    made = log.new(title, status=status, date=when, compose=compose)
    return made
