"""Drawing functions for notebook 03 back-propagation: the guessing game, graphs, boundaries."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap

from .. import _checks, guessing, train
from ..autograd import Value
from .base import COLORS

__all__ = ["draw_guess", "draw_guessing_race", "draw_graph", "draw_decision_boundary"]


def draw_guess(ax, *, guess: int, game: guessing.Game) -> None:
    """One turn of the game: the guess on the number line, B's answer, and the part it rules out.

    The hidden number is not drawn; the grey band is where it cannot be after this answer.
    """
    if not isinstance(game, guessing.Game):
        raise TypeError(f"game must be a guessing.Game, got {type(game).__name__}")
    answer = game.answer(guess)
    ax.set_xlim(game.low - 0.5, game.high + 0.5)
    ax.set_ylim(-1, 1)
    ax.axhline(0, color="0.3", lw=1)
    if answer == "too big":
        ax.axvspan(guess - 0.5, game.high + 0.5, color="0.85", label="ruled out")
        ax.annotate("", xy=(guess - 0.12 * (game.high - game.low), 0.35), xytext=(guess, 0.35),
                    arrowprops={"arrowstyle": "->", "color": COLORS[1], "lw": 2})
    elif answer == "too small":
        ax.axvspan(game.low - 0.5, guess + 0.5, color="0.85", label="ruled out")
        ax.annotate("", xy=(guess + 0.12 * (game.high - game.low), 0.35), xytext=(guess, 0.35),
                    arrowprops={"arrowstyle": "->", "color": COLORS[1], "lw": 2})
    color = COLORS[2] if answer == "right" else COLORS[1]
    ax.plot([guess], [0], "v", ms=14, color=color)
    where = (guess - game.low) / max(game.high - game.low, 1)  # 0 at the left end, 1 at the right
    align = "left" if where < 0.2 else "right" if where > 0.8 else "center"  # stays inside the axes
    ax.text(guess, -0.45, f"{guess}: {answer}", ha=align, fontsize=12, color=color)
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("guess")
    ax.set_title(f"Guess the number in [{game.low}, {game.high}]")


def draw_guessing_race(ax, *, lr: float = 0.5, game: guessing.Game | None = None,
                       start: float | None = None) -> None:
    """Guess against turn for bisection ("too big / too small") and gradient steps (lr·error)."""
    game = game or guessing.Game(1, 100, target=73)
    halving = guessing.bisection(game)
    steps = guessing.gradient_steps(game, lr=lr, start=start, max_guesses=30)
    ax.plot(range(1, len(halving) + 1), halving.guesses, "o-", color=COLORS[0],
            label=f"bisection: {len(halving)} guesses")
    result = f"{len(steps)} guesses" if steps.solved else "not solved"
    ax.plot(range(1, len(steps) + 1), steps.guesses, "s-", color=COLORS[3], ms=4,
            label=f"steps, lr = {lr:.3g}: {result}")
    ax.axhline(game.target, color="0.4", ls="--", lw=1, label="hidden number")
    span = game.high - game.low
    ax.set_ylim(game.low - 0.6 * span, game.high + 0.6 * span)
    ax.set_xlim(0.5, 30.5)
    ax.set_xlabel("guess number")
    ax.set_ylabel("guess")
    ax.set_title("Two guessers: direction only vs direction and size")
    ax.legend(loc="lower right", fontsize=9)


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


def draw_graph(ax, root: Value, *, show_grad: bool = True) -> None:
    """The computational graph of ``root``: each node's name or operation, value and gradient.

    Inputs (leaves) are blue, computed nodes orange; arrows point forward. Call
    ``root.backward()`` first to show gradients.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be an autograd.Value, got {type(root).__name__}")
    position = _layout(root)
    nodes = root.topological_order()
    for node in nodes:
        x, y = position[id(node)]
        for parent in node.parents:
            px, py = position[id(parent)]
            ax.annotate("", xy=(x - 0.28, y), xytext=(px + 0.28, py),
                        arrowprops={"arrowstyle": "->", "color": "0.4", "lw": 1.2})
    for node in nodes:
        x, y = position[id(node)]
        name = " ".join(part for part in (node.label, f"[{node.op}]" if node.op else "") if part)
        text = f"{name}\nvalue {node.data:.4g}"
        if show_grad:
            text += f"\ngrad {node.grad:.4g}"
        face = "#dbe9f6" if not node.parents else "#fde3c8"
        ax.text(x, y, text, ha="center", va="center", fontsize=9,
                bbox={"boxstyle": "round", "facecolor": face, "edgecolor": "0.4"})
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_axis_off()


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
