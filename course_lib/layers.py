"""Layers: the building blocks of a network, each with a forward and a backward pass.

Every layer has ``forward(x)``, ``backward(dout) -> dx``, ``params`` and ``grads`` (dicts of
arrays with the same keys), ``buffers`` (state that is not trained, such as batch norm's running
statistics), and ``train()`` / ``eval()``. ``forward`` keeps what ``backward`` needs as named
attributes; ``backward`` fills ``grads`` and returns the gradient with respect to the input.
Batches are rows: ``x`` has shape (N, D). Parameters are updated in place by the optimizers, so
code that holds a reference to ``params["W"]`` always sees the current values.

The public ``forward``, ``backward`` and ``backward_params`` check their input (a finite float
array of the expected shape) and call ``_forward``, ``_backward`` and ``_backward_params``, which
do not: ``Sequential`` and ``train.fit`` call those, so an inner loop never re-validates.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType

import numpy as np

from . import _checks
from .activations import ACTIVATIONS


class Layer:
    """Base class: no parameters, training mode on.

    ``params``, ``grads`` and ``buffers`` are empty (read-only) until a layer sets its own dicts.
    """

    params: Mapping[str, np.ndarray] = MappingProxyType({})
    grads: Mapping[str, np.ndarray] = MappingProxyType({})
    buffers: Mapping[str, np.ndarray] = MappingProxyType({})

    def __init__(self) -> None:
        self.training = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The layer's output for the batch ``x``, checked first (see ``_input``)."""
        return self._forward(self._input(x))

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """The gradient with respect to the input, from ``dout`` (shaped like the last output);
        fills ``grads``."""
        return self._backward(self._upstream(dout))

    def backward_params(self, dout: np.ndarray) -> None:
        """Fill ``grads`` only, for a layer whose input is data and needs no gradient.

        The result is the same as ``backward``; layers override ``_backward_params`` to skip
        the work of the input gradient (for ``Linear``, the product dout·Wᵀ).
        """
        self._backward_params(self._upstream(dout))

    def _input(self, x, name: str = "x") -> np.ndarray:
        """``x`` checked: a finite float array (any shape unless the layer says otherwise)."""
        return _checks.float_array(x, name, finite=True)

    def _output_shape(self) -> tuple[int, ...]:
        """The shape of the last output, which ``dout`` must have."""
        raise NotImplementedError

    def _upstream(self, dout) -> np.ndarray:
        return _checks.shaped(dout, "dout", self._output_shape(), what=" (the layer's last output)")

    # The unchecked passes. A subclass that overrides ``forward``/``backward`` themselves (as the
    # notebooks' own layers do) is called through those.

    def _forward(self, x: np.ndarray) -> np.ndarray:
        if type(self).forward is Layer.forward:
            raise NotImplementedError
        return self.forward(x)

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        if type(self).backward is Layer.backward:
            raise NotImplementedError
        return self.backward(dout)

    def _backward_params(self, dout: np.ndarray) -> None:
        self._backward(dout)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def train(self) -> Layer:
        """Switch to training mode (dropout drops, batch norm uses batch statistics)."""
        self.training = True
        return self

    def eval(self) -> Layer:
        """Switch to evaluation mode (dropout is the identity, batch norm uses running statistics)."""
        self.training = False
        return self

    @property
    def state(self) -> dict[str, np.ndarray]:
        """Parameters and buffers by name: everything needed to rebuild the layer's function
        (what a checkpoint stores). PyTorch: ``state_dict()``."""
        return {**self.params, **self.buffers}

    @property
    def num_params(self) -> int:
        """The number of trainable numbers in the layer."""
        return sum(p.size for p in self.params.values())


def _last(saved):
    """What forward saved for backward; ``None`` means forward never ran."""
    if saved is None:
        raise RuntimeError("backward called before forward")
    return saved


@contextmanager
def _evaluation_mode(layer: Layer) -> Iterator[Layer]:
    was_training = layer.training
    layer.eval()
    try:
        yield layer
    finally:
        if was_training:
            layer.train()


