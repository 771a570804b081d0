"""The checkers of notebook 03 (back-propagation): right answers pass, starters are not attempted,
and typical mistakes get a hint that names the mistake without giving the answer away."""

import math
import re

import numpy as np
import pytest
from exercise_hints import starter, wrong

from course_lib import exercises
from course_lib.autograd import Value


def linear_backward(x, W, dout):
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def sigmoid_with(local_grad):
    """A stable sigmoid Value operation whose local derivative is ``local_grad(s)``."""

    def sigmoid(v):
        e = math.exp(-abs(v.data))
        s = 1 / (1 + e) if v.data >= 0 else e / (1 + e)
        return Value(s, op="sigmoid", parents=(v,), local_grads=(local_grad(s),))

    return sigmoid


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("03.1", [5.0, 5.0, 0.0, -3.0]), ("03.1", (5, 5, 0, -3)),
    ("03.2", 10),
    ("03.3", linear_backward), ("03.3", lambda x, W, dout: [dout @ W.T, x.T @ dout, dout.sum(axis=0)]),
    ("03.4", sigmoid_with(lambda s: s * (1 - s))), ("03.4", lambda v: v.sigmoid()),
])
def test_the_reference_answers_are_right(exercise_id, answer):
    assert exercises.evaluate(exercise_id, answer).status == "right"


@pytest.mark.parametrize(("exercise_id", "answer"), [("03.1", ...), ("03.2", ...), ("03.3", starter), ("03.4", starter)])
def test_the_starters_are_not_attempted(exercise_id, answer):
    assert exercises.evaluate(exercise_id, answer).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    ([-3, -3, 0, 5], "the multiply gate f = q·m hands each input the value of the *other* input (times the "
                     "upstream gradient), not its own"),
    ([5, -4, 0, -3], "df/dx and df/dy differ: the add gate q = x + y passes its upstream gradient unchanged to both"),
    ([1, 1, 0, -3], "df/dx and df/dy: the add gate passes on df/dq; what does the multiply gate send to q?"),
    ([5, 5, -3, 0], "df/dz and df/dw: the max gate routes the whole upstream gradient to the larger of its "
                    "inputs, and nothing to the other"),
    ([5, 5, -1.5, -1.5], "df/dz and df/dw: the max gate routes the whole upstream gradient to the larger of "
                         "its inputs, and nothing to the other"),
    ([5, 5, 0, 3], "df/dw has the wrong sign"),
    ([5, 5, 0, 2], "df/dw: the max gate passes on df/dm unchanged; what does the multiply gate send to m?"),
    ([5, 5, 0], "your answer has the wrong shape: expected (4,), got (3,)"),
])
def test_wrong_gate_gradients_get_a_hint(answer, hint):
    assert wrong("03.1", answer) == hint
    assert "-3" not in hint and "5" not in hint


@pytest.mark.parametrize(("answer", "hint"), [
    (9, "too few: some numbers from 1 to 1000 are still not found after that many guesses"),
    (11, "too many: after that many halvings far fewer than one candidate would be left"),
    (9.97, "a number of guesses is a whole number: round your estimate (up or down?)"),
    (500, "that is the count of a guesser who tries the numbers one by one; bisection halves the candidates "
          "left with every answer"),
    ("ten", "your answer should be numbers, got str"),
])
def test_wrong_guess_counts_get_a_hint(answer, hint):
    assert wrong("03.2", answer) == hint
    assert not re.search(r"\b10\b", hint)


@pytest.mark.parametrize(("function", "hint"), [
    (lambda x, W, dout: (dout @ W.T, dout.T @ x, dout.sum(axis=0)),
     "for a batch of 4 rows, 3 inputs, 2 outputs: dW has the wrong shape: expected (3, 2), got (2, 3)"),
    (lambda x, W, dout: (dout @ W.T, x.T @ dout, dout),
     "for a batch of 4 rows, 3 inputs, 2 outputs: db has the wrong shape: expected (2,), got (4, 2)"),
    (lambda x, W, dout: (dout @ W.T, x.T @ dout, dout.mean(axis=0)),
     "for a batch of 4 rows, 3 inputs, 2 outputs: db is off by a constant factor of 0.25"),
    (lambda x, W, dout: (dout @ W.T, -(x.T @ dout), dout.sum(axis=0)),
     "for a batch of 4 rows, 3 inputs, 2 outputs: dW has the wrong sign"),
    (lambda x, W, dout: dout @ W.T,
     "for a batch of 4 rows, 3 inputs, 2 outputs: return the three gradients as a tuple (dx, dW, db)"),
    (lambda x, W, dout: (dout @ W.T, x.T @ dout, dout.sum(axis=0)) if len(x) > 1 else (dout @ W.T, x.T @ dout, dout),
     "for a batch of one row: db has the wrong shape: expected (2,), got (1, 2)"),
])
def test_wrong_linear_backward_passes_get_a_hint(function, hint):
    assert wrong("03.3", function) == hint


def test_a_linear_backward_that_raises_is_reported_with_the_case():
    assert wrong("03.3", lambda x, W, dout: (dout @ W, x.T @ dout, dout.sum(axis=0))).startswith(
        "for a batch of 4 rows, 3 inputs, 2 outputs: your function raised ValueError")


def test_a_sigmoid_that_overflows_for_large_negative_inputs_is_named():
    def naive(v):
        s = 1 / (1 + math.exp(-v.data))
        return Value(s, parents=(v,), local_grads=(s * (1 - s),))

    assert wrong("03.4", naive) == "for v = -1000: your function raised OverflowError: math range error"


