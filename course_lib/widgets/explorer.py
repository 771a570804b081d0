"""The one widget pattern of the course: controls + a pure drawing function + a figure."""

from __future__ import annotations

import io
from collections.abc import Callable

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .controls import align

_MARGINS = ("left", "right", "bottom", "top", "wspace", "hspace")

PIXEL_DENSITY = 2
"""Device pixels per CSS pixel of an explorer's picture: it is shown at the size of a static
figure (figure inches × ``figure.dpi``) and stays sharp on high-density screens and projectors."""

PLACEHOLDER = ("Interactive figure: run this cell to see it. If this text stays after the cell "
               "has run, this front end cannot show widgets (see notebook 00).")
"""The plain-text form of an explorer: what a page shows before the cell runs (an untrusted
notebook, a static page) and what a front end without widget support shows."""


class FigureBox(widgets.VBox):
    """Widgets above a figure that the box owns and shows as a PNG ``image``.

    ``show(draw)`` clears the figure, makes ``nrows × ncols`` axes, calls ``draw(axes)``,
    renders once with Agg and puts the PNG into ``image``. The figure is not managed by pyplot
    (the notebook never shows it a second time) and is reused from one drawing to the next,
    which keeps matplotlib's text caches warm; rendering once skips the second, cropping pass
    of the inline backend (``bbox_inches="tight"``). A slider move takes about half the time
    of a new figure shown with ``display`` (``benchmarks/widget_latency.py``). The margins are
    fitted to the first drawing (``tight_layout``) and then kept, so the picture does not
    jump while a slider moves; a drawing that sets its own layout engine keeps it. The figure
    is rendered at ``PIXEL_DENSITY`` times its dpi and the image is shown at the width of the
    figure at its dpi, so it is neither stretched nor blurred.
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
        draw(figure.subplots(self.nrows, self.ncols))
        if first and figure.get_layout_engine() is None:
            figure.tight_layout()
            self._margins = {name: getattr(figure.subplotpars, name) for name in _MARGINS}
        elif self._margins:
            figure.subplots_adjust(**self._margins)
        figure.canvas.draw()
        picture = Image.frombuffer("RGBA", figure.canvas.get_width_height(),
                                   figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        png = io.BytesIO()
        # opaque figure: RGB encodes a quarter less than RGBA; zlib level 1 is the fastest
        picture.convert("RGB").save(png, format="png", compress_level=1)
        self.image.value = png.getvalue()


class Explorer(FigureBox):
    """Controls above a figure that is redrawn by ``draw(axes, **values)`` on every change.

    ``controls`` maps each keyword of ``draw`` to a widget whose ``value`` is passed; ``fixed``
    holds keywords that do not change. ``axes`` is what ``Figure.subplots(nrows, ncols)``
    returns: one ``Axes``, or an array of them. ``figure`` is the drawn figure, for tests.
    All controls get one label width and field width (``controls.align``).
    """

    def __init__(self, draw: Callable, controls: dict[str, widgets.ValueWidget], *,
                 fixed: dict | None = None, nrows: int = 1, ncols: int = 1,
                 figsize: tuple[float, float] | None = None) -> None:
        self.draw = draw
        self.controls = controls
        self.fixed = dict(fixed or {})
        for control in controls.values():
            control.observe(self._on_change, names="value")
        align(controls.values())
        box = widgets.HBox if len(controls) <= 2 else widgets.VBox
        super().__init__([box(list(controls.values()))], nrows=nrows, ncols=ncols, figsize=figsize)
        self.redraw()

    @property
    def values(self) -> dict:
        """The current value of every control, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Draw the current state and show it."""
        self.show(lambda axes: self.draw(axes, **self.fixed, **self.values))
