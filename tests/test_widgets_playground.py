"""The playground widget: play / pause / one step, reset and new weights, live and structural
changes, the toggles, the pasteable setting, own points, the divergence guard; every picture
it shows equals a full drawing."""

import asyncio
import sys

import numpy as np
import pytest
from live_check import pixels

from course_lib import playground, widgets
from course_lib.widgets.playground import PLAYGROUND_HELP


def small(**settings):
    return widgets.playground_explorer(**{"n": 60, "hidden": (6,), **settings})


def same_as_a_full_drawing(widget):
    shown = pixels(widget)
    widget.redraw()
    np.testing.assert_array_equal(shown, pixels(widget))


def test_train_steps_and_reset_to_the_same_first_weights():
    widget = small()
    first = {k: v.copy() for k, v in widget.state.model.params.items()}
    widget.epochs.value = 10
    assert widget.train_button.description == "train 10 epochs"
    widget.train_button.click()
    widget.step_button.click()
    assert widget.state.epochs == 11 and "epoch 11" in widget.counter.value
    assert len(widget.figure.axes[2].lines[0].get_ydata()) == 11
    same_as_a_full_drawing(widget)
    widget.reset_button.click()
    assert widget.state.epochs == 0
    for name, value in widget.state.model.params.items():
        np.testing.assert_array_equal(value, first[name])


def test_new_weights_keep_the_data_and_draw_other_weights():
    widget = small()
    X, W = widget.state.X_train.copy(), widget.state.model.params["0.W"].copy()
    widget.new_weights_button.click()
    assert widget.state.config.init_seed == 1
    np.testing.assert_array_equal(widget.state.X_train, X)
    assert not np.array_equal(widget.state.model.params["0.W"], W)
    widget.new_weights_button.click()
    assert widget.state.config.init_seed == 2


@pytest.mark.skipif(sys.platform == "emscripten", reason="asyncio.run must block until the coroutine "
                    "ends, which Pyodide under Node cannot; `make test-lite` plays and pauses the "
                    "playground in the browser's Pyodide instead")
def test_play_trains_until_pause_without_blocking_the_loop():
    widget = small()

    async def play_then_pause():
        widget.play_button.value = True
        assert widget.play_button.description == "pause"
        for _ in range(3):
            await asyncio.sleep(0.02)  # the loop runs the play task in between
        widget.play_button.value = False
        await asyncio.sleep(0.05)
        return widget.state.epochs

    epochs = asyncio.run(play_then_pause())
    assert epochs >= widget.chunk and epochs % widget.chunk == 0
    assert widget.state.epochs == epochs  # paused: no more epochs
    assert widget.play_button.description == "play"


def test_live_settings_keep_the_run_and_leave_the_picture_as_it_is():
    widget = small()
    widget.step_button.click()
    widget.step_button.click()
    shown = widget.image.value
    for name, value in (("lr", 0.01), ("l1", 1e-3), ("l2", 1e-2), ("keep_prob", 0.8), ("batch_size", 5)):
        widget.controls[name].value = value
        assert widget.state.epochs == 2 and widget.image.value == shown, name  # nothing to draw
        assert f'"{name}": {value}' in widget.config_text.value
    assert widget.state.optimizer.lr == 0.01 and widget.state.config.keep_prob == 0.8
    same_as_a_full_drawing(widget)
    widget.step_button.click()  # the next epoch trains with them
    assert widget.state.epochs == 3 and widget.last_move == "blit"


@pytest.mark.parametrize(("name", "value"), [("hidden", "4, 3"), ("features", ("x1", "x2", "x1*x2")),
                                             ("dataset", "xor"), ("activation", "tanh"), ("seed", 5),
                                             ("train_fraction", 0.7), ("noise", 0.1),
                                             ("batch_norm", True), ("optimizer", "SGD")])
