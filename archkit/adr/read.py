"""Read a decision record in any common format into an :class:`~archkit.adr.model.Adr`.

Formats: MADR 4 and 3 (YAML front matter), MADR 2 and log4brains (``- Status:``
bullets under the title), Nygard and adr-tools (``Date:`` line, ``## Status`` section,
"Superseded"/"Superceded"). Reading never raises on a malformed record: it returns
what it could read and puts the problems (as lint findings) in ``Adr.problems``.

The scanner is line-based (fenced code blocks are skipped) so that listing a log of
a thousand records stays well under a second.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from archkit.adr import rules as R
from archkit.adr.model import (
    DECISION_KEY,
    HEADING_KEYS,
    MADR_KEYS,
    STATUSES,
    Adr,
    Link,
    Section,
)
from archkit.errors import byte_position
from archkit.findings import Finding

LOG4BRAINS_NAME = re.compile(r"^(?P<date>\d{8})-(?P<slug>.+)\.md$")
NUMBERED_NAME = re.compile(r"^(?P<num>\d{1,7})-(?P<slug>.+)\.md$")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SUPERSEDED_LINE = re.compile(r"super[sc]eded by\b", re.IGNORECASE)
# a MADR 2 / log4brains template value: "[YYYY-MM-DD when ...]", "[draft | proposed | ...]"
_TEMPLATE_VALUE = re.compile(r"^\[.*\]$")
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# a relation line: "Supersedes [2. Use MySQL](0002-use-mysql.md)", "- Amended by [..](..)"
LINK_LINE = re.compile(r"^(?:[-*+][ \t]+)?[^\[\]()]{0,80}\[[^\]]*\]\([^)]*\)[ \t]*$")
# the decision a Nygard or log4brains record was drafted from: a last comment line
# (model.DECISION_KEY)
_HEADING_ESCAPE = re.compile(r"\\([#<&])")
_DECISION_LINE = re.compile(r"^<!-- archkit-decision: (?P<name>.+?) -->[ \t]*$")
_MD_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<href><[^>]*>|[^)\s]+)"
                      r"(?:\s+\"[^\"]*\")?\)")
_BULLET_FIELD = re.compile(
    r"^[ \t]*[-*+][ \t]+\**(?P<key>status|date|deciders|decision-makers|decision makers|"
    r"consulted|informed|tags|technical story)\**[ \t]*:\**[ \t]*(?P<value>.*)$", re.IGNORECASE)
_FIELD_LINE = re.compile(r"^\**(?P<key>status|date|deciders|decision-makers|consulted|informed|tags)\**"
                         r"[ \t]*:\**[ \t]*(?P<value>.*)$", re.IGNORECASE)
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_NYGARD_NUMBER = re.compile(r"^\d+\.\s+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATUS_WORD = re.compile(r"[\s,;:(]+")
_SPACES = re.compile(r"\s+")
# front matter made only of "key: plain value" lines is read without a YAML parser
_SIMPLE_FM_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):(?:[ \t]+(?P<value>[^\s\[\]{}&*!|>'\"%@`#,][^#]*?))?[ \t]*$")
_RELATIONS = (  # phrase (lower-case) -> link type; longest first when matching
    ("superseded by", "superseded-by"), ("superceded by", "superseded-by"),
    ("supersedes", "supersedes"), ("supercedes", "supersedes"),
    ("amended by", "amended-by"), ("amends", "amends"),
)
# front-matter keys that make a record MADR 3/4 (others, e.g. a site's nav_order, do not)
META_KEYS = {"decision-makers": "decision-makers", "decision makers": "decision-makers",
             "deciders": "decision-makers", "consulted": "consulted", "informed": "informed",
             "tags": "tags", "technical story": "technical-story"}


def is_record_name(name: str) -> bool:
    """Does a file name look like a decision record (``NNNN-slug.md``, ``YYYYMMDD-slug.md``)?"""
    return bool(NUMBERED_NAME.match(name) or LOG4BRAINS_NAME.match(name))


def identity(name: str) -> tuple[int | None, str]:
    """(number, id) from a file name: ``0004-x.md`` -> (4, "0004"); log4brains -> (None, stem)."""
    if LOG4BRAINS_NAME.match(name):
        return None, name[:-3]
    m = NUMBERED_NAME.match(name)
    if m:
        n = int(m["num"])
        return n, f"{n:04d}"
    return None, name.rsplit(".", 1)[0]


def normalise_status(text: str | None) -> str | None:
    """``"Superceded by [..](..)"`` -> ``superseded``; ``"Accepted."`` -> ``accepted``."""
    if text is None:
        return None
    t = _COMMENT.sub("", str(text)).strip().strip("*_`").strip()
    if not t:
        return None
    low = t.lower().rstrip(".").strip()
    if low.startswith("[") and " | " in low:     # log4brains' "[draft | proposed | ...]"
        low = low[1:]
    if low.startswith(("superseded", "superceded")):
        return "superseded"
    first = _STATUS_WORD.split(low, maxsplit=1)[0]
    if first in STATUSES:
        return first
    return low


def _normalise_heading(text: str) -> str:
    t = _COMMENT.sub("", text).strip().strip("*_").rstrip(":").strip()
    return _SPACES.sub(" ", t).lower()


def _problem(rule: Any, message: str, path: Path, line: int | None, obj: str,
             hint: str) -> Finding:
    return rule.finding(message, path=str(path), line=line, object=obj, hint=hint)


def _check_date(value: Any, path: Path, line: int | None, obj: str,
                problems: list[Finding], day_first: bool = False) -> str | None:
    """The date as ISO 8601 text; a problem when it is not a date. ``day_first``: a
    log4brains record, whose DD/MM/YYYY log4brains reads too (its Adr.ts dateFormats)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _COMMENT.sub("", str(value)).strip()
    if not text:
        return None
    if _TEMPLATE_VALUE.match(text) and "YYYY" in text:
        problems.append(_problem(
            R.MISSING_SECTION, f"the date still holds template text {text[:40]!r}", path,
            line, obj, f"write the date as YYYY-MM-DD, e.g. {dt.date.today().isoformat()}"))
        return None
    if day_first and (m := _DAY_FIRST.match(text)):
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            pass
    ok = False
    if _ISO_DATE.match(text):
        try:
            dt.date.fromisoformat(text)
            ok = True
        except ValueError:
            ok = False
    else:
        try:
            dt.datetime.fromisoformat(text)
            ok = True
        except ValueError:
            ok = False
    if not ok:
        problems.append(_problem(
            R.INVALID_FRONT_MATTER, f"date {text!r} is not an ISO 8601 date", path, line, obj,
            f"write the date as YYYY-MM-DD, e.g. {dt.date.today().isoformat()}"))
    return text


