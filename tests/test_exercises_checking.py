"""The exercise-checking machinery: verdicts, not-attempted starters, and the hints it gives."""

import numpy as np
import pytest

from course_lib import exercises
from course_lib.exercises import checking


@pytest.fixture
def square_exercise():
    """A throw-away exercise "99.1": implement x²."""

    @checking.exercise("99.1", "Implement the square")
    def check_square(function):
        return checking.compare_function(function, np.square,
                                         [("small inputs", (np.array([1.0, -2.0]),)),
                                          ("large inputs", (np.array([1e3, -2e3]),))])

    yield "99.1"
    del checking.REGISTRY["99.1"]


def test_the_reference_answer_is_right(square_exercise):
    result = exercises.evaluate(square_exercise, np.square)
    assert result.status == "right"
    assert str(result) == "Exercise 99.1 ✔ right: Implement the square."


def test_ellipsis_and_a_starter_function_are_not_attempted(square_exercise):
    def starter(x):
        raise NotImplementedError

    for answer in (..., starter):
        result = exercises.evaluate(square_exercise, answer)
        assert result.status == "not attempted"
        assert str(result).startswith("Exercise 99.1 · not attempted yet: Implement the square.")


def test_a_wrong_function_gets_a_hint_naming_the_failing_case(square_exercise):
    result = exercises.evaluate(square_exercise, lambda x: 2 * x**2)
    assert result.status == "wrong"
    assert result.message == "for small inputs: the result is off by a constant factor of 2"
    result = exercises.evaluate(square_exercise, lambda x: np.minimum(x**2, 100.0))
    assert result.message.startswith("for large inputs: the result differs from the expected values")


def test_an_exception_in_the_learners_code_becomes_a_hint(square_exercise):
    result = exercises.evaluate(square_exercise, lambda x: x.undefined)
    assert result.status == "wrong"
    assert result.message == "for small inputs: your function raised AttributeError: " \
                             "'numpy.ndarray' object has no attribute 'undefined'"


def test_check_prints_the_verdict(square_exercise, capsys):
    exercises.check(square_exercise, np.square)
    assert capsys.readouterr().out == "Exercise 99.1 ✔ right: Implement the square.\n"


@pytest.mark.parametrize(("answer", "hint"), [
    ([1.0, 2.0], "your answer has the wrong shape: expected (3,), got (2,)"),
    ([1.0, np.nan, 3.0], "your answer contains NaN or inf (does something overflow or divide by zero?)"),
    ([-1.0, -2.0, -3.0], "your answer has the wrong sign"),
    ([0.5, 1.0, 1.5], "your answer is off by a constant factor of 0.5"),
    ([1.0, 2.0, 4.0], "your answer differs from the expected values (largest difference 1)"),
    ("abc", "your answer should be numbers, got str"),
])
def test_compare_arrays_names_the_kind_of_mistake(answer, hint):
    assert checking.compare_arrays(answer, [1.0, 2.0, 3.0]) == hint


def test_compare_arrays_accepts_equal_values():
    assert checking.compare_arrays([1.0, 2.0 + 1e-12], [1.0, 2.0]) is None


def test_compare_choice():
    assert checking.compare_choice("b", "b", ["a", "b"]) is None
    assert checking.compare_choice("a", "b", ["a", "b"]) == "'a' is not it: run the experiment and look again"
    assert checking.compare_choice("z", "b", ["a", "b"]) == "answer with one of ['a', 'b'], got 'z'"


def test_an_unknown_exercise_id_is_named():
    with pytest.raises(ValueError, match=r"exercise_id must be one of .*, got '0.0'"):
        exercises.evaluate("0.0", 1)


def test_an_id_cannot_be_registered_twice(square_exercise):
    with pytest.raises(ValueError, match="exercise '99.1' is registered twice"):
        checking.exercise("99.1", "again")(lambda answer: None)


def test_compare_number_accepts_an_answer_within_the_tolerance():
    assert checking.compare_number(1.0005, 1.0) is None
    assert checking.compare_number(np.float32(2), 2.0) is None


def test_compare_number_names_a_known_mistake():
    assert checking.compare_number(2.0, 1.0, [(2.0, "doubled")]) == "doubled"


def test_compare_number_says_too_large_or_too_small():
    assert checking.compare_number(3, 1.0) == "3 is too large"
    assert checking.compare_number(-0.5, 1.0) == "-0.5 is too small"


def test_compare_number_wants_a_number():
    assert checking.compare_number("1", 1.0) == "answer with a number, got str"
    assert checking.compare_number(True, 1.0) == "answer with a number, got bool"


def test_compare_arrays_names_a_factor_for_one_number_only_when_it_is_whole_or_one_over_whole():
    assert checking.compare_arrays(3.0, 1.5, what="the loss") == "the loss is off by a constant factor of 2"
    assert checking.compare_arrays(0.5, 1.5, what="the loss") == "the loss is off by a constant factor of 0.3333"
    assert checking.compare_arrays(2.5, 1.5, what="the loss") == "the loss differs from the expected value (difference 1)"
    assert checking.compare_arrays(1.5, 1.5, what="the loss") is None
