"""Drawing functions for notebook 04 activations: each function next to its derivative."""

from __future__ import annotations

import numpy as np

from .. import _checks, experiments
from ..activations import ACTIVATIONS
from .base import COLORS, Live, log_y

__all__ = ["ACTIVATION_COLORS", "ACTIVATION_PARAMETER", "activation_options", "draw_activation",
           "draw_activation_gallery", "draw_gradient_norms"]

ACTIVATION_COLORS = {
    "sigmoid": COLORS[0], "tanh": COLORS[1], "relu": COLORS[2], "leaky_relu": COLORS[3],
    "elu": COLORS[4], "selu": COLORS[5], "prelu": COLORS[6], "linear": COLORS[7],
    "softsign": COLORS[8], "softplus": COLORS[9], "hard_sigmoid": "#393b79",
    "thresholded_relu": "#7b4173", "gelu": "#bd9e39",
    "sigmoid - 1/2": "#6baed6", "sigmoid(4x)": "#08306b",   # the race's two sigmoid controls
}
"""One colour per activation, in every figure of notebook 04 and its worked answers: sigmoid
blue, tanh red, ReLU green, leaky ReLU orange, ELU purple (sigmoid's two controls in the race are
a light and a dark blue)."""

ACTIVATION_PARAMETER = {"leaky_relu": "alpha", "prelu": "alpha", "elu": "alpha",
                        "thresholded_relu": "theta"}
"""The activations that take a parameter, and its keyword."""


def activation_options(name: str, *, alpha: float = 0.1, theta: float = 1.0) -> dict:
    """The keyword arguments ``name`` takes, from the ``alpha`` and ``theta`` on offer."""
    keyword = ACTIVATION_PARAMETER.get(_checks.choice(name, "name", ACTIVATIONS))
    return {} if keyword is None else {keyword: {"alpha": alpha, "theta": theta}[keyword]}


def _label(name: str, options: dict) -> str:
    symbol = {"alpha": "α", "theta": "θ"}
    return name + "".join(f", {symbol[k]} = {v:.3g}" for k, v in options.items())


def draw_activation(axes, *, name: str = "leaky_relu", alpha: float = 0.1, theta: float = 1.0,
                    span: float = 5.0) -> Live:
    """``name`` on the left axes and its derivative (dashed) on the right, for x in [−span, span],
    in the activation's colour (``ACTIVATION_COLORS``).

    ``alpha`` is used by leaky_relu, prelu and elu, ``theta`` by thresholded_relu; ReLU is
    drawn faintly for comparison. Another ``name``, ``alpha`` or ``theta`` moves the curves, the
    legends and the title on the same axes (``Live``); another ``span`` draws anew.
    """
    activation_options(name, alpha=alpha, theta=theta)  # checks the name
    span = _checks.number(span, "span", low=0, low_open=True)
    drawn_span = span
    x = np.linspace(-span, span, 801)
    left, right = axes
    left.figure.subplots_adjust(bottom=0.16, wspace=0.25)
    left.plot(x, ACTIVATIONS["relu"][0](x), color="0.75", lw=1, label="relu")
    curve, = left.plot(x, x, lw=2, label=name)
    right.plot(x, ACTIVATIONS["relu"][1](x), color="0.75", lw=1, label="relu'")
    slope, = right.plot(x, x, lw=2, ls="--", label=f"{name}'")
    right.set_title("its derivative")
    left.set_ylim(-2.2, span)
    right.set_ylim(-0.1, 2.2)  # α up to 2 stays inside
    legends = []
    for ax, what in ((left, "f(x)"), (right, "f'(x)")):
        ax.set_xlabel("x")
        ax.set_ylabel(what)
        legends.append(ax.legend(loc="upper left", fontsize=9, frameon=True))  # curves pass under it

    def update(*, name: str, alpha: float, theta: float, span: float = drawn_span) -> bool:
        if span != drawn_span:
            return False
        options = activation_options(name, alpha=alpha, theta=theta)
        f, grad = ACTIVATIONS[name]
        curve.set_ydata(f(x, **options))
        slope.set_ydata(grad(x, **options))
        for legend, line, label in ((legends[0], curve, name), (legends[1], slope, f"{name}'")):
            line.set_color(ACTIVATION_COLORS[name])
            legend.get_lines()[1].set_color(ACTIVATION_COLORS[name])
            legend.get_texts()[1].set_text(label)
        left.set_title(_label(name, options))
        return True

    update(name=name, alpha=alpha, theta=theta)
    return Live(update, [curve, slope, *legends, left.title])


