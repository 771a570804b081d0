"""Drawing functions for notebook 11: the playground's decision regions and loss curves, and the
digits classifier's confusion matrix and mistakes."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps as plt_colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .. import _checks, layers
from ..playground import State, class_probabilities, inputs, unit_outputs
from .base import COLORS, Live

__all__ = ["draw_decision_regions", "draw_network", "draw_playground", "draw_confusion_matrix", "draw_digits"]


def _limits(X: np.ndarray, margin: float = 0.3) -> tuple[tuple[float, float], tuple[float, float]]:
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


VALUES = plt_colormaps["PuOr"]
"""The colours of a number: orange negative, white 0, purple positive (units, weights, a
regression's prediction); other colours than the classes'."""
_LABELS = {"x1": "$x_1$", "x2": "$x_2$", "x1^2": "$x_1^2$", "x2^2": "$x_2^2$", "x1*x2": "$x_1x_2$",
           "sin(x1)": "sin $x_1$", "sin(x2)": "sin $x_2$"}


def _region_colors(model, xlim, ylim, resolution: int, colors: np.ndarray, features,
                   discretize: bool) -> np.ndarray:
    """The RGB picture of the regions: each class's colour, paler where the model is less sure
    (full colour everywhere when ``discretize``)."""
    probabilities = class_probabilities(model, xlim, ylim, resolution, features=features)
    k = probabilities.shape[-1]
    confidence = 1.0 if discretize else (probabilities.max(axis=-1, keepdims=True) - 1 / k) * k / (k - 1)
    return 1 - 0.55 * confidence * (1 - colors[probabilities.argmax(axis=-1)])


def _value_colors(values: np.ndarray, scale: float) -> np.ndarray:
    return VALUES(0.5 + 0.5 * np.clip(values / scale, -1, 1))[..., :3]


def _prediction_colors(model, xlim, ylim, resolution: int, features, discretize: bool,
                       scale: float) -> np.ndarray:
    """The RGB picture of a regression: the prediction's colour (its sign only when ``discretize``)."""
    grid = np.stack(np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution)),
                    axis=-1).reshape(-1, 2)
    with layers.evaluation_mode(model):
        values = model.forward(inputs(grid, features)).reshape(resolution, resolution)
    return _value_colors(np.sign(values) * scale / 2 if discretize else values, scale)


def draw_decision_regions(ax, model, X, y, *, X_val=None, y_val=None, resolution: int = 80,
                          title: str = "decision regions", features=("x1", "x2"),
                          show_validation: bool = True, discretize: bool = False) -> Live:
    """Colour each point of the plane by the class the network predicts there, paler where it is
    less sure (white at chance; ``discretize``: full colour), and draw the training points
    (filled) and validation points (open circles) in their class colours; a legend above the
    axes says which is which. For a regression (float targets ``y`` of shape (N, 1)) the colour
    is the predicted number (orange negative, purple positive; its sign with ``discretize``) and the
    points are coloured by their targets. The network sees the ``features`` of each point.

    Another model or other points (with a validation set if there was one) move the picture, the
    points and the title on the kept axes (``Live``); points of another extent also set the axes'
    limits, after which the figure must be rendered again rather than blitted."""
    colors = np.array([to_rgb(c) for c in COLORS])
    everything = X if X_val is None else np.vstack([X, X_val])
    xlim, ylim = _limits(_checks.float_array(everything, "X", ndim=2, shape="(N, 2)"))
    image = ax.imshow(np.ones((2, 2, 3)), origin="lower", extent=(*xlim, *ylim), aspect="auto",
                      interpolation="bilinear")
    train = ax.scatter([], [], s=14, edgecolors="white", linewidths=0.5)
    validation = None if X_val is None else ax.scatter([], [], facecolors="none", s=14, linewidths=0.8)
    markers = [Line2D([], [], ls="", marker="o", color="0.4", markeredgecolor="white", label="train")]
    if validation is not None:
        markers.append(Line2D([], [], ls="", marker="o", color="0.4", markerfacecolor="none",
                              label="validation"))
    ax.legend(handles=markers, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8,
              borderaxespad=0.1, handletextpad=0.2)
    ax.set(xlim=xlim, ylim=ylim, xlabel="$x_1$", ylabel="$x_2$")
    ax.set_title(title, pad=18)
    ax.grid(False)

    def update(*, model, X, y, X_val=None, y_val=None, resolution: int = resolution,
               title: str = title, features=features, show_validation: bool = show_validation,
               discretize: bool = discretize) -> bool:
        X = _checks.float_array(X, "X", ndim=2, shape="(N, 2)")
        regression = np.ndim(y) == 2
        if not regression:
            y = _checks.labels(y, "y", n=X.shape[0])
        if (X_val is None) != (validation is None):
            return False
        xlim, ylim = _limits(X if X_val is None else np.vstack([X, X_val]))
        ax.set(xlim=xlim, ylim=ylim)
        image.set_extent((*xlim, *ylim))
        if regression:
            scale = max(float(np.abs(y).max()), 1e-12)
            image.set_data(_prediction_colors(model, xlim, ylim, resolution, features, discretize, scale))
            point_colors = lambda targets: _value_colors(np.ravel(targets), scale)  # noqa: E731
        else:
            image.set_data(_region_colors(model, xlim, ylim, resolution, colors, features, discretize))
            point_colors = lambda labels: colors[labels]  # noqa: E731
        train.set_offsets(X)
        train.set_facecolors(point_colors(y))
        if validation is not None:
            if not regression:
                y_val = _checks.labels(y_val, "y_val", n=len(X_val))
            validation.set_offsets(X_val)
            validation.set_edgecolors(point_colors(y_val))
            validation.set_visible(_checks.flag(show_validation, "show_validation"))
        ax.title.set_text(title)
        return True

    update(model=model, X=X, y=y, X_val=X_val, y_val=y_val)
    # the picture fills the axes: its visible spines are drawn again over it
    spines = [spine for spine in ax.spines.values() if spine.get_visible()]
    return Live(update, [image, train, *([validation] if validation else []), *spines, ax.title])


