"""Checkers for the exercises of notebook 10 Mini-batches and epochs.

A learner's mini-batch generator is checked for the properties of ``data.minibatches``: the same
number and sizes of batches, every example exactly once per epoch, rows of X and y kept
together, a shuffled order drawn from the given generator (fresh each epoch, repeatable from a
seed), and X and y left unchanged. A learner's gradient accumulation is compared with
Σ_i (n_i / n)·g_i on micro-batches of equal and of unequal sizes.
"""

from __future__ import annotations

import math

import numpy as np

from .. import data
from .checking import (
    WRONG_FORM,
    Hint,
    Kind,
    as_numbers,
    call,
    compare_arrays,
    compare_choice,
    compare_number,
    exercise,
)

_N, _B, _EPOCHS = 1079, 128, 5


@exercise("10.1", "Gradient steps in 5 epochs of 1079 examples with batch size 128")
def check_steps(answer) -> Hint | None:
    per_epoch = math.ceil(_N / _B)
    if isinstance(answer, int | float | np.number) and not float(answer).is_integer():
        return "a number of steps is a whole number: how many batches does one epoch have?"
    hint = compare_number(answer, _EPOCHS * per_epoch, [
        (_EPOCHS * (_N // _B), "you counted only the full batches: the last, smaller batch of each "
                               "epoch is a step too"),
        (math.ceil(_EPOCHS * _N / _B), "batches do not run across epochs: every epoch ends with its own "
                                       "smaller batch"),
        (per_epoch, "that is one epoch; the question asks for 5"),
        (_N // _B, "that is one epoch's full batches; the question asks for 5 epochs, last batches included"),
    ], rtol=1e-9)
    if hint is not None and hint.kind in (Kind.TOO_LARGE, Kind.TOO_SMALL):
        return f"{hint}: count the batches of one epoch first"
    return hint


@exercise("10.2", "Batch gradient descent on 300 digits for 5 epochs: the learning rate with the lower loss")
def check_batch_learning_rate(answer) -> Hint | None:
    return compare_choice(answer, 1.0, [0.05, 1.0])


def _batches(function, n: int, batch_size: int, rng) -> tuple[list | None, Hint | None, tuple]:
    """One epoch of the learner's generator on rows that know their index: X[i] = (i, −i),
    y[i] = 1000 + i. Returns (batches as (indices, labels) pairs, hint, (X, y))."""
    X = np.c_[np.arange(n), -np.arange(n)].astype(np.float64)
    y = 1000 + np.arange(n)
    given = (X.copy(), y.copy())
    result, hint = call(function, given[0], given[1], batch_size, rng)
    if hint is None and not hasattr(result, "__iter__"):
        hint = f"your function should yield (X_batch, y_batch) pairs, got {type(result).__name__}"
    if hint is None:
        batches, hint = call(list, result)  # a generator runs the learner's code only now
    if hint is not None:
        return None, hint, given
    pairs = []
    for batch in batches:
        if not isinstance(batch, tuple | list) or len(batch) != 2:
            return None, f"each batch should be a pair (X_batch, y_batch), got {type(batch).__name__}", given
        (Xb, x_hint), (yb, y_hint) = as_numbers(batch[0], "X_batch"), as_numbers(batch[1], "y_batch")
        if x_hint or y_hint:
            return None, x_hint or y_hint, given
        if Xb.ndim != 2 or Xb.shape[1] != 2 or yb.shape != (len(Xb),):
            return None, (f"each batch should be a pair (X_batch, y_batch) of shapes (B, 2) and (B,) "
                          f"here, got {Xb.shape} and {yb.shape}"), given
        pairs.append((Xb[:, 0].astype(int), yb - 1000))
    if not np.array_equal(given[0], X) or not np.array_equal(given[1], y):
        return None, "your function changed X or y: shuffle an array of indices, not the data", given
    return pairs, None, given


@exercise("10.5", "A mini-batch generator: shuffled, every example once per epoch, the last batch smaller")
def check_minibatches(function) -> Hint | None:
    for n, batch_size in ((10, 3), (10, 5), (10, 1), (10, 32), (1, 4)):
        case = f"for N = {n} and batch_size = {batch_size}"
        pairs, hint, (X, y) = _batches(function, n, batch_size, np.random.default_rng(0))
        if hint is not None:
            return f"{case}: {hint}"
        sizes = [len(i) for i, _ in pairs]
        expected = [len(yb) for _, yb in data.minibatches(X, y, batch_size, rng=0)]
        if any(not np.array_equal(i, labels) for i, labels in pairs):
            return f"{case}: the rows of X_batch and y_batch do not belong together: index X and y " \
                   "with the same indices"
        if sizes != expected:
            if sizes == expected[:-1]:
                return f"{case}: the last, smaller batch is missing: every example must be used once " \
                       "per epoch"
            if sizes[:-1] == expected and sizes[-1] == 0:
                return f"{case}: your last batch is empty: stop when every example has been used"
            return f"{case}: expected {len(expected)} batches of sizes {expected}, got sizes {sizes}"
        order = np.concatenate([i for i, _ in pairs])
        if not np.array_equal(np.sort(order), np.arange(n)):
            return f"{case}: some examples come more than once and others never: shuffle a permutation " \
                   "of the indices instead of drawing them at random"
        if n > 1 and np.array_equal(order, np.arange(n)):
            return f"{case}: the examples come in their stored order: shuffle them first"
        if n > batch_size > 1 and all(np.array_equal(np.sort(i), k * batch_size + np.arange(len(i)))
                                      for k, (i, _) in enumerate(pairs)):
            return f"{case}: every batch holds the same examples each epoch, only in another order: " \
                   "shuffle the whole set, then cut it into batches"
    rng = np.random.default_rng(1)
    first, second = (np.concatenate([i for i, _ in _batches(function, 10, 3, rng)[0]]) for _ in range(2))
    if np.array_equal(first, second):
        return "two epochs with the same generator came in the same order: draw a new order every epoch"
    again = [np.concatenate([i for i, _ in _batches(function, 10, 3, np.random.default_rng(5))[0]])
             for _ in range(2)]
    if not np.array_equal(*again):
        return "two generators with the same seed gave different orders: draw the order from the rng " \
               "you are given"
    return None


def _accumulated(grads, sizes) -> np.ndarray:
    """Σ_i (n_i / n)·g_i: the gradient of the mean loss over all the micro-batches' rows."""
    return sum(n * g for g, n in zip(grads, sizes, strict=True)) / sum(sizes)


@exercise("10.6", "Gradient accumulation: the batch's gradient from its micro-batches' gradients")
def check_accumulation(function) -> Hint | None:
    rng = np.random.default_rng(6)
    for sizes, case in (([4, 4], "two micro-batches of 4 rows"),
                        ([4, 4, 2], "micro-batches of 4, 4 and 2 rows"),
                        ([5], "a single micro-batch")):
        grads = [rng.normal(size=(3, 2)) for _ in sizes]
        result, hint = call(function, [g.copy() for g in grads], list(sizes))
        if hint is None:
            hint = compare_arrays(result, _accumulated(grads, sizes), what="the result")
        if hint is None:
            continue
        if hint.kind not in WRONG_FORM and len(sizes) > 1:
            answer = np.asarray(result, dtype=np.float64)
            if np.allclose(answer, sum(grads)):
                return (f"for {case}: you added the gradients; each is the gradient of a *mean* loss, so "
                        "the sum is too large: weight each by its share of the rows")
            if np.allclose(answer, sum(grads) / len(grads)):
                return (f"for {case}: a plain average of the micro-batch gradients gives the short last "
                        "micro-batch as much weight as a full one: weight each by its share of the rows")
        return hint.within(f"for {case}")
    return None
