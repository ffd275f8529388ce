"""Draw the service model with ``diagrams`` and Graphviz: SVG, PNG or DOT.

``render(model, view, format, ...)`` decides what to show (``views.build_view``),
builds a ``diagrams`` picture of it and lays it out with Graphviz's ``dot``:

- ``show=False`` and a :class:`Diagram` subclass whose ``__exit__`` only resets the
  diagrams context (in ``finally``): no file is written, nothing is opened, and a
  failure cannot leave the global context set for the next picture;
- deterministic node ids (``nodeid=``) and unique cluster names, so the same model
  gives byte-identical output;
- ``newrank=true`` (labelled edges between clusters otherwise make dot fail with
  "trouble in init_rank") and ``splines=spline`` (``ortho`` drops edge labels);
- every name reaches DOT as an HTML-like label built here with every character
  escaped, or as a quoted string with backslashes escaped: a service called
  ``a"]; b -> c [`` is drawn as that text, it cannot add nodes or edges;
- ``dot`` runs with a timeout, and its stderr is part of the error when it fails;
- on big pictures (more than ``LARGE_VIEW_EDGES`` edges) edge labels are ``xlabel``s
  (left out where they find no room, as the legend says),
  placed after layout: a ``label`` is ranked like a node and makes dot several times
  slower there;
- icons are inlined into the SVG as base64 data URIs (one ``<symbol>`` per icon), so the
  file has no absolute paths and opens anywhere.

A missing Graphviz is a :class:`~archkit.errors.ToolMissingError` naming the command
that installs it. Mermaid and Structurizr text come from ``export.py``.
"""

from __future__ import annotations

import functools
import html
import math
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from archkit.boundaries.icons import data_uri, icon_symbol_id, png_size
from archkit.boundaries.views import (
    EXTERNAL,
    PERSON,
    SYSTEM,
    View,
    ViewNode,
    build_view,
)
from archkit.errors import InputError, ToolMissingError
from archkit.findings import Finding, Report, Severity
from archkit.safetext import label_text

if TYPE_CHECKING:  # pragma: no cover
    from archkit.boundaries.model import SystemModel

__all__ = [
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "INSTALL_HINT",
    "RenderError",
    "dot_source",
    "inline_icons",
    "render",
    "run_dot",
]

FORMATS = ("svg", "png", "dot", "mermaid", "structurizr")
DEFAULT_TIMEOUT = 60.0
INSTALL_HINT = ("install Graphviz: apt-get install -y graphviz (Debian/Ubuntu), "
                "brew install graphviz (macOS) or conda install -c conda-forge graphviz")

RED = "#d62728"
_EDGE_GREY = "#7B8894"
LARGE_VIEW_EDGES = 80   # above this, edge labels are placed as xlabels (see build_diagram)


class RenderError(InputError):
    """Graphviz failed or timed out; ``stderr`` holds what dot said."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


def render(model: SystemModel, view: str = "container", format: str = "svg", *,
           group_by: str = "context", show_async: bool = True, focus: str | None = None,
           hops: int = 1, findings: Report | Iterable[Finding] | None = None,
           timeout: float = DEFAULT_TIMEOUT) -> str | bytes:
    """Draw ``model``: SVG text (default), PNG bytes, DOT, Mermaid or Structurizr text.

    ``view``: ``container`` (services and stores clustered by ``group_by``: bounded
    ``context`` or ``team``) or ``context`` (the system as one box, its people and the
    external systems). ``show_async=False`` hides asynchronous edges; ``focus`` keeps one
    element and its neighbours up to ``hops`` edges away. ``findings`` (a Report, e.g.
    ``model.check()``) outlines in red every node and edge with an error or warning,
    with a tooltip naming the rule. ``timeout`` bounds Graphviz's run, in seconds.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    if format == "structurizr":   # one DSL workspace holds both views
        view = "container"
    v = build_view(model, view, group_by=group_by, show_async=show_async, focus=focus,
                   hops=hops, findings=findings)
    if format == "mermaid":
        from archkit.boundaries.export import to_mermaid

        return to_mermaid(v)
    if format == "structurizr":
        from archkit.boundaries.export import to_structurizr

        return to_structurizr(model, v)
    source = dot_source(v)
    if format == "dot":
        return source
    out = run_dot(source, format, timeout=timeout)
    if format == "svg":
        return inline_icons(out.decode("utf-8"))
    return out


