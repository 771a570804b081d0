"""The drawing functions and explorers of notebook 09 (batch normalization); conftest selects Agg."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_check import assert_moves_match_a_full_drawing

from course_lib import experiments, layers, plots, train, widgets


@pytest.mark.parametrize("weight_std", [0.05, 0.5])
def test_layer_statistics_compound_without_batchnorm(weight_std):
    stds = experiments.layer_statistics(weight_std, batchnorm=False, depth=6, width=64)
    ratios = stds[1:] / stds[:-1]
    # each layer multiplies the spread by about weight_std · √(64/2)
    np.testing.assert_allclose(ratios, weight_std * np.sqrt(32), rtol=0.3)


@pytest.mark.parametrize("weight_std", [0.01, 0.177, 10.0])
def test_layer_statistics_with_batchnorm_are_those_of_relu_of_a_standard_normal(weight_std):
    stds = experiments.layer_statistics(weight_std, batchnorm=True, depth=5)
    np.testing.assert_allclose(stds, np.sqrt(0.5 - 0.5 / np.pi), rtol=0.05)


def test_layer_statistics_rejects_a_zero_weight_std():
    with pytest.raises(ValueError, match=r"weight_std must be in \(0, inf\], got 0"):
        experiments.layer_statistics(0.0, batchnorm=False)


def test_layer_statistics_figure_draws_one_line_per_std_in_each_panel():
    fig, axes = plt.subplots(1, 2)
    plots.draw_layer_statistics(axes, weight_stds=(0.1, 0.3), depth=4)
    for ax, batchnorm in zip(axes, (False, True), strict=True):
        assert [line.get_label() for line in ax.lines] == ["weight std 0.1", "weight std 0.3"]
        np.testing.assert_allclose(ax.lines[1].get_ydata(),
                                   experiments.layer_statistics(0.3, batchnorm=batchnorm, depth=4))
    assert axes[1].get_title() == "with batch norm (the lines coincide)"
    plt.close(fig)


def test_layer_statistics_figure_needs_a_std():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="weight_stds must hold at least one standard deviation, got none"):
        plots.draw_layer_statistics(axes, weight_stds=())
    plt.close(fig)


def test_running_statistics_follow_the_momentum_rule_of_batchnorm():
    stats = experiments.running_statistics(0.1, 8, steps=10, seed=2)
    # running mean after step t: 0.1 · Σ 0.9^(t−k) · batch_mean_k, from a start of 0
    expected = np.zeros(10)
    value = 0.0
    for t, batch_mean in enumerate(stats["batch_mean"]):
        value = 0.9 * value + 0.1 * batch_mean
        expected[t] = value
    np.testing.assert_allclose(stats["running_mean"], expected)
    np.testing.assert_allclose(stats["running_var"][0], 0.9 + 0.1 * stats["batch_var"][0] * 8 / 7)
    np.testing.assert_array_equal(stats["true_mean"], [2.0] * 5 + [-1.0] * 5)


def test_running_statistics_with_momentum_one_copy_the_last_batch():
    stats = experiments.running_statistics(1.0, 4, steps=6)
    np.testing.assert_allclose(stats["running_mean"], stats["batch_mean"])
    np.testing.assert_allclose(stats["running_var"], stats["batch_var"] * 4 / 3)


@pytest.mark.parametrize(("momentum", "batch_size", "message"), [
    (1.5, 8, r"momentum must be in \[0, 1\], got 1.5"),
    (0.1, 1, r"batch_size must be in \[2, inf\], got 1"),
])
def test_running_statistics_reject_bad_settings(momentum, batch_size, message):
    with pytest.raises(ValueError, match=message):
        experiments.running_statistics(momentum, batch_size)


@pytest.mark.parametrize(("momentum", "batch_size"), [(0.1, 2), (0.5, 16), (1.0, 128)])
def test_running_statistics_figure_draws_batch_and_running_values(momentum, batch_size):
    fig, axes = plt.subplots(1, 2)
    plots.draw_running_statistics(axes, momentum=momentum, batch_size=batch_size, seed=3)
    stats = experiments.running_statistics(momentum, batch_size, seed=3)
    for ax, name in zip(axes, ("mean", "var"), strict=True):
        lines = {line.get_label(): line for line in ax.lines}
        np.testing.assert_allclose(lines["batch value (used in training)"].get_ydata(), stats[f"batch_{name}"])
        np.testing.assert_allclose(lines["running value (used in evaluation)"].get_ydata(),
                                   stats[f"running_{name}"])
    assert axes[0].get_title().startswith(f"B = {batch_size}:")
    assert f"momentum = {momentum:g}" in axes[1].get_title()
    plt.close(fig)


def _sweep_runs():
    """Two settings, 3 epochs; the plain run at 1.0 'diverged' after one epoch."""
    def history(losses, accs):
        return train.History(train_loss=list(losses), val_acc=list(accs))
    return {0.1: {"without BN": history([2.0, 1.0, 0.5], [0.5, 0.7, 0.8]),
                  "with BN": history([1.5, 0.6, 0.2], [0.6, 0.8, 0.9])},
            1.0: {"without BN": history([3.0], [0.2]),
                  "with BN": history([1.0, 0.4, 0.1], [0.7, 0.85, 0.95])}}


@pytest.mark.parametrize("value", [0.1, 1.0])
def test_sweep_figure_draws_the_chosen_runs_and_every_final_accuracy(value):
    runs = _sweep_runs()
    fig, axes = plt.subplots(1, 2)
    plots.draw_bn_sweep(axes, value=value, runs=runs, parameter="learning rate")
    curves = {line.get_label(): line for line in axes[0].lines}
    np.testing.assert_array_equal(curves["with BN"].get_ydata(), runs[value]["with BN"].train_loss)
    assert ("without BN: diverged in epoch 2" in curves) == (value == 1.0)
    finals = {line.get_label(): line for line in axes[1].lines}
    np.testing.assert_array_equal(finals["with BN"].get_ydata(), [0.9, 0.95])
    np.testing.assert_array_equal(finals["without BN"].get_ydata(), [0.8, np.nan])
    assert axes[0].get_title() == f"learning rate = {value:g}"
    plt.close(fig)


def test_sweep_figure_marks_a_diverged_run_at_zero():
    fig, axes = plt.subplots(1, 2)
    plots.draw_bn_sweep(axes, value=0.1, runs=_sweep_runs())
    crosses = [line for line in axes[1].lines if line.get_marker() == "x" and len(line.get_xdata())]
    assert len(crosses) == 1
    np.testing.assert_array_equal(crosses[0].get_xydata(), [[1.0, 0.0]])
    plt.close(fig)


@pytest.mark.parametrize(("runs", "value", "message"), [
    ({}, 0.1, "runs must map at least one value to its histories, got an empty dict"),
    (_sweep_runs(), 0.3, r"value must be one of \[0.1, 1.0\], got 0.3"),
])
def test_sweep_figure_rejects_missing_runs(runs, value, message):
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=message):
        plots.draw_bn_sweep(axes, value=value, runs=runs)
    plt.close(fig)


def test_head_parameters_of_a_vgg_sized_map():
    # 512 · 7 · 7 · 1000 weights + 1000 biases, against 512 · 1000 + 1000
    assert experiments.head_parameters(512, 7, 7, 1000) == {"fully connected": 25_089_000,
                                                      "global average pooling": 513_000}


def test_head_parameters_match_the_layers():
    counts = experiments.head_parameters(16, 6, 6, 10)
    assert counts["fully connected"] == layers.Linear(16 * 36, 10, rng=0).num_params
    assert counts["global average pooling"] == (layers.GlobalAvgPool().num_params
                                                + layers.Linear(16, 10, rng=0).num_params)


def test_head_parameters_reject_a_zero_size():
    with pytest.raises(ValueError, match=r"height must be in \[1, inf\], got 0"):
        experiments.head_parameters(16, 0, 6, 10)


@pytest.mark.parametrize("max_size", [1, 7, 14])
def test_head_figure_grows_only_for_the_fully_connected_head(max_size):
    fig, ax = plt.subplots()
    plots.draw_head_parameters(ax, channels=8, classes=10, max_size=max_size)
    fc, gap = ax.lines
    sizes = np.arange(1, max_size + 1)
    np.testing.assert_array_equal(fc.get_ydata(), 8 * sizes**2 * 10 + 10)
    np.testing.assert_array_equal(gap.get_ydata(), np.full(max_size, 8 * 10 + 10))
    plt.close(fig)


def test_running_statistics_explorer_redraws_when_the_batch_size_moves():
    explorer = widgets.running_statistics_explorer(batch_size=16)
    before = explorer.figure.axes[0].lines[0].get_ydata().copy()
    explorer.controls["batch_size"].value = 2
    after = explorer.figure.axes[0].lines[0].get_ydata()
    np.testing.assert_allclose(after, experiments.running_statistics(0.1, 2)["batch_mean"])
    assert not np.allclose(before, after)
    explorer.controls["momentum"].value = 1.0
    running = explorer.figure.axes[0].lines[1].get_ydata()
    np.testing.assert_allclose(running, experiments.running_statistics(1.0, 2)["batch_mean"])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"batch_size": 5}, r"batch_size must be one of \[2, 4, 8, 16, 32, 64, 128\], got 5"),
    ({"momentum": 0.0}, r"momentum must be in \[0.01, 1\], got 0"),
    ({"seed": 21}, r"seed must be in \[0, 20\], got 21"),
])
def test_running_statistics_explorer_rejects_a_start_outside_the_sliders(kwargs, message):
    with pytest.raises(ValueError, match=message):
        widgets.running_statistics_explorer(**kwargs)


def test_sweep_explorer_slides_over_the_trained_values():
    explorer = widgets.bn_sweep_explorer(_sweep_runs(), value=0.1, parameter="learning rate")
    assert explorer.controls["value"].options == (0.1, 1.0)
    labels = [line.get_label() for line in explorer.figure.axes[0].lines]
    assert "without BN: diverged in epoch 2" not in labels
    explorer.controls["value"].value = 1.0
    labels = [line.get_label() for line in explorer.figure.axes[0].lines]
    assert "without BN: diverged in epoch 2" in labels
    assert explorer.figure.axes[0].get_title() == "learning rate = 1"


@pytest.mark.parametrize(("runs", "value", "message"), [
    ({}, 0.1, r"runs must be a non-empty dict \{value: \{label: History\}\}, got dict \{\}"),
    ([1, 2], 0.1, r"runs must be a non-empty dict \{value: \{label: History\}\}, got list \[1, 2\]"),
    (_sweep_runs(), 3.0, r"value must be one of \[0.1, 1.0\], got 3.0"),
])
def test_sweep_explorer_rejects_bad_runs(runs, value, message):
    with pytest.raises(ValueError, match=message):
        widgets.bn_sweep_explorer(runs, value=value)


@pytest.mark.parametrize(("weight_std", "depth"), [(0.05, 3), (0.5, 10), (1.0, 30)])
def test_layer_spread_draws_the_slider_std_against_he_in_both_panels(weight_std, depth):
    fig, axes = plt.subplots(1, 2)
    plots.draw_layer_spread(axes, weight_std=weight_std, depth=depth, max_depth=30)
    for ax, batchnorm in zip(axes, (False, True), strict=True):
        he, chosen = ax.lines
        np.testing.assert_array_equal(chosen.get_xdata(), np.arange(1, depth + 1))
        np.testing.assert_allclose(chosen.get_ydata(), experiments.layer_statistics(
            weight_std, batchnorm=batchnorm, depth=depth))
        np.testing.assert_allclose(he.get_ydata(), experiments.layer_statistics(
            np.sqrt(2 / 64), batchnorm=batchnorm, depth=30))
        assert ax.get_xlim() == (0.5, 30.5) and ax.get_yscale() == "log"
    assert axes[0].get_title().startswith(f"without batch norm: weight std {weight_std:.3g}, "
                                          f"layer {depth} std")
    plt.close(fig)


def test_layer_spread_needs_axes_as_deep_as_the_network():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"max_depth must be in \[10, inf\], got 5"):
        plots.draw_layer_spread(axes, depth=10, max_depth=5)
    plt.close(fig)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"weight_std": 2.0}, r"weight_std must be in \[0.01, 1\], got 2"),
    ({"depth": 31}, r"depth must be in \[1, 30\], got 31"),
])
def test_layer_spread_explorer_rejects_a_start_outside_the_sliders(kwargs, message):
    with pytest.raises(ValueError, match=message):
        widgets.layer_spread_explorer(**kwargs)


def test_layer_spread_sliders_move_artists_on_kept_axes():
    explorer = widgets.layer_spread_explorer(weight_std=0.5, depth=10)
    kept = explorer.figure.axes[0]
    explorer.controls["depth"].value = 20
    explorer.controls["weight_std"].value = 0.1
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    np.testing.assert_allclose(kept.lines[1].get_ydata(),
                               experiments.layer_statistics(0.1, batchnorm=False, depth=20))
    assert_moves_match_a_full_drawing(explorer, {"weight_std": 0.01, "depth": 30})
    assert_moves_match_a_full_drawing(explorer, {"weight_std": 1.0, "depth": 1})


def test_running_statistics_sliders_move_artists_on_kept_axes():
    explorer = widgets.running_statistics_explorer()
    kept = explorer.figure.axes[0]
    explorer.controls["seed"].value = 4
    assert explorer.figure.axes[0] is kept
    np.testing.assert_allclose(kept.lines[0].get_ydata(),
                               experiments.running_statistics(0.1, 16, seed=4)["batch_mean"])
    assert_moves_match_a_full_drawing(explorer, {"momentum": 1.0, "batch_size": 2, "seed": 20})
    assert_moves_match_a_full_drawing(explorer, {"momentum": 0.01, "batch_size": 128, "seed": 0})


def test_sweep_slider_moves_artists_on_kept_axes():
    explorer = widgets.bn_sweep_explorer(_sweep_runs(), value=0.1, parameter="learning rate")
    kept = explorer.figure.axes[0]
    explorer.controls["value"].value = 1.0
    assert explorer.figure.axes[0] is kept
    np.testing.assert_array_equal(kept.lines[0].get_ydata(), [3.0])  # without BN at 1.0
    chosen, = explorer.figure.axes[1].collections  # the vertical line at the chosen value
    np.testing.assert_array_equal(chosen.get_segments()[0], [[1.0, 0.0], [1.0, 1.0]])
    assert_moves_match_a_full_drawing(explorer, {"value": 0.1})
    assert_moves_match_a_full_drawing(explorer, {"value": 1.0})


def test_seed_band_draws_the_mean_and_the_range_over_seeds():
    fig, ax = plt.subplots()
    scores = np.array([[0.1, 0.3, 0.2], [0.5, 0.9, 0.7]])
    line = plots.draw_seed_band(ax, [1, 2], scores, label="arm")
    np.testing.assert_allclose(line.get_ydata(), [0.2, 0.7])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == 0.1 and band.max() == 0.9
    with pytest.raises(ValueError, match=r"scores must have shape \(2, seeds\), got shape \(3, 1\)"):
        plots.draw_seed_band(ax, [1, 2], np.ones((3, 1)), label="arm")
    plt.close(fig)


def test_small_batches_draws_each_arm_and_the_training_mode_accuracy():
    fig, axes = plt.subplots(1, 2)
    trained = {"without BN": np.array([[0.6, 0.7], [0.8, 0.8]]), "with BN": np.array([[0.2, 0.3], [0.8, 0.9]])}
    plots.draw_small_batches(axes, batch_sizes=[2, 32], trained=trained, mode_sizes=[2, 4, 8],
                             train_mode_acc=[0.4, 0.6, 0.8], eval_acc=0.9)
    np.testing.assert_allclose(axes[0].lines[1].get_ydata(), [0.25, 0.85])
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), [0.4, 0.6, 0.8])
    assert axes[1].lines[1].get_ydata()[0] == 0.9
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["without BN", "with BN"]
    with pytest.raises(ValueError, match=r"train_mode_acc must hold one accuracy per size of mode_sizes \(3\), got 2"):
        plots.draw_small_batches(axes, batch_sizes=[2, 32], trained=trained, mode_sizes=[2, 4, 8],
                                 train_mode_acc=[0.4, 0.6], eval_acc=0.9)
    plt.close(fig)


def test_head_accuracies_draws_three_bars_per_head_at_the_seed_means():
    fig, ax = plt.subplots()
    train_acc = {("fully connected", "true"): np.array([1.0, 1.0]), ("fully connected", "random"): np.array([0.9, 1.0]),
                 ("GAP", "true"): np.array([0.7, 0.8]), ("GAP", "random"): np.array([0.2, 0.3])}
    val_acc = {key: value - 0.1 for key, value in train_acc.items()}
    plots.draw_head_accuracies(ax, train_acc=train_acc, val_acc=val_acc)
    heights = [patch.get_height() for patch in ax.patches]
    np.testing.assert_allclose(heights, [1.0, 0.75, 0.9, 0.65, 0.95, 0.25])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["fully connected head", "GAP head"]
    plt.close(fig)
