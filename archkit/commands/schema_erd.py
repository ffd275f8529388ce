"""``archkit schema erd FILE.sql... [-o OUT.svg|.png|.dot|.mmd]``: the ER diagram."""

from __future__ import annotations

import argparse

from archkit.commands.common import positive_seconds

_EXT = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid",
        ".mermaid": "mermaid"}


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser("erd", help="draw the entity-relationship diagram of SQL DDL "
                                     "(SVG, PNG, DOT or Mermaid)")
    p.add_argument("files", nargs="+", metavar="FILE.sql",
                   help="DDL files, read in path order as one schema")
    p.add_argument("-o", "--out", default=None, metavar="OUT",
                   help="write here; the extension picks the format (.svg .png .dot .mmd)")
    p.add_argument("--format", choices=["svg", "png", "dot", "mermaid"], default=None,
                   help="output format (default: from -o's extension, else svg)")
    p.add_argument("--dialect", default=None,
                   help="SQL dialect (default: archkit.toml [schema] dialect, else postgres)")
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="text encoding of the files, e.g. cp1252 (default: archkit.toml "
                        "[schema] encoding, else UTF-8, or UTF-16/32 by byte order mark)")
    p.add_argument("--focus", default=None, metavar="TABLE",
                   help="draw only this table and its neighbours")
    p.add_argument("--hops", type=int, default=1, metavar="N",
                   help="with --focus: how many foreign-key hops away to draw (default 1)")
    p.add_argument("--no-columns", action="store_true", help="table names only")
    p.add_argument("--timeout", type=positive_seconds, default=30.0, metavar="SECONDS",
                   help="stop Graphviz after this long (default 30)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks for errors")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import re
    import sys
    from pathlib import Path

    from archkit.commands.common import write_or_print
    from archkit.commands.schema_check import _encoding, _note_dialect, find_config
    from archkit.errors import InputError
    from archkit.schema.catalog import load_schema
    from archkit.schema.erd import mermaid_hint, part_hint, render_erd, unparsed_tables

    fmt = args.format
    if fmt is None and args.out not in (None, "-"):
        fmt = _EXT.get(Path(args.out).suffix.lower())
        if fmt is None:
            raise InputError("cannot tell the format from the extension: use .svg, .png, .dot "
                             "or .mmd, or give --format", args.out)
    fmt = fmt or "svg"
    if fmt == "png" and args.out in (None, "-") and sys.stdout.isatty():
        raise InputError("PNG is binary: write it to a file with -o OUT.png")
    ws = find_config(args.files)
    dialect = args.dialect or (ws.section("schema").get("dialect") if ws else None) or "postgres"
    encoding = _encoding(args.encoding, ws)
    _note_dialect(args.files, args.dialect, ws, encoding)
    catalog = load_schema(args.files, dialect=dialect, encoding=encoding)
    skipped = unparsed_tables(catalog)
    if not catalog.tables:
        if skipped:
            where, what = skipped[0]
            more = f"; {len(skipped) - 1} more" if len(skipped) > 1 else ""
            raise InputError(f"no CREATE TABLE statement parses ({what}{more}): nothing to "
                             "draw; archkit schema check lists the syntax errors", *where)
        raise InputError("no CREATE TABLE statements: nothing to draw",
                         args.files[0] if len(args.files) == 1 else None)
    for (path, line, col), what in skipped[:MAX_NOTES]:
        print(f"archkit: {path}:{line}:{col}: CREATE TABLE does not parse ({what}): left out "
              "of the diagram", file=sys.stderr)
    if len(skipped) > MAX_NOTES:
        print(f"archkit: {len(skipped) - MAX_NOTES} more CREATE TABLE statements do not parse "
              "and are left out (archkit schema check lists them)", file=sys.stderr)
    notes: list[str] = []
    data = render_erd(catalog, fmt, args.focus, args.hops, columns=not args.no_columns,
                      timeout=args.timeout, notes=notes)
    write_or_print(data, args.out)
    for note in notes:                      # dot's warnings (a PNG scaled down to fit)
        note = re.sub(r"^(?:dot: |Warning: )+", "", note)
        print(f"archkit: Graphviz warns: {note}", file=sys.stderr)
    if fmt == "png":
        from archkit.fonts import tofu_note, undrawable

        missing = undrawable(render_erd(catalog, "dot", args.focus, args.hops,
                                        columns=not args.no_columns))
        if missing:
            print(tofu_note(missing), file=sys.stderr)
    if args.focus is None and len(catalog.tables) > LARGE_DIAGRAM and fmt != "mermaid":
        # (GitLab's 1,401 tables drew an 11 MB SVG 41 m tall; scout V)
        print(f"archkit: {len(catalog.tables)} tables make a diagram too large to read: "
              f"{part_hint(catalog, LARGE_DIAGRAM)}", file=sys.stderr)
    if fmt == "mermaid" and len(data) > MERMAID_MAX_TEXT:
        hint = mermaid_hint(catalog, args.focus, args.hops, not args.no_columns,
                            MERMAID_MAX_TEXT)
        print(f"archkit: the Mermaid text is {len(data):,} characters, and Mermaid draws at "
              f"most {MERMAID_MAX_TEXT:,} unless its maxTextSize is raised: {hint}",
              file=sys.stderr)
    return 0


# more tables than this in one diagram: say how to draw part of it
LARGE_DIAGRAM = 150
# Mermaid's default maxTextSize: a longer text draws only "Maximum text size in diagram
# exceeded"
MERMAID_MAX_TEXT = 50_000
# CREATE TABLE statements that do not parse: name this many, count the rest
MAX_NOTES = 5
