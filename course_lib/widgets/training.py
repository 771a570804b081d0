"""Explorers for notebook 10 (mini-batches and epochs)."""

from __future__ import annotations

import ipywidgets as widgets

from .. import _checks
from ..experiments import EPOCHS, LR, SUBSET, digits_curve
from ..plots.training import draw_batch_sizes
from .explorer import Explorer

__all__ = ["batch_size_explorer"]

BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, SUBSET)


def batch_size_explorer(batch_size: int = 32) -> Explorer:
    """A batch-size slider over ``plots.draw_batch_sizes`` (loss per epoch and per update).

    Every run the slider can ask for is computed here, once, so each move only redraws.
    """
    _checks.choice(batch_size, "batch_size", BATCH_SIZES)
    for size in BATCH_SIZES:
        digits_curve(size, EPOCHS, LR)
    slider = widgets.SelectionSlider(options=BATCH_SIZES, value=batch_size,
                                     description="batch size")
    return Explorer(draw_batch_sizes, {"batch_size": slider}, ncols=2, figsize=(10, 3.6))
