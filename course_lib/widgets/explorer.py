"""The one widget pattern of the course: controls + a pure drawing function + an output area."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display


class Explorer(widgets.VBox):
    """Controls above a figure that is redrawn by ``draw(axes, **values)`` on every change.

    ``controls`` maps each keyword of ``draw`` to a widget whose ``value`` is passed; ``fixed``
    holds keywords that do not change. Each redraw makes a new figure with
    ``plt.subplots(nrows, ncols, figsize=figsize)``, draws, displays it in ``output`` and closes
    it (explicitly: the inline backend would otherwise show it a second time). ``figure`` is the
    last drawn figure, for tests.
    """

    def __init__(self, draw: Callable, controls: dict[str, widgets.ValueWidget], *,
                 fixed: dict | None = None, nrows: int = 1, ncols: int = 1,
                 figsize: tuple[float, float] | None = None) -> None:
        self.draw = draw
        self.controls = controls
        self.fixed = dict(fixed or {})
        self.layout_args = {"nrows": nrows, "ncols": ncols, "figsize": figsize}
        self.output = widgets.Output()
        self.figure = None
        for control in controls.values():
            control.observe(self._on_change, names="value")
        box = widgets.HBox if len(controls) <= 2 else widgets.VBox
        super().__init__([box(list(controls.values())), self.output])
        self.redraw()

    @property
    def values(self) -> dict:
        """The current value of every control, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Draw the current state into a new figure and show it in the output area."""
        fig, axes = plt.subplots(**self.layout_args)
        self.draw(axes, **self.fixed, **self.values)
        with self.output:
            self.output.clear_output(wait=True)
            display(fig)
        plt.close(fig)
        self.figure = fig
