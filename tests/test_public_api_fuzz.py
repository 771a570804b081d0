"""Every public callable of the core modules, called with valid and with broken arguments.

Each spec below draws a valid call (hypothesis picks the sizes and the numbers). A valid call
must return finite numbers without a warning. Then each argument in turn is replaced by a
broken value: the wrong type, None, an object, complex or float16 array, NaN, inf, an empty
array, one dimension too many, values of 1e4 (inside the range the course promises to handle)
or 1e200 (outside it), an unknown keyword. Such a call must raise ValueError or TypeError whose
message names the argument and says what came (its type, dtype, shape or value), or, where the
break is legitimate input after all, return a result quietly:

* ±1e4, an empty array and one dimension more may be valid (element-wise functions take any
  shape); the result must then be finite;
* NaN, inf and 1e200 in a "propagating" argument (logits, scores, activation inputs, points of
  a surface) give NaN or inf out, as in NumPy and PyTorch: that is how ``train.fit`` sees a run
  diverge. They must do it without a RuntimeWarning;
* 1e200 elsewhere may give inf (a true value past the float range) but never NaN.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import numbers
import re
import warnings
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course_lib
from course_lib import (
    activations,
    autograd,
    checkpoint,
    compare,
    data,
    experiments,
    gradcheck,
    guessing,
    layers,
    losses,
    normalization,
    optim,
    playground,
    regularization,
    surfaces,
    train,
)


class Draw:
    """Valid values: drawn by hypothesis, or fixed (the middle of each range) without it."""

    def __init__(self, hypothesis_data=None, folder=None) -> None:
        self.hypothesis_data = hypothesis_data
        self.folder = folder

    def _draw(self, strategy, fixed):
        return fixed if self.hypothesis_data is None else self.hypothesis_data.draw(strategy)

    def int(self, low: int, high: int) -> int:
        return self._draw(st.integers(low, high), low)

    def real(self, low: float, high: float) -> float:
        return self._draw(st.floats(low, high, allow_nan=False), (low + high) / 2)

    def pick(self, options):
        options = list(options)
        return self._draw(st.sampled_from(options), options[0])

    def array(self, *shape: int, low: float = -10.0, high: float = 10.0) -> np.ndarray:
        fixed = np.linspace(low, high, int(np.prod(shape))).reshape(shape)
        elements = st.floats(low, high, allow_nan=False, allow_subnormal=False)
        return self._draw(hnp.arrays(np.float64, shape, elements=elements), fixed)

    def labels(self, n: int, classes: int) -> np.ndarray:
        return self._draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, classes - 1)),
                          np.arange(n) % classes)

    def probabilities(self, n: int, classes: int) -> np.ndarray:
        return losses.softmax(self.array(n, classes, low=-3, high=3))


class Spec(NamedTuple):
    """How to call one public callable: ``build(draw) -> (function, keyword arguments)``.

    ``valid``: {argument: breaks that are valid input there}; ``propagate``: arguments whose
    NaN, inf and 1e200 may come out as NaN or inf; ``overflows``: arguments whose ±1e4 may give
    inf (a documented true value); ``examples``: hypothesis examples.
    """

    id: str
    build: Callable[[Draw], tuple[Callable, dict]]
    valid: dict[str, set[str]] = {}
    propagate: frozenset[str] = frozenset()
    examples: int = 3
    overflows: frozenset[str] = frozenset()


ANY_SHAPE = {"empty", "ndim"}  # an element-wise argument takes any shape
NONFINITE = {"nan", "inf", "overflow"}


class Break(NamedTuple):
    kind: str
    value: object
    came: tuple[str, ...]  # the message must contain one of these (case-insensitive)


def _put(array: np.ndarray, value: float) -> np.ndarray:
    out = array.astype(np.float64, copy=True)
    out.flat[0] = value
    return out


def _alternating(array: np.ndarray, size: float) -> np.ndarray:
    return np.where(np.arange(array.size).reshape(array.shape) % 2, -size, size)


def breaks(value) -> list[Break]:
    """The broken values tried in place of ``value``, chosen by what kind of value it is."""
    common = [Break("str", "x", ("str",)), Break("none", None, ("None",))]
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        empty = np.zeros((0, *value.shape[1:]))
        extra = value[..., None]
        return common + [
            Break("object", value.astype(object), ("object",)),
            Break("complex", value.astype(complex), ("complex",)),
            Break("float16", value.astype(np.float16), ("float16",)),
            Break("nan", _put(value, np.nan), ("nan",)),
            Break("inf", _put(value, np.inf), ("inf",)),
            Break("empty", empty, (str(empty.shape),)),
            Break("ndim", extra, (str(extra.shape),)),
            Break("huge", _alternating(value, 1e4), ("",)),
            Break("overflow", _alternating(value, 1e200), ("",)),
        ]
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu":  # class labels
        extra = value[:, None]
        return common + [
            Break("fraction", value + 0.5, ("float",)),
            Break("negative", np.r_[-1, value[1:]], ("-1",)),
            Break("object", value.astype(object), ("object",)),
            Break("complex", value.astype(complex), ("complex",)),
            Break("empty", value[:0], ("(0,)", "got 0")),
            Break("ndim", extra, (str(extra.shape),)),
        ]
    if isinstance(value, bool | np.bool_):
        return [Break("str", "no", ("str",)), Break("none", None, ("None",)), Break("int", 2, ("int",))]
    if isinstance(value, numbers.Integral):
        return common + [Break("float", value + 0.5, ("float",)), Break("bool", True, ("bool",))]
    if isinstance(value, numbers.Real):
        return common + [Break("bool", True, ("bool",)), Break("nan", np.nan, ("nan",)),
                         Break("inf", np.inf, ("inf",)), Break("-inf", -np.inf, ("inf",)),
                         Break("complex", 1j, ("complex",)), Break("array", np.ones(2), ("array",))]
    if isinstance(value, str):
        return [Break("unknown", "bogus", ("'bogus'",)), Break("none", None, ("None",)),
                Break("int", 3, ("int",))]
    if isinstance(value, type) and issubclass(value, np.generic):  # a dtype
        return [Break("object", object, ("object",)), Break("complex", np.complex128, ("complex",)),
                Break("float16", np.float16, ("float16",)), Break("str", "bogus", ("bogus",))]
    if isinstance(value, np.random.Generator):
        return [Break("str", "x", ("str",)), Break("float", 0.5, ("float",))]
    if isinstance(value, dict):
        first = next(iter(value))
        found = common + [Break("list", list(value.values()), ("list",)),
                          Break("str-entry", {**value, first: "x"}, ("str",))]
        if isinstance(value[first], np.ndarray):
            found.append(Break("nan-entry", {**value, first: _put(value[first], np.nan)}, ("nan",)))
        return found
    if isinstance(value, tuple):
        return common + [Break("nan-entry", (np.nan, *value[1:]), ("nan",))]
    return common + [Break("int", 3, ("int",))]  # an object: a game, a surface, a model, ...


RNG_BREAKS = [Break("str", "x", ("str",)), Break("float", 0.5, ("float",)), Break("bool", True, ("bool",))]
"""An ``rng`` is a Generator, an int seed or None (a fresh generator)."""
PATH_BREAKS = [Break("none", None, ("None",)), Break("int", 3, ("int",))]
KEYWORD = Break("keyword", 1, ("bogus_keyword",))


def breaks_of(name: str, value) -> list[Break]:
    """The breaks of one argument; a scalar's message may also quote the value itself."""
    found = RNG_BREAKS if name == "rng" else PATH_BREAKS if name == "path" else breaks(value)
    return [brk if isinstance(brk.value, np.ndarray | dict | list | tuple)
            else brk._replace(came=(*brk.came, repr(brk.value))) for brk in found]


