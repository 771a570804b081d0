"""fit under faults: Ctrl-C between steps only, divergence where warnings are errors, no bad checkpoint."""

import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from course_lib import checkpoint, layers, losses, optim, train

TRAINER = textwrap.dedent("""
    import sys
    import numpy as np
    from course_lib import data, layers, losses, optim, train

    def model():
        rng = np.random.default_rng(0)
        return layers.Sequential(layers.Linear(4, 32, rng=rng), layers.BatchNorm(32), layers.Activation("relu"),
                                 *[layer for _ in range(6) for layer in (layers.Linear(32, 32, rng=rng), layers.BatchNorm(32))],
                                 layers.Linear(32, 3, rng=rng))

    X = np.random.default_rng(1).standard_normal((256, 4)); y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    net, opt = model(), optim.Adam(1e-3)
    print("ready", flush=True)
    try:
        train.fit(net, losses.softmax_loss, opt, X, y, epochs=10_000, batch_size=16, rng=0, progress=False)
    except KeyboardInterrupt:
        pass
    # replay exactly opt.t whole steps from the same start and compare every array bit for bit
    again, replay_opt = model(), optim.Adam(1e-3)
    rng, steps = np.random.default_rng(0), 0
    while steps < opt.t:
        for Xb, yb in data.minibatches(X, y, 16, shuffle=True, rng=rng):
            if steps == opt.t:
                break
            train.step(again, losses.softmax_loss, replay_opt, Xb, yb)
            steps += 1
    same = all(np.array_equal(a, b) for a, b in zip(net.state.values(), again.state.values(), strict=True))
    print("steps", opt.t, "same" if same else "DIFFERENT", flush=True)
""")


def test_ctrl_c_leaves_every_array_as_after_a_whole_step():
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    rng = np.random.default_rng(0)
    for _ in range(6):
        trainer = subprocess.Popen([sys.executable, "-c", TRAINER], stdout=subprocess.PIPE, text=True, env=env)
        assert trainer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.05, 0.3))
        trainer.send_signal(signal.SIGINT)
        out, _ = trainer.communicate(timeout=60)
        steps, verdict = out.split()[1:3]
        assert verdict == "same", f"interrupted after {steps} steps, the state is not that of any whole step"


def diverging_run(**kwargs):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 3)) * 10
    y = rng.integers(0, 2, 64)
    model = layers.Sequential(layers.Linear(3, 8, rng=0), layers.Activation("relu"), layers.Linear(8, 2, rng=0))
    return model, lambda: train.fit(model, losses.softmax_loss, optim.SGD(1e6), X, y, epochs=50,
                                    batch_size=16, rng=0, progress=False, **kwargs)


def test_divergence_is_reported_as_such_where_warnings_are_errors():
    _, run = diverging_run()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(train.TrainingDiverged, match="Try a lower learning rate"):
            run()


def test_a_diverging_run_keeps_the_last_good_checkpoint(tmp_path):
    path = tmp_path / "run.npz"
    _, run = diverging_run(save_to=path)
    with pytest.raises(train.TrainingDiverged):
        run()
    if path.exists():
        assert all(np.isfinite(array).all() for array in checkpoint.read(path).values())
