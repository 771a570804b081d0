"""The JupyterLite edition, offline, in headless Chromium (`make test-lite`).

Usage: python tools/lite_check.py [--lite build/lite] [--shots DIR] [NOTEBOOK ...]
       (default: 01_softmax.ipynb and 11_playground.ipynb)

build/lite is served by a thread of this process on 127.0.0.1 at a free port. Chromium (started
here, stopped by process group id, also on failure) resolves no host name but 127.0.0.1; every
request of the pages and their workers to anything but that server is aborted and counted, and
anything else that would leave the machine (a service worker's fetch, say) goes to a proxy of this
process that refuses and records it: the check fails unless both counts are 0 (Chromium's own
update and sign-in services, which also meet the proxy, are reported apart). For each notebook it
opens JupyterLab's page on it, waits for the Pyodide kernel, runs all cells, and fails when a cell
shows an error or did not run, a widget does not render, or an arrow key on the first
slider of a widget with a figure does not change the figure; in the playground, play, pause and
one step must work as in JupyterLab (``browser_check.check_playground``). It records the time to the first
result (from opening the page to the first cell's output after Run All), to the kernel ready, to
every cell run, and of a slider move. Screenshots and ``lite-report.json`` go to --shots (default
build/screenshots). Every wait is bounded.
"""

from __future__ import annotations

import argparse
import http.server
import json
import re
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_check import (  # noqa: E402 (the tools folder is not a package)
    CELLS_JS,
    CHROMIUM,
    CLOSE_JS,
    NEW_IMAGE_JS,
    OPEN_JS,
    PLAYGROUND_NOTEBOOK,
    VIEWS,
    WIDGETS_SETTLED_JS,
    CheckFailed,
    QuietHandler,
    check_cells,
    check_playground,
    chromium,
    slider_figures,
    static_server,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ["01_softmax.ipynb", "11_playground.ipynb"]
APP_S, KERNEL_S, RUN_ALL_S, WIDGET_S, MOVE_S = 120, 240, 600, 60, 60
TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
         ".json": "application/json", ".whl": "application/octet-stream", ".ipynb": "application/json"}


class LiteHandler(QuietHandler):
    """Static files with the types browsers insist on (WebAssembly streaming needs application/wasm)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 at a free port; a context manager yielding the base URL."""
    return static_server(folder, LiteHandler)


# Chromium's own background services (updates, clock, sign-in, autofill): they go through the proxy too
# and are refused, but they are not requests of the course's pages and are reported apart. Chromium 150
# also connects to www.google.com and android.clients.google.com on its own (eight times in 45 s with
# only about:blank open); a page's own request to them is still caught, and refused, by the context's
# route.
CHROMIUM_OWN = re.compile(r"^(?:CONNECT |\w+ https?://)(?:update\.googleapis\.com|(?:android\.)?clients\d*\.google\.com|"
                          r"www\.google\.com|"
                          r"accounts\.google\.com|\w+-pa\.googleapis\.com|clientservices\.googleapis\.com|"
                          r"safebrowsing\.googleapis\.com|content-autofill\.googleapis\.com|[\w.-]+\.gvt1\.com)[:/]")


class RefusingProxy(http.server.BaseHTTPRequestHandler):
    """The proxy of the test's Chromium: it records every request sent to it (all that is not for
    this machine, from pages, workers and service workers alike) and refuses it."""

    def refuse(self):
        self.server.seen.append(f"{self.command} {self.path}")
        self.send_error(403, "offline test: no request may leave this machine")

    do_GET = do_POST = do_PUT = do_HEAD = do_OPTIONS = do_DELETE = do_PATCH = do_CONNECT = refuse

    def log_message(self, format, *args):  # noqa: A002 (the signature of the base class)
        pass


