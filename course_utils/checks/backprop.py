"""Exercise checks for notebook 05 (backpropagation and gradient descent).

Each check calls the student's function on the notebook's kind of input and on
a second case of other sizes (drawn here from a fixed seed, so a shortcut cannot
guess it), compares with a reference computed here, and names the typical
mistake when the answer matches one (wrong sign, forgotten learning rate,
transposed weights, right only for vectors, ...).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..scratch import gradient_descent
from ..scratch import numerical_gradient as central_differences
from ..scratch import sigmoid, sigmoid_grad
from .feedback import (Feedback, StudentMistake, as_array, as_pair, call_student, compare, expect_array, failed, passed,
                       run_check)


# --- Exercise 1: gradient descent ------------------------------------------------

_BOWL = np.diag([1.0, 10.0])  # L(p) = ½ pᵀ A p: a long, narrow valley


def _bowl_grad(p: np.ndarray) -> np.ndarray:
    return _BOWL @ p


def _quadratic(A: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The gradient p -> A p of L(p) = ½ pᵀ A p (A symmetric)."""
    def grad(p: np.ndarray) -> np.ndarray:
        return A @ p

    return grad


def _descent_cases() -> list[tuple[str, np.ndarray, np.ndarray, float, int]]:
    """(what, A, p0, lr, num_steps): the notebook's valley, and a random 3-D bowl with another lr and step count."""
    rng = np.random.default_rng(11)
    M = rng.normal(size=(3, 3))
    return [("the 2-D valley", _BOWL, np.array([2.0, 1.0]), 0.05, 6),
            ("a random 3-D bowl", M @ M.T + np.eye(3), rng.normal(size=3), 0.07, 4)]


def _descend_path(p0: np.ndarray, lr: float, num_steps: int, sign: float = 1.0, A: np.ndarray = _BOWL) -> np.ndarray:
    """The package's gradient descent on ½ pᵀ A p; sign=-1 climbs instead (a typical mistake)."""
    def loss_and_grad(p):
        return sign * 0.5 * p @ A @ p, sign * (A @ p)

    return gradient_descent(loss_and_grad, p0, lr, num_steps, blowup=None).path


def _trajectory_shape_hint(name: str, got: np.ndarray, num_steps: int, dim: int) -> Feedback | None:
    """A failed check for the typical wrong trajectory shapes, else None."""
    if got.shape == (num_steps, dim):
        return failed(name, f"{num_steps} rows: the trajectory starts with p0 itself, so it has num_steps + 1 rows.")
    if got.shape == (num_steps + 2, dim):
        return failed(name, f"{num_steps + 2} rows: one step too many; take num_steps steps (for _ in range(num_steps)), "
                            "num_steps + 1 rows with p0.")
    if got.shape == (dim,):
        return failed(name, "one point: return the whole trajectory, every point from p0 on (np.array(path)), "
                            "not only where it ends.")
    return None


def check_descend(descend: Callable) -> Feedback:
    """descend(grad, p0, lr, num_steps) -> trajectory of shape (num_steps + 1, len(p0))."""
    name = "gradient descent"

    def body() -> Feedback:
        for label, A, p0, lr, num_steps in _descent_cases():
            grad = _bowl_grad if A is _BOWL else _quadratic(A)
            value = call_student(descend, grad, p0.copy(), lr, num_steps,
                                 changed_hint="p -= ... changes p0 itself (and every row you appended): "
                                              "write p = p - lr * grad(p), or start from p = p0.copy().")
            got = expect_array(value, "your trajectory")
            expected = _descend_path(p0, lr, num_steps, A=A)
            shape_hint = _trajectory_shape_hint(name, got, num_steps, p0.size)
            if shape_hint is not None:
                return shape_hint
            if got.shape == expected.shape and np.allclose(got, p0):
                return failed(name, "the point never moves: every row is p0. Inside the loop, assign the step to p "
                                    "(p = p - lr * grad(p)) before appending it.")
            if got.shape == expected.shape and np.allclose(got, got[-1]):
                return failed(name, "every row is the same point: you appended p and then changed it in place "
                                    "(p -= ...); append a copy, or write p = p - lr * grad(p).")
            frozen = p0 - lr * np.arange(num_steps + 1)[:, None] * grad(p0)
            hints = [
                (lambda g: np.allclose(g, _descend_path(p0, lr, num_steps, sign=-1.0, A=A)),
                 "the loss goes up: wrong sign. Step against the gradient, p ← p − η ∂L/∂p."),
                (lambda g: np.allclose(g, _descend_path(p0, 1.0, num_steps, A=A)),
                 "the steps ignore the learning rate: multiply the gradient by lr."),
                (lambda g: np.allclose(g, frozen),
                 "every step uses grad(p0): evaluate the gradient at the current point, grad(p), inside the loop."),
            ]
            if got.shape != expected.shape or not np.allclose(got, expected):
                return compare(name, got, expected, hints, what=f"your trajectory on {label}")
        return passed(name)

    return run_check(name, body)