def test_structure_changes_start_a_new_run_with_them(name, value):
    widget = small()
    widget.step_button.click()
    widget.controls[name].value = value
    assert widget.state.epochs == 0
    expected = {"hidden": (4, 3)}.get(name, value)
    assert getattr(widget.state.config, name) == expected
    same_as_a_full_drawing(widget)


def test_show_test_data_and_discretize_change_the_picture_only():
    widget = small()
    widget.step_button.click()
    validation = widget.figure.axes[1].collections[1]
    before = pixels(widget)
    widget.show_test.value = False
    assert not validation.get_visible() and widget.last_move == "blit"
    widget.discretize.value = True
    assert not np.array_equal(before, pixels(widget)) and widget.state.epochs == 1
    same_as_a_full_drawing(widget)


def test_the_setting_is_shown_as_text_and_a_pasted_one_is_loaded():
    widget = small(dataset="xor")
    assert playground.Config.from_text(widget.config_text.value) == widget.state.config
    pasted = playground.Config(dataset="bumps", hidden=(3, 2), features=("x1", "sin(x2)"), l1=1e-3)
    widget.config_text.value = pasted.to_text()
    assert widget.state.config == pasted and widget.config == pasted
    assert widget.controls["hidden"].value == "3, 2"
    widget.config_text.value = "{not json"
    assert "Not a playground setting" in widget.message.value and widget.state.config == pasted


def test_a_bad_width_is_reported_and_not_applied():
    widget = small()
    widget.controls["hidden"].value = "4, x"
    assert "Not applied" in widget.message.value and widget.state.config.hidden == (6,)


def test_own_points_by_coordinates_and_from_an_array():
    widget = small(dataset="spirals", n=90)
    widget.point["x1"].value, widget.point["x2"].value, widget.point["class"].value = 0.5, -0.5, 2
    widget.add_button.click()
    widget.add_points(np.array([[1.0, 1.0], [0.0, 0.0]]), [0, 1])
    assert widget.state.config.points == ((0.5, -0.5, 2.0), (1.0, 1.0, 0.0), (0.0, 0.0, 1.0))
    np.testing.assert_array_equal(widget.state.X_train[-3:], [[0.5, -0.5], [1.0, 1.0], [0.0, 0.0]])
    widget.point["class"].value = 7
    widget.add_button.click()
    assert "Point not added" in widget.message.value


def test_a_diverging_run_stops_and_the_picture_says_so():
    widget = small(optimizer="SGD", lr=1.0, noise=0.5)
    widget.state = playground.start(playground.Config(n=60, hidden=(6,), optimizer="SGD", lr=1e6, noise=5.0))
    widget.train_button.click()  # 50 epochs, shown every 5
    assert "Training diverged" in widget.message.value and "lower learning rate" in widget.message.value
    title = widget.figure.axes[1].title
    assert title.get_text() == f"diverged after epoch {widget.state.epochs}: lower the learning rate"
    assert title.get_color() == "#d62728" and widget.state.epochs < 50 and not widget.play_button.value
    same_as_a_full_drawing(widget)


def test_every_control_has_a_one_line_description():
    widget = small()
    for name, control in widget.controls.items():
        shown = (control.label if name == "features" else control).tooltip  # a group of checkboxes: its label
        assert shown == PLAYGROUND_HELP[name] and "\n" not in PLAYGROUND_HELP[name]
    assert widget.play_button.tooltip == PLAYGROUND_HELP["play"]


def test_every_playground_label_is_given_room_for_the_longest_one():
    widget = small()
    widths = {control.style.description_width
              for name, control in [*widget.controls.items(), ("epochs", widget.epochs)] if name != "features"}
    assert widths == {"14ch"}  # "learning rate" has 13 characters


def test_a_long_run_renders_again_rarely():
    widget = small()
    moves = []
    for _ in range(12):
        widget.advance(10)
        moves.append(widget.last_move)
    assert moves.count("render") <= 2 and "draw" not in moves  # the loss axis doubles ahead
    same_as_a_full_drawing(widget)
