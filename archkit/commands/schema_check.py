"""``archkit schema check [FILE.sql...]``: parse findings plus the schema rules.

Without files, the workspace in the current folder is checked: its ``schema/*.sql`` (or
``[paths] schema``) as one schema, with its ``workload/*.sql``.

The dialect and rule settings come from ``--dialect`` / ``--config``, else from the
nearest ``archkit.toml`` above the first file in reading (file-name) order (``[schema]
dialect``, ``[rules]``). ``-`` reads the standard input; each file is read once.
Unchanged inputs are answered from the on-disk cache (``--no-cache`` to skip it).
"""

from __future__ import annotations

import argparse
import gc

from archkit.commands.common import add_report_options, config_file, emit_report


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser("check", help="check SQL DDL: syntax, keys, types, names, indexes, "
                                       "migration safety (AK-SQL/PK/FK/TY/NM/IX/MG rules)")
    p.add_argument("files", nargs="*", metavar="FILE.sql",
                   help="DDL files, read in path order as one schema (default: the "
                        "workspace's schema/*.sql, and workload/*.sql as --workload)")
    p.add_argument("--dialect", default=None,
                   help="SQL dialect (default: archkit.toml [schema] dialect, else postgres)")
    p.add_argument("--workload", action="append", default=None, metavar="FILE.sql",
                   help="queries the schema must serve: checked for syntax (AK-SQL001) and "
                        "kept for the workload rules (AK-WL, not built yet)")
    p.add_argument("--since", metavar="FILE.sql", default=None,
                   help="review migrations: FILE and the files after it (in path order) "
                        "are checked against the schema the files before it build; the "
                        "migration rules (AK-MG) judge what they do to its tables, and "
                        "only the findings they bring are reported: those in them, and "
                        "those in earlier files that the schema before them did not have "
                        "(the same rule at the same place and object)")
    p.add_argument("--config", metavar="archkit.toml", default=None,
                   help="configuration (default: the nearest archkit.toml above the files)")
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="text encoding of the files, e.g. cp1252 (default: archkit.toml "
                        "[schema] encoding, else UTF-8, or UTF-16/32 by byte order mark)")
    p.add_argument("--stdin-filename", metavar="PATH", default=None,
                   help="with FILE '-': the file the standard input holds (findings, "
                        "JSON and SARIF name it; its archkit.toml is found from there), "
                        "as an editor or pre-commit hook pipes a buffer")
    p.add_argument("--no-cache", action="store_true",
                   help="do not read or write the on-disk cache")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="processes that parse and run the rules (default: every core "
                        "from 2,000 statements on, else 1); --jobs 1 also parses every "
                        "statement whole, without the shortcut for plain CREATE TABLE / "
                        "INDEX")
    add_report_options(p, ("text", "json", "sarif", "markdown"), select=True, area="schema")
    p.set_defaults(func=run)


def find_config(files: list[str]):  # -> Workspace | None
    """The workspace of the nearest archkit.toml above the first file in reading order
    (the files are read in path order, whatever order they are given in)."""
    from pathlib import Path

    from archkit.schema.parse import file_order
    from archkit.workspace import find_workspace

    first = min((Path(f) for f in files), key=file_order)
    return find_workspace(first.parent, levels=3)


def run(args: argparse.Namespace) -> int:
    import sys

    from archkit.errors import InputError
    from archkit.schema.check import check
    from archkit.workspace import Workspace

    if args.jobs is not None and args.jobs < 1:
        raise InputError(f"--jobs {args.jobs}: give at least 1 process")
    from archkit.schema.parse import STDIN, STDIN_NAME

    if args.stdin_filename is not None and STDIN not in args.files:
        raise InputError("--stdin-filename names what '-' reads: give '-' among the files")
    if args.config is not None:       # (a file, or the workspace folder holding one)
        ws = Workspace.configured_by(config_file(args.config))
    elif args.files:
        ws = find_config([args.stdin_filename if f == STDIN and args.stdin_filename
                          else f for f in args.files])
    else:
        ws = None
    if not args.files:      # the workspace's whole schema: what the pre-commit hook checks
        here = ws or Workspace.open(".")
        args.files = [str(p) for p in here.schema_files()]
        if not args.files:
            raise InputError(_no_schema(here), here.root)
        if args.workload is None:
            args.workload = [str(p) for p in here.workload_files()] or None
        ws = ws or find_config(args.files)
    _note_down_migrations(args.files)
    encoding = _encoding(args.encoding, ws)
    from archkit.schema.parse import read_sources

    # each file read once, here: a pipe or the standard input cannot be read again
    sources = read_sources(args.files, encoding)
    if args.stdin_filename is not None:
        from dataclasses import replace

        sources = [replace(src, path=args.stdin_filename) if src.path == STDIN_NAME else src
                   for src in sources]
    elif args.format == "sarif" and any(src.path == STDIN_NAME for src in sources):
        print("archkit: SARIF results from the standard input name no file of the "
              "repository: give --stdin-filename PATH, the file it holds", file=sys.stderr)
    _note_empty(sources)
    _note_dialect(sources, args.dialect, ws)
    progress = sys.stderr.isatty()
    one_shot = _whole_process()
    was = gc.isenabled()
    if one_shot:
        # The catalog and its syntax trees live until the process exits, so a cyclic
        # collection after the check would scan them all and free nothing (~0.3 s on
        # 2,000 tables): keep the collector off and freeze what is left before exit.
        # Nor is the catalog freed object by object: kept to the end, and the process
        # leaves without tearing the interpreter down (~0.1 s on 2,000 tables).
        gc.disable()
        from archkit.cli import exit_without_teardown
        from archkit.schema.check import retain_until_exit

        retain_until_exit()
        exit_without_teardown()
    try:
        report = check(sources, dialect=args.dialect, workload=args.workload,
                       config=ws,
                       select=args.select, ignore=args.ignore,
                       cache=not args.no_cache, workers=args.jobs, progress=progress,
                       encoding=encoding, since=args.since,
                       # (the text format shows no hint: the rules need not write them)
                       hints=args.format != "text")
        return emit_report(report, args)
    finally:
        if one_shot:
            gc.freeze()
            if was:
                gc.enable()


