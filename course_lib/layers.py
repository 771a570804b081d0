"""Layers: the building blocks of a network, each with a forward and a backward pass.

Every layer has ``forward(x)``, ``backward(dout) -> dx``, ``params`` and ``grads`` (dicts of
arrays with the same keys), and ``train()`` / ``eval()``. ``forward`` keeps what ``backward``
needs as named attributes; ``backward`` fills ``grads`` and returns the gradient with respect to
the input. Batches are rows: ``x`` has shape (N, D). Parameters are updated in place by the
optimizers, so code that holds a reference to ``params["W"]`` always sees the current values.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .activations import ACTIVATIONS


class Layer:
    """Base class: no parameters, training mode on."""

    def __init__(self) -> None:
        self.training = True
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward_params(self, dout: np.ndarray) -> None:
        """Fill ``grads`` only, for a layer whose input is data and needs no gradient.

        The result is the same as ``backward``; layers override it to skip the work of the
        input gradient (for ``Linear``, the product dout·Wᵀ).
        """
        self.backward(dout)

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
    def num_params(self) -> int:
        """The number of trainable numbers in the layer."""
        return sum(p.size for p in self.params.values())


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
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {dtype}")
        rng = _checks.rng(rng)
        self.params = {"W": (std * rng.standard_normal((self.n_in, self.n_out))).astype(dtype),
                       "b": np.zeros(self.n_out, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != self.n_in:
            raise ValueError(f"x must have shape (N, {self.n_in}), got shape {x.shape}")
        self.x = x
        return x @ self.params["W"] + self.params["b"]

    def backward(self, dout: np.ndarray) -> np.ndarray:
        self.backward_params(dout)
        return dout @ self.params["W"].T

    def backward_params(self, dout: np.ndarray) -> None:
        if self.x is None:
            raise RuntimeError("backward called before forward")
        np.matmul(self.x.T, dout, out=self.grads["W"], casting="same_kind")
        self.grads["b"][...] = dout.sum(axis=0)

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
        self.options = params
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return self.function(x, **self.options)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        if self.x is None:
            raise RuntimeError("backward called before forward")
        return dout * self.derivative(self.x, **self.options)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.options.items())
        return f"Activation({self.name!r}{extra})"


class Sequential(Layer):
    """Layers applied one after the other; backward runs them in reverse.

    ``params`` and ``grads`` hold every layer's arrays under the names ``"<index>.<key>"``
    (``"0.W"``, ``"2.gamma"``, ...): unique and stable, so optimizers and checkpoints can key on
    them. PyTorch: ``nn.Sequential`` (which names them ``"0.weight"``).
    """

    def __init__(self, *layers: Layer) -> None:
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layer {i} must be a course_lib Layer, got {type(layer).__name__}")
        self.layers = list(layers)
        self.training = True

    @property
    def params(self) -> dict[str, np.ndarray]:
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers)
                for k, v in layer.params.items()}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers)
                for k, v in layer.grads.items()}

    def forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def backward_params(self, dout: np.ndarray) -> None:
        for layer in reversed(self.layers[1:]):
            dout = layer.backward(dout)
        if self.layers:
            self.layers[0].backward_params(dout)

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
