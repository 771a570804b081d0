"""Drawing functions for notebook 03 back-propagation: the guessing game, graphs, boundaries."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Rectangle

from .. import _checks, experiments, gradcheck, guessing, train
from ..autograd import Value
from .base import COLORS, Live, power_label

__all__ = ["draw_guess", "draw_guessing_race", "draw_graph", "draw_gate_graph", "draw_decision_boundary",
           "draw_difference_errors"]


def draw_guess(ax, *, guess: int, game: guessing.Game, earlier: Sequence[int] = ()) -> Live:
    """One turn of the game: the guess on the number line, B's answer, and what all answers rule out.

    ``earlier`` are the guesses before this one (small grey marks); the grey bands are where the
    hidden number cannot be after all the answers so far, so the white gap between them is what
    is still possible. The hidden number is not drawn. A new guess (or a longer ``earlier``) on
    the same game moves the bands, the marks, the arrow and the text (``Live``).
    """
    if not isinstance(game, guessing.Game):
        raise TypeError(f"game must be a guessing.Game, got {type(game).__name__}")
    drawn_game = game
    ax.set_xlim(game.low - 0.5, game.high + 0.5)
    ax.set_ylim(-1, 1)
    # Rectangles in (data x, axes y): axvspan returns a Polygon before matplotlib 3.9
    bands = [ax.add_patch(Rectangle((game.low - 0.5, 0), 0, 1, transform=ax.get_xaxis_transform(),
                                    color="0.85")) for _ in range(2)]
    line = ax.axhline(0, color="0.3", lw=1)  # live after the bands, so drawn over them
    marks, = ax.plot([], [], "|", color="0.35", ms=16, mew=2)
    arrow = ax.annotate("", xy=(0, 0.35), xytext=(0, 0.35),
                        arrowprops={"arrowstyle": "->", "color": COLORS[1], "lw": 2})
    marker, = ax.plot([], [], "v", ms=14)
    text = ax.text(0, -0.45, "", fontsize=12)
    left = ax.text(0.01, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, color="0.3")
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("guess")
    ax.set_title(f"Guess the number in [{game.low}, {game.high}]: grey is ruled out")

    def update(*, guess: int, game: guessing.Game = game, earlier: Sequence[int] = earlier) -> bool:
        if game is not drawn_game:
            return False
        answer = game.answer(guess)
        played = [*earlier, guess]
        small = [g for g in played if game.answer(g) == "too small"]
        big = [g for g in played if game.answer(g) == "too big"]
        lowest = max(small, default=game.low - 1) + 1  # the candidates left: lowest to highest
        highest = min(big, default=game.high + 1) - 1
        for band, (x0, x1) in zip(bands, ((game.low - 0.5, lowest - 0.5),
                                          (highest + 0.5, game.high + 0.5)), strict=True):
            band.set_x(x0)
            band.set_width(max(x1 - x0, 0))
        marks.set_data(list(earlier), [0] * len(earlier))
        arrow.set_visible(answer != "right")
        if answer != "right":
            direction = -1 if answer == "too big" else 1
            arrow.xy = (guess + direction * 0.12 * (game.high - game.low), 0.35)
            arrow.xyann = (guess, 0.35)
        color = COLORS[2] if answer == "right" else COLORS[1]
        marker.set_data([guess], [0])
        marker.set_color(color)
        where = (guess - game.low) / max(game.high - game.low, 1)  # 0 at the left end, 1 at the right
        text.set_x(guess)
        text.set_horizontalalignment("left" if where < 0.2 else "right" if where > 0.8 else "center")
        text.set_text(f"{guess}: {answer}")
        text.set_color(color)
        left.set_text(f"guess {len(played)}: " + (f"still possible {lowest} to {highest}"
                                                   if answer != "right" else "found"))
        return True

    update(guess=guess)
    return Live(update, [*bands, line, marks, arrow, marker, text, left])


def draw_guessing_race(ax, *, lr: float = 0.5, game: guessing.Game | None = None,
                       start: float | None = None, max_guesses: int = 15) -> Live:
    """Guess against turn for bisection ("too big / too small") and gradient steps (lr·error).

    The axes fit the guesses of bisection and of every step size up to 2, whose guesses stay
    within the first error of the target (a larger one leaves the axes: it diverges). A new lr on
    the same game moves the steps' trace and its legend entry (``Live``).
    """
    drawn = (game, start, max_guesses)
    game = game or guessing.Game(1, 100, target=73)
    max_guesses = _checks.integer(max_guesses, "max_guesses", low=1)
    halving = guessing.bisection(game)
    first = (game.low + game.high) / 2 if start is None else _checks.number(start, "start")
    reach = abs(first - game.target)  # |1 − lr| ≤ 1 for lr ≤ 2: no guess is further off than the first
    low = min(*halving.guesses, game.target - reach)
    high = max(*halving.guesses, game.target + reach)
    pad = 0.08 * max(high - low, 1)
    ax.set_ylim(low - pad, high + pad)
    ax.set_xlim(0.5, max(max_guesses, len(halving)) + 0.5)
    ax.plot(range(1, len(halving) + 1), halving.guesses, "o-", color=COLORS[0],
            label=f"bisection: {len(halving)} guesses")
    trace, = ax.plot([], [], "s-", color=COLORS[3], ms=4, label="steps")
    ax.axhline(game.target, color="0.4", ls="--", lw=1, label="hidden number")
    ax.set_xlabel("guess number")
    ax.set_ylabel("guess")
    ax.set_title("Two guessers: direction only vs direction and size")
    legend = ax.legend(loc="lower right", fontsize=9)

    def update(*, lr: float, game: guessing.Game | None = drawn[0], start: float | None = start,
               max_guesses: int = max_guesses) -> bool:
        if (game, start, max_guesses) != drawn:
            return False
        steps = guessing.gradient_steps(played, lr=lr, start=start, max_guesses=max_guesses)
        trace.set_data(range(1, len(steps) + 1), steps.guesses)
        result = f"{len(steps)} guesses" if steps.solved else f"not solved in {len(steps)} guesses"
        legend.get_texts()[1].set_text(f"steps, lr = {lr:.3g}: {result}")
        return True

    played = game
    update(lr=lr)
    return Live(update, [trace, legend])


def _layout(root: Value) -> dict[int, tuple[float, float]]:
    """x = depth (longest path from a leaf), y = place among the nodes of the same depth."""
    order = root.topological_order()
    depth: dict[int, int] = {}
    for node in order:
        depth[id(node)] = 1 + max((depth[id(p)] for p in node.parents), default=-1)
    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(depth[id(node)], []).append(node)
    position = {}
    for x, nodes in columns.items():
        for i, node in enumerate(nodes):
            position[id(node)] = (float(x), (len(nodes) - 1) / 2 - i)
    return position


def _numbers(value: float, grad: float, show_grad: bool) -> list[str]:
    """The lines of numbers of a node's box."""
    return [f"value {value:.4g}"] + ([f"grad {grad:.4g}"] if show_grad else [])