def test_a_sigmoid_built_from_value_exp_overflows_for_large_negative_inputs():
    assert wrong("03.4", lambda v: 1 / (1 + (-v).exp())).startswith(
        "for v = -1000: your function raised OverflowError")


def test_a_sigmoid_without_parents_is_told_that_the_gradient_does_not_reach_the_input():
    def no_parents(v):
        return Value(sigmoid_with(lambda s: s * (1 - s))(v).data)

    assert wrong("03.4", no_parents).startswith("the gradient does not reach the input v")


@pytest.mark.parametrize(("local_grad", "hint"), [
    (lambda s: s, "dσ/dv at v = 2, -3, 0, 1000, -1000 differs from the expected values (largest difference 1)"),
    (lambda s: -s * (1 - s), "dσ/dv at v = 2, -3, 0, 1000, -1000 has the wrong sign"),
    (lambda s: 2 * s * (1 - s), "dσ/dv at v = 2, -3, 0, 1000, -1000 is off by a constant factor of 2"),
])
def test_a_wrong_local_derivative_gets_a_hint(local_grad, hint):
    assert wrong("03.4", sigmoid_with(local_grad)) == hint


def test_a_sigmoid_with_a_wrong_value_is_named():
    assert wrong("03.4", lambda v: Value(0.5, parents=(v,), local_grads=(0.25,))).startswith(
        "σ(v) at v = 2, -3, 0, 1000, -1000 differs from the expected values")


def test_a_sigmoid_that_returns_a_number_is_told_to_return_a_value():
    assert wrong("03.4", lambda v: 0.5) == "for v = 2: your function should return a Value, got float"


def value_backward(root, *, assign=False, reset=True, seed=True, reverse=True):
    """The loop of Value.backward, or one of its typical mistakes."""
    order = root.topological_order()
    if reset:
        for node in order:
            node.grad = 0.0
    if seed:
        root.grad = 1.0
    for node in reversed(order) if reverse else order:
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            if assign:
                parent.grad = local * node.grad
            else:
                parent.grad += local * node.grad


def two_layer(X, y, W1, b1, W2, b2, *, mask=True, mean=True):
    """The forward and backward pass of 03.7, or one of its typical mistakes."""
    Z1 = X @ W1 + b1
    H = np.maximum(0, Z1)
    S = H @ W2 + b2
    S = S - S.max(axis=1, keepdims=True)
    P = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    n = len(X) if mean else 1
    loss = -np.log(P[np.arange(len(X)), y]).mean()
    dS = P.copy()
    dS[np.arange(len(X)), y] -= 1
    dS /= n
    dH = dS @ W2.T
    dZ1 = dH * (Z1 > 0) if mask else dH
    return loss, {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dS, "b2": dS.sum(axis=0)}


def test_the_value_backward_and_the_two_layer_pass_are_right():
    assert exercises.evaluate("03.6", value_backward).status == "right"
    assert exercises.evaluate("03.6", lambda root: root.backward()).status == "right"
    assert exercises.evaluate("03.7", two_layer).status == "right"


def test_their_starters_are_not_attempted():
    assert exercises.evaluate("03.6", starter).status == "not attempted"
    assert exercises.evaluate("03.7", starter).status == "not attempted"


@pytest.mark.parametrize(("mistake", "hint"), [
    ({"assign": True}, "for b = a·a at a = 3: a value used twice keeps the gradient of only one of its uses: you "
                       "assign to parent.grad (=) where the contributions of all uses must be added (+=)"),
    ({"reset": False}, "for a chain, tanh(2x + 1) at x = 0.5: right once, but a second call changes the gradients: "
                       "reset every node's grad to 0 before the backward sweep"),
    ({"seed": False}, "for a chain, tanh(2x + 1) at x = 0.5: the root's gradient is not 1: start the sweep with "
                      "root.grad = 1 (d(root)/d(root) = 1)"),
    ({"reverse": False}, "for a chain, tanh(2x + 1) at x = 0.5: wrong gradients; visit the nodes in reversed "
                         "topological order (each node before its parents) and send each parent local_grad × the "
                         "node's grad"),
])
def test_a_wrong_value_backward_gets_a_hint_that_names_the_bug(mistake, hint):
    assert wrong("03.6", lambda root: value_backward(root, **mistake)) == hint


@pytest.mark.parametrize(("function", "hint"), [
    (lambda *a: two_layer(*a, mask=False),
     "for a batch of 6 examples, 3 inputs, 5 hidden units, 4 classes: dW1 lets the gradient through every hidden "
     "unit: the ReLU passes it only where its input Z1 was > 0 (a max gate with 0)"),
    (lambda *a: two_layer(*a, mean=False),
     "for a batch of 6 examples, 3 inputs, 5 hidden units, 4 classes: dW2 is off by a constant factor of 6"),
    (lambda *a: (two_layer(*a)[0], {**two_layer(*a)[1], "b2": two_layer(*a)[1]["b2"][None]}),
     "for a batch of 6 examples, 3 inputs, 5 hidden units, 4 classes: db2 has the wrong shape: expected (4,), "
     "got (1, 4)"),
    (lambda *a: two_layer(*a)[1], "return a pair (loss, grads) with grads a dict of 'W1', 'b1', 'W2' and 'b2'"),
    (lambda *a: (two_layer(*a)[0], {"W1": 0}), "grads must have exactly the keys 'W1', 'b1', 'W2' and 'b2', got ['W1']"),
])
def test_a_wrong_two_layer_pass_gets_a_hint(function, hint):
    assert wrong("03.7", function) == hint
