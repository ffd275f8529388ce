"""Entity-relationship diagrams of a :class:`~archkit.schema.model.Catalog`.

- :func:`erd_dot`: Graphviz DOT built with the ``graphviz`` package: one node per table
  (an HTML-like table of its columns with PK / FK / UQ marks, type and nullability),
  one edge per foreign key from the referencing column to the referenced one, with
  crow's-foot cardinality (zero-or-many / zero-or-one on the child side, exactly-one or
  zero-or-one on the parent side), tables clustered by schema.
- :func:`render_erd`: SVG / PNG / DOT through ``dot``, run with a timeout.
- :func:`erd_mermaid`: a Mermaid ``erDiagram``.
- ``focus=TABLE, hops=N`` keeps only the tables within N foreign-key hops of TABLE
  (networkx ego graph), for schemas too large to read whole.
- Postgres partitions are not drawn as tables of their own (they have the parent's
  columns): the parent's node lists them, with their bounds, under its columns (the
  first and last few, and how many between, when there are more than
  ``MAX_PARTITIONS``); Mermaid gets one ``partition`` row per listed partition. Foreign
  keys are drawn from the parent; one that references a partition (or that a partition
  declares itself) ends at the partition's row. A partition counts as its parent for
  ``focus`` and ``hops``.

- A table with more than ``MAX_COLUMNS`` columns lists the first ones, then its key
  columns (PK, FK, UQ, referenced by a foreign key), then "... N more columns".
- A foreign key to a table the input does not create ends at a grey stub node ("not
  created in this input") with the columns it references, on a dashed edge.
- The child side of an edge is "zero or one" when the foreign key's columns hold a
  unique key of the child (primary key, UNIQUE, unique non-partial index).

Every name and type is drawn as written: in DOT, HTML entities and doubled backslashes
in labels, four backslashes in tooltips (Graphviz reads their escapes twice), control
characters as their Unicode pictures; in Mermaid, entity names quoted unless they are
plain words that are no keyword, attribute names between backticks unless they are
words that do not read as a key (``pk``), types in lower case but for what is quoted.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from archkit.errors import InputError, ToolMissingError
from archkit.schema.model import Catalog, ForeignKey, Table

__all__ = [
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "ErdOptions",
    "erd_dot",
    "erd_mermaid",
    "render_erd",
    "select_tables",
]

DEFAULT_TIMEOUT = 30.0
FORMATS = ("svg", "png", "dot", "mermaid")
INSTALL_HINT = ("install Graphviz (Debian/Ubuntu: apt-get install -y graphviz; macOS: "
                "brew install graphviz; conda: conda install -c conda-forge graphviz)")
MAX_COLUMNS = 40     # longer tables show the first columns and "... N more"
MAX_PARTITIONS = 8   # more partitions: the first and last PARTITION_ENDS, and a count
PARTITION_ENDS = 3


@dataclass(frozen=True)
class ErdOptions:
    focus: str | None = None
    hops: int = 1
    columns: bool = True          # False: table names only (very large schemas)
    title: str | None = None


# -- which tables ----------------------------------------------------------------------
@dataclass(frozen=True)
class Partitions:
    """How the catalog's postgres partitions are drawn: ``root`` maps every table to the
    table whose node shows it (itself, or the top of its chain of ``partition_of``
    parents present in the catalog); ``children`` lists each table's own partitions in
    catalog order."""

    root: dict[str, str]
    children: dict[str, list[str]]
    parent: dict[str, str]

    def node(self, key: str) -> bool:
        return self.root.get(key, key) == key

    def row(self, key: str) -> str:
        """The partition, among its root's own partitions, whose row stands for ``key``."""
        up = key
        while self.parent.get(up, up) != self.root.get(key, key):
            up = self.parent[up]
        return up


def partitions(catalog: Catalog) -> Partitions:
    """The catalog's :class:`Partitions` (a partition whose parent is not in the catalog
    is drawn as a table; a ring of ``partition_of`` links, which postgres refuses, is
    broken where it is found)."""
    tables = catalog.tables
    parent: dict[str, str] = {}
    for k, t in tables.items():
        p = t.options.get("partition_of") if t.options else None
        if p is not None and p != k and p in tables:
            parent[k] = p
    for k in list(parent):
        up, seen = k, set()
        while up in parent:
            if up in seen:
                del parent[k]
                break
            seen.add(up)
            up = parent[up]
    children: dict[str, list[str]] = {}
    root: dict[str, str] = {}
    for k in tables:
        if k in parent:
            children.setdefault(parent[k], []).append(k)
        up = k
        while up in parent:
            up = parent[up]
        root[k] = up
    return Partitions(root, children, parent)


def fk_graph(catalog: Catalog, parts: Partitions | None = None) -> Any:
    """A networkx MultiDiGraph: table -> referenced table, one edge per foreign key; with
    ``parts``, between the tables drawn (a partition's foreign keys are its root's)."""
    import networkx as nx

    root = parts.root if parts is not None else {}
    g = nx.MultiDiGraph()
    for key in catalog.tables:
        g.add_node(root.get(key, key))
    for key, t in catalog.tables.items():
        for fk in t.foreign_keys:
            g.add_edge(root.get(key, key), root.get(fk.ref_table, fk.ref_table), fk=fk)
    return g


