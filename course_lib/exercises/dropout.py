"""Checkers for the exercises of notebook 08 Dropout.

The learner's dropout functions get the mask that ``layers.Dropout(keep_prob, rng=seed)`` draws
(``default_rng(seed).random(x.shape) < keep_prob``), so the library's layer is the reference:
inverted dropout is the layer itself, the original dropout is the layer times keep_prob.
"""

from __future__ import annotations

import numpy as np

from .. import layers
from .checking import (
    NOT_COMPARABLE,
    Hint,
    Kind,
    call,
    compare_arrays,
    compare_choice,
    compare_number,
    exercise,
)

_KEEP = 0.2


@exercise("08.1", "The mean and the standard deviation of Dropout(0.2) applied to ones")
def check_mean_and_std(answer) -> Hint | None:
    if not isinstance(answer, tuple | list | np.ndarray) or len(answer) != 2:
        return f"answer with a pair (mean, std), got {answer!r}"
    mean, std = answer
    mean_hint = compare_number(mean, 1.0, [
        (_KEEP, "that is the mean of the mask m; each kept unit is then divided by keep_prob"),
        (1 / _KEEP, "1/keep_prob is the value of a kept unit, but most units are dropped"),
        (1 - _KEEP, "that would be the mean with 80 % of the units kept and not rescaled"),
    ], rtol=0.03)
    if mean_hint is not None:
        return mean_hint if mean_hint.kind is Kind.NOT_NUMBERS else mean_hint.within("the mean")
    std_hint = compare_number(std, np.sqrt((1 - _KEEP) / _KEEP), [
        (np.sqrt(_KEEP * (1 - _KEEP)), "that is the standard deviation of the mask m, before the "
                                       "division by keep_prob"),
        ((1 - _KEEP) / _KEEP, "that is the variance: the standard deviation is its square root"),
        (np.sqrt(_KEEP / (1 - _KEEP)), "that is the value for keep_prob = 0.8: the layer's argument is "
                                       "the probability to keep (PyTorch's p is the probability to drop)"),
        (0.0, "the outputs are not all equal: some are 0, the others 1/keep_prob"),
    ], rtol=0.03)
    if std_hint is not None:
        return std_hint if std_hint.kind is Kind.NOT_NUMBERS else std_hint.within("the standard deviation")
    return None


def _inverted(x, keep_prob, training, seed):
    layer = layers.Dropout(keep_prob, rng=seed)
    return (layer if training else layer.eval()).forward(x)


def _original(x, keep_prob, training, seed):
    return keep_prob * _inverted(x, keep_prob, training, seed)


_X = np.random.default_rng(8).standard_normal((4, 6))
_CASES = [  # (description, x, keep_prob, training, seed)
    ("a batch of 4 rows, keep_prob 0.5", _X, 0.5, True, 0),
    ("keep_prob 0.8", _X, 0.8, True, 1),
    ("evaluation mode (training=False), keep_prob 0.8", _X, 0.8, False, 2),
    ("keep_prob 1 (nothing is dropped)", _X, 1.0, True, 3),
    ("a batch of one row", _X[:1], 0.6, True, 4),
    ("a 3-D input of shape (2, 3, 4)", np.linspace(-2, 2, 24).reshape(2, 3, 4), 0.7, True, 5),
    ("float32 inputs", _X.astype(np.float32), 0.8, True, 6),
]


def _check_dropout(function, reference, kept, mistakes) -> Hint | None:
    """Run ``function(x, mask, keep_prob, training)`` on every case against ``reference``. On a
    difference, the hint of the first ``(hint, mode, wrong(x, mask, keep_prob))`` it matches in
    that mode ("training" or "evaluation"), or of a result drawn with another mask: units that are
    either 0 or ``kept(x, keep_prob)``, but not where the given mask says."""
    for description, x, keep_prob, training, seed in _CASES:
        mask = np.random.default_rng(seed).random(x.shape) < keep_prob
        value, hint = call(function, x.copy(), mask.copy(), keep_prob, training)
        if hint is None:
            hint = compare_arrays(value, reference(x, keep_prob, training, seed), what="the result",
                                  rtol=1e-6, atol=1e-6)
            if hint is not None and hint.kind not in NOT_COMPARABLE:
                hint = _named_mistake(np.asarray(value, dtype=np.float64), x, mask, keep_prob, training,
                                      kept, mistakes) or hint
            elif hint is None and x.dtype == np.float32 and np.asarray(value).dtype != np.float32:
                hint = f"the result should stay float32, got {np.asarray(value).dtype}"
        if hint is not None:
            return f"for {description}: {hint}"
    return None


def _named_mistake(value, x, mask, keep_prob, training, kept, mistakes) -> str | None:
    """The hint of the mistake that gives ``value`` (of the right shape), if ``_check_dropout`` knows it."""
    mode = "training" if training else "evaluation"
    for mistake, when, wrong in mistakes:
        if when == mode and np.allclose(value, wrong(x, mask, keep_prob), rtol=1e-6, atol=1e-6):
            return mistake
    zero = np.isclose(value, 0, atol=1e-9)
    if training and np.allclose(value[~zero], kept(x, keep_prob)[~zero], rtol=1e-6) \
            and not np.array_equal(~zero, mask & (x != 0)):
        return "use the mask you are given (True = keep): the zeros are in other places"
    return None


_KEPT_OTHERS = ("the mask is True for the units to keep: you kept the others", "training",
                lambda x, m, p: x * ~m / p)


@exercise("08.2", "Inverted dropout, forward, given the mask")
def check_inverted_dropout(function) -> Hint | None:
    return _check_dropout(function, _inverted, lambda x, p: x / p, [
        ("in evaluation mode dropout does nothing: return x unchanged", "evaluation",
         lambda x, m, p: x * m / p),
        ("that is the original dropout's evaluation rule: inverted dropout returns x unchanged",
         "evaluation", lambda x, m, p: x * p),
        ("the kept units must be divided by keep_prob, so that the mean stays x", "training",
         lambda x, m, p: x * m),
        ("divide the kept units by keep_prob, do not multiply", "training", lambda x, m, p: x * m * p),
        ("divide by keep_prob, the probability to keep, not by the drop rate 1 − keep_prob", "training",
         lambda x, m, p: x * m / (1 - p)),
        _KEPT_OTHERS,
    ])


@exercise("08.3", "The original (non-inverted) dropout, forward, given the mask")
def check_original_dropout(function) -> Hint | None:
    return _check_dropout(function, _original, lambda x, p: x, [
        ("in evaluation the original dropout multiplies by keep_prob (the paper scaled the weights "
         "at test time)", "evaluation", lambda x, m, p: x),
        ("in evaluation multiply by keep_prob, do not divide", "evaluation", lambda x, m, p: x / p),
        ("in evaluation no unit is dropped", "evaluation", lambda x, m, p: x * m * p),
        ("that is inverted dropout: the original dropout does not rescale in training", "training",
         lambda x, m, p: x * m / p),
        ("in training the original dropout only zeroes the dropped units: no rescaling", "training",
         lambda x, m, p: x * m * p),
        _KEPT_OTHERS,
    ])


@exercise("08.4", "Training-mode accuracies with keep_prob 0.9, compared with those at keep_prob 0.5")
def check_buggy_accuracies(answer) -> Hint | None:
    hint = compare_choice(answer, "closer", ["closer", "further", "equal"])
    if hint is not None and hint.kind is Kind.OTHER_OPTION and answer == "equal":
        return ("with keep_prob 0.9 a tenth of the units is still dropped at random in training mode: "
                "run the cell a few times")
    return hint
