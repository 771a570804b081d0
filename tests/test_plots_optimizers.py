"""Drawing functions and explorers of notebook 07 (optimizers)."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from axis_labels import labelled_y_ticks
from live_check import assert_moves_match_a_full_drawing

from course_lib import experiments, optim, plots, surfaces, widgets

SURFACE = surfaces.quadratic(10.0)


@pytest.fixture
def axes():
    fig, axes = plt.subplots(1, 2)
    yield axes
    plt.close(fig)


def _paths(ax):
    return {line.get_label(): line for line in ax.lines if not line.get_label().startswith("_")
            and line.get_label() != "minimum" and line.get_visible()}


def _legend(ax):
    return [text.get_text() for text in ax.get_legend().get_texts() if text.get_text()]


@pytest.mark.parametrize("surface", sorted(surfaces.SURFACES))
def test_race_draws_one_path_and_one_loss_curve_per_optimizer(axes, surface):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plots.draw_optimizer_race(axes, surface=surface, optimizers=experiments.RACERS, lr=0.01, steps=30)
    left, right = axes
    assert len(_paths(left)) == len(experiments.RACERS)
    assert list(_paths(right)) == list(_paths(left)) == _legend(right)
    for line in right.lines:
        assert np.all(np.isfinite(line.get_ydata()))


def test_race_path_is_what_descend_gives(axes):
    plots.draw_optimizer_race(axes, surface="quadratic", condition=4.0, optimizers=("Adam",),
                              lr=0.1, beta1=0.8, steps=20)
    expected = surfaces.descend(surfaces.quadratic(4.0), optim.Adam(0.1, beta1=0.8),
                                (-3.5, 2.0), 20)
    np.testing.assert_array_equal(_paths(axes[0])["Adam"].get_xydata(), expected)


def test_race_cuts_a_diverging_path_and_says_when(axes):
    # on the quadratic with κ = 10, SGD with lr = 0.3 > 2/κ blows up along y
    plots.draw_optimizer_race(axes, surface="quadratic", optimizers=("SGD",), lr=0.3, steps=50)
    (label,) = _paths(axes[0])
    assert label.startswith("SGD (left at step ")
    assert _legend(axes[1]) == [label]
    assert len(_paths(axes[1])[label].get_ydata()) < 51


def test_the_loss_axis_covers_f_over_the_window_in_plain_text_for_both_signs(axes):
    plots.draw_optimizer_race(axes, surface="quadratic", condition=10.0)
    assert axes[1].get_ylim() == (1e-8, pytest.approx(0.5 * (4**2 + 10 * 3**2), rel=1e-12))
    assert "0" not in labelled_y_ticks(axes[1])  # f ≥ 0: a plain log scale, no symlog "0"
    assert min(line.get_ydata().min() for line in axes[1].lines if line.get_visible()) == 1e-8
    for ax in axes:
        ax.clear()
    plots.draw_optimizer_race(axes, surface="saddle")  # f goes below 0: symmetric log
    labels = labelled_y_ticks(axes[1])
    assert {"-1", "0", "1e-3", "1"} <= set(labels)
    assert not any("$" in label for label in labels)  # no mathtext


def test_make_racer_passes_the_shared_settings():
    adam = experiments.make_racer("Adam", SURFACE, lr=0.2, beta1=0.5, beta2=0.9)
    assert (type(adam), adam.lr, adam.beta1, adam.beta2) == (optim.Adam, 0.2, 0.5, 0.9)
    nesterov = experiments.make_racer("Nesterov", SURFACE, lr=0.1, momentum=0.3)
    assert nesterov.nesterov and nesterov.momentum == 0.3
    assert experiments.make_racer("Adadelta", SURFACE, lr=0.01).lr == 1.0
    assert isinstance(experiments.make_racer("Newton", SURFACE, lr=0.01), optim.Newton)


def test_race_bad_inputs(axes):
    with pytest.raises(ValueError, match=r"surface must be one of .*, got 'bowl'"):
        plots.draw_optimizer_race(axes, surface="bowl")
    with pytest.raises(ValueError, match=r"optimizers entry must be one of .*, got 'LBFGS'"):
        plots.draw_optimizer_race(axes, optimizers=("SGD", "LBFGS"))
    with pytest.raises(ValueError, match=r"name must be one of .*, got 'sgd'"):
        experiments.make_racer("sgd", SURFACE, lr=0.1)
    with pytest.raises(TypeError, match=r"surface must be a surfaces.Surface, got str 'quadratic'"):
        experiments.make_racer("Newton", "quadratic", lr=0.1)


def test_momentum_rate_by_hand():
    # μ = 0: ρ = |1 − lr·h|; lr·h = 1, μ = 0.25: z² − 0.25z + 0.25, complex roots, ρ = √μ = 0.5
    assert optim.momentum_rate(0.1, 0.0, 3.0) == pytest.approx(0.7)
    assert optim.momentum_rate(0.1, 0.25, 10.0) == pytest.approx(0.5)
    np.testing.assert_allclose(optim.momentum_rate([0.1, 0.5], 0.0, 3.0), [0.7, 0.5])


def test_momentum_rate_rejects_what_is_not_a_finite_number():
    with pytest.raises(ValueError, match=r"curvature must contain only finite numbers, got NaN or inf \(inf at index \(\)\)"):
        optim.momentum_rate(0.1, 0.5, np.inf)
    with pytest.raises(TypeError, match=r"lr must be an array of numbers, got str '0.1'"):
        optim.momentum_rate("0.1", 0.5, 1.0)
    with pytest.raises(ValueError, match=r"momentum must be >= 0, got -0.5"):
        optim.momentum_rate(0.1, [0.5, -0.5], 1.0)
    with pytest.raises(ValueError, match=r"lr, momentum and curvature must broadcast to one shape, "
                                         r"got shapes \(2,\), \(\) and \(3,\)"):
        optim.momentum_rate([0.1, 0.2], 0.5, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"beta2 must be in \[0, 1\), got 1"):
        experiments.make_racer("Adam", SURFACE, lr=0.1, beta2=1.0)


def test_momentum_rate_predicts_the_optimizer():
    lr, mu, h = 0.05, 0.6, 7.0
    theta, opt = np.array([1.0]), optim.Momentum(lr, mu)
    norms = []
    for _ in range(200):
        opt.step({"p": theta}, {"p": h * theta})
        norms.append(np.hypot(theta[0], opt.velocity["p"][0]))
    assert (norms[-1] / norms[-101]) ** (1 / 100) == pytest.approx(optim.momentum_rate(lr, mu, h),
                                                                    rel=1e-3)


def test_ravine_marks_the_best_pair_and_the_current_one(axes):
    plots.draw_momentum_ravine(axes, condition=100.0, lr=0.01, momentum=0.5, steps=30)
    left, right = axes
    star, dot = left.lines
    assert star.get_xdata()[0] == pytest.approx((2 / 11) ** 2)
    assert star.get_ydata()[0] == pytest.approx((9 / 11) ** 2)
    assert (dot.get_xdata()[0], dot.get_ydata()[0]) == (0.01, 0.5)
    # h = 100: complex roots, ρ = √μ = 0.707; h = 1: t = 1.49, ρ = (t + √(t² − 2))/2 = 0.980
    assert left.get_title().endswith("\nlr = 0.01, μ = 0.50: ρ = 0.980")
    sgd, momentum = right.lines[-2:]
    ravine = surfaces.quadratic(100.0)
    expected = surfaces.descend(ravine, optim.Momentum(0.01, 0.5), ravine.start, 30)
    np.testing.assert_array_equal(momentum.get_xydata(), expected)
    assert right.get_title().endswith(f"and f = {ravine.value(expected[-1]):.2g} (momentum μ = 0.50)")


def test_ravine_level_sets_are_ellipses_of_f(axes):
    plots.draw_momentum_ravine(axes, condition=20.0)
    ellipses = axes[1].lines[:11]
    values = [surfaces.quadratic(20.0).value(line.get_xydata()) for line in ellipses]
    for value in values:
        np.testing.assert_allclose(value, value[0], rtol=1e-9)  # one level per line
    top = 0.5 * (16 + 20 * 9)
    np.testing.assert_allclose([v[0] for v in values], np.geomspace(1e-5 * top, top, 12)[:-1])


def test_ravine_map_follows_lr_limits(axes):
    plots.draw_momentum_ravine(axes, condition=10.0, lr_limits=(1e-5, 1.0))
    np.testing.assert_allclose(axes[0].get_xlim(), (1e-5, 1.0), rtol=0.05)
    mesh = axes[0].collections[0].get_array()
    assert mesh.shape == (100, 200) and mesh.mask[:, -1].all()  # lr = 1 > 2/κ: no convergence


def test_ravine_bad_inputs(axes):
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\), got 1"):
        plots.draw_momentum_ravine(axes, momentum=1.0)
    with pytest.raises(TypeError, match=r"condition must be a real number, got str '50'"):
        plots.draw_momentum_ravine(axes, condition="50")


def test_draw_schedules_draws_the_four_schedules():
    fig, ax = plt.subplots()
    plots.draw_schedules(ax, lr0=0.2, epochs=20)
    assert len(ax.lines) == 4
    for line in ax.lines:
        assert line.get_ydata()[0] == pytest.approx(0.2)
        assert np.all(np.diff(line.get_ydata()) <= 0)
    plt.close(fig)


def test_race_explorer_redraws_on_change():
    explorer = widgets.optimizer_race_explorer()
    before = _paths(explorer.figure.axes[0])["Adam"].get_xydata().copy()
    explorer.controls["lr"].value = 0.01
    assert explorer.figure.axes[1].get_title() == "loss against step (lr = 0.01)"
    assert not np.array_equal(_paths(explorer.figure.axes[0])["Adam"].get_xydata(), before)
    explorer.controls["optimizers"].value = ("Newton",)
    assert list(_paths(explorer.figure.axes[0])) == ["Newton"]
    explorer.controls["surface"].value = "beale"
    assert explorer.figure.axes[0].get_title().startswith("beale")
    plt.close("all")


def test_race_sliders_and_racers_move_artists_on_kept_axes():
    explorer = widgets.optimizer_race_explorer()
    kept = explorer.figure.axes[0]
    for name, value in (("lr", 0.3), ("momentum", 0.5), ("beta1", 0.5), ("beta2", 0.95),
                        ("optimizers", ("SGD", "Newton"))):
        explorer.controls[name].value = value
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    assert _legend(explorer.figure.axes[1]) == ["SGD (left at step 3)", "Newton"]
    explorer.controls["surface"].value = "rosenbrock"
    assert explorer.figure.axes[0] is kept  # another surface: drawn on the kept axes
    assert_moves_match_a_full_drawing(explorer, {
        "lr": 1e-4, "momentum": 0.99, "beta1": 0.0, "beta2": 0.9999,
        "optimizers": tuple(experiments.RACERS), "condition": 1000.0, "surface": "quadratic"})


def test_ravine_explorer_redraws_on_change():
    explorer = widgets.momentum_ravine_explorer()
    explorer.controls["momentum"].value = 0.3
    assert explorer.figure.axes[0].lines[1].get_ydata()[0] == 0.3
    explorer.controls["condition"].value = 10.0
    assert "κ = 10" in explorer.figure.axes[0].get_title()


def test_ravine_sliders_move_artists_on_kept_axes():
    explorer = widgets.momentum_ravine_explorer()
    kept, mesh = explorer.figure.axes[0], explorer.figure.axes[0].collections[0]
    before = mesh.get_array().copy()
    for name, value in (("lr", 0.5), ("momentum", 0.1), ("condition", 1000.0)):
        explorer.controls[name].value = value
    assert explorer.figure.axes[0] is kept and kept.collections[0] is mesh
    assert not np.array_equal(mesh.get_array(), before)
    assert_moves_match_a_full_drawing(explorer, {"lr": 1e-5, "momentum": 0.99, "condition": 1.0})


def test_explorers_check_their_initial_values():
    with pytest.raises(ValueError, match=r"lr must be in \[0.0001, 1\], got 5"):
        widgets.optimizer_race_explorer(lr=5)
    with pytest.raises(ValueError, match=r"condition must be in \[1, 1000\], got 0.5"):
        widgets.momentum_ravine_explorer(condition=0.5)


def test_race_offers_every_optimizer_as_a_checkbox_in_sight():
    explorer = widgets.optimizer_race_explorer(optimizers=("SGD", "Adam"))
    choices = explorer.controls["optimizers"]
    assert list(choices.boxes) == list(experiments.RACERS)  # all eight, none scrolled out of sight
    choices.boxes["Newton"].value = True  # one click adds a racer: no Ctrl/Shift-click
    assert list(_paths(explorer.figure.axes[0])) == ["SGD", "Adam", "Newton"]


def test_race_sliders_have_one_label_width_so_their_tracks_line_up():
    explorer = widgets.optimizer_race_explorer()
    widths = {control.style.description_width for control in explorer.controls.values()}
    assert widths == {"24ch"}  # "condition κ (quadratic)" has 23 characters


def test_ravine_title_gives_kappa_to_the_sliders_readout_precision():
    explorer = widgets.momentum_ravine_explorer()
    explorer.controls["condition"].value = 10 ** 1.7  # where the log slider puts 50
    assert explorer.figure.axes[0].get_title().startswith("convergence rate on the ravine, κ = 50.1\n")


def test_adam_moments_follow_their_expectation_and_the_correction_removes_the_bias():
    run = experiments.adam_moments(0.8, 0.99, steps=30, mean=2.0, noise=0.0)
    t = np.arange(1, 31)
    np.testing.assert_allclose(run.m, (1 - 0.8**t) * 2.0)  # a steady gradient: E[m_t] = m_t
    np.testing.assert_allclose(run.v, (1 - 0.99**t) * 4.0)
    np.testing.assert_allclose(run.m_hat, 2.0)
    np.testing.assert_allclose(run.step, 1.0, rtol=1e-7)  # m̂/√v̂ = g/|g|
    # without correction the first step is (1 − β₁)/√(1 − β₂) = 0.2/0.1 = 2 times lr
    assert run.step_uncorrected[0] == pytest.approx(2.0, rel=1e-7)


def test_adam_moments_are_adams_own_state():
    run = experiments.adam_moments(0.5, 0.9, steps=5, noise=1.0, seed=3)
    adam, theta = optim.Adam(1.0, 0.5, 0.9), np.zeros(1)
    for g in run.gradient:
        before = theta[0]
        adam.step({"θ": theta}, {"θ": np.array([g])})
    assert (run.m[-1], run.v[-1], run.step[-1]) == (adam.m["θ"][0], adam.v["θ"][0], before - theta[0])


def test_adam_moments_bad_inputs():
    with pytest.raises(ValueError, match=r"beta2 must be in \[0, 1\), got 1"):
        experiments.adam_moments(0.9, 1.0)
    with pytest.raises(ValueError, match=r"noise must be in \[0, inf\], got -0.5"):
        experiments.adam_moments(noise=-0.5)
    with pytest.raises(ValueError, match=r"steps must be in \[1, inf\], got 0"):
        experiments.adam_moments(steps=0)


@pytest.mark.parametrize(("beta1", "beta2"), [(0.0, 0.9), (0.9, 0.999), (0.99, 0.95)])
def test_bias_correction_draws_adams_moments(beta1, beta2):
    fig, axes = plt.subplots(1, 3)
    plots.draw_adam_bias_correction(axes, beta1=beta1, beta2=beta2, steps=20)
    run = experiments.adam_moments(beta1, beta2, steps=20)
    ax_m, ax_v, ax_step = axes
    np.testing.assert_array_equal(ax_m.lines[2].get_ydata(), run.m)
    np.testing.assert_array_equal(ax_m.lines[3].get_ydata(), run.m_hat)
    np.testing.assert_array_equal(ax_v.lines[2].get_ydata(), np.sqrt(run.v_hat))
    np.testing.assert_allclose(ax_m.lines[1].get_ydata(), 1 - beta1 ** np.arange(1, 21))
    first = (1 - beta1) / np.sqrt(1 - beta2)
    assert ax_step.get_title() == f"first step: 1·lr, uncorrected {first:.2g}·lr"
    plt.close(fig)


def test_bias_correction_bad_inputs(axes):
    fig, three = plt.subplots(1, 3)
    with pytest.raises(ValueError, match=r"beta1 must be in \[0, 1\), got 1.5"):
        plots.draw_adam_bias_correction(three, beta1=1.5)
    with pytest.raises(ValueError, match=r"beta1 must be in \[0, 0.99\], got -0.1"):
        widgets.adam_bias_correction_explorer(beta1=-0.1)
    with pytest.raises(ValueError, match=r"beta2 must be in \[0.9, 0.999\], got 0.9999"):
        widgets.adam_bias_correction_explorer(beta2=0.9999)
    plt.close(fig)


def test_bias_correction_sliders_move_lines_on_kept_axes():
    explorer = widgets.adam_bias_correction_explorer()
    kept = explorer.figure.axes[0]
    before = kept.lines[2].get_ydata().copy()
    explorer.controls["beta1"].value = 0.5
    explorer.controls["beta2"].value = 0.95
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    assert not np.array_equal(kept.lines[2].get_ydata(), before)
    np.testing.assert_array_equal(kept.lines[2].get_ydata(), experiments.adam_moments(0.5, 0.95).m)
    assert_moves_match_a_full_drawing(explorer, {"beta1": 0.0, "beta2": 0.999})
    assert_moves_match_a_full_drawing(explorer, {"beta1": 0.99, "beta2": 0.9})


def test_nesterov_lookahead_ends_where_both_rules_step(axes):
    ax = axes[0]
    plots.draw_nesterov_lookahead(ax, point=(-1.0, 1.0), velocity=(1.0, 0.0), lr=0.1, momentum=0.5,
                                  condition=10.0)
    # look-ahead (−0.5, 1); momentum: −lr·∇f(θ) = (0.1, −1); Nesterov: −lr·∇f(−0.5, 1) = (0.05, −1)
    ends = {tuple(np.round(arrow.xy, 12)) for arrow in ax.texts if arrow.arrow_patch is not None}
    assert ends == {(-0.5, 1.0), (-0.4, 0.0), (-0.45, 0.0)}
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["μ·v: coast along the velocity", "Momentum: −lr·∇f at the current point",
                      "Nesterov: −lr·∇f at the look-ahead point"]


def test_nesterov_lookahead_uses_each_optimizers_colour(axes):
    plots.draw_nesterov_lookahead(axes[0])
    handles = axes[0].get_legend().legend_handles
    assert [h.get_color() for h in handles[1:]] == [plots.OPTIMIZER_COLORS["Momentum"],
                                                    plots.OPTIMIZER_COLORS["Nesterov"]]


def test_nesterov_lookahead_bad_inputs(axes):
    with pytest.raises(ValueError, match=r"velocity must be a point \(x, y\) of shape \(2,\), got shape \(3,\)"):
        plots.draw_nesterov_lookahead(axes[0], velocity=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\), got 1"):
        plots.draw_nesterov_lookahead(axes[0], momentum=1.0)


def test_rare_features_draws_frequent_and_rare_errors_per_run(axes):
    w_true = np.array([1.0, 2.0, 3.0, 4.0])
    path = np.tile([1.5, 2.0, 3.0, 2.0], (5, 1))  # errors 0.5, 0, 0, 2
    rates = np.full((5, 4), 0.5)
    plots.draw_rare_features(axes, {"SGD, lr 0.3": path}, rates, w_true, frequent=2)
    frequent, rare = axes[0].lines
    np.testing.assert_allclose(frequent.get_ydata(), 0.25)
    np.testing.assert_allclose(rare.get_ydata(), 1.0)
    assert frequent.get_color() == plots.OPTIMIZER_COLORS["SGD"]
    assert [line.get_linestyle() for line in axes[1].lines] == ["-", "-", "--", "--"]
    assert "$" not in "".join(labelled_y_ticks(axes[0]))


def test_rare_features_bad_inputs(axes):
    with pytest.raises(ValueError, match=r"rates must have one column per weight \(3\), got 2"):
        plots.draw_rare_features(axes, {}, np.ones((4, 2)), np.ones(3))


def test_noise_floor_draws_the_mean_over_seeds_and_the_floors(axes):
    runs = {"constant": np.array([[4.0, 2.0], [1.0, 3.0]]), "decay": np.array([[1.0, 1.0], [0.5, 0.5]])}
    plots.draw_noise_floor(axes[0], runs, {"constant": 0.5})
    constant, floor, decay = axes[0].lines
    np.testing.assert_allclose(constant.get_ydata(), [3.0, 2.0])
    np.testing.assert_allclose(floor.get_ydata(), [0.5, 0.5])
    np.testing.assert_array_equal(floor.get_color(), constant.get_color())  # the floor of that run
    assert floor.get_linestyle() == "--"
    assert axes[0].get_ylabel() == "f, mean of 2 seeds"
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["constant", "decay"]


def test_noise_floor_bad_inputs(axes):
    with pytest.raises(ValueError, match=r"runs\['constant'\] must have shape \(steps \+ 1, seeds\), got shape \(3,\)"):
        plots.draw_noise_floor(axes[0], {"constant": np.ones(3)}, {})