def select_tables(catalog: Catalog, focus: str | None = None, hops: int = 1) -> list[str]:
    """Table keys to draw: all, or those within ``hops`` FK hops of ``focus``. A
    partition goes with its parent (it is drawn inside the parent's node): focusing on
    it draws the parent's neighbourhood, and the hops are counted between parents."""
    if focus is None:
        return list(catalog.tables)
    import networkx as nx

    table = find_table(catalog, focus)
    if table is None:
        import difflib

        as_written = keeps_case(catalog)
        shown = {k.lower(): _written_key(t, as_written) for k, t in catalog.tables.items()}
        near = difflib.get_close_matches(_bare(focus).lower(), list(shown), n=3)
        hint = f" (did you mean {', '.join(shown[k] for k in near)}?)" if near else ""
        raise InputError(f"no table {focus!r} in the schema{hint}")
    if hops < 0:
        raise InputError(f"hops must be 0 or more, not {hops}")
    parts = partitions(catalog)
    root = parts.root
    g = fk_graph(catalog, parts).to_undirected(as_view=True)
    keep = nx.ego_graph(g, root[table.key], radius=hops)
    return [k for k in catalog.tables if root[k] in keep]


_NAME_PART = re.compile(r'"(?:[^"]|"")*"|\[[^\]]*\]|`[^`]*`|[^.]+')


def _bare(name: str) -> str:
    """``[Sales].[SalesOrderHeader]``, ``"public"."projects"`` as ``Sales.SalesOrderHeader``,
    ``public.projects``: the quotes of each part taken off."""
    parts = []
    for m in _NAME_PART.finditer(name.strip()):
        part = m[0]
        if part[:1] in '"[`' and len(part) > 1:
            part = part[1:-1].replace('""', '"') if part[0] == '"' else part[1:-1]
        parts.append(part)
    return ".".join(parts)


def find_table(catalog: Catalog, name: str) -> Table | None:
    """The table ``name`` is, as a user writes it: the key, the unqualified name when
    unambiguous, the name as the dialect folds it, with each part quoted
    (``[Sales].[SalesOrderHeader]``), with the default schema (``public.projects``), or
    in another case when only one table matches so."""
    from archkit.schema.dialects import get_dialect

    default = get_dialect(catalog.dialect).default_schema
    bare = _bare(name)
    tries = [name, _fold(catalog, name), bare]
    if default is not None and bare.lower().startswith(default.lower() + "."):
        tries.append(bare[len(default) + 1:])
    for n in tries:
        table = catalog.table(n)
        if table is not None:
            return table
    for n in tries[2:]:
        same = [t for k, t in catalog.tables.items() if k.lower() == n.lower()] or \
            [t for t in catalog.tables.values() if t.name.lower() == n.lower()]
        if len(same) == 1:
            return same[0]
    return None


def _fold(catalog: Catalog, name: str) -> str:
    from archkit.schema.dialects import get_dialect

    return get_dialect(catalog.dialect).normalise(name)


def written_name(catalog: Catalog, key: str) -> str:
    """A table's name as the diagram shows it (``Sales.SalesOrderHeader`` in SQL Server)."""
    return _written_key(catalog.tables[key], keeps_case(catalog))


# -- Graphviz ----------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _visible(text: str) -> str:
    """``text`` with its control characters (which XML, and so Graphviz's HTML-like labels
    and SVG, refuse) drawn as their Unicode pictures: BEL as U+2407, DEL as U+2421; the
    non-characters U+FFFE and U+FFFF as U+FFFD."""
    return _CONTROL.sub(lambda m: chr(0x2421 if m[0] == "\x7f" else 0x2400 + ord(m[0]))
                        if m[0] < " " or m[0] == "\x7f" else "\ufffd", text)


def _e(text: Any) -> str:
    """Text for an HTML-like label: entities, and backslashes doubled (Graphviz reads
    ``\\N`` there as the node's name, ``\\G`` as the graph's)."""
    return html.escape(_visible(str(text)), quote=True).replace("\\", "\\\\")


def _plain(text: Any) -> Any:
    """Text for a DOT label string (a cluster's or the graph's), drawn as it is: backslashes
    doubled (``\\N`` would be the node's name, a trailing one would end the string) and
    never read as an HTML-like label (``<b>x</b>``, ``<R&D>``)."""
    import graphviz

    return graphviz.escape(_visible(str(text)))


def _tip(text: Any) -> Any:
    """Text for a tooltip, shown as it is. Graphviz reads a tooltip's escapes twice (its
    ``\\n`` / ``\\l`` pass, then the ``\\N`` / ``\\G`` one, lib/common/emit.c), so a
    backslash is written as four."""
    import graphviz

    return graphviz.nohtml(_visible(str(text)).replace("\\", "\\" * 4))


def _marks(t: Table) -> dict[str, list[str]]:
    marks: dict[str, list[str]] = {c: [] for c in t.columns}
    if t.primary_key is not None:
        for c in t.primary_key.columns:
            marks.setdefault(c, []).append("PK")
    for fk in t.foreign_keys:
        for c in fk.columns:
            if "FK" not in marks.setdefault(c, []):
                marks[c].append("FK")
    for u in t.uniques:
        if len(u.columns) == 1 and "UQ" not in marks.setdefault(u.columns[0], []):
            marks[u.columns[0]].append("UQ")
    for ix in t.indexes:
        if ix.unique and ix.where is None and len(ix.columns) == 1 and \
                not ix.columns[0].is_expression and "UQ" not in marks.setdefault(ix.columns[0].expr, []):
            marks[ix.columns[0].expr].append("UQ")
    return marks


def _font(text: str, colour: str) -> str:
    """Coloured text; Graphviz rejects an empty <FONT> element, so empty cells get a space."""
    return f'<FONT COLOR="{colour}">{_e(text)}</FONT>' if text else " "


def _port(i: int) -> str:
    return f"c{i}"


def _part_port(j: int) -> str:
    return f"p{j}"


