"""The notebook 05 checks pass the reference solutions and reject each typical mistake with its own hint."""

import numpy as np
import pytest

from course_utils.checks import backprop, feedback


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
    monkeypatch.setattr(feedback, "TIME_LIMIT", 0.3)  # a stopped loop costs a moment, not ten seconds


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
     "your trajectory on a random 3-D bowl"),  # right only for the notebook's valley
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
    (vector_difference, "right for a vector p, but not for a 2 x 3 matrix"),  # passed before: only vectors were tried
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
     "your trajectory on a random 3-D bowl"),  # a fixed momentum, right only for the notebook's 0.8
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
     "the shapes do not fit a 5 → 2 layer"),  # W_next without .T raises only on a rectangular layer
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
