"""In IPython (a notebook's kernel), a mistake in a workspace file is the one line the
command line prints, not a traceback through archkit whose useful line came last (scout
AV); %tb still gives the traceback, and other exceptions show as IPython shows them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_an_input_error_in_ipython_is_one_line(tmp_path: Path):
    (tmp_path / "d.yaml").write_text("title: t\nscale: [1, 5]\ncriteria: [{name: cost, "
                                     "weight: 1}]\n"
                                     "options:\n  X: {cots: 1}\n  Y: {cost: 2}\n")
    cells = ["from archkit.tradeoff import DecisionMatrix",
             f"DecisionMatrix.from_yaml({str(tmp_path / 'd.yaml')!r})", "%tb", "1/0"]
    ipython = Path(sys.executable).with_name("ipython")
    out = subprocess.run([str(ipython), "--colors=NoColor", "--simple-prompt"],
                         input="\n".join(cells) + "\n", capture_output=True, text=True,
                         timeout=120)
    assert (f"InputError: {tmp_path / 'd.yaml'}:5:7: option 'X': unknown criterion 'cots'"
            in out.stderr)
    assert "(the traceback: %tb)" in out.stderr
    before_tb = out.stdout.split("In [3]:")[0]
    assert "Traceback" not in before_tb                  # the error alone
    assert "InputError                                Traceback" in out.stdout   # %tb
    assert "ZeroDivisionError" in out.stdout             # others as IPython shows them


def test_import_archkit_outside_ipython_loads_no_ui():
    code = "import sys, archkit; print('archkit.ui.errors' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"
