"""The machinery of the exercise checkers: a registry, verdicts, and comparisons that give hints.

A checker is a function ``checker(answer) -> str | None``, registered under an exercise id such
as ``"05.2"`` with ``@exercise("05.2", "what is asked")``. It returns ``None`` when the answer is
right and otherwise a hint that points at the mistake (wrong shape, wrong sign, off by a factor,
fails for large inputs, ...) without giving the answer away. ``evaluate`` turns that into a
``Result``; an answer left as ``...`` or a function that still raises ``NotImplementedError``
is "not attempted yet", never a failure, so the starter cells run under nbval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

REGISTRY: dict[str, tuple[str, Callable[[object], str | None]]] = {}

RIGHT, WRONG, NOT_ATTEMPTED = "right", "wrong", "not attempted"


class NotAttempted(Exception):
    """Raised inside a checker when the learner's function is still the starter code."""


@dataclass(frozen=True)
class Result:
    """The verdict on one answer: ``status`` is "right", "wrong" or "not attempted"."""

    exercise: str
    status: str
    message: str

    def __str__(self) -> str:
        mark = {RIGHT: "✔ right", WRONG: "✘ not yet", NOT_ATTEMPTED: "· not attempted yet"}[self.status]
        return f"Exercise {self.exercise} {mark}: {self.message}"


def exercise(exercise_id: str, title: str):
    """Register the decorated checker under ``exercise_id`` (e.g. ``"05.2"``)."""

    def register(checker: Callable[[object], str | None]) -> Callable[[object], str | None]:
        if exercise_id in REGISTRY:
            raise ValueError(f"exercise {exercise_id!r} is registered twice")
        REGISTRY[exercise_id] = (title, checker)
        return checker

    return register


def evaluate(exercise_id: str, answer) -> Result:
    """Check ``answer`` for exercise ``exercise_id`` and return the ``Result`` (prints nothing)."""
    if exercise_id not in REGISTRY:
        raise ValueError(f"exercise_id must be one of {sorted(REGISTRY)}, got {exercise_id!r}")
    title, checker = REGISTRY[exercise_id]
    if answer is ... or answer is None:
        return Result(exercise_id, NOT_ATTEMPTED,
                      f"{title}. Replace the ... with your answer and run the cell again.")
    try:
        hint = checker(answer)
    except NotAttempted:
        return Result(exercise_id, NOT_ATTEMPTED, f"{title}. Write your code where it says "
                                                  "'your code here' and run the cell again.")
    if hint is None:
        return Result(exercise_id, RIGHT, title + ".")
    return Result(exercise_id, WRONG, hint)


def check(exercise_id: str, answer) -> None:
    """Check ``answer`` (a value, or your function) for exercise ``exercise_id`` and print the verdict."""
    print(evaluate(exercise_id, answer))


def call(function: Callable, *args, **kwargs):
    """Call the learner's ``function``; a starter still raising NotImplementedError is "not attempted",
    any other exception becomes a hint (returned as ``(None, hint)``), else ``(value, None)``."""
    if not callable(function):
        return None, f"expected a function, got {type(function).__name__}"
    try:
        return function(*args, **kwargs), None
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:  # the learner's code may raise anything: report it as a hint
        return None, f"your function raised {type(error).__name__}: {error}"


