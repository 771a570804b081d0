"""The one widget pattern of the course: controls + a pure drawing function + a figure."""

from __future__ import annotations

import asyncio
import struct
import sys
import zlib
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from ..plots.base import Live
from .controls import align

_MARGINS = ("left", "right", "bottom", "top", "wspace", "hspace")

PIXEL_DENSITY = 1.5
"""Image pixels per CSS pixel of an explorer's picture, which is shown at the size of a static
figure (figure inches × ``figure.dpi``, itself 1 pixel per px). It stays sharp on a projector or
a screen of 1 device pixel per px, also zoomed in up to 150 %. On a 2× screen it is a little
softer than 2 would be, but each picture has 44 % fewer pixels to encode, send and decode:
in JupyterLab, a key press to the picture painted takes about 20–40 ms less
(``tools/browser_check.py`` on a 2-core machine)."""

PLACEHOLDER = ("Interactive figure: run this cell to see it. If this text stays after the cell "
               "has run, this front end cannot show widgets (see notebook 00).")
"""The plain-text form of an explorer: what a page shows before the cell runs (an untrusted
notebook, a static page) and what a front end without widget support shows."""


def png_of(rgba: np.ndarray) -> bytes:
    """A PNG file of an (H, W, 4) uint8 RGBA picture: no row filter, zlib level 1.

    A rendered figure is mostly flat colour, which zlib packs well unfiltered; this takes about
    half the time of PIL's encoder on a slider's picture (``benchmarks/widget_latency.py``).
    """
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 4 * width), np.uint8)
    rows[:, 0] = 0  # filter type 0 (None) for every row
    rows[:, 1:] = rgba.reshape(height, 4 * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, not interlaced
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def loop_running() -> bool:
    """Whether an event loop runs in this thread: the kernel's while it handles a message or a
    cell, Pyodide's always; none in a plain script or a plain test function."""
    if sys.platform == "emscripten":
        return True
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def schedule(coroutine) -> asyncio.Future:
    """Run ``coroutine`` on the notebook's event loop (the kernel's, or Pyodide's in the browser)."""
    if sys.platform == "emscripten":
        return asyncio.ensure_future(coroutine)
    return asyncio.get_running_loop().create_task(coroutine)


class FigureBox(widgets.VBox):
    """Widgets above a figure that the box owns and shows as a PNG ``image``.

    ``show(draw)`` clears the figure, makes ``nrows × ncols`` axes, calls ``draw(axes)``,
    renders once with Agg and puts the PNG into ``image``. The figure is not managed by pyplot
    (the notebook never shows it a second time) and is reused from one drawing to the next,
    which keeps matplotlib's text caches warm; rendering once skips the second, cropping pass
    of the inline backend (``bbox_inches="tight"``). The margins are fitted to the first
    drawing (``tight_layout``) and then kept, so the picture does not jump while a slider
    moves; a drawing that sets its own layout engine keeps it. The figure is rendered at
    ``PIXEL_DENSITY`` times its dpi and the image is shown at the width of the figure at its
    dpi, so it is neither stretched nor blurred.

    When ``draw`` returns a ``plots.Live``, its artists are left out of the rendering, which is
    kept as the background; ``blit()`` then shows them over it after their ``update``, without
    drawing the rest again, and ``render()`` renders the kept figure again when the background
    changed (matplotlib's blitting guide). Its slow artists are drawn over the background into a
    second kept picture, again only when ``blit(slow=True)`` says they changed. The legend of
    an axes with live artists is drawn over them, as matplotlib draws legends over lines. A
    legend (unless a live one at the "best" place, which moves) is drawn from a picture of it
    kept until it changes: matplotlib marks a changed artist stale, and laying a legend out
    costs more than drawing all the lines of a move.
    """

    def __init__(self, children: list[widgets.Widget], *, nrows: int = 1, ncols: int = 1,
                 figsize: tuple[float, float] | None = None) -> None:
        self.nrows, self.ncols = nrows, ncols
        self.figure = Figure(figsize=figsize)
        FigureCanvasAgg(self.figure)
        width = round(self.figure.get_figwidth() * self.figure.dpi)
        self.figure.set_dpi(PIXEL_DENSITY * self.figure.dpi)
        # no margin: shrunk to a narrow page (max-width 100%), it then fits without a scroll bar
        self.image = widgets.Image(format="png", layout={"width": f"{width}px", "margin": "0"})
        self._margins: dict[str, float] | None = None
        self.live: Live | None = None
        self._background = self._slow_background = None
        self._legends: dict[Legend, tuple[int, int, np.ndarray]] = {}  # each one's place and pixels
        self._scratch: RendererAgg | None = None  # where a legend is drawn on a clear background
        self._overlays: list[Legend] = []  # the legends drawn over live artists they do not list
        # what the last picture cost: "draw", "render", "blit", or "train" (runs trained first)
        self.last_move: str | None = None
        super().__init__([*children, self.image])

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = PLACEHOLDER
        return bundle

    def show(self, draw: Callable) -> None:
        """Draw on fresh axes with ``draw(axes)`` and show the result."""
        figure = self.figure
        first = self._margins is None
        figure.clear()
        live = draw(figure.subplots(self.nrows, self.ncols))
        self.live = live if isinstance(live, Live) else None
        moving = [*self.live.slow, *self.live.artists] if self.live else []
        axes = {artist.axes for artist in moving}
        legends = [ax.get_legend() for ax in figure.axes if ax in axes]
        self._overlays = [legend for legend in legends if legend is not None and legend not in moving]
        if first and figure.get_layout_engine() is None:
            figure.tight_layout()
            self._margins = {name: getattr(figure.subplotpars, name) for name in _MARGINS}
        elif self._margins:
            figure.subplots_adjust(**self._margins)
        for artist in (*moving, *self._overlays):
            artist.set_animated(True)  # left out of canvas.draw(): drawn by _draw_slow, _draw_live
        self.render()
        self.last_move = "draw"

    def render(self) -> None:
        """Render the figure as it is (its live artists over it) and show it."""
        figure = self.figure
        self.last_move = "render"
        self._legends.clear()
        figure.canvas.draw()
        if self.live:
            self._background = figure.canvas.copy_from_bbox(figure.bbox)
            self._draw_slow()
            self._draw_live()
        self._publish()

    def blit(self, *, slow: bool = False) -> None:
        """Show the live artists, as they are now, over the cached background; with ``slow``, draw
        the slow artists (which changed) over the background first."""
        self.last_move = "blit"
        canvas = self.figure.canvas
        if slow:
            canvas.restore_region(self._background)
            self._draw_slow()
        else:
            canvas.restore_region(self._slow_background)
        self._draw_live()
        self._publish()

    def _draw_slow(self) -> None:
        for artist in self.live.slow:
            self.figure.draw_artist(artist)
        self._slow_background = (self.figure.canvas.copy_from_bbox(self.figure.bbox)
                                 if self.live.slow else self._background)

    def _draw_live(self) -> None:
        for artist in self.live.artists:
            if isinstance(artist, Legend) and artist._loc != 0:  # 0: "best", a place that moves
                self._draw_legend(artist)
            else:
                self.figure.draw_artist(artist)
        for legend in self._overlays:
            self._draw_legend(legend)

    def _draw_legend(self, legend: Legend) -> None:
        """Draw ``legend`` from its kept picture, drawn again (on a clear background) if it changed."""
        if legend not in self._legends or any(part.stale for part in _parts(legend)):
            width, height = self.figure.canvas.get_width_height(physical=True)
            if self._scratch is None or self._scratch.get_canvas_width_height() != (width, height):
                self._scratch = RendererAgg(width, height, self.figure.dpi)
            self._scratch.clear()
            legend.draw(self._scratch)
            for part in _parts(legend):
                part.stale = False  # drawn as it is now (an empty title is not drawn at all)
            box = legend.get_window_extent(self._scratch)
            x0, y0 = max(int(box.x0) - 2, 0), max(int(box.y0) - 2, 0)
            x1, y1 = min(int(np.ceil(box.x1)) + 2, width), min(int(np.ceil(box.y1)) + 2, height)
            pixels = np.asarray(self._scratch.buffer_rgba())[height - y1:height - y0, x0:x1]
            self._legends[legend] = (x0, y0, pixels[::-1].copy())  # draw_image's rows go upwards
        renderer = self.figure.canvas.get_renderer()
        gc = renderer.new_gc()
        renderer.draw_image(gc, *self._legends[legend])
        gc.restore()

    def _publish(self) -> None:
        canvas = self.figure.canvas
        self.image.value = png_of(np.asarray(canvas.buffer_rgba()))


def _parts(artist) -> list:
    """``artist`` and everything it is drawn from, at every depth."""
    return [artist, *(part for child in artist.get_children() for part in _parts(child))]


class Explorer(FigureBox):
    """Controls above a figure that follows ``draw(axes, **values)`` on every change.

    ``controls`` maps each keyword of ``draw`` to a widget whose ``value`` is passed; ``fixed``
    holds keywords that do not change. ``axes`` is what ``Figure.subplots(nrows, ncols)``
    returns: one ``Axes``, or an array of them. ``figure`` is the drawn figure, for tests.
    All controls get one label width and field width (``controls.align``).

    A move redraws the figure, unless ``draw`` returned a ``plots.Live`` that can take the new
    value: then only its artists are updated and blitted onto the cached background.
    """

    def __init__(self, draw: Callable, controls: dict[str, widgets.ValueWidget], *,
                 fixed: dict | None = None, nrows: int = 1, ncols: int = 1,
                 figsize: tuple[float, float] | None = None) -> None:
        self.draw = draw
        self.controls = controls
        self.fixed = dict(fixed or {})
        for name, control in controls.items():
            control.observe(lambda _, name=name: self._on_change(name), names="value")
        align(controls.values())
        box = widgets.HBox if len(controls) <= 2 else widgets.VBox
        super().__init__([box(list(controls.values()))], nrows=nrows, ncols=ncols, figsize=figsize)
        self.redraw()

    @property
    def values(self) -> dict:
        """The current value of every control, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, name: str) -> None:
        live = self.live
        if live is None or live.update(**self.fixed, **self.values) is False:
            self.redraw()
        elif name in live.redraw_on:
            self.render()
        else:
            self.blit(slow=name in live.slow_on)

    def redraw(self) -> None:
        """Draw the current state anew and show it."""
        self.show(lambda axes: self.draw(axes, **self.fixed, **self.values))