# -- text that reaches DOT ------------------------------------------------------------------


def _html(text: str) -> str:
    """Escaped text for inside an HTML-like label; newlines become line breaks.

    Graphviz still expands ``\\N``, ``\\G``… inside HTML labels (even written as
    ``&#92;``), so backslashes are doubled as well. ``]`` is written ``&#93;``: Graphviz
    2.43's HTML-label lexer rejects an element whose whole text is ``]`` characters
    (``<b>]</b>``, ``<]]>``), which would make a protocol or a name of ``]`` fail the render.
    """
    escaped = (html.escape(label_text(text), quote=True).replace("\\", "\\\\")
               .replace("]", "&#93;"))
    return escaped.replace("\n", "<br/>")


# Advance widths of ASCII (space to tilde) in DejaVu Sans Bold, in 1/100 em: what
# Graphviz draws "Sans-Serif" bold with on Linux, and wider than most sans fonts, so a
# line that fits by this estimate fits on other machines too. Used for the 10 pt
# technology line as well (regular is narrower: an overestimate, on the safe side).
_ASCII_WIDTH = (
    35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70,
    70, 70, 70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77,
    64, 100, 84, 85, 73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67,
    72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92,
    65, 65, 58, 71, 37, 71, 84)
_LINE_PT = 92.0     # widest line under an icon: the node is 1.4 in (100.8 pt) wide
_NAME_PT, _TECH_PT = 13.0, 10.0     # font sizes of the name (bold) and the [tech] line
_BREAK_AFTER = re.compile(r"[^-_./, ]*[-_./, ]?")
_CAMEL = re.compile(r"(?<=[a-z\u00df-\u00ff])(?=[A-Z\u00c0-\u00de])")


def _char_em(ch: str) -> float:
    """Estimated advance width of one character, in em."""
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_WIDTH[code - 32] / 100
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F") or code > 0xFFFF:
        return 1.1                       # CJK, emoji: about square, and then some
    return 0.8 if ch.isupper() else 0.72


def text_width(text: str, size: float = _NAME_PT) -> float:
    """Estimated width in points of one line of ``text`` at ``size`` pt (bold)."""
    return size * sum(_char_em(ch) for ch in text)


#: marks a cut inside a word (U+2010 HYPHEN: a name's own "-" stays distinguishable)
CUT_HYPHEN = "\u2010"


def _split_word(word: str, size: float, limit: float) -> list[str]:
    """Cut a word wider than ``limit`` into as few, evenly wide pieces as possible, each
    but the last ending in a hyphen (so it reads as a word continued, not a typo)."""
    room = limit - text_width(CUT_HYPHEN, size)
    pieces = max(2, math.ceil(text_width(word, size) / room))
    target = text_width(word, size) / pieces
    out: list[str] = []
    current = ""
    for ch in word:
        grown = current + ch
        width = text_width(grown, size)
        if current and (width > room or (len(out) < pieces - 1
                                         and width - text_width(ch, size) / 2 > target)):
            out.append(current + CUT_HYPHEN)
            current = ch
        else:
            current = grown
    out.append(current)
    return out


def _tokens(part: str, size: float, limit: float) -> list[str]:
    """Where ``part`` may break: after ``- _ . / ,`` or a space, between camelCase words,
    and inside a word too wide for a line, between the words it is made of
    (``checkoutservice``: ``checkout`` + ``service``; see :mod:`archkit.boundaries.words`)."""
    from archkit.boundaries.words import segment

    out: list[str] = []
    for chunk in _BREAK_AFTER.findall(part):
        for t in _CAMEL.split(chunk) if chunk else ():
            if not t:
                continue
            word = t.rstrip("-_./, ")
            known = segment(word) if text_width(t.rstrip(), size) > limit and \
                len(word) > 3 else None
            if known is None:
                out.append(t)
            else:
                out += [*known[:-1], known[-1] + t[len(word):]]
    return out


