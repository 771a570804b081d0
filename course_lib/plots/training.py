"""Drawing functions for notebook 10 (mini-batches and epochs).

``draw_batch_sizes`` compares batch, stochastic and mini-batch gradient descent from the runs of
``experiments.digits_curve``; ``draw_histories`` draws any ``train.History`` curves.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import _checks
from ..experiments import EPOCHS, LR, SUBSET, digits_curve
from .base import COLORS

__all__ = ["draw_batch_sizes", "draw_histories"]


def draw_batch_sizes(axes, *, batch_size: int = 32, epochs: int = EPOCHS, lr: float = LR) -> None:
    """Batch GD (B = N), SGD (B = 1) and mini-batch GD (B = ``batch_size``) on 300 digits.

    Left: training loss against epochs (examples seen / N), the cost in computation. Right: the
    same loss against the number of updates (log scale), the cost in steps. Runs are seeded
    and cached, so moving a slider back is instant.
    """
    ax_epochs, ax_updates = axes
    batch_size = _checks.integer(batch_size, "batch_size", low=1, high=SUBSET)
    runs = [(f"batch GD (B = {SUBSET})", SUBSET, COLORS[0]), ("SGD (B = 1)", 1, COLORS[1]),
            (f"mini-batch (B = {batch_size})", batch_size, COLORS[2])]
    for label, size, color in runs:
        seen, updates, loss = digits_curve(size, epochs, lr)
        ax_epochs.plot(seen / SUBSET, loss, color=color, label=label)
        ax_updates.plot(updates + 1, loss, color=color, label=label)
    ax_epochs.set(xlabel="epochs (examples seen / N)", ylabel="training loss",
                  title="Loss per unit of computation")
    ax_updates.set(xscale="log", xlabel="updates + 1 (log scale)", ylabel="training loss",
                   title="Loss per parameter update")
    for ax in axes:
        ax.set_ylim(0, None)
    ax_epochs.legend(loc="upper right", fontsize=8)


def draw_histories(ax, histories: dict, *, metric: str = "train_loss",
                   title: str | None = None) -> None:
    """One curve per ``train.History`` in ``histories`` (label → history): ``metric`` per epoch.

    ``metric`` is a list attribute of ``History``: ``train_loss``, ``val_loss``, ``train_acc``,
    ``val_acc`` or ``lr``. Epochs are numbered from 1.
    """
    metric = _checks.choice(metric, "metric", ("train_loss", "val_loss", "train_acc", "val_acc", "lr"))
    for i, (label, history) in enumerate(histories.items()):
        values = getattr(history, metric)
        ax.plot(np.arange(1, len(values) + 1), values, color=COLORS[i % len(COLORS)], label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="epoch", ylabel=metric.replace("_", " "), title=title or metric.replace("_", " "))
    ax.legend(fontsize=8)
