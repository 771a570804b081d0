"""Checkers for the exercises of notebook 09 Batch normalization.

The reference is ``layers.BatchNorm`` itself: a fresh layer given the learner's γ, β and running
statistics, run once in training mode (and then backward). When an answer differs, it is compared
with the results of typical mistakes (unbiased variance in the output, ε missing or outside the
square root, statistics over the wrong axis, Keras's meaning of momentum, a missing term in dx, ...)
to name the mistake.
"""

from __future__ import annotations

import numpy as np

from .. import experiments, layers
from .checking import WRONG_FORM, Hint, call, compare_arrays, compare_number, exercise


def _layer(x, gamma, beta, eps=1e-5, momentum=0.1, running_mean=None, running_var=None):
    """A ``layers.BatchNorm`` of ``x``'s width and dtype with the given parameters and statistics."""
    bn = layers.BatchNorm(x.shape[1], momentum=momentum, eps=eps, dtype=x.dtype)
    bn.params["gamma"][...], bn.params["beta"][...] = gamma, beta
    if running_mean is not None:
        bn.running_mean[...], bn.running_var[...] = running_mean, running_var
    return bn


def _tolerances(x, *, atol: float) -> dict:
    """rtol and atol for comparing with the reference: looser for float32 inputs."""
    return {"rtol": 1e-4, "atol": 1e-4} if x.dtype == np.float32 else {"rtol": 1e-6, "atol": atol}


def _first_mistake(value, mistakes, tolerances) -> str | None:
    """The hint of the first ``(hint, wrong value)`` that ``value`` equals, if any."""
    for hint, wrong in mistakes:
        if np.shape(value) == np.shape(wrong) and np.allclose(value, wrong, equal_nan=True, **tolerances):
            return hint
    return None


def _compare_parts(values, expected, names, mistakes, tolerances) -> Hint | None:
    """Compare each part of a result with ``expected``; for the first that differs, the hint of a
    matching mistake (``mistakes[name]``, a list of ``(hint, wrong value)``) or of ``compare_arrays``."""
    for value, right, name in zip(values, expected, names, strict=True):
        hint = compare_arrays(value, right, what=name, **tolerances)
        if hint is not None:
            if hint.kind in WRONG_FORM:
                return hint
            return _first_mistake(np.asarray(value, dtype=np.float64), mistakes[name], tolerances) or hint
    return None


@exercise("09.1", "The output of a fresh BatchNorm(3) in evaluation mode, and in training mode "
                  "on a batch with a constant feature")
def check_fresh_layer(answer) -> Hint | None:
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return "answer with a pair (output in evaluation mode, output in training mode)"
    eval_answer, train_answer = answer
    row, batch = np.array([[1.0, -2.0, 5.0]]), np.array([[1.0, -2.0, 5.0], [3.0, 0.0, 5.0]])
    if isinstance(eval_answer, list | tuple | np.ndarray) and len(eval_answer) == 3:
        eval_answer = [eval_answer]  # the row alone, without the batch axis, is fine too
    hint = compare_arrays(eval_answer, layers.BatchNorm(3).eval().forward(row),
                          what="the evaluation-mode output", rtol=0, atol=1e-3)
    if hint is not None and hint.kind in WRONG_FORM:
        return hint
    if hint is not None:
        return (f"{hint}: in evaluation mode the layer uses its running statistics, not the row's own; "
                "what are they before any training step?")
    hint = compare_arrays(train_answer, layers.BatchNorm(3).forward(batch),
                          what="the training-mode output", rtol=0, atol=1e-3)
    if hint is None or hint.kind in WRONG_FORM:
        return hint
    train_answer = np.asarray(train_answer, dtype=np.float64)
    if not np.all(np.isfinite(train_answer[:, 2])):
        return ("the third feature has variance 0, but ε under the square root keeps the division "
                "finite: the output is a number")
    if np.allclose(train_answer, batch, atol=1e-3):
        return ("that is what the starting running statistics would give: in training mode each "
                "feature is standardised with the batch's own mean and variance")
    if np.any(np.abs(train_answer[:, 2]) > 1e-3):
        return "the third feature is constant within the batch: what is x − μ for it?"
    if np.allclose(np.abs(train_answer[:, :2]), np.sqrt(0.5), atol=1e-3):
        return ("training mode divides by the biased standard deviation (the variance divides by N, "
                "not N − 1)")
    return f"{hint}: standardise each feature (column) with the mean and variance of its two values"


_FORWARD_NAMES = ("the output", "the new running mean", "the new running variance")
_KERAS = ("momentum is the weight of the new batch (PyTorch's convention): running = (1 − momentum)·"
          "running + momentum·batch; you used it as the weight of the old value (Keras's convention)")


