"""``archkit adr ...``: write, list, link, lint and publish decision records.

The ADR folder is the nearest one in the current directory or a parent, up to a
workspace root, a git repository's top or the filesystem root (``archkit.toml [adr]
dir``, ``.adr-dir``, ``docs/decisions``, ``doc/adr``, ``docs/adr``, ``doc/decisions``;
see :meth:`AdrLog.find`) unless ``--dir`` names it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from archkit.commands.common import DEBUG_HELP, add_report_options, write_or_print
from archkit.errors import InputError

STATUS_CHOICES = ("proposed", "accepted", "rejected", "deprecated", "superseded")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", metavar="D", help="the ADR folder (default: the nearest one here "
                                              "or in a parent folder)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks for errors")


def _out(p: argparse.ArgumentParser, *, help: str, required: bool = False) -> None:
    """``-o/--out OUT``, as every archkit command spells it; ``--output`` (the old
    spelling of ``adr graph`` and ``adr site``) still works but is not shown."""
    action = p.add_argument("-o", "--out", "--output", dest="out", metavar="OUT", help=help,
                            required=required)
    # the parser still knows "--output"; help, usage and errors show only -o/--out
    action.option_strings = ["-o", "--out"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("adr", help="write, list, link, lint and publish decision records",
                       description="Architecture Decision Records: MADR 4, Nygard or "
                                   "log4brains, read in every common format.")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", parser_class=type(p))
    p.set_defaults(func=lambda args: p.print_help(sys.stderr) or 2)

    v = verbs.add_parser("new", help="write the next record and print its path")
    v.add_argument("title", metavar="TITLE")
    v.add_argument("--template", metavar="T", help="madr, madr-minimal, madr-bare, "
                   "madr-bare-minimal, nygard, log4brains, or a Jinja2 template file (default: "
                   "archkit.toml [adr] template, else the style of the log: nygard in an "
                   "adr-tools log, log4brains in a log4brains log, else madr)")
    v.add_argument("--status", default="proposed", metavar="S",
                   help="initial status (default proposed)")
    v.add_argument("--supersedes", action="append", default=[], metavar="N",
                   help="this record supersedes record N (marks N superseded, links both)")
    v.add_argument("--amends", action="append", default=[], metavar="N",
                   help="this record amends record N (links both)")
    v.add_argument("--link", action="append", default=[], metavar='N:"relation"',
                   help='a link to record N and the link back, e.g. 3:"Clarifies:Clarified by" '
                        '(the link back may be left out for Supersedes, Amends, "Relates to")')
    v.add_argument("--date", metavar="YYYY-MM-DD", help="the record's date (default today)")
    _common(v)
    v.set_defaults(func=cmd_new)

    v = verbs.add_parser("list", help="list the records")
    v.add_argument("--format", choices=["table", "json"], default="table")
    _common(v)
    v.set_defaults(func=cmd_list)

    v = verbs.add_parser("toc", help="print a markdown index, or update one in a file")
    v.add_argument("--update", metavar="FILE", help="rewrite the part of FILE between two "
                   "<!-- archkit:adr-toc --> lines")
    _common(v)
    v.set_defaults(func=cmd_toc)

    v = verbs.add_parser("graph", help="the records and their links as a graph")
    v.add_argument("--format", choices=["dot", "mermaid", "svg"], default="dot")
    _out(v, help="write to OUT instead of stdout")
    _common(v)
    v.set_defaults(func=cmd_graph)

    v = verbs.add_parser("lint", help="check the log with the AK-ADR rules")
    add_report_options(v, ("text", "json", "sarif", "markdown"), select=True,
                       examples="AK-ADR002,AK-ADR003", area="adr")
    v.add_argument("--dir", metavar="D", help="the ADR folder (default: the nearest one here "
                                              "or in a parent folder)")
    v.add_argument("--no-git", action="store_true", help="skip AK-ADR010 (git history)")
    v.set_defaults(func=cmd_lint)

    v = verbs.add_parser("status", help="move record N to STATUS (draft -> proposed | "
                                        "accepted | rejected; proposed -> accepted | "
                                        "rejected; accepted -> deprecated | superseded; a "
                                        "status outside these -> any but deprecated or "
                                        "superseded)")
    v.add_argument("number", metavar="N")
    v.add_argument("status", metavar="STATUS")
    _common(v)
    v.set_defaults(func=cmd_status)

    v = verbs.add_parser("link", help="link two existing records both ways (adr-tools' "
                                      "'adr link SOURCE LINK TARGET REVERSE-LINK')")
    v.add_argument("source", metavar="SOURCE")
    v.add_argument("relation", metavar="LINK", help='the link in SOURCE, e.g. "Amends", '
                   '"Clarifies"; "Supersedes" also marks TARGET superseded')
    v.add_argument("target", metavar="TARGET")
    v.add_argument("reverse", metavar="REVERSE-LINK", nargs="?",
                   help='the link back in TARGET, e.g. "Clarified by"; needed unless LINK '
                        'is Supersedes, Amends or "Relates to" (whose reverse archkit knows)')
    _common(v)
    v.set_defaults(func=cmd_link)

    v = verbs.add_parser("convert", help="rewrite a log in MADR 4 or Nygard format")
    v.add_argument("--to", choices=["madr", "nygard"], required=True)
    v.add_argument("directory", metavar="DIR")
    v.add_argument("--write", action="store_true", help="apply (default: preview on stdout)")
    v.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help=DEBUG_HELP)
    v.set_defaults(func=cmd_convert)

    v = verbs.add_parser("site", help="one self-contained HTML page of the whole log")
    _out(v, help="the HTML file to write", required=True)
    v.add_argument("--title", help="page title")
    _common(v)
    v.set_defaults(func=cmd_site)


def _log(args: argparse.Namespace, *, must_exist: bool = True) -> Any:
    from pathlib import Path

    from archkit.adr.log import AdrLog

    base = AdrLog.find(".")
    if getattr(args, "dir", None):
        log = AdrLog(Path(args.dir), template=base.configured_template, root=base.root,
                     statuses=base.statuses)
    else:
        log = base
    if must_exist:
        log.require()
    return log


def _ref(text: str) -> str:
    return text.strip()


def cmd_new(args: argparse.Namespace) -> int:
    links = []
    for spec in args.link:
        ref, sep, relation = spec.partition(":")
        if not sep or not ref.strip() or not relation.strip():
            raise InputError(f"--link {spec!r}: write N:\"relation:reverse\", e.g. "
                             "3:\"Clarifies:Clarified by\"")
        forward, _, reverse = relation.partition(":")
        if not reverse.strip():
            reverse = _known_reverse(forward, f'--link {spec!r}: say how record {_ref(ref)} '
                                              f'links back, e.g. {_ref(ref)}:"{forward.strip()}:'
                                              '{guess}"')
        links.append((_ref(ref), forward.strip(), reverse.strip()))
    log = _log(args, must_exist=False)
    starting = not log.dir.is_dir()
    adr = log.new(args.title, template=args.template, status=args.status,
                  supersedes=[_ref(r) for r in args.supersedes],
                  amends=[_ref(r) for r in args.amends], links=links, date=args.date)
    if starting:      # said once the log exists (a bad template or title starts none)
        print(f"starting a new ADR log in {log.dir}", file=sys.stderr)
    print(adr.path)
    return 0


def _known_reverse(relation: str, message: str) -> str:
    """The usual reverse of ``relation``, or an InputError ``message`` (with ``{guess}``)."""
    from archkit.adr.log import guess_reverse, reverse_of

    known = reverse_of(relation)
    if known is None:
        raise InputError(message.format(guess=guess_reverse(relation)))
    return known


def cmd_link(args: argparse.Namespace) -> int:
    if args.relation.strip() and not (args.reverse or "").strip():
        args.reverse = _known_reverse(
            args.relation, f'"{args.relation.strip()}" has no known reverse: give '
            f'REVERSE-LINK, e.g. archkit adr link {args.source} "{args.relation.strip()}" '
            f'{args.target} "{{guess}}"')
    log = _log(args)
    src, dst = log.get(_ref(args.source)), log.get(_ref(args.target))
    if src.path == dst.path:
        raise InputError(f"{src.label} cannot link to itself", src.path)
    if not args.relation.strip():
        raise InputError("LINK is empty: give the relation, e.g. \"Amends\"")
    log.link(src, dst, args.relation.strip(), (args.reverse or "").strip() or None)
    print(src.path)
    print(dst.path)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    log = _log(args)
    if args.format == "json":
        sys.stdout.write(json.dumps(log.to_records(), indent=2, ensure_ascii=False) + "\n")
        return 0
    rows = [(a.label, a.status or "", a.date or "", a.title) for a in log.records]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in
              enumerate(("ADR", "STATUS", "DATE"))]
    out = [f"{'ADR':<{widths[0]}}  {'STATUS':<{widths[1]}}  {'DATE':<{widths[2]}}  TITLE"]
    out += [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}"
            for r in rows]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def cmd_toc(args: argparse.Namespace) -> int:
    log = _log(args)
    if args.update:
        path = log.update_toc(args.update)
        print(f"updated {path}", file=sys.stderr)
        return 0
    sys.stdout.write(log.toc())
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    log = _log(args)
    write_or_print(log.graph(args.format), args.out)
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from archkit.commands.common import emit_report
    from archkit.workspace import Workspace

    log = _log(args)
    report = Workspace.open(log.root).apply_rule_config(log.lint(git=not args.no_git))
    return emit_report(report, args)


def cmd_status(args: argparse.Namespace) -> int:
    log = _log(args)
    before = {a.path: a.status for a in log.records}
    adr = log.set_status(_ref(args.number), args.status)
    print(f"{adr.path}: {adr.status}")
    for other in log.records:     # a record a rejected proposal superseded is back
        if other.path != adr.path and before.get(other.path, other.status) != other.status:
            print(f"{other.path}: {other.status} again ({adr.label} is {adr.status})",
                  file=sys.stderr)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from pathlib import Path

    from archkit.adr.convert import ALREADY
    from archkit.adr.log import AdrLog

    log = AdrLog(Path(args.directory))
    log.require()
    already = sum(a.format in ALREADY.get(args.to, ()) for a in log.records)
    changed = log.convert(args.to, write=args.write)
    if args.write:
        for path in changed:
            print(path)
        print(f"converted {len(changed)} of {len(log.records)} records to {args.to}"
              + (f" ({already} {'was' if already == 1 else 'were'} {args.to} already)"
                 if already else ""), file=sys.stderr)
        return 0
    for path, text in changed.items():
        sys.stdout.write(f"==> {path} <==\n{text}\n")
    print(f"{len(changed)} of {len(log.records)} records would change; "
          "add --write to apply", file=sys.stderr)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    log = _log(args)
    write_or_print(log.site(args.title), args.out)
    return 0
