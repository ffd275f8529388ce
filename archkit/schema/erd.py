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

Every name and type is escaped for the target (HTML entities for Graphviz labels,
a safe identifier alphabet for Mermaid).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
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


@dataclass(frozen=True)
class ErdOptions:
    focus: str | None = None
    hops: int = 1
    columns: bool = True          # False: table names only (very large schemas)
    title: str | None = None


# -- which tables ----------------------------------------------------------------------
def fk_graph(catalog: Catalog) -> Any:
    """A networkx MultiDiGraph: table -> referenced table, one edge per foreign key."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for key in catalog.tables:
        g.add_node(key)
    for key, t in catalog.tables.items():
        for fk in t.foreign_keys:
            g.add_edge(key, fk.ref_table, fk=fk)
    return g


def select_tables(catalog: Catalog, focus: str | None = None, hops: int = 1) -> list[str]:
    """Table keys to draw: all, or those within ``hops`` FK hops of ``focus``."""
    if focus is None:
        return list(catalog.tables)
    import networkx as nx

    table = catalog.table(focus) or catalog.table(_fold(catalog, focus))
    if table is None:
        import difflib

        near = difflib.get_close_matches(focus, list(catalog.tables), n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise InputError(f"no table {focus!r} in the schema{hint}")
    if hops < 0:
        raise InputError(f"hops must be 0 or more, not {hops}")
    g = fk_graph(catalog).to_undirected(as_view=True)
    keep = nx.ego_graph(g, table.key, radius=hops)
    return [k for k in catalog.tables if k in keep]


def _fold(catalog: Catalog, name: str) -> str:
    from archkit.schema.dialects import get_dialect

    return get_dialect(catalog.dialect).normalise(name)


# -- Graphviz ----------------------------------------------------------------------------
def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


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


def _label(t: Table, columns: bool) -> str:
    head = _e(t.name)
    rows = [(f'<TR><TD COLSPAN="4" BGCOLOR="#1e4e8c" ALIGN="CENTER">'
             f'<FONT COLOR="#ffffff"><B>{head}</B></FONT></TD></TR>')]
    if columns:
        marks = _marks(t)
        cols = list(t.columns.values())
        for i, c in enumerate(cols[:MAX_COLUMNS]):
            m = " ".join(marks.get(c.name, []))
            name = f"<B>{_e(c.name)}</B>" if "PK" in m else _e(c.name)
            typ = c.raw_type or c.type or "(any)"
            null = "null" if c.nullable and "PK" not in m else ""
            rows.append(
                f'<TR><TD ALIGN="LEFT">{_font(m, "#8a5a00")}</TD>'
                f'<TD ALIGN="LEFT" PORT="{_port(i)}">{name}</TD>'
                f'<TD ALIGN="LEFT">{_font(typ.lower(), "#555555")}</TD>'
                f'<TD ALIGN="LEFT">{_font(null, "#999999")}</TD></TR>')
        if len(cols) > MAX_COLUMNS:
            rows.append(f'<TR><TD COLSPAN="4"><I>... {len(cols) - MAX_COLUMNS} more columns'
                        '</I></TD></TR>')
        if t.options.get("external"):
            rows.append('<TR><TD COLSPAN="4"><I>not created in this input</I></TD></TR>')
    return ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
            + "".join(rows) + "</TABLE>>")


def _col_index(t: Table | None, name: str) -> int | None:
    if t is None:
        return None
    for i, c in enumerate(t.columns):
        if c == name:
            return i if i < MAX_COLUMNS else None
    return None


def cardinality(child: Table, fk: ForeignKey) -> tuple[str, str]:
    """(child side, parent side) in words: e.g. ("zero or many", "exactly one")."""
    unique = any(set(u.columns) == set(fk.columns) for u in child.uniques) or (
        child.primary_key is not None and set(child.primary_key.columns) == set(fk.columns)) or \
        any(ix.unique and ix.where is None and set(ix.column_names) == set(fk.columns)
            for ix in child.indexes)
    optional = any(child.columns.get(c) is not None and child.columns[c].nullable
                   for c in fk.columns)
    return ("zero or one" if unique else "zero or many",
            "zero or one" if optional else "exactly one")


_ARROWS = {"zero or many": "crowodot", "zero or one": "teeodot", "exactly one": "teetee"}
_MERMAID = {("zero or many", "exactly one"): "}o--||", ("zero or many", "zero or one"): "}o--o|",
            ("zero or one", "exactly one"): "|o--||", ("zero or one", "zero or one"): "|o--o|"}


def erd_dot(catalog: Catalog, focus: str | None = None, hops: int = 1, *,
            columns: bool = True, title: str | None = None) -> str:
    """DOT source of the ER diagram (see the module docstring)."""
    import graphviz

    keys = select_tables(catalog, focus, hops)
    ids = {k: f"t{i}" for i, k in enumerate(keys)}
    g = graphviz.Digraph("erd", graph_attr={
        "rankdir": "LR", "newrank": "true", "splines": "spline", "nodesep": "0.4",
        "ranksep": "1.0", "fontname": "Helvetica", "fontsize": "12",
        **({"label": title, "labelloc": "t"} if title else {})},
        node_attr={"shape": "plain", "fontname": "Helvetica", "fontsize": "10"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": "#555555"})
    by_schema: dict[str | None, list[str]] = {}
    for k in keys:
        by_schema.setdefault(catalog.tables[k].schema, []).append(k)
    multi = len(by_schema) > 1
    for n, (schema, members) in enumerate(sorted(by_schema.items(), key=lambda kv: kv[0] or "")):
        def add(container: Any, members: list[str] = members) -> None:
            for k in members:
                t = catalog.tables[k]
                container.node(ids[k], label=_label(t, columns), tooltip=k, id=f"table-{ids[k]}")

        if multi:
            # unique cluster names: two clusters with the same name would merge
            with g.subgraph(name=f"cluster_{n}") as c:
                c.attr(label=schema or "(default schema)", style="rounded", color="#999999")
                add(c)
        else:
            add(g)
    for k in keys:
        child = catalog.tables[k]
        for fk in child.foreign_keys:
            if fk.ref_table not in ids:
                continue
            parent = catalog.tables[fk.ref_table]
            ref_cols = fk.ref_columns or (parent.primary_key.columns if parent.primary_key else ())
            tail_i = _col_index(child, fk.columns[0]) if columns and fk.columns else None
            head_i = _col_index(parent, ref_cols[0]) if columns and ref_cols else None
            tail = f"{ids[k]}:{_port(tail_i)}" if tail_i is not None else ids[k]
            head = f"{ids[fk.ref_table]}:{_port(head_i)}" if head_i is not None else ids[fk.ref_table]
            many, one = cardinality(child, fk)
            g.edge(tail, head, dir="both", arrowtail=_ARROWS[many], arrowhead=_ARROWS[one],
                   tooltip=f"{k}({', '.join(fk.columns)}) -> {fk.ref_table}: each {k} row "
                           f"references {one} {fk.ref_table}; each {fk.ref_table} row is "
                           f"referenced by {many} {k}")
    return g.source


def render_erd(catalog: Catalog, format: str = "svg", focus: str | None = None, hops: int = 1,
               *, columns: bool = True, title: str | None = None,
               timeout: float = DEFAULT_TIMEOUT) -> str | bytes:
    """The diagram as SVG text, PNG bytes, DOT text or Mermaid text."""
    if format == "mermaid":
        return erd_mermaid(catalog, focus, hops, columns=columns)
    source = erd_dot(catalog, focus, hops, columns=columns, title=title)
    if format == "dot":
        return source
    if format not in ("svg", "png"):
        raise InputError(f"unknown diagram format {format!r}: use one of {', '.join(FORMATS)}")
    out = run_dot(source, format, timeout=timeout)
    return out.decode("utf-8") if format == "svg" else out


def run_dot(source: str, format: str, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Graphviz ``dot`` within ``timeout`` seconds (``graphviz.pipe`` cannot time out)."""
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
    if proc.returncode != 0:
        said = " | ".join(s.strip() for s in proc.stderr.decode("utf-8", "replace").splitlines()
                          if s.strip())
        raise InputError(f"Graphviz dot failed (exit {proc.returncode}): {said or 'no message'}")
    return proc.stdout