def draw_activation_gallery(axes, *, span: float = 4.0) -> None:
    """Every activation of ``ACTIVATIONS`` (solid) and its derivative (dashed), one per axes, each
    in its colour of ``ACTIVATION_COLORS``.

    ``axes``: an array of at least ``len(ACTIVATIONS)`` axes. Parameters are the defaults
    (α = 0.01 for leaky_relu, 1 for elu, θ = 1), and α = 0.25 for prelu (PyTorch's initial value).
    """
    x = np.linspace(-span, span, 801)
    flat = np.ravel(axes)
    if flat.size < len(ACTIVATIONS):
        raise ValueError(f"axes must hold at least {len(ACTIVATIONS)} axes, got {flat.size}")
    for ax, name in zip(flat, ACTIVATIONS, strict=False):
        f, grad = ACTIVATIONS[name]
        options = activation_options(name, alpha={"leaky_relu": 0.01, "elu": 1.0}.get(name, 0.25))
        ax.axhline(0, color="0.6", lw=0.8)
        ax.plot(x, f(x, **options), color=ACTIVATION_COLORS[name], lw=2, label="f")
        ax.plot(x, grad(x, **options), color=ACTIVATION_COLORS[name], lw=1.5, ls="--", label="f'")
        ax.set_title(_label(name, options), fontsize=10)
        ax.set_ylim(-2, 3)
        ax.set_xlabel("x", labelpad=0)
    flat[0].legend(loc="upper left", fontsize=9)
    for ax in flat[len(ACTIVATIONS):]:
        ax.set_axis_off()


def draw_gradient_norms(ax, *, depth: int = 10, weight_scale: float = 1.0,
                        names=("sigmoid", "tanh", "relu"), max_depth: int | None = None) -> Live:
    """The size of the gradient that reaches each layer of a fresh ``depth``-layer network, one
    line per activation of ``names`` (``experiments.gradient_norms``: a gradient of norm 1 comes
    back from the loss; weights N(0, weight_scale²/width): 1 is Xavier's scale, √2 He's), on a
    log axis from 1e-30 to 1e15.

    The title gives each activation's mean factor per layer, ‖g_0‖^(1/depth); the dotted line is
    the bound ¼ per layer that sigmoid's f' ≤ ¼ alone would give. The layer axis reaches
    ``max_depth`` (default: ``depth``), so another depth up to it, or another weight scale, moves
    the lines and the title (``Live``).
    """
    names = tuple(_checks.choice(name, "names", ACTIVATIONS) for name in names)
    top = _checks.integer(depth if max_depth is None else max_depth, "max_depth",
                          low=_checks.integer(depth, "depth", low=1))
    lines = [ax.plot([], [], "o-", color=ACTIVATION_COLORS[name], markersize=3, label=name)[0]
             for name in names]
    bound, = ax.plot([], [], ":", color="black", label="× ¼ per layer (sigmoid's f' ≤ ¼)")
    ax.set_xlim(0.5, top + 0.5)
    ax.set_ylim(1e-30, 1e15)
    log_y(ax)
    ax.set_yticks(10.0 ** np.arange(-30, 16, 5))
    ax.set_xlabel("layer l (1 = nearest the input)")
    ax.set_ylabel("‖gradient reaching layer l‖")
    # static: no line reaches the lower right (1e-17 takes some 18 sigmoid layers at scale 0.5)
    ax.legend(loc="lower right", fontsize=9, frameon=True)

    def update(*, depth: int, weight_scale: float, names=names, max_depth: int | None = None) -> bool:
        if tuple(names) != tuple(line.get_label() for line in lines) or depth > top:
            return False
        layer = np.arange(1, depth + 1)
        factors = []
        for line, name in zip(lines, names, strict=True):
            norms = experiments.gradient_norms(name, depth, weight_scale)
            line.set_data(layer, norms)
            factors.append(f"{name} × {norms[0] ** (1 / depth):.2g}")
        bound.set_data(layer, 0.25 ** (depth + 1.0 - layer))
        # one short text: a moving text costs its drawing, glyph by glyph, at every move
        ax.set_title(f"{depth} layers, scale {weight_scale:.3g}; per layer: {', '.join(factors)}")
        return True

    update(depth=depth, weight_scale=weight_scale)
    return Live(update, [*lines, bound, ax.title])
