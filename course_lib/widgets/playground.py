"""The playground widget of notebook 11: controls, play / pause / one step, reset and new weights,
and a figure (the network, the output's picture, the loss) that follows the network as it trains."""

from __future__ import annotations

import asyncio
from dataclasses import fields

import ipywidgets as widgets

from .. import playground, train
from ..plots.playground import draw_playground
from .controls import Choices, align
from .explorer import FigureBox, schedule

__all__ = ["Playground", "playground_explorer", "PLAYGROUND_HELP"]

_FIELD_WIDTH = 150
"""The field width of the playground's controls in pixels: three columns of them fit side by side."""

PLAYGROUND_HELP = {
    "dataset": "the problem: five sets of classes, or 'plane' and 'bumps', a number to fit (regression)",
    "noise": "how far the points scatter from the clean pattern",
    "train_fraction": "the share of the points used for training; the rest is the test data",
    "features": "what the network is given of each point: x1, x2 and functions of them",
    "hidden": "the width of each hidden layer, comma-separated ('8, 4'); empty: no hidden layer",
    "activation": "the non-linearity after each hidden layer",
    "optimizer": "the update rule (notebook 07)",
    "lr": "the learning rate; applies to the running network",
    "l1": "L1 strength: pushes weights to exactly 0; applies to the running network",
    "l2": "L2 strength (weight decay): shrinks all weights; applies to the running network",
    "keep_prob": "dropout: the chance that a hidden unit is kept in training; applies while training",
    "batch_norm": "batch normalisation before each activation (notebook 09)",
    "batch_size": "points per step; applies to the running network",
    "seed": "draws the data (and the first weights while 'weights seed' is -1)",
    "init_seed": "draws the first weights and the batch order; 'new weights' moves it on",
    "play": "train on and on, redrawing every few epochs; press again to pause",
    "step": "train one epoch",
    "reset": "start again from the same first weights",
    "new weights": "start again from other first weights",
    "show test data": "show the test points (open circles)",
    "discretize": "show the output without shades of confidence",
    "config": "the whole setting as one line: copy it to share, paste one to load it",
    "add point": "add a training point at (x1, x2) of the chosen class (or target)",
}
"""One line per control: what it does."""


def _widths(text: str) -> tuple[int, ...]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise ValueError(f"hidden must be whole numbers above 0, comma-separated, got {text!r}")
    return tuple(int(part) for part in parts)


