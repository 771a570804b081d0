"""Explorers for notebook 01 softmax."""

from __future__ import annotations

import ipywidgets

from .. import _checks
from ..plots.softmax import NOTES_LOGITS, draw_softmax_temperature
from .explorer import Explorer

__all__ = ["softmax_temperature_explorer"]


def softmax_temperature_explorer(*, logits=NOTES_LOGITS, temperature: float = 1.0) -> Explorer:
    """A temperature slider (logarithmic, 0.04 to 25) above the softmax bar chart of ``logits``.

    The starting ``temperature`` must lie in [0.05, 20].
    """
    temperature = _checks.number(temperature, "temperature", low=0.05, high=20)
    slider = ipywidgets.FloatLogSlider(value=temperature, base=10, min=-1.4, max=1.4, step=0.02,
                                       description="temperature T", readout_format=".3g",
                                       continuous_update=True,
                                       style={"description_width": "initial"},
                                       layout={"width": "400px"})
    return Explorer(draw_softmax_temperature, {"temperature": slider}, fixed={"logits": logits},
                    figsize=(6.4, 3.6))
