"""Lint a log with the AK-ADR rules (see :mod:`archkit.adr.rules` for what each means).

Each check is a small function over the records; ``lint_log`` runs them all and adds
the problems found while reading. AK-ADR010 asks git for each accepted record's
history and is skipped outside a repository.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from archkit.adr import rules as R
from archkit.adr.model import REQUIRED, REVERSE, Adr, lifecycle_status
from archkit.adr.read import parse
from archkit.adr.slug import MAX_SLUG, slugify
from archkit.findings import Finding, Report

if TYPE_CHECKING:  # pragma: no cover
    from archkit.adr.log import AdrLog

_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{[^{}\n]{2,}\}")
_HEADING_NUMBER = re.compile(r"^[ \t]{0,3}#[ \t]+(?P<num>\d+)\.[ \t]")


def lint_log(log: AdrLog, *, git: bool = True) -> Report:
    records = log.records
    where = log.dir.name if log.dir.is_absolute() else log.dir.as_posix()
    report = Report(title=f"ADR lint: {where}")
    for adr in records:
        report.extend(adr.problems)
    for check in (duplicate_numbers, broken_links, one_sided_links, missing_successor,
                  several_successors, unknown_statuses, missing_sections, title_mismatches,
                  heading_numbers, numbering_gaps):
        report.extend(check(log))
    if git:
        report.extend(accepted_records_edited(log))
    return report.sorted()


def duplicate_numbers(log: AdrLog) -> Iterator[Finding]:
    by_number: dict[int, list[Adr]] = defaultdict(list)
    for adr in log.records:
        if adr.number is not None:
            by_number[adr.number].append(adr)
    for number, group in sorted(by_number.items()):
        if len(group) < 2:
            continue
        names = ", ".join(a.path.name for a in group)
        for adr in group[1:]:
            yield R.DUPLICATE_NUMBER.finding(
                f"number {number:04d} is used by {len(group)} records: {names}",
                path=str(adr.path), line=adr.title_line, object=adr.label,
                hint=f"renumber this record to {log.next_number():04d} (rename the file and "
                     "update links to it)")


def broken_links(log: AdrLog) -> Iterator[Finding]:
    for adr in log.records:
        for ln in adr.links:
            if log.resolve(adr, ln) is None and not _record_elsewhere(adr, ln.target):
                yield R.BROKEN_LINK.finding(
                    f"{ln.type} link to {ln.target} points to no record",
                    path=str(adr.path), line=ln.line, object=f"{adr.label} -> {ln.target}",
                    hint="link to an existing record's file name (see 'archkit adr list') "
                         "or remove the link")


def _record_elsewhere(adr: Adr, target: str) -> bool:
    """``target`` is a record file of another folder that is there: a log4brains package's
    log (``../../packages/backend/adr/20240101-x.md``, as log4brains links them), another
    team's log in a monorepo. Not this log's to judge, and no broken link. (A link's
    target is a record file's name already, decoded: read._is_record_href.)"""
    if "/" not in target.strip("./").replace("\\", "/"):
        return False
    try:
        return (adr.path.parent / target).is_file()
    except OSError:
        return False


def one_sided_links(log: AdrLog) -> Iterator[Finding]:
    for adr in log.records:
        for ln in adr.links:
            if ln.type == "relates" or (ln.type == "supersedes"
                                        and lifecycle_status(adr.status) == "rejected"):
                continue     # (a rejected proposal superseded nothing: no back-link due)
            target = log.resolve(adr, ln)
            if target is None:
                continue
            back = REVERSE[ln.type]
            if not any(log.resolve(target, t) is adr for t in target.links_of(back)):
                phrase = back.replace("-", " ").capitalize()
                says = "is superseded by" if ln.type == "superseded-by" else \
                    "is amended by" if ln.type == "amended-by" else ln.type
                yield R.ONE_SIDED_LINK.finding(
                    f"{adr.label} says it {says} {target.label}, but "
                    f"{target.label} does not link back",
                    path=str(adr.path), line=ln.line, object=f"{adr.label} -> {target.label}",
                    hint=f"add '{phrase} [{adr.label}]({adr.path.name})' to {target.path.name}")


def missing_successor(log: AdrLog) -> Iterator[Finding]:
    for adr in log.records:
        if adr.status != "superseded":
            continue
        ref = adr.number if adr.number is not None else adr.id
        links = adr.links_of("superseded-by")
        if not links:
            yield R.SUPERSEDED_WITHOUT_SUCCESSOR.finding(
                f"{adr.label} is superseded but does not say by which record",
                path=str(adr.path), line=adr.status_line, object=adr.label,
                hint=f"'archkit adr link M Supersedes {ref}' names the record M that "
                     f"replaced it, in both records; 'archkit adr new TITLE --supersedes "
                     f"{ref}' writes a new one")
            continue
        successors = [log.resolve(adr, ln) for ln in links]
        if all(s is not None and lifecycle_status(s.status) == "rejected" for s in successors):
            names = sorted({s.label for s in successors if s is not None})
            yield R.SUPERSEDED_WITHOUT_SUCCESSOR.finding(
                f"{adr.label} is superseded only by rejected "
                f"{'records' if len(names) > 1 else 'record'} {' and '.join(names)}: "
                "no decision on its question is in force",
                path=str(adr.path), line=adr.status_line, object=adr.label,
                hint=f"'archkit adr status {ref} accepted' puts it back in force (and drops "
                     "the link); or supersede it with a record that is accepted")


def several_successors(log: AdrLog) -> Iterator[Finding]:
    for adr in log.records:
        successors: dict[str, int | None] = {}      # each successor once, at its first line
        for ln in adr.links_of("superseded-by"):
            target = log.resolve(adr, ln)
            successors.setdefault(target.label if target is not None else ln.target, ln.line)
        if len(successors) < 2:
            continue
        names = list(successors)
        yield R.SEVERAL_SUCCESSORS.finding(
            f"{adr.label} says it is superseded by {len(names)} records: "
            f"{', '.join(names[:-1])} and {names[-1]}",
            path=str(adr.path), line=list(successors.values())[1] or adr.status_line,
            object=adr.label,
            hint=f"keep the link to the record that replaces {adr.label}; make the other "
                 "supersede or amend that record instead")


def unknown_statuses(log: AdrLog) -> Iterator[Finding]:
    for adr in log.records:
        if adr.status is not None and adr.status not in log.statuses:
            yield R.UNKNOWN_STATUS.finding(
                f"status {adr.status_text or adr.status!r} is not one of "
                f"{', '.join(log.statuses)}",
                path=str(adr.path), line=adr.status_line, object=adr.label,
                hint="use draft, proposed, accepted, rejected, deprecated or superseded "
                     "(or allow it in archkit.toml: [adr] statuses = [...])")


def _prose(body: str) -> str:
    text = _FENCED.sub("", body)
    text = _CODE_SPAN.sub("", text)
    return _COMMENT.sub("", text)


def missing_sections(log: AdrLog) -> Iterator[Finding]:
    kept = template_text(log)
    for adr in log.records:
        required = REQUIRED.get(adr.format, ())
        for key in required:
            section = adr.section(key)
            if section is None:
                if key == "status" and adr.status is not None:
                    continue
                # (the object names the section: a record's AK-ADR006 findings told
                # apart by their rank renumbered when one was fixed, and code scanning
                # moved a dismissed alert to another section; scout AR)
                yield R.MISSING_SECTION.finding(
                    f"{adr.label} has no {_name(key, adr.format)!r} section",
                    path=str(adr.path), line=adr.title_line,
                    object=f"{adr.label}: {_name(key, adr.format)}",
                    hint=f"add '## {_name(key, adr.format)}' with its text")
                continue
            prose = _prose(section.body)
            if not prose.strip() and key != "status":
                yield R.MISSING_SECTION.finding(
                    f"section {section.heading!r} of {adr.label} is empty",
                    path=str(adr.path), line=section.line,
                    object=f"{adr.label}: {section.heading}",
                    hint=f"write the {_name(key, adr.format).lower()} or remove the record")
        for section in adr.sections:
            prose = _prose(section.body)
            m = _PLACEHOLDER.search(prose)
            found = m.group(0) if m else next(
                (line for line in (_bare(t) for t in prose.split("\n")) if line in kept), None)
            if found:
                yield R.MISSING_SECTION.finding(
                    f"section {section.heading or 'before the first heading'!r} of "
                    f"{adr.label} still holds template text {found[:40]!r}",
                    path=str(adr.path), line=_line_of(adr, found, section.line),
                    object=f"{adr.label}: {section.heading or 'before the first heading'}",
                    hint="replace the {placeholder} with the real text"
                    if m else "replace the template's text with the real text")


# what adr-tools' default template says in its sections; its `adr new` leaves it there
ADR_TOOLS_TEXT = frozenset({
    "The issue motivating this decision, and any context that influences or constrains "
    "the decision.",
    "The change that we're proposing or have agreed to implement.",
    "What becomes easier or more difficult to do and any risks introduced by the change "
    "that will need to be mitigated."})
# a "[placeholder]" of a template: words in brackets, with a lower-case letter. Not a link
# "[text](url)", "[text]: url" or "[text][ref]", nor a marker meant to stay in every record:
# "[[_TOC_]]", "[TOC]", GitHub's "> [!NOTE]", a footnote "[^1]"
_BRACKETED = re.compile(r"(?<!\[)\[(?![!^\[])[^\[\]\n]*[a-z][^\[\]\n]*\](?![(:\[\]])")


def _bare(line: str) -> str:
    """A line without its list marker and surrounding blanks."""
    return re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip()


def template_text(log: AdrLog) -> frozenset[str]:
    """Lines that are template text in this log: adr-tools' default sentences, and the
    "[placeholder]" lines of the log's own template (log4brains' ``template.md``,
    adr-tools' ``templates/template.md``), which their ``adr new`` copies."""
    from archkit.adr.write import tool_template

    tool = tool_template(log.template, log.root)
    if tool is None:
        return ADR_TOOLS_TEXT
    lines = {_bare(t) for t in _prose(tool[1]).split("\n")}
    return ADR_TOOLS_TEXT | {t for t in lines if _BRACKETED.search(t) and not t.startswith("#")
                             and not re.match(r"(?i)(status|date)\s*:", t)}


def _line_of(adr: Adr, needle: str, start: int | None) -> int | None:
    lines = adr.text.split("\n")
    for i in range((start or 1) - 1, len(lines)):
        if needle in lines[i]:
            return i + 1
    return start


def _name(key: str, fmt: str) -> str:
    from archkit.adr.model import MADR_HEADINGS, NYGARD_HEADINGS

    if key == "status":
        return "Status"
    table = NYGARD_HEADINGS if fmt == "nygard" else MADR_HEADINGS
    return table.get(key, MADR_HEADINGS.get(key, (key, 2)))[0]


def title_mismatches(log: AdrLog) -> Iterator[Finding]:
    for adr in log.records:
        if adr.title_line is None:
            continue
        want, have = slugify(adr.title), slugify(adr.slug)
        if want == have or (len(have) >= MAX_SLUG - 12 and want.startswith(have)):
            continue
        yield R.TITLE_MISMATCH.finding(
            f"file name slug {adr.slug!r} does not match the title {adr.title!r}",
            path=str(adr.path), line=adr.title_line, object=adr.label,
            hint=f"rename the file to {adr.path.name.split('-', 1)[0]}-{want}.md "
                 "(and update links), or restore the title")


def heading_numbers(log: AdrLog) -> Iterator[Finding]:
    """AK-ADR008 too: "# 7. Foo" in 0004-foo.md (adr-tools numbers its headings)."""
    for adr in log.records:
        if adr.number is None or adr.title_line is None:
            continue
        line = adr.text.split("\n")[adr.title_line - 1]
        m = _HEADING_NUMBER.match(line)
        if m is None or int(m["num"]) == adr.number:
            continue
        yield R.TITLE_MISMATCH.finding(
            f"heading number {m['num']} is not the file's number {adr.number:04d}: the "
            f"record is {adr.label}",
            path=str(adr.path), line=adr.title_line, col=m.start("num") + 1, object=adr.label,
            hint=f"write '# {adr.number}. {adr.title}' (archkit and links go by the file "
                 "name's number), or rename the file if the heading is right")


def numbering_gaps(log: AdrLog) -> Iterator[Finding]:
    numbers = sorted({a.number for a in log.records if a.number is not None})
    for a, b in itertools.pairwise(numbers):
        if b - a > 1:
            missing = (f"{a + 1:04d}" if b - a == 2 else f"{a + 1:04d} to {b - 1:04d}")
            yield R.NUMBERING_GAP.finding(
                f"no record numbered {missing} (between {a:04d} and {b:04d})",
                path=str(log.dir), object=f"ADR-{a + 1:04d}",
                hint="restore the missing record from git history, or note the gap in "
                     "the log's README")


# -- AK-ADR010: needs git -------------------------------------------------------------------
def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # (a file name that is not UTF-8, ever in the folder's history: kept as the file
    # system's str of it, as Path gives it; strict decoding was exit 3; scout AW)
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True,
                          errors="surrogateescape", check=False, env=_git_env())


