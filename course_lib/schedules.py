"""Learning-rate schedules: functions ``epoch -> lr`` for ``train.fit(..., lr_schedule=...)``.

Each builder takes the starting rate ``lr0`` and returns a function of the epoch (0, 1, 2, ...)
with ``schedule(0) == lr0``. ``train.fit`` sets ``optimizer.lr = schedule(epoch)`` before each
epoch. They are re-exported by ``course_lib.optim``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from . import _checks

Schedule = Callable[[int], float]


def _epoch(epoch) -> int:
    return _checks.integer(epoch, "epoch", low=0)


def step_decay(lr0: float, drop: float = 0.5, every: int = 10) -> Schedule:
    """lr = lr0 · drop^⌊epoch / every⌋: cut the rate by a factor ``drop`` every ``every`` epochs.

    PyTorch: ``torch.optim.lr_scheduler.StepLR(opt, step_size=every, gamma=drop)``.
    """
    lr0 = _checks.number(lr0, "lr0", low=0, low_open=True)
    drop = _checks.number(drop, "drop", low=0, high=1, low_open=True)
    every = _checks.integer(every, "every", low=1)
    return lambda epoch: lr0 * drop ** (_epoch(epoch) // every)


def exponential_decay(lr0: float, rate: float = 0.9, decay_epochs: float = 1.0) -> Schedule:
    """lr = lr0 · rate^(epoch / decay_epochs): a smooth geometric decay.

    TensorFlow: ``tf.keras.optimizers.schedules.ExponentialDecay(lr0, decay_epochs, rate)``;
    PyTorch: ``ExponentialLR(opt, gamma=rate)`` for ``decay_epochs=1``.
    """
    lr0 = _checks.number(lr0, "lr0", low=0, low_open=True)
    rate = _checks.number(rate, "rate", low=0, high=1, low_open=True)
    decay_epochs = _checks.number(decay_epochs, "decay_epochs", low=0, low_open=True)
    return lambda epoch: lr0 * rate ** (_epoch(epoch) / decay_epochs)


def inverse_time_decay(lr0: float, rate: float = 0.5, decay_epochs: float = 1.0) -> Schedule:
    """lr = lr0 / (1 + rate · epoch / decay_epochs): falls like 1/epoch, slower than exponential.

    TensorFlow: ``tf.keras.optimizers.schedules.InverseTimeDecay(lr0, decay_epochs, rate)``.
    """
    lr0 = _checks.number(lr0, "lr0", low=0, low_open=True)
    rate = _checks.number(rate, "rate", low=0)
    decay_epochs = _checks.number(decay_epochs, "decay_epochs", low=0, low_open=True)
    return lambda epoch: lr0 / (1 + rate * _epoch(epoch) / decay_epochs)


def cosine_decay(lr0: float, epochs: int, lr_min: float = 0.0) -> Schedule:
    """lr = lr_min + ½(lr0 − lr_min)(1 + cos(π · min(epoch, epochs) / epochs)).

    Half a cosine from lr0 down to lr_min over ``epochs`` epochs, then constant at lr_min.
    PyTorch: ``CosineAnnealingLR(opt, T_max=epochs, eta_min=lr_min)``; TensorFlow:
    ``CosineDecay(lr0, epochs, alpha=lr_min / lr0)``.
    """
    lr0 = _checks.number(lr0, "lr0", low=0, low_open=True)
    epochs = _checks.integer(epochs, "epochs", low=1)
    lr_min = _checks.number(lr_min, "lr_min", low=0, high=lr0)
    return lambda epoch: lr_min + 0.5 * (lr0 - lr_min) * (
        1 + math.cos(math.pi * min(_epoch(epoch), epochs) / epochs))


SCHEDULES = {"step_decay": step_decay, "exponential_decay": exponential_decay,
             "inverse_time_decay": inverse_time_decay, "cosine_decay": cosine_decay}
