"""The drawing functions and explorers of notebook 08 (dropout); conftest selects Agg."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_check import assert_moves_match_a_full_drawing

from course_lib import layers, plots, train, widgets


@pytest.mark.parametrize("keep_prob", [0.1, 0.5, 1.0])
def test_mask_image_holds_zeros_and_one_over_keep_prob(keep_prob):
    fig, ax = plt.subplots()
    plots.draw_dropout_mask(ax, keep_prob=keep_prob, seed=1)
    image = ax.collections[0].get_array()
    assert set(np.unique(image)) <= {0.0, 1 / keep_prob}
    assert f"keep_prob = {keep_prob:.2f}" in ax.get_title()
    plt.close(fig)


def test_mask_colours_dropped_units_apart_from_every_kept_value():
    fig, ax = plt.subplots()
    plots.draw_dropout_mask(ax, keep_prob=0.5, seed=1)
    mesh = ax.collections[0]
    colours = {tuple(c) for c in mesh.to_rgba(np.array([0.0, 1.0, 2.0, 10.0]))}
    assert len(colours) == 4  # 0 (dropped) and the kept values 1, 2 and 10 all differ
    assert mesh.norm.vmin == 1 and mesh.norm.vmax == 10
    plt.close(fig)


@pytest.mark.parametrize(("keep_prob", "seed", "dropped"), [(0.5, 6, 6), (1.0, 0, 0)])
def test_thinned_network_removes_the_dropped_units_and_their_links(keep_prob, seed, dropped):
    fig, axes = plt.subplots(1, 2)
    plots.draw_thinned_network(axes, sizes=(4, 6, 6, 3), keep_prob=keep_prob, seed=seed)
    full_links = 4 * 6 + 6 * 6 + 6 * 3
    assert len(axes[0].lines) == full_links
    assert f"{dropped} of 12 hidden units dropped" in axes[1].get_title()
    if dropped:
        assert len(axes[1].lines) < full_links
    else:
        assert len(axes[1].lines) == full_links
    plt.close(fig)


def test_thinned_network_counts_the_links_of_the_units_it_keeps():
    fig, axes = plt.subplots(1, 2)
    plots.draw_thinned_network(axes, sizes=(2, 3, 2), keep_prob=0.5, seed=0)
    kept = int((layers.Dropout(0.5, rng=0).forward(np.ones(3)) > 0).sum())
    assert len(axes[1].lines) == 2 * kept + kept * 2
    plt.close(fig)


def test_thinned_network_needs_a_hidden_layer():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"sizes must give at least 3 layers \(input, hidden, output\), got \[2, 3\]"):
        plots.draw_thinned_network(axes, sizes=(2, 3))
    plt.close(fig)


def test_mask_with_keep_prob_one_keeps_every_unit():
    fig, ax = plt.subplots()
    plots.draw_dropout_mask(ax, keep_prob=1.0)
    assert ax.get_title().endswith("\n100% kept, mean activation 1.000")
    plt.close(fig)


def test_mask_rejects_a_bad_keep_prob():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\], got 1.5"):
        plots.draw_dropout_mask(ax, keep_prob=1.5)
    plt.close(fig)


def _runs():
    histories, train_acc, val_acc = {}, {}, {}
    for i, p in enumerate((0.3, 0.5, 1.0)):
        histories[p] = train.History(train_loss=[2.0, 1.0 + i], train_acc=[0.5, 0.6],
                                     val_loss=[2.1, 1.5 - 0.1 * i], val_acc=[0.5, 0.7])
        train_acc[p], val_acc[p] = 0.8 + 0.1 * i, 0.75
    return histories, train_acc, val_acc


@pytest.mark.parametrize("keep_prob", [0.3, 0.5, 1.0])
def test_gap_figure_draws_the_chosen_run_and_every_gap(keep_prob):
    histories, train_acc, val_acc = _runs()
    fig, axes = plt.subplots(1, 2)
    plots.draw_dropout_gap(axes, keep_prob=keep_prob, histories=histories, train_acc=train_acc,
                           val_acc=val_acc)
    legend = axes[0].get_legend()
    curves = {text.get_text(): line for text, line in zip(legend.get_texts(), axes[0].lines, strict=True)}
    np.testing.assert_array_equal(curves[f"val loss, keep {keep_prob:g}"].get_ydata(), histories[keep_prob].val_loss)
    if keep_prob == 1.0:  # the chosen run is the one without dropout: no grey curves
        assert not any(line.get_visible() for line in axes[0].lines[2:])
    else:
        np.testing.assert_array_equal(curves["val loss, no dropout"].get_ydata(), histories[1.0].val_loss)
        np.testing.assert_array_equal(curves["train loss, no dropout"].get_ydata(), histories[1.0].train_loss)
    train_line = axes[1].lines[0]
    np.testing.assert_allclose(train_line.get_ydata(), [0.8, 0.9, 1.0])
    gap = train_acc[keep_prob] - val_acc[keep_prob]
    assert f"gap {gap:.3f}" in axes[1].get_title()
    plt.close(fig)


def test_gap_figure_rejects_a_keep_prob_that_was_not_trained():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"keep_prob must be one of \[0.3, 0.5, 1.0\], got 0.7"):
        plots.draw_dropout_gap(axes, keep_prob=0.7, histories=_runs()[0], train_acc={}, val_acc={})
    plt.close(fig)


def test_mask_explorer_redraws_when_keep_prob_moves():
    explorer = widgets.dropout_mask_explorer(keep_prob=0.5)
    before = explorer.figure.axes[0].collections[0].get_array().copy()
    explorer.controls["keep_prob"].value = 0.2
    after = explorer.figure.axes[0].collections[0].get_array()
    assert not np.array_equal(before, after)
    assert set(np.unique(after)) == {0.0, 5.0}


def test_mask_sliders_move_the_image_on_kept_axes():
    explorer = widgets.dropout_mask_explorer(keep_prob=0.5)
    kept, image = explorer.figure.axes[0], explorer.figure.axes[0].collections[0]
    before = image.get_array().copy()
    explorer.controls["seed"].value = 7
    assert explorer.figure.axes[0] is kept and kept.collections[0] is image  # blitted
    assert not np.array_equal(image.get_array(), before)
    assert kept.get_title().startswith("keep_prob = 0.50: kept ones hold 1/keep_prob = 2\n")
    assert_moves_match_a_full_drawing(explorer, {"keep_prob": 0.1, "seed": 20})
    assert_moves_match_a_full_drawing(explorer, {"keep_prob": 1.0, "seed": 0})


def test_mask_explorer_rejects_a_start_outside_the_slider():
    with pytest.raises(ValueError, match=r"keep_prob must be in \[0.1, 1\], got 0.05"):
        widgets.dropout_mask_explorer(keep_prob=0.05)


def test_gap_explorer_slides_over_the_trained_runs():
    histories, train_acc, val_acc = _runs()
    explorer = widgets.dropout_gap_explorer(histories, train_acc, val_acc, keep_prob=0.5)
    assert explorer.controls["keep_prob"].options == (0.3, 0.5, 1.0)
    kept = explorer.figure.axes[0]
    explorer.controls["keep_prob"].value = 0.3
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    labels = [text.get_text() for text in kept.get_legend().get_texts()]
    assert labels == ["val loss, keep 0.3", "train loss (masks on), keep 0.3", "val loss, no dropout",
                      "train loss, no dropout"]
    np.testing.assert_array_equal(kept.lines[0].get_ydata(), histories[0.3].val_loss)
    assert explorer.figure.axes[1].lines[-1].get_xdata()[0] == 0.3
    assert_moves_match_a_full_drawing(explorer, {"keep_prob": 1.0})
    assert_moves_match_a_full_drawing(explorer, {"keep_prob": 0.5})
    with pytest.raises(ValueError, match=r"keep_prob must be one of \[0.3, 0.5, 1.0\], got 0.9"):
        widgets.dropout_gap_explorer(histories, train_acc, val_acc, keep_prob=0.9)
