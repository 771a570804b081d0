"""Drawing functions for notebook 01 softmax."""

from __future__ import annotations

import numpy as np

from .. import _checks, losses
from ..activations import sigmoid
from .base import COLORS, Live

__all__ = ["draw_softmax_temperature", "draw_softmax_logits", "draw_two_class_softmax"]

NOTES_LOGITS = (2.0, 1.0, 0.1)
"""The example logits of the source notes."""


def _probability_bars(ax, count: int) -> tuple[list, list]:
    """``count`` bars on [0, 1.12] with the uniform 1/K line, and a text above each bar."""
    k = np.arange(count)
    bars = list(ax.bar(k, np.zeros(count), color=[COLORS[i % len(COLORS)] for i in k], width=0.6))
    texts = [ax.text(i, 0, "", ha="center", va="bottom") for i in k]
    ax.axhline(1 / count, color="gray", linestyle="--", linewidth=1, label="uniform 1/K")
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("probability")
    ax.legend(loc="upper right")
    return bars, texts


def _set_bars(bars, texts, values, *, offset: float) -> None:
    """Bar heights and the value written ``offset`` above (below, for a negative value) each."""
    for bar, text, value in zip(bars, texts, values, strict=True):
        bar.set_height(value)
        text.set_y(value + offset if value >= 0 else value - offset)
        text.set_va("bottom" if value >= 0 else "top")
        text.set_text(f"{value:.3f}")


def draw_softmax_temperature(ax, *, logits=NOTES_LOGITS, temperature: float = 1.0) -> Live:
    """Bar chart of softmax(logits / temperature), one bar per class, probability written on top.

    A low temperature sharpens the distribution towards the largest logit (arg max); a high one
    flattens it towards uniform (dashed line at 1/K). A new temperature moves the bars (``Live``).
    """
    z = _checks.float_array(logits, "logits", ndim=1, shape="(K,)", finite=True)
    _checks.number(temperature, "temperature", low=0, low_open=True)
    bars, texts = _probability_bars(ax, z.size)
    ax.set_xticks(np.arange(z.size), [f"class {i}\nz = {v:g}" for i, v in enumerate(z)])

    def update(*, temperature: float, logits=logits) -> bool:
        if not np.array_equal(np.asarray(logits, dtype=float), z):
            return False
        t = _checks.number(temperature, "temperature", low=0, low_open=True)
        _set_bars(bars, texts, losses.softmax(z / t), offset=0.02)
        ax.set_title(f"softmax(z / T) at temperature T = {t:.3g}")
        return True

    update(temperature=temperature)
    return Live(update, [*bars, *texts, ax.title])


def draw_softmax_logits(axes, *, z0: float = NOTES_LOGITS[0], z1: float = NOTES_LOGITS[1],
                        z2: float = NOTES_LOGITS[2], max_logit: float = 5.0) -> Live:
    """The three logits z = (z0, z1, z2) as bars (left) and p = softmax(z) as bars (right).

    p_i = exp(z_i) / Σ_j exp(z_j): raising one logit raises its probability and lowers all the
    others, and the probabilities always sum to 1. The logit axis covers ±``max_logit``, so
    sliders within it move the bars on fixed axes (``Live``).
    """
    top = _checks.number(max_logit, "max_logit", low=0, low_open=True)
    left, right = axes
    k = np.arange(3)
    names = [f"class {i}" for i in k]
    bars = list(left.bar(k, np.zeros(3), color=[COLORS[i] for i in k], width=0.6))
    texts = [left.text(i, 0, "", ha="center") for i in k]
    left.axhline(0, color="0.3", linewidth=1)
    left.set_xticks(k, names)
    left.set_ylim(-1.25 * top, 1.25 * top)
    left.set_ylabel("logit z")
    left.set_title("logits z (scores, any sign)")
    probability_bars, probability_texts = _probability_bars(right, 3)
    right.set_xticks(k, names)

    def update(*, z0: float, z1: float, z2: float, max_logit: float = top) -> bool:
        z = _checks.float_array([z0, z1, z2], "logits", ndim=1, finite=True)
        if max_logit != top or np.abs(z).max() > top:
            return False
        p = losses.softmax(z)
        _set_bars(bars, texts, z, offset=0.04 * top)
        _set_bars(probability_bars, probability_texts, p, offset=0.02)
        right.set_title(f"p = softmax(z): sum = {p.sum():.3f}")
        return True

    update(z0=z0, z1=z1, z2=z2)
    return Live(update, [*bars, *texts, *probability_bars, *probability_texts, right.title])


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
