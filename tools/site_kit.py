"""The lecturer's kit of the site: alt text for every figure, the buttons of a chapter page, and
the download bundle (used by tools/build_site.py; `make bundle` builds the bundle alone).

Alt text. A figure in a notebook is a PNG, which keeps no title or axis labels, and the titles are
set inside course_lib's drawing functions, so the sentence is taken from the notebook around it:

- the cell's metadata ``"alt"`` (a string, or a list with one string per figure of the cell) when
  an author wrote one: that always wins;
- otherwise it is derived: the section the figure is in (the last heading above it), the drawing
  call in the cell's code (``plots.softmax_bars(...)``, ``ax.plot``, ...), any title or axis
  label written in the code, and the first sentence of the text just above the cell.

The sentence goes into the image's ``alt`` (what screen readers announce); figures are also
given an opaque white background on the page, so that a dark theme never shows through.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
BUNDLE_NAME = "dl-fundamentals-course"
FIGURE_CSS = """<style>
/* figures stay readable on a dark theme: never a transparent background */
.jp-OutputArea-output img, img.widget-image { background-color: #fff; }
.course-actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem auto; max-width: 1200px;
  padding: 0 1rem; font-family: system-ui, sans-serif; }
.course-actions a { padding: .35rem .8rem; border: 1px solid #1f5fa8; border-radius: 4px;
  color: #1f5fa8; text-decoration: none; }
.course-actions a.primary { background: #1f5fa8; color: #fff; }
@media print { .course-actions { display: none; } }
</style>
"""

DRAW_CALL = re.compile(r"\b((?:plots|widgets|course_lib\.plots)\.\w+|ax\w*\.(?:plot|bar|imshow|contourf?|"
                       r"scatter|hist|fill_between)|plt\.(?:plot|bar|imshow|scatter|hist))\s*\(")
LABEL_CALL = re.compile(r"""(?:set_title|set_xlabel|set_ylabel|suptitle|title)\s*\(\s*(?:r|f)?"""
                        r"""(["'])(.+?)\1""")


def plain(markdown: str) -> str:
    """Markdown as short plain text: no emphasis marks, links as their text, maths kept."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def first_sentence(markdown: str, limit: int = 220) -> str:
    body = "\n".join(line for line in markdown.splitlines()
                     if line.strip() and not line.lstrip().startswith(("#", "|", "-", ">")))
    sentences = [s for s in re.split(r"(?<=[.!?:])\s", plain(body)) if len(s.split()) >= 5]
    sentence = sentences[0] if sentences else ""  # not a run-in heading such as "Maths."
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def png_count(cell) -> int:
    return sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def figure_alts(nb) -> dict[int, list[str]]:
    """The alt text of every PNG figure, by cell index, in the order of the cell's outputs."""
    alts: dict[int, list[str]] = {}
    section, lead = "", ""
    title = next((plain(c.source.lstrip("# ").splitlines()[0]) for c in nb.cells
                  if c.cell_type == "markdown" and c.source.startswith("# ")), "the notebook")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            headings = re.findall(r"^#{1,4}\s+(.+)$", cell.source, flags=re.M)
            if headings:
                section = plain(headings[-1])
            lead = first_sentence(cell.source) or lead
            continue
        n = png_count(cell)
        if cell.cell_type != "code" or n == 0:
            continue
        given = cell.metadata.get("alt")
        if given:
            given = [given] if isinstance(given, str) else list(given)
            alts[i] = (given + given[-1:] * n)[:n]
            continue
        alts[i] = [derived_alt(cell.source, title, section, lead, k, n) for k in range(n)]
    return alts


def derived_alt(code: str, title: str, section: str, lead: str, k: int, n: int) -> str:
    calls = list(dict.fromkeys(m.group(1) for m in DRAW_CALL.finditer(code)))
    labels = list(dict.fromkeys(plain(m.group(2)) for m in LABEL_CALL.finditer(code)))
    which = f"Figure {k + 1} of {n}" if n > 1 else "Figure"
    where = f" in “{section}” ({title})" if section else f" in {title}"
    parts = [f"{which}{where}"]
    if calls:
        parts.append("drawn by " + ", ".join(calls[:3]))
    if labels:
        parts.append("labelled “" + "”, “".join(labels[:3]) + "”")
    sentence = ", ".join(parts)
    return f"{sentence}. {lead}" if lead else f"{sentence}."


def add_alts(page: str, nb) -> str:
    """``page`` (nbconvert's lab HTML of ``nb``) with each figure's alt text set from the notebook."""
    alts = figure_alts(nb)
    soup = BeautifulSoup(page, features="html.parser")
    cells = soup.select("div.jp-Cell")
    if len(cells) != len(nb.cells):  # not the lab template's one div per cell: leave the page
        return page
    for i, texts in alts.items():
        images = [img for img in cells[i].select(".jp-OutputArea-output img")
                  if (img.get("src") or "").startswith("data:image/png")]
        for img, text in zip(images, texts, strict=False):
            img["alt"] = text
    return str(soup)


def action_bar(stem: str, lite_path: str, answers: str | None, lite_url: str) -> str:
    """The buttons at the top of a chapter page: run it in the browser, download it, its answers."""
    links = [f'<a class="primary" href="{html.escape(lite_url)}lab/index.html?path={html.escape(lite_path)}" '
             'title="JupyterLite: Python in this browser, nothing to install">Run in the browser</a>',
             f'<a href="notebooks/{html.escape(lite_path)}" download>Download the notebook</a>']
    if answers:
        links.append(f'<a href="{html.escape(answers)}.html">Worked answers</a>')
    links.append(f'<a href="{BUNDLE_NAME}.zip" download>Download the whole course</a>')
    links.append('<a href="index.html">Course map</a>')
    return f'<nav class="course-actions" aria-label="{html.escape(stem)}">' + "".join(links) + "</nav>"


def add_kit(page: str, bar: str) -> str:
    """The figure CSS in the head and the action bar at the top of the body."""
    page = page.replace("</head>", FIGURE_CSS + "</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + bar, page, count=1)


INSTALL = """Deep-learning fundamentals, in NumPy notebooks
===============================================

This archive holds the 12 notebooks (notebooks/), their worked answers (notebooks/solutions/)
and course_lib, the small NumPy package they import.

Install (Python 3.10 or newer), from this folder:

    python -m venv .venv
    source .venv/bin/activate          # Windows: .venv\\Scripts\\activate
    pip install -r requirements.txt    # installs course_lib from this folder too (-e .)
    jupyter lab notebooks/

Open 00_start_here.ipynb first. With make: `make lab` does all of the above.
With conda: conda env create -f environment.yml && conda activate dl-fundamentals.

Nothing to install at all: the course also runs in the browser (the JupyterLite edition,
"Run in the browser" on each page of the course's web site).
"""


def bundle_files(root: Path = ROOT) -> list[str]:
    """The files of the bundle, relative to root: what git tracks of the notebooks, course_lib and
    the install files (every file on disk in those places where git is not available)."""
    wanted = ["notebooks", "course_lib", "README.md", "requirements.txt", "environment.yml",
              "pyproject.toml", "Makefile", "LICENSE"]
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", *wanted], cwd=root, check=True,
                                capture_output=True).stdout.decode().split("\0")
        files = [f for f in listed if f and (root / f).is_file()]
    except (OSError, subprocess.CalledProcessError):
        files = []
    if not files:
        files = [p.relative_to(root).as_posix() for w in wanted for p in
                 ([root / w] if (root / w).is_file() else sorted((root / w).rglob("*")))
                 if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts]
    return sorted(files)


def write_bundle(target: Path, root: Path = ROOT) -> Path:
    """One zip: <name>/notebooks, course_lib, the install files and INSTALL.txt; fixed timestamps,
    so the same sources give the same bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = (2020, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel in ["INSTALL.txt", *bundle_files(root)]:
            info = zipfile.ZipInfo(f"{BUNDLE_NAME}/{rel}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = INSTALL.encode() if rel == "INSTALL.txt" else (root / rel).read_bytes()
            zf.writestr(info, data)
    return target


if __name__ == "__main__":
    print(write_bundle(ROOT / "build" / f"{BUNDLE_NAME}.zip"))
