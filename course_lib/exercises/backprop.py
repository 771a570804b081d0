"""Checkers for the exercises of notebook 03 Back-propagation: where the feedback comes from."""

import numpy as np

from .. import guessing, layers
from ..autograd import Value
from .checking import NOT_COMPARABLE, Hint, call, compare_arrays, exercise

GATE_INPUTS = {"x": 1.0, "y": -4.0, "z": 2.0, "w": 5.0}


@exercise("03.1", "The gradient [df/dx, df/dy, df/dz, df/dw] of f = (x + y)·max(z, w) "
                  "at x = 1, y = -4, z = 2, w = 5")
def check_gate_gradients(answer):
    x, y, z, w = (Value(v) for v in GATE_INPUTS.values())
    ((x + y) * z.maximum(w)).backward()
    expected = np.array([x.grad, y.grad, z.grad, w.grad])
    hint = compare_arrays(answer, expected, atol=1e-6)
    if hint is None or hint.kind in NOT_COMPARABLE:
        return hint
    dx, dy, dz, dw = np.asarray(answer, dtype=np.float64)
    q, m = x.data + y.data, max(z.data, w.data)
    if np.allclose([dx, dy, dw], [q, q, m]):
        return ("the multiply gate f = q·m hands each input the value of the *other* input "
                "(times the upstream gradient), not its own")
    if not np.isclose(dx, dy):
        return "df/dx and df/dy differ: the add gate q = x + y passes its upstream gradient unchanged to both"
    if not np.isclose(dx, expected[0]):
        return "df/dx and df/dy: the add gate passes on df/dq; what does the multiply gate send to q?"
    if not np.isclose(dz, expected[2]) or np.isclose(dw, 0.0):
        return ("df/dz and df/dw: the max gate routes the whole upstream gradient to the larger of its "
                "inputs, and nothing to the other")
    if np.isclose(dw, -expected[3]):
        return "df/dw has the wrong sign"
    return "df/dw: the max gate passes on df/dm unchanged; what does the multiply gate send to m?"


@exercise("03.2", "The most guesses bisection needs to find any whole number from 1 to 1000")
def check_bisection_guesses(answer):
    expected = max(len(guessing.bisection(guessing.Game(1, 1000, target=t))) for t in range(1, 1001))
    hint = compare_arrays(answer, expected, rtol=0, atol=0)
    if hint is None or hint.kind in NOT_COMPARABLE:
        return hint
    guesses = float(answer)
    if not guesses.is_integer():
        return "a number of guesses is a whole number: round your estimate (up or down?)"
    if guesses >= 100:
        return ("that is the count of a guesser who tries the numbers one by one; bisection halves the "
                "candidates left with every answer")
    if guesses > expected:
        return "too many: after that many halvings far fewer than one candidate would be left"
    return "too few: some numbers from 1 to 1000 are still not found after that many guesses"


LINEAR_CASES = [  # (what, batch size, n_in, n_out, dtype)
    ("a batch of 4 rows, 3 inputs, 2 outputs", 4, 3, 2, np.float64),
    ("a batch of one row", 1, 3, 2, np.float64),
    ("float32, a batch of 5 rows, 4 inputs, 3 outputs", 5, 4, 3, np.float32),
]


def _linear_gradients(x, W, dout):
    """(dx, dW, db) from the library's ``layers.Linear`` with weights ``W``."""
    layer = layers.Linear(*W.shape, dtype=W.dtype)
    layer.params["W"][...] = W
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.grads["W"], layer.grads["b"]


def _compare_gradients(result, expected) -> Hint | None:
    if not isinstance(result, tuple | list) or len(result) != 3:
        return "return the three gradients as a tuple (dx, dW, db)"
    for name, got, right in zip(("dx", "dW", "db"), result, expected, strict=True):
        hint = compare_arrays(got, right, what=name, rtol=1e-5, atol=1e-6)
        if hint is not None:
            return hint
    return None


@exercise("03.3", "Implement the backward pass of a linear layer y = x·W + b: (dx, dW, db)")
def check_linear_backward(function):
    rng = np.random.default_rng(3)
    for what, n, n_in, n_out, dtype in LINEAR_CASES:
        shapes = ((n, n_in), (n_in, n_out), (n, n_out))
        x, W, dout = (rng.normal(size=shape).astype(dtype) for shape in shapes)
        result, hint = call(function, x.copy(), W.copy(), dout.copy())
        hint = hint or _compare_gradients(result, _linear_gradients(x, W, dout))
        if hint is not None:
            return f"for {what}: {hint}"
    return None


SIGMOID_INPUTS = (2.0, -3.0, 0.0, 1000.0, -1000.0)


@exercise("03.4", "Implement sigmoid as a Value operation, with its local derivative")
def check_value_sigmoid(function):
    values, grads, expected_values, expected_grads = [], [], [], []
    for number in SIGMOID_INPUTS:
        v, reference = Value(number), Value(number)
        out, hint = call(function, v)
        if hint is None and not isinstance(out, Value):
            hint = f"your function should return a Value, got {type(out).__name__}"
        if hint is not None:
            return f"for v = {number:g}: {hint}"
        expected = reference.sigmoid()
        expected.backward()
        out.backward()
        if v.grad == 0.0 and reference.grad != 0.0:
            return ("the gradient does not reach the input v: the new Value needs parents=(v,) "
                    "and the local derivative in local_grads")
        values.append(out.data)
        grads.append(v.grad)
        expected_values.append(expected.data)
        expected_grads.append(reference.grad)
    inputs = ", ".join(f"{number:g}" for number in SIGMOID_INPUTS)
    return (compare_arrays(values, expected_values, what=f"σ(v) at v = {inputs}", atol=1e-12)
            or compare_arrays(grads, expected_grads, what=f"dσ/dv at v = {inputs}", atol=1e-12))
