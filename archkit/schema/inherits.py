"""postgres table inheritance: what ``CREATE TABLE c (...) INHERITS (a, b)`` gives ``c``.

A child has its parents' columns, first and in the parents' order (a name two parents
share is one column), then its own. A column it defines itself with an inherited name is
*merged* into the inherited one: it must have the same type (else PostgreSQL refuses the
table: 'column "x" has a type conflict'), is NOT NULL if either says so, and keeps its own
default. Keys, UNIQUE constraints, foreign keys and indexes are not inherited (the child
has its own or none). Later ALTERs of a parent reach its children (unless ``ALTER TABLE
ONLY``): a column added is appended to them, one dropped leaves the children that do not
define it themselves, a rename or a type / NOT NULL / default change follows. A child
cannot drop or rename a column it inherits. All checked against PostgreSQL 15.

The functions here are pure: the catalog builder calls them and reports what they find.
A child's ``options`` say what it inherited: ``inherits`` (the parents' keys, in order),
``inherited`` (names of columns that come from a parent, merged or not), ``merged``
(those of them the child also defines) and ``inherits_copied`` (every parent was known,
so the columns are complete).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from archkit.schema.model import Column, Table

__all__ = ["FOLLOWED", "Inheritance", "follow", "inherit", "only_dropped", "parents_clash",
           "same_type", "type_label"]


@dataclass
class Inheritance:
    """A child's columns as its parents make them."""

    columns: dict[str, Column]
    inherited: frozenset[str]
    merged: frozenset[str]
    conflicts: list[tuple[Column, Column]]     # (own, inherited) of another type


def type_label(c: Column) -> str:
    return (c.raw_type or c.type or "?").lower()


def same_type(a: Column, b: Column) -> bool:
    if not a.type or not b.type:
        return True                 # a type this input does not say: nothing to compare
    return (a.type, a.params, a.domain) == (b.type, b.params, b.domain)


def _from_parents(parents: Sequence[Table]) -> dict[str, Column]:
    """The parents' columns, first parent first; a name several parents have is one
    column ('merging multiple inherited definitions'), NOT NULL if any says so."""
    out: dict[str, Column] = {}
    for p in parents:
        for name, col in p.columns.items():
            have = out.get(name)
            if have is None:
                out[name] = col
            elif have.nullable and not col.nullable:
                out[name] = replace(have, nullable=False)
    return out


def parents_clash(parents: Sequence[Table]) -> tuple[str, tuple[str, str], tuple[str, str]] | None:
    """Two parents with a column of one name and different types (postgres refuses the
    child: 'inherited column "a" has a type conflict'): (name, (parent, type) twice)."""
    seen: dict[str, tuple[Table, Column]] = {}
    for p in parents:
        for name, col in p.columns.items():
            first = seen.setdefault(name, (p, col))
            if first[1] is not col and not same_type(first[1], col):
                return name, (first[0].key, type_label(first[1])), (p.key, type_label(col))
    return None


def _merge(own: Column, parent: Column) -> Column:
    """A column the child defines itself, merged into the inherited one: the parent's
    type (they are equal, or the table was refused), NOT NULL if either says so, the
    child's default where it has one."""
    return replace(own, type=parent.type, raw_type=parent.raw_type, params=parent.params,
                   domain=parent.domain, nullable=own.nullable and parent.nullable,
                   default=own.default if own.default is not None else parent.default)


def inherit(child: Table, parents: Sequence[Table]) -> Inheritance:
    """The columns of ``child`` (as its CREATE TABLE defines them) under ``parents``:
    the inherited ones first, then its own; an own column of an inherited name is merged
    into it (a conflict when the types differ)."""
    from_parents = _from_parents(parents)
    conflicts: list[tuple[Column, Column]] = []
    columns = dict(from_parents)
    merged: set[str] = set()
    for name, own in child.columns.items():
        parent = from_parents.get(name)
        if parent is None:
            columns[name] = own
            continue
        if not same_type(own, parent):
            conflicts.append((own, parent))
        columns[name] = _merge(own, parent)
        merged.add(name)
    return Inheritance(columns, frozenset(from_parents), frozenset(merged), conflicts)


# what an ALTER of a parent's column changes in its children too (ALTER COLUMN ... TYPE,
# SET / DROP NOT NULL, SET / DROP DEFAULT recurse; a comment is the parent's own)
FOLLOWED = ("type", "raw_type", "params", "domain", "nullable", "default")


def follow(child: Table, parents: Sequence[Table], before: dict[str, Column],
           after: dict[str, Column]) -> Inheritance:
    """``child``'s columns after one of its ``parents`` (as they are now) went from the
    columns ``before`` to ``after`` by an ALTER TABLE that recursed: a column added is
    appended (merged with one the child has of that name), one dropped leaves the child
    unless it is its own too or another parent still has it, a changed type, NOT NULL or
    default follows. What the child changed itself since it was created is kept.
    (Renames are followed when they happen: the child's names are the parent's.)"""
    inherited = set(child.options.get("inherited") or ())
    merged = set(child.options.get("merged") or ())
    columns = dict(child.columns)
    for name in before:
        if name in after or name not in inherited or name not in columns:
            continue
        if any(name in p.columns for p in parents):
            continue                    # another parent still gives it
        inherited.discard(name)
        if name in merged:
            merged.discard(name)        # the child's own from now on
        else:
            del columns[name]
    for name, new in after.items():
        old = before.get(name)
        if old is new:
            continue
        have = columns.get(name)
        if old is None or name not in inherited:     # added to the parent
            if have is None:
                columns[name] = new
            elif name in inherited:     # another parent gives it too
                columns[name] = replace(have, nullable=have.nullable and new.nullable)
            else:                       # the child's own: merged
                columns[name] = _merge(have, new)
                merged.add(name)
            inherited.add(name)
            continue
        if have is None:
            continue
        changes = {f: getattr(new, f) for f in FOLLOWED if getattr(old, f) != getattr(new, f)}
        if changes:
            columns[name] = replace(have, **changes)
    return Inheritance(columns, frozenset(inherited), frozenset(merged & inherited), [])


def only_dropped(child: Table, parents: Sequence[Table], before: dict[str, Column],
                 after: dict[str, Column]) -> Inheritance:
    """``ALTER TABLE ONLY parent DROP COLUMN c``: the children keep c as their own."""
    inherited = set(child.options.get("inherited") or ())
    for name in before:
        if name not in after and not any(name in p.columns for p in parents):
            inherited.discard(name)
    merged = set(child.options.get("merged") or ()) & inherited
    return Inheritance(dict(child.columns), frozenset(inherited), frozenset(merged), [])