def _link_type(prefix: str) -> tuple[str | None, str, bool]:
    """The relation the text before a link expresses: (type, phrase as written, alone).

    ``alone`` is true when the phrase is all there is before the link (a relation line).
    """
    p = _COMMENT.sub("", prefix)
    p = _LIST_MARK.sub("", p).strip().strip("*_").strip().rstrip(":").strip()
    low = p.lower()
    for phrase, type_ in _RELATIONS:
        if low.endswith(phrase):
            return type_, p[len(p) - len(phrase):], len(p) == len(phrase)
    return None, p, False


def _is_record_href(href: str) -> str | None:
    h = href.strip("<>")
    if "://" in h or h.startswith(("#", "mailto:", "/")):
        return None
    target = unquote(h.split("#", 1)[0])
    name = target.rsplit("/", 1)[-1]
    return target if is_record_name(name) else None


_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


def _uncommented(line: str, in_comment: bool) -> tuple[str, bool]:
    """``line`` without what HTML comments hide (one may have opened on an earlier line),
    and whether a comment is still open at its end. An example link in a template's
    comment (pyadr: ``<!-- example: Refined by [ADR-0005](0005-example.md) -->``) or a
    commented-out "Supersedes" line is no link: no renderer shows it, log4brains neither.

    As CommonMark reads them: a ``<!--`` that starts a line (three spaces of indent at
    most) opens an HTML block that runs to ``-->``, on a later line or at the end of the
    record; one inside a line is a comment only when ``-->`` closes it on that line, and
    otherwise text; ``<!-->`` and ``<!--->`` are whole (empty) comments; a ``<!--``
    inside a code span or after a backslash is text (scout AP: each hid every link after
    it)."""
    out: list[str] = []
    i, n = 0, len(line)
    spans = [m.span() for m in _CODE_SPAN.finditer(line)] if "`" in line else []
    while i < n:
        if in_comment:
            end = line.find("-->", i)
            if end < 0:
                return "".join(out), True
            i, in_comment = end + 3, False
            continue
        start = line.find("<!--", i)
        while start >= 0 and (any(a <= start < b for a, b in spans)
                              or (start > 0 and line[start - 1] == "\\")):
            start = line.find("<!--", start + 4)
        if start < 0:
            out.append(line[i:])
            break
        out.append(line[i:start])
        body = start + 4
        if line.startswith(">", body) or line.startswith("->", body):
            i = body + (1 if line[body] == ">" else 2)       # <!--> / <!--->: empty
            continue
        end = line.find("-->", body)
        if end >= 0:
            i = end + 3
        elif not line[:start].strip(" ") and start <= 3:
            return "".join(out), True       # an HTML block: to its -->, or the end
        else:
            out.append(line[start:])        # never closed on its line: text
            break
    return "".join(out), in_comment


