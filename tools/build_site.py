"""The course as an offline web site (`make html`): every notebook as HTML, and a course map.

Usage: python tools/build_site.py [--out DIR] [NOTEBOOK ...]   (default: build/site, notebooks/*.ipynb)

Each notebook is rendered with its stored outputs and, when the executed notebook carries it, its
widget state, so a reader without Python sees every figure and every slider in the state it was
saved in. ``index.html`` is the course map: number, title, one line, what each notebook builds on,
and what you will learn. The JavaScript the pages need (require.js, the widget HTML manager,
MathJax, and reveal.js and jQuery for the slides) is fetched at build time with ``npm pack`` in the
exact versions of ``package.json`` and served from ``_static/``: a page loads nothing from
elsewhere, so the folder works offline and from any static web server.

The pages show the notebooks as committed: a notebook that JupyterLab saved after a session holds
that session's outputs (a widget a static page cannot show, half-run cells), so where the working
copy differs from the last commit the committed one is rendered and the build says which, and how
to keep the working copy instead (``--working-copy``, or commit it).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_kit  # noqa: E402 (the tools folder is not a package)

ROOT = Path(__file__).resolve().parents[1]
NPM_CACHE = ROOT / "build" / "npm"
STATIC = "_static"
# What each npm package contributes to _static/<name>/ (paths inside the package; folders copied whole).
ASSETS = {
    "requirejs": ["require.js"],
    "@jupyter-widgets/html-manager": ["dist/embed-amd.js", "dist/*.woff2", "dist/*.woff", "dist/*.ttf",
                                      "dist/*.eot", "dist/*.svg"],
    "mathjax": ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/input/TeX",
                "jax/output/CommonHTML", "jax/element", "fonts/HTML-CSS/TeX/woff", "localization/en"],
    "reveal.js": ["dist/reveal.js", "dist/reveal.css", "dist/theme/white.css", "dist/theme/fonts",
                  "plugin/notes/notes.js"],
    "jquery": ["dist/jquery.min.js"],
}
URLS = {  # nbconvert settings that point at _static instead of a CDN
    "require_js_url": f"{STATIC}/requirejs/require.js",
    "widget_renderer_url": f"{STATIC}/@jupyter-widgets/html-manager/dist/embed-amd.js",
    "mathjax_url": f"{STATIC}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    "jquery_url": f"{STATIC}/jquery/dist/jquery.min.js",
}
# A link to a notebook, a chapter's link to its worked answers (solutions/...) or the answers' link
# back (../...): the site keeps every page in one folder.
NOTEBOOK_LINK = re.compile(r'href="(?:solutions/|\.\./)?(\d\d_[A-Za-z0-9_]+)\.ipynb')


def npm_packages() -> dict[str, str]:
    """The JavaScript packages and their exact versions, from package.json."""
    return json.loads((ROOT / "package.json").read_text())["dependencies"]


def fetch(name: str, version: str) -> Path:
    """Unpack ``name@version`` from the npm registry into build/npm (once); return its folder."""
    folder = NPM_CACHE / f"{name.replace('/', '__')}-{version}"
    if (folder / "package" / "package.json").exists():
        return folder / "package"
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch the site's JavaScript (Debian: apt-get install -y npm)")
    NPM_CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([npm, "pack", "--silent", f"{name}@{version}",
                             "--pack-destination", str(NPM_CACHE)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"npm pack {name}@{version} failed:\n{result.stderr}")
    tarball = NPM_CACHE / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        if hasattr(tarfile, "data_filter"):  # Python >= 3.10.12: refuse paths outside ``folder``
            archive.extractall(folder, filter="data")
        else:
            archive.extractall(folder)
    tarball.unlink()
    return folder / "package"


def install_static(out: Path) -> None:
    """Copy the files of ASSETS from the npm packages into ``out/_static``."""
    versions = npm_packages()
    for name, patterns in ASSETS.items():
        package, target = fetch(name, versions[name]), out / STATIC / name
        for pattern in patterns:
            matches = sorted(package.glob(pattern))
            if not matches:
                raise SystemExit(f"{name}@{versions[name]} has no {pattern}")
            for source in matches:
                destination = target / source.relative_to(package)
                if source.is_dir():
                    shutil.copytree(source, destination, dirs_exist_ok=True)
                else:
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, destination)
    # The widget manager's stylesheet asks for its icon fonts (a button's icon) at
    # @jupyter-widgets/<file> beside the page (webpack's public path, from the module's name),
    # not under _static: they go there too.
    fonts = out / "@jupyter-widgets"
    fonts.mkdir(exist_ok=True)
    for font in (out / STATIC / "@jupyter-widgets" / "html-manager" / "dist").iterdir():
        if font.suffix in (".woff2", ".woff", ".ttf", ".eot", ".svg"):
            shutil.copy2(font, fonts / font.name)


def paragraphs(markdown: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", markdown) if p.strip()]


def committed(path: Path) -> str | None:
    """The text of notebook ``path`` as in the last commit, or ``None`` when git does not know it."""
    result = subprocess.run(["git", "show", f"HEAD:./{path.name}"], cwd=path.parent,
                            capture_output=True, check=False)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


def read_notebook(path: Path, *, working_copy: bool = False) -> nbformat.NotebookNode:
    """Notebook ``path`` as committed (unless ``working_copy``), with a note when that differs
    from the file on disk."""
    text = path.read_text(encoding="utf-8")
    saved = None if working_copy else committed(path)
    if saved is not None and saved != text:
        print(f"  {path.name} differs from the committed notebook (saved by JupyterLab?): the "
              f"site shows the committed one. To restore the file: git checkout -- {path.name}; "
              f"to show your copy: commit it, or build with --working-copy", flush=True)
        text = saved
    return nbformat.reads(text, as_version=4)


def notebook_info(path: Path, nb: nbformat.NotebookNode | None = None) -> dict:
    """Number, title, one line, prerequisites (numbers) and learning goals from a notebook's header."""
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    header = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    parts = paragraphs(header)
    title = parts[0].lstrip("# ").strip() if parts and parts[0].startswith("# ") else path.stem
    number = path.stem[:2]
    title = re.sub(rf"^{number}\s*[·.:-]\s*", "", title)
    learn_at = next((i for i, p in enumerate(parts) if "what you will learn" in p.lower()), None)
    learn = ""
    if learn_at is not None and learn_at + 1 < len(parts) and parts[learn_at + 1].startswith(("-", "*")):
        learn = parts[learn_at + 1]
    prose = [p for p in parts[1:] if not p.startswith(("#", "-", "*", "|", "<"))]
    if prose:
        one_line = re.split(r"(?<=[.!?])\s", prose[0])[0]
    else:  # no introduction: the first thing the reader will learn
        one_line = re.sub(r"[;.]$", "", learn.splitlines()[0].lstrip("-* ").strip()) if learn else ""
        one_line = one_line[:1].upper() + one_line[1:]
    builds_on = next((p for p in parts if "builds on" in p.lower()), "")
    builds_on = re.split(r"\.(?:\s|$)", builds_on)[0]
    needs = sorted(set(re.findall(r"\b(\d\d)(?:_\w+\.ipynb|\b)", builds_on)) - {number})
    return {"number": number, "stem": path.stem, "title": title, "one_line": one_line,
            "needs": needs, "learn": learn}


