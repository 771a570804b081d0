"""The seeded training runs of notebooks 08 (dropout) and 09 (batch norm)."""

import numpy as np
import pytest

from course_lib import data, experiments, losses, train


@pytest.fixture(scope="module")
def digits():
    d = data.load_digits(rng=0, dtype=np.float32)
    return d.X_train[:60], d.y_train[:60], (d.X_val[:40], d.y_val[:40])


def test_dropout_net_puts_dropout_after_each_hidden_layer_and_is_seeded():
    net = experiments.dropout_net(0.5, seed=3, width=8)
    kinds = [type(layer).__name__ for layer in net.layers]
    assert kinds == ["Linear", "Activation", "Dropout"] * 2 + ["Linear"]
    assert all(w.dtype == np.float32 for w in net.params.values())
    np.testing.assert_array_equal(net.params["0.W"], experiments.dropout_net(0.5, seed=3, width=8).params["0.W"])
    assert not np.array_equal(net.params["0.W"], experiments.dropout_net(0.5, seed=4, width=8).params["0.W"])


def test_dropout_run_reports_the_evaluation_mode_accuracies_of_its_network(digits):
    X, y, val = digits
    net, history, train_acc, val_acc = experiments.dropout_run(0.5, X, y, val, epochs=2, width=16, curves=True)
    assert history.epochs == 2 and len(history.val_acc) == 2
    assert train_acc == train.evaluate(net, losses.softmax_loss, X, y)[1]
    assert val_acc == history.val_acc[-1] == train.evaluate(net, losses.softmax_loss, *val)[1]
    again = experiments.dropout_run(0.5, X, y, val, epochs=2, width=16)
    assert again[3] == val_acc and again[1].val_acc == []   # same seed, same run; no curves by default


def test_dropout_run_needs_a_validation_pair(digits):
    X, y, _ = digits
    with pytest.raises(TypeError, match=r"val must be a tuple \(X_val, y_val\), got list"):
        experiments.dropout_run(0.5, X, y, [X, y])


@pytest.mark.parametrize(("batchnorm", "kinds"), [
    (True, ["Linear", "BatchNorm", "Activation"] * 2 + ["Linear"]),
    (False, ["Linear", "Activation"] * 2 + ["Linear"])])
def test_bn_net_builds_linear_batchnorm_relu_blocks(batchnorm, kinds):
    net = experiments.bn_net(batchnorm, depth=2, width=8)
    assert [type(layer).__name__ for layer in net.layers] == kinds


def test_bn_net_draws_the_hidden_weights_with_the_given_std_and_the_output_with_he():
    net = experiments.bn_net(False, init=0.01, depth=1, width=400, n_in=400, classes=400)
    assert net.params["0.W"].std() == pytest.approx(0.01, rel=0.02)
    assert net.params["2.W"].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)


def test_bn_run_keeps_the_epochs_before_a_divergence(digits):
    X, y, val = digits
    calm = experiments.bn_run(experiments.bn_net(True, depth=1, width=8), X, y, val, 0.1, epochs=2)
    assert calm.epochs == 2 and len(calm.val_acc) == 2
    wild = experiments.bn_run(experiments.bn_net(False, init=10.0, depth=3, width=64), X, y, val, 10.0, epochs=3)
    assert wild.epochs < 3


def test_bn_run_needs_a_model():
    with pytest.raises(TypeError, match=r"model must be a course_lib Layer"):
        experiments.bn_run(3, np.ones((2, 2)), np.zeros(2, int), (np.ones((2, 2)), np.zeros(2, int)), 0.1)


def test_random_feature_maps_slide_each_filter_over_the_image_then_relu():
    image = np.arange(64.0)[None, :]
    ones = np.ones((1, 3, 3))
    maps = experiments.random_feature_maps(image, np.concatenate([ones, -ones]))
    assert maps.shape == (1, 2, 6, 6)
    assert maps[0, 0, 0, 0] == sum(r * 8 + c for r in range(3) for c in range(3))  # the top-left window
    assert maps[0, 0, 5, 5] == sum((r + 5) * 8 + c + 5 for r in range(3) for c in range(3))
    assert np.all(maps[0, 1] == 0)  # a negative response is cut by ReLU


def test_head_accuracies_count_the_parameters_of_both_heads(digits):
    X, y, val = digits
    results = experiments.head_accuracies(X, y, val, seed=1, channels=4, epochs=2)
    assert set(results) == {(head, labels) for head in ("fully connected", "GAP") for labels in ("true", "random")}
    assert results["fully connected", "true"][0] == 4 * 36 * 10 + 10
    assert results["GAP", "random"][0] == 4 * 10 + 10
    assert all(0 <= acc <= 1 for _, train_acc, val_acc in results.values() for acc in (train_acc, val_acc))
