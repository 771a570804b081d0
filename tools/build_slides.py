"""A notebook as reveal.js slides for a lecture (`make slides NB=01`).

Usage: python tools/build_slides.py [--out DIR] NOTEBOOK   (a path, or a number such as 01)

Slides are cut without editing the notebook: its title and every ``##`` section heading start a
slide (also where the heading stands inside a text cell), every ``###`` heading a sub-slide
(below it), and a section taller than about one screen continues on sub-slides at cell boundaries
(a long text cell is cut at paragraph boundaries first). The right arrow steps through every
slide and sub-slide in order (reveal.js's linear navigation), so nothing is reached by ↓ alone.
The file is written next to the HTML site (default ``build/site/NN_name.slides.html``) and,
like the site, loads reveal.js, MathJax and the widget manager from ``_static/`` only, so it works offline.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from build_site import NOTEBOOK_LINK, ROOT, STATIC, exporter_urls, install_static
from jinja2 import DictLoader
from nbconvert import SlidesExporter

SCREEN_LINES = 16  # what fits on one 1280 x 800 slide, in lines of text (the browser check measures it)
LINE_CHARS = 90
TABLE_ROW_CHARS = 130  # a table row of this much source wraps to a second line on a slide
IMAGE_LINES, WIDGET_LINES = 14, 16
# nbconvert's reveal template imports Mermaid from a CDN on every page; the course draws no
# Mermaid diagrams, so this template leaves that import out. It also sets reveal.js's linear
# navigation: the right arrow goes to the next sub-slide, then to the next section.
TEMPLATE = DictLoader({"course_slides.html.j2": """{%- extends 'reveal/index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock -%}
{%- block footer_js -%}
{{ super() }}
<script>
require(["{{ reveal_url_prefix }}/dist/reveal.js"], function (Reveal) {
  var linear = function () { Reveal.configure({navigationMode: "linear"}); };
  if (Reveal.isReady()) { linear(); } else { Reveal.on("ready", linear); }
});
</script>
{%- endblock footer_js -%}
"""})


def height(cell: nbformat.NotebookNode) -> int:
    """A rough height of ``cell`` on a slide, in lines of text."""
    lines = sum(1 + len(line) // LINE_CHARS for line in cell.source.splitlines() if line.strip())
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "application/vnd.jupyter.widget-view+json" in data:
            lines += WIDGET_LINES
        elif "image/png" in data or "image/svg+xml" in data:
            lines += IMAGE_LINES
        else:
            text = output.get("text") or data.get("text/plain") or ""
            lines += min(len(text.splitlines()), SCREEN_LINES)
    return lines


def split_at_headings(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Cells, with each markdown cell cut before every heading inside it (outside code fences), so
    that a section whose heading follows a paragraph in the same cell still starts a slide."""
    result = []
    for cell in cells:
        if cell.cell_type != "markdown":
            result.append(cell)
            continue
        parts, fenced = [[]], False
        for line in cell.source.splitlines():
            fenced ^= line.lstrip().startswith("```")
            if not fenced and re.match(r"#{1,3} ", line) and any(text.strip() for text in parts[-1]):
                parts.append([])
            parts[-1].append(line)
        if len(parts) == 1:
            result.append(cell)
        else:
            result += [nbformat.v4.new_markdown_cell("\n".join(part).strip()) for part in parts]
    return result


def blocks(markdown: str) -> list[str]:
    """The paragraphs of ``markdown``: split at blank lines, but never inside a code fence or a
    display formula; a table taller than a screen becomes several tables, each with the header."""
    result, lines, fenced, formula = [], [], False, False
    for line in markdown.strip().splitlines():
        if not line.strip() and not fenced and not formula:
            if lines:
                result.append("\n".join(lines))
            lines = []
            continue
        fenced ^= line.lstrip().startswith("```")
        formula ^= line.count("$$") % 2 == 1
        lines.append(line)
    if lines:
        result.append("\n".join(lines))
    return [part for block in result for part in _table_parts(block)]


def _table_parts(block: str) -> list[str]:
    """A long table cut into tables of whole rows that each fit a slide: a row counts one line,
    and one more for every ``TABLE_ROW_CHARS`` characters of source (its cells wrap)."""
    rows = block.splitlines()
    if len(rows) <= SCREEN_LINES or not all(row.lstrip().startswith("|") for row in rows):
        return [block]
    header, parts, size = rows[:2], [[]], SCREEN_LINES - 3
    for row in rows[2:]:
        if parts[-1] and sum(1 + len(r) // TABLE_ROW_CHARS for r in parts[-1] + [row]) > size:
            parts.append([])
        parts[-1].append(row)
    return ["\n".join(header + part) for part in parts]


def split_long_markdown(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Cells, with each markdown cell taller than a screen cut into cells of whole paragraphs
    (``blocks``: a code block or a display formula stays whole, a long table is cut by rows)."""
    result = []
    for cell in cells:
        if cell.cell_type != "markdown" or height(cell) <= SCREEN_LINES:
            result.append(cell)
            continue
        chunk: list[str] = []
        for paragraph in blocks(cell.source):
            longer = nbformat.v4.new_markdown_cell("\n\n".join([*chunk, paragraph]))
            if chunk and height(longer) > SCREEN_LINES:
                result.append(nbformat.v4.new_markdown_cell("\n\n".join(chunk)))
                chunk = []
            chunk.append(paragraph)
        result.append(nbformat.v4.new_markdown_cell("\n\n".join(chunk)))
    return result


def slide_types(cells: list[nbformat.NotebookNode]) -> list[str]:
    """The reveal.js slide type of each cell: "slide", "subslide" or "-" (continue)."""
    types, used = [], 0
    for i, cell in enumerate(cells):
        heading = cell.source.lstrip() if cell.cell_type == "markdown" else ""
        lines = height(cell)
        if i == 0 or heading.startswith(("# ", "## ")):
            kind = "slide"
        elif heading.startswith("### ") or used + lines > SCREEN_LINES and used > 0:
            kind = "subslide"
        else:
            kind = "-"
        used = lines if kind != "-" else used + lines
        types.append(kind)
    return types


def build(path: Path, out: Path) -> Path:
    """Write the slides of the notebook at ``path`` into ``out``; return the file."""
    nb = nbformat.read(path, as_version=4)
    nb.cells = split_long_markdown(split_at_headings(nb.cells))
    for cell, kind in zip(nb.cells, slide_types(nb.cells), strict=True):
        cell.metadata["slideshow"] = {"slide_type": kind}
    exporter = exporter_urls(SlidesExporter(reveal_url_prefix=f"{STATIC}/reveal.js", reveal_theme="white",
                                            reveal_scroll=True, reveal_width="1280", reveal_height="800",
                                            extra_loaders=[TEMPLATE],
                                            template_file="course_slides.html.j2"))
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    out.mkdir(parents=True, exist_ok=True)
    install_static(out)
    target = out / f"{path.stem}.slides.html"
    target.write_text(NOTEBOOK_LINK.sub(r'href="\1.html', body), encoding="utf-8")
    return target


def find(name: str) -> Path:
    """A notebook from a path or from its number (``01`` -> notebooks/01_*.ipynb)."""
    if Path(name).is_file():
        return Path(name).resolve()
    matches = sorted((ROOT / "notebooks").glob(f"{name}_*.ipynb"))
    if len(matches) != 1:
        raise SystemExit(f"no single notebook matches {name!r}: give a path or a number such as 01")
    return matches[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="a path, or a number such as 01")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    args = parser.parse_args(argv)
    target = build(find(args.notebook), args.out)
    print(f"slides: {target}  (the right arrow steps through every slide in order)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
