"""Drawing functions for notebook 08 dropout."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import PowerNorm

from .. import _checks
from ..layers import Dropout
from .base import COLORS, Live

__all__ = ["draw_dropout_mask", "draw_dropout_gap"]


def draw_dropout_mask(ax, *, keep_prob: float = 0.5, seed: int = 0, shape=(8, 16)) -> Live:
    """One dropout mask applied to a layer of activations that are all 1, one cell per unit.

    Dropped units are 0 (black), kept ones are 1/keep_prob (brighter for a smaller keep_prob, on a
    fixed colour scale from 0 to 10, the value at keep_prob = 0.1); the title gives the
    value of a kept unit, the fraction kept and the mean activation, which stays near 1 for every
    keep_prob. keep_prob and seed change the image and the title on kept axes (``Live``).
    """
    drawn_shape = shape
    rows, columns = shape
    # one quad per unit: a mesh of 128 cells blits faster than an image resampled to the screen
    image = ax.pcolormesh(np.arange(columns + 1), np.arange(rows + 1), np.zeros(shape),
                          cmap="magma", norm=PowerNorm(0.4, vmin=0, vmax=10))
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="activation after dropout")
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
    if baseline is not None:
        base_line.set_data(np.arange(1, baseline.epochs + 1), baseline.val_loss)
    ax_curves.update_datalim([(1, 0), (longest, 0)])
    ax_curves.autoscale_view()
    ax_curves.set_xlabel("epoch")
    ax_curves.set_ylabel("cross-entropy loss")
    top = max(max(h.val_loss[-1], h.train_loss[-1]) for h in histories.values())
    ax_curves.set_ylim(0, max(2.5, 1.05 * top))
    ax_curves.set_title("loss during training")
    legend = ax_curves.legend(handles=[val_line, train_line, base_line],
                              labels=["val loss", "train loss", "val loss, no dropout"],
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
        base_line.set_visible(shows_baseline)
        texts, handles = legend.get_texts(), legend.legend_handles
        texts[0].set_text(f"val loss, keep {keep_prob:g}")
        texts[1].set_text(f"train loss (masks on), keep {keep_prob:g}")
        texts[2].set_text("val loss, no dropout" if shows_baseline else "")  # an empty last row
        handles[2].set_visible(shows_baseline)
        mark.set_xdata([keep_prob, keep_prob])
        gap = train_acc[keep_prob] - val_acc[keep_prob]
        ax_gap.set_title(f"keep_prob = {keep_prob:g}: gap {gap:.3f}, val acc {val_acc[keep_prob]:.3f}")
        return True

    update(keep_prob=keep_prob)
    return Live(update, [base_line, val_line, train_line, legend, mark, ax_gap.title])
