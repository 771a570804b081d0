"""Two-dimensional test functions for optimizers, with exact gradients and Hessians.

A ``Surface`` evaluates at points ``p`` of shape (..., 2): a single point (2,), a list of
points (K, 2) or a whole grid (H, W, 2) for a contour plot. ``value`` returns shape (...),
``grad`` (..., 2) and ``hessian`` (..., 2, 2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import _checks, optim


@dataclass(frozen=True)
class Surface:
    """A function f(x, y) with its gradient, Hessian, known minima and a good plotting window."""

    name: str
    formula: str
    _value: Callable
    _grad: Callable
    _hessian: Callable
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...] = field(default=())

    def _at(self, function: Callable, p):
        """``function(x, y)`` at the points ``p`` of shape (..., 2).

        Points so far out that f overflows (|p| past about 1e50 for Beale) give inf or NaN,
        quietly, as a NaN or inf point does.
        """
        p = _checks.float_array(p, "p")
        if p.ndim == 0 or p.shape[-1] != 2:
            raise ValueError(f"p must have shape (..., 2) (points (x, y)), got shape {p.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            return function(p[..., 0], p[..., 1])

    def value(self, p) -> np.ndarray:
        """f at each point; shape (...)."""
        return np.asarray(self._at(self._value, p))

    def grad(self, p) -> np.ndarray:
        """(∂f/∂x, ∂f/∂y) at each point; shape (..., 2)."""
        return np.stack(np.broadcast_arrays(*self._at(self._grad, p)), axis=-1)

    def hessian(self, p) -> np.ndarray:
        """[[f_xx, f_xy], [f_xy, f_yy]] at each point; shape (..., 2, 2)."""
        fxx, fxy, fyy = np.broadcast_arrays(*self._at(self._hessian, p))
        return np.stack([np.stack([fxx, fxy], -1), np.stack([fxy, fyy], -1)], -2)

    def grid(self, n: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Grid coordinates X, Y (n×n) over the plotting window and f on it, for contour plots."""
        n = _checks.integer(n, "n", low=2)
        X, Y = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
        return X, Y, self._value(X, Y)


def quadratic(condition: float = 10.0) -> Surface:
    """f = ½(x² + κ·y²): a bowl whose curvatures differ by the condition number κ.

    Gradient descent zig-zags across the steep y direction when κ is large; the largest stable
    learning rate is 2/κ. Minimum at (0, 0).
    """
    k = _checks.number(condition, "condition", low=1)
    return Surface(
        name="quadratic", formula=rf"$f = \frac{{1}}{{2}}(x^2 + {k:g}\,y^2)$",
        _value=lambda x, y: 0.5 * (x * x + k * y * y),
        _grad=lambda x, y: (x, k * y),
        _hessian=lambda x, y: (np.ones_like(x), np.zeros_like(x), np.full_like(x, k)),
        xlim=(-4.0, 4.0), ylim=(-3.0, 3.0), start=(-3.5, 2.0), minima=((0.0, 0.0),))


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """f = (a − x)² + b·(y − x²)²: a curved, flat-bottomed valley. Minimum at (a, a²)."""
    a = _checks.number(a, "a")
    b = _checks.number(b, "b", low=0, low_open=True)
    return Surface(
        name="rosenbrock", formula=rf"$f = ({a:g} - x)^2 + {b:g}\,(y - x^2)^2$",
        _value=lambda x, y: (a - x) ** 2 + b * (y - x * x) ** 2,
        _grad=lambda x, y: (-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)),
        _hessian=lambda x, y: (2 - 4 * b * (y - x * x) + 8 * b * x * x, -4 * b * x,
                               np.full_like(x, 2 * b)),
        xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), start=(-1.5, 2.5), minima=((a, a * a),))


def saddle() -> Surface:
    """f = x² − y²: a saddle point at (0, 0), a minimum along x and a maximum along y."""
    return Surface(
        name="saddle", formula=r"$f = x^2 - y^2$",
        _value=lambda x, y: x * x - y * y,
        _grad=lambda x, y: (2 * x, -2 * y),
        _hessian=lambda x, y: (np.full_like(x, 2.0), np.zeros_like(x), np.full_like(x, -2.0)),
        xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), start=(-1.8, 0.05), minima=())


_HIMMELBLAU_MINIMA = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                      (3.584428, -1.848126))


def himmelblau() -> Surface:
    """f = (x² + y − 11)² + (x + y² − 7)²: four minima, all with f = 0."""
    return Surface(
        name="himmelblau", formula=r"$f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$",
        _value=lambda x, y: (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
        _grad=lambda x, y: (4 * x * (x * x + y - 11) + 2 * (x + y * y - 7),
                            2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)),
        _hessian=lambda x, y: (12 * x * x + 4 * y - 42, 4 * (x + y), 4 * x + 12 * y * y - 26),
        xlim=(-5.0, 5.0), ylim=(-5.0, 5.0), start=(0.0, 0.0), minima=_HIMMELBLAU_MINIMA)


_BEALE_TERMS = ((1.5, 1), (2.25, 2), (2.625, 3))  # (c_k, k): f = Σ (c_k − x + x·y^k)²


def _beale_value(x, y):
    return sum((c - x + x * y**k) ** 2 for c, k in _BEALE_TERMS)