_GAP_X, _GAP_Y = 1.4, 0.3
"""The space between two columns (for the edges) and between two units, in unit sizes."""


def _shape(state: State) -> list[int]:
    """The number of units per column of the network picture: inputs, hidden layers, outputs."""
    return [len(state.config.features), *state.config.hidden, state.model.layers[-1].n_out]


def draw_network(ax, state: State, *, resolution: int = 20) -> Live:
    """The network as a picture, in the manner of TensorFlow Playground: one column per layer
    (the input features, each hidden layer, the outputs), each unit a small heatmap of what it
    computes over the plane of the data (``playground.unit_outputs``; each scaled by its own
    largest size: orange negative, white 0, purple positive), and each weight a line between
    two units, purple if positive, orange if negative, as wide as its size (relative to the largest).

    Another state of a network of the same shape moves the heatmaps and the lines (``Live``);
    another shape needs a new drawing (``update`` returns ``False``).
    """
    if not isinstance(state, State):
        raise TypeError(f"state must be a playground.State, got {type(state).__name__}")
    resolution = _checks.integer(resolution, "resolution", low=2)
    shape = _shape(state)
    tallest = max(shape)
    step_x, step_y = 1 + _GAP_X, 1 + _GAP_Y
    tops = [[(tallest - m) * step_y / 2 + i * step_y for i in range(m)] for m in shape]
    width, height = (len(shape) - 1) * step_x + 1, tallest * step_y - _GAP_Y
    pixels = resolution  # per unit size
    canvas = np.full((round(height * pixels), round(width * pixels)), np.nan)
    image = ax.imshow(np.ma.masked_invalid(canvas), cmap=VALUES.with_extremes(bad=(0, 0, 0, 0)),
                      vmin=-1, vmax=1, extent=(0, width, height, 0), interpolation="nearest",
                      zorder=2)
    edges = []
    for c in range(len(shape) - 1):
        segments = [((c * step_x + 1, a + 0.5), ((c + 1) * step_x, b + 0.5))
                    for a in tops[c] for b in tops[c + 1]]
        edges.append(LineCollection(segments, zorder=1))
        ax.add_collection(edges[-1])
    for i, feature in enumerate(state.config.features):
        ax.text(-0.1, tops[0][i] + 0.5, _LABELS[feature], ha="right", va="center", fontsize=8)
    names = [*(f"layer {k}" for k in range(1, len(shape) - 1)),
             "output" if state.config.regression else "class scores"]
    for c, name in enumerate(names, start=1):
        ax.text(c * step_x + 0.5, tops[c][0] - 0.15, name, ha="center", va="bottom", fontsize=7)
    ax.set(xlim=(-1.3, width + 0.1), ylim=(height + 0.1, -0.7), aspect="equal",
           title="units over the plane; weights: purple +, orange −")
    ax.set_axis_off()

    def update(*, state: State, resolution: int = resolution) -> bool:
        if _shape(state) != shape:
            return False
        xlim, ylim = _limits(np.vstack([state.X_train, state.X_val]))
        outputs = unit_outputs(state.model, xlim, ylim, pixels, features=state.config.features)
        for c, values in enumerate(outputs):
            size = np.abs(values).max(axis=(1, 2), keepdims=True)
            values = np.divide(values, size, out=np.zeros_like(values), where=size > 0)
            for top, picture in zip(tops[c], values, strict=True):
                row, col = round(top * pixels), round(c * step_x * pixels)
                canvas[row:row + pixels, col:col + pixels] = picture[::-1]
        image.set_data(np.ma.masked_invalid(canvas))
        linears = [layer for layer in state.model.layers if isinstance(layer, layers.Linear)]
        largest = max(float(np.abs(layer.params["W"]).max()) for layer in linears) or 1.0
        for lines, layer in zip(edges, linears, strict=True):
            W = layer.params["W"].ravel()
            lines.set_color(VALUES(0.5 + 0.45 * np.sign(W)))
            lines.set_linewidth(0.2 + 2.8 * np.abs(W) / largest)
        return True

    update(state=state)
    return Live(update, [*edges, image])


