"""Exercise 6 of lesson 05, the scalar autograd engine, as tables: its four parts, each judged on its own.

Each rule (+, *, tanh) is tried with the student's class on a tiny graph: its ``_backward``
closure is called directly, with ``out.grad`` set. ``backward()`` is tried on whole graphs
built with the course's rules, so that only the walk is judged: a wrong rule of + is
reported by its own check and never counts as a failed try of ``backward()``. The right
gradients come from ``torch.autograd``; each mistake is the course's ``Value`` with one
part written wrong.
"""

from __future__ import annotations

import math
import operator
from typing import Callable

import numpy as np

from .. import scratch
from .exercise import Case, Mistake
from .lessons import lesson
from .report import Feedback
from .sandbox import StudentMistake

LESSON = lesson("05_backprop")

_OUT_GRAD = 0.7    # the out.grad a rule receives
_EARLIER = 0.25    # a gradient an input already holds (from another use): a rule must add to it


def _apply_rule(Value, case: Case, call: Callable) -> np.ndarray:
    """Build out = build(*leaves) with ``Value``, give it out.grad, run its _backward: the leaves' grads."""
    build, leaves, earlier = case.args
    nodes = [call(Value, x) for x in leaves]
    for node, g in zip(nodes, earlier):
        if g:  # only where the case says so: a Value that starts from another grad (None, 1) is the student's
            node.grad = g
    out = call(build, *nodes)
    if not hasattr(out, "_backward") or not hasattr(out, "grad"):
        raise StudentMistake(f"the operation returned {type(out).__name__}, not a Value (with .grad and ._backward): "
                             "return out.")
    out.grad = _OUT_GRAD
    call(out._backward, allow_none=True)
    return np.array([node.grad for node in nodes], dtype=object)


def _torch_rule(build: Callable, leaves: tuple, earlier: tuple) -> np.ndarray:
    """The leaves' grads after the rule: what they held, plus out.grad times ∂out/∂leaf from torch.autograd."""
    import torch

    xs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in leaves]
    build(*xs).backward(torch.tensor(_OUT_GRAD, dtype=torch.float64))
    return np.array([e + x.grad.item() for x, e in zip(xs, earlier)])


def _wrong_rule(op: str, local: Callable, assign: bool = False) -> type:
    """The course's Value with the rule of ``op`` written wrong: each input gets ``local(*inputs' data, out.data,
    out.grad)``, added to its grad (or, with ``assign``, in place of it)."""
    class Wrong(scratch.Value):
        def _made(self, data: float, inputs: tuple) -> "Wrong":
            out = Wrong(data, inputs, op)

            def _backward():
                for node, g in zip(inputs, local(*(i.data for i in inputs), out.data, out.grad)):
                    node.grad = g if assign else node.grad + g
            out._backward = _backward
            return out

        def tanh(self):
            return self._made(math.tanh(self.data), (self,)) if op == "tanh" else super().tanh()

        def _binary(self, other, forward):
            other = other if isinstance(other, scratch.Value) else Wrong(other)
            return self._made(forward(self.data, other.data), (self, other))

        def __add__(self, other):
            return self._binary(other, operator.add) if op == "+" else super().__add__(other)

        def __mul__(self, other):
            return self._binary(other, operator.mul) if op == "*" else super().__mul__(other)

        __radd__, __rmul__ = __add__, __mul__
    return Wrong


def _rule_case(label: str, build: Callable, leaves: tuple, earlier: tuple) -> Case:
    return Case(label, (build, leaves, earlier))


_RULE = {"ask": _apply_rule, "truth": _torch_rule, "what": "the gradients", "reference": scratch.Value}
_ASSIGN = ("an input may already hold a gradient (from another use, or a + a): add to it, self.grad += out.grad, "
           "never self.grad = out.grad.")
_NO_OUT_ADD = "the local derivative of + is 1, but the chain rule multiplies it by out.grad: self.grad += out.grad."

ENGINE_ADD = LESSON.exercise(
    "Value: the rule of +", number=6, function="Value", solution="Value.__add__", **_RULE,
    cases=[_rule_case("a + b", operator.add, (1.5, -2.0), (0.0, 0.0)),
           _rule_case("a + a", lambda a: a + a, (0.3,), (0.0,)),
           _rule_case("a + 2, with a.grad already 0.25", lambda a: a + 2, (0.3,), (_EARLIER,))],
    hints=["out = a + b: ∂out/∂a = ∂out/∂b = 1, so each input receives out.grad times 1.",
           "Add to the inputs' gradients (+=), never assign: a value used twice (a + a) gets both contributions.",
           "self.grad += out.grad and other.grad += out.grad"],
    mistakes=[
        Mistake(_NO_OUT_ADD, _wrong_rule("+", lambda a, b, out, g: (1.0, 1.0))),
        Mistake("wrong sign: ∂(a + b)/∂a = +1, so self.grad += out.grad.", _wrong_rule("+", lambda a, b, out, g: (-g, -g))),
        Mistake("only self got its gradient: other.grad += out.grad too.", _wrong_rule("+", lambda a, b, out, g: (g, 0.0))),
        Mistake("only other got its gradient: self.grad += out.grad too.", _wrong_rule("+", lambda a, b, out, g: (0.0, g))),
        Mistake(_ASSIGN, _wrong_rule("+", lambda a, b, out, g: (g, g), assign=True)),
    ])

