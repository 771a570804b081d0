"""Data: the bundled digits, small 2-D toy sets, and the plumbing of training data.

Nothing here downloads anything: the digits come with scikit-learn, the toy sets are generated.
Every random function takes ``rng`` (a ``numpy.random.Generator`` or an int seed).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _checks


@dataclass(frozen=True)
class Splits:
    """A data set cut into train / validation / test parts (rows are examples)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    def __repr__(self) -> str:
        return (f"Splits(train={self.X_train.shape}, val={self.X_val.shape}, "
                f"test={self.X_test.shape}, dtype={self.X_train.dtype})")


def one_hot(y, num_classes: int, dtype=np.float64) -> np.ndarray:
    """Integer labels (N,) → one-hot rows (N, num_classes): row n is 1 at column y_n, else 0.

    ``dtype`` is np.float64 or np.float32. PyTorch: ``F.one_hot(y, num_classes)`` (int64).
    """
    num_classes = _checks.integer(num_classes, "num_classes", low=1)
    y = _checks.labels(y, "y", num_classes=num_classes)
    out = np.zeros((y.shape[0], num_classes), dtype=_checks.float_dtype(dtype))
    out[np.arange(y.shape[0]), y] = 1
    return out


def standardize(X, mean=None, std=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X − mean) / std per column; returns ``(X_standardized, mean, std)``.

    Without ``mean``/``std`` they are computed from ``X`` (do this on the training set only,
    then pass them for validation and test data). Constant columns get std 1, not a division by 0.
    Everything must be finite. scikit-learn: ``StandardScaler`` (which also uses the biased std).
    """
    X = _checks.float_array(X, "X", ndim=2, shape="(N, D)", finite=True)
    if X.shape[0] == 0:
        raise ValueError(f"X must have at least one row, got shape {X.shape}")
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        with np.errstate(over="ignore"):
            std = X.std(axis=0)
        if not np.all(np.isfinite(std)):
            raise ValueError(f"X is too large to standardize: the variance of a column passes the "
                             f"float64 range, got entries up to {np.abs(X).max():g}")
        std = np.where(std > 0, std, 1).astype(X.dtype)
    mean = _checks.float_array(mean, "mean", ndim=1, shape=f"({X.shape[1]},)", finite=True)
    std = _checks.float_array(std, "std", ndim=1, shape=f"({X.shape[1]},)", finite=True)
    if mean.shape[0] != X.shape[1] or std.shape[0] != X.shape[1]:
        raise ValueError(f"mean and std must have shape ({X.shape[1]},), "
                         f"got {mean.shape} and {std.shape}")
    if np.any(std <= 0):
        raise ValueError("std must be positive in every column")
    return ((X - mean) / std).astype(X.dtype, copy=False), mean, std


def train_val_test_split(X, y, *, val_fraction: float = 0.2, test_fraction: float = 0.2,
                         rng=None) -> Splits:
    """Shuffle the rows once and cut them into train, validation and test parts."""
    X = _checks.float_array(X, "X", ndim=2, shape="(N, D)")
    y = _checks.rows(y, "y")
    _checks.same_rows(X, y, "X", "y")
    val_fraction = _checks.number(val_fraction, "val_fraction", low=0, high=1, high_open=True)
    test_fraction = _checks.number(test_fraction, "test_fraction", low=0, high=1, high_open=True)
    if val_fraction + test_fraction >= 1:
        raise ValueError("val_fraction + test_fraction must be below 1, got "
                         f"{val_fraction:g} + {test_fraction:g}")
    n = X.shape[0]
    order = _checks.rng(rng).permutation(n)
    n_test, n_val = round(n * test_fraction), round(n * val_fraction)
    test, val, train = np.split(order, [n_test, n_test + n_val])
    return Splits(X[train], y[train], X[val], y[val], X[test], y[test])


def _bundled_digits() -> tuple[np.ndarray, np.ndarray]:
    """The pixels (1797, 64) and labels (1797,) of the digits file that scikit-learn ships, read
    directly: the same numbers as ``sklearn.datasets.load_digits()``, without the two seconds
    that importing scikit-learn takes."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("load_digits needs scikit-learn, which ships the digits: pip install scikit-learn")
    table = np.loadtxt(Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz",
                       delimiter=",")
    return table[:, :-1], table[:, -1].astype(np.int64)


