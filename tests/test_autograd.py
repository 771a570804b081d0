"""Value: gradients by hand, against numerical differences on random graphs, idempotence, depth."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course_lib import gradcheck
from course_lib.autograd import Value


def test_add_max_multiply_graph_by_hand():
    x, y, z, w = Value(-2.0), Value(5.0), Value(-4.0), Value(2.0)
    f = (x + y) * z.maximum(w)
    f.backward()
    assert f.data == 6.0
    assert (x.grad, y.grad, z.grad, w.grad) == (2.0, 2.0, 0.0, 3.0)


def test_tanh_neuron_by_hand():
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    b = Value(6.881373587019543)  # makes the pre-activation atanh(1/√2) ≈ 0.8814
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.backward()
    assert out.data == pytest.approx(1 / math.sqrt(2))
    # ∂out/∂pre = 1 − tanh² = 0.5; then ∂pre/∂x1 = w1 = −3, ∂pre/∂w1 = x1 = 2, ...
    assert (x1.grad, w1.grad, x2.grad, w2.grad) == pytest.approx((-1.5, 1.0, 0.5, 0.0))


def test_a_value_used_twice_collects_both_gradients():
    x = Value(3.0)
    y = x * x + x
    y.backward()
    assert x.grad == 7.0  # 2x + 1


def test_backward_twice_gives_the_same_gradients_not_doubled_ones():
    a, b = Value(1.5), Value(-0.5)
    out = (a * b + a.exp()).tanh()
    out.backward()
    first = (a.grad, b.grad)
    out.backward()
    assert (a.grad, b.grad) == first and out.grad == 1.0


def test_a_chain_of_10000_nodes_needs_no_recursion():
    x = Value(1.0)
    y = x
    for _ in range(10_000):
        y = y + x
    y.backward()
    assert y.data == 10_001.0 and x.grad == 10_001.0


def test_topological_order_puts_every_node_after_its_parents():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = d.topological_order()
    position = {id(n): i for i, n in enumerate(order)}
    assert order[-1] is d and len(order) == 4
    assert all(position[id(p)] < position[id(n)] for n in order for p in n.parents)


def test_reverse_operations_with_plain_numbers():
    x = Value(4.0)
    out = 2 - x + 3 * x + 8 / x
    out.backward()
    assert out.data == 12.0 and x.grad == pytest.approx(2 - 8 / 16)


def test_sigmoid_and_exp_are_stable_for_large_magnitudes():
    assert Value(-1000.0).sigmoid().data == 0.0 and Value(1000.0).sigmoid().data == 1.0
    assert Value(-1000.0).exp().data == 0.0


UNARY = {"exp": lambda a: a.tanh().exp(), "log": lambda a: (a * a + 1).log(),
         "tanh": Value.tanh, "sigmoid": Value.sigmoid, "relu": Value.relu,
         "pow": lambda a: (a * a + 0.5) ** 1.5, "neg": lambda a: -a}
BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
          "/": lambda a, b: a / (b * b + 1), "max": Value.maximum}

operations = st.lists(st.tuples(st.sampled_from(sorted(UNARY) + sorted(BINARY)),
                                st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=12)


def _evaluate(ops, leaves: list[Value]) -> tuple[Value, float]:
    """Apply ``ops`` to a growing list of nodes; return the last node and the smallest distance
    of a relu or max input from its kink (numerical differences are wrong near a kink)."""
    nodes, margin = list(leaves), math.inf
    for name, i, j in ops:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        if name in UNARY:
            if name == "relu":
                margin = min(margin, abs(a.data))
            nodes.append(UNARY[name](a))
        else:
            if name == "max" and a is not b:
                margin = min(margin, abs(a.data - b.data))
            nodes.append(BINARY[name](a, b))
    return nodes[-1], margin


@settings(max_examples=150, deadline=None)
@given(ops=operations, start=st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_gradients_match_numerical_differences_on_random_graphs(ops, start):
    leaves = [Value(v) for v in start]
    out, margin = _evaluate(ops, leaves)
    assume(margin > 1e-3)
    out.backward()
    analytic = np.array([leaf.grad for leaf in leaves])

    def f(x: np.ndarray) -> float:
        return _evaluate(ops, [Value(float(v)) for v in x])[0].data

    numeric = gradcheck.numerical_gradient(f, np.array(start, dtype=float))
    assert gradcheck.rel_error(analytic, numeric) < 1e-6 or np.allclose(analytic, numeric, atol=1e-9)


def test_bad_inputs_are_refused_with_a_message():
    with pytest.raises(TypeError, match="data must be a real number, got str"):
        Value("1.0")
    with pytest.raises(TypeError, match="other must be a real number, got str"):
        Value(1.0) + "2"
    with pytest.raises(TypeError, match="exponent must be a real number, got Value"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(ValueError, match="negative base .* needs an integer exponent, got 0.5"):
        Value(-2.0) ** 0.5
    with pytest.raises(ValueError, match="0 \\*\\* 0.5 has no finite derivative"):
        Value(0.0) ** 0.5
    with pytest.raises(ZeroDivisionError, match="division of 1 by a Value equal to 0"):
        Value(1.0) / 0
    with pytest.raises(ValueError, match="log needs a positive number, got 0"):
        Value(0.0).log()
    with pytest.raises(OverflowError, match="exp\\(1000\\) overflows"):
        Value(1000.0).exp()


def test_label_and_other_are_checked_by_name():
    with pytest.raises(TypeError, match="label must be a str, got int 3"):
        Value(1.0, label=3)
    with pytest.raises(ValueError, match="other must be a finite number, got inf"):
        Value(1.0) + float("inf")
