"""The checkers of notebook 09 (batch normalization): right answers pass, starters are not
attempted, and typical mistakes get a hint that names the mistake without giving the answer away."""

import numpy as np
import pytest
from exercise_hints import starter, wrong

from course_lib import exercises


def forward(x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5, *, mistake=None):
    """The training-mode forward pass, or the same with one typical ``mistake``."""
    n, m = len(x), momentum
    mean, var, unbiased = x.mean(axis=0), x.var(axis=0), x.var(axis=0, ddof=1)
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    new_mean, new_var = (1 - m) * running_mean + m * mean, (1 - m) * running_var + m * var * n / (n - 1)
    if mistake == "unbiased output":
        out = gamma * (x - mean) / np.sqrt(unbiased + eps) + beta
    elif mistake == "no eps":
        out = gamma * (x - mean) / np.sqrt(var) + beta
    elif mistake == "eps outside":
        out = gamma * (x - mean) / (np.sqrt(var) + eps) + beta
    elif mistake == "running statistics":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    elif mistake == "rows":
        out = gamma * (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps) + beta
    elif mistake == "no gamma and beta":
        out = (x - mean) / np.sqrt(var + eps)
    elif mistake == "keras":
        new_mean, new_var = m * running_mean + (1 - m) * mean, m * running_var + (1 - m) * unbiased
    elif mistake == "biased running variance":
        new_var = (1 - m) * running_var + m * var
    elif mistake == "no update":
        new_mean, new_var = running_mean, running_var
    elif mistake == "replaced":
        new_mean, new_var = mean, unbiased
    return out, new_mean, new_var


def backward(dout, x, gamma, eps=1e-5, *, mistake=None):
    """The training-mode backward pass (dx, dgamma, dbeta), or the same with one typical ``mistake``."""
    n = len(x)
    inv_std = 1 / np.sqrt(x.var(axis=0) + (0 if mistake == "no eps" else eps))
    if mistake == "unbiased":
        inv_std = 1 / np.sqrt(x.var(axis=0, ddof=1) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dbeta, dgamma = dout.sum(axis=0), (dout * x_hat).sum(axis=0)
    terms = {"mean and variance held constant": n * dout, "no variance term": n * dout - dbeta,
             "no mean term": n * dout - x_hat * dgamma}.get(mistake, n * dout - dbeta - x_hat * dgamma)
    dx = (1 if mistake == "no gamma" else gamma) * inv_std / n * terms
    if mistake == "swapped":
        dgamma, dbeta = dbeta, dgamma
    elif mistake == "averaged":
        dgamma, dbeta = dgamma / n, dbeta / n
    return dx, dgamma, dbeta


FIRST = "for a batch of 6 rows and 4 features: "


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("09.1", ([1, -2, 5], [[-1, -1, 0], [1, 1, 0]])),
    ("09.1", ([[0.99999, -1.99999, 4.99998]], np.array([[-0.99999, -0.99999, 0.0], [0.99999, 0.99999, 0.0]]))),
    ("09.2", forward),
    ("09.3", (7, 14)),
    ("09.3", (6.58, 13.51)),
    ("09.3", (np.log(2) / 0.1, np.log(2) / 0.05)),
    ("09.4", backward),
])
def test_the_reference_answers_are_right(exercise_id, answer):
    assert exercises.evaluate(exercise_id, answer).status == "right"


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("09.1", ...), ("09.2", starter), ("09.3", ...), ("09.4", starter)])
def test_the_starters_are_not_attempted(exercise_id, answer):
    assert exercises.evaluate(exercise_id, answer).status == "not attempted"


# 09.1: a fresh layer in evaluation mode, and in training mode with a constant feature

RIGHT_TRAINING = [[-1, -1, 0], [1, 1, 0]]


def test_a_fresh_layer_answered_with_one_output_asks_for_the_pair():
    assert wrong("09.1", [1, -2, 5]) == "answer with a pair (output in evaluation mode, output in training mode)"


def test_a_fresh_layer_in_evaluation_mode_that_standardises_the_row_is_sent_to_the_running_statistics():
    hint = wrong("09.1", ([0, 0, 0], RIGHT_TRAINING))
    assert hint.startswith("the evaluation-mode output differs from the expected values")
    assert hint.endswith("in evaluation mode the layer uses its running statistics, not the row's own; "
                         "what are they before any training step?")


