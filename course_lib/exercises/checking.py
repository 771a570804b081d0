"""The machinery of the exercise checkers: a registry, verdicts, and comparisons that give hints.

A checker is a function ``checker(answer) -> Hint | None``, registered under an exercise id such
as ``"05.2"`` with ``@exercise("05.2", "what is asked")``. It returns ``None`` when the answer is
right and otherwise a hint that points at the mistake (wrong shape, wrong sign, off by a factor,
fails for large inputs, ...) without giving the answer away. ``evaluate`` turns that into a
``Result``; an answer left as ``...`` or a function that still raises ``NotImplementedError``
is "not attempted yet", never a failure, so the starter cells run under nbval.

The comparison helpers (``call``, ``as_numbers``, ``compare_arrays``, ``compare_number``,
``compare_function``, ``compare_loss_and_grad``, ``compare_choice``) return a ``Mismatch``: a
``Kind`` and the text a learner reads. A checker decides what to do next on the kind, never on the text.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

import numpy as np


class Kind(Enum):
    """What kind of difference a comparison helper found."""

    NOT_A_FUNCTION = "not a function"  # call: the answer cannot be called
    RAISED = "raised"                  # call: the learner's function raised an exception
    NOT_A_PAIR = "not a pair"          # compare_loss_and_grad: the result is not (loss, grad)
    NOT_NUMBERS = "not numbers"        # as_numbers, compare_number: not numbers at all
    RAGGED = "ragged"                  # as_numbers: nested lists whose rows differ in length
    SHAPE = "shape"                    # compare_arrays: numbers of another shape
    NOT_FINITE = "not finite"          # compare_arrays: NaN or inf among the numbers
    SIGN = "sign"                      # compare_arrays: the expected values with the opposite sign
    FACTOR = "factor"                  # compare_arrays: the expected values times a constant
    DIFFERENT = "different"            # compare_arrays: other values of the right shape
    KNOWN_MISTAKE = "known mistake"    # compare_number: the value of a listed mistake
    TOO_LARGE = "too large"            # compare_number
    TOO_SMALL = "too small"            # compare_number
    NOT_AN_OPTION = "not an option"    # compare_choice: none of the options
    OTHER_OPTION = "other option"      # compare_choice: an option, but not the expected one


WRONG_FORM = frozenset({Kind.NOT_NUMBERS, Kind.RAGGED, Kind.SHAPE})
"""The kinds for an answer that is not numbers of the expected shape: no value can be compared."""
NOT_COMPARABLE = WRONG_FORM | {Kind.NOT_FINITE}
"""``WRONG_FORM`` and NaN or inf: the hint is all there is to say about the values."""


@dataclass(frozen=True)
class Mismatch:
    """How an answer differs from the expected one: its ``kind`` and the hint ``text``."""

    kind: Kind
    text: str

    def __str__(self) -> str:
        return self.text

    def within(self, context: str) -> Mismatch:
        """The same mismatch, its text preceded by ``context`` (e.g. "for large inputs")."""
        return Mismatch(self.kind, f"{context}: {self.text}")


Hint = str | Mismatch
"""What a checker returns for a wrong answer: a helper's ``Mismatch`` or its own text."""

REGISTRY: dict[str, tuple[str, Callable[[object], Hint | None]]] = {}

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

    def register(checker: Callable[[object], Hint | None]) -> Callable[[object], Hint | None]:
        if exercise_id in REGISTRY:
            raise ValueError(f"exercise {exercise_id!r} is registered twice")
        REGISTRY[exercise_id] = (title, checker)
        return checker

    return register


def _listed(ids: list[str], last: str) -> str:
    """``'a', 'b' and 'c'`` (or ``or``)."""
    quoted = [repr(i) for i in ids]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {last} {quoted[-1]}"


