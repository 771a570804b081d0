"""Digits, toy sets, one-hot, standardisation, splitting and mini-batches."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import data


def test_one_hot_by_hand():
    np.testing.assert_array_equal(data.one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])


def test_one_hot_rejects_a_label_out_of_range():
    with pytest.raises(ValueError, match=r"y must be in \[0, 2\], got 3 at position 1"):
        data.one_hot([0, 3], 3)
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        data.one_hot(["a"], 3)


def test_standardize_gives_zero_mean_unit_std_and_keeps_constant_columns_finite():
    X = np.array([[1.0, 5.0], [3.0, 5.0]])
    Z, mean, std = data.standardize(X)
    np.testing.assert_array_equal(Z, [[-1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_array_equal(mean, [2.0, 5.0])
    np.testing.assert_array_equal(std, [1.0, 1.0])  # the constant column gets std 1


def test_standardize_reuses_given_statistics():
    Z, _, _ = data.standardize([[4.0]], mean=np.array([2.0]), std=np.array([2.0]))
    np.testing.assert_array_equal(Z, [[1.0]])


def test_standardize_rejects_mismatched_statistics():
    with pytest.raises(ValueError, match=r"mean and std must have shape \(2,\), got \(3,\) and \(2,\)"):
        data.standardize(np.ones((2, 2)), mean=np.zeros(3), std=np.ones(2))
    with pytest.raises(ValueError, match="std must be positive in every column"):
        data.standardize(np.ones((2, 1)), mean=np.zeros(1), std=np.zeros(1))


def test_split_sizes_cover_every_row_once():
    X = np.arange(20.0).reshape(10, 2)
    s = data.train_val_test_split(X, np.arange(10), val_fraction=0.2, test_fraction=0.3, rng=0)
    assert (len(s.y_train), len(s.y_val), len(s.y_test)) == (5, 2, 3)
    assert sorted(np.concatenate([s.y_train, s.y_val, s.y_test])) == list(range(10))
    np.testing.assert_array_equal(s.X_train[:, 0], 2 * s.y_train)  # rows stay with their labels


def test_split_rejects_fractions_that_leave_no_training_data():
    with pytest.raises(ValueError, match="val_fraction \\+ test_fraction must be below 1, got 0.5 \\+ 0.5"):
        data.train_val_test_split(np.ones((4, 1)), np.zeros(4), val_fraction=0.5, test_fraction=0.5)
    with pytest.raises(ValueError, match=r"X and y must have the same number of rows, got shapes \(4, 1\) and \(3,\)"):
        data.train_val_test_split(np.ones((4, 1)), np.zeros(3))


def test_load_digits_is_seeded_standardised_and_complete():
    d = data.load_digits(rng=0)
    assert d.X_train.shape[1] == 64
    assert len(d.y_train) + len(d.y_val) + len(d.y_test) == 1797
    assert set(np.unique(d.y_train)) == set(range(10))
    np.testing.assert_allclose(d.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_array_equal(data.load_digits(rng=0).y_test, d.y_test)
    assert not np.array_equal(data.load_digits(rng=1).y_test, d.y_test)


def test_load_digits_reads_the_same_numbers_as_scikit_learn():
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    pixels, labels = data._bundled_digits()
    np.testing.assert_array_equal(pixels, bunch.data)
    np.testing.assert_array_equal(labels, bunch.target)


def test_load_digits_raw_pixels_and_float32():
    raw = data.load_digits(standardize_features=False, dtype=np.float32)
    assert raw.X_train.dtype == np.float32
    assert raw.X_train.min() == 0 and raw.X_train.max() == 16


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 50), batch_size=st.integers(1, 60), shuffle=st.booleans())
def test_minibatches_visit_every_row_exactly_once(n, batch_size, shuffle):
    X = np.arange(n, dtype=float)[:, None]
    batches = list(data.minibatches(X, np.arange(n), batch_size, shuffle=shuffle, rng=0))
    seen = np.concatenate([yb for _, yb in batches])
    assert sorted(seen) == list(range(n))
    assert all(len(yb) == batch_size for _, yb in batches[:-1])
    assert all(np.array_equal(Xb[:, 0], yb) for Xb, yb in batches)
    if not shuffle:
        np.testing.assert_array_equal(seen, np.arange(n))


def test_minibatches_reshuffle_every_epoch():
    rng = np.random.default_rng(0)
    X, y = np.zeros((100, 1)), np.arange(100)
    first = next(data.minibatches(X, y, 100, rng=rng))[1]
    second = next(data.minibatches(X, y, 100, rng=rng))[1]
    assert not np.array_equal(first, second)


def test_minibatches_reject_bad_inputs():
    with pytest.raises(ValueError, match=r"X and y must have the same number of rows, got shapes \(3, 1\) and \(2,\)"):
        next(data.minibatches(np.ones((3, 1)), np.ones(2), 2))
    with pytest.raises(ValueError, match=r"batch_size must be in \[1, inf\], got 0"):
        next(data.minibatches(np.ones((3, 1)), np.ones(3), 0))


@pytest.mark.parametrize("name", sorted(data.TOY_SETS))
def test_toy_sets_are_seeded_2d_and_balanced(name):
    X, y = data.TOY_SETS[name](120, rng=3)
    X2, y2 = data.TOY_SETS[name](120, rng=3)
    assert X.shape == (120, 2) and y.shape == (120,)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1 or name == "xor"


def test_toy_set_geometry():
    X, y = data.make_circles(200, noise=0.0, factor=0.3, rng=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)
    X, y = data.make_xor(200, noise=0.0, rng=0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) == np.sign(X[:, 1])).astype(int))
    X, y = data.make_spirals(300, classes=3, noise=0.0, rng=0)
    assert np.hypot(X[:, 0], X[:, 1]).max() <= 1.0


def test_toy_sets_reject_bad_inputs():
    with pytest.raises(ValueError, match=r"noise must be in \[0, inf\], got -0.1"):
        data.make_moons(noise=-0.1)
    with pytest.raises(ValueError, match=r"n must be in \[3, inf\], got 2"):
        data.make_spirals(2, classes=3)
    with pytest.raises(ValueError, match=r"factor must be in \(0, 1\), got 1"):
        data.make_circles(factor=1.0)
    with pytest.raises(ValueError, match=r"centers must be in \[2, inf\], got 1"):
        data.make_blobs(centers=1)