def compare_arrays(answer, expected, *, what: str = "your answer", rtol: float = 1e-6,
                   atol: float = 1e-9) -> str | None:
    """``None`` if ``answer`` equals ``expected`` (to rtol/atol); else a hint about how it differs:
    not numbers, wrong shape, NaN/inf, wrong sign, off by a constant factor, or just different.

    Any two non-zero numbers differ "by a constant factor", so for a single number the factor is
    named only when it is a whole number or one over a whole number (summed instead of averaged,
    a missing ½).
    """
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return f"{what} should be numbers, got {type(answer).__name__}"
    expected = np.asarray(expected, dtype=np.float64)
    if answer.shape != expected.shape:
        return f"{what} has the wrong shape: expected {expected.shape}, got {answer.shape}"
    if not np.all(np.isfinite(answer)):
        return f"{what} contains NaN or inf (does something overflow or divide by zero?)"
    if np.allclose(answer, expected, rtol=rtol, atol=atol):
        return None
    if np.allclose(answer, -expected, rtol=rtol, atol=atol):
        return f"{what} has the wrong sign"
    nonzero = np.abs(expected) > atol
    if nonzero.any() and np.all(np.abs(answer[~nonzero]) <= atol):
        ratios = answer[nonzero] / expected[nonzero]
        ratio = ratios[0]
        simple = any(np.isclose(r, np.round(r), rtol=1e-6) for r in (ratio, 1 / ratio) if r != 0)
        if np.allclose(ratios, ratio, rtol=1e-6) and ratio > 0 and (ratios.size > 1 or simple):
            return f"{what} is off by a constant factor of {ratio:.4g}"
    if answer.size == 1:
        return f"{what} differs from the expected value (difference {abs(float(answer - expected)):.3g})"
    largest = np.max(np.abs(answer - expected))
    return f"{what} differs from the expected values (largest difference {largest:.3g})"


def compare_number(answer, expected: float, mistakes: Iterable[tuple[float, str]] = (), *,
                   rtol: float = 1e-3) -> str | None:
    """For a predicted number: ``None`` if ``answer`` is within ``rtol`` of ``expected``; else the
    hint of the first ``(value, hint)`` mistake it matches, or whether it is too large or too small."""
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating):
        return f"answer with a number, got {type(answer).__name__}"
    answer = float(answer)

    def near(value: float) -> bool:
        return math.isclose(answer, value, rel_tol=rtol, abs_tol=1e-9)

    if near(expected):
        return None
    for value, hint in mistakes:
        if near(value):
            return hint
    return f"{answer:.4g} is too {'large' if answer > expected else 'small'}"


def compare_function(function: Callable, reference: Callable, cases: Iterable[tuple[str, tuple]],
                     **tolerances) -> str | None:
    """Run ``function`` and ``reference`` on each ``(description, args)`` case; ``None`` if all
    agree, else the hint for the first case that fails, naming the case (e.g. "large inputs")."""
    for description, args in cases:
        value, hint = call(function, *[np.array(a, copy=True) if isinstance(a, np.ndarray) else a
                                       for a in args])
        if hint is None:
            hint = compare_arrays(value, reference(*args), what="the result", **tolerances)
        if hint is not None:
            return f"for {description}: {hint}"
    return None


def compare_loss_and_grad(function: Callable, reference: Callable, cases: Iterable[tuple[str, tuple]],
                          grad_name: str, **tolerances) -> str | None:
    """Like ``compare_function`` for functions returning ``(loss, grad)``: ``None`` if both parts
    agree with ``reference`` on every case, else the hint for the first case that fails."""
    for description, args in cases:
        result, hint = call(function, *[np.array(a, copy=True) for a in args])
        if hint is None:
            if not isinstance(result, tuple) or len(result) != 2:
                hint = f"your function should return a pair (loss, {grad_name}), got {type(result).__name__}"
            else:
                expected_loss, expected_grad = reference(*args)
                hint = compare_arrays(result[0], expected_loss, what="the loss", **tolerances) \
                    or compare_arrays(result[1], expected_grad, what=grad_name, **tolerances)
        if hint is not None:
            return f"for {description}: {hint}"
    return None


def compare_choice(answer, expected, options: Iterable) -> str | None:
    """``None`` if ``answer`` is ``expected``; a hint if it is another option or not an option."""
    options = list(options)
    if answer not in options:
        return f"answer with one of {options}, got {answer!r}"
    return None if answer == expected else f"{answer!r} is not it: run the experiment and look again"
