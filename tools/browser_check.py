"""The course as a reader meets it: every notebook in JupyterLab in headless Chromium (`make test-browser`).

Usage: python tools/browser_check.py [--site DIR] [--shots DIR] [NOTEBOOK ...]
       (default: every notebooks/*.ipynb; --site also checks a site built by tools/build_site.py)

JupyterLab runs from this interpreter on 127.0.0.1 (a free port, a random token, its own
configuration, runtime, data and settings folders, autosave off) on the folder above the
notebooks; the check fails if any notebook's bytes change. For each notebook it clears the
outputs, runs all cells once the kernel is connected (a Run All issued earlier is silently
dropped), and fails when

- a cell shows an error (cells tagged ``raises-exception`` may), or a cell did not run;
- a widget did not render ("Loading widget...", "Error displaying widget", or no widget DOM);
- moving the first slider of a widget that draws a figure does not change that figure;
- before the cells run, an output shows a widget's raw repr (``Explorer(children=…``) instead
  of its plain-text form that asks to run the cell;
- a widget cuts a label ("learning r…"), gives its labels different widths (the slider tracks
  do not line up), or shows its picture with fewer image pixels per CSS pixel than
  ``PIXEL_DENSITY`` of ``course_lib.widgets.explorer`` (blurred).

The first such slider of each notebook is then dragged (ten quick steps); the report records how
many pictures followed and how long after the last step the figure settled.

With ``--site``, every page the site's index links to, and every ``*.slides.html``, is opened
with all traffic off this machine blocked; it fails when a page asks for anything from
elsewhere or for a file the site lacks, a figure or a widget does not render, the right arrow
does not reach every section of the slides, or a slide is taller than its box. Then the first
notebook is run and saved in JupyterLab (what autosave does after a session), a site is built
from it, and that site must still show the committed notebook with working widgets.
Screenshots and ``report.json`` go to ``--shots``
(default ``build/screenshots``). JupyterLab and Chromium (started here, driven over its DevTools
port) are stopped by process group id, also on failure.
Needs Chromium at /usr/bin/chromium (or $CHROMIUM) and the ``playwright`` package; never downloads a
browser.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pinned_numerics import pin  # noqa: E402 (this script's folder is on sys.path)

from course_lib.widgets.explorer import PIXEL_DENSITY  # noqa: E402 (the course's own package)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
VIEWS = ".jp-NotebookPanel .jp-OutputArea-output:has(> .jupyter-widgets)"  # a widget shown by a cell
SERVER_START_S, LAB_LOAD_S, RUN_ALL_S, WIDGET_S, MOVE_S = 90, 120, 180, 60, 30
DRAG_KEYS, QUIET_S = 10, 2.0  # a drag: 10 steps of a slider; settled: no new picture for 2 s
PRESSES, PRESS_S = 8, 5  # single key presses timed from the press to the new picture painted
SETTINGS = {  # JupyterLab user settings for the run: every cell in the DOM, nothing saved
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


class CheckFailed(AssertionError):
    """What a reader would have seen go wrong."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM the process group of ``process`` (a server and its kernels), SIGKILL it if it hangs."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


@contextmanager
def jupyterlab(workdir: Path, home: Path):
    """Start JupyterLab on ``workdir`` with its own folders in ``home``; yield its URL and token."""
    for name, values in SETTINGS.items():
        path = home / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_PATH", "MPLBACKEND")}
    env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_DATA_DIR=str(home / "data"), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    pin(env)  # the kernels compute as the saved outputs were computed (their asserts hold)
    token = secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={free_port()}", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={workdir}", f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
               "--LabApp.news_url=None",
               "--LabApp.expose_app_in_browser=True",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "jupyterlab.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        yield wait_for_server(server, home / "runtime", token), token
    except BaseException:
        log.flush()
        print((home / "jupyterlab.log").read_text()[-3000:], file=sys.stderr)
        raise
    finally:
        stop(server)
        log.close()


