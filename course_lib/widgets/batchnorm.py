"""Explorers for notebook 09 batch normalization."""

from __future__ import annotations

import ipywidgets

from .. import _checks
from ..plots.batchnorm import draw_bn_sweep, draw_running_statistics
from .explorer import Explorer

__all__ = ["BATCH_SIZES", "running_statistics_explorer", "bn_sweep_explorer"]

BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128)
"""The batch sizes offered by ``running_statistics_explorer``."""


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
