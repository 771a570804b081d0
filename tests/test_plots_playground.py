"""The playground: its pure training step, its drawings and its widget; the digits figures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import layers, playground, plots
from course_lib.plots.playground import VALUES


def small(**settings):
    return playground.Config(**{"n": 60, "hidden": (6,), **settings})


def test_start_is_seeded_and_splits_the_points_in_half():
    a, b = playground.start(small(seed=3)), playground.start(small(seed=3))
    assert a.X_train.shape == a.X_val.shape == (30, 2)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.model.params["0.W"], b.model.params["0.W"])
    assert a.epochs == 0
    assert not np.array_equal(a.X_train, playground.start(small(seed=4)).X_train)


def test_train_epochs_leaves_the_given_state_unchanged():
    state = playground.start(small())
    weights = {k: v.copy() for k, v in state.model.params.items()}
    rng_state = state.rng.bit_generator.state
    later = playground.train_epochs(state, 5)
    assert later.epochs == 5 and state.epochs == 0
    assert state.rng.bit_generator.state == rng_state
    for name, value in state.model.params.items():
        np.testing.assert_array_equal(value, weights[name])
    assert not np.array_equal(later.model.params["0.W"], weights["0.W"])


@pytest.mark.parametrize("settings", [{}, {"optimizer": "Momentum", "keep_prob": 0.8},
                                      {"batch_norm": True, "optimizer": "SGD", "l2": 0.01}])
def test_train_epochs_is_deterministic_and_splits_into_parts(settings):
    state = playground.start(small(**settings))
    once = playground.train_epochs(state, 6)
    again = playground.train_epochs(state, 6)
    in_parts = playground.train_epochs(playground.train_epochs(state, 2), 4)
    assert once.history.train_loss == again.history.train_loss == in_parts.history.train_loss
    for name, value in once.model.params.items():
        np.testing.assert_array_equal(in_parts.model.params[name], value)


def test_the_playground_learns_moons():
    state = playground.train_epochs(playground.start(playground.Config(dataset="moons")), 60)
    assert state.history.val_acc[-1] > 0.9
    assert state.history.train_loss[-1] < 0.5 * state.history.train_loss[0]


@pytest.mark.parametrize(("settings", "kinds"), [
    ({"hidden": ()}, ["Linear"]),
    ({"hidden": (4, 3)}, ["Linear", "Activation", "Dropout", "Linear", "Activation", "Dropout", "Linear"]),
    ({"hidden": (4,), "batch_norm": True, "keep_prob": 0.5},
     ["Linear", "BatchNorm", "Activation", "Dropout", "Linear"]),
])
def test_build_model_stacks_the_chosen_layers(settings, kinds):
    model = playground.start(small(**settings)).model
    assert [type(layer).__name__.lstrip("_") for layer in model.layers] == kinds
    assert model.layers[-1].n_out == 2


def test_blobs_and_spirals_have_three_classes():
    for dataset in ("blobs", "spirals"):
        state = playground.start(small(dataset=dataset, n=90))
        assert state.model.layers[-1].n_out == 3


def test_l2_is_the_optimizers_weight_decay():
    state = playground.start(small(optimizer="SGD", lr=0.1, l2=0.01))
    assert state.optimizer.weight_decay == 0.01 and state.optimizer.lr == 0.1


def test_class_probabilities_on_a_grid_sum_to_one_and_follow_the_model():
    model = layers.Linear(2, 2, rng=0)
    model.params["W"][...] = [[5.0, -5.0], [0.0, 0.0]]  # class 0 where x > 0
    p = playground.class_probabilities(model, (-1, 1), (-2, 2), resolution=5)
    assert p.shape == (5, 5, 2)
    np.testing.assert_allclose(p.sum(axis=-1), 1)
    assert p[0, -1, 0] > 0.99 and p[0, 0, 1] > 0.99  # column index is x


@pytest.mark.parametrize(("settings", "error", "match"), [
    ({"dataset": "mnist"}, ValueError, r"dataset must be one of \['blobs', 'bumps', 'circles'"),
    ({"hidden": [8]}, TypeError, "hidden must be a tuple of layer widths, got list"),
    ({"hidden": (0,)}, ValueError, r"hidden width must be in \[1, inf\], got 0"),
    ({"optimizer": "LBFGS"}, ValueError, "optimizer must be one of"),
    ({"lr": 0}, ValueError, r"lr must be in \(0, inf\], got 0"),
    ({"keep_prob": 0}, ValueError, r"keep_prob must be in \(0, 1\], got 0"),
    ({"batch_size": 0}, ValueError, r"batch_size must be in \[1, inf\], got 0"),
])
def test_config_rejects_bad_settings(settings, error, match):
    with pytest.raises(error, match=match):
        playground.Config(**settings)


def test_start_and_train_epochs_reject_bad_arguments():
    with pytest.raises(TypeError, match="config must be a playground.Config, got dict"):
        playground.start({"dataset": "moons"})
    with pytest.raises(TypeError, match="state must be a playground.State, got Config"):
        playground.train_epochs(small(), 1)
    with pytest.raises(ValueError, match=r"epochs must be in \[0, inf\], got -1"):
        playground.train_epochs(playground.start(small()), -1)


def test_draw_playground_draws_regions_points_and_both_curves():
    state = playground.train_epochs(playground.start(small()), 3)
    fig, axes = plt.subplots(1, 2)
    plots.draw_playground(axes, state)
    assert len(axes[0].images) == 1 and len(axes[0].collections) == 2
    assert axes[0].get_title() == f"moons, epoch 3, val acc {state.history.val_acc[-1]:.3g}"
    np.testing.assert_array_equal(axes[1].lines[0].get_ydata(), state.history.train_loss)
    np.testing.assert_array_equal(axes[1].lines[1].get_ydata(), state.history.val_loss)
    plt.close(fig)


def test_decision_regions_are_pale_where_the_model_is_unsure():
    model = layers.Linear(2, 2, rng=0)
    model.params["W"][...] = 0.0  # probability ½ everywhere: chance, drawn white
    fig, ax = plt.subplots()
    plots.draw_decision_regions(ax, model, np.array([[0.0, 0.0], [1.0, 1.0]]), [0, 1])
    np.testing.assert_allclose(ax.images[0].get_array(), 1.0)
    with pytest.raises(ValueError, match="y must have 2 labels"):
        plots.draw_decision_regions(ax, model, np.zeros((2, 2)), [0, 1, 1])
    plt.close(fig)


def test_confusion_matrix_counts_pairs():
    fig, ax = plt.subplots()
    plots.draw_confusion_matrix(ax, [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0])
    np.testing.assert_array_equal(ax.images[0].get_array(), [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert ax.get_title() == "confusion matrix (4 of 6 right)"
    assert [t.get_text() for t in ax.texts] == ["1", "1", "1", "1", "2"]
    with pytest.raises(ValueError, match="y_pred must have 6 labels"):
        plots.draw_confusion_matrix(ax, [0, 0, 1, 2, 2, 2], [0, 1])
    plt.close(fig)


def test_draw_digits_titles_each_image_and_hides_spare_axes():
    fig, axes = plt.subplots(1, 3)
    plots.draw_digits(axes, np.zeros((2, 64)), ["7 → 1", "3 → 8"])
    assert [ax.get_title() for ax in axes] == ["7 → 1", "3 → 8", ""]
    assert not any(ax.axison for ax in axes)
    with pytest.raises(ValueError, match="images and titles must have the same length"):
        plots.draw_digits(axes, np.zeros((4, 64)), ["a"] * 4)
    plt.close(fig)


def test_class_probabilities_and_build_model_name_bad_arguments():
    from course_lib import playground
    model = playground.build_model(playground.Config(hidden=(2,)), 2, 3, 0)
    with pytest.raises(ValueError, match="xlim\\[0\\] must be in \\[-inf, inf\\], got nan"):
        playground.class_probabilities(model, (float("nan"), 1.0), (0.0, 1.0))
    with pytest.raises(TypeError, match="model must be a course_lib Layer .*got int 3"):
        playground.class_probabilities(3, (0.0, 1.0), (0.0, 1.0))
    with pytest.raises(TypeError, match="n_classes must be an integer, got float 2.5"):
        playground.build_model(playground.Config(), 2, 2.5, 0)
    with pytest.raises(TypeError, match="batch_norm must be True or False, got str 'no'"):
        playground.Config(batch_norm="no")


def test_draw_playground_reaches_max_epochs_and_follows_any_state_of_its_shape():
    trained = playground.train_epochs(playground.start(small()), 3)
    fig, axes = plt.subplots(1, 2)
    live = plots.draw_playground(axes, trained, max_epochs=40)
    assert axes[1].get_xlim() == (0, 40)
    later = playground.train_epochs(trained, 5)
    assert live.update(state=later, max_epochs=40) is not False
    np.testing.assert_array_equal(axes[1].lines[0].get_ydata(), later.history.train_loss)
    assert axes[0].get_title() == f"moons, epoch 8, val acc {later.history.val_acc[-1]:.3g}"
    assert axes[1].get_xlim() == (0, 40)
    live.update(state=playground.train_epochs(trained, 50))  # the loss axis grows with the run
    assert axes[1].get_xlim() == (0, 53)
    other = playground.start(small(dataset="xor", noise=0.5))
    live.update(state=other)  # other data: the regions' axes follow its extent
    low, high = other.X_train.min(axis=0), other.X_train.max(axis=0)
    assert axes[0].get_xlim()[0] < low[0] and axes[0].get_xlim()[1] > high[0]
    assert axes[0].images[0].get_extent() == [*axes[0].get_xlim(), *axes[0].get_ylim()]
    assert axes[1].get_xlim() == (0, 40) and axes[1].get_ylim() == (0, 1.1)  # no epochs yet
    plt.close(fig)


def test_draw_network_has_a_heatmap_per_unit_and_a_line_per_weight():
    state = playground.train_epochs(playground.start(small(hidden=(4, 3), features=("x1", "x2", "x1^2"))), 3)
    fig, ax = plt.subplots()
    live = plots.draw_network(ax, state, resolution=6)
    edges = ax.collections
    assert [len(lines.get_segments()) for lines in edges] == [3 * 4, 4 * 3, 3 * 2]
    W = state.model.params["0.W"].ravel()
    largest = max(np.abs(state.model.params[k]).max() for k in ("0.W", "3.W", "6.W"))
    np.testing.assert_allclose(edges[0].get_linewidths(), 0.2 + 2.8 * np.abs(W) / largest)
    np.testing.assert_allclose(edges[0].get_colors(), VALUES(0.5 + 0.45 * np.sign(W)))  # purple +, orange −
    canvas = ax.images[0].get_array()
    assert np.count_nonzero(~canvas.mask) == (3 + 4 + 3 + 2) * 36  # one 6×6 picture per unit
    later = playground.train_epochs(state, 5)
    assert live.update(state=later) is not False
    assert not np.array_equal(ax.images[0].get_array(), canvas)
    assert live.update(state=playground.start(small(hidden=(5,)))) is False  # another shape
    plt.close(fig)


def test_draw_playground_on_three_axes_adds_the_network_and_shows_a_regression():
    state = playground.train_epochs(playground.start(small(dataset="plane")), 2)
    fig, axes = plt.subplots(1, 3)
    plots.draw_playground(axes, state, discretize=True, show_test=False)
    assert axes[0].get_title().startswith("units over the plane")
    assert axes[1].get_title() == f"plane, epoch 2, val loss {state.history.val_loss[-1]:.3g}"
    assert axes[2].get_ylabel() == "mean squared error"
    assert not axes[1].collections[1].get_visible()
    assert [t.get_text() for t in axes[1].get_legend().get_texts()] == ["train", "validation"]
    with pytest.raises(ValueError, match="axes must be 2 .* or 3 .*, got 1"):
        plots.draw_playground(axes[:1], state)
    with pytest.raises(TypeError, match="state must be a playground.State, got int"):
        plots.draw_network(axes[0], 3)
    plt.close(fig)
