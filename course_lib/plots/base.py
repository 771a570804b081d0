"""What every figure of the course shares: its style, its colours, and source display."""

from __future__ import annotations

import inspect

import matplotlib as mpl

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
          "#7f7f7f", "#bcbd22", "#17becf")
"""One colour per class or per curve, in a fixed order (matplotlib's tab10, red second)."""

_STYLE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=COLORS),
    "legend.frameon": False,
    "image.cmap": "viridis",
}


def use_course_style() -> None:
    """Apply the course's figure settings (size, fonts, grid, colours) to matplotlib.

    Fixed settings make every figure look the same on every machine and keep re-executed
    notebooks identical.
    """
    mpl.rcParams.update(_STYLE)


def show_source(obj):
    """Show the source code of a course_lib function or class as a highlighted code block."""
    from IPython.display import Markdown

    if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)):
        raise TypeError(f"obj must be a function, method or class, got {type(obj).__name__}")
    return Markdown(f"```python\n{inspect.getsource(obj)}```")
