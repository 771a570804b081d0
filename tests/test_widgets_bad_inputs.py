"""Explorers refuse a bad starting value with the course's message, never a raw traitlets error."""

import pytest

from course_lib import widgets


@pytest.mark.parametrize(("build", "kwargs", "error", "match"), [
    (widgets.guess_explorer, {"guess": "abc"}, TypeError, "guess must be an integer, got str 'abc'"),
    (widgets.guess_explorer, {"guess": 500}, ValueError, r"guess must be in \[1, 100\], got 500"),
    (widgets.guess_explorer, {"seed": -1}, ValueError, "rng must be an int seed of 0 or more, got -1"),
    (widgets.softmax_vs_svm_explorer, {"delta": "abc"}, TypeError, "delta must be a real number, got str"),
    (widgets.softmax_vs_svm_explorer, {"scores": None}, TypeError, "scores must be an array of numbers, got NoneType"),
    (widgets.softmax_vs_svm_explorer, {"scores": [1.0, 2.0]}, ValueError,
     r"scores must be three numbers in \[-5, 15\], got \[1.0, 2.0\]"),
    (widgets.softmax_vs_svm_explorer, {"scores": [1.0, 2.0, 99.0]}, ValueError, "scores must be three numbers"),
    (widgets.polynomial_fit_explorer, {"degree": 2.5}, TypeError, "degree must be an integer, got float 2.5"),
    (widgets.polynomial_fit_explorer, {"lam": float("inf")}, ValueError, "lam must be a finite number, got inf"),
    (widgets.batch_size_explorer, {"batch_size": 3}, ValueError, r"batch_size must be one of \[1, 2, 4, .*got 3"),
    (widgets.optimizer_race_explorer, {"optimizers": "SGD"}, TypeError, "optimizers must be a list or tuple of names"),
    (widgets.optimizer_race_explorer, {"surface": [1, 2]}, ValueError, r"surface must be one of .* got \[1, 2\]"),
    (widgets.activation_explorer, {"name": [1, 2]}, ValueError, r"name must be one of .* got \[1, 2\]"),
    (widgets.dropout_gap_explorer, {"histories": 5, "train_acc": {0.5: 1}, "val_acc": {0.5: 1}}, TypeError,
     "histories must be a non-empty dict keyed by keep_prob, got int 5"),
])
def test_a_bad_starting_value_is_refused_with_a_message(build, kwargs, error, match):
    with pytest.raises(error, match=match):
        build(**kwargs)