def wait_for_server(server: subprocess.Popen, runtime: Path, token: str) -> str:
    """The base URL of ``server`` once its REST API answers (its port read from its runtime file)."""
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(f"JupyterLab exited with code {server.returncode}")
        for info in runtime.glob(f"jpserver-{server.pid}.json"):
            base = f"http://127.0.0.1:{json.loads(info.read_text())['port']}"
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                return base
            except OSError:
                pass
        time.sleep(0.25)
    raise CheckFailed(f"JupyterLab did not answer within {SERVER_START_S} s")


OPEN_JS = """async ([path, timeoutMs]) => {
  const app = window.jupyterapp;
  await app.started; await app.restored;
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await panel.context.ready;
  await panel.sessionContext.ready;
  const start = Date.now();
  for (;;) {  // ready is not enough: wait until the kernel is connected and idle (Pyodide: loaded)
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle') break;
    if (Date.now() - start > timeoutMs) throw new Error('kernel not ready after ' + timeoutMs + ' ms');
    await new Promise(r => setTimeout(r, 100));
  }
  app.shell.activateById(panel.id);
  window.__panel = panel;
}"""

RUN_ALL_JS = """async (timeoutMs) => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  const run = app.commands.execute('notebook:run-all-cells');
  const late = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('Run All did not finish within ' + timeoutMs + ' ms')), timeoutMs));
  await Promise.race([run, late]);
  // The command can settle while cells are still queued: wait until no prompt shows [*] and the
  // kernel has been idle for a second.
  const start = Date.now();
  let quiet = 0;
  while (quiet < 5) {
    const kernel = window.__panel.sessionContext.session.kernel;
    const queued = [...window.__panel.content.node.querySelectorAll('.jp-InputPrompt')]
      .some(p => p.textContent.includes('*'));
    quiet = (kernel.status === 'idle' && !queued) ? quiet + 1 : 0;
    if (Date.now() - start > timeoutMs) throw new Error('cells still running after ' + timeoutMs + ' ms');
    await new Promise(r => setTimeout(r, 200));
  }
}"""

CELLS_JS = """() => {
  const WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
  const cells = [];
  const model = window.__panel.content.model;
  for (let i = 0; i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== 'code' || !cell.sharedModel.getSource().trim()) continue;
    const outputs = [];
    for (let j = 0; j < cell.outputs.length; j++) outputs.push(cell.outputs.get(j).toJSON());
    cells.push({index: i, count: cell.executionCount, tags: cell.getMetadata('tags') || [],
                errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
                widgets: outputs.filter(o => o.data && o.data[WIDGET_VIEW]).length});
  }
  return cells;
}"""

WIDGETS_SETTLED_JS = """([selector, expected]) => {
  const text = window.__panel.content.node.innerText;
  return text.includes('Error displaying widget')
         || (document.querySelectorAll(selector).length >= expected && !text.includes('Loading widget'));
}"""

CLOSE_JS = """async () => {
  const panel = window.__panel;
  await panel.sessionContext.shutdown();
  panel.context.model.dirty = false;
  panel.dispose();
}"""

NEW_IMAGE_JS = """([view, old]) => {
  const img = view.querySelector('img.widget-image');
  return img !== null && img.complete && img.naturalWidth > 0 && img.src !== old;
}"""

WATCH_IMAGE_JS = """(view) => {  // record the time of every new picture in the widget's image
  const img = view.querySelector('img.widget-image');
  window.__redraws = [];
  new MutationObserver(() => window.__redraws.push(performance.now()))
    .observe(img, {attributes: true, attributeFilter: ['src']});
}"""

