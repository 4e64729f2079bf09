"""A scalar autograd engine, in the spirit of micrograd (notebook 05).

A :class:`Value` holds one number (``data``) and the derivative of some
output with respect to it (``grad``). Every operation makes a new Value that
remembers its inputs (``_prev``) and a closure ``_backward`` that applies the
chain rule for that one operation: it *adds* ``local derivative × out.grad``
to each input's grad. ``backward()`` then visits the graph from the output
down, in reverse topological order, so a node passes its gradient on only
once every node that uses it has passed its own down to it.

    >>> a, b = Value(0.5), Value(0.4)
    >>> c = (a * b + a).tanh()         # a is used twice: both paths add to a.grad
    >>> c.backward()
    >>> round(a.grad, 6), round(b.grad, 6)
    (0.888635, 0.31737)

Decisions, documented because PyTorch makes them too:

- **Gradients accumulate in the leaves** (the Values you made yourself, with no
  inputs): a second ``backward()`` on the same graph adds the same gradients
  again, as ``torch``'s ``backward(retain_graph=True)`` does. Set ``grad = 0.0``
  (or call :meth:`Value.zero_grad`) between training steps.
- **Intermediate nodes start from zero** at every ``backward()``, so a second
  call is exact (micrograd's own engine, which keeps them, counts them twice).
- **Every Value is a scalar**, so ``backward()`` is defined from any node: it
  gives the derivatives of that node (``node.grad`` is 1) with respect to every
  node below it.
- Plain Python numbers mix in on either side (``2 * a``, ``a + 1``); anything
  else (a string, an array, a tensor) is a TypeError naming the argument.
- The graph is walked without recursion, so a chain of many thousand
  operations does not hit Python's recursion limit.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["Value"]


def _number(x, name: str, expected: str = "a real number (int or float) or a Value") -> float:
    """``x`` as a float when it is a real number (bool refused), else a TypeError naming ``name`` and ``expected``."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be {expected}, got {type(x).__name__}")
    return float(x)


def _data(x) -> float:
    """A Value's number: a real number as a float; a TypeError for anything else, a Value included."""
    if isinstance(x, Value):
        raise TypeError(f"data must be a plain number (int or float), got a Value ({x!r}): use that "
                        "Value itself, or its number, .data, to start a new graph")
    return _number(x, "data", "a real number (int or float)")


class Value:
    """One scalar of a computation graph and its gradient.

    data : the number. grad : ∂(output)/∂(this value), filled by :meth:`backward`
    (0.0 until then). _prev : the Values it was computed from. _op : how ("+",
    "*", "tanh", "relu"; "" for a leaf). label : an optional name, for printing.
    """

    __array_ufunc__ = None  # `numpy_array * v` then raises a TypeError, not an array of Values

    def __init__(self, data, _children: tuple = (), _op: str = "", label: str = ""):
        self.data = _data(data)
        self.grad = 0.0
        self._backward = lambda: None  # a leaf has no inputs to pass its gradient to
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # --- operations: the forward value and the local chain rule side by side ---

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(_number(other, "other"))
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():  # ∂(a + b)/∂a = ∂(a + b)/∂b = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(_number(other, "other"))
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():  # ∂(a b)/∂a = b and ∂(a b)/∂b = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():  # tanh'(x) = 1 − tanh(x)², read from the output t
            self.grad += (1 - t**2) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():  # relu'(x) = 1 where x > 0, else 0 (0 at x = 0, as torch)
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    # --- the reversed and derived forms: no chain rule of their own ---

    def __radd__(self, other):  # 1 + a
        return self + other

    def __rmul__(self, other):  # 2 * a
        return self * other

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other if isinstance(other, Value) else -_number(other, "other"))

    def __rsub__(self, other):  # 1 - a
        return (-self) + other

    # --- the backward pass ---

    def backward(self) -> None:
        """Fill ``grad`` of every node below this one with ∂(self)/∂(node).

        Leaves accumulate (``+=``) across calls; intermediate nodes restart from 0.
        """
        order = self.topological_order()
        for node in order:
            if node._prev:
                node.grad = 0.0
        self.grad += 1.0  # ∂self/∂self = 1 (0 + 1 for an intermediate node; a leaf root accumulates)
        for node in reversed(order):
            node._backward()

    def topological_order(self) -> list[Value]:
        """Every node of the graph below (and including) self, each after all of its inputs."""
        order, visited = [], set()
        stack = [(self, False)]
        while stack:  # depth-first, without recursion
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev if id(child) not in visited)
        return order

    def zero_grad(self) -> None:
        """Set ``grad`` of every node of the graph below (and including) self to 0."""
        for node in self.topological_order():
            node.grad = 0.0
