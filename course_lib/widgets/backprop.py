"""Explorers for notebook 03 back-propagation: play the game, race the two guessers, move the
inputs of a small graph."""

from __future__ import annotations

import ipywidgets as widgets

from .. import _checks, guessing
from ..plots.backprop import draw_difference_errors, draw_gate_graph, draw_guess, draw_guessing_race
from .explorer import Explorer

__all__ = ["guess_explorer", "guessing_race_explorer", "gate_graph_explorer", "difference_errors_explorer"]


def guess_explorer(*, low: int = 1, high: int = 100, seed: int | None = None,
                   guess: int | None = None) -> Explorer:
    """Play the game: slide (or type into the box) a guess, read "too big" / "too small".

    Every guess is remembered: the grey bands show what all answers so far rule out. The hidden
    number is drawn with ``seed`` (a fresh one each time if None).
    """
    game = guessing.Game(low, high, rng=seed)
    start = (game.low + game.high) // 2 if guess is None else _checks.integer(guess, "guess", low=game.low,
                                                                              high=game.high)
    slider = widgets.IntSlider(value=start, min=game.low, max=game.high, description="guess",
                               continuous_update=False)
    earlier: list[int] = []
    # observed before the Explorer observes it, so the drawing already sees the longer list
    slider.observe(lambda change: earlier.append(change["old"]), names="value")
    return Explorer(draw_guess, {"guess": slider}, fixed={"game": game, "earlier": earlier},
                    figsize=(7, 2.2))


def guessing_race_explorer(*, lr: float = 0.5, target: int = 73) -> Explorer:
    """The two guessers on one game; the slider sets the step size lr of the "how far off" one."""
    lr = _checks.number(lr, "lr", low=0.05, high=2.5)
    slider = widgets.FloatSlider(value=lr, min=0.05, max=2.5, step=0.05, description="lr",
                                 continuous_update=False)
    return Explorer(draw_guessing_race, {"lr": slider},
                    fixed={"game": guessing.Game(1, 100, target=target)})


def gate_graph_explorer(*, x: float = -2.0, y: float = 5.0, z: float = -4.0,
                        w: float = 2.0) -> Explorer:
    """One slider per input of f = (x + y)·max(z, w) (−5 to 5, steps of 0.5) above its graph
    with every node's value and gradient: drag z past w and the max gate's gradient switches."""
    start = {name: _checks.number(value, name, low=-5, high=5)
             for name, value in {"x": x, "y": y, "z": z, "w": w}.items()}
    controls = {name: widgets.FloatSlider(value=value, min=-5, max=5, step=0.5, description=name)
                for name, value in start.items()}
    return Explorer(draw_gate_graph, controls, figsize=(9, 3.6))


def difference_errors_explorer(*, h: float = 1e-5) -> Explorer:
    """A log-scale slider for the step h (1e-13 to 1) on the error-against-h plot of numerical
    derivatives: find the bottom of each V."""
    h = _checks.number(h, "h", low=1e-13, high=1)
    slider = widgets.FloatLogSlider(value=h, base=10, min=-13, max=0, step=0.25, description="step h",
                                    readout_format=".1e", continuous_update=False)
    return Explorer(draw_difference_errors, {"h": slider})