LATENCY_JS = """(view) => {  // times of a key press and of the next picture of this widget: its
  // new src, decoded, painted (the task after the next animation frame runs once that frame is
  // painted; a second requestAnimationFrame would add a whole frame to every measurement)
  window.__latencyImage = view.querySelector('img.widget-image');
  window.__press = null;
  if (window.__latencyWatched) return;
  window.__latencyWatched = true;
  const now = () => performance.now();
  document.addEventListener('keydown', () => { window.__press = {pressed: now()}; }, {capture: true});
  new MutationObserver((records) => {
    const img = records.map(r => r.target).find(t => t === window.__latencyImage);
    const press = window.__press;
    if (!img || !press || press.src) return;
    press.src = now();
    img.decode().then(() => {
      press.decoded = now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { press.painted = now(); };
        channel.port2.postMessage(null);
      });
    });
  }).observe(document.body, {attributes: true, attributeFilter: ['src'], subtree: true});
}"""

RAW_REPR_JS = """() => {  // a widget's repr shown as text, e.g. Explorer(children=(HBox(...
  const found = window.__panel.content.node.innerText.match(/\\b\\w+\\(children=/);
  return found ? found[0] : null;
}"""

LAYOUT_JS = """(view) => {  // the description labels (not a checkbox's own text) and the picture
  const labels = [...view.querySelectorAll('.widget-inline-hbox > .widget-label')]
    .filter(l => l.textContent.trim() && l.offsetParent !== null);
  const img = view.querySelector('img.widget-image');
  return {cut: labels.filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent),
          widths: [...new Set(labels.map(l => Math.round(l.getBoundingClientRect().width)))],
          natural: img ? img.naturalWidth : 0, shown: img ? img.getBoundingClientRect().width : 0};
}"""

SETTLED_JS = """(quiet) => window.__redraws.length > 0
  && performance.now() - window.__redraws[window.__redraws.length - 1] > quiet"""


def check_cells(page, name: str) -> int:
    """Fail on an unexpected error or a cell that did not run; return how many widgets the cells show."""
    cells = page.evaluate(CELLS_JS)
    not_run = [c["index"] for c in cells if c["count"] is None]
    errors = [f"cell {c['index']}: {e}" for c in cells if "raises-exception" not in c["tags"]
              for e in c["errors"]]
    if errors:
        raise CheckFailed(f"{name}: error output in " + "; ".join(errors))
    if not_run:
        raise CheckFailed(f"{name}: cells {not_run} did not run")
    return sum(c["widgets"] for c in cells)


def check_layout(view, name: str, i: int) -> None:
    """Fail when widget ``i`` cuts a label, misaligns its labels or blurs its picture."""
    seen = view.evaluate(LAYOUT_JS)
    if seen["cut"]:
        raise CheckFailed(f"{name}: widget {i}: labels cut short: {seen['cut']}")
    if len(seen["widths"]) > 1:
        raise CheckFailed(f"{name}: widget {i}: labels of different widths {seen['widths']} px: "
                          "the slider tracks do not line up")
    if seen["shown"] and seen["natural"] < PIXEL_DENSITY * seen["shown"] - 1:
        raise CheckFailed(f"{name}: widget {i}: a {seen['natural']} px wide picture shown "
                          f"{seen['shown']:.0f} px wide, fewer than {PIXEL_DENSITY} pixels per px")


def slider_figures(page):
    """Each widget that has a slider and shows a figure, scrolled into view: (index, view, the
    slider's handle, the figure's image)."""
    views = page.locator(VIEWS)
    for i in range(views.count()):
        view = views.nth(i)
        handle, image = view.locator(".noUi-handle").first, view.locator("img.widget-image").first
        if handle.count() and image.count():
            view.scroll_into_view_if_needed()
            yield i, view, handle, image


