"""The training loop: mini-batches, forward, loss, backward, update; epoch after epoch.

``fit`` is deliberately lean (one pass over the data per epoch, nothing recomputed), so that its
cost stays close to that of the matrix products themselves; ``benchmarks/`` measures the ratio.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from . import _checks, checkpoint
from .data import minibatches


class TrainingDiverged(FloatingPointError):
    """The loss became NaN or infinite: the updates blew up (usually the learning rate is too high)."""


@dataclass
class History:
    """Per-epoch record of a training run (validation lists stay empty without ``val``)."""

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    best_epoch: int | None = None  # epoch (0-based) whose weights were restored
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    def __repr__(self) -> str:
        if not self.epochs:
            return "History(no epochs)"
        text = (f"History({self.epochs} epochs, train loss {self.train_loss[-1]:.4g}, "
                f"train acc {self.train_acc[-1]:.4g}")
        if self.val_loss:
            text += f", val loss {self.val_loss[-1]:.4g}, val acc {self.val_acc[-1]:.4g}"
        if self.best_epoch is not None:
            text += f", best epoch {self.best_epoch}"
        return text + (", stopped early)" if self.stopped_early else ")")


def _check_model(model) -> None:
    """``model`` must be a course_lib layer (``Sequential`` and friends)."""
    from .layers import Layer  # here: train needs layers only for this check

    if not isinstance(model, Layer):
        raise TypeError(f"model must be a course_lib layer (e.g. layers.Sequential), "
                        f"got {_checks._describe(model)}")


def _check_loss(loss_fn) -> None:
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable as loss_fn(logits, y), got {_checks._describe(loss_fn)}")


def _check_xy(X, y, name_x: str = "X", name_y: str = "y") -> tuple[np.ndarray, np.ndarray]:
    X = _checks.float_array(X, name_x, ndim=2, shape="(N, D)", finite=True)
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(f"{name_y} must have one entry per row of {name_x} ({X.shape[0]}), "
                         f"got shape {y.shape}")
    return X, y


def _accuracy(logits: np.ndarray, y: np.ndarray) -> int:
    """Number of rows whose largest logit is at the label (0 when y is not class labels)."""
    if y.ndim != 1 or y.dtype.kind not in "iu":
        return 0
    return int(np.count_nonzero(logits.argmax(axis=1) == y))


def evaluate(model, loss_fn: Callable, X, y) -> tuple[float, float]:
    """Loss and accuracy of ``model`` on ``(X, y)`` in evaluation mode (the mode is restored)."""
    _check_model(model)
    _check_loss(loss_fn)
    X, y = _check_xy(X, y)
    was_training = model.training
    model.eval()
    try:
        logits = model.forward(X)
    finally:
        if was_training:
            model.train()
    loss, _ = loss_fn(logits, y)
    return float(loss), _accuracy(logits, y) / max(len(y), 1)


def predict(model, X) -> np.ndarray:
    """Predicted class of each row (index of the largest output), in evaluation mode."""
    _check_model(model)
    X = _checks.float_array(X, "X", ndim=2, shape="(N, D)", finite=True)
    was_training = model.training
    model.eval()
    try:
        return model.forward(X).argmax(axis=1)
    finally:
        if was_training:
            model.train()


def step(model, loss_fn: Callable, optimizer, Xb: np.ndarray, yb: np.ndarray) -> tuple[float, np.ndarray]:
    """One gradient step on one batch; returns the batch's loss (before the update) and logits.

    forward → loss and its gradient → backward (parameters only) → ``optimizer.step``. No checks:
    this is the inner loop of ``fit``. PyTorch: ``loss = loss_fn(model(xb), yb);
    opt.zero_grad(); loss.backward(); opt.step()``.
    """
    logits = model.forward(Xb)
    loss, dlogits = loss_fn(logits, yb)
    if math.isfinite(loss):
        model.backward_params(dlogits)
        optimizer.step(model.params, model.grads)
    return loss, logits


class _Interrupts:
    """Ctrl-C (SIGINT, the notebook's interrupt button) held until a step is whole: ``pending``
    says that one came. A second Ctrl-C before the step ends interrupts at once."""

    def __init__(self) -> None:
        self.pending = False

    def __call__(self, signum, frame) -> None:
        if self.pending:
            raise KeyboardInterrupt
        self.pending = True


@contextmanager
def _steps_not_cut():
    """Within the block, an interrupt waits for the current training step to end (the loop
    checks ``pending``); outside the main thread, where Python sees no signals, nothing changes."""
    interrupts = _Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield interrupts
        return
    previous = signal.signal(signal.SIGINT, interrupts)
    try:
        yield interrupts
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


def _finite_state(model) -> bool:
    return all(np.isfinite(array).all() for array in model.state.values())


def fit(model, loss_fn: Callable, optimizer, X, y, *, epochs: int, batch_size: int,
        val: tuple | None = None, rng=None, progress: bool = True, shuffle: bool = True,
        patience: int | None = None, lr_schedule: Callable[[int], float] | None = None,
        history: History | None = None, resume_from: str | os.PathLike | None = None,
        save_to: str | os.PathLike | None = None) -> History:
    """Train ``model`` by mini-batch gradient descent and return its ``History``.

    Each epoch shuffles the rows (unless ``shuffle=False``), cuts them into batches of
    ``batch_size`` and, per batch, takes one ``step``: ``logits = model.forward(Xb)``,
    ``loss, dlogits = loss_fn(logits, yb)``, ``model.backward_params(dlogits)`` (the
    backward pass without the gradient of the input data) and
    ``optimizer.step(model.params, model.grads)``. Train loss and accuracy are the averages over
    the epoch's batches (as Keras reports them); validation ones are computed after the epoch.

    ``lr_schedule(epoch) -> lr`` sets ``optimizer.lr`` before each epoch. With ``patience``,
    training stops once the validation loss has not improved for that many epochs, and the
    weights of the best epoch are restored (``history.best_epoch``), buffers included (batch
    norm's running statistics), so the model is exactly the one that scored best. If the loss
    becomes NaN or infinite, ``TrainingDiverged`` is raised (the weights are then meaningless;
    NumPy's overflow warnings inside the step are silenced, since the finite check reports them,
    also where warnings are errors). A checkpoint is never written from weights that are not
    finite: ``save_to`` keeps the last good epoch.

    Ctrl-C (or the notebook's interrupt button) stops training between two steps: the running
    step finishes, so every parameter, buffer and optimizer state is exactly as after a whole
    number of steps (``optimizer.t`` of them), never half updated; a second Ctrl-C stops at once.

    To train in several sittings: ``save_to`` writes ``model.state`` (parameters and buffers)
    to that checkpoint after every epoch (atomically, see ``checkpoint.save``); ``resume_from``
    loads a checkpoint into the model before the first epoch (``checkpoint.load``); passing
    the earlier ``history`` appends the new epochs to it, and epochs are then counted on from
    where it stopped (for ``lr_schedule`` and ``best_epoch``). Optimizer state is not saved.
    """
    _check_model(model)
    _check_loss(loss_fn)
    X, y = _check_xy(X, y)
    progress, shuffle = _checks.flag(progress, "progress"), _checks.flag(shuffle, "shuffle")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, "
                        f"got {type(optimizer).__name__}")
    epochs = _checks.integer(epochs, "epochs", low=0)
    batch_size = _checks.integer(batch_size, "batch_size", low=1)
    if val is not None:
        if not isinstance(val, tuple) or len(val) != 2:
            raise TypeError(f"val must be a tuple (X_val, y_val), got {type(val).__name__}")
        val = _check_xy(*val, "val[0]", "val[1]")
    if patience is not None:
        patience = _checks.integer(patience, "patience", low=1)
        if val is None:
            raise ValueError("patience needs val=(X_val, y_val): early stopping watches the "
                             "validation loss")
    rng = _checks.rng(rng)
    if history is None:
        history = History()
    elif not isinstance(history, History):
        raise TypeError(f"history must be a train.History to continue, got {type(history).__name__}")
    if resume_from is not None:
        checkpoint.load(resume_from, model)

    best_loss, best_state, waited = math.inf, None, 0
    epoch_range = range(history.epochs, history.epochs + epochs)
    if progress:
        try:
            from tqdm.auto import tqdm
        except ImportError:  # the core runs without tqdm: train on, without a bar
            warnings.warn("progress=True needs tqdm (pip install 'course_lib[progress]'); training "
                          "without a progress bar", stacklevel=2)
            progress = False
    if progress:
        epoch_range = tqdm(epoch_range, desc="epochs", leave=True)
    model.train()
    # NumPy's overflow warnings are silenced: the finite checks below report divergence
    with _steps_not_cut() as interrupts, np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in epoch_range:
            if lr_schedule is not None:
                optimizer.lr = float(lr_schedule(epoch))
            total_loss, correct = 0.0, 0
            for batch, (Xb, yb) in enumerate(minibatches(X, y, batch_size, shuffle=shuffle, rng=rng)):
                loss, logits = step(model, loss_fn, optimizer, Xb, yb)
                if interrupts.pending:
                    raise KeyboardInterrupt(f"training stopped between two steps (epoch {epoch}, after "
                                            f"batch {batch}): every array is as after a whole step")
                if not math.isfinite(loss):
                    raise TrainingDiverged(
                        f"the loss became {loss} at epoch {epoch}, batch {batch}: the updates "
                        f"diverged. Try a lower learning rate (it is {optimizer.lr:g}).")
                total_loss += loss * len(yb)
                correct += _accuracy(logits, yb)
            history.lr.append(float(optimizer.lr))
            history.train_loss.append(total_loss / len(y))
            history.train_acc.append(correct / len(y))
            if val is not None:
                val_loss, val_acc = evaluate(model, loss_fn, *val)
                if not math.isfinite(val_loss):
                    raise TrainingDiverged(f"the validation loss became {val_loss} after epoch {epoch}: "
                                           f"the updates diverged. Try a lower learning rate (it is "
                                           f"{optimizer.lr:g}).")
                history.val_loss.append(val_loss)
                history.val_acc.append(val_acc)
                if progress:
                    epoch_range.set_postfix(loss=f"{history.train_loss[-1]:.4f}",
                                            val_loss=f"{val_loss:.4f}", refresh=False)
                if patience is not None:
                    if val_loss < best_loss:
                        best_loss, waited, history.best_epoch = val_loss, 0, epoch
                        best_state = {k: v.copy() for k, v in model.state.items()}
                    else:
                        waited += 1
                        if waited >= patience:
                            history.stopped_early = True
                            break
            if save_to is not None:
                if not _finite_state(model):  # the last step blew up: keep the last good checkpoint
                    raise TrainingDiverged(f"the weights became NaN or infinite in epoch {epoch}: the "
                                           f"updates diverged. Try a lower learning rate (it is "
                                           f"{optimizer.lr:g}); {save_to} keeps the last good epoch.")
                checkpoint.save(save_to, model.state)
    if progress:
        epoch_range.close()
    if best_state is not None:
        for name, array in model.state.items():
            array[...] = best_state[name]
        if save_to is not None:
            checkpoint.save(save_to, model.state)
    return history
