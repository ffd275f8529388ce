"""Write a record in any template: MADR 4 (four variants), Nygard, or a workspace's own.

Templates are Jinja2 files (``archkit/adr/templates/*.md.j2``, or any ``.j2``/``.md``
file a workspace names in ``archkit.toml [adr] template``). They see the record's
fields and three helpers:

* ``body(key, placeholder="")`` — the text of the section with that role
  (``context``, ``drivers``, ``options``, ``decision``, ``consequences``,
  ``confirmation``, ``pros_cons``, ``more``, ``preamble``), or the placeholder when a
  new record is being created;
* ``has(key)`` — whether the record has that section;
* ``extras(key)`` — the record's other sections that followed ``key`` in its source,
  so converting between formats loses nothing.

``link_lines`` are the typed links ("Supersedes [ADR-0003: ..](0003-...md)") and
``status_line`` the Nygard status paragraph. Section bodies are substituted after
Jinja renders the skeleton, so user text (code blocks, blank lines) is kept verbatim.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from archkit.adr.model import (
    DECISION_KEY,
    MADR_HEADINGS,
    MADR_KEYS,
    NYGARD_HEADINGS,
    PHRASES,
    Adr,
    Link,
    Section,
)
from archkit.errors import InputError
from archkit.findings import escape_closing_hashes

TEMPLATES = ("madr", "madr-minimal", "madr-bare", "madr-bare-minimal", "nygard", "log4brains")
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_TOKEN = re.compile(r"\x00(\d+)\x00")


def family(template: str, root: Path | None = None) -> str:
    """``nygard``, ``log4brains`` or ``madr``: decides headings for extras, link labels
    and the status line (a template file of adr-tools or log4brains, relative to
    ``root``: ``nygard`` or ``log4brains``)."""
    tool = tool_template(template, root)
    if tool is not None:
        return "nygard" if tool[0] == "adr-tools" else "log4brains"
    name = Path(str(template)).name
    if name.startswith("nygard"):
        return "nygard"
    return "log4brains" if name.startswith("log4brains") else "madr"


# log4brains' template.md (and MADR 2's): a title, then a "- Status:" bullet under it
_BULLET_TEMPLATE = re.compile(r"^#[ \t]+\S[^\n]*\n(?:(?!##)[^\n]*\n)*?[-*][ \t]+Status:",
                              re.MULTILINE | re.IGNORECASE)


def tool_template(template: str, root: Path | None = None) -> tuple[str, str] | None:
    """``("adr-tools", text)`` or ``("log4brains", text)`` when ``template`` is a file
    (relative to ``root``) in the form those tools' own ``adr new`` fills, not Jinja2:
    adr-tools' NUMBER / TITLE / DATE / STATUS words (``templates/template.md`` of its
    log), or log4brains' title and ``- Status:`` bullet (``template.md`` in its ADR
    folder); else None."""
    name = str(template)
    if name in TEMPLATES:
        return None
    path = Path(name)
    if not path.is_absolute() and root is not None:
        path = root / path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if "{{" in text or "{%" in text:
        return None
    if re.search(r"\bTITLE\b", text):
        return "adr-tools", text
    if _BULLET_TEMPLATE.search(text.replace("\r\n", "\n").lstrip("\ufeff")):
        return "log4brains", text
    return None


_ADR_TOOLS_WORD = re.compile(r"\b(?:NUMBER|TITLE|DATE|STATUS)\b")


def _fill_adr_tools(adr: Adr, text: str) -> str:
    """An adr-tools template filled as its ``adr new`` fills it (on each line, the first
    NUMBER, TITLE, DATE and STATUS), then the record's links added where adr-tools adds
    them (its Status section)."""
    from archkit.adr.edit import add_link
    from archkit.adr.read import parse

    values = {"NUMBER": "" if adr.number is None else str(adr.number),
              "TITLE": heading_text(adr.title),
              "DATE": adr.date or "", "STATUS": (adr.status or "accepted").capitalize()}
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        used: set[str] = set()

        def fill(m: re.Match[str]) -> str:
            if m[0] in used:
                return m[0]
            used.add(m[0])
            return values[m[0]]

        out.append(_ADR_TOOLS_WORD.sub(fill, line))
    filled = "\n".join(out)
    for link in adr.links:
        filled = add_link(parse(filled, adr.path), link_line(link))
    return filled


_H1 = re.compile(r"^#[ \t]+\S.*$", re.MULTILINE)


def _fill_log4brains(adr: Adr, text: str) -> str:
    """A log4brains template filled as its ``adr new`` fills it (the first title becomes
    the record's), and, as ``archkit adr new`` promises of every new record, with its
    status and date in the ``- Status:`` and ``- Date:`` bullets (log4brains leaves the
    template's "[draft | proposed | …]" there); links go in its Links section."""
    from archkit.adr.edit import add_link, set_status
    from archkit.adr.read import parse

    text = text.replace("\r\n", "\n")
    head = ""           # front matter (a site generator's) is kept as it is, and its "# "
    m = re.match(r"(?:\ufeff)?---\n.*?\n(?:---|\.\.\.)[ \t]*\n", text, re.DOTALL)
    if m:               # YAML comments are no title
        head, text = m[0], text[m.end():]
    text = _H1.sub(lambda _m: f"# {heading_text(adr.title)}", text, count=1)
    filled = set_status(parse(text, adr.path), adr.status or "proposed", date=adr.date)
    for link in adr.links:
        filled = add_link(parse(filled, adr.path), link_line(link))
    return head + filled


def _loader(paths: list[str], shown: list[str]) -> Any:
    """A FileSystemLoader whose unreadable files (not UTF-8, no permission) are
    InputErrors at the file, line and column of the first bad byte (the file named from
    ``shown``, the search ``paths`` as the user wrote them)."""
    import jinja2

    class Loader(jinja2.FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            try:
                return super().get_source(environment, template)
            except jinja2.TemplateNotFound:
                raise
            except (UnicodeDecodeError, OSError) as exc:
                from jinja2.loaders import split_template_path

                from archkit.errors import byte_position

                parts = split_template_path(template)
                path = next((Path(s, *parts) for p, s in zip(paths, shown, strict=True)
                             if Path(p, *parts).is_file()), Path(template))
                if not isinstance(exc, UnicodeDecodeError):
                    raise InputError(f"cannot read the template: {exc.strerror or exc}",
                                     path) from None
                line, col = byte_position(exc.object, exc.start)
                raise InputError(f"the template is not UTF-8 text (byte "
                                 f"0x{exc.object[exc.start]:02x}); save it as UTF-8",
                                 path, line, col) from None

        def shown_path(self, filename: str | None) -> str | None:
            """A template file's name as the user wrote its folder."""
            for p, s in zip(paths, shown, strict=True):
                if filename and Path(filename).is_relative_to(p):
                    return str(Path(s) / Path(filename).relative_to(p))
            return filename

    return Loader(paths)


# a template is a page of text: the loops and strings it may build are bounded (a range of
# 100,000 nested in another ran for ever, and "x" * 2e9 took 3 GB in CI)
MAX_TEMPLATE_RANGE = 1_000
MAX_TEMPLATE_ITEMS = 1_000_000


@functools.cache
def _sandbox() -> Any:
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    def small_range(*args: int) -> range:
        r = range(*args)
        if len(r) > MAX_TEMPLATE_RANGE:
            raise SecurityError(f"range of {len(r):,} items: a template may loop over at "
                                f"most {MAX_TEMPLATE_RANGE:,}")
        return r

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def __init__(self, *args: Any, **kw: Any) -> None:
            super().__init__(*args, **kw)
            self.globals["range"] = small_range

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
                raise SecurityError("an exponent above 100 in a template")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(n, int) \
                            and len(seq) * n > MAX_TEMPLATE_ITEMS:
                        raise SecurityError(f"a text or list of more than "
                                            f"{MAX_TEMPLATE_ITEMS:,} items in a template")
            return super().call_binop(context, operator, left, right)

    return Sandbox


@functools.lru_cache(maxsize=8)
def _environment(search: str, shown: str | None = None) -> Any:
    """Templates from ``search`` (shown in messages as ``shown``), then the built-ins.

    Sandboxed: a workspace's template is text from a shared repository, rendered by
    ``archkit adr new`` and ``archkit run`` (in CI too); ``{{ cycler.__init__.__globals__
    .os.system(...) }}`` must not run (a template error, exit 2)."""
    import jinja2

    env = _sandbox()(
        loader=_loader([search, str(TEMPLATE_DIR)], [shown or search, str(TEMPLATE_DIR)]),
        autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined)
    env.filters["yaml_value"] = yaml_value
    env.filters["heading"] = heading_text
    return env


def load_template(template: str, root: Path | None = None) -> Any:
    """A built-in template by name, or a template file (relative to ``root``)."""
    import jinja2

    name = str(template)
    if name in TEMPLATES:
        return _environment(str(TEMPLATE_DIR)).get_template(f"{name}.md.j2")
    path = Path(name)
    if not path.is_absolute() and root is not None:
        path = root / path
    if not path.is_file():
        raise InputError(f"unknown ADR template {name!r}: use one of {', '.join(TEMPLATES)} "
                         "or the path of a Jinja2 template file", path if path.suffix else None)
    try:
        return _environment(str(path.parent.resolve()), str(path.parent)) \
            .get_template(path.name)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"template syntax error: {exc.message}", path, exc.lineno) from None


def heading_text(title: str) -> str:
    """``title`` for a markdown heading: a trailing run of ``#`` after a space, which
    CommonMark reads as the heading's closing sequence ("Use C #" read back "Use C"),
    escaped (``Use C \\#``), and so is what would be raw HTML or an entity (``\\<b>``,
    ``\\&amp;``: an option named ``<b>SQS</b>`` was bold in the heading of its drafted
    record; scout AV); the reader takes the backslashes away again (scout AP)."""
    text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", str(title))
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    return escape_closing_hashes(text)


# text a YAML 1.1 or 1.2 reader takes for a number (js-yaml read the tag 1e3 as 1000;
# scout AP); a date (2026-01-02) is meant as one and stays plain
_YAML_NUMBER = re.compile(r"[-+]?(?:[\d_]+(?:\.[\d_]*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?"
                          r"|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)")


def yaml_value(value: Any) -> str:
    """A scalar or list as a safe YAML value on one line (``""`` for nothing)."""
    if value is None or value == "":
        return ""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    plain = (re.fullmatch(r"[A-Za-z0-9][\w .,/()@+-]*", text) and not text.endswith(" ")
             and text.lower() not in ("yes", "no", "true", "false", "null", "on", "off", "~")
             and ": " not in text and " #" not in text
             and not _YAML_NUMBER.fullmatch(text))     # a tag "1e3": a number to YAML 1.2
    if plain:
        return text
    return json.dumps(text, ensure_ascii=False)   # JSON strings are YAML strings


def href(target: str) -> str:
    return quote(target, safe="/#-._~")


def link_label(adr: Adr | None, target: str, style: str) -> str:
    """``3. Use MySQL`` (Nygard, as adr-tools), ``ADR-0003: Use MySQL`` (MADR), or the
    record's slug, its file's stem, ``20201016-use-the-slug`` (log4brains, which reads a
    successor from the link's text)."""
    if adr is None:
        return target
    if style == "log4brains":      # log4brains names a record by its slug, the file's stem
        return adr.path.stem
    if adr.number is None:
        return f"{adr.id}: {adr.title}" if style == "madr" else adr.title
    return f"{adr.number}. {adr.title}" if style == "nygard" else \
        f"ADR-{adr.number:04d}: {adr.title}"


def link_line(link: Link) -> str:
    phrase = link.relation if link.type == "relates" and link.relation else PHRASES[link.type]
    if not link.target.endswith(".md"):
        return f"{phrase} {link.target}"
    label = link.label.replace("[", "(").replace("]", ")") or link.target
    return f"{phrase} [{label}]({href(link.target)})"


def strip_link_lines(body: str) -> str:
    """The body without lines that are only a typed link (writers re-emit those)."""
    from archkit.adr.read import extract_links

    out: list[str] = []
    for line in body.split("\n"):
        if "](" in line:
            links = extract_links(line, 0)
            if len(links) == 1 and links[0].explicit:
                if out and not out[-1].strip():
                    out.pop()
                continue
        out.append(line)
    return "\n".join(out).strip("\n")


def render(adr: Adr, template: str = "madr", *, new: bool = False,
           root: Path | None = None) -> str:
    """The record's text in ``template``; ``new`` fills absent sections with placeholders."""
    import jinja2

    tool = tool_template(template, root)
    if tool is not None:
        kind, text = tool
        return _fill_adr_tools(adr, text) if kind == "adr-tools" else _fill_log4brains(adr, text)
    tpl = load_template(template, root)
    shown = getattr(tpl.environment.loader, "shown_path", lambda name: name)
    where = shown(getattr(tpl, "filename", None))
    style = family(template)          # (not adr-tools': that returned above)
    ordered: list[Section] = []
    for s in adr.sections:
        if s.key == "status":
            continue
        ordered.append(s)
    links = [ln for ln in adr.links if ln.explicit or ln.line is None
             or (ln.type == "superseded-by" and not _in_body(ln, adr))]
    status_line, link_lines = _status_and_links(adr, links, style)
    # Nygard and log4brains records name their decision in a last comment line, not front
    # matter: adr-tools reads the title from the first line, and log4brains' header list
    # must follow the title (front matter hid it: log4brains showed drafts as accepted)
    decision = (adr.front_matter or {}).get(DECISION_KEY) \
        if style in ("nygard", "log4brains") else None
    skip = frozenset({DECISION_KEY}) if decision is not None else frozenset()

    def run(known: set[str] | None) -> tuple[str, list[str], set[str]]:
        tokens: list[str] = []
        called: set[str] = set()
        placed = _place(ordered, known) if known is not None else ({}, {})
        first, extra = placed

        def token(text: str) -> str:
            tokens.append(text)
            return f"\x00{len(tokens) - 1}\x00"

        def body(key: str, placeholder: str = "") -> str:
            called.add(key)
            section = first.get(key) if known is not None else None
            if section is not None:
                return token(strip_link_lines(section.body))
            if known is None:
                return ""
            return placeholder if new else ""

        def has(key: str) -> bool:
            # an empty section is not carried over (Nygard always writes "Consequences",
            # which would come back to MADR as an empty heading)
            return any(s.key == key and strip_link_lines(s.body).strip() for s in ordered)

        def extras(key: str) -> str:
            if known is None:
                return ""
            parts = []
            for s in extra.get(key, []):
                text = strip_link_lines(s.body)
                if not text.strip() and s.key != "preamble":
                    continue   # an empty section, or one that only held links ("## Links")
                heading = _heading_for(s, style)
                parts.append(f"{heading}\n\n{text}" if text else heading)
            return token("\n\n".join(parts)) if parts else ""

        ctx = {
            "title": adr.title, "number": adr.number, "id": adr.id, "label": adr.label,
            "status": adr.status, "date": adr.date,
            "decision_makers": _meta(adr, "decision-makers"),
            "consulted": _meta(adr, "consulted"), "informed": _meta(adr, "informed"),
            "tags": _bullet_tags(adr), "tag_list": _tag_list(_bullet_tags(adr)),
            "front_matter_extra": _front_matter_extra(adr, skip=skip),
            "decision": decision,
            "status_line": status_line, "link_lines": link_lines, "new": new,
            "body": body, "has": has, "extras": extras, "meta": adr.meta,
        }
        try:
            skeleton = tpl.render(**ctx)
        except jinja2.UndefinedError as exc:
            raise InputError(f"template uses an unknown name: {exc.message}", where) from None
        except jinja2.TemplateSyntaxError as exc:      # in a template it includes
            raise InputError(f"template syntax error: {exc.message}",
                             shown(exc.filename) or where, exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise InputError(f"template includes {exc.name!r}, which is not there",
                             where) from None
        except jinja2.TemplateError as exc:
            raise InputError(f"template error: {exc.message}", where) from None
        except InputError:                # e.g. an included template that is not UTF-8
            raise
        except Exception as exc:
            if template in TEMPLATES:     # archkit's own template: a bug, not bad input
                raise
            # e.g. {{ body(1, 2, 3) }}: jinja keeps the template's line in the traceback
            import traceback

            line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__))
                         if f.filename == getattr(tpl, "filename", None)), None)
            message = str(exc).replace("render.<locals>.run.<locals>.", "")
            raise InputError(f"template failed: {type(exc).__name__}: {message}", where,
                             line) from None
        return skeleton, tokens, called

    _, _, called = run(None)
    skeleton, tokens, _ = run(called)
    return _assemble(skeleton, tokens)


