"""Contracts found broken by an adversarial review: each test names the behaviour it pins."""

import numpy as np
import pytest

from course_lib import activations, gradcheck, layers, losses, optim, train


def test_check_layer_refuses_a_layer_that_is_random_in_training_mode():
    net = layers.Sequential(layers.Linear(3, 4, rng=0), layers.Dropout(0.5, rng=0))
    with pytest.raises(ValueError, match=r"random in training mode \(dropout\): call layer.eval\(\) first"):
        gradcheck.check_layer(net, np.ones((2, 3)))
    errors = gradcheck.check_layer(net.eval(), np.random.default_rng(0).standard_normal((2, 3)))
    assert max(errors.values()) < 1e-6


def test_check_layer_leaves_batch_norms_running_statistics_as_it_found_them():
    bn = layers.BatchNorm(3)
    bn.forward(np.random.default_rng(1).standard_normal((5, 3)) + 4)
    before = {name: value.copy() for name, value in bn.buffers.items()}
    errors = gradcheck.check_layer(bn, np.random.default_rng(2).standard_normal((6, 3)))
    assert max(errors.values()) < 1e-6
    for name, value in bn.buffers.items():
        np.testing.assert_array_equal(value, before[name])


def test_check_layer_names_a_layer_that_is_not_one():
    with pytest.raises(TypeError, match=r"layer must be a course_lib Layer .*, got int 5"):
        gradcheck.check_layer(5, np.ones((2, 3)))


def test_sequential_runs_the_base_constructor():
    net = layers.Sequential(layers.Linear(2, 2, rng=0))
    assert isinstance(net, layers.Layer) and net.training is True
    assert dict(layers.Activation("relu").params) == {}


def test_activation_names_an_unknown_option_and_the_allowed_ones():
    with pytest.raises(TypeError, match=r"Activation\('leaky_relu'\) takes the options \['alpha'\], got \['bogus'\]"):
        layers.Activation("leaky_relu", bogus=1)
    with pytest.raises(TypeError, match=r"Activation\('relu'\) takes the options none, got \['alpha'\]"):
        layers.Activation("relu", alpha=0.1)


def test_a_bad_option_value_is_refused_when_the_layer_is_made():
    with pytest.raises((TypeError, ValueError), match="alpha"):
        layers.Activation("leaky_relu", alpha="a")


def test_softsign_reaches_its_limits_at_infinity_without_a_warning():
    np.testing.assert_array_equal(activations.softsign(np.array([-np.inf, np.inf])), [-1.0, 1.0])
    assert activations.softsign_grad(np.array([1e200]))[0] == 0.0


def test_rel_error_refuses_an_infinite_gradient():
    with pytest.raises(ValueError, match="a must contain only finite numbers"):
        gradcheck.rel_error([np.inf], [1.0])


@pytest.mark.parametrize("call", [
    lambda: train.fit(5, losses.softmax_loss, optim.SGD(0.1), np.ones((2, 2)), [0, 1], epochs=1, batch_size=1),
    lambda: train.evaluate(None, losses.softmax_loss, np.ones((2, 2)), [0, 1]),
    lambda: train.predict("net", np.ones((2, 2))),
])
def test_training_functions_name_a_model_that_is_not_a_layer(call):
    with pytest.raises(TypeError, match="model must be a course_lib Layer"):
        call()


def test_fit_refuses_flags_that_are_not_booleans():
    net = layers.Linear(2, 2, rng=0)
    with pytest.raises(TypeError, match="progress must be True or False, got str 'no'"):
        train.fit(net, losses.softmax_loss, optim.SGD(0.1), np.ones((2, 2)), [0, 1], epochs=1, batch_size=1,
                  progress="no")


def test_predict_refuses_nan_inputs_instead_of_predicting_class_zero():
    with pytest.raises(ValueError, match="X must contain only finite numbers"):
        train.predict(layers.Linear(2, 2, rng=0), [[np.nan, 1.0]])
