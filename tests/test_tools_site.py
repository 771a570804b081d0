"""tools/build_site.py and tools/build_slides.py: the course map and the cutting of slides."""

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import build_site  # noqa: E402
import build_slides  # noqa: E402

HEADER = """# 05 · Cross-entropy and the loss zoo

Classifiers are trained by one loss above all. It is cheap.

**What you will learn**

- what entropy measures;
- how the hinge loss differs.

**Builds on:** [01 · Softmax](01_softmax.ipynb) (the max trick), [03 · Backprop](03_backprop.ipynb). Also 99 bottles.

| English | 中文 | meaning |
|---|---|---|
| entropy | 熵 | average surprise |
"""


def write_notebook(folder: Path, name: str, *cells: nbformat.NotebookNode) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_notebook_info_reads_title_first_sentence_prerequisites_and_goals(tmp_path):
    path = write_notebook(tmp_path, "05_cross_entropy.ipynb", nbformat.v4.new_markdown_cell(HEADER))
    info = build_site.notebook_info(path)
    assert info == {"number": "05", "stem": "05_cross_entropy", "title": "Cross-entropy and the loss zoo",
                    "one_line": "Classifiers are trained by one loss above all.", "needs": ["01", "03"],
                    "learn": "- what entropy measures;\n- how the hinge loss differs."}


def test_notebook_info_without_an_introduction_uses_the_first_goal(tmp_path):
    header = HEADER.replace("Classifiers are trained by one loss above all. It is cheap.\n\n", "")
    path = write_notebook(tmp_path, "05_cross_entropy.ipynb", nbformat.v4.new_markdown_cell(header))
    assert build_site.notebook_info(path)["one_line"] == "What entropy measures"


def test_index_page_links_each_notebook_and_the_prerequisites_that_exist():
    infos = [{"number": "01", "stem": "01_softmax", "title": "Softmax", "one_line": "Scores to **probabilities**.",
              "needs": ["00"], "learn": ""},
             {"number": "05", "stem": "05_cross_entropy", "title": "Cross-entropy", "one_line": "Losses.",
              "needs": ["01", "03"], "learn": "- entropy"}]
    page = build_site.index_page(infos)
    assert '<a href="01_softmax.html">Softmax</a>' in page
    assert '<td><a href="01_softmax.html">01</a>, 03</td>' in page
    assert "<td>00</td>" in page
    assert "Scores to <strong>probabilities</strong>." in page
    assert page.count("<details>") == 1
    assert "http" not in page.replace('http-equiv', '')


def test_links_between_notebooks_point_at_the_rendered_pages():
    html = '<a href="03_backprop.ipynb#the-chain-rule">03</a> <a href="https://x.org/a.ipynb">x</a>'
    assert build_site.NOTEBOOK_LINK.sub(r'href="\1.html', html) == (
        '<a href="03_backprop.html#the-chain-rule">03</a> <a href="https://x.org/a.ipynb">x</a>')


def test_links_to_and_from_the_worked_answers_point_at_pages_in_the_same_folder():
    html = '<a href="solutions/03_backprop_solutions.ipynb">answers</a> <a href="../03_backprop.ipynb">back</a>'
    assert build_site.NOTEBOOK_LINK.sub(r'href="\1.html', html) == (
        '<a href="03_backprop_solutions.html">answers</a> <a href="03_backprop.html">back</a>')


def test_the_index_links_the_worked_answers_where_a_chapter_has_them():
    infos = [{"number": "01", "stem": "01_softmax", "title": "Softmax", "one_line": "Scores.", "needs": [],
              "learn": "", "answers": "01_softmax_solutions"},
             {"number": "02", "stem": "02_descent", "title": "Descent", "one_line": "Steps.", "needs": [],
              "learn": "", "answers": None}]
    page = build_site.index_page(infos)
    assert '<a class="answers" href="01_softmax_solutions.html">worked answers</a>' in page
    assert page.count("worked answers") == 1


def test_every_static_url_points_inside_the_site():
    assert all(url.startswith(build_site.STATIC + "/") for url in build_site.URLS.values())
    assert set(build_site.ASSETS) == set(build_site.npm_packages())


md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def test_slides_start_at_the_title_and_at_each_section_and_sub_slides_at_subsections():
    cells = [md("# 01 · Title"), code("x = 1"), md("## 1. First"), code("y = 2"), md("### 1.1 Detail"),
             md("## 2. Second")]
    assert build_slides.slide_types(cells) == ["slide", "-", "slide", "-", "subslide", "slide"]


def test_a_section_taller_than_a_screen_continues_on_a_sub_slide():
    tall = code("\n".join(f"line_{i} = {i}" for i in range(build_slides.SCREEN_LINES - 1)))
    cells = [md("## 1. Long"), tall, code("z = 3"), code("w = 4")]
    assert build_slides.slide_types(cells) == ["slide", "-", "subslide", "-"]


