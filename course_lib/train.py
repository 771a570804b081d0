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
from .layers import evaluation_mode
from .optim import _stepper


class TrainingDiverged(FloatingPointError):
    """The loss became NaN or infinite: the updates blew up (usually the learning rate is too high)."""


@dataclass
class History:
    """Per-epoch record of a training run. Validation lists stay empty without ``val``; the
    accuracy lists stay empty for a regression (targets that are not class labels), which has
    no accuracy."""

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

    def _record(self, split: str, loss: float, acc: float | None) -> None:
        getattr(self, f"{split}_loss").append(loss)
        if acc is not None:
            getattr(self, f"{split}_acc").append(acc)

    def __repr__(self) -> str:
        if not self.epochs:
            return "History(no epochs)"
        text = f"History({self.epochs} epochs"
        for split in ("train", "val"):
            for what in ("loss", "acc"):
                values = getattr(self, f"{split}_{what}")
                if values:
                    text += f", {split} {what} {values[-1]:.4g}"
        if self.best_epoch is not None:
            text += f", best epoch {self.best_epoch}"
        return text + (", stopped early)" if self.stopped_early else ")")


def _check_loss(loss_fn) -> None:
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable as loss_fn(logits, y), got {_checks._describe(loss_fn)}")


def _targets(y, name: str, n: int) -> np.ndarray:
    """Class labels, shape (n,): integers ≥ 0; or float targets, shape (n, K): a regression."""
    arr = _checks.rows(y, name)
    if arr.ndim == 2 and arr.dtype.kind == "f":
        return _checks.shaped(arr, name, (n, "K"), what=" (float targets, one row per example)")
    if arr.ndim != 1:
        raise TypeError(f"{name} must be integer class labels of shape (N,) or float targets of "
                        f"shape (N, K), got {_checks._describe(arr)}")
    return _checks.labels(arr, name, n=n)


