"""Drawing functions for notebook 10 (mini-batches and epochs).

``draw_batch_sizes`` compares batch, stochastic and mini-batch gradient descent from the runs of
``experiments.digits_curve``; ``draw_histories`` draws any ``train.History`` curves.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import _checks
from ..experiments import EPOCHS, LR, SUBSET, digits_curve
from .base import COLORS, Live

__all__ = ["draw_batch_sizes", "draw_histories"]


def draw_batch_sizes(axes, *, batch_size: int = 32, epochs: int = EPOCHS, lr: float = LR) -> Live:
    """Batch GD (B = N), SGD (B = 1) and mini-batch GD (B = ``batch_size``) on 300 digits.

    Left: training loss against epochs (examples seen / N), the cost in computation. Right: the
    same loss against the number of updates (log scale), the cost in steps. Batch GD is dashed,
    with a dot per update, so it shows where it lies on the mini-batch curve; each panel has
    its legend; SGD's loss is drawn after every update (``digits_curve``). Runs are seeded
    and cached, so moving a slider back is instant. The loss axis shows 0 to 2.5 (the start is
    ln 10 ≈ 2.3; an unstable run leaves the top), so another batch size or learning rate moves
    the curves, the legend and the title on fixed axes (``Live``).
    """
    ax_epochs, ax_updates = axes
    batch_size = _checks.integer(batch_size, "batch_size", low=1, high=SUBSET)
    drawn_epochs = _checks.integer(epochs, "epochs", low=1)
    colors = (COLORS[0], COLORS[1], COLORS[2])
    # batch GD is drawn last, dashed and with a dot per update, so that it stays visible where
    # it lies on the mini-batch curve (per update, the two are nearly equally good)
    styles = ({"ls": "--", "marker": "o", "ms": 4, "zorder": 3}, {"lw": 1}, {})
    by_epoch, by_update = ([ax.plot([], [], color=color, **style)[0]
                            for color, style in zip(colors, styles, strict=True)] for ax in axes)
    ax_epochs.set(xlabel="epochs (examples seen / N)", ylabel="training loss",
                  xlim=(0, drawn_epochs))
    ax_updates.set(xscale="log", xlabel="updates + 1 (log scale)", ylabel="training loss",
                   title="Loss per parameter update",
                   xlim=(0.8, 1.25 * (drawn_epochs * SUBSET + 1)))
    for ax in axes:
        ax.set_ylim(0, 2.5)
    labels = [f"batch GD (B = {SUBSET})", "SGD (B = 1)", f"mini-batch (B = {batch_size})"]
    legends = [ax.legend(lines, labels, loc=where, fontsize=8)
               for ax, lines, where in ((ax_epochs, by_epoch, "center right"),
                                        (ax_updates, by_update, "lower left"))]

    def update(*, batch_size: int, lr: float, epochs: int = drawn_epochs) -> bool:
        if epochs != drawn_epochs:
            return False
        for size, on_epochs, on_updates in zip((SUBSET, 1, batch_size), by_epoch, by_update,
                                               strict=True):
            seen, updates, loss = digits_curve(size, epochs, lr)
            on_epochs.set_data(seen / SUBSET, loss)
            on_updates.set_data(updates + 1, loss)
        for legend in legends:
            legend.get_texts()[2].set_text(f"mini-batch (B = {batch_size})")
        ax_epochs.set_title(f"Loss per unit of computation, lr = {lr:g}")
        return True

    update(batch_size=batch_size, lr=lr)
    return Live(update, [*by_epoch, *by_update, *legends, ax_epochs.title])


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
