"""Linear, Activation and Sequential: values, gradients, names, modes and bad inputs."""

import numpy as np
import pytest

from course_lib import gradcheck, layers


def test_linear_computes_x_times_w_plus_b():
    layer = layers.Linear(2, 3, rng=0)
    layer.params["W"][...] = [[1, 2, 3], [4, 5, 6]]
    layer.params["b"][...] = [10, 20, 30]
    out = layer.forward(np.array([[1.0, 1.0], [2.0, 0.0]]))
    np.testing.assert_array_equal(out, [[15, 27, 39], [12, 24, 36]])


def test_linear_backward_matches_numerical_gradients():
    rng = np.random.default_rng(1)
    errors = gradcheck.check_layer(layers.Linear(4, 3, rng=rng), rng.standard_normal((5, 4)), rng=rng)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-8


def test_linear_backward_by_hand():
    layer = layers.Linear(2, 1, rng=0)
    layer.params["W"][...] = [[2.0], [-1.0]]
    layer.forward(np.array([[1.0, 3.0], [2.0, 5.0]]))
    dx = layer.backward(np.array([[1.0], [10.0]]))
    np.testing.assert_array_equal(layer.grads["W"], [[21.0], [53.0]])  # xᵀ·dout
    np.testing.assert_array_equal(layer.grads["b"], [11.0])
    np.testing.assert_array_equal(dx, [[2.0, -1.0], [20.0, -10.0]])  # dout·Wᵀ


@pytest.mark.parametrize(("init", "std"), [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / 600)),
                                           ("normal", 0.01), (0.5, 0.5)])
def test_linear_init_sets_the_weight_standard_deviation(init, std):
    W = layers.Linear(400, 200, init=init, rng=0).params["W"]
    assert W.std() == pytest.approx(std, rel=0.02)
    assert abs(W.mean()) < 0.05 * std


def test_linear_is_reproducible_with_a_seed():
    a = layers.Linear(3, 2, rng=42).params["W"]
    b = layers.Linear(3, 2, rng=42).params["W"]
    np.testing.assert_array_equal(a, b)


def test_linear_float32_stays_float32_end_to_end():
    layer = layers.Linear(3, 2, rng=0, dtype=np.float32)
    out = layer.forward(np.ones((4, 3), dtype=np.float32))
    dx = layer.backward(np.ones((4, 2), dtype=np.float32))
    assert out.dtype == dx.dtype == layer.grads["W"].dtype == layer.grads["b"].dtype == np.float32


def test_linear_grads_are_written_into_the_same_arrays():
    layer = layers.Linear(3, 2, rng=0)
    grad_w = layer.grads["W"]
    layer.forward(np.ones((4, 3)))
    layer.backward(np.ones((4, 2)))
    assert layer.grads["W"] is grad_w and grad_w.any()


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"n_in": 0, "n_out": 3}, ValueError, r"n_in must be in \[1, inf\], got 0"),
    ({"n_in": 2.5, "n_out": 3}, TypeError, "n_in must be an integer, got float 2.5"),
    ({"n_in": 2, "n_out": 3, "init": "glorot"}, ValueError, r"init must be one of \['he', 'normal', 'xavier'\], got 'glorot'"),
    ({"n_in": 2, "n_out": 3, "init": -1.0}, ValueError, r"init must be in \[0, inf\], got -1"),
    ({"n_in": 2, "n_out": 3, "dtype": np.int32}, ValueError, "dtype must be np.float32 or np.float64, got int32"),
    ({"n_in": 2, "n_out": 3, "rng": "seed"}, TypeError, "rng must be a numpy.random.Generator, an int seed or None"),
])
def test_linear_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        layers.Linear(**kwargs)


def test_linear_forward_rejects_the_wrong_input_width():
    with pytest.raises(ValueError, match=r"x must have shape \(N, 3\), got shape \(4, 2\)"):
        layers.Linear(3, 2, rng=0).forward(np.ones((4, 2)))


def test_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="backward called before forward"):
        layers.Linear(3, 2, rng=0).backward(np.ones((1, 2)))
    with pytest.raises(RuntimeError, match="backward called before forward"):
        layers.Activation("relu").backward(np.ones((1, 2)))


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "linear"])
def test_activation_layer_backward_matches_numerical_gradients(name):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((4, 5))
    x[np.abs(x) < 1e-3] = 0.5  # keep away from ReLU's kink
    assert gradcheck.check_layer(layers.Activation(name), x, rng=rng)["x"] < 1e-8


