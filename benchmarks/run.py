"""Course benchmarks (`make bench`): the figures the README and the closing notes quote.

1. ``import course_lib`` in a fresh interpreter (median of several runs; target < 0.3 s).
2. The training loop's overhead: one epoch of a float32 64-256-10 MLP on the digits with
   ``train.fit`` against the same epoch's matrix products alone (target ratio ≤ 2.5), against
   the same epoch written as one plain NumPy loop (what any NumPy code must pay for the
   element-wise work), and, when PyTorch happens to be installed, against PyTorch eager mode.
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


def best_times(functions: dict, repeats: int = 50) -> dict[str, float]:
    """The fastest of ``repeats`` timed calls of each function (the least disturbed by other work).

    The functions take turns, round after round, so that a slow spell of a shared machine
    slows all of them alike instead of one whole series, and the ratios stay comparable.
    """
    times = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: min(values) for name, values in times.items()}


def plain_numpy_epoch(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray,
                      order: np.ndarray) -> tuple[float, float]:
    """One epoch of ``train.fit`` on the 64-256-10 ReLU MLP written as a single plain NumPy loop.

    No layers, no checks, no optimizer object: the element-wise work any NumPy code must do
    (bias, ReLU, softmax, accuracy, updates) on top of the products. ``params`` uses the names of
    ``Sequential`` ("0.W", "0.b", "2.W", "2.b") and is updated in place by SGD at ``LR``;
    ``order`` is the row order. Returns the epoch's train loss and accuracy as ``fit`` records
    them; the tests check that it takes the same steps as ``fit``.
    """
    W1, b1, W2, b2 = (params[name] for name in ("0.W", "0.b", "2.W", "2.b"))
    total_loss, correct = 0.0, 0
    for start in range(0, len(X), BATCH):
        idx = order[start:start + BATCH]
        xb, yb = X[idx], y[idx]
        n, rows = len(yb), np.arange(len(yb))
        h = xb @ W1 + b1
        a = np.maximum(h, 0)
        z = a @ W2 + b2
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        sums = e.sum(axis=1, keepdims=True)
        total_loss += float(np.log(sums).sum() - z[rows, yb].sum())
        correct += np.count_nonzero(z.argmax(axis=1) == yb)
        dz = e / sums
        dz[rows, yb] -= 1
        dz /= n
        dW2, db2 = a.T @ dz, dz.sum(axis=0)
        dh = (dz @ W2.T) * (h > 0)
        dW1, db1 = xb.T @ dh, dh.sum(axis=0)
        for param, grad in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2)):
            param -= LR * grad
    return total_loss / len(X), correct / len(X)


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

    plain_params = {name: value.copy() for name, value in model.params.items()}
    functions = {"fit": fit_epoch, "products": products_only,
                 "plain": lambda: plain_numpy_epoch(plain_params, X, y, rng.permutation(len(X)))}
    try:
        import torch
    except ImportError:
        return best_times(functions)
    torch.set_num_threads(1)
    net = torch.nn.Sequential(torch.nn.Linear(64, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10))
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def torch_epoch():
        for idx in torch.randperm(len(Xt)).split(BATCH):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(Xt[idx]), yt[idx]).backward()
            opt.step()

    functions["torch"] = torch_epoch
    return best_times(functions)


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
    print(f"  plain NumPy loop:         {times['plain'] * 1000:7.2f} ms  (same math, no layers or checks)")
    print(f"  ratio fit / products:     {times['fit'] / times['products']:7.2f}x  (target ≤ 2.5x)")
    print(f"  ratio plain / products:   {times['plain'] / times['products']:7.2f}x  (the floor for NumPy)")
    print(f"  ratio fit / plain:        {times['fit'] / times['plain']:7.2f}x  (course_lib's own overhead)")
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
