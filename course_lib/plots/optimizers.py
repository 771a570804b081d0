"""Drawing functions for notebook 07 optimizers: the race on test surfaces, momentum's rate map,
the learning-rate schedules."""

from __future__ import annotations

import numpy as np
from matplotlib import colors

from .. import _checks, optim, surfaces
from ..experiments import RACERS, make_racer
from .base import COLORS, log_y
from .descent import draw_surface

__all__ = ["draw_optimizer_race", "draw_momentum_ravine", "draw_schedules"]

def draw_optimizer_race(axes, *, surface: str = "quadratic", condition: float = 10.0,
                        optimizers=("SGD", "Momentum", "Adam"), lr: float = 0.05,
                        momentum: float = 0.9, beta1: float = 0.9, beta2: float = 0.999,
                        steps: int = 100) -> None:
    """Several optimizers from the same start on one test surface.

    Left: their paths on the contour plot; a path is cut where it leaves a box twice the plotting
    window in every direction (it is diverging, or escaping down the saddle). Right: f at each
    step (symmetric log scale, so the saddle's negative values show too). ``surface`` is a name
    of ``surfaces.SURFACES``; ``condition`` is the quadratic's κ (ignored by the other surfaces).
    """
    _checks.choice(surface, "surface", surfaces.SURFACES)
    for name in optimizers:
        _checks.choice(name, "optimizers entry", RACERS)
    steps = _checks.integer(steps, "steps", low=1)
    surf = surfaces.quadratic(condition) if surface == "quadratic" else surfaces.SURFACES[surface]()
    left, right = axes
    draw_surface(left, surf, n=70, levels=15)
    left.plot(*surf.start, "o", color="black", markersize=5)
    centre = np.array([np.mean(surf.xlim), np.mean(surf.ylim)])
    reach = 2.0 * np.array([np.ptp(surf.xlim), np.ptp(surf.ylim)])
    for name in optimizers:
        color = COLORS[RACERS.index(name)]
        opt = make_racer(name, surf, lr=lr, momentum=momentum, beta1=beta1, beta2=beta2)
        path = surfaces.descend(surf, opt, surf.start, steps)
        inside = np.all(np.abs(path - centre) <= reach, axis=1)  # False for NaN too
        end = steps + 1 if inside.all() else int(np.argmin(inside))
        label = name if end > steps else f"{name} (left at step {end})"
        left.plot(path[:end, 0], path[:end, 1], ".-", color=color, linewidth=1.2,
                  markersize=2.5, label=label)
        right.plot(np.arange(end), surf.value(path[:end]), color=color, label=label)
    left.set_title(f"{surf.name}: paths from ({surf.start[0]:g}, {surf.start[1]:g})")
    log_y(right, linthresh=1e-3)
    right.set_xlabel("step")
    right.set_ylabel("f(x, y)")
    right.set_title(f"loss against step (lr = {lr:.3g})")
    right.legend(loc="upper right", fontsize=7)


def draw_momentum_ravine(axes, *, condition: float = 50.0, lr: float = 0.02,
                         momentum: float = 0.7, steps: int = 60) -> None:
    """Momentum on the ravine f = ½(x² + κy²), in the style of Distill's "Why momentum really works".

    Left: over a grid of learning rates (log scale) and momenta, the number of steps that shrink
    the error 10×, log(0.1)/log ρ, where ρ(lr, μ) is the larger ``momentum_rate`` of the two
    curvatures 1 and κ; dark is fast, white does not converge. The current (lr, μ) is a red dot,
    the best pair (lr* = (2/(1 + √κ))², μ* = ((√κ − 1)/(√κ + 1))²) a star. Right: the paths of
    plain gradient descent and of momentum with these settings.
    """
    condition = _checks.number(condition, "condition", low=1)
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    momentum = _checks.number(momentum, "momentum", low=0, high=1, high_open=True)
    left, right = axes
    lrs = np.geomspace(0.01 / condition, 4 / condition, 120)
    mus = np.linspace(0, 0.99, 100)
    L, M = np.meshgrid(lrs, mus)
    rate = np.maximum(optim.momentum_rate(L, M, 1.0), optim.momentum_rate(L, M, condition))
    with np.errstate(divide="ignore"):
        tenfold = np.log(0.1) / np.log(np.ma.masked_greater_equal(rate, 1.0))
    image = left.pcolormesh(L, M, tenfold, cmap="magma", shading="auto",
                            norm=colors.LogNorm(vmin=1, vmax=1e4))
    left.figure.colorbar(image, ax=left, label="steps to shrink the error 10×")
    best_lr = (2 / (1 + np.sqrt(condition))) ** 2
    best_mu = ((np.sqrt(condition) - 1) / (np.sqrt(condition) + 1)) ** 2
    left.plot(best_lr, best_mu, "*", color="white", markeredgecolor="black", markersize=13,
              label="best pair")
    current = float(optim.momentum_rate(lr, momentum, [1.0, condition]).max())
    left.plot(lr, momentum, "o", color=COLORS[1], markeredgecolor="white", markersize=8,
              label=f"lr = {lr:.3g}, μ = {momentum:.2f}: ρ = {current:.3f}")
    left.set_xscale("log")
    left.set_xlabel("learning rate")
    left.set_ylabel("momentum μ")
    left.set_title(f"convergence rate on the ravine, κ = {condition:.3g}")
    left.legend(loc="lower left", fontsize=7)

    surf = surfaces.quadratic(condition)
    draw_surface(right, surf, n=60, levels=12)
    for mu, color, name in ((0.0, COLORS[0], "SGD (μ = 0)"), (momentum, COLORS[1], f"μ = {momentum:.2f}")):
        path = surfaces.descend(surf, optim.Momentum(lr, mu), surf.start, steps)
        right.plot(path[:, 0], path[:, 1], ".-", color=color, linewidth=1, markersize=2.5,
                   label=f"{name}: f = {surf.value(path[-1]):.2g} after {steps}")
    right.set_title(f"{steps} steps with lr = {lr:.3g}")
    right.legend(loc="lower left", fontsize=7)


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
