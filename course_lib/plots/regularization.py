"""Drawing functions for notebook 06 regularization."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter

from .. import _checks, regularization
from ..experiments import coefficient_paths, fit_polynomial, sparse_regression
from .base import COLORS, Live

__all__ = ["draw_polynomial_fit", "draw_unit_balls", "draw_coefficient_paths"]

_POWER_OF_TEN = FuncFormatter(lambda value, _: f"1e{round(np.log10(value))}" if value > 0 else "")


def draw_unit_balls(ax) -> None:
    """The sets ‖w‖ ≤ 1 in the plane for L0, L1 and L2 (the boundary of each; L0's "ball" is the
    two axes, where at most one coordinate is non-zero)."""
    t = np.linspace(0, 2 * np.pi, 401)
    circle = np.c_[np.cos(t), np.sin(t)]
    diamond = circle / np.abs(circle).sum(axis=1, keepdims=True)
    ax.plot([-1.3, 1.3], [0, 0], color=COLORS[3], linewidth=4, alpha=0.7, label="L0 ≤ 1 (the axes)")
    ax.plot([0, 0], [-1.3, 1.3], color=COLORS[3], linewidth=4, alpha=0.7)
    ax.plot(*diamond.T, color=COLORS[1], linewidth=2, label="L1 = |w1| + |w2| = 1")
    ax.plot(*circle.T, color=COLORS[0], linewidth=2, label="L2 = √(w1² + w2²) = 1")
    ax.set_aspect("equal")
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.4, 1.9)
    ax.set_xlabel("w1")
    ax.set_ylabel("w2")
    ax.set_title("unit balls: L1 has corners on the axes")
    ax.legend(loc="upper center", ncols=1, fontsize=8)


def draw_polynomial_fit(axes, *, degree: int = 9, lam: float = 0.0, n_points: int = 12,
                        max_degree: int | None = None) -> Live:
    """Left: the samples, the true curve sin(πx) and the fitted polynomial, with train and test
    errors. Right: the size |c_k| of each coefficient on a log scale. ``axes``: a pair.

    The coefficient axes hold bars up to ``max_degree`` (default: ``degree``), so that another
    degree up to it, or another λ, moves the fit, the bars and the titles (``Live``).
    """
    ax_fit, ax_w = axes
    fit = fit_polynomial(degree, lam, n_points=n_points)  # checks the arguments
    top = _checks.integer(degree if max_degree is None else max_degree, "max_degree", low=degree)
    drawn_points = n_points
    grid = np.linspace(-1, 1, 400)
    ax_fit.plot(grid, np.sin(np.pi * grid), color="gray", linewidth=3, alpha=0.5, label="true sin(πx)")
    curve, = ax_fit.plot(grid, grid, color=COLORS[1], label=f"degree {degree} fit")
    points, = ax_fit.plot(fit.x_train, fit.y_train, "o", color=COLORS[0], label="training points")
    ax_fit.set_ylim(-2.5, 2.5)
    ax_fit.set_xlabel("x")
    ax_fit.set_ylabel("y")
    legend = ax_fit.legend(loc="lower right", fontsize=8, frameon=True)  # the fit passes under it
    bars = ax_w.bar(np.arange(top + 1), np.ones(top + 1), color=COLORS[2])
    ax_w.set_yscale("log")
    ax_w.set_ylim(1e-4, 1e6)
    ax_w.yaxis.set_major_formatter(_POWER_OF_TEN)  # plain text: mathtext labels are slow to draw
    ax_w.set_xlim(-0.6, max(top, 3) + 0.6)
    ax_w.set_xlabel("power k of x")
    ax_w.set_ylabel("|coefficient c_k|")
    ax_w.set_axisbelow(True)  # the grid behind the moving bars, as in a full drawing

    def update(*, degree: int, lam: float, n_points: int = drawn_points,
               max_degree: int | None = max_degree) -> bool:
        if n_points != drawn_points or degree > top:
            return False
        fit = fit_polynomial(degree, lam, n_points=n_points)
        curve.set_ydata(fit.predict(grid))
        legend.get_texts()[1].set_text(f"degree {degree} fit")
        ax_fit.set_title(f"λ = {lam:.2g}: train MSE {fit.train_mse:.3g}, test MSE {fit.test_mse:.3g}")
        for k, bar in enumerate(bars):
            bar.set_visible(k <= degree)
            bar.set_height(max(abs(fit.w[k]), 1e-6) if k <= degree else 1.0)
        ax_w.set_title(f"coefficient sizes, ‖c‖₂ = {regularization.l2_norm(fit.w):.3g}")
        return True

    update(degree=degree, lam=lam)
    return Live(update, [curve, points, legend, ax_fit.title, *bars, ax_w.spines["bottom"], ax_w.title])


def draw_coefficient_paths(axes, *, lam: float = 0.1, lam_range=(1e-3, 10**0.5)) -> Live:
    """Lasso (left) and ridge (right) weights against λ on ``experiments.sparse_regression()``
    (30 features, the first 5 relevant), from ``experiments.coefficient_paths`` on 20 values of
    λ across ``lam_range`` (log axis); a vertical line and dots mark the weights at ``lam``,
    and the titles count the weights that are exactly 0 (and give ridge's smallest |w|). Another
    ``lam`` in the range moves the line, the dots and the titles (``Live``). ``axes``: a pair.
    """
    low, high = _checks.float_array(lam_range, "lam_range", ndim=1, shape="(2,)", finite=True)
    if not 0 < low < high:
        raise ValueError(f"lam_range must be two numbers 0 < low < high, got {[float(low), float(high)]}")
    _checks.number(lam, "lam", low=low, high=high)
    drawn_range = (low, high)
    grid = np.geomspace(low, high, 20)
    paths = coefficient_paths(grid)
    d = paths[0].shape[1]
    relevant = np.flatnonzero(sparse_regression()[2])
    colors = ["gray"] * d
    for i, k in enumerate(relevant):
        colors[k] = COLORS[i]
    top, bottom = max(p.max() for p in paths), min(p.min() for p in paths)
    pad = 0.1 * (top - bottom)
    markers, dots = [], []
    for ax, path in zip(axes, paths, strict=True):
        for k in range(d):
            ax.plot(grid, path[:, k], color=colors[k], linewidth=2 if k in relevant else 0.8)
        markers.append(ax.axvline(low, color="black", linestyle="--", linewidth=1))
        dots.append(ax.scatter(np.full(d, low), np.zeros(d), s=18, c=colors, zorder=3))
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(_POWER_OF_TEN)
        ax.set_xlim(low / 1.2, high * 1.2)  # room for the marker at either end
        ax.set_ylim(bottom - pad, top + pad)
        ax.set_xlabel("λ (log scale)")
    axes[0].set_ylabel("weight")
    # the key under the axes: the marker sweeps the whole plot area
    axes[1].set_xlabel(f"λ (log scale); colour: the {relevant.size} relevant weights, gray: "
                       f"the {d - relevant.size} others")

    def update(*, lam: float, lam_range=drawn_range) -> bool:
        if tuple(lam_range) != drawn_range:
            return False
        weights = coefficient_paths([lam])
        for w, marker, dot in zip(weights, markers, dots, strict=True):
            marker.set_xdata([lam, lam])
            dot.set_offsets(np.c_[np.full(d, lam), w[0]])
        # short titles: a moving text costs its drawing, glyph by glyph
        lasso, ridge = weights[0][0], weights[1][0]
        axes[0].set_title(f"lasso (L1) at λ = {lam:.2g}: {np.sum(lasso == 0)} of {d} weights are 0",
                          fontsize=10)
        axes[1].set_title(f"ridge (L2): {np.sum(ridge == 0)} of {d} are 0, the smallest |w| is "
                          f"{np.abs(ridge).min():.2g}", fontsize=10)
        return True

    update(lam=lam)
    return Live(update, [*markers, *dots, *(ax.title for ax in axes)])
