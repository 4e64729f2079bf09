"""The notebook 05 checks pass the reference solutions and reject each typical mistake with its own hint."""

import numpy as np
import pytest

from course_utils.checks import sandbox
from course_utils.checks import backprop, engine


def descend(grad, p0, lr, num_steps):
    p, path = np.array(p0, dtype=float), [np.array(p0, dtype=float)]
    for _ in range(num_steps):
        p = p - lr * grad(p)
        path.append(p)
    return np.array(path)


def descend_momentum(grad, p0, lr, num_steps, momentum):
    p, v, path = np.array(p0, dtype=float), np.zeros(len(p0)), [np.array(p0, dtype=float)]
    for _ in range(num_steps):
        v = momentum * v + grad(p)
        p = p - lr * v
        path.append(p)
    return np.array(path)


def numerical_gradient(f, p, eps):
    grad = np.zeros_like(p)
    for i in np.ndindex(p.shape):
        old = p[i]
        p[i] = old + eps
        up = f(p)
        p[i] = old - eps
        down = f(p)
        p[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def weight_gradient(delta, h_prev):
    return h_prev.T @ delta, delta.sum(axis=0)


def stub(*args):
    raise NotImplementedError()


@pytest.fixture(autouse=True)
def short_time_limit(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.3)  # a stopped loop costs a moment, not ten seconds


@pytest.mark.parametrize("check, solution", [
    (backprop.check_descend, descend),
    (backprop.check_descend_momentum, descend_momentum),
    (backprop.check_numerical_gradient, numerical_gradient),
    (backprop.check_weight_gradient, weight_gradient),
])
def test_a_students_solution_passes_and_the_stub_is_not_done(check, solution, capsys):
    assert check(solution).passed
    assert check(stub).status == "todo"


# Each typical mistake is a row of its exercise's table (tests/test_check_tables.py runs every row);
# these are written as a student would, another way than the table's code, with the answers of the wrong kind.

def in_place_descend(grad, p0, lr, num_steps):
    p = p0           # no copy: p -= ... changes p0 itself
    path = [p.copy()]
    for _ in range(num_steps):
        p -= lr * grad(p)
        path.append(p.copy())
    return np.array(path)


def frozen_gradient(grad, p0, lr, num_steps):
    g = grad(p0)  # computed once, before the loop
    p, path = p0.copy(), [p0.copy()]
    for _ in range(num_steps):
        p = p - lr * g
        path.append(p)
    return np.array(path)


def appends_the_same_array(grad, p0, lr, num_steps):
    p, path = p0.copy(), []
    for _ in range(num_steps + 1):
        path.append(p)
        p -= lr * grad(p)
    return np.array(path)


@pytest.mark.parametrize("mistake, hint", [
    (frozen_gradient, "every step uses grad(p0)"),
    (in_place_descend, "in place"),
    (appends_the_same_array, "every row is the same point"),
    (lambda g, p0, lr, n: descend(g, p0, lr, n)[1:], "num_steps + 1 rows"),
    (lambda g, p0, lr, n: list(descend(g, p0, lr, n)), "should be a NumPy array, got list"),
    (lambda g, p0, lr, n: descend(g, p0, lr, n) if len(p0) == 2 else descend(g, p0, lr, n)[:, ::-1],
     "right for the 2-D valley, but for a random 3-D bowl"),
])
def test_descend_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_descend(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


def test_momentum_check_names_a_velocity_that_averages_the_gradient():
    def running_mean(grad, p0, lr, num_steps, momentum):
        p, v, path = p0.copy(), 0.0, [p0.copy()]
        for _ in range(num_steps):
            v = momentum * v + (1 - momentum) * grad(p)
            p = p - lr * v
            path.append(p)
        return np.array(path)
    feedback = backprop.check_descend_momentum(running_mean)
    assert feedback.status == "fail" and "running mean" in feedback.message, feedback.message


def test_the_course_momentum_agrees_with_torch_sgd():
    import torch

    p0, lr, mu, steps = np.array([2.0, 1.0]), 0.05, 0.8, 8
    p = torch.tensor(p0, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=mu)
    path = [p0]
    for _ in range(steps):
        opt.zero_grad()
        (0.5 * p @ torch.tensor(backprop._BOWL) @ p).backward()
        opt.step()
        path.append(p.detach().numpy().copy())
    np.testing.assert_allclose(backprop.descend_momentum(lambda q: backprop._BOWL @ q, p0, lr, steps, mu),
                               np.array(path), rtol=1e-12)


def on_copies(f, p, eps):
    """Right, written another way: each nudge on a copy of p, so p is never touched."""
    grad = np.zeros(p.shape)
    for i in np.ndindex(p.shape):
        up, down = p.astype(float), p.astype(float)
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps)
    return grad


def test_a_numerical_gradient_on_copies_passes_too():
    assert backprop.check_numerical_gradient(on_copies).passed


def vector_difference(f, p, eps):
    grad = np.zeros(len(p))  # right for vectors only: on a matrix p[i] is a whole row
    for i in range(len(p)):
        old = p[i].copy()
        p[i] = old + eps
        up = f(p)
        p[i] = old - eps
        down = f(p)
        p[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def flattened_copy_difference(f, p, eps):
    grad, flat = np.zeros_like(p), p.flatten()  # nudges a copy that f never sees
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f(p)
        flat[i] = old - eps
        down = f(p)
        flat[i] = old
        grad.flat[i] = (up - down) / (2 * eps)
    return grad


def mutating_difference(f, p, eps):
    grad = numerical_gradient(f, p, eps)
    p += eps  # never put back
    return grad


@pytest.mark.parametrize("mistake, hint", [
    (vector_difference, "right for a vector of 3, but for a 2 x 3 matrix: the shape of your gradient is (2,)"),
    (flattened_copy_difference, "all zeros"),
    (mutating_difference, "changed its argument `p` in place"),
    (lambda f, p, eps: numerical_gradient(f, p, eps).ravel(), "is (6,), expected (2, 3)"),
])
def test_numerical_gradient_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_numerical_gradient(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


@pytest.mark.parametrize("mistake, hint", [
    (lambda d, h: (sum(np.outer(h[i], d[i]) for i in range(len(d))) / len(d), d.mean(axis=0)), "factor of n = 6"),
    (lambda d, h: (h.T @ d, d), "one entry per output unit"),
    (lambda d, h: h.T @ d, "pair"),
    (lambda d, h: (h.T @ d, d.sum(axis=1)), "one entry per example"),
    (lambda d, h: (h.T @ d, d.sum()), "db is one number"),
    (lambda d, h: (h.T @ d if h.shape[1] != d.shape[1] else d.T @ h, d.sum(axis=0)), "a square 4 → 4 layer hides it"),
    (lambda d, h: (h.T @ d if h.shape[1] == d.shape[1] else d.T @ h, d.sum(axis=0)), "dW has shape (2, 3), transposed"),
])
def test_weight_gradient_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_weight_gradient(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


def never_stops(*args):
    while True:
        pass


def raises_own_error(*args):
    raise KeyError("p")


@pytest.mark.parametrize("check", [backprop.check_descend, backprop.check_descend_momentum,
                                   backprop.check_numerical_gradient, backprop.check_weight_gradient, backprop.check_mlp_backward])
@pytest.mark.parametrize("broken, hint", [
    (lambda *args: None, "forget the `return`"),
    (raises_own_error, "your function raised KeyError: 'p'"),
    (never_stops, "was stopped"),
    (lambda *args: "0.5", "got str"),
    (lambda *args: np.zeros((2, 2, 2)), "(2, 2, 2)|should be a pair|should be a dict"),
])
def test_a_broken_function_is_one_failed_line(check, broken, hint, capsys):
    feedback_ = check(broken)
    out = capsys.readouterr().out
    assert feedback_.status == "fail" and any(h in feedback_.message for h in hint.split("|")), feedback_.message
    assert "Traceback" not in out and out.splitlines()[0] == str(feedback_)


# --- Exercise 5: the backward pass of a two-layer MLP --------------------------------

def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def mlp_backward(X, y, W1, b1, W2, b2):
    """The student's exercise, written as a student would."""
    n, k = len(y), W2.shape[1]
    z1 = X @ W1 + b1
    h1 = np.maximum(z1, 0)
    z2 = h1 @ W2 + b2
    delta2 = (softmax(z2) - np.eye(k)[y]) / n
    delta1 = (delta2 @ W2.T) * (z1 > 0)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": h1.T @ delta2, "b2": delta2.sum(axis=0)}


def test_the_course_backward_pass_equals_torch_autograd():
    for case in backprop.MLP_BACKWARD.cases:
        expected = backprop._torch_mlp_grads(*case.args)
        got = backprop.mlp_backward(*case.args)
        for name in expected:
            np.testing.assert_allclose(got[name], expected[name], rtol=1e-10, atol=1e-12)


def test_mlp_cases_differ_in_size_and_every_hidden_unit_mask_has_both_signs():
    networks = {id(case.args): case.args for case in backprop.MLP_BACKWARD.cases}.values()
    assert len({args[2].shape + args[4].shape for args in networks}) == 3
    for X, y, W1, b1, W2, b2 in networks:
        mask = X @ W1 + b1 > 0
        assert mask.any() and not mask.all()  # a missing or wrong mask changes the answer


def test_mlp_backward_check_passes_a_student_solution_and_reports_the_stub():
    assert backprop.check_mlp_backward(mlp_backward).passed
    assert backprop.check_mlp_backward(stub).status == "todo"


def test_mlp_backward_written_as_a_loop_over_examples_passes_too():
    def per_example(X, y, W1, b1, W2, b2):
        grads = {name: np.zeros_like(p, dtype=float) for name, p in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
        for x, label in zip(X, y):
            z1 = x @ W1 + b1
            h1 = np.maximum(z1, 0)
            p = softmax((h1 @ W2 + b2)[None, :])[0]
            d2 = (p - np.eye(W2.shape[1])[label]) / len(y)
            d1 = (W2 @ d2) * (z1 > 0)
            grads["W2"] += np.outer(h1, d2)
            grads["b2"] += d2
            grads["W1"] += np.outer(x, d1)
            grads["b1"] += d1
        return grads
    assert backprop.check_mlp_backward(per_example).passed


def masked_by_the_wrong_layer(X, y, W1, b1, W2, b2):
    grads = mlp_backward(X, y, W1, b1, W2, b2)
    z1 = X @ W1 + b1
    delta2 = (softmax(np.maximum(z1, 0) @ W2 + b2) - np.eye(W2.shape[1])[y]) / len(y)
    delta1 = (delta2 @ W2.T) * (X > 0)  # runs only where X and z1 have one shape
    return {**grads, "W1": X.T @ delta1, "b1": delta1.sum(axis=0)}


@pytest.mark.parametrize("broken, hint", [
    (masked_by_the_wrong_layer, "for ∂L/∂W1 of a square 3 → 3 → 3 network on 5 examples: the mask comes from the wrong "
                                "layer"),
    (lambda *args: {**mlp_backward(*args), "b2": mlp_backward(*args)["b2"] / len(args[1])},
     "for ∂L/∂b2 of a square 3 → 3 → 3 network on 5 examples: ∂L/∂b2 is off by a factor of n"),
    (lambda *args: tuple(mlp_backward(*args).values()), "return a dict"),
    (lambda *args: mlp_backward(*args)["W1"], "should be a dict"),
    (lambda *args: {k: v for k, v in mlp_backward(*args).items() if k != "b1"}, "no key 'b1'"),
    (lambda *args: {**mlp_backward(*args), "W2": "0.5"}, "your ∂L/∂W2 should be a number or a NumPy array, got str"),
    (lambda *args: {**mlp_backward(*args), "W2": mlp_backward(*args)["W2"].ravel()},
     "for ∂L/∂W2 of a square 3 → 3 → 3 network on 5 examples has shape (9,), expected (3, 3)"),
    (lambda *args: {**mlp_backward(*args), "b2": mlp_backward(*args)["b2"].sum()}, "one number: sum δ over the batch"),
    (lambda *args: mlp_backward(*args) if args[2].shape == (3, 3) else {}, "right for ∂L/∂W2 of a square"),
])
def test_mlp_backward_check_turns_odd_results_into_one_line(broken, hint, capsys):
    feedback = backprop.check_mlp_backward(broken)
    out = capsys.readouterr().out
    assert feedback.status == "fail" and hint in feedback.message, feedback.message
    assert "Traceback" not in out and out.splitlines()[0] == str(feedback)


def test_mlp_backward_returning_lists_of_the_right_numbers_passes():
    assert backprop.check_mlp_backward(lambda *args: {k: v.tolist() for k, v in mlp_backward(*args).items()}).passed


def test_mlp_backward_that_changes_its_input_is_named():
    def in_place(X, y, W1, b1, W2, b2):
        grads = mlp_backward(X, y, W1, b1, W2, b2)
        W1 -= 0.1 * grads["W1"]
        return grads
    feedback = backprop.check_mlp_backward(in_place)
    assert feedback.status == "fail" and "changed its argument `W1` in place" in feedback.message


# --- Exercise 6: the autograd engine ---------------------------------------------------

def make_value(slip="", stub=()):
    """A student's Value as the notebook's template, with one optional slip, and the parts in ``stub`` left as the stub."""
    import math

    class Value:
        def __init__(self, data, _children=(), _op=""):
            self.data, self.grad = float(data), 0.0
            self._backward, self._prev, self._op = (lambda: None), tuple(_children), _op

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other), "+")

            def _backward():
                if "+" in stub:
                    raise NotImplementedError()
                if slip == "assign +":
                    self.grad = out.grad
                    other.grad = out.grad
                else:
                    self.grad += out.grad
                    other.grad += out.grad
            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other), "*")

            def _backward():
                if "*" in stub:
                    raise NotImplementedError()
                if slip == "swapped":
                    self.grad += self.data * out.grad
                    other.grad += other.data * out.grad
                elif slip == "no out.grad":
                    self.grad += other.data
                    other.grad += self.data
                elif slip == "assign *":
                    self.grad = other.data * out.grad
                    other.grad = self.data * out.grad
                else:
                    self.grad += other.data * out.grad
                    other.grad += self.data * out.grad
            out._backward = _backward
            return out

        def tanh(self):
            t = math.tanh(self.data)
            out = Value(t, (self,), "tanh")

            def _backward():
                if "tanh" in stub:
                    raise NotImplementedError()
                slope = {"tanh of input": 1 - self.data**2, "tanh sigmoid": t * (1 - t)}.get(slip, 1 - t**2)
                self.grad += slope * out.grad
            out._backward = _backward
            return out

        def backward(self):
            if "backward" in stub:
                raise NotImplementedError()
            if slip in ("recursion", "preorder"):
                self.grad, seen = 1.0, set()

                def walk(node):  # recursion: every path; preorder: each node once, but as soon as reached
                    if slip == "preorder" and node in seen:
                        return
                    seen.add(node)
                    node._backward()
                    for child in node._prev:
                        walk(child)
                walk(self)
                return
            order, visited = [], set()

            def visit(node):
                if node not in visited:
                    visited.add(node)
                    for child in node._prev:
                        visit(child)
                    order.append(node)
            visit(self)
            if slip != "no root":
                self.grad = 1.0
            for node in (order if slip == "not reversed" else reversed(order)):
                node._backward()

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

        def __neg__(self):
            return self * -1

        def __sub__(self, other):
            return self + (-other)

    return Value


ENGINE_CHECKS = [backprop.check_engine_add, backprop.check_engine_mul, backprop.check_engine_tanh,
                 backprop.check_engine_backward]


@pytest.mark.parametrize("check", ENGINE_CHECKS)
def test_engine_checks_pass_the_template_solution_and_the_course_engine(check):
    from course_utils.scratch import Value
    assert check(make_value()).passed
    assert check(Value).passed


@pytest.mark.parametrize("part", ["+", "*", "tanh", "backward"])
def test_every_engine_part_left_as_the_stub_says_not_done(part, capsys):
    feedback = dict(zip(["+", "*", "tanh", "backward"], ENGINE_CHECKS))[part](make_value(stub=(part,)))
    assert feedback.status == "todo" and "not done yet" in feedback.message


def test_check_engine_prints_one_line_per_part_and_every_stubbed_part_says_not_done(capsys):
    backprop.check_engine(make_value(stub=("+", "backward")))
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(("✅", "❌", "⏳"))]
    assert len(lines) == 4 and sum("not done yet" in line for line in lines) == 2, lines  # + and backward()
    assert lines[1].startswith("✅") and lines[2].startswith("✅")                        # * and tanh are written


