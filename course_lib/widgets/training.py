"""Explorers for notebook 10 (mini-batches and epochs)."""

from __future__ import annotations

import ipywidgets as widgets

from .. import _checks
from ..experiments import EPOCHS, LR, SUBSET, digits_curve
from ..plots.training import draw_batch_sizes
from .explorer import Explorer

__all__ = ["LEARNING_RATES", "batch_size_explorer"]

BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, SUBSET)
LEARNING_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
"""The learning rates ``batch_size_explorer`` offers (SGD with B = 1 is unstable at 0.5)."""


class _BatchSizeExplorer(Explorer):
    """An ``Explorer`` that trains the runs a move needs first, with a "training…" note above
    the figure while it does; runs it has trained are remembered by ``digits_curve``."""

    def __init__(self, controls: dict) -> None:
        self.note = widgets.HTML()
        self._trained: set[tuple[int, float]] = set()
        super().__init__(draw_batch_sizes, controls, ncols=2, figsize=(10, 3.6))
        self.children = (*self.children[:-1], self.note, self.image)
        self._train_what_is_shown()  # trained by the first drawing: only remembered here

    def _train_what_is_shown(self) -> None:
        lr = self.controls["lr"].value
        missing = [size for size in (SUBSET, 1, self.controls["batch_size"].value)
                   if (size, lr) not in self._trained]
        for i, size in enumerate(missing):
            self.note.value = (f"<i>training… run {i + 1} of {len(missing)} "
                               f"(B = {size}, lr = {lr:g})</i>")
            digits_curve(size, EPOCHS, lr)
            self._trained.add((size, lr))
        self.note.value = ""

    def _on_change(self, name: str) -> None:
        self._train_what_is_shown()
        super()._on_change(name)


def batch_size_explorer(batch_size: int = 32, lr: float = LR) -> Explorer:
    """Batch-size and learning-rate sliders over ``plots.draw_batch_sizes`` (loss per epoch and
    per update).

    A pair not seen before needs up to three training runs (about a second for SGD): they are
    trained when the slider reaches it, under a "training…" note, and cached, so a move back is
    a redraw. Training every pair beforehand would take tens of seconds.
    """
    _checks.choice(batch_size, "batch_size", BATCH_SIZES)
    _checks.choice(lr, "lr", LEARNING_RATES)
    controls = {
        "batch_size": widgets.SelectionSlider(options=BATCH_SIZES, value=batch_size,
                                              description="batch size"),
        "lr": widgets.SelectionSlider(options=LEARNING_RATES, value=lr,
                                      description="learning rate"),
    }
    return _BatchSizeExplorer(controls)
