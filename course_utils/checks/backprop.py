"""Exercise checks for notebook 05 (backpropagation and gradient descent).

Each check calls the student's function on small fixed inputs, compares with a
reference computed here, and names the typical mistake when the answer matches
one (wrong sign, forgotten learning rate, transposed weights, ...).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..scratch import gradient_descent
from ..scratch import numerical_gradient as central_differences
from ..scratch import sigmoid, sigmoid_grad
from .feedback import Feedback, as_array, as_pair, call_student, compare, failed, run_check


# --- Exercise 1: gradient descent ------------------------------------------------

_BOWL = np.diag([1.0, 10.0])  # L(p) = ½ pᵀ A p: a long, narrow valley


def _bowl_grad(p: np.ndarray) -> np.ndarray:
    return _BOWL @ p


def _descend_path(p0: np.ndarray, lr: float, num_steps: int, sign: float = 1.0) -> np.ndarray:
    """The package's gradient descent on the bowl; sign=-1 climbs instead (a typical mistake)."""
    def loss_and_grad(p):
        return sign * 0.5 * p @ _BOWL @ p, sign * _bowl_grad(p)

    return gradient_descent(loss_and_grad, p0, lr, num_steps, blowup=None).path


def check_descend(descend: Callable) -> Feedback:
    """descend(grad, p0, lr, num_steps) -> trajectory of shape (num_steps + 1, len(p0))."""
    name = "gradient descent"
    p0, lr, num_steps = np.array([2.0, 1.0]), 0.05, 6
    expected = _descend_path(p0, lr, num_steps)

    def body() -> Feedback:
        got = as_array(call_student(descend, _bowl_grad, p0.copy(), lr, num_steps,
                                    changed_hint="p -= ... changes p0 itself (and every row you appended): "
                                                 "write p = p - lr * grad(p), or start from p = p0.copy()."),
                       "your trajectory")
        if got.shape == (num_steps, 2):
            return failed(name, f"{num_steps} rows: the trajectory starts with p0 itself, so it has num_steps + 1 rows.")
        if got.shape == expected.shape and np.allclose(got, got[-1]):
            return failed(name, "every row is the same point: you appended p and then changed it in place "
                                "(p -= ...); append a copy, or write p = p - lr * grad(p).")
        hints = [
            (lambda g: np.allclose(g, _descend_path(p0, lr, num_steps, sign=-1.0)),
             "the loss goes up: wrong sign. Step against the gradient, p ← p − η ∂L/∂p."),
            (lambda g: np.allclose(g, _descend_path(p0, 1.0, num_steps)),
             "the steps ignore the learning rate: multiply the gradient by lr."),
        ]
        return compare(name, got, expected, hints, what="your trajectory")

    return run_check(name, body)


# --- Exercise 2: gradient descent with momentum -----------------------------------

def _momentum_path(p0: np.ndarray, lr: float, num_steps: int, momentum: float) -> np.ndarray:
    """Heavy-ball descent on the bowl, as torch.optim.SGD(momentum=μ): the package's update."""
    def loss_and_grad(p):
        return 0.5 * p @ _BOWL @ p, _bowl_grad(p)

    return gradient_descent(loss_and_grad, p0, lr, num_steps, optimizer="momentum", momentum=momentum,
                            blowup=None).path


def _averaged_momentum_path(p0: np.ndarray, lr: float, num_steps: int, momentum: float) -> np.ndarray:
    """v ← μ v + (1 − μ) g: a running mean instead of a running sum (a typical slip)."""
    p, v, path = p0.copy(), np.zeros_like(p0), [p0.copy()]
    for _ in range(num_steps):
        v = momentum * v + (1 - momentum) * _bowl_grad(p)
        p = p - lr * v
        path.append(p)
    return np.array(path)


def check_descend_momentum(descend_momentum: Callable) -> Feedback:
    """descend_momentum(grad, p0, lr, num_steps, momentum) -> trajectory of shape (num_steps + 1, len(p0))."""
    name = "gradient descent with momentum"
    p0, lr, num_steps, momentum = np.array([2.0, 1.0]), 0.05, 8, 0.8
    expected = _momentum_path(p0, lr, num_steps, momentum)

    def body() -> Feedback:
        got = as_array(call_student(descend_momentum, _bowl_grad, p0.copy(), lr, num_steps, momentum,
                                    changed_hint="p -= ... changes p0 itself: write p = p - lr * v, "
                                                 "or start from p = p0.copy()."),
                       "your trajectory")
        if got.shape == (num_steps, 2):
            return failed(name, f"{num_steps} rows: the trajectory starts with p0 itself, so it has num_steps + 1 rows.")
        hints = [
            (lambda g: np.allclose(g, _descend_path(p0, lr, num_steps)),
             "these are plain gradient steps: keep a velocity v ← μ v + ∇L(p) and step p ← p − η v."),
            (lambda g: np.allclose(g, _averaged_momentum_path(p0, lr, num_steps, momentum)),
             "v ← μ v + (1 − μ) ∇L(p) is a running mean; torch.optim.SGD's momentum adds the whole gradient: "
             "v ← μ v + ∇L(p)."),
            (lambda g: np.allclose(g, _momentum_path(p0, 1.0, num_steps, momentum)),
             "the steps ignore the learning rate: p ← p − η v."),
        ]
        return compare(name, got, expected, hints, what="your trajectory")

    return run_check(name, body)


# --- Exercise 5: finite differences ----------------------------------------------