def _check_xy(model, X, y, name_x: str = "X", name_y: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """``X`` (N, D), finite, N ≥ 1, of the width ``model`` takes; ``y`` (see ``_targets``)."""
    X = _checks.shaped(X, name_x, ("N", "D"))
    if not len(X):
        raise ValueError(f"{name_x} must have at least one row, got shape {X.shape}")
    return model._input(X, name_x), _targets(y, name_y, len(X))


def _accuracy(logits: np.ndarray, y: np.ndarray) -> int:
    """Number of rows whose largest logit is at the label ``y`` (class labels, shape (N,))."""
    return int(np.count_nonzero(logits.argmax(axis=1) == y))


def _evaluate(model, loss_fn: Callable, X: np.ndarray, y: np.ndarray) -> tuple[float, float | None]:
    with evaluation_mode(model):
        logits = model._forward(X)
    loss, _ = loss_fn(logits, y)
    return float(loss), _accuracy(logits, y) / len(y) if y.ndim == 1 else None


def evaluate(model, loss_fn: Callable, X, y) -> tuple[float, float | None]:
    """Loss and accuracy of ``model`` on ``(X, y)`` in evaluation mode (the mode is restored).

    accuracy = (1/N)·Σ [argmax_k logits[n, k] = y[n]] for class labels ``y`` of shape (N,);
    ``None`` for float targets of shape (N, K) (a regression, e.g. with ``losses.mse_loss``),
    which have no accuracy. Keras: ``model.evaluate(X, y)``.
    """
    _checks.layer(model, "model")
    _check_loss(loss_fn)
    return _evaluate(model, loss_fn, *_check_xy(model, X, y))


def predict(model, X) -> np.ndarray:
    """Predicted class of each row (index of the largest output), in evaluation mode."""
    _checks.layer(model, "model")
    X = model._input(_checks.shaped(X, "X", ("N", "D")), "X")
    with evaluation_mode(model):
        return model._forward(X).argmax(axis=1)


def _step(model, loss_fn: Callable, update: Callable, Xb: np.ndarray,
          yb: np.ndarray) -> tuple[float, np.ndarray]:
    """``step`` without the checks (the inner loop of ``fit``): forward, the loss and its gradient,
    backward (parameters only), then ``update(params, grads)``, the optimizer's step. PyTorch:
    ``loss = loss_fn(model(xb), yb); opt.zero_grad(); loss.backward(); opt.step()``."""
    logits = model._forward(Xb)
    loss, dlogits = loss_fn(logits, yb)
    if math.isfinite(loss):
        model._backward_params(dlogits)
        update(model.params, model.grads)
    return loss, logits


def step(model, loss_fn: Callable, optimizer, Xb, yb) -> tuple[float, np.ndarray]:
    """One gradient step on one batch; returns the batch's loss (before the update) and logits.

    forward → loss and its gradient → backward (parameters only) → ``optimizer.step``.
    The arguments are checked as in ``fit``; ``fit`` itself takes its steps without checks.
    PyTorch: ``loss = loss_fn(model(xb), yb); opt.zero_grad(); loss.backward(); opt.step()``.
    """
    _checks.layer(model, "model")
    _check_loss(loss_fn)
    update = _stepper(optimizer)
    return _step(model, loss_fn, update, *_check_xy(model, Xb, yb, "Xb", "yb"))


def accumulated_step(model, loss_fn: Callable, optimizer, Xb, yb, *, micro_batch: int) -> float:
    """One gradient step on the batch ``(Xb, yb)``, computed ``micro_batch`` rows at a time.

    The batch of n rows is cut into micro-batches of n_i ≤ ``micro_batch`` rows; each gets a
    forward and backward pass, and the gradients are added with the weights n_i / n:

        g = Σ_i (n_i / n)·g_i,   g_i = gradient of the *mean* loss on micro-batch i,

    which is the gradient of the mean loss on the whole batch (for a model whose rows do not
    interact: batch norm in training mode uses each micro-batch's own statistics). Then one
    ``optimizer.step``. Only one micro-batch's activations are held at a time: "a big batch with
    little memory". Returns the batch's mean loss (before the update). Assumes a ``loss_fn`` that
    averages over rows, as every course loss does; plainly summing the g_i would give k times
    the gradient for k equal micro-batches. PyTorch: ``(loss_fn(model(xb_i), yb_i) * n_i / n)
    .backward()`` for each i (``.grad`` accumulates), then ``opt.step(); opt.zero_grad()``.
    """
    _checks.layer(model, "model")
    _check_loss(loss_fn)
    update = _stepper(optimizer)
    Xb, yb = _check_xy(model, Xb, yb, "Xb", "yb")
    micro_batch = _checks.integer(micro_batch, "micro_batch", low=1)
    n = len(Xb)
    total = {name: np.zeros_like(grad) for name, grad in model.grads.items()}
    mean_loss = 0.0
    for start in range(0, n, micro_batch):
        rows = slice(start, start + micro_batch)
        loss, dlogits = loss_fn(model._forward(Xb[rows]), yb[rows])
        weight = len(yb[rows]) / n
        mean_loss += weight * loss
        if math.isfinite(loss):
            model._backward_params(dlogits)
            for name, grad in model.grads.items():
                total[name] += weight * grad
    if math.isfinite(mean_loss):
        update(model.params, total)
    return float(mean_loss)


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
    checks ``pending``); outside the main thread, where Python sees no signals, nothing changes.
    NumPy's overflow warnings are silenced too: the finite checks of the loop report divergence
    (also where warnings are errors)."""
    interrupts = _Interrupts()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if threading.current_thread() is not threading.main_thread():
            yield interrupts
            return
        previous = signal.signal(signal.SIGINT, interrupts)
        try:
            yield interrupts
        finally:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


def _diverged(what: str, optimizer, then: str = "") -> TrainingDiverged:
    return TrainingDiverged(f"{what}: the updates diverged. Try a lower learning rate "
                            f"(it is {optimizer.lr:g}){then}.")


def _epoch(model, loss_fn: Callable, optimizer, update: Callable, X: np.ndarray, y: np.ndarray,
           batch_size: int, shuffle: bool, rng: np.random.Generator, interrupts: _Interrupts,
           where: str) -> tuple[float, float | None]:
    """One epoch of unchecked steps; ``where`` ("epoch 3, ") locates a stop in messages."""
    total_loss, correct = 0.0, 0
    for batch, (Xb, yb) in enumerate(minibatches(X, y, batch_size, shuffle=shuffle, rng=rng)):
        loss, logits = _step(model, loss_fn, update, Xb, yb)
        if interrupts.pending:
            raise KeyboardInterrupt(f"training stopped between two steps ({where}after batch "
                                    f"{batch}): every array is as after a whole step")
        if not math.isfinite(loss):
            raise _diverged(f"the loss became {loss} at {where}batch {batch}", optimizer)
        total_loss += loss * len(yb)
        if y.ndim == 1:
            correct += _accuracy(logits, yb)
    return total_loss / len(y), correct / len(y) if y.ndim == 1 else None


def _check_batching(batch_size, shuffle, rng) -> tuple[int, bool, np.random.Generator]:
    return (_checks.integer(batch_size, "batch_size", low=1), _checks.flag(shuffle, "shuffle"),
            _checks.rng(rng))


def train_epoch(model, loss_fn: Callable, optimizer, X, y, *, batch_size: int, shuffle: bool = True,
                rng=None) -> tuple[float, float | None]:
    """One epoch of training in training mode; returns its mean loss and accuracy.

    The rows are shuffled (unless ``shuffle=False``) and cut into batches of ``batch_size``,
    and one ``step`` is taken per batch. loss = (1/N)·Σ_batches n_b·loss_b (the example-weighted
    mean over the epoch's batches, taken before each update, as Keras reports it); accuracy
    likewise, or ``None`` for float targets (a regression). Ctrl-C and divergence are handled
    as in ``fit``, which calls this loop once per epoch.
    """
    _checks.layer(model, "model")
    _check_loss(loss_fn)
    update = _stepper(optimizer)
    X, y = _check_xy(model, X, y)
    batch_size, shuffle, rng = _check_batching(batch_size, shuffle, rng)
    model.train()
    with _steps_not_cut() as interrupts:
        return _epoch(model, loss_fn, optimizer, update, X, y, batch_size, shuffle, rng, interrupts, "")


class _EarlyStopping:
    """Watches the validation loss: keeps a copy of the best epoch's ``model.state`` (buffers
    included) and says when ``patience`` epochs have passed without improvement."""

    def __init__(self, patience: int) -> None:
        self.patience, self.waited = patience, 0
        self.best_loss, self.best_state = math.inf, None

    def should_stop(self, model, val_loss: float, epoch: int, history: History) -> bool:
        if val_loss < self.best_loss:
            self.best_loss, self.waited, history.best_epoch = val_loss, 0, epoch
            self.best_state = {k: v.copy() for k, v in model.state.items()}
            return False
        self.waited += 1
        return self.waited >= self.patience

    def restore(self, model) -> None:
        for name, array in model.state.items():
            array[...] = self.best_state[name]


def _save(model, save_to, epoch: int, optimizer) -> None:
    """Write the checkpoint, unless the last step blew up: then keep the last good one."""
    if not all(np.isfinite(array).all() for array in model.state.values()):
        raise _diverged(f"the weights became NaN or infinite in epoch {epoch}", optimizer,
                        f"; {save_to} keeps the last good epoch")
    checkpoint.save(save_to, model.state)


def _progress_bar(epochs: range, progress: bool):
    """A tqdm bar over ``epochs``, or ``None`` (no progress wanted, or tqdm missing: a warning)."""
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # the core runs without tqdm: train on, without a bar
        warnings.warn("progress=True needs tqdm (pip install 'course_lib[progress]'); training "
                      "without a progress bar", stacklevel=3)
        return None
    return tqdm(epochs, desc="epochs", leave=True)


def fit(model, loss_fn: Callable, optimizer, X, y, *, epochs: int, batch_size: int,
        val: tuple | None = None, rng=None, progress: bool = True, shuffle: bool = True,
        patience: int | None = None, lr_schedule: Callable[[int], float] | None = None,
        history: History | None = None, resume_from: str | os.PathLike | None = None,
        save_to: str | os.PathLike | None = None) -> History:
    """Train ``model`` by mini-batch gradient descent and return its ``History``.

    Each epoch is one ``train_epoch``: the rows are shuffled (unless ``shuffle=False``), cut
    into batches of ``batch_size`` and, per batch, one ``step``: ``logits = model.forward(Xb)``,
    ``loss, dlogits = loss_fn(logits, yb)``, ``model.backward_params(dlogits)`` (the
    backward pass without the gradient of the input data) and
    ``optimizer.step(model.params, model.grads)``. Train loss and accuracy are the averages over
    the epoch's batches (as Keras reports them); validation ones are computed after the epoch.
    ``y`` holds class labels, shape (N,), or float targets, shape (N, K) (a regression: no
    accuracy is recorded). Everything is checked once, up front; the steps are not re-checked.

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
    _checks.layer(model, "model")
    _check_loss(loss_fn)
    update = _stepper(optimizer)
    X, y = _check_xy(model, X, y)
    progress = _checks.flag(progress, "progress")
    batch_size, shuffle, rng = _check_batching(batch_size, shuffle, rng)
    epochs = _checks.integer(epochs, "epochs", low=0)
    if val is not None:
        if not isinstance(val, tuple) or len(val) != 2:
            raise TypeError(f"val must be a tuple (X_val, y_val), got {type(val).__name__}")
        val = _check_xy(model, *val, "val[0]", "val[1]")
    stopper = None
    if patience is not None:
        stopper = _EarlyStopping(_checks.integer(patience, "patience", low=1))
        if val is None:
            raise ValueError("patience needs val=(X_val, y_val): early stopping watches the "
                             "validation loss")
    if history is None:
        history = History()
    elif not isinstance(history, History):
        raise TypeError(f"history must be a train.History to continue, got {type(history).__name__}")
    if resume_from is not None:
        checkpoint.load(resume_from, model)

    epoch_range = range(history.epochs, history.epochs + epochs)
    bar = _progress_bar(epoch_range, progress)
    model.train()
    with _steps_not_cut() as interrupts:
        for epoch in epoch_range if bar is None else bar:
            if lr_schedule is not None:
                optimizer.lr = float(lr_schedule(epoch))
            loss, acc = _epoch(model, loss_fn, optimizer, update, X, y, batch_size, shuffle, rng,
                               interrupts, f"epoch {epoch}, ")
            history.lr.append(float(optimizer.lr))
            history._record("train", loss, acc)
            if val is not None:
                val_loss, val_acc = _evaluate(model, loss_fn, *val)
                if not math.isfinite(val_loss):
                    raise _diverged(f"the validation loss became {val_loss} after epoch {epoch}", optimizer)
                history._record("val", val_loss, val_acc)
                if bar is not None:
                    bar.set_postfix(loss=f"{history.train_loss[-1]:.4f}", val_loss=f"{val_loss:.4f}",
                                    refresh=False)
                if stopper is not None and stopper.should_stop(model, val_loss, epoch, history):
                    history.stopped_early = True
                    break
            if save_to is not None:
                _save(model, save_to, epoch, optimizer)
    if bar is not None:
        bar.close()
    if stopper is not None and stopper.best_state is not None:
        stopper.restore(model)
        if save_to is not None:
            checkpoint.save(save_to, model.state)
    return history