# --- Exercise 2: gradient descent with momentum -----------------------------------

def _momentum_path(p0: np.ndarray, lr: float, num_steps: int, momentum: float, A: np.ndarray = _BOWL,
                   sign: float = 1.0) -> np.ndarray:
    """Heavy-ball descent on ½ pᵀ A p, as torch.optim.SGD(momentum=μ): the package's update."""
    def loss_and_grad(p):
        return sign * 0.5 * p @ A @ p, sign * (A @ p)

    return gradient_descent(loss_and_grad, p0, lr, num_steps, optimizer="momentum", momentum=momentum,
                            blowup=None).path


def _slipped_momentum_path(p0: np.ndarray, lr: float, num_steps: int, momentum: float, A: np.ndarray,
                           slip: str) -> np.ndarray:
    """Typical slips: "averaged" v ← μ v + (1 − μ) g (a running mean); "late" steps p with the old v first."""
    p, v, path = p0.copy(), np.zeros_like(p0), [p0.copy()]
    for _ in range(num_steps):
        if slip == "late":
            p = p - lr * v
            v = momentum * v + A @ p
        else:
            v = momentum * v + (1 - momentum) * (A @ p)
            p = p - lr * v
        path.append(p)
    return np.array(path)


def check_descend_momentum(descend_momentum: Callable) -> Feedback:
    """descend_momentum(grad, p0, lr, num_steps, momentum) -> trajectory of shape (num_steps + 1, len(p0))."""
    name = "gradient descent with momentum"

    def body() -> Feedback:
        for (label, A, p0, lr, num_steps), momentum in zip(_descent_cases(), (0.8, 0.6)):
            num_steps += 2  # momentum needs a few steps to differ from plain descent
            grad = _bowl_grad if A is _BOWL else _quadratic(A)
            value = call_student(descend_momentum, grad, p0.copy(), lr, num_steps, momentum,
                                 changed_hint="p -= ... changes p0 itself: write p = p - lr * v, "
                                              "or start from p = p0.copy().")
            got = expect_array(value, "your trajectory")
            expected = _momentum_path(p0, lr, num_steps, momentum, A=A)
            shape_hint = _trajectory_shape_hint(name, got, num_steps, p0.size)
            if shape_hint is not None:
                return shape_hint
            if got.shape == expected.shape and np.allclose(got, got[-1]):
                return failed(name, "every row is the same point: the point never moves, or you appended p and then "
                                    "changed it in place (p -= ...); write p = p - lr * v.")
            hints = [
                (lambda g: np.allclose(g, _descend_path(p0, lr, num_steps, A=A)),
                 "these are plain gradient steps: keep a velocity v ← μ v + ∇L(p) and step p ← p − η v."),
                (lambda g: np.allclose(g, _slipped_momentum_path(p0, lr, num_steps, momentum, A, "averaged")),
                 "v ← μ v + (1 − μ) ∇L(p) is a running mean; torch.optim.SGD's momentum adds the whole gradient: "
                 "v ← μ v + ∇L(p)."),
                (lambda g: np.allclose(g, _slipped_momentum_path(p0, lr, num_steps, momentum, A, "late")),
                 "the first step does not move: update the velocity first (v ← μ v + ∇L(p)), then step p ← p − η v."),
                (lambda g: np.allclose(g, _momentum_path(p0, 1.0, num_steps, momentum, A=A)),
                 "the steps ignore the learning rate: p ← p − η v."),
                (lambda g: np.allclose(g, _momentum_path(p0, lr, num_steps, momentum, A=A, sign=-1.0)),
                 "the loss goes up: wrong sign. Step against the velocity, p ← p − η v, with v ← μ v + ∇L(p)."),
            ]
            if got.shape != expected.shape or not np.allclose(got, expected):
                return compare(name, got, expected, hints, what=f"your trajectory on {label}")
        return passed(name)

    return run_check(name, body)


