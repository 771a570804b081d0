"""Drawing functions and the explorer of notebook 01 (softmax)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from live_check import assert_moves_match_a_full_drawing

from course_lib import activations, plots, widgets


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def bar_heights(ax):
    return np.array([patch.get_height() for patch in ax.patches])


def test_bars_are_the_softmax_of_the_notes_logits(ax):
    plots.draw_softmax_temperature(ax, logits=[2.0, 1.0, 0.1], temperature=1.0)
    # e^2, e^1, e^0.1 = 7.389, 2.718, 1.105; their sum is 11.21
    np.testing.assert_allclose(bar_heights(ax), [0.6590, 0.2424, 0.0986], atol=5e-4)
    assert [t.get_text() for t in ax.texts] == ["0.659", "0.242", "0.099"]


@pytest.mark.parametrize(("temperature", "expected"), [(0.05, [1.0, 0.0, 0.0]), (1000.0, [1 / 3] * 3)])
def test_temperature_sharpens_towards_argmax_and_flattens_towards_uniform(ax, temperature, expected):
    plots.draw_softmax_temperature(ax, temperature=temperature)
    np.testing.assert_allclose(bar_heights(ax), expected, atol=1e-3)


@settings(max_examples=20, deadline=None)
@given(temperature=st.floats(0.05, 50.0))
def test_bars_sum_to_one_and_keep_the_order_of_the_logits(temperature):
    fig, ax = plt.subplots()
    plots.draw_softmax_temperature(ax, logits=[2.0, 1.0, 0.1], temperature=temperature)
    heights = bar_heights(ax)
    plt.close(fig)
    assert heights.sum() == pytest.approx(1.0)
    assert heights[0] >= heights[1] >= heights[2]


def test_temperature_must_be_positive(ax):
    with pytest.raises(ValueError, match=r"temperature must be in \(0, inf\], got 0"):
        plots.draw_softmax_temperature(ax, temperature=0.0)


def test_logits_must_be_one_vector(ax):
    with pytest.raises(ValueError, match=r"logits must have shape \(K,\), got shape \(2, 2\)"):
        plots.draw_softmax_temperature(ax, logits=[[1.0, 2.0], [3.0, 4.0]])


def test_two_class_softmax_points_lie_on_the_sigmoid_of_the_difference(ax):
    plots.draw_two_class_softmax(ax, diff_range=6.0)
    curve, *softmax_lines = ax.lines
    assert curve.get_xdata()[0] == -6.0 and curve.get_xdata()[-1] == 6.0
    assert len(softmax_lines) == 3
    for line in softmax_lines:
        np.testing.assert_allclose(line.get_ydata(), activations.sigmoid(line.get_xdata()), atol=1e-12)


def test_two_class_softmax_needs_a_positive_range(ax):
    with pytest.raises(ValueError, match=r"diff_range must be in \(0, inf\], got -1"):
        plots.draw_two_class_softmax(ax, diff_range=-1.0)


def test_temperature_explorer_redraws_the_bars_when_the_slider_moves():
    explorer = widgets.softmax_temperature_explorer()
    before = bar_heights(explorer.figure.axes[0])
    explorer.controls["temperature"].value = 5.0
    after = bar_heights(explorer.figure.axes[0])
    assert explorer.figure.axes[0].get_title() == "softmax(z / T) at temperature T = 5"
    assert after[0] < before[0] and after[2] > before[2]


def test_temperature_explorer_uses_the_given_logits():
    explorer = widgets.softmax_temperature_explorer(logits=[0.0, 0.0], temperature=2.0)
    np.testing.assert_allclose(bar_heights(explorer.figure.axes[0]), [0.5, 0.5])


def test_temperature_explorer_rejects_a_start_outside_the_slider():
    with pytest.raises(ValueError, match=r"temperature must be in \[0.05, 20\], got 100"):
        widgets.softmax_temperature_explorer(temperature=100.0)


def test_temperature_slider_spans_the_range_the_explorer_accepts_and_stops_at_one():
    slider = widgets.softmax_temperature_explorer().controls["temperature"]
    low, high = slider.base ** slider.min, slider.base ** slider.max
    assert low == pytest.approx(0.05) and high == pytest.approx(20)
    assert ((0 - slider.min) / slider.step) == pytest.approx(round((0 - slider.min) / slider.step))


def test_temperature_moves_the_bars_on_kept_axes():
    explorer = widgets.softmax_temperature_explorer()
    kept = explorer.figure.axes[0]
    explorer.controls["temperature"].value = 0.05
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    assert_moves_match_a_full_drawing(explorer, {"temperature": 20.0})


@pytest.mark.parametrize(("logits", "expected"), [
    ((2.0, 1.0, 0.1), [0.6590, 0.2424, 0.0986]),
    ((0.0, 0.0, 0.0), [1 / 3] * 3),
    ((-5.0, 5.0, -5.0), [4.54e-5, 0.99991, 4.54e-5]),
])
def test_logit_bars_and_their_softmax(logits, expected):
    fig, axes = plt.subplots(1, 2)
    plots.draw_softmax_logits(axes, z0=logits[0], z1=logits[1], z2=logits[2])
    np.testing.assert_allclose(bar_heights(axes[0]), logits)
    np.testing.assert_allclose(bar_heights(axes[1]), expected, rtol=1e-3)
    assert axes[1].get_title() == "p = softmax(z): sum = 1.000"
    assert [t.get_va() for t in axes[0].texts] == ["bottom" if z >= 0 else "top" for z in logits]
    plt.close(fig)


@pytest.mark.parametrize(("build", "message"), [
    (lambda: widgets.softmax_logits_explorer(logits=(1.0, 2.0)),
     r"logits must have shape \(3,\), got shape \(2,\)"),
    (lambda: widgets.softmax_logits_explorer(logits=(1.0, 9.0, 0.0)),
     r"logits\[1\] must be in \[-5, 5\], got 9"),
    (lambda: plots.draw_softmax_logits(plt.subplots(1, 2)[1], max_logit=0.0),
     r"max_logit must be in \(0, inf\], got 0"),
])
def test_logit_sliders_and_axis_reject_bad_settings(build, message):
    with pytest.raises(ValueError, match=message):
        build()
    plt.close("all")


def test_dragging_one_logit_moves_every_probability_on_kept_axes():
    explorer = widgets.softmax_logits_explorer()
    left, right = explorer.figure.axes
    before = bar_heights(right)
    explorer.controls["z2"].value = 3.0
    after = bar_heights(right)
    assert explorer.figure.axes[1] is right  # blitted, not drawn anew
    assert bar_heights(left)[2] == 3.0
    assert after[2] > before[2] and after[0] < before[0] and after[1] < before[1]
    assert after.sum() == pytest.approx(1.0)
    assert_moves_match_a_full_drawing(explorer, {"z0": -5.0, "z1": 5.0, "z2": -5.0})