class Outcome(NamedTuple):
    result: object = None
    error: BaseException | None = None


def call(function: Callable, kwargs: dict) -> Outcome:
    """Call with every warning turned into an error; iterators are consumed (errors included)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = function(**kwargs)
            if isinstance(result, Iterator):
                result = list(result)
        except Exception as error:  # noqa: BLE001 - every exception is judged below
            return Outcome(error=error)
    return Outcome(result)


def numbers_in(result) -> Iterator[np.ndarray]:
    """Every float array or number inside a result (tuples, lists, dicts, dataclasses)."""
    if isinstance(result, np.ndarray | numbers.Number) and not isinstance(result, bool):
        array = np.asarray(result)
        if array.dtype.kind in "fc":
            yield array
    elif isinstance(result, tuple | list):
        for item in result:
            yield from numbers_in(item)
    elif isinstance(result, dict):
        for item in result.values():
            yield from numbers_in(item)
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        for f in dataclasses.fields(result):
            yield from numbers_in(getattr(result, f.name))


def judge(outcome: Outcome, name: str | None, brk: Break | None, spec: Spec) -> str | None:
    """None if the outcome is acceptable, else what went wrong."""
    if outcome.error is not None:
        error = outcome.error
        text = f"{type(error).__name__}: {error}"
        if brk is None:
            return f"a valid call raised {text}"
        if isinstance(error, train.TrainingDiverged) and brk.kind in {"huge", "overflow"}:
            return None  # training on huge numbers diverges, and says so in the course's words
        if not isinstance(error, ValueError | TypeError):
            return f"raw exception {text}"
        message = str(error).lower()
        if not re.search(rf"\b{re.escape(name.lower())}\b", message):
            return f"message does not name {name}: {text}"
        if not any(token.lower() in message for token in brk.came):
            return f"message does not say what came ({' or '.join(brk.came)}): {text}"
        return None
    if brk is None:
        return _nonfinite(outcome.result)
    valid = spec.valid.get(name, set())
    propagates = brk.kind in NONFINITE and (name in spec.propagate or brk.kind in valid)
    if brk.kind not in valid | {"huge", "overflow"} | ANY_SHAPE and not propagates:
        return f"accepted silently, returned {_short(outcome.result)}"
    if propagates or (brk.kind == "huge" and name in spec.overflows):
        return None
    return _nonfinite(outcome.result, allow_inf=brk.kind == "overflow")


def _nonfinite(result, allow_inf: bool = False) -> str | None:
    for array in numbers_in(result):
        if np.isnan(array).any() or not (allow_inf or np.all(np.isfinite(array))):
            return f"returned non-finite numbers {_short(result)}"
    return None


def _short(result) -> str:
    return repr(result)[:120]


def check_spec(spec: Spec, draw: Draw) -> list[str]:
    """Every problem of one drawn call and of each of its broken variants."""
    base = spec.build(draw)
    problem = judge(call(*copy.deepcopy(base)), None, None, spec)
    if problem:
        return [f"valid call: {problem}"]
    cases = [("bogus_keyword", KEYWORD)] + [(name, brk) for name, value in base[1].items()
                                            for brk in breaks_of(name, value)]
    problems = []
    for name, brk in cases:
        function, kwargs = copy.deepcopy(base)
        problem = judge(call(function, {**kwargs, name: brk.value}), name, brk, spec)
        if problem:
            problems.append(f"{name}={brk.kind}: {problem}")
    return problems


# --- the specs, module by module ----------------------------------------------------------------

def _rows(d: Draw) -> tuple[int, int]:
    return d.int(1, 4), d.int(2, 4)


def _elementwise(module, name: str, **extra: Callable[[Draw, np.ndarray], object]) -> Spec:
    def build(d):
        x = d.array(*_rows(d))
        return getattr(module, name), {"x": x, **{k: make(d, x) for k, make in extra.items()}}
    return Spec(f"{module.__name__.split('.')[-1]}.{name}", build, {"x": ANY_SHAPE}, frozenset({"x"}))


ACTIVATION_PARAMS = {
    "leaky_relu": {"alpha": lambda d, x: d.real(0, 1)}, "elu": {"alpha": lambda d, x: d.real(0, 2)},
    "prelu": {"alpha": lambda d, x: d.array(x.shape[1], low=0, high=1)},
    "thresholded_relu": {"theta": lambda d, x: d.real(-2, 2)},
}
ACTIVATION_SPECS = [
    _elementwise(activations, fn.__name__, **ACTIVATION_PARAMS.get(name, {}))
    for name, pair in activations.ACTIVATIONS.items() for fn in pair
]


def _logits_and_labels(function, logits_name="logits", labels_name="y", **extra):
    def build(d):
        n, c = _rows(d)
        return function, {logits_name: d.array(n, c), labels_name: d.labels(n, c),
                          **{k: make(d) for k, make in extra.items()}}
    return build


def _pair(function, a, b, b_low=-10.0, b_high=10.0):
    def build(d):
        n, c = _rows(d)
        return function, {a: d.array(n, c), b: d.array(n, c, low=b_low, high=b_high)}
    return build


def _softmax_family(function):
    def build(d):
        return function, {"z": d.array(*_rows(d)), "axis": d.pick([-1, 0, 1])}
    return Spec(f"losses.{function.__name__}", build, {"z": ANY_SHAPE}, frozenset({"z"}))


LOSS_SPECS = [
    *(_softmax_family(f) for f in (losses.softmax, losses.log_softmax, losses.logsumexp)),
    Spec("losses.softmax_cross_entropy_with_logits",
         lambda d: (losses.softmax_cross_entropy_with_logits,
                    {"labels": d.probabilities(*(nc := _rows(d))), "logits": d.array(*nc)}),
         propagate=frozenset({"logits"})),
    Spec("losses.sparse_softmax_cross_entropy_with_logits",
         _logits_and_labels(losses.sparse_softmax_cross_entropy_with_logits, "logits", "labels"),
         propagate=frozenset({"logits"})),
    Spec("losses.sigmoid_cross_entropy_with_logits",
         _pair(losses.sigmoid_cross_entropy_with_logits, "logits", "labels", 0, 1),
         propagate=frozenset({"logits"})),
    Spec("losses.softmax_loss", _logits_and_labels(losses.softmax_loss), propagate=frozenset({"logits"})),
    Spec("losses.svm_loss", _logits_and_labels(losses.svm_loss, "scores", delta=lambda d: d.real(0, 2)),
         propagate=frozenset({"scores"})),
    Spec("losses.mse_loss", _pair(losses.mse_loss, "pred", "target"), propagate=frozenset({"pred"})),
    Spec("losses.mae_loss", _pair(losses.mae_loss, "pred", "target"), propagate=frozenset({"pred"})),
    Spec("losses.binary_cross_entropy_loss", _pair(losses.binary_cross_entropy_loss, "logits", "y", 0, 1),
         propagate=frozenset({"logits"})),
    *(Spec(f"losses.{name}", lambda d, f=f: (f, {"m": d.array(*_rows(d))}), {"m": ANY_SHAPE},
           frozenset({"m"}), overflows=frozenset({"m"}) if name == "exponential" else frozenset())
      for name, f in losses.MARGIN_LOSSES.items()),
]


def _params(d: Draw) -> dict[str, np.ndarray]:
    return {"W": d.array(2, 3), "b": d.array(3)}


REGULARIZATION_SPECS = [
    *(Spec(f"regularization.{f.__name__}", lambda d, f=f, arg=arg: (f, {arg: d.array(*_rows(d))}),
           {arg: ANY_SHAPE})
      for f, arg in ((regularization.l0_norm, "w"), (regularization.l1_norm, "w"),
                     (regularization.l2_norm, "w"), (regularization.l2_loss, "t"))),
    *(Spec(f"regularization.{f.__name__}", lambda d, f=f: (f, {"params": _params(d), "lam": d.real(0, 1)}))
      for f in (regularization.l1_penalty, regularization.l2_penalty)),
    Spec("regularization.ridge_fit",
         lambda d: (regularization.ridge_fit,
                    {"X": d.array(n := d.int(1, 5), d.int(1, 3)), "y": d.array(n), "lam": d.real(0, 1)})),
    Spec("regularization.soft_threshold",
         lambda d: (regularization.soft_threshold, {"w": d.array(*_rows(d)), "threshold": d.real(0, 2)}),
         {"w": ANY_SHAPE}),
    Spec("regularization.l1_proximal_step",
         lambda d: (regularization.l1_proximal_step, {"params": _params(d), "lr": d.real(0.01, 1),
                                                      "lam": d.real(0, 1)})),
]


def _toy(name: str, **extra: Callable[[Draw], object]):
    def build(d):
        return data.TOY_SETS[name], {"n": d.int(6, 30), "rng": d.int(0, 9),
                                     **{k: make(d) for k, make in extra.items()}}
    return Spec(f"data.make_{name}", build)


DATA_SPECS = [
    Spec("data.one_hot", lambda d: (data.one_hot, {"y": d.labels(d.int(1, 5), c := d.int(2, 4)),
                                                   "num_classes": c,
                                                   "dtype": d.pick([np.float64, np.float32])})),
    Spec("data.standardize", lambda d: (data.standardize, {"X": d.array(d.int(2, 5), 3)})),
    Spec("data.standardize(mean, std)",
         lambda d: (data.standardize, {"X": d.array(d.int(1, 5), 3), "mean": d.array(3),
                                       "std": d.array(3, low=0.5, high=2)}),
         {"mean": {"none"}, "std": {"none"}}),
    Spec("data.train_val_test_split",
         lambda d: (data.train_val_test_split,
                    {"X": d.array(n := d.int(5, 12), 2), "y": d.labels(n, 3), "val_fraction": d.real(0, 0.4),
                     "test_fraction": d.real(0, 0.4), "rng": d.int(0, 9)}),
         {"X": NONFINITE, "y": {"fraction", "negative", "complex", "ndim"}}),
    Spec("data.load_digits",
         lambda d: (data.load_digits, {"val_fraction": d.real(0.1, 0.3), "test_fraction": d.real(0.1, 0.3),
                                       "standardize_features": d.pick([True, False]), "rng": d.int(0, 9),
                                       "dtype": d.pick([np.float64, np.float32])}), examples=1),
    Spec("data.minibatches",
         lambda d: (data.minibatches, {"X": d.array(n := d.int(1, 9), 2), "y": d.labels(n, 3),
                                       "batch_size": d.int(1, 4), "shuffle": d.pick([True, False]),
                                       "rng": d.int(0, 9)}),
         {"X": NONFINITE | {"complex", "float16", "ndim"}, "y": {"fraction", "negative", "complex", "ndim"}}),
    _toy("moons", noise=lambda d: d.real(0, 0.5)),
    _toy("circles", noise=lambda d: d.real(0, 0.5), factor=lambda d: d.real(0.1, 0.9)),
    _toy("spirals", noise=lambda d: d.real(0, 0.5), classes=lambda d: d.int(2, 4)),
    _toy("blobs", spread=lambda d: d.real(0, 0.5), centers=lambda d: d.int(2, 4)),
    _toy("xor", noise=lambda d: d.real(0, 0.5)),
]


def _game(d: Draw) -> guessing.Game:
    low = d.int(-5, 5)
    return guessing.Game(low, low + d.int(0, 40), rng=d.int(0, 9))


GUESSING_SPECS = [
    Spec("guessing.Game", lambda d: (guessing.Game, {"low": (low := d.int(-5, 5)), "high": low + 20,
                                                     "target": low + d.int(0, 20), "rng": d.int(0, 9)}),
         {"target": {"none"}}),
    Spec("guessing.Game.answer", lambda d: (_game(d).answer, {"guess": d.real(-50, 50)})),
    Spec("guessing.Game.error", lambda d: (_game(d).error, {"guess": d.real(-50, 50)})),
    Spec("guessing.bisection", lambda d: (guessing.bisection, {"game": _game(d)})),
    Spec("guessing.gradient_steps",
         lambda d: (guessing.gradient_steps, {"game": _game(d), "lr": d.real(0.1, 1.9), "start": d.real(-50, 50),
                                              "max_guesses": d.int(1, 30), "tol": d.real(0.1, 1)}),
         {"start": {"none"}}),
]


def _surface(d: Draw) -> surfaces.Surface:
    return surfaces.SURFACES[d.pick(surfaces.SURFACES)]()


SURFACE_SPECS = [
    Spec("surfaces.quadratic", lambda d: (surfaces.quadratic, {"condition": d.real(1, 100)})),
    Spec("surfaces.rosenbrock", lambda d: (surfaces.rosenbrock, {"a": d.real(-2, 2), "b": d.real(0.1, 100)})),
    *(Spec(f"surfaces.{name}", lambda d, name=name: (surfaces.SURFACES[name], {}))
      for name in ("saddle", "himmelblau", "beale")),
    *(Spec(f"surfaces.Surface.{method}",
           lambda d, method=method: (getattr(_surface(d), method), {"p": d.array(d.int(1, 4), 2, low=-4, high=4)}),
           {"p": {"ndim"}}, frozenset({"p"})) for method in ("value", "grad", "hessian")),
    Spec("surfaces.Surface.grid", lambda d: (_surface(d).grid, {"n": d.int(2, 12)})),
    Spec("surfaces.descend", lambda d: (surfaces.descend, {"surface": _surface(d), "optimizer": optim.SGD(1e-3),
                                                           "start": d.array(2, low=-1, high=1),
                                                           "steps": d.int(0, 10)}),
         propagate=frozenset({"start"}), overflows=frozenset({"start"})),  # an overflowing path ends in NaN
    Spec("surfaces.least_squares", lambda d: (surfaces.least_squares, {"x": np.arange(5) + d.array(5, low=0, high=0.5),
                                                                       "y": d.array(5)})),
]

# --- optimizers, layers, gradcheck, autograd, train, checkpoint, playground ----------------------

OPTIMIZERS = {
    "SGD": {"lr": (0.01, 1)}, "Momentum": {"lr": (0.01, 1), "momentum": (0, 0.99), "nesterov": True},
    "Adagrad": {"lr": (0.01, 1), "eps": (1e-10, 1e-6)}, "Adadelta": {"lr": (0.1, 1), "rho": (0, 0.99)},
    "RMSProp": {"lr": (0.001, 0.1), "alpha": (0, 0.99), "eps": (1e-8, 1e-6)},
    "Adam": {"lr": (0.001, 0.1), "beta1": (0, 0.99), "beta2": (0, 0.999)}, "Newton": {"lr": (0.1, 1)},
    "AdamW": {"lr": (0.001, 0.1), "beta1": (0, 0.99), "beta2": (0, 0.999), "weight_decay": (0, 0.1)},
}


def _optimizer_kwargs(d: Draw, name: str) -> dict:
    kwargs = {k: v if isinstance(v, bool) else d.real(*v) for k, v in OPTIMIZERS[name].items()}
    if name == "Newton":
        curvature = d.real(1, 3)
        kwargs["hessian"] = lambda theta: curvature * np.eye(theta.size)
    return kwargs


def _step(d: Draw, name: str):
    optimizer = getattr(optim, name)(**_optimizer_kwargs(d, name))
    return optimizer.step, {"params": {"w": d.array(3)}, "grads": {"w": d.array(3)}}


SCHEDULE_ARGS = {"step_decay": {"drop": (0.1, 1), "every": 3}, "exponential_decay": {"rate": (0.1, 1)},
                 "inverse_time_decay": {"rate": (0, 2)}, "cosine_decay": {"epochs": 5}}


def _schedule_kwargs(d: Draw, name: str) -> dict:
    extra = {k: d.int(1, v) if isinstance(v, int) else d.real(*v) for k, v in SCHEDULE_ARGS[name].items()}
    return {"lr0": d.real(0.01, 1), **extra}


def _mlp(d: Draw) -> layers.Sequential:
    rng = np.random.default_rng(d.int(0, 9))
    return layers.Sequential(layers.Linear(2, 4, rng=rng), layers.Activation("relu"),
                             layers.Linear(4, 3, rng=rng))


def _layer(d: Draw, kind: str):
    if kind == "Linear":
        return layers.Linear(3, 2, rng=d.int(0, 9)), (d.int(1, 4), 3)
    if kind == "BatchNorm":
        return layers.BatchNorm(3), (d.int(2, 4), 3)
    if kind == "Dropout":
        return layers.Dropout(0.5, rng=d.int(0, 9)), (d.int(1, 4), 3)
    if kind == "GlobalAvgPool":
        return layers.GlobalAvgPool(), (d.int(1, 3), 2, 3, 3)
    if kind == "Sequential":
        return _mlp(d), (d.int(1, 4), 2)
    return layers.Activation(kind), (d.int(1, 4), 3)


def _forward(d: Draw, kind: str):
    layer, shape = _layer(d, kind)
    return layer.forward, {"x": d.array(*shape)}


def _backward(d: Draw, kind: str):
    layer, shape = _layer(d, kind)
    out = layer.forward(d.array(*shape))
    return layer.backward, {"dout": d.array(*out.shape)}


def _value(d: Draw) -> autograd.Value:
    return autograd.Value(d.real(0.5, 3))


def _state(d: Draw) -> playground.State:
    return playground.start(playground.Config(n=20, hidden=(4,), seed=d.int(0, 9)))


def _saved(d: Draw) -> str:
    return str(checkpoint.save(d.folder / f"model{d.int(0, 3)}.npz", _mlp(Draw()).params))


ELSEWHERE_SPECS = [
    *(Spec(f"optim.{name}", lambda d, name=name: (getattr(optim, name), _optimizer_kwargs(d, name)))
      for name in OPTIMIZERS),
    *(Spec(f"optim.{name}.step", lambda d, name=name: _step(d, name)) for name in OPTIMIZERS),
    *(Spec(f"optim.{name}", lambda d, name=name: (getattr(optim, name), _schedule_kwargs(d, name)))
      for name in SCHEDULE_ARGS),
    *(Spec(f"optim.{name}(epoch)", lambda d, name=name: (getattr(optim, name)(**_schedule_kwargs(d, name)),
                                                         {"epoch": d.int(0, 20)})) for name in SCHEDULE_ARGS),
    Spec("layers.Linear", lambda d: (layers.Linear, {"n_in": d.int(1, 4), "n_out": d.int(1, 4), "init": d.pick(
        ["he", "xavier", "normal"]), "rng": d.int(0, 9), "dtype": d.pick([np.float64, np.float32])}),
         {"init": {"int"}}),  # a number is the standard deviation itself
    Spec("layers.Linear(init=std)", lambda d: (layers.Linear, {"n_in": 2, "n_out": 2, "init": d.real(0, 1)})),
    Spec("layers.GlobalAvgPool", lambda d: (layers.GlobalAvgPool, {})),
    Spec("layers.Activation", lambda d: (layers.Activation, {"name": d.pick(activations.ACTIVATIONS)})),
    Spec("layers.Dropout", lambda d: (layers.Dropout, {"keep_prob": d.real(0.1, 1), "rng": d.int(0, 9)})),
    Spec("layers.BatchNorm", lambda d: (layers.BatchNorm, {"num_features": d.int(1, 4), "momentum": d.real(0, 1),
                                                           "eps": d.real(1e-6, 1e-3),
                                                           "dtype": d.pick([np.float64, np.float32])})),
    *(Spec(f"layers.{kind}.forward", lambda d, kind=kind: _forward(d, kind), propagate=frozenset({"x"}))
      for kind in ("Linear", "BatchNorm", "Dropout", "GlobalAvgPool", "Sequential", "relu", "sigmoid")),
    *(Spec(f"layers.{kind}.backward", lambda d, kind=kind: _backward(d, kind), propagate=frozenset({"dout"}))
      for kind in ("Linear", "BatchNorm", "Dropout", "GlobalAvgPool", "Sequential", "relu", "sigmoid")),
    Spec("gradcheck.numerical_gradient", lambda d: (gradcheck.numerical_gradient, {
        "f": lambda x: 3 * float(np.sum(x)), "x": d.array(3, low=-2, high=2), "h": d.real(1e-6, 1e-3)}),
        propagate=frozenset({"x"})),
    Spec("gradcheck.rel_error", lambda d: (gradcheck.rel_error, {"a": d.array(3), "b": d.array(3)}),
         {"a": ANY_SHAPE, "b": ANY_SHAPE}, frozenset({"a", "b"})),
    Spec("gradcheck.check_layer", lambda d: (gradcheck.check_layer, {
        "layer": layers.Linear(2, 2, rng=0), "x": d.array(d.int(1, 3), 2, low=-2, high=2), "h": d.real(1e-6, 1e-4),
        "rng": d.int(0, 9)}), propagate=frozenset({"x"})),
    Spec("autograd.Value", lambda d: (autograd.Value, {"data": d.real(-10, 10), "label": d.pick(["x", "w"])}),
         {"label": {"unknown"}}),
    *(Spec(f"autograd.Value.{op}", lambda d, op=op: (getattr(_value(d), op), {"other": d.real(0.5, 3)}))
      for op in ("__add__", "__sub__", "__mul__", "__truediv__", "maximum")),
    Spec("autograd.Value.__pow__", lambda d: (_value(d).__pow__, {"exponent": d.real(-2, 2)})),
    *(Spec(f"autograd.Value.{op}", lambda d, op=op: (getattr(_value(d), op), {}))
      for op in ("exp", "log", "tanh", "relu", "sigmoid", "backward")),
    Spec("train.fit", lambda d: (train.fit, {
        "model": _mlp(d), "loss_fn": losses.softmax_loss, "optimizer": optim.SGD(0.1),
        "X": d.array(n := d.int(2, 8), 2, low=-2, high=2), "y": d.labels(n, 3), "epochs": d.int(0, 2),
        "batch_size": d.int(1, 4), "rng": d.int(0, 9), "progress": False, "shuffle": d.pick([True, False])}),
        examples=2),
    Spec("train.evaluate", lambda d: (train.evaluate, {"model": _mlp(d), "loss_fn": losses.softmax_loss,
                                                       "X": d.array(n := d.int(1, 6), 2), "y": d.labels(n, 3)})),
    Spec("train.train_epoch", lambda d: (train.train_epoch, {
        "model": _mlp(d), "loss_fn": losses.softmax_loss, "optimizer": optim.SGD(0.1),
        "X": d.array(n := d.int(2, 8), 2, low=-2, high=2), "y": d.labels(n, 3), "batch_size": d.int(1, 4),
        "shuffle": d.pick([True, False]), "rng": d.int(0, 9)}), examples=2),
    Spec("layers.evaluation_mode", lambda d: (layers.evaluation_mode, {"layer": _mlp(d)})),
    Spec("train.predict", lambda d: (train.predict, {"model": _mlp(d), "X": d.array(d.int(1, 6), 2)})),
    Spec("train.step", lambda d: (train.step, {"model": _mlp(d), "loss_fn": losses.softmax_loss,
                                               "optimizer": optim.SGD(0.1), "Xb": d.array(n := d.int(1, 6), 2),
                                               "yb": d.labels(n, 3)})),
    Spec("checkpoint.save", lambda d: (checkpoint.save, {"path": str(d.folder / "save.npz"),
                                                         "params": _params(d)})),
    Spec("checkpoint.read", lambda d: (checkpoint.read, {"path": _saved(d)})),
    Spec("checkpoint.load", lambda d: (checkpoint.load, {"path": _saved(d), "model": _mlp(d)})),
    Spec("playground.Config", lambda d: (playground.Config, {
        "dataset": d.pick(data.TOY_SETS), "noise": d.real(0, 0.5), "n": d.int(4, 40), "hidden": (d.int(1, 4),),
        "activation": d.pick(playground.ACTIVATIONS), "optimizer": d.pick(playground.OPTIMIZERS),
        "lr": d.real(0.001, 0.5), "l2": d.real(0, 0.1), "keep_prob": d.real(0.1, 1),
        "batch_norm": d.pick([False, True]), "batch_size": d.int(1, 20), "seed": d.int(0, 9)})),
    Spec("playground.start", lambda d: (playground.start, {"config": playground.Config(n=20, seed=d.int(0, 9))}),
         examples=2),
    Spec("playground.train_epochs", lambda d: (playground.train_epochs, {"state": _state(d), "epochs": d.int(0, 2)}),
         examples=2),
    Spec("playground.build_model", lambda d: (playground.build_model, {
        "config": playground.Config(), "n_in": d.int(1, 3), "n_classes": d.int(2, 4), "rng": d.int(0, 9)})),
    Spec("playground.class_probabilities", lambda d: (playground.class_probabilities, {
        "model": _mlp(d), "xlim": (-1.0, 1.0), "ylim": (-1.0, d.real(0, 2)), "resolution": d.int(2, 10)})),
    Spec("gradcheck.difference_errors", lambda d: (gradcheck.difference_errors, {
        "f": np.exp, "x": d.real(-2, 2), "exact": d.real(0.5, 2), "hs": d.array(d.int(1, 4), low=1e-8, high=1e-2),
        "dtype": d.pick([np.float64, np.float32])}), {"exact": {"nan", "inf", "overflow"}}, frozenset({"x", "exact", "hs"}),
         overflows=frozenset({"hs"})),  # a step of 1e200 overflows f: inf
    Spec("train.accumulated_step", lambda d: (train.accumulated_step, {
        "model": _mlp(d), "loss_fn": losses.softmax_loss, "optimizer": optim.SGD(0.1),
        "Xb": d.array(n := d.int(1, 6), 2), "yb": d.labels(n, 3), "micro_batch": d.int(1, 4)})),
    # 09, issue 17
    Spec("normalization.BatchNorm2d", lambda d: (normalization.BatchNorm2d, {
        "num_features": d.int(1, 4), "momentum": d.real(0, 1), "eps": d.real(1e-6, 1e-3),
        "dtype": d.pick([np.float64, np.float32])})),
    Spec("normalization.BatchNorm2d.forward", lambda d: (normalization.BatchNorm2d(2).forward, {
        "x": d.array(d.int(1, 3), 2, 2, 3)}), propagate=frozenset({"x"})),
    Spec("normalization.BatchNorm2d.backward", lambda d: (
        (bn := normalization.BatchNorm2d(2)).backward, {"dout": d.array(*bn.forward(d.array(2, 2, 2, 3)).shape)}),
         propagate=frozenset({"dout"})),
    Spec("normalization.fold_batchnorm", lambda d: (normalization.fold_batchnorm, {
        "linear": layers.Linear(3, 2, rng=d.int(0, 9)), "bn": layers.BatchNorm(2).eval()})),
    Spec("normalization.fold_sequential", lambda d: (normalization.fold_sequential, {"model": layers.Sequential(
        layers.Linear(2, 3, rng=d.int(0, 9)), layers.BatchNorm(3), layers.Activation("relu")).eval()})),
    Spec("playground.inputs", lambda d: (playground.inputs, {
        "X": d.array(d.int(1, 6), 2), "features": (d.pick(playground.FEATURES),)}), propagate=frozenset({"X"})),
    Spec("playground.add_points", lambda d: (playground.add_points, {
        "config": playground.Config(n=20), "X": d.array(2, 2), "y": d.labels(2, 2)})),
    Spec("playground.follow", lambda d: (playground.follow, {
        "state": _state(d), "config": playground.Config(n=20, hidden=(4,), lr=d.real(0.001, 0.5))}), examples=2),
    Spec("playground.unit_outputs", lambda d: (playground.unit_outputs, {
        "model": _mlp(d), "xlim": (-1.0, 1.0), "ylim": (-1.0, d.real(0, 2)), "resolution": d.int(2, 10)})),
]

def _arm_run(lr: float, seed: int) -> float:
    return (np.log10(lr) + 1) ** 2 + 0.01 * seed


EXPERIMENT_SPECS = [
    Spec("compare.compare", lambda d: (compare.compare, {
        "runs": {"A": _arm_run}, "grid": [d.real(0.01, 1), d.real(0.01, 1)], "seeds": [d.int(0, 9)],
        "lower_is_better": d.pick([True, False]), "score": "loss"}), {"score": {"unknown"}}),
    # 01-03
    Spec("experiments.gate_graph", lambda d: (experiments.gate_graph, {
        "x": d.real(-5, 5), "y": d.real(-5, 5), "z": d.real(-5, 5), "w": d.real(-5, 5)})),
    Spec("optim.momentum_rate", lambda d: (optim.momentum_rate, {
        "lr": d.array(3, low=0.001, high=1), "momentum": d.array(3, low=0, high=0.99),
        "curvature": d.array(3, low=0.1, high=10)}), {name: ANY_SHAPE for name in ("lr", "momentum", "curvature")}),
    Spec("experiments.make_racer", lambda d: (experiments.make_racer, {
        "name": d.pick(experiments.RACERS), "surface": _surface(d), "lr": d.real(0.001, 0.1),
        "momentum": d.real(0, 0.99), "beta1": d.real(0, 0.99), "beta2": d.real(0, 0.999)})),
    Spec("experiments.fit_polynomial", lambda d: (experiments.fit_polynomial, {
        "degree": d.int(0, 6), "lam": d.real(0, 1), "n_points": d.int(2, 12), "noise": d.real(0, 1),
        "seed": d.int(0, 9)})),
    Spec("experiments.loss_curve", lambda d: (experiments.loss_curve, {
        "X": d.array(n := d.int(2, 12), 2), "y": d.labels(n, 3), "batch_size": d.int(1, 4), "epochs": d.int(1, 2),
        "lr": d.real(0.001, 0.5), "every": d.int(1, 5), "shuffle": d.pick([True, False]), "rng": d.int(0, 9)}),
         examples=2),
    Spec("experiments.digits_curve", lambda d: (experiments.digits_curve, {
        "batch_size": d.pick([100, 300]), "epochs": 1, "lr": d.pick([0.05, 0.1])}), examples=2),
    Spec("experiments.layer_statistics",
         lambda d: (experiments.layer_statistics, {"weight_std": d.real(0.05, 1.0), "batchnorm": d.pick([True, False]),
                                                   "depth": d.int(1, 4), "width": d.int(2, 8), "n": d.int(2, 16),
                                                   "seed": d.int(0, 9)}), examples=2),
    Spec("experiments.running_statistics",
         lambda d: (experiments.running_statistics, {"momentum": d.real(0, 1), "batch_size": d.int(2, 8),
                                                     "steps": d.int(2, 20), "std": d.real(0.5, 2),
                                                     "seed": d.int(0, 9)}), examples=2),
    Spec("experiments.head_parameters",
         lambda d: (experiments.head_parameters, {"channels": d.int(1, 64), "height": d.int(1, 8),
                                                  "width": d.int(1, 8), "classes": d.int(1, 10)})),
    # 07-08
    Spec("experiments.adam_moments",
         lambda d: (experiments.adam_moments, {"beta1": d.real(0, 0.99), "beta2": d.real(0, 0.999),
                                               "steps": d.int(1, 30), "mean": d.real(-2, 2),
                                               "noise": d.real(0, 2), "seed": d.int(0, 9)})),
    # 04-06
    Spec("experiments.gradient_norms",
         lambda d: (experiments.gradient_norms, {"activation": d.pick(activations.ACTIVATIONS), "depth": d.int(1, 4),
                                                 "weight_scale": d.real(0.1, 4), "width": d.int(1, 8),
                                                 "n": d.int(1, 8), "seed": d.int(0, 9)})),
    Spec("experiments.sparse_regression",
         lambda d: (experiments.sparse_regression, {"n": d.int(1, 12), "d": d.int(1, 8), "noise": d.real(0, 1),
                                                    "seed": d.int(0, 9)})),
    Spec("experiments.coefficient_paths",
         lambda d: (experiments.coefficient_paths, {"lams": d.array(d.int(1, 3), low=0, high=2), "steps": d.int(1, 20),
                                                    "n": d.int(1, 12), "d": d.int(1, 8), "seed": d.int(0, 9)}),
         {"lams": {"empty"}}),
    # 01-02, issue 14
    Spec("experiments.output_layer_runs",
         lambda d: (experiments.output_layer_runs, {"output": d.pick(experiments.OUTPUTS),
                                                    "lrs": d.array(d.int(1, 3), low=0.01, high=1),
                                                    "seeds": [d.int(0, 9)], "spread": d.real(0, 2),
                                                    "steps": d.int(0, 5), "n_train": d.int(5, 20),
                                                    "n_test": d.int(1, 10)}), examples=2),
    Spec("experiments.descend_rates",
         lambda d: (experiments.descend_rates, {"surface": _surface(d), "lrs": d.array(d.int(1, 3), low=1e-5, high=1e-4),
                                                "steps": d.int(0, 10), "start": d.array(2, low=-1, high=1)}),
         {"start": {"ndim", "none"}}, frozenset({"lrs", "start"}), overflows=frozenset({"lrs", "start"})),  # diverging: NaN
    # 04, issue 14
    Spec("experiments.activation_race",
         lambda d: (experiments.activation_race, {
             "X": d.array(n := d.int(1, 12), 2), "y": d.labels(n, 2), "activation": d.pick(experiments.RACE_ACTIVATIONS),
             "lr": d.real(0.001, 1), "init": d.pick(["xavier", "he"]), "seeds": [d.int(0, 9)], "epochs": d.int(1, 2),
             "width": d.int(1, 4), "batch_size": d.int(1, 6)}), examples=2),
    # 10, issues 14 and 17
    Spec("experiments.digits_mlp", lambda d: (experiments.digits_mlp, {
        "n_out": d.int(1, 10), "hidden": d.int(1, 8), "init": "he", "seed": d.int(0, 9)}),
         {"init": {"int"}}),  # a number is a standard deviation
    Spec("experiments.shuffle_accuracy", lambda d: (experiments.shuffle_accuracy, {
        "order": d.pick(experiments.SHUFFLE_ORDERS), "seed": d.int(0, 9), "epochs": 1, "lr": d.real(0.01, 0.3)}),
         overflows=frozenset({"lr"}), examples=1),
    Spec("experiments.digits_fit", lambda d: (experiments.digits_fit, {
        "X_train": data.load_digits().X_train, "lr": d.real(0.01, 0.1), "seed": d.int(0, 9), "init": "he",
        "epochs": 1}), {"init": {"int"}}, examples=1),
    Spec("experiments.batch_size_loss", lambda d: (experiments.batch_size_loss, {
        "batch_size": d.int(100, 300), "lr": d.real(0.01, 1), "seed": d.int(0, 9), "updates": d.int(1, 3)}),
         {"updates": {"none"}}, overflows=frozenset({"lr"}), examples=2),
    Spec("experiments.peak_step_memory", lambda d: (experiments.peak_step_memory, {
        "batch_size": d.int(1, 8), "hidden": d.int(1, 8), "micro_batch": d.int(1, 4)}), {"micro_batch": {"none"}}),
    Spec("experiments.step_seconds", lambda d: (experiments.step_seconds, {
        "n": d.int(1, 40), "batch_size": d.int(1, 8), "repeats": d.int(1, 2)}), {"batch_size": {"none"}}),
    Spec("experiments.epoch_curves", lambda d: (experiments.epoch_curves, {
        "seed": d.int(0, 9), "n_train": d.int(1, 20), "epochs": d.int(1, 2)}), examples=2),
    Spec("experiments.five_digit_net", lambda d: (experiments.five_digit_net, {"seed": d.int(0, 9)}), examples=1),
    Spec("experiments.fine_tune_vs_scratch", lambda d: (experiments.fine_tune_vs_scratch, {
        "seed": d.int(0, 9), "lr": d.real(0.01, 0.3)}), overflows=frozenset({"lr"}), examples=1),
    # 08-09, issue 17
    Spec("experiments.dropout_net", lambda d: (experiments.dropout_net, {
        "keep_prob": d.real(0.1, 1), "seed": d.int(0, 9), "width": d.int(1, 8), "n_in": d.int(1, 4),
        "classes": d.int(1, 4)})),
    Spec("experiments.dropout_run", lambda d: (experiments.dropout_run, {
        "keep_prob": d.real(0.1, 1), "X": d.array(n := d.int(2, 8), 3), "y": d.labels(n, 3),
        "val": (d.array(4, 3), d.labels(4, 3)), "seed": d.int(0, 9), "lr": d.real(1e-4, 1e-2),
        "epochs": d.int(1, 2), "batch_size": d.int(1, 4), "width": d.int(1, 8),
        "curves": d.pick([True, False])}), examples=2),
    Spec("experiments.bn_net", lambda d: (experiments.bn_net, {
        "batchnorm": d.pick([True, False]), "init": d.pick(["he", 0.1]), "depth": d.int(1, 3),
        "width": d.int(1, 8), "seed": d.int(0, 9), "n_in": d.int(1, 4), "classes": d.int(1, 4)}),
         {"init": {"int"}}),  # a number is the standard deviation itself
    Spec("experiments.bn_run", lambda d: (experiments.bn_run, {
        "model": experiments.bn_net(True, n_in=3, width=4, classes=3), "X": d.array(n := d.int(4, 8), 3),
        "y": d.labels(n, 3), "val": (d.array(4, 3), d.labels(4, 3)), "lr": d.real(1e-3, 0.1),
        "epochs": d.int(1, 2), "batch_size": d.int(2, 4), "seed": d.int(0, 9)}), examples=2),
    Spec("experiments.random_feature_maps", lambda d: (experiments.random_feature_maps, {
        "images": d.array(d.int(1, 3), 64), "filters": d.array(d.int(1, 3), 3, 3)}),
         propagate=frozenset({"images", "filters"})),
    Spec("experiments.head_accuracies", lambda d: (experiments.head_accuracies, {
        "X": d.array(n := d.int(4, 8), 64, low=0, high=16), "y": d.labels(n, 10),
        "val": (d.array(4, 64, low=0, high=16), d.labels(4, 10)), "seed": d.int(0, 9), "channels": d.int(1, 3),
        "epochs": d.int(1, 2)}), examples=2),
    # 07, issues 14 and 16
    Spec("experiments.minibatch_regression",
         lambda d: (experiments.minibatch_regression, {
             "optimizer": optim.SGD(0.01), "X": d.array(n := d.int(1, 8), d.int(1, 4)), "y": d.array(n),
             "steps": d.int(1, 5), "batch": d.int(1, 4), "seeds": [d.int(0, 9), d.int(0, 9)]}),
         propagate=frozenset({"X", "y"}), overflows=frozenset({"X", "y"})),  # diverging: NaN
    Spec("experiments.noisy_quadratic",
         lambda d: (experiments.noisy_quadratic, {
             "lr": d.real(0.001, 0.15), "schedule": optim.exponential_decay(0.1, d.real(0.5, 1)),
             "steps": d.int(0, 10), "curvatures": (1.0, 10.0), "noise": d.real(0, 2), "start": (d.real(-3, 3), 1.0),
             "seeds": [d.int(0, 9)]}), {"schedule": {"none"}}),
    Spec("experiments.noise_floor",
         lambda d: (experiments.noise_floor, {"lr": d.real(0.001, 0.15), "curvatures": (d.real(0.5, 2), 10.0),
                                              "noise": d.real(0, 2)})),
    Spec("experiments.digits_training",
         lambda d: (experiments.digits_training, {"optimizer": optim.SGD(0.1), "seed": d.int(0, 9), "epochs": 1,
                                                  "lr_schedule": optim.step_decay(0.1)}),
         {"lr_schedule": {"none"}}, examples=1),
]

SPECS = (ACTIVATION_SPECS + LOSS_SPECS + REGULARIZATION_SPECS + DATA_SPECS + GUESSING_SPECS + SURFACE_SPECS
         + EXPERIMENT_SPECS + ELSEWHERE_SPECS)
BY_ID = {spec.id: spec for spec in SPECS}
assert len(BY_ID) == len(SPECS), "two specs share an id"

# Data holders (no computation, no checks by design) and exception classes are not called.
NOT_CALLED = {"compare.Arm", "compare.Comparison", "experiments.PolynomialFit", "data.Splits", "guessing.Trace", "train.History", "train.TrainingDiverged",
              "checkpoint.CheckpointError", "playground.State", "layers.Layer", "optim.Optimizer",
              "surfaces.Surface", "layers.Sequential", "optim.SCHEDULES"}

def _public_names(module) -> list[str]:
    names = getattr(module, "__all__", None) or [
        name for name, obj in vars(module).items()
        if not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__]
    return [name for name in names if callable(getattr(module, name))]


CORE = [getattr(course_lib, name) for name in course_lib.__all__
        if name not in course_lib._LAZY and inspect.ismodule(getattr(course_lib, name))] + [playground]


@pytest.mark.parametrize("module", CORE, ids=lambda m: m.__name__)
def test_every_public_callable_has_a_spec(module):
    short = module.__name__.split(".")[-1]
    ids = {spec.id.split("(")[0] for spec in SPECS}
    missing = [f"{short}.{name}" for name in _public_names(module)
               if f"{short}.{name}" not in ids | NOT_CALLED and not inspect.ismodule(getattr(module, name))]
    assert not missing


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def problems_of(spec: Spec, folder) -> list[str]:
    """The problems of ``spec.examples`` drawn calls (the same draws on every run)."""
    problems: set[str] = set()

    @settings(max_examples=spec.examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(hypothesis_data):
        problems.update(check_spec(spec, Draw(hypothesis_data, folder)))

    run()
    return sorted(problems)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_valid_calls_are_finite_and_broken_arguments_are_named(spec, folder):
    assert not problems_of(spec, folder)
