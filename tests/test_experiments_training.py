"""The runs behind notebook 10's comparisons (experiments, chapter 10)."""

import numpy as np
import pytest

from course_lib import data, experiments


def test_loss_curve_stops_after_max_updates_and_records_that_step():
    digits = data.load_digits()
    _, updates, loss = experiments.loss_curve(digits.X_train[:40], digits.y_train[:40], 4, epochs=3,
                                              every=100, max_updates=7)
    full = experiments.loss_curve(digits.X_train[:40], digits.y_train[:40], 4, epochs=1, every=4)
    assert updates[-1] == 7 and loss[-1] == pytest.approx(full[2][7], rel=1e-12)


def test_batch_size_loss_counts_updates_across_epochs():
    # 300 rows in batches of 32: 10 updates make exactly one epoch; 3 updates of batch GD are 3 epochs
    assert experiments.batch_size_loss(32, 0.5, 1, updates=10) == pytest.approx(
        experiments.batch_size_loss(32, 0.5, 1, epochs=1), rel=1e-12)
    assert experiments.batch_size_loss(300, 1.0, 0, updates=3) == pytest.approx(
        experiments.batch_size_loss(300, 1.0, 0, epochs=3), rel=1e-12)


def test_batch_size_loss_needs_exactly_one_budget():
    with pytest.raises(TypeError, match="exactly one of epochs and updates"):
        experiments.batch_size_loss(32, 0.1, 0)


def test_sorted_digits_without_shuffling_learn_far_less_in_one_epoch():
    sorted_acc = experiments.shuffle_accuracy("sorted, never shuffled", 0, epochs=1)
    shuffled_acc = experiments.shuffle_accuracy("shuffled every epoch", 0, epochs=1)
    assert sorted_acc.shape == (1,) and shuffled_acc[0] > sorted_acc[0] + 0.3


def test_a_full_batch_step_peaks_at_far_more_memory_than_a_small_one():
    assert experiments.peak_step_memory(512) > 8 * experiments.peak_step_memory(16)


def test_accumulating_micro_batches_holds_little_more_memory_than_one_micro_batch():
    assert experiments.peak_step_memory(512, micro_batch=16) < 3 * experiments.peak_step_memory(16)


def test_epoch_curves_overfit_a_small_training_set():
    history = experiments.epoch_curves(0, epochs=30)
    val = np.array(history.val_loss)
    assert history.train_loss[-1] < 0.05 * history.train_loss[0]
    assert 1 < val.argmin() < 29 and val[-1] > val.min()  # the validation loss turns back up


def test_fine_tuning_copies_the_hidden_layer_and_starts_ahead():
    tuned, scratch = experiments.fine_tune_vs_scratch(0)
    assert tuned > scratch
    assert experiments.fine_tune_vs_scratch(0) == (tuned, scratch)  # seeded


def test_step_seconds_is_a_positive_median_and_batch_gd_takes_every_row():
    assert experiments.step_seconds(64, None, repeats=1) > 0
    with pytest.raises(ValueError, match="batch_size"):
        experiments.step_seconds(64, 0)


def test_loss_curve_rejects_max_updates_below_one_by_name():
    digits = data.load_digits()
    with pytest.raises(ValueError, match="max_updates must be"):
        experiments.loss_curve(digits.X_train[:8], digits.y_train[:8], 4, max_updates=0)


def test_digits_curve_records_sgd_after_every_update_so_its_start_is_not_a_straight_line():
    _, updates, _ = experiments.digits_curve(1, 1, 0.05)
    np.testing.assert_array_equal(updates, np.arange(experiments.SUBSET + 1))
    _, updates, _ = experiments.digits_curve(300, 2, 0.05)
    np.testing.assert_array_equal(updates, [0, 1, 2])  # batch GD: one point per update