# --- Exercise 5: finite differences ----------------------------------------------

def _wiggly(p: np.ndarray) -> float:
    return float(np.sum(np.sin(p) * p**2) + p[0] * p[1])


def _wiggly_matrix(P: np.ndarray) -> float:
    """A function of a matrix whose entries all matter differently (a row-at-a-time nudge gets it wrong)."""
    return float(np.sum(np.sin(P) * P**2) + P[0, 0] * P[-1, -1] + np.sum(P[:, 0]) ** 2)


def _forward_differences(f: Callable, p: np.ndarray, eps: float) -> np.ndarray:
    """The one-sided estimate (f(p + eps e_i) − f(p)) / eps: a typical mistake to recognise."""
    grad = np.zeros_like(p)
    for i in np.ndindex(p.shape):
        up = p.copy()
        up[i] += eps
        grad[i] = (f(up) - f(p)) / eps
    return grad


def _gradient_cases() -> list[tuple[str, Callable, np.ndarray, float]]:
    """(what, f, p, eps): the notebook's kind (a vector), a random vector of 5, a 2 x 3 matrix.

    A large eps makes one-sided differences (and an ignored eps) visible.
    """
    rng = np.random.default_rng(13)
    return [("a vector of 3", _wiggly, np.array([0.5, -1.2, 2.0]), 1e-2),
            ("a random vector of 5", _wiggly, rng.normal(size=5), 2e-2),
            ("a 2 x 3 matrix", _wiggly_matrix, rng.normal(size=(2, 3)), 1e-2)]


def check_numerical_gradient(numerical_gradient: Callable) -> Feedback:
    """numerical_gradient(f, p, eps) -> central-difference gradient, same shape as p (a vector or a matrix)."""
    name = "finite differences"
    changed_hint = "put each entry back after nudging it (or nudge a copy)."

    def body() -> Feedback:
        for label, f, p, eps in _gradient_cases():
            matrix = p.ndim == 2
            vectors_only = f"right for a vector p, but not for {label}: "
            try:
                value = call_student(numerical_gradient, f, p.copy(), eps, changed_hint=changed_hint)
            except StudentMistake as mistake:
                if matrix and "in place" not in str(mistake):
                    raise StudentMistake(vectors_only + "loop over every entry, for i in np.ndindex(p.shape) (p[i] with "
                                         f"an integer i is a whole row). On it, {mistake}") from mistake
                raise
            got = as_array(value, "your gradient")
            expected = central_differences(f, p.copy(), eps)
            if matrix and got.shape != p.shape:
                return failed(name, vectors_only + f"your gradient has shape {got.shape}, expected {p.shape}. Make it "
                                    "with np.zeros_like(p) and loop over every entry, for i in np.ndindex(p.shape).")
            exact = central_differences(f, p.copy(), 1e-6)  # the true gradient, to about 1e-9
            hints = [
                (lambda g: not g.any(), "all zeros: f never saw the nudge. Change p itself (p[i] = old + eps), "
                                        "not a copy such as p.flatten(), and put it back afterwards."),
                (lambda g: np.allclose(g, 2 * expected), "twice too large: the central difference divides by 2·eps."),
                (lambda g: np.allclose(g, expected / 2), "half the right size: divide by 2·eps, not 4·eps (or nudge by ±eps, not ±eps/2)."),
                (lambda g: np.allclose(g, _forward_differences(f, p.copy(), eps)),
                 "that is the one-sided difference (f(p+eps) − f(p))/eps: use (f(p+eps) − f(p−eps))/(2·eps), far more accurate."),
                (lambda g: np.allclose(g, -expected), "wrong sign: subtract f(p − eps) from f(p + eps)."),
                (lambda g: np.allclose(g, exact, rtol=1e-6, atol=1e-8),
                 f"this is the gradient for a tiny step, not for the eps = {eps:g} the check passed: use the argument eps."),
            ]
            if matrix:
                hints.append((lambda g: True, vectors_only + "loop over every entry, for i in np.ndindex(p.shape) "
                                                             "(p[i] with an integer i is a whole row)."))
            if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-7):
                return compare(name, value, expected, hints, what=f"your gradient for {label}", rtol=1e-7)
        return passed(name)

    return run_check(name, body)


