"""Course benchmarks (`make bench`): the figures the README and the closing notes quote.

1. ``import course_lib`` in a fresh interpreter (median of several runs; target < 0.3 s).
2. The training loop's overhead: one epoch of a float32 64-256-10 MLP on the digits with
   ``train.fit`` against the same epoch's matrix products alone (target ratio ≤ 2.5), and,
   when PyTorch happens to be installed, the same epoch in PyTorch eager mode on the CPU.
3. Each notebook's execution time in a fresh kernel (target < 15 s each).

Usage: python benchmarks/run.py [--skip-notebooks]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HIDDEN, BATCH, LR = 256, 64, 0.1


def import_time(runs: int = 7) -> float:
    """Median seconds of ``import course_lib`` in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import course_lib; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True, cwd=ROOT).stdout) for _ in range(runs)]
    return statistics.median(times)


def best_of(function, repeats: int = 50) -> float:
    """The fastest of ``repeats`` timed calls (the least disturbed by other work)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def epoch_times() -> dict[str, float]:
    """Seconds per epoch: course_lib's fit, its matrix products alone, and PyTorch if present."""
    from course_lib import data, layers, losses, optim, train

    digits = data.load_digits(dtype=np.float32)
    X, y = digits.X_train, digits.y_train
    rng = np.random.default_rng(0)
    model = layers.Sequential(layers.Linear(64, HIDDEN, rng=rng, dtype=np.float32),
                              layers.Activation("relu"),
                              layers.Linear(HIDDEN, 10, rng=rng, dtype=np.float32))
    sgd = optim.SGD(LR)

    def fit_epoch():
        train.fit(model, losses.softmax_loss, sgd, X, y, epochs=1, batch_size=BATCH, rng=rng,
                  progress=False)

    W1, W2 = model.params["0.W"], model.params["2.W"]
    batches = [(X[i:i + BATCH], np.ones((len(X[i:i + BATCH]), 10), np.float32))
               for i in range(0, len(X), BATCH)]

    def products_only():
        # The five products one step needs: two forward, dW2, the hidden gradient, dW1.
        for xb, d in batches:
            h = xb @ W1
            h @ W2
            h.T @ d
            dh = d @ W2.T
            xb.T @ dh

    times = {"fit": best_of(fit_epoch), "products": best_of(products_only)}
    try:
        import torch
    except ImportError:
        return times
    torch.set_num_threads(1)
    net = torch.nn.Sequential(torch.nn.Linear(64, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10))
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def torch_epoch():
        for idx in torch.randperm(len(Xt)).split(BATCH):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(Xt[idx]), yt[idx]).backward()
            opt.step()

    times["torch"] = best_of(torch_epoch)
    return times


def notebook_times() -> dict[str, float]:
    """Seconds to execute each notebook, worked answers included, in a fresh kernel in its own
    folder (the result is not written: nothing is rewritten)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from run_notebooks import execute

    folder = ROOT / "notebooks"
    paths = [*sorted(folder.glob("*.ipynb")), *sorted((folder / "solutions").glob("*.ipynb"))]
    return {path.name: execute(path)[1] for path in paths}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-notebooks", action="store_true", help="only the fast figures")
    args = parser.parse_args()

    print(f"import course_lib: {import_time() * 1000:.0f} ms (median of 7 fresh interpreters)")
    times = epoch_times()
    print(f"digits MLP 64-{HIDDEN}-10, float32, batch {BATCH}, one epoch (best of 50):")
    print(f"  course_lib train.fit:     {times['fit'] * 1000:7.2f} ms")
    print(f"  matrix products alone:    {times['products'] * 1000:7.2f} ms")
    print(f"  ratio fit / products:     {times['fit'] / times['products']:7.2f}x  (target ≤ 2.5x)")
    if "torch" in times:
        print(f"  PyTorch eager (CPU, 1 thread): {times['torch'] * 1000:7.2f} ms "
              f"(course_lib / PyTorch: {times['fit'] / times['torch']:.2f}x)")
    else:
        print("  PyTorch: not installed, comparison skipped")
    if not args.skip_notebooks:
        total = 0.0
        for name, seconds in notebook_times().items():
            total += seconds
            print(f"notebook {name}: {seconds:5.1f} s")
        print(f"all notebooks: {total:.1f} s (serial)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
