"""Drawing functions and explorers of notebook 03 (Agg backend)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import guessing, layers, plots, widgets
from course_lib.autograd import Value


def _texts(ax) -> list[str]:
    """The written texts of the axes (arrows are annotations with empty text)."""
    return [t.get_text() for t in ax.texts if t.get_text()]


@pytest.mark.parametrize("guess", [1, 40, 73, 100])
def test_draw_guess_writes_the_answer_and_never_the_hidden_number(guess):
    game = guessing.Game(1, 100, target=73)
    fig, ax = plt.subplots()
    plots.draw_guess(ax, guess=guess, game=game)
    assert _texts(ax) == [f"{guess}: {game.answer(guess)}"]
    plt.close(fig)


@pytest.mark.parametrize("lr", [0.1, 1.0, 1.9, 2.5])
def test_draw_guessing_race_plots_both_traces(lr):
    game = guessing.Game(1, 100, target=73)
    fig, ax = plt.subplots()
    plots.draw_guessing_race(ax, lr=lr, game=game)
    halving, steps = ax.lines[0], ax.lines[1]
    assert list(halving.get_ydata()) == guessing.bisection(game).guesses
    assert list(steps.get_ydata()) == guessing.gradient_steps(game, lr=lr, max_guesses=30).guesses
    plt.close(fig)


def test_draw_graph_shows_every_node_with_value_and_gradient():
    x, y, z = Value(2.0, label="x"), Value(-1.0, label="y"), Value(3.0, label="z")
    f = (x * y).maximum(z)
    f.backward()
    fig, ax = plt.subplots()
    plots.draw_graph(ax, f)
    texts = _texts(ax)
    assert len(texts) == 5 and "x\nvalue 2\ngrad 0" in texts and "[max]\nvalue 3\ngrad 1" in texts
    plt.close(fig)
    fig, ax = plt.subplots()
    plots.draw_graph(ax, f, show_grad=False)
    assert "x\nvalue 2" in _texts(ax) and all("grad" not in t for t in _texts(ax))
    plt.close(fig)


def test_draw_decision_boundary_colours_the_plane_by_prediction():
    model = layers.Sequential(layers.Linear(2, 2, rng=0))
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    fig, ax = plt.subplots()
    plots.draw_decision_boundary(ax, model, X, np.array([0, 1, 0]), resolution=20)
    assert len(ax.collections) >= 2 and ax.get_xlabel() == "$x_1$"
    plt.close(fig)


def test_guess_explorer_redraws_with_the_new_guess():
    explorer = widgets.guess_explorer(seed=0, guess=10)
    before = _texts(explorer.figure.axes[0])[0]
    explorer.controls["guess"].value = 90
    after = _texts(explorer.figure.axes[0])[0]
    assert before.startswith("10:") and after.startswith("90:")


def test_guessing_race_explorer_redraws_with_the_new_lr():
    explorer = widgets.guessing_race_explorer(lr=0.5)
    before = explorer.figure.axes[0].lines[1].get_ydata().copy()
    explorer.controls["lr"].value = 1.0
    after = explorer.figure.axes[0].lines[1].get_ydata()
    assert len(before) > len(after) == 2
