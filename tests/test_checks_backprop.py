"""The notebook 05 checks pass the reference solutions and name typical mistakes."""

import numpy as np
import pytest

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
    for i in range(p.size):
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
])
def test_descend_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_descend(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def forward_difference(f, p, eps):
    grad = np.zeros_like(p)
    for i in range(p.size):
        q = p.copy()
        q[i] += eps
        grad[i] = (f(q) - f(p)) / eps
    return grad


def mutating_difference(f, p, eps):
    grad = numerical_gradient(f, p, eps)
    p += eps
    return grad


@pytest.mark.parametrize("mistake, hint", [
    (lambda f, p, eps: 2 * numerical_gradient(f, p, eps), "twice too large"),
    (forward_difference, "one-sided"),
    (mutating_difference, "changed its argument `p` in place"),
    (lambda f, p, eps: -numerical_gradient(f, p, eps), "wrong sign"),
])
def test_numerical_gradient_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_numerical_gradient(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def averaged_momentum(grad, p0, lr, num_steps, momentum):
    p, v, path = np.array(p0, dtype=float), np.zeros(len(p0)), [np.array(p0, dtype=float)]
    for _ in range(num_steps):
        v = momentum * v + (1 - momentum) * grad(p)
        p = p - lr * v
        path.append(p)
    return np.array(path)


@pytest.mark.parametrize("mistake, hint", [
    (lambda grad, p0, lr, num_steps, momentum: descend(grad, p0, lr, num_steps), "plain gradient steps"),
    (averaged_momentum, "running mean"),
    (lambda grad, p0, lr, num_steps, momentum: descend_momentum(grad, p0, 1.0, num_steps, momentum), "learning rate"),
    (lambda grad, p0, lr, num_steps, momentum: descend_momentum(grad, p0, lr, num_steps, momentum)[1:], "num_steps + 1 rows"),
])
def test_momentum_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_descend_momentum(mistake)
    assert feedback.status == "fail" and hint in feedback.message


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
])
def test_delta_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_backprop_delta(mistake)
    assert feedback.status == "fail" and hint in feedback.message


@pytest.mark.parametrize("mistake, hint", [
    (lambda d, h: (d.T @ h, d.sum(axis=0)), "transposed"),
    (lambda d, h: (h.T @ d / len(d), d.sum(axis=0)), "factor of n"),
    (lambda d, h: (h.T @ d, d.mean(axis=0)), "db is off by a factor of n"),
    (lambda d, h: (h.T @ d, d), "one entry per output unit"),
    (lambda d, h: h.T @ d, "pair"),
])
def test_weight_gradient_check_names_the_mistake(mistake, hint):
    feedback = backprop.check_weight_gradient(mistake)
    assert feedback.status == "fail" and hint in feedback.message
