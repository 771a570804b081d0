"""tools/run_notebooks.py: re-executing a notebook on the same machine writes the same bytes."""

import copy
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
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
    assert run_notebooks.changes(path) is False


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

    same = run_notebooks.without_varying_outputs
    assert same(notebook("0.12 s", "1")) == same(notebook("0.34 s", "1"))
    assert same(notebook("0.12 s", "1")) != same(notebook("0.12 s", "2"))
