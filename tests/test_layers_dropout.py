"""Dropout: inverted scaling, mask statistics, the same mask in backward, train vs eval, bad inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import gradcheck, layers


def test_kept_units_are_scaled_by_one_over_keep_prob_and_dropped_ones_are_zero():
    out = layers.Dropout(0.8, rng=0).forward(np.full((50, 40), 2.0))
    assert set(np.unique(out)) == {0.0, 2.0 / 0.8}


def test_the_fraction_kept_is_keep_prob():
    out = layers.Dropout(0.3, rng=1).forward(np.ones(100_000))
    assert np.mean(out != 0) == pytest.approx(0.3, abs=0.005)  # 3 binomial standard deviations ≈ 0.0043


def test_the_expected_value_is_preserved():
    x = np.array([1.0, -2.0, 3.0])
    layer = layers.Dropout(0.5, rng=2)
    mean = np.mean([layer.forward(x) for _ in range(20_000)], axis=0)
    np.testing.assert_allclose(mean, x, atol=0.05)  # standard error of each mean: |x|/√20000 ≤ 0.021


def test_pytorch_p_is_the_drop_probability():
    # torch 2.13: nn.Dropout(p=0.3)(torch.ones(1000)) holds only 0 and 1/(1 − 0.3) = 1.4285714.
    out = layers.Dropout(keep_prob=1 - 0.3, rng=3).forward(np.ones(1000))
    np.testing.assert_allclose(np.unique(out), [0.0, 1.4285714285714286])


def test_eval_mode_is_the_identity_and_backward_passes_the_gradient_through():
    layer = layers.Dropout(0.5, rng=4).eval()
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.backward(np.ones((2, 3))), np.ones((2, 3)))


def test_keep_prob_one_is_the_identity_in_training():
    x = np.random.default_rng(5).standard_normal((4, 5))
    np.testing.assert_array_equal(layers.Dropout(1.0, rng=5).forward(x), x)


def test_backward_uses_the_mask_of_the_forward_pass():
    layer = layers.Dropout(0.6, rng=6)
    x = np.random.default_rng(6).standard_normal((8, 7))
    out = layer.forward(x)
    dout = np.random.default_rng(7).standard_normal((8, 7))
    dx = layer.backward(dout)
    np.testing.assert_array_equal(dx, dout * layer.mask)
    np.testing.assert_array_equal(dx == 0, out == 0)


def test_backward_matches_numerical_gradients_for_a_fixed_mask():
    rng = np.random.default_rng(8)
    x, dout = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    layer = layers.Dropout(0.6, rng=9)
    layer.forward(x)
    dx = layer.backward(dout)
    numeric = gradcheck.numerical_gradient(lambda z: layers.Dropout(0.6, rng=9).forward(z), x, dout=dout)
    assert gradcheck.rel_error(dx, numeric) < 1e-9


def test_a_seed_fixes_the_masks_and_every_forward_draws_a_new_one():
    a, b = layers.Dropout(0.5, rng=10), layers.Dropout(0.5, rng=10)
    x = np.ones((10, 10))
    first = a.forward(x)
    np.testing.assert_array_equal(first, b.forward(x))
    assert not np.array_equal(first, a.forward(x))


@settings(max_examples=50, deadline=None)
@given(st.floats(0.05, 1.0), st.integers(0, 2**32 - 1))
def test_every_output_is_zero_or_the_input_over_keep_prob(keep_prob, seed):
    x = np.random.default_rng(seed).standard_normal((6, 5))
    out = layers.Dropout(keep_prob, rng=seed).forward(x)
    assert np.all((out == 0) | np.isclose(out, x / keep_prob, rtol=1e-15, atol=0))


def test_float32_stays_float32_end_to_end():
    layer = layers.Dropout(0.7, rng=11)
    out = layer.forward(np.ones((3, 4), dtype=np.float32))
    assert out.dtype == layer.mask.dtype == layer.backward(out).dtype == np.float32


def test_dropout_in_a_sequential_has_no_parameters_and_follows_eval():
    model = layers.Sequential(layers.Linear(3, 4, rng=0), layers.Dropout(0.5, rng=0), layers.Linear(4, 2, rng=0))
    assert list(model.params) == ["0.W", "0.b", "2.W", "2.b"]
    x = np.ones((2, 3))
    model.eval()
    np.testing.assert_array_equal(model.forward(x), model[2].forward(model[0].forward(x)))
    assert repr(model[1]) == "Dropout(keep_prob=0.5)"


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"keep_prob": 0.0}, ValueError, r"keep_prob must be in \(0, 1\], got 0"),
    ({"keep_prob": 1.5}, ValueError, r"keep_prob must be in \(0, 1\], got 1.5"),
    ({"keep_prob": "half"}, TypeError, "keep_prob must be a real number, got str 'half'"),
    ({"keep_prob": 0.5, "rng": 0.5}, TypeError, "rng must be a numpy.random.Generator, an int seed or None, got float 0.5"),
])
def test_dropout_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        layers.Dropout(**kwargs)


def test_dropout_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="backward called before forward"):
        layers.Dropout(0.5, rng=0).backward(np.ones((2, 2)))
