"""Explorers for notebook 04 activations."""

from __future__ import annotations

import ipywidgets as widgets

from .. import _checks
from ..activations import ACTIVATIONS
from ..plots.activations import draw_activation
from .explorer import Explorer

__all__ = ["activation_explorer"]


def activation_explorer(*, name: str = "leaky_relu", alpha: float = 0.1,
                        theta: float = 1.0) -> Explorer:
    """Choose an activation from a list; move α (leaky ReLU, PReLU, ELU) or θ (thresholded ReLU)."""
    name = _checks.choice(name, "name", ACTIVATIONS)
    alpha = _checks.number(alpha, "alpha", low=0, high=2)
    theta = _checks.number(theta, "theta", low=-2, high=3)
    controls = {
        "name": widgets.Dropdown(options=list(ACTIVATIONS), value=name, description="function"),
        "alpha": widgets.FloatSlider(value=alpha, min=0.0, max=2.0, step=0.01, description="α",
                                     continuous_update=False),
        "theta": widgets.FloatSlider(value=theta, min=-2.0, max=3.0, step=0.1, description="θ",
                                     continuous_update=False),
    }
    return Explorer(draw_activation, controls, ncols=2, figsize=(10, 3.4))
