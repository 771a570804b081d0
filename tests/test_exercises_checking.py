"""The exercise-checking machinery: verdicts, not-attempted starters, and the hints it gives."""

import numpy as np
import pytest

from course_lib import exercises
from course_lib.exercises import checking
from course_lib.exercises.checking import Kind, Mismatch


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


def test_compare_function_keeps_the_kind_and_names_the_case():
    hint = checking.compare_function(lambda x: -(x**2), np.square, [("small inputs", (np.array([1.0, -2.0]),))])
    assert hint == Mismatch(Kind.SIGN, "for small inputs: the result has the wrong sign")


def test_an_exception_in_the_learners_code_becomes_a_hint(square_exercise):
    result = exercises.evaluate(square_exercise, lambda x: x.undefined)
    assert result.status == "wrong"
    assert result.message == "for small inputs: your function raised AttributeError: " \
                             "'numpy.ndarray' object has no attribute 'undefined'"


def test_check_prints_the_verdict(square_exercise, capsys):
    exercises.check(square_exercise, np.square)
    assert capsys.readouterr().out == "Exercise 99.1 ✔ right: Implement the square.\n"


@pytest.mark.parametrize(("answer", "kind", "text"), [
    ([1.0, 2.0], Kind.SHAPE, "your answer has the wrong shape: expected (3,), got (2,)"),
    ([1.0, np.nan, 3.0], Kind.NOT_FINITE,
     "your answer contains NaN or inf (does something overflow or divide by zero?)"),
    ([-1.0, -2.0, -3.0], Kind.SIGN, "your answer has the wrong sign"),
    ([0.5, 1.0, 1.5], Kind.FACTOR, "your answer is off by a constant factor of 0.5"),
    ([1.0, 2.0, 4.0], Kind.DIFFERENT, "your answer differs from the expected values (largest difference 1)"),
    ("abc", Kind.NOT_NUMBERS, "your answer should be numbers, got str"),
])
def test_compare_arrays_names_the_kind_of_mistake(answer, kind, text):
    assert checking.compare_arrays(answer, [1.0, 2.0, 3.0]) == Mismatch(kind, text)


@pytest.mark.parametrize(("answer", "text"), [
    ([[1, 2], [3]], "your answer has rows of different lengths (2 and 1): an array needs rows of one length"),
    ([[1, 2], [3], [4, 5, 6]],
     "your answer has rows of different lengths (2, 1 and 3): an array needs rows of one length"),
    ([[[1, 2], [3, 4]], [[5, 6], [7]]],
     "your answer has rows of different lengths (2 and 1): an array needs rows of one length"),
    ([np.zeros(2), np.zeros(3)],
     "your answer has rows of different lengths (2 and 3): an array needs rows of one length"),
    ([1, [2, 3]], "your answer mixes single numbers and rows at one level: an array needs rows of one length"),
])
def test_compare_arrays_says_that_the_rows_of_a_ragged_list_differ_in_length(answer, text):
    assert checking.compare_arrays(answer, [[1.0, 2.0], [3.0, 4.0]]) == Mismatch(Kind.RAGGED, text)


def test_as_numbers_returns_the_array_or_the_hint():
    array, hint = checking.as_numbers([[1, 2], [3, 4]])
    assert hint is None and array.dtype == np.float64 and array.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert checking.as_numbers({"a": 1}, "X_batch") == (None, Mismatch(Kind.NOT_NUMBERS,
                                                                       "X_batch should be numbers, got dict"))
    assert checking.as_numbers([[1], []], "X_batch")[1].kind is Kind.RAGGED


def test_the_form_kinds_are_those_of_an_answer_whose_values_cannot_be_compared():
    assert checking.WRONG_FORM == {Kind.NOT_NUMBERS, Kind.RAGGED, Kind.SHAPE}
    assert checking.NOT_COMPARABLE == checking.WRONG_FORM | {Kind.NOT_FINITE}


def test_a_mismatch_prints_as_its_text_and_can_be_put_in_context():
    hint = Mismatch(Kind.SIGN, "the result has the wrong sign")
    assert str(hint) == "the result has the wrong sign"
    assert hint.within("for large inputs") == Mismatch(Kind.SIGN, "for large inputs: the result has the wrong sign")


def test_call_reports_a_non_function_and_an_exception_as_kinds():
    assert checking.call(3) == (None, Mismatch(Kind.NOT_A_FUNCTION, "expected a function, got int"))
    assert checking.call(lambda: 1 / 0) == (None, Mismatch(Kind.RAISED,
                                                           "your function raised ZeroDivisionError: division by zero"))
    assert checking.call(lambda x: 2 * x, 4) == (8, None)


def test_compare_loss_and_grad_wants_a_pair():
    hint = checking.compare_loss_and_grad(lambda z: 1.0, lambda z: (1.0, z), [("one number", (np.ones(2),))],
                                          "dz")
    assert hint == Mismatch(Kind.NOT_A_PAIR, "for one number: your function should return a pair (loss, dz), "
                                             "got float")


def test_compare_arrays_accepts_equal_values():
    assert checking.compare_arrays([1.0, 2.0 + 1e-12], [1.0, 2.0]) is None


