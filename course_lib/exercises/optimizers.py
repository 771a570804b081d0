"""Checkers for the exercises of notebook 07 Optimizers.

A learner's optimizer class is run step by step next to the library's (``optim.Adagrad``,
``optim.Adam``) on the same gradients; the hint names the case and the step where the two first
differ. To name the mistake as well, ``_AdagradMistake`` and ``_AdamMistake`` are the library's
optimizers with one typical mistake each (ε inside the square root, the notes' in-place bias
correction, ...): when the learner's parameters follow one of them, its hint is given.
"""

from __future__ import annotations

import numpy as np

from .. import optim
from ..experiments import noise_floor
from .checking import NOT_COMPARABLE, Hint, Kind, call, compare_arrays, compare_number, exercise

_KAPPA, _MU = 100.0, 0.5


@exercise("07.1", "The largest learning rate for which momentum 0.5 converges on the quadratic with κ = 100")
def check_momentum_limit(answer) -> Hint | None:
    expected = 2 * (1 + _MU) / _KAPPA
    hint = compare_number(answer, expected, [
        (2 / _KAPPA, "that is the limit of plain gradient descent (μ = 0): momentum moves it"),
        (2 * (1 - _MU) / _KAPPA, "momentum raises the stable limit, it does not lower it"),
        (2 * (1 + _MU), "that limit is for the curvature 1; the steep direction has curvature κ = 100"),
    ], rtol=0.02)
    if hint is not None and hint.kind is Kind.TOO_LARGE:
        return f"{hint}: with that rate momentum diverges along the steep direction y"
    if hint is not None and hint.kind is Kind.TOO_SMALL:
        return f"{hint}: momentum still converges with a somewhat larger rate"
    return hint


class _AdagradMistake(optim.Adagrad):
    """Adagrad with one typical mistake: "eps inside", "no sqrt", "no sum" or "shared"."""

    def __init__(self, mistake: str, **hyper) -> None:
        super().__init__(**hyper)
        self.mistake = mistake

    def update(self, name, param, grad):
        key = str(param.shape) if self.mistake == "shared" else name  # shared by all of one shape
        G = self.sum_sq.setdefault(key, np.zeros_like(param))
        if self.mistake == "no sum":
            G[...] = 0
        G += grad * grad
        denominator = {"eps inside": np.sqrt(G + self.eps), "no sqrt": G + self.eps}.get(
            self.mistake, np.sqrt(G) + self.eps)
        param -= self.lr * grad / denominator


class _AdamMistake(optim.Adam):
    """Adam with one typical mistake: "no correction", "m not corrected", "v not corrected",
    "in place" (the notes' bug: the corrected values are written back) or "eps inside"."""

    def __init__(self, mistake: str, **hyper) -> None:
        super().__init__(**hyper)
        self.mistake = mistake

    def update(self, name, param, grad):
        m = self.m.setdefault(name, np.zeros_like(param))
        v = self.v.setdefault(name, np.zeros_like(param))
        t = self.steps[name] = self.steps.get(name, 0) + 1
        m[...] = self.beta1 * m + (1 - self.beta1) * grad
        v[...] = self.beta2 * v + (1 - self.beta2) * grad * grad
        m_hat = m if self.mistake in ("no correction", "m not corrected") else m / (1 - self.beta1**t)
        v_hat = v if self.mistake in ("no correction", "v not corrected") else v / (1 - self.beta2**t)
        if self.mistake == "in place":
            m[...], v[...] = m_hat, v_hat
        denominator = np.sqrt(v_hat + self.eps) if self.mistake == "eps inside" else np.sqrt(v_hat) + self.eps
        param -= self.lr * m_hat / denominator


_ADAGRAD_HINTS = {
    "eps inside": "ε sits inside your square root: course_lib and PyTorch add it after the square root",
    "no sqrt": "you divide by G itself: Adagrad divides by its square root",
    "no sum": "G must add up the squared gradients of all the steps so far, not only the current one",
    "shared": "two parameters share one G: keep a separate sum per parameter name",
}
_ADAM_HINTS = {
    "no correction": "m and v are not bias-corrected: both start at 0, so divide them by 1 − β₁ᵗ and "
                     "1 − β₂ᵗ for the step",
    "m not corrected": "v is bias-corrected but m is not",
    "v not corrected": "m is bias-corrected but v is not",
    "in place": "the bias-corrected values were written back into m and v (the notes' bug, claim C43): "
                "keep m and v as plain running means and use corrected copies for the step only",
    "eps inside": "ε sits inside your square root: course_lib and PyTorch add it after the square root",
}


