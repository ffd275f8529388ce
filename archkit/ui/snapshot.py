"""What a widget shows where no kernel draws it: a saved notebook opened before it is run,
GitHub, nbviewer, an HTML export. Its output carries, beside the live widget view, a
static copy of what the widget showed when the cell ran (titles, slider values, result
tables and texts) and a one-line text naming it, instead of ipywidgets' ``VBox(children=
(HTML(value=...`` repr.

Front ends that run widgets (JupyterLab, Notebook 7, VS Code) prefer the widget view;
the others show the copy. Pictures (inline SVG charts, diagram images) are in the copy
as ``<img>`` with a ``data:`` URL (:mod:`archkit.ui.picture`): sanitisers drop inline
SVG markup and keep its text as stray words, but keep such an image.
"""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as W

from archkit.ui.picture import image_html, svg_html

_NOTE = "a copy of the interactive widget as the cell left it; run the cell to use it"
# an inline SVG in an HTML widget's value (charts are whole <svg> elements, not nested)
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def mimebundle(widget: W.Widget, title: str) -> dict[str, Any]:
    """``widget``'s display data with a named text/plain and a static text/html copy."""
    data = dict(widget._repr_mimebundle_() or {})
    data["text/plain"] = f"{title} (interactive widget: run the cell in Jupyter to use it)"
    data["text/html"] = snapshot_html(widget, title)
    return data


def snapshot_html(widget: W.Widget, title: str) -> str:
    return (f"<div class='ak-snapshot'><p><i>{html.escape(title)} — {_NOTE}</i></p>"
            f"{_html(widget)}</div>")


def _html(w: Any) -> str:
    if isinstance(w, W.Box):
        inner = "".join(_html(c) for c in w.children)
        style = " style='display:flex;flex-wrap:wrap;gap:1em'" if isinstance(w, W.HBox) else ""
        return f"<div{style}>{inner}</div>" if inner else ""
    if isinstance(w, (W.HTML, W.HTMLMath)):
        return _SVG.sub(lambda m: svg_html(_svg_document(m.group(0)), "drawing"), w.value or "")
    if isinstance(w, W.Label):
        return f"<div>{html.escape(w.value)}</div>" if w.value else ""
    if isinstance(w, W.Image):
        value = bytes(w.value or b"")          # ipywidgets keeps a memoryview
        return image_html(value, w.format, "drawing") if value else ""
    if isinstance(w, (W.Button, W.Output)):
        return ""
    if isinstance(w, W.ValueWidget) and getattr(w, "description", ""):
        return (f"<div><b>{html.escape(w.description)}</b> "
                f"{html.escape(_value_text(w))}</div>")
    return ""


def _svg_document(svg: str) -> str:
    """An inline ``<svg>`` as a file of its own: an image needs the SVG namespace, which
    HTML gives inline SVG without its saying so."""
    if re.match(r"<svg\b[^>]*\sxmlns=", svg):
        return svg
    return svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)


def _value_text(w: Any) -> str:
    label = getattr(w, "label", None)        # a dropdown / toggle: the label shown
    if isinstance(label, str):
        return label
    value = w.value
    fmt = getattr(w, "readout_format", None)
    if isinstance(value, (tuple, list)):    # a range slider's ends, or chosen items
        joint = " .. " if all(isinstance(v, (int, float)) for v in value) else ", "
        return joint.join(_number(v, fmt) for v in value)
    return _number(value, fmt)


def _number(value: Any, fmt: str | None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, (int, float)) or not fmt:
        return str(value)
    try:
        return format(value, fmt)
    except (ValueError, TypeError):
        return str(value)
