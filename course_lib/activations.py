"""Activation functions and their element-wise derivatives.

For each ``NAME(x, ...)`` there is ``NAME_grad(x, ...)`` = dy/dx, element by element.
``ACTIVATIONS`` maps each name to its ``(function, grad)`` pair; ``layers.Activation`` uses it.
All are stable for |x| up to 1e4 (no overflow warnings): no exponent is ever positive.
float32 in gives float32 out; everything else is computed in float64.
"""

from __future__ import annotations

import numpy as np

from . import _checks

SELU_ALPHA = 1.6732632423543772
"""α of SELU (Klambauer et al. 2017), as ``torch.nn.SELU``."""
SELU_SCALE = 1.0507009873554805
"""λ (scale) of SELU, as ``torch.nn.SELU``."""


def _x(x) -> np.ndarray:
    return _checks.float_array(x, "x")


def _negative_part_exp(x: np.ndarray) -> np.ndarray:
    """e^min(x, 0) − 1: the ELU curve for x < 0 and 0 for x ≥ 0, never overflowing."""
    return np.expm1(np.minimum(x, 0))


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
    """f(x) = 1 / (1 + e^(−x)), computed as e^min(x, 0) / (1 + e^(−|x|)) so that no exponent is
    positive (for x ≥ 0 that is 1 / (1 + e^(−x)), for x < 0 it is e^x / (1 + e^x)).

    PyTorch: ``torch.sigmoid``.
    """
    x = _x(x)
    return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))


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


def leaky_relu(x, alpha: float = 0.01) -> np.ndarray:
    """f(x) = x for x > 0, α·x otherwise (a small slope α keeps the gradient alive).

    PyTorch: ``F.leaky_relu(x, negative_slope=alpha)``; Keras: ``LeakyReLU``.
    """
    x = _x(x)
    alpha = _checks.number(alpha, "alpha", low=0)
    return np.maximum(x, 0) + alpha * np.minimum(x, 0)


def leaky_relu_grad(x, alpha: float = 0.01) -> np.ndarray:
    """f'(x) = 1 for x > 0, α otherwise."""
    x = _x(x)
    alpha = _checks.number(alpha, "alpha", low=0)
    return np.where(x > 0, 1, alpha).astype(x.dtype)


def _prelu_alpha(alpha, x: np.ndarray) -> np.ndarray:
    alpha = _checks.float_array(alpha, "alpha", finite=True)
    try:
        np.broadcast_shapes(alpha.shape, x.shape)
    except ValueError:
        raise ValueError(f"alpha must broadcast against x of shape {x.shape}, "
                         f"got shape {alpha.shape}") from None
    return alpha.astype(x.dtype, copy=False)


def prelu(x, alpha) -> np.ndarray:
    """f(x) = x for x > 0, α·x otherwise, with α a number or an array (one slope per channel).

    Leaky ReLU whose slope is learned; here α is given (the learned version needs
    ∂f/∂α = x for x < 0, else 0). PyTorch: ``F.prelu(x, weight)``; Keras: ``PReLU``.
    """
    x = _x(x)
    return np.maximum(x, 0) + _prelu_alpha(alpha, x) * np.minimum(x, 0)


def prelu_grad(x, alpha) -> np.ndarray:
    """f'(x) = 1 for x > 0, α otherwise (shaped like the broadcast of x and α)."""
    x = _x(x)
    alpha = _prelu_alpha(alpha, x)
    return np.where(x > 0, np.ones_like(x), alpha).astype(x.dtype, copy=False)


def elu(x, alpha: float = 1.0) -> np.ndarray:
    """f(x) = x for x > 0, α·(e^x − 1) otherwise; tends to −α for large negative x.

    PyTorch: ``F.elu(x, alpha)``; Keras: ``keras.activations.elu``.
    """
    x = _x(x)
    alpha = _checks.number(alpha, "alpha", low=0)
    return np.maximum(x, 0) + alpha * _negative_part_exp(x)


def elu_grad(x, alpha: float = 1.0) -> np.ndarray:
    """f'(x) = 1 for x > 0, α·e^x otherwise."""
    x = _x(x)
    alpha = _checks.number(alpha, "alpha", low=0)
    return np.where(x > 0, 1, alpha * (_negative_part_exp(x) + 1)).astype(x.dtype, copy=False)