def _gradients(seed: int, shapes: dict[str, tuple], steps: int, scale=1.0, dtype=np.float64) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [{name: (scale * rng.standard_normal(shape)).astype(dtype) for name, shape in shapes.items()}
            for _ in range(steps)]


def _start(shapes: dict[str, tuple], dtype=np.float64) -> dict:
    return {name: np.linspace(-1.0, 1.5, int(np.prod(shape))).reshape(shape).astype(dtype)
            for name, shape in shapes.items()}


def _zero_first(gradients: list[dict]) -> list[dict]:
    """The same gradients with the first coordinate of "w" exactly 0 until step 3 (a rare feature)."""
    for g in gradients[:2]:
        g["w"][0] = 0.0
    return gradients


_VECTOR, _TWO, _LAYER = {"w": (3,)}, {"w1": (3,), "w2": (3,)}, {"W": (3, 2), "b": (2,)}


def _cases(hyper: dict, *extra: tuple[str, dict]) -> list:
    """``(description, hyper-parameters, start params, gradients per step)`` for one optimizer:
    six standard cases, plus ``(description, changed hyper-parameters)`` for each of ``extra``."""
    return [
        ("one parameter of 3 numbers", hyper, _start(_VECTOR), _gradients(0, _VECTOR, 4, [1.0, 10.0, 0.1])),
        ("a gradient coordinate that is exactly 0 in the first steps (a rare feature)", hyper,
         _start(_VECTOR), _zero_first(_gradients(1, _VECTOR, 4))),
        ("ε = 0.1 (large, to see where it sits)", {**hyper, "eps": 0.1}, _start(_VECTOR),
         _gradients(2, _VECTOR, 3, 0.1)),
        ("two parameters of the same shape", hyper, _start(_TWO), _gradients(3, _TWO, 3)),
        ("a float32 weight matrix and bias", hyper, _start(_LAYER, np.float32),
         _gradients(4, _LAYER, 3, 1.0, np.float32)),
        ("gradients on the scale of 1e4", hyper, _start(_VECTOR), _gradients(5, _VECTOR, 3, 1e4)),
    ] + [(description, {**hyper, **changed}, _start(_VECTOR), _gradients(6, _VECTOR, 4))
         for description, changed in extra]


def _copy(arrays: dict) -> dict:
    return {name: a.copy() for name, a in arrays.items()}


def _compare_optimizer(cls, reference, mistake_class, hints: dict, cases) -> Hint | None:
    """Step the learner's ``cls`` and ``reference`` together on every case; ``None`` if the
    parameters agree after every step, else a hint naming the case and the first step that differs."""
    if not isinstance(cls, type):
        return f"pass your optimizer class itself (not an instance or a call), got {type(cls).__name__}"
    for description, hyper, start, gradients in cases:
        mine, hint = call(cls, **hyper)
        if hint is not None:
            return f"creating your optimizer with {hyper}: {hint}"
        runs = {"reference": (reference(**hyper), _copy(start))}
        runs.update({mistake: (mistake_class(mistake, **hyper), _copy(start)) for mistake in hints})
        params = _copy(start)
        float32 = any(p.dtype == np.float32 for p in start.values())
        tolerance = {"rtol": 1e-4, "atol": 1e-6} if float32 else {}
        exact = {"rtol": 1e-6, "atol": 1e-7} if float32 else {"rtol": 1e-10, "atol": 1e-12}
        for k, grads in enumerate(gradients, start=1):
            before = _copy(params)
            with np.errstate(all="ignore"):
                _, hint = call(mine.step, params, _copy(grads))
                for opt, arrays in runs.values():
                    opt.step(arrays, _copy(grads))
            if hint is not None:
                return f"for {description}, step {k}: {hint}"
            expected = runs["reference"][1]
            if all(np.array_equal(params[n], before[n]) for n in params):
                return (f"for {description}, step {k}: your step left the parameters unchanged: update "
                        "each array in place (param -= ...); param = param - ... only makes a new "
                        "local array")
            for name in params:
                hint = compare_arrays(params[name] - before[name], expected[name] - before[name],
                                      what=f"the update of {name!r}", **tolerance)
                if hint is not None:
                    for mistake, (_, arrays) in runs.items():  # the same up to rounding
                        if mistake != "reference" and all(np.allclose(params[n], arrays[n], **exact)
                                                          for n in params):
                            return f"for {description}, step {k}: {hints[mistake]}"
                    return f"for {description}, step {k}: {hint}"
    return None


