"""Drawing functions and explorers of notebook 05: what they draw and that sliders redraw."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from live_check import assert_moves_match_a_full_drawing

from course_lib import losses, plots, widgets


@pytest.fixture
def two_axes():
    fig, axes = plt.subplots(1, 2)
    yield axes
    plt.close(fig)


@pytest.mark.parametrize(("scores", "delta", "svm"), [((10, -1, -1), 1.0, 0.0), ((10, 9, 9), 1.0, 0.0),
                                                      ((3.2, 5.1, -1.7), 1.0, 2.9), ((0, 0, 0), 2.0, 4.0)])
def test_softmax_vs_svm_titles_carry_both_losses(two_axes, scores, delta, svm):
    plots.draw_softmax_vs_svm(two_axes, scores=scores, delta=delta)
    soft = losses.sparse_softmax_cross_entropy_with_logits([0], np.array([scores], dtype=float))[0]
    assert two_axes[0].get_title().startswith(f"SVM loss = {svm:.4g} ")
    assert two_axes[1].get_title() == f"softmax loss = −log p_y = {soft:.4g}"


def test_softmax_vs_svm_bars_are_the_scores_and_the_probabilities(two_axes):
    plots.draw_softmax_vs_svm(two_axes, scores=(1.0, 2.0, 3.0), correct=2)
    assert [b.get_height() for b in two_axes[0].patches] == [1.0, 2.0, 3.0]
    np.testing.assert_allclose([b.get_height() for b in two_axes[1].patches], [0.0900, 0.2447, 0.6652], atol=1e-4)


def test_softmax_vs_svm_rejects_a_correct_class_out_of_range(two_axes):
    with pytest.raises(ValueError, match=r"correct must be in \[0, 2\], got 3"):
        plots.draw_softmax_vs_svm(two_axes, scores=(1.0, 2.0, 3.0), correct=3)


def test_margin_losses_draws_one_line_per_loss():
    fig, ax = plt.subplots()
    plots.draw_margin_losses(ax, margin_range=2.0)
    labels = [line.get_label() for line in ax.lines if not line.get_label().startswith("_")]
    assert labels == ["zero_one", "perceptron", "hinge", "logistic / log 2", "exponential", "square"]
    hinge = ax.lines[2]
    m = hinge.get_xdata()
    np.testing.assert_allclose(hinge.get_ydata(), np.maximum(0, 1 - m))
    assert ax.lines[3].get_ydata()[300] == pytest.approx(1.0)  # logistic in bits at m = 0
    assert m[0] == -2.0 and m[-1] == 2.0
    plt.close(fig)


def test_margin_losses_can_draw_a_subset_and_rejects_unknown_names():
    fig, ax = plt.subplots()
    plots.draw_margin_losses(ax, names=["hinge", "square"])
    assert len(ax.lines) == 3  # two losses and the m = 0 line
    with pytest.raises(ValueError, match=r"names must be one of .*got 'huber'"):
        plots.draw_margin_losses(ax, names=["huber"])
    plt.close(fig)


def test_softmax_vs_svm_explorer_redraws_when_a_score_moves():
    explorer = widgets.softmax_vs_svm_explorer()
    before = [b.get_height() for b in explorer.figure.axes[0].patches]
    assert before == [10.0, 9.0, 9.0]
    explorer.controls["s1"].value = 12.0
    after_axes = explorer.figure.axes
    assert [b.get_height() for b in after_axes[0].patches] == [10.0, 12.0, 9.0]
    assert after_axes[0].get_title().startswith("SVM loss = 3 ")
    explorer.controls["delta"].value = 0.0
    assert explorer.figure.axes[0].get_title().startswith("SVM loss = 2 ")
    assert math.isclose(sum(b.get_height() for b in explorer.figure.axes[1].patches), 1.0, rel_tol=1e-9)


def test_softmax_vs_svm_sliders_move_artists_on_kept_axes():
    explorer = widgets.softmax_vs_svm_explorer()
    kept = explorer.figure.axes[0]
    explorer.controls["s1"].value = 15.0
    explorer.controls["delta"].value = 5.0
    explorer.controls["s0"].value = -5.0
    assert explorer.figure.axes[0] is kept  # blitted, not drawn anew
    assert [b.get_height() for b in kept.patches] == [-5.0, 15.0, 9.0]
    assert_moves_match_a_full_drawing(explorer, {"s2": -5.0, "s0": 15.0, "delta": 0.0, "s1": -5.0})


def test_softmax_vs_svm_refuses_a_score_range_that_misses_the_scores(two_axes):
    with pytest.raises(ValueError, match=r"score_range must contain the scores and s_y − Δ = 9, got \[0.0, 5.0\]"):
        plots.draw_softmax_vs_svm(two_axes, scores=(10.0, 9.0, 9.0), score_range=(0.0, 5.0))
