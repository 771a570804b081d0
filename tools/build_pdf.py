"""Printable PDFs of the course from the offline site (`make pdf`): build/pdf/<page>.pdf.

Usage: python tools/build_pdf.py [--site build/site] [--out build/pdf] [PAGE ...]
       (default: the course map and every chapter page; a PAGE is e.g. 01_softmax)

Headless Chromium (/usr/bin/chromium or $CHROMIUM, started and stopped here) prints each page of
the site, served on 127.0.0.1, once its widgets and its maths have rendered; requests off this
machine are refused, so the PDFs come from the same offline sources as the site. A4, with the
page's backgrounds (the figures' white), the buttons of the page hidden by the print style.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_check import (  # noqa: E402 (the tools folder is not a package)
    CHROMIUM,
    MATHJAX_DONE_JS,
    SITE_WIDGETS_JS,
    WIDGET_S,
    chromium,
    static_server,
)

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="default: index and every chapter")
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "pdf")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"no site in {args.site}: run `make html`", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: install it (Debian: apt-get install -y chromium)", file=sys.stderr)
        return 2
    pages = args.pages or ["index", *sorted(p.stem for p in args.site.glob("[0-9][0-9]_*.html")
                                            if not p.stem.endswith("_solutions"))]
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pdf-") as home, static_server(args.site.resolve()) as base, \
            chromium(Path(home)) as endpoint, sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(endpoint)
        try:
            context = browser.new_context()
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith((base, "data:", "blob:")) else route.abort())
            page = context.new_page()
            for name in pages:
                page.goto(f"{base}/{name}.html", wait_until="load")
                page.wait_for_function(SITE_WIDGETS_JS, timeout=WIDGET_S * 1000)
                page.wait_for_function(MATHJAX_DONE_JS, timeout=WIDGET_S * 1000)
                page.emulate_media(media="print")
                target = args.out / f"{name}.pdf"
                page.pdf(path=str(target), format="A4", print_background=True,
                         margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"})
                print(f"{name}.html -> {target.relative_to(args.out.parent)} "
                      f"({target.stat().st_size / 1e6:.1f} MB)", flush=True)
            context.close()
        finally:
            browser.close()
    print(f"pdf: {len(pages)} files in {args.out}, {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
