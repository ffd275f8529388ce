"""Real-browser fixtures: Voilà serves the widget app notebooks, Playwright drives Chromium.

A test module makes the fixtures (``voila``, ``browser``, ``page``) its own by name::

    from tests import browser_support as support
    browser, page, voila = support.browser, support.page, support.voila

``voila`` (one server per test session, serving ``tests/fixtures/widgets/``) starts
Voilà on 127.0.0.1 on a free port, waits until it answers and always terminates it,
kernels included. ``browser`` launches the Debian Chromium through Playwright's sync
API; the whole module is skipped, with the reason, when ``/usr/bin/chromium`` is
absent. ``open_app(page, voila, "plain")`` renders one app notebook and waits for its
marker: Voilà executes the whole notebook before the page shows anything, and the
widget views appear only after the widget manager has connected to the kernel, so
every app notebook ends by displaying an ``HTML`` widget with the class
``ak-page-ready``. ``app_page`` keeps one app open for several tests (one kernel
start), and ``covering_element`` tells whether a user can actually see an element.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = Path(__file__).resolve().parent / "fixtures" / "widgets"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# Playwright's own browser download does not work on our machines: drive the Debian
# Chromium, headless, with everything that phones home switched off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
READY_SELECTOR = ".ak-page-ready"
# Voilà renders a cell's exception as a stderr output holding the traceback.
TRACEBACK_SELECTOR = ("[data-mime-type='application/vnd.jupyter.stderr']"
                      ":has-text('Traceback')")
VIEWPORT = {"width": 1100, "height": 900}
SERVER_START_TIMEOUT_S = 60.0
# Voilà runs the whole notebook (imports, archkit analysis) before it sends the page.
APP_READY_TIMEOUT_MS = 60_000
# Finding an element of a page that is ready, or a kernel's answer to a change.
ACTION_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class VoilaServer:
    """A running Voilà serving every notebook of one folder."""

    url: str
    process: subprocess.Popen
    log: Path

    def app_url(self, name: str) -> str:
        return f"{self.url}voila/render/{name}.ipynb"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def voila_command(root: Path, port: int) -> list[str]:
    """``voila`` next to the running interpreter, else ``python -m voila``."""
    exe = Path(sys.executable).with_name("voila")
    head = [str(exe)] if exe.exists() else [sys.executable, "-m", "voila"]
    return head + [
        str(root),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=True",
    ]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def start_voila(root: Path, workdir: Path, *, timeout: float = SERVER_START_TIMEOUT_S) -> VoilaServer:
    """Start Voilà on ``root`` and return once its tree page answers with 200."""
    port = free_port()
    env = dict(os.environ)
    # The kernels import archkit from this checkout, as the tests do.
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["JUPYTER_RUNTIME_DIR"] = str(workdir / "runtime")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    log = workdir / "voila.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(voila_command(root, port), cwd=root, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    server = VoilaServer(f"http://127.0.0.1:{port}/", proc, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Voilà exited with code {proc.returncode} before answering:\n"
                               f"{server.log_tail()}")
        if _answers(server.url):
            return server
        time.sleep(0.2)
    stop_voila(server)
    raise RuntimeError(f"Voilà did not answer on {server.url} within {timeout:.0f} s:\n"
                       f"{server.log_tail()}")


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids of every live process, read from /proc (Linux)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
        if state != "Z":
            tree.setdefault(int(ppid), []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    """Live processes started, directly or not, by ``pid``: Voilà's kernels run in
    sessions of their own (jupyter_client starts them so), out of the server's group."""
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


def stop_voila(server: VoilaServer, *, grace: float = 10.0) -> None:
    """SIGTERM: Voilà shuts its kernels down and exits. Whatever outlives the grace
    period (the server, a kernel) is killed by its own pid."""
    proc = server.process
    started = descendants(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=grace)
    deadline = time.monotonic() + grace
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in started:
        if alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def chromium_missing_reason() -> str | None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return (f"{CHROMIUM} is absent: install Debian's chromium "
                "(sudo apt-get install -y chromium fonts-dejavu-core) to run the browser tests")
    return None