def _git_env() -> dict[str, str]:
    return {**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C"}


def _blobs(root: Path, specs: list[str]) -> list[str | None]:
    """The text of each object in ``specs`` (a blob's id; None where git has none), from
    one ``git cat-file --batch``."""
    done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"],
                          input="".join(f"{s}\n" for s in specs).encode(), capture_output=True,
                          check=False, env=_git_env())
    out: list[str | None] = []
    data, at = done.stdout, 0
    for _ in specs:
        end = data.find(b"\n", at)
        if end < 0:
            out.append(None)
            continue
        line = data[at:end]
        at = end + 1
        if line.endswith((b" missing", b" ambiguous")):
            out.append(None)            # "<spec> missing" (the spec may hold spaces)
            continue
        _sha, kind, size = line.split(b" ")     # "<sha> <type> <size>", then the content
        out.append(data[at:at + int(size)].decode("utf-8", errors="replace")
                   if kind == b"blob" else None)
        at += int(size) + 1
    return out


def git_root(path: Path) -> Path | None:
    try:
        done = _git(path, "rev-parse", "--show-toplevel")
    except (FileNotFoundError, NotADirectoryError):
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def _decision_text(adr: Adr) -> str:
    from archkit.adr.write import strip_link_lines

    section = adr.section("decision")
    return " ".join(strip_link_lines(section.body).split()) if section else ""


