"""Drawing functions for notebook 01 softmax."""

from __future__ import annotations

import numpy as np

from .. import _checks, losses
from ..activations import sigmoid
from .base import COLORS

__all__ = ["draw_softmax_temperature", "draw_two_class_softmax"]

NOTES_LOGITS = (2.0, 1.0, 0.1)
"""The example logits of the source notes."""


def draw_softmax_temperature(ax, *, logits=NOTES_LOGITS, temperature: float = 1.0) -> None:
    """Bar chart of softmax(logits / temperature), one bar per class, probability written on top.

    A low temperature sharpens the distribution towards the largest logit (arg max); a high one
    flattens it towards uniform (dashed line at 1/K).
    """
    z = _checks.float_array(logits, "logits", ndim=1, shape="(K,)", finite=True)
    t = _checks.number(temperature, "temperature", low=0, low_open=True)
    p = losses.softmax(z / t)
    k = np.arange(z.size)
    bars = ax.bar(k, p, color=[COLORS[i % len(COLORS)] for i in k], width=0.6)
    for bar, value in zip(bars, p, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, value + 0.02, f"{value:.3f}",
                ha="center", va="bottom")
    ax.axhline(1 / z.size, color="gray", linestyle="--", linewidth=1, label="uniform 1/K")
    ax.set_xticks(k, [f"class {i}\nz = {v:g}" for i, v in zip(k, z, strict=True)])
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("probability")
    ax.set_title(f"softmax(z / T) at temperature T = {t:.3g}")
    ax.legend(loc="upper right")


def draw_two_class_softmax(ax, *, diff_range: float = 8.0) -> None:
    """The first probability of softmax([z0, z1]) against z0 − z1, on top of sigmoid(z0 − z1).

    Several pairs (z0, z1) with different sums land on the same curve: only the difference counts.
    """
    r = _checks.number(diff_range, "diff_range", low=0, low_open=True)
    d = np.linspace(-r, r, 200)
    ax.plot(d, sigmoid(d), color="gray", linewidth=6, alpha=0.35, label="sigmoid(z0 − z1)")
    for i, (shift, marker) in enumerate(zip((-3.0, 0.0, 3.0), "os^", strict=True)):
        z = np.stack([d / 2 + shift, -d / 2 + shift], axis=1)
        ax.plot(d, losses.softmax(z)[:, 0], color=COLORS[i], linestyle="none", marker=marker,
                markersize=5, markevery=(6 * i, 18), label=f"softmax, z0 + z1 = {2 * shift:g}")
    ax.set_xlabel("logit difference z0 − z1")
    ax.set_ylabel("probability of class 0")
    ax.set_title("two classes: softmax = sigmoid of the difference")
    ax.legend(loc="upper left")
