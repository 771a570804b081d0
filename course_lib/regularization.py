"""Regularization: norms of the weights, the penalties built on them, and the L1 proximal step.

A penalty adds λ·R(θ) to the data loss, L = Σ_n l(y_n, f(x_n)) + λ·R(θ), so that large (L2) or
many non-zero (L1) weights cost something. Norms here treat all entries of an array as one
vector (the Frobenius norm for a matrix). Penalties take a dict of arrays (the parameters you
want penalised, usually the weights and not the biases) and return ``(value, grads)`` with the
same keys, ready to be added to a model's gradients. Weights must be finite: a NaN or inf
weight raises (training has already diverged), as does an infinite λ, threshold or rate.
"""

from __future__ import annotations

import numpy as np

from . import _checks


def l0_norm(w) -> int:
    """‖w‖₀ = the number of non-zero entries (not a norm in the strict sense: it ignores scale)."""
    return int(np.count_nonzero(_checks.float_array(w, "w", finite=True)))


def l1_norm(w) -> float:
    """‖w‖₁ = Σ|w_i|, the sum of magnitudes."""
    return float(np.abs(_checks.float_array(w, "w", finite=True)).sum())


def l2_norm(w) -> float:
    """‖w‖₂ = √(Σ w_i²), the Euclidean length (Frobenius norm for a matrix).

    Computed as s·√(Σ (w_i/s)²) with s = max|w_i|, so that no square overflows (1e200 is fine).
    NumPy: ``np.linalg.norm(w.ravel())``; PyTorch: ``torch.linalg.vector_norm(w)``.
    """
    w = np.abs(_checks.float_array(w, "w", finite=True).astype(np.float64))
    s = w.max(initial=0.0)
    return float(s * np.sqrt(np.sum((w / s) ** 2))) if s > 0 else 0.0


def l2_loss(t) -> float:
    """½ Σ t_i²: half the squared L2 norm, so that its gradient is simply t.

    TensorFlow: ``tf.nn.l2_loss(t)``. For [[1, 2], [3, 4]] it is (1 + 4 + 9 + 16)/2 = 15.
    It is inf once the sum passes the float64 range (entries beyond about 1e154).
    """
    t = _checks.float_array(t, "t", finite=True)
    with np.errstate(over="ignore"):
        return float(0.5 * np.sum(t.astype(np.float64) ** 2))


def _params(params) -> dict[str, np.ndarray]:
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays (name -> array), got {type(params).__name__}")
    return {name: _checks.float_array(p, f"params[{name!r}]", finite=True) for name, p in params.items()}


def l1_penalty(params: dict, lam: float) -> tuple[float, dict[str, np.ndarray]]:
    """λ Σ_arrays ‖θ‖₁ and its (sub)gradient λ·sign(θ) per array (0 where θ = 0).

    The gradient jumps from −λ to +λ at 0, so plain (sub)gradient descent makes weights jitter
    around 0 instead of landing on it: use ``l1_proximal_step`` for exact zeros.
    PyTorch has no built-in: ``lam * sum(p.abs().sum() for p in params)``.
    """
    params = _params(params)
    lam = _checks.number(lam, "lam", low=0)
    value = lam * sum(l1_norm(p) for p in params.values())
    return value, {name: lam * np.sign(p) for name, p in params.items()}


def l2_penalty(params: dict, lam: float) -> tuple[float, dict[str, np.ndarray]]:
    """λ Σ_arrays ½‖θ‖₂² (= λ·l2_loss) and its gradient λ·θ per array.

    With this ½, adding the gradient is exactly what ``optim.SGD(lr, weight_decay=λ)`` (and
    PyTorch's ``weight_decay``) does: θ ← θ − lr·(g + λθ). Keras' ``l2(λ)`` has no ½.
    """
    params = _params(params)
    lam = _checks.number(lam, "lam", low=0)
    value = lam * sum(l2_loss(p) for p in params.values())
    return value, {name: lam * p for name, p in params.items()}


def ridge_fit(X, y, lam: float) -> np.ndarray:
    """Least squares with an L2 penalty: the w that minimises ‖Xw − y‖² + λ‖w‖².

    Solved as the ordinary least-squares problem of X stacked on √λ·I (y padded with zeros),
    which avoids forming XᵀX and works for λ = 0 too (then the minimum-norm solution).
    ``X``: (N, D); ``y``: (N,). Returns w of shape (D,). scikit-learn:
    ``Ridge(alpha=λ, fit_intercept=False).fit(X, y).coef_``.
    """
    X = _checks.float_array(X, "X", ndim=2, shape="(N, D)", finite=True)
    y = _checks.float_array(y, "y", ndim=1, shape="(N,)", finite=True)
    _checks.same_rows(X, y, "X", "y")
    lam = _checks.number(lam, "lam", low=0)
    d = X.shape[1]
    A = np.vstack([X, np.sqrt(lam) * np.eye(d, dtype=X.dtype)])
    b = np.concatenate([y, np.zeros(d, dtype=y.dtype)])
    return np.linalg.lstsq(A, b, rcond=None)[0]


def soft_threshold(w, threshold: float) -> np.ndarray:
    """sign(w)·max(|w| − τ, 0): shrink every entry towards 0 by τ, and set to exactly 0 those
    within τ of it.

    It is the proximal operator of τ‖w‖₁: the minimiser of ½‖v − w‖² + τ‖v‖₁.
    PyTorch: ``F.softshrink(w, lambd=τ)``.
    """
    w = _checks.float_array(w, "w", finite=True)
    threshold = _checks.number(threshold, "threshold", low=0)
    return np.where(np.abs(w) <= threshold, 0, w - np.sign(w) * threshold)


def l1_proximal_step(params: dict[str, np.ndarray], lr: float, lam: float) -> None:
    """Apply the L1 proximal step in place: θ ← soft_threshold(θ, lr·λ) for every array.

    Call it right after an ordinary gradient step on the loss *without* the L1 term; the pair
    is proximal gradient descent (ISTA), which minimises loss + λ‖θ‖₁ and produces exact zeros.
    """
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays (name -> array), got {type(params).__name__}")
    for name, p in params.items():
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise TypeError(f"params[{name!r}] must be a float numpy array (it is updated in place), "
                            f"got {_checks._describe(p)}")
        _checks.float_array(p, f"params[{name!r}]", finite=True)
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    lam = _checks.number(lam, "lam", low=0)
    for p in params.values():
        p[...] = soft_threshold(p, lr * lam)
