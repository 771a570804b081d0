"""Checkers for the exercises of notebook 04 Activation functions.

GELU is not in ``course_lib.activations``, so its reference lives here: ``gelu_reference`` and
``gelu_grad_reference``, written with ``math.erf`` (PyTorch: ``F.gelu(x)``, approximate="none").
"""

from __future__ import annotations

import math

import numpy as np

from .. import activations, gradcheck
from .checking import WRONG_FORM, Hint, call, compare_arrays, compare_choice, compare_function, exercise

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x) = ½(1 + erf(x/√2)), the standard normal CDF."""
    return 0.5 * (1 + _erf(x / math.sqrt(2)))


def gelu_reference(x) -> np.ndarray:
    """GELU(x) = x·Φ(x) with Φ the standard normal CDF, in float64."""
    x = np.asarray(x, dtype=np.float64)
    return x * _normal_cdf(x)


def gelu_grad_reference(x) -> np.ndarray:
    """GELU'(x) = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π) the standard normal density."""
    x = np.asarray(x, dtype=np.float64)
    return _normal_cdf(x) + x * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


_POSITIVE = np.linspace(0, 10, 101)
_OPTIONS = {"prelu": {"alpha": 0.25}}


@exercise("04.1", "The activations that return exactly x for every x ≥ 0")
def check_identity_for_positive_inputs(answer) -> Hint | None:
    if isinstance(answer, str) or not isinstance(answer, set | frozenset | list | tuple) \
            or not all(isinstance(name, str) for name in answer):
        return f"answer with a set of names from activations.ACTIVATIONS, such as {{'tanh', 'selu'}}, " \
               f"got {answer!r}"
    names = set(answer)
    unknown = sorted(names - activations.ACTIVATIONS.keys())
    if unknown:
        return f"not in activations.ACTIVATIONS: {unknown}"
    expected = {name for name, (f, _) in activations.ACTIVATIONS.items()
                if np.array_equal(f(_POSITIVE, **_OPTIONS.get(name, {})), _POSITIVE)}
    extra = sorted(names - expected)
    if extra:
        return f"{extra} do not return exactly x for every x ≥ 0: evaluate them on np.linspace(0, 10, 101)"
    missing = len(expected - names)
    if missing:
        return f"{missing} more function{'s' if missing > 1 else ''} in activations.ACTIVATIONS also " \
               "return exactly x for every x ≥ 0: look at the table in section 2 again"
    return None


_GELU_CASES = [
    ("inputs in [-3, 3]", (np.linspace(-3, 3, 13),)),
    ("a batch of shape (2, 3)", (np.array([[-1.5, 0.0, 0.5], [2.0, -0.25, 1.0]]),)),
    ("large inputs (|x| up to 1e4)", (np.array([-1e4, -1e3, -40.0, 40.0, 1e3, 1e4]),)),
]
_GELU_FLOAT32 = [("float32 inputs", (np.linspace(-3, 3, 13, dtype=np.float32),))]


@exercise("04.2", "GELU, x·Φ(x)")
def check_gelu(function) -> Hint | None:
    grid = _GELU_CASES[0][1][0]
    value, hint = call(function, grid.copy())
    if hint is None and compare_arrays(value, gelu_reference(grid)) is not None \
            and compare_arrays(value, gelu_reference(grid), rtol=0, atol=0.02) is None:
        return "close to GELU but not equal (an approximation, such as the tanh or the sigmoid form?): " \
               "use the exact Φ(x) = ½(1 + erf(x/√2))"
    return compare_function(function, gelu_reference, _GELU_CASES) \
        or compare_function(function, gelu_reference, _GELU_FLOAT32, rtol=1e-4, atol=1e-6)


@exercise("04.3", "The derivative of GELU")
def check_gelu_grad(function) -> Hint | None:
    x = np.linspace(-5, 5, 41)
    value, hint = call(function, x.copy())
    if hint is not None:
        return f"for inputs in [-5, 5]: {hint}"
    numerical = gradcheck.numerical_gradient(lambda v: gelu_reference(v).sum(), x.copy())
    hint = compare_arrays(value, numerical, what="your derivative", rtol=1e-6, atol=1e-7)
    if hint is not None and hint.kind in WRONG_FORM:
        return hint
    if hint is not None:
        value = np.asarray(value, dtype=np.float64)
        if np.allclose(value, _normal_cdf(x)):
            return "that is Φ(x) alone: x·Φ(x) is a product, so its derivative has two terms"
        worst = x[np.argmax(np.abs(value - numerical))]
        return f"the gradient check fails, most at x = {worst:.4g}: your derivative differs from the " \
               "numerical slope (gelu(x + h) − gelu(x − h)) / 2h there"
    return compare_function(function, gelu_grad_reference, _GELU_CASES[1:])


@exercise("04.5", "Tanh with init=1.0: the first layer's gradient relative to the last")
def check_tanh_large_init(answer) -> Hint | None:
    return compare_choice(answer, "grows", ["grows", "shrinks", "stays about the same"])
