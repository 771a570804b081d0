"""Drawing functions and the explorer of notebook 04 (Agg backend)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_check import assert_moves_match_a_full_drawing

from course_lib import activations, data, experiments, plots, widgets


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
    with pytest.raises(ValueError, match=r"names must be one of .*got 'gelu'"):
        plots.draw_gradient_norms(axes[0], names=("gelu",))
    with pytest.raises(ValueError, match=r"max_depth must be in \[10, inf\], got 5"):
        plots.draw_gradient_norms(axes[0], depth=10, max_depth=5)
    with pytest.raises(ValueError, match=r"depth must be in \[2, 30\], got 40"):
        widgets.gradient_norms_explorer(depth=40)
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


def test_gradient_norms_multiply_by_the_weight_scale_once_per_layer_when_linear():
    # g_{l-1} = g_l W_lᵀ: doubling every W doubles the gradient once per layer it crosses
    ratio = experiments.gradient_norms("linear", 5, 2.0) / experiments.gradient_norms("linear", 5, 1.0)
    np.testing.assert_allclose(ratio, 2.0 ** (5 - np.arange(5)))


def test_gradient_norms_vanish_through_sigmoid_but_not_through_tanh():
    sigmoid = experiments.gradient_norms("sigmoid", 10, 1.0)
    tanh = experiments.gradient_norms("tanh", 10, 1.0)
    assert sigmoid.shape == tanh.shape == (10,)
    assert sigmoid[0] ** (1 / 10) < 0.25 < 0.8 < tanh[0] ** (1 / 10)
    assert np.all(np.diff(sigmoid) > 0)  # smaller at every layer on the way back
    relu = [experiments.gradient_norms("relu", 20, scale)[0] for scale in (1.0, 2.0 ** 0.5, 2.0)]
    assert relu[0] < 1e-2 < relu[1] < 1e2 < relu[2]  # He's √2 keeps it, less vanishes, more explodes


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"activation": "gelu"}, r"activation must be one of .*got 'gelu'"),
    ({"depth": 0}, r"depth must be in \[1, inf\], got 0"),
    ({"weight_scale": 0.0}, r"weight_scale must be in \(0, inf\], got 0"),
])
def test_gradient_norms_refuse_bad_inputs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        experiments.gradient_norms(**{"activation": "tanh", "depth": 3, "weight_scale": 1.0, **kwargs})


@pytest.mark.parametrize(("depth", "weight_scale"), [(2, 0.5), (10, 1.0), (25, 4.0)])
def test_draw_gradient_norms_draws_the_measured_norms_per_layer(depth, weight_scale):
    fig, ax = plt.subplots()
    plots.draw_gradient_norms(ax, depth=depth, weight_scale=weight_scale, max_depth=30)
    factors = []
    for line, name in zip(ax.lines, ("sigmoid", "tanh", "relu"), strict=False):
        norms = experiments.gradient_norms(name, depth, weight_scale)
        np.testing.assert_array_equal(line.get_xdata(), np.arange(1, depth + 1))
        np.testing.assert_array_equal(line.get_ydata(), norms)
        factors.append(f"{name} × {norms[0] ** (1 / depth):.2g}")
    assert ax.get_title() == f"{depth} layers, scale {weight_scale:.3g}; per layer: {', '.join(factors)}"
    np.testing.assert_allclose(ax.lines[3].get_ydata()[-1], 0.25)
    assert ax.get_xlim() == (0.5, 30.5)
    assert ax.get_ylim() == pytest.approx((1e-30, 1e15), rel=1e-12)  # set on a log axis: by way of log10
    plt.close(fig)


def test_gradient_norms_sliders_move_the_lines_on_kept_axes():
    explorer = widgets.gradient_norms_explorer()
    kept = explorer.figure.axes[0]
    for name, value in {"depth": 30, "weight_scale": 4.0}.items():
        explorer.controls[name].value = value
        assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    np.testing.assert_array_equal(kept.lines[2].get_ydata(), experiments.gradient_norms("relu", 30, 4.0))
    assert kept.get_title().startswith("30 layers, scale 4; per layer: sigmoid × 0.6")
    assert_moves_match_a_full_drawing(explorer, {"depth": 2, "weight_scale": 0.5})
    assert_moves_match_a_full_drawing(explorer, {"depth": 17})


@pytest.fixture(scope="module")
def moons():
    X, y = data.make_moons(100, noise=0.15, rng=0)
    return data.standardize(X)[0], y


@pytest.mark.parametrize("name", sorted(experiments.RACE_ACTIVATIONS))
def test_race_activations_pair_each_function_with_its_derivative(name):
    f, grad = experiments.RACE_ACTIVATIONS[name]
    x = np.linspace(-4, 4, 81) + 0.013  # off the kinks of relu and thresholded relu
    np.testing.assert_allclose(grad(x), (f(x + 1e-6) - f(x - 1e-6)) / 2e-6, atol=1e-6)


def test_activation_race_trains_each_seed_on_its_own_and_learns(moons):
    together = experiments.activation_race(*moons, "relu", 1.0, seeds=(0, 3), epochs=5)
    alone = experiments.activation_race(*moons, "relu", 1.0, seeds=(3,), epochs=5)
    assert together.shape == (2, 5)
    np.testing.assert_allclose(together[1], alone[0], rtol=1e-12)  # the seeds do not mix
    assert not np.allclose(together[0], together[1])
    assert np.all(together[:, -1] < 0.6 * together[:, 0])  # the loss falls: the gradients are right
    sigmoid, centred = (experiments.activation_race(*moons, name, 1.0, seeds=(0,), epochs=5)
                        for name in ("sigmoid", "sigmoid - 1/2"))
    assert not np.allclose(sigmoid, centred)  # the shift reaches the next layer


def test_activation_race_scores_a_diverging_run_nan(moons):
    curve = experiments.activation_race(*moons, "relu", 1e300, seeds=(0,), epochs=3)
    assert np.isnan(curve[0, -1])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"activation": "prelu"}, r"activation must be one of .*got 'prelu'"),
    ({"lr": 0.0}, r"lr must be in \(0, inf\], got 0"),
    ({"init": "normal"}, r"init must be one of .*got 'normal'"),
    ({"seeds": ()}, r"seeds must be a non-empty list of integer seeds, got \(\)"),
    ({"epochs": 0}, r"epochs must be in \[1, inf\], got 0"),
])
def test_activation_race_refuses_bad_inputs(moons, kwargs, message):
    with pytest.raises(ValueError, match=message):
        experiments.activation_race(*moons, **{"activation": "tanh", "lr": 0.3, **kwargs})


def test_every_activation_keeps_one_colour_in_every_drawing():
    colors = plots.ACTIVATION_COLORS
    assert set(activations.ACTIVATIONS) | set(experiments.RACE_ACTIVATIONS) <= set(colors)
    assert len(set(colors.values())) == len(colors)  # no two activations share a colour
    fig, axes = plt.subplots(3, 4)
    plots.draw_activation_gallery(axes)
    for ax, name in zip(axes.ravel(), activations.ACTIVATIONS, strict=True):
        assert {line.get_color() for line in ax.lines[1:]} == {colors[name]}
    fig2, pair = plt.subplots(1, 2)
    live = plots.draw_activation(pair, name="tanh")
    assert pair[0].lines[1].get_color() == pair[1].lines[1].get_color() == colors["tanh"]
    live.update(name="elu", alpha=0.5, theta=1.0)
    assert pair[0].lines[1].get_color() == pair[0].get_legend().get_lines()[1].get_color() == colors["elu"]
    fig3, ax = plt.subplots()
    plots.draw_gradient_norms(ax, depth=3)
    assert [line.get_color() for line in ax.lines[:3]] == [colors[n] for n in ("sigmoid", "tanh", "relu")]
    for figure in (fig, fig2, fig3):
        plt.close(figure)
