"""The seeded runs of notebook 07: mini-batch regression side by side over seeds, SGD on a noisy
quadratic, and its noise floor."""

import numpy as np
import pytest

from course_lib import experiments, optim

X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
Y = np.array([1.0, -1.0, 0.5])


def test_minibatch_regression_is_the_hand_written_loop():
    rows = np.random.default_rng(4).integers(0, 3, (6, 2))
    w, expected = np.zeros(2), []
    for idx in rows:
        w = w - 0.1 * X[idx].T @ (X[idx] @ w - Y[idx]) / 2
        expected.append(w)
    path = experiments.minibatch_regression(optim.SGD(0.1), X, Y, steps=6, batch=2, seeds=[4])
    assert path.shape == (6, 1, 2)
    np.testing.assert_allclose(path[:, 0], expected, rtol=1e-14)


def test_minibatch_regression_runs_each_seed_as_on_its_own():
    both = experiments.minibatch_regression(optim.Adam(0.1), X, Y, steps=20, batch=2, seeds=[1, 2])
    for k, seed in enumerate((1, 2)):
        alone = experiments.minibatch_regression(optim.Adam(0.1), X, Y, steps=20, batch=2, seeds=[seed])
        np.testing.assert_array_equal(both[:, k], alone[:, 0])


def test_minibatch_regression_is_nan_from_the_step_a_run_diverges():
    path = experiments.minibatch_regression(optim.SGD(50.0), X * 100, Y, steps=300, batch=3)
    assert np.isfinite(path[0]).all() and np.isnan(path[-1]).all()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"X": np.ones((3, 2)), "y": np.ones(2)}, r"y must have one value per row of X \(3\), got shape \(2,\)"),
    ({"X": np.ones((0, 2)), "y": np.ones(0)}, r"X must have at least one row, got shape \(0, 2\)"),
    ({"X": X, "y": Y, "seeds": []}, r"seeds must be a non-empty list or tuple of seeds, got list \[\]"),
    ({"X": X, "y": Y, "batch": 0}, r"batch must be in \[1, inf\], got 0"),
])
def test_minibatch_regression_bad_inputs(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        experiments.minibatch_regression(optim.SGD(0.1), **kwargs)


def test_noisy_quadratic_without_noise_shrinks_by_one_minus_lr_h():
    # θᵢ(t) = (1 − 0.1·hᵢ)ᵗ·θᵢ(0): f = ½(1·0.9^(2t)·9 + 10·0.0^(2t)·1) for h = (1, 10)
    f = experiments.noisy_quadratic(0.1, steps=4, noise=0.0, seeds=[0, 1])
    expected = 0.5 * 9 * 0.9 ** (2 * np.arange(5)) + np.r_[5.0, 0, 0, 0, 0]
    np.testing.assert_allclose(f, np.stack([expected, expected], axis=1), rtol=1e-12, atol=1e-15)


def test_noisy_quadratic_settles_at_its_noise_floor():
    f = experiments.noisy_quadratic(0.1, steps=3000, seeds=list(range(8)))
    assert f[500:].mean() == pytest.approx(experiments.noise_floor(0.1), rel=0.1)


def test_noisy_quadratic_reads_its_rate_from_the_schedule_each_step():
    constant = experiments.noisy_quadratic(0.05, steps=30)
    scheduled = experiments.noisy_quadratic(1.0, schedule=lambda t: 0.05, steps=30)
    np.testing.assert_array_equal(constant, scheduled)
    decayed = experiments.noisy_quadratic(0.1, schedule=optim.inverse_time_decay(0.1, rate=0.05),
                                          steps=600, seeds=list(range(8)))
    assert decayed[-100:].mean() < 0.25 * experiments.noise_floor(0.1)


def test_noise_floor_by_hand():
    # 0.1·1/(2·(2 − 0.1)) + 0.1·1/(2·(2 − 1)) = 0.0263158 + 0.05
    assert experiments.noise_floor(0.1) == pytest.approx(0.1 / 3.8 + 0.05, rel=1e-14)
    assert experiments.noise_floor(0.1, curvatures=(1.0,), noise=2.0) == pytest.approx(0.4 / 3.8)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: experiments.noise_floor(0.2), r"lr must be below 2/max\(curvatures\) = 0.2, where SGD converges, got 0.2"),
    (lambda: experiments.noise_floor(0.1, curvatures=(1.0, -1.0)), r"curvatures must be > 0, got \[1.0, -1.0\]"),
    (lambda: experiments.noisy_quadratic(0.1, start=(1.0,)), r"start must have one value per curvature \(2\), got 1"),
    (lambda: experiments.noisy_quadratic(0.1, schedule=0.5), r"schedule must be a function step -> lr or None, got float"),
])
def test_noise_floor_and_noisy_quadratic_bad_inputs(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_digits_mlp_is_64_hidden_10_in_float32_seeded():
    a, b = (experiments.digits_mlp(hidden=5, seed=3, dtype=np.float32) for _ in range(2))
    assert {name: p.shape for name, p in a.params.items()} == {"0.W": (64, 5), "0.b": (5,), "2.W": (5, 10),
                                                                 "2.b": (10,)}
    assert a.params["0.W"].dtype == np.float32
    np.testing.assert_array_equal(a.params["2.W"], b.params["2.W"])


def test_digits_training_learns_and_follows_its_schedule():
    history = experiments.digits_training(optim.SGD(0.2), seed=1, epochs=2, lr_schedule=optim.step_decay(0.2, 0.5, 1))
    assert history.lr == pytest.approx([0.2, 0.1])
    assert history.train_loss[-1] < 0.5 < np.log(10)   # from the loss of guessing to well below it
    assert history.val_acc[-1] > 0.85


def test_digits_training_bad_inputs():
    with pytest.raises(ValueError, match=r"epochs must be in \[1, inf\], got 0"):
        experiments.digits_training(optim.SGD(0.1), epochs=0)
    with pytest.raises(ValueError, match=r"seed must be in \[0, inf\], got -1"):
        experiments.digits_mlp(seed=-1)