_SWAPPED = ("the product rule is swapped: ∂(a b)/∂a = b, so self gets the *other* value: "
            "self.grad += other.data * out.grad, other.grad += self.data * out.grad.")

ENGINE_MUL = LESSON.exercise(
    "Value: the rule of *", number=6, function="Value", solution="Value.__mul__", **_RULE,
    cases=[_rule_case("a * b", operator.mul, (1.5, -2.0), (0.0, 0.0)),
           _rule_case("a * a", lambda a: a * a, (0.3,), (0.0,)),
           _rule_case("3 * a, with a.grad already 0.25", lambda a: 3 * a, (0.3,), (_EARLIER,))],
    hints=["out = a · b: ∂out/∂a = b and ∂out/∂b = a; each is multiplied by out.grad (the chain rule).",
           "Each input gets the *other* input's value: self.grad uses other.data. And += as for +.",
           "self.grad += other.data * out.grad and other.grad += self.data * out.grad"],
    mistakes=[
        Mistake(_SWAPPED, _wrong_rule("*", lambda a, b, out, g: (a * g, b * g))),
        Mistake("the chain rule multiplies the local derivative by out.grad: self.grad += other.data * out.grad.",
                _wrong_rule("*", lambda a, b, out, g: (b, a))),
        Mistake("that is the rule of +: for a product, ∂(a b)/∂a = b and ∂(a b)/∂b = a.",
                _wrong_rule("*", lambda a, b, out, g: (g, g))),
        Mistake("wrong sign: self.grad += other.data * out.grad.", _wrong_rule("*", lambda a, b, out, g: (-b * g, -a * g))),
        Mistake(_SWAPPED, _wrong_rule("*", lambda a, b, out, g: (a, b))),
        Mistake("a value used twice (a * a) needs both contributions: add, self.grad += ..., never self.grad = ...",
                _wrong_rule("*", lambda a, b, out, g: (b * g, a * g), assign=True)),
    ])

ENGINE_TANH = LESSON.exercise(
    "Value: the rule of tanh", number=6, function="Value", solution="Value.tanh", **_RULE,
    cases=[_rule_case("tanh(0.8)", lambda a: a.tanh(), (0.8,), (0.0,)),
           _rule_case("tanh(-1.7), with a.grad already 0.25", lambda a: a.tanh(), (-1.7,), (_EARLIER,))],
    hints=["tanh′(x) = 1 − tanh(x)²: the slope comes from the output t = tanh(x), which the forward pass kept.",
           "1 − t², with t the output (not 1 − x² of the input x = self.data), times out.grad, added to self.grad.",
           "self.grad += (1 - t**2) * out.grad"],
    mistakes=[
        Mistake("1 − x² of the input: tanh′(x) = 1 − tanh(x)², the square of the *output* t (kept by the forward pass).",
                _wrong_rule("tanh", lambda x, t, g: ((1 - x**2) * g,))),
        Mistake("the chain rule multiplies the slope by out.grad: self.grad += (1 - t**2) * out.grad.",
                _wrong_rule("tanh", lambda x, t, g: (1 - t**2,))),
        Mistake("tanh′ = 1 − t², squared: (1 - t**2) * out.grad.", _wrong_rule("tanh", lambda x, t, g: ((1 - t) * g,))),
        Mistake("t (1 − t) is the sigmoid's slope; tanh′ = 1 − t².", _wrong_rule("tanh", lambda x, t, g: (t * (1 - t) * g,))),
        Mistake("that multiplies by tanh itself; the chain rule needs its slope, 1 − t².",
                _wrong_rule("tanh", lambda x, t, g: (t * g,))),
        Mistake("a has a gradient already (it is used elsewhere too): add to it, self.grad += ..., don't assign.",
                _wrong_rule("tanh", lambda x, t, g: ((1 - t**2) * g,), assign=True)),
        Mistake("wrong sign: tanh′(x) = 1 − tanh(x)² is positive.", _wrong_rule("tanh", lambda x, t, g: (-(1 - t**2) * g,))),
    ])


# Graphs for backward(): each takes a leaf maker and returns (leaves, output); the same code builds the
# graph from the course's Values and from float64 tensors (torch.autograd).

def _neuron(leaf):
    x1, x2, w1, w2, b = (leaf(v) for v in (2.0, -1.0, -0.5, 0.8, 0.3))
    return [x1, x2, w1, w2, b], (x1 * w1 + x2 * w2 + b).tanh()


def _diamond(leaf):
    a, b = leaf(0.6), leaf(-0.4)
    c = a * b           # a feeds two paths (through c, and directly); c feeds three
    d = (c + a).tanh()
    return [a, b], d * c + 2 * d + c.tanh() + a * a.tanh() + b  # b feeds the output directly


