"""What a widget shows where no kernel draws it: a saved notebook opened before it is run,
GitHub, nbviewer, an HTML export. Its output carries, beside the live widget view, a
static copy of what the widget showed when the cell ran (titles, slider values, result
tables and texts) and a one-line text naming it, instead of ipywidgets' ``VBox(children=
(HTML(value=...`` repr.

Front ends that run widgets (JupyterLab, Notebook 7, VS Code) prefer the widget view;
the others show the copy. Pictures (inline SVG charts, diagram images) are left out of
the copy: sanitizers drop SVG markup and keep its text as stray words.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W

_NOTE = "a copy of the interactive widget as the cell left it; run the cell to use it"


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
        value = w.value or ""
        return "<p><i>(chart: run the cell to see it)</i></p>" if "<svg" in value else value
    if isinstance(w, W.Label):
        return f"<div>{html.escape(w.value)}</div>" if w.value else ""
    if isinstance(w, W.Image):
        return "<p><i>(picture: run the cell to see it)</i></p>"
    if isinstance(w, (W.Button, W.Output)):
        return ""
    if isinstance(w, W.ValueWidget) and getattr(w, "description", ""):
        return (f"<div><b>{html.escape(w.description)}</b> "
                f"{html.escape(_value_text(w))}</div>")
    return ""


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
