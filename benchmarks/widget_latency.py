"""Widget update latency (`make bench`): how long one slider move takes to give a new figure.

For every explorer builder in ``course_lib.widgets`` that can be called with its defaults, the
benchmark moves its controls many times (round robin over the controls, across each control's
range) and times each move as the reader waits for it: from the control's new value to the new
PNG in the explorer's image (drawing, rendering with Agg, encoding; see ``widgets.FigureBox``).
It prints the median and the worst move per widget and their ratios to the simplest full redraw
of a figure of the same size (one line, drawn anew, rendered and encoded the same way), measured
in the same run: the target is a median move of at most 0.6 and a worst move of at most 1.5 of it.
Explorers whose data a notebook computes get made-up runs of the same shape.
With ``--browser`` it also prints the per-notebook times of the last ``make test-browser``
(build/screenshots/report.json).

Usage: python benchmarks/widget_latency.py [--moves N] [--browser]
Entry points for benchmarks/run.py: ``measure_all(moves) -> dict`` and ``main(argv) -> int``.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import json
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import ipywidgets  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "build" / "screenshots" / "report.json"


def candidate_values(control: ipywidgets.Widget, count: int) -> list:
    """``count`` values across the range of ``control`` that differ from each other."""
    if isinstance(control, ipywidgets.FloatLogSlider):
        return list(control.base ** np.linspace(control.min, control.max, count))
    if isinstance(control, ipywidgets.IntSlider | ipywidgets.BoundedIntText):
        return sorted({int(v) for v in np.linspace(control.min, control.max, count)})
    if isinstance(control, ipywidgets.FloatSlider | ipywidgets.BoundedFloatText):
        return list(np.linspace(control.min, control.max, count))
    if isinstance(control, ipywidgets.widgets.widget_selection._Selection):
        return [value for _, value in control._options_full]
    if isinstance(control, ipywidgets.Checkbox):
        return [True, False]
    return []


def moves_of(explorer, moves: int) -> list[tuple[ipywidgets.Widget, object]]:
    """The ``moves`` (control, value) pairs: round robin over the controls, to and fro in each range."""
    ranges = []
    for control in explorer.controls.values():
        values = candidate_values(control, max(moves, 2))
        values = [v for v in values + values[-2:0:-1] if v is not None]
        if len(values) > 1:
            ranges.append((control, values))
    plan = []
    for step in range(moves if ranges else 0):
        control, values = ranges[step % len(ranges)]
        plan.append((control, values[(step // len(ranges) + 1) % len(values)]))
    return plan


def time_moves(explorer, moves: int) -> list[tuple[float, str]]:
    """Seconds of each move (set the value; the explorer shows its new image) and what it cost
    the explorer: "blit", "render" (the kept figure rendered again), "draw" (drawn anew) or
    "train" (training runs first, as the batch-size explorer does for a pair not seen before;
    counted with the full moves)."""
    times = []
    for control, value in moves_of(explorer, moves):
        start = time.perf_counter()
        control.value = value
        times.append((time.perf_counter() - start, getattr(explorer, "last_move", None) or "draw"))
    return times


def simplest_full_redraw(explorer, moves: int) -> float:
    """Median seconds of the simplest full redraw of a figure of the explorer's size: one line on
    its axes, drawn anew, rendered and encoded the way the explorer does it (the yardstick)."""
    from course_lib.widgets.explorer import FigureBox

    figure = explorer.figure
    box = FigureBox([], nrows=explorer.nrows, ncols=explorer.ncols,
                    figsize=(figure.get_figwidth(), figure.get_figheight()))
    times = []
    for k in range(max(moves, 5)):
        start = time.perf_counter()
        box.show(lambda axes, k=k: np.ravel(axes)[0].plot([0, 1], [0, k]))
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def _history(epochs: int, loss: float, rate: float, seed: int) -> object:
    """A made-up training run with the shape of a real one (for explorers that draw runs)."""
    from course_lib import train

    rng = np.random.default_rng(seed)
    k = np.arange(epochs)
    train_loss = loss * np.exp(-rate * k) + 0.02 * rng.random(epochs)
    val_loss = train_loss + 0.05 * k / epochs
    return train.History(train_loss=list(train_loss), train_acc=list(1 - train_loss / 3),
                         val_loss=list(val_loss), val_acc=list(1 - val_loss / 3))


def example_arguments() -> dict[str, tuple[tuple, dict]]:
    """Arguments for the explorers whose data a notebook computes: runs of the same shape."""
    keep = (0.3, 0.5, 0.7, 0.9, 1.0)
    histories = {p: _history(20, 2.0, 0.1 + 0.2 * p, i) for i, p in enumerate(keep)}
    stds = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
    runs = {v: {"without BN": _history(10 if v < 3 else 4, 2.3, 0.3, i),
                "with BN": _history(10, 2.3, 0.5, i + 10)} for i, v in enumerate(stds)}
    return {"dropout_gap_explorer": ((histories, {p: 0.99 - 0.1 * (1 - p) for p in keep},
                                      {p: 0.8 + 0.05 * p for p in keep}), {}),
            "bn_sweep_explorer": ((runs,), {"value": 0.1})}


def builders() -> dict[str, object]:
    """Every public explorer builder of course_lib.widgets, with the arguments it needs."""
    from course_lib import widgets

    arguments = example_arguments()
    found = {}
    for name in widgets.__all__:
        function = getattr(widgets, name)
        if inspect.isfunction(function) and name.endswith("_explorer"):
            args, kwargs = arguments.get(name, ((), {}))
            found[name] = lambda function=function, args=args, kwargs=kwargs: function(*args, **kwargs)
    return found


def measure_all(moves: int = 30) -> dict[str, dict]:
    """Per widget: moves, median and worst milliseconds, and the simplest full redraw's median."""
    from course_lib import plots

    plots.use_course_style()
    results = {}
    for name, builder in builders().items():
        with contextlib.redirect_stdout(io.StringIO()):
            explorer = builder()
        if not hasattr(explorer, "controls") or not hasattr(explorer, "figure"):
            results[name] = {"skipped": f"returns a {type(explorer).__name__}, not an Explorer"}
            continue
        timed = time_moves(explorer, moves)
        if not timed:
            results[name] = {"skipped": "no control with a range to move"}
            continue
        # a move that trains runs first returns at once in a notebook (the runs train in a task)
        times = [t for t, kind in timed if kind != "train"] or [t for t, _ in timed]
        blits = [t for t, kind in timed if kind == "blit"] or times
        full = [t for t, kind in timed if kind != "blit"]
        simplest = simplest_full_redraw(explorer, moves)
        results[name] = {"moves": len(times), "median_ms": 1000 * statistics.median(times),
                         "worst_ms": 1000 * max(blits), "simplest_ms": 1000 * simplest,
                         "median_ratio": statistics.median(times) / simplest,
                         "worst_ratio": max(blits) / simplest, "full_moves": len(full),
                         "worst_full_ratio": max(full) / simplest if full else None}
    return results