def inline_html(markdown: str) -> str:
    """Markdown of one paragraph as HTML without the surrounding <p>."""
    rendered = markdown2html_mistune(markdown).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S)


def index_page(infos: list[dict]) -> str:
    known = {info["number"]: info for info in infos}
    rows = []
    for info in infos:
        needs = ", ".join(f'<a href="{known[n]["stem"]}.html">{n}</a>' if n in known else n
                          for n in info["needs"]) or "—"
        learn = (f"<details><summary>what you will learn</summary>{markdown2html_mistune(info['learn'])}"
                 "</details>" if info["learn"] else "")
        answers = (f'<br><a class="answers" href="{info["answers"]}.html">worked answers</a>'
                   if info.get("answers") else "")
        if info.get("lite"):
            answers += f'<br><a class="answers" href="{html.escape(info["lite"])}">run in the browser</a>'
        rows.append(f'<tr><td class="n">{info["number"]}</td>'
                    f'<td><a href="{info["stem"]}.html">{html.escape(info["title"])}</a>{answers}</td>'
                    f"<td>{inline_html(info['one_line'])}{learn}</td><td>{needs}</td></tr>")
    return INDEX.format(rows="\n".join(rows), mathjax=URLS["mathjax_url"])


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Deep-learning fundamentals, in NumPy notebooks</title>
<script src="{mathjax}"></script>
<script type="text/x-mathjax-config">
MathJax.Hub.Config({{tex2jax: {{inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], processEscapes: true}},
                    messageStyle: 'none'}});
