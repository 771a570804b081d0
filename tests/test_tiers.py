"""The core needs NumPy alone: figures and sliders are optional, and say what they need."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = ("matplotlib", "ipywidgets", "PIL", "tqdm", "sklearn", "IPython")


def run_without(code: str, blocked=OPTIONAL) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh Python where the ``blocked`` packages cannot be imported."""
    block = "import sys\n" + "".join(f"sys.modules[{name!r}] = None\n" for name in blocked)
    return subprocess.run([sys.executable, "-c", block + code], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=60)


def test_the_core_and_the_exercise_checkers_import_with_numpy_alone():
    result = run_without(
        "import course_lib, course_lib.exercises\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules if sys.modules[m] is not None}} & set({OPTIONAL!r}))\n"
        "print(loaded)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(("part", "missing", "group"), [("plots", "matplotlib", "plots"),
                                                        ("widgets", "ipywidgets", "widgets")])
def test_asking_for_figures_without_their_packages_names_the_pip_command(part, missing, group):
    result = run_without(f"import course_lib\ncourse_lib.{part}", blocked=(missing,))
    assert result.returncode != 0
    assert f"ImportError: course_lib.{part} needs {missing}, which is not installed: " \
           f"pip install 'course_lib[{group}]'" in result.stderr


def test_fit_with_a_progress_bar_trains_without_tqdm_and_says_so():
    result = run_without(
        "import warnings, numpy as np\nfrom course_lib import layers, losses, optim, train\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    h = train.fit(layers.Linear(2, 2, rng=0), losses.softmax_loss, optim.SGD(0.1), np.ones((4, 2)),"
        " [0, 1, 0, 1], epochs=2, batch_size=2, progress=True)\n"
        "print(h.epochs, str(caught[0].message))", blocked=("tqdm",))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 progress=True needs tqdm (pip install 'course_lib[progress]')")
