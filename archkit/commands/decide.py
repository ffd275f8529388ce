"""``archkit decide FILE``: rank one decision, test the winner, print the verdict."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path

from archkit.commands.common import add_report_options, config_file, emit_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "decide", help="rank the options of one decision and test how robust the winner is",
        description="Rank the options of a decision file (weighted sum or TOPSIS), show over "
                    "which weights the winner stays first, how often it wins over random "
                    "weightings, a verdict sentence for the ADR, and AK-DEC findings.")
    p.add_argument("file", metavar="FILE", help="a decision file (decisions/*.yaml)")
    p.add_argument("--method", choices=["wsm", "topsis"], default="wsm",
                   help="ranking method: weighted sum on the fixed scale (default) or TOPSIS "
                        "(vector normalisation)")
    p.add_argument("--samples", type=_samples, default=10_000, metavar="N",
                   help="random weightings for the win probability (default 10000, at most "
                        f"{MAX_SAMPLES:,})")
    p.add_argument("--config", metavar="archkit.toml", default=None,
                   help="configuration: [rules] levels and [decisions] options (default: "
                        "the nearest archkit.toml above FILE, if any)")
    # text/json/markdown: the analysis and the findings; sarif: the findings only
    add_report_options(p, ("text", "json", "sarif", "markdown"), select=True,
                       examples="AK-DEC003,AK-DEC007", area="decisions")
    p.set_defaults(func=cmd_decide)


MAX_SAMPLES = 1_000_000     # about 1 s here; more only burns time and memory (it hung)


def _samples(text: str) -> int:
    n = _positive(text)
    if n > MAX_SAMPLES:
        raise argparse.ArgumentTypeError(f"{n:,} is more than {MAX_SAMPLES:,} weightings "
                                         "(the win shares do not change past a few thousand)")
    return n


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def cmd_decide(args: argparse.Namespace) -> int:
    from archkit.findings import selected
    from archkit.tradeoff.checks import check_matrix, options_from_config
    from archkit.tradeoff.matrix import DecisionMatrix
    from archkit.tradeoff.step import analyse, decision_data
    from archkit.workspace import Workspace

    cfg = config_file(args.config)
    m = DecisionMatrix.from_yaml(args.file)
    ws = _workspace_of(Path(args.file)) if cfg is None else Workspace.configured_by(cfg)
    options = {} if ws is None else options_from_config(ws.section("decisions"),
                                                        ws.config_path)
    a = analyse(m, args.method, args.samples)
    select, ignore = args.select, args.ignore
    # (no archkit.toml above FILE: only --select / --ignore leave rules out)
    reports = ws.reports(select, ignore) if ws is not None else \
        functools.partial(selected, select=select, ignore=ignore)
    report = check_matrix(m, options, reports)
    if ws is not None:
        report = ws.apply_rule_config(report)
    if select or ignore:
        report = report.select(select, ignore)
    if args.format == "sarif":     # the findings only, as every checker prints them
        return emit_report(report, args)
    if args.format == "json":
        data = decision_data(m, a)
        data["findings"] = report.to_records()
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        from archkit.tradeoff.step import decision_markdown

        sys.stdout.write(decision_markdown(m, a) + "\n" + report.to_markdown())
    else:
        sys.stdout.write(render_text(m, a, report))
    return report.exit_code(args.fail_on)


def _workspace_of(file: Path):
    """The workspace whose archkit.toml is nearest above the decision file, if any."""
    from archkit.workspace import find_workspace

    return find_workspace(file.parent)


def render_text(m, a: dict, report) -> str:
    from archkit.tradeoff.robustness import taken_over_by
    from archkit.tradeoff.step import METHOD_NAMES

    ranking, st, p = a["ranking"], a["stability"], a["probability"]
    width = max(len("option"), *(len(str(o)) for o in m.options))
    method = ranking.attrs["method"]
    out = [m.title]
    if m.question:
        out.append(m.question)
    out += ["", f"Ranking ({method}; normalisation {ranking.attrs['normalisation']})",
            f"  {'rank':<5} {'option':<{width}}  {'score':>6}  {'wins':>5}"]
    for o, r in ranking.iterrows():
        out.append(f"  {int(r['rank']):<5} {o!s:<{width}}  {r['score']:>6.3f}  "
                   f"{p.get(o, 0.0) * 100:>3.0f} %")
    n = p.attrs.get("samples")
    drawn = "1 weighting" if n == 1 else f"{n} weightings"
    out.append(f"  (wins: share of {drawn} drawn uniformly on the "
               f"simplex in which the option is first by {METHOD_NAMES[method]})")
    if m.ahp_result is not None:
        out.append(f"  weights from AHP judgements: {m.ahp_result.summary()}")
    cwidth = max(len("criterion"), *(len(str(c)) for c in m.criteria))
    note = ("" if method == "wsm" else
            f" (defined for the weighted sum only: its scores are linear in the weights, "
            f"{METHOD_NAMES[method]}'s are not)")
    out += ["", (f"Weight stability (weighted sum): {st.attrs['winner']} stays first while "
                 f"one weight moves in [low, high], the others keeping their ratios{note}"),
            f"  {'criterion':<{cwidth}}  {'weight':>6}  {'low':>6}  {'high':>6}  taken over by"]
    for c, r in st.iterrows():
        out.append(f"  {c:<{cwidth}}  {r['weight']:>6.3f}  {r['low']:>6.3f}  {r['high']:>6.3f}  "
                   f"{taken_over_by(r)}")
    out += ["", f"Verdict: {a['verdict']}", ""]
    if len(report):
        out += ["Findings:", report.to_text()]
    else:
        out += ["No findings.", ""]
    return "\n".join(out)