def shown_partitions(kids: list[str]) -> list[int | None]:
    """Which of ``kids`` (a table's own partitions) get a row, in order: their indexes,
    with None where the partitions between the first and last ``PARTITION_ENDS`` are
    counted instead (more than ``MAX_PARTITIONS`` of them)."""
    n = len(kids)
    if n <= MAX_PARTITIONS:
        return list(range(n))
    return [*range(PARTITION_ENDS), None, *range(n - PARTITION_ENDS, n)]


def _elided(catalog: Catalog, t: Table, kids: list[str]) -> tuple[int, str, str]:
    """(how many, first name, last name) of the partitions :func:`shown_partitions` counts
    instead of drawing."""
    n = len(kids)
    first, last = (_part_name(catalog.tables[kids[i]], t)
                   for i in (PARTITION_ENDS, n - PARTITION_ENDS - 1))
    return n - 2 * PARTITION_ENDS, first, last


def _strategy(t: Table) -> str:
    """``RANGE (created_at)`` from the ``partitioned_by`` option (``RANGE(created_at)``)."""
    by = str(t.options.get("partitioned_by") or "")
    return re.sub(r"^(\w+)\(", r"\1 (", by)


def _partition_rows(catalog: Catalog, t: Table, parts: Partitions, columns: bool) -> list[str]:
    """Rows under a table's columns: what it is a partition of (when that table is not in
    the catalog), and its partitions."""
    rows = []
    parent = t.options.get("partition_of")
    if parent is not None and parts.node(t.key):
        bound = t.options.get("partition_bound")
        rows.append(f'<TR><TD COLSPAN="4" ALIGN="LEFT"><I>partition of {_e(parent)}'
                    f'{": " + _e(bound) if bound else ""}</I></TD></TR>')
    kids = parts.children.get(t.key, [])
    if not kids and "partitioned_by" not in t.options:
        return rows
    n = len(kids)
    head = (f"partitioned by {_strategy(t)}: " if "partitioned_by" in t.options else "") + \
        f"{n} partition{'' if n == 1 else 's'}"
    rows.append(f'<TR><TD COLSPAN="4" ALIGN="LEFT" BGCOLOR="#e8eef7">'
                f'<FONT COLOR="#1e4e8c"><I>{_e(head)}</I></FONT></TD></TR>')
    if not columns:
        return rows
    for j in shown_partitions(kids):
        if j is None:
            hidden, first, last = _elided(catalog, t, kids)
            rows.append(f'<TR><TD COLSPAN="4" ALIGN="LEFT"><I>... {hidden} '
                        f'more: {_e(first)} ... {_e(last)}</I></TD></TR>')
            continue
        p = catalog.tables[kids[j]]
        rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT" PORT="{_part_port(j)}">'
                    f'{_e(_part_name(p, t))}</TD>'
                    f'<TD COLSPAN="2" ALIGN="LEFT">{_font(_partition_note(p, parts), "#555555")}'
                    '</TD></TR>')
    return rows


def _part_name(p: Table, t: Table) -> str:
    """A partition's name in table ``t``'s node: qualified when in another schema."""
    return p.name if p.schema == t.schema else p.key


def _partition_note(p: Table, parts: Partitions) -> str:
    """A partition's bound, and how many partitions it has itself."""
    note = str(p.options.get("partition_bound") or "")
    sub = len(parts.children.get(p.key, ()))
    if sub:
        note += f"{'; ' if note else ''}{sub} partition{'' if sub == 1 else 's'} of its own"
    return note


def keeps_case(catalog: Catalog) -> bool:
    """Whether the engine keeps names as written (SQL Server, MySQL, SQLite, DuckDB,
    BigQuery compare them without case but store ``SalesOrderHeader``): a diagram then
    shows them as written. Where unquoted names are folded (postgres to lower case,
    Oracle and Snowflake to capitals), the folded name is the stored one."""
    from archkit.schema.dialects import get_dialect

    d = get_dialect(catalog.dialect)
    return d.fold == "none" or d.fold_quoted


def shown_name(t: Table, as_written: bool) -> str:
    return (t.original or t.name) if as_written else t.name


def shown_column(c: Any, as_written: bool) -> str:
    return (c.original or c.name) if as_written else c.name


def shown_schema(schema: str | None, tables: list[Table], as_written: bool) -> str | None:
    if as_written and schema is not None:
        for t in tables:
            written = t.options.get("schema_as_written")
            if written:
                return str(written)
    return schema


_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\[[^\]]*\]")


def _type_parts(raw: str) -> list[tuple[str, bool]]:
    """A type as written, in (text, quoted) pieces: string literals (``'Active'``) and
    quoted names (``"Mood"``, ```x```, ``[x]``) are the quoted ones."""
    out: list[tuple[str, bool]] = []
    at = 0
    for m in _QUOTED.finditer(raw):
        out += [(raw[at:m.start()], False), (m[0], True)]
        at = m.end()
    out.append((raw[at:], False))
    return [p for p in out if p[0]]


_DECIMAL = re.compile(r"(?i)^decimal\b")


def _engine_type(raw: str, catalog: Catalog | None) -> str:
    """A column's type as the engine names it: sqlglot writes PostgreSQL's ``numeric``
    (which is how PostgreSQL and pg_dump name it, ``decimal`` being its alias) as
    ``DECIMAL``."""
    if catalog is not None and catalog.dialect in ("postgres", "redshift"):
        return _DECIMAL.sub("numeric", raw)
    return raw


def type_text(raw: str) -> str:
    """A type as written, in lower case but for what is quoted, whose case is its meaning:
    enum values (``ENUM('Active', 'OnHold')``), quoted type names (``"Mood"`` is not
    ``mood``)."""
    return "".join(text if quoted else text.lower() for text, quoted in _type_parts(raw))


