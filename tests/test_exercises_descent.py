"""The checkers of notebook 02 (gradient descent): right answers pass, starters are not attempted,
and typical mistakes get a hint that names the mistake without giving the answer away."""

import numpy as np
import pytest
from exercise_hints import starter, wrong

from course_lib import exercises, optim, surfaces


def descend(surface, start, lr, steps):
    point = np.array(start, dtype=float)
    path = [point]
    for _ in range(steps):
        point = point - lr * surface.grad(point)
        path.append(point)
    return np.array(path)


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("02.1", 2 / 6), ("02.1", 0.333), ("02.1", 0.33),
    ("02.2", descend),
    ("02.2", lambda surface, start, lr, steps: surfaces.descend(surface, optim.SGD(lr), start, steps)),
    ("02.3", 2 / 26), ("02.3", 0.0769),
    ("02.4", [66, 1, 66]), ("02.4", np.array([66, 1, 66])),
])
def test_the_reference_answers_are_right(exercise_id, answer):
    assert exercises.evaluate(exercise_id, answer).status == "right"


@pytest.mark.parametrize(("exercise_id", "answer"), [("02.1", ...), ("02.2", starter), ("02.3", ...), ("02.4", ...)])
def test_the_starters_are_not_attempted(exercise_id, answer):
    assert exercises.evaluate(exercise_id, answer).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (2 / 3, "off by a factor of 2: the rule is 2/a for f = ½·a·x²; what is a (the curvature f'') here?"),
    (1 / 6, "at that rate descent lands on the minimum in one step; somewhat larger rates still converge, bouncing from side to side"),
    (1.0, "that is the critical rate of the notebook's parabola, of curvature 2; this one is sharper"),
    (0.5, "too large: at that rate every step overshoots by more than it started, and x diverges"),
    (0.2, "too small: at that rate descent still converges; look for where it stops converging"),
    ("fast", "your answer should be numbers, got str"),
    ([0.3, 0.4], "your answer has the wrong shape: expected (), got (2,)"),
])
def test_wrong_critical_rates_get_a_hint(answer, hint):
    assert wrong("02.1", answer) == hint
    assert "1/3" not in hint and "0.33" not in hint and "2/6" not in hint


def test_a_path_without_the_start_is_named():
    hint = wrong("02.2", lambda surface, start, lr, steps: descend(surface, start, lr, steps)[1:])
    assert hint == "your path has 50 points for 50 steps: it should start with the starting point"


def test_a_path_of_one_array_updated_in_place_is_named():
    def in_place(surface, start, lr, steps):
        point = np.array(start, dtype=float)
        path = [point]
        for _ in range(steps):
            point -= lr * surface.grad(point)
            path.append(point)
        return np.array(path)

    assert wrong("02.2", in_place).startswith("every row of your path is the same point: store a copy")


def test_ascent_instead_of_descent_is_named():
    hint = wrong("02.2", lambda surface, start, lr, steps: descend(surface, start, -lr, steps))
    assert hint == "f goes up along your path: step against the gradient, not along it"


def test_a_path_that_fails_for_zero_steps_is_named():
    def no_zero(surface, start, lr, steps):
        return descend(surface, start, lr, steps) if steps else np.empty(0)

    assert wrong("02.2", no_zero) == ("for zero steps (the path is only the start): the result has the wrong "
                                      "shape: expected (1, 2), got (0,)")


def test_every_case_is_checked_not_only_the_first():
    def one_short(surface, start, lr, steps):
        path = descend(surface, start, lr, steps)
        return path if steps == 50 else descend(surface, start, lr, steps - 1 if steps else 0)

    assert wrong("02.2", one_short).startswith("for Rosenbrock from (-1.5, 2.5), lr 0.001, 200 steps: "
                                               "the result has the wrong shape")


@pytest.mark.parametrize(("answer", "hint"), [
    (2 / 25, "that is the critical rate of the steep direction: there y bounces between ±y forever"),
    (1 / 25, "at 1/κ the steep direction converges in one step, but each step multiplies x by 1 − 1/κ, "
             "close to 1; a somewhat larger rate helps x more than it hurts y"),
    (0.079, "too large: the steep direction y now shrinks more slowly than x; the slower one sets the pace"),
    (0.06, "too small: x now shrinks more slowly than y; the slower one sets the pace"),
])
def test_wrong_best_rates_get_a_hint(answer, hint):
    assert wrong("02.3", answer) == hint
    assert "0.0769" not in hint and "2/26" not in hint and "1/13" not in hint


@pytest.mark.parametrize(("answer", "hint"), [
    ([65, 1, 66], "for lr = 0.1: off by one; count the steps taken, the start x₀ needs none, and stop at "
                  "the first |x| below 1e-6"),
    ([66, 0, 66], "for lr = 0.5: off by one; count the steps taken, the start x₀ needs none, and stop at "
                  "the first |x| below 1e-6"),
    ([66, 1, 7], "for lr = 0.9: too few steps; each step multiplies x by the same factor 1 − lr·f''"),
    ([66, 20, 66], "for lr = 0.5: too many steps; each step multiplies x by the same factor 1 − lr·f''"),
    ([66, 1], "your list of three step counts has the wrong shape: expected (3,), got (2,)"),
])
def test_wrong_step_counts_get_a_hint(answer, hint):
    assert wrong("02.4", answer) == hint
    assert "66" not in hint


def test_a_path_that_is_not_numbers_is_named():
    assert wrong("02.2", lambda surface, start, lr, steps: "a path") == \
        "for the bowl ½(x² + 10y²) from (-3.5, 2), lr 0.1, 50 steps: the result should be numbers, got str"


def line_loss(params, x, y):
    w, b = params
    residual = w * x + b - y
    return 0.5 * np.mean(residual**2), np.array([np.mean(residual * x), np.mean(residual)])


def test_the_least_squares_reference_answers_are_right():
    assert exercises.evaluate("02.5", line_loss).status == "right"
    line = lambda params, x, y: (surfaces.least_squares(x, y).value(params),  # noqa: E731
                                 surfaces.least_squares(x, y).grad(params))
    assert exercises.evaluate("02.5", line).status == "right"


def test_the_least_squares_starter_is_not_attempted():
    assert exercises.evaluate("02.5", starter).status == "not attempted"


def _scaled(loss_factor, grad_factor):
    def answer(params, x, y):
        loss, grad = line_loss(params, x, y)
        return loss_factor * loss, grad_factor * grad
    return answer


@pytest.mark.parametrize(("answer", "hint"), [
    (_scaled(30, 30), "the loss is 30 times too large for 30 points: average over the points, do not sum"),
    (_scaled(1, 2), "the gradient is twice too large: the loss is (1/2N)·Σ r², and its ½ cancels the 2 "
                    "from differentiating the square"),
    (_scaled(2, 2), "the loss is twice too large: the loss is (1/2N)·Σ r², and its ½ cancels the 2 "
                    "from differentiating the square"),
    (_scaled(1, -1), "the gradient has the wrong sign: the residual is prediction minus target, w·x + b − y"),
    (lambda params, x, y: line_loss(params, x, y)[0],
     "for four points by hand, at (w, b) = (1, 1): your function should return a pair (loss, the gradient), "
     "got float64"),
    (lambda params, x, y: (line_loss(params, x, y)[0], line_loss(params, x, y)[1][::-1]),
     "for four points by hand, at (w, b) = (1, 1): the gradient differs from the expected values "
     "(largest difference 0.25)"),
])
def test_wrong_least_squares_answers_get_a_hint(answer, hint):
    assert wrong("02.5", answer) == hint