def _wrap(text: str, size: float = _NAME_PT, limit: float = _LINE_PT) -> list[str]:
    """Split ``text`` into lines at most ``limit`` points wide at ``size`` pt.

    Lines break after ``- _ . / ,`` or a space, then between the words of a camelCase
    name or of a word made of known ones (``checkoutservice``); a word still too wide is
    cut into evenly wide, hyphenated pieces.
    """
    lines: list[str] = []
    for part in label_text(text).split("\n"):
        current = ""
        for token in _tokens(part, size, limit):
            if text_width((current + token).rstrip(), size) <= limit:
                current += token
                continue
            if current:
                lines.append(current.rstrip())
                current = ""
            if text_width(token.rstrip(), size) > limit:
                *whole, current = _split_word(token, size, limit)
                lines.extend(whole)
            else:
                current = token
        lines.append(current.rstrip())
    return [line for line in lines if line] or [""]


def _node_label(node: ViewNode, wrap: bool) -> tuple[str, int]:
    lines = _wrap(node.name) if wrap else [label_text(node.name)]
    body = "<br/>".join(_html(line) for line in lines)
    label = f"<b>{body}</b>"
    extra = 0
    if node.technology:
        tech = _wrap(f"[{node.technology}]", _TECH_PT) if wrap else [f"[{node.technology}]"]
        label += '<br/><font point-size="10">' + "<br/>".join(_html(t) for t in tech) + "</font>"
        extra = len(tech)
    return f"<{label}>", len(lines) + extra


def _tooltip(text: str) -> Any:
    """A quoted DOT string that shows ``text`` literally, never read as HTML.

    Graphviz unescapes a tooltip twice before expanding ``\\N``, ``\\G``…, so one
    backslash is written as four; a newline is ``\\n``.
    """
    from graphviz import nohtml

    escaped = label_text(text).replace("\\", "\\" * 4).replace("\n", "\\n")
    return nohtml(escaped)


def _finding_lines(findings: list[Finding], most: int = 4) -> str:
    """The findings of one node or edge, worst first, at most ``most`` of them."""
    ranked = sorted(findings, key=lambda f: (-f.severity.rank, f.rule, f.message))
    lines = [f"{f.rule} {f.name} ({f.severity.value}): {f.message}" for f in ranked[:most]]
    if len(ranked) > most:
        lines.append(f"… and {len(ranked) - most} more (archkit boundaries check)")
    return "\n".join(lines)


def _legend(v: View) -> str:
    parts = ["solid: synchronous", "dashed: asynchronous"]
    if v.checked:
        parts.append("red: error or warning (hover for the rule)")
    if len(v.edges) > LARGE_VIEW_EDGES and any(e.label for e in v.edges):
        parts.append("edge labels without room left out (hover the edge)")
    return f'<font point-size="10">{" · ".join(parts)}</font>'


def _classes(base: str, severity: Severity | None) -> str:
    return base + (f" archkit-{severity.value}" if severity is not None else "")


# -- the picture --------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _diagram_classes() -> tuple[type, type]:
    """Our two ``diagrams`` subclasses (made on first use: diagrams loads lazily)."""
    from diagrams import Diagram, Edge, setcluster, setdiagram

    class Canvas(Diagram):
        """A diagrams ``Diagram`` that leaves no file behind and opens nothing.

        Leaving the ``with`` block only resets the diagrams context, whatever happened
        inside it; we render the DOT source ourselves, with a timeout.
        """

        def __exit__(self, exc_type: object, exc_value: object, traceback: object) -> None:
            setdiagram(None)
            setcluster(None)

    class Arrow(Edge):
        """An Edge that repeats no font attributes: the graph's edge defaults hold them."""

        _default_edge_attrs: ClassVar[dict[str, str]] = {}

    return Canvas, Arrow


