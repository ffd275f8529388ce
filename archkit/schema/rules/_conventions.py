"""The naming convention a schema follows, for AK-NM001 where archkit.toml names none.

A schema written in one consistent convention that is not snake_case (SQL Server's
PascalCase, Flowable's UPPER_SNAKE_CASE tables on MySQL, Entity Framework's
``IX_<table>_<columns>`` indexes) is not a schema with a thousand naming defects: it is a
schema with a convention. Where names keep their case (MySQL, SQL Server, SQLite,
BigQuery, DuckDB) and most of a kind's names follow none of the configured default, the
convention at least :data:`SHARE` of them follow is the one its names are judged by; the
names that break it are the ones reported. Engines that fold unquoted names (postgres,
oracle, snowflake) keep the default: there ``AddressType`` is ``addresstype`` in the
database, words run together, which is what the rule is for.

Pure functions over names; :func:`archkit.schema.rules.names.conventions` gathers the names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["INDEX_TEMPLATES", "MIN_NAMES", "SHARE", "STYLES", "UNIQUE_TEMPLATES", "Inferred", "infer_style",
           "infer_template", "restyle", "says_fk"]

# the share of a kind's names a convention must fit to be the schema's, and the fewest
# names to tell one from (below it, the configured default judges)
SHARE = 0.8
MIN_NAMES = 5
# a convention may be two or three templates (or prefixes, or suffixes) together, each
# followed by at least this share of the names (Wide World Importers names the indexes
# of its foreign keys FK_..., the others IX_...)
PART_SHARE = 0.1
MAX_PARTS = 3

# name styles for tables and columns, the default (snake_case) first
STYLES: dict[str, str] = {
    "snake_case": r"^[a-z][a-z0-9_]*$",
    "PascalCase": r"^[A-Z][a-zA-Z0-9]*$",
    "camelCase": r"^[a-z][a-zA-Z0-9]*$",
    "UPPER_SNAKE_CASE": r"^[A-Z][A-Z0-9_]*$",
    # PascalCase words joined by underscores (Wide World Importers' Cities beside
    # Cities_Archive): after the two it contains, which win a tie
    "Pascal_Snake_Case": r"^[A-Z][a-zA-Z0-9]*(?:_[A-Z0-9][a-zA-Z0-9]*)*$",
}

# index name templates ORMs and teams use (compared without case, as AK-NM001 compares)
INDEX_TEMPLATES: tuple[str, ...] = (
    "{table}_{columns}_idx",          # PostgreSQL's own, SQLAlchemy's default convention
    "idx_{table}_{columns}",
    "ix_{table}_{columns}",           # Entity Framework (IX_), Alembic's ix_%(column_0_label)s
    "{table}_{columns}_index",        # Laravel
    "index_{table}_on_{columns_and}",  # Rails
    "{table}_{columns}_ix",
    "{table}_{columns}_i",            # Oracle's sample schemas (CUSTOMERS_NAME_I)
    "fk_{table}_{columns}",           # the index of a foreign key, named as the key
    "{table}_{columns}",
    # with the table's schema (Wide World Importers' FK_Sales_Orders_CustomerID)
    "ix_{schema}_{table}_{columns}",
    "fk_{schema}_{table}_{columns}",
    "idx_{schema}_{table}_{columns}",
)
UNIQUE_TEMPLATES: tuple[str, ...] = (
    "{table}_{columns}_key",          # PostgreSQL's own
    "uq_{table}_{columns}",
    "ux_{table}_{columns}",
    "uk_{table}_{columns}",
    "ak_{table}_{columns}",           # AdventureWorks' alternate keys
    "{table}_{columns}_unique",       # Laravel
    "{table}_{columns}_uq",
    "{table}_{columns}_uindex",       # DataGrip
    *INDEX_TEMPLATES,
)


@dataclass(frozen=True)
class Inferred:
    """The convention one kind of name is judged by. ``style`` names the convention read
    from the schema (a key of :data:`STYLES`, or "template" for index names), or is None
    where the configured (or default) one stands."""
    patterns: tuple[str, ...]
    style: str | None = None
    # style "prefix": names start with one of these, whatever follows (Flowable's ACT_IDX_);
    # style "suffix": names end with one (Oracle HR's EMP_JOB_IX)
    affixes: tuple[str, ...] = ()

    def affixed(self, name: str) -> bool:
        """Whether ``name`` starts (style "prefix") or ends (style "suffix") with one of
        the affixes, compared without case."""
        low = name.lower()
        if self.style == "prefix":
            return any(low.startswith(a.lower()) for a in self.affixes)
        return any(low.endswith(a.lower()) for a in self.affixes)

    def rule_text(self, patterns: Sequence[str]) -> str:
        """What a name breaking this convention does not do, for a message."""
        if self.style == "prefix":
            return "start with " + " or ".join(self.affixes)
        if self.style == "suffix":
            return "end with " + " or ".join(self.affixes)
        return "follow " + " or ".join(patterns)

    def note(self, kind: str) -> str:
        """What a message adds to say where the convention came from."""
        if self.style is None:
            return ""
        named = f"{self.style} " if self.style in STYLES else ""
        return f", the {named}convention most of the schema's {kind} names follow"


def infer_style(names: Sequence[str], default: str) -> Inferred:
    """The pattern for these (distinct) table or column names: ``default`` unless it
    fits fewer than :data:`SHARE` of them and a style of :data:`STYLES` fits at least
    that many (the one that fits most; the default's order on a tie)."""
    if len(names) < MIN_NAMES:
        return Inferred((default,))
    need = SHARE * len(names)
    if _fitting(names, re.compile(default).match, need) is not None:
        return Inferred((default,))
    best: tuple[int, str] | None = None
    for style, pattern in STYLES.items():
        if pattern == default:
            continue
        hits = _fitting(names, re.compile(pattern).match, need)
        if hits is not None and (best is None or len(hits) > best[0]):
            best = (len(hits), style)
    return Inferred((default,)) if best is None else Inferred((STYLES[best[1]],), best[1])


def infer_template(names: Sequence[tuple[Any, ...]], default: Sequence[str],
                   candidates: Sequence[str],
                   fits: Callable[[tuple[Any, ...], str], bool],
                   capitals: bool | None = None) -> Inferred:
    """The index name templates for these indexes (tuples, the index name first):
    ``default`` unless its templates fit fewer than :data:`SHARE` of them and one of
    ``candidates`` fits at least that many, or up to :data:`MAX_PARTS` of them (the
    default's among them) do together, each fitting :data:`PART_SHARE` of the names;
    else the prefixes (Flowable's ACT_IDX_; FK_ and IX_) or suffixes (Oracle HR's _IX)
    that many share. ``fits(index, template)`` says whether an index's name follows a
    template (without case).
    The literal words of a template found are in capitals where most names that
    follow it write them so (``IX_{table}_{columns}``), or as ``capitals`` says where the
    names are known only folded."""
    if len(names) < MIN_NAMES:
        return Inferred(tuple(default))
    need = SHARE * len(names)
    if _fitting(names, lambda n: any(fits(n, p) for p in default), need) is not None:
        return Inferred(tuple(default))
    best: tuple[int, str, list[Any]] | None = None
    for cand in candidates:
        if cand in default:
            continue
        hits = _fitting(names, lambda n, c=cand: fits(n, c), need)   # type: ignore[misc]
        if hits is not None and (best is None or len(hits) > best[0]):
            best = (len(hits), cand, hits)
    if best is not None and not says_fk(best[1]):
        return Inferred((_written(best[1], best[2], capitals),), "template")
    # (a template for the indexes of foreign keys is followed with one for the others
    # where there is one: FK_... and IX_...)
    parts, enough = _cover(names, [*default, *(c for c in candidates if c not in default)],
                           fits, need, best is not None)
    templates = [_written(c, hits, capitals) for c, hits in parts]
    if enough:
        return Inferred(tuple(templates), "template")
    written = [n[0] for n in names]
    found = [(style, affixes) for style, affixes in (
        ("prefix", _shared_prefix(written, need)), ("prefix", _shared_words(written, need, 0)),
        ("suffix", _shared_words(written, need, -1))) if affixes]
    # (the one most names follow: Oracle HR's EMP_ begins most of a small sample's names,
    # but _IX ends them all)
    found.sort(key=lambda f: -sum(1 for n in written if Inferred((), *f).affixed(n)))
    if not found:
        return Inferred(tuple(default))
    style, affixes = found[0][0], list(found[0][1])
    if capitals is not None:
        affixes = [a.upper() if capitals else a.lower() for a in affixes]
    # (hand-chosen names after a common prefix, Flowable's ACT_IDX_..., Ranger's x_...:
    # the prefix is the convention; a rename proposes the table and columns after it,
    # or the template many of the names follow that has the prefix: Lago's unique
    # indexes, Rails' index_..._on_... or hand-named idx_...)
    lows = [a.lower() for a in affixes]
    kept = [t for t in templates
            if (t.split("{", 1)[0].lower() if style == "prefix"
                else t.rsplit("}", 1)[-1].lower()) in lows]
    # (a name with its schema where those templates have one: WWI's IX_Sales_...)
    body = "{schema}_{table}_{columns}" if any("{schema}" in t for t in kept) \
        else "{table}_{columns}"
    return Inferred(tuple(dict.fromkeys((*kept, *(a + body if style == "prefix" else body + a
                                                  for a in affixes)))),
                    style, tuple(affixes))


def _written(cand: str, hits: Sequence[tuple[Any, ...]], capitals: bool | None) -> str:
    """Template ``cand`` with its literal words in capitals where ``capitals`` says so,
    or (None) where most of the names that follow it write them so."""
    words = [w for w in re.split(r"\{[a-z_]+\}", cand) if w.strip("_")]
    if capitals is None:
        capitals = sum(1 for h in hits if all(w.upper() in h[0] for w in words)) * 2 > len(hits)
    if words and capitals:
        cand = re.sub(r"(^|\})([^{]+)", lambda m: m.group(1) + m.group(2).upper(), cand)
    return cand


def _cover(names: Sequence[tuple[Any, ...]], candidates: Sequence[str],
           fits: Callable[[tuple[Any, ...], str], bool],
           need: float, other_kind: bool = False) -> tuple[list[tuple[str, list[Any]]], bool]:
    """Up to :data:`MAX_PARTS` templates (with the names each fits), the one that fits
    most first, each fitting :data:`PART_SHARE` of the names more than those before; and
    whether they fit ``need`` of them together. A template is tried on every name only
    where it fits some of the first 200 (a schema with no convention costs a few hundred
    calls per template). ``other_kind``: once they fit ``need``, one more template that
    does not say fk may follow (see :func:`says_fk`)."""
    least = max(2.0, PART_SHARE * len(names))
    sample = names[:200]
    least_sampled = PART_SHARE * len(sample) / 2
    hit_sets: dict[str, list[int]] = {}
    for cand in candidates:
        if sum(1 for n in sample if fits(n, cand)) >= least_sampled:
            hit_sets[cand] = [i for i, n in enumerate(names) if fits(n, cand)]
    covered: set[int] = set()
    chosen: list[tuple[str, list[Any]]] = []
    while len(chosen) < MAX_PARTS:
        if len(covered) >= need and not (other_kind and all(says_fk(c) for c, _h in chosen)):
            break
        gains = {c: len(set(h) - covered) for c, h in hit_sets.items()
                 if c not in dict(chosen) and not (len(covered) >= need and says_fk(c))}
        if not gains:
            break
        cand = max(gains, key=lambda c: gains[c])      # (the first on a tie: the given order)
        if gains[cand] < least:
            break
        covered.update(hit_sets[cand])
        chosen.append((cand, [names[i] for i in hit_sets[cand]]))
    return chosen, len(covered) >= need


def says_fk(template: str) -> bool:
    """Whether an index name template's literal words say fk: a template for the indexes
    of foreign keys (FK_{table}_{columns})."""
    return "fk" in re.split(r"[_\W]+", re.sub(r"\{[a-z_]+\}", "_", template.lower()))


def _fitting(items: Sequence[Any], fits: Callable[[Any], bool], need: float) -> list[Any] | None:
    """The items that fit, or None as soon as too many have not for ``need`` to fit
    (most candidates fail on a schema's first names: 2,000 tables' indexes are not all
    tried against every template)."""
    allowed = len(items) - need
    hits, misses = [], 0
    for it in items:
        if fits(it):
            hits.append(it)
        else:
            misses += 1
            if misses > allowed:
                return None
    return hits


# words that say "index" in an index name's prefix
_INDEX_WORDS = frozenset({"idx", "ix", "index", "ind", "i", "ux", "uq", "uk", "ak", "key"})
# and those an index's name may begin or end with for the key it serves (FK_Orders_...,
# Oracle HR's REG_ID_PK)
_AFFIX_WORDS = _INDEX_WORDS | {"fk", "pk", "nix", "unq", "unique", "uix", "uniq"}


def _shared_prefix(names: Sequence[str], need: float) -> list[str] | None:
    """The first one or two words (each followed by ``_``) that at least ``need`` of
    ``names`` start with, without case, written as most of them write it: two words
    (Flowable's ACT_IDX_, which its ACT_IDC_EXEC_ROOT breaks), unless the first says
    "index" already (Sakila's idx_, not idx_fk_, which only its foreign keys' indexes
    have). Such a prefix is among the most common of the first names: only those are
    tried."""
    best: list[str] | None = None
    for words in (1, 2):
        heads: dict[str, list[str]] = {}
        for n in names[:50]:
            parts = n.split("_")
            if len(parts) > words and all(parts[:words]):
                head = "_".join(parts[:words]) + "_"
                heads.setdefault(head.lower(), []).append(head)
        for low in sorted(heads, key=lambda h: -len(heads[h]))[:3]:
            hits = _fitting(names, lambda n, p=low: n.lower().startswith(p), need)  # type: ignore[misc]
            if hits is not None:
                best = [h[:len(low)] for h in hits]
                break
        if best is not None and best[0].rstrip("_").lower() in _INDEX_WORDS:
            break
    return None if best is None else [max(set(best), key=best.count)]


def _shared_words(names: Sequence[str], need: float, at: int) -> list[str] | None:
    """Up to :data:`MAX_PARTS` words that say what an index is (:data:`_AFFIX_WORDS`),
    each the first (``at`` 0: ``FK_``, ``IX_``) or last (``at`` -1: ``_IX``, ``_PK``)
    word of :data:`PART_SHARE` of ``names`` at least, that together begin or end ``need``
    of them; each written as most of its names write it. None if there are none such."""
    counts: dict[str, list[str]] = {}
    for n in names:
        parts = n.split("_")
        if len(parts) > 1 and parts[at].lower() in _AFFIX_WORDS:
            counts.setdefault(parts[at].lower(), []).append(parts[at])
    least = max(2.0, PART_SHARE * len(names))
    ranked = sorted((w for w in counts if len(counts[w]) >= least), key=lambda w: -len(counts[w]))
    chosen = ranked[:MAX_PARTS]
    if not chosen or sum(len(counts[w]) for w in chosen) < need:
        return None
    out = []
    for w in chosen:
        spelt = max(set(counts[w]), key=counts[w].count)
        out.append(spelt + "_" if at == 0 else "_" + spelt)
    return out


def restyle(snake: str, style: str | None) -> str:
    """A snake_case name (``_snake``'s) written in ``style``: the name a rename proposes
    under a convention read from the schema."""
    if style is None or style == "snake_case":
        return snake
    if style == "UPPER_SNAKE_CASE":
        return snake.upper()
    words = [w for w in snake.split("_") if w]
    if not words:
        return snake
    if style == "Pascal_Snake_Case":
        return "_".join(w[:1].upper() + w[1:] for w in words)
    pascal = "".join(w[:1].upper() + w[1:] for w in words)
    return pascal if style == "PascalCase" else pascal[:1].lower() + pascal[1:]