def move_sliders(page, name: str, shots: Path) -> int:
    """Move the first slider of every widget that shows a figure; return how many figures
    changed, and how the first of them follows a drag (see ``drag``)."""
    moved, dragged = 0, None
    for i, view, handle, image in slider_figures(page):
        check_layout(view, name, i)
        before = image.get_attribute("src")
        view.screenshot(path=str(shots / f"{name}-widget{i}-before.png"))
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        try:
            page.wait_for_function(NEW_IMAGE_JS, arg=[view.element_handle(), before], timeout=MOVE_S * 1000)
        except Exception as error:
            view.screenshot(path=str(shots / f"{name}-widget{i}-FAILED.png"))
            raise CheckFailed(f"{name}: widget {i}: moving its slider did not change its figure") from error
        view.screenshot(path=str(shots / f"{name}-widget{i}-after.png"))
        moved += 1
        if dragged is None:
            dragged = drag(page, view, "ArrowLeft" if at_max else "ArrowRight")
            dragged["press_ms"] = press_latency(page, view)
    return moved, dragged


def press_latency(page, view) -> dict:
    """Milliseconds from each of ``PRESSES`` key presses on the focused slider to its widget's new
    picture decoded and painted (``total``), and the medians of its parts: ``to_picture`` (the
    value to the kernel, the figure drawn and encoded, the picture back in the page), ``decode``
    and ``paint``. Each press moves the slider away from the end it is at (a press at an end moves
    nothing); a press whose picture does not come within PRESS_S is not counted
    (``move_sliders`` has already checked that the slider moves its figure)."""
    handle = view.locator(".noUi-handle").first
    handle.focus()
    page.evaluate(LATENCY_JS, view.element_handle())
    presses = []
    for k in range(PRESSES):
        now, low, high = (handle.get_attribute(f"aria-value{end}") for end in ("now", "min", "max"))
        key = "ArrowLeft" if now == high or (k % 2 and now != low) else "ArrowRight"
        page.keyboard.press(key)
        try:
            page.wait_for_function("() => window.__press && window.__press.painted", timeout=PRESS_S * 1000)
        except Exception:  # a value that gives the same picture: nothing to time
            continue
        presses.append(page.evaluate("() => window.__press"))

    def median(start: str, end: str) -> float:
        return round(statistics.median(p[end] - p[start] for p in presses), 1) if presses else 0.0

    return {"total": [round(p["painted"] - p["pressed"], 1) for p in presses],
            "to_picture": median("pressed", "src"), "decode": median("src", "decoded"),
            "paint": median("decoded", "painted")}


def drag(page, view, key: str) -> dict:
    """Press ``key`` DRAG_KEYS times, as fast as a dragged slider sends its values; return how
    many pictures the widget then showed and how long after the last press the last one came."""
    page.evaluate(WATCH_IMAGE_JS, view.element_handle())
    for _ in range(DRAG_KEYS):
        page.keyboard.press(key)
    pressed = page.evaluate("() => performance.now()")
    page.wait_for_function(SETTLED_JS, arg=QUIET_S * 1000, timeout=MOVE_S * 1000)
    redraws = page.evaluate("() => window.__redraws")
    return {"keys": DRAG_KEYS, "redraws": len(redraws),
            "settled_s": round(max(0.0, redraws[-1] - pressed) / 1000, 2)}


PLAYGROUND_NOTEBOOK, PLAY_S = "11_playground", 60
EPOCH_JS = """(view) => {  // the playground's epoch counter ("epoch 12"), or null
    const found = [...view.querySelectorAll('.widget-html-content')]
        .map(node => node.innerText.trim().match(/^epoch (\\d+)$/)).find(Boolean);
    return found ? Number(found[1]) : null;
}"""