def _wiggly(p: np.ndarray) -> float:
    return float(np.sum(np.sin(p) * p**2) + p[0] * p[1])


def _forward_differences(f: Callable, p: np.ndarray, eps: float) -> np.ndarray:
    """The one-sided estimate (f(p + eps e_i) − f(p)) / eps: a typical mistake to recognise."""
    grad = np.zeros_like(p)
    for i in range(p.size):
        up = p.copy()
        up[i] += eps
        grad[i] = (f(up) - f(p)) / eps
    return grad


def check_numerical_gradient(numerical_gradient: Callable) -> Feedback:
    """numerical_gradient(f, p, eps) -> central-difference gradient, same shape as p."""
    name = "finite differences"
    p, eps = np.array([0.5, -1.2, 2.0]), 1e-2  # a large eps makes one-sided differences visible
    expected = central_differences(_wiggly, p.copy(), eps)

    def body() -> Feedback:
        given = p.copy()
        got = call_student(numerical_gradient, _wiggly, given, eps,
                           changed_hint="put each entry back after nudging it (or nudge a copy).")
        hints = [
            (lambda g: np.allclose(g, 2 * expected), "twice too large: the central difference divides by 2·eps."),
            (lambda g: np.allclose(g, expected / 2), "half the right size: divide by 2·eps, not 4·eps (or nudge by ±eps, not ±eps/2)."),
            (lambda g: np.allclose(g, _forward_differences(_wiggly, p, eps)),
             "that is the one-sided difference (f(p+eps) − f(p))/eps: use (f(p+eps) − f(p−eps))/(2·eps), far more accurate."),
            (lambda g: np.allclose(g, -expected), "wrong sign: subtract f(p − eps) from f(p + eps)."),
        ]
        return compare(name, got, expected, hints, what="your gradient", rtol=1e-7)

    return run_check(name, body)


# --- Exercise 3: the error signal δ ----------------------------------------------

def check_backprop_delta(backprop_delta: Callable) -> Feedback:
    """backprop_delta(delta_next, W_next, z) -> δ of the layer below, shape of z (sigmoid layer)."""
    name = "the δ recursion"
    rng = np.random.default_rng(5)
    delta_next, W_next, z = rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=(4, 3))
    back = delta_next @ W_next.T
    slope = sigmoid_grad(z)

    def body() -> Feedback:
        got = call_student(backprop_delta, delta_next, W_next, z)
        hints = [
            (lambda g: np.allclose(g, delta_next @ W_next * slope),
             "transposed weights: W_next maps layer l to l+1 (x @ W), so the error goes back through W_nextᵀ: δ_next @ W_next.T."),
            (lambda g: np.allclose(g, back), "the factor σ′(z) is missing: multiply elementwise by the sigmoid's slope at z."),
            (lambda g: np.allclose(g, back * sigmoid(z)), "you multiplied by σ(z); the chain rule needs the derivative σ′(z) = σ(z)(1 − σ(z))."),
        ]
        got_arr = as_array(got, "your δ")
        if got_arr.shape != z.shape or not np.allclose(got_arr, back * slope):
            return compare(name, got, back * slope, hints, what="your δ")
        # A rectangular layer (3 units below, 2 above) catches shape slips the square case hides.
        W_rect, d_rect = rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
        got_rect = call_student(backprop_delta, d_rect, W_rect, z)
        return compare(name, got_rect, d_rect @ W_rect.T * slope, [], what="your δ for a 3 → 2 layer")

    return run_check(name, body)


# --- Exercise 4: ∂L/∂W and ∂L/∂b -------------------------------------------------

def check_weight_gradient(weight_gradient: Callable) -> Feedback:
    """weight_gradient(delta, h_prev) -> (dW of shape (fan_in, fan_out), db of shape (fan_out,))."""
    name = "∂L/∂W = δ · h"
    rng = np.random.default_rng(7)
    n, fan_in, fan_out = 5, 3, 2
    delta, h_prev = rng.normal(size=(n, fan_out)), rng.normal(size=(n, fan_in))
    dW, db = h_prev.T @ delta, delta.sum(axis=0)

    def body() -> Feedback:
        got = call_student(weight_gradient, delta, h_prev)
        got_W, got_b = as_pair(got, "your result (dW, db)")
        got_W, got_b = as_array(got_W, "dW"), as_array(got_b, "db")
        if got_W.shape == (fan_out, fan_in):
            return failed(name, f"dW has shape {got_W.shape}, transposed: W has shape (fan_in, fan_out) = "
                                f"{(fan_in, fan_out)}, so dW = h_prevᵀ @ δ.")
        w_hints = [
            (lambda g: np.allclose(g, dW / n),
             f"off by a factor of n = {n}: δ already carries the 1/n of the mean loss, so sum over the batch; don't average again."),
            (lambda g: np.allclose(g, -dW), "wrong sign: dW = h_prevᵀ @ δ (the minus sign belongs to the update step)."),
        ]
        if got_W.shape != dW.shape or not np.allclose(got_W, dW):
            return compare(name, got_W, dW, w_hints, what="dW")
        if got_b.shape == (n, fan_out):
            return failed(name, "db should have one entry per output unit: sum δ over the batch axis (axis=0).")
        b_hints = [
            (lambda g: np.allclose(g, db / n), f"db is off by a factor of n = {n}: sum δ over the batch, don't average."),
            (lambda g: np.allclose(g, -db), "db has the wrong sign: db = Σ over the batch of δ."),
        ]
        return compare(name, got_b, db, b_hints, what="db")

    return run_check(name, body)