def _note_down_migrations(files: list[str]) -> None:
    """Say on stderr which down migrations are left out of the schema (stdout stays the
    report: JSON and SARIF must parse)."""
    import sys
    from pathlib import Path

    from archkit.schema.migrations import drizzle_unlisted, forward_files

    kept, down = forward_files([Path(f) for f in files])
    unlisted = drizzle_unlisted(kept)
    if unlisted:
        names = ", ".join(p.name for p in unlisted[:3]) + (", ..." if len(unlisted) > 3 else "")
        print(f"archkit: left out {len(unlisted)} file{'s' * (len(unlisted) != 1)} "
              f"({names}) that drizzle's meta/_journal.json does not list: drizzle never "
              f"applies {'them' if len(unlisted) != 1 else 'it'}", file=sys.stderr)
    if down:
        # a diesel down.sql is named by its folder (the migration's name)
        names = ", ".join(f"{p.parent.name}/{p.name}" if p.name.lower() == "down.sql"
                          and p.parent.name else p.name for p in down[:3])
        names += ", ..." if len(down) > 3 else ""
        print(f"archkit: left out {len(down)} down migration{'s' * (len(down) != 1)} "
              f"({names}): they undo the schema the other files build; check one alone "
              f"to lint it", file=sys.stderr)


def _encoding(given: str | None, ws) -> str | None:
    """--encoding, else archkit.toml's [schema] encoding (which loading the workspace
    checked), else None (UTF-8, or UTF-16/32 by byte order mark)."""
    from archkit.schema.parse import known_encoding

    name = given or (ws.section("schema").get("encoding") if ws is not None else None)
    return known_encoding(str(name)) if name else None


def _no_schema(here) -> str:
    """Why there are no files to check in the workspace ``here``."""
    named = here.section("paths").get("schema")
    if named is None:
        return ("no FILE.sql given, and this workspace has no schema/*.sql (nor a "
                "[paths] schema folder in archkit.toml)")
    folder = here.root / str(named)
    if not folder.exists():
        why = f"the folder {folder} does not exist"
    elif not folder.is_dir():
        why = f"{folder} is not a folder"
    else:
        why = f"the folder {folder} has no .sql files"
    return f"no FILE.sql given, and archkit.toml's [paths] schema = {str(named)!r}: {why}"


def _no_statements(text: str) -> bool:
    """Whether ``text`` is only blanks and comments (a scan, not a regular expression:
    nested repeats backtrack badly on long runs of dashes)."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
        elif text.startswith("--", i):
            end = text.find("\n", i)
            if end < 0:
                return True
            i = end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                return False            # (unterminated: the check says so)
            i = end + 2
        else:
            return False
    return True


def _note_empty(sources) -> None:
    """Say on stderr which of several files have no statements (alone, such a file is
    an input error: "no SQL statements found")."""
    import sys

    empty = [s.path for s in sources if _no_statements(s.text)]
    if empty and len(empty) < len(sources):
        for path in empty:
            print(f"archkit: {path} has no SQL statements (it is empty or only comments); "
                  "checked the other files", file=sys.stderr)


def _note_dialect(sources, given: str | None, ws, encoding: str | None = None) -> None:
    """Say on stderr when a file carries the marks of another dialect than the one it is
    read as (a SQL Server script read as postgres can pass as one long SET statement),
    for the first such file. ``sources``: the SqlSources already read (a pipe or the
    standard input cannot be read twice), or file names (their starts are read)."""
    import sys

    from archkit.errors import InputError
    from archkit.schema.dialects import get_dialect
    from archkit.schema.sniff import dialect_note, texts_note

    configured = ws.section("schema").get("dialect") if ws is not None else None
    name = given or configured or "postgres"
    try:
        dialect = get_dialect(str(name)).name
    except InputError:
        return                      # the check reports the unknown name
    source = "--dialect" if given else "archkit.toml" if configured else "the default"
    note = dialect_note(list(sources), dialect, source, encoding) \
        if any(isinstance(s, str) for s in sources) else \
        texts_note(((s.path, s.text) for s in sources), dialect, source)
    if note is not None:
        print(note, file=sys.stderr)


def _whole_process() -> bool:
    """True when this process is the ``archkit`` command itself (``python -m archkit`` or
    the console script), not a caller such as a test or a notebook that lives on."""
    import sys
    from pathlib import Path

    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return (spec is not None and spec.name == "archkit.__main__") or \
        Path(sys.argv[0] if sys.argv else "").name == "archkit"
