"""The playground of notebook 11: a small network on a 2-D toy set, trained a few epochs at a time.

A ``Config`` says everything about a run (data set, input features, network, optimizer,
regularisation, seeds, your own points); ``config.to_text()`` is that setting as one line of
JSON and ``Config.from_text`` reads it back, so a setup can be printed, pasted and shared.
``start(config)`` makes the data and the untrained network; ``train_epochs(state, n)`` returns a
*new* state n epochs further on and leaves the old one as it was (a pure function: the same
state and n always give the same result, and n = 3 equals 1 then 2). ``follow(state, config)``
moves a run to another setting: the learning rate, L1, L2, dropout and batch size apply to the
running network, any other change starts anew. ``class_probabilities`` and ``unit_outputs``
evaluate a network on a grid, for drawing its regions and what each hidden unit computes.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field, fields, replace

import numpy as np

from . import _checks, data, layers, losses, optim, regularization, train

OPTIMIZERS = {"SGD": optim.SGD, "Momentum": optim.Momentum, "RMSProp": optim.RMSProp,
              "Adam": optim.Adam, "Adagrad": optim.Adagrad}
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "linear")
FEATURES = {"x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1],
            "x1^2": lambda X: X[:, 0] ** 2, "x2^2": lambda X: X[:, 1] ** 2,
            "x1*x2": lambda X: X[:, 0] * X[:, 1],
            "sin(x1)": lambda X: np.sin(X[:, 0]), "sin(x2)": lambda X: np.sin(X[:, 1])}
"""The inputs a network can be given, each computed from the point (x1, x2)."""


def _plane(n: int, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    X = rng.uniform(-2, 2, (n, 2))
    return X, (X[:, 0] + X[:, 1]) / 4 + noise * rng.standard_normal(n)


def _bumps(n: int, noise: float, rng) -> tuple[np.ndarray, np.ndarray]:
    X = rng.uniform(-2, 2, (n, 2))
    bump = lambda centre: np.exp(-np.sum((X - centre) ** 2, axis=1))  # noqa: E731
    return X, bump((-1, -1)) - bump((1, 1)) + noise * rng.standard_normal(n)


REGRESSION_SETS = {"plane": _plane, "bumps": _bumps}
"""Regression problems, a number to fit at each point: ``"plane"`` t = (x1 + x2)/4 and
``"bumps"`` a bump up at (−1, −1) and one down at (1, 1), each plus noise of std ``noise``."""
DATASETS = (*data.TOY_SETS, *REGRESSION_SETS)
CLASSES = {"moons": 2, "circles": 2, "spirals": 3, "blobs": 3, "xor": 2}
"""The number of classes of each classification set."""
LIVE = ("lr", "l1", "l2", "keep_prob", "batch_size")
"""The settings ``follow`` applies to a running network; any other change starts a new run."""


@dataclass(frozen=True)
class Config:
    """One playground setting. ``hidden`` lists the width of each hidden layer (empty: a linear
    model); ``features`` names the inputs (keys of ``FEATURES``); ``l1`` adds l1·sign(θ) and
    ``l2`` (the optimizer's ``weight_decay``, PyTorch's meaning) adds l2·θ to every gradient;
    ``keep_prob`` < 1 turns on the dropout layer after each hidden layer; ``batch_norm`` adds
    batch normalisation before each activation. A ``train_fraction`` of the ``n`` points is for
    training, the rest for validation (the "test data" on screen). ``seed`` draws the data and,
    unless ``init_seed`` is given, the initial weights and batch order after it; ``init_seed``
    draws them on their own ("new weights"). ``points`` are your own training points,
    (x1, x2, class) or (x1, x2, target) each. For ``"blobs"``, ``noise`` is the spread of each
    cluster; ``"plane"`` and ``"bumps"`` are regressions, fitted with the mean squared error."""

    dataset: str = "moons"
    noise: float = 0.2
    n: int = 200
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "relu"
    optimizer: str = "Adam"
    lr: float = 0.03
    l1: float = 0.0
    l2: float = 0.0
    keep_prob: float = 1.0
    batch_norm: bool = False
    batch_size: int = 10
    train_fraction: float = 0.5
    seed: int = 0
    init_seed: int | None = None
    points: tuple[tuple[float, float, float], ...] = ()

    def __post_init__(self) -> None:
        _checks.choice(self.dataset, "dataset", DATASETS)
        _checks.number(self.noise, "noise", low=0)
        _checks.integer(self.n, "n", low=4)
        for name, of in (("features", "feature names"), ("hidden", "layer widths"),
                         ("points", "(x1, x2, class) points")):
            if not isinstance(getattr(self, name), tuple):
                raise TypeError(f"{name} must be a tuple of {of}, got {type(getattr(self, name)).__name__}")
        _feature_names(self.features)
        for width in self.hidden:
            _checks.integer(width, "hidden width", low=1)
        _checks.choice(self.activation, "activation", ACTIVATIONS)
        _checks.choice(self.optimizer, "optimizer", OPTIMIZERS)
        _checks.number(self.lr, "lr", low=0, low_open=True)
        _checks.number(self.l1, "l1", low=0)
        _checks.number(self.l2, "l2", low=0)
        _checks.number(self.keep_prob, "keep_prob", low=0, high=1, low_open=True)
        _checks.flag(self.batch_norm, "batch_norm")
        _checks.integer(self.batch_size, "batch_size", low=1)
        _checks.number(self.train_fraction, "train_fraction", low=0, high=1, low_open=True,
                       high_open=True)
        _checks.integer(self.seed, "seed", low=0)
        if self.init_seed is not None:
            _checks.integer(self.init_seed, "init_seed", low=0)
        for point in self.points:
            if not isinstance(point, tuple) or len(point) != 3:
                raise ValueError(f"each point must be a tuple (x1, x2, class or target), got {point!r}")
            for value in point:
                _checks.number(value, "point coordinate")
            if not self.regression and point[2] not in range(CLASSES[self.dataset]):
                raise ValueError(f"the class of a point must be one of {list(range(CLASSES[self.dataset]))} "
                                 f"for {self.dataset}, got {point[2]:g}")

    @property
    def regression(self) -> bool:
        """Whether the data set is a regression (a number per point) rather than classes."""
        return self.dataset in REGRESSION_SETS

    def to_text(self) -> str:
        """The settings that differ from the defaults, as one line of JSON (``from_text`` reads it)."""
        default = Config()
        return json.dumps({k: v for k, v in asdict(self).items() if v != getattr(default, k)})

    @classmethod
    def from_text(cls, text: str) -> Config:
        """The ``Config`` that ``to_text`` printed (lists become tuples again)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str of JSON from Config.to_text, got {_checks._describe(text)}")
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"text must be JSON from Config.to_text, got {text!r} ({error})") from None
        known = {f.name for f in fields(cls)}
        if not isinstance(values, dict) or not set(values) <= known:
            raise ValueError(f"text must be a JSON object with keys among {sorted(known)}, got {text!r}")
        tupled = lambda v: tuple(tupled(x) for x in v) if isinstance(v, list) else v  # noqa: E731
        return cls(**{k: tupled(v) for k, v in values.items()})


