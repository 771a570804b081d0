"""Drawing functions for notebook 05 cross-entropy and the loss zoo."""

from __future__ import annotations

import numpy as np

from .. import _checks, losses
from .base import COLORS, Live

__all__ = ["draw_margin_losses", "draw_softmax_vs_svm"]

NOTES_SCORES = (10.0, 9.0, 9.0)
"""The second score vector of the notes' comparison (correct class first)."""


def _score_limits(low: float, high: float) -> tuple[float, float]:
    """The score axis for scores and margin line between ``low`` and ``high`` (0 included)."""
    low, high = min(low, 0), max(high, 0)
    pad = 0.15 * (high - low) + 1
    return low - 0.3 * pad, high + pad


def draw_softmax_vs_svm(axes, *, scores=NOTES_SCORES, correct: int = 0, delta: float = 1.0,
                        score_range=None) -> Live:
    """Two panels for one example: the scores with the SVM margin line, and softmax probabilities.

    Left: one bar per class; the dashed line sits at s_y − Δ, and a wrong class costs
    max(0, s_j − s_y + Δ), how far its bar reaches above that line. Right: softmax(scores), with
    the softmax loss −log p_y in the title. ``axes``: a pair of matplotlib axes.
    ``score_range``: (lowest, highest) value the scores and s_y − Δ can take (default: these
    scores'); within it, other scores and Δ move the bars, line, texts and titles (``Live``).
    """
    ax_scores, ax_probs = axes
    s = _checks.float_array(scores, "scores", ndim=1, shape="(C,)", finite=True)
    correct = _checks.integer(correct, "correct", low=0, high=s.size - 1)
    delta = _checks.number(delta, "delta", low=0)
    line = s[correct] - delta
    if score_range is None:
        score_range = (min(s.min(), line), max(s.max(), line))
    low, high = _checks.float_array(score_range, "score_range", ndim=1, shape="(2,)", finite=True)
    if not low <= min(s.min(), line) <= max(s.max(), line) <= high:
        raise ValueError(f"score_range must contain the scores and s_y − Δ = {line:g}, "
                         f"got {[float(low), float(high)]}")
    drawn_size, drawn_correct = s.size, correct
    k = np.arange(s.size)
    colors = [COLORS[0] if i == correct else COLORS[1] for i in k]
    names = [f"class {i}" + (" (correct)" if i == correct else "") for i in k]
    score_bars = ax_scores.bar(k, s, color=colors, width=0.6)
    margin_line = ax_scores.axhline(line, color="black", linestyle="--", linewidth=1)
    hinges = {i: ax_scores.text(i, 0, "", ha="center", va="bottom") for i in k if i != correct}
    ax_scores.set_ylim(*_score_limits(low, high))
    ax_scores.set_xticks(k, names)
    ax_scores.set_ylabel("score s_j")
    prob_bars = ax_probs.bar(k, np.ones(s.size), color=colors, width=0.6)
    prob_texts = [ax_probs.text(i, 0, "", ha="center", va="bottom") for i in k]
    ax_probs.set_ylim(0, 1.15)
    ax_probs.set_xticks(k, names)
    ax_probs.set_ylabel("softmax probability p_j")
    for ax in axes:
        ax.set_axisbelow(True)  # the grid behind the moving bars, as in a full drawing

    def update(*, scores, delta: float, correct: int = drawn_correct, score_range=None) -> bool:
        s = _checks.float_array(scores, "scores", ndim=1, shape="(C,)", finite=True)
        line = s[correct] - delta
        if (s.size != drawn_size or correct != drawn_correct
                or not low <= min(s.min(), line) <= max(s.max(), line) <= high):
            return False
        svm, _ = losses.svm_loss(s[None, :], [correct], delta)
        soft = float(losses.sparse_softmax_cross_entropy_with_logits([correct], s[None, :])[0])
        p = losses.softmax(s)
        margin_line.set_ydata([line, line])
        for i in k:
            score_bars[i].set_height(s[i])
            prob_bars[i].set_height(p[i])
            prob_texts[i].set_position((i, p[i] + 0.02))
            prob_texts[i].set_text(f"{p[i]:.3g}")
        for i, text in hinges.items():
            text.set_position((i, max(s[i], 0) + 0.3))
            text.set_text(f"hinge {max(0.0, s[i] - line):.3g}")
        ax_scores.set_title(f"SVM loss = {svm:.4g}   (dashed line: s_y − Δ, Δ = {delta:g})")
        ax_probs.set_title(f"softmax loss = −log p_y = {soft:.4g}")
        return True

    update(scores=s, delta=delta)
    return Live(update, [*score_bars, *prob_bars, ax_probs.spines["bottom"], margin_line,
                         *hinges.values(), *prob_texts, ax_scores.title, ax_probs.title])


def draw_margin_losses(ax, *, margin_range: float = 3.0, names=None) -> None:
    """Every margin loss of ``losses.MARGIN_LOSSES`` (or those in ``names``) against the margin
    m = y·f(x): positive m is the right side of the boundary, negative the wrong side.

    The logistic loss is drawn in bits (divided by log 2) so that, like hinge and exponential,
    it passes through 1 at m = 0 and lies above the 0-1 loss.
    """
    r = _checks.number(margin_range, "margin_range", low=0, low_open=True)
    names = list(losses.MARGIN_LOSSES) if names is None else list(names)
    for name in names:
        _checks.choice(name, "names", losses.MARGIN_LOSSES)
    m = np.linspace(-r, r, 601)
    for i, name in enumerate(names):
        value = losses.MARGIN_LOSSES[name](m)
        label = name
        if name == "logistic":
            value, label = value / np.log(2), "logistic / log 2"
        style = {"drawstyle": "steps-post", "linewidth": 2.5} if name == "zero_one" else {}
        ax.plot(m, value, color=COLORS[i % len(COLORS)], label=label, **style)
    ax.axvline(0, color="gray", linewidth=0.8)
    ax.set_ylim(-0.1, 5)
    ax.set_xlim(-r, r)
    ax.set_xlabel("margin m = y·f(x)")
    ax.set_ylabel("loss")
    ax.set_title("margin losses: wrong side (m < 0) to right side (m > 0)")
    ax.legend(loc="upper left", bbox_to_anchor=(0.52, 1.0), frameon=True)  # where no curve passes
