"""tools/run_notebooks.py: re-executing a notebook on the same machine writes the same bytes."""

import copy
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import pinned_numerics  # noqa: E402
import run_notebooks  # noqa: E402

A, B, C = "a" * 32, "b" * 32, "c" * 32
VIEW, STATE = run_notebooks.WIDGET_VIEW, run_notebooks.WIDGET_STATE


def widget_notebook() -> nbformat.NotebookNode:
    """A notebook that shows box A; A holds slider B by reference; C is saved but never shown."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("box")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "VBox()", VIEW: {"model_id": A, "version_major": 2, "version_minor": 0}})]
    nb.cells = [cell]
    nb.metadata["widgets"] = {STATE: {"version_major": 2, "version_minor": 0, "state": {
        C: {"model_name": "LayoutModel", "state": {}},
        B: {"model_name": "FloatSliderModel", "state": {"value": 1.0}},
        A: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{B}"]}},
    }}}
    return nb


def test_model_ids_are_ordered_from_the_shown_widget_through_its_references():
    assert run_notebooks.model_ids(widget_notebook()) == [A, B, C]


def test_stable_model_ids_renames_each_id_everywhere_and_depends_only_on_the_seed():
    nb = widget_notebook()
    again = run_notebooks.stable_model_ids(copy.deepcopy(nb), "01_softmax")
    renamed = run_notebooks.stable_model_ids(nb, "01_softmax")
    text = nbformat.writes(renamed)
    assert A not in text and B not in text and C not in text
    new_a, new_b, new_c = list(renamed.metadata.widgets[STATE]["state"])
    assert renamed.cells[0].outputs[0].data[VIEW]["model_id"] == new_a
    assert renamed.metadata.widgets[STATE]["state"][new_a]["state"]["children"] == [f"IPY_MODEL_{new_b}"]
    assert nbformat.writes(again) == text


def test_strip_progress_timing_drops_elapsed_time_and_rate_from_saved_widget_state():
    nb = widget_notebook()
    state = nb.metadata.widgets[STATE]["state"]
    state[B]["state"]["description"] = "100%|██████████| 20/20 [00:01<00:00, 17.43it/s]"
    state[C]["state"]["value"] = "\u20073/3\u2007[00:00&lt;00:00,\u2007653.73it/s]"
    run_notebooks.strip_progress_timing(nb)
    assert state[B]["state"]["description"] == "100%|██████████| 20/20"
    assert state[C]["state"]["value"] == "\u20073/3"


def test_main_reports_a_missing_notebook(tmp_path, capsys):
    assert run_notebooks.main([str(tmp_path / "nope.ipynb")]) == 2
    assert "no such notebook" in capsys.readouterr().err


SMALL_NOTEBOOK = [
    "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt\nimport ipywidgets\n"
    "from course_lib.widgets import Explorer\nrng = np.random.default_rng(0)",
    "print(rng.normal(size=3).round(4))\nprint('second line')",
    "def draw(ax, *, a=1.0):\n    _ = ax.plot(np.sin(a * np.linspace(0, 6, 50)))\n"
    "Explorer(draw, {'a': ipywidgets.FloatSlider(value=1.0, min=0.5, max=3.0)})",
    "from tqdm.auto import tqdm\nfor _ in tqdm(range(3), desc='epochs'):\n    pass",
]


def test_reexecuting_a_notebook_with_a_widget_and_a_progress_bar_changes_no_byte(tmp_path):
    path = tmp_path / "small.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in SMALL_NOTEBOOK]
    nbformat.write(nb, path)
    run_notebooks.run(path)
    first = path.read_bytes()
    assert b"application/vnd.jupyter.widget-state+json" in first
    assert run_notebooks.changes(path) == []


def test_the_check_ignores_only_the_outputs_of_cells_marked_nbval_ignore_output():
    def notebook(timing: str, value: str) -> str:
        nb = nbformat.v4.new_notebook()
        timed = nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nprint(seconds)")
        timed.outputs = [nbformat.v4.new_output("stream", name="stdout", text=timing)]
        checked = nbformat.v4.new_code_cell("print(x)")
        checked.outputs = [nbformat.v4.new_output("stream", name="stdout", text=value)]
        timed.id, checked.id = "timed", "checked"
        nb.cells = [timed, checked]
        return nbformat.writes(nb)

    assert run_notebooks.differences(notebook("0.12 s", "1"), notebook("0.34 s", "1")) == []
    assert run_notebooks.differences(notebook("0.12 s", "1"), notebook("0.12 s", "2")) != []


def figure_png(shift: float = 0.0, *, slope: float = 1.0) -> str:
    """A line plot as base64 PNG; ``shift`` moves the line by a fraction of a pixel."""
    import base64
    import io

    import numpy as np
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=100)
    ax = fig.subplots()
    x = np.linspace(0, 1, 200)
    ax.plot(x, slope * x + shift)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="x", ylabel="y")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode()


def figure_notebook(png: str) -> str:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("plt.show()")
    cell.id = "figure"
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})]
    nb.cells = [cell]
    return nbformat.writes(nb)


def test_a_figure_that_differs_by_rounding_counts_as_unchanged():
    old, new = figure_png(), figure_png(shift=1e-4)  # a ten-thousandth of the axis: sub-pixel
    assert old != new  # the bytes differ ...
    assert run_notebooks.differences(figure_notebook(old), figure_notebook(new)) == []  # ... the picture does not


def test_a_figure_whose_line_changed_is_reported_with_its_cell():
    found = run_notebooks.differences(figure_notebook(figure_png()), figure_notebook(figure_png(slope=0.9)))
    assert len(found) == 1
    assert found[0].startswith("cell 0, output 0: ") and "pixels changed, by up to" in found[0]


def test_a_figure_of_another_size_is_reported():
    import base64
    import io

    from PIL import Image

    small = io.BytesIO()
    Image.open(io.BytesIO(base64.b64decode(figure_png()))).resize((200, 150)).save(small, format="png")
    found = run_notebooks.differences(figure_notebook(figure_png()),
                                      figure_notebook(base64.b64encode(small.getvalue()).decode()))
    assert found == ["cell 0, output 0: size 400×300 became 200×150 pixels"]


def test_saved_tracebacks_and_printed_text_hold_no_folder_of_this_machine(tmp_path):
    path = tmp_path / "error.ipynb"
    nb = nbformat.v4.new_notebook()
    failing = nbformat.v4.new_code_cell("from course_lib import losses\nlosses.softmax([['a']])")
    failing.metadata["tags"] = ["raises-exception"]
    printing = nbformat.v4.new_code_cell("import course_lib, numpy\nprint(course_lib.__file__)\n"
                                         "print(numpy.__file__)")
    nb.cells = [failing, printing]
    nbformat.write(nb, path)
    run_notebooks.run(path)
    saved = path.read_text(encoding="utf-8")
    root = str(Path(run_notebooks.__file__).resolve().parents[1])
    assert root not in saved and sys.prefix not in saved and str(tmp_path) not in saved
    assert "course_lib/losses.py:" in saved.replace("\\\\", "/")
    assert "<python>" in saved


LOOPS = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[1] / "tools")!r})
import pinned_numerics, threadpoolctl
loops = pinned_numerics.numpy_loops()
kernels = {{info["architecture"] for info in threadpoolctl.threadpool_info() if info["internal_api"] == "openblas"}}
"""


