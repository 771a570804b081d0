"""Batch norm beyond rows of features: images (per channel) and inference (folded into Linear).

``BatchNorm2d`` normalises convolutional feature maps, one mean and variance per channel over the
batch and every position; ``fold_batchnorm`` merges an evaluation-mode ``BatchNorm`` into the
``Linear`` layer before it, so inference costs one matrix product and nothing more. Both build on
``layers.BatchNorm``, which stays importable from ``layers``.
"""

from __future__ import annotations

import copy

import numpy as np

from . import _checks
from .layers import BatchNorm, Linear, Sequential, _last

__all__ = ["BatchNorm2d", "fold_batchnorm", "fold_sequential"]


class BatchNorm2d(BatchNorm):
    """Batch norm of feature maps x of shape (N, C, H, W): one μ_c, σ²_c, γ_c, β_c per channel.

    The statistics of channel c are taken over all N·H·W values of that channel (the batch and
    every position), because a convolution applies the same filter at every position: the
    positions are more examples of one feature. Otherwise exactly ``BatchNorm`` (training
    statistics, running averages with the unbiased variance over N·H·W values, evaluation,
    backward), applied to x moved to rows of shape (N·H·W, C). PyTorch: ``nn.BatchNorm2d(C)``.
    """

    x_shape: tuple[int, ...] | None = None

    def _input(self, x, name: str = "x") -> np.ndarray:
        x = _checks.shaped(x, name, ("N", self.num_features, "H", "W"))
        if self.training and x.shape[0] * x.shape[2] * x.shape[3] < 2:
            raise ValueError(f"{name} must hold at least 2 values per channel in training (N·H·W "
                             f"≥ 2), got shape {x.shape}; call eval() to use the running statistics")
        return x

    def _output_shape(self) -> tuple[int, ...]:
        return _last(self.x_shape)

    @staticmethod
    def _rows(x: np.ndarray) -> np.ndarray:
        return x.transpose(0, 2, 3, 1).reshape(-1, x.shape[1])

    def _maps(self, rows: np.ndarray) -> np.ndarray:
        n, c, h, w = self.x_shape
        return rows.reshape(n, h, w, c).transpose(0, 3, 1, 2)

    def _forward(self, x: np.ndarray) -> np.ndarray:
        self.x_shape = x.shape
        return self._maps(super()._forward(self._rows(x)))

    def _backward(self, dout: np.ndarray) -> np.ndarray:
        return self._maps(super()._backward(self._rows(dout)))

    def __repr__(self) -> str:
        return f"BatchNorm2d({self.num_features}, momentum={self.momentum:g}, eps={self.eps:g})"


def fold_batchnorm(linear: Linear, bn: BatchNorm) -> Linear:
    """One ``Linear`` that computes ``bn(linear(x))`` with bn in evaluation mode.

    With s = γ / √(running_var + eps): bn(xW + b) = (xW + b − μ̄)·s + β = x(W·s) + ((b − μ̄)·s + β),
    so W' = W·s (each output column scaled) and b' = (b − μ̄)·s + β. The result is a new layer;
    the two given layers are unchanged. Inference libraries do the same (PyTorch:
    ``torch.ao.nn.intrinsic`` / ``fuse_modules``). Only evaluation mode folds: in training, BN
    normalises with the statistics of each batch, which no fixed weights can reproduce.
    """
    if not isinstance(linear, Linear):
        raise TypeError(f"linear must be a layers.Linear, got {_checks._describe(linear)}")
    if not isinstance(bn, BatchNorm) or isinstance(bn, BatchNorm2d):
        raise TypeError(f"bn must be a layers.BatchNorm, got {_checks._describe(bn)}")
    W, b = linear.params["W"], linear.params["b"]
    if bn.num_features != W.shape[1]:
        raise ValueError(f"bn must normalise the {W.shape[1]} outputs of linear, got "
                         f"BatchNorm({bn.num_features})")
    scale = bn.params["gamma"] / np.sqrt(bn.running_var + bn.eps)
    folded = Linear(W.shape[0], W.shape[1], rng=0, dtype=W.dtype)
    folded.params["W"][...] = W * scale
    folded.params["b"][...] = (b - bn.running_mean) * scale + bn.params["beta"]
    return folded


def fold_sequential(model: Sequential) -> Sequential:
    """A copy of ``model`` for inference: every ``Linear`` followed by a ``BatchNorm`` becomes
    one folded ``Linear`` (``fold_batchnorm``); the other layers are copied. The copy is in
    evaluation mode and gives the evaluation-mode outputs of ``model`` with fewer layers and
    parameters; ``model`` itself is unchanged (its mode included)."""
    if not isinstance(model, Sequential):
        raise TypeError(f"model must be a layers.Sequential, got {_checks._describe(model)}")
    parts, rest = [], list(model.layers)
    while rest:
        layer = rest.pop(0)
        if (isinstance(layer, Linear) and rest and isinstance(rest[0], BatchNorm)
                and not isinstance(rest[0], BatchNorm2d)):
            parts.append(fold_batchnorm(layer, rest.pop(0)))
        else:
            parts.append(copy.deepcopy(layer))
    return Sequential(*parts).eval()