def add_points(config: Config, X, y) -> Config:
    """``config`` with the points ``X`` (shape (N, 2)) of classes (or targets) ``y`` added to
    its training points."""
    _check_config(config)
    X = _checks.shaped(X, "X", ("N", 2))
    if not len(X):
        raise ValueError(f"X must have at least one row, got shape {X.shape}")
    y = (_checks.shaped(y, "y", (len(X),)) if config.regression
         else _checks.labels(y, "y", n=len(X)))
    return replace(config, points=config.points + tuple(
        (float(a), float(b), float(t)) for (a, b), t in zip(X, y, strict=True)))


class _Dropout(layers.Dropout):
    """Dropout that passes everything through, drawing no mask, at keep_prob = 1: the playground
    keeps one after every hidden layer, so dropout can be turned on while a network trains."""

    def _forward(self, x: np.ndarray) -> np.ndarray:
        if self.keep_prob == 1:
            self.x_shape = x.shape
            return x
        return super()._forward(x)

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        return dout if self.keep_prob == 1 else super()._backward(dout)


class _L1:
    """An optimizer with an L1 term: each step first adds l1·sign(θ) to every gradient
    (``regularization.l1_penalty``'s subgradient)."""

    def __init__(self, optimizer: optim.Optimizer, l1: float) -> None:
        self.optimizer, self.l1 = optimizer, l1

    @property
    def lr(self) -> float:
        return self.optimizer.lr

    def step(self, params: dict, grads: dict) -> None:
        penalty = regularization.l1_penalty(params, self.l1)[1]
        self.optimizer._step(params, {k: g + penalty[k] for k, g in grads.items()})


