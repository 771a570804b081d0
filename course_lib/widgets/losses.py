"""Explorers for notebook 05 cross-entropy and the loss zoo."""

from __future__ import annotations

import ipywidgets

from .. import _checks
from ..plots.base import Live
from ..plots.losses import NOTES_SCORES, draw_softmax_vs_svm
from .explorer import Explorer

__all__ = ["softmax_vs_svm_explorer"]


def _draw_three_scores(axes, *, s0: float, s1: float, s2: float, delta: float, score_range) -> Live:
    live = draw_softmax_vs_svm(axes, scores=(s0, s1, s2), correct=0, delta=delta, score_range=score_range)

    def update(*, s0: float, s1: float, s2: float, delta: float, score_range) -> bool:
        return live.update(scores=(s0, s1, s2), delta=delta)

    return Live(update, live.artists, live.redraw_on)


def softmax_vs_svm_explorer(*, scores=NOTES_SCORES, delta: float = 1.0) -> Explorer:
    """Sliders for three scores (class 0 is the correct one) and the margin Δ, above the SVM
    and softmax panels of ``plots.draw_softmax_vs_svm``."""
    scores = _checks.float_array(scores, "scores", ndim=1, shape="(3,)", finite=True)
    if scores.shape != (3,) or scores.min() < -5 or scores.max() > 15:
        raise ValueError(f"scores must be three numbers in [-5, 15], got {scores.tolist()}")
    s0, s1, s2 = scores.tolist()
    delta = _checks.number(delta, "delta", low=0, high=5)

    def slider(value: float, description: str, low: float = -5.0, high: float = 15.0):
        return ipywidgets.FloatSlider(value=value, min=low, max=high, step=0.5,
                                      description=description, continuous_update=True)

    controls = {"s0": slider(s0, "s0 (correct)"), "s1": slider(s1, "s1"), "s2": slider(s2, "s2"),
                "delta": slider(delta, "margin Δ", 0.0, 5.0)}
    # the lowest margin line is the lowest correct score minus the largest Δ
    score_range = (controls["s0"].min - controls["delta"].max, controls["s0"].max)
    return Explorer(_draw_three_scores, controls, fixed={"score_range": score_range}, ncols=2,
                    figsize=(10, 3.8))