def _key_columns(t: Table, marks: dict[str, list[str]], referenced: set[str]) -> list[int]:
    """Indexes of the columns a node lists: the first ``MAX_COLUMNS``, then the key columns
    after them (PK, FK, UQ, or referenced by a foreign key), so that every edge reaches
    its row."""
    names = list(t.columns)
    return [i for i, c in enumerate(names)
            if i < MAX_COLUMNS or marks.get(c) or c in referenced]


def _label(t: Table, columns: bool, catalog: Catalog | None = None,
           parts: Partitions | None = None, as_written: bool = False,
           referenced: set[str] | None = None) -> str:
    head = _e(shown_name(t, as_written))
    rows = [(f'<TR><TD COLSPAN="4" BGCOLOR="#1e4e8c" ALIGN="CENTER">'
             f'<FONT COLOR="#ffffff"><B>{head}</B></FONT></TD></TR>')]
    if columns:
        marks = _marks(t)
        cols = list(t.columns.values())
        shown = _key_columns(t, marks, referenced or set())
        for i in shown:
            c = cols[i]
            m = " ".join(marks.get(c.name, []))
            written = _e(shown_column(c, as_written))
            name = f"<B>{written}</B>" if "PK" in m else written
            typ = _engine_type(c.raw_type or c.type or ("computed" if c.generated else "(any)"),
                               catalog)
            # as the catalog says: a sqlite PRIMARY KEY column that is not an INTEGER one
            # takes NULL unless declared NOT NULL (and the edges say "zero or one")
            null = "null" if c.nullable else ""
            # a foreign key leaves its row's right edge and reaches its target row's
            # left edge (ports on the outer cells): the line crosses no text
            rows.append(
                f'<TR><TD ALIGN="LEFT" PORT="{_port(i)}w">{_font(m, "#8a5a00")}</TD>'
                f'<TD ALIGN="LEFT">{name}</TD>'
                f'<TD ALIGN="LEFT">{_font(type_text(typ), "#555555")}</TD>'
                f'<TD ALIGN="LEFT" PORT="{_port(i)}e">{_font(null, "#999999")}</TD></TR>')
        if len(cols) > len(shown):
            rows.append(f'<TR><TD COLSPAN="4"><I>... {len(cols) - len(shown)} more columns'
                        '</I></TD></TR>')
    if parts is not None and catalog is not None:
        rows += _partition_rows(catalog, t, parts, columns)
    if columns and t.options.get("external"):
        rows.append('<TR><TD COLSPAN="4"><I>not created in this input</I></TD></TR>')
    return ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
            + "".join(rows) + "</TABLE>>")


def _stub_label(name: str, cols: list[str], columns: bool) -> str:
    """A table that foreign keys reference but the input does not create: its name, the
    columns referenced, and that it is not in the input."""
    rows = [(f'<TR><TD COLSPAN="2" BGCOLOR="#8c8c8c" ALIGN="CENTER">'
             f'<FONT COLOR="#ffffff"><B>{_e(name)}</B></FONT></TD></TR>')]
    if columns:
        rows += [f'<TR><TD ALIGN="LEFT" PORT="{_port(i)}w">{_e(c)}</TD>'
                 f'<TD ALIGN="LEFT" PORT="{_port(i)}e"> </TD></TR>' for i, c in enumerate(cols)]
    rows.append('<TR><TD COLSPAN="2"><I>not created in this input</I></TD></TR>')
    return ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
            + "".join(rows) + "</TABLE>>")


def _col_index(t: Table | None, name: str, referenced: set[str] | None = None) -> int | None:
    """The port of column ``name`` in ``t``'s node, when its row is drawn."""
    if t is None:
        return None
    for i, c in enumerate(t.columns):
        if c == name:
            if i < MAX_COLUMNS or c in (referenced or ()) or _marks(t).get(c):
                return i
            return None
    return None


def cardinality(child: Table, fk: ForeignKey) -> tuple[str, str]:
    """(child side, parent side) in words: e.g. ("zero or many", "exactly one"). The child
    side is "zero or one" when the FK's columns hold a unique key of the child (its
    primary key, a UNIQUE constraint or a unique index that is not partial): two rows
    that reference the same parent row would have the same key."""
    cols = set(fk.columns)
    keys = [set(u.columns) for u in child.uniques] + \
        ([set(child.primary_key.columns)] if child.primary_key is not None else []) + \
        [set(ix.column_names) for ix in child.indexes
         if ix.unique and ix.where is None and not any(c.is_expression for c in ix.columns)]
    unique = any(k and k <= cols for k in keys)
    optional = any(child.columns.get(c) is not None and child.columns[c].nullable
                   for c in fk.columns)
    return ("zero or one" if unique else "zero or many",
            "zero or one" if optional else "exactly one")


_ARROWS = {"zero or many": "crowodot", "zero or one": "teeodot", "exactly one": "teetee"}
_MERMAID = {("zero or many", "exactly one"): "}o--||", ("zero or many", "zero or one"): "}o--o|",
            ("zero or one", "exactly one"): "|o--||", ("zero or one", "zero or one"): "|o--o|"}


def missing_tables(catalog: Catalog, shown: list[str]) -> dict[str, list[str]]:
    """Tables the foreign keys of ``shown`` tables reference that the input does not
    create (not in the catalog), with the columns referenced, in order: drawn as stubs."""
    out: dict[str, list[str]] = {}
    for k in shown:
        for fk in catalog.tables[k].foreign_keys:
            if fk.ref_table not in catalog.tables:
                cols = out.setdefault(fk.ref_table, [])
                cols += [c for c in fk.ref_columns if c not in cols]
    return out


def _referenced(catalog: Catalog) -> dict[str, set[str]]:
    """The columns of each table that foreign keys reference (their rows are drawn)."""
    out: dict[str, set[str]] = {}
    for t in catalog.tables.values():
        for fk in t.foreign_keys:
            out.setdefault(fk.ref_table, set()).update(fk.ref_columns[:1])
            parent = catalog.tables.get(fk.ref_table)
            if not fk.ref_columns and parent is not None and parent.primary_key is not None:
                out[fk.ref_table].update(parent.primary_key.columns[:1])
    return out


