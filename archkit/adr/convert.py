"""Rewrite a log in another format (MADR 4 or Nygard), keeping content and links.

Every section survives: the ones both formats name map onto each other (Context and
Problem Statement <-> Context, Decision Outcome <-> Decision, Consequences), and the
rest keep their heading in their place. Preview by default; ``write=True`` replaces
the files atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from archkit.adr.edit import keep_style
from archkit.adr.frozen import writable
from archkit.adr.model import Adr, Link
from archkit.adr.write import link_label, render
from archkit.errors import InputError
from archkit.workspace import atomic_write, check_inside

if TYPE_CHECKING:  # pragma: no cover
    from archkit.adr.log import AdrLog

TARGETS = {"madr": "madr", "nygard": "nygard"}


def convert_record(adr: Adr, to: str, log: AdrLog | None = None) -> str:
    """The record's text in format ``to`` (``madr`` or ``nygard``)."""
    if to not in TARGETS:
        raise InputError(f"unknown target format {to!r}: use madr or nygard")
    style = "nygard" if to == "nygard" else "madr"
    links = []
    for ln in adr.links:
        target = log.resolve(adr, ln) if log is not None else None
        label = link_label(target, ln.target, style) if target is not None else ln.label
        links.append(Link(ln.type, ln.target, label, ln.relation, ln.line, ln.explicit))
    source = Adr(**{**adr.__dict__, "links": links})
    return render(source, TARGETS[to], new=False)


# the format a record read as is already the target: left exactly as it is written
ALREADY = {"madr": frozenset({"madr4"}), "nygard": frozenset({"nygard"})}


def convert_log(log: AdrLog, to: str, *, write: bool = False) -> dict[Path, str]:
    """{path: new text} for every record whose text changes; written when ``write``.
    Records already in the target format are left as they are (a re-render would only
    move blank lines and keys around)."""
    log.require()
    _check_readable(log.records)
    out: dict[Path, str] = {}
    for adr in log.records:
        if adr.format in ALREADY.get(to, ()):
            continue
        text = convert_record(adr, to, log)
        if text != adr.text:
            text = keep_style(adr, text)
            out[adr.path] = text
    if write:
        for path in out:        # a record linked out of the folder: nothing converted
            check_inside(path, log.dir)
        writable(*out)          # a frozen record: nothing converted either
        for path, text in out.items():
            atomic_write(path, text, overwrite=True, within=log.dir)
        log.reload()
    return out


def _check_readable(records: list[Adr]) -> None:
    """An InputError naming every record that cannot be read as written (not UTF-8 or
    not text, front matter broken): converting it would lose or corrupt its content, so
    no record is converted."""
    bad = [adr for adr in records if adr.unreadable]
    if not bad:
        return
    first = bad[0].unreadable[0]
    others = "".join(f"; also {p.location()}: {p.message}"
                     for p in (adr.unreadable[0] for adr in bad[1:]))
    raise InputError(f"cannot convert {bad[0].label}: {first.message}{others}; "
                     f"no record was converted (fix {'them' if len(bad) > 1 else 'it'} "
                     "first, see 'archkit adr lint')",
                     first.path or bad[0].path, first.line, first.col)
