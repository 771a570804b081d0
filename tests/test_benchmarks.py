"""The benchmark's plain NumPy loop trains exactly as ``train.fit`` does, so that the ratio
fit / plain it reports measures course_lib's own overhead and nothing else."""

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

from course_lib import data, layers, losses, optim, train

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.fixture
def bench(monkeypatch):
    # run.py pins the BLAS thread counts when imported; keep that out of this test process.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(var, os.environ.get(var, "1"))
    spec = importlib.util.spec_from_file_location("benchmark_run", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_plain_numpy_epoch_takes_the_same_steps_as_fit(bench):
    digits = data.load_digits(dtype=np.float32)
    X, y = digits.X_train[:300], digits.y_train[:300]  # four full batches and one of 44 rows
    rng = np.random.default_rng(0)
    model = layers.Sequential(layers.Linear(64, bench.HIDDEN, rng=rng, dtype=np.float32),
                              layers.Activation("relu"),
                              layers.Linear(bench.HIDDEN, 10, rng=rng, dtype=np.float32))
    start = {name: value.copy() for name, value in model.params.items()}
    plain = {name: value.copy() for name, value in model.params.items()}

    history = train.fit(model, losses.softmax_loss, optim.SGD(bench.LR), X, y, epochs=1,
                        batch_size=bench.BATCH, shuffle=False, progress=False)
    loss, accuracy = bench.plain_numpy_epoch(plain, X, y, np.arange(len(X)))

    for name, value in model.params.items():
        assert plain[name].dtype == np.float32
        np.testing.assert_allclose(plain[name], value, rtol=1e-4, atol=1e-6, err_msg=name)
        assert np.abs(value - start[name]).max() > 1e-3, f"{name} did not move"
    assert loss == pytest.approx(history.train_loss[0], rel=1e-5)
    assert accuracy == history.train_acc[0]