def draw_playground(axes, state: State, *, max_epochs: int | None = None,
                    show_test: bool = True, discretize: bool = False, status: str = "") -> Live:
    """The playground's panels: with three axes the network (``draw_network``), then the
    output's picture (decision regions or the regression's prediction, with the data) and the
    train / validation loss per epoch so far; with two axes the last two.

    The loss axis reaches epoch ``max_epochs`` (at least the epochs trained and 10) and 10 %
    above the first epoch's losses (or 1); epochs are counted from 1, so the n-th point is the
    loss after n epochs. ``show_test`` shows the validation ("test") points, ``discretize``
    colours the regions without shades of confidence, and a ``status`` (such as "diverged")
    replaces the title of the regions, in red. Another state moves the pictures, the points and
    the curves on the kept axes (``Live``); when that changes an axis's limits (other data, a
    longer run, a new run's first epoch), the figure must be rendered again rather than blitted
    (``widgets.Playground`` compares the limits); another network shape needs a new drawing.
    """
    if not isinstance(state, State):
        raise TypeError(f"state must be a playground.State, got {type(state).__name__}")
    if len(axes) not in (2, 3):
        raise ValueError(f"axes must be 2 (regions, loss) or 3 (network, regions, loss), got {len(axes)}")
    network = draw_network(axes[0], state) if len(axes) == 3 else None
    ax_regions, ax_loss = axes[-2:]
    regions = draw_decision_regions(ax_regions, state.model, state.X_train, state.y_train,
                                    X_val=state.X_val, y_val=state.y_val,
                                    features=state.config.features)
    _checks.integer(max_epochs or 0, "max_epochs", low=0)
    train_line, = ax_loss.plot([], [], color=COLORS[0], label="train")
    val_line, = ax_loss.plot([], [], color=COLORS[1], label="validation")
    ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))
    loss = "mean squared error" if state.config.regression else "cross-entropy loss"
    ax_loss.set(xlabel="epoch", ylabel=loss, title="loss")
    ax_loss.legend(loc="upper right")

    def update(*, state: State, max_epochs: int | None = max_epochs, show_test: bool = show_test,
               discretize: bool = discretize, status: str = status) -> bool:
        history = state.history
        if history.val_acc:
            score = f", val acc {history.val_acc[-1]:.3g}"
        else:
            score = f", val loss {history.val_loss[-1]:.3g}" if history.epochs else ""
        title = status or f"{state.config.dataset}, epoch {history.epochs}{score}"
        if network is not None and not network.update(state=state):
            return False
        if not regions.update(model=state.model, X=state.X_train, y=state.y_train,
                              X_val=state.X_val, y_val=state.y_val, title=title,
                              features=state.config.features, show_validation=show_test,
                              discretize=discretize):
            return False
        ax_regions.title.set_color("#d62728" if status else "black")
        epochs = np.arange(1, history.epochs + 1)
        train_line.set_data(epochs, history.train_loss)
        val_line.set_data(epochs, history.val_loss)
        ax_loss.set(xlim=(0, max(history.epochs, 10, max_epochs or 0)),
                    ylim=(0, max([1.0, *history.train_loss[:1], *history.val_loss[:1]]) * 1.1))
        return True

    update(state=state)
    return Live(update, [*(network.artists if network else []), *regions.artists, train_line, val_line])


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
