"""The playground of notebook 11: a small classifier on a 2-D toy set, trained a few epochs at a time.

A ``Config`` says everything about a run (data set, network, optimizer, regularisation, seed);
``start(config)`` makes the data and the untrained network; ``train_epochs(state, n)`` returns a
*new* state n epochs further on and leaves the old one as it was (a pure function: the same
state and n always give the same result, and n = 3 equals 1 then 2). ``class_probabilities``
evaluates a network on a grid, for drawing its decision regions.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace

import numpy as np

from . import _checks, data, layers, losses, optim, train

OPTIMIZERS = {"SGD": optim.SGD, "Momentum": optim.Momentum, "RMSProp": optim.RMSProp,
              "Adam": optim.Adam, "Adagrad": optim.Adagrad}
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "linear")


@dataclass(frozen=True)
class Config:
    """One playground setting. ``hidden`` lists the widths of the hidden layers (empty: a linear
    classifier); ``l2`` is the optimizer's ``weight_decay`` (PyTorch's meaning: λ·θ is added to
    every gradient); ``keep_prob`` < 1 adds dropout after each hidden layer; ``batch_norm`` adds
    batch normalisation before each activation. Half of the ``n`` points are for validation.
    For ``"blobs"``, ``noise`` is the spread (standard deviation) of each cluster."""

    dataset: str = "moons"
    noise: float = 0.2
    n: int = 200
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "relu"
    optimizer: str = "Adam"
    lr: float = 0.03
    l2: float = 0.0
    keep_prob: float = 1.0
    batch_norm: bool = False
    batch_size: int = 10
    seed: int = 0

    def __post_init__(self) -> None:
        _checks.choice(self.dataset, "dataset", data.TOY_SETS)
        _checks.number(self.noise, "noise", low=0)
        _checks.integer(self.n, "n", low=4)
        if not isinstance(self.hidden, tuple):
            raise TypeError(f"hidden must be a tuple of layer widths, got {type(self.hidden).__name__}")
        for width in self.hidden:
            _checks.integer(width, "hidden width", low=1)
        _checks.choice(self.activation, "activation", ACTIVATIONS)
        _checks.choice(self.optimizer, "optimizer", OPTIMIZERS)
        _checks.number(self.lr, "lr", low=0, low_open=True)
        _checks.number(self.l2, "l2", low=0)
        _checks.number(self.keep_prob, "keep_prob", low=0, high=1, low_open=True)
        _checks.flag(self.batch_norm, "batch_norm")
        _checks.integer(self.batch_size, "batch_size", low=1)
        _checks.integer(self.seed, "seed")


@dataclass(frozen=True)
class State:
    """A run at some epoch: its config, data, network, optimizer (with its state), history and
    the random generator that shuffles the batches. Treat it as a value: ``train_epochs``
    never changes a state, it returns a new one."""

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


def build_model(config: Config, n_in: int, n_classes: int, rng) -> layers.Sequential:
    """Linear → [BatchNorm] → activation → [Dropout] per hidden layer, then a Linear output layer.

    Weights start with He scale for ReLU-like activations and Xavier scale otherwise.
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
        stack.append(layers.Activation(config.activation))
        if config.keep_prob < 1:
            stack.append(layers.Dropout(config.keep_prob, rng=rng))
        width = units
    stack.append(layers.Linear(width, n_classes, init=init, rng=rng))
    return layers.Sequential(*stack)


def start(config: Config) -> State:
    """The data (seeded by ``config.seed``, cut in half: train and validation) and a fresh network."""
    _check_config(config)
    rng = np.random.default_rng(config.seed)
    if config.dataset == "blobs":
        X, y = data.make_blobs(config.n, spread=config.noise, rng=rng)
    else:
        X, y = data.TOY_SETS[config.dataset](config.n, noise=config.noise, rng=rng)
    half = config.n // 2
    model = build_model(config, 2, int(y.max()) + 1, rng)
    optimizer = OPTIMIZERS[config.optimizer](lr=config.lr, weight_decay=config.l2)
    return State(config, X[:half], y[:half], X[half:], y[half:], model, optimizer, rng)


def train_epochs(state: State, epochs: int) -> State:
    """A new state ``epochs`` epochs further on; ``state`` itself is left unchanged.

    The network, optimizer, random generator and history are copied first, then trained with
    ``train.fit``. On divergence (NaN loss) ``train.TrainingDiverged`` is raised.
    """
    if not isinstance(state, State):
        raise TypeError(f"state must be a playground.State, got {type(state).__name__}")
    epochs = _checks.integer(epochs, "epochs", low=0)
    model, optimizer, rng, history = copy.deepcopy((state.model, state.optimizer, state.rng,
                                                    state.history))
    train.fit(model, losses.softmax_loss, optimizer, state.X_train, state.y_train, epochs=epochs,
              batch_size=state.config.batch_size, val=(state.X_val, state.y_val), rng=rng,
              progress=False, history=history)
    return replace(state, model=model, optimizer=optimizer, rng=rng, history=history)


def class_probabilities(model, xlim: tuple[float, float], ylim: tuple[float, float],
                        resolution: int = 80) -> np.ndarray:
    """Softmax probabilities of the network on a ``resolution`` × ``resolution`` grid over
    ``xlim`` × ``ylim`` (evaluation mode), shape (resolution, resolution, classes); row i is
    y = ylim[0] + i·step (image order with the origin at the bottom)."""
    _checks.layer(model, "model")
    xlim = _checks.interval(xlim, "xlim")
    ylim = _checks.interval(ylim, "ylim")
    resolution = _checks.integer(resolution, "resolution", low=2)
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    with layers.evaluation_mode(model):
        probabilities = losses.softmax(model.forward(grid))
    return probabilities.reshape(resolution, resolution, -1)