@pytest.fixture(scope="session")
def voila() -> Iterator[VoilaServer]:
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    with tempfile.TemporaryDirectory(prefix="archkit-voila-") as tmp:
        server = start_voila(APPS, Path(tmp))
        started: set[int] = set()
        try:
            yield server
        finally:
            started.update(descendants(server.process.pid))
            stop_voila(server)
        # Every kernel the pages started ran under this server: none may outlive it.
        left = sorted(pid for pid in started if alive(pid))
        assert server.process.poll() is not None, "Voilà still runs"
        assert not left, f"processes started by Voilà outlived it: {left}"


class _SharedChromium:
    """One Playwright and one Chromium for the whole session, however many test modules
    import the ``browser`` fixture: each import is a fixture of its own, and a second
    sync Playwright in the same thread fails ("Sync API inside the asyncio loop")."""

    users = 0
    playwright = None
    browser = None

    @classmethod
    def acquire(cls):
        if cls.users == 0:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            try:
                cls.browser = cls.playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            except BaseException:
                cls.playwright.stop()
                raise
        cls.users += 1
        return cls.browser

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users == 0:
            try:
                cls.browser.close()
            finally:
                cls.playwright.stop()
                cls.browser = cls.playwright = None


@pytest.fixture(scope="session")
def browser():
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    chromium = _SharedChromium.acquire()
    try:
        yield chromium
    finally:
        _SharedChromium.release()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def open_app(page, server: VoilaServer, name: str):
    """Render ``tests/fixtures/widgets/<name>.ipynb`` and wait until its widgets are live.

    A Python error in the notebook shows up in the page rather than as a timeout: it is
    raised here with the traceback text Voilà rendered.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(server.app_url(name), wait_until="domcontentloaded")
    ready = page.locator(READY_SELECTOR)
    failed = page.locator(TRACEBACK_SELECTOR)
    try:
        ready.or_(failed).first.wait_for(timeout=APP_READY_TIMEOUT_MS)
    except PlaywrightTimeout:
        raise AssertionError(f"app {name!r} never showed {READY_SELECTOR}; Voilà log:\n"
                             f"{server.log_tail()}") from None
    if failed.count():
        raise AssertionError(f"app {name!r} failed in the kernel:\n"
                             + "\n".join(failed.all_inner_texts()))
    return page


@contextmanager
def app_page(browser, server: VoilaServer, name: str) -> Iterator:
    """A page of its own showing one app, for several tests to share (one kernel start)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        yield open_app(context.new_page(), server, name)
    finally:
        context.close()


def covering_element(locator) -> str | None:
    """What a user sees at the centre of ``locator`` when something else is drawn there
    (tag and classes, or "outside the page"); None when the element itself is on top.

    Only the window scrolls (as a reader scrolls the page): scrolling the element's own
    containers would reveal what an overflowing box hides from the reader.
    """
    return locator.evaluate("""(el) => {
        let box = el.getBoundingClientRect();
        window.scrollBy(0, box.top + box.height / 2 - window.innerHeight / 2);
        box = el.getBoundingClientRect();
        const x = box.left + box.width / 2, y = box.top + box.height / 2;
        if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight)
            return "outside the page";
        const top = document.elementFromPoint(x, y);
        if (top === null || el === top || el.contains(top)) return null;
        return top.tagName.toLowerCase() + (top.className ? "." + String(top.className)
            .trim().split(/\\s+/).join(".") : "");
    }""")


def screenshot(page, name: str) -> Path:
    """Save the whole app as a PNG under build/screenshots/ (not committed).

    Voilà's page does not scroll: a fixed-size panel inside it does, so a full-page
    screenshot would stop at the window's edge. The window is made as tall as the
    panel's content for the picture, then put back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...[...document.querySelectorAll("#rendered_cells, .jp-LabShell *")]
            .map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 6000)})
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path
