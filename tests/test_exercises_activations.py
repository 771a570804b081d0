"""Checkers of notebook 04's exercises: right answers pass, starters are not attempted, mistakes get hints."""

import math

import numpy as np
import pytest
from exercise_hints import starter, verdict, wrong

from course_lib import gradcheck, layers, losses
from course_lib.exercises.activations import gelu_grad_reference, gelu_reference

ERF = np.vectorize(math.erf, otypes=[float])
SAME_AS_X = {"linear", "relu", "leaky_relu", "prelu", "elu"}


def normal_cdf(x):
    return 0.5 * (1 + ERF(np.asarray(x) / math.sqrt(2)))


def gelu(x):
    """A learner's answer to 04.2."""
    return x * normal_cdf(x)


def normal_density(x):
    return np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def gelu_grad(x):
    """A learner's answer to 04.3."""
    return normal_cdf(x) + x * normal_density(x)


# The GELU reference

def test_the_gelu_reference_has_the_values_of_x_times_the_normal_cdf():
    # Φ(1) = 0.8413447460685429, Φ(-1) = 1 - Φ(1)
    assert np.allclose(gelu_reference([-1.0, 0.0, 1.0]), [-0.15865525393145707, 0.0, 0.8413447460685429],
                       rtol=1e-15)


def test_the_gelu_reference_is_finite_and_exact_for_large_inputs():
    assert np.array_equal(gelu_reference([-1e4, 1e4]), [0.0, 1e4])
    assert np.array_equal(gelu_grad_reference([-1e4, 1e4]), [0.0, 1.0])


def test_the_gelu_derivative_reference_passes_a_gradient_check():
    x = np.linspace(-5, 5, 41)
    numerical = gradcheck.numerical_gradient(lambda v: gelu_reference(v).sum(), x.copy())
    assert np.abs(gelu_grad_reference(x) - numerical).max() < 1e-9


# 04.1: the activations that return exactly x for every x >= 0

def test_04_1_the_right_set_is_right_as_a_set_list_or_tuple():
    for answer in (SAME_AS_X, sorted(SAME_AS_X), tuple(SAME_AS_X)):
        assert verdict("04.1", answer).status == "right"


def test_04_1_ellipsis_is_not_attempted():
    assert verdict("04.1", ...).status == "not attempted"


def test_04_1_an_activation_that_differs_is_named():
    result = verdict("04.1", SAME_AS_X | {"selu"})
    assert result.message == "['selu'] do not return exactly x for every x ≥ 0: evaluate them on " \
                             "np.linspace(0, 10, 101)"


def test_04_1_missing_activations_are_counted_not_named():
    result = verdict("04.1", {"linear", "relu", "prelu"})
    assert result.message == "2 more functions in activations.ACTIVATIONS also return exactly x for every " \
                             "x ≥ 0: look at the table in section 2 again"
    assert "elu" not in result.message


def test_04_1_a_name_outside_the_dictionary_is_reported():
    assert verdict("04.1", SAME_AS_X | {"gelu"}).message == "not in activations.ACTIVATIONS: ['gelu']"


def test_04_1_a_single_string_is_not_a_set_of_names():
    assert verdict("04.1", "relu").message.startswith("answer with a set of names from activations.ACTIVATIONS")


# 04.2: GELU

def test_04_2_a_gelu_with_math_erf_is_right():
    assert verdict("04.2", gelu).status == "right"


def test_04_2_the_starter_is_not_attempted():
    assert verdict("04.2", starter).status == "not attempted"


def test_04_2_the_tanh_approximation_is_recognised():
    def tanh_gelu(x):
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))

    assert verdict("04.2", tanh_gelu).message.startswith("close to GELU but not equal (an approximation")


def test_04_2_a_missing_factor_is_reported():
    assert verdict("04.2", lambda x: 2 * gelu(x)).message == \
        "for inputs in [-3, 3]: the result is off by a constant factor of 2"


def test_04_2_a_flattened_result_is_a_wrong_shape():
    assert verdict("04.2", lambda x: gelu(x).ravel()).message == \
        "for a batch of shape (2, 3): the result has the wrong shape: expected (2, 3), got (6,)"


@pytest.mark.parametrize(("exercise_id", "reference"), [("04.2", gelu), ("04.3", gelu_grad)])
def test_04_2_and_04_3_an_overflow_for_large_inputs_is_reported(exercise_id, reference):
    assert wrong(exercise_id, lambda x: reference(x) * np.exp(x) / np.exp(x)) == \
        "for large inputs (|x| up to 1e4): the result contains NaN or inf " \
        "(does something overflow or divide by zero?)"


# 04.3: the derivative of GELU

def test_04_3_the_product_rule_derivative_is_right():
    assert verdict("04.3", gelu_grad).status == "right"


def test_04_3_the_starter_is_not_attempted():
    assert verdict("04.3", starter).status == "not attempted"


def test_04_3_forgetting_the_second_term_of_the_product_rule_is_recognised():
    assert verdict("04.3", normal_cdf).message == \
        "that is Φ(x) alone: x·Φ(x) is a product, so its derivative has two terms"


def test_04_3_a_wrong_sign_fails_the_gradient_check_at_a_named_point():
    message = verdict("04.3", lambda x: normal_cdf(x) - x * normal_density(x)).message
    assert message == "the gradient check fails, most at x = 1: your derivative differs from the " \
                      "numerical slope (gelu(x + h) − gelu(x − h)) / 2h there"


def test_04_3_a_wrong_shape_is_reported_before_the_gradient_check():
    assert verdict("04.3", lambda x: gelu_grad(x)[:-1]).message == \
        "your derivative has the wrong shape: expected (41,), got (40,)"


# 04.5: tanh with init=1.0

def test_04_5_grows_is_right_and_ellipsis_is_not_attempted():
    assert verdict("04.5", "grows").status == "right"
    assert verdict("04.5", ...).status == "not attempted"


@pytest.mark.parametrize("answer", ["shrinks", "stays about the same"])
def test_04_5_the_other_options_are_wrong(answer):
    assert verdict("04.5", answer).message == f"{answer!r} is not it: run the experiment and look again"


def test_04_5_an_answer_outside_the_options_lists_them():
    assert verdict("04.5", "explodes").message == \
        "answer with one of ['grows', 'shrinks', 'stays about the same'], got 'explodes'"


def test_04_5_the_expected_option_is_what_the_experiment_shows():
    net_rng, data_rng = np.random.default_rng(0), np.random.default_rng(0)
    stack = []
    for _ in range(10):
        stack += [layers.Linear(64, 64, init=1.0, rng=net_rng), layers.Activation("tanh")]
    net = layers.Sequential(*stack, layers.Linear(64, 10, init=1.0, rng=net_rng))
    X, y = data_rng.standard_normal((256, 64)), data_rng.integers(0, 10, 256)
    net.backward(losses.softmax_loss(net.forward(X), y)[1])
    assert np.linalg.norm(net.grads["0.W"]) > 100 * np.linalg.norm(net.grads["18.W"])
