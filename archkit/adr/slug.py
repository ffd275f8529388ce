"""Safe file names for any title: ``0007-use-postgresql-for-orders.md``.

A title may hold slashes, ``..``, quotes, control characters, any script or emoji; the
slug keeps letters and digits (accents folded: "Über" -> "uber"), joins words with
single dashes and can never name a path outside the ADR folder.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slugify(title: str, *, fallback: str = "decision") -> str:
    """``"Use ../../etc/passwd 🙂"`` -> ``"use-etc-passwd"``; never empty, never a path."""
    text = unicodedata.normalize("NFKD", str(title))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub("-", text.lower()).replace("_", "-")
    text = re.sub(r"-{2,}", "-", text).strip("-")
    if len(text) > MAX_SLUG:
        cut = text[:MAX_SLUG]
        text = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return text or fallback


def filename(number: int, title: str) -> str:
    return f"{number:04d}-{slugify(title)}.md"


def dated_filename(date: str, title: str) -> str:
    """log4brains style: ``20240501-use-postgresql.md``."""
    return f"{date.replace('-', '')}-{slugify(title)}.md"


def one_line(title: str) -> str:
    """A title as one line of text (newlines and control characters become spaces)."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in str(title))
    return re.sub(r"\s+", " ", text).strip()