def _beale_grad(x, y):
    gx = sum(2 * (c - x + x * y**k) * (y**k - 1) for c, k in _BEALE_TERMS)
    gy = sum(2 * (c - x + x * y**k) * k * x * y ** (k - 1) for c, k in _BEALE_TERMS)
    return gx, gy


def _beale_hessian(x, y):
    fxx = sum(2 * (y**k - 1) ** 2 for c, k in _BEALE_TERMS)
    fxy = sum(2 * k * x * y ** (k - 1) * (y**k - 1) + 2 * (c - x + x * y**k) * k * y ** (k - 1)
              for c, k in _BEALE_TERMS)
    fyy = sum(2 * (k * x * y ** (k - 1)) ** 2
              + 2 * (c - x + x * y**k) * k * (k - 1) * x * y ** max(k - 2, 0)
              for c, k in _BEALE_TERMS)
    return fxx, fxy, fyy


def beale() -> Surface:
    """f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: flat plateaus and a
    narrow curved valley. Minimum f = 0 at (3, 0.5)."""
    return Surface(
        name="beale", formula=r"$f = \sum_{k=1}^{3} (c_k - x + x y^k)^2$",
        _value=_beale_value, _grad=_beale_grad, _hessian=_beale_hessian,
        xlim=(-4.5, 4.5), ylim=(-4.5, 4.5), start=(1.0, 1.4), minima=((3.0, 0.5),))


def least_squares(x, y) -> Surface:
    """The loss of fitting the line ŷ = w·x + b to the points (x_i, y_i), as a function of (w, b).

    f(w, b) = (1/2N) Σ_i (w·x_i + b − y_i)², gradient (1/N) Σ_i r_i·(x_i, 1) with the residual
    r_i = w·x_i + b − y_i, and the constant Hessian (1/N) Σ_i (x_i, 1)(x_i, 1)ᵀ: a bowl whose
    shape, and so its condition number, is set by the data. ``x``, ``y``: shape (N,), N ≥ 2, x
    not all equal. The minimum is the least-squares line (``np.polyfit(x, y, 1)``); descent
    starts at (0, 0). PyTorch: ``0.5 * torch.nn.functional.mse_loss(w * x + b, y)``.
    """
    x = _checks.float_array(x, "x", ndim=1, shape="(N,)", finite=True).astype(np.float64)
    y = _checks.float_array(y, "y", ndim=1, shape="(N,)", finite=True).astype(np.float64)
    if x.size < 2:
        raise ValueError(f"x must hold at least 2 points, got shape {x.shape}")
    if y.shape != x.shape:
        raise ValueError(f"y must have the shape of x, {x.shape}, got shape {y.shape}")
    if np.ptp(x) == 0:
        raise ValueError("x must not be all equal: a vertical cloud of points fits no single line")
    with np.errstate(over="ignore", invalid="ignore"):
        mx, mxx = x.mean(), (x * x).mean()
        w, b = np.linalg.solve([[mxx, mx], [mx, 1.0]], [(x * y).mean(), y.mean()])
    if not np.isfinite([mxx, w, b]).all():
        raise ValueError("x and y are too large to fit a line in float64; rescale them")

    def residual(w_, b_):
        return np.asarray(w_)[..., None] * x + np.asarray(b_)[..., None] - y

    half = 1.5 * max(abs(w), abs(b), 1.0)
    return Surface(
        name="least squares", formula=r"$f = \frac{1}{2N}\sum_i (w x_i + b - y_i)^2$",
        _value=lambda w_, b_: 0.5 * (residual(w_, b_) ** 2).mean(-1),
        _grad=lambda w_, b_: ((residual(w_, b_) * x).mean(-1), residual(w_, b_).mean(-1)),
        _hessian=lambda w_, b_: (np.full_like(w_, mxx), np.full_like(w_, mx), np.ones_like(w_)),
        xlim=(float(min(0.0, w) - half / 2), float(max(0.0, w) + half / 2)),
        ylim=(float(min(0.0, b) - half / 2), float(max(0.0, b) + half / 2)), start=(0.0, 0.0),
        minima=((float(w), float(b)),))


SURFACES = {"quadratic": quadratic, "rosenbrock": rosenbrock, "saddle": saddle,
            "himmelblau": himmelblau, "beale": beale}


def descend(surface: Surface, optimizer, start, steps: int) -> np.ndarray:
    """Run ``optimizer`` on ``surface`` from ``start`` for ``steps`` steps; return the path.

    The path has shape (steps + 1, 2): the start, then the point after each step. If the
    iterates overflow (a learning rate past the stable range), the rest of the path is NaN.
    Newton's method is ``optim.Newton(hessian=surface.hessian)``.
    """
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a Surface, got {type(surface).__name__}")
    step = optim._stepper(optimizer)
    point = _checks.float_array(start, "start", ndim=1, shape="(2,)", finite=True).astype(np.float64)
    if point.shape != (2,):
        raise ValueError(f"start must have shape (2,), got shape {point.shape}")
    steps = _checks.integer(steps, "steps", low=0)
    path = np.full((steps + 1, 2), np.nan)
    path[0] = point
    params = {"p": point}
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            step(params, {"p": surface.grad(point)})
            if not np.all(np.isfinite(point)):
                break
            path[k] = point
    return path
