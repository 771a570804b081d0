"""Norms, l2_loss, the L1/L2 penalties and the L1 proximal step: values, gradients, bad inputs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import gradcheck, optim, regularization

NOTES_T = [[1.0, 2.0], [3.0, 4.0]]


def test_norms_of_a_small_vector_by_hand():
    w = [3.0, 0.0, -4.0]
    assert regularization.l0_norm(w) == 2
    assert regularization.l1_norm(w) == 7.0
    assert regularization.l2_norm(w) == 5.0


def test_matrix_norms_treat_all_entries_as_one_vector():
    assert regularization.l2_norm(NOTES_T) == pytest.approx(math.sqrt(30))
    assert regularization.l2_norm(NOTES_T) == pytest.approx(np.linalg.norm(np.ravel(NOTES_T)))
    assert regularization.l1_norm(NOTES_T) == 10.0


def test_l2_loss_of_the_notes_matrix_is_15():
    assert regularization.l2_loss(NOTES_T) == 15.0
    assert regularization.l2_loss(np.array(NOTES_T, dtype=np.float32)) == 15.0


def test_l2_loss_is_half_the_squared_l2_norm():
    w = np.random.default_rng(0).standard_normal((4, 3))
    assert regularization.l2_loss(w) == pytest.approx(0.5 * regularization.l2_norm(w) ** 2)


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, 6, elements=st.floats(-1e3, 1e3)), st.floats(-10, 10))
def test_norms_are_absolutely_homogeneous_and_ordered(w, c):
    assert regularization.l1_norm(c * w) == pytest.approx(abs(c) * regularization.l1_norm(w), rel=1e-9, abs=1e-9)
    assert regularization.l2_norm(c * w) == pytest.approx(abs(c) * regularization.l2_norm(w), rel=1e-9, abs=1e-9)
    assert regularization.l2_norm(w) <= regularization.l1_norm(w) * (1 + 1e-12) + 1e-12


def test_penalties_by_hand():
    params = {"W": np.array([[1.0, -2.0]]), "V": np.array([0.0, 3.0])}
    l1, g1 = regularization.l1_penalty(params, 0.5)
    l2, g2 = regularization.l2_penalty(params, 0.5)
    assert l1 == pytest.approx(0.5 * (1 + 2 + 0 + 3))
    assert l2 == pytest.approx(0.5 * 0.5 * (1 + 4 + 0 + 9))
    np.testing.assert_array_equal(g1["W"], [[0.5, -0.5]])
    np.testing.assert_array_equal(g1["V"], [0.0, 0.5])  # sign(0) = 0
    np.testing.assert_array_equal(g2["W"], [[0.5, -1.0]])
    np.testing.assert_array_equal(g2["V"], [0.0, 1.5])


@pytest.mark.parametrize("penalty", [regularization.l1_penalty, regularization.l2_penalty])
def test_penalty_gradients_match_numerical_gradients(penalty):
    w = np.random.default_rng(1).standard_normal((3, 4))  # no entry at the kink of |w|
    _, grads = penalty({"W": w}, 0.3)
    numeric = gradcheck.numerical_gradient(lambda x: penalty({"W": x}, 0.3)[0], w)
    assert gradcheck.rel_error(grads["W"], numeric) < 1e-6


def test_sgd_weight_decay_equals_sgd_on_the_l2_penalised_gradient():
    rng = np.random.default_rng(2)
    a = {"W": rng.standard_normal((3, 2))}
    b = {"W": a["W"].copy()}
    decayed, plain = optim.SGD(0.1, weight_decay=0.01), optim.SGD(0.1)
    for _ in range(20):
        g = {"W": rng.standard_normal((3, 2))}
        decayed.step(a, g)
        _, penalty_grads = regularization.l2_penalty(b, 0.01)
        plain.step(b, {"W": g["W"] + penalty_grads["W"]})
    np.testing.assert_allclose(a["W"], b["W"], rtol=1e-14, atol=1e-15)


def test_soft_threshold_by_hand():
    out = regularization.soft_threshold([-3.0, -0.5, 0.0, 0.5, 1.0, 3.0], 1.0)
    np.testing.assert_array_equal(out, [-2.0, 0.0, 0.0, 0.0, 0.0, 2.0])
    assert not np.any(np.signbit(out[1:5]))  # exact +0, not −0


def test_soft_threshold_is_the_l1_proximal_operator():
    # the minimiser of ½(v − w)² + τ|v|, found on a fine grid, for a few w
    grid = np.linspace(-5, 5, 100001)
    for w in (-2.3, -0.4, 0.0, 0.7, 3.1):
        best = grid[np.argmin(0.5 * (grid - w) ** 2 + 0.8 * np.abs(grid))]
        assert regularization.soft_threshold(w, 0.8) == pytest.approx(best, abs=1e-4)


def test_soft_threshold_keeps_float32():
    assert regularization.soft_threshold(np.ones(3, dtype=np.float32), 0.5).dtype == np.float32


def test_l1_proximal_step_updates_in_place_and_makes_exact_zeros():
    w = np.array([0.05, -0.2, 1.0])
    params = {"W": w}
    regularization.l1_proximal_step(params, lr=0.1, lam=1.0)
    assert params["W"] is w
    np.testing.assert_allclose(w, [0.0, -0.1, 0.9])
    assert regularization.l0_norm(w) == 2


def test_proximal_gradient_reaches_exact_zeros_where_subgradient_descent_does_not():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((40, 10))
    y = X[:, 0] * 2.0 + 0.1 * rng.standard_normal(40)
    prox, sub = {"w": np.zeros(10)}, {"w": np.zeros(10)}
    lr, lam = 0.05, 0.2
    for _ in range(500):
        for params, use_prox in ((prox, True), (sub, False)):
            grad = X.T @ (X @ params["w"] - y) / len(y)
            if not use_prox:
                grad = grad + regularization.l1_penalty(params, lam)[1]["w"]
            params["w"] -= lr * grad
            if use_prox:
                regularization.l1_proximal_step(params, lr, lam)
    assert regularization.l0_norm(prox["w"]) == 1
    assert regularization.l0_norm(sub["w"]) == 10


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: regularization.l0_norm("w"), TypeError, "w must be an array of numbers, got str 'w'"),
    (lambda: regularization.l1_norm(None), TypeError, "w must be an array of numbers, got NoneType None"),
    (lambda: regularization.l2_norm([1j]), TypeError, "w must be real, got complex dtype complex128"),
    (lambda: regularization.l2_loss("t"), TypeError, "t must be an array of numbers, got str 't'"),
    (lambda: regularization.l1_penalty([1.0], 0.1), TypeError, r"params must be a dict of arrays \(name -> array\), got list"),
    (lambda: regularization.l2_penalty({"W": np.ones(2)}, -0.1), ValueError, r"lam must be in \[0, inf\], got -0.1"),
    (lambda: regularization.l2_penalty({"W": "abc"}, 0.1), TypeError, "params\\['W'\\] must be an array of numbers"),
    (lambda: regularization.soft_threshold([1.0], -1), ValueError, r"threshold must be in \[0, inf\], got -1"),
    (lambda: regularization.l1_proximal_step({"W": [1.0, 2.0]}, 0.1, 0.1), TypeError, r"params\['W'\] must be a float numpy array \(it is updated in place\)"),
    (lambda: regularization.l1_proximal_step({"W": np.ones(2)}, 0.0, 0.1), ValueError, r"lr must be in \(0, inf\], got 0"),
    (lambda: regularization.l1_proximal_step((), 0.1, 0.1), TypeError, "params must be a dict of arrays"),
])
def test_regularization_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_ridge_fit_matches_the_normal_equations_and_scikit_learn():
    from sklearn.linear_model import Ridge

    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((20, 5)), rng.standard_normal(20)
    w = regularization.ridge_fit(X, y, 2.0)
    np.testing.assert_allclose(w, np.linalg.solve(X.T @ X + 2.0 * np.eye(5), X.T @ y))
    np.testing.assert_allclose(w, Ridge(alpha=2.0, fit_intercept=False).fit(X, y).coef_, rtol=1e-6)


def test_ridge_fit_with_lam_0_interpolates_when_it_can():
    X = np.array([[1.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(regularization.ridge_fit(X, np.array([1.0, 3.0]), 0.0), [1.0, 2.0])


def test_ridge_fit_rejects_mismatched_rows():
    with pytest.raises(ValueError, match=r"X and y must have the same number of rows, got shapes \(3, 2\) and \(2,\)"):
        regularization.ridge_fit(np.ones((3, 2)), np.ones(2), 0.1)


def test_soft_threshold_matches_torch_softshrink():
    # F.softshrink([-2, -0.3, 0, 0.4, 1.5], 0.5), recorded with torch 2.13
    np.testing.assert_array_equal(regularization.soft_threshold([-2.0, -0.3, 0.0, 0.4, 1.5], 0.5),
                                  [-1.5, 0.0, 0.0, 0.0, 1.0])


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, 8, elements=st.floats(-100, 100)), st.floats(0, 50))
def test_soft_threshold_moves_each_entry_by_tau_towards_zero_or_onto_it(w, tau):
    out = regularization.soft_threshold(w, tau)
    big = np.abs(w) > tau
    np.testing.assert_allclose(np.abs(w[big]) - np.abs(out[big]), tau, atol=1e-9)
    assert np.all(np.sign(out[big]) == np.sign(w[big]))
    assert np.all(out[~big] == 0)
