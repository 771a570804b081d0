"""Notebook 10's runs, drawings and batch-size explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_check import assert_moves_match_a_full_drawing

from course_lib import data, experiments, plots, train, widgets


def small_set():
    return data.make_blobs(60, centers=3, spread=0.3, rng=0)


def test_loss_curve_records_the_start_and_every_epoch_end():
    X, y = small_set()
    seen, updates, loss = experiments.loss_curve(X, y, 7, epochs=2, every=1000)
    np.testing.assert_array_equal(seen, [0, 60, 120])
    np.testing.assert_array_equal(updates, [0, 9, 18])  # ceil(60 / 7) = 9 steps per epoch
    assert loss[0] == pytest.approx(np.log(3), abs=0.05)  # weights ~ N(0, 0.01²): near-uniform
    assert loss[-1] < loss[0]


def test_loss_curve_with_full_batches_is_plain_gradient_descent():
    X, y = small_set()
    seen, updates, loss = experiments.loss_curve(X, y, 60, epochs=4, every=1, shuffle=False)
    np.testing.assert_array_equal(updates, np.arange(5))
    assert np.all(np.diff(loss) < 0)  # small steps on a convex loss: always downhill


def test_loss_curve_is_seeded():
    X, y = small_set()
    a = experiments.loss_curve(X, y, 5, epochs=1, rng=3)[2]
    b = experiments.loss_curve(X, y, 5, epochs=1, rng=3)[2]
    np.testing.assert_array_equal(a, b)


def test_loss_curve_rejects_bad_inputs():
    X, y = small_set()
    with pytest.raises(ValueError, match=r"batch_size must be in \[1, inf\], got 0"):
        experiments.loss_curve(X, y, 0)
    with pytest.raises(ValueError, match="y must have 60 labels"):
        experiments.loss_curve(X, y[:5], 4)
    with pytest.raises(ValueError, match=r"every must be in \[1, inf\]"):
        experiments.loss_curve(X, y, 4, every=0)
    with pytest.raises(ValueError, match=r"X must have at least one row, got shape \(0, 2\)"):
        experiments.loss_curve(X[:0], y[:0], 4)
    with pytest.raises(ValueError, match=r"X must contain only finite numbers, got NaN or inf \(nan at index \(0, 1\)\)"):
        experiments.loss_curve(np.where(np.arange(X.size).reshape(X.shape) == 1, np.nan, X), y, 4)


def test_loss_curve_stops_with_the_training_message_when_it_diverges():
    X, y = small_set()
    with pytest.raises(train.TrainingDiverged, match=r"the loss became nan after 1 updates: the updates diverged. "
                                                     r"Try a lower learning rate \(it is 0.05\) or standardise X."):
        experiments.loss_curve(X * 1e200, y, 60, every=1)


def test_digits_curve_checks_its_arguments_before_remembering_a_run():
    with pytest.raises(TypeError, match=r"epochs must be an integer, got bool True"):
        experiments.digits_curve(300, True)


@pytest.mark.parametrize("batch_size", [1, 32, 300])
def test_draw_batch_sizes_draws_three_runs_on_two_axes(batch_size):
    fig, axes = plt.subplots(1, 2)
    plots.draw_batch_sizes(axes, batch_size=batch_size)
    for ax in axes:
        assert len(ax.lines) == 3
    assert axes[1].get_xscale() == "log"
    labels = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert labels[2] == f"mini-batch (B = {batch_size})"
    assert axes[0].lines[0].get_xdata()[-1] == pytest.approx(5.0)  # 5 epochs
    plt.close(fig)


def test_draw_batch_sizes_rejects_a_batch_larger_than_the_data():
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match=r"batch_size must be in \[1, 300\], got 301"):
        plots.draw_batch_sizes(axes, batch_size=301)
    plt.close(fig)


def test_draw_histories_draws_one_curve_per_history():
    a, b = train.History(train_loss=[3.0, 2.0, 1.0]), train.History(train_loss=[2.0, 1.5])
    fig, ax = plt.subplots()
    plots.draw_histories(ax, {"a": a, "b": b})
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [2.0, 1.5])
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "train loss"
    with pytest.raises(ValueError, match="metric must be one of"):
        plots.draw_histories(ax, {"a": a}, metric="loss")
    plt.close(fig)


def test_batch_size_explorer_redraws_with_the_new_batch_size(no_event_loop):
    explorer = widgets.batch_size_explorer(batch_size=32)
    before = explorer.figure.axes[1].lines[2].get_xdata().copy()
    explorer.controls["batch_size"].value = 8
    after = explorer.figure.axes[1].lines[2].get_xdata()
    assert after[-1] == 5 * 38 + 1  # 300 / 8 → 38 updates per epoch, plotted as updates + 1
    assert before[-1] == 5 * 10 + 1


@pytest.mark.parametrize("lr", [0.01, 0.2])
def test_draw_batch_sizes_draws_the_runs_of_its_learning_rate(lr):
    fig, axes = plt.subplots(1, 2)
    plots.draw_batch_sizes(axes, batch_size=8, lr=lr)
    for size, line in zip((300, 1, 8), axes[0].lines, strict=True):
        seen, _, loss = experiments.digits_curve(size, 5, lr)
        np.testing.assert_allclose(line.get_xdata(), seen / 300)
        np.testing.assert_allclose(line.get_ydata(), loss)
    assert axes[0].get_title() == f"Loss per unit of computation, lr = {lr:g}"
    assert all(ax.get_ylim() == (0, 2.5) for ax in axes)
    plt.close(fig)


def test_batch_size_explorer_rejects_a_learning_rate_off_its_slider():
    with pytest.raises(ValueError, match=r"lr must be one of .*0.5.*, got 0.3"):
        widgets.batch_size_explorer(lr=0.3)


def test_batch_size_and_lr_sliders_move_artists_on_kept_axes(no_event_loop):
    explorer = widgets.batch_size_explorer(batch_size=32)
    kept = explorer.figure.axes[0]
    notes = []
    explorer.note.observe(lambda change: notes.append(change["new"]), names="value")
    explorer.controls["lr"].value = 0.1
    assert any("training" in note for note in notes) and explorer.note.value == ""
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    np.testing.assert_allclose(kept.lines[0].get_ydata(), experiments.digits_curve(300, 5, 0.1)[2])
    notes.clear()
    explorer.controls["lr"].value = 0.05  # trained before: no note
    assert notes == []
    assert_moves_match_a_full_drawing(explorer, {"batch_size": 300, "lr": 0.1})
    legend = explorer.figure.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()][2] == "mini-batch (B = 300)"
