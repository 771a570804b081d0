"""The 2-D test surfaces: values at known points, gradients and Hessians against numbers, descend."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import gradcheck, optim, surfaces

ALL = [factory() for factory in surfaces.SURFACES.values()] + [surfaces.quadratic(100.0),
                                                               surfaces.rosenbrock(2.0, 10.0)]
coordinate = st.floats(-2.0, 2.0, allow_nan=False)


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
def test_every_listed_minimum_is_a_stationary_point_with_value_zero(surface):
    for minimum in surface.minima:
        assert surface.value(np.array(minimum)) == pytest.approx(0.0, abs=1e-9)
        np.testing.assert_allclose(surface.grad(np.array(minimum)), 0.0, atol=1e-4)


@pytest.mark.parametrize("surface", ALL, ids=lambda s: s.name)
@settings(max_examples=25, deadline=None)
@given(x=coordinate, y=coordinate)
def test_gradient_and_hessian_match_numerical_differences(surface, x, y):
    p = np.array([x, y])
    numeric_grad = gradcheck.numerical_gradient(lambda q: surface.value(q), p.copy(), h=1e-6)
    np.testing.assert_allclose(surface.grad(p), numeric_grad, rtol=1e-5, atol=1e-5)
    numeric_hessian = np.stack([gradcheck.numerical_gradient(lambda q, i=i: surface.grad(q)[i], p.copy(), h=1e-6)
                                for i in range(2)])
    np.testing.assert_allclose(surface.hessian(p), numeric_hessian, rtol=1e-5, atol=1e-4)


def test_values_by_hand():
    assert surfaces.quadratic(10).value(np.array([1.0, 1.0])) == 5.5  # ½(1 + 10)
    assert surfaces.rosenbrock().value(np.array([0.0, 0.0])) == 1.0
    assert surfaces.saddle().value(np.array([1.0, 2.0])) == -3.0
    assert surfaces.himmelblau().value(np.array([0.0, 0.0])) == 170.0  # 121 + 49
    assert surfaces.beale().value(np.array([0.0, 0.0])) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)


def test_the_quadratic_hessian_holds_the_condition_number():
    hessian = surfaces.quadratic(25.0).hessian(np.array([0.3, -0.2]))
    np.testing.assert_array_equal(hessian, [[1.0, 0.0], [0.0, 25.0]])
    assert np.linalg.cond(hessian) == 25.0


def test_points_broadcast_over_grids():
    surface = surfaces.himmelblau()
    X, Y, Z = surface.grid(7)
    points = np.stack([X, Y], axis=-1)
    assert Z.shape == (7, 7)
    np.testing.assert_allclose(surface.value(points), Z)
    assert surface.grad(points).shape == (7, 7, 2)
    assert surface.hessian(points).shape == (7, 7, 2, 2)


def test_descend_with_sgd_on_the_quadratic_follows_the_closed_form():
    # x_k = (1 − lr)^k x_0 and y_k = (1 − lr·κ)^k y_0 for f = ½(x² + κy²).
    path = surfaces.descend(surfaces.quadratic(4.0), optim.SGD(0.1), (2.0, 1.0), steps=20)
    k = np.arange(21)
    np.testing.assert_allclose(path[:, 0], 2.0 * 0.9**k)
    np.testing.assert_allclose(path[:, 1], 1.0 * 0.6**k)


def test_descend_marks_an_overflowing_run_with_nan():
    path = surfaces.descend(surfaces.rosenbrock(), optim.SGD(0.1), (-1.5, 2.5), steps=50)
    assert np.isnan(path[-1]).all() and np.isfinite(path[0]).all()


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match=r"condition must be in \[1, inf\], got 0.5"):
        surfaces.quadratic(0.5)
    with pytest.raises(ValueError, match=r"p must have shape \(..., 2\) \(points \(x, y\)\), got shape \(3,\)"):
        surfaces.saddle().value(np.ones(3))
    with pytest.raises(ValueError, match=r"b must be in \(0, inf\], got 0"):
        surfaces.rosenbrock(b=0)
    with pytest.raises(TypeError, match="surface must be a Surface, got str"):
        surfaces.descend("bowl", optim.SGD(0.1), (0, 0), 3)
    with pytest.raises(TypeError, match=r"optimizer must have a step\(params, grads\) method, got float"):
        surfaces.descend(surfaces.saddle(), 0.1, (0, 0), 3)
    with pytest.raises(ValueError, match=r"start must have shape \(2,\), got shape \(3,\)"):
        surfaces.descend(surfaces.saddle(), optim.SGD(0.1), (0, 0, 0), 3)
    with pytest.raises(ValueError, match=r"steps must be in \[0, inf\], got -1"):
        surfaces.descend(surfaces.saddle(), optim.SGD(0.1), (0, 0), -1)
    with pytest.raises(ValueError, match=r"n must be in \[2, inf\], got 1"):
        surfaces.saddle().grid(1)


LINE_X, LINE_Y = np.array([0.0, 1.0, 2.0, 4.0]), np.array([1.0, 2.0, 2.0, 5.0])


def test_least_squares_value_by_hand():
    # at (w, b) = (1, 1) the residuals are 0, 0, 1, 0: f = ½ · 1 / 4
    assert surfaces.least_squares(LINE_X, LINE_Y).value(np.array([1.0, 1.0])) == 0.125


def test_least_squares_minimum_is_the_polyfit_line_with_zero_gradient():
    surface = surfaces.least_squares(LINE_X, LINE_Y)
    np.testing.assert_allclose(surface.minima[0], np.polyfit(LINE_X, LINE_Y, 1), rtol=1e-12)
    np.testing.assert_allclose(surface.grad(np.array(surface.minima[0])), 0.0, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(w=coordinate, b=coordinate)
def test_least_squares_gradient_and_hessian_match_numerical_differences(w, b):
    surface, p = surfaces.least_squares(LINE_X, LINE_Y), np.array([w, b])
    numeric = gradcheck.numerical_gradient(lambda q: surface.value(q), p.copy(), h=1e-6)
    assert gradcheck.rel_error(surface.grad(p), numeric) < 1e-6 or np.abs(surface.grad(p) - numeric).max() < 1e-8
    # the Hessian is the mean of (x_i, 1)(x_i, 1)^T, whatever the point
    features = np.stack([LINE_X, np.ones(4)], axis=1)
    np.testing.assert_allclose(surface.hessian(p), features.T @ features / 4)


def test_least_squares_broadcasts_over_grids():
    X, Y, Z = surfaces.least_squares(LINE_X, LINE_Y).grid(5)
    assert Z.shape == (5, 5)
    assert Z[2, 2] == surfaces.least_squares(LINE_X, LINE_Y).value(np.array([X[2, 2], Y[2, 2]]))


@pytest.mark.parametrize(("x", "y", "message"), [
    ([1.0], [1.0], r"x must hold at least 2 points, got shape \(1,\)"),
    ([1.0, 2.0], [1.0, 2.0, 3.0], r"y must have the shape of x, \(2,\), got shape \(3,\)"),
    ([2.0, 2.0], [1.0, 3.0], "x must not be all equal"),
    ([[1.0, 2.0]], [1.0, 2.0], r"x must have shape \(N,\), got shape \(1, 2\)"),
    ([1.0, np.nan], [1.0, 2.0], "x must contain only finite numbers, got NaN or inf"),
    ([1e200, -1e200], [1.0, 2.0], "too large"),
])
def test_least_squares_rejects_bad_data(x, y, message):
    with pytest.raises((ValueError, TypeError), match=message):
        surfaces.least_squares(x, y)