def _closest(exercise_id: str, ids: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``ids`` most like ``exercise_id`` (difflib's ratio ≥ 0.6), best first, ties by id."""
    ratio = {i: difflib.SequenceMatcher(None, exercise_id, i).ratio() for i in ids}
    return sorted((i for i in ids if ratio[i] >= 0.6), key=lambda i: (-ratio[i], i))[:n]


def _unknown_id(exercise_id, answer) -> Exception:
    """The error for an ``exercise_id`` with no checker: it names swapped arguments, or the closest
    ids, and lists the notebook's ids when the notebook part of ``exercise_id`` is right."""
    error = ValueError if isinstance(exercise_id, str) else TypeError
    if isinstance(answer, str) and answer in REGISTRY:
        return error(f"the arguments are swapped: write check({answer!r}, answer), the exercise id first")
    if not isinstance(exercise_id, str):
        return error(f"exercise_id should be a string such as '05.2', got {type(exercise_id).__name__}")
    notebook = exercise_id.partition(".")[0]
    chapter = sorted(i for i in REGISTRY if i.partition(".")[0] == notebook)
    close = _closest(exercise_id, chapter or sorted(REGISTRY))
    message = f"exercise_id {exercise_id!r} has no checker"
    if close:
        message += f"; did you mean {_listed(close, 'or')}?"
    if chapter:
        message += (f" Notebook {notebook}'s exercises with a checker (an open experiment has none) are "
                    f"{_listed(chapter, 'and')}.")
    elif not close:
        message += "; an id is the notebook's number and the exercise's, such as '05.2'"
    return error(message)


def evaluate(exercise_id: str, answer) -> Result:
    """Check ``answer`` for exercise ``exercise_id`` and return the ``Result`` (prints nothing)."""
    if not isinstance(exercise_id, str) or exercise_id not in REGISTRY:
        raise _unknown_id(exercise_id, answer)
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
    return Result(exercise_id, WRONG, str(hint))


def check(exercise_id: str, answer) -> None:
    """Check ``answer`` (a value, or your function) for exercise ``exercise_id`` and print the verdict."""
    print(evaluate(exercise_id, answer))


def call(function: Callable, *args, **kwargs) -> tuple[object, Mismatch | None]:
    """Call the learner's ``function``; a starter still raising NotImplementedError is "not attempted",
    any other exception becomes a hint (returned as ``(None, hint)``), else ``(value, None)``."""
    if not callable(function):
        return None, Mismatch(Kind.NOT_A_FUNCTION, f"expected a function, got {type(function).__name__}")
    try:
        return function(*args, **kwargs), None
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:  # the learner's code may raise anything: report it as a hint
        return None, Mismatch(Kind.RAISED, f"your function raised {type(error).__name__}: {error}")


def _is_row(entry) -> bool:
    return isinstance(entry, list | tuple) or (isinstance(entry, np.ndarray) and entry.ndim > 0)


def _ragged_lengths(value) -> list[int | None] | None:
    """For nested lists whose rows differ in length, the lengths at the first level where they do
    (``None`` for an entry that is a single number); else ``None``."""
    if not isinstance(value, list | tuple):
        return None
    lengths = [len(entry) if _is_row(entry) else None for entry in value]
    if len(set(lengths)) > 1:
        return lengths
    return next((found for entry in value if (found := _ragged_lengths(entry)) is not None), None)


def as_numbers(value, what: str = "your answer") -> tuple[np.ndarray | None, Mismatch | None]:
    """``(value as a float64 array, None)``, or ``(None, hint)`` when ``value`` is not numbers
    (NOT_NUMBERS) or is nested lists whose rows differ in length (RAGGED)."""
    try:
        return np.asarray(value, dtype=np.float64), None
    except (TypeError, ValueError):
        pass
    lengths = _ragged_lengths(value)
    if lengths is None:
        got = f"an array of dtype {value.dtype}" if isinstance(value, np.ndarray) else type(value).__name__
        return None, Mismatch(Kind.NOT_NUMBERS, f"{what} should be numbers, got {got}")
    if None in lengths:
        return None, Mismatch(Kind.RAGGED, f"{what} mixes single numbers and rows at one level: an "
                                           "array needs rows of one length")
    seen = [str(n) for n in dict.fromkeys(lengths)]
    return None, Mismatch(Kind.RAGGED, f"{what} has rows of different lengths ({', '.join(seen[:-1])} "
                                       f"and {seen[-1]}): an array needs rows of one length")


def compare_arrays(answer, expected, *, what: str = "your answer", rtol: float = 1e-6,
                   atol: float = 1e-9) -> Mismatch | None:
    """``None`` if ``answer`` equals ``expected`` (to rtol/atol); else how it differs, as a
    ``Mismatch`` of kind NOT_NUMBERS, RAGGED, SHAPE, NOT_FINITE, SIGN, FACTOR or DIFFERENT.

    Any two non-zero numbers differ "by a constant factor", so for a single number the factor is
    named only when it is a whole number or one over a whole number (summed instead of averaged,
    a missing ½).
    """
    answer, hint = as_numbers(answer, what)
    if hint is not None:
        return hint
    expected = np.asarray(expected, dtype=np.float64)
    if answer.shape != expected.shape:
        return Mismatch(Kind.SHAPE,
                        f"{what} has the wrong shape: expected {expected.shape}, got {answer.shape}")
    if not np.all(np.isfinite(answer)):
        return Mismatch(Kind.NOT_FINITE,
                        f"{what} contains NaN or inf (does something overflow or divide by zero?)")
    if np.allclose(answer, expected, rtol=rtol, atol=atol):
        return None
    if np.allclose(answer, -expected, rtol=rtol, atol=atol):
        return Mismatch(Kind.SIGN, f"{what} has the wrong sign")
    nonzero = np.abs(expected) > atol
    if nonzero.any() and np.all(np.abs(answer[~nonzero]) <= atol):
        ratios = answer[nonzero] / expected[nonzero]
        ratio = ratios[0]
        simple = any(np.isclose(r, np.round(r), rtol=1e-6) for r in (ratio, 1 / ratio) if r != 0)
        if np.allclose(ratios, ratio, rtol=1e-6) and ratio > 0 and (ratios.size > 1 or simple):
            return Mismatch(Kind.FACTOR, f"{what} is off by a constant factor of {ratio:.4g}")
    difference = np.max(np.abs(answer - expected))
    values = "value (difference" if answer.size == 1 else "values (largest difference"
    return Mismatch(Kind.DIFFERENT, f"{what} differs from the expected {values} {difference:.3g})")


def compare_number(answer, expected: float, mistakes: Iterable[tuple[float, str]] = (), *,
                   rtol: float = 1e-3) -> Mismatch | None:
    """For a predicted number: ``None`` if ``answer`` is within ``rtol`` of ``expected``; else the
    hint of the first ``(value, hint)`` mistake it matches (KNOWN_MISTAKE), or TOO_LARGE / TOO_SMALL,
    or NOT_NUMBERS."""
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating):
        return Mismatch(Kind.NOT_NUMBERS, f"answer with a number, got {type(answer).__name__}")
    answer = float(answer)

    def near(value: float) -> bool:
        return math.isclose(answer, value, rel_tol=rtol, abs_tol=1e-9)

    if near(expected):
        return None
    for value, hint in mistakes:
        if near(value):
            return Mismatch(Kind.KNOWN_MISTAKE, hint)
    if answer > expected:
        return Mismatch(Kind.TOO_LARGE, f"{answer:.4g} is too large")
    return Mismatch(Kind.TOO_SMALL, f"{answer:.4g} is too small")


def compare_function(function: Callable, reference: Callable, cases: Iterable[tuple[str, tuple]],
                     **tolerances) -> Mismatch | None:
    """Run ``function`` and ``reference`` on each ``(description, args)`` case; ``None`` if all
    agree, else the hint for the first case that fails, naming the case (e.g. "for large inputs: ...")."""
    for description, args in cases:
        value, hint = call(function, *[np.array(a, copy=True) if isinstance(a, np.ndarray) else a
                                       for a in args])
        if hint is None:
            hint = compare_arrays(value, reference(*args), what="the result", **tolerances)
        if hint is not None:
            return hint.within(f"for {description}")
    return None


def compare_loss_and_grad(function: Callable, reference: Callable, cases: Iterable[tuple[str, tuple]],
                          grad_name: str, **tolerances) -> Mismatch | None:
    """Like ``compare_function`` for functions returning ``(loss, grad)``: ``None`` if both parts
    agree with ``reference`` on every case, else the hint for the first case that fails."""
    for description, args in cases:
        result, hint = call(function, *[np.array(a, copy=True) for a in args])
        if hint is None:
            if not isinstance(result, tuple) or len(result) != 2:
                hint = Mismatch(Kind.NOT_A_PAIR, f"your function should return a pair (loss, {grad_name}), "
                                                 f"got {type(result).__name__}")
            else:
                expected_loss, expected_grad = reference(*args)
                hint = compare_arrays(result[0], expected_loss, what="the loss", **tolerances) \
                    or compare_arrays(result[1], expected_grad, what=grad_name, **tolerances)
        if hint is not None:
            return hint.within(f"for {description}")
    return None


def compare_choice(answer, expected, options: Iterable) -> Mismatch | None:
    """``None`` if ``answer`` is ``expected``; else NOT_AN_OPTION or OTHER_OPTION (the options are
    strings or numbers, so an array or a list is none of them)."""
    options = list(options)
    if not isinstance(answer, str | int | float | np.generic) or answer not in options:
        return Mismatch(Kind.NOT_AN_OPTION, f"answer with one of {options}, got {answer!r}")
    if answer == expected:
        return None
    return Mismatch(Kind.OTHER_OPTION, f"{answer!r} is not it: run the experiment and look again")