def test_a_constant_feature_that_gives_nan_is_told_about_eps():
    assert wrong("09.1", ([1, -2, 5], [[-1, -1, np.nan], [1, 1, np.nan]])) == (
        "the third feature has variance 0, but ε under the square root keeps the division finite: "
        "the output is a number")


def test_a_constant_feature_left_unchanged_is_asked_about_its_deviation_from_the_mean():
    assert wrong("09.1", ([1, -2, 5], [[-1, -1, 5], [1, 1, 5]])) == \
        "the third feature is constant within the batch: what is x − μ for it?"


def test_a_training_output_equal_to_the_inputs_is_named_as_the_running_statistics():
    assert wrong("09.1", ([1, -2, 5], [[1, -2, 5], [3, 0, 5]])).startswith(
        "that is what the starting running statistics would give")


def test_a_training_output_with_the_unbiased_variance_is_named():
    s = np.sqrt(0.5)
    assert wrong("09.1", ([1, -2, 5], [[-s, -s, 0], [s, s, 0]])) == (
        "training mode divides by the biased standard deviation (the variance divides by N, not N − 1)")


def test_a_training_output_with_the_rows_swapped_has_the_wrong_sign():
    assert wrong("09.1", ([1, -2, 5], [[1, 1, 0], [-1, -1, 0]])).startswith(
        "the training-mode output has the wrong sign")


def test_a_training_output_of_one_row_has_the_wrong_shape():
    assert wrong("09.1", ([1, -2, 5], [[-1, -1, 0]])) == \
        "the training-mode output has the wrong shape: expected (2, 3), got (1, 3)"


# 09.2: the training-mode forward pass

@pytest.mark.parametrize(("mistake", "hint"), [
    ("unbiased output", "normalise with the biased batch variance (divide by N)"),
    ("no eps", "ε is missing: divide by √(σ² + ε)"),
    ("eps outside", "ε goes under the square root, √(σ² + ε), not after it"),
    ("running statistics", "in training mode normalise with the batch's own mean and variance"),
    ("rows", "standardise each feature (column) over the batch"),
    ("no gamma and beta", "scale by γ and shift by β after standardising"),
    ("keras", "momentum is the weight of the new batch (PyTorch's convention)"),
    ("biased running variance", "feed the unbiased batch variance (divide by N − 1) into the running variance"),
    ("no update", "the running mean did not move"),
    ("replaced", "the running mean is an average that moves towards the batch mean"),
])
def test_a_forward_pass_with_a_typical_mistake_gets_its_hint(mistake, hint):
    assert wrong("09.2", lambda *args, **kwargs: forward(*args, **kwargs, mistake=mistake)).startswith(FIRST + hint)


def test_a_forward_pass_that_only_keeps_the_running_variance_is_told_it_did_not_move():
    def keeps_variance(x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5):
        out, new_mean, _ = forward(x, gamma, beta, running_mean, running_var, momentum, eps)
        return out, new_mean, running_var

    assert wrong("09.2", keeps_variance).startswith(FIRST + "the running variance did not move")


def test_a_forward_pass_that_returns_two_arrays_is_asked_for_three():
    assert wrong("09.2", lambda *args, **kwargs: forward(*args, **kwargs)[:2]) == (
        FIRST + "your function should return three arrays (output, new running mean, new running "
        "variance), got tuple")


def test_a_forward_pass_with_the_wrong_sign():
    def negated(*args, **kwargs):
        out, new_mean, new_var = forward(*args, **kwargs)
        return -out, new_mean, new_var

    assert wrong("09.2", negated) == FIRST + "the output has the wrong sign"


def test_a_forward_pass_that_averages_over_the_rows_without_keepdims_reports_the_error():
    def rows(x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5):
        return gamma * (x - x.mean(axis=1)) / np.sqrt(x.var(axis=1) + eps) + beta, running_mean, running_var

    assert wrong("09.2", rows).startswith(FIRST + "your function raised ValueError")


def test_a_forward_pass_that_fails_only_for_the_constant_feature_names_that_case():
    def no_eps_only_when_constant(x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5):
        constant = np.ptp(x, axis=0) == 0
        return forward(x, gamma, beta, running_mean, running_var, momentum, 0.0 if constant.any() else eps)

    assert wrong("09.2", no_eps_only_when_constant).startswith(
        "for a batch whose third feature is constant: ε is missing")


