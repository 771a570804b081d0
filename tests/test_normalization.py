"""Batch norm of feature maps (per channel) and batch norm folded into the Linear before it."""

import numpy as np
import pytest

from course_lib import gradcheck, layers, normalization


def _maps(seed=0, shape=(3, 2, 4, 5)):
    return 2 + 3 * np.random.default_rng(seed).standard_normal(shape)


def test_batchnorm2d_takes_statistics_per_channel_over_batch_and_positions():
    x = _maps()
    bn = normalization.BatchNorm2d(2)
    bn.params["gamma"][...], bn.params["beta"][...] = [2.0, 0.5], [1.0, -1.0]
    out = bn.forward(x)
    expected = np.empty_like(x)
    for c in range(2):  # the loop the vectorised layer must match
        values = x[:, c]
        expected[:, c] = bn.params["gamma"][c] * (values - values.mean()) / np.sqrt(values.var() + bn.eps) \
            + bn.params["beta"][c]
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    n = x.shape[0] * x.shape[2] * x.shape[3]
    np.testing.assert_allclose(bn.running_mean, 0.1 * x.mean(axis=(0, 2, 3)))
    np.testing.assert_allclose(bn.running_var, 0.9 + 0.1 * x.var(axis=(0, 2, 3)) * n / (n - 1))


def test_batchnorm2d_in_evaluation_uses_the_running_statistics():
    bn = normalization.BatchNorm2d(2)
    bn.forward(_maps(1))
    bn.eval()
    x = _maps(2)
    mean, var = bn.running_mean[None, :, None, None], bn.running_var[None, :, None, None]
    np.testing.assert_allclose(bn.forward(x), (x - mean) / np.sqrt(var + bn.eps))


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm2d_backward_matches_numerical_gradients(training):
    bn = normalization.BatchNorm2d(2)
    bn.params["gamma"][...] = [1.5, -0.7]
    if not training:
        bn.forward(_maps(3))
        bn.eval()
    errors = gradcheck.check_layer(bn, _maps(4, (2, 2, 3, 3)), rng=0)
    assert max(errors.values()) < 1e-6


def test_batchnorm2d_rejects_rows_and_a_single_value_per_channel():
    with pytest.raises(ValueError, match=r"x must have shape \(N, 2, H, W\), got shape \(4, 2\)"):
        normalization.BatchNorm2d(2).forward(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"at least 2 values per channel in training .* got shape \(1, 2, 1, 1\)"):
        normalization.BatchNorm2d(2).forward(np.ones((1, 2, 1, 1)))


def test_batchnorm_of_rows_is_still_reachable_from_layers():
    assert issubclass(normalization.BatchNorm2d, layers.BatchNorm)
    assert repr(normalization.BatchNorm2d(3)) == "BatchNorm2d(3, momentum=0.1, eps=1e-05)"


def _trained_pair(seed=0):
    rng = np.random.default_rng(seed)
    linear, bn = layers.Linear(4, 3, rng=seed), layers.BatchNorm(3)
    linear.params["b"][...] = rng.standard_normal(3)
    bn.params["gamma"][...], bn.params["beta"][...] = rng.standard_normal(3), rng.standard_normal(3)
    for _ in range(5):
        bn.forward(linear.forward(rng.standard_normal((8, 4)) * 3 + 1))
    return linear, bn.eval()


def test_folded_linear_gives_the_outputs_of_linear_then_batchnorm_in_evaluation():
    linear, bn = _trained_pair()
    x = np.random.default_rng(5).standard_normal((6, 4))
    folded = normalization.fold_batchnorm(linear, bn)
    np.testing.assert_allclose(folded.forward(x), bn.forward(linear.forward(x)), rtol=1e-12, atol=1e-12)
    assert folded.num_params == linear.num_params   # the BN layer's parameters are gone


def test_fold_keeps_float32_and_leaves_the_given_layers_alone():
    linear, bn = layers.Linear(2, 2, rng=0, dtype=np.float32), layers.BatchNorm(2, dtype=np.float32).eval()
    before = linear.params["W"].copy()
    folded = normalization.fold_batchnorm(linear, bn)
    assert folded.params["W"].dtype == np.float32
    np.testing.assert_array_equal(linear.params["W"], before)


def test_fold_rejects_mismatched_or_wrong_layers():
    with pytest.raises(ValueError, match=r"bn must normalise the 3 outputs of linear, got BatchNorm\(2\)"):
        normalization.fold_batchnorm(layers.Linear(4, 3, rng=0), layers.BatchNorm(2))
    with pytest.raises(TypeError, match=r"linear must be a layers.Linear, got int"):
        normalization.fold_batchnorm(3, layers.BatchNorm(2))
    with pytest.raises(TypeError, match=r"bn must be a layers.BatchNorm, got"):
        normalization.fold_batchnorm(layers.Linear(2, 2, rng=0), layers.Dropout(0.5))


def test_folded_network_gives_the_same_outputs_in_evaluation_mode_with_fewer_layers():
    rng = np.random.default_rng(0)
    net = layers.Sequential(layers.Linear(4, 5, rng=1), layers.BatchNorm(5), layers.Activation("relu"),
                            layers.Linear(5, 3, rng=2))
    for _ in range(10):
        net.forward(rng.standard_normal((8, 4)) * 2 + 1)
    net.eval()
    folded = normalization.fold_sequential(net)
    x = rng.standard_normal((6, 4))
    np.testing.assert_allclose(folded.forward(x), net.forward(x), rtol=1e-12, atol=1e-12)
    assert [type(layer).__name__ for layer in folded.layers] == ["Linear", "Activation", "Linear"]
    assert folded.num_params == net.num_params - 2 * 5


def test_fold_sequential_needs_a_sequential():
    with pytest.raises(TypeError, match=r"model must be a layers.Sequential, got int"):
        normalization.fold_sequential(3)


def test_fold_sequential_leaves_the_model_and_its_mode_unchanged():
    model = layers.Sequential(layers.Linear(3, 4, rng=0), layers.BatchNorm(4), layers.Dropout(0.5, rng=1),
                              layers.Linear(4, 2, rng=2))
    before = {name: p.copy() for name, p in model.params.items()}
    folded = normalization.fold_sequential(model)
    assert all(layer.training for layer in model.layers)          # still in training mode
    assert not any(layer.training for layer in folded.layers)
    assert all(np.array_equal(before[name], p) for name, p in model.params.items())
    folded.params["2.W"][...] = 0                                   # the copy shares no arrays
    assert not np.array_equal(model.params["3.W"], 0)
