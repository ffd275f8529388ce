"""Which unique index a PostgreSQL foreign key rests on.

PostgreSQL binds a foreign key, when it is made, to one unique index of the referenced
table (``pg_constraint.conindid``): the primary key's when the key names no columns, else
the first index in OID order — the oldest — that is unique, not partial, has no
expressions and whose key columns are exactly the referenced ones, in any order
(``transformFkeyCheckAttrs``). From then on that index cannot be dropped without the key
(``cannot drop index ... because other objects depend on it``), even where another
unique index or constraint on the same columns would serve: PostgreSQL 15 refused
``DROP INDEX hydra_client_idx_id_uq`` beside a UNIQUE constraint on the same column
(scout Q), which AK-IX003 had proposed.

The catalog keeps no OIDs: an object's age is where it was written (file order, line,
column), which is the order a script creates them. Of the candidates that existed when
the key was made, the key rests on the oldest; that one still exists (dropping it would
have dropped the key, or been refused), so the oldest surviving candidate written before
the key is it.
"""

from __future__ import annotations

from typing import Any

from archkit.schema.model import Catalog, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint

__all__ = ["referring", "rests_on", "resting_keys"]

KeyObject = PrimaryKey | UniqueConstraint | Index


def rests_on(catalog: Catalog, table: Table, fk: ForeignKey) -> KeyObject | None:
    """The primary key, UNIQUE constraint or unique index of ``table`` (the referenced
    table) whose index ``fk`` rests on in PostgreSQL; None when none fits."""
    pk = table.primary_key
    if not fk.ref_columns:
        return pk
    want = set(fk.ref_columns)
    if len(want) != len(fk.ref_columns):
        return None
    cands: list[KeyObject] = []
    if pk is not None and len(pk.columns) == len(want) and set(pk.columns) == want:
        cands.append(pk)
    cands += [u for u in table.uniques if len(u.columns) == len(want) and set(u.columns) == want]
    cands += [i for i in table.indexes if i.unique and i.where is None
              and len(i.columns) == len(want)
              and not any(c.is_expression for c in i.columns)
              and set(i.column_names) == want]
    if len(cands) < 2:
        return cands[0] if cands else None
    rank = _file_rank(catalog)
    made = _age(rank, fk.pos)
    before = [c for c in cands if _age(rank, c.pos) <= made] or cands
    return min(before, key=lambda c: _age(rank, c.pos))


def resting_keys(catalog: Catalog, table: Table, obj: KeyObject,
                 referring: dict[str, list[tuple[Table, ForeignKey]]] | None = None
                 ) -> list[tuple[Table, ForeignKey]]:
    """The foreign keys (with their tables) that rest on ``obj``, a key or unique index of
    ``table``: PostgreSQL refuses to drop it while they exist. ``referring``: the
    catalog's :func:`referring` (else every table is read; a catalog still being built
    has none to give)."""
    if isinstance(obj, Index) and (not obj.unique or obj.where is not None):
        return []
    key = table.key        # (a property: once, not once for every key of the schema)
    pairs: Any = referring.get(key, ()) if referring is not None else (
        (child, fk) for child in catalog.tables.values() for fk in child.foreign_keys
        if fk.ref_table == key)
    return [(child, fk) for child, fk in pairs if rests_on(catalog, table, fk) is obj]


def referring(catalog: Catalog) -> dict[str, list[tuple[Table, ForeignKey]]]:
    """Each referenced table's key -> the foreign keys that name it, with their tables,
    in the catalog's order (the hints ask :func:`resting_keys` about several keys of a
    table: on 2,000 tables each asking read every table, ~1 ms)."""
    out: dict[str, list[tuple[Table, ForeignKey]]] = {}
    for child in catalog.tables.values():
        for fk in child.foreign_keys:
            out.setdefault(fk.ref_table, []).append((child, fk))
    return out


def _file_rank(catalog: Catalog) -> dict[str | None, int]:
    """Each file's place in the input (statements are in reading order)."""
    cache: Any = catalog.__dict__.get("_file_rank")
    if cache is not None and cache[0] == len(catalog.statements):
        return cache[1]
    rank: dict[str | None, int] = {}
    for s in catalog.statements:
        if s.path not in rank:
            rank[s.path] = len(rank)
    catalog.__dict__["_file_rank"] = (len(catalog.statements), rank)
    return rank


def _age(rank: dict[str | None, int], pos: Any) -> tuple[int, int, int]:
    return (rank.get(pos.path, -1), pos.line or 0, pos.col or 0)