def extract_links(line: str, lineno: int) -> list[Link]:
    """Links to other records on one line, typed by the phrase before them."""
    out: list[Link] = []
    matches = list(_MD_LINK.finditer(line))
    for i, m in enumerate(matches):
        target = _is_record_href(m["href"])
        if target is None:
            continue
        start = matches[i - 1].end() if i else 0
        prefix = line[start:m.start()]
        type_, phrase, alone = _link_type(prefix)
        rest = line[m.end():].strip().rstrip(".").strip()
        whole_line = i == 0 and not rest and len(matches) == 1
        if type_ is None:
            # "Clarifies [..](..)" on a line of its own is a custom relation
            custom = bool(whole_line and phrase and len(phrase.split()) <= 4
                          and phrase[0].isalpha())
            out.append(Link("relates", target, label=m["text"],
                            relation=phrase if custom else "", line=lineno, explicit=custom))
        else:
            out.append(Link(type_, target, label=m["text"], relation=phrase, line=lineno,
                            explicit=whole_line and alone))
    return out


def _status_links(value: str, lineno: int | None) -> list[Link]:
    """Links inside a status value: ``superseded by [x](0005-x.md)`` or ``... by ADR-0005``."""
    links = extract_links(value, lineno or 0)
    if links:
        return [Link("superseded-by", ln.target, ln.label, "superseded by", lineno, False)
                if ln.type == "relates" else ln for ln in links]
    m = re.search(r"super[sc]eded by\s+(ADR[- ]?\d+|\d+)", value, re.IGNORECASE)
    if m:
        ref = m[1].upper().replace(" ", "-")
        ref = ref if ref.startswith("ADR") else f"ADR-{int(ref):04d}"
        return [Link("superseded-by", ref, ref, "superseded by", lineno, False)]
    return []


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line number of the body's first line)."""
    if not text.startswith("---"):
        return None, text, 1
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return "", text, 1   # opened, never closed