def accepted_records_edited(log: AdrLog) -> Iterator[Finding]:
    accepted = [a for a in log.records if a.status == "accepted"]
    if not accepted or not log.dir.is_dir():
        return
    root = git_root(log.dir)
    if root is None:
        return
    # every version of the folder's files, oldest first: the commit and the file's blob
    # (--raw: what `git show commit:path` would resolve through each commit's tree, which
    # costs a walk of a tree of thousands of records per version)
    # (-M: a record renamed, as AK-ADR008's hint says to, keeps its history: an edit
    # before the rename was not seen; scout AW)
    done = _git(root, "log", "--reverse", "--format=\x01%H", "--raw", "--no-abbrev",
                "-M", "-z", "--", str(log.dir.resolve().relative_to(root.resolve())))
    if done.returncode != 0:
        return
    versions: dict[str, list[tuple[str, str]]] = defaultdict(list)   # file -> (commit, blob)
    sha = ""
    fields = done.stdout.split("\0")
    i = 0
    while i < len(fields):
        item = fields[i].strip("\n")
        if item.startswith("\x01"):
            sha = item[1:].split("\n")[0]
            item = item[1 + len(sha):].strip("\n")
        if item.startswith(":") and i + 1 < len(fields):
            parts = item.split()                # ":mode mode old new status", then the path
            blob = parts[3] if len(parts) >= 5 else ""
            status = parts[4] if len(parts) >= 5 else ""
            if status.startswith("R") and i + 2 < len(fields):    # renamed: two paths
                moved = versions.pop(fields[i + 1], [])
                versions[fields[i + 2]] = [*moved, (sha, blob)]
                i += 3
                continue
            if blob.strip("0"):                 # (all zeros: deleted in that commit)
                versions[fields[i + 1]].append((sha, blob))
            i += 2 + (status[:1] == "C")        # (a copy names two paths too)
            continue
        i += 1
    top = root.resolve()
    rels = {adr.path: adr.path.resolve().relative_to(top).as_posix() for adr in accepted}
    # each record's versions, oldest first, asked of git in one process for all records
    # (a `git show` per record took 20 s on 5,000 records; scout AU): the first version of
    # each, then the later ones of the records whose first was not accepted yet
    baselines: dict[Path, tuple[str, str]] = {}
    waiting = [(adr, 0) for adr in accepted if versions.get(rels[adr.path])]
    while waiting:
        specs = [versions[rels[adr.path]][i][1] for adr, i in waiting]
        later = []
        for (adr, i), text in zip(waiting, _blobs(root, specs)):
            history = versions[rels[adr.path]]
            old = parse(text, adr.path) if text is not None else None
            if old is not None and old.status == "accepted":
                baselines[adr.path] = (history[i][0], _decision_text(old))
            elif i + 1 < len(history):
                later.append((adr, i + 1))
        waiting = later
    for adr in accepted:
        rel = rels[adr.path]
        baseline = baselines.get(adr.path)
        if baseline is None or baseline[1] == _decision_text(adr):
            continue
        section = adr.section("decision")
        yield R.ACCEPTED_RECORD_EDITED.finding(
            f"the decision of {adr.label} changed after it was accepted in {baseline[0][:8]}",
            path=str(adr.path), line=section.line if section else adr.title_line,
            object=adr.label,
            hint=f"restore it (git checkout {baseline[0][:8]} -- {rel}) and record the change "
                 f"in a new ADR: archkit adr new TITLE --amends {adr.number or adr.id}")


