"""What every figure of the course shares: its style, its colours, and ``Live`` drawings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib import ticker

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


def power_label(value: float, _position=None) -> str:
    """A log-axis tick as plain text, mantissa and power of ten: 1e-8, 2e-3, 5, 1e1, -2e1, 0."""
    mantissa, exponent = f"{value:.0e}".split("e")
    return mantissa if int(exponent) == 0 else f"{mantissa}e{int(exponent)}"


def log_y(ax, *, linthresh: float | None = None) -> None:
    """A log-scaled y axis (symmetric around 0, linear within ``linthresh``, if given) with
    plain-text labels: mathtext labels are slow to draw in a slider. Call it after plotting: a
    positive range of less than two decades gets ticks at 1, 2 and 5 times each power of ten,
    so that it shows more than one labelled tick."""
    if linthresh is None:
        ax.set_yscale("log")
    else:
        ax.set_yscale("symlog", linthresh=linthresh)
    low, high = ax.get_ylim()
    subs = (1.0, 2.0, 5.0) if 0 < low and high < 100 * low else (1.0,)
    ax.yaxis.set_major_locator(ticker.LogLocator(subs=subs) if linthresh is None else
                               ticker.SymmetricalLogLocator(linthresh=linthresh, base=10, subs=subs))
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(power_label))
    ax.yaxis.set_minor_locator(ticker.NullLocator())


@dataclass(frozen=True, repr=False)
class Live:
    """What a drawing function returns so that a slider can move its picture without drawing it anew.

    ``update(**params)`` takes the drawing function's keywords and brings the figure's artists
    up to date in place (``set_data``, ``set_text``, ``set_array``, ``set_ylim``, ...). It
    returns ``False`` when it cannot (a change of structure: other panels, another surface):
    the figure is then drawn anew. ``artists`` are what a move changes (lines, markers, texts):
    they are drawn over a cached picture of everything else. ``slow`` are artists under them that
    change only with the keywords of ``slow_on`` (a colour map, contour lines): they are kept in
    a second cached picture, drawn again only after such a change. ``redraw_on`` names the keywords
    whose change also alters that picture (a surface, a colour map, axis limits): after such a
    change the kept figure is rendered again, which is still cheaper than drawing it anew. The
    drawing function calls ``update`` once with its own arguments, so its static figure and a
    moved slider's picture come from the same code. ``widgets.Explorer`` does the caching and
    the blitting (matplotlib's blitting guide).
    """

    update: Callable[..., bool | None]
    artists: Sequence
    redraw_on: frozenset[str] = frozenset()
    slow: Sequence = ()
    slow_on: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return (f"Live({len(self.artists)} artists, {len(self.slow)} slow ones drawn again on "
                f"{sorted(self.slow_on)}, rendered again on {sorted(self.redraw_on)})")
