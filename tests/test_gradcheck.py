"""Numerical gradients, relative errors and the layer checker."""

import numpy as np
import pytest

from course_lib import gradcheck, layers


def test_numerical_gradient_of_a_quadratic_is_exact_up_to_rounding():
    x = np.array([1.0, -2.0, 3.0])
    grad = gradcheck.numerical_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_allclose(grad, [2.0, -4.0, 6.0], rtol=1e-9)


def test_numerical_gradient_restores_x():
    x = np.array([[0.5, 1.5], [2.5, 3.5]])
    before = x.copy()
    gradcheck.numerical_gradient(lambda v: np.prod(v), x)
    np.testing.assert_array_equal(x, before)


def test_central_differences_are_second_order_accurate():
    # d/dx sin(x) at 1 is cos(1); the central-difference error is about h²/6·|cos(1)|.
    x = np.array([1.0])
    for h in (1e-2, 1e-3):
        error = abs(gradcheck.numerical_gradient(lambda v: np.sin(v[0]), x, h=h)[0] - np.cos(1.0))
        assert error == pytest.approx(h**2 / 6 * np.cos(1.0), rel=1e-3)


def test_dout_weights_an_array_valued_function():
    x = np.array([1.0, 2.0])
    dout = np.array([3.0, -1.0])
    grad = gradcheck.numerical_gradient(lambda v: v**3, x, dout=dout)
    np.testing.assert_allclose(grad, dout * 3 * x**2, rtol=1e-8)


def test_rel_error_by_hand():
    assert gradcheck.rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gradcheck.rel_error([1.0], [3.0]) == pytest.approx(0.5)
    assert gradcheck.rel_error([0.0], [0.0]) == 0.0


def test_check_layer_finds_a_wrong_backward():
    class WrongSquare(layers.Layer):
        def forward(self, x):
            self.x = x
            return x**2

        def backward(self, dout):
            return dout * self.x  # the factor 2 is missing

    errors = gradcheck.check_layer(WrongSquare(), np.array([[1.0, 2.0]]), rng=0)
    assert errors["x"] == pytest.approx(1 / 3, rel=1e-6)  # |2x − x| / (2x + x)


def test_check_layer_uses_the_given_upstream_gradient():
    errors = gradcheck.check_layer(layers.Linear(2, 2, rng=0), np.ones((3, 2)), dout=np.ones((3, 2)))
    assert max(errors.values()) < 1e-8


def test_bad_inputs_are_named():
    with pytest.raises(TypeError, match="f must be callable, got int"):
        gradcheck.numerical_gradient(3, np.ones(2))
    with pytest.raises(TypeError, match="x must be a float32 or float64 numpy array"):
        gradcheck.numerical_gradient(np.sum, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"h must be in \(0, inf\], got 0"):
        gradcheck.numerical_gradient(np.sum, np.ones(2), h=0)
    with pytest.raises(ValueError, match=r"f must return a scalar when dout is None, got shape \(2,\)"):
        gradcheck.numerical_gradient(lambda v: v, np.ones(2))
    with pytest.raises(ValueError, match="x must be C-contiguous"):
        gradcheck.numerical_gradient(np.sum, np.ones((3, 2)).T)
    with pytest.raises(ValueError, match=r"a and b must have the same shape, got \(2,\) and \(3,\)"):
        gradcheck.rel_error(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match=r"dout must have the shape of the layer's output \(3, 2\), got \(2, 2\)"):
        gradcheck.check_layer(layers.Linear(2, 2, rng=0), np.ones((3, 2)), dout=np.ones((2, 2)))


def test_numerical_gradient_refuses_float16():
    with pytest.raises(TypeError, match="x must be float32 or float64, got .*float16"):
        gradcheck.numerical_gradient(lambda x: float(x.sum()), np.ones(3, dtype=np.float16))


def test_difference_errors_fall_as_h_and_as_h_squared_where_truncation_dominates():
    hs = np.array([1e-2, 1e-3])
    errors = gradcheck.difference_errors(np.exp, 1.0, np.e, hs)
    # d/dx eˣ: the one-sided error is about h/2, the central one about h²/6
    np.testing.assert_allclose(errors["one-sided"], hs / 2, rtol=0.01)
    np.testing.assert_allclose(errors["central"], hs ** 2 / 6, rtol=0.01)


def test_difference_errors_grow_again_for_tiny_steps_and_sooner_in_float32():
    hs = np.logspace(-12, 0, 49)
    best = {dtype: hs[np.argmin(gradcheck.difference_errors(np.exp, 1.0, np.e, hs, dtype=dtype)["central"])]
            for dtype in (np.float64, np.float32)}
    assert 1e-7 <= best[np.float64] <= 1e-4  # near ε^(1/3) ≈ 5e-6
    assert 1e-3 <= best[np.float32] <= 1e-1  # near ε^(1/3) ≈ 4e-3 for float32
    tiny = gradcheck.difference_errors(np.exp, 1.0, np.e, np.array([1e-12]))
    assert tiny["central"][0] > 1e-6  # rounding: far worse than at the best step


def test_difference_errors_refuses_bad_inputs_with_a_message():
    with pytest.raises(TypeError, match="f must be callable, got int"):
        gradcheck.difference_errors(3, 1.0, 1.0, [1e-3])
    with pytest.raises(ValueError, match="exact must not be 0"):
        gradcheck.difference_errors(np.sin, 0.0, 0.0, [1e-3])
    with pytest.raises(ValueError, match="hs must all be > 0, got -0.1"):
        gradcheck.difference_errors(np.sin, 0.0, 1.0, [1e-3, -0.1])
    with pytest.raises(ValueError, match=r"hs must have shape \(H,\), got shape \(1, 1\)"):
        gradcheck.difference_errors(np.sin, 0.0, 1.0, [[1e-3]])