def test_activation_rejects_an_unknown_name():
    with pytest.raises(ValueError, match="name must be one of .*'relu'.*, got 'swish-ish'"):
        layers.Activation("swish-ish")


def _mlp(rng):
    return layers.Sequential(layers.Linear(4, 5, rng=rng), layers.Activation("tanh"),
                             layers.Linear(5, 3, rng=rng))


def test_sequential_names_parameters_by_position_and_key():
    model = _mlp(0)
    assert list(model.params) == ["0.W", "0.b", "2.W", "2.b"]
    assert list(model.grads) == list(model.params)
    assert model.params["2.W"] is model[2].params["W"]
    assert model.num_params == 4 * 5 + 5 + 5 * 3 + 3


def test_sequential_forward_is_the_composition_of_its_layers():
    model = _mlp(0)
    x = np.random.default_rng(3).standard_normal((2, 4))
    expected = model[2].forward(model[1].forward(model[0].forward(x)))
    np.testing.assert_allclose(model.forward(x), expected)


def test_sequential_backward_matches_numerical_gradients():
    rng = np.random.default_rng(4)
    errors = gradcheck.check_layer(_mlp(rng), rng.standard_normal((6, 4)), rng=rng)
    assert set(errors) == {"x", "0.W", "0.b", "2.W", "2.b"}
    assert max(errors.values()) < 1e-7


def test_train_and_eval_reach_every_layer():
    model = _mlp(0)
    assert model.eval() is model
    assert not model.training and not any(layer.training for layer in model.layers)
    model.train()
    assert model.training and all(layer.training for layer in model.layers)


def test_sequential_repr_lists_layers_and_parameter_count():
    assert repr(_mlp(0)) == ("Sequential(\n  (0) Linear(4 → 5)\n  (1) Activation('tanh')\n"
                             "  (2) Linear(5 → 3)\n)  # 43 parameters")


def test_sequential_rejects_something_that_is_not_a_layer():
    with pytest.raises(TypeError, match="layer 1 must be a course_lib Layer, got ufunc"):
        layers.Sequential(layers.Linear(2, 2, rng=0), np.tanh)


def test_backward_params_fills_the_same_grads_as_backward():
    rng = np.random.default_rng(5)
    x, dout = rng.standard_normal((6, 4)), rng.standard_normal((6, 3))
    model = _mlp(rng)
    model.forward(x)
    model.backward(dout)
    expected = {name: g.copy() for name, g in model.grads.items()}
    for g in model.grads.values():
        g[...] = 0
    model.forward(x)
    assert model.backward_params(dout) is None
    for name, g in model.grads.items():
        np.testing.assert_array_equal(g, expected[name])


def test_backward_params_of_a_parameter_free_layer_is_harmless():
    layer = layers.Activation("relu")
    layer.forward(np.array([[1.0, -1.0]]))
    assert layer.backward_params(np.ones((1, 2))) is None


@pytest.mark.parametrize(("x", "error", "message"), [
    (np.ones((2, 3), dtype=np.float16), TypeError, r"x must be float32 or float64, got .*float16"),
    (np.ones((2, 3), dtype=complex), TypeError, r"x must be real, got complex"),
    (None, TypeError, r"x must be an array of numbers, got NoneType None"),
    (np.array([[np.inf, 0.0, 0.0]]), ValueError, r"x must contain only finite numbers"),
    (np.ones((2, 4)), ValueError, r"x must have shape \(N, 3\), got shape \(2, 4\)"),
])
def test_linear_forward_names_a_bad_x(x, error, message):
    with pytest.raises(error, match=message):
        layers.Linear(3, 2, rng=0).forward(x)


def test_backward_names_a_dout_of_the_wrong_shape():
    layer = layers.Sequential(layers.Linear(3, 2, rng=0), layers.Activation("relu"))
    layer.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"dout must have shape \(4, 2\) \(the layer's last output\), got shape \(4, 3\)"):
        layer.backward(np.ones((4, 3)))


def test_evaluation_mode_restores_training_mode_even_after_an_error():
    model = layers.Sequential(layers.Dropout(0.5, rng=0))
    with pytest.raises(KeyError), layers.evaluation_mode(model):
        assert not model.training and not model[0].training
        raise KeyError
    assert model.training and model[0].training
    with pytest.raises(TypeError, match="layer must be a course_lib Layer .*got int 3"):
        layers.evaluation_mode(3)