def browser_times(report: Path = REPORT) -> dict | None:
    """Per-notebook seconds of the last browser check, or None when it has not run."""
    if not report.exists():
        return None
    data = json.loads(report.read_text())
    return {"notebooks": {Path(n["notebook"]).name: n for n in data["notebooks"]},
            "total_s": data["total_s"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30, help="slider moves per widget (default 30)")
    parser.add_argument("--browser", action="store_true", help="also print the last browser check's times")
    args = parser.parse_args(argv)
    results = measure_all(args.moves)
    print(f"widget update latency: set a control, draw, render with Agg, encode PNG "
          f"({args.moves} moves each); ratio = a move / the simplest full redraw of a figure of "
          f"its size (one line); target: median ≤ 0.6 (over the moves that train nothing), worst ≤ 1.5 "
          f"over the ordinary moves (blits); "
          f"'full' counts the moves that rendered the figure again (a new surface, new limits, a "
          f"training run) and gives the worst of them")
    print(f"  {'explorer':34s} {'median':>8s} {'worst':>8s} {'simplest':>9s} {'ratio':>6s} {'worst':>6s} "
          f"{'full':>5s} {'worst':>6s}")
    ratios = []
    for name, result in results.items():
        if "skipped" in result:
            print(f"  {name:34s} skipped: {result['skipped']}")
            continue
        ratios.append(result["median_ratio"])
        worst_full = f"{result['worst_full_ratio']:6.2f}" if result["full_moves"] else ""
        print(f"  {name:34s} {result['median_ms']:5.1f} ms {result['worst_ms']:5.1f} ms "
              f"{result['simplest_ms']:6.1f} ms {result['median_ratio']:6.2f} {result['worst_ratio']:6.2f} "
              f"{result['full_moves']:5d} {worst_full}")
    if ratios:
        print(f"  all explorers: median ratio {statistics.median(ratios):.2f}, "
              f"{sum(r <= 0.6 for r in ratios)} of {len(ratios)} at most 0.6")
    if args.browser:
        times = browser_times()
        if times is None:
            print("browser check: no report yet (run `make test-browser`)")
        else:
            print("browser check, per notebook (open / run all / widgets and sliders / total, s;"
                  " a drag of 10 steps: pictures drawn, settled s after the last step; median time"
                  " from a key press on a slider to its new picture painted, and its parts):")
            for name, n in times["notebooks"].items():
                drag = n.get("drag")
                dragged = f"   drag {drag['redraws']:2d} {drag['settled_s']:4.1f}" if drag else ""
                press = drag.get("press_ms") if drag else None
                if press and press["total"]:
                    dragged += (f"   key to painted {statistics.median(press['total']):4.0f} ms "
                                f"(picture {press['to_picture']:.0f}, decode {press['decode']:.0f},"
                                f" paint {press['paint']:.0f})")
                print(f"  {name:34s} {n['open_s']:5.1f} {n['run_s']:5.1f} {n['widgets_s']:5.1f} "
                      f"{n['total_s']:5.1f}{dragged}")
            print(f"  whole browser check (with JupyterLab start and the site): {times['total_s']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
