"""Explorers for notebook 10 (mini-batches and epochs)."""

from __future__ import annotations

import asyncio
import html

import ipywidgets as widgets

from .. import _checks
from ..experiments import EPOCHS, LR, SUBSET, digits_curve
from ..plots.training import draw_batch_sizes
from .explorer import Explorer, loop_running, schedule

__all__ = ["LEARNING_RATES", "batch_size_explorer"]

BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, SUBSET)
LEARNING_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
"""The learning rates ``batch_size_explorer`` offers (SGD with B = 1 is unstable at 0.5)."""


class _BatchSizeExplorer(Explorer):
    """An ``Explorer`` that trains the runs a move needs before it shows them, with a
    "training… run i of n" note above the figure (an error's text if a run fails).

    In a notebook (an event loop runs) the move's handler returns at once and one task trains
    the runs, one at a time, yielding to the notebook in between: before each run it reads the
    sliders again, so it trains only what the sliders show now, and at the end it shows them.
    A move while it trains only changes the sliders' values. Without a loop (a script, a test)
    the handler trains them itself and ``last_move`` is then ``"train"``. Runs it has trained
    are remembered by ``digits_curve``.
    """

    def __init__(self, controls: dict) -> None:
        self.note = widgets.HTML()
        self._trained: set[tuple[int, float]] = set()
        self._task: asyncio.Future | None = None
        self._moved = ""  # the control moved last: the task shows its pair as a move of it
        super().__init__(draw_batch_sizes, controls, ncols=2, figsize=(10, 3.6))
        self.children = (*self.children[:-1], self.note, self.image)
        self._trained.update(self._missing())  # trained by the first drawing: only remembered here

    def _missing(self) -> list[tuple[int, float]]:
        """The runs (batch size, lr) that the sliders' values need and that are not trained yet."""
        lr = self.controls["lr"].value
        sizes = dict.fromkeys((SUBSET, 1, self.controls["batch_size"].value))
        return [(size, lr) for size in sizes if (size, lr) not in self._trained]

    def _progress(self, run: tuple[int, float], done: int, left: int) -> None:
        size, lr = run
        self.note.value = f"<i>training… run {done + 1} of {done + left} (B = {size}, lr = {lr:g})</i>"

    def _train(self, run: tuple[int, float], done: int, left: int) -> None:
        self._progress(run, done, left)
        size, lr = run
        try:
            digits_curve(size, EPOCHS, lr)
        except Exception as error:
            self.note.value = (f"<b>Training failed</b> (B = {size}, lr = {lr:g}): "
                               f"{html.escape(str(error))}")
            raise
        self._trained.add(run)

    def _on_change(self, name: str) -> None:
        self._moved = name
        if self._task is not None and not self._task.done():
            return  # the task reads the sliders before each run and shows them at its end
        missing = self._missing()
        if missing and loop_running():
            self._progress(missing[0], 0, len(missing))
            self._task = schedule(self._train_in_turn())
            return
        for done, run in enumerate(missing):
            self._train(run, done, len(missing) - done)
        self.note.value = ""
        super()._on_change(name)
        if missing:
            self.last_move = "train"

    async def _train_in_turn(self) -> None:
        done, values = 0, self.values
        while True:
            await asyncio.sleep(0.01)  # the notebook takes newer slider values in the meantime
            missing = self._missing()
            if not missing:
                break
            if self.values != values:  # the sliders moved on: count the runs of their pair
                done, values = 0, self.values
            self._train(missing[0], done, len(missing))
            done += 1
        self.note.value = ""
        super()._on_change(self._moved)


def batch_size_explorer(batch_size: int = 32, lr: float = LR) -> Explorer:
    """Batch-size and learning-rate sliders over ``plots.draw_batch_sizes`` (loss per epoch and
    per update).

    A pair not seen before needs up to three training runs (about a second for SGD): they are
    trained when the slider reaches it, under a "training…" note, and cached, so a move back is
    a redraw. In a notebook they train in the background, one run at a time, and only for the
    pair the sliders show: a fast drag trains none of the pairs it passes over, the sliders stay
    responsive, and the figure shows the pair once its runs are ready. Training every pair
    beforehand would take tens of seconds.
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