# 09.3: how fast the running mean catches up

def test_halfway_steps_answered_with_one_number_ask_for_the_pair():
    assert wrong("09.3", 7) == "answer with a pair (steps for momentum 0.1, steps for momentum 0.05)"


def test_halfway_steps_swapped_are_named():
    assert wrong("09.3", (14, 7)) == \
        "your two counts are swapped: does a smaller momentum make the running mean faster or slower?"


def test_halfway_steps_of_one_over_momentum_are_named_as_the_memory_length():
    assert wrong("09.3", (10, 20)) == ("momentum 0.1: that is 1/momentum, the length of the average's "
                                       "memory; halfway is reached sooner")


def test_halfway_steps_of_two_over_momentum_are_named_as_catching_up():
    assert wrong("09.3", (20, 40)).startswith("momentum 0.1: that is about when the running mean has nearly caught up")


def test_halfway_after_one_step_is_told_about_the_meaning_of_momentum():
    assert wrong("09.3", (1, 1)) == \
        "momentum 0.1: momentum is the weight of the new batch (PyTorch's meaning), not of the old value"


def test_halfway_steps_too_small_or_too_large():
    assert wrong("09.3", (3, 14)) == "momentum 0.1: 3 is too small"
    assert wrong("09.3", (7, 30)) == "momentum 0.05: 30 is too large"


def test_halfway_steps_that_are_not_numbers():
    assert wrong("09.3", ("7", "14")) == "momentum 0.1: answer with a number, got str"


# 09.4: the backward pass

@pytest.mark.parametrize(("mistake", "hint"), [
    ("mean and variance held constant", "μ and σ² depend on x too"),
    ("no variance term", "the term that comes through the variance is missing"),
    ("no mean term", "the term that comes through the mean is missing"),
    ("no gamma", "dx comes through y = γ·x̂ + β: multiply by γ"),
    ("unbiased", "x̂ and 1/√(σ² + ε) must be those of the forward pass, with the biased variance"),
    ("no eps", "ε is missing: use 1/√(σ² + ε), as in the forward pass"),
    ("swapped", "dgamma and dbeta are swapped"),
    ("averaged", "dgamma and dbeta are sums over the rows of the batch, not averages"),
])
def test_a_backward_pass_with_a_typical_mistake_gets_its_hint(mistake, hint):
    assert wrong("09.4", lambda *args, **kwargs: backward(*args, **kwargs, mistake=mistake)).startswith(FIRST + hint)


def test_a_backward_pass_with_the_wrong_sign():
    def negated(*args, **kwargs):
        dx, dgamma, dbeta = backward(*args, **kwargs)
        return -dx, dgamma, dbeta

    assert wrong("09.4", negated) == FIRST + "dx has the wrong sign"


def test_a_backward_pass_that_sums_dx_over_the_batch_has_the_wrong_shape():
    def summed(*args, **kwargs):
        dx, dgamma, dbeta = backward(*args, **kwargs)
        return dx.sum(axis=0), dgamma, dbeta

    assert wrong("09.4", summed) == FIRST + "dx has the wrong shape: expected (6, 4), got (4,)"


def test_a_backward_pass_that_returns_only_dx_is_asked_for_three_arrays():
    assert wrong("09.4", lambda *args, **kwargs: backward(*args, **kwargs)[0]) == (
        FIRST + "your function should return three arrays (dx, dgamma, dbeta), got ndarray")


def test_a_backward_pass_that_ignores_its_eps_argument_fails_for_a_large_eps():
    assert wrong("09.4", lambda dout, x, gamma, eps=1e-5: backward(dout, x, gamma)).startswith(
        "for eps = 0.1 (large, to see where it sits): ")


def test_hints_never_contain_the_answers():
    for answer in ([[0, 0, 0], RIGHT_TRAINING], [[1, -2, 5], [[-1, -1, np.nan], [1, 1, np.nan]]],
                   [[1, -2, 5], [[-1, -1, 5], [1, 1, 5]]], [[1, -2, 5], [[2, 2, 0], [1, 1, 0]]]):
        hint = wrong("09.1", answer)
        assert "[1, -2, 5]" not in hint and "-1, -1, 0" not in hint and "= 0" not in hint
    for answer in ((10, 20), (20, 40), (1, 1), (3, 14), (14, 7)):
        hint = wrong("09.3", answer)
        assert "7" not in hint and "14" not in hint
