"""Drawing functions for notebook 08 dropout."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.colors import LogNorm
from mpl_toolkits.axes_grid1 import make_axes_locatable

from .. import _checks
from ..layers import Dropout
from .base import COLORS, Live

DROPPED = "0.85"
"""The colour of a dropped unit, in the mask and in the thinned network."""

__all__ = ["draw_dropout_mask", "draw_dropout_gap", "draw_thinned_network"]


def draw_dropout_mask(ax, *, keep_prob: float = 0.5, seed: int = 0, shape=(8, 16)) -> Live:
    """One dropout mask applied to a layer of activations that are all 1, one cell per unit.

    Dropped units are 0 (light grey); kept ones hold 1/keep_prob, coloured on a fixed log scale
    from 1 (keep_prob = 1) to 10 (keep_prob = 0.1), the colour bar right beside the units. The
    title gives the value of a kept unit, the fraction kept and the mean activation, which stays
    near 1 for every keep_prob. keep_prob and seed change the image and the title on kept axes
    (``Live``).
    """
    drawn_shape = shape
    rows, columns = shape
    # one quad per unit: a mesh of 128 cells blits faster than an image resampled to the screen;
    # a dropped unit (0) lies outside the log scale and takes the "under" colour
    cmap = mpl.colormaps["viridis"].with_extremes(under=DROPPED, bad=DROPPED)
    image = ax.pcolormesh(np.arange(columns + 1), np.arange(rows + 1), np.zeros(shape),
                          cmap=cmap, norm=LogNorm(vmin=1, vmax=10), edgecolors="white",
                          linewidth=0.5)
    # a colour bar beside the units, as tall as they are (the axes keep their aspect)
    bar_ax = make_axes_locatable(ax).append_axes("right", size="4%", pad=0.1)
    bar = ax.figure.colorbar(image, cax=bar_ax, extend="min", extendfrac=0.12,
                             label="kept unit: 1/keep_prob\n(grey: dropped, 0)")
    bar.set_ticks([1, 2, 5, 10], labels=["1", "2", "5", "10"])
    bar.minorticks_off()
    ax.set_aspect("equal")
    ax.invert_yaxis()  # row 0 on top, as an image
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(f"{np.prod(shape)} units, all 1 before dropout")

    def update(*, keep_prob: float, seed: int, shape=drawn_shape) -> bool:
        if shape != drawn_shape:
            return False
        layer = Dropout(keep_prob, rng=_checks.integer(seed, "seed", low=0))
        out = layer.forward(np.ones(shape))
        image.set_array(out)
        ax.set_title(f"keep_prob = {layer.keep_prob:.2f}: kept ones hold 1/keep_prob = "
                     f"{1 / layer.keep_prob:.3g}\n{np.mean(out != 0):.0%} kept, "
                     f"mean activation {out.mean():.3f}")
        return True

    update(keep_prob=keep_prob, seed=seed)
    return Live(update, [image, ax.title])


def draw_dropout_gap(axes, *, keep_prob: float, histories: dict, train_acc: dict,
                     val_acc: dict) -> Live:
    """Training with several keep_prob values: curves of one run, and the train/val gap of all.

    ``histories`` maps each keep_prob to the ``train.History`` of its run; ``train_acc`` and
    ``val_acc`` map it to the final accuracy in evaluation mode on the training slice and on
    the validation set. Left: the validation loss by epoch of the chosen run against the run
    without dropout (keep_prob = 1, hidden when it is the chosen run), on axes that fit every
    run. Right: final train and validation accuracy against keep_prob, the gap between them
    shaded, the chosen keep_prob marked. Choosing another trained keep_prob moves the curves,
    the legend's texts, the mark and the titles on kept axes (``Live``).
    """
    _checks.choice(keep_prob, "keep_prob", histories)
    ax_curves, ax_gap = axes
    runs = (histories, train_acc, val_acc)
    baseline = histories.get(1.0)
    longest = max(history.epochs for history in histories.values())
    val_line, = ax_curves.plot([], [], color=COLORS[1])
    train_line, = ax_curves.plot([], [], color=COLORS[0])
    base_line, = ax_curves.plot([], [], color="gray", linestyle="--")
    base_train, = ax_curves.plot([], [], color="gray", linestyle=":")
    if baseline is not None:
        base_epochs = np.arange(1, baseline.epochs + 1)
        base_line.set_data(base_epochs, baseline.val_loss)
        base_train.set_data(base_epochs, baseline.train_loss)
    ax_curves.update_datalim([(1, 0), (longest, 0)])
    ax_curves.autoscale_view()
    ax_curves.set_xlabel("epoch")
    ax_curves.set_ylabel("cross-entropy loss")
    top = max(max(h.val_loss[-1], h.train_loss[-1]) for h in histories.values())
    ax_curves.set_ylim(0, max(2.5, 1.05 * top))
    ax_curves.set_title("loss during training")
    legend = ax_curves.legend(handles=[val_line, train_line, base_line, base_train],
                              labels=["val loss", "train loss", "val loss, no dropout",
                                      "train loss, no dropout"],
                              loc="upper right", fontsize=8)

    probs = sorted(histories)
    train = np.array([train_acc[p] for p in probs])
    val = np.array([val_acc[p] for p in probs])
    ax_gap.plot(probs, train, "o-", color=COLORS[0], label="train accuracy")
    ax_gap.plot(probs, val, "o-", color=COLORS[1], label="validation accuracy")
    ax_gap.fill_between(probs, val, train, color="gray", alpha=0.2, label="gap")
    mark = ax_gap.axvline(keep_prob, color="black", linewidth=1)
    ax_gap.set_xlabel("keep_prob")
    ax_gap.set_ylabel("accuracy (evaluation mode)")
    ax_gap.set_ylim(0.5, 1.02)
    ax_gap.legend(loc="lower right", fontsize=8)

    def update(*, keep_prob: float, histories: dict = histories, train_acc: dict = train_acc,
               val_acc: dict = val_acc) -> bool:
        if any(new is not old for new, old in zip((histories, train_acc, val_acc), runs, strict=True)):
            return False
        chosen = histories[_checks.choice(keep_prob, "keep_prob", histories)]
        epochs = np.arange(1, chosen.epochs + 1)
        val_line.set_data(epochs, chosen.val_loss)
        train_line.set_data(epochs, chosen.train_loss)
        shows_baseline = baseline is not None and keep_prob != 1.0
        texts, handles = legend.get_texts(), legend.legend_handles
        texts[0].set_text(f"val loss, keep {keep_prob:g}")
        masks = " (masks on)" if keep_prob != 1.0 else ""
        texts[1].set_text(f"train loss{masks}, keep {keep_prob:g}")
        for k, (line, text) in enumerate(((base_line, "val loss, no dropout"),
                                          (base_train, "train loss, no dropout")), start=2):
            line.set_visible(shows_baseline)
            texts[k].set_text(text if shows_baseline else "")  # empty last rows
            handles[k].set_visible(shows_baseline)
        mark.set_xdata([keep_prob, keep_prob])
        gap = train_acc[keep_prob] - val_acc[keep_prob]
        ax_gap.set_title(f"keep_prob = {keep_prob:g}: gap {gap:.3f}, val acc {val_acc[keep_prob]:.3f}")
        return True

    update(keep_prob=keep_prob)
    return Live(update, [base_line, base_train, val_line, train_line, legend, mark, ax_gap.title])


def draw_thinned_network(axes, *, sizes=(4, 6, 6, 3), keep_prob: float = 0.5, seed: int = 0) -> None:
    """A small fully connected network as nodes and links, whole and thinned by one dropout mask.

    ``sizes`` are the units per layer, input first. Left: every unit and connection. Right: the
    hidden units that ``layers.Dropout(keep_prob, rng=seed)`` drops are grey and crossed out, and
    every connection into or out of them is gone; what is left is the thinned network that this
    training step trains. Inputs and outputs are never dropped here (dropout on the hidden layers).
    """
    sizes = [_checks.integer(n, "sizes", low=1) for n in sizes]
    if len(sizes) < 3:
        raise ValueError(f"sizes must give at least 3 layers (input, hidden, output), got {sizes}")
    mask_layer = Dropout(keep_prob, rng=_checks.integer(seed, "seed", low=0))
    kept = [np.ones(sizes[0], bool),
            *(mask_layer.forward(np.ones(n)) > 0 for n in sizes[1:-1]),
            np.ones(sizes[-1], bool)]
    top = max(sizes)
    positions = [np.column_stack([np.full(n, layer), (top - 1) / 2 - np.arange(n) + (n - 1) / 2])
                 for layer, n in enumerate(sizes)]
    ax_full, ax_thin = axes
    for ax, thinned in ((ax_full, False), (ax_thin, True)):
        for layer in range(len(sizes) - 1):
            for i, start in enumerate(positions[layer]):
                for j, end in enumerate(positions[layer + 1]):
                    alive = not thinned or (kept[layer][i] and kept[layer + 1][j])
                    if alive:
                        ax.plot(*np.column_stack([start, end]), color="0.35", linewidth=0.8, zorder=1)
        for layer, xy in enumerate(positions):
            on = kept[layer] if thinned else np.ones(len(xy), bool)
            colour = COLORS[0] if 0 < layer < len(sizes) - 1 else COLORS[2]
            ax.scatter(*xy[on].T, s=260, color=colour, edgecolors="black", zorder=2)
            ax.scatter(*xy[~on].T, s=260, color=DROPPED, edgecolors="0.6", zorder=2)
            ax.scatter(*xy[~on].T, s=140, marker="x", color="0.45", linewidths=2, zorder=3)
        ax.set_xticks(range(len(sizes)), ["input", *["hidden"] * (len(sizes) - 2), "output"])
        ax.set_yticks([])
        ax.grid(False)
        ax.set_xlim(-0.4, len(sizes) - 0.6)
        ax.set_ylim(-0.8, top - 0.2)
        ax.set_xlabel("layer")
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
    hidden = sum(sizes[1:-1])
    dropped = hidden - sum(int(k.sum()) for k in kept[1:-1])
    ax_full.set_title(f"the full network: {hidden} hidden units")
    ax_thin.set_title(f"one training step, keep_prob = {keep_prob:g}:\n"
                      f"{dropped} of {hidden} hidden units dropped, with their links")
