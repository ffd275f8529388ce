"""One self-contained HTML page for a whole log: no CDN, no external file.

Each record is an ``<article id="adr-ID">`` with its status colour, metadata and body
rendered by markdown-it-py; links between records become in-page anchors; images the
records show from the log's folders (the charts of generated records) are embedded as
``data:`` URIs; a search box and status filter run in a few lines of inline JavaScript.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from archkit.adr.model import STATUS_COLOURS, UNKNOWN_COLOUR, Adr
from archkit.adr.read import _is_record_href

if TYPE_CHECKING:  # pragma: no cover
    from archkit.adr.log import AdrLog

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# images embedded in the page, by extension; anything else stays a link
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
               ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
               ".avif": "image/avif"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024

CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;
color:#1f2328;background:#f6f8fa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #d0d7de;padding:12px 24px;
display:flex;gap:16px;align-items:center;flex-wrap:wrap;z-index:1}
header h1{font-size:20px;margin:0 16px 0 0}
#search{flex:1;min-width:200px;padding:6px 10px;font-size:15px;border:1px solid #d0d7de;
border-radius:6px}
main{max-width:920px;margin:0 auto;padding:16px 24px}
nav ol{padding-left:20px}
article{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:16px 0;padding:0 20px 8px}
article>h2{margin:0 -20px;padding:10px 20px;border-radius:8px 8px 0 0;font-size:18px}
.status{display:inline-block;padding:1px 8px;border-radius:10px;border:1px solid #888;
font-size:12px;font-weight:600;text-transform:uppercase;margin-left:8px;background:#fff}
.meta{color:#57606a;font-size:13px;margin:8px 0}
pre{background:#f6f8fa;padding:10px;overflow:auto;border-radius:6px}
img{max-width:100%;height:auto}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 8px}
.hidden{display:none}
#count{color:#57606a;font-size:13px}
"""

JS = """
(function(){
  var box=document.getElementById('search'), sel=document.getElementById('status');
  var arts=[].slice.call(document.querySelectorAll('article'));
  var items=[].slice.call(document.querySelectorAll('nav li'));
  function apply(){
    var q=box.value.toLowerCase().trim(), st=sel.value, n=0;
    arts.forEach(function(a,i){
      var ok=(!q||a.textContent.toLowerCase().indexOf(q)>=0)&&(!st||a.dataset.status===st);
      a.classList.toggle('hidden',!ok); items[i].classList.toggle('hidden',!ok); if(ok)n++;
    });
    document.getElementById('count').textContent=n+' of '+arts.length+' records';
  }
  box.addEventListener('input',apply); sel.addEventListener('change',apply); apply();
})();
"""


def anchor(adr: Adr) -> str:
    return "adr-" + re.sub(r"[^A-Za-z0-9_-]", "-", adr.id)


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _body_markdown(adr: Adr) -> str:
    """The record's text without front matter and title (shown in the header instead)."""
    lines = adr.text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                lines = lines[i + 1:]
                break
    out, skipped = [], False
    for line in lines:
        if not skipped and line.startswith("# "):
            skipped = True
            continue
        out.append(line)
    return _COMMENT.sub("", "\n".join(out))


def image_data_uri(src: str, folder: Path, allowed: Path) -> str | None:
    """``src`` of an image as written in a record in ``folder``, as a ``data:`` URI; None
    (keep the link) for a URL, an absolute path, a file outside ``allowed``, a missing or
    unreadable file, one of another type or larger than ``MAX_IMAGE_BYTES``.

    The URI goes into an ``<img>``, where browsers never run an SVG's scripts."""
    s = src.strip()
    if not s or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", s) or s.startswith(("/", "\\", "#")):
        return None
    rel = unquote(s.split("#", 1)[0].split("?", 1)[0])
    mime = IMAGE_TYPES.get(Path(rel).suffix.lower())
    if mime is None:
        return None
    try:
        path = (folder / rel).resolve()
        if not path.is_relative_to(allowed.resolve()) or not path.is_file() \
                or path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def render_site(log: AdrLog, title: str | None = None) -> str:
    log.require()
    md = _markdown()
    by_name = {a.path.name: a for a in log.records}
    esc = html.escape
    # images may come from the workspace (when the log is inside it), else the log's folder
    allowed = log.root if log.dir.resolve().is_relative_to(log.root.resolve()) else log.dir
    embedded: dict[tuple[Path, str], str | None] = {}

    def image(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        src = tokens[idx].attrGet("src") or ""
        key = (env["folder"], src)
        if key not in embedded:
            embedded[key] = image_data_uri(src, env["folder"], allowed)
        if embedded[key] is not None:
            tokens[idx].attrSet("src", embedded[key])
        return self.image(tokens, idx, options, env)

    def link_open(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        href = tokens[idx].attrGet("href") or ""
        target = _is_record_href(href)
        if target is not None and target.rsplit("/", 1)[-1] in by_name:
            tokens[idx].attrSet("href", "#" + anchor(by_name[target.rsplit("/", 1)[-1]]))
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("image", image)
    page_title = title or f"Architecture decisions: {log.dir.name}"
    nav, articles = [], []
    for adr in log.records:
        colour = STATUS_COLOURS.get(adr.status or "", UNKNOWN_COLOUR)
        status = esc(adr.status or "no status")
        nav.append(f"<li><a href='#{anchor(adr)}'>{esc(adr.label)}: {esc(adr.title)}</a> "
                   f"<span class='status' style='background:{colour}'>{status}</span></li>")
        meta = [f"date {esc(adr.date)}" if adr.date else "", f"file {esc(adr.path.name)}"]
        for key in ("decision-makers", "consulted", "informed"):
            if adr.meta.get(key):
                meta.append(f"{key} {esc(str(adr.meta[key]))}")
        articles.append(
            f"<article id='{anchor(adr)}' data-status='{esc(adr.status or '')}'>"
            f"<h2 style='background:{colour}'>{esc(adr.label)}: {esc(adr.title)}"
            f"<span class='status'>{status}</span></h2>"
            f"<div class='meta'>{' · '.join(m for m in meta if m)}</div>"
            f"{md.render(_body_markdown(adr), {'folder': adr.path.parent})}</article>")
    statuses = sorted({a.status for a in log.records if a.status})
    options = "".join(f"<option value='{esc(s)}'>{esc(s)}</option>" for s in statuses)
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(page_title)}</title><style>{CSS}</style></head><body>"
            f"<header><h1>{esc(page_title)}</h1>"
            "<input id='search' type='search' placeholder='Search decisions…' "
            "aria-label='Search decisions'>"
            "<select id='status' aria-label='Filter by status'><option value=''>all statuses"
            f"</option>{options}</select><span id='count'></span></header>"
            f"<main><nav><ol>{''.join(nav)}</ol></nav>{''.join(articles)}</main>"
            f"<script>{JS}</script></body></html>\n")
