"""Optimizers: rules that turn gradients into parameter updates.

``optimizer.step(params, grads)`` updates every array of ``params`` in place, using the array of
the same name in ``grads``. An optimizer keeps its state (velocities, moment estimates) per
parameter name, so one optimizer serves a whole ``Sequential``. ``lr`` is a plain attribute:
a learning-rate schedule changes it between steps.

``weight_decay`` (λ) adds λ·θ to each gradient before the update, as PyTorch's ``weight_decay``
argument does: for plain SGD that is the gradient of the L2 penalty ½λ‖θ‖².
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _checks
from .schedules import (  # re-exported: the schedules belong to the optimizers' API
    SCHEDULES,
    cosine_decay,
    exponential_decay,
    inverse_time_decay,
    step_decay,
)


def _checked(params, grads) -> dict:
    """Check ``params`` (finite float32 or float64 numpy arrays, updated in place) and ``grads``
    (float arrays without NaN under the same names, of the same shapes); return ``grads`` as
    arrays. An infinite gradient is a true value past the
    float range (the loss overflowed): it is applied, and the caller sees the parameter become
    inf or NaN (``surfaces.descend`` ends its path there, ``train.fit`` raises)."""
    for key, param in _checks.array_dict(params, "params").items():
        _checks.in_place(param, f"params[{key!r}]")
    grads = {key: _checks.float_array(grad, f"grads[{key!r}]")
             for key, grad in _checks.array_dict(grads, "grads", params).items()}
    for key, grad in grads.items():
        _checks.all_finite(grad, f"grads[{key!r}]", inf=True)
        if grad.shape != params[key].shape:
            raise ValueError(f"grads[{key!r}] must have the shape of params[{key!r}] "
                             f"{params[key].shape}, got shape {grad.shape}")
    return grads


class Optimizer:
    """Base class. Subclasses implement ``update(name, param, grad)`` for one array."""

    def __init__(self, lr: float, weight_decay: float = 0.0) -> None:
        self.lr = _checks.number(lr, "lr", low=0, low_open=True)
        self.weight_decay = _checks.number(weight_decay, "weight_decay", low=0)
        self.t = 0  # number of steps taken

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update each ``params[name]`` in place from ``grads[name]`` (+ weight_decay·param).

        Both are checked: dicts with the same names, of float arrays of the same shapes
        (``params`` finite float32 or float64 numpy arrays, since they are updated in place;
        ``grads`` without NaN, see ``_checked``).
        """
        self._step(params, _checked(params, grads))

    def _step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """``step`` without the checks: the inner loop of ``train.fit``, whose model gives
        well-formed gradients (a non-finite one shows up as a non-finite loss)."""
        self.t += 1
        for name, param in params.items():
            grad = grads[name]
            if self.weight_decay:
                grad = grad + self.weight_decay * param
            self.update(name, param, grad)

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g})"


def _stepper(optimizer) -> Callable[[dict, dict], None]:
    """What a loop that builds well-formed params and grads itself (``train.fit``,
    ``surfaces.descend``) calls each step: a course_lib optimizer's unchecked ``_step``, or any
    other object's ``step(params, grads)``."""
    if isinstance(optimizer, Optimizer):
        return optimizer._step
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, "
                        f"got {_checks._describe(optimizer)}")
    return optimizer.step


class SGD(Optimizer):
    """Plain gradient descent: θ ← θ − lr·g, one learning rate for every parameter.

    With ``weight_decay`` λ: g ← g + λ·θ first. PyTorch: ``torch.optim.SGD(params, lr,
    weight_decay=λ)``.
    """

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        param -= self.lr * grad


