"""Checkers for the exercises of notebook 01 Softmax: from scores to probabilities."""

import numpy as np

from .. import gradcheck, losses
from .checking import NOT_COMPARABLE, WRONG_FORM, call, compare_arrays, compare_function, exercise

BATCH = np.array([[1.0, -2.0, 0.5, 3.0, 0.0], [0.2, 0.1, -0.3, 2.5, -1.0],
                  [4.0, 4.0, -4.0, 1.0, 2.0], [-0.5, 0.5, 1.5, -1.5, 0.0]])

# (what the case is, logits): every implementation exercise runs on all of them, in this order
CASES = [
    ("the notes' logits [2, 1, 0.1]", np.array([2.0, 1.0, 0.1])),
    ("a batch of 4 rows of 5 logits", BATCH),
    ("a batch of one row", np.array([[0.5, -1.0, 2.0]])),
    ("large logits [1000, 999, 998]", np.array([1000.0, 999.0, 998.0])),
    ("very negative logits [-1000, -1001, -1002]", np.array([-1000.0, -1001.0, -1002.0])),
    ("logits far apart [0, -800]", np.array([0.0, -800.0])),
    ("a batch whose rows differ in scale, [[1e4, 0, -1e4], [1, 2, 3]]",
     np.array([[1e4, 0.0, -1e4], [1.0, 2.0, 3.0]])),
    ("float32 logits [100, 99, 0]", np.array([100.0, 99.0, 0.0], dtype=np.float32)),
]


def _rows_sum_to_one(function) -> str | None:
    """A hint if ``function`` (a softmax) does not normalise each row of a batch on its own."""
    p, hint = call(function, BATCH.copy())
    mismatch = None if hint is not None else compare_arrays(p, losses.softmax(BATCH))
    if mismatch is not None and mismatch.kind not in WRONG_FORM and not np.allclose(np.sum(p, axis=-1), 1.0):
        return ("for a batch of 4 rows of 5 logits: each row should sum to 1; normalise every row "
                "on its own (along the last axis, keeping that axis for broadcasting)")
    return None


@exercise("01.1", "Implement a stable softmax along the last axis")
def check_softmax(function):
    return _rows_sum_to_one(function) or compare_function(
        function, losses.softmax, [(what, (z,)) for what, z in CASES], rtol=1e-5, atol=1e-12)


TIED = np.array([3.0, 1.0, 3.0, 0.0])


@exercise("01.2", "The limits of softmax(z / T) for z = [3, 1, 3, 0] as T → 0 and as T → ∞")
def check_temperature_limits(answer):
    expected = np.stack([losses.softmax(TIED / 1e-3), losses.softmax(TIED / 1e9)])
    hint = compare_arrays(answer, expected, rtol=0, atol=1e-3)
    if hint is None or hint.kind in NOT_COMPARABLE:
        return hint
    answer = np.asarray(answer, dtype=np.float64)
    if np.allclose(answer, expected[::-1], atol=1e-3):
        return "your two rows are swapped: which limit sharpens the distribution and which flattens it?"
    for row, limit, right in zip(answer, ("first row (T → 0)", "second row (T → ∞)"), expected, strict=True):
        if np.allclose(row, right, atol=1e-3):
            continue
        if not np.isclose(row.sum(), 1.0, atol=1e-3):
            return f"the {limit} does not sum to 1: a softmax is a probability distribution at any T"
        if np.allclose(row, losses.softmax(TIED), atol=1e-3):
            return f"the {limit} is softmax(z) at T = 1; look at what happens far from T = 1"
        if limit.startswith("first") and np.isclose(row.max(), 1.0, atol=1e-3):
            return (f"the {limit} puts everything on one class, but two logits tie for the largest: "
                    "does either of them win?")
        return f"the {limit} is not the limit; try softmax(z / T) for a very small or very large T"
    return None


@exercise("01.3", "Implement a stable log-softmax along the last axis")
def check_log_softmax(function):
    return compare_function(function, losses.log_softmax, [(what, (z,)) for what, z in CASES],
                            rtol=1e-5, atol=1e-9)


def _softmax_backward_reference(z, dout):
    """Σ dout · softmax(z) differentiated by central differences: J^T dout, row by row."""
    return gradcheck.numerical_gradient(losses.softmax, z.astype(np.float64), dout=dout)


@exercise("01.4", "Implement the backward pass of softmax, dz = Jᵀ·dout, without building J")
def check_softmax_backward(function):
    rng = np.random.default_rng(4)
    cases = [(what, (z, rng.normal(size=z.shape).astype(z.dtype))) for what, z in CASES]
    z, dout = cases[0][1]
    dz, hint = call(function, z.copy(), dout.copy())
    if hint is None and compare_arrays(dz, losses.softmax(z) * dout, rtol=1e-5, atol=1e-8) is None:
        return ("you have only the diagonal part diag(p)·dout: every logit also moves the other "
                "probabilities, through the −p pᵀ part of J")
    return hint or compare_function(function, _softmax_backward_reference, cases, rtol=1e-4, atol=1e-6)
