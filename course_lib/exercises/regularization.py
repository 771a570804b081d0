"""Checkers for the exercises of notebook 06 Regularization."""

from __future__ import annotations

import numpy as np

from .. import regularization
from .checking import Hint, call, compare_arrays, compare_choice, compare_function, compare_number, exercise

_T = np.array([[2.0, -1.0, 0.0], [0.5, 3.0, -2.0]])


@exercise("06.1", "l2_loss of a 2×3 matrix")
def check_l2_loss_value(answer) -> Hint | None:
    value, norm = regularization.l2_loss(_T), regularization.l2_norm(_T)
    return compare_number(answer, value, [
        (2 * value, "off by a factor of 2: check the constant in front of the sum of squares"),
        (norm, "that is the L2 norm: l2_loss has no square root"),
        (norm / 2, "that is half the L2 norm: l2_loss has no square root"),
        (regularization.l1_norm(_T), "that is the L1 norm, the sum of magnitudes: l2_loss squares"),
    ])


@exercise("06.2", "Which penalty puts the minimiser of ½(w − 0.3)² + penalty exactly at 0")
def check_exact_zero(answer) -> Hint | None:
    return compare_choice(answer, "L1", ["L1", "L2", "both", "neither"])


_SOFT_CASES = [
    ("w = np.linspace(-2, 2, 17) and τ = 0.5", (np.linspace(-2, 2, 17), 0.5)),
    ("a 3×4 matrix and τ = 0.3", (np.random.default_rng(6).standard_normal((3, 4)), 0.3)),
    ("τ = 0 (nothing should change)", (np.array([-1.5, -0.1, 0.0, 0.2, 3.0]), 0.0)),
    ("large entries (±1e4)", (np.array([-1e4, -1.0, 1.0, 1e4]), 2.5)),
]
_SOFT_FLOAT32 = [("float32 entries", (np.linspace(-2, 2, 9, dtype=np.float32), 0.5))]


@exercise("06.3", "Soft-thresholding, the L1 proximal step")
def check_soft_threshold(function) -> Hint | None:
    w, tau = _SOFT_CASES[0][1]
    value, hint = call(function, w.copy(), tau)
    if hint is None and compare_arrays(value, regularization.soft_threshold(w, tau)) is not None:
        if compare_arrays(value, np.where(np.abs(w) > tau, w, 0)) is None:
            return "entries that survive must also move τ towards 0, not keep their value"
        if compare_arrays(value, w - tau * np.sign(w)) is None:
            return "entries within τ of 0 must become exactly 0, not cross to the other side"
    return compare_function(function, regularization.soft_threshold, _SOFT_CASES) \
        or compare_function(function, regularization.soft_threshold, _SOFT_FLOAT32, rtol=1e-6, atol=1e-6)


_PENALTY_CASES = [
    ("params {'W': a 2×3 matrix, 'b': a vector} and lam = 0.1",
     ({"W": np.random.default_rng(7).standard_normal((2, 3)), "b": np.array([0.5, -1.0, 2.0])}, 0.1)),
    ("one float32 array and lam = 0.01",
     ({"W": np.linspace(-3, 3, 6, dtype=np.float32).reshape(2, 3)}, 0.01)),
    ("lam = 0", ({"W": np.ones((2, 2))}, 0.0)),
]


@exercise("06.4", "l2_penalty: the value λ·Σ½‖θ‖² and its gradients")
def check_l2_penalty(function) -> Hint | None:
    for description, (params, lam) in _PENALTY_CASES:
        copies = {name: p.copy() for name, p in params.items()}
        result, hint = call(function, copies, lam)
        if hint is None:
            hint = _penalty_hint(result, copies, params, lam)
        if hint is not None:
            return f"for {description}: {hint}"
    return None


def _penalty_hint(result, params_after: dict, params: dict, lam: float) -> Hint | None:
    if any(not np.array_equal(params_after[name], p) for name, p in params.items()):
        return "your function changed params in place: return new arrays instead"
    if not isinstance(result, tuple) or len(result) != 2:
        return f"your function should return a pair (value, grads), got {type(result).__name__}"
    value, grads = result
    expected_value, expected_grads = regularization.l2_penalty(params, lam)
    hint = compare_arrays(value, expected_value, what="the value")
    if hint is not None:
        return hint
    if not isinstance(grads, dict) or set(grads) != set(params):
        return f"grads should be a dict with the same keys as params, {sorted(params)}, " \
               f"got {sorted(grads) if isinstance(grads, dict) else type(grads).__name__}"
    for name, grad in grads.items():
        hint = compare_arrays(grad, expected_grads[name], what=f"grads[{name!r}]")
        if hint is not None:
            return hint
    return None


@exercise("06.5", "Exact zeros of subgradient descent with a 10 times smaller step")
def check_subgradient_zeros(answer) -> Hint | None:
    return compare_number(answer, 0, [
        (24, "that is what the proximal step gives: look at the subgradient method's weights"),
        (25, "25 irrelevant weights: do they ever land on exactly 0.0? Print them"),
    ])