class Momentum(Optimizer):
    """Gradient descent with a velocity: v ← μ·v − lr·g, θ ← θ + v (the notes' and cs231n's form).

    With ``nesterov=True`` the step looks ahead along the new velocity: θ ← θ + μ·v − lr·g.
    ``velocity[name]`` holds v, starting at 0. PyTorch: ``torch.optim.SGD(params, lr,
    momentum=μ, nesterov=...)``, which stores b = −v/lr instead of v; with a constant learning
    rate both give the same trajectory (with a schedule they differ slightly: here a new lr acts
    on the next gradient only, in PyTorch on the whole stored velocity).
    """

    def __init__(self, lr: float, momentum: float = 0.9, nesterov: bool = False,
                 weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.momentum = _checks.number(momentum, "momentum", low=0, high=1, high_open=True)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov = nesterov
        self.velocity: dict[str, np.ndarray] = {}

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        v = self.velocity.setdefault(name, np.zeros_like(param))
        v *= self.momentum
        v -= self.lr * grad
        if self.nesterov:
            param += self.momentum * v - self.lr * grad
        else:
            param += v


def momentum_rate(lr, momentum, curvature) -> np.ndarray:
    """The factor ρ by which momentum's error shrinks per step on f = ½·h·θ² (h = curvature).

    (θ, v) evolves by the matrix [[1 − lr·h, μ], [−lr·h, μ]]; ρ is its spectral radius, the
    larger |root| of z² − t·z + μ = 0 with t = 1 + μ − lr·h: (|t| + √(t² − 4μ))/2 for real
    roots, √μ for complex ones. ρ < 1 converges, ρ ≥ 1 does not. Broadcasts over its
    arguments (a grid of learning rates and momenta at once); μ ≥ 0.
    """
    lr, curvature = (_checks.float_array(value, name, finite=True)
                     for value, name in ((lr, "lr"), (curvature, "curvature")))
    momentum = _checks.float_array(momentum, "momentum", finite=True)
    if (momentum < 0).any():
        raise ValueError(f"momentum must be >= 0, got {momentum.min():g}")
    try:
        lr, momentum, curvature = np.broadcast_arrays(lr, momentum, curvature)
    except ValueError:
        raise ValueError(f"lr, momentum and curvature must broadcast to one shape, got shapes "
                         f"{np.shape(lr)}, {np.shape(momentum)} and {np.shape(curvature)}") from None
    with np.errstate(over="ignore"):  # astronomically large arguments: ρ = inf, it diverges
        trace = 1 + momentum - lr * curvature
        disc = trace**2 - 4 * momentum
        return np.where(disc >= 0, (np.abs(trace) + np.sqrt(np.abs(disc))) / 2, np.sqrt(momentum))


class Adagrad(Optimizer):
    """Per-parameter rates from the sum of all squared gradients so far.

    G ← G + g²,  θ ← θ − lr·g / (√G + eps). A coordinate with large or frequent gradients gets
    a small rate, a rare one keeps a large rate; every rate lr/(√G + eps) only ever falls.
    ``sum_sq[name]`` holds G. PyTorch: ``torch.optim.Adagrad(params, lr, eps=eps)``.
    """

    def __init__(self, lr: float = 0.01, eps: float = 1e-10, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.eps = _checks.number(eps, "eps", low=0, low_open=True)
        self.sum_sq: dict[str, np.ndarray] = {}

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        G = self.sum_sq.setdefault(name, np.zeros_like(param))
        G += grad * grad
        param -= self.lr * grad / (np.sqrt(G) + self.eps)


class Adadelta(Optimizer):
    """Adagrad with running averages, and a step measured in the units of θ.

    E[g²] ← ρ·E[g²] + (1−ρ)·g²,  Δ = √(E[Δ²] + eps) / √(E[g²] + eps) · g,
    E[Δ²] ← ρ·E[Δ²] + (1−ρ)·Δ²,  θ ← θ − lr·Δ.
    The paper has no learning rate (lr = 1, PyTorch's default). ``avg_sq_grad[name]`` and
    ``avg_sq_delta[name]`` hold E[g²] and E[Δ²]. PyTorch: ``torch.optim.Adadelta(params, lr,
    rho, eps)``.
    """

    def __init__(self, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.rho = _checks.number(rho, "rho", low=0, high=1, high_open=True)
        self.eps = _checks.number(eps, "eps", low=0, low_open=True)
        self.avg_sq_grad: dict[str, np.ndarray] = {}
        self.avg_sq_delta: dict[str, np.ndarray] = {}

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        Eg = self.avg_sq_grad.setdefault(name, np.zeros_like(param))
        Ed = self.avg_sq_delta.setdefault(name, np.zeros_like(param))
        Eg *= self.rho
        Eg += (1 - self.rho) * grad * grad
        delta = np.sqrt(Ed + self.eps) / np.sqrt(Eg + self.eps) * grad
        Ed *= self.rho
        Ed += (1 - self.rho) * delta * delta
        param -= self.lr * delta


class RMSProp(Optimizer):
    """Adagrad with a forgetting average of the squared gradients, so rates can recover.

    s ← α·s + (1−α)·g²,  θ ← θ − lr·g / (√s + eps). ``avg_sq[name]`` holds s.
    PyTorch: ``torch.optim.RMSprop(params, lr, alpha, eps)``.
    """

    def __init__(self, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.alpha = _checks.number(alpha, "alpha", low=0, high=1, high_open=True)
        self.eps = _checks.number(eps, "eps", low=0, low_open=True)
        self.avg_sq: dict[str, np.ndarray] = {}

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        s = self.avg_sq.setdefault(name, np.zeros_like(param))
        s *= self.alpha
        s += (1 - self.alpha) * grad * grad
        param -= self.lr * grad / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Momentum on the gradient plus RMSProp's scaling, both bias-corrected.

    m ← β₁·m + (1−β₁)·g,  v ← β₂·v + (1−β₂)·g²,  after t steps of this parameter
    m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ),  θ ← θ − lr·m̂ / (√v̂ + eps).
    m and v themselves are never overwritten by m̂ and v̂. ``m[name]``, ``v[name]`` and
    ``steps[name]`` hold the state. PyTorch: ``torch.optim.Adam(params, lr, betas=(β₁, β₂), eps)``.
    """

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.beta1 = _checks.number(beta1, "beta1", low=0, high=1, high_open=True)
        self.beta2 = _checks.number(beta2, "beta2", low=0, high=1, high_open=True)
        self.eps = _checks.number(eps, "eps", low=0, low_open=True)
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}
        self.steps: dict[str, int] = {}

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        m = self.m.setdefault(name, np.zeros_like(param))
        v = self.v.setdefault(name, np.zeros_like(param))
        t = self.steps[name] = self.steps.get(name, 0) + 1
        m += (1 - self.beta1) * (grad - m)
        v *= self.beta2
        v += (1 - self.beta2) * grad * grad
        denom = np.sqrt(v) / np.sqrt(1 - self.beta2**t) + self.eps
        param -= self.lr / (1 - self.beta1**t) * m / denom



class AdamW(Adam):
    """Adam with decoupled weight decay: θ ← θ·(1 − lr·λ), then Adam's step with the plain
    gradient (Loshchilov & Hutter, "Decoupled weight decay regularization", 2019).

    ``Adam(weight_decay=λ)`` adds λ·θ to the gradient, so the decay is divided by √v̂ like the
    rest of the gradient: a weight whose gradients are large is hardly decayed at all. Here every
    weight shrinks by the same factor 1 − lr·λ per step. ``decoupled_weight_decay`` holds λ.
    PyTorch: ``torch.optim.AdamW(params, lr, betas=(β₁, β₂), eps, weight_decay=λ)`` (default
    λ = 0.01).
    """

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, weight_decay: float = 0.01) -> None:
        super().__init__(lr, beta1, beta2, eps)
        self.decoupled_weight_decay = _checks.number(weight_decay, "weight_decay", low=0)

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        param *= 1 - self.lr * self.decoupled_weight_decay
        super().update(name, param, grad)

class Newton(Optimizer):
    """Newton's method: solve (H + damping·I)·d = g and step θ ← θ − lr·d.

    ``hessian(θ)`` returns H, the Hessian of the loss at the parameter θ (shape (n, n) for a
    parameter of n numbers), for example ``surface.hessian``; for several parameters, a dict of
    such functions by name (each gives its parameter's block of H). So ``step(params, grads)``
    is the same call as for every optimizer. On a quadratic with lr = 1 and no damping one step
    lands on the stationary point, whatever it is: a minimum, a saddle or a maximum.
    ``damping`` > 0 moves the step towards gradient descent (Levenberg–Marquardt). The system is
    solved with ``np.linalg.solve``; H⁻¹ is never formed. No PyTorch counterpart
    (``torch.optim.LBFGS`` is the closest: a quasi-Newton method that estimates H from gradients).
    """

    def __init__(self, lr: float = 1.0, damping: float = 0.0, *,
                 hessian: Callable[[np.ndarray], np.ndarray] | dict[str, Callable]) -> None:
        super().__init__(lr)
        self.damping = _checks.number(damping, "damping", low=0)
        functions = hessian.values() if isinstance(hessian, dict) else [hessian]
        if not functions or not all(callable(f) for f in functions):
            raise TypeError(f"hessian must be a function H = hessian(θ) or a dict of them by "
                            f"parameter name, got {_checks._describe(hessian)}")
        self.hessian = hessian

    def _hessian_of(self, name: str, param: np.ndarray) -> np.ndarray:
        if not isinstance(self.hessian, dict):
            return self.hessian(param)
        if name not in self.hessian:
            raise ValueError(f"hessian has no function for the parameter {name!r}, only for "
                             f"{sorted(self.hessian)}")
        return self.hessian[name](param)

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        n = param.size
        H = np.asarray(self._hessian_of(name, param), dtype=param.dtype)
        if H.shape != (n, n):
            raise ValueError(f"hessian({name!r}) must have shape ({n}, {n}) for a parameter "
                             f"of {n} numbers, got shape {H.shape}")
        if not np.isfinite(H).all():
            raise ValueError(f"hessian({name!r}) must be finite, got NaN or inf")
        try:
            d = np.linalg.solve(H + self.damping * np.eye(n), grad.reshape(n))
        except np.linalg.LinAlgError:
            raise ValueError(f"hessian({name!r}) + damping·I is singular: no Newton step "
                             f"exists; use damping > 0") from None
        param -= self.lr * d.reshape(param.shape)


__all__ = ["Optimizer", "SGD", "Momentum", "momentum_rate", "Adagrad", "Adadelta", "RMSProp", "Adam",
           "Newton", "SCHEDULES", "step_decay", "exponential_decay", "inverse_time_decay", "cosine_decay",
           "AdamW"]
