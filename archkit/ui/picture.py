"""SVG drawings as notebook output that every reader sees, at a width that fits.

``Drawing(svg)`` displays an SVG (a diagram, a chart) as an ``<img>`` in ``text/html``,
with the SVG itself beside it (``image/svg+xml``, for exports that take no HTML) and a
text/plain line naming it. Why not ``IPython.display.SVG``:

- JupyterLab refuses ``image/svg+xml`` in an *untrusted* notebook, and a notebook is
  untrusted until its reader runs it (a fresh clone, a colleague's file): the output read
  ``<IPython.core.display.SVG object>``. HTML is shown sanitised, and the sanitiser keeps
  an ``<img>`` whose ``src`` is a ``data:`` URL (JupyterLab 4 checks the scheme of
  ``href`` and ``cite`` only);
- JupyterLab fits HTML images to the output's width (``max-width: 100%``) but draws an
  ``image/svg+xml`` output at its natural size: a 1,500 pt container view ran off the
  right edge.

The data URL is percent-encoded only where it must be (``%``, ``#``, ``&``, ``'``, line
breaks and other control or non-ASCII characters), so the HTML is about the size of the
SVG, not a third more as base64 would make it.
"""

from __future__ import annotations

import base64
import html
import re
import string
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = ["Drawing", "image_html", "svg_html"]

# printable ASCII that may stay as it is inside a single-quoted src attribute's data URL
_SAFE = "".join(c for c in string.printable
                if c not in "%#&'" and not c.isalnum() and c not in string.whitespace) + " "
_STYLE = "max-width:100%;height:auto"
_DECLARED = re.compile(r"""(<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']*(["'])""")


def svg_html(svg: str, alt: str) -> str:
    """An ``<img>`` showing ``svg`` (its text, not a file) with ``alt`` as its text. The
    text goes as UTF-8, so an XML declaration naming another encoding is made to say so
    (else the browser read the bytes as Latin-1: mojibake; scout AP)."""
    svg = _DECLARED.sub(r"\1UTF-8\2", svg, count=1)
    src = "data:image/svg+xml," + quote(svg, safe=_SAFE, errors="replace")
    return f"<img src='{src}' alt=\"{html.escape(alt)}\" style='{_STYLE}'>"


def image_html(data: bytes, fmt: str, alt: str) -> str:
    """An ``<img>`` of an encoded picture (``fmt``: ``png``, ``jpeg``, ``svg+xml``...);
    an SVG that is not UTF-8 goes as its bytes (base64), which its own XML declaration
    tells the browser how to read."""
    if fmt in ("svg", "svg+xml"):
        try:
            return svg_html(data.decode("utf-8"), alt)
        except UnicodeDecodeError:
            fmt = "svg+xml"
    src = f"data:image/{fmt};base64," + base64.b64encode(data).decode("ascii")
    return f"<img src='{src}' alt=\"{html.escape(alt)}\" style='{_STYLE}'>"


class Drawing:
    """An SVG drawing for a notebook cell: ``Drawing(model.render(view="context"))``.

    ``alt`` says what it shows, for a reader without the picture (a screen reader, a
    text-only front end, the text/plain line)."""

    def __init__(self, svg: str | bytes, alt: str = "drawing") -> None:
        if isinstance(svg, (bytes, bytearray)):        # a file's bytes: UTF-8 or as declared
            self._bytes: bytes | None = bytes(svg)
            try:
                svg = self._bytes.decode("utf-8")
                self._bytes = None
            except UnicodeDecodeError:
                svg = self._bytes.decode("latin-1")    # (for image/svg+xml: text only)
        elif isinstance(svg, str):
            self._bytes = None
        else:
            raise TypeError(f"Drawing takes SVG text, not {type(svg).__name__}")
        self.svg = svg
        self.alt = alt

    @classmethod
    def file(cls, path: str | Path, alt: str | None = None) -> Drawing:
        """The SVG file at ``path``; its name is the default ``alt``."""
        p = Path(path)
        return cls(p.read_bytes(), p.name if alt is None else alt)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        shown = image_html(self._bytes, "svg+xml", self.alt) if self._bytes is not None \
            else svg_html(self.svg, self.alt)
        return {"text/html": shown,
                "image/svg+xml": self.svg,
                "text/plain": f"[drawing: {self.alt}]"}

    def __repr__(self) -> str:
        return f"Drawing({self.alt!r}, {len(self.svg):,} characters of SVG)"
