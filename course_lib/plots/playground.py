"""Drawing functions for notebook 11: the playground's decision regions and loss curves, and the
digits classifier's confusion matrix and mistakes."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import MaxNLocator

from .. import _checks
from ..playground import State, class_probabilities
from .base import COLORS, Live

__all__ = ["draw_decision_regions", "draw_playground", "draw_confusion_matrix", "draw_digits"]


def _limits(X: np.ndarray, margin: float = 0.3) -> tuple[tuple[float, float], tuple[float, float]]:
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def _region_colors(model, xlim, ylim, resolution: int, colors: np.ndarray) -> np.ndarray:
    """The RGB picture of the regions: each class's colour, paler where the model is less sure."""
    probabilities = class_probabilities(model, xlim, ylim, resolution)
    k = probabilities.shape[-1]
    confidence = (probabilities.max(axis=-1, keepdims=True) - 1 / k) * k / (k - 1)
    return 1 - 0.55 * confidence * (1 - colors[probabilities.argmax(axis=-1)])


def draw_decision_regions(ax, model, X, y, *, X_val=None, y_val=None, resolution: int = 80,
                          title: str = "decision regions") -> Live:
    """Colour each point of the plane by the class the network predicts there, paler where it is
    less sure (white at chance), and draw the training points (filled) and validation points
    (open circles) in their class colours.

    Another model or other points (with a validation set if there was one) move the picture, the
    points and the title on the kept axes (``Live``); points of another extent also set the axes'
    limits, after which the figure must be rendered again rather than blitted."""
    colors = np.array([to_rgb(c) for c in COLORS])
    everything = X if X_val is None else np.vstack([X, X_val])
    xlim, ylim = _limits(_checks.float_array(everything, "X", ndim=2, shape="(N, 2)"))
    image = ax.imshow(np.ones((2, 2, 3)), origin="lower", extent=(*xlim, *ylim), aspect="auto",
                      interpolation="bilinear")
    train = ax.scatter([], [], s=14, edgecolors="white", linewidths=0.5, label="train")
    validation = None if X_val is None else ax.scatter(
        [], [], facecolors="none", s=14, linewidths=0.8, label="validation")
    ax.set(xlim=xlim, ylim=ylim, xlabel="$x_1$", ylabel="$x_2$")
    ax.grid(False)

    def update(*, model, X, y, X_val=None, y_val=None, resolution: int = resolution,
               title: str = title) -> bool:
        X = _checks.float_array(X, "X", ndim=2, shape="(N, 2)")
        y = _checks.labels(y, "y", n=X.shape[0])
        if (X_val is None) != (validation is None):
            return False
        xlim, ylim = _limits(X if X_val is None else np.vstack([X, X_val]))
        ax.set(xlim=xlim, ylim=ylim)
        image.set_extent((*xlim, *ylim))
        image.set_data(_region_colors(model, xlim, ylim, resolution, colors))
        train.set_offsets(X)
        train.set_facecolors(colors[y])
        if validation is not None:
            y_val = _checks.labels(y_val, "y_val", n=len(X_val))
            validation.set_offsets(X_val)
            validation.set_edgecolors(colors[y_val])
        ax.set_title(title)
        return True

    update(model=model, X=X, y=y, X_val=X_val, y_val=y_val)
    # the picture fills the axes: its visible spines are drawn again over it
    spines = [spine for spine in ax.spines.values() if spine.get_visible()]
    return Live(update, [image, train, *([validation] if validation else []), *spines, ax.title])


def draw_playground(axes, state: State, *, max_epochs: int | None = None) -> Live:
    """The playground's two panels: decision regions with the data, and the train / validation
    loss per epoch so far.

    The loss axis reaches epoch ``max_epochs`` (at least the epochs trained and 10) and 10 %
    above the first epoch's losses (or 1). Another state moves the regions, the points and the
    curves on the kept axes (``Live``); when that changes an axis's limits (other data, a
    longer run, a new run's first epoch), the figure must be rendered again rather than blitted
    (``widgets.Playground`` compares the limits).
    """
    if not isinstance(state, State):
        raise TypeError(f"state must be a playground.State, got {type(state).__name__}")
    ax_regions, ax_loss = axes
    regions = draw_decision_regions(ax_regions, state.model, state.X_train, state.y_train,
                                    X_val=state.X_val, y_val=state.y_val)
    _checks.integer(max_epochs or 0, "max_epochs", low=0)
    train_line, = ax_loss.plot([], [], color=COLORS[0], label="train")
    val_line, = ax_loss.plot([], [], color=COLORS[1], label="validation")
    ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_loss.set(xlabel="epoch", ylabel="loss", title="loss")
    ax_loss.legend(loc="upper right")

    def update(*, state: State, max_epochs: int | None = max_epochs) -> bool:
        history = state.history
        accuracy = f", val acc {history.val_acc[-1]:.3g}" if history.epochs else ""
        if not regions.update(model=state.model, X=state.X_train, y=state.y_train,
                              X_val=state.X_val, y_val=state.y_val,
                              title=f"{state.config.dataset}, epoch {history.epochs}{accuracy}"):
            return False
        epochs = np.arange(1, history.epochs + 1)
        train_line.set_data(epochs, history.train_loss)
        val_line.set_data(epochs, history.val_loss)
        ax_loss.set(xlim=(0, max(history.epochs, 10, max_epochs or 0)),
                    ylim=(0, max([1.0, *history.train_loss[:1], *history.val_loss[:1]]) * 1.1))
        return True

    update(state=state)
    return Live(update, [*regions.artists, train_line, val_line])


def draw_confusion_matrix(ax, y_true, y_pred, *, num_classes: int | None = None) -> None:
    """Counts of (true class, predicted class) pairs; the diagonal holds the correct ones.

    scikit-learn: ``sklearn.metrics.confusion_matrix`` (rows are true classes, as here).
    """
    y_true = _checks.labels(y_true, "y_true")
    y_pred = _checks.labels(y_pred, "y_pred", n=len(y_true))
    k = num_classes or int(max(y_true.max(), y_pred.max())) + 1
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    ax.imshow(counts, cmap="Blues")
    for (i, j), count in np.ndenumerate(counts):
        if count:
            ax.text(j, i, str(count), ha="center", va="center", fontsize=8,
                    color="white" if count > counts.max() / 2 else "black")
    ax.set(xticks=range(k), yticks=range(k), xlabel="predicted class", ylabel="true class",
           title=f"confusion matrix ({int(np.trace(counts))} of {len(y_true)} right)")
    ax.grid(False)


def draw_digits(axes, images, titles) -> None:
    """One 8×8 digit per axes (``images`` of shape (n, 64) or (n, 8, 8)), with its title; spare
    axes are switched off."""
    images = _checks.float_array(images, "images", ndim=(2, 3))
    axes = np.ravel(axes)
    if len(images) != len(titles) or len(images) > len(axes):
        raise ValueError(f"images and titles must have the same length, at most {len(axes)} "
                         f"(the number of axes), got {len(images)} and {len(titles)}")
    for ax, image, title in zip(axes, images, titles, strict=False):
        ax.imshow(image.reshape(8, 8), cmap="gray_r")
        ax.set_title(title, fontsize=8)
    for ax in axes:
        ax.set_axis_off()