@dataclass(frozen=True)
class State:
    """A run at some epoch: its config, data (``X_*`` the points, ``y_*`` classes or targets of
    shape (N, 1)), network, optimizer (with its state), history and the random generator that
    shuffles the batches. Treat it as a value: ``train_epochs`` never changes a state, it returns
    a new one."""

    config: Config
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    model: layers.Sequential
    optimizer: optim.Optimizer
    rng: np.random.Generator
    history: train.History = field(default_factory=train.History)

    @property
    def epochs(self) -> int:
        return self.history.epochs


def _check_config(config) -> None:
    if not isinstance(config, Config):
        raise TypeError(f"config must be a playground.Config, got {_checks._describe(config)}")


def _check_state(state) -> None:
    if not isinstance(state, State):
        raise TypeError(f"state must be a playground.State, got {type(state).__name__}")


def _feature_names(features) -> tuple[str, ...]:
    if not isinstance(features, tuple | list):
        raise TypeError(f"features must be a tuple of feature names, got {_checks._describe(features)}")
    if not features or len(set(features)) != len(features):
        raise ValueError(f"features must name at least one input, each once, got {tuple(features)}")
    for i, name in enumerate(features):
        _checks.choice(name, f"features[{i}]", FEATURES)
    return tuple(features)


def inputs(X, features=("x1", "x2")) -> np.ndarray:
    """The network's inputs at the points ``X`` (N, 2): one column per name in ``features``."""
    X = _checks.shaped(X, "X", ("N", 2))
    features = _feature_names(features)
    with np.errstate(over="ignore"):  # x² of a huge x is inf, as it is
        return np.stack([FEATURES[name](X) for name in features], axis=1)


def build_model(config: Config, n_in: int, n_classes: int, rng) -> layers.Sequential:
    """Linear → [BatchNorm] → activation → Dropout per hidden layer, then a Linear output layer.

    Weights start with He scale for ReLU-like activations and Xavier scale otherwise. The dropout
    layers pass everything through at ``keep_prob`` = 1.
    """
    _check_config(config)
    n_in = _checks.integer(n_in, "n_in", low=1)
    n_classes = _checks.integer(n_classes, "n_classes", low=1)
    init = "he" if config.activation in ("relu", "leaky_relu") else "xavier"
    stack, width = [], n_in
    for units in config.hidden:
        stack.append(layers.Linear(width, units, init=init, rng=rng))
        if config.batch_norm:
            stack.append(layers.BatchNorm(units))
        stack += [layers.Activation(config.activation), _Dropout(config.keep_prob, rng=rng)]
        width = units
    stack.append(layers.Linear(width, n_classes, init=init, rng=rng))
    return layers.Sequential(*stack)


def start(config: Config) -> State:
    """The data (seeded by ``config.seed``, a ``train_fraction`` of it for training, your own
    points added to those) and a fresh network (seeded by ``init_seed``, or by ``seed`` after
    the data)."""
    _check_config(config)
    rng = np.random.default_rng(config.seed)
    if config.regression:
        X, y = REGRESSION_SETS[config.dataset](config.n, config.noise, rng)
    elif config.dataset == "blobs":
        X, y = data.make_blobs(config.n, spread=config.noise, rng=rng)
    else:
        X, y = data.TOY_SETS[config.dataset](config.n, noise=config.noise, rng=rng)
    cut = min(max(round(config.n * config.train_fraction), 1), config.n - 1)
    own = np.array(config.points, dtype=float).reshape(-1, 3)
    X_train, y_train = np.vstack([X[:cut], own[:, :2]]), np.concatenate([y[:cut], own[:, 2]])
    if config.regression:
        y_train, y_val, outputs = y_train[:, None], y[cut:, None], 1
    else:
        y_train, y_val = y_train.astype(np.int64), y[cut:]
        outputs = CLASSES[config.dataset]
    if config.init_seed is not None:
        rng = np.random.default_rng(config.init_seed)
    model = build_model(config, len(config.features), outputs, rng)
    optimizer = OPTIMIZERS[config.optimizer](lr=config.lr, weight_decay=config.l2)
    return State(config, X_train, y_train, X[cut:], y_val, model, optimizer, rng)


