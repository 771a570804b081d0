"""Explorers for notebook 08 dropout."""

from __future__ import annotations

import ipywidgets

from .. import _checks
from ..plots.dropout import draw_dropout_gap, draw_dropout_mask
from .explorer import Explorer

__all__ = ["dropout_mask_explorer", "dropout_gap_explorer"]


def dropout_mask_explorer(*, keep_prob: float = 0.5, seed: int = 0) -> Explorer:
    """A keep_prob slider (0.1 to 1) and a seed slider above one dropout mask."""
    keep_prob = _checks.number(keep_prob, "keep_prob", low=0.1, high=1)
    seed = _checks.integer(seed, "seed", low=0, high=20)
    controls = {"keep_prob": ipywidgets.FloatSlider(value=keep_prob, min=0.1, max=1, step=0.05,
                                                    description="keep_prob"),
                "seed": ipywidgets.IntSlider(value=seed, min=0, max=20, description="seed")}
    return Explorer(draw_dropout_mask, controls, figsize=(6.4, 3.6))


def dropout_gap_explorer(histories: dict, train_acc: dict, val_acc: dict, *,
                         keep_prob: float = 0.5) -> Explorer:
    """A slider over the keep_prob values that were trained (keys of ``histories``).

    The runs are trained beforehand, so moving the slider only redraws; see
    ``plots.draw_dropout_gap`` for the arguments.
    """
    for name, runs in (("histories", histories), ("train_acc", train_acc), ("val_acc", val_acc)):
        if not isinstance(runs, dict) or not runs:
            raise TypeError(f"{name} must be a non-empty dict keyed by keep_prob, "
                            f"got {_checks._describe(runs)}")
    options = sorted(histories)
    _checks.choice(keep_prob, "keep_prob", options)
    slider = ipywidgets.SelectionSlider(options=options, value=keep_prob, description="keep_prob")
    return Explorer(draw_dropout_gap, {"keep_prob": slider},
                    fixed={"histories": histories, "train_acc": train_acc, "val_acc": val_acc},
                    ncols=2, figsize=(11, 4))
