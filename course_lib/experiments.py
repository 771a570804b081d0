"""Seeded experiment runs of the course: small, deterministic, fast enough for a slider.

Each function runs one experiment a notebook (and its figure) shows and returns the numbers; the
drawing functions in ``plots`` only draw them. NumPy only, like the rest of the core.
"""

from __future__ import annotations

import numpy as np

from . import _checks, layers

__all__ = ["layer_statistics", "running_statistics", "head_parameters"]


def layer_statistics(weight_std: float, *, batchnorm: bool, depth: int = 10, width: int = 64,
                     n: int = 256, seed: int = 0) -> np.ndarray:
    """Standard deviation of each hidden layer's output in a fresh ReLU network, shape (depth,).

    The network is ``depth`` times Linear(width → width, weights N(0, weight_std²)), then
    BatchNorm (if ``batchnorm``), then ReLU; the input is ``n`` rows of standard normal numbers.
    Entry k is the standard deviation, over all rows and units, of what layer k passes on (after
    its ReLU). Without batch norm it changes by about weight_std·√(width/2) per layer.
    """
    weight_std = _checks.number(weight_std, "weight_std", low=0, low_open=True)
    batchnorm = _checks.flag(batchnorm, "batchnorm")
    depth = _checks.integer(depth, "depth", low=1)
    width = _checks.integer(width, "width", low=1)
    rng = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    x = rng.standard_normal((_checks.integer(n, "n", low=2), width))
    stds = np.empty(depth)
    for k in range(depth):
        x = x @ (weight_std * rng.standard_normal((width, width)))
        if batchnorm:
            x = layers.BatchNorm(width).forward(x)
        x = np.maximum(x, 0)
        stds[k] = x.std()
    return stds


def running_statistics(momentum: float, batch_size: int, *, steps: int = 200,
                       means=(2.0, -1.0), std: float = 1.0,
                       seed: int = 0) -> dict[str, np.ndarray]:
    """One feature seen by ``layers.BatchNorm(1, momentum)`` in training, batch after batch.

    Each batch has ``batch_size`` values from N(mean, std²); the mean is ``means[0]`` for the
    first half of the ``steps`` and ``means[1]`` after (as if an earlier layer had changed).
    Returns arrays of length ``steps``: ``"true_mean"`` and ``"true_var"``, the ``"batch_mean"``
    and biased ``"batch_var"`` the layer normalises with, and its ``"running_mean"`` and ``"running_var"``
    after each step (what evaluation mode would use).
    """
    momentum = _checks.number(momentum, "momentum", low=0, high=1)
    batch_size = _checks.integer(batch_size, "batch_size", low=2)
    steps = _checks.integer(steps, "steps", low=2)
    if len(means) != 2:
        raise ValueError(f"means must hold two means (before and after the change), got {means!r}")
    std = _checks.number(std, "std", low=0, low_open=True)
    rng = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    true_mean = np.where(np.arange(steps) < steps // 2, means[0], means[1]).astype(float)
    batches = true_mean[:, None] + std * rng.standard_normal((steps, batch_size))
    bn = layers.BatchNorm(1, momentum=momentum)
    running_mean, running_var = np.empty(steps), np.empty(steps)
    for t in range(steps):
        bn.forward(batches[t][:, None])
        running_mean[t], running_var[t] = bn.running_mean[0], bn.running_var[0]
    return {"true_mean": true_mean, "true_var": np.full(steps, std**2),
            "batch_mean": batches.mean(axis=1),
            "batch_var": batches.var(axis=1), "running_mean": running_mean,
            "running_var": running_var}


def head_parameters(channels: int, height: int, width: int, classes: int) -> dict[str, int]:
    """Weights and biases of two classifier heads on feature maps of shape (channels, height, width).

    ``"fully connected"``: flatten, then Linear(channels·height·width → classes).
    ``"global average pooling"``: average each channel over height × width, then
    Linear(channels → classes); the pooling itself has no parameters.
    """
    c = _checks.integer(channels, "channels", low=1)
    h = _checks.integer(height, "height", low=1)
    w = _checks.integer(width, "width", low=1)
    k = _checks.integer(classes, "classes", low=1)
    return {"fully connected": c * h * w * k + k, "global average pooling": c * k + k}
