"""Checkers for the exercises of notebook 02 Gradient descent: walking downhill."""

import numpy as np

from .. import optim, surfaces
from .checking import (
    NOT_COMPARABLE,
    WRONG_FORM,
    Kind,
    call,
    compare_arrays,
    compare_function,
    compare_loss_and_grad,
    exercise,
)


@exercise("02.1", "The critical learning rate of gradient descent on f(x) = 3x²")
def check_critical_rate(answer):
    curvature = 6.0  # f'' of 3x²
    expected = 2 / curvature
    hint = compare_arrays(answer, expected, rtol=0.02)
    if hint is None or hint.kind in NOT_COMPARABLE:
        return hint
    lr = float(answer)
    if np.isclose(lr, 2 / 3, rtol=0.02):
        return "off by a factor of 2: the rule is 2/a for f = ½·a·x²; what is a (the curvature f'') here?"
    if np.isclose(lr, 1 / curvature, rtol=0.02):
        return ("at that rate descent lands on the minimum in one step; somewhat larger rates still "
                "converge, bouncing from side to side")
    if np.isclose(lr, 1.0, rtol=0.02):
        return "that is the critical rate of the notebook's parabola, of curvature 2; this one is sharper"
    if lr > expected:
        return "too large: at that rate every step overshoots by more than it started, and x diverges"
    return "too small: at that rate descent still converges; look for where it stops converging"


CASES = [
    ("the bowl ½(x² + 10y²) from (-3.5, 2), lr 0.1, 50 steps",
     (surfaces.quadratic(10.0), np.array([-3.5, 2.0]), 0.1, 50)),
    ("Rosenbrock from (-1.5, 2.5), lr 0.001, 200 steps",
     (surfaces.rosenbrock(), np.array([-1.5, 2.5]), 0.001, 200)),
    ("Himmelblau from (0, 0), lr 0.01, 30 steps", (surfaces.himmelblau(), np.array([0.0, 0.0]), 0.01, 30)),
    ("zero steps (the path is only the start)", (surfaces.quadratic(3.0), np.array([1.5, 1.0]), 0.1, 0)),
]


def _descend_reference(surface, start, lr, steps):
    return surfaces.descend(surface, optim.SGD(lr), start, steps)


@exercise("02.2", "Implement gradient descent on a surface, returning the path")
def check_descend(function):
    surface, start, lr, steps = CASES[0][1]
    path, hint = call(function, surface, start.copy(), lr, steps)
    if hint is not None:
        return f"for {CASES[0][0]}: {hint}"
    mismatch = compare_arrays(path, _descend_reference(surface, start, lr, steps))
    if mismatch is not None and mismatch.kind is Kind.SHAPE and np.shape(path) == (steps, 2):
        return f"your path has {steps} points for {steps} steps: it should start with the starting point"
    if mismatch is not None and mismatch.kind not in WRONG_FORM:  # the shape is right
        path = np.asarray(path, dtype=np.float64)
        if np.allclose(path, path[-1]):
            return ("every row of your path is the same point: store a copy of the point after each "
                    "step (an array updated in place changes every row that refers to it)")
        if surface.value(path[-1]) > surface.value(path[0]):
            return "f goes up along your path: step against the gradient, not along it"
    return compare_function(function, _descend_reference, CASES)


@exercise("02.3", "The best fixed learning rate on the bowl ½(x² + κy²) with κ = 25")
def check_best_rate(answer):
    kappa = 25.0
    rates = np.linspace(0.0, 2 / kappa, 20_001)
    factors = np.maximum(np.abs(1 - rates), np.abs(1 - rates * kappa))  # per-step shrink of x and y
    expected = rates[np.argmin(factors)]
    hint = compare_arrays(answer, expected, rtol=0.01)
    if hint is None or hint.kind in NOT_COMPARABLE:
        return hint
    lr = float(answer)
    if np.isclose(lr, 2 / kappa, rtol=0.01):
        return "that is the critical rate of the steep direction: there y bounces between ±y forever"
    if np.isclose(lr, 1 / kappa, rtol=0.01):
        return ("at 1/κ the steep direction converges in one step, but each step multiplies x by "
                "1 − 1/κ, close to 1; a somewhat larger rate helps x more than it hurts y")
    if lr > expected:
        return "too large: the steep direction y now shrinks more slowly than x; the slower one sets the pace"
    return "too small: x now shrinks more slowly than y; the slower one sets the pace"


