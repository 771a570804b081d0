"""Numerical gradients: the independent check of every backward pass in the course.

Central differences: ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / (2h), with an error of order h²
(a one-sided difference has an error of order h). Work in float64: in float32 the rounding
error of f swamps the difference for any useful h.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _checks


def numerical_gradient(f: Callable[[np.ndarray], object], x: np.ndarray, h: float = 1e-5,
                       dout: np.ndarray | None = None) -> np.ndarray:
    """The gradient of a scalar function ``f`` at ``x`` by central differences.

    ``x`` is a float array that is perturbed in place one entry at a time and restored.
    If ``dout`` is given, ``f`` may return an array and the gradient is that of Σ dout · f(x)
    (what backward receives as the upstream gradient). Returns an array shaped like ``x``.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    _checks.in_place(x, "x")  # float16 is refused: h = 1e-5 would round away
    h = _checks.number(h, "h", low=0, low_open=True)

    def scalar(value) -> float:
        value = np.asarray(value, dtype=np.float64)
        if dout is None:
            if value.size != 1:
                raise ValueError(f"f must return a scalar when dout is None, got shape {value.shape}")
            return float(value)
        return float(np.sum(value * dout))

    if not x.flags.c_contiguous:
        raise ValueError("x must be C-contiguous so that it can be perturbed in place")
    grad = np.zeros(x.shape, dtype=np.float64)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + h
        plus = scalar(f(x))
        flat_x[i] = old - h
        minus = scalar(f(x))
        flat_x[i] = old
        flat_grad[i] = (plus - minus) / (2 * h)
    return grad


def rel_error(a, b) -> float:
    """The largest relative difference max_i |a_i − b_i| / max(|a_i| + |b_i|, 1e-12).

    Below about 1e-7 two float64 gradients agree; around 1e-2 or above, one of them is wrong.
    """
    a = _checks.float_array(a, "a", finite=True)  # an inf gradient has no relative error
    b = _checks.float_array(b, "b", finite=True)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)))


def check_layer(layer, x, *, dout=None, h: float = 1e-5, rng=None) -> dict[str, float]:
    """Compare a layer's ``backward`` with numerical gradients; return the relative errors.

    The upstream gradient ``dout`` defaults to random normal numbers (an all-ones ``dout`` can
    hide mistakes, e.g. in batch norm, whose input gradient is then exactly zero). Returns
    ``{"x": error, "<param>": error, ...}``. Run it in float64. The layer's buffers (batch norm's
    running statistics, which every forward pass moves) are as before afterwards. A layer that is
    random in training mode (dropout) has no gradient to check there and is refused: check it in
    evaluation mode, or with a fixed mask.
    """

    _checks.layer(layer)
    x = _checks.float_array(x, "x", finite=True).astype(np.float64)
    kept = {name: value.copy() for name, value in layer.buffers.items()}
    try:
        return _check_layer(layer, x, dout, h, rng)
    finally:
        for name, value in layer.buffers.items():
            value[...] = kept[name]


def _check_layer(layer, x: np.ndarray, dout, h: float, rng) -> dict[str, float]:
    out = layer.forward(x)
    if not np.array_equal(out, layer.forward(x)):
        raise ValueError(f"layer must give the same output for the same input to be checked, but "
                         f"{layer!r} is random in training mode (dropout): call layer.eval() first")
    if dout is None:
        dout = _checks.rng(rng).standard_normal(out.shape)
    dout = _checks.float_array(dout, "dout")
    if dout.shape != out.shape:
        raise ValueError(f"dout must have the shape of the layer's output {out.shape}, "
                         f"got {dout.shape}")
    dx = layer.backward(dout)
    analytic = {"x": dx, **{name: g.copy() for name, g in layer.grads.items()}}
    numeric = {"x": numerical_gradient(layer.forward, x, h, dout)}
    for name, param in layer.params.items():
        numeric[name] = numerical_gradient(lambda _: layer.forward(x), param, h, dout)
    return {name: rel_error(analytic[name], numeric[name]) for name in analytic}


DIFFERENCES = ("one-sided", "central")
"""The two difference quotients ``difference_errors`` compares."""


def difference_errors(f: Callable[[np.ndarray], np.ndarray], x: float, exact: float, hs,
                      *, dtype=np.float64) -> dict[str, np.ndarray]:
    """The relative error of the one-sided and the central difference of ``f`` at ``x``, per step h.

    one-sided (f(x + h) − f(x)) / h:       error ≈ h·|f''|/2  + ε·|f|/h  (order h)
    central   (f(x + h) − f(x − h)) / (2h): error ≈ h²·|f'''|/6 + ε·|f|/h  (order h²)
    where ε is the rounding error of ``dtype`` (1.1e-16 for float64, 6e-8 for float32): the first
    term shrinks with h, the rounding term grows, so on a log–log plot each error is a V.
    ``f`` acts element-wise on arrays of ``dtype``; ``exact`` is the true derivative f'(x) (not 0).
    ``hs`` is a 1-D array of steps > 0. Returns {"one-sided": errors, "central": errors}, each
    |difference − exact| / |exact| as a float64 array shaped like ``hs``.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    x = _checks.number(x, "x")
    exact = _checks.number(exact, "exact")
    if exact == 0:
        raise ValueError("exact must not be 0: the error is relative to it")
    dtype = _checks.float_dtype(dtype)
    hs = _checks.float_array(hs, "hs", ndim=1, shape="(H,)", finite=True)
    if np.any(hs <= 0):
        raise ValueError(f"hs must all be > 0, got {hs[hs <= 0][0]:g}")
    at, step = dtype.type(x), hs.astype(dtype)
    with np.errstate(over="ignore", invalid="ignore"):  # a huge step may overflow f: inf, not a warning
        one_sided = (f(at + step) - f(at)) / step
        central = (f(at + step) - f(at - step)) / (2 * step)
    return {name: np.abs(np.asarray(value, dtype=np.float64) - exact) / abs(exact)
            for name, value in zip(DIFFERENCES, (one_sided, central), strict=True)}