def _deep_chain(leaf):
    x = leaf(0.4)
    y = x
    for _ in range(12):
        y = (y * x + 0.3).tanh()  # x is used at every level
    return [x], y


def _random_expression(leaf, seed: int = 75, size: int = 10):
    rng = np.random.default_rng(seed)
    leaves = [leaf(float(v)) for v in rng.normal(size=3)]
    nodes = list(leaves)
    for _ in range(size):
        i, j = (int(v) for v in rng.integers(0, len(nodes), size=2))
        op, c = int(rng.integers(0, 4)), round(float(rng.normal()), 3)
        a, b = nodes[-1 - i % 3], nodes[j]  # mostly recent nodes: a deep graph with shared values
        nodes.append([a + b, a * b, (a * c).tanh(), c + b * a][op])
    return leaves, nodes[-1] * nodes[-2] + nodes[-3]


_GRAPHS = (Case("a diamond (a and a * b used on several paths)", (_diamond,)),
           Case("a neuron tanh(x1 w1 + x2 w2 + b)", (_neuron,)),
           Case("a chain of 12 tanh layers reusing x", (_deep_chain,)), Case("a random expression", (_random_expression,)))


def _torch_graph_grads(build: Callable) -> np.ndarray:
    import torch

    leaves, out = build(lambda x: torch.tensor(float(x), dtype=torch.float64, requires_grad=True))
    out.backward()
    return np.array([0.0 if v.grad is None else v.grad.item() for v in leaves])


def _walk(Value, case: Case, call: Callable) -> list:
    """Build the case's graph with the course's rules, run ``Value.backward`` on its output: the leaves' grads."""
    call(Value, 1.0)  # the class itself is what this check passes (for checks.use)
    backward = getattr(Value, "backward", None)
    if not callable(backward):
        raise StudentMistake(f"{getattr(Value, '__name__', 'your class')} has no method backward().")
    leaves, out = case.args[0](scratch.Value)
    call(backward, out, allow_none=True)
    return [node.grad for node in leaves]


def _topological(root) -> list:
    return scratch.Value.topological_order(root)


def _with_backward(backward: Callable) -> type:
    """The course's Value with ``backward`` written another (wrong) way."""
    return type("Value", (scratch.Value,), {"backward": backward})


def _no_root(self):
    for node in reversed(_topological(self)):
        node._backward()


def _not_reversed(self):
    self.grad = 1.0
    for node in _topological(self):
        node._backward()


def _recursion(self):
    self.grad = 1.0

    def walk(node):  # passes a gradient on as soon as the node is reached, once per path
        node._backward()
        for child in node._prev:
            walk(child)
    walk(self)


def _preorder(self):
    self.grad, seen = 1.0, set()

    def walk(node):  # each node once, but its gradient passed on when first reached
        if node not in seen:
            seen.add(node)
            node._backward()
            for child in node._prev:
                walk(child)
    walk(self)


_ORDER = ("backward() must visit the nodes in reverse topological order: a node may pass its gradient on only once "
          "every node that uses it has added its part. ")

ENGINE_BACKWARD = LESSON.exercise(
    "Value: backward()", number=6, function="Value", solution="Value.backward", reference=scratch.Value, ask=_walk,
    truth=_torch_graph_grads, what="the gradients of the leaves", cases=_GRAPHS,
    hints=["Two steps: list the nodes in topological order (each after all its inputs), then call each node's "
           "_backward from the output down, starting with self.grad = 1.",
           "A depth-first visit: visit(node) visits every input of the node first (once: keep a set of visited nodes), "
           "then appends the node. The output comes last.",
           "self.grad = 1.0, then for node in reversed(order): node._backward(). Calling _backward while walking "
           "(plain recursion) passes a gradient on before the node has received all of its own."],
    mistakes=[
        Mistake("every gradient is 0: backward() must start the chain with the output's own gradient, self.grad = 1.0, "
                "before calling the _backward closures.", _with_backward(_no_root)),
        Mistake(_ORDER + "Plain recursion (node._backward(), then each input's backward) calls a node shared by two "
                "paths once per path, with a partial gradient each time: build the topological order first.",
                _with_backward(_recursion)),
        Mistake(_ORDER + "Visiting each node once, but calling its _backward when first reached, passes on a gradient "
                "that is not complete yet: list the order first (inputs before the node), then walk it reversed.",
                _with_backward(_preorder)),
        Mistake(_ORDER + "You walked the order from the inputs up: reverse it (for node in reversed(order)), so the "
                "output comes first.", _with_backward(_not_reversed)),
    ])

check_engine_add = ENGINE_ADD.check
check_engine_mul = ENGINE_MUL.check
check_engine_tanh = ENGINE_TANH.check
check_engine_backward = ENGINE_BACKWARD.check


def check_engine(Value) -> Feedback:
    """Exercise 6, all four parts, one line each: the rules of +, * and tanh, then backward() on whole graphs.

    Each part is judged and recorded on its own; returns the Feedback of backward().
    """
    check_engine_add(Value)
    check_engine_mul(Value)
    check_engine_tanh(Value)
    return check_engine_backward(Value)
