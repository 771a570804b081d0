"""The playground's core: every setting changes what it should, runs are reproducible, the
setting round-trips as text, live changes keep the run and structure changes restart it."""

import json

import numpy as np
import pytest

from course_lib import playground, train


def small(**settings):
    return playground.Config(**{"n": 60, "hidden": (6,), **settings})


def weights(state):
    return np.concatenate([v.ravel() for v in state.model.params.values()])


@pytest.mark.parametrize("settings", [{"features": ("x1", "x1*x2", "sin(x2)"), "l1": 0.01},
                                      {"dataset": "bumps", "hidden": (5, 3), "keep_prob": 0.7},
                                      {"init_seed": 4, "points": ((0.0, 0.0, 1.0),)}])
def test_same_config_gives_the_same_weights_and_a_plus_b_epochs_equal_their_sum(settings):
    once = playground.train_epochs(playground.start(small(**settings)), 5)
    again = playground.train_epochs(playground.start(small(**settings)), 5)
    in_parts = playground.train_epochs(playground.train_epochs(playground.start(small(**settings)), 2), 3)
    np.testing.assert_array_equal(weights(once), weights(again))
    np.testing.assert_array_equal(weights(once), weights(in_parts))
    assert once.history.train_loss == in_parts.history.train_loss


def test_features_set_the_inputs_of_the_network():
    state = playground.start(small(features=("x1^2", "x1*x2", "sin(x1)")))
    assert state.model.params["0.W"].shape == (3, 6)
    X = np.array([[2.0, 3.0], [-1.0, 0.5]])
    np.testing.assert_allclose(playground.inputs(X, ("x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")),
                               [[4, 9, 6, np.sin(2), np.sin(3)], [1, 0.25, -0.5, np.sin(-1), np.sin(0.5)]])


def test_each_hidden_layer_has_its_own_width():
    model = playground.start(small(hidden=(5, 2, 7))).model
    shapes = [v.shape for k, v in model.params.items() if k.endswith("W")]
    assert shapes == [(2, 5), (5, 2), (2, 7), (7, 2)]  # moons: two classes


def test_l1_drives_weights_to_exactly_zero_crossings_and_l2_shrinks_them():
    plain, with_l1, with_l2 = (playground.train_epochs(playground.start(small(optimizer="SGD", lr=0.1, **extra)), 40)
                               for extra in ({}, {"l1": 0.02}, {"l2": 0.05}))
    assert np.abs(weights(with_l1)).sum() < 0.8 * np.abs(weights(plain)).sum()
    assert np.sum(np.abs(weights(with_l1)) < 0.01) > np.sum(np.abs(weights(plain)) < 0.01)
    assert np.linalg.norm(weights(with_l2)) < 0.9 * np.linalg.norm(weights(plain))


def test_train_fraction_splits_the_points():
    state = playground.start(small(train_fraction=0.8))
    assert len(state.X_train) == 48 and len(state.X_val) == 12
    assert len(playground.start(small(train_fraction=0.01)).X_train) == 1  # never empty


def test_a_regression_has_float_targets_the_squared_error_and_no_accuracy():
    state = playground.train_epochs(playground.start(small(dataset="plane", noise=0.0)), 30)
    assert state.y_train.shape == (30, 1) and state.y_train.dtype == float
    np.testing.assert_allclose(state.y_train[:, 0], state.X_train.sum(axis=1) / 4)
    assert state.model.params["3.W"].shape == (6, 1)
    assert state.history.val_acc == [] and state.history.val_loss[-1] < 0.01


def test_seed_draws_data_and_init_seed_draws_only_the_weights():
    base = playground.start(small(init_seed=1))
    other = playground.start(small(init_seed=2))
    np.testing.assert_array_equal(base.X_train, other.X_train)
    assert not np.array_equal(weights(base), weights(other))
    np.testing.assert_array_equal(weights(base), weights(playground.start(small(init_seed=1))))
    assert not np.array_equal(base.X_train, playground.start(small(seed=1, init_seed=1)).X_train)


def test_own_points_join_the_training_set_with_their_class():
    config = playground.add_points(small(dataset="spirals"), [[0.5, -0.5], [2.0, 2.0]], [2, 0])
    assert config.points == ((0.5, -0.5, 2.0), (2.0, 2.0, 0.0))
    state = playground.start(config)
    np.testing.assert_array_equal(state.X_train[-2:], [[0.5, -0.5], [2.0, 2.0]])
    np.testing.assert_array_equal(state.y_train[-2:], [2, 0])
    assert len(state.X_val) == 30 and state.y_train.dtype == np.int64


