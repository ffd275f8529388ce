"""SVG drawings in notebooks (``archkit.ui.picture.Drawing``): an ``<img>`` in text/html
that JupyterLab shows in an untrusted notebook and fits to the output's width, with the
SVG beside it. (``IPython.display.SVG`` showed ``<IPython.core.display.SVG object>`` in
every notebook opened before it was run, and ran wide diagrams off the page.)"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from archkit.ui.picture import Drawing, image_html, svg_html

ROOT = Path(__file__).resolve().parents[1]
# everything the data URL must carry through an HTML attribute and a URL parser
TRICKY = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10">\n'
          "\t<title>it's 100% #1 &amp; &lt;b&gt; — ünïcode \U0001F600</title>\r\n"
          "<text>a  b</text></svg>\n")


class _Img(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.imgs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.imgs.append(dict(attrs))


def _img(page: str) -> dict[str, str | None]:
    parser = _Img()
    parser.feed(page)
    [img] = parser.imgs
    return img


def test_the_image_carries_the_svg_exactly_through_html_and_url_decoding():
    img = _img(svg_html(TRICKY, 'a "quoted" <alt> & more'))
    src = img["src"]
    assert src.startswith("data:image/svg+xml,")
    assert unquote(src[len("data:image/svg+xml,"):]) == TRICKY
    assert img["alt"] == 'a "quoted" <alt> & more'
    assert "max-width:100%" in img["style"]


def test_what_a_url_parser_would_drop_or_end_on_is_encoded():
    page = svg_html(TRICKY, "x")
    src = re.search(r"src='([^']*)'", page)[1]
    for raw in ("\n", "\t", "\r", "#", "&", "'"):
        assert raw not in src, repr(raw)
    assert "%25" in src and "%23" in src and "%26" in src and "%27" in src and "%0A" in src
    assert src.isascii()


def test_the_html_is_about_the_size_of_the_svg():
    from archkit.boundaries import load_model
    from archkit.examples import path

    drawing = load_model(path("shopfront") / "services.yaml").render(view="container")
    assert len(svg_html(drawing, "c")) < 1.15 * len(drawing)    # base64 would be 1.33x


def test_a_drawing_offers_html_svg_and_a_named_text():
    d = Drawing(TRICKY, "utility tree")
    data = d._repr_mimebundle_()
    assert data["image/svg+xml"] == TRICKY
    assert data["text/plain"] == "[drawing: utility tree]"
    assert unquote(_img(data["text/html"])["src"].split(",", 1)[1]) == TRICKY
    assert repr(d).startswith("Drawing('utility tree', ")


def test_a_drawing_from_a_file_is_named_after_it(tmp_path):
    f = tmp_path / "stability.svg"
    f.write_text(TRICKY, encoding="utf-8")
    assert Drawing.file(f).alt == "stability.svg"
    assert Drawing.file(str(f), "chart").alt == "chart"
    assert Drawing.file(f).svg == TRICKY


def test_other_things_than_svg_text_or_bytes_are_refused_with_a_plain_message():
    with pytest.raises(TypeError, match="Drawing takes SVG text, not int"):
        Drawing(5)


def test_svg_in_another_encoding_is_shown_as_it_declares(tmp_path):
    # Drawing.file of a Latin-1 SVG raised UnicodeDecodeError; a str SVG declaring
    # ISO-8859-1 was sent as UTF-8 bytes and read as Latin-1 (mojibake) (scout AP)
    latin = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<svg xmlns="http://www.w3.org/'
             '2000/svg"><text>h\u00e9llo</text></svg>')
    f = tmp_path / "latin.svg"
    f.write_bytes(latin.encode("latin-1"))
    d = Drawing.file(f)
    src = _img(d._repr_mimebundle_()["text/html"])["src"]
    assert src.startswith("data:image/svg+xml;base64,")
    import base64
    assert base64.b64decode(src.split(",", 1)[1]) == latin.encode("latin-1")
    assert "h\u00e9llo" in d.svg
    text = _img(svg_html(latin, "x"))["src"].split(",", 1)[1]
    assert unquote(text).startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "h\u00e9llo" in unquote(text)
    assert Drawing(b"<svg/>").svg == "<svg/>"
    assert "<svg>?</svg>" in svg_html("<svg>\ud800</svg>", "x")     # a lone surrogate


def test_other_pictures_are_base64_images():
    img = _img(image_html(b"\x89PNG\r\n", "png", "p"))
    assert img["src"] == "data:image/png;base64,iVBORw0K"
    assert _img(image_html(TRICKY.encode(), "svg+xml", "s"))["src"].startswith(
        "data:image/svg+xml,")


def test_the_notebooks_draw_with_drawing_not_ipython_svg():
    """A committed notebook's SVG outputs all come with the HTML image."""
    seen = 0
    for nb in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        for i, cell in enumerate(json.loads(nb.read_text())["cells"]):
            src = "".join(cell["source"])
            assert "import SVG" not in src and "SVG(" not in src, f"{nb.name} cell {i}"
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "image/svg+xml" in data:
                    seen += 1
                    page = "".join(data.get("text/html", ""))
                    assert page.startswith("<img src='data:image/svg+xml,"), f"{nb.name} cell {i}"
    assert seen >= 11