@contextmanager
def refusing_proxy():
    """Yield (proxy URL, the list of requests it refused)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RefusingProxy)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def offline_chromium(home: Path, proxy: str):
    """Headless Chromium whose every request off 127.0.0.1 goes to ``proxy`` (which refuses it)
    and which resolves no host name; a context manager yielding its DevTools endpoint."""
    return chromium(home, f"--proxy-server={proxy}",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")


RUN_JS = """async (timeoutMs) => {
  // Run All; resolve with the ms to the first output of any cell, once every cell has run.
  const app = window.jupyterapp, panel = window.__panel;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  const t0 = performance.now();
  let first = null;
  app.commands.execute('notebook:run-all-cells');
  const cells = panel.content.model.cells;
  const code = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type === 'code' && c.sharedModel.getSource().trim()) code.push(c);
  }
  let quiet = 0;
  while (quiet < 5) {
    if (first === null && code.some(c => c.outputs.length > 0)) first = performance.now() - t0;
    const kernel = panel.sessionContext.session.kernel;
    const queued = [...panel.content.node.querySelectorAll('.jp-InputPrompt')]
      .some(p => p.textContent.includes('*'));
    const done = code.every(c => c.executionCount !== null);
    quiet = (kernel.status === 'idle' && !queued && done) ? quiet + 1 : 0;
    if (performance.now() - t0 > timeoutMs) throw new Error('cells still running after ' + timeoutMs + ' ms');
    await new Promise(r => setTimeout(r, 200));
  }
  return {first_ms: first, all_ms: performance.now() - t0 - 1000};
}"""

def move_one_slider(page, name: str, shots: Path) -> float:
    """Press the right (or, at the end, left) arrow key on the focused handle of the first slider
    of the first widget that shows a figure; return the ms until its figure changed."""
    for i, view, handle, image in slider_figures(page):
        before = image.get_attribute("src")
        view.screenshot(path=str(shots / f"lite-{name}-widget{i}-before.png"))
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        try:
            page.wait_for_function(NEW_IMAGE_JS, arg=[view.element_handle(), before], timeout=MOVE_S * 1000)
        except Exception as error:
            view.screenshot(path=str(shots / f"lite-{name}-widget{i}-FAILED.png"))
            raise CheckFailed(f"{name}: widget {i}: an arrow key on its slider did not change its "
                              "figure") from error
        moved_ms = (time.perf_counter() - start) * 1000
        view.screenshot(path=str(shots / f"lite-{name}-widget{i}-after.png"))
        return round(moved_ms)
    raise CheckFailed(f"{name}: no widget with a slider and a figure")


def check_notebook(context, base: str, path: str, shots: Path) -> dict:
    """Open ``path`` in a new page of the Lite app, run it, move a slider; return the timings."""
    name = Path(path).stem
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(f"{base}/lab/index.html?path={path}", wait_until="load", timeout=APP_S * 1000)
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=APP_S * 1000)
        t_app = time.perf_counter()
        page.evaluate(OPEN_JS, [path, KERNEL_S * 1000])
        t_kernel = time.perf_counter()
        run = page.evaluate(RUN_JS, RUN_ALL_S * 1000)
        if run["first_ms"] is None:
            raise CheckFailed(f"{name}: Run All showed no output")
        n_views = check_cells(page, name)
        page.wait_for_function(WIDGETS_SETTLED_JS, arg=[VIEWS, n_views], timeout=WIDGET_S * 1000)
        if "Error displaying widget" in page.evaluate("() => window.__panel.content.node.innerText"):
            raise CheckFailed(f"{name}: a widget shows 'Error displaying widget'")
        rendered = page.locator(VIEWS).count()
        if rendered != n_views or n_views == 0:
            raise CheckFailed(f"{name}: {n_views} widget outputs but {rendered} rendered widgets")
        slider_ms = move_one_slider(page, name, shots)
        played = check_playground(page, name, shots) if name == PLAYGROUND_NOTEBOOK else None
        page.screenshot(path=str(shots / f"lite-{name}.png"))
        cells = len(page.evaluate(CELLS_JS))
        page.evaluate(CLOSE_JS)
    except Exception:
        page.screenshot(path=str(shots / f"lite-{name}-FAILED.png"))
        raise
    finally:
        page.close()
    return {"notebook": path, "cells": cells, "widgets": n_views,
            "app_s": round(t_app - t0, 2), "kernel_ready_s": round(t_kernel - t0, 2),
            "first_result_s": round(t_kernel - t0 + run["first_ms"] / 1000, 2),
            "run_all_s": round(run["all_ms"] / 1000, 2), "slider_ms": slider_ms, "playground": played,
            "total_s": round(time.perf_counter() - t0, 2)}


def broken_lite_links(site: Path, lite: Path) -> list[str]:
    """The "Run in the browser" links of the site's notebook pages (to ../lite/lab/index.html?path=P)
    whose notebook P is not in the Lite build, and the pages without one (slides are not checked:
    they are the lecturer's, not a notebook page); fails if no page has such a link."""
    pages = [page for page in sorted(site.glob("[0-9][0-9]_*.html"))
             if not page.name.endswith(".slides.html")]
    links = {page.name: re.findall(r'href="\.\./lite/lab/index\.html\?path=([^"]+)"',
                                   page.read_text(encoding="utf-8")) for page in pages}
    if not any(links.values()):
        return ["no page links to the JupyterLite edition"]
    return [f"{name}: {path}" for name, paths in links.items() for path in paths
            if not (lite / "files" / path).is_file()] + [name for name, paths in links.items() if not paths]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", default=NOTEBOOKS)
    parser.add_argument("--lite", type=Path, default=ROOT / "build" / "lite")
    parser.add_argument("--site", type=Path, help="a site built by tools/build_site.py: its chapter "
                        "pages must link to notebooks this Lite build has (published beside it)")
    parser.add_argument("--shots", type=Path, default=ROOT / "build" / "screenshots")
    args = parser.parse_args(argv)
    if not (args.lite / "lab" / "index.html").exists():
        print(f"no JupyterLite build in {args.lite}: run `make lite`", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: install it (Debian: apt-get install -y chromium)", file=sys.stderr)
        return 2
    if args.site:
        broken = broken_lite_links(args.site, args.lite)
        if broken:
            print(f"lite check FAILED: site pages link to notebooks build/lite lacks: {broken}",
                  file=sys.stderr)
            return 1
    from playwright.sync_api import sync_playwright

    args.shots.mkdir(parents=True, exist_ok=True)
    report: dict = {"notebooks": [], "outside_requests": [], "failures": []}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lite-check-") as home, serve(args.lite.resolve()) as base, \
            refusing_proxy() as (proxy, proxied), offline_chromium(Path(home), proxy) as endpoint, \
            sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(endpoint)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            outside = report["outside_requests"]

            def block_outside(route):
                if route.request.url.startswith((base + "/", "data:", "blob:")):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", block_outside)
            for path in args.notebooks:
                try:
                    result = check_notebook(context, base, path, args.shots)
                except Exception as failure:  # report it, go on with the next notebook
                    report["failures"].append(f"{path}: {failure}".splitlines()[0])
                    print(f"  {path}: FAILED: {failure}", flush=True)
                    continue
                report["notebooks"].append(result)
                print(f"  {path}: ok, {result['cells']} cells, {result['widgets']} widgets; app "
                      f"{result['app_s']} s, kernel ready {result['kernel_ready_s']} s, first result "
                      f"{result['first_result_s']} s, all cells {result['run_all_s']} s, a slider "
                      f"move {result['slider_ms']} ms"
                      + (f"; the playground played {result['playground']}" if result["playground"] else ""),
                      flush=True)
            context.close()
        finally:
            browser.close()
        report["chromium_own_requests"] = [r for r in proxied if CHROMIUM_OWN.match(r)]
        outside.extend(f"(via the proxy) {r}" for r in proxied if not CHROMIUM_OWN.match(r))
    if outside:
        report["failures"].append(f"{len(outside)} requests off this machine, e.g. {outside[:3]}")
    report["total_s"] = round(time.perf_counter() - started, 1)
    (args.shots / "lite-report.json").write_text(json.dumps(report, indent=1) + "\n")
    print(f"lite check: {len(outside)} requests off this machine from the pages and their workers "
          f"(Chromium's own update and sign-in services: {len(report['chromium_own_requests'])}, "
          "refused too)")
    if report["failures"]:
        print("lite check FAILED:\n  " + "\n  ".join(report["failures"]), file=sys.stderr)
        return 1
    print(f"lite check: {len(report['notebooks'])} notebooks passed offline in {report['total_s']} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CheckFailed as failure:  # Chromium did not start
        print(f"lite check FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
