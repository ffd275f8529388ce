"""Change an existing record in place: its status, its date, a new link line.

Edits are text surgery on the record as written (whatever its format), so everything
the author wrote stays as it was: only the status value and the link lines change.
Each function returns the new text; the caller writes it atomically.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from archkit.adr.model import Adr
from archkit.adr.read import LINK_LINE
from archkit.adr.write import yaml_value


class Style(NamedTuple):
    """How a text file is stored, beyond its text: CRLF line endings, a byte-order mark.
    An :class:`Adr` carries the same two fields for the file it was read from."""

    crlf: bool = False
    bom: bool = False


def text_style(text: str) -> Style:
    """The style of ``text`` as read from a file (BOM and line endings still in it): CRLF
    when most of its line breaks are CRLF, a BOM when it starts with one."""
    crlf = text.count("\r\n")
    return Style(crlf=crlf > text.count("\n") - crlf, bom=text.startswith("\ufeff"))


def keep_style(like: Adr | Style, new: str) -> str:
    """``new`` (LF endings, no BOM, as edits make it) written the way ``like``'s file was
    (a record's, or a :class:`Style`): CRLF line endings (a Windows checkout) and a
    byte-order mark kept, so an edit changes only what it means to."""
    if like.crlf:     # a CRLF already there (text given to log.new) stays one CRLF
        new = new.replace("\r\n", "\n").replace("\n", "\r\n")
    return "\ufeff" + new if like.bom else new


def _lines(adr: Adr) -> list[str]:
    return adr.text.split("\n")


def _join(lines: list[str]) -> str:
    return "\n".join(lines)   # a text that ended without a newline still does


def _fm_end(lines: list[str]) -> int | None:
    """Index of the closing '---' of the front matter, if the record has one."""
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i
    return None


_STATUS_FIELD = re.compile(r"^(?P<head>\**status\**[ \t]*:\**[ \t]*)(?P<value>.*)$",
                           re.IGNORECASE)


def set_status(adr: Adr, status: str, *, date: str | None = None,
               status_line_text: str | None = None, status_value: str | None = None) -> str:
    """The record's text with ``status``; MADR front matter also gets ``date``, and so
    does a ``* Date:`` / ``- Date:`` bullet under the title (MADR 2, log4brains).

    ``status_line_text`` replaces a Nygard status paragraph verbatim (adr-tools writes
    "Superseded by [..](..)" there); ``status_value`` is written after a ``- Status:``
    bullet instead of ``status`` (log4brains writes "superseded by [..](..)" there).
    """
    lines = _lines(adr)
    fm_end = _fm_end(lines) if adr.format != "nygard" else None
    if fm_end is not None:
        _set_fm(lines, fm_end, "status", status)
        if date is not None:
            _set_fm(lines, _fm_end(lines) or fm_end, "date", date)
        return _join(lines)
    if adr.status_line is not None and adr.format in ("madr2", "log4brains", "madr3",
                                                      "madr4", "madr"):
        i = adr.status_line - 1
        head = lines[i].split(":", 1)[0]
        lines[i] = f"{head}: {status_value or status}"
        if date is not None:
            _set_date_bullet(adr, lines, date)
        return _join(lines)
    field = _STATUS_FIELD.match(lines[adr.status_line - 1]) \
        if adr.status_line is not None else None
    if field is not None:           # "Status: Accepted" under the title: its value only
        value = status_value or status
        if field["value"][:1].isupper():
            value = value[:1].upper() + value[1:]
        lines[adr.status_line - 1] = field["head"] + value      # type: ignore[operator]
        return _join(lines)
    status_section = adr.section("status")
    if status_section is not None:
        text = status_line_text or status[:1].upper() + status[1:]
        if adr.status_line is not None and (status_line_text is not None or not
                                            LINK_LINE.match(lines[adr.status_line - 1])):
            lines[adr.status_line - 1] = text     # (a link line is never overwritten)
        else:
            lines.insert((status_section.line or 1), "")
            lines.insert((status_section.line or 1) + 1, text)
        return _join(lines)
    if adr.format == "nygard" or (adr.format == "unknown" and adr.date):
        at = _first_section_index(adr, lines)
        lines[at:at] = ["## Status", "", status_line_text or status.capitalize(), ""]
        return _join(lines)
    # no status anywhere (MADR without front matter): add front matter
    return _join(["---", f"status: {yaml_value(status)}"]
                 + ([f"date: {date}"] if date else []) + ["---", *lines])


def _set_date_bullet(adr: Adr, lines: list[str], date: str) -> None:
    """A ``* Date: ...`` bullet under the title (before the first section) gets ``date``;
    a record without one gets none (MADR 2 and log4brains make the date optional)."""
    from archkit.adr.read import _BULLET_FIELD

    heads = [s.line for s in adr.sections if s.level >= 2 and s.line]
    end = (min(heads) - 1) if heads else len(lines)
    for i in range(end):
        m = _BULLET_FIELD.match(lines[i])
        if m and m["key"].lower() == "date":
            # the template's "<!-- optional ... -->" goes, as on the Status bullet:
            # log4brains reads a date only when the bullet holds nothing else
            lines[i] = lines[i][:m.start("value")] + date
            return


def _set_fm(lines: list[str], fm_end: int, key: str, value: str) -> None:
    for i in range(1, fm_end):
        if lines[i].split(":", 1)[0].strip().lower() == key:
            lines[i] = f"{key}: {yaml_value(value)}"
            return
    lines.insert(fm_end, f"{key}: {yaml_value(value)}")


def _first_section_index(adr: Adr, lines: list[str]) -> int:
    heads = [s.line for s in adr.sections if s.level >= 2 and s.line]
    return (min(heads) - 1) if heads else len(lines)


def _section_end(adr: Adr, key: str, lines: list[str]) -> int | None:
    """Index just past the last non-blank line of a section's body."""
    section = adr.section(key)
    if section is None or section.line is None:
        return None
    later = [s.line for s in adr.sections
             if s.line and s.line > section.line and s.level <= max(section.level, 2)]
    end = (min(later) - 1) if later else len(lines)
    while end > section.line and not lines[end - 1].strip():
        end -= 1
    return end


def remove_lines(adr: Adr, numbers: set[int]) -> str:
    """The record's text without the lines ``numbers`` (1-based link lines), and without
    the blank line each leaves doubled, or the section heading it leaves empty at the end
    of the record (a Links / More Information section added for the link)."""
    lines = _lines(adr)
    for n in sorted(numbers, reverse=True):
        i = n - 1
        if not 0 <= i < len(lines):
            continue
        del lines[i]
        before = lines[i - 1].strip() if i > 0 else ""
        after = lines[i].strip() if i < len(lines) else ""
        if i > 0 and not before and not after:
            del lines[i - 1]
    ended = len(lines) > 1 and lines[-1] == ""
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    if lines and re.match(r"^#{2,6}\s+(links|more information)\b", lines[-1].strip(),
                          re.IGNORECASE):
        lines.pop()
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
    return _join(lines + ([""] if ended else []))


def add_link(adr: Adr, line_text: str) -> str:
    """The record's text with one more link line, where its format keeps links."""
    lines = _lines(adr)
    if any(line.strip().lstrip("*-+ ").strip() == line_text for line in lines):
        return _join(lines)   # already there
    if adr.section("status") is not None:                       # Nygard / adr-tools
        end = _section_end(adr, "status", lines)
        assert end is not None
        lines[end:end] = ["", line_text]
        return _join(lines)
    key, heading, bullet = (("more", "More Information", "*")
                            if adr.format in ("madr4", "madr3", "madr", "unknown")
                            else ("other-links", "Links", _header_bullet(adr, lines)))
    if key == "other-links":
        # (log4brains' template writes "## Links <!-- optional -->")
        links_section = next((s for s in adr.sections
                              if re.sub(r"<!--.*?-->", "", s.heading).strip().lower() == "links"),
                             None)
        if links_section is not None:
            end = _section_end_of(adr, links_section, lines)
            # the list marker the section already uses: another one starts a new list
            used = _list_marker(lines[links_section.line:end])
            lines[end:end] = [f"{used or bullet} {line_text}"]
            return _join(lines)
    elif adr.section(key) is not None:
        section = adr.section(key)
        assert section is not None and section.line is not None
        at = section.line   # just after the heading line
        while at < len(lines) and not lines[at].strip():
            at += 1
        used = _list_marker(lines[at:at + 1])
        if used is not None:
            lines[at:at] = [f"{used} {line_text}"]
        else:
            lines[section.line:section.line] = ["", f"{bullet} {line_text}"]
        return _join(lines)
    ended = len(lines) > 1 and lines[-1] == ""     # the text ended with a newline
    while lines and not lines[-1].strip():
        lines.pop()
    lines += ["", f"## {heading}", "", f"{bullet} {line_text}"] + ([""] if ended else [])
    return _join(lines)


def _list_marker(lines: list[str]) -> str | None:
    """The bullet (``*``, ``-`` or ``+``) of the first list item among ``lines``."""
    for line in lines:
        stripped = line.lstrip()
        if stripped[:2] in ("* ", "- ", "+ ") and len(line) - len(stripped) < 4:
            return stripped[0]
    return None


def _header_bullet(adr: Adr, lines: list[str]) -> str:
    """The bullet of the record's ``* Status:`` line (MADR 2 uses ``*``, log4brains ``-``),
    for a list it starts; ``-`` without one."""
    if adr.status_line is not None and adr.status_line <= len(lines):
        return _list_marker([lines[adr.status_line - 1]]) or "-"
    return "-"


def _section_end_of(adr: Adr, section, lines: list[str]) -> int:
    later = [s.line for s in adr.sections
             if s.line and s.line > section.line and s.level <= section.level]
    end = (min(later) - 1) if later else len(lines)
    while end > section.line and not lines[end - 1].strip():
        end -= 1
    return end
