"""Activations: values by hand, derivatives against numbers, stability, dtypes, layers, bad inputs."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_lib import activations as A
from course_lib import gradcheck, layers

PARAMS = {"prelu": {"alpha": 0.25}}
"""Keyword arguments for the functions that need them (prelu has no default slope)."""

KINKS = {"relu": [0.0], "leaky_relu": [0.0], "prelu": [0.0], "elu": [0.0], "selu": [0.0],
         "hard_sigmoid": [-2.5, 2.5], "thresholded_relu": [1.0], "softsign": [0.0]}
"""Points where a function has no derivative (or, for softsign, no second derivative, which
makes a central difference only first-order accurate): numerical checks stay away from them."""


def _points(name: str) -> np.ndarray:
    """Points from −1e4 to 1e4, at least 1e-3 away from the function's kinks."""
    x = np.concatenate([-np.logspace(-2, 4, 40), np.logspace(-2, 4, 40), np.linspace(-4, 4, 41)])
    for kink in KINKS.get(name, []):
        x = x[np.abs(x - kink) > 1e-3]
    return x


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_derivative_matches_central_differences_from_minus_to_plus_1e4(name):
    f, grad = A.ACTIVATIONS[name]
    kw = PARAMS.get(name, {})
    x = _points(name)
    numeric = np.array([gradcheck.numerical_gradient(lambda z: f(z, **kw)[0], np.array([xi]))[0]
                        for xi in x])  # one point at a time: a sum would drown small slopes
    analytic = grad(x, **kw)
    # Where f is flat (|f'| < 1e-4), f(x ± h) agree in almost every digit and the difference
    # carries an absolute rounding error of about 1e-16·|f| / h ≈ 1e-11: compare absolutely there.
    steep = np.abs(analytic) > 1e-4
    assert gradcheck.rel_error(analytic[steep], numeric[steep]) < 1e-6
    np.testing.assert_allclose(analytic[~steep], numeric[~steep], rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_activation_layer_passes_the_gradient_check(name):
    rng = np.random.default_rng(3)
    x = rng.uniform(-4, 4, (6, 5))
    for kink in KINKS.get(name, []):
        x[np.abs(x - kink) < 1e-3] += 0.01
    errors = gradcheck.check_layer(layers.Activation(name, **PARAMS.get(name, {})), x, rng=rng)
    assert errors["x"] < 1e-6


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_huge_inputs_give_finite_values_without_warnings_and_keep_the_dtype(name, dtype):
    f, grad = A.ACTIVATIONS[name]
    kw = PARAMS.get(name, {})
    x = np.array([-1e4, -1e3, -88.8, -10, 0, 10, 88.8, 1e3, 1e4], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y, dy = f(x, **kw), grad(x, **kw)
    assert y.dtype == dy.dtype == dtype
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dy))


def test_values_by_hand():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(A.leaky_relu(x), [-0.02, 0, 3])
    np.testing.assert_allclose(A.leaky_relu(x, alpha=0.5), [-1, 0, 3])
    np.testing.assert_allclose(A.prelu(x, alpha=0.25), [-0.5, 0, 3])
    np.testing.assert_allclose(A.elu(x), [np.exp(-2) - 1, 0, 3])
    np.testing.assert_allclose(A.softplus(np.array([0.0])), [np.log(2)])
    np.testing.assert_allclose(A.softsign(x), [-2 / 3, 0, 0.75])
    np.testing.assert_allclose(A.thresholded_relu(np.array([0.5, 1.0, 1.5])), [0, 0, 1.5])
    np.testing.assert_allclose(A.thresholded_relu(np.array([0.5, 1.5]), theta=0.2), [0.5, 1.5])


def test_hard_sigmoid_is_the_notes_line_clipped_at_plus_minus_2_5():
    x = np.array([-3.0, -2.5, -1.0, 0.0, 1.0, 2.5, 3.0])
    np.testing.assert_allclose(A.hard_sigmoid(x), [0, 0, 0.3, 0.5, 0.7, 1, 1])
    np.testing.assert_allclose(A.hard_sigmoid_grad(np.array([-3.0, 0.0, 2.0, 2.6])), [0, 0.2, 0.2, 0])