def check_playground(page, name: str, shots: Path) -> dict:
    """The playground's play / pause / one step, pressed as a reader would: one step adds one
    epoch; play keeps adding epochs (and pictures) until pause, which stops them; one step after
    the pause adds one again. Fails when the counter or the picture does not follow, or when the
    notebook does not handle the pause while playing (the kernel blocked). Returns the epochs."""
    view = page.locator(VIEWS).filter(has=page.locator("button.widget-toggle-button")).first  # play/pause
    if not view.count():
        raise CheckFailed(f"{name}: no playground with a play button")
    view.scroll_into_view_if_needed()
    handle = view.element_handle()
    play = view.locator("button.widget-toggle-button").first
    step = view.locator("button", has_text="one step").first

    def epoch() -> int:
        value = page.evaluate(EPOCH_JS, handle)
        if value is None:
            raise CheckFailed(f"{name}: the playground shows no epoch counter")
        return value

    def wait_epoch(test: str, what: str) -> int:
        try:
            page.wait_for_function(f"(view) => {{ const e = ({EPOCH_JS})(view); "
                                   f"return e !== null && {test}; }}", arg=handle, timeout=PLAY_S * 1000)
        except Exception as error:
            view.screenshot(path=str(shots / f"{name}-playground-FAILED.png"))
            raise CheckFailed(f"{name}: playground: {what}") from error
        return epoch()

    start = epoch()
    step.click()
    stepped = wait_epoch(f"e === {start + 1}", f"one step did not move the counter from epoch {start}")
    before = view.locator("img.widget-image").first.get_attribute("src")
    play.click()
    playing = wait_epoch(f"e >= {stepped + 10}", "play did not keep training (10 epochs)")
    if view.locator("img.widget-image").first.get_attribute("src") == before:
        raise CheckFailed(f"{name}: playground: the picture did not change while playing")
    view.screenshot(path=str(shots / f"{name}-playground-playing.png"))
    play.click()  # pause, sent while the kernel is training
    try:
        page.wait_for_function("(button) => button.innerText.trim() === 'play'", arg=play.element_handle(),
                               timeout=PLAY_S * 1000)
    except Exception as error:
        raise CheckFailed(f"{name}: playground: pause did not come back to 'play'") from error
    time.sleep(QUIET_S)  # a last chunk may finish; then nothing more
    paused = epoch()
    time.sleep(QUIET_S)
    if epoch() != paused:
        raise CheckFailed(f"{name}: playground: still training {QUIET_S:g} s after pause")
    step.click()
    wait_epoch(f"e === {paused + 1}", f"one step after pause did not move the counter from epoch {paused}")
    return {"stepped_to": stepped, "played_to_at_least": playing, "paused_at": paused}


def check_notebook(page, path: str, shots: Path) -> dict:
    """Open, run and check one notebook in the JupyterLab page; close it; return its timings."""
    name = Path(path).stem
    t0 = time.perf_counter()
    page.evaluate(OPEN_JS, [path, LAB_LOAD_S * 1000])
    try:
        t_open = time.perf_counter()
        if page.locator(".Toastify__toast").count():
            raise CheckFailed(f"{name}: a notification pop-up covers the notebook: "
                              f"{page.locator('.Toastify__toast').first.inner_text()[:120]!r}")
        raw = page.evaluate(RAW_REPR_JS)
        if raw:
            raise CheckFailed(f"{name}: before running, an output shows the repr {raw}… "
                              "where it should ask to run the cell")
        page.evaluate(RUN_ALL_JS, RUN_ALL_S * 1000)
        if all(c["count"] is None for c in page.evaluate(CELLS_JS)):
            print(f"  {name}: Run All ran nothing; running it again", flush=True)
            page.evaluate(RUN_ALL_JS, RUN_ALL_S * 1000)
        t_run = time.perf_counter()
        n_views = check_cells(page, name)
        page.wait_for_function(WIDGETS_SETTLED_JS, arg=[VIEWS, n_views], timeout=WIDGET_S * 1000)
        if "Error displaying widget" in page.evaluate("() => window.__panel.content.node.innerText"):
            raise CheckFailed(f"{name}: a widget shows 'Error displaying widget'")
        rendered = page.locator(VIEWS).count()
        if rendered != n_views:
            raise CheckFailed(f"{name}: {n_views} widget outputs but {rendered} rendered widgets")
        moved, dragged = move_sliders(page, name, shots)
        played = check_playground(page, name, shots) if name == PLAYGROUND_NOTEBOOK else None
        page.evaluate("() => window.__panel.content.node.querySelector('.jp-WindowedPanel-outer')"
                      ".scrollTo(0, 0)")
        page.screenshot(path=str(shots / f"{name}.png"))
        t_end = time.perf_counter()
    except Exception:
        page.screenshot(path=str(shots / f"{name}-FAILED.png"))
        raise
    finally:
        page.evaluate(CLOSE_JS)
    return {"notebook": path, "widgets": n_views, "figures_moved": moved, "drag": dragged,
            "playground": played, "open_s": round(t_open - t0, 2), "run_s": round(t_run - t_open, 2),
            "widgets_s": round(t_end - t_run, 2), "total_s": round(t_end - t0, 2)}


