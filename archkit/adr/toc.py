"""The table of contents of a log: markdown (for a README) and HTML (for notebooks).

``update_file`` rewrites only the text between two ``<!-- archkit:adr-toc -->``
markers of an existing file, so a hand-written README keeps everything else (its
byte-order mark too), and the table's lines end as the file's do (CRLF or LF).
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import TYPE_CHECKING

from archkit.adr.edit import keep_style, text_style
from archkit.adr.model import STATUS_COLOURS, UNKNOWN_COLOUR, Adr, lifecycle_status
from archkit.adr.write import href
from archkit.errors import InputError
from archkit.findings import md_line
from archkit.workspace import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    from archkit.adr.log import AdrLog

MARKER = "<!-- archkit:adr-toc -->"


def _link_text(text: str) -> str:
    """A title as link text: its brackets become parentheses (a markdown link inside a
    link is invalid CommonMark), as in the link lines ``new`` and ``link`` write."""
    return md_line(str(text).replace("[", "(").replace("]", ")"), cell=True)


def _rel(path: Path, base: Path) -> str:
    folder = _rel_dir(path.parent, base)
    return href(f"{folder}/{path.name}" if folder != "." else path.name)


def _rel_dir(folder: Path, base: Path, _cache: dict = {}) -> str:  # noqa: B006 - a cache
    key = (folder, base)
    if key not in _cache:
        _cache[key] = os.path.relpath(folder.resolve(), base.resolve()).replace(os.sep, "/")
    return _cache[key]


def successors(log: AdrLog, adr: Adr) -> list[Adr]:
    """Records that supersede ``adr`` (from either side's links)."""
    return _successor_index(log).get(adr.path.name, [])


def _successor_index(log: AdrLog) -> dict[str, list[Adr]]:
    index: dict[str, list[Adr]] = {}
    for a in log.records:
        for ln in a.links:
            if ln.type not in ("superseded-by", "supersedes"):
                continue
            t = log.resolve(a, ln)
            if t is None:
                continue
            old, new = (a, t) if ln.type == "superseded-by" else (t, a)
            if lifecycle_status(new.status) == "rejected":
                continue       # a rejected proposal replaced nothing
            bucket = index.setdefault(old.path.name, [])
            if new not in bucket:
                bucket.append(new)
    return index


def toc_markdown(log: AdrLog, relative_to: str | Path | None = None) -> str:
    """``| ADR | Title | Status | Date | Superseded by |`` with links relative to a folder."""
    base = Path(relative_to) if relative_to is not None else log.dir
    lines = ["| ADR | Title | Status | Date | Superseded by |", "| --- | --- | --- | --- | --- |"]
    index = _successor_index(log)
    for adr in log.records:
        link = _rel(adr.path, base)
        succ = ", ".join(f"[{_link_text(s.label)}]({_rel(s.path, base)})"
                         for s in index.get(adr.path.name, []))
        cells = [md_line(x, cell=True) for x in (adr.label, adr.status or "", adr.date or "")]
        lines.append(f"| {cells[0]} | [{_link_text(adr.title)}]({link}) | {cells[1]} | "
                     f"{cells[2]} | {succ} |")
    return "\n".join(lines) + "\n"


def update_file(log: AdrLog, file: Path) -> Path:
    """Replace the text between the two TOC markers of ``file`` with a fresh table."""
    if not file.is_file():
        raise InputError("no such file to update (create it with two lines "
                         f"'{MARKER}' where the table goes)", file)
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:     # rewriting it would corrupt the rest of the file
        from archkit.errors import byte_position

        line, col = byte_position(data, exc.start)
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}): the table is "
                         "not written into it; save the file as UTF-8", file, line, col) \
            from None
    parts = text.split(MARKER)
    if len(parts) != 3:
        line = text[:text.find(MARKER)].count("\n") + 1 if MARKER in text else None
        raise InputError(f"expected exactly two '{MARKER}' lines, found {len(parts) - 1}; "
                         "the table is written between them", file, line)
    # the new lines end the way the file's lines do (CRLF in a Windows checkout); the
    # rest of the file, its byte-order mark included, is kept as it is
    style = text_style(text)._replace(bom=False)
    table = keep_style(style, "\n" + toc_markdown(log, file.parent))
    new = parts[0] + MARKER + table + MARKER + parts[2]
    if new != text:
        atomic_write(file, new, overwrite=True)
    return file


def toc_html(log: AdrLog) -> str:
    esc = html.escape
    rows = []
    index = _successor_index(log)
    for adr in log.records:
        colour = STATUS_COLOURS.get(adr.status or "", UNKNOWN_COLOUR)
        succ = ", ".join(s.label for s in index.get(adr.path.name, []))
        rows.append(f"<tr><td>{esc(adr.label)}</td><td style='text-align:left'>"
                    f"{esc(adr.title)}</td><td><span style='background:{colour};padding:1px "
                    f"6px;border-radius:3px'>{esc(adr.status or '')}</span></td>"
                    f"<td>{esc(adr.date or '')}</td><td>{esc(succ)}</td></tr>")
    return ("<table class='archkit-adr-log'><thead><tr><th>ADR</th><th>title</th>"
            "<th>status</th><th>date</th><th>superseded by</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")
