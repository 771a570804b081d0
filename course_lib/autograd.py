"""A scalar reverse-mode automatic differentiation engine, small enough to read in one sitting.

Each ``Value`` holds a number (``data``), the inputs it was computed from (``parents``) and the
local derivatives ∂self/∂parent, computed in the forward pass (``local_grads``). ``backward()``
visits the graph from the output back to the leaves and applies the chain rule:

    parent.grad += local_grad · node.grad

After ``out.backward()``, every node's ``grad`` is ∂out/∂node. In the spirit of Karpathy's
micrograd, with three differences: ``backward`` is idempotent (it resets the graph's gradients
first, so calling it twice gives the same numbers, not doubled ones), the topological order is
built without recursion (a chain of 10,000 nodes works), and the local derivatives are stored as
numbers, not closures, so the graph can be drawn (``plots.draw_graph``).
PyTorch: a 0-d ``torch.tensor(x, requires_grad=True)``, ``y.backward()``, ``x.grad``.
"""

from __future__ import annotations

import math

from . import _checks


class Value:
    """A scalar in a computational graph: ``Value(2.0, label="x")``.

    Supports ``+ - * /`` with Values or plain numbers, ``** number``, and the functions
    ``exp, log, tanh, relu, sigmoid`` and ``maximum(other)``.
    """

    def __init__(self, data: float, *, label: str = "", op: str = "",
                 parents: tuple[Value, ...] = (), local_grads: tuple[float, ...] = ()) -> None:
        self.data = _checks.number(data, "data")
        self.grad = 0.0
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {_checks._describe(label)}")
        self.label = label
        self.op = op
        self.parents = parents
        self.local_grads = local_grads

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.4g}, grad={self.grad:.4g})"

    @staticmethod
    def _wrap(other) -> Value:
        if isinstance(other, Value):
            return other
        return Value(_checks.number(other, "other"))

    # Binary operations: out = a ∘ b with the local derivatives (∂out/∂a, ∂out/∂b).

    def __add__(self, other) -> Value:
        other = self._wrap(other)
        return Value(self.data + other.data, op="+", parents=(self, other), local_grads=(1.0, 1.0))

    def __mul__(self, other) -> Value:
        other = self._wrap(other)
        return Value(self.data * other.data, op="×", parents=(self, other),
                     local_grads=(other.data, self.data))

    def __truediv__(self, other) -> Value:
        other = self._wrap(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division of {self.data:g} by a Value equal to 0")
        return Value(self.data / other.data, op="÷", parents=(self, other),
                     local_grads=(1 / other.data, -self.data / other.data ** 2))

    def __pow__(self, exponent: float) -> Value:
        """self ** exponent for a plain number exponent: local derivative n·a^(n−1)."""
        n = _checks.number(exponent, "exponent")
        if self.data == 0 and n < 1:
            raise ValueError(f"0 ** {n:g} has no finite derivative; the base must be non-zero")
        if self.data < 0 and not n.is_integer():
            raise ValueError(f"a negative base ({self.data:g}) needs an integer exponent, got {n:g}")
        return Value(self.data ** n, op=f"**{n:g}", parents=(self,),
                     local_grads=(n * self.data ** (n - 1),))

    def maximum(self, other) -> Value:
        """max(a, b): the gradient goes to the larger input (to ``self`` on a tie)."""
        other = self._wrap(other)
        first = self.data >= other.data
        return Value(max(self.data, other.data), op="max", parents=(self, other),
                     local_grads=(1.0, 0.0) if first else (0.0, 1.0))

    def __neg__(self) -> Value:
        return self * -1

    def __sub__(self, other) -> Value:
        return self + (-self._wrap(other))

    def __radd__(self, other) -> Value:
        return self + other

    def __rmul__(self, other) -> Value:
        return self * other

    def __rsub__(self, other) -> Value:
        return self._wrap(other) - self

    def __rtruediv__(self, other) -> Value:
        return self._wrap(other) / self

    # Functions of one input: out = f(a) with the local derivative f'(a).

    def exp(self) -> Value:
        if self.data > 709:
            raise OverflowError(f"exp({self.data:g}) overflows a float (the limit is about 709)")
        e = math.exp(self.data)
        return Value(e, op="exp", parents=(self,), local_grads=(e,))

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log needs a positive number, got {self.data:g}")
        return Value(math.log(self.data), op="log", parents=(self,), local_grads=(1 / self.data,))

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return Value(t, op="tanh", parents=(self,), local_grads=(1 - t * t,))

    def relu(self) -> Value:
        positive = self.data > 0
        return Value(self.data if positive else 0.0, op="relu", parents=(self,),
                     local_grads=(1.0 if positive else 0.0,))

    def sigmoid(self) -> Value:
        e = math.exp(-abs(self.data))
        s = 1 / (1 + e) if self.data >= 0 else e / (1 + e)
        return Value(s, op="sigmoid", parents=(self,), local_grads=(s * (1 - s),))

    # The backward pass.

    def topological_order(self) -> list[Value]:
        """Every node this one depends on, each after all of its parents (this one last).

        Depth-first search with an explicit stack instead of recursion, so a graph of any depth
        works (Python's recursion limit is about 1,000).
        """
        order: list[Value] = []
        visited: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in reversed(node.parents) if id(p) not in visited)
        return order

    def backward(self) -> None:
        """Fill ``grad`` of every node in the graph with ∂self/∂node (self.grad becomes 1).

        Gradients are reset first, so calling it again gives the same result. (PyTorch instead
        adds to ``.grad`` on every call, until you zero it.)
        """
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad
