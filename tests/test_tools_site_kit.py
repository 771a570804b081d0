"""tools/site_kit.py: alt text for every figure, opaque figures, the chapter buttons, the bundle."""

import base64
import io
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402
import site_kit  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))
PNG = base64.b64encode(b"not drawn").decode()


def figure_cell(source: str, figures: int = 1, **metadata) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata=metadata)
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PNG}) for _ in range(figures)]
    return cell


def notebook(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · Softmax\n\nScores become probabilities here."),
                *cells]
    return nb


def test_a_derived_alt_names_the_section_the_drawing_call_the_labels_and_the_text_above():
    nb = notebook(nbformat.v4.new_markdown_cell("## 2. Temperature\n\nA high temperature flattens the "
                                                "distribution. More text."),
                  figure_cell("fig, ax = plt.subplots()\nplots.draw_softmax_temperature(ax, T=2)\n"
                              "ax.set_xlabel('class')"))
    assert site_kit.figure_alts(nb) == {2: [
        "Figure in “2. Temperature” (01 · Softmax), drawn by plots.draw_softmax_temperature, "
        "labelled “class”. A high temperature flattens the distribution."]}


def test_an_author_s_alt_in_the_cell_metadata_wins_one_per_figure():
    nb = notebook(figure_cell("plots.a(ax)", figures=2, alt=["Bars of three probabilities.",
                                                             "The same bars at T = 10."]))
    assert site_kit.figure_alts(nb)[1] == ["Bars of three probabilities.", "The same bars at T = 10."]


def test_each_figure_of_a_cell_gets_its_own_number():
    alts = site_kit.figure_alts(notebook(figure_cell("plots.a(ax)", figures=2)))[1]
    assert [a.split(" in ")[0] for a in alts] == ["Figure 1 of 2", "Figure 2 of 2"]


def test_the_exported_page_carries_the_alt_text_on_the_image(tmp_path):
    nb = notebook(figure_cell("plots.draw_bars(ax)", alt="Three bars."))
    page = build_site.export(tmp_path / "01_softmax.ipynb", tmp_path, nb).read_text(encoding="utf-8")
    assert 'alt="Three bars."' in page
    assert "No description has been provided" not in page


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_of_the_course_has_an_alt_sentence(path):
    nb = nbformat.read(path, as_version=4)
    alts = site_kit.figure_alts(nb)
    for i, cell in enumerate(nb.cells):
        n = site_kit.png_count(cell) if cell.cell_type == "code" else 0
        assert len(alts.get(i, [])) == n, f"cell {i}"
        for text in alts.get(i, []):
            assert len(text.split()) >= 5 and text.endswith((".", "…", "?", "!", ":")), text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_of_the_course_has_an_opaque_background(path):
    """Readable on a dark theme: no pixel of a committed figure lets the page show through."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                image = Image.open(io.BytesIO(base64.b64decode(output["data"]["image/png"])))
                if "A" in image.getbands():
                    assert image.getchannel("A").getextrema()[0] == 255, f"cell {i}"


def test_a_chapter_page_has_run_download_and_answers_buttons():
    bar = site_kit.action_bar("01_softmax", "01_softmax.ipynb", "01_softmax_solutions", "../lite/")
    assert 'href="../lite/lab/index.html?path=01_softmax.ipynb"' in bar
    assert 'href="notebooks/01_softmax.ipynb" download' in bar
    assert 'href="01_softmax_solutions.html"' in bar
    page = site_kit.add_kit("<html><head></head><body class='x'><main></main></body></html>", bar)
    assert "<body class='x'>\n<nav" in page and "background-color: #fff" in page


def test_the_bundle_holds_the_notebooks_course_lib_and_the_install_instructions(tmp_path):
    target = site_kit.write_bundle(tmp_path / "course.zip")
    names = set(zipfile.ZipFile(target).namelist())
    top = site_kit.BUNDLE_NAME + "/"
    for path in NOTEBOOKS:
        assert top + path.relative_to(ROOT).as_posix() in names
    for name in ["INSTALL.txt", "README.md", "requirements.txt", "pyproject.toml", "environment.yml",
                 "course_lib/__init__.py", "course_lib/losses.py"]:
        assert top + name in names
    assert not [n for n in names if not n.startswith(top) or "/tests/" in n or "__pycache__" in n
                or n.startswith(top + "build/")]
    install = zipfile.ZipFile(target).read(top + "INSTALL.txt").decode()
    assert "pip install -r requirements.txt" in install and "jupyter lab notebooks/" in install


def test_the_bundle_is_the_same_bytes_from_the_same_sources(tmp_path):
    first = site_kit.write_bundle(tmp_path / "a.zip").read_bytes()
    assert site_kit.write_bundle(tmp_path / "b.zip").read_bytes() == first


def test_the_course_map_links_each_chapter_to_its_jupyterlite_copy():
    infos = [{"number": "01", "stem": "01_softmax", "title": "Softmax", "one_line": "Scores.", "needs": [],
              "learn": "", "answers": None, "lite": "../lite/lab/index.html?path=01_softmax.ipynb"}]
    page = build_site.index_page(infos)
    assert '<a class="answers" href="../lite/lab/index.html?path=01_softmax.ipynb">run in the browser</a>' in page