LEARNING_RATES = (0.1, 0.5, 0.9)


def _steps_to_reach(lr, start=2.0, tol=1e-6):
    """Steps of gradient descent on f = x² (f' = 2x) until |x| < tol."""
    x, sgd, steps = np.array([start]), optim.SGD(lr), 0
    while abs(x[0]) >= tol:
        sgd.step({"x": x}, {"x": 2 * x})
        steps += 1
    return steps


@exercise("02.4", "Steps that gradient descent on f = x² from x₀ = 2 needs to reach |x| < 1e-6, "
                  "for lr = 0.1, 0.5, 0.9")
def check_steps(answer):
    expected = [_steps_to_reach(lr) for lr in LEARNING_RATES]
    hint = compare_arrays(answer, expected, what="your list of three step counts", rtol=0, atol=0)
    if hint is None or hint.kind in WRONG_FORM:
        return hint
    for lr, guess, right in zip(LEARNING_RATES, np.asarray(answer, dtype=np.float64), expected, strict=True):
        if guess == right:
            continue
        if abs(guess - right) == 1:
            return (f"for lr = {lr}: off by one; count the steps taken, the start x₀ needs none, "
                    "and stop at the first |x| below 1e-6")
        return (f"for lr = {lr}: too {'many' if guess > right else 'few'} steps; each step multiplies "
                "x by the same factor 1 − lr·f''")
    return None


LINE_CASES = [
    ("four points by hand, at (w, b) = (1, 1)",
     (np.array([1.0, 1.0]), np.array([0.0, 1.0, 2.0, 4.0]), np.array([1.0, 2.0, 2.0, 5.0]))),
    ("30 noisy points, at (w, b) = (0, 0)",
     (np.zeros(2), np.linspace(0, 5, 30), 0.8 * np.linspace(0, 5, 30) - 1 + 0.3 * np.sin(np.arange(30)))),
    ("two points at the scale of thousands",
     (np.array([-0.5, 2.0]), np.array([1e3, 3e3]), np.array([2e3, -1e3]))),
]


def _line_reference(params, x, y):
    line = surfaces.least_squares(x, y)
    return line.value(params), line.grad(params)


@exercise("02.5", "Implement the least-squares loss of a line and its gradient")
def check_line_loss(function):
    params, x, y = LINE_CASES[1][1]
    result, hint = call(function, params.copy(), x.copy(), y.copy())
    if hint is None and isinstance(result, tuple) and len(result) == 2:
        loss, grad = _line_reference(params, x, y)
        for part, expected, name in ((result[0], loss, "the loss"), (result[1], grad, "the gradient")):
            mismatch = compare_arrays(part, expected, what=name)
            if mismatch is None or mismatch.kind in WRONG_FORM:
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.asarray(part, dtype=np.float64) / expected
            if np.allclose(ratio, x.size):
                return (f"{name} is {x.size} times too large for {x.size} points: average over the "
                        "points, do not sum")
            if np.allclose(ratio, 2):
                return (f"{name} is twice too large: the loss is (1/2N)·Σ r², and its ½ cancels the 2 "
                        "from differentiating the square")
            if mismatch.kind is Kind.SIGN:
                return f"{name} has the wrong sign: the residual is prediction minus target, w·x + b − y"
    return compare_loss_and_grad(function, _line_reference, LINE_CASES, "the gradient")
