"""Learning-rate sweeps of notebooks 01 (softmax against tanh outputs) and 02 (Rosenbrock)."""

import numpy as np
import pytest

from course_lib import data, experiments, layers, losses, optim, surfaces


def test_descend_rates_follows_descend_with_sgd_at_every_rate():
    banana = surfaces.rosenbrock()
    f = experiments.descend_rates(banana, [1e-4, 1e-3], steps=50)
    for k, lr in enumerate((1e-4, 1e-3)):
        path = surfaces.descend(banana, optim.SGD(lr), banana.start, steps=50)
        np.testing.assert_allclose(f[:, k], banana.value(path), rtol=1e-12)


def test_descend_rates_runs_several_starts_and_marks_divergence_with_nan():
    bowl = surfaces.quadratic(10.0)                    # critical rate 2/10
    f = experiments.descend_rates(bowl, [0.1, 0.3], steps=2000, start=[(1.0, 1.0), (-2.0, 0.5)])
    assert f.shape == (2001, 2, 2)
    assert (f[-1, :, 0] < 1e-12).all() and np.isnan(f[-1, :, 1]).all()


def test_descend_rates_rejects_bad_input():
    with pytest.raises(TypeError, match="surface must be a surfaces.Surface, got str"):
        experiments.descend_rates("bowl", [0.1], steps=5)
    with pytest.raises(ValueError, match=r"lrs must be positive, got \[ 0.1 -0.1\]"):
        experiments.descend_rates(surfaces.saddle(), [0.1, -0.1], steps=5)
    with pytest.raises(ValueError, match=r"lrs must hold at least one learning rate, got shape \(0,\)"):
        experiments.descend_rates(surfaces.saddle(), [], steps=5)
    with pytest.raises(ValueError, match=r"start must have shape \(2,\) or \(..., 2\) .*got shape \(3,\)"):
        experiments.descend_rates(surfaces.saddle(), [0.1], steps=5, start=(1.0, 2.0, 3.0))


@pytest.mark.parametrize("output", experiments.OUTPUTS)
def test_output_layer_runs_trains_a_linear_layer_by_full_batch_descent(output):
    """Each (rate, seed) equals a layers.Linear trained step by step with the library's losses."""
    outputs, labels = experiments.output_layer_runs(output, [0.5, 2.0], [3, 4], spread=1.0, steps=5,
                                                    n_train=40, n_test=10)
    assert outputs.shape == (2, 2, 10, 5) and labels.shape == (2, 10)
    for i, lr in enumerate((0.5, 2.0)):
        for j, seed in enumerate((3, 4)):
            X, y = data.make_blobs(50, centers=5, spread=1.0, rng=seed)
            model = layers.Linear(2, 5, init="xavier", rng=np.random.default_rng(seed))
            for _ in range(5):
                z = model.forward(X[:40])
                if output == "softmax":
                    dz = losses.softmax_loss(z, y[:40])[1]
                else:
                    dz = losses.mse_loss(np.tanh(z), 2 * np.eye(5)[y[:40]] - 1)[1] * (1 - np.tanh(z) ** 2)
                model.backward(dz)
                optim.SGD(lr).step(model.params, model.grads)
            z = model.forward(X[40:])
            expected = losses.softmax(z) if output == "softmax" else np.tanh(z)
            np.testing.assert_allclose(outputs[i, j], expected, rtol=1e-10, atol=1e-12)
            assert (labels[j] == y[40:]).all()


def test_output_layer_runs_rejects_bad_input():
    with pytest.raises(ValueError, match="output must be one of .*got 'relu'"):
        experiments.output_layer_runs("relu", [0.1], [0])
    with pytest.raises(ValueError, match=r"seeds must be a non-empty list of integer seeds, got \[\]"):
        experiments.output_layer_runs("tanh", [0.1], [])
    with pytest.raises(ValueError, match=r"lrs must be positive, got \[0.\]"):
        experiments.output_layer_runs("softmax", [0.0], [0])
    with pytest.raises(ValueError, match=r"n_train must be in \[5, inf\], got 2"):
        experiments.output_layer_runs("softmax", [0.1], [0], n_train=2)
