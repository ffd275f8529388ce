"""Widgets for schemas: an ER diagram that focuses on one table.

:class:`ErdExplorer` — pick a table (or the whole schema), how many foreign-key hops
around it to show, and whether to list columns; the picture is
``archkit.schema.erd.render_erd`` with those options, redrawn on every change. It only
gathers input and shows output; tests drive it by setting widget values. Key widgets
carry CSS classes (``ak-erd-...``) for browser tests.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from archkit.errors import InputError
from archkit.ui.snapshot import mimebundle

if TYPE_CHECKING:  # pragma: no cover
    from archkit.schema.model import Catalog

__all__ = ["WHOLE_SCHEMA", "ErdExplorer"]

WHOLE_SCHEMA = "(whole schema)"


class ErdExplorer:
    """Focus, hops and columns controls over one catalog's ER diagram."""

    def __init__(self, catalog: Catalog, focus: str | None = None, hops: int = 1) -> None:
        self.catalog = catalog
        self.focus = w.Dropdown(options=[WHOLE_SCHEMA, *sorted(catalog.tables)],
                                value=focus if focus in catalog.tables else WHOLE_SCHEMA,
                                description="focus")
        self.hops = w.IntSlider(value=hops, min=0, max=6, description="hops",
                                disabled=self.focus.value == WHOLE_SCHEMA)
        self.columns = w.Checkbox(value=True, description="columns")
        self.picture = w.HTML()
        self.message = w.HTML()
        for widget, cls in ((self.focus, "ak-erd-focus"), (self.hops, "ak-erd-hops"),
                            (self.columns, "ak-erd-columns"), (self.picture, "ak-erd-picture"),
                            (self.message, "ak-erd-message")):
            widget.add_class(cls)
        for widget in (self.focus, self.hops, self.columns):
            widget.observe(self._changed, names="value")
        self.widget = w.VBox([w.HBox([self.focus, self.hops, self.columns]), self.message,
                              self.picture])
        self.widget.add_class("ak-erd-explorer")
        self.redraw()

    def options(self) -> dict[str, Any]:
        focus = None if self.focus.value == WHOLE_SCHEMA else self.focus.value
        return {"focus": focus, "hops": self.hops.value, "columns": self.columns.value}

    def tables_shown(self) -> list[str]:
        from archkit.schema.erd import select_tables

        o = self.options()
        return select_tables(self.catalog, o["focus"], o["hops"])

    def _changed(self, _change: Any = None) -> None:
        self.hops.disabled = self.focus.value == WHOLE_SCHEMA
        self.redraw()

    def redraw(self) -> None:
        from archkit.schema.erd import render_erd

        try:
            svg = render_erd(self.catalog, "svg", **self.options())
        except InputError as exc:
            self.message.value = f'<span class="ak-error">{html.escape(exc.message)}</span>'
            return
        start = svg.find("<svg")
        self.picture.value = svg[start:] if start >= 0 else svg
        shown = self.tables_shown()
        self.message.value = html.escape(f"{len(shown)} of {len(self.catalog.tables)} tables")

    def _repr_mimebundle_(self, **_kw: Any) -> dict[str, Any]:
        return mimebundle(self.widget, "ER diagram explorer")