def build_diagram(v: View) -> Any:
    """The ``diagrams`` picture of a view (a ``Diagram``; its ``.dot`` is the DOT graph)."""
    from diagrams import Cluster

    Canvas, Arrow = _diagram_classes()
    graph_attr = {
        "label": f"<<b>{_html(v.title)}</b><br/>{_legend(v)}>",
        "labelloc": "t",
        "fontsize": "16",
        "newrank": "true",
        "splines": "spline",
        "pad": "0.3",
        "nodesep": "0.6",
        "ranksep": "1.0",
    }
    if len(v.edges) > LARGE_VIEW_EDGES:
        # an xlabel that finds no room was drawn anyway, over a service's icon and name
        # (Train-Ticket: 17 of 156; scout AT): left out instead, the edge's tooltip has it
        graph_attr["forcelabels"] = "false"
    canvas = Canvas("", show=False, direction="LR", graph_attr=graph_attr,
                    edge_attr={"fontsize": "10", "fontname": "Sans-Serif", "fontcolor": "#2D3436",
                               "color": _EDGE_GREY})
    children: dict[str | None, list] = {}
    for c in v.clusters:
        children.setdefault(c.parent, []).append(c)
    members: dict[str | None, list[ViewNode]] = {}
    for n in v.nodes:
        members.setdefault(n.cluster, []).append(n)
    nodes: dict[str, Any] = {}

    def fill(cluster_id: str | None) -> None:
        for n in members.get(cluster_id, ()):
            nodes[n.id] = _make_node(n, v)
        for c in children.get(cluster_id, ()):
            attrs = {"label": f"<<b>{_html(c.label)}</b>>", "id": f"cluster_{c.id}"}
            if c.kind == "system":
                attrs.update({"bgcolor": "white", "style": "dashed", "margin": "16",
                              "pencolor": "#444444", "fontsize": "14"})
            with Cluster(c.id, graph_attr=attrs):
                fill(c.id)

    # dot ranks an edge label as a node of its own: on big pictures that doubles the
    # ranks and makes positioning several times slower, so labels go beside the edges
    label_attr = "xlabel" if len(v.edges) > LARGE_VIEW_EDGES else "label"
    try:
        with canvas:
            fill(None)
            for e in v.edges:
                sev = v.severity(e.id)
                attrs: dict[str, Any] = {
                    "id": e.id,
                    "class": _classes(f"archkit-edge archkit-{'sync' if e.sync else 'async'}",
                                      sev),
                }
                if not e.sync:
                    attrs["style"] = "dashed"
                if e.label:
                    attrs[label_attr] = f"<{_html(e.label)}>"
                tip = (f"{v.node(e.source).name} -> {v.node(e.target).name}"
                       + (f" ({e.label})" if e.label else "")
                       + ("" if e.sync else ", asynchronous"))
                if e.description:
                    tip += f"\n{e.description}"
                if sev is not None:
                    attrs.update({"color": RED, "fontcolor": RED, "penwidth": "2.5"})
                    tip = _finding_lines(v.marks[e.id]) + "\n" + tip
                attrs["tooltip"] = _tooltip(tip)
                nodes[e.source] >> Arrow(**attrs) >> nodes[e.target]
    finally:  # Canvas.__exit__ already resets; this also covers errors before __enter__
        from diagrams import setcluster, setdiagram

        setdiagram(None)
        setcluster(None)
    return canvas


def _make_node(n: ViewNode, v: View) -> Any:
    sev = v.severity(n.id)
    attrs: dict[str, Any] = {"nodeid": n.id, "id": n.id,
                             "class": _classes(f"archkit-node archkit-{n.role}", sev)}
    tip = n.name + (f" [{n.technology}]" if n.technology else "")
    if n.description:
        tip += f"\n{n.description}"
    if sev is not None:
        tip += "\n" + _finding_lines(v.marks[n.id])
    attrs["tooltip"] = _tooltip(tip)
    if n.icon is not None:
        label, lines = _node_label(n, wrap=True)
        attrs["height"] = f"{1.9 + 0.22 * max(0, lines - 1):.2f}"
        if sev is not None:
            attrs.update({"shape": "box", "style": "rounded,bold", "color": RED,
                          "penwidth": "3"})
        return n.icon.node_class(label, **attrs)
    from diagrams import c4

    label, _ = _node_label(n, wrap=False)
    attrs.update({"label": label, "fixedsize": "false"})
    if sev is not None:
        attrs.update({"color": RED, "penwidth": "4"})
    if n.role == PERSON:
        return c4.Person(n.name, **attrs)
    if n.role == EXTERNAL:
        return c4.System(n.name, external=True, **attrs)
    assert n.role == SYSTEM, n.role
    return c4.System(n.name, **attrs)