def test_the_config_round_trips_as_one_line_of_text():
    config = small(dataset="bumps", features=("x1", "sin(x2)"), hidden=(3, 4), l1=0.001,
                   init_seed=7, points=((1.0, 2.0, 0.5),))
    text = config.to_text()
    assert "\n" not in text and json.loads(text)["hidden"] == [3, 4]
    assert playground.Config.from_text(text) == config
    assert playground.Config().to_text() == "{}"


def test_live_settings_apply_to_the_running_network():
    state = playground.train_epochs(playground.start(small(keep_prob=1.0)), 4)
    moved = playground.follow(state, small(lr=0.001, l1=0.01, l2=0.02, keep_prob=0.6, batch_size=5))
    assert moved.epochs == 4
    np.testing.assert_array_equal(weights(moved), weights(state))
    assert (moved.optimizer.lr, moved.optimizer.weight_decay) == (0.001, 0.02)
    assert moved.optimizer.t == state.optimizer.t  # Adam's moments and step count go on
    assert [layer.keep_prob for layer in moved.model.layers if isinstance(layer, playground._Dropout)] == [0.6]
    assert state.optimizer.lr == 0.03  # the given state is unchanged
    later = playground.train_epochs(moved, 1)
    assert later.epochs == 5 and later.config.batch_size == 5


@pytest.mark.parametrize("change", [{"hidden": (6, 6)}, {"features": ("x1",)}, {"seed": 3},
                                    {"activation": "tanh"}, {"dataset": "xor"}, {"optimizer": "SGD"}])
def test_structure_changes_start_a_new_run(change):
    state = playground.train_epochs(playground.start(small()), 4)
    moved = playground.follow(state, small(**change))
    assert moved.epochs == 0 and moved.config == small(**change)


def test_dropout_at_keep_prob_one_passes_everything_and_draws_nothing():
    state = playground.start(small())
    rng_state = state.rng.bit_generator.state
    x = np.ones((4, 6))
    layer = state.model.layers[2]
    assert isinstance(layer, playground._Dropout)
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.backward(x), x)
    assert state.rng.bit_generator.state == rng_state


def test_a_diverging_run_stops_with_the_course_message():
    state = playground.start(small(optimizer="SGD", lr=1e6, noise=5.0))
    with pytest.raises(train.TrainingDiverged, match="the updates diverged. Try a lower learning rate"):
        playground.train_epochs(state, 20)


def test_unit_outputs_give_one_picture_per_unit_of_each_layer():
    state = playground.start(small(hidden=(4, 3), features=("x1", "x2", "x1^2")))
    pictures = playground.unit_outputs(state.model, (-1, 1), (-2, 2), resolution=5,
                                       features=state.config.features)
    assert [p.shape for p in pictures] == [(3, 5, 5), (4, 5, 5), (3, 5, 5), (2, 5, 5)]
    np.testing.assert_allclose(pictures[0][2, 0], np.linspace(-1, 1, 5) ** 2)  # x1² along a row
    assert pictures[1].min() >= 0  # after ReLU


@pytest.mark.parametrize(("settings", "error", "message"), [
    ({"features": ()}, ValueError, r"features must name at least one input, each once, got \(\)"),
    ({"features": ("x1", "x3")}, ValueError, r"features\[1\] must be one of .*got 'x3'"),
    ({"features": ["x1"]}, TypeError, "features must be a tuple of feature names, got list"),
    ({"l1": -1.0}, ValueError, r"l1 must be in \[0, inf\], got -1"),
    ({"train_fraction": 1.0}, ValueError, r"train_fraction must be in \(0, 1\), got 1"),
    ({"init_seed": -2}, ValueError, r"init_seed must be in \[0, inf\], got -2"),
    ({"points": ((1.0, 2.0),)}, ValueError, r"each point must be a tuple \(x1, x2, class or target\)"),
    ({"dataset": "plain"}, ValueError, "dataset must be one of .*got 'plain'"),
    ({"points": ((0.0, 0.0, 2.0),)}, ValueError, r"the class of a point must be one of \[0, 1\] for moons, got 2"),
])
def test_bad_settings_are_named(settings, error, message):
    with pytest.raises(error, match=message):
        playground.Config(**settings)


def test_bad_text_points_and_inputs_are_named():
    with pytest.raises(ValueError, match="text must be JSON from Config.to_text, got 'hidden=3'"):
        playground.Config.from_text("hidden=3")
    with pytest.raises(ValueError, match="text must be a JSON object with keys among"):
        playground.Config.from_text('{"width": 3}')
    with pytest.raises(TypeError, match="text must be a str of JSON"):
        playground.Config.from_text({"hidden": [3]})
    with pytest.raises(ValueError, match="y must have 2 labels"):
        playground.add_points(small(), [[0, 0], [1, 1]], [1])
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        playground.inputs(np.zeros((3, 3)))
    with pytest.raises(TypeError, match="state must be a playground.State, got Config"):
        playground.follow(small(), small())
