"""The checkers of notebook 08's exercises: right answers pass, starters are not attempted, and
typical mistakes get a hint that points at them."""

import numpy as np
import pytest
from exercise_hints import verdict

from course_lib import layers


def starter(x, mask, keep_prob, training=True):
    raise NotImplementedError


# 08.1 · mean and standard deviation of Dropout(0.2) on ones

def test_mean_and_std_theory_and_measurement_are_right():
    out = layers.Dropout(0.2, rng=0).forward(np.ones(100_000))
    assert verdict("08.1", (1.0, 2.0)).status == "right"
    assert verdict("08.1", (out.mean(), out.std())).status == "right"


def test_mean_and_std_starter_is_not_attempted():
    assert verdict("08.1", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    ((0.2, 2.0), "the mean: that is the mean of the mask m; each kept unit is then divided by keep_prob"),
    ((5.0, 2.0), "the mean: 1/keep_prob is the value of a kept unit, but most units are dropped"),
    ((1.0, 0.4), "the standard deviation: that is the standard deviation of the mask m, before the "
                 "division by keep_prob"),
    ((1.0, 4.0), "the standard deviation: that is the variance: the standard deviation is its square root"),
    ((1.0, 0.5), "the standard deviation: that is the value for keep_prob = 0.8: the layer's argument is "
                 "the probability to keep (PyTorch's p is the probability to drop)"),
    ((1.0, 0.0), "the standard deviation: the outputs are not all equal: some are 0, the others 1/keep_prob"),
    ((1.0, 3.0), "the standard deviation: 3 is too large"),
    ((1.0,), "answer with a pair (mean, std), got (1.0,)"),
])
def test_mean_and_std_mistakes_get_hints(answer, hint):
    result = verdict("08.1", answer)
    assert result.status == "wrong"
    assert result.message == hint


# 08.2 · inverted dropout, forward

def inverted(x, mask, keep_prob, training=True):
    return x * mask / keep_prob if training else x


def test_inverted_dropout_right_answer():
    assert verdict("08.2", inverted).status == "right"


def test_inverted_dropout_starter_is_not_attempted():
    assert verdict("08.2", starter).status == "not attempted"


@pytest.mark.parametrize(("function", "hint"), [
    (lambda x, m, p, t=True: x * m if t else x,
     "for a batch of 4 rows, keep_prob 0.5: the kept units must be divided by keep_prob, so that the "
     "mean stays x"),
    (lambda x, m, p, t=True: x * m * p if t else x,
     "for a batch of 4 rows, keep_prob 0.5: divide the kept units by keep_prob, do not multiply"),
    (lambda x, m, p, t=True: x * ~m / p if t else x,
     "for a batch of 4 rows, keep_prob 0.5: the mask is True for the units to keep: you kept the others"),
    (lambda x, m, p, t=True: x * m / (1 - p) if t else x,
     "for keep_prob 0.8: divide by keep_prob, the probability to keep, not by the drop rate 1 − keep_prob"),
    (lambda x, m, p, t=True: x * m / p,
     "for evaluation mode (training=False), keep_prob 0.8: in evaluation mode dropout does nothing: "
     "return x unchanged"),
    (lambda x, m, p, t=True: x * m / p if t else x * p,
     "for evaluation mode (training=False), keep_prob 0.8: that is the original dropout's evaluation "
     "rule: inverted dropout returns x unchanged"),
    (lambda x, m, p, t=True: (x * m / p).astype(np.float64) if t else x,
     "for float32 inputs: the result should stay float32, got float64"),
    (lambda x, m, p, t=True: (x * m / p)[0],
     "for a batch of 4 rows, keep_prob 0.5: the result has the wrong shape: expected (4, 6), got (6,)"),
])
def test_inverted_dropout_mistakes_get_hints(function, hint):
    result = verdict("08.2", function)
    assert result.status == "wrong"
    assert result.message == hint


def test_inverted_dropout_a_mask_of_its_own_is_named():
    def own_mask(x, mask, keep_prob, training=True):
        if not training:
            return x
        return x * (np.random.default_rng(99).random(x.shape) < keep_prob) / keep_prob

    assert verdict("08.2", own_mask).message == ("for a batch of 4 rows, keep_prob 0.5: use the mask you "
                                                 "are given (True = keep): the zeros are in other places")


def test_inverted_dropout_agrees_with_the_layer_given_its_seed():
    x = np.random.default_rng(3).standard_normal((5, 4))
    mask = np.random.default_rng(7).random(x.shape) < 0.6
    assert np.array_equal(inverted(x, mask, 0.6), layers.Dropout(0.6, rng=7).forward(x))


# 08.3 · the original dropout

def original(x, mask, keep_prob, training=True):
    return x * mask if training else x * keep_prob


def test_original_dropout_right_answer():
    assert verdict("08.3", original).status == "right"


def test_original_dropout_starter_is_not_attempted():
    assert verdict("08.3", starter).status == "not attempted"


@pytest.mark.parametrize(("function", "hint"), [
    (inverted, "for a batch of 4 rows, keep_prob 0.5: that is inverted dropout: the original dropout "
               "does not rescale in training"),
    (lambda x, m, p, t=True: x * m if t else x,
     "for evaluation mode (training=False), keep_prob 0.8: in evaluation the original dropout "
     "multiplies by keep_prob (the paper scaled the weights at test time)"),
    (lambda x, m, p, t=True: x * m if t else x / p,
     "for evaluation mode (training=False), keep_prob 0.8: in evaluation multiply by keep_prob, do not divide"),
    (lambda x, m, p, t=True: x * m if t else x * m * p,
     "for evaluation mode (training=False), keep_prob 0.8: in evaluation no unit is dropped"),
    (lambda x, m, p, t=True: x * m * p if t else x * p,
     "for a batch of 4 rows, keep_prob 0.5: in training the original dropout only zeroes the dropped "
     "units: no rescaling"),
])
def test_original_dropout_mistakes_get_hints(function, hint):
    result = verdict("08.3", function)
    assert result.status == "wrong"
    assert result.message == hint


# 08.4 · the evaluation bug with keep_prob 0.9

def test_buggy_accuracies_right_answer():
    assert verdict("08.4", "closer").status == "right"


def test_buggy_accuracies_starter_is_not_attempted():
    assert verdict("08.4", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    ("equal", "with keep_prob 0.9 a tenth of the units is still dropped at random in training mode: "
              "run the cell a few times"),
    ("further", "'further' is not it: run the experiment and look again"),
    ("nearer", "answer with one of ['closer', 'further', 'equal'], got 'nearer'"),
])
def test_buggy_accuracies_wrong_options_get_hints(answer, hint):
    assert verdict("08.4", answer).message == hint


@pytest.mark.parametrize("exercise_id", ["08.2", "08.3"])
def test_dropout_a_ragged_result_is_told_that_its_rows_differ_in_length(exercise_id):
    assert verdict(exercise_id, lambda x, mask, keep_prob, training=True: [[1.0, 2.0], [3.0]]).message == \
        "for a batch of 4 rows, keep_prob 0.5: the result has rows of different lengths (2 and 1): an " \
        "array needs rows of one length"


def test_buggy_accuracies_an_array_is_not_an_option():
    assert verdict("08.4", np.array([0.5, 0.6])).message == \
        "answer with one of ['closer', 'further', 'equal'], got array([0.5, 0.6])"