@contextmanager
def chromium(home: Path, *arguments: str):
    """Start headless Chromium (with ``arguments`` besides the usual ones) with a DevTools port;
    yield its endpoint; stop it on exit."""
    profile = home / "chromium-profile"
    browser = subprocess.Popen([CHROMIUM, *CHROMIUM_ARGS, *arguments, f"--user-data-dir={profile}",
                                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                                "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_S
        port_file = profile / "DevToolsActivePort"
        while not (port_file.exists() and port_file.read_text().strip()):
            if browser.poll() is not None or time.monotonic() > deadline:
                raise CheckFailed(f"Chromium did not start (exit code {browser.poll()})")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port_file.read_text().split()[0]}"
    finally:
        stop(browser)


@contextmanager
def static_server(folder: Path, handler: type[http.server.BaseHTTPRequestHandler] | None = None):
    """Serve ``folder`` on 127.0.0.1 at a free port from a thread (with ``handler``, by default a
    quiet ``SimpleHTTPRequestHandler``); yield the base URL."""
    handler = functools.partial(handler or QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the signature of the base class)
        pass


SITE_WIDGETS_JS = """() => [...document.querySelectorAll(
  'script[type="application/vnd.jupyter.widget-view+json"]')].every(
  s => s.parentElement.querySelector('.jupyter-widgets'))"""

SITE_PAGE_JS = """() => {
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  const rendered = views.filter(s => s.parentElement.querySelector('.jupyter-widgets'));
  const images = [...document.querySelectorAll('img')];
  return {views: views.length, rendered: rendered.length,
          sliders: document.querySelectorAll('.widget-slider, .widget-hslider').length,
          broken_images: images.filter(i => !(i.complete && i.naturalWidth > 0)).length,
          images: images.length,
          math: document.querySelectorAll('.MathJax, .MathJax_CHTML, mjx-container').length,
          error_text: document.body.innerText.includes('Error displaying widget')};
}"""


MATHJAX_DONE_JS = """() => !window.MathJax || !MathJax.Hub ||
    (MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0)"""


SLIDE_JS = """() => {
    const slide = [...document.querySelectorAll('.reveal .slides section.present')].pop();
    const heading = slide.querySelector('h1, h2');
    return {hash: location.hash, heading: heading ? heading.textContent.replace('¶', '').trim() : null,
            height: slide.scrollHeight, box: Number(Reveal_height)};
}"""


def check_slides(page, url: str, slides: Path, shots: Path) -> dict:
    """Step through the slides with the right arrow only: every section heading of the notebook
    must be reached, and no slide may be taller than the slide box (cut off on a projector)."""
    page.goto(url, wait_until="load")
    page.wait_for_selector(".reveal.ready", timeout=WIDGET_S * 1000)
    box = int(re.search(r"Reveal\.initialize\(\{.*?height:\s*(\d+)", slides.read_text(encoding="utf-8"),
                        re.S).group(1))
    js = SLIDE_JS.replace("Number(Reveal_height)", str(box))
    seen, headings, cut = [], [], []
    for step in range(500):
        state = page.evaluate(js)
        if seen and state["hash"] == seen[-1]:
            break  # the last slide: the right arrow no longer moves
        seen.append(state["hash"])
        if state["heading"]:
            headings.append(state["heading"])
        if state["height"] > box + 2:
            cut.append(f"{state['hash']} ({state['height']} px of {box})")
            page.screenshot(path=str(shots / f"site-{slides.stem}-cut-{len(cut)}.png"))
        if step == 1:
            page.screenshot(path=str(shots / f"site-{slides.stem}-2.png"))
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(350)  # the slide transition
    text = slides.read_text(encoding="utf-8")
    sections = re.findall(r"<h[12] id=[^>]*>(.*?)<a class=\"anchor-link\"", text)
    missed = [s for s in (re.sub(r"<[^>]+>", "", html.unescape(s)).strip() for s in sections)
              if s not in headings]
    if len(seen) < 2 or missed or cut:
        raise CheckFailed(f"site: {slides.name}: {len(seen)} slides by the right arrow; "
                          f"sections not reached: {missed}; cut off at the bottom: {cut}")
    return {"page": slides.name, "slides": len(seen)}


def check_site_after_lab(page, browser, path: Path, root: Path, shots: Path) -> list[dict]:
    """A site built after a Lab session: run ``path`` in JupyterLab and save it (what autosave
    does), build the site of it, and check that the page shows the committed notebook with working
    widgets; the notebook's bytes are restored afterwards."""
    saved = path.read_bytes()
    try:
        page.evaluate(OPEN_JS, [path.relative_to(root).as_posix(), LAB_LOAD_S * 1000])
        page.evaluate(RUN_ALL_JS, RUN_ALL_S * 1000)
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.evaluate(CLOSE_JS)
        if path.read_bytes() == saved:
            raise CheckFailed(f"{path.name}: saving it from JupyterLab did not change the file")
        with tempfile.TemporaryDirectory(prefix="site-after-lab-") as out:
            built = subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", out,
                                    str(path)], capture_output=True, text=True, check=True)
            if "differs from the committed notebook" not in built.stdout:
                raise CheckFailed(f"site after a Lab session: the build did not notice that {path.name} "
                                  f"differs from the committed notebook")
            (shots / "after-lab").mkdir(exist_ok=True)
            return check_site(browser, Path(out), shots / "after-lab")
    finally:
        path.write_bytes(saved)