def train_epochs(state: State, epochs: int) -> State:
    """A new state ``epochs`` epochs further on; ``state`` itself is left unchanged.

    The network, optimizer, random generator and history are copied first, then trained with
    ``train.fit`` (the softmax loss, or the mean squared error for a regression). On divergence
    (a NaN or infinite loss) ``train.TrainingDiverged`` is raised with the course's message.
    """
    _check_state(state)
    epochs = _checks.integer(epochs, "epochs", low=0)
    config = state.config
    model, optimizer, rng, history = copy.deepcopy((state.model, state.optimizer, state.rng,
                                                    state.history))
    loss = losses.mse_loss if config.regression else losses.softmax_loss
    with np.errstate(all="ignore"):  # a blow-up is reported by fit's finite check
        train.fit(model, loss, _L1(optimizer, config.l1) if config.l1 else optimizer,
                  inputs(state.X_train, config.features), state.y_train, epochs=epochs,
                  batch_size=config.batch_size, val=(inputs(state.X_val, config.features), state.y_val),
                  rng=rng, progress=False, history=history)
    return replace(state, model=model, optimizer=optimizer, rng=rng, history=history)


def follow(state: State, config: Config) -> State:
    """The run moved to ``config``: when only ``LIVE`` settings changed (learning rate, L1, L2,
    dropout's keep_prob, batch size), the same network, optimizer state and history go on with
    them; any other change (data, features, layers, seeds, ...) starts anew with ``start``."""
    _check_state(state)
    _check_config(config)
    old, new = asdict(state.config), asdict(config)
    if any(old[k] != new[k] for k in old if k not in LIVE):
        return start(config)
    model, optimizer = copy.deepcopy((state.model, state.optimizer))
    optimizer.lr, optimizer.weight_decay = config.lr, config.l2
    for layer in model.layers:
        if isinstance(layer, _Dropout):
            layer.keep_prob = config.keep_prob
    return replace(state, config=config, model=model, optimizer=optimizer)


def _grid(xlim, ylim, resolution: int) -> np.ndarray:
    xlim = _checks.interval(xlim, "xlim")
    ylim = _checks.interval(ylim, "ylim")
    resolution = _checks.integer(resolution, "resolution", low=2)
    xs, ys = np.linspace(*xlim, resolution), np.linspace(*ylim, resolution)
    return np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)


def class_probabilities(model, xlim: tuple[float, float], ylim: tuple[float, float],
                        resolution: int = 80, *, features=("x1", "x2")) -> np.ndarray:
    """Softmax probabilities of the network on a ``resolution`` × ``resolution`` grid over
    ``xlim`` × ``ylim`` (evaluation mode), shape (resolution, resolution, classes); row i is
    y = ylim[0] + i·step (image order with the origin at the bottom). The network sees the
    ``features`` of each grid point."""
    _checks.layer(model, "model")
    grid = inputs(_grid(xlim, ylim, resolution), features)
    with layers.evaluation_mode(model):
        probabilities = losses.softmax(model.forward(grid))
    return probabilities.reshape(resolution, resolution, -1)


def unit_outputs(model, xlim: tuple[float, float], ylim: tuple[float, float],
                 resolution: int = 24, *, features=("x1", "x2")) -> list[np.ndarray]:
    """What each unit computes over the plane: for the inputs, each hidden layer (after its
    activation) and the output layer (its raw outputs), an array of shape (units, resolution,
    resolution) of that unit's value on the grid of ``class_probabilities`` (evaluation mode)."""
    _checks.layer(model, "model")
    x = inputs(_grid(xlim, ylim, resolution), features)
    found = [x]
    with layers.evaluation_mode(model):
        for layer in model.layers:
            x = layer.forward(x)
            if isinstance(layer, layers.Activation):
                found.append(x)
    found.append(x)
    return [a.T.reshape(-1, resolution, resolution) for a in found]
