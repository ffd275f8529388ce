"""The log as a graph: records are nodes coloured by status; supersedes, amends and
relates links are edges (each drawn once, from the newer record to the older).

Built with networkx; rendered as Graphviz DOT, Mermaid, or SVG through Graphviz's
``dot`` (with a timeout).
"""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING

from archkit.adr.model import STATUS_COLOURS, UNKNOWN_COLOUR, lifecycle_status
from archkit.errors import InputError, ToolMissingError
from archkit.safetext import label_text, mermaid_text

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from archkit.adr.log import AdrLog

FORMATS = ("dot", "mermaid", "svg")
# a link type -> (edge kind, does the edge run from the linking record?)
_EDGE = {"supersedes": ("supersedes", True), "superseded-by": ("supersedes", False),
         "amends": ("amends", True), "amended-by": ("amends", False),
         "relates": ("relates", True)}
_STYLE = {"supersedes": "solid", "amends": "dashed", "relates": "dotted"}


def build_graph(log: AdrLog) -> nx.DiGraph:
    import networkx as nx

    g = nx.DiGraph()
    for adr in log.records:
        g.add_node(adr.id, label=adr.label, title=adr.title, status=adr.status or "",
                   file=adr.path.name)
    for adr in reversed(log.records):     # newest first: its wording of a relation wins
        for ln in adr.links:
            target = log.resolve(adr, ln)
            if target is None or target is adr:
                continue
            kind, forward = _EDGE[ln.type]
            a, b = (adr.id, target.id) if forward else (target.id, adr.id)
            newer = adr if ln.type == "supersedes" else target
            if ln.type in ("supersedes", "superseded-by") and \
                    lifecycle_status(newer.status) == "rejected":
                # a rejected proposal replaced nothing: what it proposed, dotted
                if not g.has_edge(a, b):
                    g.add_edge(a, b, kind="relates", relation="proposed to supersede")
                continue
            if kind == "relates" and g.has_edge(b, a):
                continue   # "relates" both ways is one relation
            if not g.has_edge(a, b) or g.edges[a, b]["kind"] == "relates":
                relation = (ln.relation or kind) if kind == "relates" else kind
                g.add_edge(a, b, kind=kind, relation=relation)
    return g


def _dot_str(text: str) -> str:
    """A DOT string: control characters as U+FFFD (XML, and so the SVG, cannot hold
    them), backslashes and quotes escaped, line breaks as ``\\n``."""
    text = label_text(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: nx.DiGraph) -> str:
    lines = ["digraph adr {", '  rankdir="RL";',
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for node, d in g.nodes(data=True):
        colour = STATUS_COLOURS.get(d["status"], UNKNOWN_COLOUR)
        label = f"{d['label']}\n{_wrap(d['title'])}\n[{d['status'] or 'no status'}]"
        tip = f"{d['label']}: {' '.join(d['title'].split())} ({d['status'] or 'no status'})"
        lines.append(f"  {_dot_str(node)} [label={_dot_str(label)}, fillcolor="
                     f"{_dot_str(colour)}, URL={_dot_str(d['file'])}, "
                     f"tooltip={_dot_str(tip)}];")
    for a, b, d in g.edges(data=True):
        lines.append(f"  {_dot_str(a)} -> {_dot_str(b)} [label={_dot_str(d['relation'])}, "
                     f"style={_STYLE[d['kind']]}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int = 28) -> str:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + len(w) + 1 > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return "\n".join(lines)


def to_mermaid(g: nx.DiGraph) -> str:
    ids = {node: f"adr{i}" for i, node in enumerate(g.nodes)}
    lines = ["flowchart RL"]
    for node, d in g.nodes(data=True):
        label = (mermaid_text(f"{d['label']}: {d['title']}") + "<br/>"
                 + mermaid_text(d["status"] or "no status"))
        lines.append(f'  {ids[node]}["{label}"]')
    arrows = {"supersedes": "-->", "amends": "-.->", "relates": "-.-"}
    for a, b, d in g.edges(data=True):
        lines.append(f'  {ids[a]} {arrows[d["kind"]]}|"{mermaid_text(d["relation"])}"| {ids[b]}')
    for status, colour in STATUS_COLOURS.items():
        lines.append(f"  classDef {status} fill:{colour},stroke:#555")
        members = [ids[n] for n, d in g.nodes(data=True) if d["status"] == status]
        if members:
            lines.append(f"  class {','.join(members)} {status}")
    return "\n".join(lines) + "\n"


def to_svg(dot: str, timeout: float = 60) -> str:
    exe = shutil.which("dot")
    if exe is None:
        raise ToolMissingError("Graphviz's 'dot' is not installed: apt-get install graphviz "
                               "(Debian/Ubuntu), brew install graphviz (macOS) or conda "
                               "install -c conda-forge graphviz")
    try:
        done = subprocess.run([exe, "-Tsvg"], input=dot.encode(), capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(f"Graphviz took longer than {timeout:.0f} s to lay out the graph") \
            from None
    if done.returncode != 0:
        raise InputError("Graphviz failed: " + done.stderr.decode(errors="replace").strip())
    return done.stdout.decode("utf-8")


def render_graph(log: AdrLog, format: str = "dot") -> str:
    if format not in FORMATS:
        raise InputError(f"unknown graph format {format!r}: use one of {', '.join(FORMATS)}")
    g = build_graph(log)
    if format == "mermaid":
        return to_mermaid(g)
    dot = to_dot(g)
    return dot if format == "dot" else to_svg(dot)
