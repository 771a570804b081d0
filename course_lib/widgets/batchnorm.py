"""Explorers for notebook 09 batch normalization."""

from __future__ import annotations

import ipywidgets

from .. import _checks
from ..plots.batchnorm import draw_bn_sweep, draw_layer_spread, draw_running_statistics
from .explorer import Explorer

__all__ = ["BATCH_SIZES", "MAX_DEPTH", "layer_spread_explorer", "running_statistics_explorer",
           "bn_sweep_explorer"]

BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128)
"""The batch sizes offered by ``running_statistics_explorer``."""
MAX_DEPTH = 30
"""The deepest network ``layer_spread_explorer`` offers."""


def layer_spread_explorer(*, weight_std: float = 0.5, depth: int = 10) -> Explorer:
    """A log slider for the initial weight std (0.01 to 1) and a depth slider (1 to ``MAX_DEPTH``)
    above ``draw_layer_spread``; its axes reach the deepest network, so every move is a blit."""
    weight_std = _checks.number(weight_std, "weight_std", low=0.01, high=1)
    depth = _checks.integer(depth, "depth", low=1, high=MAX_DEPTH)
    controls = {
        "weight_std": ipywidgets.FloatLogSlider(value=weight_std, base=10, min=-2, max=0,
                                                step=0.05, description="weight std"),
        "depth": ipywidgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="depth"),
    }
    return Explorer(draw_layer_spread, controls, fixed={"max_depth": MAX_DEPTH}, ncols=2,
                    figsize=(11, 3.8))


def running_statistics_explorer(*, momentum: float = 0.1, batch_size: int = 16,
                                seed: int = 0) -> Explorer:
    """Sliders for the momentum, the batch size and the seed above ``draw_running_statistics``."""
    momentum = _checks.number(momentum, "momentum", low=0.01, high=1)
    batch_size = _checks.integer(batch_size, "batch_size", low=2)
    if batch_size not in BATCH_SIZES:
        raise ValueError(f"batch_size must be one of {list(BATCH_SIZES)}, got {batch_size}")
    seed = _checks.integer(seed, "seed", low=0, high=20)
    controls = {
        "momentum": ipywidgets.FloatSlider(value=momentum, min=0.01, max=1, step=0.01,
                                           description="momentum"),
        "batch_size": ipywidgets.SelectionSlider(options=BATCH_SIZES, value=batch_size,
                                                 description="batch size"),
        "seed": ipywidgets.IntSlider(value=seed, min=0, max=20, description="seed"),
    }
    return Explorer(draw_running_statistics, controls, ncols=2, figsize=(11, 3.8))


def bn_sweep_explorer(runs: dict, *, value, parameter: str = "initial weight std") -> Explorer:
    """A slider over the values of ``parameter`` that were trained (the keys of ``runs``).

    The runs are trained beforehand, so moving the slider only redraws; see
    ``plots.draw_bn_sweep`` for the arguments.
    """
    if not isinstance(runs, dict) or not runs:
        raise ValueError(f"runs must be a non-empty dict {{value: {{label: History}}}}, "
                         f"got {_checks._describe(runs)}")
    options = sorted(runs)
    if value not in options:
        raise ValueError(f"value must be one of {options}, got {value!r}")
    slider = ipywidgets.SelectionSlider(options=options, value=value, description=parameter)
    return Explorer(draw_bn_sweep, {"value": slider}, fixed={"runs": runs, "parameter": parameter},
                    ncols=2, figsize=(11, 4))