def test_compare_choice():
    assert checking.compare_choice("b", "b", ["a", "b"]) is None
    assert checking.compare_choice("a", "b", ["a", "b"]) == Mismatch(
        Kind.OTHER_OPTION, "'a' is not it: run the experiment and look again")
    assert checking.compare_choice("z", "b", ["a", "b"]) == Mismatch(
        Kind.NOT_AN_OPTION, "answer with one of ['a', 'b'], got 'z'")


def test_compare_choice_takes_an_array_for_none_of_the_options():
    assert checking.compare_choice(np.array([1.0, 2.0]), 1.0, [0.05, 1.0]) == Mismatch(
        Kind.NOT_AN_OPTION, "answer with one of [0.05, 1.0], got array([1., 2.])")
    assert checking.compare_choice(np.float64(1.0), 1.0, [0.05, 1.0]) is None


def test_a_misspelt_exercise_id_gets_the_closest_ids():
    with pytest.raises(ValueError) as error:
        exercises.evaluate("01,1", 1)
    assert str(error.value) == "exercise_id '01,1' has no checker; did you mean '01.1'?"
    with pytest.raises(ValueError, match=r"^exercise_id '5\.2' has no checker; did you mean '05\.2'\?$"):
        exercises.evaluate("5.2", 1)


def test_an_unknown_id_of_a_known_notebook_lists_that_notebooks_ids():
    with pytest.raises(ValueError) as error:
        exercises.evaluate("04.4", 1)
    assert str(error.value) == (
        "exercise_id '04.4' has no checker; did you mean '04.1', '04.2' or '04.3'? Notebook 04's exercises "
        "with a checker (an open experiment has none) are '04.1', '04.2', '04.3' and '04.5'.")


def test_an_unknown_id_does_not_list_every_exercise():
    with pytest.raises(ValueError) as error:
        exercises.evaluate("0.0", 1)
    assert str(error.value) == ("exercise_id '0.0' has no checker; an id is the notebook's number and the "
                                "exercise's, such as '05.2'")


def test_swapped_arguments_are_recognised():
    with pytest.raises(TypeError, match=r"^the arguments are swapped: write check\('01\.1', answer\), "
                                        r"the exercise id first$"):
        exercises.check(lambda z: z, "01.1")
    with pytest.raises(ValueError, match=r"^the arguments are swapped: write check\('06\.2', answer\)"):
        exercises.check("L1", "06.2")
    with pytest.raises(TypeError, match=r"^the arguments are swapped"):
        exercises.check([[1.0, 0.0], [0.25, 0.25]], "01.2")


def test_an_exercise_id_that_is_not_a_string_is_a_type_error():
    with pytest.raises(TypeError, match=r"^exercise_id should be a string such as '05\.2', got list$"):
        exercises.evaluate([1, 2], 3)


def test_an_id_cannot_be_registered_twice(square_exercise):
    with pytest.raises(ValueError, match="exercise '99.1' is registered twice"):
        checking.exercise("99.1", "again")(lambda answer: None)


def test_compare_number_accepts_an_answer_within_the_tolerance():
    assert checking.compare_number(1.0005, 1.0) is None
    assert checking.compare_number(np.float32(2), 2.0) is None


def test_compare_number_names_a_known_mistake():
    assert checking.compare_number(2.0, 1.0, [(2.0, "doubled")]) == Mismatch(Kind.KNOWN_MISTAKE, "doubled")


def test_compare_number_says_too_large_or_too_small():
    assert checking.compare_number(3, 1.0) == Mismatch(Kind.TOO_LARGE, "3 is too large")
    assert checking.compare_number(-0.5, 1.0) == Mismatch(Kind.TOO_SMALL, "-0.5 is too small")


def test_compare_number_wants_a_number():
    assert checking.compare_number("1", 1.0) == Mismatch(Kind.NOT_NUMBERS, "answer with a number, got str")
    assert checking.compare_number(True, 1.0) == Mismatch(Kind.NOT_NUMBERS, "answer with a number, got bool")


def test_compare_arrays_names_a_factor_for_one_number_only_when_it_is_whole_or_one_over_whole():
    assert checking.compare_arrays(3.0, 1.5, what="the loss") == Mismatch(
        Kind.FACTOR, "the loss is off by a constant factor of 2")
    assert checking.compare_arrays(0.5, 1.5, what="the loss") == Mismatch(
        Kind.FACTOR, "the loss is off by a constant factor of 0.3333")
    assert checking.compare_arrays(2.5, 1.5, what="the loss") == Mismatch(
        Kind.DIFFERENT, "the loss differs from the expected value (difference 1)")
    assert checking.compare_arrays(1.5, 1.5, what="the loss") is None


def test_a_checker_may_return_its_own_text_or_a_mismatch():
    @checking.exercise("99.2", "Say hello")
    def check_hello(answer):
        return None if answer == "hello" else Mismatch(Kind.OTHER_OPTION, "say hello")

    try:
        assert exercises.evaluate("99.2", "bye").message == "say hello"
        assert exercises.evaluate("99.2", "hello").status == "right"
    finally:
        del checking.REGISTRY["99.2"]
