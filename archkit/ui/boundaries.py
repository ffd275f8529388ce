"""Widgets for the service model: explore the diagram, and ask what-if about availability.

- :class:`DiagramExplorer` — choose the view and the grouping, show or hide asynchronous
  edges, focus on one element's neighbourhood (N hops); the picture is
  ``archkit.boundaries.render.render`` with those options, redrawn on every change.
- :class:`AvailabilityWhatIf` — sliders for one element's replicas and per-replica
  availability; the table of every entry point's composite availability
  (``archkit.boundaries.analysis.composite_availability`` with overrides) updates live,
  next to the model's own figures and the SLO.

Both only gather input and show output. Their callbacks are plain methods, so tests
drive them from Python by setting widget values; key widgets carry CSS classes
(``ak-...``) for browser tests.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from archkit.errors import InputError
from archkit.ui.snapshot import mimebundle

if TYPE_CHECKING:  # pragma: no cover
    from archkit.boundaries.analysis import Timeouts
    from archkit.boundaries.model import SystemModel
    from archkit.findings import Report

__all__ = ["AvailabilityWhatIf", "DiagramExplorer"]

WHOLE_SYSTEM = "(whole system)"


class DiagramExplorer:
    """View, grouping, async edges and focus controls over one model's diagram."""

    def __init__(self, model: SystemModel, findings: Report | None = None) -> None:
        self.model = model
        self.findings = findings
        self.view = w.ToggleButtons(options=["container", "context"], value="container",
                                    description="view")
        self.group_by = w.ToggleButtons(options=["context", "team"], value="context",
                                        description="group by")
        self.show_async = w.Checkbox(value=True, description="asynchronous edges")
        self.focus = w.Dropdown(options=[WHOLE_SYSTEM, *model.elements], value=WHOLE_SYSTEM,
                                description="focus")
        self.hops = w.IntSlider(value=1, min=0, max=6, description="hops", disabled=True)
        # an Image, not HTML: notebook front ends sanitise HTML widgets and would strip
        # the inlined icons (<symbol>/<use>); an image shows the SVG as a file would
        self.picture = w.Image(format="svg+xml", layout=w.Layout(max_width="100%"))
        self.message = w.HTML()
        for widget, cls in ((self.view, "ak-boundaries-view"),
                            (self.group_by, "ak-boundaries-group-by"),
                            (self.show_async, "ak-boundaries-async"),
                            (self.focus, "ak-boundaries-focus"),
                            (self.hops, "ak-boundaries-hops"),
                            (self.picture, "ak-boundaries-picture"),
                            (self.message, "ak-boundaries-message")):
            widget.add_class(cls)
        for widget in (self.view, self.group_by, self.show_async, self.focus, self.hops):
            widget.observe(self._changed, names="value")
        self.widget = w.VBox([
            w.HBox([self.view, self.group_by]),
            w.HBox([self.show_async, self.focus, self.hops]),
            self.message, self.picture])
        self.widget.add_class("ak-boundaries-explorer")
        self.redraw()

    def options(self) -> dict[str, Any]:
        """The ``render`` keyword arguments the controls say."""
        focus = None if self.focus.value == WHOLE_SYSTEM else self.focus.value
        return {"view": self.view.value, "group_by": self.group_by.value,
                "show_async": self.show_async.value, "focus": focus,
                "hops": self.hops.value, "findings": self.findings}

    @property
    def svg(self) -> str:
        """The SVG text of the picture shown now."""
        return bytes(self.picture.value).decode("utf-8")

    def _changed(self, change: Mapping[str, Any]) -> None:
        self.hops.disabled = self.focus.value == WHOLE_SYSTEM
        self.group_by.disabled = self.view.value == "context"
        self.redraw()

    def redraw(self) -> None:
        from archkit.boundaries.render import render

        try:
            svg = render(self.model, format="svg", **self.options())
        except InputError as exc:   # no Graphviz, a timeout: say so where the picture was
            self.message.value = f"<p class='ak-error'>{html.escape(exc.message)}</p>"
            return
        self.message.value = ""
        self.picture.value = svg.encode("utf-8")

    def _repr_mimebundle_(self, **_kw: Any) -> dict[str, Any]:
        return mimebundle(self.widget, "Diagram explorer")