@pytest.mark.parametrize("slip", ["assign +", "swapped", "tanh of input"])
def test_a_wrong_rule_fails_its_own_check_only_and_is_no_failed_try_of_backward(slip, capsys):
    from course_utils import progress
    backprop.check_engine(make_value(slip=slip))
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(("✅", "❌", "⏳"))]
    assert sum(line.startswith("❌") for line in lines) == 1 and lines[3].startswith("✅"), lines  # backward() passes
    entry = progress.ProgressStore().entry("05_backprop", "Value: backward()")
    assert entry.status == "pass" and entry.attempts == 0


def test_backward_is_judged_with_the_courses_rules_so_unwritten_rules_do_not_block_it():
    assert backprop.check_engine_backward(make_value(stub=("+", "*", "tanh"))).passed


@pytest.mark.parametrize("check, slip, hint", [
    (backprop.check_engine_add, "assign +", "self.grad += out.grad, never self.grad = out.grad"),
    (backprop.check_engine_mul, "swapped", "the product rule is swapped"),
    (backprop.check_engine_tanh, "tanh sigmoid", "the sigmoid's slope"),
    (backprop.check_engine_backward, "recursion", "Plain recursion"),
    (backprop.check_engine_backward, "preorder", "when first reached"),
    (backprop.check_engine_backward, "not reversed", "reverse it (for node in reversed(order))"),
    (backprop.check_engine_backward, "no root", "self.grad = 1.0"),
])
def test_engine_checks_name_the_mistake(check, slip, hint):
    feedback = check(make_value(slip=slip))
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


