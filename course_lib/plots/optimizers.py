"""Drawing functions for notebook 07 optimizers: the race on test surfaces, momentum's rate map,
the learning-rate schedules."""

from __future__ import annotations

import itertools

import numpy as np
from matplotlib import colormaps, colors, patches

from .. import _checks, optim, surfaces
from ..experiments import RACERS, adam_moments, make_racer
from .base import COLORS, Live, log_y
from .descent import draw_surface

__all__ = ["OPTIMIZER_COLORS", "draw_optimizer_race", "draw_momentum_ravine",
           "draw_adam_bias_correction", "draw_schedules", "draw_nesterov_lookahead",
           "draw_rare_features", "draw_noise_floor"]

OPTIMIZER_COLORS = dict(zip(RACERS, COLORS, strict=False))
"""One colour per optimizer in every figure of notebook 07 and its answers (the race's order)."""
LOSS_FLOOR = 1e-8  # the race's loss axis ends here on surfaces with f ≥ 0; lower values sit on it
UNCORRECTED = COLORS[9]
RAVINE_MAP = colors.ListedColormap(colormaps["magma"](np.linspace(0, 0.8, 256))).with_extremes(
    bad="#b0b0b0")
"""Magma without its palest fifth, so that a slow pair (orange) never looks like the grey of a
pair that does not converge."""  # Adam without bias correction: not one of the racers

def draw_optimizer_race(axes, *, surface: str = "quadratic", condition: float = 10.0,
                        optimizers=("SGD", "Momentum", "Adam"), lr: float = 0.05,
                        momentum: float = 0.6, beta1: float = 0.9, beta2: float = 0.999,
                        steps: int = 100) -> Live:
    """Several optimizers from the same start on one test surface.

    Left: their paths on the contour plot; a path is cut where it leaves a box twice the plotting
    window in every direction (it is diverging, or escaping down the saddle). Right: f at each
    step on a log scale from 1e-8 (lower values are drawn at 1e-8) to the top of f over the
    plotting window, or for the saddle on a symmetric log scale over f's range there (so its
    negative values show too): a path that diverges or escapes leaves it. ``surface`` is a name of
    ``surfaces.SURFACES``; ``condition`` is the quadratic's κ (ignored by the other surfaces).
    The default μ = 0.6 suits the default κ = 10 and lr = 0.05: with μ = 0.9 momentum's error
    shrinks only by √μ ≈ 0.95 per step on both curvatures, no faster than SGD's along x.
    Every racer has a line, hidden unless it runs, so the learning rate, μ, β₁, β₂ and the choice
    of racers move lines on kept axes; another surface (or κ) is drawn on the kept axes and the
    figure rendered again (``Live``).
    """
    steps = _checks.integer(steps, "steps", low=1)
    left, right = axes
    paths = {name: left.plot([], [], ".-", color=OPTIMIZER_COLORS[name], linewidth=1.2,
                             markersize=2.5)[0] for name in RACERS}
    curves = {name: right.plot([], [], color=OPTIMIZER_COLORS[name])[0] for name in RACERS}
    right.set_xlim(0, steps)
    right.set_xlabel("step")
    right.set_ylabel("f(x, y)")
    legend = right.legend(handles=list(curves.values()), labels=list(RACERS), loc="upper right",
                          fontsize=7)
    shown = {"key": None, "artists": []}  # the surface on the axes and what draws it
    runs = {}  # each racer's last path and the settings it ran with
    drawn_steps = steps

    def show_surface(surface: str, condition: float) -> surfaces.Surface:
        _checks.choice(surface, "surface", surfaces.SURFACES)
        key = (surface, condition if surface == "quadratic" else None)
        if shown["key"] != key:
            for artist in shown["artists"]:
                artist.remove()
            surf = surfaces.quadratic(condition) if surface == "quadratic" else surfaces.SURFACES[surface]()
            known = set(left.get_children())
            draw_surface(left, surf, n=70, levels=15)
            left.plot(*surf.start, "o", color="black", markersize=5)
            left.set_title(f"{surf.name}: paths from ({surf.start[0]:g}, {surf.start[1]:g})")
            window = surf.grid(70)[2]
            if window.min() < 0:  # the saddle: both signs on a symmetric log scale
                right.set_ylim(window.min(), window.max())
                log_y(right, linthresh=1e-3)
            else:  # f ≥ 0: a log scale down to LOSS_FLOOR, with no "0" tick below 1e-3
                right.set_ylim(LOSS_FLOOR, window.max())
                log_y(right)
            shown.update(key=key, surf=surf, floor=window.min() >= 0,
                         artists=[a for a in left.get_children() if a not in known])
        return shown["surf"]

    def update(*, surface, condition, optimizers, lr, momentum, beta1, beta2,
               steps=drawn_steps) -> bool:
        if steps != drawn_steps:
            return False  # another run length: other axes
        for name in optimizers:
            _checks.choice(name, "optimizers entry", RACERS)
        surf = show_surface(surface, condition)
        centre = np.array([np.mean(surf.xlim), np.mean(surf.ylim)])
        reach = 2.0 * np.array([np.ptp(surf.xlim), np.ptp(surf.ylim)])
        for name in RACERS:
            paths[name].set_visible(name in optimizers)
            curves[name].set_visible(name in optimizers)
        rows = zip(legend.get_texts(), legend.legend_handles, strict=True)
        for name, (text, handle) in itertools.zip_longest(dict.fromkeys(optimizers), rows):
            if name is None:  # an unused row: empty, so that it does not widen the legend
                text.set_text("")
                handle.set_visible(False)
                continue
            opt = make_racer(name, surf, lr=lr, momentum=momentum, beta1=beta1, beta2=beta2)
            settings = (shown["key"], repr(vars(opt)))  # a slider another racer uses leaves it
            if runs.get(name, (None,))[0] != settings:
                runs[name] = settings, surfaces.descend(surf, opt, surf.start, steps)
            path = runs[name][1]
            inside = np.all(np.abs(path - centre) <= reach, axis=1)  # False for NaN too
            end = steps + 1 if inside.all() else int(np.argmin(inside))
            label = name if end > steps else f"{name} (left at step {end})"
            paths[name].set_data(path[:end, 0], path[:end, 1])
            values = surf.value(path[:end])
            curves[name].set_data(np.arange(end), np.where(values < LOSS_FLOOR, LOSS_FLOOR, values)
                                  if shown["floor"] else values)
            paths[name].set_label(label)
            curves[name].set_label(label)
            text.set_text(label)
            handle.set_color(OPTIMIZER_COLORS[name])
            handle.set_visible(True)
        right.set_title(f"loss against step (lr = {lr:.3g})")
        return True

    update(surface=surface, condition=condition, optimizers=optimizers, lr=lr, momentum=momentum,
           beta1=beta1, beta2=beta2)
    return Live(update, [*paths.values(), *curves.values(), legend, right.title],
                redraw_on=frozenset({"surface", "condition"}))


