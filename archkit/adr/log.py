"""An ADR log: the folder of records, and everything done to it as a whole.

``AdrLog("docs/decisions")`` or ``AdrLog.discover(workspace)``; ``log.records`` reads
every record (any format); ``log.new(title, supersedes=3)`` numbers, writes and links
a new record; ``log.set_status(3, "accepted")`` enforces the lifecycle; ``toc``,
``graph``, ``lint``, ``convert`` and ``site`` publish or check the log.

Writes are atomic (temp file + rename) and never overwrite a record they did not
read first. Numbers are claimed with an exclusive-create lock file per number, so
parallel ``adr new`` commands get distinct numbers; changes to existing records (back
links, status) are read, checked and written under a lock on the folder
(:func:`~archkit.workspace.folder_lock`), so concurrent writers never lose each other's
changes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archkit.adr import edit
from archkit.adr.frozen import writable
from archkit.adr.model import (
    DECISION_KEY,
    MADR_KEYS,
    PHRASES,
    REVERSE,
    STATUSES,
    TRANSITIONS,
    Adr,
    Link,
    lifecycle_status,
)
from archkit.adr.read import LOG4BRAINS_NAME, NUMBERED_NAME, is_record_name, parse, read
from archkit.adr.slug import dated_filename, filename, one_line
from archkit.adr.write import (
    TEMPLATES,
    family,
    href,
    link_label,
    link_line,
    load_template,
    render,
    tool_template,
)
from archkit.errors import InputError
from archkit.workspace import (
    Workspace,
    atomic_write,
    check_inside,
    find_adr_dir,
    folder_lock,
    locate_adr_root,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from archkit.findings import Report

LOCK_PREFIX = ".archkit-adr-"
STALE_LOCK_SECONDS = 120
# claims of a new record's number before giving up (another tool taking it each time)
_CLAIM_ATTEMPTS = 20
STYLE_SAMPLE = 25      # how many of the latest records decide the style of a new one
_MADR_KEYS = MADR_KEYS | {DECISION_KEY}
_MISSING = object()
_REF = re.compile(r"^(?:adr[- ]?)?0*(\d+)$", re.IGNORECASE)


class AdrLog:
    """The decision records in one folder."""

    def __init__(self, directory: str | Path, *, template: str | None = None,
                 root: Path | None = None, statuses: Sequence[str] | None = None) -> None:
        self.dir = Path(directory)
        self.configured_template = str(template) if template else None
        self.root = root if root is not None else self.dir
        self.statuses = tuple(statuses) if statuses else STATUSES
        self._records: list[Adr] | None = None
        self._by_name: dict[str, Adr] = {}
        self._by_number: dict[int, list[Adr]] = {}
        self.searched = False        # found by looking up from a folder (AdrLog.find)
        self.discovered = False      # found by the workspace's conventions (discover)

    @classmethod
    def discover(cls, workspace: Workspace | str | Path = ".") -> AdrLog:
        """The log of a workspace: ``[adr] dir``, ``.adr-dir``, ``docs/decisions``, ..."""
        ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
        section = ws.section("adr")
        statuses = section.get("statuses")
        log = cls(find_adr_dir(ws.root, section.get("dir")),
                  template=section.get("template") or None, root=ws.root,
                  statuses=[str(s).lower() for s in statuses] if statuses else None)
        log.discovered = True
        return log

    @classmethod
    def find(cls, start: str | Path = ".") -> AdrLog:
        """The log ``archkit adr`` uses from ``start``: the nearest ADR folder in ``start``
        or a parent, up to a workspace root, a git repository's top or the filesystem
        root (:func:`~archkit.workspace.locate_adr_root`), with that workspace's
        settings. With none, the folder ``new`` would create (``docs/decisions`` in the
        workspace root passed on the way, else in ``start``)."""
        root, _ = locate_adr_root(start)
        ws = Workspace.open(root)
        log = cls.discover(ws)
        log.searched = True
        if not ws.section("adr").get("dir") and not (root / ".adr-dir").is_file():
            # a log4brains monorepo: inside a package, the package's own log
            from archkit.workspace import log4brains_package_folder

            package = log4brains_package_folder(root, Path(start))
            if package is not None:
                log.dir = package
        return log

    def __repr__(self) -> str:
        n = len(self.records)
        return f"<AdrLog {self.dir.name}: {n} record{'' if n == 1 else 's'}>"

    @property
    def template(self) -> str:
        """The template ``new`` writes with: the one configured (``[adr] template``), else
        the style of the log (:meth:`style`); in a Nygard log, adr-tools' own template
        when the log has one (``templates/template.md``, as adr-tools' ``adr new``); in
        another, log4brains' (``template.md`` in the ADR folder, as log4brains' ``adr
        new``)."""
        if self.configured_template:
            return self.configured_template
        style = self.style()
        # absolute: a relative self.dir is relative to the working folder, and a template's
        # path is read relative to the workspace root (from a subfolder: joined twice)
        own = self.dir.absolute() / "templates" / "template.md"
        if style == "nygard" and own.is_file():
            return str(own)
        own = self.dir.absolute() / "template.md"
        if style != "nygard" and own.is_file() and tool_template(str(own)) is not None:
            return str(own)
        return style

    def style(self, recent: int = STYLE_SAMPLE) -> str:
        """``nygard`` when most of the latest ``recent`` records are Nygard/adr-tools
        records, ``log4brains`` when most are log4brains records (``- Status:`` bullets,
        ``YYYYMMDD-slug.md``), the newest breaking a tie; else ``madr`` (also for an
        empty log)."""
        votes = [f for f in (self._read(p).format for p in self._numbered_files()[-recent:])
                 if f != "unknown"]
        if not votes and self.log4brains_project:
            return "log4brains"
        for kind in ("nygard", "log4brains"):
            count = sum(f == kind for f in votes)
            if votes and (2 * count > len(votes)
                          or (2 * count == len(votes) and votes[-1] == kind)):
                return kind
        return "madr"

    def _read_by_log4brains(self, adr: Adr) -> bool:
        """``adr`` is a log4brains record, or a MADR 2 one (``- Status:`` bullets) in a
        log4brains project's folder, which log4brains reads as its own."""
        return adr.format == "log4brains" or (adr.format == "madr2" and self.log4brains_project)

    @property
    def log4brains_project(self) -> bool:
        """This folder is the ``project.adrFolder`` of the workspace's ``.log4brains.yml``:
        a log4brains knowledge base, whose records log4brains reads (while it is empty
        too: its first records are written as log4brains writes them, not in MADR 4 with
        front matter, which log4brains does not read, nor with numbers)."""
        from archkit.workspace import log4brains_folders

        folder, packages = log4brains_folders(self.root / ".log4brains.yml")
        try:
            here = self.dir.resolve()
            return any((self.root / f).resolve() == here
                       for f in [folder, *(p[1] for p in packages)] if f)
        except OSError:
            return False

    def file_style(self, recent: int = STYLE_SAMPLE) -> edit.Style:
        """How a new record's file is stored, like the latest ``recent`` records: CRLF
        line endings when most of them use CRLF (the newest breaks a tie), a UTF-8
        byte-order mark when every one of them has one. LF and no mark for an empty log."""
        latest = [a for a in (self._read(p) for p in self._numbered_files()[-recent:]) if a.text]
        lined = [a.crlf for a in latest if "\n" in a.text]  # one line has no line ending
        votes = 2 * sum(lined)
        crlf = votes > len(lined) if votes != len(lined) else bool(lined) and lined[-1]
        return edit.Style(crlf=crlf, bom=bool(latest) and all(a.bom for a in latest))

    def _numbered_files(self) -> list[Path]:
        """The record files in number order (log4brains' dated names sort by date)."""
        def key(p: Path) -> tuple[int, str]:
            m = NUMBERED_NAME.match(p.name)
            return (int(m["num"]) if m and not LOG4BRAINS_NAME.match(p.name) else 0, p.name)
        return sorted(self.files(), key=key)

    # -- reading ----------------------------------------------------------------------
    def require(self) -> None:
        if self.dir.is_dir():
            return
        if self.searched:
            raise InputError("no ADR folder here or in a parent folder up to the workspace "
                             "root or git repository's top (looked for archkit.toml [adr] dir, "
                             ".adr-dir, .log4brains.yml adrFolder, docs/decisions, doc/adr, "
                             "docs/adr, doc/decisions); "
                             "start the log with 'archkit adr new' or pass --dir", self.dir)
        if self.discovered:
            raise InputError("no ADR folder here (looked in archkit.toml [adr] dir, .adr-dir, "
                             ".log4brains.yml adrFolder, docs/decisions, doc/adr, docs/adr, "
                             "doc/decisions); create it "
                             "with 'archkit adr new' or pass --dir", self.dir)
        # a folder named by the caller (--dir D, convert DIR, AdrLog(D))
        if self.dir.exists():
            raise InputError("not a folder: give the folder that holds the records", self.dir)
        raise InputError(f"no such folder; check the path, or start a log there with "
                         f"'archkit adr new TITLE --dir {self.dir}'", self.dir)

    def files(self) -> list[Path]:
        if not self.dir.is_dir():
            return []
        with os.scandir(self.dir) as it:
            names = [e.name for e in it if e.is_file() and is_record_name(e.name)]
        return [self.dir / n for n in sorted(names)]

    @property
    def records(self) -> list[Adr]:
        """Every record, by number (log4brains records, which have none, by file name)."""
        if self._records is None:
            recs = [self._read(p) for p in self.files()]
            recs.sort(key=lambda a: (a.number is None, a.number or 0, a.path.name))
            self._records = recs
            self._by_name = {a.path.name: a for a in recs}
            self._by_number = {}
            for a in recs:
                if a.number is not None:
                    self._by_number.setdefault(a.number, []).append(a)
        return self._records

    def _read(self, path: Path) -> Adr:
        return read(path)

    def reload(self) -> AdrLog:
        self._records = None
        return self

    def as_written(self, texts: dict[str, str]) -> AdrLog:
        """This log as it will be once ``texts`` ({file name: text}) are written into its
        folder: a record of that name replaced, or added. Nothing is written; the copy
        reads the other records from disk. For checking records before writing them
        (``archkit run`` lints the log its drafts will leave)."""
        return _PendingLog(self, texts)

    def __iter__(self) -> Iterator[Adr]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def get(self, ref: int | str | Adr) -> Adr:
        """A record by number (``3``, ``"0003"``, ``"ADR-0003"``), id or file name."""
        if isinstance(ref, Adr):
            return ref
        text = str(ref).strip()
        m = _REF.match(text)
        records = self.records
        if m:
            found = self._by_number.get(int(m[1]), [])
            if len(found) > 1:
                raise InputError(f"{len(found)} records are numbered {int(m[1]):04d} "
                                 f"({', '.join(a.path.name for a in found)}); renumber one "
                                 "first (AK-ADR001)", self.dir)
            if found:
                return found[0]
        for adr in records:
            if text in (adr.id, adr.path.name, adr.path.stem):
                return adr
        raise InputError(f"no record {text!r} in this ADR log "
                         f"({len(self.records)} records; see 'archkit adr list')", self.dir)

    def resolve(self, source: Adr, link: Link) -> Adr | None:
        """The record a link points to, or None when it points to nothing."""
        target = link.target
        self.records  # noqa: B018 - builds the indexes
        if not target.endswith(".md"):
            m = _REF.match(target)
            found = self._by_number.get(int(m[1]), []) if m else []
            return found[0] if found else None
        if "/" in target.strip("./").replace("\\", "/"):   # another folder
            path = source.path.parent / target
            if path.parent.resolve() != self.dir.resolve():
                return None
        return self._by_name.get(target.rsplit("/", 1)[-1])

    # -- numbering --------------------------------------------------------------------
    def numbers(self) -> set[int]:
        out = set()
        for p in self.files():
            m = NUMBERED_NAME.match(p.name)
            if m and not LOG4BRAINS_NAME.match(p.name):
                out.add(int(m["num"]))
        return out

    def next_number(self) -> int:
        return max(self.numbers(), default=0) + 1

    @property
    def dated(self) -> bool:
        """A log4brains log: every record is named ``YYYYMMDD-slug.md``, or it has none
        yet and is a log4brains project's folder."""
        names = [p.name for p in self.files()]
        if not names:
            return self.log4brains_project
        return all(LOG4BRAINS_NAME.match(n) for n in names)

    def planned_path(self, title: str, date: str, offset: int = 0) -> tuple[Path, int | None]:
        """Where a new record would go (not claimed): next number + offset, or a dated name."""
        if self.dated:
            return self.dir / dated_filename(date, title), None
        number = self.next_number() + offset
        return self.dir / filename(number, title), number

    def _claim_path(self, title: str, date: str) -> tuple[Path, int | None, Path]:
        """Claim the next free number (or dated name) with an exclusive-create lock file."""
        if self.dated:
            stem = dated_filename(date, title)[:-3]
            for i in range(1, 10_000):
                name = f"{stem}.md" if i == 1 else f"{stem}-{i}.md"
                lock = self._claim(name[:-3], lambda n, name=name: n == name)
                if lock is not None:
                    return self.dir / name, None, lock
        else:
            number = self.next_number()
            for _ in range(10_000):
                prefix = f"{number:04d}-"
                lock = self._claim(f"{number:04d}",
                                   lambda n, p=prefix: n.startswith(p) and n.endswith(".md"))
                if lock is not None:
                    return self.dir / filename(number, title), number, lock
                number += 1
        raise InputError("could not claim a record name (stale lock files?)", self.dir)

    def _make_dir(self) -> None:
        """The ADR folder, created when missing; an InputError (exit 2) at the folder when
        it cannot be: a file of that name, a parent that cannot be written."""
        if self.dir.is_dir():
            return
        if self.dir.exists() or self.dir.is_symlink():
            raise InputError("not a folder (a file of that name is there): cannot start "
                             "an ADR log in it", self.dir)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:       # a parent is read-only, or is a file
            raise InputError(f"cannot create the ADR folder: {exc.strerror or exc}",
                             self.dir) from None

    def claim(self, path: Path, number: int | None) -> Path | None:
        """Claim the name of a record about to be written at ``path`` (its number, or in a
        dated log its file name) as :meth:`new` does, with an exclusive-create lock file;
        the lock file (remove it once the record is written), or None when a record or
        another writer has the name."""
        if number is None:
            return self._claim(path.stem, lambda n: n == path.name)
        prefix = f"{number:04d}-"
        return self._claim(f"{number:04d}", lambda n: n.startswith(prefix) and n.endswith(".md"))

    def _claim(self, key: str, taken: Callable[[str], bool]) -> Path | None:
        """Claim ``key`` with an exclusive-create lock file; None when it is taken."""
        lock = self.dir / f"{LOCK_PREFIX}{key}.lock"
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:   # a crashed writer's lock: take it over after a while
                    if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                        lock.unlink()
                        continue
                except FileNotFoundError:
                    continue
                return None
            except OSError as exc:   # a read-only folder: no record can be written here
                raise InputError(f"cannot write a record here: {exc.strerror or exc}",
                                 self.dir) from None
            try:
                os.write(fd, str(os.getpid()).encode())
            except OSError as exc:   # a full disk: no record can be written either
                lock.unlink(missing_ok=True)
                raise InputError(f"cannot write a record here: {exc.strerror or exc}",
                                 self.dir) from None
            finally:
                os.close(fd)
            if any(taken(n) for n in os.listdir(self.dir)):
                lock.unlink()    # a record took this name before we locked it
                return None
            return lock
        return None

    # -- writing ----------------------------------------------------------------------
    def new(self, title: str, *, template: str | None = None, status: str = "proposed",
            supersedes: int | str | Adr | Iterable[int | str | Adr] | None = None,
            amends: int | str | Adr | Iterable[int | str | Adr] | None = None,
            links: Iterable[tuple[int | str, str] | tuple[int | str, str, str]] = (),
            date: str | dt.date | None = None, sections: Sequence[Any] = (),
            meta: dict[str, Any] | None = None, front_matter: dict[str, Any] | None = None,
            new: bool = True,
            compose: Callable[[Path, int | None], tuple[str, dict[Path, str]]] | None = None
            ) -> Adr:
        """Write the next record and link it both ways; returns the record as read back.

        ``links`` are ``(ref, relation)`` or ``(ref, relation, reverse relation)``.
        Nothing is written when any input is bad (unknown record, bad transition).
        ``compose(path, number)`` may supply the record's text and files to write beside
        it once the number is claimed (used to generate records from decisions). The
        record's line endings and byte-order mark follow the log's (:meth:`file_style`).
        """
        title = one_line(title)
        if not title:
            raise InputError("a decision record needs a title")
        template = template or self.template
        status = _check_status_word(status, self.statuses)
        when = _date_text(date)
        if tool_template(template, self.root) is None:   # (the tools' are not Jinja2)
            load_template(template, self.root)   # a bad template starts no log
        self._make_dir()
        style = family(template, self.root)
        # the records this one links to are read, checked and rewritten under the log's
        # lock: a concurrent writer's back-link or status change is never lost
        with folder_lock(self.dir):
            self.reload()
            plan = self._plan(supersedes, amends, links)
            writable(*(entry[0].path for entry in plan))    # (before the new record)
            stored_as = self.file_style()     # CRLF / BOM like the log's records
            for _attempt in range(_CLAIM_ATTEMPTS):
                path, number, lock = self._claim_path(title, when)
                try:
                    written = self._write_new(path, number, title, status, when, meta,
                                              front_matter, sections, plan, style, template,
                                              new, compose, stored_as)
                finally:
                    lock.unlink(missing_ok=True)
                if written is not None:
                    break
            else:
                raise InputError("could not claim a record name: another tool keeps taking "
                                 "the next number", self.dir)
            for old, updated in written:
                atomic_write(old.path, updated, overwrite=True)
        self.reload()
        return read(path)

    def _write_new(self, path: Path, number: int | None, title: str, status: str,
                   when: str, meta: dict[str, Any] | None, front_matter: Any,
                   sections: Sequence[Any], plan: list[tuple[Adr, str, str, str | None]],
                   style: str, template: str, new: bool, compose: Any,
                   stored_as: edit.Style) -> list[tuple[Adr, str]] | None:
        """Render the new record at its claimed ``path`` and write it (and the files
        ``compose`` puts beside it); the updated texts of the records it links to, to be
        written next. None, with nothing written, when a tool that takes no lock (adr-tools'
        ``adr new``) has meanwhile written a record of the same number or name: the
        caller claims the next one."""
        draft = Adr(path=path, number=number,
                    id=f"{number:04d}" if number is not None else path.stem,
                    title=title, status=status, date=when, meta=dict(meta or {}),
                    front_matter=dict(front_matter) if front_matter
                    else self.shared_front_matter(number) or None,
                    sections=list(sections))
        draft.links = [_make_link(forward, old, style) for old, forward, _, _ in plan]
        text = render(draft, template, new=new, root=self.root)
        beside: dict[Path, str] = {}
        if compose is not None:
            text, beside = compose(path, number)
        current: dict[Path, Adr] = {}     # several links may go to one record
        for old, _, back, new_status in plan:
            base = current.get(old.path, old)
            current[old.path] = parse(self._linked_text(base, draft, back, new_status),
                                      old.path)
        originals = {old.path: old for old, _, _, _ in plan}
        updates = [(adr, edit.keep_style(originals[adr.path], adr.text))
                   for adr in current.values()]
        if not self._still_free(path, number):
            return None
        for file, data in beside.items():
            atomic_write(file, data, overwrite=True, within=self.dir)
        atomic_write(path, edit.keep_style(stored_as, text))
        return updates

    def _still_free(self, path: Path, number: int | None) -> bool:
        """No record has taken ``path``'s number (or dated name) since it was claimed."""
        if number is None:
            return not path.exists()
        prefix = f"{number:04d}-"
        return not any(n.startswith(prefix) and n.endswith(".md") for n in os.listdir(self.dir))

    def shared_front_matter(self, number: int | None) -> dict[str, Any]:
        """Front-matter keys other than MADR's that every record of the log has (a site
        generator's ``parent: Decisions``, ``nav_order: 7``), for a new record numbered
        ``number``: the value they all share, or its number when each record has its own
        number there. Nothing for a log of fewer than two records or a key archkit cannot
        fill (a value that differs from record to record otherwise)."""
        recs = [a for a in self.records if not a.unreadable]
        if len(recs) < 2 or any(not a.front_matter for a in recs):
            return {}
        out: dict[str, Any] = {}
        for key in recs[0].front_matter or {}:
            if str(key).lower() in _MADR_KEYS:
                continue
            values = [(a.front_matter or {}).get(key, _MISSING) for a in recs]
            if any(not isinstance(v, (str, int, float)) or isinstance(v, bool) for v in values):
                continue      # missing somewhere, or a list / mapping / flag: not copied
            if all(v == values[0] for v in values):
                out[key] = values[0]
            elif number is not None and all(v == a.number for a, v in zip(recs, values,
                                                                          strict=True)):
                out[key] = number
        return out

    def _plan(self, supersedes: Any, amends: Any, links: Iterable[Any]
              ) -> list[tuple[Adr, str, str, str | None]]:
        """(record linked to, forward link, back link, its new status or None), checked
        against the records as they are now. A custom link "Supersedes" is a supersede."""
        links = list(links)
        self._check_relations(supersedes, amends, links)
        plan: list[tuple[Adr, str, str, str | None]] = []
        for ref in _refs(supersedes):
            plan.append(self._superseded(ref, "supersedes", "superseded-by"))
        for ref in _refs(amends):
            plan.append((self._current(ref), "amends", "amended-by", None))
        for item in links:
            ref, relation = item[0], item[1]
            reverse = item[2] if len(item) > 2 else None  # type: ignore[misc]
            forward = _relation_type(relation)
            reverse = _reverse(relation, reverse, ref)
            back = _relation_type(reverse)
            spec = (f"{forward}\x00{relation}", f"{back}\x00{reverse}")
            if forward == "supersedes":
                plan.append(self._superseded(ref, *spec))
            else:
                plan.append((self._current(ref), *spec, None))
        unique: dict[tuple[Path, str, str], tuple[Adr, str, str, str | None]] = {}
        for entry in plan:      # one link named twice ("--amends 3 --amends ADR-0003") is one
            unique.setdefault((entry[0].path, _link_key(entry[1]), _link_key(entry[2])), entry)
        return list(unique.values())

    def _check_relations(self, supersedes: Any, amends: Any, links: list[Any]) -> None:
        """A new record supersedes a record or amends it, not both: that is a usage error
        (before any record is read for writing)."""
        kinds: dict[Path, tuple[Adr, set[str]]] = {}
        named = [(ref, "supersedes") for ref in _refs(supersedes)]
        named += [(ref, "amends") for ref in _refs(amends)]
        named += [(item[0], _relation_type(item[1])) for item in links]
        for ref, kind in named:
            if kind not in ("supersedes", "amends"):
                continue
            adr = ref if isinstance(ref, Adr) else self.get(ref)
            kinds.setdefault(adr.path, (adr, set()))[1].add(kind)
        for adr, found in kinds.values():
            if len(found) > 1:
                raise InputError(f"a new record cannot both supersede and amend {adr.label}: "
                                 "it replaces the decision or changes part of it; give "
                                 "--supersedes or --amends, not both")

    def _current(self, ref: int | str | Adr) -> Adr:
        """The record as it is on disk now (an Adr given by the caller may be stale), to be
        edited: one that cannot be read as written is an InputError (:func:`editable`)."""
        if isinstance(ref, Adr):
            return editable(read(ref.path) if ref.path.is_file() else ref)
        return editable(self.get(ref))

    def _superseded(self, ref: int | str | Adr, forward: str, back: str
                    ) -> tuple[Adr, str, str, str | None]:
        old = self._current(ref)     # read under the log's lock: a concurrent supersede
        self._check_in_force(old, "superseded")   # of the same record is seen here
        return old, forward, back, "superseded"

    def _check_in_force(self, adr: Adr, becoming: str) -> None:
        """Only a record in force can be superseded or deprecated: an accepted one, or one
        with no status at all (read as accepted, :func:`lifecycle_status`). Superseded is
        final: a record has one successor."""
        current = lifecycle_status(adr.status)
        if current == "accepted" or (current == "superseded" and becoming == "superseded"
                                     and not adr.links_of("superseded-by")):
            return      # (superseded by a record it does not name: naming it is allowed)
        if current == "superseded":
            found = [(self.resolve(adr, ln), ln.target) for ln in adr.links_of("superseded-by")]
            successors = sorted({a.label if a is not None else target for a, target in found})
            why = "it is final; " + (f"{' and '.join(successors)} replaced it: supersede that "
                                     "one instead" if successors else
                                     "link the record that replaced it")
        elif current in TRANSITIONS or current in STATUSES:
            allowed = ", ".join(TRANSITIONS.get(current, ())) or "nothing"
            why = f"allowed from {current}: {allowed}"
        else:
            ref = adr.number if adr.number is not None else adr.id
            why = (f"{current!r} is not in the lifecycle; accept it first: "
                   f"archkit adr status {ref} accepted")
        raise InputError(f"{adr.label} is {current}: only an accepted record can be {becoming} "
                         f"({why})", adr.path, adr.status_line)

    def _linked_text(self, old: Adr, new: Adr, back: str, new_status: str | None) -> str:
        link = _make_link(back, new, _style_of(old))
        line = link_line(link)
        current = old
        if new_status is not None and old.status != new_status:
            first = line if old.section("status") is not None and link.type == "superseded-by" \
                else None
            # log4brains writes its successor into the status itself, and no Links line
            value = (_log4brains_superseded(new)
                     if self._read_by_log4brains(old) and link.type == "superseded-by"
                     and old.status_line is not None and first is None else None)
            text = edit.set_status(old, new_status, date=_today(old), status_line_text=first,
                                   status_value=value)
            if first is not None or value is not None:
                return text
            current = parse(text, old.path)
        return edit.add_link(current, line)

    def set_status(self, ref: int | str | Adr, status: str, *, force: bool = False,
                   date: str | dt.date | None = None) -> Adr:
        """Move a record along the lifecycle (proposed -> accepted | rejected;
        accepted -> deprecated | superseded). MADR records also get ``date`` (default
        today: MADR's date is when the decision was last updated)."""
        status = _check_status_word(status, self.statuses)
        with folder_lock(self.dir):
            self.reload()
            adr = self._current(ref)
            text = self._status_text(adr, status, force, date)
            # a rejected proposal replaces nothing: what it superseded is back in force
            reinstated = self._reinstated(adr) if text is not None and status == "rejected" \
                else []
            if text is not None:
                writable(adr.path, *(old.path for old, _ in reinstated))
                atomic_write(adr.path, edit.keep_style(adr, text), overwrite=True)
            for old, old_text in reinstated:
                atomic_write(old.path, edit.keep_style(old, old_text), overwrite=True)
        self.reload()
        return read(adr.path)

    def _reinstated(self, rejected: Adr) -> list[tuple[Adr, str]]:
        """The records ``rejected`` superseded, with their link to it removed, and back in
        force (accepted) unless another record not rejected supersedes them too."""
        out: list[tuple[Adr, str]] = []
        for ln in rejected.links_of("supersedes"):
            old = self.resolve(rejected, ln)
            if old is None or lifecycle_status(old.status) != "superseded":
                continue
            successors = (self.resolve(old, b) for b in old.links_of("superseded-by"))
            if any(s is not None and s.path == rejected.path for s in successors):
                out.append((old, self._reinstate_text(editable(old), {rejected.path})))
        return out

    def _reinstate_text(self, old: Adr, gone: set[Path]) -> str:
        """``old``'s text without its "Superseded by" links to the records ``gone`` (each
        rejected), and, when no other successor is in force, without those to rejected
        records either and back in force: a status paragraph of its own that is left
        ("Proposed", "Accepted on 2020-01-01", as adr-tools leaves it) says its status as
        before the supersede; else it is accepted (a Nygard "Superseded by [..]"
        paragraph becomes "Accepted"; a status value holding the link is replaced)."""
        successors = [(ln, self.resolve(old, ln)) for ln in old.links_of("superseded-by")]
        # (a successor archkit cannot find is taken to be in force)
        back = all(to is not None and (to.path in gone or lifecycle_status(to.status)
                                       == "rejected") for _, to in successors)
        drop = [ln for ln, to in successors if to is not None and (to.path in gone or back)]
        cut = {ln.line for ln in drop if ln.explicit and ln.line is not None}
        text = edit.remove_lines(old, cut)
        if not back:
            return text
        current = parse(text, old.path)
        if current.status is not None and lifecycle_status(current.status) != "superseded":
            return text
        return edit.set_status(current, "accepted", date=_today(old))

    def _status_text(self, adr: Adr, status: str, force: bool,
                     date: str | dt.date | None) -> str | None:
        if adr.status == status:
            return None
        successors = [self.resolve(adr, ln) for ln in adr.links_of("superseded-by")]
        if (status == "accepted" and lifecycle_status(adr.status) == "superseded"
                and successors and all(s is not None and lifecycle_status(s.status)
                                       == "rejected" for s in successors)):
            # superseded only by rejected proposals (as a rejection left it before archkit
            # reinstated records, or a hand edit): it never stopped being in force
            return self._reinstate_text(adr, {s.path for s in successors if s is not None})
        # a record with no status is read as accepted: "accepted" writes it down, and it
        # may become deprecated or superseded, not proposed or rejected
        current = lifecycle_status(adr.status)
        if not force and current != status and current in STATUSES:
            allowed = TRANSITIONS.get(current, ())
            if status not in allowed:
                said = f"is {current}" if adr.status else "has no status (read as accepted)"
                raise InputError(
                    f"{adr.label} {said}: it cannot become {status} "
                    f"(allowed: {', '.join(allowed) if allowed else 'none, it is final'})",
                    adr.path, adr.status_line)
        elif not force and status in ("deprecated", "superseded"):
            self._check_in_force(adr, status)   # from a status outside the lifecycle
        value = None
        if status == "superseded" and self._read_by_log4brains(adr):
            # log4brains takes what follows "superseded" for its successor's slug: a bare
            # "superseded" names a record "superseded", and `log4brains build` fails on it
            named = [s for s in successors if s is not None]
            if not named:
                ref = adr.number if adr.number is not None else adr.id
                raise InputError(
                    f"{adr.label}: log4brains reads a superseded record's successor from "
                    f"its status, and none is named; link the record that replaces it: "
                    f"archkit adr link NEW Supersedes {ref} (or archkit adr new --supersedes "
                    f"{ref} TITLE)", adr.path, adr.status_line)
            if adr.status_line is not None:       # (linked already, under Links: scout AP)
                value = _log4brains_superseded(named[0])
        when = _date_text(date) if date is not None and _dated_on_update(adr) \
            else _today(adr)
        return edit.set_status(adr, status, date=when, status_value=value)

    def link(self, source: int | str | Adr, target: int | str | Adr, relation: str,
             reverse: str | None = None) -> None:
        """Add a link between two existing records, written in both (under the log's
        lock, on the records as they are then). "Supersedes" also marks ``target``
        superseded, as ``new(supersedes=...)`` does; "Superseded by" marks ``source``."""
        with folder_lock(self.dir):
            self.reload()
            src, dst = self._current(source), self._current(target)
            if _relation_type(relation) == "superseded-by":
                # "5 Superseded by 6" is "6 Supersedes 5": the same links, and 5's status
                relation, reverse = reverse or reverse_of(relation) or "Supersedes", relation
                src, dst = dst, src
            self._link(src, dst, relation, reverse)
        self.reload()

    def _link(self, src: Adr, dst: Adr, relation: str, reverse: str | None) -> None:
        forward = _relation_type(relation)
        reverse = _reverse(relation, reverse, dst)
        back = _relation_type(reverse)
        a = _make_link(f"{forward}\x00{relation}", dst, _style_of(src))
        b = _make_link(f"{back}\x00{reverse}", src, _style_of(dst))
        text_a = edit.add_link(src, link_line(a))
        if forward == "supersedes":
            dst, _f, _b, new_status = self._superseded(dst, "", "")
            text_b = self._linked_text(dst, src, f"{back}\x00{reverse}", new_status)
        else:
            text_b = edit.add_link(dst, link_line(b))
        writable(src.path, dst.path)
        atomic_write(src.path, edit.keep_style(src, text_a), overwrite=True)
        atomic_write(dst.path, edit.keep_style(dst, text_b), overwrite=True)

    # -- publishing and checking ------------------------------------------------------
    def toc(self, relative_to: str | Path | None = None) -> str:
        from archkit.adr.toc import toc_markdown

        return toc_markdown(self, relative_to)

    def update_toc(self, file: str | Path) -> Path:
        from archkit.adr.toc import update_file

        return update_file(self, Path(file))

    def graph(self, format: str = "dot") -> str:
        from archkit.adr.graph import render_graph

        return render_graph(self, format)

    def lint(self, *, git: bool = True) -> Report:
        from archkit.adr.lint import lint_log

        return lint_log(self, git=git)

    def convert(self, to: str, *, write: bool = False) -> dict[Path, str]:
        from archkit.adr.convert import convert_log

        if not write:
            return convert_log(self, to, write=False)
        with folder_lock(self.dir):       # rewrites every record: not while others edit
            self.reload()
            return convert_log(self, to, write=True)

    def site(self, title: str | None = None) -> str:
        from archkit.adr.site import render_site

        return render_site(self, title)

    def new_from_decision(self, matrix: Any, **kwargs: Any) -> Adr:
        from archkit.adr.generate import new_from_decision

        return new_from_decision(self, matrix, **kwargs)

    # -- notebook display -------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """Every record as a dict (``list --format json``). A link's ``target`` is always
        a file name: as written for a markdown link, the linked record's for a reference
        by number (``superseded by ADR-0002``), null when that names no record;
        ``record`` is the linked record's label (``ADR-0002``, a log4brains slug), null
        when the link points to no record."""
        out = []
        for a in self.records:
            d = a.to_dict()
            d["links"] = [self._link_dict(a, ln) for ln in a.links]
            out.append(d)
        return out

    def _link_dict(self, adr: Adr, link: Link) -> dict[str, Any]:
        found = self.resolve(adr, link)
        target = link.target if link.target.endswith(".md") else \
            (found.path.name if found is not None else None)
        return {"type": link.type, "target": target,
                "record": found.label if found is not None else None}

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [{"number": a.number, "id": a.id, "title": a.title, "status": a.status,
                 "date": a.date, "file": a.path.name,
                 "links": ", ".join(f"{ln.type} {ln.target}" for ln in a.links)}
                for a in self.records]
        return pd.DataFrame(rows, columns=["number", "id", "title", "status", "date", "file",
                                           "links"]).set_index("id")

    def _repr_html_(self) -> str:
        from archkit.adr.toc import toc_html

        return toc_html(self)


class _PendingLog(AdrLog):
    """An :class:`AdrLog` with texts still to be written (:meth:`AdrLog.as_written`)."""

    def __init__(self, log: AdrLog, texts: dict[str, str]) -> None:
        super().__init__(log.dir, template=log.configured_template, root=log.root,
                         statuses=log.statuses)
        self.searched, self.discovered = log.searched, log.discovered
        self.pending = {name: text for name, text in texts.items() if is_record_name(name)}

    def files(self) -> list[Path]:
        names = {p.name for p in super().files()} | set(self.pending)
        return [self.dir / n for n in sorted(names)]

    def _read(self, path: Path) -> Adr:
        text = self.pending.get(path.name)
        return read(path) if text is None else parse(text, path)


# -- helpers ------------------------------------------------------------------------------
def editable(adr: Adr) -> Adr:
    """``adr``, or an InputError at the first problem that keeps it from being read as
    written (:attr:`Adr.unreadable`): an edit would lose or corrupt what it says; or
    when the record is a symbolic link out of its folder (an edit would write there)."""
    if adr.unreadable:
        p = adr.unreadable[0]
        hint = f"; {p.hint}" if p.hint else ""
        raise InputError(f"cannot edit {adr.label}: {p.message}{hint}", p.path or adr.path,
                         p.line, p.col)
    check_inside(adr.path, adr.path.parent)
    return adr


def _refs(value: int | str | Adr | Iterable[int | str | Adr] | None) -> list[int | str | Adr]:
    if value is None:
        return []
    if isinstance(value, (int, str, Adr)):
        return [value]
    return list(value)


def _check_status_word(status: str, allowed: Sequence[str]) -> str:
    s = str(status).strip().lower()
    if s not in allowed:
        raise InputError(f"unknown status {status!r}: use one of {', '.join(allowed)}")
    return s


def _relation_type(relation: str) -> str:
    from archkit.adr.read import _RELATIONS

    low = relation.strip().lower()
    for phrase, type_ in _RELATIONS:
        if low == phrase:
            return type_
    return "relates"


def reverse_of(relation: str) -> str | None:
    """The usual words of the link back: Supersedes / Superseded by, Amends / Amended by,
    Relates to both ways; None for any other relation (its reverse must be named)."""
    forward = _relation_type(relation)
    if forward != "relates":
        return PHRASES[REVERSE[forward]]
    return PHRASES["relates"] if relation.strip().lower() == "relates to" else None


def _reverse(relation: str, reverse: str | None, target: int | str | Adr) -> str:
    """``reverse``, else :func:`reverse_of`. Any other relation needs its reverse named,
    as in adr-tools (``-l "1:Clarifies:Clarified by"``): "Clarifies" written in both
    records would say the wrong thing about the other one."""
    if reverse and reverse.strip():
        return reverse.strip()
    known = reverse_of(relation)
    if known is not None:
        return known
    ref = target.label if isinstance(target, Adr) else str(target).strip()
    raise InputError(f'"{relation.strip()}" has no known reverse: name the link back in '
                     f'{ref}, e.g. "{guess_reverse(relation)}"')


def guess_reverse(relation: str) -> str:
    """An example reverse for a message: "Clarifies" -> "Clarified by" (one regular
    verb); anything else -> "<link back>"."""
    words = relation.strip().split()
    verb = words[0] if words else relation
    low = verb.lower()
    if len(words) != 1 or not low.endswith("s") or low.endswith("ss") or not low.isalpha():
        return "<link back>"
    if low.endswith("ies"):
        past = verb[:-3] + "ied"
    elif low.endswith(("ches", "shes", "sses", "xes", "zes")):
        past = verb[:-2] + "ed"
    elif low.endswith("es"):
        past = verb[:-1] + "d"
    else:
        past = verb[:-1] + "ed"
    return f"{past} by"


def _link_key(spec: str) -> str:
    """What a link spec ("amends", "supersedes\x00Supersedes", "relates\x00Clarifies")
    says: its type, and its wording for a custom relation."""
    type_, _, relation = spec.partition("\x00")
    return f"{type_}\x00{relation.strip().lower()}" if type_ == "relates" else type_


def _style_of(adr: Adr) -> str:
    """How links are labelled in ``adr`` (:func:`~archkit.adr.write.link_label`)."""
    return adr.format if adr.format in ("nygard", "log4brains") else "madr"


def _make_link(spec: str, target: Adr, style: str) -> Link:
    type_, _, relation = spec.partition("\x00")
    rel = relation if type_ == "relates" else ""
    return Link(type_, target.path.name, link_label(target, target.path.name, style),
                relation=rel or ("Relates to" if type_ == "relates" else ""))


def _date_text(date: str | dt.date | None) -> str:
    if date is None:
        return dt.date.today().isoformat()
    if isinstance(date, dt.date):
        return date.isoformat()
    try:
        return dt.date.fromisoformat(str(date)).isoformat()
    except ValueError:
        raise InputError(f"date {date!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def _dated_on_update(adr: Adr) -> bool:
    """MADR's date is "when the decision was last updated" (MADR 2 and log4brains: its
    ``Date:`` bullet, when it has one); Nygard's is its creation date (a Nygard record's
    front matter, if any, is a site generator's)."""
    return adr.format != "nygard" and (adr.front_matter is not None
                                       or adr.format in ("madr2", "log4brains"))


def _log4brains_superseded(successor: Adr) -> str:
    """A ``- Status:`` value as log4brains writes it, ``superseded by [20201016-x](20201016-x.md)``:
    the link's text is the successor's slug, its file name, which log4brains reads."""
    return f"superseded by [{successor.path.stem}]({href(successor.path.name)})"


def _today(adr: Adr) -> str | None:
    return dt.date.today().isoformat() if _dated_on_update(adr) else None


__all__ = ["TEMPLATES", "AdrLog", "guess_reverse", "reverse_of"]