def selu(x) -> np.ndarray:
    """f(x) = λ·elu(x, α) with α ≈ 1.6733 and λ ≈ 1.0507 (``SELU_ALPHA``, ``SELU_SCALE``).

    The constants make activations keep mean 0 and variance 1 through many layers.
    PyTorch: ``torch.selu``; Keras: ``keras.activations.selu``.
    """
    x = _x(x)
    return (SELU_SCALE * elu(x, SELU_ALPHA)).astype(x.dtype, copy=False)


def selu_grad(x) -> np.ndarray:
    """f'(x) = λ for x > 0, λ·α·e^x otherwise."""
    x = _x(x)
    return (SELU_SCALE * elu_grad(x, SELU_ALPHA)).astype(x.dtype, copy=False)


def softplus(x) -> np.ndarray:
    """f(x) = log(1 + e^x), a smooth ReLU, computed as max(x, 0) + log(1 + e^(−|x|)).

    PyTorch: ``F.softplus`` (with beta=1); Keras: ``keras.activations.softplus``.
    """
    x = _x(x)
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def softplus_grad(x) -> np.ndarray:
    """f'(x) = 1 / (1 + e^(−x)) = sigmoid(x)."""
    return sigmoid(x)


def softsign(x) -> np.ndarray:
    """f(x) = x / (1 + |x|): like tanh in shape, but with polynomial, not exponential, tails.

    PyTorch: ``F.softsign``; Keras: ``keras.activations.softsign``.
    """
    x = _x(x)
    with np.errstate(invalid="ignore"):  # ±inf / inf: the limit is ±1
        return np.where(np.isinf(x), np.sign(x), x / (1 + np.abs(x)))


def softsign_grad(x) -> np.ndarray:
    """f'(x) = 1 / (1 + |x|)²."""
    x = _x(x)
    r = 1 / (1 + np.abs(x))  # squared after dividing: (1 + |x|)² would overflow for |x| > 1e154
    return r * r


def hard_sigmoid(x) -> np.ndarray:
    """f(x) = 0.2·x + 0.5 clipped to [0, 1]: 0 below −2.5, 1 above 2.5 (the notes', Keras 2's).

    A piecewise-linear stand-in for sigmoid with no exp. Keras 3 (``keras.activations.hard_sigmoid``)
    and PyTorch (``F.hardsigmoid``) use x/6 + 0.5 clipped at ±3 instead.
    """
    x = _x(x)
    return np.clip(0.2 * x + 0.5, 0, 1).astype(x.dtype, copy=False)


def hard_sigmoid_grad(x) -> np.ndarray:
    """f'(x) = 0.2 for −2.5 < x < 2.5, else 0."""
    x = _x(x)
    return np.where(np.abs(x) < 2.5, 0.2, 0).astype(x.dtype)


def thresholded_relu(x, theta: float = 1.0) -> np.ndarray:
    """f(x) = x for x > θ, 0 otherwise (jumps from 0 to θ at x = θ when θ > 0).

    Keras 2: ``ThresholdedReLU(theta)``; PyTorch: ``F.threshold(x, theta, 0)``.
    """
    x = _x(x)
    theta = _checks.number(theta, "theta")
    return np.where(x > theta, x, 0).astype(x.dtype, copy=False)


def thresholded_relu_grad(x, theta: float = 1.0) -> np.ndarray:
    """f'(x) = 1 for x > θ, else 0 (the jump at θ > 0 has no derivative; 0 is used there)."""
    x = _x(x)
    theta = _checks.number(theta, "theta")
    return (x > theta).astype(x.dtype)


ACTIVATIONS = {
    "linear": (linear, linear_grad),
    "relu": (relu, relu_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "prelu": (prelu, prelu_grad),
    "elu": (elu, elu_grad),
    "selu": (selu, selu_grad),
    "softplus": (softplus, softplus_grad),
    "softsign": (softsign, softsign_grad),
    "hard_sigmoid": (hard_sigmoid, hard_sigmoid_grad),
    "thresholded_relu": (thresholded_relu, thresholded_relu_grad),
}