# -- Mermaid -----------------------------------------------------------------------------
_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def _mid(name: str) -> str:
    """A Mermaid entity/attribute name: letters, digits, _ and - only."""
    safe = _SAFE.sub("_", name)
    return safe if safe and not safe[0].isdigit() else f"_{safe}"


_TYPE_UNSAFE = re.compile(r"[^A-Za-z0-9_()\[\]-]")


def _mid_type(raw: str) -> str:
    """A Mermaid attribute type from a type as written: letters, digits, ``_ - ( ) [ ]``
    only, starting with a letter. One parameter stays (``varchar(120)``); several, or
    quoted ones, go, since Mermaid has no comma there (``DECIMAL(5, 2)`` -> ``decimal``,
    ``ENUM('a', 'b')`` -> ``enum``); quotes go (``"char"`` -> ``char``); ``INT UNSIGNED``
    -> ``int_unsigned``."""
    text = raw.strip().lower().replace('"', "").replace("`", "")
    m = re.match(r"([^(]*)\((.*)\)(.*)$", text)
    if m and ("," in m.group(2) or "'" in m.group(2)):
        text = (m.group(1) + m.group(3)).strip()
    safe = _TYPE_UNSAFE.sub("_", text).strip("_")
    return safe if safe[:1].isalpha() else f"t_{safe}"


def erd_mermaid(catalog: Catalog, focus: str | None = None, hops: int = 1, *,
                columns: bool = True) -> str:
    """A Mermaid ``erDiagram`` (entities with typed attributes and PK/FK/UK keys)."""
    keys = select_tables(catalog, focus, hops)
    names = {k: _mid(k.replace(".", "__")) for k in keys}
    lines = ["erDiagram"]
    for k in keys:
        t = catalog.tables[k]
        if not columns or not t.columns:
            lines.append(f"    {names[k]}")
            continue
        marks = _marks(t)
        lines.append(f"    {names[k]} {{")
        for c in t.columns.values():
            keys_ = ",".join({"PK": "PK", "FK": "FK", "UQ": "UK"}[m] for m in marks.get(c.name, []))
            typ = _mid_type(c.raw_type or c.type or "any")
            note = ' "nullable"' if c.nullable and "PK" not in marks.get(c.name, []) else ""
            lines.append(f"        {typ} {_mid(c.name)}{' ' + keys_ if keys_ else ''}{note}")
        lines.append("    }")
    for k in keys:
        child = catalog.tables[k]
        for fk in child.foreign_keys:
            if fk.ref_table not in names:
                continue
            many, one = cardinality(child, fk)
            label = ", ".join(fk.columns).replace('"', "'")
            lines.append(f'    {names[k]} {_MERMAID[(many, one)]} {names[fk.ref_table]} : "{label}"')
    return "\n".join(lines) + "\n"