def test_a_figure_counts_as_many_lines():
    cell = code("plt.show()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})]
    assert build_slides.height(cell) == 1 + build_slides.IMAGE_LINES


def test_a_long_text_cell_is_cut_at_paragraphs_but_a_display_formula_stays_whole():
    paragraphs = [f"Paragraph {i}." + " word" * 60 for i in range(8)]
    cut = build_slides.split_long_markdown([md("\n\n".join(paragraphs))])
    assert len(cut) > 1
    assert "\n\n".join(c.source for c in cut) == "\n\n".join(paragraphs)
    assert all(build_slides.height(c) <= build_slides.SCREEN_LINES for c in cut)
    formula = "$$\na = b\n\nc = d\n$$"
    parts = build_slides.split_long_markdown([md("\n\n".join(paragraphs[:4]) + "\n\n" + formula)])
    assert any(formula in part.source for part in parts)


def test_a_code_block_stays_whole_and_a_long_table_is_cut_by_rows_with_its_header():
    code_block = "```\nmake test\n\nmake lab\n```"
    assert code_block in build_slides.blocks("Intro.\n\n" + code_block + "\n\nAfter.")
    table = "| a | b |\n|---|---|\n" + "\n".join(f"| {i} | x |" for i in range(40))
    parts = build_slides.blocks(table)
    assert len(parts) > 1 and all(part.startswith("| a | b |\n|---|---|") for part in parts)
    assert sum(len(part.splitlines()) - 2 for part in parts) == 40


def test_a_section_heading_after_a_paragraph_in_the_same_cell_starts_a_slide():
    cells = [md("# 01 · Title"), md("Reading the outputs.\n\n## 2. Temperature\n\nText."), code("x = 1")]
    split = build_slides.split_at_headings(cells)
    assert [c.source for c in split[1:3]] == ["Reading the outputs.", "## 2. Temperature\n\nText."]
    assert build_slides.slide_types(split) == ["slide", "-", "slide", "-"]


def test_a_heading_inside_a_code_fence_does_not_cut_the_cell():
    cell = md("Shell:\n\n```\n## not a heading\n```")
    assert build_slides.split_at_headings([cell]) == [cell]


def test_the_slides_step_through_every_slide_with_the_right_arrow():
    assert 'navigationMode: "linear"' in build_slides.TEMPLATE.get_source(None, "course_slides.html.j2")[0]


def test_every_mathjax_configuration_the_pages_ask_for_is_copied():
    query = build_site.URLS["mathjax_url"].split("?config=")[1]
    for name in query.split(","):  # MathJax loads config/<name>.js for each: a missing one is a 404
        assert f"config/{name}.js" in build_site.ASSETS["mathjax"]


def git(folder, *args):
    import subprocess

    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a",
                        "GIT_COMMITTER_EMAIL": "a@b", "HOME": str(folder), "PATH": "/usr/bin:/bin"})


def test_the_site_renders_the_committed_notebook_when_jupyterlab_saved_another(tmp_path, capsys):
    path = write_notebook(tmp_path, "07_optimizers.ipynb", md("# committed"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "notebook")
    write_notebook(tmp_path, "07_optimizers.ipynb", md("# saved by a Lab session"))
    assert build_site.read_notebook(path).cells[0].source == "# committed"
    note = capsys.readouterr().out
    assert "07_optimizers.ipynb differs from the committed notebook" in note
    assert "git checkout -- 07_optimizers.ipynb" in note and "--working-copy" in note
    assert build_site.read_notebook(path, working_copy=True).cells[0].source == "# saved by a Lab session"


def test_a_notebook_git_does_not_know_is_rendered_as_it_is(tmp_path, capsys):
    path = write_notebook(tmp_path, "12_new.ipynb", md("# new"))
    assert build_site.read_notebook(path).cells[0].source == "# new"
    assert capsys.readouterr().out == ""


def test_pages_give_widget_labels_a_sans_serif_font(tmp_path):
    path = write_notebook(tmp_path, "01_x.ipynb", md("# 01 · X"))
    page = build_site.export(path, tmp_path).read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    assert ".widget-label" in head and "sans-serif" in head


def test_a_table_of_long_rows_is_cut_into_more_parts_than_one_of_short_rows():
    header = "| English | 中文 | meaning |\n|---|---|---|"
    short = [f"| term {i} | 术语 | short |" for i in range(30)]
    long = [f"| term {i} | 术语 | {'a meaning that wraps on a slide ' * 5}|" for i in range(30)]
    short_parts = build_slides._table_parts("\n".join([header, *short]))
    long_parts = build_slides._table_parts("\n".join([header, *long]))
    assert len(long_parts) > len(short_parts) == 3   # 30 short rows: 13 + 13 + 4
    for part in long_parts:
        rows = part.splitlines()[2:]
        assert rows and sum(1 + len(r) // build_slides.TABLE_ROW_CHARS for r in rows) <= build_slides.SCREEN_LINES - 3
    assert [r for p in long_parts for r in p.splitlines()[2:]] == long   # every row once, in order
