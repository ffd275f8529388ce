"""Migration folders as the common tools lay them out: which files and which parts of
a file build the schema forward.

Several SQL files are read in path order as one schema. Down (undo) migrations
take it backwards, so read in that sequence they would drop tables and columns that
the next up migration still uses:

- golang-migrate, sqlx, node-pg-migrate: ``0002_add_email.down.sql`` (sorted just
  before its ``.up.sql``), also ``_down.sql`` / ``-down.sql`` beside an ``_up.sql`` /
  ``-up.sql`` of the same name;
- diesel: ``2024-01-01-000000_add_email/down.sql``;
- Flyway undo migrations: ``U2__add_email.sql``;
- dbmate: one file with ``-- migrate:up`` and ``-- migrate:down`` sections;
- goose: one file with ``-- +goose Up`` and ``-- +goose Down`` sections.

Drizzle applies the files its ``meta/_journal.json`` lists, and only those: a ``.sql``
file beside it that the journal does not name (a migration dropped while merging
branches) never runs, so :func:`drizzle_unlisted` names it to be left out too.

:func:`forward_files` leaves the down files out when up files are given with them (a
down file given alone is checked as it is); :func:`without_down_sections` blanks a
dbmate or goose file's down sections, keeping every line and column where it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from archkit.lazyre import LazyPattern
from archkit.schema.split import blank

__all__ = ["TOOL_TABLES", "drizzle_unlisted", "forward_files", "is_down_migration",
           "is_tool_table", "without_down_sections"]

# The bookkeeping tables migration tools create for themselves (lower case): their
# names, keys and types are the tool's, not the team's, so the design rules skip them
TOOL_TABLES = frozenset({
    "__efmigrationshistory", "schema_migrations", "ar_internal_metadata",
    "_prisma_migrations", "goose_db_version", "flyway_schema_history", "schema_version",
    "django_migrations", "__drizzle_migrations", "knex_migrations", "knex_migrations_lock",
    "sequelizemeta", "alembic_version", "databasechangelog", "databasechangeloglock",
    "doctrine_migration_versions", "gorp_migrations", "schemaversions", "versioninfo",
    "atlas_schema_revisions", "seaql_migrations", "__diesel_schema_migrations",
    "_sqlx_migrations", "refinery_schema_history"})


def is_tool_table(name: str) -> bool:
    """Whether a table (its unqualified name) is a migration tool's own bookkeeping."""
    return name.lower() in TOOL_TABLES

_DOWN_NAME = re.compile(r"(?:^|\.)down\.sql$|^U\d[\w.]*__.*\.sql$", re.IGNORECASE)
# "_down.sql" / "-down.sql" also ends up migrations (V3__scale_down.sql): a down migration
# only beside its up twin
_PAIRED_DOWN = re.compile(r"([_-])(down)(\.sql)$", re.IGNORECASE)
# dbmate "-- migrate:up"; goose "-- +goose Up" (goose reads its annotations in any case)
_MARKER = LazyPattern(r"^[ \t]*--[ \t]*(?:migrate:|\+goose[ \t]+)(up|down)\b.*$",
                     re.IGNORECASE | re.MULTILINE)


def is_down_migration(path: str | Path, others: Sequence[str | Path] = ()) -> bool:
    """The file's name says it undoes a migration (see the module's list). A name ending
    in ``_down.sql`` / ``-down.sql`` does only when ``others`` has its up twin
    (``x_down.sql`` beside ``x_up.sql``): ``V3__scale_down.sql`` is an up migration."""
    p = Path(path)
    if _DOWN_NAME.search(p.name):
        return True
    m = _PAIRED_DOWN.search(p.name)
    if not m:
        return False
    up = p.name[:m.start(2)] + ("UP" if m.group(2).isupper() else "up") + m.group(3)
    return any(Path(o).name.lower() == up.lower() and Path(o).parent == p.parent
               for o in others)


def forward_files(files: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(files that build the schema, down migrations left out). Down files are left out
    only beside files that are not down migrations: given alone, they are the input."""
    flags = [is_down_migration(p, files) for p in files]
    down = [p for p, d in zip(files, flags) if d]
    if not down or len(down) == len(files):
        return list(files), []
    return [p for p, d in zip(files, flags) if not d], down


def _journal_tags(folder: Path) -> frozenset[str] | None:
    """The migration names (``tag``) drizzle's ``meta/_journal.json`` in ``folder`` lists,
    or None without a readable journal."""
    journal = folder / "meta" / "_journal.json"
    try:
        if not journal.is_file():
            return None
        entries = json.loads(journal.read_text(encoding="utf-8")).get("entries")
        return frozenset(e["tag"] for e in entries if isinstance(e.get("tag"), str))
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        return None


def drizzle_unlisted(files: Sequence[Path]) -> list[Path]:
    """The ``.sql`` files of a drizzle folder (one with ``meta/_journal.json``) that its
    journal does not list: drizzle never applies them. Left out only beside listed files:
    given alone, they are the input."""
    tags: dict[Path, frozenset[str] | None] = {}
    out = []
    for p in files:
        folder = p.parent
        if folder not in tags:
            tags[folder] = _journal_tags(folder)
        listed = tags[folder]
        if listed is not None and p.suffix.lower() == ".sql" and p.stem not in listed:
            out.append(p)
    return out if len(out) < len(files) else []


def without_down_sections(text: str) -> str:
    """A dbmate or goose file with its down sections (``-- migrate:down``, ``-- +goose
    Down``) blanked (every character but line breaks becomes a space, so positions stay).
    Text without both an up and a down marker is returned as it is."""
    if "migrate:" not in text and "+goose" not in text:   # (substring tests: far cheaper
        return text                                           # than the scan)
    marks = list(_MARKER.finditer(text))
    if not any(m.group(1).lower() == "down" for m in marks) or \
            not any(m.group(1).lower() == "up" for m in marks):
        return text
    out, pos, down_from = [], 0, None
    for m in marks:
        if m.group(1).lower() == "down" and down_from is None:
            down_from = m.end()
        elif m.group(1).lower() == "up" and down_from is not None:
            out += [text[pos:down_from], blank(text[down_from:m.start()])]
            pos, down_from = m.start(), None
    if down_from is not None:
        out += [text[pos:down_from], blank(text[down_from:])]
    else:
        out.append(text[pos:])
    return "".join(out)

