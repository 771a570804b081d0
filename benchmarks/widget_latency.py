"""Widget update latency (`make bench`): how long one slider move takes to give a new figure.

For every explorer builder in ``course_lib.widgets`` that can be called with its defaults, the
benchmark moves its controls many times (round robin over the controls, across each control's
range) and times each move as the reader waits for it: from the control's new value to the new
PNG in the explorer's image (drawing, rendering with Agg, encoding; see ``widgets.FigureBox``).
It prints the median and the worst move per widget (target: a median well under 100 ms).
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


def time_moves(explorer, moves: int) -> list[float]:
    """Seconds of each move: set the value; the explorer draws and renders its new image."""
    times = []
    for control, value in moves_of(explorer, moves):
        start = time.perf_counter()
        control.value = value
        times.append(time.perf_counter() - start)
    return times


def builders() -> dict[str, object]:
    """Every public explorer builder of course_lib.widgets that needs no argument."""
    from course_lib import widgets

    found = {}
    for name in widgets.__all__:
        function = getattr(widgets, name)
        if not inspect.isfunction(function) or not name.endswith("_explorer"):
            continue
        required = [p for p in inspect.signature(function).parameters.values()
                    if p.default is inspect.Parameter.empty
                    and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        found[name] = None if required else function
    return found


def measure_all(moves: int = 30) -> dict[str, dict]:
    """Per widget: number of moves, median and worst milliseconds, or why it was skipped."""
    from course_lib import plots

    plots.use_course_style()
    results = {}
    for name, builder in builders().items():
        if builder is None:
            results[name] = {"skipped": "needs arguments (data computed in its notebook)"}
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            explorer = builder()
        if not hasattr(explorer, "controls") or not hasattr(explorer, "figure"):
            results[name] = {"skipped": f"returns a {type(explorer).__name__}, not an Explorer"}
            continue
        times = time_moves(explorer, moves)
        if not times:
            results[name] = {"skipped": "no control with a range to move"}
            continue
        results[name] = {"moves": len(times), "median_ms": 1000 * statistics.median(times),
                         "worst_ms": 1000 * max(times)}
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
          f"({args.moves} moves each)")
    medians, worst = [], []
    for name, result in results.items():
        if "skipped" in result:
            print(f"  {name:34s} skipped: {result['skipped']}")
            continue
        medians.append(result["median_ms"])
        worst.append(result["worst_ms"])
        print(f"  {name:34s} median {result['median_ms']:6.1f} ms   worst {result['worst_ms']:6.1f} ms")
    if medians:
        print(f"  all widgets: median of medians {statistics.median(medians):.1f} ms, "
              f"worst move {max(worst):.1f} ms (target: median well under 100 ms)")
    if args.browser:
        times = browser_times()
        if times is None:
            print("browser check: no report yet (run `make test-browser`)")
        else:
            print("browser check, per notebook (open / run all / widgets and sliders / total, s;"
                  " a drag of 10 steps: pictures drawn, settled s after the last step):")
            for name, n in times["notebooks"].items():
                drag = n.get("drag")
                dragged = f"   drag {drag['redraws']:2d} {drag['settled_s']:4.1f}" if drag else ""
                print(f"  {name:34s} {n['open_s']:5.1f} {n['run_s']:5.1f} {n['widgets_s']:5.1f} "
                      f"{n['total_s']:5.1f}{dragged}")
            print(f"  whole browser check (with JupyterLab start and the site): {times['total_s']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