# -- example runner ---------------------------------------------------------------------------
def lint_files(files: Mapping[str, str]) -> Report:
    """Lint a folder given as ``{file name: text}``; ``NAME@N`` keys are git history."""
    from archkit.adr.log import AdrLog

    history = sorted(((int(k.rsplit("@", 1)[1]), k.rsplit("@", 1)[0], v)
                      for k, v in files.items() if "@" in k), key=lambda t: t[0])
    with tempfile.TemporaryDirectory(prefix="archkit-adr-") as tmp:
        folder = Path(tmp) / "docs" / "decisions"
        folder.mkdir(parents=True)
        if history:
            env = {**os.environ, "GIT_AUTHOR_NAME": "archkit", "GIT_AUTHOR_EMAIL": "a@example.org",
                   "GIT_COMMITTER_NAME": "archkit", "GIT_COMMITTER_EMAIL": "a@example.org"}
            subprocess.run(["git", "init", "-q", tmp], check=True, env=env)
            for n, name, text in history:
                (folder / name).write_text(text, encoding="utf-8")
                subprocess.run(["git", "-C", tmp, "add", "-A"], check=True, env=env)
                subprocess.run(["git", "-C", tmp, "commit", "-q", "-m", f"version {n}"],
                               check=True, env=env)
        for name, text in files.items():
            if "@" not in name:
                (folder / name).write_text(text, encoding="utf-8")
        report = lint_log(AdrLog(folder), git=bool(history))
        # report paths relative to the example folder, as a reader would see them
        report.findings = [f.__class__(**{**f.to_dict(), "path": _rel(f.path, folder)})
                           for f in report.findings]
        return report


def _rel(path: str | None, folder: Path) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).relative_to(folder).as_posix() or "."
    except ValueError:
        return path