def check_site(browser, site: Path, shots: Path) -> list[dict]:
    """Open the site's index and every page it links to, offline; return what each page showed."""
    pages = []
    with static_server(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        outside: list[str] = []

        def block_outside(route):
            if route.request.url.startswith((base, "data:", "blob:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", block_outside)
        missing: list[str] = []  # a page asking for a file the site lacks (a 404)
        context.on("response", lambda reply: missing.append(reply.url) if reply.status >= 400 else None)
        page = context.new_page()
        page.goto(f"{base}/index.html")
        links = page.eval_on_selector_all("a[href$='.html']", "as => as.map(a => a.getAttribute('href'))")
        page.screenshot(path=str(shots / "site-index.png"), full_page=True)
        notebook_links = [link for link in dict.fromkeys(links) if not link.startswith("http")]
        if not notebook_links:
            raise CheckFailed("site: the index links to no page")
        for link in notebook_links:
            start = time.perf_counter()
            page.goto(f"{base}/{link}", wait_until="load")
            page.wait_for_function(SITE_WIDGETS_JS, timeout=WIDGET_S * 1000)
            page.wait_for_function(MATHJAX_DONE_JS, timeout=WIDGET_S * 1000)
            page.wait_for_timeout(300)  # late images
            seen = page.evaluate(SITE_PAGE_JS)
            seen.update(page=link, load_s=round(time.perf_counter() - start, 2))
            page.screenshot(path=str(shots / f"site-{Path(link).stem}.png"), full_page=True)
            if seen["error_text"] or seen["rendered"] < seen["views"] or seen["broken_images"]:
                raise CheckFailed(f"site: {link}: widgets or figures did not render: {seen}")
            pages.append(seen)
        for slides in sorted(site.glob("*.slides.html")):
            pages.append(check_slides(page, f"{base}/{slides.name}", slides, shots))
        context.close()
    if outside:
        raise CheckFailed(f"site: pages asked for {len(outside)} resources off this machine, "
                          f"e.g. {outside[:3]}")
    if missing:
        raise CheckFailed(f"site: pages asked for {len(missing)} files the site does not have, "
                          f"e.g. {sorted(set(missing))[:3]}")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--site", type=Path, help="a folder built by tools/build_site.py to check too")
    parser.add_argument("--shots", type=Path, default=ROOT / "build" / "screenshots")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("no notebook to check", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: install it (Debian: apt-get install -y chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.shots.mkdir(parents=True, exist_ok=True)
    # JupyterLab serves the folder above the notebooks' folder (the repository: a notebook may
    # check where course_lib comes from), with autosave off; the bytes are compared afterwards.
    root = Path(os.path.commonpath([p.parent for p in notebooks])).parent
    before = {p: p.read_bytes() for p in notebooks}
    report: dict = {"notebooks": [], "site": [], "failures": []}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="browser-check-") as home, \
            jupyterlab(root, Path(home)) as (base, token), chromium(Path(home)) as endpoint, \
            sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(endpoint)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/lab?token={token}")
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                                   timeout=LAB_LOAD_S * 1000)
            page.evaluate("() => window.jupyterapp.started")
            for path in notebooks:
                try:
                    result = check_notebook(page, path.relative_to(root).as_posix(), args.shots)
                except Exception as failure:  # report it, go on with the next notebook
                    report["failures"].append(f"{path.name}: {failure}".splitlines()[0])
                    print(f"  {path.name}: FAILED: {failure}", flush=True)
                    continue
                report["notebooks"].append(result)
                drag = result["drag"]
                press = drag["press_ms"] if drag else None
                dragged = (f"; a drag of {drag['keys']} steps drawn {drag['redraws']} times, "
                           f"settled {drag['settled_s']:.1f} s after the last; a key press to the "
                           f"picture painted: median {statistics.median(press['total'] or [0]):.0f} ms"
                           f" (to the new picture {press['to_picture']:.0f}, decoding "
                           f"{press['decode']:.0f}, painting {press['paint']:.0f})"
                           if drag else "")
                print(f"  {path.name}: ok, {result['widgets']} widgets, {result['figures_moved']} "
                      f"figures moved by a slider{dragged}, {result['total_s']:.1f} s", flush=True)
            if args.site:
                try:
                    report["site"] = check_site(browser, args.site.resolve(), args.shots)
                    print(f"  site: {len(report['site'])} pages render offline", flush=True)
                    report["site_after_lab"] = check_site_after_lab(page, browser, notebooks[0], root,
                                                                    args.shots)
                    print(f"  site built after a Lab session of {notebooks[0].name}: "
                          f"{len(report['site_after_lab'])} pages render offline", flush=True)
                except Exception as failure:
                    report["failures"].append(f"site: {failure}".splitlines()[0])
        finally:
            browser.close()
    changed = [p.name for p in notebooks if p.read_bytes() != before[p]]
    if changed:
        report["failures"].append(f"the check changed notebooks on disk: {changed}")
    report["total_s"] = round(time.perf_counter() - started, 1)
    (args.shots / "report.json").write_text(json.dumps(report, indent=1) + "\n")
    if report["failures"]:
        print("browser check FAILED:\n  " + "\n  ".join(report["failures"]), file=sys.stderr)
        return 1
    print(f"browser check: {len(report['notebooks'])} notebooks passed in {report['total_s']} s; "
          f"screenshots in {args.shots}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CheckFailed as failure:  # JupyterLab or Chromium did not start
        print(f"browser check FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