def _simple_front_matter(fm: str) -> dict[str, Any] | None:
    """``key: value`` lines only (the common case): a dict, else None to use YAML."""
    out: dict[str, Any] = {}
    for line in fm.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SIMPLE_FM_LINE.match(line)
        if m is None or m["key"] in out:
            return None
        value = m["value"]
        if value is None:
            out[m["key"]] = None
        elif value.isdigit():
            if value != "0" and value.startswith("0"):
                return None      # YAML 1.1 octal and friends: let YAML decide
            out[m["key"]] = int(value)
        elif value.lower() in ("true", "false", "yes", "no", "on", "off", "null", "~") \
                or ": " in value:
            return None
        else:
            out[m["key"]] = value
    return out


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping names a key twice (YAML loaders silently keep the last value)."""


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, refusing duplicate keys as :mod:`archkit.yamlio` does."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                if key in seen:
                    raise _DuplicateKey(None, None, f"has the key {key!r} twice (first on "
                                        f"line {seen[key] + 2}); YAML would keep only the "
                                        "last one", key_node.start_mark)
                seen[key] = key_node.start_mark.line
            except TypeError:   # an unhashable key: the constructor says so below
                continue
        return super().construct_mapping(node, deep=deep)


def _parse_front_matter(fm: str, path: Path, problems: list[Finding]) -> dict[str, Any]:
    simple = _simple_front_matter(fm)
    if simple is not None:
        return simple
    try:
        data = yaml.load(fm, Loader=_FrontMatterLoader)
    except _DuplicateKey as exc:
        mark = exc.problem_mark
        problems.append(R.INVALID_FRONT_MATTER.finding(
            f"front matter {exc.problem}", path=str(path), line=mark.line + 2,
            col=mark.column + 1, object=path.name,
            hint="keep one of the two lines"))
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        col = mark.column + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(R.INVALID_FRONT_MATTER.finding(
            f"front matter is not valid YAML: {reason}", path=str(path), line=line, col=col,
            object=path.name, hint="quote values that contain ': ', '{' or '#', "
                                   "e.g. status: \"superseded by ADR-0005\""))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(R.INVALID_FRONT_MATTER.finding(
            "front matter is not a mapping of keys to values", path=str(path), line=2, col=1,
            object=path.name, hint="write one 'key: value' per line, e.g. status: accepted"))
        return {}
    return data


def _meta_value(value: Any) -> Any:
    if isinstance(value, str):
        v = _COMMENT.sub("", value).strip()
        return v or None
    return value


def parse(text: str, path: str | Path) -> Adr:
    """Parse one record's text. Never raises: problems go to ``Adr.problems``."""
    path = Path(path)
    number, id_ = identity(path.name)
    problems: list[Finding] = []
    bom, crlf = text.startswith("\ufeff"), "\r\n" in text
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    fm_text, body, first = _split_front_matter(text)
    fm: dict[str, Any] | None = None
    if fm_text is not None:
        if fm_text == "" and body is text:
            problems.append(R.INVALID_FRONT_MATTER.finding(
                "front matter opened with '---' is never closed", path=str(path), line=1,
                col=1, object=path.name, hint="end the front matter with a line '---'"))
        else:
            fm = _parse_front_matter(fm_text, path, problems)
    unreadable = list(problems)    # so far: only what keeps the header from being read

    title: str | None = None
    title_line: int | None = None
    preamble: list[tuple[int, str]] = []
    raw_sections: list[tuple[int, str, int, list[str]]] = []   # level, heading, line, body
    links: list[Link] = []
    in_fence: str | None = None
    in_comment = False          # inside an HTML comment (its links are no links)
    decision: str | None = None
    for offset, line in enumerate(body.split("\n")):
        lineno = first + offset
        fence = _FENCE.match(line) if not in_comment and ("`" in line[:4] or "~" in line[:4]) \
            else None
        if in_fence is not None:
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = None
            if raw_sections:
                raw_sections[-1][3].append(line)
            continue
        if fence:
            in_fence = fence.group(1)
            if raw_sections:
                raw_sections[-1][3].append(line)
            continue
        if line.startswith("<!-- archkit-") and (d := _DECISION_LINE.match(line)):
            decision = d["name"]
            continue
        h = _HEADING.match(line) if line.startswith("#") else None
        if h:
            level, heading = len(h.group(1)), h.group(2)
            if "\\" in heading:        # what heading_text escapes: #, <, &
                heading = _HEADING_ESCAPE.sub(r"\1", heading)
            if level == 1 and title is None and not raw_sections:
                title, title_line = heading, lineno
                continue
            if level >= 2:
                raw_sections.append((level, heading, lineno, []))
                continue
        if in_comment or "<!--" in line:
            visible, in_comment = _uncommented(line, in_comment)
        else:
            visible = line
        if "](" in visible:
            links.extend(extract_links(visible, lineno))
        if raw_sections:
            raw_sections[-1][3].append(line)
        else:
            preamble.append((lineno, line))

    # -- header fields: front matter, bullets under the title, Nygard "Date:" line ----------
    status_text: str | None = None
    status_line: int | None = None
    date_value: Any = None
    date_line: int | None = None
    meta: dict[str, Any] = {}
    has_bullet_header = False
    has_date_line = False
    free: list[str] = []   # preamble text that is not a header field
    if fm:
        for key, value in fm.items():
            k = str(key).lower()
            if k == "status" and value is not None:
                status_text, status_line = str(value), _fm_line(fm_text or "", "status", first)
            elif k == "date":
                date_value, date_line = value, _fm_line(fm_text or "", "date", first)
            elif k in META_KEYS:
                meta[META_KEYS[k]] = _meta_value(value)
        if title is None and isinstance(fm.get("title"), str):
            title = fm["title"]
    for lineno, line in preamble:
        m = _BULLET_FIELD.match(line)
        if m:
            has_bullet_header = True
            key, value = m["key"].lower(), m["value"].strip()
            if key == "status":
                status_text, status_line = value, lineno
            elif key == "date":
                date_value, date_line = value, lineno
            else:
                meta[META_KEYS[key]] = _meta_value(value)
            continue
        d = _FIELD_LINE.match(line.strip())
        if d:
            key = d["key"].lower()
            if key == "date" and date_value is None:
                has_date_line = True
                date_value, date_line = d["value"].strip(), lineno
            elif key == "status":      # "Status: Accepted" under the title
                if status_text is None and d["value"].strip():
                    status_text, status_line = d["value"].strip(), lineno
            elif key != "date":
                meta[META_KEYS[key]] = _meta_value(d["value"])
            continue
        free.append(line)

    # -- sections --------------------------------------------------------------------------
    sections: list[Section] = []
    parent_key: str | None = None
    for level, heading, lineno, lines in raw_sections:
        key = HEADING_KEYS.get(_normalise_heading(heading), "other")
        if level == 2:
            parent_key = key
            sections.append(Section(key, heading, level, "\n".join(lines), lineno))
        elif level == 3 and parent_key == "decision" and key in ("consequences", "confirmation"):
            sections.append(Section(key, heading, level, "\n".join(lines), lineno))
        elif sections:   # deeper headings stay inside their section's body
            prev = sections[-1]
            prev.body += ("\n" if prev.body else "") + "#" * level + " " + heading + \
                ("\n" + "\n".join(lines) if lines else "")
        else:
            sections.append(Section("other", heading, level, "\n".join(lines), lineno))
    preamble_text = "\n".join(free).strip("\n")
    if preamble_text.strip():
        sections.insert(0, Section("preamble", "", 0, preamble_text,
                                   preamble[0][0] if preamble else None))
    for s in sections:
        s.body = s.body.strip("\n")

    status_section = next((s for s in sections if s.key == "status"), None)
    if status_section is not None and status_text is None and status_section.body.strip():
        status_line, status_text = _status_in_section(text.split("\n"), status_section)

    # -- format --------------------------------------------------------------------------
    fmt = _detect_format(path.name, fm, has_bullet_header, status_section is not None,
                         has_date_line, sections)

    # -- title ----------------------------------------------------------------------------
    if title is None:
        problems.append(R.MISSING_SECTION.finding(
            "the record has no '# Title' heading", path=str(path), line=first,
            object=path.name, hint="start the record with a line '# <decision title>'"))
        slug = NUMBERED_NAME.match(path.name)
        words = (slug["slug"] if slug else path.stem).replace("-", " ").strip()
        title = words[:1].upper() + words[1:]
    else:
        title = _COMMENT.sub("", title).strip()
        if fmt == "nygard" or _NYGARD_NUMBER.match(title):
            title = _NYGARD_NUMBER.sub("", title)

    status = normalise_status(status_text)
    if status_text:
        links.extend(ln for ln in _status_links(status_text, status_line)
                     if not any(x.line == status_line and x.target == ln.target for x in links))
        # a status section's first line "Superseded by [..](..)" is the successor link
        links = [Link("superseded-by", ln.target, ln.label, ln.relation, ln.line, True)
                 if ln.line == status_line and ln.type == "relates"
                 and status == "superseded" else ln for ln in links]
    if status_text and _TEMPLATE_VALUE.match(_COMMENT.sub("", status_text).strip()) \
            and " | " in status_text:
        # log4brains reads the first word of its template's "[draft | proposed | ...]"
        problems.append(_problem(
            R.MISSING_SECTION, f"the status still holds template text {status_text[:40]!r}",
            path, status_line, path.name, f"write the status: {status or 'draft'}"))
    date = _check_date(date_value, path, date_line, path.name, problems,
                       day_first=fmt in ("log4brains", "madr2"))

    if decision is not None and not (fm and DECISION_KEY in fm):
        fm = {**(fm or {}), DECISION_KEY: decision}
    return Adr(path=path, number=number, id=id_, title=title, status=status, date=date,
               links=_dedupe(links), format=fmt, sections=sections, meta=meta,
               front_matter=fm, status_text=status_text, title_line=title_line,
               status_line=status_line, problems=problems, text=text, unreadable=unreadable,
               bom=bom, crlf=crlf)


