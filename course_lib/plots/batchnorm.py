"""Drawing functions for notebook 09 batch normalization.

The numbers two of the figures show come from ``experiments.layer_statistics`` and
``experiments.running_statistics``; ``draw_bn_sweep`` draws training runs made in the notebook;
``draw_head_parameters`` plots ``experiments.head_parameters``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .. import _checks
from ..experiments import head_parameters, layer_statistics, running_statistics
from .base import COLORS, Live

__all__ = ["draw_layer_statistics", "draw_layer_spread", "draw_running_statistics", "draw_bn_sweep",
           "draw_head_parameters", "draw_seed_band", "draw_small_batches", "draw_head_accuracies"]

CHANCE_LOSS = float(np.log(10))
"""Softmax loss of a 10-class network that predicts the uniform distribution: ln 10 ≈ 2.303."""


def _format_layer_axes(ax, title: str) -> None:
    ax.set_yscale("log")
    ax.set_ylim(1e-6, 1e6)
    ax.set_xlabel("hidden layer")
    ax.set_ylabel("std of the layer's output")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)


def draw_layer_statistics(axes, *, weight_stds=(0.05, 0.177, 0.5), depth: int = 10,
                          width: int = 64, seed: int = 0) -> None:
    """The spread of the signal, layer by layer, at initialisation: without and with batch norm.

    One line per initial weight standard deviation in ``weight_stds`` (see
    ``layer_statistics``); left without batch norm, right with it; log scale.
    """
    if len(weight_stds) == 0:
        raise ValueError("weight_stds must hold at least one standard deviation, got none")
    for ax, batchnorm in zip(axes, (False, True), strict=True):
        for i, std in enumerate(weight_stds):
            stds = layer_statistics(std, batchnorm=batchnorm, depth=depth, width=width, seed=seed)
            ax.plot(np.arange(1, depth + 1), stds, "o-", color=COLORS[i % len(COLORS)],
                    markersize=4, label=f"weight std {std:g}")
        _format_layer_axes(ax, "with batch norm (the lines coincide)" if batchnorm
                           else "without batch norm")


def draw_layer_spread(axes, *, weight_std: float = 0.5, depth: int = 10, width: int = 64,
                      seed: int = 0, max_depth: int | None = None) -> Live:
    """``layer_statistics`` for one weight std and depth, without (left) and with (right) batch norm.

    A gray dashed line shows He's weight std √(2/width), which keeps the spread about constant
    without batch norm. The axes reach layer ``max_depth`` (default: ``depth``) and cover
    10⁻⁶ to 10⁶ on a log scale, so a slider up to it moves the lines and the titles (``Live``).
    """
    top = _checks.integer(depth if max_depth is None else max_depth, "max_depth",
                          low=_checks.integer(depth, "depth", low=1))
    drawn = {"width": width, "seed": seed}
    deepest: dict[float, list[np.ndarray]] = {}  # the last weight std's spreads down to layer top
    he_std = float(np.sqrt(2 / _checks.integer(width, "width", low=1)))
    lines = []
    for ax, batchnorm in zip(axes, (False, True), strict=True):
        ax.plot(np.arange(1, top + 1), layer_statistics(he_std, batchnorm=batchnorm, depth=top,
                                                        width=width, seed=seed),
                "--", color="gray", linewidth=1, label=f"He init, weight std {he_std:.3g}")
        lines.append(ax.plot([], [], "o-", color=COLORS[1], markersize=4,
                             label="the slider's weight std")[0])
        ax.set_xlim(0.5, top + 0.5)
        _format_layer_axes(ax, "")

    def update(*, weight_std: float, depth: int, width: int = width, seed: int = seed,
               max_depth: int | None = max_depth) -> bool:
        if depth > top or {"width": width, "seed": seed} != drawn:
            return False
        if weight_std not in deepest:  # a depth move reuses them: the first layers are the same
            deepest.clear()
            deepest[weight_std] = [layer_statistics(weight_std, batchnorm=batchnorm, depth=top,
                                                    width=width, seed=seed)
                                   for batchnorm in (False, True)]
        for ax, line, batchnorm, all_stds in zip(axes, lines, (False, True), deepest[weight_std],
                                                 strict=True):
            stds = all_stds[:depth]
            line.set_data(np.arange(1, depth + 1), stds)
            ax.set_title(f"{'with' if batchnorm else 'without'} batch norm: weight std "
                         f"{weight_std:.3g}, layer {depth} std {stds[-1]:.3g}")
        return True

    update(weight_std=weight_std, depth=depth)
    return Live(update, [*lines, *(ax.title for ax in axes)])


def draw_running_statistics(axes, *, momentum: float = 0.1, batch_size: int = 16,
                            seed: int = 0) -> Live:
    """Batch statistics (dots) against running statistics (line) of one feature, step by step.

    Left: the mean, right: the variance (true value 1), of ``running_statistics``; one legend
    serves both. Small batches scatter the dots; a small ``momentum`` smooths the line but makes
    it lag behind the change of the mean half-way through. Every setting moves the dots, the
    lines and the titles on fixed axes (``Live``).
    """
    stats = running_statistics(momentum, batch_size, seed=seed)
    step = np.arange(1, len(stats["true_mean"]) + 1)
    ax_mean, ax_var = axes
    moving, true_lines = {}, []
    for ax, name in ((ax_mean, "mean"), (ax_var, "var")):
        moving[f"batch_{name}"], = ax.plot(step, stats[f"batch_{name}"], ".", color="gray",
                                           markersize=3, label="batch value (used in training)")
        moving[f"running_{name}"], = ax.plot(step, stats[f"running_{name}"], color=COLORS[0],
                                             linewidth=2, label="running value (used in evaluation)")
        true_lines += ax.plot(step, stats[f"true_{name}"], "--", color=COLORS[1], linewidth=1,
                              label="true value")
        ax.set_xlabel("training step")
    ax_mean.set_ylim(-4, 5)
    ax_mean.set_ylabel("mean of the feature")
    ax_mean.legend(loc="upper right", fontsize=8)
    ax_var.set_ylim(0, 4)
    ax_var.set_ylabel("variance of the feature")

    def update(*, momentum: float, batch_size: int, seed: int) -> None:
        stats = running_statistics(momentum, batch_size, seed=seed)
        for name, line in moving.items():
            line.set_ydata(stats[name])
        spread = np.std(stats["batch_mean"][: len(step) // 2])
        ax_mean.set_title(f"B = {batch_size}: batch means scatter by ±{spread:.2f}")
        ax_var.set_title(f"momentum = {momentum:g}: running var ends at {stats['running_var'][-1]:.2f}")

    update(momentum=momentum, batch_size=batch_size, seed=seed)
    # the true values do not move; drawn after the moving lines, they stay on top of them
    return Live(update, [*moving.values(), *true_lines, ax_mean.title, ax_var.title])


def _final_val_acc(history) -> float:
    return history.val_acc[-1] if history.val_acc else np.nan


def draw_bn_sweep(axes, *, value, runs: dict, parameter: str = "initial weight std") -> Live:
    """Training runs with and without batch norm for several values of one setting.

    ``runs`` maps each value of ``parameter`` (a learning rate, an initial weight std, ...) to a
    dict {label: ``train.History``}, e.g. {"without BN": ..., "with BN": ...}; the histories need
    validation accuracy. A history with fewer epochs than the longest one diverged (its loss
    became NaN) after its last recorded epoch. Left: training loss by epoch for ``value`` (log
    scale; a curve that leaves the top of the plot blew up, a cross marks the epoch it diverged
    in). Right: final validation accuracy against the value for every run, diverged runs marked
    with a cross at 0. Another ``value`` moves the curves, the crosses, the title and the
    vertical line on fixed axes (``Live``).
    """
    if not runs:
        raise ValueError("runs must map at least one value to its histories, got an empty dict")
    if value not in runs:
        raise ValueError(f"value must be one of {sorted(runs)}, got {value!r}")
    values = sorted(runs)
    labels = list(runs[values[0]])
    epochs = max(h.epochs for by_label in runs.values() for h in by_label.values())
    ax_curves, ax_final = axes
    curves, crosses = [], []
    for i, label in enumerate(labels):
        color = COLORS[i % len(COLORS)]
        curves.append(ax_curves.plot([], [], "o-", color=color, markersize=4, label=label)[0])
        crosses.append(ax_curves.plot([], [], "x", color=color, markersize=12, markeredgewidth=3)[0])
        final = np.array([_final_val_acc(runs[v][label]) if runs[v][label].epochs == epochs
                          else np.nan for v in values])
        ax_final.plot(values, final, "o-", color=color, label=label)
        broken = [v for v in values if runs[v][label].epochs < epochs]
        ax_final.plot(broken, np.zeros(len(broken)), "x", color=color, markersize=10,
                      markeredgewidth=2.5)
    handles = list(curves)
    if any(h.epochs < epochs for by_label in runs.values() for h in by_label.values()):
        handles.append(Line2D([], [], linestyle="none", marker="x", color="gray", markersize=8,
                              markeredgewidth=2, label="diverged in this epoch"))
    ax_curves.axhline(CHANCE_LOSS, color="gray", linestyle=":", linewidth=1)
    ax_curves.text(epochs + 0.9, CHANCE_LOSS * 1.1, "chance (ln 10)", color="gray", fontsize=8,
                   ha="right", va="bottom")
    ax_curves.set_yscale("log")
    ax_curves.set_ylim(0.01, 20)
    ax_curves.set_xlim(0.5, epochs + 1)
    ax_curves.set_xticks(np.arange(1, epochs + 1))
    ax_curves.set_xlabel("epoch")
    ax_curves.set_ylabel("training loss (log scale)")
    ax_curves.legend(handles=handles, loc="lower left", fontsize=8)
    # a vertical LineCollection, not an axvline: the "best" legend place ignores it, so the
    # legend stays where it is when the line moves
    chosen = ax_final.vlines([value], 0, 1, transform=ax_final.get_xaxis_transform(),
                             color="black", linewidth=1)
    ax_final.axhline(0.1, color="gray", linestyle=":", linewidth=1)
    ax_final.text(values[-1], 0.12, "chance", color="gray", fontsize=8, ha="right", va="bottom")
    ax_final.set_xscale("log")
    ax_final.set_xticks(values, [f"{v:g}" for v in values])
    ax_final.minorticks_off()
    ax_final.set_ylim(-0.05, 1.05)
    ax_final.set_xlabel(f"{parameter} (log scale)")
    ax_final.set_ylabel(f"validation accuracy after {epochs} epochs")
    ax_final.set_title(f"every {parameter} tried (× = diverged)")
    ax_final.legend(loc="best", fontsize=8)

    def update(*, value, runs: dict = runs, parameter: str = parameter) -> None:
        for label, curve, cross in zip(labels, curves, crosses, strict=True):
            history = runs[value][label]
            curve.set_data(np.arange(1, history.epochs + 1), history.train_loss)
            diverged = history.epochs < epochs
            cross.set_data([history.epochs + 1] if diverged else [], [12.0] if diverged else [])
            cross.set_label(f"{label}: diverged in epoch {history.epochs + 1}" if diverged
                            else "_not diverged")
        chosen.set_segments([[(value, 0), (value, 1)]])
        ax_curves.set_title(f"{parameter} = {value:g}")

    update(value=value)
    return Live(update, [*curves, *crosses, chosen, ax_curves.title])


def draw_head_parameters(ax, *, channels: int = 512, classes: int = 1000, max_size: int = 14) -> None:
    """Parameters of both heads of ``head_parameters`` for square maps of side 1 to ``max_size``."""
    sizes = np.arange(1, _checks.integer(max_size, "max_size", low=1) + 1)
    counts = [head_parameters(channels, s, s, classes) for s in sizes]
    for i, name in enumerate(counts[0]):
        ax.plot(sizes, [c[name] for c in counts], "o-", color=COLORS[i], markersize=4,
                label=f"{name} head")
    ax.set_yscale("log")
    ax.set_xlabel("height = width of the last feature maps")
    ax.set_ylabel("parameters of the head (log scale)")
    ax.set_title(f"{channels} channels, {classes} classes")
    ax.legend(loc="center right", fontsize=8)


def _scores(values, name: str, n: int) -> np.ndarray:
    """``values`` as a (n, seeds) array of finite scores."""
    values = _checks.float_array(values, name, ndim=2, shape="(settings, seeds)", finite=True)
    if values.shape[0] != n or values.shape[1] < 1:
        raise ValueError(f"{name} must have shape ({n}, seeds), got shape {values.shape}")
    return values


def draw_seed_band(ax, x, scores, *, label: str, color=None):
    """One arm over several seeds: the mean score per setting as a line with dots, and the band
    from the lowest to the highest seed. ``scores`` has shape (len(x), seeds). Returns the line."""
    x = _checks.float_array(x, "x", ndim=1, finite=True)
    scores = _scores(scores, "scores", len(x))
    line, = ax.plot(x, scores.mean(axis=1), "o-", color=color, label=label, markersize=4)
    ax.fill_between(x, scores.min(axis=1), scores.max(axis=1), color=line.get_color(), alpha=0.2)
    return line


def draw_small_batches(axes, *, batch_sizes, trained: dict, mode_sizes, train_mode_acc,
                       eval_acc: float) -> None:
    """Batch norm with small batches, as two panels.

    Left: validation accuracy after training one epoch with mini-batches of each of
    ``batch_sizes``, one line per arm of ``trained`` ({label: scores of shape
    (len(batch_sizes), seeds)}), mean and seed range. Right: one trained BN network classifying in
    *training* mode, each image normalised with the statistics of the batch of ``mode_sizes``
    images it shares (``train_mode_acc``, one accuracy per size), against the same network in
    evaluation mode (``eval_acc``, a dashed line).
    """
    ax_train, ax_mode = axes
    sizes = _checks.float_array(batch_sizes, "batch_sizes", ndim=1, finite=True)
    for i, (label, scores) in enumerate(trained.items()):
        draw_seed_band(ax_train, sizes, scores, label=label, color=COLORS[i % len(COLORS)])
    modes = _checks.float_array(mode_sizes, "mode_sizes", ndim=1, finite=True)
    accuracy = _checks.float_array(train_mode_acc, "train_mode_acc", ndim=1, finite=True)
    if len(accuracy) != len(modes):
        raise ValueError(f"train_mode_acc must hold one accuracy per size of mode_sizes ({len(modes)}), "
                         f"got {len(accuracy)}")
    ax_mode.plot(modes, accuracy, "o-", color=COLORS[1], label="training mode (batch statistics)")
    ax_mode.axhline(_checks.number(eval_acc, "eval_acc", low=0, high=1), color="black",
                    linestyle="--", linewidth=1, label="evaluation mode (running statistics)")
    for ax, ticks, title in ((ax_train, sizes, "training one epoch with batches of B"),
                             (ax_mode, modes, "a trained BN network, predicting in batches of B")):
        ax.set_xscale("log", base=2)
        ax.set_xticks(ticks, [f"{b:g}" for b in ticks])
        ax.minorticks_off()
        ax.set_ylim(0, 1)
        ax.set_xlabel("batch size B (log scale)")
        ax.set_ylabel("validation accuracy")
        ax.set_title(title)
        ax.legend(loc="lower right", fontsize=8)


def draw_head_accuracies(ax, *, train_acc: dict, val_acc: dict) -> None:
    """Grouped bars: for each head (fully connected, GAP), the training accuracy on true and on
    random labels and the validation accuracy on true labels, as the mean over seeds with a
    line from the lowest to the highest seed. ``train_acc`` and ``val_acc`` map
    (head, "true" or "random") to one accuracy per seed."""
    heads = list(dict.fromkeys(head for head, _ in train_acc))
    bars = (("train, true labels", train_acc, "true"), ("validation, true labels", val_acc, "true"),
            ("train, random labels", train_acc, "random"))
    width = 0.8 / len(bars)
    for k, (label, accs, labels) in enumerate(bars):
        values = [_checks.float_array(accs[head, labels], f"{label} of {head}", ndim=1, finite=True)
                  for head in heads]
        x = np.arange(len(heads)) + (k - (len(bars) - 1) / 2) * width
        means = np.array([v.mean() for v in values])
        ax.bar(x, means, width, color=COLORS[k], label=label)
        ax.vlines(x, [v.min() for v in values], [v.max() for v in values], color="black", linewidth=1)
    ax.axhline(0.1, color="gray", linestyle=":", linewidth=1, label="chance (0.1)")
    ax.set_xticks(np.arange(len(heads)), [f"{head} head" for head in heads])
    ax.set_ylim(0, 1.3)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_ylabel("accuracy (mean; line: seed range)")
    ax.set_xlabel("head on the same 16 fixed feature maps")
    ax.set_title("which head memorises, which generalises")
    ax.legend(loc="upper center", ncols=2, fontsize=8)
