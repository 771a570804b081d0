"""Explorers for notebook 02 gradient descent."""

from __future__ import annotations

import ipywidgets

from .. import _checks
from ..plots.descent import draw_descent_1d, draw_descent_2d, draw_directional_derivative
from .explorer import Explorer

__all__ = ["directional_derivative_explorer", "descent_1d_explorer", "descent_2d_explorer"]


def directional_derivative_explorer(*, angle: float = 0.0) -> Explorer:
    """A direction-angle slider (0 to 360 degrees) above the contour plot and the D_u f curve."""
    angle = _checks.number(angle, "angle", low=0, high=360)
    slider = ipywidgets.FloatSlider(value=angle, min=0, max=360, step=5,
                                    description="direction angle (°)")
    return Explorer(draw_directional_derivative, {"angle": slider}, ncols=2, figsize=(11, 4))


def descent_1d_explorer(*, lr: float = 0.3, curvature: float = 2.0) -> Explorer:
    """Learning-rate (0.02 to 1.5) and curvature (0.5 to 4) sliders for descent on ½·a·x²."""
    lr = _checks.number(lr, "lr", low=0.02, high=1.5)
    curvature = _checks.number(curvature, "curvature", low=0.5, high=4)
    controls = {
        "lr": ipywidgets.FloatSlider(value=lr, min=0.02, max=1.5, step=0.02,
                                     description="learning rate"),
        "curvature": ipywidgets.FloatSlider(value=curvature, min=0.5, max=4, step=0.25,
                                            description="curvature a"),
    }
    return Explorer(draw_descent_1d, controls, fixed={"max_curvature": controls["curvature"].max},
                    ncols=2, figsize=(11, 4))


def descent_2d_explorer(*, surface: str = "quadratic", lr: float = 0.15, condition: float = 10.0,
                        steps: int = 100) -> Explorer:
    """Controls for 2-D descent: the surface (quadratic or Rosenbrock), the learning rate
    (1e-4 to 1, log scale), the quadratic's condition number κ (1 to 100) and the steps (10 to
    3000, on a step axis that always reaches 3000, so that every move but a new surface blits)."""
    surface = _checks.choice(surface, "surface", ("quadratic", "rosenbrock"))
    lr = _checks.number(lr, "lr", low=1e-4, high=1)
    condition = _checks.number(condition, "condition", low=1, high=100)
    steps = _checks.integer(steps, "steps", low=10, high=3000)
    controls = {
        "surface": ipywidgets.Dropdown(options=["quadratic", "rosenbrock"], value=surface,
                                       description="surface"),
        "lr": ipywidgets.FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.05,
                                        description="learning rate", readout_format=".3g"),
        "condition": ipywidgets.FloatLogSlider(value=condition, base=10, min=0, max=2, step=0.05,
                                               description="condition κ (quadratic)",
                                               readout_format=".3g"),
        "steps": ipywidgets.IntSlider(value=steps, min=10, max=3000, step=10, description="steps"),
    }
    return Explorer(draw_descent_2d, controls, fixed={"max_steps": controls["steps"].max}, ncols=2,
                    figsize=(11, 4))
