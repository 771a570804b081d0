"""Activation functions and their element-wise derivatives.

For each ``NAME(x, ...)`` there is ``NAME_grad(x, ...)`` = dy/dx, element by element.
``ACTIVATIONS`` maps each name to its ``(function, grad)`` pair; ``layers.Activation`` uses it.
All are stable for |x| up to 1e4 (no overflow warnings); float32 in gives float32 out.
"""

from __future__ import annotations

import numpy as np

from . import _checks


def _x(x) -> np.ndarray:
    return _checks.float_array(x, "x")


def linear(x) -> np.ndarray:
    """f(x) = x (the identity, for output layers of regression models)."""
    return _x(x).copy()


def linear_grad(x) -> np.ndarray:
    """f'(x) = 1."""
    return np.ones_like(_x(x))


def relu(x) -> np.ndarray:
    """f(x) = max(0, x). PyTorch: ``torch.relu``."""
    x = _x(x)
    return np.maximum(x, 0, dtype=x.dtype)


def relu_grad(x) -> np.ndarray:
    """f'(x) = 1 for x > 0, else 0 (the value 0 at x = 0, as PyTorch)."""
    x = _x(x)
    return (x > 0).astype(x.dtype)


def sigmoid(x) -> np.ndarray:
    """f(x) = 1 / (1 + e^(−x)), computed from e^(−|x|) so that no exponent is positive.

    PyTorch: ``torch.sigmoid``.
    """
    x = _x(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def sigmoid_grad(x) -> np.ndarray:
    """f'(x) = f(x)·(1 − f(x)), at most 0.25 (at x = 0)."""
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x) -> np.ndarray:
    """f(x) = (e^x − e^(−x)) / (e^x + e^(−x)). PyTorch: ``torch.tanh``."""
    return np.tanh(_x(x))


def tanh_grad(x) -> np.ndarray:
    """f'(x) = 1 − tanh²(x) = 1 / cosh²(x)."""
    t = tanh(x)
    return 1 - t * t


ACTIVATIONS = {
    "linear": (linear, linear_grad),
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
}