def test_selu_uses_pytorch_constants():
    assert A.SELU_ALPHA == 1.6732632423543772 and A.SELU_SCALE == 1.0507009873554805
    np.testing.assert_allclose(A.selu(np.array([1.0, -1e4])), [1.0507009873554805,
                                                              -1.0507009873554805 * 1.6732632423543772])


def test_derivatives_at_kinks_follow_pytorch():
    zero = np.array([0.0])
    assert A.relu_grad(zero)[0] == 0 and A.leaky_relu_grad(zero)[0] == 0.01
    assert A.elu_grad(zero, alpha=2.0)[0] == 2.0
    assert A.selu_grad(zero)[0] == pytest.approx(A.SELU_SCALE * A.SELU_ALPHA)


def test_prelu_takes_one_slope_per_column():
    x = np.array([[-1.0, -1.0], [2.0, -4.0]])
    np.testing.assert_allclose(A.prelu(x, alpha=np.array([0.1, 0.5])), [[-0.1, -0.5], [2, -2]])
    np.testing.assert_allclose(A.prelu_grad(x, alpha=np.array([0.1, 0.5])), [[0.1, 0.5], [1, 0.5]])


def test_sigmoid_derivative_is_at_most_a_quarter():
    x = np.linspace(-20, 20, 4001)
    assert A.sigmoid_grad(x).max() == 0.25


finite = arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e4, 1e4))


@given(finite)
def test_sigmoid_is_symmetric_about_one_half(x):
    np.testing.assert_allclose(A.sigmoid(-x), 1 - A.sigmoid(x), atol=1e-15)


@given(finite)
def test_softplus_minus_its_mirror_is_x(x):
    np.testing.assert_allclose(A.softplus(x) - A.softplus(-x), x, atol=1e-12, rtol=1e-12)


@given(finite)
def test_tanh_is_a_rescaled_sigmoid(x):
    np.testing.assert_allclose(A.tanh(x), 2 * A.sigmoid(2 * x) - 1, atol=1e-12)


@given(finite)
def test_selu_is_scale_times_elu(x):
    np.testing.assert_allclose(A.selu(x), A.SELU_SCALE * A.elu(x, alpha=A.SELU_ALPHA))


@pytest.mark.parametrize("name", sorted(set(A.ACTIVATIONS) - {"thresholded_relu"}))
@given(x=finite)
def test_all_but_thresholded_relu_are_continuous_and_non_decreasing(name, x):
    f, grad = A.ACTIVATIONS[name]
    kw = PARAMS.get(name, {})
    xs = np.sort(x)
    assert np.all(np.diff(f(xs, **kw)) >= 0)
    assert np.all(grad(x, **kw) >= 0)


@pytest.mark.parametrize("name", sorted(A.ACTIVATIONS))
def test_text_input_is_refused_with_a_message(name):
    f, grad = A.ACTIVATIONS[name]
    for fn in (f, grad):
        with pytest.raises(TypeError, match="x must be an array of numbers"):
            fn("1.0", **PARAMS.get(name, {}))


@pytest.mark.parametrize("fn", [A.leaky_relu, A.leaky_relu_grad, A.elu, A.elu_grad])
def test_negative_alpha_is_refused(fn):
    with pytest.raises(ValueError, match=r"alpha must be in \[0, inf\], got -1"):
        fn(np.ones(3), alpha=-1)


@pytest.mark.parametrize("fn", [A.prelu, A.prelu_grad])
def test_prelu_alpha_must_broadcast_against_x(fn):
    with pytest.raises(ValueError, match=r"alpha must broadcast against x of shape \(2, 3\), got shape \(2,\)"):
        fn(np.ones((2, 3)), alpha=np.ones(2))
    with pytest.raises(TypeError, match="alpha must be an array of numbers"):
        fn(np.ones(3), alpha="0.1")


@pytest.mark.parametrize("fn", [A.thresholded_relu, A.thresholded_relu_grad])
def test_theta_must_be_a_number(fn):
    with pytest.raises(ValueError, match="theta must be in"):
        fn(np.ones(3), theta=float("nan"))
    with pytest.raises(TypeError, match="theta must be a real number"):
        fn(np.ones(3), theta="1")


def test_unknown_activation_name_is_refused_by_the_layer():
    with pytest.raises(ValueError, match="name must be one of"):
        layers.Activation("swish")
