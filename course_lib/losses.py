"""Softmax and the losses built on it.

Every function here is numerically stable: logits are shifted by their maximum before any
``exp``, so magnitudes up to 1e4 give no overflow and no ``log(0)``. float32 inputs give float32
outputs; everything else is computed in float64.
"""

from __future__ import annotations

import numpy as np

from . import _checks


def logsumexp(z, axis: int = -1) -> np.ndarray:
    """log Σ_j exp(z_j) along ``axis``, computed as m + log Σ_j exp(z_j − m) with m = max_j z_j.

    Shape: ``z`` with ``axis`` removed. PyTorch: ``torch.logsumexp(z, dim=axis)``.
    """
    z = _checks.float_array(z, "z")
    axis = _checks.axis(axis, max(z.ndim, 1))
    z = np.atleast_1d(z)
    m = z.max(axis=axis, keepdims=True)
    out = m + np.log(np.exp(z - m).sum(axis=axis, keepdims=True))
    return np.squeeze(out, axis=axis)


def log_softmax(z, axis: int = -1) -> np.ndarray:
    """log softmax(z)_i = z_i − logsumexp(z), stable for large |z|.

    Same shape as ``z``. PyTorch: ``torch.log_softmax(z, dim=axis)``.
    """
    z = _checks.float_array(z, "z")
    axis = _checks.axis(axis, max(z.ndim, 1))
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z, axis: int = -1) -> np.ndarray:
    """softmax(z)_i = exp(z_i − m) / Σ_j exp(z_j − m), with m = max_j z_j (the "max trick").

    Subtracting m changes nothing mathematically (it cancels) but keeps every exponent ≤ 0, so
    nothing overflows. Same shape as ``z``; sums to 1 along ``axis``.
    PyTorch: ``torch.softmax(z, dim=axis)``; TensorFlow: ``tf.nn.softmax``.
    """
    z = _checks.float_array(z, "z")
    axis = _checks.axis(axis, max(z.ndim, 1))
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_loss(logits, y) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy over a batch, and its gradient with respect to the logits.

    loss = (1/N) Σ_n −log softmax(logits_n)[y_n];  dloss/dlogits = (softmax(logits) − onehot(y)) / N.

    ``logits``: (N, C); ``y``: (N,) integer labels in [0, C). Returns ``(loss, dlogits)`` with
    ``dlogits`` of shape (N, C). PyTorch: ``F.cross_entropy(logits, y)`` (reduction="mean").
    """
    logits = _checks.float_array(logits, "logits", ndim=2, shape="(N, C)")
    n, num_classes = logits.shape
    y = _checks.labels(y, "y", n=n, num_classes=num_classes)
    if n == 0:
        raise ValueError("logits must have at least one row, got shape (0, C)")
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sums = exp.sum(axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float(np.mean(np.log(sums[:, 0]) - shifted[rows, y]))
    dlogits = exp / sums
    dlogits[rows, y] -= 1
    dlogits /= n
    return loss, dlogits