def dot_source(v: View) -> str:
    """The DOT text of a view (icons referenced by absolute path, as Graphviz needs)."""
    return build_diagram(v).dot.source


# -- Graphviz -------------------------------------------------------------------------------
def run_dot(source: str, format: str, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Lay out DOT with Graphviz's ``dot`` into ``format``, within ``timeout`` seconds.

    ``graphviz``'s ``pipe()`` has no timeout and cannot stop a runaway ``dot``, so this
    runs the same command through ``subprocess.run(timeout=...)``, which kills it.
    """
    exe = shutil.which("dot")
    if exe is None:
        raise ToolMissingError(f"Graphviz's 'dot' program is not on PATH: {INSTALL_HINT}")
    from graphviz.backend.dot_command import command

    cmd = [exe, *command("dot", format)[1:]]
    # Graphviz refuses to read any image file when SERVER_NAME is set (it assumes it runs
    # in a web server on untrusted DOT), and Voilà sets it in its kernels: the icons then
    # vanish with only a warning. Our DOT names no file but archkit's own icons (every
    # user text is an escaped label), so dot runs without that variable.
    env = {k: v for k, v in os.environ.items() if k != "SERVER_NAME"}
    try:
        proc = subprocess.run(cmd, input=source.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False, env=env)
    except subprocess.TimeoutExpired as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace")
        raise RenderError(f"Graphviz dot did not finish within {timeout:g} s: draw less "
                          "(--focus NAME --hops N, --no-async; in Python focus=..., "
                          "show_async=False), raise --timeout (timeout=...), or write "
                          "--format dot or structurizr (or mermaid, up to 500 edges), "
                          "which need no Graphviz",
                          stderr) from None
    except FileNotFoundError:
        raise ToolMissingError(f"Graphviz's 'dot' program could not be run: {INSTALL_HINT}") \
            from None
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace").strip()
        said = " | ".join(line.strip() for line in stderr.splitlines() if line.strip())
        raise RenderError(f"Graphviz dot failed (exit {proc.returncode}): "
                          f"{said or 'no message'}", stderr)
    return proc.stdout


# -- portable SVG ---------------------------------------------------------------------------
_IMAGE = re.compile(
    r'<image xlink:href="(?P<href>[^"]*)" width="(?P<w>[\d.]+)px" height="(?P<h>[\d.]+)px"'
    r' preserveAspectRatio="(?P<par>[^"]*)" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)"/>')
_ANY_HREF = re.compile(r'(<image\b[^>]*?xlink:href=")([^"]*)(")')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def inline_icons(svg: str) -> str:
    """Replace icon file paths by one inlined ``<symbol>`` per icon and ``<use>`` refs."""
    symbols: dict[str, str] = {}

    def symbol_for(path: str) -> str:
        sid = icon_symbol_id(path)
        if sid not in symbols:
            w, h = png_size(path)
            symbols[sid] = (f'<symbol id="{sid}" viewBox="0 0 {w} {h}" '
                            f'preserveAspectRatio="xMidYMid meet"><image width="{w}" '
                            f'height="{h}" xlink:href="{data_uri(path)}"/></symbol>')
        return sid

    def use(m: re.Match[str]) -> str:
        path = html.unescape(m["href"])
        if path.startswith("data:"):
            return m.group(0)
        sid = symbol_for(path)
        return (f'<use xlink:href="#{sid}" x="{m["x"]}" y="{m["y"]}" '
                f'width="{m["w"]}" height="{m["h"]}"/>')

    def embed(m: re.Match[str]) -> str:   # any other image form: embed in place
        path = html.unescape(m.group(2))
        if path.startswith("data:"):
            return m.group(0)
        return m.group(1) + data_uri(path) + m.group(3)

    out = _ANY_HREF.sub(embed, _IMAGE.sub(use, svg))
    if symbols:
        defs = "\n<defs>" + "".join(symbols[k] for k in sorted(symbols)) + "</defs>"
        opening = _SVG_OPEN.search(out)
        assert opening is not None, "Graphviz SVG without an <svg> element"
        out = out[:opening.end()] + defs + out[opening.end():]
    return out