def _in_body(link: Link, adr: Adr) -> bool:
    return link.line is not None and link.line != adr.status_line


def _status_and_links(adr: Adr, links: list[Link], style: str) -> tuple[str, list[str]]:
    status = adr.status or ""
    lines = [link_line(ln) for ln in links]
    first = status[:1].upper() + status[1:] if status and style != "log4brains" else status
    if style == "log4brains" and status == "superseded":
        # log4brains writes the successor into the status: "superseded by [x](x.md)"
        successor = next((ln for ln in links if ln.type == "superseded-by"
                          and ln.target.endswith(".md")), None)
        if successor is not None:
            first = f"superseded by [{successor.label.replace('[', '(').replace(']', ')')}]" \
                    f"({href(successor.target)})"
            lines.remove(link_line(successor))
    if style == "nygard" and status == "superseded":
        successor = next((ln for ln in links if ln.type == "superseded-by"), None)
        if successor is not None:
            first = link_line(successor)
            lines.remove(first)
    return first, lines


def _bullet_tags(adr: Adr) -> str | None:
    """The tags of a ``- Tags:`` bullet (log4brains, MADR 2) or a Nygard ``Tags:`` line as
    written; None when there are none, or when they are a front-matter key (which the
    front matter keeps)."""
    if adr.front_matter and any(str(k).lower() == "tags" for k in adr.front_matter):
        return None
    value = _meta(adr, "tags")
    return str(value).strip() or None if value is not None else None


