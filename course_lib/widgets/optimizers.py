"""Explorers for notebook 07 optimizers: the optimizer race and momentum on a ravine."""

from __future__ import annotations

import ipywidgets

from .. import _checks, surfaces
from ..experiments import RACERS
from ..plots.optimizers import draw_adam_bias_correction, draw_momentum_ravine, draw_optimizer_race
from .controls import Choices
from .explorer import Explorer

__all__ = ["optimizer_race_explorer", "momentum_ravine_explorer", "adam_bias_correction_explorer"]


def optimizer_race_explorer(*, surface: str = "quadratic", optimizers=("SGD", "Momentum", "Adam"),
                            lr: float = 0.05) -> Explorer:
    """The race: surface, the quadratic's condition number κ (1 to 1000), which optimizers run,
    the shared learning rate (1e-4 to 1, log scale), momentum μ and Adam's β₁, β₂."""
    _checks.choice(surface, "surface", surfaces.SURFACES)
    if isinstance(optimizers, str) or not isinstance(optimizers, list | tuple):
        raise TypeError(f"optimizers must be a list or tuple of names from {list(RACERS)}, "
                        f"got {type(optimizers).__name__} {optimizers!r}")
    for name in optimizers:
        _checks.choice(name, "optimizers entry", RACERS)
    lr = _checks.number(lr, "lr", low=1e-4, high=1)
    controls = {
        "surface": ipywidgets.Dropdown(options=list(surfaces.SURFACES), value=surface,
                                       description="surface"),
        "optimizers": Choices(RACERS, value=optimizers, description="optimizers"),
        "condition": ipywidgets.FloatLogSlider(value=10, base=10, min=0, max=3, step=0.1,
                                               description="condition κ (quadratic)",
                                               readout_format=".3g"),
        "lr": ipywidgets.FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.05,
                                        description="learning rate", readout_format=".3g"),
        "momentum": ipywidgets.FloatSlider(value=0.6, min=0, max=0.99, step=0.01,
                                           description="momentum μ"),
        "beta1": ipywidgets.FloatSlider(value=0.9, min=0, max=0.99, step=0.01,
                                        description="Adam β₁"),
        "beta2": ipywidgets.FloatSlider(value=0.999, min=0.9, max=0.9999, step=0.0001,
                                        description="Adam β₂", readout_format=".4f"),
    }
    return Explorer(draw_optimizer_race, controls, ncols=2, figsize=(11, 4.2))


def momentum_ravine_explorer(*, condition: float = 50.0, lr: float = 0.02,
                             momentum: float = 0.7) -> Explorer:
    """Condition number κ (1 to 1000), learning rate (1e-5 to 1, log scale) and momentum sliders
    above the rate map (over the slider's learning rates) and the paths on the ravine."""
    condition = _checks.number(condition, "condition", low=1, high=1000)
    lr = _checks.number(lr, "lr", low=1e-5, high=1)
    momentum = _checks.number(momentum, "momentum", low=0, high=0.99)
    controls = {
        "condition": ipywidgets.FloatLogSlider(value=condition, base=10, min=0, max=3, step=0.1,
                                               description="condition κ", readout_format=".3g"),
        "lr": ipywidgets.FloatLogSlider(value=lr, base=10, min=-5, max=0, step=0.05,
                                        description="learning rate", readout_format=".3g"),
        "momentum": ipywidgets.FloatSlider(value=momentum, min=0, max=0.99, step=0.01,
                                           description="momentum μ"),
    }
    lr_limits = (10 ** controls["lr"].min, 10 ** controls["lr"].max)
    return Explorer(draw_momentum_ravine, controls, fixed={"lr_limits": lr_limits}, ncols=2,
                    figsize=(11, 4.2))


def adam_bias_correction_explorer(*, beta1: float = 0.9, beta2: float = 0.999) -> Explorer:
    """β₁ (0 to 0.99) and β₂ (0.9 to 0.999) sliders above Adam's moving averages of a noisy
    gradient, with and without bias correction, and the step sizes they give."""
    beta1 = _checks.number(beta1, "beta1", low=0, high=0.99)
    beta2 = _checks.number(beta2, "beta2", low=0.9, high=0.999)
    controls = {
        "beta1": ipywidgets.FloatSlider(value=beta1, min=0, max=0.99, step=0.01, description="β₁"),
        "beta2": ipywidgets.FloatSlider(value=beta2, min=0.9, max=0.999, step=0.001,
                                        description="β₂", readout_format=".3f"),
    }
    return Explorer(draw_adam_bias_correction, controls, ncols=3, figsize=(11, 3.6))
