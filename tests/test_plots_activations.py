"""Drawing functions and the explorer of notebook 04 (Agg backend)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_check import assert_moves_match_a_full_drawing

from course_lib import activations, plots, widgets


@pytest.mark.parametrize(("name", "alpha", "theta"), [("relu", 0.1, 1.0), ("leaky_relu", 0.3, 1.0),
                                                      ("elu", 2.0, 1.0), ("thresholded_relu", 0.1, 2.0),
                                                      ("selu", 0.1, 1.0)])
def test_draw_activation_draws_the_function_and_its_derivative(name, alpha, theta):
    fig, axes = plt.subplots(1, 2)
    plots.draw_activation(axes, name=name, alpha=alpha, theta=theta)
    f, grad = activations.ACTIVATIONS[name]
    options = plots.activation_options(name, alpha=alpha, theta=theta)
    line, dline = axes[0].lines[1], axes[1].lines[1]
    np.testing.assert_allclose(line.get_ydata(), f(line.get_xdata(), **options))
    np.testing.assert_allclose(dline.get_ydata(), grad(dline.get_xdata(), **options))
    plt.close(fig)


def test_activation_options_pass_only_the_parameter_a_function_takes():
    assert plots.activation_options("relu", alpha=0.2) == {}
    assert plots.activation_options("elu", alpha=0.2) == {"alpha": 0.2}
    assert plots.activation_options("thresholded_relu", alpha=0.2, theta=-1) == {"theta": -1}


def test_gallery_has_one_panel_per_activation_and_hides_spare_axes():
    fig, axes = plt.subplots(4, 4)
    plots.draw_activation_gallery(axes)
    titles = [ax.get_title() for ax in axes.ravel()[:len(activations.ACTIVATIONS)]]
    assert [t.split(",")[0] for t in titles] == list(activations.ACTIVATIONS)
    assert "prelu, α = 0.25" in titles
    assert not any(ax.axison for ax in axes.ravel()[len(activations.ACTIVATIONS):])
    plt.close(fig)


@pytest.mark.parametrize(("control", "value"), [("alpha", 0.5), ("name", "elu"), ("theta", 2.0)])
def test_activation_explorer_redraws_on_every_control(control, value):
    explorer = widgets.activation_explorer(name="leaky_relu", alpha=0.1, theta=1.0)
    explorer.controls["name"].value = "thresholded_relu" if control == "theta" else "leaky_relu"
    before = explorer.figure.axes[0].lines[1].get_ydata().copy()
    explorer.controls[control].value = value
    after = explorer.figure.axes[0].lines[1].get_ydata()
    assert not np.allclose(before, after)


def test_bad_inputs_are_refused_with_a_message():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="name must be one of"):
        plots.draw_activation(axes, name="swish")
    with pytest.raises(ValueError, match=r"span must be in \(0, inf\]"):
        plots.draw_activation(axes, name="relu", span=0)
    with pytest.raises(ValueError, match="axes must hold at least 12 axes, got 2"):
        plots.draw_activation_gallery(axes)
    with pytest.raises(ValueError, match="name must be one of"):
        plots.activation_options("gelu")
    with pytest.raises(ValueError, match="name must be one of"):
        widgets.activation_explorer(name="gelu")
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 2\], got 5"):
        widgets.activation_explorer(alpha=5)
    plt.close(fig)


def test_activation_sliders_move_artists_on_kept_axes():
    explorer = widgets.activation_explorer()
    kept = explorer.figure.axes[0]
    explorer.controls["alpha"].value = 2.0
    explorer.controls["name"].value = "thresholded_relu"
    explorer.controls["theta"].value = -2.0
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    assert explorer.figure.axes[0].get_legend().get_texts()[1].get_text() == "thresholded_relu"
    assert_moves_match_a_full_drawing(explorer, {"theta": 3.0, "name": "elu", "alpha": 0.0})
    assert_moves_match_a_full_drawing(explorer, {"alpha": 2.0, "name": "leaky_relu"})
