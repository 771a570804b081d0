"""Drawing functions and explorers of notebook 06: the polynomial experiment, its pictures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_check import assert_moves_match_a_full_drawing

from course_lib import experiments, plots, regularization, widgets


def test_a_straight_line_through_two_points_is_fitted_exactly():
    fit = experiments.fit_polynomial(1, 0.0, n_points=2, noise=0.0)
    assert fit.train_mse == pytest.approx(0.0, abs=1e-20)
    np.testing.assert_allclose(fit.predict(fit.x_train), np.sin(np.pi * fit.x_train))


def test_fit_polynomial_is_ridge_on_the_powers_of_x():
    fit = experiments.fit_polynomial(4, 0.1)
    X = np.vander(fit.x_train, 5, increasing=True)
    np.testing.assert_allclose(fit.w, regularization.ridge_fit(X, fit.y_train, 0.1))


def test_high_degree_overfits_with_large_weights_and_lam_tames_it():
    low, high = experiments.fit_polynomial(3, 0.0), experiments.fit_polynomial(11, 0.0)
    tamed = experiments.fit_polynomial(11, 1e-2)
    assert high.train_mse < low.train_mse and high.test_mse > 100 * low.test_mse
    assert np.abs(high.w).max() > 1000 * np.abs(low.w).max()
    assert tamed.test_mse < 0.05 and np.abs(tamed.w).max() < 3


def test_fit_polynomial_rejects_a_negative_degree():
    with pytest.raises(ValueError, match=r"degree must be in \[0, inf\], got -1"):
        experiments.fit_polynomial(-1, 0.0)
    with pytest.raises(ValueError, match=r"noise must be a finite number, got inf"):
        experiments.fit_polynomial(3, 0.0, noise=np.inf)


@pytest.mark.parametrize(("degree", "lam"), [(0, 0.0), (3, 1e-3), (9, 0.0), (15, 10.0)])
def test_draw_polynomial_fit_draws_the_fit_and_one_bar_per_coefficient(degree, lam):
    fig, axes = plt.subplots(1, 2)
    plots.draw_polynomial_fit(axes, degree=degree, lam=lam)
    fit = experiments.fit_polynomial(degree, lam)
    assert len(axes[1].patches) == degree + 1
    curve = axes[0].lines[1]
    np.testing.assert_allclose(curve.get_ydata(), fit.predict(curve.get_xdata()))
    assert axes[0].get_title() == f"λ = {lam:.3g}: train MSE {fit.train_mse:.3g}, test MSE {fit.test_mse:.3g}"
    plt.close(fig)


def test_draw_unit_balls_draws_the_l1_diamond_and_the_l2_circle():
    fig, ax = plt.subplots()
    plots.draw_unit_balls(ax)
    by_label = {line.get_label(): line for line in ax.lines}
    diamond = np.c_[by_label["L1 = |w1| + |w2| = 1"].get_data()]
    circle = np.c_[by_label["L2 = √(w1² + w2²) = 1"].get_data()]
    np.testing.assert_allclose(np.abs(diamond).sum(axis=1), 1.0)
    np.testing.assert_allclose(np.hypot(*circle.T), 1.0)
    plt.close(fig)


def test_polynomial_fit_explorer_redraws_on_degree_and_lam():
    explorer = widgets.polynomial_fit_explorer(degree=9)
    assert sum(bar.get_visible() for bar in explorer.figure.axes[1].patches) == 10
    explorer.controls["degree"].value = 3
    assert sum(bar.get_visible() for bar in explorer.figure.axes[1].patches) == 4
    before = explorer.figure.axes[0].lines[1].get_ydata().copy()
    explorer.controls["lam"].value = 1.0
    after = explorer.figure.axes[0].lines[1].get_ydata()
    assert np.abs(after - before).max() > 0.1
    assert explorer.figure.axes[0].get_title().startswith("λ = 1: ")


def test_polynomial_fit_title_gives_lam_to_the_sliders_readout_precision():
    explorer = widgets.polynomial_fit_explorer()
    explorer.controls["lam"].value = 10 ** -7.75  # the slider's readout shows 1.8e-08
    assert explorer.figure.axes[0].get_title().startswith("λ = 1.8e-08: ")


def test_polynomial_fit_sliders_move_artists_on_kept_axes():
    explorer = widgets.polynomial_fit_explorer()
    kept = explorer.figure.axes[1]
    explorer.controls["degree"].value = 15
    explorer.controls["lam"].value = 10.0
    explorer.controls["degree"].value = 0
    assert explorer.figure.axes[1] is kept  # blitted, not drawn anew
    assert len(kept.patches) == 16 and [bar.get_visible() for bar in kept.patches].count(True) == 1
    assert explorer.figure.axes[0].get_legend().get_texts()[1].get_text() == "degree 0 fit"
    assert_moves_match_a_full_drawing(explorer, {"degree": 15, "lam": 1e-8})
    assert_moves_match_a_full_drawing(explorer, {"degree": 4, "lam": 1e-3})


def test_polynomial_fit_refuses_a_max_degree_below_the_degree():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"max_degree must be in \[5, inf\], got 3"):
        plots.draw_polynomial_fit(axes, degree=5, max_degree=3)
    plt.close(fig)


def test_sparse_regression_has_five_relevant_features():
    X, y, true_w = experiments.sparse_regression(n=20, d=8, noise=0.0, seed=3)
    assert X.shape == (20, 8)
    np.testing.assert_array_equal(true_w, [3, -2, 1.5, 1, -0.5, 0, 0, 0])
    np.testing.assert_allclose(y, X @ true_w)
    assert experiments.sparse_regression(d=2)[2].tolist() == [3.0, -2.0]


def test_coefficient_paths_solve_the_lasso_and_the_ridge_problems():
    lams = np.array([0.01, 1.0, 0.1])
    lasso, ridge = experiments.coefficient_paths(lams)
    X, y, _ = experiments.sparse_regression()
    n = len(y)
    for lam, w, v in zip(lams, lasso, ridge, strict=True):
        # lasso optimality: Xᵀ(y − Xw)/n is λ·sign(w) where w ≠ 0, and within [−λ, λ] where w = 0
        r = X.T @ (y - X @ w) / n
        np.testing.assert_allclose(r[w != 0], lam * np.sign(w[w != 0]), atol=1e-5)
        assert np.all(np.abs(r[w == 0]) <= lam + 1e-9)
        np.testing.assert_allclose(v, regularization.ridge_fit(X, y, n * lam))
    zeros = (lasso == 0).sum(axis=1)
    assert zeros[0] < zeros[2] < zeros[1] and (ridge != 0).all()
    np.testing.assert_array_equal(experiments.coefficient_paths([0.1])[0][0], lasso[2])


def test_coefficient_paths_refuse_a_negative_lambda():
    with pytest.raises(ValueError, match="lams must be non-negative, got -0.1"):
        experiments.coefficient_paths([0.1, -0.1])
    with pytest.raises(ValueError, match=r"steps must be in \[1, inf\], got 0"):
        experiments.coefficient_paths([0.1], steps=0)


@pytest.mark.parametrize("lam", [1e-3, 0.1, 3.0])
def test_draw_coefficient_paths_marks_the_weights_at_lam(lam):
    fig, axes = plt.subplots(1, 2)
    plots.draw_coefficient_paths(axes, lam=lam)
    lasso, ridge = experiments.coefficient_paths([lam])
    for ax, w in zip(axes, (lasso[0], ridge[0]), strict=True):
        np.testing.assert_array_equal(ax.collections[0].get_offsets(), np.c_[np.full(30, lam), w])
        assert ax.lines[-1].get_xdata()[0] == lam
        assert len(ax.lines) == 31  # one path per weight and the marker
    assert axes[0].get_title() == f"lasso (L1) at λ = {lam:.2g}: {(lasso == 0).sum()} of 30 weights are 0"
    assert axes[1].get_title() == f"ridge (L2): 0 of 30 are 0, the smallest |w| is {np.abs(ridge).min():.2g}"
    plt.close(fig)


def test_draw_coefficient_paths_refuses_a_lam_outside_its_range():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"lam must be in \[0.001, 3.16228\], got 10"):
        plots.draw_coefficient_paths(axes, lam=10.0)
    with pytest.raises(ValueError, match=r"lam_range must be two numbers 0 < low < high, got \[1.0, 0.1\]"):
        plots.draw_coefficient_paths(axes, lam=0.5, lam_range=(1.0, 0.1))
    with pytest.raises(ValueError, match=r"lam must be in \[0.001, 3.16228\], got 0"):
        widgets.coefficient_paths_explorer(lam=0.0)
    plt.close(fig)


def test_coefficient_paths_slider_moves_the_marker_on_kept_axes():
    explorer = widgets.coefficient_paths_explorer()
    kept = explorer.figure.axes[0]
    explorer.controls["lam"].value = 3.0
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    assert kept.get_title() == "lasso (L1) at λ = 3: 30 of 30 weights are 0"
    assert explorer.figure.axes[1].get_title().startswith("ridge (L2): 0 of 30 are 0, the smallest |w| is ")
    assert_moves_match_a_full_drawing(explorer, {"lam": 1e-3})
