"""BatchNorm (against hand-computed and PyTorch numbers) and GlobalAvgPool: the layers of notebook 09."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import gradcheck, layers

EPS = 1e-5


def _bn(gamma=(1.0, 1.0), beta=(0.0, 0.0), **kwargs):
    bn = layers.BatchNorm(len(gamma), **kwargs)
    bn.params["gamma"][...] = gamma
    bn.params["beta"][...] = beta
    return bn


def test_training_normalises_with_the_biased_batch_variance():
    # column 0: mean 2, biased variance 1; column 1: mean 2, biased variance 4
    bn = _bn(gamma=(2.0, 1.0), beta=(0.5, -1.0))
    out = bn.forward(np.array([[1.0, 0.0], [3.0, 4.0]]))
    a, b = 1 / np.sqrt(1 + EPS), 2 / np.sqrt(4 + EPS)
    np.testing.assert_allclose(out, [[0.5 - 2 * a, -1 - b], [0.5 + 2 * a, -1 + b]], rtol=1e-15)


def test_training_moves_running_statistics_with_the_unbiased_variance():
    bn = _bn()
    bn.forward(np.array([[1.0, 0.0], [3.0, 4.0]]))  # means 2, 2; unbiased variances 2, 8
    np.testing.assert_allclose(bn.running_mean, [0.9 * 0 + 0.1 * 2, 0.9 * 0 + 0.1 * 2])
    np.testing.assert_allclose(bn.running_var, [0.9 * 1 + 0.1 * 2, 0.9 * 1 + 0.1 * 8])


def test_eval_uses_the_running_statistics_and_leaves_them_alone():
    bn = _bn(gamma=(2.0, 1.0), beta=(0.5, -1.0)).eval()
    bn.running_mean[...] = [1.0, 2.0]
    bn.running_var[...] = [4.0, 9.0]
    out = bn.forward(np.array([[3.0, 8.0]]))  # x̂ = (3 − 1)/2 = 1 and (8 − 2)/3 = 2, a batch of one is fine
    np.testing.assert_allclose(out, [[0.5 + 2 * 2 / np.sqrt(4 + EPS), -1 + 6 / np.sqrt(9 + EPS)]], rtol=1e-15)
    np.testing.assert_array_equal(bn.running_mean, [1.0, 2.0])
    np.testing.assert_array_equal(bn.running_var, [4.0, 9.0])


def test_matches_pytorch_batchnorm1d():
    # Numbers from torch 2.13 nn.BatchNorm1d(3, momentum=0.1, eps=1e-5) in float64, same γ, β and inputs.
    bn = _bn(gamma=(2.0, 0.5, -1.0), beta=(0.1, 0.0, 1.0))
    x1 = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, 0.5], [-1.0, 4.0, 2.0], [2.0, 1.0, -3.0]])
    dout = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-2.0, 1.0, 0.0], [1.0, 3.0, 1.0]])
    np.testing.assert_allclose(bn.forward(x1), [
        [-0.2380609291815945, -0.6350846186853565, 0.7278348762313834],
        [2.466426504271161, -0.1732048960050972, 0.7278348762313834],
        [-2.9425483626343496, 0.7505545493554213, -0.08866049507446627],
        [1.1141827875447832, 0.05773496533503242, 2.6329907426116996]], rtol=1e-12)
    np.testing.assert_allclose(bn.backward(dout), [
        [0.6374849548040323, -0.1962993563346138, -0.7938148099229996],
        [-0.405663533449093, -0.06928208772808533, 0.5670108089200833],
        [-0.3477321320324089, -0.2193923078602552, 0.1587635264735545],
        [0.11591071067746964, 0.48497375192295433, 0.06804047452936193]], rtol=1e-12)
    np.testing.assert_allclose(bn.grads["gamma"], [5.2399444023147135, 3.031085680089201, -1.2247430569587745], rtol=1e-12)
    np.testing.assert_allclose(bn.grads["beta"], [1.0, 3.25, 2.5], rtol=1e-12)
    bn.forward(np.array([[0.0, 1.0, 2.0], [2.0, 2.0, -1.0], [5.0, -3.0, 0.0]]))
    np.testing.assert_allclose(bn.running_mean, [0.3458333333333334, 0.06750000000000002, 0.03333333333333333], rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, [1.7058333333333335, 2.0725000000000002, 1.4483333333333335], rtol=1e-12)
    bn.eval()
    np.testing.assert_allclose(bn.forward(np.ones((1, 3))),
                               [[1.1017257438985615, 0.3238698554557672, 0.1967680391427038]], rtol=1e-12)


def test_training_backward_matches_numerical_gradients_for_a_random_upstream_gradient():
    rng = np.random.default_rng(0)
    bn = _bn(gamma=(1.5, -0.7, 0.3), beta=(0.2, 0.0, -1.0))
    errors = gradcheck.check_layer(bn, 3 * rng.standard_normal((6, 3)) + 1, rng=rng)
    assert set(errors) == {"x", "gamma", "beta"}
    assert max(errors.values()) < 1e-7


def test_eval_backward_matches_numerical_gradients():
    rng = np.random.default_rng(1)
    bn = _bn(gamma=(1.5, -0.7, 0.3), beta=(0.2, 0.0, -1.0))
    bn.running_mean[...] = [0.5, -1.0, 2.0]
    bn.running_var[...] = [2.0, 0.5, 3.0]
    errors = gradcheck.check_layer(bn.eval(), rng.standard_normal((5, 3)), rng=rng)
    assert max(errors.values()) < 1e-7


def test_an_all_ones_upstream_gradient_gives_a_zero_input_gradient():
    # Σ_n y[n] = N·β does not depend on x, so this dout cannot catch a wrong dx: use random ones.
    bn = _bn(gamma=(1.5, -0.7))
    bn.forward(np.random.default_rng(2).standard_normal((5, 2)))
    np.testing.assert_allclose(bn.backward(np.ones((5, 2))), 0.0, atol=1e-14)


def test_gamma_and_beta_can_undo_the_normalisation():
    x = np.random.default_rng(3).normal(5.0, 2.0, size=(8, 2))
    bn = _bn(gamma=np.sqrt(x.var(axis=0) + EPS), beta=x.mean(axis=0))
    np.testing.assert_allclose(bn.forward(x), x, rtol=1e-12)


@pytest.mark.parametrize(("momentum", "expected_mean"), [(0.0, [0.0]), (1.0, [2.0])])
def test_momentum_zero_freezes_and_one_replaces_the_running_statistics(momentum, expected_mean):
    bn = layers.BatchNorm(1, momentum=momentum)
    bn.forward(np.array([[1.0], [3.0]]))
    np.testing.assert_array_equal(bn.running_mean, expected_mean)


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(2, 20), st.integers(1, 4)),
                  elements=st.floats(-1e3, 1e3)))
def test_training_output_has_zero_mean_and_variance_var_over_var_plus_eps(x):
    out = layers.BatchNorm(x.shape[1]).forward(x)
    var = x.var(axis=0)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-9)
    np.testing.assert_allclose(out.var(axis=0), var / (var + EPS), rtol=1e-6, atol=1e-9)


def test_float32_stays_float32_end_to_end():
    bn = layers.BatchNorm(3, dtype=np.float32)
    x = np.random.default_rng(4).standard_normal((5, 3)).astype(np.float32)
    out = bn.forward(x)
    dx = bn.backward(np.ones_like(out))
    arrays = [out, dx, bn.grads["gamma"], bn.grads["beta"], bn.running_mean, bn.running_var]
    assert all(a.dtype == np.float32 for a in arrays)
    assert bn.eval().forward(x).dtype == np.float32


def test_grads_and_running_statistics_are_updated_in_place():
    bn = layers.BatchNorm(2)
    kept = [bn.grads["gamma"], bn.grads["beta"], bn.running_mean, bn.running_var]
    bn.forward(np.array([[1.0, 2.0], [3.0, 5.0]]))
    bn.backward(np.array([[1.0, 0.0], [2.0, 1.0]]))
    now = [bn.grads["gamma"], bn.grads["beta"], bn.running_mean, bn.running_var]
    assert all(a is b for a, b in zip(kept, now, strict=True))
    assert bn.grads["beta"].tolist() == [3.0, 1.0]


def test_parameters_are_named_gamma_and_beta_in_a_sequential():
    model = layers.Sequential(layers.Linear(4, 3, rng=0), layers.BatchNorm(3), layers.Activation("relu"))
    assert list(model.params) == ["0.W", "0.b", "1.gamma", "1.beta"]
    assert model[1].num_params == 6
    assert repr(model[1]) == "BatchNorm(3, momentum=0.1, eps=1e-05)"


def test_running_statistics_are_buffers_and_part_of_the_state():
    model = layers.Sequential(layers.Linear(4, 3, rng=0), layers.BatchNorm(3))
    bn = model[1]
    assert bn.buffers["running_mean"] is bn.running_mean
    assert bn.buffers["running_var"] is bn.running_var
    assert list(model.buffers) == ["1.running_mean", "1.running_var"]
    assert list(model.state) == ["0.W", "0.b", "1.gamma", "1.beta", "1.running_mean", "1.running_var"]
    assert model.num_params == 4 * 3 + 3 + 6  # buffers are not trained parameters
    model.forward(np.arange(8.0).reshape(2, 4))
    np.testing.assert_array_equal(model.state["1.running_mean"], bn.running_mean)
    assert np.any(bn.running_mean != 0)


def test_a_model_with_batchnorm_passes_the_gradient_check():
    rng = np.random.default_rng(5)
    model = layers.Sequential(layers.Linear(4, 3, rng=rng), layers.BatchNorm(3), layers.Activation("tanh"),
                              layers.Linear(3, 2, rng=rng))
    errors = gradcheck.check_layer(model, rng.standard_normal((6, 4)), rng=rng)
    assert max(error for name, error in errors.items() if name != "0.b") < 1e-7


def test_a_bias_just_before_batchnorm_gets_no_gradient():
    # The batch mean subtracts any constant added to a column, so that bias changes nothing.
    rng = np.random.default_rng(5)
    model = layers.Sequential(layers.Linear(4, 3, rng=rng), layers.BatchNorm(3))
    model.forward(rng.standard_normal((6, 4)))
    model.backward(rng.standard_normal((6, 3)))
    np.testing.assert_allclose(model.grads["0.b"], 0.0, atol=1e-14)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"num_features": 0}, ValueError, r"num_features must be in \[1, inf\], got 0"),
    ({"num_features": 2.0}, TypeError, "num_features must be an integer, got float 2.0"),
    ({"num_features": 2, "momentum": 1.5}, ValueError, r"momentum must be in \[0, 1\], got 1.5"),
    ({"num_features": 2, "eps": 0.0}, ValueError, r"eps must be in \(0, inf\], got 0"),
    ({"num_features": 2, "dtype": np.int64}, ValueError, "dtype must be np.float32 or np.float64, got int64"),
])
def test_batchnorm_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        layers.BatchNorm(**kwargs)


def test_batchnorm_forward_rejects_the_wrong_shape():
    with pytest.raises(ValueError, match=r"x must have shape \(N, 3\), got shape \(4, 2\)"):
        layers.BatchNorm(3).forward(np.ones((4, 2)))


def test_batchnorm_refuses_a_batch_of_one_in_training_as_pytorch_does():
    with pytest.raises(ValueError, match=r"x must have at least 2 rows in training .* got shape \(1, 3\); call eval"):
        layers.BatchNorm(3).forward(np.ones((1, 3)))


def test_batchnorm_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="backward called before forward"):
        layers.BatchNorm(3).backward(np.ones((2, 3)))


def test_global_avg_pool_averages_each_channel_by_hand():
    x = np.arange(16.0).reshape(1, 4, 2, 2)  # channel c holds 4c, 4c+1, 4c+2, 4c+3
    np.testing.assert_array_equal(layers.GlobalAvgPool().forward(x), [[1.5, 5.5, 9.5, 13.5]])


def test_global_avg_pool_backward_spreads_the_gradient_evenly():
    pool = layers.GlobalAvgPool()
    pool.forward(np.zeros((1, 2, 2, 3)))
    dx = pool.backward(np.array([[6.0, -12.0]]))
    np.testing.assert_array_equal(dx[0, 0], np.full((2, 3), 1.0))
    np.testing.assert_array_equal(dx[0, 1], np.full((2, 3), -2.0))


def test_global_avg_pool_matches_numerical_gradients():
    rng = np.random.default_rng(6)
    errors = gradcheck.check_layer(layers.GlobalAvgPool(), rng.standard_normal((2, 3, 4, 5)), rng=rng)
    assert errors == {"x": pytest.approx(0.0, abs=1e-8)}


def test_global_avg_pool_has_no_parameters_and_keeps_float32():
    pool = layers.GlobalAvgPool()
    assert pool.num_params == 0 and repr(pool) == "GlobalAvgPool()"
    out = pool.forward(np.ones((2, 3, 4, 4), dtype=np.float32))
    assert out.shape == (2, 3) and out.dtype == pool.backward(out).dtype == np.float32


def test_global_avg_pool_rejects_input_that_is_not_four_dimensional():
    with pytest.raises(ValueError, match=r"x must have shape \(N, C, H, W\), got shape \(2, 3\)"):
        layers.GlobalAvgPool().forward(np.ones((2, 3)))
    with pytest.raises(RuntimeError, match="backward called before forward"):
        layers.GlobalAvgPool().backward(np.ones((2, 3)))
