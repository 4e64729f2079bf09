"""The notebook 05 checks pass the reference solutions and reject each typical mistake with its own hint."""

import numpy as np
import pytest

from course_utils.checks import sandbox
from course_utils.checks import backprop


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


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


def backprop_delta(delta_next, W_next, z):
    return (delta_next @ W_next.T) * sigmoid(z) * (1 - sigmoid(z))


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
    (backprop.check_backprop_delta, backprop_delta),
    (backprop.check_weight_gradient, weight_gradient),
])
def test_reference_solution_passes_and_stub_is_not_done(check, solution, capsys):
    assert check(solution).passed
    assert check(stub).status == "todo"
    assert "not done yet" in capsys.readouterr().out


def in_place_descend(grad, p0, lr, num_steps):
    p, path = np.array(p0, dtype=float), []
    path.append(p)
    for _ in range(num_steps):
        p -= lr * grad(p)
        path.append(p)
    return np.array(path)


@pytest.mark.parametrize("mistake, hint", [
    (lambda g, p0, lr, n: descend(lambda p: -g(p), p0, lr, n), "wrong sign"),
    (lambda g, p0, lr, n: descend(g, p0, 1.0, n), "learning rate"),
    (lambda g, p0, lr, n: descend(g, p0, lr, n)[1:], "num_steps + 1 rows"),
    (in_place_descend, "in place"),
    (lambda g, p0, lr, n: descend(g, p0, lr, n + 1), "one step too many"),
    (lambda g, p0, lr, n: descend(g, p0, lr, n)[-1], "return the whole trajectory"),
    (lambda g, p0, lr, n: np.array([p0] * (n + 1)), "the point never moves"),
    (lambda g, p0, lr, n: np.array([p0 - k * lr * g(p0) for k in range(n + 1)]), "every step uses grad(p0)"),
    (lambda g, p0, lr, n: list(descend(g, p0, lr, n)), "should be a NumPy array, got list"),
    (lambda g, p0, lr, n: descend(g, p0, lr, n) if len(p0) == 2 else descend(g, p0, lr, n)[:, ::-1],
     "your trajectory for a random 3-D bowl"),  # right only for the notebook's valley
])
def test_descend_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_descend(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


def forward_difference(f, p, eps):
    grad = np.zeros_like(p)
    for i in range(p.size):
        q = p.copy()
        q[i] += eps
        grad[i] = (f(q) - f(p)) / eps
    return grad


def vector_difference(f, p, eps):
    """Right for a vector only: p[i] of a matrix is a row, and i runs past the last row."""
    grad = np.zeros_like(p)
    for i in range(p.size):
        old = p[i]
        p[i] = old + eps
        up = f(p)
        p[i] = old - eps
        down = f(p)
        p[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def row_difference(f, p, eps):
    """Right for a vector only: on a matrix it nudges a whole row at a time."""
    grad = np.zeros_like(p)
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
    flat, grad = p.flatten(), np.zeros(p.size)
    for i in range(p.size):
        old = flat[i]
        flat[i] = old + eps
        up = f(p)  # p never saw the nudge: flatten() copies
        flat[i] = old - eps
        down = f(p)
        flat[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad.reshape(p.shape)


def mutating_difference(f, p, eps):
    grad = numerical_gradient(f, p, eps)
    p += eps
    return grad


@pytest.mark.parametrize("mistake, hint", [
    (lambda f, p, eps: 2 * numerical_gradient(f, p, eps), "twice too large"),
    (forward_difference, "one-sided"),
    (mutating_difference, "changed its argument `p` in place"),
    (lambda f, p, eps: -numerical_gradient(f, p, eps), "wrong sign"),
    (lambda f, p, eps: numerical_gradient(f, p, eps) / 2, "half the right size"),
    (lambda f, p, eps: numerical_gradient(f, p, 1e-6), "use the argument eps"),
    (flattened_copy_difference, "all zeros"),
    (vector_difference, "but for a 2 x 3 matrix p[i] with an integer i is a whole row"),  # passed when only vectors were tried
    (row_difference, "right for a vector p, but not for a 2 x 3 matrix"),
    (lambda f, p, eps: numerical_gradient(f, p, eps).ravel(), "shape (6,), expected (2, 3)"),
])
def test_numerical_gradient_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_numerical_gradient(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


def averaged_momentum(grad, p0, lr, num_steps, momentum):
    p, v, path = np.array(p0, dtype=float), np.zeros(len(p0)), [np.array(p0, dtype=float)]
    for _ in range(num_steps):
        v = momentum * v + (1 - momentum) * grad(p)
        p = p - lr * v
        path.append(p)
    return np.array(path)


def late_momentum(grad, p0, lr, num_steps, momentum):
    p, v, path = np.array(p0, dtype=float), np.zeros(len(p0)), [np.array(p0, dtype=float)]
    for _ in range(num_steps):
        p = p - lr * v
        v = momentum * v + grad(p)
        path.append(p)
    return np.array(path)


@pytest.mark.parametrize("mistake, hint", [
    (lambda grad, p0, lr, num_steps, momentum: descend(grad, p0, lr, num_steps), "plain gradient steps"),
    (averaged_momentum, "running mean"),
    (lambda grad, p0, lr, num_steps, momentum: descend_momentum(grad, p0, 1.0, num_steps, momentum), "learning rate"),
    (lambda grad, p0, lr, num_steps, momentum: descend_momentum(grad, p0, lr, num_steps, momentum)[1:], "num_steps + 1 rows"),
    (late_momentum, "the first step does not move"),
    (lambda grad, p0, lr, num_steps, momentum: descend_momentum(lambda p: -grad(p), p0, lr, num_steps, momentum),
     "wrong sign"),
    (lambda grad, p0, lr, num_steps, momentum: descend_momentum(grad, p0, lr, num_steps, momentum)[-1],
     "return the whole trajectory"),
    (lambda grad, p0, lr, num_steps, momentum: np.array([p0] * (num_steps + 1)), "every row is the same point"),
    (lambda grad, p0, lr, num_steps, momentum: descend_momentum(grad, p0, lr, num_steps, 0.8),
     "your trajectory for a random 3-D bowl"),  # a fixed momentum, right only for the notebook's 0.8
])
def test_momentum_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_descend_momentum(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


def test_momentum_check_agrees_with_torch_sgd():
    torch = pytest.importorskip("torch")
    p = torch.tensor([2.0, 1.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=0.05, momentum=0.8)
    path = [p.detach().clone()]
    for _ in range(8):
        optimizer.zero_grad()
        (0.5 * (p[0] ** 2 + 10 * p[1] ** 2)).backward()
        optimizer.step()
        path.append(p.detach().clone())
    np.testing.assert_allclose(backprop._momentum_path(np.array([2.0, 1.0]), 0.05, 8, 0.8),
                               torch.stack(path).numpy(), rtol=1e-12)


@pytest.mark.parametrize("mistake, hint", [
    (lambda d, W, z: (d @ W) * sigmoid(z) * (1 - sigmoid(z)), "transposed weights"),
    (lambda d, W, z: d @ W.T, "σ′(z) is missing"),
    (lambda d, W, z: (d @ W.T) * sigmoid(z), "you multiplied by σ(z)"),
    (lambda d, W, z: (d @ W.T) * z * (1 - z), "z * (1 − z)"),
    (lambda d, W, z: -(d @ W.T) * sigmoid(z) * (1 - sigmoid(z)), "wrong sign"),
    (lambda d, W, z: (d @ W.T) * (z > 0), "ReLU's slope"),
    (lambda d, W, z: sigmoid(z) * (1 - sigmoid(z)), "only σ′(z)"),
    (lambda d, W, z: d * sigmoid(z) * (1 - sigmoid(z)), "go back through the weights"),
    (lambda d, W, z: backprop_delta(d, W, z) if W.shape[0] == W.shape[1] else (d @ W) * sigmoid(z),
     "but for a 5 → 2 layer the shapes do not fit"),  # W_next without .T raises only on a rectangular layer
    (lambda d, W, z: backprop_delta(d, W, z) if z.shape == (4, 3) else backprop_delta(d, W, z)[:, ::-1],
     "your δ for a 5 → 2 layer"),  # right only for the notebook's square layer
])
def test_delta_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_backprop_delta(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


@pytest.mark.parametrize("mistake, hint", [
    (lambda d, h: (d.T @ h, d.sum(axis=0)), "transposed"),
    (lambda d, h: (h.T @ d / len(d), d.sum(axis=0)), "factor of n"),
    (lambda d, h: (h.T @ d, d.mean(axis=0)), "db is off by a factor of n"),
    (lambda d, h: (h.T @ d, d), "one entry per output unit"),
    (lambda d, h: h.T @ d, "pair"),
    (lambda d, h: (-h.T @ d, d.sum(axis=0)), "wrong sign"),
    (lambda d, h: (np.outer(h[0], d[0]), d.sum(axis=0)), "the first example only"),
    (lambda d, h: (np.outer(h.sum(axis=0), d.sum(axis=0)), d.sum(axis=0)), "a product of sums"),
    (lambda d, h: (h.T @ d, -d.sum(axis=0)), "db has the wrong sign"),
    (lambda d, h: (h.T @ d, d.sum(axis=1)), "one entry per example"),
    (lambda d, h: (h.T @ d, d.sum()), "db is one number"),
    (lambda d, h: (h.T @ d if h.shape[1] != d.shape[1] else d.T @ h, d.sum(axis=0)),
     "a square 4 → 4 layer hides it"),  # transposed, where the shape cannot tell
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
                                   backprop.check_numerical_gradient, backprop.check_backprop_delta,
                                   backprop.check_weight_gradient])
@pytest.mark.parametrize("broken, hint", [
    (lambda *args: None, "forget the `return`"),
    (raises_own_error, "your function raised KeyError: 'p'"),
    (never_stops, "was stopped"),
    (lambda *args: "0.5", "got str"),
    (lambda *args: np.zeros((2, 2, 2)), "(2, 2, 2)|should be a pair"),
])
def test_a_broken_function_is_one_failed_line(check, broken, hint, capsys):
    feedback_ = check(broken)
    out = capsys.readouterr().out
    assert feedback_.status == "fail" and any(h in feedback_.message for h in hint.split("|")), feedback_.message
    assert "Traceback" not in out and out.splitlines()[0] == str(feedback_)


# --- Exercise 6: the backward pass of a two-layer MLP --------------------------------

def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def mlp_backward(X, y, W1, b1, W2, b2, *, slip=""):
    """The student's exercise, written as a student would, with one optional slip."""
    n, k = len(y), W2.shape[1]
    z1 = X @ W1 + b1
    h1 = np.maximum(z1, 0)
    z2 = h1 @ W2 + b2
    delta2 = (softmax(z2) - np.eye(k)[y]) / (1 if slip == "no 1/n" else n)
    if slip == "sign":
        delta2 = -delta2
    slope = {"no mask": 1, "times h": h1}.get(slip, z1 > 0)
    delta1 = (delta2 @ (W2 if slip == "W2" else W2.T)) * slope
    grads = {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": h1.T @ delta2, "b2": delta2.sum(axis=0)}
    if slip == "transposed":
        grads["W1"], grads["W2"] = delta1.T @ X, delta2.T @ h1
    if slip == "bias mean":
        grads["b1"], grads["b2"] = delta1.mean(axis=0), delta2.mean(axis=0)
    if slip == "bias not summed":
        grads["b1"], grads["b2"] = delta1, delta2
    if slip == "bias axis 1":
        grads["b1"], grads["b2"] = delta1.sum(axis=1), delta2.sum(axis=1)
    if slip == "mean twice":
        grads = {name: g / n for name, g in grads.items()}
    return grads


def square_only(slip):
    """Right for shapes where the slip raises; the slip where the network is square (where it cannot be seen)."""
    def student(X, y, W1, b1, W2, b2):
        square = W1.shape[0] == W1.shape[1] == W2.shape[1]
        return mlp_backward(X, y, W1, b1, W2, b2, slip=slip if square else "")
    return student


def test_mlp_reference_equals_torch_autograd():
    for _, args in backprop._mlp_cases():
        expected = backprop._torch_mlp_grads(*args)
        got = backprop.mlp_backward_reference(*args)
        for name in expected:
            np.testing.assert_allclose(got[name], expected[name], rtol=1e-10, atol=1e-12)


def test_mlp_cases_differ_in_size_and_every_hidden_unit_mask_has_both_signs():
    cases = backprop._mlp_cases()
    sizes = {(args[0].shape, args[2].shape[1], args[4].shape[1]) for _, args in cases}
    assert len(sizes) == 3
    for _, (X, y, W1, b1, W2, b2) in cases:
        z1 = X @ W1 + b1
        assert (z1 > 0).any() and (z1 < 0).any() and np.abs(z1).min() > 1e-3  # the mask matters; no kink


def test_mlp_backward_check_passes_a_student_solution_and_reports_the_stub():
    assert backprop.check_mlp_backward(mlp_backward).passed
    assert backprop.check_mlp_backward(backprop.mlp_backward_reference).passed
    assert backprop.check_mlp_backward(stub).status == "todo"


@pytest.mark.parametrize("slip, hint", [
    ("no 1/n", "n times too large"),
    ("mean twice", "n times too small"),
    ("sign", "wrong sign"),
    ("transposed", "∂L/∂W2 has shape (3, 5), transposed"),
    ("no mask", "the ReLU's derivative is missing"),
    ("times h", "you multiplied by h¹ = relu(z¹)"),
    ("bias mean", "∂L/∂b2: ∂L/∂b is off by a factor of n"),
    ("bias not summed", "∂L/∂b2 has one row per example"),
    ("bias axis 1", "∂L/∂b2 has one entry per example"),
    ("W2", "the shapes do not fit"),
])
def test_mlp_backward_check_names_the_mistake(slip, hint):
    feedback = backprop.check_mlp_backward(lambda *args: mlp_backward(*args, slip=slip))
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


@pytest.mark.parametrize("slip, hint", [
    ("W2", "δ² @ W2 only fits because this network is square"),
    ("transposed", "a square layer hides it in the shape"),
])
def test_mlp_backward_check_sees_through_a_square_network(slip, hint):
    feedback = backprop.check_mlp_backward(square_only(slip))
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


def masked_by_the_wrong_layer(X, y, W1, b1, W2, b2):
    if W1.shape[0] != W1.shape[1]:
        return mlp_backward(X, y, W1, b1, W2, b2)
    grads = mlp_backward(X, y, W1, b1, W2, b2, slip="no mask")  # then the mask of X, the input layer
    delta2 = (softmax(np.maximum(X @ W1 + b1, 0) @ W2 + b2) - np.eye(W2.shape[1])[y]) / len(y)
    delta1 = (delta2 @ W2.T) * (X > 0)
    return {**grads, "W1": X.T @ delta1, "b1": delta1.sum(axis=0)}


def test_mlp_backward_check_names_a_mask_from_the_wrong_layer():
    feedback = backprop.check_mlp_backward(masked_by_the_wrong_layer)
    assert feedback.status == "fail" and "the mask comes from the wrong layer" in feedback.message, feedback.message


def test_mlp_backward_check_names_a_shortcut_right_only_for_the_first_network():
    first = backprop._mlp_cases()[0][1]
    fixed = backprop.mlp_backward_reference(*first)
    feedback = backprop.check_mlp_backward(lambda *args: fixed)
    assert feedback.status == "fail" and "right for ∂L/∂W2 of a 4 → 5 → 3 network" in feedback.message, feedback.message


@pytest.mark.parametrize("broken, hint", [
    (lambda *args: tuple(mlp_backward(*args).values()), "return a dict"),
    (lambda *args: mlp_backward(*args)["W1"], "should be a dict"),
    (lambda *args: {k: v for k, v in mlp_backward(*args).items() if k != "b1"}, "no key 'b1'"),
    (lambda *args: {**mlp_backward(*args), "W2": "0.5"}, "your ∂L/∂W2 should be a number or a NumPy array, got str"),
    (lambda *args: {**mlp_backward(*args), "W2": mlp_backward(*args)["W2"].ravel()}, "∂L/∂W2 has shape (15,), expected (5, 3)"),
    (lambda *args: {**mlp_backward(*args), "b2": mlp_backward(*args)["b2"].sum()}, "∂L/∂b2 is one number"),
    (lambda *args: {k: v.tolist() for k, v in mlp_backward(*args).items()}, "correct"),  # lists of the right numbers pass
    (lambda *args: None, "forget the `return`"),
    (raises_own_error, "your function raised KeyError: 'p'"),
    (never_stops, "was stopped"),
])
def test_mlp_backward_check_turns_odd_results_into_one_line(broken, hint, capsys):
    feedback = backprop.check_mlp_backward(broken)
    out = capsys.readouterr().out
    assert hint in feedback.message, feedback.message
    assert "Traceback" not in out and out.splitlines()[0] == str(feedback)


def test_mlp_backward_that_changes_its_input_is_named():
    def in_place(X, y, W1, b1, W2, b2):
        grads = mlp_backward(X, y, W1, b1, W2, b2)
        W1 -= 0.1 * grads["W1"]
        return grads
    feedback = backprop.check_mlp_backward(in_place)
    assert feedback.status == "fail" and "changed its argument `W1` in place" in feedback.message


# --- Exercise 7: the autograd engine ---------------------------------------------------

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


def test_backward_written_before_the_rules_says_which_part_is_missing():
    feedback = backprop.check_engine_backward(make_value(stub=("*",)))
    assert feedback.status == "todo" and "_backward" in feedback.message


@pytest.mark.parametrize("check, slip, hint", [
    (backprop.check_engine_add, "assign +", "self.grad += out.grad, never self.grad = out.grad"),
    (backprop.check_engine_mul, "assign *", "a value used twice (a * a) needs both contributions"),
    (backprop.check_engine_mul, "swapped", "the product rule is swapped"),
    (backprop.check_engine_mul, "no out.grad", "multiplies the local derivative by out.grad"),
    (backprop.check_engine_tanh, "tanh of input", "1 − x² of the input"),
    (backprop.check_engine_tanh, "tanh sigmoid", "the sigmoid's slope"),
    (backprop.check_engine_backward, "assign +", "= instead of += in the rule of +"),
    (backprop.check_engine_backward, "assign *", "= instead of += in the rule of *"),
    (backprop.check_engine_backward, "swapped", "the product rule is swapped"),
    (backprop.check_engine_backward, "no out.grad", "the rule of * forgets the factor out.grad"),
    (backprop.check_engine_backward, "tanh of input", "tanh′ computed from the input"),
    (backprop.check_engine_backward, "recursion", "Plain recursion"),
    (backprop.check_engine_backward, "preorder", "when first reached"),
    (backprop.check_engine_backward, "not reversed", "reverse it (for node in reversed(order))"),
    (backprop.check_engine_backward, "no root", "self.grad = 1.0"),
])
def test_engine_checks_name_the_mistake(check, slip, hint):
    feedback = check(make_value(slip=slip))
    assert feedback.status == "fail" and hint in feedback.message, feedback.message


def test_engine_expressions_reuse_values_and_match_torch():
    from course_utils.scratch import Value
    for label, build in backprop._GRAPHS:
        leaves, out = build(Value)
        out.backward()
        np.testing.assert_allclose([v.grad for v in leaves], backprop._torch_graph_grads(build), rtol=1e-10, atol=1e-12)
    leaves, out = backprop._diamond(Value)
    uses = [sum(child is leaves[0] for child in node._prev) for node in out.topological_order()]
    assert sum(uses) >= 3  # the diamond's a feeds several operations


@pytest.mark.parametrize("broken, hint", [
    (lambda data, *rest: None, "the operation returned NoneType|forget the `return`|has no attribute"),
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
    feedback = backprop.check_engine_backward(NoneGrads)
    assert feedback.status == "fail" and "Traceback" not in capsys.readouterr().out


# --- registration, use, progress ----------------------------------------------------------

def test_every_exercise_is_registered_with_hints_and_a_solution():
    names = list(backprop.LESSON.exercises)
    assert names == ["gradient descent", "gradient descent with momentum", "the δ recursion", "∂L/∂W = δ · h",
                     "finite differences", "backward pass of the MLP", "Value: the rule of +", "Value: the rule of *",
                     "Value: the rule of tanh", "Value: backward()"]
    for ex in backprop.LESSON.exercises.values():
        assert 2 <= len(ex.hints) <= 4 and ex.solution_text() and ex.reference is not None, ex.name


@pytest.mark.parametrize("check, solution, exercise", [
    (backprop.check_descend, descend, "gradient descent"),
    (backprop.check_descend_momentum, descend_momentum, "gradient descent with momentum"),
    (backprop.check_numerical_gradient, numerical_gradient, "finite differences"),
    (backprop.check_weight_gradient, weight_gradient, "∂L/∂W = δ · h"),
    (backprop.check_mlp_backward, mlp_backward, "backward pass of the MLP"),
])
def test_use_gives_the_student_function_after_its_check_passed_else_the_course_version(check, solution, exercise,
                                                                                       capsys):
    assert check(solution).passed
    assert backprop.use(solution) is solution
    assert check(stub).status == "todo"
    reference = backprop.LESSON.exercises[exercise].reference
    assert backprop.use(stub, exercise).__wrapped__ is reference
    assert "the next cells use the course's version instead" in capsys.readouterr().out


def test_use_of_the_engine_needs_its_backward_check():
    from course_utils.scratch import Value as CourseValue
    student = make_value()
    backprop.check_engine(student)
    assert backprop.use(student, "Value: backward()") is student
    wrong = make_value(slip="no root")
    backprop.check_engine(wrong)
    assert backprop.use(wrong, "Value: backward()") is CourseValue


def test_course_references_pass_their_own_checks():
    for check, ex in [(backprop.check_descend, "gradient descent"),
                      (backprop.check_descend_momentum, "gradient descent with momentum"),
                      (backprop.check_backprop_delta, "the δ recursion"), (backprop.check_weight_gradient, "∂L/∂W = δ · h"),
                      (backprop.check_numerical_gradient, "finite differences"),
                      (backprop.check_mlp_backward, "backward pass of the MLP"),
                      (backprop.check_engine, "Value: backward()")]:
        assert check(backprop.LESSON.exercises[ex].reference).passed, ex


def test_the_progress_report_lists_the_exercises_in_order(capsys):
    backprop.progress()
    out = capsys.readouterr().out
    assert out.startswith("05_backprop:") and out.index("gradient descent") < out.index("Value: backward()")
