"""Seeded experiment runs of the course: small, deterministic, fast enough for a slider.

Each function runs one experiment a notebook (and its figure) shows and returns the numbers; the
drawing functions in ``plots`` only draw them. NumPy only, like the rest of the core. In the
order of the notebooks:

- back-propagation (03): ``gate_graph``;
- activations (04): ``gradient_norms``; regularization (06): ``sparse_regression``,
  ``coefficient_paths``, ``fit_polynomial``;
- optimizers (07): ``RACERS``, ``make_racer``, ``adam_moments``;
- batch norm (09): ``layer_statistics``, ``running_statistics``, ``head_parameters``;
- mini-batches (10): ``loss_curve``, ``digits_curve``;
- softmax (01): ``OUTPUTS``, ``output_layer_runs``; gradient descent (02): ``descend_rates``;
- the activation race of 04, with its controls: ``RACE_ACTIVATIONS``, ``activation_race``;
- the runs behind 10's comparisons: ``SHUFFLE_ORDERS``, ``digits_mlp``, ``shuffle_accuracy``,
  ``digits_fit``, ``batch_size_loss``, ``peak_step_memory``, ``step_seconds``, ``epoch_curves``,
  ``five_digit_net``, ``fine_tune_vs_scratch``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import _checks, activations, checkpoint, data, layers, losses, optim, regularization, surfaces, train
from .autograd import Value

__all__ = ["gate_graph", "gradient_norms", "sparse_regression", "coefficient_paths", "PolynomialFit",
           "fit_polynomial", "RACERS", "make_racer", "adam_moments", "layer_statistics",
           "running_statistics", "head_parameters", "loss_curve", "digits_curve",
           "OUTPUTS", "output_layer_runs", "descend_rates",
           "RACE_ACTIVATIONS", "activation_race",
           "SHUFFLE_ORDERS", "digits_mlp", "shuffle_accuracy", "digits_fit", "batch_size_loss",
           "peak_step_memory", "step_seconds", "epoch_curves", "five_digit_net", "fine_tune_vs_scratch"]


# --- 03 back-propagation -------------------------------------------------------------------------

def gate_graph(x: float = -2.0, y: float = 5.0, z: float = -4.0, w: float = 2.0) -> Value:
    """f = (x + y)·max(z, w) as ``autograd.Value`` nodes labelled x, y, z, w, q = x + y,
    m = max(z, w) and f = q·m (notebook 03), before ``backward()``. Its gradients:
    ∂f/∂x = ∂f/∂y = m (add gate), ∂f/∂z = q·[z ≥ w], ∂f/∂w = q·[w > z] (max gate)."""
    x, y, z, w = (Value(_checks.number(v, name), label=name)
                  for v, name in ((x, "x"), (y, "y"), (z, "z"), (w, "w")))
    q = x + y
    m = z.maximum(w)
    f = q * m
    q.label, m.label, f.label = "q", "m", "f"
    return f


# --- 04 activations, 06 regularization -----------------------------------------------------------

def gradient_norms(activation: str, depth: int, weight_scale: float, *, width: int = 32,
                   n: int = 32, seed: int = 0) -> np.ndarray:
    """How the gradient's size changes on its way back through a fresh deep network, shape (depth,).

    The network is ``depth`` layers h_l = f(z_l), z_l = h_{l−1} W_l, with W_l of shape
    (width, width) and entries N(0, weight_scale² / width) (the same weights for every
    ``activation``: the same ``seed``); the input h_0 is ``n`` rows of standard normal numbers.
    A random gradient g_depth = ∂L/∂h_depth of norm 1 comes back from the loss, and each layer
    passes on g_{l−1} = (g_l ⊙ f'(z_l)) W_lᵀ. Entry l − 1 is ‖g_{l−1}‖, the size of the gradient
    that reaches layer l's input (entry 0: the network's input). ``weight_scale`` 1 is Xavier's
    (LeCun's) scale, √2 He's.
    """
    f, grad = activations.ACTIVATIONS[_checks.choice(activation, "activation", activations.ACTIVATIONS)]
    depth = _checks.integer(depth, "depth", low=1)
    weight_scale = _checks.number(weight_scale, "weight_scale", low=0, low_open=True)
    width = _checks.integer(width, "width", low=1)
    n = _checks.integer(n, "n", low=1)
    rng = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    h = rng.standard_normal((n, width))
    weights, slopes = [], []
    for _ in range(depth):
        weights.append(weight_scale / np.sqrt(width) * rng.standard_normal((width, width)))
        z = h @ weights[-1]
        slopes.append(grad(z))
        h = f(z)
    g = rng.standard_normal((n, width))
    g /= np.linalg.norm(g)
    norms = np.empty(depth)
    for layer in reversed(range(depth)):
        g = (g * slopes[layer]) @ weights[layer].T
        norms[layer] = np.linalg.norm(g)
    return norms


def sparse_regression(*, n: int = 60, d: int = 30, noise: float = 0.5,
                      seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A seeded regression problem where few features matter: ``(X, y, true_w)``.

    X is (n, d) standard normal; true_w is 3, −2, 1.5, 1, −0.5 on the first five features (fewer
    if d < 5) and 0 on the others; y = X·true_w + noise·ε with ε standard normal.
    """
    n = _checks.integer(n, "n", low=1)
    d = _checks.integer(d, "d", low=1)
    noise = _checks.number(noise, "noise", low=0)
    rng = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    true_w = np.zeros(d)
    relevant = np.array([3.0, -2.0, 1.5, 1.0, -0.5])[:d]
    true_w[:relevant.size] = relevant
    X = rng.standard_normal((n, d))
    return X, X @ true_w + noise * rng.standard_normal(n), true_w


def coefficient_paths(lams, *, steps: int = 300, **problem) -> tuple[np.ndarray, np.ndarray]:
    """Lasso and ridge weights on ``sparse_regression(**problem)`` for every λ of ``lams``.

    Lasso minimises (1/2n)‖Xw − y‖² + λ‖w‖₁ by proximal gradient descent (ISTA) from w = 0:
    ``steps`` times w ← soft_η·λ(w − η·Xᵀ(Xw − y)/n) (``regularization.soft_threshold``), with
    η = 1/L, L the largest eigenvalue of XᵀX/n. Ridge minimises (1/2n)‖Xw − y‖² + (λ/2)‖w‖²,
    exactly: ``regularization.ridge_fit(X, y, n·λ)``. Returns ``(lasso, ridge)``, each of shape
    (len(lams), d), row i for lams[i].
    """
    lams = _checks.float_array(lams, "lams", ndim=1, shape="(L,)", finite=True)
    if lams.size and lams.min() < 0:
        raise ValueError(f"lams must be non-negative, got {lams.min():g}")
    steps = _checks.integer(steps, "steps", low=1)
    X, y, _ = sparse_regression(**problem)
    n, d = X.shape
    gram, xty = X.T @ X / n, X.T @ y / n  # the data term's gradient is gram·w − xty
    lr = 1 / np.linalg.eigvalsh(gram).max()
    lasso, ridge = np.empty((lams.size, d)), np.empty((lams.size, d))
    for i, lam in enumerate(lams):
        w = np.zeros(d)
        for _ in range(steps):
            w = regularization.soft_threshold(w - lr * (gram @ w - xty), lr * lam)
        lasso[i], ridge[i] = w, regularization.ridge_fit(X, y, n * lam)
    return lasso, ridge


@dataclass(frozen=True)
class PolynomialFit:
    """A polynomial fitted to noisy samples of sin(πx) on [−1, 1] by ``ridge_fit``."""

    x_train: np.ndarray
    y_train: np.ndarray
    w: np.ndarray  # coefficients of 1, x, x², …
    train_mse: float
    test_mse: float

    def predict(self, x) -> np.ndarray:
        return np.polynomial.polynomial.polyval(np.asarray(x, dtype=np.float64), self.w)


def fit_polynomial(degree: int, lam: float, *, n_points: int = 12, noise: float = 0.25,
                   seed: int = 0) -> PolynomialFit:
    """Fit c_0 + c_1·x + … + c_degree·x^degree to ``n_points`` samples y = sin(πx) + noise,
    minimising the squared error + λ‖c‖² (every coefficient penalised, the constant too).

    The test error is measured against sin(πx) itself on 200 points of [−1, 1].
    """
    degree = _checks.integer(degree, "degree", low=0)
    lam = _checks.number(lam, "lam", low=0)
    n_points = _checks.integer(n_points, "n_points", low=2)
    noise = _checks.number(noise, "noise", low=0)
    rng = np.random.default_rng(_checks.integer(seed, "seed"))
    x = np.sort(rng.uniform(-1, 1, n_points))
    y = np.sin(np.pi * x) + noise * rng.standard_normal(n_points)
    w = regularization.ridge_fit(np.vander(x, degree + 1, increasing=True), y, lam)
    x_test = np.linspace(-1, 1, 200)
    train = np.mean((np.polynomial.polynomial.polyval(x, w) - y) ** 2)
    test = np.mean((np.polynomial.polynomial.polyval(x_test, w) - np.sin(np.pi * x_test)) ** 2)
    return PolynomialFit(x, y, w, float(train), float(test))


# --- 07 optimizers -------------------------------------------------------------------------------

RACERS = ("SGD", "Momentum", "Nesterov", "Adagrad", "Adadelta", "RMSProp", "Adam", "Newton")
"""The optimizers the race knows, in the order of their colours."""


def make_racer(name: str, surface: surfaces.Surface, *, lr: float, momentum: float = 0.9,
               beta1: float = 0.9, beta2: float = 0.999) -> optim.Optimizer:
    """A fresh optimizer by name with the race's shared settings, to run on ``surface``.

    ``lr`` is used by all but Adadelta (its default lr = 1, "no learning rate") and Newton
    (lr = 1, the full Newton step, with the surface's Hessian); ``momentum`` by Momentum and
    Nesterov; β₁, β₂ by Adam.
    """
    _checks.choice(name, "name", RACERS)
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    momentum = _checks.number(momentum, "momentum", low=0, high=1, high_open=True)
    beta1 = _checks.number(beta1, "beta1", low=0, high=1, high_open=True)
    beta2 = _checks.number(beta2, "beta2", low=0, high=1, high_open=True)
    if not isinstance(surface, surfaces.Surface):
        raise TypeError(f"surface must be a surfaces.Surface, got {_checks._describe(surface)}")
    return {
        "SGD": lambda: optim.SGD(lr),
        "Momentum": lambda: optim.Momentum(lr, momentum),
        "Nesterov": lambda: optim.Momentum(lr, momentum, nesterov=True),
        "Adagrad": lambda: optim.Adagrad(lr),
        "Adadelta": lambda: optim.Adadelta(),
        "RMSProp": lambda: optim.RMSProp(lr),
        "Adam": lambda: optim.Adam(lr, beta1, beta2),
        "Newton": lambda: optim.Newton(hessian=surface.hessian),
    }[name]()


@dataclass(frozen=True)
class AdamMoments:
    """Adam's state after each step t = 1..steps of a run (``adam_moments``); arrays of length steps."""

    gradient: np.ndarray  # g_t
    m: np.ndarray  # m_t as Adam keeps it
    v: np.ndarray  # v_t as Adam keeps it
    m_hat: np.ndarray  # m_t / (1 − β₁ᵗ)
    v_hat: np.ndarray  # v_t / (1 − β₂ᵗ)
    step: np.ndarray  # the step Adam took, over lr: m̂_t / (√v̂_t + eps)
    step_uncorrected: np.ndarray  # the step without bias correction, over lr: m_t / (√v_t + eps)


def adam_moments(beta1: float = 0.9, beta2: float = 0.999, *, steps: int = 50, mean: float = 1.0,
                 noise: float = 0.5, seed: int = 0) -> AdamMoments:
    """``optim.Adam`` (lr = 1) on one parameter whose gradient is g_t = mean + noise·z_t (z_t
    standard normal, seeded): its moving averages and steps, read from its state after each step.

    m and v start at 0, so m_t = (1 − β₁)·Σ β₁^(t−k)·g_k has E[m_t] = (1 − β₁ᵗ)·E[g] (and
    E[v_t] = (1 − β₂ᵗ)·E[g²]): too small early. m̂_t = m_t/(1 − β₁ᵗ) and v̂_t = v_t/(1 − β₂ᵗ)
    remove that bias. The step is lr·m̂/(√v̂ + eps); without the correction it would be
    lr·m/(√v + eps), (1 − β₁ᵗ)/√(1 − β₂ᵗ) times as large for eps → 0.
    """
    adam = optim.Adam(1.0, beta1, beta2)  # checks β₁ and β₂
    steps = _checks.integer(steps, "steps", low=1)
    mean = _checks.number(mean, "mean")
    noise = _checks.number(noise, "noise", low=0)
    gradient = mean + noise * _checks.rng(_checks.integer(seed, "seed", low=0)).standard_normal(steps)
    theta = np.zeros(1)
    rows = []
    for t, g in enumerate(gradient, start=1):
        before = theta[0]
        adam.step({"θ": theta}, {"θ": np.array([g])})
        m, v = adam.m["θ"][0], adam.v["θ"][0]
        rows.append((m, v, m / (1 - adam.beta1**t), v / (1 - adam.beta2**t), before - theta[0],
                     m / (np.sqrt(v) + adam.eps)))
    return AdamMoments(gradient, *np.array(rows).T)


def _pair(val) -> tuple:
    """``val`` must be a pair ``(X_val, y_val)``; its first entry a finite float array."""
    if not isinstance(val, tuple) or len(val) != 2:
        raise TypeError(f"val must be a tuple (X_val, y_val), got {type(val).__name__}")
    return _checks.float_array(val[0], "val[0]", finite=True), val[1]


def _validation(model, val) -> tuple[np.ndarray, np.ndarray]:
    """``val = (X_val, y_val)`` checked for ``model``: a pair, finite, of the width it takes."""
    return train._check_xy(model, *_pair(val), "val[0]", "val[1]")


# --- 09 batch norm -------------------------------------------------------------------------------

def layer_statistics(weight_std: float, *, batchnorm: bool, depth: int = 10, width: int = 64,
                     n: int = 256, seed: int = 0) -> np.ndarray:
    """Standard deviation of each hidden layer's output in a fresh ReLU network, shape (depth,).

    The network is ``depth`` times Linear(width → width, weights N(0, weight_std²)), then
    BatchNorm (if ``batchnorm``), then ReLU; the input is ``n`` rows of standard normal numbers.
    Entry k is the standard deviation, over all rows and units, of what layer k passes on (after
    its ReLU). Without batch norm it changes by about weight_std·√(width/2) per layer. A deeper
    network of the same seed starts with the same layers: its first entries are the same.
    """
    weight_std = _checks.number(weight_std, "weight_std", low=0, low_open=True)
    batchnorm = _checks.flag(batchnorm, "batchnorm")
    depth = _checks.integer(depth, "depth", low=1)
    width = _checks.integer(width, "width", low=1)
    rng = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    x = rng.standard_normal((_checks.integer(n, "n", low=2), width))
    stds = np.empty(depth)
    for k in range(depth):
        x = x @ (weight_std * rng.standard_normal((width, width)))
        if batchnorm:
            x = layers.BatchNorm(width).forward(x)
        x = np.maximum(x, 0)
        stds[k] = x.std()
    return stds


def running_statistics(momentum: float, batch_size: int, *, steps: int = 200,
                       means=(2.0, -1.0), std: float = 1.0,
                       seed: int = 0) -> dict[str, np.ndarray]:
    """One feature seen by ``layers.BatchNorm(1, momentum)`` in training, batch after batch.

    Each batch has ``batch_size`` values from N(mean, std²); the mean is ``means[0]`` for the
    first half of the ``steps`` and ``means[1]`` after (as if an earlier layer had changed).
    Returns arrays of length ``steps``: ``"true_mean"`` and ``"true_var"``, the ``"batch_mean"``
    and biased ``"batch_var"`` the layer normalises with, and its ``"running_mean"`` and ``"running_var"``
    after each step (what evaluation mode would use).
    """
    momentum = _checks.number(momentum, "momentum", low=0, high=1)
    batch_size = _checks.integer(batch_size, "batch_size", low=2)
    steps = _checks.integer(steps, "steps", low=2)
    if len(means) != 2:
        raise ValueError(f"means must hold two means (before and after the change), got {means!r}")
    std = _checks.number(std, "std", low=0, low_open=True)
    rng = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    true_mean = np.where(np.arange(steps) < steps // 2, means[0], means[1]).astype(float)
    batches = true_mean[:, None] + std * rng.standard_normal((steps, batch_size))
    bn = layers.BatchNorm(1, momentum=momentum)
    running_mean, running_var = np.empty(steps), np.empty(steps)
    for t in range(steps):
        bn.forward(batches[t][:, None])
        running_mean[t], running_var[t] = bn.running_mean[0], bn.running_var[0]
    return {"true_mean": true_mean, "true_var": np.full(steps, std**2),
            "batch_mean": batches.mean(axis=1),
            "batch_var": batches.var(axis=1), "running_mean": running_mean,
            "running_var": running_var}


def head_parameters(channels: int, height: int, width: int, classes: int) -> dict[str, int]:
    """Weights and biases of two classifier heads on feature maps of shape (channels, height, width).

    ``"fully connected"``: flatten, then Linear(channels·height·width → classes).
    ``"global average pooling"``: average each channel over height × width, then
    Linear(channels → classes); the pooling itself has no parameters.
    """
    c = _checks.integer(channels, "channels", low=1)
    h = _checks.integer(height, "height", low=1)
    w = _checks.integer(width, "width", low=1)
    k = _checks.integer(classes, "classes", low=1)
    return {"fully connected": c * h * w * k + k, "global average pooling": c * k + k}


# --- 10 mini-batches -----------------------------------------------------------------------------

SUBSET = 300
"""Training examples of the digits used by ``draw_batch_sizes`` (small, so a redraw is fast)."""
EPOCHS, LR = 5, 0.05


def loss_curve(X, y, batch_size: int, *, epochs: int = 5, lr: float = 0.05, every: int = 30,
               shuffle: bool = True, rng=0,
               max_updates: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train softmax regression (one ``Linear`` layer, weights N(0, 0.01²)) by mini-batch SGD.

    Returns ``(examples_seen, updates, loss)``: after about every ``every`` examples (and at
    each epoch's end) the number of examples processed so far, the number of gradient steps
    taken, and the mean softmax loss on all of ``(X, y)``. The first point is the start.
    ``shuffle=False`` visits the rows in their stored order every epoch. With ``max_updates``
    training stops after that many gradient steps (within ``epochs``), recorded last. Raises
    ``train.TrainingDiverged`` if the loss becomes NaN or infinite (as ``train.fit`` does).
    """
    X = _checks.float_array(X, "X", ndim=2, shape="(N, D)", finite=True)
    if not len(X):
        raise ValueError(f"X must have at least one row, got shape {X.shape}")
    y = _checks.labels(y, "y", n=X.shape[0])
    batch_size = _checks.integer(batch_size, "batch_size", low=1)
    every = _checks.integer(every, "every", low=1)
    epochs = _checks.integer(epochs, "epochs", low=1)
    rng = _checks.rng(rng)
    if max_updates is not None:
        max_updates = _checks.integer(max_updates, "max_updates", low=1)
    model = layers.Linear(X.shape[1], int(y.max()) + 1, init="normal", rng=rng)
    sgd = optim.SGD(lr)
    seen, updates, loss = [0], [0], [losses.softmax_loss(model.forward(X), y)[0]]
    n, steps, next_record = 0, 0, every
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # reported below
        for epoch in range(1, epochs + 1):
            for Xb, yb in data.minibatches(X, y, batch_size, shuffle=shuffle, rng=rng):
                # checked once above: the inner loop takes unchecked steps, as train.fit does
                train._step(model, losses.softmax_loss, sgd._step, Xb, yb)
                n, steps = n + len(yb), steps + 1
                last = steps == max_updates
                if n >= next_record or n == epoch * len(y) or last:
                    seen.append(n)
                    updates.append(steps)
                    loss.append(losses.softmax_loss(model._forward(X), y)[0])
                    next_record = n + every
                    if not np.isfinite(loss[-1]):
                        raise train.TrainingDiverged(
                            f"the loss became {loss[-1]} after {steps} updates: the updates diverged. "
                            f"Try a lower learning rate (it is {lr:g}) or standardise X.")
                if last:
                    return np.array(seen), np.array(updates), np.array(loss)
    return np.array(seen), np.array(updates), np.array(loss)


def digits_curve(batch_size: int, epochs: int = EPOCHS, lr: float = LR) -> tuple[np.ndarray, ...]:
    """``loss_curve`` on the first ``SUBSET`` training digits (seed 0), remembered per arguments:
    the loss after every update for batches up to ``SUBSET // 20`` rows, else every 15 examples."""
    batch_size = _checks.integer(batch_size, "batch_size", low=1)
    epochs = _checks.integer(epochs, "epochs", low=1)
    return _digits_curve(batch_size, epochs, _checks.number(lr, "lr", low=0, low_open=True))


@functools.lru_cache(maxsize=64)
def _digits_curve(batch_size: int, epochs: int, lr: float) -> tuple[np.ndarray, ...]:
    digits = _digits()
    return loss_curve(digits.X_train[:SUBSET], digits.y_train[:SUBSET], batch_size,
                      epochs=epochs, lr=lr, every=min(batch_size, SUBSET // 20), rng=0)


# --- 01 softmax, 02 gradient descent (issue 14: verdicts over seeds and learning rates) --------

OUTPUTS = ("softmax", "tanh")


def output_layer_runs(output: str, lrs, seeds, *, spread: float = 0.5, steps: int = 100,
                      n_train: int = 400, n_test: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """A linear layer 2 → 5 on ``data.make_blobs(n_train + n_test, centers=5, spread=spread,
    rng=seed)``, trained by full-batch gradient descent for every learning rate and seed at once.

    ``output="softmax"``: probabilities softmax(z), softmax cross-entropy (gradient p − y).
    ``output="tanh"``: outputs tanh(z), mean squared error to targets +1 (the class) and −1 (the
    others), gradient 2(t − target)(1 − t²)/(5N). Both arms share data, Xavier initial weights
    (seeded by ``seed``), zero biases and budget; only the output and its loss differ (notebook 01).

    Returns ``(outputs, labels)``: the test points' outputs, shape (len(lrs), len(seeds), n_test,
    5) (probabilities or tanh values), and their labels, shape (len(seeds), n_test).
    """
    output = _checks.choice(output, "output", OUTPUTS)
    lrs = _learning_rates(lrs)
    if isinstance(seeds, str) or not isinstance(seeds, Sequence) or not seeds:
        raise ValueError(f"seeds must be a non-empty list of integer seeds, got {seeds!r}")
    seeds = [_checks.integer(seed, "seeds entry", low=0) for seed in seeds]
    spread = _checks.number(spread, "spread", low=0)
    steps = _checks.integer(steps, "steps", low=0)
    n_train = _checks.integer(n_train, "n_train", low=5)
    n_test = _checks.integer(n_test, "n_test", low=1)
    sets = [data.make_blobs(n_train + n_test, centers=5, spread=spread, rng=seed) for seed in seeds]
    X = np.stack([X for X, _ in sets])                                         # (S, N, 2)
    y = np.stack([y for _, y in sets])                                         # (S, N)
    onehot = np.eye(5)[y[:, :n_train]]
    std = np.sqrt(2.0 / (2 + 5))                                               # Xavier, as layers.Linear
    W = np.stack([np.random.default_rng(seed).standard_normal((2, 5)) * std for seed in seeds])
    W = np.broadcast_to(W, (lrs.size, *W.shape)).copy()                        # (L, S, 2, 5)
    b = np.zeros((lrs.size, len(seeds), 1, 5))
    rate = lrs[:, None, None, None]
    Xtr = X[:, :n_train]
    with np.errstate(over="ignore", invalid="ignore"):                         # a diverging rate gives NaN
        for _ in range(steps):
            z = _affine(Xtr, W, b)
            if output == "softmax":
                dz = (losses.softmax(z) - onehot) / n_train
            else:
                t = np.tanh(z)
                dz = 2 * (t - (2 * onehot - 1)) * (1 - t * t) / (5 * n_train)
            W -= rate * np.stack([(Xtr[..., i, None] * dz).sum(axis=-2) for i in range(2)], axis=-2)
            b -= rate * dz.sum(axis=-2, keepdims=True)
        z = _affine(X[:, n_train:], W, b)
        return (losses.softmax(z) if output == "softmax" else np.tanh(z)), y[:, n_train:]


def _learning_rates(lrs) -> np.ndarray:
    """``lrs`` as a 1-D array of at least one positive, finite learning rate."""
    lrs = _checks.float_array(lrs, "lrs", ndim=1, shape="(L,)", finite=True)
    if lrs.size == 0:
        raise ValueError(f"lrs must hold at least one learning rate, got shape {lrs.shape}")
    if (lrs <= 0).any():
        raise ValueError(f"lrs must be positive, got {lrs}")
    return lrs


def _affine(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """X @ W + b for two input features, as two broadcast products (a stacked matmul of such
    small matrices is many times slower)."""
    return X[..., 0, None] * W[..., 0, None, :] + X[..., 1, None] * W[..., 1, None, :] + b


def descend_rates(surface: surfaces.Surface, lrs, *, steps: int, start=None) -> np.ndarray:
    """Plain gradient descent on ``surface`` from ``start`` (default ``surface.start``; shape
    (2,), or (..., 2) for several starts) with every learning rate of ``lrs`` at once, the starts
    and rates as one array (notebook 02).

    Returns f along the runs, shape (steps + 1, ..., len(lrs)): ``f[k, ..., i]`` is f after k
    steps at ``lrs[i]``; a run that overflowed is NaN from then on.
    """
    if not isinstance(surface, surfaces.Surface):
        raise TypeError(f"surface must be a surfaces.Surface, got {_checks._describe(surface)}")
    lrs = _learning_rates(lrs)
    steps = _checks.integer(steps, "steps", low=0)
    start = _checks.float_array(surface.start if start is None else start, "start", finite=True)
    if start.ndim == 0 or start.shape[-1] != 2:
        raise ValueError(f"start must have shape (2,) or (..., 2) (points (x, y)), got shape {start.shape}")
    x, y = (np.broadcast_to(start[..., k, None], (*start.shape[:-1], lrs.size)) for k in range(2))
    f = np.empty((steps + 1, *x.shape))
    with np.errstate(over="ignore", invalid="ignore"):                         # reported as NaN
        for k in range(steps + 1):
            f[k] = surface._value(x, y)
            gx, gy = surface._grad(x, y)
            x, y = x - lrs * gx, y - lrs * gy
    f[~np.isfinite(f)] = np.nan
    return f


# --- 04 activations: the convergence race and its controls ---------------------------------------

RACE_ACTIVATIONS = {
    **{name: pair for name, pair in activations.ACTIVATIONS.items() if name != "prelu"},
    "sigmoid - 1/2": (lambda z: activations.sigmoid(z) - 0.5, activations.sigmoid_grad),
    "sigmoid(4x)": (lambda z: activations.sigmoid(4 * z), lambda z: 4 * activations.sigmoid_grad(4 * z)),
}
"""The hidden activations ``activation_race`` knows: those of ``activations.ACTIVATIONS`` with
their default options (PReLU, which needs its α, excepted) and two controls of sigmoid.
σ(x) − ½ is zero-centred with sigmoid's slope (¼ at 0); σ(4x) is not zero-centred but has
tanh's slope (1 at 0). tanh(x) = 2σ(2x) − 1 is both."""


def activation_race(X, y, activation: str, lr: float, *, init: str = "xavier", seeds=(0, 1, 2),
                    epochs: int = 40, width: int = 16, batch_size: int = 50) -> np.ndarray:
    """Train a 2-hidden-layer network D → width → width → K on ``(X, y)``, once per seed, and
    return each epoch's training loss, shape (len(seeds), epochs): the mean softmax loss of the
    epoch's mini-batches, as ``train.fit`` records it.

    Both hidden layers use ``activation`` (a key of ``RACE_ACTIVATIONS``); the weights are
    normal with the standard deviation of ``init`` (``"xavier"`` √(2/(n_in + n_out)), ``"he"``
    √(2/n_in), as in ``layers.Linear``), the biases 0. Plain SGD with learning rate ``lr`` on
    mini-batches of ``batch_size`` rows, reshuffled every epoch. Seed k draws the weights and the
    batch order from ``default_rng(k)``: every activation of a race gets the same initial weights
    and the same batches, seed by seed. All seeds train at once (one array axis per seed). A
    run whose loss is no longer finite scores NaN from then on.
    """
    X = _checks.float_array(X, "X", ndim=2, shape="(N, D)", finite=True)
    if not len(X):
        raise ValueError(f"X must have at least one row, got shape {X.shape}")
    y = _checks.labels(y, "y", n=X.shape[0])
    f, grad = RACE_ACTIVATIONS[_checks.choice(activation, "activation", RACE_ACTIVATIONS)]
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    std = layers._INIT_STD[_checks.choice(init, "init", ("xavier", "he"))]
    if isinstance(seeds, str | bytes) or not hasattr(seeds, "__len__") or not len(seeds):
        raise ValueError(f"seeds must be a non-empty list of integer seeds, got {seeds!r}")
    seeds = [_checks.integer(seed, "seeds entry", low=0) for seed in seeds]
    epochs = _checks.integer(epochs, "epochs", low=1)
    width = _checks.integer(width, "width", low=1)
    batch_size = _checks.integer(batch_size, "batch_size", low=1)
    n, k = len(X), int(y.max()) + 1
    sizes = [(X.shape[1], width), (width, width), (width, k)]
    rngs = [np.random.default_rng(seed) for seed in seeds]
    W = [np.stack([std(n_in, n_out) * r.standard_normal((n_in, n_out)) for r in rngs])
         for n_in, n_out in sizes]
    b = [np.zeros((len(seeds), 1, size)) for _, size in sizes]
    onehot = np.eye(k)[y]
    starts = range(0, n, batch_size)
    curve = np.zeros((len(seeds), epochs))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # a diverging run: NaN
        for epoch in range(epochs):
            order = np.stack([r.permutation(n) for r in rngs])
            for start in starts:
                rows = order[:, start:start + batch_size]
                z1 = X[rows] @ W[0] + b[0]
                h1 = f(z1)
                z2 = h1 @ W[1] + b[1]
                h2 = f(z2)
                log_p = losses.log_softmax(h2 @ W[2] + b[2])
                curve[:, epoch] -= (log_p * onehot[rows]).sum(axis=2).mean(axis=1) / len(starts)
                d3 = (np.exp(log_p) - onehot[rows]) / rows.shape[1]
                d2 = (d3 @ W[2].transpose(0, 2, 1)) * grad(z2)
                d1 = (d2 @ W[1].transpose(0, 2, 1)) * grad(z1)
                for i, (inputs, delta) in enumerate(((X[rows], d1), (h1, d2), (h2, d3))):
                    W[i] -= lr * inputs.transpose(0, 2, 1) @ delta
                    b[i] -= lr * delta.sum(axis=1, keepdims=True)
    return np.where(np.isfinite(curve), curve, np.nan)


# --- 10 mini-batches and epochs: the runs of the notebook's comparisons (issues 14 and 17) ------

SHUFFLE_ORDERS = ("sorted, never shuffled", "shuffled once", "shuffled every epoch")
"""The orders ``shuffle_accuracy`` visits the training digits in (they are sorted by label)."""


def digits_mlp(n_out: int = 10, hidden: int = 64, *, init="he", seed: int = 0,
               dtype=np.float64) -> layers.Sequential:
    """The digits network of notebooks 07 and 10: 64 → ``hidden`` (ReLU) → ``n_out``, both
    ``Linear`` layers in ``dtype``, initialised by ``init`` (a rule such as ``"he"``, or a
    standard deviation) from ``default_rng(seed)``."""
    n_out, hidden = _checks.integer(n_out, "n_out", low=1), _checks.integer(hidden, "hidden", low=1)
    g = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    return layers.Sequential(layers.Linear(64, hidden, init=init, rng=g, dtype=dtype),
                             layers.Activation("relu"),
                             layers.Linear(hidden, n_out, init=init, rng=g, dtype=dtype))


@functools.cache
def _digits(dtype=np.float64) -> data.Splits:
    """The standardised digits in ``dtype``, loaded once per dtype (the runs only read them)."""
    return data.load_digits(dtype=dtype)


def shuffle_accuracy(order: str, seed: int, *, epochs: int = 5, lr: float = 0.1) -> np.ndarray:
    """Validation accuracy per epoch, shape (epochs,), of ``digits_mlp(seed=seed)`` trained by
    SGD(``lr``) with batches of 8 on the training digits *sorted by label*, visited in ``order``
    (one of ``SHUFFLE_ORDERS``): as sorted every epoch, in one random order drawn from ``seed``
    and kept, or in a fresh random order every epoch (``train.fit``'s default)."""
    order = _checks.choice(order, "order", SHUFFLE_ORDERS)
    seed = _checks.integer(seed, "seed", low=0)
    digits = _digits()
    rows = np.argsort(digits.y_train, kind="stable")
    if order == "shuffled once":
        rows = rows[np.random.default_rng(seed).permutation(len(rows))]
    return np.array(train.fit(digits_mlp(seed=seed), losses.softmax_loss, optim.SGD(lr),
                              digits.X_train[rows], digits.y_train[rows], epochs=epochs, batch_size=8,
                              val=(digits.X_val, digits.y_val), shuffle=order == SHUFFLE_ORDERS[2],
                              rng=seed, progress=False).val_acc)


def digits_fit(X_train, lr: float, seed: int = 0, *, init="he", epochs: int = 5) -> train.History:
    """``digits_mlp(init=init, seed=seed)`` trained by SGD(``lr``), batches of 32, for ``epochs``
    epochs on ``X_train``: the training digits in some form (raw pixels or standardised), with
    the training labels of ``data.load_digits()``."""
    y_train = _digits().y_train
    X_train = _checks.shaped(X_train, "X_train", (len(y_train), 64), what=" (the training digits)")
    return train.fit(digits_mlp(init=init, seed=seed), losses.softmax_loss, optim.SGD(lr), X_train,
                     y_train, epochs=epochs, batch_size=32, rng=seed, progress=False)


def batch_size_loss(batch_size: int, lr: float, seed: int, *, epochs: int | None = None,
                    updates: int | None = None) -> float:
    """Training loss of ``loss_curve`` (softmax regression on the first ``SUBSET`` training
    digits, seed ``seed``) after ``epochs`` epochs or after ``updates`` gradient steps (give
    exactly one): the score of a batch size at one learning rate, per unit of computation or
    per update. A run that diverges scores inf."""
    if (epochs is None) == (updates is None):
        raise TypeError(f"batch_size_loss needs exactly one of epochs and updates, got "
                        f"epochs={epochs!r}, updates={updates!r}")
    batch_size = _checks.integer(batch_size, "batch_size", low=1, high=SUBSET)
    seed = _checks.integer(seed, "seed", low=0)
    digits = _digits()
    if updates is not None:
        updates = _checks.integer(updates, "updates", low=1)
        epochs = -(-updates // -(-SUBSET // batch_size))  # ceil(updates / steps per epoch)
    try:
        loss = loss_curve(digits.X_train[:SUBSET], digits.y_train[:SUBSET], batch_size,
                          epochs=epochs, lr=lr, every=SUBSET, rng=seed, max_updates=updates)[2]
    except train.TrainingDiverged:
        return float("inf")
    return float(loss[-1])


def peak_step_memory(batch_size: int, *, hidden: int = 256, micro_batch: int | None = None) -> int:
    """Peak bytes allocated (``tracemalloc``; NumPy allocates through it) by one ``train.step``
    of ``digits_mlp(hidden=hidden)`` on the first ``batch_size`` training digits, after one
    warm-up step has created the gradient arrays; with ``micro_batch``, by one
    ``train.accumulated_step`` that takes the same step ``micro_batch`` rows at a time."""
    import tracemalloc  # here: only this measurement needs it

    digits = _digits()
    batch_size = _checks.integer(batch_size, "batch_size", low=1, high=len(digits.y_train))
    model, sgd = digits_mlp(hidden=hidden), optim.SGD(0.01)
    Xb, yb = digits.X_train[:batch_size], digits.y_train[:batch_size]
    if micro_batch is None:
        def one_step():
            train.step(model, losses.softmax_loss, sgd, Xb, yb)
    else:
        micro_batch = _checks.integer(micro_batch, "micro_batch", low=1)

        def one_step():
            train.accumulated_step(model, losses.softmax_loss, sgd, Xb, yb, micro_batch=micro_batch)
    one_step()
    tracemalloc.start()
    try:
        one_step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def step_seconds(n: int, batch_size: int | None, *, repeats: int = 5) -> float:
    """Median over ``repeats`` epochs of the seconds per step of ``train.train_epoch`` (SGD,
    ``digits_mlp()``) on a training set of ``n`` rows (the training digits repeated), with
    ``batch_size`` rows a step, or all ``n`` (batch gradient descent) for ``None``. The epoch
    includes its shuffle, so a cost that grows with ``n`` shows up here."""
    import time  # here: only this measurement needs it

    digits = _digits()
    n = _checks.integer(n, "n", low=1)
    rows = np.arange(n) % len(digits.y_train)
    X, y = digits.X_train[rows], digits.y_train[rows]
    size = n if batch_size is None else _checks.integer(batch_size, "batch_size", low=1)
    model, sgd, rng = digits_mlp(), optim.SGD(0.01), np.random.default_rng(0)
    times = []
    for _ in range(_checks.integer(repeats, "repeats", low=1)):
        start = time.perf_counter()
        train.train_epoch(model, losses.softmax_loss, sgd, X, y, batch_size=size, rng=rng)
        times.append((time.perf_counter() - start) / -(-n // size))
    return float(np.median(times))


def epoch_curves(seed: int, *, n_train: int = 60, epochs: int = 60) -> train.History:
    """``digits_mlp(seed=seed)`` trained by SGD(0.3), batches of 10, on only the first
    ``n_train`` training digits, with the validation digits watched: the history shows what
    repeated passes over a small training set do (losses and accuracies per epoch)."""
    digits = _digits()
    seed = _checks.integer(seed, "seed", low=0)
    n_train = _checks.integer(n_train, "n_train", low=1, high=len(digits.y_train))
    return train.fit(digits_mlp(seed=seed), losses.softmax_loss, optim.SGD(0.3),
                     digits.X_train[:n_train], digits.y_train[:n_train], epochs=epochs, batch_size=10,
                     val=(digits.X_val, digits.y_val), rng=seed, progress=False)


def five_digit_net(seed: int = 0) -> layers.Sequential:
    """``digits_mlp(n_out=5, seed=seed)`` trained by SGD(0.1), batches of 32, for 5 epochs on
    the training digits 0–4 only."""
    seed = _checks.integer(seed, "seed", low=0)
    digits = _digits()
    low = digits.y_train < 5
    model = digits_mlp(n_out=5, seed=seed)
    train.fit(model, losses.softmax_loss, optim.SGD(0.1), digits.X_train[low], digits.y_train[low],
              epochs=5, batch_size=32, rng=seed, progress=False)
    return model


@functools.lru_cache(maxsize=8)
def _five_digit_checkpoint(seed: int) -> bytes:
    """The bytes of the checkpoint of ``five_digit_net(seed)`` (trained once per seed)."""
    import tempfile  # here: only this experiment writes a file

    with tempfile.TemporaryDirectory() as folder:
        return checkpoint.save(f"{folder}/digits_0_to_4.npz", five_digit_net(seed).state).read_bytes()


def fine_tune_vs_scratch(seed: int, lr: float = 0.1) -> tuple[float, float]:
    """Validation accuracy after one epoch of SGD(``lr``) on all ten digits: (fine-tuned, from
    scratch).

    Both ten-class networks start from the same random weights (``digits_mlp(seed=seed + 5)``)
    and see the same batches; the fine-tuned one first loads the hidden layer (``0.W``, ``0.b``)
    of ``five_digit_net(seed)`` from its checkpoint, by name."""
    import tempfile  # here: only this experiment writes a file

    seed = _checks.integer(seed, "seed", low=0)
    digits = _digits()
    tuned, scratch = digits_mlp(seed=seed + 5), digits_mlp(seed=seed + 5)
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/digits_0_to_4.npz"
        with open(path, "wb") as file:
            file.write(_five_digit_checkpoint(seed))
        checkpoint.load(path, tuned, names=["0.W", "0.b"])
    return tuple(train.fit(model, losses.softmax_loss, optim.SGD(lr), digits.X_train, digits.y_train,
                           epochs=1, batch_size=32, val=(digits.X_val, digits.y_val), rng=seed,
                           progress=False).val_acc[0] for model in (tuned, scratch))


# --- 08 dropout ----------------------------------------------------------------------------------

def dropout_net(keep_prob: float, *, seed: int = 0, width: int = 256, n_in: int = 64,
                classes: int = 10) -> layers.Sequential:
    """The overfitting network of notebook 08, in float32: n_in → width → width → classes, ReLU,
    ``Dropout(keep_prob)`` after each hidden layer (keep_prob = 1: no dropout). He-initialised
    weights and the masks both come from ``default_rng(seed)``."""
    init = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    width = _checks.integer(width, "width", low=1)
    sizes = [(_checks.integer(n_in, "n_in", low=1), width), (width, width)]
    hidden = [part for a, b in sizes for part in (layers.Linear(a, b, rng=init, dtype=np.float32),
                                                  layers.Activation("relu"),
                                                  layers.Dropout(keep_prob, rng=init))]
    return layers.Sequential(*hidden, layers.Linear(width, _checks.integer(classes, "classes", low=1),
                                                    rng=init, dtype=np.float32))


def dropout_run(keep_prob: float, X, y, val: tuple, *, seed: int = 0, lr: float = 1e-3,
                epochs: int = 30, batch_size: int = 20, width: int = 256,
                curves: bool = False) -> tuple:
    """Train ``dropout_net(keep_prob, seed=seed)`` on ``(X, y)`` with Adam(lr), mini-batches in
    the order of ``rng = seed + 1``. Returns ``(net, history, train_acc, val_acc)``: the trained
    network (left in evaluation mode), its ``train.History`` (with validation curves only when
    ``curves``; they cost a pass over ``val`` every epoch) and the final accuracies on ``(X, y)``
    and on ``val = (X_val, y_val)``, both in evaluation mode."""
    X = _checks.shaped(X, "X", ("N", "D"))
    net = dropout_net(keep_prob, seed=seed, width=width, n_in=X.shape[1])
    X, y = train._check_xy(net, X, y)
    val = _validation(net, val)
    history = train.fit(net, losses.softmax_loss, optim.Adam(lr), X, y, epochs=epochs,
                        batch_size=batch_size, val=val if _checks.flag(curves, "curves") else None,
                        rng=_checks.integer(seed, "seed", low=0) + 1, progress=False)
    train_acc = train.evaluate(net, losses.softmax_loss, X, y)[1]
    return net, history, train_acc, train.evaluate(net, losses.softmax_loss, *val)[1]


# --- 09 batch norm -------------------------------------------------------------------------------

def bn_net(batchnorm: bool, *, init: str | float = "he", depth: int = 3, width: int = 64,
           seed: int = 0, n_in: int = 64, classes: int = 10) -> layers.Sequential:
    """depth × (Linear, [BatchNorm], ReLU), then Linear(width, classes): the networks of notebook
    09. The hidden layers start with ``init`` ("he" or a standard deviation), the output
    layer always with He; all weights come from ``default_rng(seed)``."""
    weights = np.random.default_rng(_checks.integer(seed, "seed", low=0))
    width = _checks.integer(width, "width", low=1)
    net, inputs = [], _checks.integer(n_in, "n_in", low=1)
    for _ in range(_checks.integer(depth, "depth", low=1)):
        net.append(layers.Linear(inputs, width, init=init, rng=weights))
        if _checks.flag(batchnorm, "batchnorm"):
            net.append(layers.BatchNorm(width))
        net.append(layers.Activation("relu"))
        inputs = width
    net.append(layers.Linear(width, _checks.integer(classes, "classes", low=1), rng=weights))
    return layers.Sequential(*net)


def bn_run(model: layers.Sequential, X, y, val: tuple, lr: float, *, epochs: int = 5,
           batch_size: int = 32, seed: int = 0) -> train.History:
    """Train ``model`` with plain SGD(lr) on ``(X, y)``, batches in the order of ``rng = seed + 1``,
    validating on ``val`` every epoch. A run whose loss overflows stops there: the returned
    ``History`` keeps the epochs finished before it (fewer than ``epochs``: it diverged)."""
    val = _validation(_checks.layer(model, "model"), val)
    history = train.History()
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            train.fit(model, losses.softmax_loss, optim.SGD(lr), X, y, epochs=epochs,
                      batch_size=batch_size, val=val, rng=_checks.integer(seed, "seed", low=0) + 1,
                      progress=False, history=history)
    except train.TrainingDiverged:
        pass
    return history


def random_feature_maps(images, filters) -> np.ndarray:
    """Fixed convolutional features of 8×8 images: (N, 64) → (N, C, 6, 6), each 3×3 filter of
    ``filters`` (shape (C, 3, 3)) slid over every image without padding, then ReLU."""
    images = _checks.shaped(images, "images", ("N", 64))
    filters = _checks.shaped(filters, "filters", ("C", 3, 3))
    windows = np.lib.stride_tricks.sliding_window_view(images.reshape(-1, 8, 8), (3, 3), axis=(1, 2))
    maps = windows.reshape(len(images), 36, 9) @ filters.reshape(len(filters), 9).T
    return np.maximum(maps, 0).transpose(0, 2, 1).reshape(len(images), len(filters), 6, 6)


def head_accuracies(X, y, val: tuple, *, seed: int = 0, channels: int = 16,
                    epochs: int = 30) -> dict:
    """Two linear heads on the same fixed random feature maps of the digits ``(X, y)``: one on
    all C·6·6 numbers ("fully connected"), one on the C map averages ("GAP"), each trained with
    Adam(0.01) on the true labels and on random ones. Returns {(head, "true" or "random"):
    (parameters, train accuracy, validation accuracy on ``val``)}. The filters, the random
    labels, the initial weights and the batch order all come from ``seed``."""
    seed = _checks.integer(seed, "seed", low=0)
    X = _checks.shaped(X, "X", ("N", 64))
    if not len(X):
        raise ValueError(f"X must have at least one row, got shape {X.shape}")
    y = _checks.labels(y, "y", n=len(X))
    X_val, y_val = _pair(val)
    X_val = _checks.shaped(X_val, "val[0]", ("N", 64))
    y_val = _checks.labels(y_val, "val[1]", n=len(X_val))
    channels = _checks.integer(channels, "channels", low=1)
    filters = np.random.default_rng(seed).standard_normal((channels, 3, 3)) / 3
    maps, maps_val = random_feature_maps(X, filters), random_feature_maps(X_val, filters)
    pool = layers.GlobalAvgPool()
    heads = {"fully connected": (maps.reshape(len(X), -1), maps_val.reshape(len(X_val), -1)),
             "GAP": (pool.forward(maps), pool.forward(maps_val))}
    random_labels = np.random.default_rng(seed + 5).integers(0, 10, len(X))
    results = {}
    for name, (F, F_val) in heads.items():
        F, mean, std = data.standardize(F)
        F_val = data.standardize(F_val, mean, std)[0]
        for labels, targets in (("true", y), ("random", random_labels)):
            model = layers.Linear(F.shape[1], 10, rng=seed)
            history = train.fit(model, losses.softmax_loss, optim.Adam(1e-2), F, targets,
                                epochs=_checks.integer(epochs, "epochs", low=1), batch_size=50,
                                val=(F_val, y_val), rng=seed + 1, progress=False)
            train_acc = train.evaluate(model, losses.softmax_loss, F, targets)[1]
            results[name, labels] = (model.num_params, train_acc, history.val_acc[-1])
    return results


__all__ += ["dropout_net", "dropout_run", "bn_net", "bn_run", "random_feature_maps", "head_accuracies"]
# --- 07 optimizers, issues 14 and 16: mini-batch regression runs, the noise floor of a rate ------

def _seeds(seeds) -> list[int]:
    if isinstance(seeds, str | bytes) or not isinstance(seeds, Sequence) or not seeds:
        raise TypeError(f"seeds must be a non-empty list or tuple of seeds, got {_checks._describe(seeds)}")
    return [_checks.integer(seed, "seeds entry", low=0) for seed in seeds]


def _schedule(schedule, name: str, unit: str) -> None:
    if schedule is not None and not callable(schedule):
        raise TypeError(f"{name} must be a function {unit} -> lr or None, got {_checks._describe(schedule)}")


def _curvatures(curvatures) -> np.ndarray:
    h = _checks.float_array(curvatures, "curvatures", ndim=1, shape="(k,)", finite=True).astype(np.float64)
    if (h <= 0).any():
        raise ValueError(f"curvatures must be > 0, got {h.tolist()}")
    return h


def minibatch_regression(optimizer, X, y, *, steps: int = 300, batch: int = 10,
                         seeds=(1,)) -> np.ndarray:
    """Mini-batch descent on L(w) = ½·mean((X_B·w − y_B)²), from w = 0, one run per seed side by
    side: the weights after every step, shape (steps, len(seeds), d).

    Each seed draws the rows of every mini-batch, ``default_rng(seed).integers(0, n, (steps,
    batch))``; the gradient is X_Bᵀ(X_B·w − y_B)/batch. The optimizers are element-wise, so one
    optimizer updating a (len(seeds), d) array runs the seeds independently. A run whose gradient
    stops being finite (it diverged) is NaN from that step on. Notebook 07's sparse features.
    """
    step = optim._stepper(optimizer)
    X = _checks.float_array(X, "X", ndim=2, shape="(n, d)", finite=True).astype(np.float64)
    y = _checks.float_array(y, "y", ndim=1, shape="(n,)", finite=True).astype(np.float64)
    if len(X) == 0:
        raise ValueError(f"X must have at least one row, got shape {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"y must have one value per row of X ({len(X)}), got shape {y.shape}")
    steps = _checks.integer(steps, "steps", low=1)
    batch = _checks.integer(batch, "batch", low=1)
    rows = np.stack([np.random.default_rng(seed).integers(0, len(X), (steps, batch))
                     for seed in _seeds(seeds)], axis=1)  # (steps, seeds, batch)
    w = np.zeros((rows.shape[1], X.shape[1]))
    path = np.full((steps,) + w.shape, np.nan)
    with np.errstate(over="ignore", invalid="ignore"):
        for t, idx in enumerate(rows):
            Xb = X[idx]
            grad = np.einsum("sbd,sb->sd", Xb, np.einsum("sbd,sd->sb", Xb, w) - y[idx]) / batch
            if not np.isfinite(grad).all():
                break
            step({"w": w}, {"w": grad})
            path[t] = w
    return path


def noisy_quadratic(lr: float, *, schedule=None, steps: int = 1000, curvatures=(1.0, 10.0),
                    noise: float = 1.0, start=(3.0, 1.0), seeds=(0, 1, 2)) -> np.ndarray:
    """SGD on f(θ) = ½·Σᵢ hᵢθᵢ² with noisy gradients gᵢ = hᵢθᵢ + noise·zᵢ (zᵢ standard normal,
    one stream per seed): f after each step, shape (steps + 1, len(seeds)), the start first.

    The learning rate is ``lr``, or ``schedule(t)`` before step t = 0, 1, ... (a schedule of
    ``optim``, read per step instead of per epoch). With a constant rate η each θᵢ forgets its
    start like (1 − ηhᵢ)ᵗ and settles where the noise it takes in balances what it forgets:
    E[f] → Σᵢ η·noise²/(2(2 − ηhᵢ)), the noise floor, proportional to η. A decaying rate lowers
    the floor as it goes. The mini-batch noise of notebook 07 §8, in its simplest form.
    """
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    _schedule(schedule, "schedule", "step")
    steps = _checks.integer(steps, "steps", low=0)
    h = _curvatures(curvatures)
    noise = _checks.number(noise, "noise", low=0)
    theta0 = _checks.float_array(start, "start", ndim=1, shape="(k,)", finite=True).astype(np.float64)
    if theta0.shape != h.shape:
        raise ValueError(f"start must have one value per curvature ({h.size}), got {theta0.size}")
    z = np.stack([np.random.default_rng(seed).standard_normal((steps, h.size))
                  for seed in _seeds(seeds)], axis=1)  # (steps, seeds, k)
    theta = np.tile(theta0, (z.shape[1], 1))
    sgd = optim.SGD(lr)
    values = [0.5 * (h * theta**2).sum(axis=1)]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            if schedule is not None:
                sgd.lr = schedule(t)
            sgd._step({"θ": theta}, {"θ": h * theta + noise * z[t]})
            values.append(0.5 * (h * theta**2).sum(axis=1))
    return np.array(values)


def noise_floor(lr: float, *, curvatures=(1.0, 10.0), noise: float = 1.0) -> float:
    """The level ``noisy_quadratic`` settles at with a constant rate: E[f] = Σᵢ η·noise²/(2(2 − ηhᵢ)).

    θᵢ ← (1 − ηhᵢ)θᵢ − η·noise·z has the stationary variance η²noise²/(1 − (1 − ηhᵢ)²), and
    E[½hᵢθᵢ²] is ½hᵢ times it. Needs 0 < η < 2/max(h), where a constant rate converges at all.
    """
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    h = _curvatures(curvatures)
    if lr >= 2 / h.max():
        raise ValueError(f"lr must be below 2/max(curvatures) = {2 / h.max():.4g}, where SGD "
                         f"converges, got {lr:g}")
    noise = _checks.number(noise, "noise", low=0)
    return float(np.sum(lr * noise**2 / (2 * (2 - lr * h))))


def digits_training(optimizer, *, seed: int = 0, epochs: int = 6, lr_schedule=None) -> train.History:
    """``digits_mlp(hidden=32, seed=seed, dtype=np.float32)`` trained on the digits' training split
    (``data.load_digits``, float32) with softmax cross-entropy, mini-batches of 32 shuffled by
    ``seed``, ``epochs`` epochs and an optional ``lr_schedule`` (epoch → lr), validated on the
    validation split: its ``History``.
    Raises ``train.TrainingDiverged`` when the loss stops being finite. Notebook 07 §8 and §9.
    """
    _schedule(lr_schedule, "lr_schedule", "epoch")
    digits = _digits(np.float32)
    model = digits_mlp(hidden=32, seed=seed, dtype=np.float32)
    return train.fit(model, losses.softmax_loss, optimizer, digits.X_train, digits.y_train,
                     epochs=_checks.integer(epochs, "epochs", low=1), batch_size=32,
                     val=(digits.X_val, digits.y_val), rng=seed, progress=False, lr_schedule=lr_schedule)


__all__ += ["minibatch_regression", "noisy_quadratic", "noise_floor", "digits_training"]
