"""Drawing functions for notebook 08 dropout."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import PowerNorm

from .. import _checks
from ..layers import Dropout
from .base import COLORS

__all__ = ["draw_dropout_mask", "draw_dropout_gap"]


def draw_dropout_mask(ax, *, keep_prob: float = 0.5, seed: int = 0, shape=(8, 16)) -> None:
    """One dropout mask applied to a layer of activations that are all 1, as an image.

    Dropped units are 0 (black), kept ones are 1/keep_prob (brighter for a smaller keep_prob, on a
    fixed colour scale from 0 to 10, the value at keep_prob = 0.1); the title gives the
    fraction kept and the mean activation, which stays near 1 for every keep_prob.
    """
    layer = Dropout(keep_prob, rng=_checks.integer(seed, "seed", low=0))
    out = layer.forward(np.ones(shape))
    image = ax.imshow(out, cmap="magma", norm=PowerNorm(0.4, vmin=0, vmax=10),
                      interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="activation after dropout")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(f"{out.size} units, all 1 before; kept ones hold "
                  f"1/keep_prob = {1 / layer.keep_prob:.3g}")
    ax.set_title(f"keep_prob = {layer.keep_prob:.2f}: {np.mean(out != 0):.0%} kept, "
                 f"mean activation {out.mean():.3f}")
    ax.figure.set_layout_engine("constrained")


def draw_dropout_gap(axes, *, keep_prob: float, histories: dict, train_acc: dict,
                     val_acc: dict) -> None:
    """Training with several keep_prob values: curves of one run, and the train/val gap of all.

    ``histories`` maps each keep_prob to the ``train.History`` of its run; ``train_acc`` and
    ``val_acc`` map it to the final accuracy in evaluation mode on the training slice and on
    the validation set. Left: the validation loss by epoch of the chosen run against the run
    without dropout (keep_prob = 1). Right: final train and validation accuracy against
    keep_prob, the gap between them shaded, the chosen keep_prob marked.
    """
    ax_curves, ax_gap = axes
    if keep_prob not in histories:
        raise ValueError(f"keep_prob must be one of {sorted(histories)}, got {keep_prob!r}")
    chosen, baseline = histories[keep_prob], histories.get(1.0)
    epochs = np.arange(1, chosen.epochs + 1)
    if baseline is not None and keep_prob != 1.0:
        ax_curves.plot(epochs, baseline.val_loss, color="gray", linestyle="--",
                       label="val loss, no dropout")
    ax_curves.plot(epochs, chosen.val_loss, color=COLORS[1], label=f"val loss, keep {keep_prob:g}")
    ax_curves.plot(epochs, chosen.train_loss, color=COLORS[0],
                   label=f"train loss (masks on), keep {keep_prob:g}")
    ax_curves.set_xlabel("epoch")
    ax_curves.set_ylabel("cross-entropy loss")
    ax_curves.set_ylim(0, max(2.5, 1.05 * max(chosen.val_loss[-1], chosen.train_loss[-1])))
    ax_curves.set_title("loss during training")
    ax_curves.legend(loc="upper right", fontsize=8)

    probs = sorted(histories)
    train = np.array([train_acc[p] for p in probs])
    val = np.array([val_acc[p] for p in probs])
    ax_gap.plot(probs, train, "o-", color=COLORS[0], label="train accuracy")
    ax_gap.plot(probs, val, "o-", color=COLORS[1], label="validation accuracy")
    ax_gap.fill_between(probs, val, train, color="gray", alpha=0.2, label="gap")
    ax_gap.axvline(keep_prob, color="black", linewidth=1)
    gap = train_acc[keep_prob] - val_acc[keep_prob]
    ax_gap.set_xlabel("keep_prob")
    ax_gap.set_ylabel("accuracy (evaluation mode)")
    ax_gap.set_ylim(0.5, 1.02)
    ax_gap.set_title(f"keep_prob = {keep_prob:g}: gap {gap:.3f}, val acc {val_acc[keep_prob]:.3f}")
    ax_gap.legend(loc="lower right", fontsize=8)
