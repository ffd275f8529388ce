"""Per-phase CPU times of a cold `archkit schema check` on one file, in one process.

    python benchmarks/schema_phases.py [FILE.sql] [--rules]

Without FILE, the 2,000-table schema of ``gen_schema.py 2000 10000`` is generated into a
temporary folder (``ARCHKIT_GEN_SCHEMA`` names the generator). Where the time of a cold
check goes, phase by phase, to find what to make faster; ``schema_bench.py`` measures
the whole command against its peers.

CPU time (time.process_time), best of 3 runs per phase (parse, catalog and rules: one
run, as in a real check: rules cache what they compute on the catalog): steadier than wall time on the
shared 2-core machine. Prints import, split, parse, catalog, rules (each rule with --rules),
finish_report and text rendering.
"""
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if __name__ == "__main__":
    import compileall

    compileall.compile_dir(str(ROOT / "archkit"), quiet=1)   # as an install has it
gc.disable()
t0 = time.process_time()
import archkit.schema.rules  # noqa: E402,F401
from archkit.schema.catalog import build_catalog  # noqa: E402
from archkit.schema.check import (  # noqa: E402
    CheckConfig,
    enabled_rules,
    finish_report,
    parse_findings,
    rule_options,
)
from archkit.schema.dialects import get_dialect  # noqa: E402
from archkit.schema.parallel import parse_sources  # noqa: E402
from archkit.schema.parse import read_sources  # noqa: E402
from archkit.schema.registry import SchemaContext  # noqa: E402
from archkit.schema.split import LineIndex, split_sql  # noqa: E402

print(f"imports      {time.process_time() - t0:.3f} s (in-process, after interpreter start)")
args = [a for a in sys.argv[1:] if not a.startswith("--")]
if args:
    path = args[0]
else:
    gen = os.environ.get("ARCHKIT_GEN_SCHEMA", "/work/shared/bench/gen_schema.py")
    out = tempfile.mkdtemp(prefix="archkit-phases-")
    subprocess.run([sys.executable, gen, "2000", "10000", out], check=True,
                   stdout=subprocess.DEVNULL)
    path = str(Path(out) / "schema.sql")
src = read_sources([path])
d = get_dialect("postgres")
conf = CheckConfig.make("postgres")


def best(fn, n=3):
    out, ts = None, []
    for _ in range(n):
        a = time.process_time()
        out = fn()
        ts.append(time.process_time() - a)
    return min(ts), out


t, _ = best(lambda: list(split_sql(src[0].text, "postgres", LineIndex(src[0].text))))
print(f"split        {t:.3f} s")
t, st = best(lambda: parse_sources(src, d, workers=1), 1)
print(f"split+parse  {t:.3f} s  ({len(st)} statements)")
t, cat = best(lambda: build_catalog(st, d), 1)
print(f"catalog      {t:.3f} s  ({len(cat.tables)} tables)")
per = {}


def rules():
    out = parse_findings(cat.statements)
    for sr in enabled_rules(conf):
        ctx = SchemaContext(catalog=cat, dialect=d, rule=sr.rule,
                            options=rule_options(conf, sr.rule.id))
        a = time.process_time()
        out.extend(sr.check(ctx) or ())
        per[sr.rule.id] = min(per.get(sr.rule.id, 9e9), time.process_time() - a)
    return out


t, found = best(rules, 1)   # once: rules cache what they compute on the catalog
print(f"rules        {t:.3f} s  ({len(found)} findings)")
t, rep = best(lambda: finish_report(list(found), cat, conf))
print(f"finish       {t:.3f} s")
t, _ = best(lambda: rep.to_text())
print(f"to_text      {t:.3f} s")
if "--rules" in sys.argv:
    for rid, s in sorted(per.items(), key=lambda kv: -kv[1])[:30]:
        print(f"  {rid:10s} {s * 1000:7.1f} ms")
