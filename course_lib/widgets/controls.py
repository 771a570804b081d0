"""What the explorers' controls share: one label width, and a multiple choice shown as checkboxes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ipywidgets as widgets
import traitlets

from .. import _checks

__all__ = ["Choices", "align"]

FIELD_WIDTH = 300
"""The width in pixels of a control's field after its label (a slider's track and readout, a
dropdown's box)."""


def align(controls: Iterable[widgets.Widget], *, field_width: int = FIELD_WIDTH) -> None:
    """Give every described control the label width of the longest description, then a field of
    ``field_width`` pixels: no label is cut ("learning r…") and the slider tracks of a column
    line up.

    The width is counted in ``ch`` (the width of the digit 0), one more than the longest
    description has characters: a ``ch`` is wider than an average letter of the label font.
    """
    field_width = _checks.integer(field_width, "field_width", low=1)
    described = [control for control in controls if getattr(control, "description", "")]
    if not described:
        return
    label = f"{max(len(control.description) for control in described) + 1}ch"
    for control in described:
        control.style.description_width = label
        if not isinstance(control, widgets.Box):  # a group such as Choices sizes itself
            control.layout.width = f"calc({label} + {field_width}px)"


class Choices(widgets.HBox):
    """Several choices at once: a label and one checkbox per option, all in sight.

    ``value`` is the tuple of the ticked options, in the order of ``options``; setting it ticks
    exactly those. It replaces ``SelectMultiple``, whose list hides rows and needs Ctrl/Shift-click.
    """

    value = traitlets.Tuple()

    def __init__(self, options: Sequence[str], *, value: Iterable[str] = (),
                 description: str = "") -> None:
        self.options = tuple(options)
        if not self.options or len(set(self.options)) < len(self.options) or not all(
                isinstance(name, str) for name in self.options):
            raise ValueError(f"options must be distinct strings, at least one, got {options!r}")
        self.label = widgets.HTML(description=description)  # a Label's text hides its description
        self.boxes = {name: widgets.Checkbox(description=name, indent=False,
                                             layout={"width": "auto", "margin": "0 1em 0 0"})
                      for name in self.options}
        self._syncing = False
        rows = widgets.HBox(list(self.boxes.values()), layout={"flex_flow": "row wrap"})
        super().__init__([self.label, rows])  # on a narrow page the boxes wrap under each other
        self.value = tuple(value)
        self._tick()
        self.observe(self._tick, names="value")
        for box in self.boxes.values():
            box.observe(self._read, names="value")

    @property
    def description(self) -> str:
        """The label in front of the checkboxes."""
        return self.label.description

    @property
    def style(self) -> widgets.Style:
        """The label's style (``align`` sets its ``description_width``)."""
        return self.label.style

    @traitlets.validate("value")
    def _check(self, proposal) -> tuple:
        for name in proposal["value"]:
            _checks.choice(name, "value entry", self.options)
        return tuple(name for name in self.options if name in proposal["value"])

    def _tick(self, *_) -> None:
        self._syncing = True
        try:
            for name, box in self.boxes.items():
                box.value = name in self.value
        finally:
            self._syncing = False

    def _read(self, _) -> None:
        if not self._syncing:
            self.value = tuple(name for name, box in self.boxes.items() if box.value)
