"""Optimizers: rules that turn gradients into parameter updates.

``optimizer.step(params, grads)`` updates every array of ``params`` in place, using the array of
the same name in ``grads``. An optimizer keeps its state (velocities, moment estimates) per
parameter name, so one optimizer serves a whole ``Sequential``. ``lr`` is a plain attribute:
a learning-rate schedule changes it between steps.

``weight_decay`` (λ) adds λ·θ to each gradient before the update, as PyTorch's ``weight_decay``
argument does: for plain SGD that is the gradient of the L2 penalty ½λ‖θ‖².
"""

from __future__ import annotations

import numpy as np

from . import _checks


class Optimizer:
    """Base class. Subclasses implement ``update(name, param, grad)`` for one array."""

    def __init__(self, lr: float, weight_decay: float = 0.0) -> None:
        self.lr = _checks.number(lr, "lr", low=0, low_open=True)
        self.weight_decay = _checks.number(weight_decay, "weight_decay", low=0)
        self.t = 0  # number of steps taken

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update each ``params[name]`` in place from ``grads[name]`` (+ weight_decay·param)."""
        if params.keys() != grads.keys():
            raise ValueError(f"params and grads must have the same names, got "
                             f"{sorted(params)} and {sorted(grads)}")
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


class SGD(Optimizer):
    """Plain gradient descent: θ ← θ − lr·g, one learning rate for every parameter.

    With ``weight_decay`` λ: g ← g + λ·θ first. PyTorch: ``torch.optim.SGD(params, lr,
    weight_decay=λ)``.
    """

    def update(self, name: str, param: np.ndarray, grad: np.ndarray) -> None:
        param -= self.lr * grad
