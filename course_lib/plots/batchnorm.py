"""Drawing functions for notebook 09 batch normalization.

The numbers two of the figures show come from ``experiments.layer_statistics`` and
``experiments.running_statistics``; ``draw_bn_sweep`` draws training runs made in the notebook;
``draw_head_parameters`` plots ``experiments.head_parameters``.
"""

from __future__ import annotations

import numpy as np

from .. import _checks
from ..experiments import head_parameters, layer_statistics, running_statistics
from .base import COLORS

__all__ = ["draw_layer_statistics", "draw_running_statistics", "draw_bn_sweep", "draw_head_parameters"]

CHANCE_LOSS = float(np.log(10))
"""Softmax loss of a 10-class network that predicts the uniform distribution: ln 10 ≈ 2.303."""


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
        ax.set_yscale("log")
        ax.set_ylim(1e-6, 1e6)
        ax.set_xlabel("hidden layer")
        ax.set_ylabel("std of the layer's output")
        ax.set_title("with batch norm (the lines coincide)" if batchnorm else "without batch norm")
        ax.legend(loc="upper left", fontsize=8)


def draw_running_statistics(axes, *, momentum: float = 0.1, batch_size: int = 16,
                            seed: int = 0) -> None:
    """Batch statistics (dots) against running statistics (line) of one feature, step by step.

    Left: the mean, right: the variance (true value 1), of ``running_statistics``; one legend
    serves both. Small batches scatter the dots; a small ``momentum`` smooths the line but makes
    it lag behind the change of the mean half-way through.
    """
    stats = running_statistics(momentum, batch_size, seed=seed)
    step = np.arange(1, len(stats["true_mean"]) + 1)
    ax_mean, ax_var = axes
    for ax, name in ((ax_mean, "mean"), (ax_var, "var")):
        ax.plot(step, stats[f"batch_{name}"], ".", color="gray", markersize=3,
                label="batch value (used in training)")
        ax.plot(step, stats[f"running_{name}"], color=COLORS[0], linewidth=2,
                label="running value (used in evaluation)")
        ax.plot(step, stats[f"true_{name}"], "--", color=COLORS[1], linewidth=1, label="true value")
        ax.set_xlabel("training step")
    spread = np.std(stats["batch_mean"][: len(step) // 2])
    ax_mean.set_ylim(-4, 5)
    ax_mean.set_ylabel("mean of the feature")
    ax_mean.set_title(f"B = {batch_size}: batch means scatter by ±{spread:.2f}")
    ax_mean.legend(loc="upper right", fontsize=8)
    ax_var.set_ylim(0, 4)
    ax_var.set_ylabel("variance of the feature")
    ax_var.set_title(f"momentum = {momentum:g}: running var ends at {stats['running_var'][-1]:.2f}")


def _final_val_acc(history) -> float:
    return history.val_acc[-1] if history.val_acc else np.nan


def draw_bn_sweep(axes, *, value, runs: dict, parameter: str = "initial weight std") -> None:
    """Training runs with and without batch norm for several values of one setting.

    ``runs`` maps each value of ``parameter`` (a learning rate, an initial weight std, ...) to a
    dict {label: ``train.History``}, e.g. {"without BN": ..., "with BN": ...}; the histories need
    validation accuracy. A history with fewer epochs than the longest one diverged (its loss
    became NaN) after its last recorded epoch. Left: training loss by epoch for ``value`` (log
    scale; a curve that leaves the top of the plot blew up). Right: final validation accuracy
    against the value for every run, diverged runs marked with a cross at 0.
    """
    if not runs:
        raise ValueError("runs must map at least one value to its histories, got an empty dict")
    if value not in runs:
        raise ValueError(f"value must be one of {sorted(runs)}, got {value!r}")
    values = sorted(runs)
    labels = list(runs[values[0]])
    epochs = max(h.epochs for by_label in runs.values() for h in by_label.values())
    ax_curves, ax_final = axes
    for i, label in enumerate(labels):
        history, color = runs[value][label], COLORS[i % len(COLORS)]
        ax_curves.plot(np.arange(1, history.epochs + 1), history.train_loss, "o-", color=color,
                       markersize=4, label=label)
        if history.epochs < epochs:
            ax_curves.plot([history.epochs + 1], [12.0], "x", color=color, markersize=12,
                           markeredgewidth=3, label=f"{label}: diverged in epoch {history.epochs + 1}")
        final = np.array([_final_val_acc(runs[v][label]) if runs[v][label].epochs == epochs
                          else np.nan for v in values])
        ax_final.plot(values, final, "o-", color=color, label=label)
        broken = [v for v in values if runs[v][label].epochs < epochs]
        ax_final.plot(broken, np.zeros(len(broken)), "x", color=color, markersize=10,
                      markeredgewidth=2.5)
    ax_curves.axhline(CHANCE_LOSS, color="gray", linestyle=":", linewidth=1)
    ax_curves.text(epochs + 0.9, CHANCE_LOSS * 1.1, "chance (ln 10)", color="gray", fontsize=8,
                   ha="right", va="bottom")
    ax_curves.set_yscale("log")
    ax_curves.set_ylim(0.01, 20)
    ax_curves.set_xlim(0.5, epochs + 1)
    ax_curves.set_xticks(np.arange(1, epochs + 1))
    ax_curves.set_xlabel("epoch")
    ax_curves.set_ylabel("training loss (log scale)")
    ax_curves.set_title(f"{parameter} = {value:g}")
    ax_curves.legend(loc="lower left", fontsize=8)
    ax_final.axvline(value, color="black", linewidth=1)
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
