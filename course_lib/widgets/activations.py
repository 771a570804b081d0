"""Explorers for notebook 04 activations."""

from __future__ import annotations

import ipywidgets as widgets

from .. import _checks
from ..activations import ACTIVATIONS
from ..plots.activations import draw_activation, draw_gradient_norms
from .explorer import Explorer

__all__ = ["activation_explorer", "gradient_norms_explorer"]


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


def gradient_norms_explorer(*, depth: int = 10, weight_scale: float = 1.0) -> Explorer:
    """A depth slider (2 to 30 layers) and a logarithmic weight-scale slider (0.5 to 4) above
    ``plots.draw_gradient_norms`` for sigmoid, tanh and ReLU."""
    depth = _checks.integer(depth, "depth", low=2, high=30)
    weight_scale = _checks.number(weight_scale, "weight_scale", low=0.5, high=4)
    controls = {
        "depth": widgets.IntSlider(value=depth, min=2, max=30, description="depth"),
        "weight_scale": widgets.FloatLogSlider(value=weight_scale, base=2, min=-1, max=2, step=0.25,
                                               description="weight scale", readout_format=".3g"),
    }
    return Explorer(draw_gradient_norms, controls, fixed={"max_depth": controls["depth"].max},
                    figsize=(8, 4))
