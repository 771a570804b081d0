"""Explorers for notebook 01 softmax."""

from __future__ import annotations

import math

import ipywidgets

from .. import _checks
from ..plots.softmax import NOTES_LOGITS, draw_softmax_logits, draw_softmax_temperature
from .explorer import Explorer

__all__ = ["softmax_temperature_explorer", "softmax_logits_explorer"]


def softmax_temperature_explorer(*, logits=NOTES_LOGITS, temperature: float = 1.0) -> Explorer:
    """A temperature slider (logarithmic, 0.05 to 20, the range the starting ``temperature``
    must lie in) above the softmax bar chart of ``logits``.

    The slider moves log10(T) from −log10(20) to log10(20) in 130 steps; T = 1 is one of them.
    """
    temperature = _checks.number(temperature, "temperature", low=0.05, high=20)
    top = math.log10(20)  # 0.05 = 1/20
    slider = ipywidgets.FloatLogSlider(value=temperature, base=10, min=-top, max=top, step=top / 65,
                                       description="temperature T", readout_format=".3g",
                                       continuous_update=True)
    return Explorer(draw_softmax_temperature, {"temperature": slider}, fixed={"logits": logits},
                    figsize=(6.4, 3.6))


def softmax_logits_explorer(*, logits=NOTES_LOGITS) -> Explorer:
    """One slider per logit (−5 to 5, steps of 0.1) above the bars of the logits and of their
    softmax: drag one logit and every probability moves, their sum staying 1."""
    z = [_checks.number(v, f"logits[{i}]", low=-5, high=5)
         for i, v in enumerate(_checks.shaped(logits, "logits", (3,)))]
    controls = {f"z{i}": ipywidgets.FloatSlider(value=v, min=-5, max=5, step=0.1,
                                                description=f"logit z{i}")
                for i, v in enumerate(z)}
    return Explorer(draw_softmax_logits, controls, fixed={"max_logit": 5.0}, ncols=2,
                    figsize=(9, 3.6))