def evaluation_mode(layer: Layer):
    """``with evaluation_mode(model): ...`` runs the block in evaluation mode (dropout off, batch
    norm on its running statistics) and then puts ``model`` back in the mode it was in, even
    when the block raises. PyTorch: ``model.eval()`` ... ``model.train(was_training)``."""
    return _evaluation_mode(_checks.layer(layer))


_INIT_STD = {
    "he": lambda n_in, n_out: np.sqrt(2.0 / n_in),
    "xavier": lambda n_in, n_out: np.sqrt(2.0 / (n_in + n_out)),
    "normal": lambda n_in, n_out: 0.01,
}


class Linear(Layer):
    """Fully connected layer: y = x @ W + b, with W of shape (n_in, n_out) and b of shape (n_out,).

    ``init`` sets the standard deviation of the normal initial weights: ``"he"`` √(2/n_in)
    (for ReLU), ``"xavier"`` √(2/(n_in + n_out)) (Glorot, for tanh/sigmoid), ``"normal"`` 0.01,
    or a number used as the standard deviation itself. Biases start at 0.
    Backward: dW = xᵀ·dout, db = Σ_rows dout, dx = dout·Wᵀ.
    PyTorch: ``nn.Linear`` (which stores the transpose of W).
    """

    def __init__(self, n_in: int, n_out: int, *, init: str | float = "he", rng=None,
                 dtype=np.float64) -> None:
        super().__init__()
        self.n_in = _checks.integer(n_in, "n_in", low=1)
        self.n_out = _checks.integer(n_out, "n_out", low=1)
        if isinstance(init, str):
            std = _INIT_STD[_checks.choice(init, "init", _INIT_STD)](self.n_in, self.n_out)
        else:
            std = _checks.number(init, "init", low=0)
        dtype = _checks.float_dtype(dtype)
        rng = _checks.rng(rng)
        self.params = {"W": (std * rng.standard_normal((self.n_in, self.n_out))).astype(dtype),
                       "b": np.zeros(self.n_out, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.x: np.ndarray | None = None

    def _input(self, x, name: str = "x") -> np.ndarray:
        return _checks.shaped(x, name, ("N", self.n_in))

    def _output_shape(self) -> tuple[int, ...]:
        return (_last(self.x).shape[0], self.n_out)

    def _forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return x @ self.params["W"] + self.params["b"]

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        self._backward_params(dout)
        return dout @ self.params["W"].T

    def _backward_params(self, dout: np.ndarray) -> None:
        np.matmul(self.x.T, dout, out=self.grads["W"], casting="same_kind")
        dout.sum(axis=0, out=self.grads["b"])

    def __repr__(self) -> str:
        return f"Linear({self.n_in} → {self.n_out})"


class Activation(Layer):
    """An element-wise activation as a layer: y = f(x); backward dx = dout · f'(x).

    ``name`` is a key of ``activations.ACTIVATIONS``; ``params`` are passed to the function
    (e.g. ``Activation("leaky_relu", alpha=0.1)``). They are fixed, not trained.
    """

    def __init__(self, name: str, **params) -> None:
        super().__init__()
        self.name = _checks.choice(name, "name", ACTIVATIONS)
        self.function, self.derivative = ACTIVATIONS[name]
        allowed = [p for p in inspect.signature(self.function).parameters if p != "x"]
        unknown = sorted(set(params) - set(allowed))
        if unknown:
            raise TypeError(f"Activation({name!r}) takes the options {allowed or 'none'}, got {unknown}")
        self.function(np.zeros(1), **params)  # a bad option value is refused here, by name, not later
        self.options = params
        self.x: np.ndarray | None = None

    def _output_shape(self) -> tuple[int, ...]:
        return _last(self.x).shape

    def _forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return self.function(x, **self.options)

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.derivative(self.x, **self.options)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.options.items())
        return f"Activation({self.name!r}{extra})"


class Sequential(Layer):
    """Layers applied one after the other; backward runs them in reverse.

    ``params``, ``grads`` and ``buffers`` hold every layer's arrays under the names
    ``"<index>.<key>"`` (``"0.W"``, ``"2.gamma"``, ...): unique and stable, so optimizers and
    checkpoints can key on them. PyTorch: ``nn.Sequential`` (which names them ``"0.weight"``).
    """

    def __init__(self, *layers: Layer) -> None:
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layer {i} must be a course_lib Layer, got {type(layer).__name__}")
        super().__init__()
        self.layers = list(layers)

    def _named(self, kind: str) -> dict[str, np.ndarray]:
        """Every layer's ``params``, ``grads`` or ``buffers`` (``kind``), as "<index>.<key>"."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers)
                for k, v in getattr(layer, kind).items()}

    @property
    def params(self) -> dict[str, np.ndarray]:
        return self._named("params")

    @property
    def grads(self) -> dict[str, np.ndarray]:
        return self._named("grads")

    @property
    def buffers(self) -> dict[str, np.ndarray]:
        return self._named("buffers")

    def _input(self, x, name: str = "x") -> np.ndarray:
        return self.layers[0]._input(x, name) if self.layers else super()._input(x, name)

    def _output_shape(self) -> tuple[int, ...]:
        if not self.layers:
            raise RuntimeError("an empty Sequential has no backward: it has no layers")
        return self.layers[-1]._output_shape()

    def _forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer._forward(x)
        return x

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        for layer in reversed(self.layers):
            dout = layer._backward(dout)
        return dout

    def _backward_params(self, dout: np.ndarray) -> None:
        for layer in reversed(self.layers[1:]):
            dout = layer._backward(dout)
        if self.layers:
            self.layers[0]._backward_params(dout)

    def train(self) -> Sequential:
        self.training = True
        for layer in self.layers:
            layer.train()
        return self

    def eval(self) -> Sequential:
        self.training = False
        for layer in self.layers:
            layer.eval()
        return self

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, index: int) -> Layer:
        return self.layers[index]

    def __repr__(self) -> str:
        lines = [f"  ({i}) {layer!r}" for i, layer in enumerate(self.layers)]
        return "Sequential(\n" + "\n".join(lines) + f"\n)  # {self.num_params} parameters"


class Dropout(Layer):
    """Inverted dropout: y = x · m / keep_prob in training, y = x in evaluation.

    Each entry of the mask m is 1 with probability ``keep_prob`` (the notes' and TensorFlow 1's
    meaning), else 0; dividing by keep_prob keeps the expected value: E[y] = x. ``mask`` holds
    m / keep_prob of the last training forward pass; backward uses that same mask:
    dx = dout · mask. Any input shape. PyTorch: ``nn.Dropout(p=1 - keep_prob)``, because
    PyTorch's ``p`` is the probability to *drop* a unit.
    """

    def __init__(self, keep_prob: float = 0.5, rng=None) -> None:
        super().__init__()
        self.keep_prob = _checks.number(keep_prob, "keep_prob", low=0, high=1, low_open=True)
        self.rng = _checks.rng(rng)
        self.mask: np.ndarray | None = None
        self.x_shape: tuple[int, ...] | None = None

    def _output_shape(self) -> tuple[int, ...]:
        return _last(self.x_shape)

    def _forward(self, x: np.ndarray) -> np.ndarray:
        self.x_shape = x.shape
        if not self.training:
            return x
        self.mask = (self.rng.random(x.shape) < self.keep_prob).astype(x.dtype) / self.keep_prob
        return x * self.mask

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        if not self.training:
            return dout
        return dout * _last(self.mask)

    def __repr__(self) -> str:
        return f"Dropout(keep_prob={self.keep_prob:g})"


class BatchNorm(Layer):
    """Batch normalisation of each feature (column): y = γ · x̂ + β, x̂ = (x − μ) / √(σ² + eps).

    Training: μ and σ² are the batch mean and the biased batch variance (divide by N), and the
    running statistics move towards the batch ones,
    running = (1 − momentum) · running + momentum · batch, with the unbiased variance
    (divide by N − 1) going into ``running_var``. Evaluation: μ = ``running_mean``,
    σ² = ``running_var`` (they start at 0 and 1; both live in ``buffers``, so checkpoints of
    ``state`` keep them). Parameters ``"gamma"`` (starts at 1) and ``"beta"`` (starts at 0),
    shape (D,); x has shape (N, D).
    Backward (training), with g = dout: dβ = Σ_n g, dγ = Σ_n g·x̂,
    dx = γ / (N √(σ² + eps)) · (N·g − dβ − x̂·dγ). PyTorch: ``nn.BatchNorm1d(D, eps, momentum)``.
    """

    def __init__(self, num_features: int, momentum: float = 0.1, eps: float = 1e-5, *,
                 dtype=np.float64) -> None:
        super().__init__()
        self.num_features = _checks.integer(num_features, "num_features", low=1)
        self.momentum = _checks.number(momentum, "momentum", low=0, high=1)
        self.eps = _checks.number(eps, "eps", low=0, low_open=True)
        dtype = _checks.float_dtype(dtype)
        self.params = {"gamma": np.ones(self.num_features, dtype=dtype),
                       "beta": np.zeros(self.num_features, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.buffers = {"running_mean": np.zeros(self.num_features, dtype=dtype),
                        "running_var": np.ones(self.num_features, dtype=dtype)}
        self.x_hat: np.ndarray | None = None
        self.inv_std: np.ndarray | None = None

    @property
    def running_mean(self) -> np.ndarray:
        """The running mean, ``buffers["running_mean"]`` (updated in place)."""
        return self.buffers["running_mean"]

    @property
    def running_var(self) -> np.ndarray:
        """The running (unbiased) variance, ``buffers["running_var"]`` (updated in place)."""
        return self.buffers["running_var"]

    def _input(self, x, name: str = "x") -> np.ndarray:
        x = _checks.shaped(x, name, ("N", self.num_features))
        if self.training and x.shape[0] < 2:
            raise ValueError(f"{name} must have at least 2 rows in training (a batch of 1 has no "
                             f"variance), got shape {x.shape}; call eval() to use the running "
                             f"statistics")
        return x

    def _output_shape(self) -> tuple[int, ...]:
        return _last(self.x_hat).shape

    def _forward(self, x: np.ndarray) -> np.ndarray:
        if self.training:
            n = x.shape[0]
            with np.errstate(over="ignore"):  # |x| near 1e200: σ² = inf, as in PyTorch, no warning
                mean, var = x.mean(axis=0), x.var(axis=0)
            m = self.momentum
            self.running_mean[...] = (1 - m) * self.running_mean + m * mean
            self.running_var[...] = (1 - m) * self.running_var + m * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        self.inv_std = 1 / np.sqrt(var + self.eps)
        with np.errstate(invalid="ignore"):  # inf · 0 when σ² overflowed: NaN out
            self.x_hat = (x - mean) * self.inv_std
        return self.params["gamma"] * self.x_hat + self.params["beta"]

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        dbeta, dgamma = self.grads["beta"], self.grads["gamma"]
        dbeta[...] = dout.sum(axis=0)
        dgamma[...] = (dout * self.x_hat).sum(axis=0)
        scale = self.params["gamma"] * self.inv_std
        if not self.training:
            return dout * scale
        n = dout.shape[0]
        return scale / n * (n * dout - dbeta - self.x_hat * dgamma)

    def __repr__(self) -> str:
        return f"BatchNorm({self.num_features}, momentum={self.momentum:g}, eps={self.eps:g})"


class GlobalAvgPool(Layer):
    """Global average pooling: (N, C, H, W) → (N, C), y[n, c] = mean over h, w of x[n, c, h, w].

    No parameters: one number per channel replaces a fully connected head over C·H·W inputs.
    Backward spreads each gradient evenly: dx[n, c, h, w] = dout[n, c] / (H·W).
    PyTorch: ``nn.AdaptiveAvgPool2d(1)`` then ``flatten(1)``; Keras: ``GlobalAveragePooling2D``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.x_shape: tuple[int, ...] | None = None

    def _input(self, x, name: str = "x") -> np.ndarray:
        return _checks.shaped(x, name, ("N", "C", "H", "W"))

    def _output_shape(self) -> tuple[int, ...]:
        return _last(self.x_shape)[:2]

    def _forward(self, x: np.ndarray) -> np.ndarray:
        self.x_shape = x.shape
        return x.mean(axis=(2, 3))

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        h, w = self.x_shape[2:]
        return np.broadcast_to(dout[:, :, None, None] / (h * w), self.x_shape).copy()

    def __repr__(self) -> str:
        return "GlobalAvgPool()"
