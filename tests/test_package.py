"""The package as a whole: a light import, lazy plots/widgets, the shared style and source display."""

import inspect
import subprocess
import sys

import matplotlib as mpl
import numpy as np
import pytest

import course_lib
from course_lib import _checks, losses, plots


def test_import_does_not_load_plotting_widgets_sklearn_or_tqdm():
    code = ("import sys, course_lib; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'sklearn', 'tqdm') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plots_and_widgets_load_on_first_use():
    assert course_lib.plots.use_course_style is plots.use_course_style
    assert hasattr(course_lib.widgets, "Explorer")
    with pytest.raises(AttributeError, match="module 'course_lib' has no attribute 'nonexistent'"):
        _ = course_lib.nonexistent


def test_use_course_style_sets_the_fixed_figure_settings():
    plots.use_course_style()
    assert tuple(mpl.rcParams["figure.figsize"]) == (6.4, 4.0)
    assert mpl.rcParams["axes.grid"] is True


def test_show_source_renders_the_function_as_python():
    shown = course_lib.show_source(losses.softmax)
    assert shown._repr_markdown_().startswith("```python\ndef softmax(")
    assert shown._repr_markdown_().endswith("```")
    assert repr(shown) == inspect.getsource(losses.softmax).rstrip("\n")  # what plain text shows


def test_show_source_rejects_what_has_no_source():
    with pytest.raises(TypeError, match="obj must be a function, method or class, got int 3"):
        course_lib.show_source(3)


def test_float_array_keeps_float32_and_promotes_the_rest():
    assert _checks.float_array(np.float32([1]), "x").dtype == np.float32
    assert _checks.float_array([1, 2], "x").dtype == np.float64
    with pytest.raises(TypeError, match="x must be real, got complex dtype complex128"):
        _checks.float_array([1j], "x")
    with pytest.raises(ValueError, match="x must contain only finite numbers, got NaN or inf"):
        _checks.float_array([np.nan], "x", finite=True)


def test_number_checks_name_the_interval():
    with pytest.raises(TypeError, match="lr must be a real number, got bool True"):
        _checks.number(True, "lr")
    with pytest.raises(ValueError, match=r"lr must be in \(0, 1\], got nan"):
        _checks.number(float("nan"), "lr", low=0, high=1, low_open=True)


def test_axis_check_names_the_valid_range():
    with pytest.raises(ValueError, match=r"axis must be in \[-2, 1\] for a 2-D array, got 2"):
        _checks.axis(2, 2)


def test_every_chapter_has_its_module_in_plots_widgets_and_exercises():
    from pathlib import Path

    from course_lib import _chapters

    root = Path(_chapters.__file__).parent
    for package in ("plots", "widgets", "exercises"):
        missing = [name for name in _chapters.CHAPTERS if not (root / package / f"{name}.py").exists()]
        assert missing == [], f"{package} lacks {missing}"


def test_a_name_exported_by_two_chapter_modules_is_refused():
    import types

    import pytest

    from course_lib import _chapters

    one, two = types.ModuleType("pkg.one"), types.ModuleType("pkg.two")
    one.__all__, two.__all__ = ["draw"], ["draw"]
    one.draw = two.draw = print
    with pytest.raises(ImportError, match="'draw' is exported by two chapter modules of pkg"):
        _chapters.public_names([one, two])


def test_the_packages_export_each_chapter_name_once():
    from course_lib import plots, widgets

    for package in (plots, widgets):
        assert len(package.__all__) == len(set(package.__all__))
        assert all(hasattr(package, name) for name in package.__all__)