class AvailabilityWhatIf:
    """Replicas and availability sliders for one element; entry points' availability live."""

    def __init__(self, model: SystemModel, slo: Mapping[str, Any] | None = None) -> None:
        from archkit.boundaries.analysis import slo_values

        self.model = model
        self.slo = slo_values(slo)["availability"]
        self.overrides: dict[str, dict[str, Any]] = {}
        self._timeouts: Timeouts | None = None
        names = [el.name for el in model.iter_elements()
                 if not el.is_external or el.availability is not None]
        self.element = w.Dropdown(options=names, value=names[0], description="element")
        self.replicas = w.IntSlider(min=1, max=12, description="replicas")
        self.availability = w.FloatSlider(min=0.99, max=0.99999, step=0.00001,
                                          readout_format=".5f", description="availability")
        self.reset = w.Button(description="reset all", icon="undo")
        self.table = w.HTML()
        for widget, cls in ((self.element, "ak-whatif-element"),
                            (self.replicas, "ak-whatif-replicas"),
                            (self.availability, "ak-whatif-availability"),
                            (self.reset, "ak-whatif-reset"),
                            (self.table, "ak-whatif-table")):
            widget.add_class(cls)
        self._loading = False
        self._load(self.element.value)
        self.element.observe(lambda ch: self._load(ch["new"]), names="value")
        self.replicas.observe(self._changed, names="value")
        self.availability.observe(self._changed, names="value")
        self.reset.on_click(self._reset)
        self.widget = w.VBox([w.HBox([self.element, self.reset]),
                              w.HBox([self.replicas, self.availability]), self.table])
        self.widget.add_class("ak-whatif")
        self.update()

    # -- callbacks ------------------------------------------------------------------------
    def _current(self, name: str) -> tuple[int, float]:
        el = self.model.element(name)
        o = self.overrides.get(name, {})
        replicas = int(o.get("replicas", el.replicas or 1))
        availability = float(o.get("availability", el.availability if el.availability
                                   is not None else self.availability.max))
        return replicas, availability

    def _load(self, name: str) -> None:
        """Show the chosen element's (possibly changed) values on the sliders."""
        replicas, availability = self._current(name)
        self._loading = True
        try:
            self.replicas.value = replicas
            # the slider reaches the model's value (0.985 showed as 0.99000, and one nudge
            # recorded 0.985 -> 0.99001)
            self.availability.min = min(0.99, math.floor(availability * 1000) / 1000)
            self.availability.max = max(0.99999, availability)
            self.availability.value = availability
        finally:
            self._loading = False

    def _changed(self, change: Mapping[str, Any]) -> None:
        if self._loading:
            return
        if change["owner"] is self.replicas:
            self.set(self.element.value, replicas=change["new"])
        else:
            self.set(self.element.value, availability=change["new"])

    def _reset(self, _button: Any = None) -> None:
        self.overrides.clear()
        self._load(self.element.value)
        self.update()

    def set(self, name: str, *, replicas: int | None = None,
            availability: float | None = None) -> None:
        """What if ``name`` ran ``replicas`` copies of ``availability`` each?

        A value equal to the model's own is no what-if: it is dropped (a browser slider
        echoes its first value back, rounded to its step).
        """
        el = self.model.element(name)
        o = self.overrides.setdefault(name, {})
        for key, value, own in (("replicas", replicas, el.replicas or 1),
                                ("availability", availability, el.availability)):
            if value is None:
                continue
            value = int(value) if key == "replicas" else float(value)
            if own is not None and abs(value - own) < 1e-12:
                o.pop(key, None)
            else:
                o[key] = value
        if not o:
            del self.overrides[name]
        self.update()

    # -- output ---------------------------------------------------------------------------
    def results(self) -> dict[str, tuple[float, float]]:
        """Entry point -> (availability as modelled, availability with the what-ifs)."""
        from archkit.boundaries.analysis import composite_availability

        if self._timeouts is None:      # (replicas and availability move no latency)
            from archkit.boundaries.analysis import timeout_failures

            self._timeouts = timeout_failures(self.model)
        out = {}
        for entry in self.model.entrypoints:
            base = composite_availability(self.model, entry, timeouts=self._timeouts).availability
            now = composite_availability(self.model, entry, overrides=self.overrides,
                                         timeouts=self._timeouts).availability
            out[entry] = (base, now)
        return out

    def update(self) -> None:
        from archkit import reliability as rel

        rows = []
        for entry, (base, now) in self.results().items():
            ok = now >= self.slo
            minutes = rel.downtime(now).total_seconds() / 60
            rows.append(
                f"<tr><td>{html.escape(entry)}</td><td>{base:.5%}</td>"
                f"<td class='ak-whatif-now'><b>{now:.5%}</b></td><td>{minutes:.1f} min</td>"
                f"<td style='color:{'#1a7f37' if ok else '#d62728'}'>"
                f"{'meets' if ok else 'misses'} {self.slo:.4%}</td></tr>")
        changed = ", ".join(f"{html.escape(n)}: " + ", ".join(f"{k} {v:g}" for k, v in o.items())
                            for n, o in self.overrides.items()) or "nothing changed yet"
        self.table.value = (
            "<table><thead><tr><th>entry point</th><th>modelled</th><th>what-if</th>"
            "<th>downtime / 30 days</th><th>SLO</th></tr></thead><tbody>" + "".join(rows)
            + f"</tbody></table><p><small>What-if: {changed}</small></p>")

    def _repr_mimebundle_(self, **_kw: Any) -> dict[str, Any]:
        return mimebundle(self.widget, "Availability what-if")