def _shape(root: Value) -> list[tuple]:
    """What fixes the drawing of a graph apart from its numbers: each node's name and place."""
    position = _layout(root)
    return [(node.label, node.op, position[id(node)]) for node in root.topological_order()]


def draw_graph(ax, root: Value, *, show_grad: bool = True, widest: float = 0.0) -> Live:
    """The computational graph of ``root``: each node's name or operation, value and gradient.

    Inputs (leaves) are blue, computed nodes orange; arrows point forward. Call
    ``root.backward()`` first to show gradients. The boxes leave room for numbers as wide as
    ``widest``, so that a graph of the same shape with other numbers only rewrites the numbers
    (``Live``).
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be an autograd.Value, got {type(root).__name__}")
    widest = _checks.number(widest, "widest")
    position = _layout(root)
    nodes = root.topological_order()
    for node in nodes:
        x, y = position[id(node)]
        for parent in node.parents:
            px, py = position[id(parent)]
            bow = "arc3,rad=-0.3" if x - px > 1 else "arc3"  # a long arrow bows around the boxes between
            ax.annotate("", xy=(x - 0.28, y), xytext=(px + 0.28, py),
                        arrowprops={"arrowstyle": "->", "color": "0.4", "lw": 1.2, "connectionstyle": bow})
    numbers = []
    for node in nodes:
        name = " ".join(part for part in (node.label, f"[{node.op}]" if node.op else "") if part)
        lines = [max(line, room, key=len) for line, room in zip(
            _numbers(node.data, node.grad, show_grad), _numbers(widest, widest, show_grad), strict=True)]
        face = "#dbe9f6" if not node.parents else "#fde3c8"
        style = {"ha": "center", "va": "center", "fontsize": 9}
        # the box, sized by text in its own colour; over it the name, and the numbers (live)
        ax.text(*position[id(node)], "\n".join([name, *lines]), color=face, **style,
                bbox={"boxstyle": "round", "facecolor": face, "edgecolor": "0.4"})
        ax.text(*position[id(node)], name + "\n" * len(lines), **style)
        numbers.append(ax.text(*position[id(node)], "", **style))
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_axis_off()
    shape, drawn_show_grad = _shape(root), show_grad

    def update(*, root: Value, show_grad: bool = show_grad, widest: float = widest) -> bool:
        if show_grad != drawn_show_grad or _shape(root) != shape:
            return False
        for text, node in zip(numbers, root.topological_order(), strict=True):
            text.set_text("\n".join(["", *_numbers(node.data, node.grad, show_grad)]))
        return True

    update(root=root)
    return Live(update, numbers)


def draw_gate_graph(ax, *, x: float = -2.0, y: float = 5.0, z: float = -4.0,
                    w: float = 2.0) -> Live:
    """The graph of f = (x + y)·max(z, w) (``experiments.gate_graph``) after its backward pass.

    The max gate sends all of ∂f/∂m = q to the larger of z and w (to z on a tie) and 0 to the
    other, so the gradient jumps from one to the other when they cross. New inputs rewrite the
    node's numbers (``Live``); the boxes have room for inputs in [−5, 5] (|f| ≤ 50).
    """
    def backward(x, y, z, w) -> Value:
        root = experiments.gate_graph(x, y, z, w)
        root.backward()
        return root

    graph = draw_graph(ax, backward(x, y, z, w), widest=-42.75)
    ax.set_title("f = (x + y)·max(z, w): the max gate passes its gradient to the larger input")

    def update(*, x: float, y: float, z: float, w: float) -> bool:
        return graph.update(root=backward(x, y, z, w))

    return Live(update, graph.artists)


def draw_decision_boundary(ax, model, X, y, *, resolution: int = 150) -> None:
    """The class ``model`` predicts at every point of the plane, with the data on top (2-D X)."""
    X = _checks.float_array(X, "X", ndim=2, shape="(N, 2)")
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2), got shape {X.shape}")
    y = _checks.labels(y, "y", n=X.shape[0])
    resolution = _checks.integer(resolution, "resolution", low=2)
    margin = 0.3 * (X.max(axis=0) - X.min(axis=0))
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    pred = train.predict(model, np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
    classes = int(max(y.max(), pred.max())) + 1
    cmap = ListedColormap(list(COLORS[:classes]))  # a list: matplotlib 3.8.0 reads a pair as (colour, alpha)
    ax.contourf(gx, gy, pred, levels=np.arange(classes + 1) - 0.5, cmap=cmap, alpha=0.25)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=cmap, vmin=-0.5, vmax=classes - 0.5, s=12,
               edgecolors="white", linewidths=0.4)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


_CURVES = (("one-sided", np.float64, "-"), ("central", np.float64, "-"), ("central", np.float32, "--"))
"""The error curves of ``draw_difference_errors``: (difference, dtype, line style)."""


def _curve_errors(hs) -> list[np.ndarray]:
    """The relative error of each curve of ``_CURVES`` for d/dx eˣ at x = 1, per step in ``hs``."""
    errors = {dtype: gradcheck.difference_errors(np.exp, 1.0, np.e, hs, dtype=dtype)
              for dtype in (np.float64, np.float32)}
    return [np.maximum(errors[dtype][name], 1e-17) for name, dtype, _ in _CURVES]  # 0 has no log


def draw_difference_errors(ax, *, h: float = 1e-5) -> Live:
    """The error of numerical derivatives against the step h, log–log: the V of truncation and rounding.

    For d/dx eˣ at x = 1 (``gradcheck.difference_errors``): the one-sided and the central
    difference in float64, and the central one in float32. Right of each V's bottom the
    truncation error falls as h (one-sided, slope 1) or h² (central, slope 2); left of it the
    rounding error of f grows as 1/h. A new ``h`` moves the markers, the line and the errors read out in the
    legend (``Live``); the axes cover h from 1e-13 to 1.
    """
    h = _checks.number(h, "h", low=1e-13, high=1)
    hs = np.logspace(-13, 0, 131)
    for (name, dtype, style), error, color in zip(_CURVES, _curve_errors(hs), COLORS, strict=False):
        ax.loglog(hs, error, style, color=color, lw=1.5, label=f"{name}, {np.dtype(dtype).name}")
    ax.set_ylim(1e-13, 10)
    ax.set_xlim(1e-13, 1)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(power_label)
    ax.set_xlabel("step h")
    ax.set_ylabel("relative error of the derivative")
    ax.set_title("Numerical derivative of $e^x$ at $x = 1$: error against the step")
    legend = ax.legend(loc="lower left", fontsize=9, title=" ", title_fontsize=9, frameon=True,
                       framealpha=0.9, edgecolor="none")  # opaque: the line at h passes behind it
    line = ax.axvline(h, color="0.4", lw=1, ls=":")
    markers = [ax.plot([], [], "o", color=color, ms=7)[0] for color in COLORS[:len(_CURVES)]]

    def update(*, h: float) -> bool:
        line.set_xdata([h, h])
        errors = _curve_errors(np.array([h]))
        for marker, error in zip(markers, errors, strict=True):
            marker.set_data([h], error)
        legend.get_title().set_text(f"relative error at h = {h:.1e}")
        for label, (name, dtype, _), error in zip(legend.get_texts(), _CURVES, errors, strict=True):
            label.set_text(f"{name}, {np.dtype(dtype).name}: {error[0]:.1e}")
        return True

    update(h=h)
    return Live(update, [line, *markers, legend])