</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid #ddd; }}
td.n {{ font-variant-numeric: tabular-nums; color: #666; }}
details {{ margin-top: .3rem; color: #444; }} summary {{ cursor: pointer; color: #666; }}
a {{ color: #1f5fa8; }} a.answers {{ font-size: .85em; color: #666; }}
</style>
</head>
<body>
<h1>Deep-learning fundamentals, in NumPy notebooks</h1>
<p>The course map: read the notebooks in order; each row says what a notebook builds on.
Every page shows the notebook with its outputs; the sliders show the state they were saved in
(to move them, run the notebook: <em>run in the browser</em> opens it in JupyterLite, Python in
this browser with nothing to install, published beside this site; or <code>make lab</code>).</p>
<table>
<thead><tr><th>#</th><th>notebook</th><th>what it is about</th><th>builds on</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def exporter_urls(exporter: HTMLExporter) -> HTMLExporter:
    for name, url in URLS.items():
        setattr(exporter, name, url)
    return exporter


WIDGET_FONT = """<style>
.jupyter-widgets, .widget-label, .widget-readout, .widget-inline-hbox label {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
}
</style>
"""
"""The sans-serif of JupyterLab's widget labels: a static page has no JupyterLab theme, and its
labels fell back to the browser's serif."""


def export(path: Path, out: Path, nb: nbformat.NotebookNode | None = None, *, bar: str = "") -> Path:
    """Render one notebook (``nb``, or the file ``path``) to ``out/<stem>.html``, with links between
    notebooks pointing at pages, the alt text of every figure and the action ``bar`` on top."""
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}}
    page, _ = exporter_urls(HTMLExporter(template_name="lab")).from_notebook_node(nb, resources)
    page = site_kit.add_alts(page, nb)
    page = site_kit.add_kit(page.replace("</head>", WIDGET_FONT + "</head>", 1), bar)
    target = out / f"{path.stem}.html"
    target.write_text(NOTEBOOK_LINK.sub(r'href="\1.html', page), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--lite-url", default="../lite/",
                        help="where the JupyterLite edition is published, relative to the site "
                             "(default: beside it, as build/site and build/lite)")
    parser.add_argument("--working-copy", action="store_true",
                        help="render the notebooks as they are on disk, not as last committed")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("no notebook to render", file=sys.stderr)
        return 2
    answers = {p: p.parent / "solutions" / f"{p.stem}_solutions.ipynb" for p in notebooks}
    answers = {p: a for p, a in answers.items() if a.exists()}
    args.out.mkdir(parents=True, exist_ok=True)
    install_static(args.out)
    read = {path: read_notebook(path, working_copy=args.working_copy)
            for path in [*notebooks, *answers.values()]}
    for path, nb in read.items():
        lite_path = f"solutions/{path.name}" if path in answers.values() else path.name
        bar = site_kit.action_bar(path.stem, lite_path, answers[path].stem if path in answers else None,
                                  args.lite_url)
        download = args.out / "notebooks" / lite_path
        download.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, download)
        print(f"{path.name} -> {export(path, args.out, nb, bar=bar).relative_to(args.out.parent)}",
              flush=True)
    site_kit.write_bundle(args.out / f"{site_kit.BUNDLE_NAME}.zip")
    infos = [dict(notebook_info(p, read[p]), answers=answers[p].stem if p in answers else None,
                  lite=f"{args.lite_url}lab/index.html?path={p.name}") for p in notebooks]
    (args.out / "index.html").write_text(index_page(infos), encoding="utf-8")
    print(f"site: {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
