"""Checkers for the exercises of notebook 03 Back-propagation: where the feedback comes from."""

import numpy as np

from .. import guessing, layers, losses
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


def _graphs():
    """(what, output, leaves, what ``=`` instead of ``+=`` leaves in the leaves' grads) of the graphs
    03.6 runs a backward pass on: a chain (no fork: no difference), then two forks."""
    x = Value(0.5)
    a = Value(3.0)
    u, v = Value(2.0), Value(-3.0)
    return [("a chain, tanh(2x + 1) at x = 0.5", (x * 2.0 + 1.0).tanh(), (x,), None),
            ("b = a·a at a = 3", a * a, (a,), [3.0]),              # one use's a instead of 2a
            ("f = x·y + x at x = 2, y = -3", u * v + u, (u, v), [-3.0, 2.0])]  # the multiply path's y alone


@exercise("03.6", "Implement backward for Value: fill every node's grad with d(root)/d(node)")
def check_value_backward(function):
    for what, root, leaves, assigned in _graphs():
        _, hint = call(function, root)
        if hint is not None:
            return f"for {what}: {hint}"
        got, seeded = [leaf.grad for leaf in leaves], root.grad == 1.0
        call(function, root)  # a second call must give the same gradients
        again = [leaf.grad for leaf in leaves]
        root.backward()
        expected = [leaf.grad for leaf in leaves]
        if np.allclose(got, expected) and not np.allclose(again, expected):
            return (f"for {what}: right once, but a second call changes the gradients: reset every "
                    "node's grad to 0 before the backward sweep")
        if np.allclose(got, expected):
            continue
        if assigned is not None and np.allclose(got, assigned):
            return (f"for {what}: a value used twice keeps the gradient of only one of its uses: you "
                    "assign to parent.grad (=) where the contributions of all uses must be added (+=)")
        if not seeded:
            return (f"for {what}: the root's gradient is not 1: start the sweep with root.grad = 1 "
                    "(d(root)/d(root) = 1)")
        return (f"for {what}: wrong gradients; visit the nodes in reversed topological order (each node "
                "before its parents) and send each parent local_grad × the node's grad")
    return None


TWO_LAYER_CASES = [  # (what, N examples, D inputs, H hidden units, C classes)
    ("a batch of 6 examples, 3 inputs, 5 hidden units, 4 classes", 6, 3, 5, 4),
    ("a single example", 1, 2, 3, 2),
]
TWO_LAYER_NAMES = ("W1", "b1", "W2", "b2")


def _two_layer_case(n: int, d: int, h: int, c: int, seed: int):
    """Inputs (X, y, W1, b1, W2, b2), some hidden units active and some not for every case."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, c, size=n)
    W1, b1 = rng.normal(size=(d, h)), 0.1 * rng.normal(size=h)
    W2, b2 = rng.normal(size=(h, c)), 0.1 * rng.normal(size=c)
    return X, y, W1, b1, W2, b2


def _two_layer_reference(X, y, W1, b1, W2, b2, *, relu_mask: bool = True):
    """(loss, {name: gradient}) of the two-layer softmax classifier, by the library's layers
    (``relu_mask=False``: the known mistake of passing dH through the ReLU unchanged)."""
    model = layers.Sequential(layers.Linear(*W1.shape), layers.Activation("relu"), layers.Linear(*W2.shape))
    for key, value in zip(("0.W", "0.b", "2.W", "2.b"), (W1, b1, W2, b2), strict=True):
        model.params[key][...] = value
    loss, dS = losses.softmax_loss(model.forward(X), y)
    dH = model[2].backward(dS)
    model[0].backward(model[1].backward(dH) if relu_mask else dH)
    grads = (model.grads[key] for key in ("0.W", "0.b", "2.W", "2.b"))
    return loss, dict(zip(TWO_LAYER_NAMES, grads, strict=True))


@exercise("03.7", "Implement the forward and backward pass of a two-layer ReLU network with a softmax loss")
def check_two_layer_backward(function):
    for seed, (what, n, d, h, c) in enumerate(TWO_LAYER_CASES):
        inputs = _two_layer_case(n, d, h, c, seed)
        result, hint = call(function, *(value.copy() for value in inputs))
        if hint is not None:
            return f"for {what}: {hint}"
        if not isinstance(result, tuple | list) or len(result) != 2 or not isinstance(result[1], dict):
            return "return a pair (loss, grads) with grads a dict of 'W1', 'b1', 'W2' and 'b2'"
        loss, grads = result
        if sorted(grads) != sorted(TWO_LAYER_NAMES):
            return f"grads must have exactly the keys 'W1', 'b1', 'W2' and 'b2', got {sorted(grads)}"
        expected_loss, expected = _two_layer_reference(*inputs)
        hint = compare_arrays(loss, expected_loss, what="the loss", rtol=1e-6)
        if hint is not None:
            return f"for {what}: {hint} (the mean over the batch of −log softmax(S)[y])"
        _, unmasked = _two_layer_reference(*inputs, relu_mask=False)
        for name in ("W2", "b2", "W1", "b1"):  # in the order the backward pass computes them
            hint = compare_arrays(grads[name], expected[name], what=f"d{name}", rtol=1e-6, atol=1e-9)
            if hint is None:
                continue
            unmasked_hint = compare_arrays(grads[name], unmasked[name], rtol=1e-6, atol=1e-9)
            if name in ("W1", "b1") and unmasked_hint is None:
                return (f"for {what}: d{name} lets the gradient through every hidden unit: the ReLU passes "
                        "it only where its input Z1 was > 0 (a max gate with 0)")
            return f"for {what}: {hint}"
    return None
