"""The committed notebooks as a reader first sees them: JupyterLab in Chromium, the
notebook not yet trusted (a fresh clone; nobody has run it on this machine).

JupyterLab refuses ``image/svg+xml`` in an untrusted notebook: with
``IPython.display.SVG`` every diagram and chart read ``<IPython.core.display.SVG
object>`` until the reader ran the cell, and a wide diagram, once shown, ran off the
page. ``archkit.ui.picture.Drawing`` puts an ``<img>`` in text/html, which JupyterLab
shows sanitised and fits to the output's width. nbval cannot see this: it compares
outputs, not what a front end makes of them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests import browser_support as support

browser, page = support.browser, support.page
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "archkit-test"
# notebooks with drawings in their outputs: the widest diagrams (03), matplotlib charts and
# a widget's copy (02), an ER diagram (05)
NOTEBOOKS = ["02-trade-offs", "03-service-boundaries", "05-schema-and-indexes"]


@pytest.fixture(scope="module")
def lab():
    reason = support.chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    with tempfile.TemporaryDirectory(prefix="archkit-lab-") as tmp:
        work = Path(tmp)
        (work / "nb").mkdir()
        for name in NOTEBOOKS:
            shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", work / "nb")
        port = support.free_port()
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(work / "runtime"),
                   JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_DATA_DIR=str(work / "data"),
                   JUPYTER_PLATFORM_DIRS="1")
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
               f"--ServerApp.root_dir={work / 'nb'}", "--allow-root",
               f"--LabApp.user_settings_dir={work / 'settings'}",
               f"--LabApp.workspaces_dir={work / 'workspaces'}"]
        log = work / "lab.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT)
        server = support.VoilaServer(f"http://127.0.0.1:{port}/", proc, log)
        try:
            deadline = time.monotonic() + support.SERVER_START_TIMEOUT_S
            while not support._answers(f"{server.url}api?token={TOKEN}"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{server.log_tail()}")
                time.sleep(0.2)
            yield server
        finally:
            support.stop_voila(server)


def _drawings(name: str) -> int:
    nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())
    return sum("image/svg+xml" in out.get("data", {})
               for cell in nb["cells"] for out in cell.get("outputs", []))


READ_OUTPUTS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const outputs = Array.from(panel.querySelectorAll('.jp-OutputArea-output'));
    return outputs.map(o => ({
        text: o.innerText.slice(0, 120),
        width: o.getBoundingClientRect().width,
        images: Array.from(o.querySelectorAll("img[src^='data:image/']")).map(i => ({
            alt: i.alt, complete: i.complete, natural: i.naturalWidth,
            width: i.getBoundingClientRect().width}))}));
}"""


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_an_untrusted_notebook_shows_every_drawing_within_the_page(page, lab, name):
    page.goto(f"{lab.url}lab/tree/{name}.ipynb?reset&token={TOKEN}")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    expected = _drawings(name)
    assert expected >= 1
    try:
        page.wait_for_function(
            """(n) => {
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            if (!panel) return false;
            const imgs = Array.from(panel.querySelectorAll("img[src^='data:image/svg+xml']"));
            return imgs.length >= n && imgs.every(i => i.complete);
            }""", arg=expected, timeout=30_000)
    except PlaywrightTimeout:
        pass                     # what the page shows instead is asserted below
    outputs = page.evaluate(READ_OUTPUTS)
    texts = [o["text"] for o in outputs]
    assert not [t for t in texts if "SVG object" in t or "untrusted SVG" in t], texts
    images = [(img, o["width"]) for o in outputs for img in o["images"]]
    assert len(images) >= expected
    for img, room in images:
        assert img["complete"] and img["natural"] > 0, f"{name}: {img['alt']} did not load"
        assert 0 < img["width"] <= room + 1, f"{name}: {img['alt']} is wider than the page"
    if name == "03-service-boundaries":       # a wide diagram is scaled down to fit
        [container] = [img for img, _ in images if img["alt"] == "container view"]
        assert container["natural"] > container["width"] * 1.5
    support.screenshot(page, f"lab-{name}")