class Playground(FigureBox):
    """A TensorFlow-Playground-like trainer for the 2-D toy sets and two regressions.

    A change of the learning rate, L1, L2, dropout or batch size applies to the running network
    (``playground.follow``); any other change starts a new run. **play** trains ``chunk``
    epochs at a time and shows each, yielding to the notebook between two chunks so that
    **pause** and the other controls stay responsive; **step** trains one epoch; **train N
    epochs** trains N at once, showing every ``chunk``. ``state`` is the current run,
    ``controls`` the setting widgets by name, ``figure`` the figure (for tests).
    """

    def __init__(self, config: playground.Config | None = None, *, epochs: int = 50,
                 chunk: int = 5) -> None:
        config = config or playground.Config()
        self.chunk = chunk
        self.controls = {
            "dataset": widgets.Dropdown(options=playground.DATASETS, description="data"),
            "noise": widgets.FloatSlider(min=0, max=0.5, step=0.05, description="noise"),
            "train_fraction": widgets.FloatSlider(min=0.1, max=0.9, step=0.1, description="train share"),
            "hidden": widgets.Text(description="layer widths", continuous_update=False),
            "activation": widgets.Dropdown(options=playground.ACTIVATIONS, description="activation"),
            "optimizer": widgets.Dropdown(options=list(playground.OPTIMIZERS), description="optimizer"),
            "lr": widgets.FloatLogSlider(base=10, min=-3, max=0, step=0.25, description="learning rate"),
            "l1": widgets.SelectionSlider(options=(0.0, 1e-4, 1e-3, 1e-2, 1e-1), description="L1"),
            "l2": widgets.SelectionSlider(options=(0.0, 1e-4, 1e-3, 1e-2, 1e-1), description="L2"),
            "keep_prob": widgets.FloatSlider(min=0.5, max=1, step=0.05, description="keep_prob"),
            "batch_norm": widgets.Checkbox(description="batch norm"),
            "batch_size": widgets.SelectionSlider(options=(1, 5, 10, 25, 50, 100), description="batch size"),
            "seed": widgets.BoundedIntText(min=0, max=10**6, description="seed"),
            "init_seed": widgets.BoundedIntText(min=-1, max=10**6, description="weights seed"),
            "features": Choices(list(playground.FEATURES), description="features"),
        }
        self.epochs = widgets.SelectionSlider(options=(1, 10, 50, 100, 300), value=epochs,
                                              description="epochs")
        self.train_button = widgets.Button(description=f"train {epochs} epochs")
        self.play_button = widgets.ToggleButton(description="play", icon="play", button_style="primary")
        self.step_button = widgets.Button(description="one step", icon="step-forward")
        self.reset_button = widgets.Button(description="reset", icon="undo")
        self.new_weights_button = widgets.Button(description="new weights", icon="random")
        self.counter = widgets.HTML()
        self.show_test = widgets.Checkbox(value=True, description="show test data", indent=False)
        self.discretize = widgets.Checkbox(value=False, description="discretize", indent=False)
        self.config_text = widgets.Text(description="config", continuous_update=False,
                                        layout={"width": "100%"})
        self.point = {name: widgets.FloatText(value=0.0, tooltip=name, layout={"width": "70px"})
                      for name in ("x1", "x2", "class")}  # no descriptions: one Label names all three
        self.add_button = widgets.Button(description="add point", icon="plus")
        self.message = widgets.HTML()
        for name, control in self.controls.items():
            (control.label if isinstance(control, Choices) else control).tooltip = PLAYGROUND_HELP[name]
        for control, name in ((self.play_button, "play"), (self.step_button, "step"),
                              (self.reset_button, "reset"), (self.new_weights_button, "new weights"),
                              (self.show_test, "show test data"), (self.discretize, "discretize"),
                              (self.config_text, "config"), (self.add_button, "add point")):
            control.tooltip = PLAYGROUND_HELP[name]
        self._quiet = False
        self._task: asyncio.Future | None = None
        self._max_epochs: int | None = None
        self._status = ""
        self._set_controls(config)
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.epochs.observe(self._label_button, names="value")
        self.config_text.observe(self._pasted, names="value")
        for box in (self.show_test, self.discretize):
            box.observe(lambda _: self.follow(max_epochs=self._max_epochs), names="value")
        self.play_button.observe(self._toggle_play, names="value")
        self.train_button.on_click(self.train)
        self.step_button.on_click(lambda _: self.advance(1))
        self.reset_button.on_click(self.reset)
        self.new_weights_button.on_click(self.new_weights)
        self.add_button.on_click(self._add_clicked)
        settings = [control for name, control in self.controls.items() if name != "features"]
        align([*settings, self.epochs, self.controls["features"], self.config_text], field_width=_FIELD_WIDTH)
        self.config_text.layout.width = "100%"  # the whole setting in sight
        help_list = "".join(f"<li><b>{name}</b>: {text}</li>" for name, text in PLAYGROUND_HELP.items())
        explain = widgets.Accordion([widgets.HTML(f"<ul style='margin:0'>{help_list}</ul>")])
        explain.set_title(0, "what each control does")
        explain.selected_index = None
        columns = [[self.controls[name] for name in names] for names in (
            ("dataset", "noise", "train_fraction", "hidden", "activation"),
            ("optimizer", "lr", "batch_size", "batch_norm", "seed"),
            ("l1", "l2", "keep_prob", "init_seed"))]  # the first slider, noise, changes the picture
        super().__init__([
            widgets.HBox([widgets.VBox(column) for column in columns]), self.controls["features"],
            widgets.HBox([self.play_button, self.step_button, self.reset_button,
                          self.new_weights_button, self.counter]),
            widgets.HBox([self.epochs, self.train_button, self.show_test, self.discretize]),
            widgets.HBox([widgets.Label("a point x1, x2 and its class (or target):"),
                          *self.point.values(), self.add_button]),
            self.config_text, explain, self.message], ncols=3, figsize=(15, 4.6))
        self.state = playground.start(self.config)
        self._show_config()
        self.redraw()

    @property
    def config(self) -> playground.Config:
        """The setting the controls show (with the points added so far), as a ``playground.Config``."""
        values = {name: control.value for name, control in self.controls.items()}
        values["hidden"] = _widths(values["hidden"])
        values["init_seed"] = None if values["init_seed"] < 0 else values["init_seed"]
        return playground.Config(points=self._points, **values)

    def _set_controls(self, config: playground.Config) -> None:
        self._quiet = True
        try:
            self._points = config.points
            for name, control in self.controls.items():
                value = getattr(config, name)
                if name == "hidden":
                    value = ", ".join(map(str, value))
                elif name == "init_seed":
                    value = -1 if value is None else value
                control.value = value
        finally:
            self._quiet = False

    def _show_config(self) -> None:
        self._quiet = True
        self.config_text.value = self.state.config.to_text()
        self._quiet = False
        self.counter.value = f"<b>epoch {self.state.epochs}</b>"

    def _label_button(self, change) -> None:
        self.train_button.description = f"train {change['new']} epochs"

    def _changed(self, _=None) -> None:
        if self._quiet:
            return
        try:
            config = self.config
        except (TypeError, ValueError) as error:
            self.message.value = f"<b>Not applied:</b> {error}"
            return
        self.message.value = ""
        self.go_to(config)

    def _pasted(self, change) -> None:
        if self._quiet:
            return
        try:
            config = playground.Config.from_text(change["new"])
        except (TypeError, ValueError) as error:
            self.message.value = f"<b>Not a playground setting:</b> {error}"
            return
        self._set_controls(config)
        self.message.value = ""
        self.go_to(config)

    def go_to(self, config: playground.Config) -> None:
        """Move to ``config``: the running network goes on if only live settings changed
        (``playground.follow``), otherwise a new run starts."""
        before = self.state.config
        self.state = playground.follow(self.state, config)
        live = all(getattr(before, f.name) == getattr(config, f.name) for f in fields(config)
                   if f.name not in playground.LIVE)
        if live and not self._status:  # the same network: the picture would not change
            self._show_config()
            return
        self._status = ""
        self.follow(max_epochs=self._max_epochs if self.state.epochs else None)

    def reset(self, *_) -> None:
        """Start again from the current settings: the same data and first weights (the seeds)."""
        self.state = playground.start(self.config)
        self._status = ""
        self.message.value = ""
        self.follow()

    def new_weights(self, *_) -> None:
        """Start again with other first weights: the weights seed moves on by one."""
        self.controls["init_seed"].value = max(self.controls["init_seed"].value, self.state.config.seed) + 1

    def add_points(self, X, y) -> None:
        """Add training points ``X`` (N, 2) of classes (or targets) ``y`` and start again."""
        config = playground.add_points(self.config, X, y)
        self._points = config.points
        self.go_to(config)

    def _add_clicked(self, _) -> None:
        x1, x2, label = (control.value for control in self.point.values())
        try:
            self.add_points([[x1, x2]], [label])
        except (TypeError, ValueError) as error:
            self.message.value = f"<b>Point not added:</b> {error}"

    def advance(self, epochs: int) -> bool:
        """Train ``epochs`` more epochs and show the result; ``False`` if the run diverged (the
        picture and the message say so, and the last good state is kept)."""
        try:
            self.state = playground.train_epochs(self.state, epochs)
        except train.TrainingDiverged as error:
            self._status = f"diverged after epoch {self.state.epochs}: lower the learning rate"
            self.message.value = f"<b>Training diverged:</b> {error} Press reset."
            self.play_button.value = False
            self.follow(max_epochs=self._max_epochs)
            return False
        if self.state.epochs > (self._max_epochs or 0):
            self._max_epochs = max(50, 2 * self.state.epochs)  # room for a while: blits, not renders
        self.follow(max_epochs=self._max_epochs)
        return True

    def train(self, *_) -> None:
        """Train ``epochs.value`` more epochs, showing the state after every ``chunk`` of them."""
        remaining = self.epochs.value
        self._max_epochs = self.state.epochs + remaining  # a loss axis long enough for them all
        while remaining > 0:
            step = min(self.chunk, remaining)
            if not self.advance(step):
                return
            remaining -= step

    def _toggle_play(self, change) -> None:
        self.play_button.description, self.play_button.icon = (
            ("pause", "pause") if change["new"] else ("play", "play"))
        if change["new"] and (self._task is None or self._task.done()):
            self._task = schedule(self._play())

    async def _play(self) -> None:
        while self.play_button.value and self.advance(self.chunk):
            await asyncio.sleep(0.01)  # let the notebook handle a click (pause) in between

    def follow(self, *, max_epochs: int | None = None) -> None:
        """Show the current state on the kept axes: blitted, or rendered again when the drawing
        had to change an axis's limits (other data, a longer run); drawn anew if it cannot."""
        self._max_epochs = max_epochs
        self._show_config()
        limits = [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]
        if self.live is None or self.live.update(**self._drawing()) is False:
            self.redraw()
        elif limits != [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]:
            self.render()
        else:
            self.blit()

    def _drawing(self) -> dict:
        return {"state": self.state, "max_epochs": self._max_epochs, "show_test": self.show_test.value,
                "discretize": self.discretize.value, "status": self._status}

    def redraw(self) -> None:
        """Draw the current state anew and show it."""
        self.show(lambda axes: draw_playground(axes, **self._drawing()))


def playground_explorer(**settings) -> Playground:
    """The playground, starting from ``playground.Config(**settings)`` (e.g. ``dataset="xor"``)."""
    return Playground(playground.Config(**settings))