def _forward_mistakes(x, gamma, beta, running_mean, running_var, momentum, eps) -> dict:
    """Per part of the result, ``(hint, what that mistake gives)`` for typical mistakes."""
    x, m = x.astype(np.float64), momentum
    mean, var, unbiased = x.mean(axis=0), x.var(axis=0), x.var(axis=0, ddof=1)
    rows = (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
    return {
        "the output": [
            ("normalise with the biased batch variance (divide by N), as layers.BatchNorm and PyTorch "
             "do in training; the unbiased one only goes into the running variance",
             gamma * (x - mean) / np.sqrt(unbiased + eps) + beta),
            ("ε is missing: divide by √(σ² + ε), which also keeps a constant feature finite",
             gamma * (x - mean) / np.sqrt(var) + beta),
            ("ε goes under the square root, √(σ² + ε), not after it",
             gamma * (x - mean) / (np.sqrt(var) + eps) + beta),
            ("in training mode normalise with the batch's own mean and variance; the running "
             "statistics are for evaluation mode",
             gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta),
            ("standardise each feature (column) over the batch, with one mean and one variance per "
             "feature (axis=0); you standardised each row", gamma * rows + beta),
            ("scale by γ and shift by β after standardising", (x - mean) / np.sqrt(var + eps)),
        ],
        "the new running mean": [
            (_KERAS, m * running_mean + (1 - m) * mean),
            ("the running mean did not move: in training it takes a step towards the batch mean",
             running_mean),
            ("the running mean is an average that moves towards the batch mean: keep a part of its "
             "old value", mean),
        ],
        "the new running variance": [
            ("feed the unbiased batch variance (divide by N − 1) into the running variance, as "
             "PyTorch does", (1 - m) * running_var + m * var),
            (_KERAS, m * running_var + (1 - m) * unbiased),
            (_KERAS, m * running_var + (1 - m) * var),
            ("the running variance did not move: in training it takes a step towards the batch "
             "variance", running_var),
            ("the running variance is an average that moves towards the batch variance: keep a part "
             "of its old value", unbiased),
        ],
    }


def _forward_cases() -> list:
    """``(description, x, γ, β, running mean, running variance, momentum, eps)`` per case."""
    rng = np.random.default_rng(9)
    x = 2 + 3 * rng.standard_normal((6, 4))
    gamma, beta = rng.normal(1, 0.5, 4), rng.standard_normal(4)
    mean0, var0 = rng.standard_normal(4), 1 + rng.random(4)
    constant = x[:4].copy()
    constant[:, 2] = 5.0
    return [
        ("a batch of 6 rows and 4 features", x, gamma, beta, mean0, var0, 0.1, 1e-5),
        ("a batch of 2 rows", x[:2], gamma, beta, mean0, var0, 0.1, 1e-5),
        ("a batch whose third feature is constant", constant, gamma, beta, mean0, var0, 0.1, 1e-5),
        ("momentum 0.3", x, gamma, beta, mean0, var0, 0.3, 1e-5),
        ("eps = 0.1 (large, to see where it sits)", x / 3, gamma, beta, mean0, var0, 0.1, 0.1),
        ("a batch of 4 rows and 4 features", x[2:], gamma, beta, mean0, var0, 0.1, 1e-5),
        ("features far from 0 (around 1e4)", 1e4 + x, gamma, beta, mean0, var0, 0.1, 1e-5),
        ("float32 inputs", *(a.astype(np.float32) for a in (x, gamma, beta, mean0, var0)), 0.1, 1e-5),
    ]


@exercise("09.2", "Implement the training-mode forward pass of batch norm with the update of the "
                  "running statistics")
def check_forward(function) -> Hint | None:
    for description, x, gamma, beta, mean0, var0, momentum, eps in _forward_cases():
        result, hint = call(function, x.copy(), gamma.copy(), beta.copy(), mean0.copy(), var0.copy(),
                            momentum=momentum, eps=eps)
        if hint is None and (not isinstance(result, tuple | list) or len(result) != 3):
            hint = ("your function should return three arrays (output, new running mean, new running "
                    f"variance), got {type(result).__name__}")
        if hint is None:
            bn = _layer(x, gamma, beta, eps, momentum, mean0, var0)
            expected = (bn.forward(x), bn.running_mean, bn.running_var)
            tolerances = _tolerances(x, atol=1e-9)
            with np.errstate(all="ignore"):
                mistakes = _forward_mistakes(x, gamma, beta, mean0, var0, momentum, eps)
            hint = _compare_parts(result, expected, _FORWARD_NAMES, mistakes, tolerances)
        if hint is not None:
            return f"for {description}: {hint}"
    return None


@exercise("09.3", "How many steps after the jump the running mean needs to get halfway, for "
                  "momentum 0.1 and 0.05")
def check_halfway_steps(answer) -> Hint | None:
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return "answer with a pair (steps for momentum 0.1, steps for momentum 0.05)"
    steps = [int(np.argmax(experiments.running_statistics(m, 16)["running_mean"][100:] < 0.5)) + 1
             for m in (0.1, 0.05)]
    numbers = all(isinstance(a, int | float | np.integer | np.floating) for a in answer)
    if numbers and all(abs(a - s) <= 1.5 for a, s in zip(answer, steps[::-1], strict=True)):
        return "your two counts are swapped: does a smaller momentum make the running mean faster or slower?"
    for a, m, s in zip(answer, (0.1, 0.05), steps, strict=True):
        hint = compare_number(a, s, [
            (1 / m, "that is 1/momentum, the length of the average's memory; halfway is reached sooner"),
            (2 / m, "that is about when the running mean has nearly caught up; halfway is reached sooner"),
            (1.0, "momentum is the weight of the new batch (PyTorch's meaning), not of the old value"),
        ], rtol=0.15)
        if hint is not None:
            return f"momentum {m}: {hint}"
    return None


_BACKWARD_NAMES = ("dx", "dgamma", "dbeta")


def _backward(dout, x, gamma, eps):
    """(dx, dgamma, dbeta) of ``layers.BatchNorm`` in training mode (β plays no part)."""
    bn = _layer(x, gamma, np.zeros_like(gamma), eps)
    bn.forward(x)
    return bn.backward(dout), bn.grads["gamma"], bn.grads["beta"]


def _backward_mistakes(dout, x, gamma, eps) -> dict:
    """Per part of the result, ``(hint, what that mistake gives)`` for typical mistakes."""
    dout, x, n = dout.astype(np.float64), x.astype(np.float64), len(x)
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dbeta, dgamma = dout.sum(axis=0), (dout * x_hat).sum(axis=0)
    unbiased_inv = 1 / np.sqrt(x.var(axis=0, ddof=1) + eps)
    unbiased_hat = (x - x.mean(axis=0)) * unbiased_inv
    return {
        "dx": [
            ("μ and σ² depend on x too: each x moves the batch mean and variance, and through them "
             "every row's output; that adds two terms to dx", gamma * inv_std * dout),
            ("the term that comes through the variance is missing (the one with Σ g·x̂)",
             gamma * inv_std / n * (n * dout - dbeta)),
            ("the term that comes through the mean is missing (the one with Σ g)",
             gamma * inv_std / n * (n * dout - x_hat * dgamma)),
            ("dx comes through y = γ·x̂ + β: multiply by γ",
             inv_std / n * (n * dout - dbeta - x_hat * dgamma)),
            ("x̂ and 1/√(σ² + ε) must be those of the forward pass, with the biased variance (divide by N)",
             gamma * unbiased_inv / n * (n * dout - dbeta - unbiased_hat * (dout * unbiased_hat).sum(0))),
            ("ε is missing: use 1/√(σ² + ε), as in the forward pass", _backward(dout, x, gamma, 1e-300)[0]),
        ],
        "dgamma": [
            ("dgamma and dbeta are swapped", dbeta),
            ("dgamma and dbeta are sums over the rows of the batch, not averages", dgamma / n),
        ],
        "dbeta": [
            ("dgamma and dbeta are swapped", dgamma),
            ("dgamma and dbeta are sums over the rows of the batch, not averages", dbeta / n),
        ],
    }


def _backward_cases() -> list:
    """``(description, dout, x, γ, eps)`` per case: random upstream gradients, and once all ones."""
    rng = np.random.default_rng(10)
    x = 2 + 3 * rng.standard_normal((6, 4))
    gamma, dout = rng.normal(1, 0.7, 4), rng.standard_normal((6, 4))
    constant = x[:4].copy()
    constant[:, 2] = 5.0
    return [
        ("a batch of 6 rows and 4 features", dout, x, gamma, 1e-5),
        ("a batch of 2 rows", dout[:2], x[:2], gamma, 1e-5),
        ("eps = 0.1 (large, to see where it sits)", dout, x / 3, gamma, 0.1),
        ("a batch whose third feature is constant", dout[:4], constant, gamma, 1e-5),
        ("an upstream gradient of all ones", np.ones_like(x), x, gamma, 1e-5),
        ("features far from 0 (around 1e4)", dout, 1e4 + x, gamma, 1e-5),
        ("float32 inputs", *(a.astype(np.float32) for a in (dout, x, gamma)), 1e-5),
    ]


@exercise("09.4", "Implement the training-mode backward pass of batch norm: dx, dgamma and dbeta")
def check_backward(function) -> Hint | None:
    for description, dout, x, gamma, eps in _backward_cases():
        result, hint = call(function, dout.copy(), x.copy(), gamma.copy(), eps=eps)
        if hint is None and (not isinstance(result, tuple | list) or len(result) != 3):
            hint = ("your function should return three arrays (dx, dgamma, dbeta), got "
                    f"{type(result).__name__}")
        if hint is None:
            expected = _backward(dout, x, gamma, eps)
            tolerances = _tolerances(x, atol=1e-8)
            with np.errstate(all="ignore"):
                mistakes = _backward_mistakes(dout, x, gamma, eps)
            hint = _compare_parts(result, expected, _BACKWARD_NAMES, mistakes, tolerances)
        if hint is not None:
            return f"for {description}: {hint}"
    return None
