"""Softmax and the losses built on it: cross-entropy (TensorFlow-style, per example), the
loss-and-gradient pairs that training uses, and the margin losses of the loss zoo.

Every function here is numerically stable: logits are shifted by their maximum before any
``exp`` (or enter only through e^(−|x|)), so magnitudes up to 1e4 give no overflow and no
``log(0)``. float32 inputs give float32 outputs; everything else is computed in float64.

NaN or inf logits (scores, predictions, margins) give a NaN or inf loss, quietly, as in PyTorch:
that is how ``train.fit`` sees a run diverge. Labels and targets are checked: a NaN there is a
mistake in the data, and raises.

Two families: the TensorFlow-style functions return one loss per example (sum or average
them yourself); the ``*_loss`` functions return ``(mean loss, gradient)`` for ``train.fit``.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .activations import sigmoid


def _z_and_axis(z, axis) -> tuple[np.ndarray, int]:
    """``z`` as a float array and ``axis`` as a valid index, with at least one entry along it."""
    z = _checks.float_array(z, "z")
    axis = _checks.axis(axis, max(z.ndim, 1))
    if z.ndim and z.shape[axis] == 0:
        raise ValueError(f"z must have at least one entry along axis {axis}, got shape {z.shape}")
    return z, axis


def logsumexp(z, axis: int = -1) -> np.ndarray:
    """log Σ_j exp(z_j) along ``axis``, computed as m + log Σ_j exp(z_j − m) with m = max_j z_j.

    Shape: ``z`` with ``axis`` removed. PyTorch: ``torch.logsumexp(z, dim=axis)``.
    """
    z, axis = _z_and_axis(z, axis)
    z = np.atleast_1d(z)
    m = z.max(axis=axis, keepdims=True)
    with np.errstate(invalid="ignore"):  # a row holding +inf: inf − inf is NaN
        out = m + np.log(np.exp(z - m).sum(axis=axis, keepdims=True))
    return np.squeeze(out, axis=axis)


def log_softmax(z, axis: int = -1) -> np.ndarray:
    """log softmax(z)_i = z_i − logsumexp(z), stable for large |z|.

    Same shape as ``z``. PyTorch: ``torch.log_softmax(z, dim=axis)``.
    """
    z, axis = _z_and_axis(z, axis)
    with np.errstate(invalid="ignore"):  # a row holding +inf: inf − inf is NaN
        shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z, axis: int = -1) -> np.ndarray:
    """softmax(z)_i = exp(z_i − m) / Σ_j exp(z_j − m), with m = max_j z_j (the "max trick").

    Subtracting m changes nothing mathematically (it cancels) but keeps every exponent ≤ 0, so
    nothing overflows. Same shape as ``z``; sums to 1 along ``axis``.
    PyTorch: ``torch.softmax(z, dim=axis)``; TensorFlow: ``tf.nn.softmax``.
    """
    z, axis = _z_and_axis(z, axis)
    with np.errstate(invalid="ignore"):  # a row holding +inf: inf − inf is NaN
        e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _probability_rows(labels, logits: np.ndarray) -> np.ndarray:
    """``labels`` of the shape of ``logits``, each row non-negative and summing to 1."""
    labels = _checks.float_array(labels, "labels", finite=True).astype(logits.dtype, copy=False)
    if labels.shape != logits.shape:
        raise ValueError(f"labels must have the shape of logits {logits.shape}, got {labels.shape}")
    rows = labels.reshape(-1, labels.shape[-1])
    bad = np.flatnonzero(np.any(rows < 0, axis=1) | (np.abs(rows.sum(axis=1) - 1) > 1e-5))
    if bad.size:
        i = bad[0]
        raise ValueError(f"labels must be one-hot or probability rows (entries ≥ 0 summing to 1), "
                         f"but row {i} is {np.array2string(rows[i], precision=4)} "
                         f"with sum {rows[i].sum():.4g}")
    return labels


def softmax_cross_entropy_with_logits(labels, logits) -> np.ndarray:
    """Per-example cross-entropy between label distributions and softmax(logits).

    loss_n = −Σ_c labels[n, c] · log softmax(logits_n)_c, over the last axis.
    ``labels`` and ``logits``: (N, C) (or (C,) for one example), labels one-hot or probability
    rows. Returns shape (N,) (or a 0-d array). TensorFlow:
    ``tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)``; PyTorch:
    ``F.cross_entropy(logits, labels, reduction="none")`` with probability targets.
    """
    logits = _checks.float_array(logits, "logits", ndim=(1, 2), shape="(N, C) or (C,)")
    labels = _probability_rows(labels, logits)
    with np.errstate(invalid="ignore"):  # 0 · (−inf) for a −inf logit is NaN
        return -np.sum(labels * log_softmax(logits), axis=-1)


def sparse_softmax_cross_entropy_with_logits(labels, logits) -> np.ndarray:
    """Per-example cross-entropy with integer labels: loss_n = −log softmax(logits_n)[labels_n].

    ``labels``: (N,) integers in [0, C); ``logits``: (N, C). Returns shape (N,). The same numbers
    as the one-hot version with ``one_hot(labels, C)``. TensorFlow:
    ``tf.nn.sparse_softmax_cross_entropy_with_logits``; PyTorch:
    ``F.cross_entropy(logits, labels, reduction="none")``.
    """
    logits = _checks.float_array(logits, "logits", ndim=2, shape="(N, C)")
    labels = _checks.labels(labels, "labels", num_classes=logits.shape[1])
    _checks.same_rows(logits, labels, "logits", "labels")
    return -log_softmax(logits)[np.arange(logits.shape[0]), labels]


def sigmoid_cross_entropy_with_logits(labels, logits) -> np.ndarray:
    """Element-wise binary cross-entropy between labels z in [0, 1] and sigmoid(x), x the logits.

    −z·log σ(x) − (1 − z)·log(1 − σ(x)), computed as max(x, 0) − x·z + log(1 + e^(−|x|)), which
    never overflows and never takes log(0). Same shape as ``logits``. TensorFlow:
    ``tf.nn.sigmoid_cross_entropy_with_logits``; PyTorch:
    ``F.binary_cross_entropy_with_logits(logits, labels, reduction="none")``.
    """
    logits = _checks.float_array(logits, "logits")
    labels = _checks.float_array(labels, "labels").astype(logits.dtype, copy=False)
    if labels.shape != logits.shape:
        raise ValueError(f"labels must have the shape of logits {logits.shape}, got {labels.shape}")
    return _sigmoid_cross_entropy(_unit_interval(labels, "labels"), logits)


def _unit_interval(labels: np.ndarray, name: str) -> np.ndarray:
    """``labels`` unchanged if every entry is in [0, 1]; else name the first one that is not."""
    outside = np.flatnonzero(~((labels >= 0) & (labels <= 1)))  # NaN counts as outside
    if outside.size:
        i = np.unravel_index(outside[0], labels.shape)
        raise ValueError(f"{name} must be in [0, 1], got {labels[i]:g} at index {tuple(map(int, i))}")
    return labels


def _sigmoid_cross_entropy(z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """max(x, 0) − x·z + log(1 + e^(−|x|)), element-wise, for checked inputs."""
    with np.errstate(invalid="ignore"):  # an infinite logit: inf − inf is NaN
        return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


def softmax_loss(logits, y) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy over a batch, and its gradient with respect to the logits.

    loss = (1/N) Σ_n −log softmax(logits_n)[y_n];  dloss/dlogits = (softmax(logits) − onehot(y)) / N.

    ``logits``: (N, C); ``y``: (N,) integer labels in [0, C). Returns ``(loss, dlogits)`` with
    ``dlogits`` of shape (N, C). PyTorch: ``F.cross_entropy(logits, y)`` (reduction="mean").
    """
    logits = _checks.float_array(logits, "logits", ndim=2, shape="(N, C)")
    n, num_classes = logits.shape
    y = _checks.labels(y, "y", num_classes=num_classes)
    _checks.same_rows(logits, y, "logits", "y")
    if n == 0:
        raise ValueError(f"logits must have at least one row, got shape {logits.shape}")
    with np.errstate(invalid="ignore"):  # a row holding +inf: inf − inf is NaN
        shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sums = exp.sum(axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float(np.log(sums).sum() - shifted[rows, y].sum()) / n
    dlogits = exp / sums
    dlogits[rows, y] -= 1
    dlogits /= n
    return loss, dlogits


def svm_loss(scores, y, delta: float = 1.0) -> tuple[float, np.ndarray]:
    """Mean multiclass SVM (hinge) loss over a batch, and its gradient with respect to the scores.

    loss = (1/N) Σ_n Σ_{j ≠ y_n} max(0, s_nj − s_n,y_n + Δ): a wrong class costs nothing once
    the correct score beats it by the margin Δ. Not divided by the number of classes.
    Gradient: +1/N at each wrong class with a positive term, −(their count)/N at the correct one.
    ``scores``: (N, C); ``y``: (N,) integers in [0, C). Returns ``(loss, dscores)``, dscores (N, C).
    PyTorch: ``nn.MultiMarginLoss(margin=Δ)`` divides by C as well; this does not (cs231n).
    """
    scores = _checks.float_array(scores, "scores", ndim=2, shape="(N, C)")
    n = scores.shape[0]
    y = _checks.labels(y, "y", num_classes=scores.shape[1])
    _checks.same_rows(scores, y, "scores", "y")
    delta = _checks.number(delta, "delta", low=0)
    if n == 0:
        raise ValueError(f"scores must have at least one row, got shape {scores.shape}")
    rows = np.arange(n)
    with np.errstate(invalid="ignore"):  # an infinite score: inf − inf is NaN
        margins = np.maximum(0, scores - scores[rows, y][:, None] + delta)
    margins[rows, y] = 0
    active = (margins > 0).astype(scores.dtype)
    active[rows, y] -= active.sum(axis=1)
    return float(margins.sum() / n), active / n


def _same_shape(a, b, name_a: str, name_b: str) -> tuple[np.ndarray, np.ndarray]:
    """Predictions ``a`` (NaN allowed: it gives a NaN loss) and finite targets ``b``, one shape."""
    a = _checks.float_array(a, name_a)
    b = _checks.float_array(b, name_b, finite=True).astype(a.dtype, copy=False)
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError(f"{name_a} must not be empty, got shape {a.shape}")
    return a, b


def mse_loss(pred, target) -> tuple[float, np.ndarray]:
    """Mean squared error over all elements, and its gradient: (1/M) Σ (p − t)², 2(p − t)/M.

    ``pred`` and ``target`` of the same shape (M elements). PyTorch: ``F.mse_loss`` (mean).
    """
    pred, target = _same_shape(pred, target, "pred", "target")
    diff = pred - target
    with np.errstate(over="ignore"):  # |p − t| past 1e154: the mean square is inf
        return float(np.mean(diff**2)), 2 * diff / diff.size


def mae_loss(pred, target) -> tuple[float, np.ndarray]:
    """Mean absolute error over all elements, and its (sub)gradient: (1/M) Σ |p − t|, sign(p − t)/M.

    At p = t the gradient is taken as 0 (as PyTorch). PyTorch: ``F.l1_loss`` (mean).
    """
    pred, target = _same_shape(pred, target, "pred", "target")
    diff = pred - target
    return float(np.mean(np.abs(diff))), np.sign(diff) / diff.size


def binary_cross_entropy_loss(logits, y) -> tuple[float, np.ndarray]:
    """Mean binary cross-entropy of sigmoid(logits) against labels y in [0, 1], and its gradient.

    loss = (1/M) Σ sigmoid_cross_entropy_with_logits(y, logits); dloss/dlogits = (σ(x) − y)/M.
    Takes logits, not probabilities, so it stays finite for |x| up to 1e4. ``logits`` and ``y``
    of the same shape (M elements). PyTorch: ``nn.BCEWithLogitsLoss()`` (mean).
    """
    logits, y = _same_shape(logits, y, "logits", "y")
    per_element = _sigmoid_cross_entropy(_unit_interval(y, "y"), logits)
    return float(per_element.mean()), (sigmoid(logits) - y) / logits.size


def zero_one(m) -> np.ndarray:
    """0-1 loss of the margin m = y·f(x): 1 if m ≤ 0 (wrong side or on the boundary), else 0."""
    m = _checks.float_array(m, "m")
    return (m <= 0).astype(m.dtype)


def perceptron(m) -> np.ndarray:
    """Perceptron loss max(0, −m): zero for any correct side, however close to the boundary."""
    m = _checks.float_array(m, "m")
    return np.where(m < 0, -m, 0)


def hinge(m) -> np.ndarray:
    """Hinge loss max(0, 1 − m) (SVM): zero only once the margin exceeds 1."""
    m = _checks.float_array(m, "m")
    return np.maximum(0, 1 - m)


def logistic(m) -> np.ndarray:
    """Logistic (log) loss log(1 + e^(−m)), natural log, stable for any m.

    Equals ``sigmoid_cross_entropy_with_logits(labels=(y + 1)/2, logits=f(x))`` for y ∈ {−1, +1}.
    """
    m = _checks.float_array(m, "m")
    with np.errstate(invalid="ignore"):  # NumPy warns on a NaN margin; it gives NaN, as it should
        return np.logaddexp(0, -m).astype(m.dtype, copy=False)


def exponential(m) -> np.ndarray:
    """Exponential loss e^(−m) (AdaBoost). It is inf below m ≈ −709 (float64): the value is that big."""
    m = _checks.float_array(m, "m")
    with np.errstate(over="ignore"):
        return np.exp(-m)


def square(m) -> np.ndarray:
    """Square loss (1 − m)², which equals (y − f(x))² for y ∈ {−1, +1}; inf past |m| ≈ 1e154."""
    m = _checks.float_array(m, "m")
    with np.errstate(over="ignore"):
        return (1 - m) ** 2


MARGIN_LOSSES = {"zero_one": zero_one, "perceptron": perceptron, "hinge": hinge,
                 "logistic": logistic, "exponential": exponential, "square": square}
"""Each margin loss by name: a function of the margin m = y·f(x), y ∈ {−1, +1}, element-wise."""
