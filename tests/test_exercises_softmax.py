"""The checkers of notebook 01 (softmax): right answers pass, starters are not attempted, and
typical mistakes get a hint that names the mistake without giving the answer away."""

import numpy as np
import pytest
from exercise_hints import starter, wrong

from course_lib import exercises, losses


def stable_softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def stable_log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax_backward(z, dout):
    p = stable_softmax(z)
    return p * (dout - (p * dout).sum(axis=-1, keepdims=True))


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("01.1", stable_softmax),
    ("01.1", losses.softmax),
    ("01.2", [[0.5, 0.0, 0.5, 0.0], [0.25, 0.25, 0.25, 0.25]]),
    ("01.2", np.array([[0.5, 0, 0.5, 0], [0.2501, 0.25, 0.25, 0.2499]])),
    ("01.3", stable_log_softmax),
    ("01.3", losses.log_softmax),
    ("01.4", softmax_backward),
])
def test_the_reference_answers_are_right(exercise_id, answer):
    assert exercises.evaluate(exercise_id, answer).status == "right"


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("01.1", starter), ("01.2", ...), ("01.3", starter), ("01.4", starter)])
def test_the_starters_are_not_attempted(exercise_id, answer):
    assert exercises.evaluate(exercise_id, answer).status == "not attempted"


def test_softmax_without_the_max_trick_fails_for_large_logits():
    def naive(z):
        return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)

    assert wrong("01.1", naive) == ("for large logits [1000, 999, 998]: the result contains NaN or inf "
                                    "(does something overflow or divide by zero?)")


def test_softmax_with_the_maximum_of_the_whole_batch_fails_on_rows_of_different_scales():
    def global_max(z):
        e = np.exp(z - z.max())
        return e / e.sum(axis=-1, keepdims=True)

    assert wrong("01.1", global_max).startswith("for a batch whose rows differ in scale, ")


def test_softmax_normalised_over_the_whole_batch_is_told_to_normalise_each_row():
    def global_sum(z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum()

    assert wrong("01.1", global_sum).startswith("for a batch of 4 rows of 5 logits: each row should sum to 1")


def test_softmax_that_drops_the_batch_axis_gets_the_wrong_shape():
    assert wrong("01.1", lambda z: stable_softmax(z.ravel())).startswith(
        "for a batch of 4 rows of 5 logits: the result has the wrong shape")


def test_an_exception_in_softmax_is_reported_with_the_case():
    assert wrong("01.1", lambda z: z.undefined).startswith(
        "for the notes' logits [2, 1, 0.1]: your function raised AttributeError")


def test_a_one_hot_limit_at_zero_temperature_is_told_about_the_tie():
    hint = wrong("01.2", [[1, 0, 0, 0], [0.25] * 4])
    assert hint == ("the first row (T → 0) puts everything on one class, but two logits tie for the "
                    "largest: does either of them win?")


def test_swapped_temperature_limits_are_named():
    hint = wrong("01.2", [[0.25] * 4, [0.5, 0, 0.5, 0]])
    assert hint == "your two rows are swapped: which limit sharpens the distribution and which flattens it?"


def test_the_plain_softmax_as_a_limit_is_named_as_the_value_at_temperature_one():
    hint = wrong("01.2", [losses.softmax([3.0, 1.0, 3.0, 0.0]), [0.25] * 4])
    assert hint == "the first row (T → 0) is softmax(z) at T = 1; look at what happens far from T = 1"


def test_a_limit_that_does_not_sum_to_one_is_named():
    hint = wrong("01.2", [[0.5, 0, 0.5, 0], [1, 1, 1, 1]])
    assert hint == "the second row (T → ∞) does not sum to 1: a softmax is a probability distribution at any T"


def test_another_wrong_limit_gets_a_general_hint():
    hint = wrong("01.2", [[0.5, 0, 0.5, 0], [0.4, 0.1, 0.4, 0.1]])
    assert hint == "the second row (T → ∞) is not the limit; try softmax(z / T) for a very small or very large T"


def test_temperature_limits_of_the_wrong_shape():
    assert wrong("01.2", [0.5, 0, 0.5, 0]) == "your answer has the wrong shape: expected (2, 4), got (4,)"


def test_log_of_a_stable_softmax_fails_for_logits_far_apart():
    hint = wrong("01.3", lambda z: np.log(stable_softmax(z)))
    assert hint == ("for logits far apart [0, -800]: the result contains NaN or inf "
                    "(does something overflow or divide by zero?)")


def test_log_softmax_without_the_max_trick_fails_for_large_logits():
    hint = wrong("01.3", lambda z: z - np.log(np.exp(z).sum(axis=-1, keepdims=True)))
    assert hint.startswith("for large logits [1000, 999, 998]: the result contains NaN or inf")


def test_softmax_backward_with_only_the_diagonal_of_the_jacobian_is_named():
    hint = wrong("01.4", lambda z, dout: stable_softmax(z) * dout)
    assert hint.startswith("you have only the diagonal part diag(p)·dout")


def test_softmax_backward_with_the_wrong_sign():
    assert wrong("01.4", lambda z, dout: -softmax_backward(z, dout)) == \
        "for the notes' logits [2, 1, 0.1]: the result has the wrong sign"


def test_softmax_backward_that_mixes_the_rows_of_a_batch():
    def whole_batch(z, dout):
        p = stable_softmax(z)
        return p * (dout - (p * dout).sum())

    assert wrong("01.4", whole_batch).startswith(
        "for a batch of 4 rows of 5 logits: the result differs from the expected values")


def test_softmax_backward_through_a_naive_softmax_fails_for_large_logits():
    def naive(z, dout):
        p = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
        return p * (dout - (p * dout).sum(axis=-1, keepdims=True))

    assert wrong("01.4", naive).startswith("for large logits [1000, 999, 998]: the result contains NaN or inf")


def test_hints_never_contain_the_limits():
    for answer in ([[1, 0, 0, 0], [0.25] * 4], [[0.25] * 4, [0.5, 0, 0.5, 0]], [[0.5, 0, 0.5, 0], [0.4, 0.1, 0.4, 0.1]]):
        hint = wrong("01.2", answer)
        assert "0.5" not in hint and "0.25" not in hint and "1/4" not in hint


def test_a_ragged_result_is_told_that_its_rows_differ_in_length():
    ragged = "the result has rows of different lengths (2 and 1): an array needs rows of one length"
    assert wrong("01.1", lambda z: [[0.5, 0.5], [1.0]]) == f"for the notes' logits [2, 1, 0.1]: {ragged}"
    assert wrong("01.4", lambda z, dout: [[0.5, 0.5], [1.0]]) == f"for the notes' logits [2, 1, 0.1]: {ragged}"


def test_ragged_temperature_limits_are_told_that_their_rows_differ_in_length():
    assert wrong("01.2", [[0.5, 0, 0.5, 0], [0.25, 0.25, 0.25]]) == \
        "your answer has rows of different lengths (4 and 3): an array needs rows of one length"