def _tag_list(tags: str | None) -> list[str]:
    """log4brains' "space and/or comma separated list of tags" as a list."""
    return [t for t in re.split(r"[,\s]+", tags or "") if t]


def _meta(adr: Adr, key: str) -> Any:
    value = adr.meta.get(key)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value




def _front_matter_extra(adr: Adr, skip: frozenset[str] = frozenset()) -> str:
    """Other front-matter keys of the source record (``parent``, ``nav_order`` ...)."""
    if not adr.front_matter:
        return ""
    import yaml

    lines = []
    for k, v in adr.front_matter.items():
        if str(k).lower() in MADR_KEYS or k in skip:
            continue
        if isinstance(v, dict) or (isinstance(v, (list, tuple))
                                   and any(isinstance(x, (dict, list, tuple)) for x in v)):
            lines.append(yaml.safe_dump({k: v}, default_flow_style=False, sort_keys=False,
                                        allow_unicode=True).rstrip("\n"))
        else:
            lines.append(f"{yaml_value(k)}: {yaml_value(v)}")
    return "\n".join(lines)


def _heading_for(s: Section, style: str) -> str:
    if s.key == "preamble":
        return ""
    heading = s.heading
    level = s.level if s.key == "other" else 2
    if s.key in MADR_HEADINGS and style == "nygard":
        heading = MADR_HEADINGS[s.key][0] if s.key not in NYGARD_HEADINGS else heading
    return "#" * max(level, 2) + " " + heading


def _place(sections: Iterable[Section], known: set[str]
           ) -> tuple[dict[str, Section], dict[str, list[Section]]]:
    """Sections the template names, and the others grouped under the one they followed."""
    first: dict[str, Section] = {}
    extra: dict[str, list[Section]] = {}
    anchor = ""
    for s in sections:
        if s.key in known and s.key not in first and s.key != "other":
            first[s.key] = s
            anchor = s.key
        else:
            extra.setdefault(anchor, []).append(s)
    return first, extra


def _assemble(skeleton: str, tokens: list[str]) -> str:
    """Drop empty token lines, collapse blank runs in the skeleton, then fill in bodies."""
    lines: list[str] = []
    for line in skeleton.split("\n"):
        m = _TOKEN.fullmatch(line.strip())
        if m and not tokens[int(m[1])].strip():
            continue
        line = line.rstrip()
        if not line and (not lines or not lines[-1]):
            continue
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    text = "\n".join(lines) + "\n"
    return _TOKEN.sub(lambda m: tokens[int(m[1])], text)