@exercise("07.2", "Adagrad as an optimizer class, checked step by step against optim.Adagrad")
def check_adagrad(cls) -> Hint | None:
    return _compare_optimizer(cls, optim.Adagrad, _AdagradMistake, _ADAGRAD_HINTS,
                              _cases({"lr": 0.1, "eps": 1e-10}, ("lr = 0.5", {"lr": 0.5})))


_FIRST_GRADIENT = np.array([10.0, 1.0, 0.01])


def _first_step(opt) -> np.ndarray:
    theta = np.zeros(3)
    opt.step({"theta": theta}, {"theta": _FIRST_GRADIENT})
    return theta


@exercise("07.3", "Adam's first step (lr = 0.1) for the gradient (10, 1, 0.01)")
def check_adam_first_step(answer) -> Hint | None:
    hint = compare_arrays(answer, _first_step(optim.Adam(0.1)), what="your step", rtol=1e-3, atol=1e-6)
    if hint is None or hint.kind in NOT_COMPARABLE:
        return hint
    step = np.asarray(answer, dtype=np.float64)
    near = [(_first_step(optim.SGD(0.1)), "that is SGD's step −lr·g: Adam divides the step by √v̂ + ε"),
            (_first_step(_AdamMistake("no correction", lr=0.1)),
             "that is the step without bias correction: what are m̂ and v̂ after one step?"),
            (_first_step(_AdamMistake("v not corrected", lr=0.1)),
             "that is the step with m bias-corrected but not v"),
            (_first_step(_AdamMistake("m not corrected", lr=0.1)),
             "that is the step with v bias-corrected but not m")]
    for value, mistake in near:
        if np.allclose(step, value, rtol=1e-3, atol=1e-6):
            return mistake
    return hint


@exercise("07.4", "Adam with bias correction, checked step by step against optim.Adam")
def check_adam(cls) -> Hint | None:
    return _compare_optimizer(cls, optim.Adam, _AdamMistake, _ADAM_HINTS,
                              _cases({"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
                                     ("β₁ = 0.5 and β₂ = 0.8", {"beta1": 0.5, "beta2": 0.8})))


_FLOOR_LR, _FLOOR_H = 0.05, (1.0, 10.0)


@exercise("07.6", "The noise floor of SGD with lr = 0.05 on the noisy quadratic with curvatures 1 and 10")
def check_noise_floor(answer) -> Hint | None:
    h = np.array(_FLOOR_H)
    per_coordinate = _FLOOR_LR / (2 * (2 - _FLOOR_LR * h))
    return compare_number(answer, noise_floor(_FLOOR_LR, curvatures=_FLOOR_H), [
        (2 * per_coordinate.sum(), "twice too large: f = ½·Σ hᵢθᵢ², so the floor has a factor ½"),
        (float(np.sum(_FLOOR_LR / (h * (2 - _FLOOR_LR * h)))),
         "that is the variance of θ summed over the coordinates; f weights each by ½hᵢ"),
        (per_coordinate[0], "that is the floor of the gentle coordinate alone: f sums both"),
        (per_coordinate[1], "that is the floor of the steep coordinate alone: f sums both"),
        (2 * _FLOOR_LR / 4, "that drops the ηhᵢ in 2 − ηhᵢ: for the steep coordinate ηh = 0.5 is not small"),
    ], rtol=0.005)