def _quadratic_levels(condition: float, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The level sets ``draw_surface`` draws for ``surfaces.quadratic(condition)``, as ellipses.

    Levels c from 10⁻⁵·f_max to f_max geometrically (f_max = ½(4² + κ·3²), at the window's
    corner, where the last level is a point and is left out); ½(x² + κy²) = c is
    x = √(2c)·cos t, y = √(2c/κ)·sin t. Returns x and y, one row per level, and the levels'
    colours (viridis from the first level to f_max).
    """
    top = 0.5 * (4.0**2 + condition * 3.0**2)
    levels = np.geomspace(1e-5 * top, top, count + 1)[:-1]
    t = np.linspace(0, 2 * np.pi, 181)
    radius = np.sqrt(2 * levels)[:, None]
    return (radius * np.cos(t), radius / np.sqrt(condition) * np.sin(t),
            colormaps["viridis"]((levels - levels[0]) / (top - levels[0])))


def draw_momentum_ravine(axes, *, condition: float = 50.0, lr: float = 0.02,
                         momentum: float = 0.7, steps: int = 60, lr_limits=None) -> Live:
    """Momentum on the ravine f = ½(x² + κy²), in the style of Distill's "Why momentum really works".

    Left: over a grid of learning rates (log scale, ``lr_limits``, by default 0.01/κ to 4/κ)
    and momenta, the number of steps that shrink the error 10×, log(0.1)/log ρ, where ρ(lr, μ)
    is the larger ``momentum_rate`` of the two curvatures 1 and κ; dark is fast, orange slow,
    grey does not converge. The current (lr, μ) is a red dot (its ρ in the title), the best pair
    (lr* = (2/(1 + √κ))², μ* = ((√κ − 1)/(√κ + 1))²) a star. Right: the paths of plain
    gradient descent and of momentum with these settings over the level sets of f (ellipses),
    f after them in the title. With fixed ``lr_limits`` (the explorer passes the slider's
    range) every slider moves artists on kept axes (``Live``); the map and the level sets, which
    follow κ only, are slow artists.
    """
    left, right = axes
    surf = surfaces.quadratic(condition)  # checks condition
    fixed_limits = lr_limits is not None
    low, high = lr_limits if fixed_limits else (0.01 / condition, 4 / condition)
    L, M = np.meshgrid(np.geomspace(low, high, 200 if fixed_limits else 120), np.linspace(0, 0.99, 100))
    image = left.pcolormesh(L, M, np.ones_like(L), cmap=RAVINE_MAP, shading="auto",
                            norm=colors.LogNorm(vmin=1, vmax=1e4))
    left.figure.colorbar(image, ax=left, label="steps to shrink the error 10×")
    star, = left.plot([], [], "*", color="white", markeredgecolor="black", markersize=13,
                      label="best pair")
    dot, = left.plot([], [], "o", color=OPTIMIZER_COLORS["Momentum"], markeredgecolor="white", markersize=8,
                     label="current (lr, μ)")
    diverges = patches.Patch(color=RAVINE_MAP.get_bad(), label="does not converge")
    left.set_xscale("log")
    left.set_xlabel("learning rate")
    left.set_ylabel("momentum μ")
    left.legend(handles=[star, dot, diverges], loc="lower left", fontsize=7, frameon=True,
                framealpha=0.9)

    ellipses = [right.plot([], [], linewidth=0.8)[0] for _ in range(11)]
    minimum, = right.plot(0.0, 0.0, "*", color="black", markersize=11)
    right.set_xlim(surf.xlim)
    right.set_ylim(surf.ylim)
    right.set_xlabel("x")
    right.set_ylabel("y")
    paths = [right.plot([], [], ".-", color=OPTIMIZER_COLORS[name], linewidth=1, markersize=2.5)[0]
             for name in ("SGD", "Momentum")]
    right.legend(handles=paths, labels=["SGD (μ = 0)", "momentum"], loc="lower left", fontsize=7)
    drawn_steps, drawn_condition = steps, condition
    shown = [None]  # the κ that the map and the level sets show

    def update(*, condition: float, lr: float, momentum: float, steps: int = drawn_steps,
               lr_limits=lr_limits) -> bool:
        condition = _checks.number(condition, "condition", low=1)
        lr = _checks.number(lr, "lr", low=0, low_open=True)
        momentum = _checks.number(momentum, "momentum", low=0, high=1, high_open=True)
        if steps != drawn_steps or (not fixed_limits and condition != drawn_condition):
            return False
        if condition != shown[0]:  # the map, the best pair and the level sets follow κ only
            shown[0] = condition
            rate = np.maximum(optim.momentum_rate(L, M, 1.0), optim.momentum_rate(L, M, condition))
            with np.errstate(divide="ignore"):
                image.set_array(np.log(0.1) / np.log(np.ma.masked_greater_equal(rate, 1.0)))
            star.set_data([(2 / (1 + np.sqrt(condition))) ** 2],
                          [((np.sqrt(condition) - 1) / (np.sqrt(condition) + 1)) ** 2])
            xs, ys, shades = _quadratic_levels(condition, len(ellipses))
            for line, x, y, shade in zip(ellipses, xs, ys, shades, strict=True):
                line.set_data(x, y)
                line.set_color(shade)
        dot.set_data([lr], [momentum])
        current = float(optim.momentum_rate(lr, momentum, [1.0, condition]).max())
        left.set_title(f"convergence rate on the ravine, κ = {condition:.3g}\n"
                       f"lr = {lr:.3g}, μ = {momentum:.2f}: ρ = {current:.3f}")
        ravine = surfaces.quadratic(condition)
        ends = []
        for line, mu in zip(paths, (0.0, momentum), strict=True):
            path = surfaces.descend(ravine, optim.Momentum(lr, mu), ravine.start, steps)
            line.set_data(path[:, 0], path[:, 1])
            ends.append(ravine.value(path[-1]))
        right.set_title(f"{steps} steps with lr = {lr:.3g}, then f = {ends[0]:.2g} (SGD)\n"
                        f"and f = {ends[1]:.2g} (momentum μ = {momentum:.2f})")
        return True

    update(condition=condition, lr=lr, momentum=momentum)
    return Live(update, [dot, left.title, minimum, *paths, right.title],
                slow=[image, star, *ellipses], slow_on=frozenset({"condition"}))


def draw_adam_bias_correction(axes, *, beta1: float = 0.9, beta2: float = 0.999,
                              noise: float = 0.5, steps: int = 50) -> Live:
    """Adam's moving averages of a steady, noisy gradient g = 1 + noise·z, with and without bias
    correction (``experiments.adam_moments``).

    Left: g_t (dots), m_t (which starts at 0 and follows E[m_t] = (1 − β₁ᵗ)·E[g], dashed) and
    the corrected m̂_t = m_t/(1 − β₁ᵗ). Middle: √v_t and √v̂_t = √(v_t/(1 − β₂ᵗ)) against the
    gradient's root mean square √E[g²]. Right: the step over lr, m̂/√v̂ (what Adam takes) and
    m/√v (without correction), on a log scale. The gradients do not depend on β₁ and β₂, so
    both sliders move lines on kept axes (``Live``).
    """
    ax_m, ax_v, ax_step = axes
    run = adam_moments(beta1, beta2, steps=steps, noise=noise)
    t = np.arange(1, steps + 1)
    g = run.gradient
    ax_m.plot(t, g, ".", color="gray", markersize=4, label="gradient g_t")
    expected, = ax_m.plot(t, t, "--", color="black", linewidth=1, label="E[m_t] = (1 − β₁ᵗ)·E[g]")
    m, = ax_m.plot(t, t, color=UNCORRECTED, label="m_t (no correction)")
    m_hat, = ax_m.plot(t, t, color=OPTIMIZER_COLORS["Adam"], label="m̂_t = m_t / (1 − β₁ᵗ)")
    ax_m.set_ylim(min(0.0, g.min()) - 0.05, 1.6 * g.max())
    ax_m.set_ylabel("g and its moving average")
    ax_m.set_title("m_t: moving average of g")
    rms = np.sqrt(1.0 + noise**2)
    ax_v.axhline(rms, color="black", linestyle="--", linewidth=1, label="√E[g²]")
    v, = ax_v.plot(t, t, color=UNCORRECTED, label="√v_t (no correction)")
    v_hat, = ax_v.plot(t, t, color=OPTIMIZER_COLORS["Adam"], label="√v̂_t = √(v_t / (1 − β₂ᵗ))")
    ax_v.set_ylim(0, 1.6 * np.abs(g).max())
    ax_v.set_ylabel("root mean square of g")
    ax_v.set_title("√v_t: moving RMS of g")
    step, = ax_step.plot(t, t, "o-", color=OPTIMIZER_COLORS["Adam"], markersize=3, label="m̂_t / √v̂_t (Adam)")
    raw, = ax_step.plot(t, t, "o-", color=UNCORRECTED, markersize=3, label="m_t / √v_t (no correction)")
    ax_step.set_ylim(1e-2, 1e2)
    log_y(ax_step)
    for ax in axes:
        ax.set_xlim(0, steps + 1)
        ax.set_xlabel("step t")
        ax.legend(loc="upper right", fontsize=7)
    ax_step.set_ylabel("step / lr")
    drawn = {"noise": noise, "steps": steps}

    def update(*, beta1: float, beta2: float, **structure) -> bool:
        if any(structure.get(key, value) != value for key, value in drawn.items()):
            return False
        run = adam_moments(beta1, beta2, steps=steps, noise=noise)
        expected.set_ydata((1 - beta1**t) * 1.0)
        m.set_ydata(run.m)
        m_hat.set_ydata(run.m_hat)
        v.set_ydata(np.sqrt(run.v))
        v_hat.set_ydata(np.sqrt(run.v_hat))
        step.set_ydata(np.clip(np.abs(run.step), 1e-3, None))
        raw.set_ydata(np.clip(np.abs(run.step_uncorrected), 1e-3, None))
        ax_step.set_title(f"first step: {run.step[0]:.2g}·lr, uncorrected "
                          f"{run.step_uncorrected[0]:.2g}·lr")
        return True

    update(beta1=beta1, beta2=beta2)
    return Live(update, [expected, m, m_hat, v, v_hat, step, raw, ax_step.title])


def draw_schedules(ax, *, lr0: float = 0.1, epochs: int = 50) -> None:
    """The four learning-rate schedules of ``course_lib.optim`` from the same ``lr0``."""
    epochs = _checks.integer(epochs, "epochs", low=2)
    schedules = {
        "step_decay(drop=0.5, every=10)": optim.step_decay(lr0, 0.5, 10),
        "exponential_decay(rate=0.95)": optim.exponential_decay(lr0, 0.95),
        "inverse_time_decay(rate=0.1)": optim.inverse_time_decay(lr0, 0.1),
        f"cosine_decay(epochs={epochs})": optim.cosine_decay(lr0, epochs),
    }
    e = np.arange(epochs + 1)
    for (label, schedule), color in zip(schedules.items(), COLORS, strict=False):
        ax.plot(e, [schedule(int(k)) for k in e], color=color, label=label,
                drawstyle="steps-post" if label.startswith("step") else "default")
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    ax.set_title(f"learning-rate schedules from lr0 = {lr0:g}")
    ax.legend(fontsize=8)


def draw_nesterov_lookahead(ax, *, point=(-1.5, 0.8), velocity=(1.0, 0.6), lr: float = 0.05,
                            momentum: float = 0.9, condition: float = 10.0) -> None:
    """One step of momentum and one of Nesterov from the same point θ and velocity v on the
    quadratic ½(x² + κy²), as arrows over its level sets.

    Both first coast along μ·v. Momentum adds −lr·∇f(θ), the gradient where it stands;
    Nesterov adds −lr·∇f(θ + μv), the gradient at the look-ahead point it is coasting to.
    The new points are θ + μv − lr·∇f(θ) and θ + μv − lr·∇f(θ + μv).
    """
    surf = surfaces.quadratic(condition)  # checks condition
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    momentum = _checks.number(momentum, "momentum", low=0, high=1, high_open=True)
    theta, v = (_checks.float_array(value, name, ndim=1, shape="(2,)", finite=True)
                for value, name in ((point, "point"), (velocity, "velocity")))
    for value, name in ((theta, "point"), (v, "velocity")):
        if value.shape != (2,):
            raise ValueError(f"{name} must be a point (x, y) of shape (2,), got shape {value.shape}")
    ahead = theta + momentum * v
    xs, ys, shades = _quadratic_levels(condition, 14)
    for x, y, shade in zip(xs, ys, shades, strict=True):
        ax.plot(x, y, color=shade, linewidth=0.7)
    ax.plot(0.0, 0.0, "*", color="black", markersize=11)

    def arrow(start, end, color, label=None, style="-"):
        ax.annotate("", xy=end, xytext=start,
                    arrowprops={"arrowstyle": "-|>", "color": color, "linestyle": style,
                                "linewidth": 1.6, "shrinkA": 0, "shrinkB": 0})
        if label:
            ax.plot([], [], color=color, linestyle=style, label=label)

    arrow(theta, ahead, "black", "μ·v: coast along the velocity", "--")
    for name, at, where in (("Momentum", theta, "current"), ("Nesterov", ahead, "look-ahead")):
        end = ahead - lr * surf.grad(at)
        color = OPTIMIZER_COLORS[name]
        arrow(ahead, end, color, f"{name}: −lr·∇f at the {where} point")
        ax.plot(*end, "o", color=color, markersize=5)
    ax.plot(*theta, "o", color="black", markersize=6)
    ax.plot(*ahead, "o", color="white", markeredgecolor="black", markersize=6)
    ax.annotate("θ", theta, textcoords="offset points", xytext=(-12, -4))
    ax.annotate("θ + μv (look-ahead)", ahead, textcoords="offset points", xytext=(8, 4))
    corners = np.array([theta, ahead, ahead - lr * surf.grad(theta), ahead - lr * surf.grad(ahead)])
    margin = 0.6
    ax.set_xlim(corners[:, 0].min() - margin, corners[:, 0].max() + 2.5 * margin)
    ax.set_ylim(corners[:, 1].min() - margin, corners[:, 1].max() + margin)
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(f"one step from the same θ and v (lr = {lr:g}, μ = {momentum:g}, κ = {condition:g})")
    ax.legend(loc="lower right", fontsize=7, frameon=True, framealpha=0.9)


def draw_rare_features(axes, paths: dict, rates, w_true, *, frequent: int = 3) -> None:
    """Notebook 07's sparse regression: left, the error |w − w_true| after every step, averaged
    over the first ``frequent`` weights (solid) and over the others, the rare ones (dashed), for
    each run of ``paths`` (optimizer name → weights, shape (steps, d), coloured by the name's
    first word); right, Adagrad's effective rate lr/(√G + eps) of every weight, ``rates`` of
    shape (steps, d) (NaN before a weight's first gradient), both axes on a log scale."""
    left, right = axes
    w_true = _checks.float_array(w_true, "w_true", ndim=1, shape="(d,)", finite=True)
    rates = _checks.float_array(rates, "rates", ndim=2, shape="(steps, d)")
    if rates.shape[1] != w_true.size:
        raise ValueError(f"rates must have one column per weight ({w_true.size}), got {rates.shape[1]}")
    for name, path in paths.items():
        path = _checks.float_array(path, f"paths[{name!r}]", ndim=2, shape="(steps, d)")
        if path.shape[1] != w_true.size:
            raise ValueError(f"paths[{name!r}] must have one column per weight ({w_true.size}), "
                             f"got {path.shape[1]}")
        error = np.abs(path - w_true)
        color = OPTIMIZER_COLORS[name.split()[0].rstrip(",")]
        steps = np.arange(1, len(path) + 1)
        left.plot(steps, error[:, :frequent].mean(axis=1), color=color, label=f"{name}: frequent")
        left.plot(steps, error[:, frequent:].mean(axis=1), color=color, linestyle="--",
                  label=f"{name}: rare")
    log_y(left)
    left.set(xlabel="step", ylabel="mean |w − w_true|", title="error of the weights")
    left.legend(fontsize=8)
    steps = np.arange(1, len(rates) + 1)
    for j in range(rates.shape[1]):
        right.plot(steps, rates[:, j], color=OPTIMIZER_COLORS["Adagrad"],
                   linestyle="-" if j < frequent else "--",
                   label="frequent features" if j == 0 else "rare features" if j == frequent else None)
    right.set_xscale("log")
    log_y(right)
    right.set(xlabel="step", ylabel="lr / (√G + eps)", title="Adagrad's effective learning rates")
    right.legend(fontsize=8)


def draw_noise_floor(ax, runs: dict, floors: dict) -> None:
    """f against the step, the mean over seeds, for each run of ``runs`` (label → f of shape
    (steps + 1, seeds), from ``experiments.noisy_quadratic``), on a log scale; a run whose label
    is in ``floors`` gets its predicted noise floor as a dashed line of its colour. Every run is
    SGD, so the runs get shades of SGD's blue, from light to dark."""
    shades = colormaps["Blues"](np.linspace(0.45, 1.0, max(len(runs), 2)))
    for (label, values), color in zip(runs.items(), shades, strict=False):
        values = _checks.float_array(values, f"runs[{label!r}]", ndim=2, shape="(steps + 1, seeds)")
        ax.plot(values.mean(axis=1), color=color, label=label)
        if label in floors:
            ax.axhline(floors[label], color=color, linestyle="--", linewidth=1)
    log_y(ax)
    ax.set_xlabel("step")
    ax.set_ylabel(f"f, mean of {values.shape[1]} seeds")
    ax.set_title("SGD with noisy gradients; dashed: a constant rate's noise floor")
    ax.legend(loc="upper right", fontsize=8)
