"""Drawing functions and explorers of notebook 02 (gradient descent)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from axis_labels import labelled_y_ticks
from live_check import assert_moves_match_a_full_drawing

from course_lib import plots, surfaces, widgets
from course_lib.plots.base import log_y


@pytest.fixture
def axes():
    fig, axes = plt.subplots(1, 2)
    yield axes
    plt.close(fig)


def test_draw_surface_draws_contours_and_marks_the_minimum():
    fig, ax = plt.subplots()
    plots.draw_surface(ax, surfaces.rosenbrock())
    assert len(ax.collections) == 1
    (star,) = ax.lines
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (1.0, 1.0)
    assert ax.get_xlim() == (-2.0, 2.0)
    plt.close(fig)


def test_draw_surface_handles_negative_values():
    fig, ax = plt.subplots()
    plots.draw_surface(ax, surfaces.saddle())
    assert len(ax.collections) == 1 and not ax.lines
    plt.close(fig)


def test_directional_derivative_curve_peaks_at_the_gradient_with_its_norm(axes):
    # f = ½(x² + 3y²) at (1.5, 1): gradient (1.5, 3), norm √11.25 = 3.354, at 63.43°
    plots.draw_directional_derivative(axes, angle=90.0, point=(1.5, 1.0))
    curve = axes[1].lines[0]
    peak = np.argmax(curve.get_ydata())
    assert curve.get_ydata()[peak] == pytest.approx(np.sqrt(11.25), rel=1e-4)
    assert curve.get_xdata()[peak] == pytest.approx(63.0, abs=1.0)
    marker = axes[1].lines[-1]
    assert marker.get_ydata()[0] == pytest.approx(3.0)  # u = (0, 1) picks ∂f/∂y
    assert axes[1].get_title() == "u at 90°: D_u f = 3.000, maximum ‖∇f‖ = 3.354"


def test_directional_derivative_rejects_a_bad_point(axes):
    with pytest.raises(ValueError, match=r"point must have shape \(2,\), got shape \(2, 1\)"):
        plots.draw_directional_derivative(axes, point=[[1.0], [2.0]])


def test_descent_1d_multiplies_x_by_one_minus_lr_times_curvature(axes):
    plots.draw_descent_1d(axes, lr=0.25, curvature=2.0, start=2.0, steps=4)
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), [2.0, 1.0, 0.5, 0.25, 0.125])


@pytest.mark.parametrize(("lr", "regime"), [
    (0.25, "converges monotonically"), (0.5, "converges in one step"),
    (0.75, "oscillates and converges"), (1.0, "oscillates forever"), (1.2, "diverges")])
def test_descent_1d_names_the_regime_around_the_critical_rate(axes, lr, regime):
    plots.draw_descent_1d(axes, lr=lr, curvature=2.0)
    assert axes[0].get_title().endswith(regime)
    assert "critical rate 2/a = 1" in axes[1].get_title()


def test_descent_1d_rejects_a_non_positive_curvature(axes):
    with pytest.raises(ValueError, match=r"curvature must be in \(0, inf\], got 0"):
        plots.draw_descent_1d(axes, curvature=0.0)


def test_descent_2d_takes_plain_gradient_steps(axes):
    plots.draw_descent_2d(axes, lr=0.1, condition=10.0, steps=5)
    path = axes[0].lines[1]
    # from (-3.5, 2): gradient (-3.5, 20), so one step of 0.1 lands on (-3.15, 0)
    np.testing.assert_allclose(path.get_xdata()[:2], [-3.5, -3.15])
    np.testing.assert_allclose(path.get_ydata()[:2], [2.0, 0.0])
    assert "critical lr 2/κ = 0.2" in axes[0].get_title()


def test_a_narrow_log_axis_still_shows_several_labelled_y_ticks():
    fig, ax = plt.subplots()
    ax.plot([0, 600], [13.0, 3.6])  # less than one decade
    log_y(ax)
    assert labelled_y_ticks(ax) == ["5", "1e1"]  # one decade alone would show only 1e1
    plt.close(fig)


def test_a_wide_log_axis_labels_powers_of_ten_without_mathtext(axes):
    plots.draw_descent_1d(axes, lr=0.3, curvature=2.0)
    assert labelled_y_ticks(axes[1])[:3] == ["1e-8", "1e-6", "1e-4"]
    assert "1" in labelled_y_ticks(axes[1])


def test_descent_2d_reports_divergence_above_the_critical_rate(axes):
    plots.draw_descent_2d(axes, lr=0.21, condition=10.0, steps=100)
    assert axes[1].get_title().startswith("diverging: f grew from 26.1")


def test_descent_2d_reports_an_overflow_without_warnings(axes):
    plots.draw_descent_2d(axes, surface="rosenbrock", lr=0.004, steps=50)
    assert axes[1].get_title().startswith("diverged: overflow at step")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"surface": "sphere"}, r"surface must be one of \[.*'rosenbrock'.*\], got 'sphere'"),
    ({"condition": 0.5}, r"condition must be in \[1, inf\], got 0.5"),
    ({"lr": 0.0}, r"lr must be in \(0, inf\], got 0"),
    ({"steps": 0}, r"steps must be in \[1, 5000\], got 0"),
    ({"steps": 100, "max_steps": 50}, r"max_steps must be in \[100, 5000\], got 50"),
])
def test_descent_2d_rejects_bad_settings(axes, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.draw_descent_2d(axes, **kwargs)


def test_directional_derivative_explorer_moves_the_marker():
    explorer = widgets.directional_derivative_explorer(angle=0.0)
    explorer.controls["angle"].value = 90.0
    assert explorer.figure.axes[1].lines[-1].get_xdata()[0] == 90.0


def test_descent_1d_explorer_redraws_for_a_new_learning_rate():
    explorer = widgets.descent_1d_explorer(lr=0.3)
    before = explorer.figure.axes[1].lines[0].get_ydata()
    explorer.controls["lr"].value = 1.2
    after = explorer.figure.axes[1].lines[0].get_ydata()
    assert abs(after[-1]) > abs(before[-1])
    assert explorer.figure.axes[0].get_title().endswith("diverges")


def test_descent_2d_explorer_switches_surface_and_condition():
    explorer = widgets.descent_2d_explorer(lr=0.05, condition=10.0)
    explorer.controls["condition"].value = 100.0
    assert "κ = 100" in explorer.figure.axes[0].get_title()
    explorer.controls["surface"].value = "rosenbrock"
    assert explorer.figure.axes[0].get_title().startswith("rosenbrock")


def test_draw_surface_needs_a_surface():
    fig, ax = plt.subplots()
    with pytest.raises(TypeError, match="surface must be a course_lib.surfaces.Surface, got str"):
        plots.draw_surface(ax, "rosenbrock")
    plt.close(fig)


@pytest.mark.parametrize(("builder", "kwargs", "message"), [
    (widgets.directional_derivative_explorer, {"angle": 400.0}, r"angle must be in \[0, 360\], got 400"),
    (widgets.descent_1d_explorer, {"lr": 5.0}, r"lr must be in \[0.02, 1.5\], got 5"),
    (widgets.descent_2d_explorer, {"surface": "beale"}, r"surface must be one of \['quadratic', 'rosenbrock'\], got 'beale'"),
    (widgets.descent_2d_explorer, {"condition": 1000.0}, r"condition must be in \[1, 100\], got 1000"),
])
def test_explorers_reject_a_start_outside_their_controls(builder, kwargs, message):
    with pytest.raises(ValueError, match=message):
        builder(**kwargs)


def test_descent_1d_sliders_move_artists_on_kept_axes():
    explorer = widgets.descent_1d_explorer()
    kept = explorer.figure.axes[0]
    explorer.controls["lr"].value = 1.2
    explorer.controls["curvature"].value = 3.5
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    assert_moves_match_a_full_drawing(explorer, {"lr": 0.5, "curvature": 0.5})


def test_directional_derivative_angle_moves_u_on_kept_axes():
    explorer = widgets.directional_derivative_explorer()
    kept = explorer.figure.axes[0]
    explorer.controls["angle"].value = 90.0
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    u = kept.texts[-1]  # the arrow of u, from the point (1.5, 1) one unit up
    np.testing.assert_allclose(u.xy, [1.5, 2.0], atol=1e-12)
    assert kept.get_legend().get_texts()[-1].get_text() == "u"
    assert explorer.figure.axes[1].get_title() == "u at 90°: D_u f = 3.000, maximum ‖∇f‖ = 3.354"
    assert_moves_match_a_full_drawing(explorer, {"angle": 360.0})
    assert_moves_match_a_full_drawing(explorer, {"angle": 185.0})


def test_descent_2d_learning_rate_and_condition_blit_and_a_new_surface_keeps_the_axes():
    explorer = widgets.descent_2d_explorer(lr=0.05)
    left, right = explorer.figure.axes
    renders = []
    explorer.render = lambda: (renders.append(1), type(explorer).render(explorer))
    explorer.controls["lr"].value = 0.5
    assert right.get_title() == "diverging: f grew from 26.1 to 5.16e+121"
    levels = left.collections[0].levels
    explorer.controls["condition"].value = 2.0
    explorer.controls["steps"].value = 3000
    assert not renders and explorer.figure.axes[0] is left  # blitted
    assert right.get_xlim() == (0.0, 3000.0) and len(right.lines[0].get_xdata()) > 100
    assert len(left.collections) == 1 and left.collections[0].levels[-1] < levels[-1]  # ½(x² + 2y²)
    explorer.controls["surface"].value = "rosenbrock"
    assert renders and explorer.figure.axes[0] is left  # rendered again, not drawn anew
    assert left.get_xlim() == (-2.0, 2.0) and len(left.collections) == 1
    assert [line.get_xdata()[0] for line in left.lines[2:]] == [1.0]  # one star, at (1, 1)
    assert_moves_match_a_full_drawing(
        explorer, {"lr": 1e-4, "steps": 3000, "surface": "quadratic", "condition": 100.0})
    assert_moves_match_a_full_drawing(explorer, {"lr": 0.0199, "condition": 1.0})


def test_a_static_descent_1d_fits_its_log_axis_to_the_path_and_labels_it(axes):
    plots.draw_descent_1d(axes, lr=1.05, curvature=2.0, start=2.0, steps=20)  # |x| from 2 to 13.5
    assert axes[1].get_ylim() == (1.0, 100.0)
    assert labelled_y_ticks(axes[1]) == ["1", "1e1", "1e2"]


def test_the_descent_1d_explorer_labels_its_fixed_axis_at_the_critical_rate():
    explorer = widgets.descent_1d_explorer(lr=1.0, curvature=2.0)   # a flat path at |x| = 2
    right = explorer.figure.axes[1]
    assert right.get_ylim() == (1e-8, 1e8)
    assert len(labelled_y_ticks(right)) >= 5


def test_a_static_descent_2d_fits_its_log_axis_to_f(axes):
    plots.draw_descent_2d(axes, lr=0.18, condition=10.0, steps=60)   # f from 43.8 down to 3.3e-10
    assert axes[1].get_ylim() == (1e-10, 100.0)