def erd_dot(catalog: Catalog, focus: str | None = None, hops: int = 1, *,
            columns: bool = True, title: str | None = None) -> str:
    """DOT source of the ER diagram (see the module docstring)."""
    import graphviz

    shown = select_tables(catalog, focus, hops)
    parts = partitions(catalog)
    keys = [k for k in shown if parts.node(k)]
    ids = {k: f"t{i}" for i, k in enumerate(keys)}
    stubs = missing_tables(catalog, shown)
    ids.update({k: f"x{i}" for i, k in enumerate(stubs)})
    referenced = _referenced(catalog)
    g = graphviz.Digraph("erd", graph_attr={
        "rankdir": "LR", "newrank": "true", "splines": "spline", "nodesep": "0.4",
        "ranksep": "1.0", "fontname": "Helvetica", "fontsize": "12",
        **({"label": _plain(title), "labelloc": "t"} if title else {})},
        node_attr={"shape": "plain", "fontname": "Helvetica", "fontsize": "10"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": "#555555"})
    as_written = keeps_case(catalog)
    by_schema: dict[str | None, list[str]] = {}
    for k in keys:
        by_schema.setdefault(catalog.tables[k].schema, []).append(k)
    multi = len(by_schema) > 1
    for n, (schema, members) in enumerate(sorted(by_schema.items(), key=lambda kv: kv[0] or "")):
        def add(container: Any, members: list[str] = members) -> None:
            for k in members:
                t = catalog.tables[k]
                kids = parts.children.get(k)
                shown_k = _written_key(t, as_written)
                tip = shown_k if not kids else \
                    f"{shown_k}: {len(kids)} partition{'' if len(kids) == 1 else 's'} " \
                    f"({kids[0]}{' ... ' + kids[-1] if len(kids) > 1 else ''})"
                container.node(ids[k], label=_label(t, columns, catalog, parts, as_written,
                                                    referenced.get(k)),
                               tooltip=_tip(tip),
                               id=f"table-{ids[k]}")

        if multi:
            # unique cluster names: two clusters with the same name would merge
            with g.subgraph(name=f"cluster_{n}") as c:
                label = shown_schema(schema, [catalog.tables[k] for k in members], as_written)
                c.attr(label=_plain(label or "(default schema)"), style="rounded",
                       color="#999999")
                add(c)
        else:
            add(g)
    for k, cols in stubs.items():
        g.node(ids[k], label=_stub_label(k, cols, columns),
               tooltip=_tip(f"{k}: not created in this input"), id=f"table-{ids[k]}")
    for k, fk in _foreign_keys(catalog, shown, parts):
        child = catalog.tables[k]
        parent = catalog.tables.get(fk.ref_table)
        if parts.node(k):
            tail_i = _col_index(child, fk.columns[0]) if columns and fk.columns else None
            tail = f"{ids[k]}:{_port(tail_i)}e:e" if tail_i is not None else ids[k]
        else:
            tail = _partition_end(catalog, parts, k, ids, columns)
        if parent is None:
            stub_cols = stubs[fk.ref_table]
            head = f"{ids[fk.ref_table]}:{_port(stub_cols.index(fk.ref_columns[0]))}w:w" \
                if columns and fk.ref_columns else ids[fk.ref_table]
        elif parts.node(fk.ref_table):
            ref_cols = fk.ref_columns or (parent.primary_key.columns if parent.primary_key
                                          else ())
            head_i = _col_index(parent, ref_cols[0], referenced.get(fk.ref_table)) \
                if columns and ref_cols else None
            head = f"{ids[fk.ref_table]}:{_port(head_i)}w:w" if head_i is not None \
                else ids[fk.ref_table]
        else:
            head = _partition_end(catalog, parts, fk.ref_table, ids, columns)
        many, one = cardinality(child, fk)
        g.edge(tail, head, dir="both", arrowtail=_ARROWS[many], arrowhead=_ARROWS[one],
               **({"style": "dashed"} if parent is None else {}),
               tooltip=_tip(f"{k}({', '.join(fk.columns)}) -> {fk.ref_table}: each {k} row "
                            f"references {one} {fk.ref_table}; each {fk.ref_table} row is "
                            f"referenced by {many} {k}"
                            + ("" if parent is not None else
                               f" ({fk.ref_table} is not created in this input)")))
    return g.source


def _foreign_keys(catalog: Catalog, shown: list[str], parts: Partitions) -> Any:
    """(table key, foreign key) for each edge to draw: between tables shown, and to tables
    the input does not create (stubs), in catalog order. A partition's foreign keys are
    drawn only when its parents do not have the same one (postgres gives every partition
    a copy of the parent's)."""
    keep = set(shown)
    for k in shown:
        t = catalog.tables[k]
        inherited: set[tuple[Any, ...]] = set()
        if not parts.node(k) and t.foreign_keys:
            up = k
            while up in parts.parent:
                up = parts.parent[up]
                inherited.update((f.columns, f.ref_table, f.ref_columns)
                                 for f in catalog.tables[up].foreign_keys)
        for fk in t.foreign_keys:
            if (fk.ref_table in keep or fk.ref_table not in catalog.tables) and \
                    (fk.columns, fk.ref_table, fk.ref_columns) not in inherited:
                yield k, fk


def _partition_end(catalog: Catalog, parts: Partitions, key: str, ids: dict[str, str],
                   columns: bool) -> str:
    """Where an edge to or from partition ``key`` ends: its row in its root's node (the
    row of its parent among the root's partitions, for a partition of a partition), or
    the node when that row is not drawn."""
    root = parts.root[key]
    if columns:
        kids = parts.children.get(root, [])
        j = kids.index(parts.row(key))
        if j in shown_partitions(kids):
            return f"{ids[root]}:{_part_port(j)}"
    return ids[root]


def render_erd(catalog: Catalog, format: str = "svg", focus: str | None = None, hops: int = 1,
               *, columns: bool = True, title: str | None = None,
               timeout: float = DEFAULT_TIMEOUT, notes: list[str] | None = None) -> str | bytes:
    """The diagram as SVG text, PNG bytes, DOT text or Mermaid text. ``notes`` gets the
    warnings of a ``dot`` that succeeded (a PNG too large for its bitmaps, scaled down)."""
    if format == "mermaid":
        return erd_mermaid(catalog, focus, hops, columns=columns)
    source = erd_dot(catalog, focus, hops, columns=columns, title=title)
    if format == "dot":
        return source
    if format not in ("svg", "png"):
        raise InputError(f"unknown diagram format {format!r}: use one of {', '.join(FORMATS)}")
    out = run_dot(source, format, timeout=timeout, notes=notes)
    return out.decode("utf-8") if format == "svg" else out


def run_dot(source: str, format: str, *, timeout: float = DEFAULT_TIMEOUT,
            notes: list[str] | None = None) -> bytes:
    """Graphviz ``dot`` within ``timeout`` seconds (``graphviz.pipe`` cannot time out);
    the lines it writes on stderr when it succeeds go to ``notes``."""
    exe = shutil.which("dot")
    if exe is None:
        raise ToolMissingError(f"Graphviz's 'dot' program is not on PATH: {INSTALL_HINT}")
    try:
        proc = subprocess.run([exe, f"-T{format}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(f"Graphviz dot did not finish within {timeout:g} s: draw part of the "
                         "schema (--focus TABLE --hops N), or --no-columns") from None
    except OSError as exc:
        raise ToolMissingError(f"Graphviz's 'dot' could not run ({exc}): {INSTALL_HINT}") from None
    said = [s.strip() for s in proc.stderr.decode("utf-8", "replace").splitlines() if s.strip()]
    if proc.returncode != 0:
        raise InputError(f"Graphviz dot failed (exit {proc.returncode}): "
                         f"{' | '.join(said) or 'no message'}")
    if notes is not None:
        notes += said
    return proc.stdout


# -- Mermaid -----------------------------------------------------------------------------
# Names as Mermaid 11's erDiagram grammar reads them (packages/mermaid/src/diagrams/er/
# parser/erDiagram.jison; its lexer takes the first rule that matches, keywords first):
# - an entity name is a bare word, or quoted: "[^"%\r\n\v\b\\]+"; the bare words erDiagram,
#   style, classDef, class, subgraph, end, one, many, to (and accTitle / accDescr after a
#   relationship) are keywords;
# - an attribute's type and name are words [*A-Za-z_\u00C0-\uFFFF][A-Za-z0-9-_[]().,
#   \u00C0-\uFFFF*]* that do not start with the key PK, FK or UK, or anything but a
#   backtick between backticks; two ~ on a line read as a generic type (~T~).
# Mermaid before 11.16 (GitHub's 11.12, GitLab's 10.7; scout AT: 19 of 20 real schemas
# refused) reads only [*A-Za-z_][A-Za-z0-9-_[]()]* there (10.x: ASCII only), and no
# backticks: a type or name outside that is written as such a word, and said whole in
# the attribute's comment.
_ENTITY_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MERMAID_KEYWORDS = frozenset({
    "erdiagram", "style", "classdef", "class", "subgraph", "end", "one", "many", "to",
    "acctitle", "accdescr", "direction", "title", "u", "o"})
# Mermaid decodes "#code;" and HTML entities in quoted text ("R&amp;D" was drawn "R&D",
# "c#35;d" "c#d"; scout AT): these characters are written as "#code;", which 10.7, 11.12
# and 11.17 draw exactly (checked in Chromium), "<tags>" and "%%{init}%%" as text
_MERMAID_CODE = re.compile(r'["#%&<>|`\\;~]')
_TEXT_CODE = re.compile(r'["#%&<|`\\;~]')    # (a lone ">", as in "a -> b", is text)
_DIRECTION = re.compile(r"(direction)\s+(?=(?:tb|bt|rl|lr))", re.IGNORECASE)
_ATTRIBUTE_WORD = re.compile(
    "[*A-Za-z_\u00c0-\U0010ffff][A-Za-z0-9\\-_\\[\\]().,*\u00c0-\U0010ffff]*")
_ATTRIBUTE_KEY = re.compile(r"(?:pk|fk|uk)\b", re.IGNORECASE | re.ASCII)
_PORTABLE_WORD = re.compile(r"[*A-Za-z_][A-Za-z0-9\-_\[\]()]*")
_NOT_PORTABLE = re.compile(r"[^A-Za-z0-9_]+")


def _portable(text: str) -> tuple[str, bool]:
    """An attribute's type or name as every Mermaid reads it, and whether it had to change
    (``decimal(10,2)`` -> ``decimal``, ``public.year`` -> ``year``, ``unit price`` ->
    ``unit_price``, ``заказ`` -> ``_``, ``pk`` -> ``_pk``)."""
    if _PORTABLE_WORD.fullmatch(text) and not _ATTRIBUTE_KEY.match(text):
        return text, False
    word = text.split("(", 1)[0].rsplit(".", 1)[-1] if "(" in text or "." in text else text
    safe = _NOT_PORTABLE.sub("_", word).strip("_")
    if not safe or not (safe[0].isalpha() or safe[0] == "_") or _ATTRIBUTE_KEY.match(safe):
        safe = f"_{safe}"
    return safe, True


def _codes(text: str, pattern: re.Pattern[str] = _MERMAID_CODE) -> str:
    """``text`` with what Mermaid would read or decode written as ``#code;``."""
    return pattern.sub(lambda m: f"#{ord(m.group(0))};", text)


def _entity_text(name: str) -> str:
    """An entity's name as Mermaid shows it: as written, line breaks as spaces, control
    characters as their pictures, and "direction tb" (which Mermaid reads as a statement
    anywhere on a line) as "direction_tb"; for the source, ``" # % & < > | ` \\ ; ~`` as
    ``#code;`` (Mermaid draws the character)."""
    return _DIRECTION.sub(r"\1_", _codes(re.sub(r"[\r\n]", " ", _visible(name))))


def _entity(text: str) -> str:
    """An entity name in the source: bare when it is a plain word (``order_items``),
    quoted otherwise (``"order items"``, ``"class"``, ``"sales.orders"``, ``"заказ"``)."""
    if _ENTITY_WORD.fullmatch(text) and text.lower() not in _MERMAID_KEYWORDS:
        return text
    return f'"{text}"'


def _attribute_word(text: str) -> str:
    """An attribute's type or name: bare when Mermaid reads it as one word
    (``created_at``, ``decimal(10,2)``), else between backticks (```pk```,
    ```-offset```, ```enum('Active','OnHold')```) with backticks and ~ changed."""
    if _ATTRIBUTE_WORD.fullmatch(text) and not _ATTRIBUTE_KEY.match(text):
        return text
    inner = re.sub(r"\s", " ", _visible(text)).replace("`", "'")
    return f"`{inner or ' '}`"


_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def _mid(name: str) -> str:
    """A partition's name as an attribute name: letters, digits, ``_`` and ``-`` only, not
    starting with a digit or ``-``, nor with a key word (``_pk``)."""
    safe = _SAFE.sub("_", name)
    return safe if safe and not (safe[0].isdigit() or safe[0] == "-"
                                 or _ATTRIBUTE_KEY.match(safe)) else f"_{safe}"


def _distinct(text: str, used: set[str], form: Callable[[str], str]) -> str:
    """``form(text)``, or ``form(text_2)``, ``form(text_3)`` ... when another name
    already came out so (``a`b`` and ``a'b`` both as ```a'b```)."""
    out, n = form(text), 1
    while out.strip('"`') in used:        # Mermaid shows "x" and x alike
        n += 1
        out = form(f"{text}_{n}")
    used.add(out.strip('"`'))
    return out


def _mid_type(raw: str) -> str:
    """A Mermaid attribute type from a type as written: lower case but for what is quoted
    (enum values, quoted type names, whose case is their meaning), without the quotes of
    quoted names (``"char"`` -> ``char``), spaces dropped around ``( , )`` and others
    made ``_`` (``DECIMAL(5, 2)`` -> ``decimal(5,2)``, ``INT UNSIGNED`` ->
    ``int_unsigned``); between backticks when still not one word
    (``ENUM('Active', 'OnHold')`` -> ```enum('Active','OnHold')```)."""
    out = []
    for text, quoted in _type_parts(raw.strip()):
        if not quoted:
            text = re.sub(r"\s+", "_", re.sub(r"\s*([(),\[\]])\s*", r"\1", text.lower()))
        elif text[0] in "\"`":
            text = text[1:-1]
        out.append(text)
    typ = "".join(out).strip("_") or "any"
    return _attribute_word(typ if typ[0].isalpha() or typ[0] in "`'" else typ)


def erd_mermaid(catalog: Catalog, focus: str | None = None, hops: int = 1, *,
                columns: bool = True) -> str:
    """A Mermaid ``erDiagram`` (entities with typed attributes and PK/FK/UK keys)."""
    shown = select_tables(catalog, focus, hops)
    parts = partitions(catalog)
    keys = [k for k in shown if parts.node(k)]
    stubs = missing_tables(catalog, shown)
    as_written = keeps_case(catalog)
    used: set[str] = set()
    names = {k: _distinct(_entity_text(_written_key(catalog.tables[k], as_written)), used,
                          _entity) for k in keys}
    names.update({k: _distinct(_entity_text(k), used, _entity) for k in stubs})
    lines = ["erDiagram"]
    for k in keys:
        t = catalog.tables[k]
        extra = _mermaid_partitions(catalog, t, parts) if columns else []
        if not columns or not (t.columns or extra):
            lines.append(f"    {names[k]}")
            continue
        marks = _marks(t)
        lines.append(f"    {names[k]} {{")
        attrs: set[str] = set()
        for c in t.columns.values():
            keys_ = ",".join({"PK": "PK", "FK": "FK", "UQ": "UK"}[m] for m in marks.get(c.name, []))
            full = _mid_type(_engine_type(c.raw_type or c.type or (
                "computed" if c.generated else "any"), catalog)).strip("`")
            typ, said = _portable(full)
            written = shown_column(c, as_written)
            name = _distinct(written, attrs, lambda n: _portable(n)[0])
            notes = ([f"name: {written}"] if name != written else []) + \
                ([f"type: {full}"] if said else []) + \
                (["nullable"] if c.nullable else [])
            note = f' "{_mermaid_text(", ".join(notes))}"' if notes else ""
            lines.append(f"        {typ} {name}{' ' + keys_ if keys_ else ''}{note}")
        lines += extra
        lines.append("    }")
    for k, cols in stubs.items():
        lines.append(f"    %% {_mermaid_text(k)}: not created in this input")
        if not columns or not cols:
            lines.append(f"    {names[k]}")
            continue
        lines.append(f"    {names[k]} {{")
        for c in cols:
            name, renamed = _portable(c)
            lines.append(f'        unknown {name} "{_mermaid_text(f"name: {c}, " if renamed else "")}'
                         f'not created in this input"')
        lines.append("    }")
    for k, fk in _foreign_keys(catalog, shown, parts):
        child = catalog.tables[k]
        many, one = cardinality(child, fk)
        label = ", ".join(shown_column(child.columns[c], as_written) if c in child.columns
                          else c for c in fk.columns)
        if not parts.node(k):
            label = f"{k}: {label}"
        if not parts.node(fk.ref_table):
            label += f" -> {fk.ref_table}"
        parent = names[parts.root.get(fk.ref_table, fk.ref_table)]
        lines.append(f'    {names[parts.root[k]]} {_MERMAID[(many, one)]} {parent} : '
                     f'"{_mermaid_text(label)}"')
    return "\n".join(lines) + "\n"


def _written_key(t: Table, as_written: bool) -> str:
    name = shown_name(t, as_written)
    if t.schema is None:
        return name
    return f"{shown_schema(t.schema, [t], as_written)}.{name}"


def _mermaid_text(text: str) -> str:
    """Text for a Mermaid quoted string (a label or an attribute comment), one line, with
    what Mermaid would read there (``"``, ``~``: two read as a generic type, ``%%``, a
    ``#code;``) written as ``#code;``, and no "direction tb"."""
    return _DIRECTION.sub(r"\1_", _codes(" ".join(_visible(text).split()), _TEXT_CODE))


def _mermaid_partitions(catalog: Catalog, t: Table, parts: Partitions) -> list[str]:
    """Attribute rows for a table's partitions (``partition NAME "bound"``), or for what it
    is a partition of when that table is not in the catalog (``partition_of NAME``)."""
    out = []
    parent = t.options.get("partition_of")
    if parent is not None and parts.node(t.key):
        bound = t.options.get("partition_bound")
        out.append(f"        partition_of {_mid(parent.replace('.', '__'))}"
                   + (f' "{_mermaid_text(bound)}"' if bound else ""))
    kids = parts.children.get(t.key, [])
    for j in shown_partitions(kids):
        if j is None:
            hidden, first, last = _elided(catalog, t, kids)
            out.append(f"        partition _{hidden}_more "
                       f'"{_mermaid_text(f"{first} ... {last}")}"')
            continue
        p = catalog.tables[kids[j]]
        note = _partition_note(p, parts)
        out.append(f"        partition {_mid(_part_name(p, t).replace('.', '__'))}"
                   + (f' "{_mermaid_text(note)}"' if note else ""))
    return out


def unparsed_tables(catalog: Any) -> list[tuple[tuple[str | None, int, int], str]]:
    """((path, line, col), why) of each CREATE TABLE statement that did not parse (a
    template such as ``CREATE TABLE {{ .Namespace }}.t``), so made no table."""
    out = []
    for s in catalog.statements:
        if s.kind != "CREATE TABLE":
            continue
        if s.error is not None and not s.error.kept:
            out.append(((s.path, s.error.line, s.error.col), " ".join(s.error.message.split())))
        elif s.raw:
            out.append(((s.path, s.line, s.col), "kept as text by the parser"))
    return out


def mermaid_hint(catalog: Any, focus: str | None, hops: int, columns: bool,
                 limit: int) -> str:
    """How to draw a Mermaid text of at most ``limit`` characters when this one is longer:
    without columns when that fits, else the largest neighbourhood whose text fits (the
    most connected table's one hop may not: Lago's 118 of 139 tables; scout AT)."""
    if columns and len(erd_mermaid(catalog, focus, hops, columns=False)) <= limit:
        return "add --no-columns (the tables and their keys' lines, without columns)"
    if focus is not None:
        return f"draw fewer hops (--hops {hops - 1})" if hops > 1 else \
            "draw a table with fewer neighbours"
    parts = partitions(catalog)
    g = fk_graph(catalog, parts).to_undirected(as_view=True)
    size = {k: len(set(g.neighbors(k)) | {k}) for k in catalog.tables if parts.node(k)}
    flag = "" if columns else " --no-columns"
    for k in sorted(size, key=lambda k: -size[k])[:_HINT_TRIES]:
        if size[k] > 1 and \
                len(erd_mermaid(catalog, k, 1, columns=columns)) <= limit:
            return (f"draw one neighbourhood at a time, e.g. --focus {written_name(catalog, k)} "
                    f"--hops 1{flag} ({size[k]} tables)")
    return "draw one neighbourhood at a time (--focus TABLE --hops 1)"


# neighbourhoods tried for a Mermaid hint, largest first (each is rendered to measure it)
_HINT_TRIES = 40


def part_hint(catalog: Any, readable: int) -> str:
    """How to draw part of a large schema: the table with the largest one-hop
    neighbourhood that is still readable (``readable`` tables at most), and, when the
    most connected table's is not, to draw that one without columns."""
    parts = partitions(catalog)
    g = fk_graph(catalog, parts).to_undirected(as_view=True)
    size = {k: len(set(g.neighbors(k)) | {k}) for k in catalog.tables if parts.node(k)}
    hub = max(size, key=size.__getitem__)
    hint = "draw one neighbourhood at a time, e.g. "
    if size[hub] <= readable:
        return hint + f"--focus {written_name(catalog, hub)} --hops 1"
    fits = [k for k in size if size[k] <= readable]
    best = max(fits, key=size.__getitem__) if fits else None
    if best is not None:
        hint += f"--focus {written_name(catalog, best)} --hops 1 ({size[best]} tables); "
    return hint + (f"--focus {written_name(catalog, hub)} --hops 1 draws {size[hub]} tables: "
                   "add --no-columns")