def _status_in_section(lines: list[str], section: Section) -> tuple[int | None, str | None]:
    """(line, text) of the status in a Nygard "## Status" section: its first line that is
    not a link line. adr-tools adds link lines there ("Supersedes [..](..)", "Amended by
    [..](..)"), and supersedes a record by adding "Superseded by [..](..)" and removing
    only an "Accepted" line: a record it supersedes reads "Proposed", or a link line,
    before that. Such a record is superseded. Only link lines: no status."""
    found: list[tuple[int, str]] = []
    for i in range(section.line or 0, len(lines)):
        line = lines[i].strip()
        if line.startswith("#"):
            break
        if line and not line.startswith("<!--"):
            found.append((i + 1, line))
    if not found:
        return None, None
    successor = next((x for x in found if _SUPERSEDED_LINE.match(x[1])), None)
    plain = next((x for x in found if not LINK_LINE.match(x[1])), None)
    if successor is not None and (plain is None
                                  or normalise_status(plain[1]) in ("proposed", "accepted")):
        return successor
    return plain if plain is not None else (None, None)


def _dedupe(links: list[Link]) -> list[Link]:
    """One link per (type, target), and per wording for custom relations ("Clarifies" and
    "Clarified by" the same record are two links); a plain mention of a record that a
    typed or custom link names is dropped."""
    named = {ln.target for ln in links if ln.type != "relates" or ln.explicit}
    seen: set[tuple[str, str, str]] = set()
    out = []
    for ln in links:
        custom = ln.type == "relates" and ln.explicit
        k = (ln.type, ln.target, ln.relation.strip().lower() if custom else "")
        if ln.type == "relates" and not ln.explicit and ln.target in named:
            continue
        if k not in seen:
            seen.add(k)
            out.append(ln)
    return out


