"""Checkers of notebook 06's exercises: right answers pass, starters are not attempted, mistakes get hints."""

import numpy as np
import pytest
from exercise_hints import starter, verdict

from course_lib import regularization


def soft_threshold(w, tau):
    """A learner's answer to 06.3."""
    return np.sign(w) * np.maximum(np.abs(w) - tau, 0)


def l2_penalty(params, lam):
    """A learner's answer to 06.4."""
    value = lam * sum(0.5 * np.sum(p**2) for p in params.values())
    return value, {name: lam * p for name, p in params.items()}


# 06.1: l2_loss of [[2, -1, 0], [0.5, 3, -2]]

def test_06_1_half_the_sum_of_squares_is_right():
    assert verdict("06.1", 9.125).status == "right"
    assert verdict("06.1", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (18.25, "off by a factor of 2: check the constant in front of the sum of squares"),
    (np.sqrt(18.25), "that is the L2 norm: l2_loss has no square root"),
    (np.sqrt(18.25) / 2, "that is half the L2 norm: l2_loss has no square root"),
    (8.5, "that is the L1 norm, the sum of magnitudes: l2_loss squares"),
    (1, "1 is too small"),
    ("9.125", "answer with a number, got str"),
])
def test_06_1_typical_mistakes_get_their_hint(answer, hint):
    assert verdict("06.1", answer).message == hint


# 06.2: which penalty puts the minimiser of ½(w − 0.3)² + penalty at exactly 0

def test_06_2_l1_is_right():
    assert verdict("06.2", "L1").status == "right"
    assert verdict("06.2", ...).status == "not attempted"


@pytest.mark.parametrize("answer", ["L2", "both", "neither"])
def test_06_2_the_other_options_are_wrong(answer):
    assert verdict("06.2", answer).message == f"{answer!r} is not it: run the experiment and look again"


def test_06_2_the_expected_option_is_what_the_closed_forms_give():
    assert regularization.soft_threshold(np.array([0.3]), 0.5)[0] == 0     # L1: soft-thresholding
    assert np.isclose(0.3 / (1 + 0.5), 0.2)                                  # L2: (w − 0.3) + λw = 0


# 06.3: soft-thresholding

def test_06_3_the_one_liner_and_the_library_are_right():
    assert verdict("06.3", soft_threshold).status == "right"
    assert verdict("06.3", regularization.soft_threshold).status == "right"


def test_06_3_the_starter_is_not_attempted():
    assert verdict("06.3", starter).status == "not attempted"


def test_06_3_hard_thresholding_is_recognised():
    assert verdict("06.3", lambda w, tau: np.where(np.abs(w) > tau, w, 0)).message == \
        "entries that survive must also move τ towards 0, not keep their value"


def test_06_3_shrinking_without_the_floor_at_zero_is_recognised():
    assert verdict("06.3", lambda w, tau: w - tau * np.sign(w)).message == \
        "entries within τ of 0 must become exactly 0, not cross to the other side"


def test_06_3_a_wrong_sign_is_reported():
    assert verdict("06.3", lambda w, tau: -soft_threshold(w, tau)).message == \
        "for w = np.linspace(-2, 2, 17) and τ = 0.5: the result has the wrong sign"


def test_06_3_a_flattened_matrix_is_a_wrong_shape():
    assert verdict("06.3", lambda w, tau: soft_threshold(w, tau).ravel()).message == \
        "for a 3×4 matrix and τ = 0.3: the result has the wrong shape: expected (3, 4), got (12,)"


# 06.4: the L2 penalty and its gradient

def test_06_4_the_learners_penalty_and_the_library_are_right():
    assert verdict("06.4", l2_penalty).status == "right"
    assert verdict("06.4", regularization.l2_penalty).status == "right"


def test_06_4_the_starter_is_not_attempted():
    assert verdict("06.4", starter).status == "not attempted"


def test_06_4_a_missing_half_in_the_value_is_a_factor_of_two():
    assert verdict("06.4", lambda p, lam: (2 * l2_penalty(p, lam)[0], l2_penalty(p, lam)[1])).message == \
        "for params {'W': a 2×3 matrix, 'b': a vector} and lam = 0.1: the value is off by a constant factor of 2"


def test_06_4_a_gradient_of_two_lambda_theta_is_a_factor_of_two():
    def doubled(params, lam):
        value, grads = l2_penalty(params, lam)
        return value, {name: 2 * g for name, g in grads.items()}

    assert verdict("06.4", doubled).message == \
        "for params {'W': a 2×3 matrix, 'b': a vector} and lam = 0.1: grads['W'] is off by a constant factor of 2"


def test_06_4_changing_params_in_place_is_reported():
    def in_place(params, lam):
        value = lam * sum(0.5 * np.sum(p**2) for p in params.values())
        for p in params.values():
            p *= lam
        return value, params

    assert verdict("06.4", in_place).message == "for params {'W': a 2×3 matrix, 'b': a vector} and lam = 0.1: " \
                                                "your function changed params in place: return new arrays instead"


def test_06_4_a_missing_key_in_grads_is_reported():
    assert verdict("06.4", lambda p, lam: (l2_penalty(p, lam)[0], {"W": lam * p["W"]})).message == \
        "for params {'W': a 2×3 matrix, 'b': a vector} and lam = 0.1: grads should be a dict with the same " \
        "keys as params, ['W', 'b'], got ['W']"


def test_06_4_returning_the_value_alone_asks_for_a_pair():
    assert verdict("06.4", lambda p, lam: l2_penalty(p, lam)[0]).message == \
        "for params {'W': a 2×3 matrix, 'b': a vector} and lam = 0.1: your function should return a pair " \
        "(value, grads), got float64"


# 06.5: exact zeros of subgradient descent with a 10 times smaller step

def test_06_5_none_is_right():
    assert verdict("06.5", 0).status == "right"
    assert verdict("06.5", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (24, "that is what the proximal step gives: look at the subgradient method's weights"),
    (25, "25 irrelevant weights: do they ever land on exactly 0.0? Print them"),
    (3, "3 is too large"),
])
def test_06_5_typical_mistakes_get_their_hint(answer, hint):
    assert verdict("06.5", answer).message == hint


def test_06_5_the_expected_answer_is_what_the_smaller_step_gives():
    rng = np.random.default_rng(0)                       # the draws of notebook 06, section 3
    true_w = np.zeros(30)
    true_w[:5] = [3, -2, 1.5, 1, -0.5]
    X = rng.standard_normal((60, 30))
    y = X @ true_w + 0.5 * rng.standard_normal(60)
    step = 0.1 / np.linalg.eigvalsh(X.T @ X / 60).max()
    params = {"w": np.zeros(30)}
    for _ in range(5000):
        params["w"] -= step * (X.T @ (X @ params["w"] - y) / 60 + regularization.l1_penalty(params, 0.1)[1]["w"])
    assert regularization.l0_norm(params["w"]) == 30