def load_digits(*, val_fraction: float = 0.2, test_fraction: float = 0.2,
                standardize_features: bool = True, rng=0, dtype=np.float64) -> Splits:
    """scikit-learn's bundled 8×8 handwritten digits (1,797 images, 10 classes, no download).

    Each row is an image flattened to 64 pixel values 0–16. The split is seeded by ``rng``;
    features are standardised with the training set's mean and std unless
    ``standardize_features`` is False (then the raw pixels are kept, e.g. for showing images).
    ``dtype`` is np.float64 or np.float32.
    """
    standardize_features = _checks.flag(standardize_features, "standardize_features")
    dtype = _checks.float_dtype(dtype)
    pixels, labels = _bundled_digits()
    splits = train_val_test_split(pixels.astype(dtype), labels,
                                  val_fraction=val_fraction, test_fraction=test_fraction, rng=rng)
    if not standardize_features:
        return splits
    X_train, mean, std = standardize(splits.X_train)
    return Splits(X_train, splits.y_train, standardize(splits.X_val, mean, std)[0], splits.y_val,
                  standardize(splits.X_test, mean, std)[0], splits.y_test)


def minibatches(X, y, batch_size: int, *, shuffle: bool = True,
                rng=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` pairs that together cover every row once (one epoch).

    With ``shuffle`` the rows are visited in a fresh random order (shuffle before every epoch,
    then cut); the last batch is smaller when ``batch_size`` does not divide N. The arguments
    are checked at the call, before the first batch is asked for.
    """
    X, y = _checks.rows(X, "X"), _checks.rows(y, "y")
    _checks.same_rows(X, y, "X", "y")
    batch_size = _checks.integer(batch_size, "batch_size", low=1)
    rng = _checks.rng(rng)
    starts = range(0, X.shape[0], batch_size)
    if not _checks.flag(shuffle, "shuffle"):
        return ((X[i:i + batch_size], y[i:i + batch_size]) for i in starts)
    order = rng.permutation(X.shape[0])
    return ((X[order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in starts)


def _labels_and_count(n, classes: int) -> tuple[int, np.ndarray]:
    n = _checks.integer(n, "n", low=classes)
    return n, np.arange(n) % classes


def make_moons(n: int = 200, *, noise: float = 0.1, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (labels 0 and 1) plus Gaussian noise of std ``noise``."""
    n, y = _labels_and_count(n, 2)
    noise = _checks.number(noise, "noise", low=0)
    rng = _checks.rng(rng)
    angle = rng.uniform(0, np.pi, n)
    X = np.where(y[:, None] == 0,
                 np.c_[np.cos(angle), np.sin(angle)],
                 np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)])
    return X + noise * rng.standard_normal((n, 2)), y


def make_circles(n: int = 200, *, noise: float = 0.05, factor: float = 0.5,
                 rng=None) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (label 1, radius ``factor``) inside a large one (label 0, radius 1)."""
    n, y = _labels_and_count(n, 2)
    noise = _checks.number(noise, "noise", low=0)
    factor = _checks.number(factor, "factor", low=0, high=1, low_open=True, high_open=True)
    rng = _checks.rng(rng)
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(y == 0, 1.0, factor)
    X = radius[:, None] * np.c_[np.cos(angle), np.sin(angle)]
    return X + noise * rng.standard_normal((n, 2)), y


def make_spirals(n: int = 300, *, classes: int = 3, noise: float = 0.2,
                 rng=None) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms (cs231n's example), radius 0 to 1."""
    classes = _checks.integer(classes, "classes", low=2)
    n, y = _labels_and_count(n, classes)
    noise = _checks.number(noise, "noise", low=0)
    rng = _checks.rng(rng)
    radius = rng.uniform(0, 1, n)
    angle = 4 * radius + 2 * np.pi * y / classes + noise * rng.standard_normal(n)
    return radius[:, None] * np.c_[np.sin(angle), np.cos(angle)], y


def make_blobs(n: int = 200, *, centers: int = 3, spread: float = 0.5,
               rng=None) -> tuple[np.ndarray, np.ndarray]:
    """``centers`` Gaussian clusters of std ``spread`` around points evenly spaced on a circle
    of radius 2."""
    centers = _checks.integer(centers, "centers", low=2)
    n, y = _labels_and_count(n, centers)
    spread = _checks.number(spread, "spread", low=0)
    rng = _checks.rng(rng)
    angle = 2 * np.pi * np.arange(centers) / centers
    middle = 2 * np.c_[np.cos(angle), np.sin(angle)]
    return middle[y] + spread * rng.standard_normal((n, 2)), y


def make_xor(n: int = 200, *, noise: float = 0.1, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Points in the square [−1, 1]²; label 1 where x and y have the same sign (XOR of the
    signs, as in TensorFlow Playground), then noise of std ``noise`` moves the points."""
    n = _checks.integer(n, "n", low=2)
    noise = _checks.number(noise, "noise", low=0)
    rng = _checks.rng(rng)
    X = rng.uniform(-1, 1, (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    return X + noise * rng.standard_normal((n, 2)), y


TOY_SETS = {"moons": make_moons, "circles": make_circles, "spirals": make_spirals,
            "blobs": make_blobs, "xor": make_xor}