# --- Exercise 3: the error signal δ ----------------------------------------------

def check_backprop_delta(backprop_delta: Callable) -> Feedback:
    """backprop_delta(delta_next, W_next, z) -> δ of the layer below, shape of z (sigmoid layer)."""
    name = "the δ recursion"
    rng = np.random.default_rng(5)
    square = (rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=(4, 3)))
    # A rectangular layer (5 units below, 2 above, 6 examples) catches shape slips the square case hides.
    rect = (rng.normal(size=(6, 2)), rng.normal(size=(5, 2)), rng.normal(size=(6, 5)))

    def body() -> Feedback:
        for label, (delta_next, W_next, z) in (("", square), (" for a 5 → 2 layer", rect)):
            back = delta_next @ W_next.T
            slope = sigmoid_grad(z)
            try:
                got = call_student(backprop_delta, delta_next.copy(), W_next.copy(), z.copy())
            except StudentMistake as mistake:
                if label and ("matmul" in str(mistake) or "align" in str(mistake) or "broadcast" in str(mistake)):
                    raise StudentMistake(f"the shapes do not fit a 5 → 2 layer (W_next of shape {W_next.shape}, δ_next "
                                         f"{delta_next.shape}, z {z.shape}): the error goes back through W_nextᵀ, "
                                         f"δ_next @ W_next.T, then times σ′(z) elementwise. ({mistake})") from mistake
                raise
            hints = [
                (lambda g: np.allclose(g, delta_next @ W_next * slope),
                 "transposed weights: W_next maps layer l to l+1 (x @ W), so the error goes back through W_nextᵀ: δ_next @ W_next.T."),
                (lambda g: np.allclose(g, back), "the factor σ′(z) is missing: multiply elementwise by the sigmoid's slope at z."),
                (lambda g: np.allclose(g, back * sigmoid(z)), "you multiplied by σ(z); the chain rule needs the derivative σ′(z) = σ(z)(1 − σ(z))."),
                (lambda g: np.allclose(g, back * z * (1 - z)),
                 "z * (1 − z) is the sigmoid's slope written for its output h = σ(z); here you have z itself: "
                 "use σ(z)(1 − σ(z)) (scratch.sigmoid_grad(z))."),
                (lambda g: np.allclose(g, -back * slope), "wrong sign: δ = (δ_next @ W_next.T) * σ′(z), no minus."),
                (lambda g: np.allclose(g, back * (z > 0)), "that is ReLU's slope (z > 0); this layer is a sigmoid: σ′(z) = σ(z)(1 − σ(z))."),
                (lambda g: np.allclose(g, slope), "only σ′(z): multiply it by the error coming back, δ_next @ W_next.T."),
                (lambda g: np.allclose(g, delta_next) or np.allclose(g, delta_next * slope),
                 "the error must go back through the weights: δ_next @ W_next.T, then times σ′(z)."),
            ]
            got_arr = as_array(got, "your δ")
            if got_arr.shape != z.shape or not np.allclose(got_arr, back * slope):
                return compare(name, got, back * slope, hints, what="your δ" + label)
        return passed(name)

    return run_check(name, body)


