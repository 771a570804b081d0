"""Drawing functions and explorers of notebook 03 (Agg backend)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_check import assert_moves_match_a_full_drawing

from course_lib import experiments, gradcheck, guessing, layers, plots, widgets
from course_lib.autograd import Value


def _texts(ax) -> list[str]:
    """The written texts of the axes (arrows are annotations with empty text)."""
    return [t.get_text() for t in ax.texts if t.get_text()]


def _nodes(ax) -> list[str]:
    """What each box of a drawn graph shows: the name over it, then its numbers (live)."""
    texts = ax.texts
    return [texts[i + 1].get_text().rstrip("\n") + texts[i + 2].get_text()
            for i, text in enumerate(texts) if text.get_bbox_patch() is not None]


@pytest.mark.parametrize("guess", [1, 40, 73, 100])
def test_draw_guess_writes_the_answer_and_never_the_hidden_number(guess):
    game = guessing.Game(1, 100, target=73)
    fig, ax = plt.subplots()
    plots.draw_guess(ax, guess=guess, game=game)
    assert _texts(ax)[0] == f"{guess}: {game.answer(guess)}"
    assert "73" not in " ".join(_texts(ax)).replace("73: right", "")
    plt.close(fig)


def test_draw_guess_rules_out_what_all_answers_so_far_exclude():
    game = guessing.Game(1, 100, target=73)
    fig, ax = plt.subplots()
    plots.draw_guess(ax, guess=81, game=game, earlier=[50, 75, 60])
    left, right = ax.patches[:2]
    assert (left.get_x(), left.get_width()) == (0.5, 60.0)      # 1 to 60 ruled out by "60: too small"
    assert (right.get_x(), right.get_width()) == (74.5, 26.0)   # 75 to 100 ruled out by "75: too big"
    assert list(ax.lines[1].get_xdata()) == [50, 75, 60]        # the earlier guesses, marked
    assert "guess 4: still possible 61 to 74" in _texts(ax)
    plt.close(fig)


@pytest.mark.parametrize("guess", [1, 50, 100])
def test_the_answer_stays_inside_the_axes_at_either_end_of_the_line(guess):
    fig, ax = plt.subplots(figsize=(6, 2))
    plots.draw_guess(ax, guess=guess, game=guessing.Game(1, 100, target=73))
    fig.canvas.draw()
    box, text = ax.get_window_extent(), ax.texts[-1].get_window_extent()
    assert box.x0 <= text.x0 and text.x1 <= box.x1
    plt.close(fig)


@pytest.mark.parametrize("lr", [0.1, 1.0, 1.9, 2.5])
def test_draw_guessing_race_plots_both_traces(lr):
    game = guessing.Game(1, 100, target=73)
    fig, ax = plt.subplots()
    plots.draw_guessing_race(ax, lr=lr, game=game)
    halving, steps = ax.lines[0], ax.lines[1]
    assert list(halving.get_ydata()) == guessing.bisection(game).guesses
    assert list(steps.get_ydata()) == guessing.gradient_steps(game, lr=lr, max_guesses=15).guesses
    plt.close(fig)


@pytest.mark.parametrize("lr", [0.5, 1.5, 2.0])
def test_the_race_axes_fit_every_guess_of_a_step_size_up_to_2(lr):
    fig, ax = plt.subplots()
    plots.draw_guessing_race(ax, lr=lr)
    low, high = ax.get_ylim()
    for line in ax.lines[:2]:
        assert low < min(line.get_ydata()) and max(line.get_ydata()) < high
    assert high - low < 60  # fitted to the guesses, not to the whole range 1-100 and beyond
    plt.close(fig)


def test_draw_graph_shows_every_node_with_value_and_gradient():
    x, y, z = Value(2.0, label="x"), Value(-1.0, label="y"), Value(3.0, label="z")
    f = (x * y).maximum(z)
    f.backward()
    fig, ax = plt.subplots()
    plots.draw_graph(ax, f)
    nodes = _nodes(ax)
    assert len(nodes) == 5 and "x\nvalue 2\ngrad 0" in nodes and "[max]\nvalue 3\ngrad 1" in nodes
    plt.close(fig)
    fig, ax = plt.subplots()
    plots.draw_graph(ax, f, show_grad=False)
    assert "x\nvalue 2" in _nodes(ax) and all("grad" not in t for t in _nodes(ax))
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


def test_bad_inputs_are_refused_with_a_message():
    fig, ax = plt.subplots()
    with pytest.raises(TypeError, match="game must be a guessing.Game, got int"):
        plots.draw_guess(ax, guess=3, game=7)
    with pytest.raises(TypeError, match="guess must be a real number"):
        plots.draw_guess(ax, guess="3", game=guessing.Game(target=3))
    with pytest.raises(ValueError, match=r"lr must be in \(0, inf\]"):
        plots.draw_guessing_race(ax, lr=-1)
    with pytest.raises(TypeError, match="root must be an autograd.Value, got float"):
        plots.draw_graph(ax, 3.0)
    with pytest.raises(TypeError, match="widest must be a real number"):
        plots.draw_graph(ax, Value(1.0), widest="wide")
    model = layers.Sequential(layers.Linear(3, 2, rng=0))
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\), got shape \(4, 3\)"):
        plots.draw_decision_boundary(ax, model, np.ones((4, 3)), np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="y must have 4 labels"):
        plots.draw_decision_boundary(ax, model, np.ones((4, 2)), np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match=r"high must be in \[50, inf\], got 10"):
        widgets.guess_explorer(low=50, high=10)
    with pytest.raises(ValueError, match=r"lr must be in \[0.05, 2.5\], got 3"):
        widgets.guessing_race_explorer(lr=3)
    with pytest.raises(ValueError, match=r"max_guesses must be in \[1, inf\], got 0"):
        plots.draw_guessing_race(ax, max_guesses=0)
    with pytest.raises(TypeError, match="guess must be a real number"):
        plots.draw_guess(ax, guess=3, game=guessing.Game(target=3), earlier=["ten"])
    with pytest.raises(ValueError, match=r"h must be in \[1e-13, 1\], got 0"):
        plots.draw_difference_errors(ax, h=0)
    plt.close(fig)


def test_guess_moves_the_band_and_the_answer_on_kept_axes():
    explorer = widgets.guess_explorer(seed=0, guess=10)
    ax = explorer.figure.axes[0]
    target = explorer.fixed["game"].target
    explorer.controls["guess"].value = target
    assert explorer.figure.axes[0] is ax  # blitted, not drawn anew
    band = ax.patches[1]
    assert _texts(ax)[0] == f"{target}: right" and band.get_width() == 0
    explorer.controls["guess"].value = 100
    assert band.get_x() == 99.5 and band.get_width() == 1.0  # the 100 of this move: too big
    assert list(ax.lines[1].get_xdata()) == [10, target]  # the earlier guesses are remembered
    assert_moves_match_a_full_drawing(explorer, {"guess": 1})
    assert_moves_match_a_full_drawing(explorer, {"guess": target})
    assert_moves_match_a_full_drawing(explorer, {"guess": 100})


def test_guessing_race_lr_moves_the_trace_and_its_legend_on_kept_axes():
    explorer = widgets.guessing_race_explorer(lr=0.5)
    ax = explorer.figure.axes[0]
    explorer.controls["lr"].value = 1.0
    assert explorer.figure.axes[0] is ax
    assert ax.get_legend().get_texts()[1].get_text() == "steps, lr = 1: 2 guesses"
    assert_moves_match_a_full_drawing(explorer, {"lr": 2.5})
    assert_moves_match_a_full_drawing(explorer, {"lr": 0.05})


@pytest.mark.parametrize(("inputs", "gradients"), [
    ((-2.0, 5.0, -4.0, 2.0), [2.0, 2.0, 0.0, 3.0]),   # w wins: all of q = 3 goes to w
    ((-2.0, 5.0, 4.0, 2.0), [4.0, 4.0, 3.0, 0.0]),    # z wins
    ((1.0, 1.0, 3.0, 3.0), [3.0, 3.0, 2.0, 0.0]),     # a tie goes to z
])
def test_gate_graph_shows_the_max_gate_routing_the_gradient(inputs, gradients):
    fig, ax = plt.subplots()
    plots.draw_gate_graph(ax, **dict(zip("xyzw", inputs, strict=True)))
    nodes = _nodes(ax)
    for name, value, grad in zip("xyzw", inputs, gradients, strict=True):
        assert f"{name}\nvalue {value:.4g}\ngrad {grad:.4g}" in nodes
    plt.close(fig)


def test_graph_boxes_leave_room_for_the_widest_numbers():
    fig, ax = plt.subplots()
    plots.draw_gate_graph(ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = ax.texts[-3].get_bbox_patch().get_window_extent(renderer)  # the box of f
    ax.texts[-1].set_text("\nvalue -42.75\ngrad 1")  # f at x = y = −5 and z = 4.5, w = −5
    numbers = ax.texts[-1].get_window_extent(renderer)
    assert box.x0 < numbers.x0 and numbers.x1 < box.x1
    plt.close(fig)


def test_gate_graph_refuses_another_graph_shape():
    fig, ax = plt.subplots()
    live = plots.draw_graph(ax, experiments.gate_graph())
    assert live.update(root=Value(1.0, label="x") * 2) is False
    plt.close(fig)


def test_gate_graph_sliders_rewrite_the_nodes_on_kept_axes():
    explorer = widgets.gate_graph_explorer()
    ax = explorer.figure.axes[0]
    explorer.controls["z"].value = 4.0
    assert explorer.figure.axes[0] is ax
    assert "z\nvalue 4\ngrad 3" in _nodes(ax) and "w\nvalue 2\ngrad 0" in _nodes(ax)
    assert_moves_match_a_full_drawing(explorer, {"x": -5.0, "y": -5.0, "z": -5.0, "w": 5.0})
    assert_moves_match_a_full_drawing(explorer, {"x": 5.0, "y": 5.0, "z": 5.0, "w": -5.0})


def test_gate_graph_inputs_are_checked():
    with pytest.raises(ValueError, match=r"w must be in \[-5, 5\], got 9"):
        widgets.gate_graph_explorer(w=9.0)
    with pytest.raises(TypeError, match="z must be a real number"):
        experiments.gate_graph(z="4")


@pytest.mark.parametrize("h", [1e-13, 1e-5, 1.0])
def test_difference_errors_marks_each_curve_at_h_and_reads_the_errors_out(h):
    fig, ax = plt.subplots()
    plots.draw_difference_errors(ax, h=h)
    errors = gradcheck.difference_errors(np.exp, 1.0, np.e, np.array([h]))
    central = [line for line in ax.lines if list(line.get_xdata()) == [h]]
    assert any(np.isclose(line.get_ydata()[0], max(errors["central"][0], 1e-17)) for line in central)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[1] == f"central, float64: {max(errors['central'][0], 1e-17):.1e}"
    assert ax.get_legend().get_title().get_text() == f"relative error at h = {h:.1e}"
    assert ax.get_xscale() == ax.get_yscale() == "log" and ax.get_xlim() == (1e-13, 1)
    plt.close(fig)


def test_difference_errors_explorer_moves_h_on_kept_axes():
    explorer = widgets.difference_errors_explorer(h=1e-5)
    ax = explorer.figure.axes[0]
    explorer.controls["h"].value = 1e-10
    assert explorer.figure.axes[0] is ax and explorer.last_move == "blit"
    assert ax.get_legend().get_title().get_text() == "relative error at h = 1.0e-10"
    assert_moves_match_a_full_drawing(explorer, {"h": 1e-13})
    assert_moves_match_a_full_drawing(explorer, {"h": 1.0})
    with pytest.raises(ValueError, match=r"h must be in \[1e-13, 1\], got 2"):
        widgets.difference_errors_explorer(h=2)
