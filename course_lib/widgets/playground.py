"""The playground widget of notebook 11: controls, "train N epochs" and "reset" buttons, and a
figure redrawn by ``plots.draw_playground`` as the network trains."""

from __future__ import annotations

import ipywidgets as widgets

from .. import data, playground, train
from ..plots.playground import draw_playground
from .controls import align
from .explorer import FigureBox

__all__ = ["Playground", "playground_explorer"]

_FIELD_WIDTH = 150
"""The field width of the playground's controls in pixels: three columns of them fit side by side."""


class Playground(FigureBox):
    """A TensorFlow-Playground-like trainer for the 2-D toy sets.

    Changing any setting starts a new run (``playground.start``); the train button advances the
    run by the chosen number of epochs with ``playground.train_epochs``, redrawing every
    ``chunk`` epochs so the regions and the loss curves move while it trains. ``state`` is the
    current run, ``controls`` the setting widgets by name, ``figure`` the figure (for tests).
    """

    def __init__(self, config: playground.Config | None = None, *, epochs: int = 50,
                 chunk: int = 10) -> None:
        config = config or playground.Config()
        self.chunk = chunk
        self.controls = {
            "dataset": widgets.Dropdown(options=list(data.TOY_SETS), value=config.dataset,
                                        description="data"),
            "noise": widgets.FloatSlider(value=config.noise, min=0, max=0.5, step=0.05,
                                         description="noise"),
            "layers": widgets.IntSlider(value=len(config.hidden), min=0, max=4,
                                        description="hidden layers"),
            "units": widgets.IntSlider(value=config.hidden[0] if config.hidden else 8, min=1,
                                       max=32, description="units"),
            "activation": widgets.Dropdown(options=playground.ACTIVATIONS,
                                           value=config.activation, description="activation"),
            "optimizer": widgets.Dropdown(options=list(playground.OPTIMIZERS),
                                          value=config.optimizer, description="optimizer"),
            "lr": widgets.FloatLogSlider(value=config.lr, base=10, min=-3, max=0, step=0.25,
                                         description="learning rate"),
            "l2": widgets.SelectionSlider(options=(0.0, 1e-4, 1e-3, 1e-2, 1e-1), value=config.l2,
                                          description="L2"),
            "keep_prob": widgets.FloatSlider(value=config.keep_prob, min=0.5, max=1, step=0.05,
                                             description="keep_prob"),
            "batch_norm": widgets.Checkbox(value=config.batch_norm, description="batch norm"),
            "batch_size": widgets.SelectionSlider(options=(1, 5, 10, 25, 50, 100),
                                                  value=config.batch_size,
                                                  description="batch size"),
            "seed": widgets.IntText(value=config.seed, description="seed"),
        }
        self.epochs = widgets.SelectionSlider(options=(1, 10, 50, 100, 300), value=epochs,
                                              description="epochs")
        self.train_button = widgets.Button(description=f"train {epochs} epochs",
                                           button_style="primary")
        self.reset_button = widgets.Button(description="reset")
        self.message = widgets.HTML()
        for control in self.controls.values():
            control.observe(self.reset, names="value")
        self.epochs.observe(self._label_button, names="value")
        align([*self.controls.values(), self.epochs], field_width=_FIELD_WIDTH)
        self.train_button.on_click(self.train)
        self.reset_button.on_click(self.reset)
        columns = [list(self.controls.values())[i::3] for i in range(3)]
        super().__init__([widgets.HBox([widgets.VBox(column) for column in columns]),
                          widgets.HBox([self.epochs, self.train_button, self.reset_button]),
                          self.message], ncols=2, figsize=(10, 4))
        self.state = playground.start(self.config)
        self._max_epochs: int | None = None
        self.redraw()

    @property
    def config(self) -> playground.Config:
        """The setting the controls show, as a ``playground.Config``."""
        values = {name: control.value for name, control in self.controls.items()}
        hidden = (values.pop("units"),) * values.pop("layers")
        return playground.Config(hidden=hidden, **values)

    def _label_button(self, change) -> None:
        self.train_button.description = f"train {change['new']} epochs"

    def reset(self, *_) -> None:
        """Start a new run from the current settings (new data, new initial weights)."""
        self.state = playground.start(self.config)
        self.message.value = ""
        self.follow()

    def train(self, *_) -> None:
        """Train ``epochs.value`` more epochs, showing the state after every ``chunk`` of them."""
        remaining = self.epochs.value
        self._max_epochs = self.state.epochs + remaining  # a loss axis long enough for them all
        while remaining > 0:
            step = min(self.chunk, remaining)
            try:
                self.state = playground.train_epochs(self.state, step)
            except train.TrainingDiverged as error:
                self.message.value = f"<b>Training diverged:</b> {error} Press reset."
                return
            remaining -= step
            self.follow(max_epochs=self._max_epochs)

    def follow(self, *, max_epochs: int | None = None) -> None:
        """Show the current state on the kept axes: blitted, or rendered again when the drawing
        had to change an axis's limits (other data, a longer run); drawn anew if it cannot."""
        self._max_epochs = max_epochs
        limits = [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]
        if self.live is None or self.live.update(state=self.state, max_epochs=max_epochs) is False:
            self.redraw()
        elif limits != [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]:
            self.render()
        else:
            self.blit()

    def redraw(self) -> None:
        """Draw the current state anew and show it."""
        self.show(lambda axes: draw_playground(axes, self.state, max_epochs=self._max_epochs))


def playground_explorer(**settings) -> Playground:
    """The playground, starting from ``playground.Config(**settings)`` (e.g. ``dataset="xor"``)."""
    return Playground(playground.Config(**settings))