# --- Exercise 4: ∂L/∂W and ∂L/∂b -------------------------------------------------

def check_weight_gradient(weight_gradient: Callable) -> Feedback:
    """weight_gradient(delta, h_prev) -> (dW of shape (fan_in, fan_out), db of shape (fan_out,)).

    Tried on a 3 → 2 layer with 5 examples and a square 4 → 4 layer with 6 (where a transposed dW has the right shape).
    """
    name = "∂L/∂W = δ · h"

    def body() -> Feedback:
        for seed, n, fan_in, fan_out in ((7, 5, 3, 2), (8, 6, 4, 4)):
            rng = np.random.default_rng(seed)
            delta, h_prev = rng.normal(size=(n, fan_out)), rng.normal(size=(n, fan_in))
            dW, db = h_prev.T @ delta, delta.sum(axis=0)
            got = call_student(weight_gradient, delta.copy(), h_prev.copy())
            got_W, got_b = as_pair(got, "your result (dW, db)")
            got_W, got_b = as_array(got_W, "dW"), as_array(got_b, "db")
            transposed = (f"dW has shape {got_W.shape}, transposed: W has shape (fan_in, fan_out) = "
                          f"{(fan_in, fan_out)}, so dW = h_prevᵀ @ δ.")
            if got_W.shape == (fan_out, fan_in) and fan_in != fan_out:
                return failed(name, transposed)
            w_hints = [
                (lambda g: np.allclose(g, dW.T), f"dW is transposed (a square {fan_in} → {fan_out} layer hides it in the "
                                                 "shape): dW = h_prevᵀ @ δ, shape (fan_in, fan_out)."),
                (lambda g: np.allclose(g, dW / n),
                 f"off by a factor of n = {n}: δ already carries the 1/n of the mean loss, so sum over the batch; don't average again."),
                (lambda g: np.allclose(g, -dW), "wrong sign: dW = h_prevᵀ @ δ (the minus sign belongs to the update step)."),
                (lambda g: np.allclose(g, np.outer(h_prev[0], delta[0])),
                 "that is the first example only: h_prevᵀ @ δ sums the products over every example of the batch."),
                (lambda g: np.allclose(g, np.outer(h_prev.sum(axis=0), delta.sum(axis=0))),
                 "a product of sums is not a sum of products: dW = h_prevᵀ @ δ pairs each example's h with its own δ."),
            ]
            if got_W.shape != dW.shape or not np.allclose(got_W, dW):
                return compare(name, got_W, dW, w_hints, what="dW" + (" of a square layer" if fan_in == fan_out else ""))
            if got_b.shape == (n, fan_out):
                return failed(name, "db should have one entry per output unit: sum δ over the batch axis (axis=0).")
            if got_b.shape == (n,) and np.allclose(got_b, delta.sum(axis=1)):
                return failed(name, f"db has one entry per example (summed over axis=1): sum δ over the batch axis "
                                    f"(axis=0), one entry per output unit, shape ({fan_out},).")
            if got_b.size == 1 and np.allclose(got_b, delta.sum()):
                return failed(name, "db is one number, the sum of all of δ: sum over the batch axis only (axis=0), "
                                    f"one entry per output unit, shape ({fan_out},).")
            b_hints = [
                (lambda g: np.allclose(g, db / n), f"db is off by a factor of n = {n}: sum δ over the batch, don't average."),
                (lambda g: np.allclose(g, -db), "db has the wrong sign: db = Σ over the batch of δ."),
            ]
            if got_b.shape != db.shape or not np.allclose(got_b, db):
                return compare(name, got_b, db, b_hints, what="db")
        return passed(name)

    return run_check(name, body)
