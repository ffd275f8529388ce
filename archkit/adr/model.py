"""The decision-record model: one :class:`Adr` per file, whatever format it was written in.

A record keeps what every tool needs (number or slug id, title, status, date, links)
plus its sections in file order, so it can be written back in another format without
losing content. Section *keys* name the role a section plays (``context``,
``decision``, ``consequences`` ...) independently of the heading each format uses.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archkit.findings import Finding

# The decision (its file's stem) a record was drafted from by ``archkit run``: a
# front-matter key, or, in a Nygard or log4brains record, a last comment line
# ``<!-- archkit-decision: x -->`` (adr-tools reads a record's title from its first line,
# log4brains its "- Status:" list right under the title: front matter breaks both).
# Either way it is read into ``Adr.front_matter``.
DECISION_KEY = "archkit-decision"
# MADR's front-matter keys (MADR 3's "deciders" too): the rest are a record's own
MADR_KEYS = frozenset({"status", "date", "decision-makers", "deciders", "consulted",
                       "informed"})
# (draft: log4brains' status for a record still being written, before it is proposed)
STATUSES = ("draft", "proposed", "accepted", "rejected", "deprecated", "superseded")

# The lifecycle `archkit adr status` enforces: from -> allowed next statuses.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("proposed", "accepted", "rejected"),
    "proposed": ("accepted", "rejected"),
    "accepted": ("deprecated", "superseded"),
}

# Status colours (background) used by the graph and the static site.
STATUS_COLOURS = {
    "draft": "#f3f4f6",
    "proposed": "#fff4d6",
    "accepted": "#d9f2dd",
    "rejected": "#fde2e1",
    "deprecated": "#e5e7eb",
    "superseded": "#e9e3f7",
}
UNKNOWN_COLOUR = "#ffffff"

# Link types: a relation and its reverse, as written in the other record.
REVERSE = {
    "supersedes": "superseded-by",
    "superseded-by": "supersedes",
    "amends": "amended-by",
    "amended-by": "amends",
    "relates": "relates",
}
# How each link type reads in a record ("Superseded by [..](..)").
PHRASES = {
    "supersedes": "Supersedes",
    "superseded-by": "Superseded by",
    "amends": "Amends",
    "amended-by": "Amended by",
    "relates": "Relates to",
}

# Section roles, the headings MADR and Nygard give them, and their MADR level.
MADR_HEADINGS = {
    "context": ("Context and Problem Statement", 2),
    "drivers": ("Decision Drivers", 2),
    "options": ("Considered Options", 2),
    "decision": ("Decision Outcome", 2),
    "consequences": ("Consequences", 3),
    "confirmation": ("Confirmation", 3),
    "pros_cons": ("Pros and Cons of the Options", 2),
    "more": ("More Information", 2),
}
NYGARD_HEADINGS = {
    "context": ("Context", 2),
    "decision": ("Decision", 2),
    "consequences": ("Consequences", 2),
}
# Heading text (normalised) -> section key, for every format we read.
HEADING_KEYS = {
    "context and problem statement": "context",
    "context": "context",
    "decision drivers": "drivers",
    "considered options": "options",
    "decision outcome": "decision",
    "decision": "decision",
    "consequences": "consequences",
    "confirmation": "confirmation",
    "pros and cons of the options": "pros_cons",
    "more information": "more",
    "status": "status",
}
# Sections each format requires (AK-ADR006). A tuple entry means "one of these".
REQUIRED = {
    "nygard": ("status", "context", "decision", "consequences"),
    "madr4": ("context", "options", "decision"),
    "madr3": ("context", "options", "decision"),
    "madr2": ("context", "options", "decision"),
    "madr": ("context", "decision"),
    "log4brains": ("decision",),
    "unknown": (),
}


@dataclass(frozen=True)
class Link:
    """A typed link from one record to another (``target`` is the href as written)."""

    type: str                   # supersedes | superseded-by | amends | amended-by | relates
    target: str                 # "0004-use-x.md", or "ADR-0004" when written without a file
    label: str = ""             # the link text, or the relation phrase of a custom link
    relation: str = ""          # the phrase as written ("Supercedes", "Clarifies")
    line: int | None = None     # where it is in the file
    explicit: bool = True       # a relation line of its own (rewritten by writers)

    def to_dict(self) -> dict[str, str]:
        return {"type": self.type, "target": self.target}


@dataclass
class Section:
    """A section of a record: its role, heading as written, level and body text."""

    key: str                    # context, decision, ... or "other"
    heading: str
    level: int
    body: str
    line: int | None = None


@dataclass
class Adr:
    """One decision record."""

    path: Path
    number: int | None
    id: str
    title: str
    status: str | None = None
    date: str | None = None
    links: list[Link] = field(default_factory=list)
    format: str = "unknown"     # madr4 | madr3 | madr2 | nygard | log4brains | unknown
    sections: list[Section] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)   # decision-makers, consulted, ...
    front_matter: dict[str, Any] | None = None
    status_text: str | None = None   # the status as written ("Superceded by ...")
    title_line: int | None = None
    status_line: int | None = None
    problems: list[Finding] = field(default_factory=list)   # what reading found wrong
    text: str = ""
    # the problems (also in ``problems``) that keep the text from being read as written:
    # not UTF-8 or not text, front matter not YAML, not a mapping, never closed or with a
    # key twice. Editing or converting such a record would lose or corrupt what it says.
    unreadable: list[Finding] = field(default_factory=list)
    # how the file was written, which ``text`` (BOM dropped, LF endings) no longer shows;
    # edits write it back the same way (edit.keep_style)
    bom: bool = False
    crlf: bool = False

    @property
    def filename(self) -> str:
        return self.path.name

    @property
    def slug(self) -> str:
        """The file name's slug: the stem without its number or date prefix."""
        stem = self.path.stem
        head, _, rest = stem.partition("-")
        return rest if head.isdigit() and rest else stem

    @property
    def label(self) -> str:
        """How other records refer to this one: ``ADR-0004`` or the log4brains slug."""
        return f"ADR-{self.number:04d}" if self.number is not None else self.id

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def links_of(self, type_: str) -> list[Link]:
        return [ln for ln in self.links if ln.type == type_]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "date": self.date,
            "path": self.path.as_posix(),
            "links": [ln.to_dict() for ln in self.links],
        }

    def __repr__(self) -> str:
        return (f"<Adr {self.label} {self.title!r}: {self.status or 'no status'}"
                f"{', ' + self.date if self.date else ''}, {len(self.links)} links>")

    def _repr_html_(self) -> str:
        esc = html.escape
        colour = STATUS_COLOURS.get(self.status or "", UNKNOWN_COLOUR)
        links = "".join(f"<li>{esc(PHRASES.get(ln.type, ln.type))} {esc(ln.target)}</li>"
                        for ln in self.links)
        return (f"<div class='archkit-adr'><strong>{esc(self.label)}: {esc(self.title)}</strong> "
                f"<span style='background:{colour};padding:1px 6px;border-radius:3px'>"
                f"{esc(self.status or 'no status')}</span> {esc(self.date or '')}"
                + (f"<ul>{links}</ul>" if links else "") + "</div>")


def lifecycle_status(status: str | None) -> str:
    """The status the lifecycle reads a record's status as: a record with no status at
    all is taken to be in force, ``accepted`` (MADR 4 allows records without one); any
    other status as written, whether or not the lifecycle knows it."""
    return status or "accepted"


def allowed_next(status: str | None) -> tuple[str, ...]:
    """The statuses a record may move to (none from a final or an unknown status)."""
    return TRANSITIONS.get(lifecycle_status(status), ())