def _fm_line(fm_text: str, key: str, first_body_line: int) -> int | None:
    """Line of ``key:`` in the front matter (the front matter starts on line 2)."""
    for i, line in enumerate(fm_text.split("\n")):
        if line.lower().startswith(key + ":"):
            return i + 2
    return None


def _detect_format(name: str, fm: dict[str, Any] | None, bullet_header: bool,
                   status_section: bool, date_line: bool, sections: list[Section]) -> str:
    if LOG4BRAINS_NAME.match(name):
        return "log4brains"
    if fm is not None:
        keys = {str(k).lower() for k in fm}
        if status_section and not keys & MADR_KEYS:
            return "nygard"   # front matter for a site generator (parent, nav_order) only
        return "madr3" if "deciders" in keys else "madr4"
    if status_section:
        return "nygard"
    if bullet_header:
        return "madr2"
    if any(s.heading.strip().lower().startswith("context and problem statement")
           for s in sections):
        return "madr4"
    if date_line:
        return "nygard"
    return "unknown"


def read(path: str | Path) -> Adr:
    """Read one record from disk. Unreadable bytes are replaced, never fatal; a file that
    is not UTF-8 text has the first bad byte's position in ``Adr.unreadable``."""
    path = Path(path)
    outside = _link_out(path)
    if outside is not None:
        # (a pull request adding 0003-env.md -> /proc/self/environ published the CI's
        # environment through `adr site`; writes through such links are refused: scout AU)
        adr = parse("", path)
        adr.problems = [R.INVALID_FRONT_MATTER.finding(
            f"the file is a symbolic link to {outside}, outside the record's folder: not "
            "read", path=str(path), object=path.name,
            hint="put the record itself in the folder, or remove the link")]
        adr.unreadable = list(adr.problems)
        return adr
    try:
        data = path.read_bytes()
    except OSError as exc:
        adr = parse("", path)
        adr.problems = [R.MISSING_SECTION.finding(
            f"cannot read the file: {exc.strerror or exc}", path=str(path), object=path.name,
            hint="check the file's permissions")]
        adr.unreadable = list(adr.problems)
        return adr
    bad: Finding | None = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        line, col = byte_position(data, exc.start)
        bad = R.INVALID_FRONT_MATTER.finding(
            f"the file is not valid UTF-8 text (byte 0x{data[exc.start]:02x})",
            path=str(path), line=line, col=col, object=path.name,
            hint="save the file as UTF-8")
    else:
        nul = data.find(b"\0")
        if nul >= 0:
            line, col = byte_position(data, nul)
            bad = R.INVALID_FRONT_MATTER.finding(
                "the file is not text (it holds a NUL byte)", path=str(path), line=line,
                col=col, object=path.name, hint="a decision record is a markdown text file")
    adr = parse(text, path)
    if bad is not None:
        adr.problems.insert(0, bad)
        adr.unreadable.insert(0, bad)
    return adr




def _link_out(path: Path) -> str | None:
    """Where ``path`` leads when it is a symbolic link out of its folder (or a broken or
    looping one), as the link says it; None for a plain file or a link inside."""
    if not path.is_symlink():
        return None
    said = os.readlink(path)
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return said
    return None if target.is_relative_to(path.parent.resolve()) else said
