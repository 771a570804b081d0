"""Drawing functions for notebook 10 (mini-batches and epochs), and the runs they draw.

``loss_curve`` trains softmax regression with a given batch size and records the loss on the
whole training set as it goes; ``draw_batch_sizes`` compares batch, stochastic and mini-batch
gradient descent from those curves; ``draw_histories`` draws any ``train.History`` curves.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import _checks, data, layers, losses, optim, train
from .base import COLORS

__all__ = ["loss_curve", "digits_curve", "draw_batch_sizes", "draw_histories"]

SUBSET = 300
"""Training examples of the digits used by ``draw_batch_sizes`` (small, so a redraw is fast)."""
EPOCHS, LR = 5, 0.05


def loss_curve(X, y, batch_size: int, *, epochs: int = 5, lr: float = 0.05, every: int = 30,
               shuffle: bool = True, rng=0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train softmax regression (one ``Linear`` layer, weights N(0, 0.01²)) by mini-batch SGD.

    Returns ``(examples_seen, updates, loss)``: after about every ``every`` examples (and at
    each epoch's end) the number of examples processed so far, the number of gradient steps
    taken, and the mean softmax loss on all of ``(X, y)``. The first point is the start.
    ``shuffle=False`` visits the rows in their stored order every epoch.
    """
    X = _checks.float_array(X, "X", ndim=2, shape="(N, D)")
    y = _checks.labels(y, "y", n=X.shape[0])
    batch_size = _checks.integer(batch_size, "batch_size", low=1)
    every = _checks.integer(every, "every", low=1)
    epochs = _checks.integer(epochs, "epochs", low=1)
    rng = _checks.rng(rng)
    model = layers.Linear(X.shape[1], int(y.max()) + 1, init="normal", rng=rng)
    sgd = optim.SGD(lr)
    seen, updates, loss = [0], [0], [losses.softmax_loss(model.forward(X), y)[0]]
    n, steps, next_record = 0, 0, every
    for epoch in range(1, epochs + 1):
        for Xb, yb in data.minibatches(X, y, batch_size, shuffle=shuffle, rng=rng):
            train.step(model, losses.softmax_loss, sgd, Xb, yb)
            n, steps = n + len(yb), steps + 1
            if n >= next_record or n == epoch * len(y):
                seen.append(n)
                updates.append(steps)
                loss.append(losses.softmax_loss(model.forward(X), y)[0])
                next_record = n + every
    return np.array(seen), np.array(updates), np.array(loss)


@functools.lru_cache(maxsize=64)
def digits_curve(batch_size: int, epochs: int = EPOCHS, lr: float = LR) -> tuple[np.ndarray, ...]:
    """``loss_curve`` on the first ``SUBSET`` training digits (seed 0), remembered per arguments."""
    digits = data.load_digits()
    return loss_curve(digits.X_train[:SUBSET], digits.y_train[:SUBSET], batch_size,
                      epochs=epochs, lr=lr, every=SUBSET // 20, rng=0)


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
