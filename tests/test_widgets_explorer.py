"""The one widget pattern: controls drive a pure drawing function."""

import ipywidgets
import pytest

from course_lib import widgets


def _draw_line(ax, *, slope, offset=0.0):
    ax.plot([0, 1], [offset, offset + slope])
    ax.set_title(f"slope {slope}")


def test_explorer_draws_the_initial_state():
    explorer = widgets.Explorer(_draw_line, {"slope": ipywidgets.FloatSlider(value=2.0)})
    line = explorer.figure.axes[0].lines[0]
    assert list(line.get_ydata()) == [0.0, 2.0]
    assert explorer.values == {"slope": 2.0}


def test_changing_a_control_redraws_with_the_new_value():
    explorer = widgets.Explorer(_draw_line, {"slope": ipywidgets.FloatSlider(value=2.0)},
                                fixed={"offset": 1.0})
    first = explorer.figure
    explorer.controls["slope"].value = 3.0
    assert explorer.figure is not first
    assert list(explorer.figure.axes[0].lines[0].get_ydata()) == [1.0, 4.0]
    assert explorer.figure.axes[0].get_title() == "slope 3.0"


def test_explorer_lays_out_several_axes():
    def draw(axes, *, n):
        for ax in axes:
            ax.plot(range(n))

    explorer = widgets.Explorer(draw, {"n": ipywidgets.IntSlider(value=3)}, ncols=2, figsize=(6, 2))
    assert len(explorer.figure.axes) == 2
    assert tuple(explorer.figure.get_size_inches()) == (6.0, 2.0)


def test_a_drawing_error_surfaces_to_the_caller():
    def broken(ax, *, a):
        raise ValueError(f"a must be positive, got {a}")

    with pytest.raises(ValueError, match="a must be positive, got -1"):
        widgets.Explorer(broken, {"a": ipywidgets.IntSlider(value=-1, min=-5)})
