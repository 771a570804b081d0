"""The batch-size explorer's training: in a task when an event loop runs (a notebook), only for
the pair the sliders end on; in the move's handler without one (a script, the benchmark)."""

import asyncio
import sys

import numpy as np
import pytest

from course_lib.plots import training as plots_training
from course_lib.widgets import batch_size_explorer, training

needs_a_blocking_loop = pytest.mark.skipif(
    sys.platform == "emscripten", reason="asyncio.run must block until the coroutine ends, which "
    "Pyodide under Node cannot")


def note(run: int, runs: int, size: int, lr: float) -> tuple[str, str]:
    return "note", f"<i>training… run {run} of {runs} (B = {size}, lr = {lr:g})</i>"


@pytest.fixture
def events(monkeypatch):
    """What happens, in order: ("train", B, lr) for a training run, ("draw", B, lr) for a run
    the drawing reads; both get a fast made-up curve instead of training."""
    happened = []

    def fake(kind):
        def digits_curve(batch_size, epochs, lr):
            happened.append((kind, batch_size, lr))
            updates = np.arange(6) * (300 // batch_size)
            return updates * batch_size, updates, np.linspace(2.3, lr + 1 / batch_size, 6)
        return digits_curve

    monkeypatch.setattr(training, "digits_curve", fake("train"))
    monkeypatch.setattr(plots_training, "digits_curve", fake("draw"))
    return happened


def watched(events, **initial):
    """A batch-size explorer whose note changes and pictures are added to ``events``."""
    explorer = batch_size_explorer(**initial)
    explorer.note.observe(lambda change: events.append(("note", change["new"])), names="value")
    explorer.image.observe(lambda _: events.append(("picture", explorer.last_move)), names="value")
    events.clear()
    return explorer


def shown_pair(explorer) -> tuple[str, str]:
    ax = explorer.figure.axes[0]
    return ax.get_title(), ax.get_legend().get_texts()[2].get_text()


@needs_a_blocking_loop
def test_a_fast_drag_trains_only_the_pair_the_sliders_end_on(events):
    async def drag():
        explorer = watched(events, batch_size=32, lr=0.05)
        for name, value in (("batch_size", 8), ("lr", 0.2), ("batch_size", 16)):
            explorer.controls[name].value = value  # as a fast drag's values arrive within the
            # task's 10 ms pause; no await between them, so however slow the machine, all three
            # come before the task's first turn
        await explorer._task
        return explorer

    explorer = asyncio.run(drag())
    assert events == [note(1, 1, 8, 0.05),  # the first move's note, before its task started
                      note(1, 3, 300, 0.2), ("train", 300, 0.2), note(2, 3, 1, 0.2), ("train", 1, 0.2),
                      note(3, 3, 16, 0.2), ("train", 16, 0.2), ("note", ""),
                      ("draw", 300, 0.2), ("draw", 1, 0.2), ("draw", 16, 0.2), ("picture", "blit")]
    assert shown_pair(explorer) == ("Loss per unit of computation, lr = 0.2", "mini-batch (B = 16)")


@needs_a_blocking_loop
def test_a_move_during_a_run_is_trained_next_counting_its_own_runs(events, monkeypatch):
    trained = training.digits_curve

    def slider_moves_meanwhile(batch_size, epochs, lr):
        if lr == 0.05:
            explorer.controls["lr"].value = 0.2  # arrives while this run trains
        return trained(batch_size, epochs, lr)

    async def move():
        explorer.controls["batch_size"].value = 8
        await explorer._task

    explorer = watched(events, batch_size=32, lr=0.05)
    monkeypatch.setattr(training, "digits_curve", slider_moves_meanwhile)
    asyncio.run(move())
    assert events == [note(1, 1, 8, 0.05), ("train", 8, 0.05),
                      note(1, 3, 300, 0.2), ("train", 300, 0.2), note(2, 3, 1, 0.2), ("train", 1, 0.2),
                      note(3, 3, 8, 0.2), ("train", 8, 0.2), ("note", ""),
                      ("draw", 300, 0.2), ("draw", 1, 0.2), ("draw", 8, 0.2), ("picture", "blit")]
    assert shown_pair(explorer) == ("Loss per unit of computation, lr = 0.2", "mini-batch (B = 8)")


@needs_a_blocking_loop
def test_in_a_notebook_a_move_to_trained_runs_is_an_ordinary_move(events):
    async def move():
        explorer = watched(events, batch_size=32, lr=0.05)
        explorer.controls["batch_size"].value = 300  # batch GD's run is drawn already
        return explorer

    explorer = asyncio.run(move())
    assert events == [("draw", 300, 0.05), ("draw", 1, 0.05), ("draw", 300, 0.05), ("picture", "blit")]
    assert explorer._task is None and explorer.note.value == ""


@needs_a_blocking_loop
def test_a_failing_run_puts_its_message_into_the_note(monkeypatch):
    def fail(batch_size, epochs, lr):
        raise FloatingPointError("overflow in the loss")

    async def move():
        explorer = batch_size_explorer(batch_size=32, lr=0.05)
        monkeypatch.setattr(training, "digits_curve", fail)
        explorer.controls["lr"].value = 0.5
        with pytest.raises(FloatingPointError, match="overflow in the loss"):
            await explorer._task
        return explorer

    explorer = asyncio.run(move())
    assert explorer.note.value == "<b>Training failed</b> (B = 300, lr = 0.5): overflow in the loss"
    assert shown_pair(explorer)[0] == "Loss per unit of computation, lr = 0.05"  # not drawn


def test_without_an_event_loop_a_move_trains_in_its_handler(events, no_event_loop):
    explorer = watched(events, batch_size=32, lr=0.05)
    explorer.controls["lr"].value = 0.1
    assert events == [note(1, 3, 300, 0.1), ("train", 300, 0.1), note(2, 3, 1, 0.1), ("train", 1, 0.1),
                      note(3, 3, 32, 0.1), ("train", 32, 0.1), ("note", ""),
                      ("draw", 300, 0.1), ("draw", 1, 0.1), ("draw", 32, 0.1), ("picture", "blit")]
    assert explorer.last_move == "train"
    assert shown_pair(explorer) == ("Loss per unit of computation, lr = 0.1", "mini-batch (B = 32)")
    events.clear()
    explorer.controls["lr"].value = 0.05  # trained before: an ordinary move
    assert events == [("draw", 300, 0.05), ("draw", 1, 0.05), ("draw", 32, 0.05), ("picture", "blit")]
    assert explorer.last_move == "blit"