def test_engine_graphs_reuse_values_and_the_course_engine_matches_torch_on_them():
    from course_utils.scratch import Value
    for case in engine.ENGINE_BACKWARD.cases:
        build = case.args[0]
        leaves, out = build(Value)
        out.backward()
        np.testing.assert_allclose([v.grad for v in leaves], engine._torch_graph_grads(build), rtol=1e-10, atol=1e-12)
    leaves, out = engine._diamond(Value)
    uses = [sum(child is leaves[0] for child in node._prev) for node in out.topological_order()]
    assert sum(uses) >= 3  # the diamond's a feeds several operations


@pytest.mark.parametrize("broken, hint", [
    (lambda data, *rest: None, "the operation returned NoneType|forget the `return`|has no attribute|no method backward"),
    ("not a class", "expected your function, got str"),
])
def test_engine_checks_turn_odd_classes_into_one_line(broken, hint, capsys):
    for check in ENGINE_CHECKS:
        feedback = check(broken)
        out = capsys.readouterr().out
        assert feedback.status == "fail" and any(h in feedback.message for h in hint.split("|")), feedback.message
        assert "Traceback" not in out


def test_engine_whose_grads_are_none_is_one_failed_line(capsys):
    class NoneGrads(make_value()):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.grad = None
    for check in ENGINE_CHECKS[:3]:
        feedback = check(NoneGrads)
        assert feedback.status == "fail" and "Traceback" not in capsys.readouterr().out, feedback.message


# --- registration, use, progress ----------------------------------------------------------


def test_use_of_the_engine_needs_its_backward_check():
    from course_utils.scratch import Value as CourseValue
    student = make_value()
    backprop.check_engine(student)
    assert backprop.use(student, "Value: backward()") is student
    wrong = make_value(slip="no root")
    backprop.check_engine(wrong)
    assert backprop.use(wrong, "Value: backward()") is CourseValue