def loops_notebook(path: Path, check: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import numpy as np\nnp.ones((2, 2)) @ np.ones((2, 2))\n" + LOOPS),
                nbformat.v4.new_code_cell(check)]
    nbformat.write(nb, path)
    return path


@pytest.mark.skipif(not pinned_numerics.X86_64, reason="no other loops off x86-64")
def test_other_loops_reach_the_kernel_and_a_failing_assert_is_reported(tmp_path, capsys):
    holds = loops_notebook(tmp_path / "holds.ipynb", 'assert kernels == {"Sandybridge"}\n'
                                                    'assert not [t for t in loops if t.startswith(("X86_V3", "AVX2"))]')
    fails = loops_notebook(tmp_path / "fails.ipynb", 'assert kernels == {"Haswell"}, kernels')
    before = fails.read_bytes()
    assert run_notebooks.main(["--other-loops", str(holds), str(fails)]) == 1
    out, err = capsys.readouterr()
    assert "holds.ipynb: its asserts hold on other loops" in out
    assert "fails.ipynb: FAILS on other loops: ----> 1 assert kernels == {\"Haswell\"}, kernels" in out
    assert "AssertionError: {'Sandybridge'}" in out and "1 notebook(s) fail on other loops: fails.ipynb" in err
    assert fails.read_bytes() == before  # nothing is written
