"""Exercise checks for notebook 05 (backpropagation and gradient descent).

Each check calls the student's function on the notebook's kind of input and on
cases of other sizes (drawn here from a fixed seed, so a shortcut cannot
guess them), compares with a reference computed here (for the backward pass
of the MLP and the autograd engine: ``torch.autograd``), and names the typical
mistake when the answer matches one (wrong sign, forgotten learning rate,
transposed weights, a missing 1/n or ReLU mask, ``=`` instead of ``+=``, a
graph walked in the wrong order, right only for vectors, ...).

Every exercise is registered with a ladder of hints and the course's version,
so the notebook calls ``checks.hint``, ``checks.solution``,
``name = checks.use(name)`` and ``checks.progress()``.
"""

from __future__ import annotations

import math
import operator
from typing import Callable

import numpy as np

from .. import scratch
from ..scratch import gradient_descent
from ..scratch import numerical_gradient as central_differences
from ..scratch import sigmoid, sigmoid_grad
from .compare import close, compare_cases
from .exercise import run_check
from .lessons import lesson
from .report import Feedback
from .sandbox import call_student, StudentMistake
from .student_result import as_array, as_pair, expect_array

LESSON = lesson("05_backprop")


def _reference_descend(grad, p0, lr, num_steps):
    """Gradient descent from p0: returns the trajectory, shape (num_steps + 1, len(p0))."""
    p = np.array(p0, dtype=float)
    path = [p]
    for _ in range(num_steps):
        p = p - lr * grad(p)
        path.append(p)
    return np.array(path)


def _reference_descend_momentum(grad, p0, lr, num_steps, momentum):
    """Heavy-ball descent from p0: returns the trajectory, shape (num_steps + 1, len(p0))."""
    p = np.array(p0, dtype=float)
    v = np.zeros_like(p)
    path = [p]
    for _ in range(num_steps):
        v = momentum * v + grad(p)
        p = p - lr * v
        path.append(p)
    return np.array(path)


def _reference_backprop_delta(delta_next, W_next, z):
    """δ of a sigmoid layer from the δ of the layer above: shape (n, m)."""
    return (delta_next @ W_next.T) * sigmoid_grad(z)


def _reference_weight_gradient(delta, h_prev):
    """(∂L/∂W, ∂L/∂b) of a layer h_prev @ W + b, shapes (fan_in, fan_out) and (fan_out,)."""
    return h_prev.T @ delta, delta.sum(axis=0)


def mlp_backward_reference(X, y, W1, b1, W2, b2):
    """The gradients of the mean softmax cross-entropy of a two-layer ReLU MLP (row convention).

    X : (n, d), y : (n,) integer labels, W1 : (d, m), b1 : (m,), W2 : (m, k), b2 : (k,).
    Returns a dict {"W1": (d, m), "b1": (m,), "W2": (m, k), "b2": (k,)}.
    """
    z1 = X @ W1 + b1
    h1 = np.maximum(z1, 0.0)
    z2 = h1 @ W2 + b2
    delta2 = scratch.cross_entropy_grad(z2, y)          # (softmax(z²) − onehot(y)) / n
    delta1 = (delta2 @ W2.T) * (z1 > 0)                 # back through W2ᵀ, times relu′(z¹)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": h1.T @ delta2, "b2": delta2.sum(axis=0)}


DESCEND = LESSON.exercise(
    "gradient descent", number=1, function="descend", reference=_reference_descend,
    hints=["Start a list with p0; repeat num_steps times: compute the gradient at the current point, step against it, "
           "append the new point. Return the list as one array.",
           "p = p - lr * grad(p) makes a new array (p -= ... would change the array already stored in the list).",
           "for _ in range(num_steps): p = p - lr * grad(p); path.append(p)   then   return np.array(path)"])
DESCEND_MOMENTUM = LESSON.exercise(
    "gradient descent with momentum", number=2, function="descend_momentum", reference=_reference_descend_momentum,
    hints=["Like descend, with a second array v (the velocity) that starts at zero and is updated before each step.",
           "At every step: first v = momentum * v + grad(p), then p = p - lr * v; append p.",
           "v adds the whole gradient (not (1 − μ) times it), as torch.optim.SGD(momentum=μ) does."])
BACKPROP_DELTA = LESSON.exercise(
    "the δ recursion", number=3, function="backprop_delta", reference=_reference_backprop_delta,
    hints=["Two factors: the error coming back from the layer above, and the slope of this layer's activation at z.",
           "The error comes back through the transposed weights: delta_next @ W_next.T has shape (n, m), like z.",
           "Multiply elementwise by σ′(z) = scratch.sigmoid_grad(z) (not by σ(z), and not z(1 − z))."])
WEIGHT_GRADIENT = LESSON.exercise(
    "∂L/∂W = δ · h", number=4, function="weight_gradient", reference=_reference_weight_gradient,
    hints=["∂L/∂w_kj = h_k δ_j for one example; the loss of a batch adds the examples up.",
           "As matrices: dW = h_prevᵀ @ δ has W's shape (fan_in, fan_out); db sums δ over the batch.",
           "return h_prev.T @ delta, delta.sum(axis=0)   (no extra 1/n: it is inside δ already)"])
NUMERICAL_GRADIENT = LESSON.exercise(
    "finite differences", number=5, function="numerical_gradient", reference=central_differences,
    hints=["For each entry i of p: nudge it up by eps, evaluate f, nudge it down by eps, evaluate f, put it back.",
           "Loop over every entry of an array of any shape with for i in np.ndindex(p.shape); p[i] is then one number.",
           "grad[i] = (f_plus − f_minus) / (2 * eps), in grad = np.zeros_like(p, dtype=float); restore p[i] = old."])
MLP_BACKWARD = LESSON.exercise(
    "backward pass of the MLP", number=6, function="mlp_backward", reference=mlp_backward_reference,
    hints=["First the forward pass, keeping z1, h1 and z2; then δ² at the output; then ∂L/∂W2, ∂L/∂b2; then δ¹; "
           "then ∂L/∂W1, ∂L/∂b1.",
           "δ² = (softmax(z2) − onehot(y)) / n is scratch.cross_entropy_grad(z2, y); a layer's gradients from its δ are "
           "your weight_gradient(δ, input of the layer).",
           "δ¹ = (δ² @ W2.T) * (z1 > 0): back through the transposed weights, times the ReLU's slope at z1 (0 or 1)."])
ENGINE_ADD = LESSON.exercise(
    "Value: the rule of +", number=7, function="Value", solution="Value.__add__", reference=scratch.Value,
    hints=["out = a + b: ∂out/∂a = ∂out/∂b = 1, so each input receives out.grad times 1.",
           "Add to the inputs' gradients (+=), never assign: a value used twice (a + a) gets both contributions.",
           "self.grad += out.grad and other.grad += out.grad"])
ENGINE_MUL = LESSON.exercise(
    "Value: the rule of *", function="Value", solution="Value.__mul__", reference=scratch.Value,
    hints=["out = a · b: ∂out/∂a = b and ∂out/∂b = a; each is multiplied by out.grad (the chain rule).",
           "Each input gets the *other* input's value: self.grad uses other.data. And += as for +.",
           "self.grad += other.data * out.grad and other.grad += self.data * out.grad"])
ENGINE_TANH = LESSON.exercise(
    "Value: the rule of tanh", function="Value", solution="Value.tanh", reference=scratch.Value,
    hints=["tanh′(x) = 1 − tanh(x)²: the slope comes from the output t = tanh(x), which the forward pass kept.",
           "1 − t², with t the output (not 1 − x² of the input x = self.data), times out.grad, added to self.grad.",
           "self.grad += (1 - t**2) * out.grad"])
ENGINE_BACKWARD = LESSON.exercise(
    "Value: backward()", function="Value", solution="Value.backward", reference=scratch.Value,
    hints=["Two steps: list the nodes in topological order (each after all its inputs), then call each node's "
           "_backward from the output down, starting with self.grad = 1.",
           "A depth-first visit: visit(node) visits every input of the node first (once: keep a set of visited nodes), "
           "then appends the node. The output comes last.",
           "self.grad = 1.0, then for node in reversed(order): node._backward(). Calling _backward while walking "
           "(plain recursion) passes a gradient on before the node has received all of its own."])


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


def _trajectory_problem(got: np.ndarray, expected: np.ndarray, p0: np.ndarray, num_steps: int, step: str) -> str:
    """A hint for the typical wrong trajectories that are not numbers slightly off (shape, never moving), else ''.

    step : the update as the exercise writes it ("p = p - lr * grad(p)").
    """
    dim = p0.size
    if got.shape == (num_steps, dim):
        return f"{num_steps} rows: the trajectory starts with p0 itself, so it has num_steps + 1 rows."
    if got.shape == (num_steps + 2, dim):
        return (f"{num_steps + 2} rows: one step too many; take num_steps steps (for _ in range(num_steps)), "
                "num_steps + 1 rows with p0.")
    if got.shape == (dim,):
        return "one point: return the whole trajectory, every point from p0 on (np.array(path)), not only where it ends."
    if got.shape == expected.shape and np.allclose(got, p0):
        return (f"the point never moves: every row is the same point, p0. Inside the loop, assign the step to p "
                f"({step}) before appending it.")
    if got.shape == expected.shape and np.allclose(got, got[-1]):
        return ("every row is the same point: you appended p and then changed it in place "
                f"(p -= ...); append a copy, or write {step}.")
    return ""


def _trajectory(func: Callable, args: tuple, expected: np.ndarray, p0: np.ndarray, num_steps: int,
                step: str) -> np.ndarray:
    """The student's trajectory as an array; a StudentMistake for a typical wrong shape or a point that never moves."""
    changed_hint = f"p -= ... changes p0 itself (and every row you appended): write {step}, or start from p = p0.copy()."
    got = expect_array(call_student(func, *args, changed_hint=changed_hint), "your trajectory")
    problem = _trajectory_problem(got, expected, p0, num_steps, step)
    if problem:
        raise StudentMistake(problem)
    return got


def check_descend(descend: Callable) -> Feedback:
    """descend(grad, p0, lr, num_steps) -> trajectory of shape (num_steps + 1, len(p0)).

    Tried on the notebook's 2-D valley and on a random 3-D bowl with another lr and step count.
    """
    def case(label: str, A: np.ndarray, p0: np.ndarray, lr: float, num_steps: int):
        grad = _bowl_grad if A is _BOWL else _quadratic(A)
        expected = _descend_path(p0, lr, num_steps, A=A)
        frozen = p0 - lr * np.arange(num_steps + 1)[:, None] * grad(p0)
        hints = [
            (lambda g: close(g, _descend_path(p0, lr, num_steps, sign=-1.0, A=A)),
             "the loss goes up: wrong sign. Step against the gradient, p ← p − η ∂L/∂p."),
            (lambda g: close(g, _descend_path(p0, 1.0, num_steps, A=A)),
             "the steps ignore the learning rate: multiply the gradient by lr."),
            (lambda g: close(g, frozen),
             "every step uses grad(p0): evaluate the gradient at the current point, grad(p), inside the loop."),
        ]
        return (label, lambda: _trajectory(descend, (grad, p0.copy(), lr, num_steps), expected, p0, num_steps, "p = p - lr * grad(p)"),
                expected, hints)

    return run_check(DESCEND, lambda: compare_cases(DESCEND.name, (case(*c) for c in _descent_cases()),
                                                    "your trajectory", require_array=True))


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
    """descend_momentum(grad, p0, lr, num_steps, momentum) -> trajectory of shape (num_steps + 1, len(p0)).

    Tried on the notebook's 2-D valley (μ = 0.8) and on a random 3-D bowl (μ = 0.6), two steps more than descend.
    """
    def case(label: str, A: np.ndarray, p0: np.ndarray, lr: float, num_steps: int, momentum: float):
        num_steps += 2  # momentum needs a few steps to differ from plain descent
        grad = _bowl_grad if A is _BOWL else _quadratic(A)
        expected = _momentum_path(p0, lr, num_steps, momentum, A=A)
        hints = [
            (lambda g: close(g, _descend_path(p0, lr, num_steps, A=A)),
             "these are plain gradient steps: keep a velocity v ← μ v + ∇L(p) and step p ← p − η v."),
            (lambda g: close(g, _slipped_momentum_path(p0, lr, num_steps, momentum, A, "averaged")),
             "v ← μ v + (1 − μ) ∇L(p) is a running mean; torch.optim.SGD's momentum adds the whole gradient: "
             "v ← μ v + ∇L(p)."),
            (lambda g: close(g, _slipped_momentum_path(p0, lr, num_steps, momentum, A, "late")),
             "the first step does not move: update the velocity first (v ← μ v + ∇L(p)), then step p ← p − η v."),
            (lambda g: close(g, _momentum_path(p0, 1.0, num_steps, momentum, A=A)),
             "the steps ignore the learning rate: p ← p − η v."),
            (lambda g: close(g, _momentum_path(p0, lr, num_steps, momentum, A=A, sign=-1.0)),
             "the loss goes up: wrong sign. Step against the velocity, p ← p − η v, with v ← μ v + ∇L(p)."),
        ]
        args = (grad, p0.copy(), lr, num_steps, momentum)
        return label, lambda: _trajectory(descend_momentum, args, expected, p0, num_steps, "p = p - lr * grad(p)"), expected, hints

    cases = (case(*c, momentum) for c, momentum in zip(_descent_cases(), (0.8, 0.6)))
    return run_check(DESCEND_MOMENTUM, lambda: compare_cases(DESCEND_MOMENTUM.name, cases, "your trajectory",
                                                             require_array=True))


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
    """numerical_gradient(f, p, eps) -> central-difference gradient, same shape as p (a vector or a matrix).

    Tried on a vector of 3, a random vector of 5 and a 2 x 3 matrix (where code right only for vectors fails).
    """
    every_entry = "p[i] with an integer i is a whole row of a matrix: loop over every entry, for i in np.ndindex(p.shape)"

    def get(f: Callable, p: np.ndarray, eps: float):
        try:
            value = call_student(numerical_gradient, f, p.copy(), eps,
                                 changed_hint="put each entry back after nudging it (or nudge a copy).")
        except StudentMistake as mistake:
            if p.ndim == 2 and "in place" not in str(mistake):
                raise StudentMistake(f"{every_entry}. On it, {mistake}") from mistake
            raise
        got = as_array(value, "your gradient")
        if p.ndim == 2 and got.shape != p.shape:
            raise StudentMistake(f"your gradient has shape {got.shape}, expected {p.shape}. Make it with np.zeros_like(p) "
                                 "and loop over every entry, for i in np.ndindex(p.shape).")
        return value

    def case(label: str, f: Callable, p: np.ndarray, eps: float):
        expected = central_differences(f, p.copy(), eps)
        exact = central_differences(f, p.copy(), 1e-6)  # the true gradient, to about 1e-9
        hints = [
            (lambda g: not g.any(), "all zeros: f never saw the nudge. Change p itself (p[i] = old + eps), "
                                    "not a copy such as p.flatten(), and put it back afterwards."),
            (lambda g: close(g, 2 * expected), "twice too large: the central difference divides by 2·eps."),
            (lambda g: close(g, expected / 2), "half the right size: divide by 2·eps, not 4·eps (or nudge by ±eps, not ±eps/2)."),
            (lambda g: close(g, _forward_differences(f, p.copy(), eps)),
             "that is the one-sided difference (f(p+eps) − f(p))/eps: use (f(p+eps) − f(p−eps))/(2·eps), far more accurate."),
            (lambda g: close(g, -expected), "wrong sign: subtract f(p − eps) from f(p + eps)."),
            (lambda g: g.shape == exact.shape and np.allclose(g, exact, rtol=1e-6, atol=1e-8),
             f"this is the gradient for a tiny step, not for the eps = {eps:g} the check passed: use the argument eps."),
        ]
        if p.ndim == 2:
            hints.append((lambda g: True, f"right for a vector p, but not for {label}: {every_entry}."))
        return label, lambda: get(f, p, eps), expected, hints

    return run_check(NUMERICAL_GRADIENT, lambda: compare_cases(NUMERICAL_GRADIENT.name,
                                                               (case(*c) for c in _gradient_cases()), "your gradient"))


# --- Exercise 3: the error signal δ ----------------------------------------------

def check_backprop_delta(backprop_delta: Callable) -> Feedback:
    """backprop_delta(delta_next, W_next, z) -> δ of the layer below, shape of z (sigmoid layer).

    Tried on a square 3 → 3 layer and on a 5 → 2 layer (6 examples), which catches shape slips the square one hides.
    """
    rng = np.random.default_rng(5)
    square = (rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=(4, 3)))
    rect = (rng.normal(size=(6, 2)), rng.normal(size=(5, 2)), rng.normal(size=(6, 5)))

    def get(delta_next, W_next, z):
        try:
            return call_student(backprop_delta, delta_next.copy(), W_next.copy(), z.copy())
        except StudentMistake as mistake:
            if W_next.shape[0] != W_next.shape[1] and any(w in str(mistake) for w in ("matmul", "align", "broadcast")):
                raise StudentMistake(f"the shapes do not fit (W_next of shape {W_next.shape}, δ_next {delta_next.shape}, "
                                     f"z {z.shape}): the error goes back through W_nextᵀ, δ_next @ W_next.T, then times "
                                     f"σ′(z) elementwise. ({mistake})") from mistake
            raise

    def case(label: str, delta_next: np.ndarray, W_next: np.ndarray, z: np.ndarray):
        back, slope = delta_next @ W_next.T, sigmoid_grad(z)
        hints = [
            (lambda g: close(g, delta_next @ W_next * slope),
             "transposed weights: W_next maps layer l to l+1 (x @ W), so the error goes back through W_nextᵀ: δ_next @ W_next.T."),
            (lambda g: close(g, back), "the factor σ′(z) is missing: multiply elementwise by the sigmoid's slope at z."),
            (lambda g: close(g, back * sigmoid(z)), "you multiplied by σ(z); the chain rule needs the derivative σ′(z) = σ(z)(1 − σ(z))."),
            (lambda g: close(g, back * z * (1 - z)),
             "z * (1 − z) is the sigmoid's slope written for its output h = σ(z); here you have z itself: "
             "use σ(z)(1 − σ(z)) (scratch.sigmoid_grad(z))."),
            (lambda g: close(g, -back * slope), "wrong sign: δ = (δ_next @ W_next.T) * σ′(z), no minus."),
            (lambda g: close(g, back * (z > 0)), "that is ReLU's slope (z > 0); this layer is a sigmoid: σ′(z) = σ(z)(1 − σ(z))."),
            (lambda g: close(g, slope), "only σ′(z): multiply it by the error coming back, δ_next @ W_next.T."),
            (lambda g: close(g, delta_next) or close(g, delta_next * slope),
             "the error must go back through the weights: δ_next @ W_next.T, then times σ′(z)."),
        ]
        return label, lambda: get(delta_next, W_next, z), back * slope, hints

    cases = (case(*c) for c in (("a square 3 → 3 layer", *square), ("a 5 → 2 layer", *rect)))
    return run_check(BACKPROP_DELTA, lambda: compare_cases(BACKPROP_DELTA.name, cases, "your δ"))


# --- Exercise 4: ∂L/∂W and ∂L/∂b -------------------------------------------------

def _layer_gradients(weight_gradient: Callable, delta: np.ndarray, h_prev: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The student's (dW, db) as arrays; a StudentMistake for the typical wrong shapes."""
    (n, fan_out), fan_in = delta.shape, h_prev.shape[1]
    got_W, got_b = as_pair(call_student(weight_gradient, delta.copy(), h_prev.copy()), "your result (dW, db)")
    got_W, got_b = as_array(got_W, "dW"), as_array(got_b, "db")
    if got_W.shape == (fan_out, fan_in) and fan_in != fan_out:
        raise StudentMistake(f"dW has shape {got_W.shape}, transposed: W has shape (fan_in, fan_out) = "
                             f"{(fan_in, fan_out)}, so dW = h_prevᵀ @ δ.")
    if got_b.shape == (n, fan_out):
        raise StudentMistake("db should have one entry per output unit: sum δ over the batch axis (axis=0).")
    if got_b.shape == (n,) and np.allclose(got_b, delta.sum(axis=1)):
        raise StudentMistake(f"db has one entry per example (summed over axis=1): sum δ over the batch axis "
                             f"(axis=0), one entry per output unit, shape ({fan_out},).")
    if got_b.size == 1 and np.allclose(got_b, delta.sum()):
        raise StudentMistake("db is one number, the sum of all of δ: sum over the batch axis only (axis=0), "
                             f"one entry per output unit, shape ({fan_out},).")
    return got_W, got_b


def check_weight_gradient(weight_gradient: Callable) -> Feedback:
    """weight_gradient(delta, h_prev) -> (dW of shape (fan_in, fan_out), db of shape (fan_out,)).

    Tried on a 3 → 2 layer with 5 examples and a square 4 → 4 layer with 6 (where a transposed dW has the right shape).
    """
    def cases():
        for seed, n, fan_in, fan_out in ((7, 5, 3, 2), (8, 6, 4, 4)):
            rng = np.random.default_rng(seed)
            delta, h_prev = rng.normal(size=(n, fan_out)), rng.normal(size=(n, fan_in))
            dW, db = h_prev.T @ delta, delta.sum(axis=0)
            result = []

            def get(which: int, delta=delta, h_prev=h_prev, result=result):
                if not result:
                    result.extend(_layer_gradients(weight_gradient, delta, h_prev))
                return result[which]

            layer = f"a {fan_in} → {fan_out} layer with {n} examples"
            w_hints = [
                (lambda g, dW=dW: close(g, dW.T), f"dW is transposed (a square {fan_in} → {fan_out} layer hides it in "
                                                  "the shape): dW = h_prevᵀ @ δ, shape (fan_in, fan_out)."),
                (lambda g, dW=dW, n=n: close(g, dW / n),
                 f"off by a factor of n = {n}: δ already carries the 1/n of the mean loss, so sum over the batch; don't average again."),
                (lambda g, dW=dW: close(g, -dW), "wrong sign: dW = h_prevᵀ @ δ (the minus sign belongs to the update step)."),
                (lambda g, h=h_prev, d=delta: close(g, np.outer(h[0], d[0])),
                 "that is the first example only: h_prevᵀ @ δ sums the products over every example of the batch."),
                (lambda g, h=h_prev, d=delta: close(g, np.outer(h.sum(axis=0), d.sum(axis=0))),
                 "a product of sums is not a sum of products: dW = h_prevᵀ @ δ pairs each example's h with its own δ."),
            ]
            b_hints = [
                (lambda g, db=db, n=n: close(g, db / n), f"db is off by a factor of n = {n}: sum δ over the batch, don't average."),
                (lambda g, db=db: close(g, -db), "db has the wrong sign: db = Σ over the batch of δ."),
            ]
            yield f"dW of {layer}", lambda get=get: get(0), dW, w_hints
            yield f"db of {layer}", lambda get=get: get(1), db, b_hints

    return run_check(WEIGHT_GRADIENT, lambda: compare_cases(WEIGHT_GRADIENT.name, cases(), "your gradient"))


# --- Exercise 6: the backward pass of a two-layer MLP ------------------------------

_PARAMS = ("W2", "b2", "W1", "b1")  # checked in the order the backward pass computes them


def _mlp_case(seed: int, n: int, d: int, m: int, k: int) -> tuple:
    """(X, y, W1, b1, W2, b2) of a d → m (ReLU) → k network on a batch of n, from a fixed seed."""
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, d)), rng.integers(0, k, size=n), rng.normal(size=(d, m)), rng.normal(size=m) * 0.5,
            rng.normal(size=(m, k)), rng.normal(size=k) * 0.5)


def _mlp_cases() -> list[tuple[str, tuple]]:
    """The notebook's kind of network, a square one (where a transposed matrix has the right shape), a random one."""
    rng = np.random.default_rng(61)
    n, d, m = (int(v) for v in rng.integers((7, 4, 6), (12, 9, 10)))
    k = 4
    return [("a 4 → 5 → 3 network on 6 examples", _mlp_case(62, 6, 4, 5, 3)),
            ("a square 3 → 3 → 3 network on 5 examples", _mlp_case(63, 5, 3, 3, 3)),
            (f"a random {d} → {m} → {k} network on {n} examples", _mlp_case(64, n, d, m, k))]


def _torch_mlp_grads(X, y, W1, b1, W2, b2) -> dict[str, np.ndarray]:
    """The same gradients from torch.autograd (float64): code the course did not write."""
    import torch

    params = {name: torch.tensor(p, dtype=torch.float64, requires_grad=True)
              for name, p in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
    h1 = torch.relu(torch.tensor(X) @ params["W1"] + params["b1"])
    logits = h1 @ params["W2"] + params["b2"]
    torch.nn.functional.cross_entropy(logits, torch.tensor(y)).backward()
    return {name: p.grad.numpy() for name, p in params.items()}


def _slipped_mlp_grads(X, y, W1, b1, W2, b2, slip: str) -> dict[str, np.ndarray]:
    """The gradients with one typical slip (see _MLP_SLIPS), to recognise it in a student's answer."""
    n, k = len(y), W2.shape[1]
    z1 = X @ W1 + b1
    h1 = np.maximum(z1, 0.0)
    z2 = h1 @ W2 + b2
    p = scratch.softmax(z2)
    delta2 = (p - (0 if slip == "no onehot" else np.eye(k)[y])) / (1 if slip == "no 1/n" else n)
    delta2 = -delta2 if slip == "sign" else delta2
    back = delta2 @ (W2 if slip == "W2 not transposed" else W2.T)
    slope = {"no mask": 1.0, "times h": h1, "mask of z2": z2 > 0, "mask of X": X > 0}.get(slip, z1 > 0)
    delta1 = back * slope
    grads = {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": h1.T @ delta2, "b2": delta2.sum(axis=0)}
    if slip == "transposed":
        grads["W1"], grads["W2"] = delta1.T @ X, delta2.T @ h1
    if slip == "averaged twice":
        grads = {name: g / n for name, g in grads.items()}
    if slip == "bias averaged":
        grads["b1"], grads["b2"] = grads["b1"] / n, grads["b2"] / n
    return grads


_MLP_SLIPS = {
    "no 1/n": "n times too large: the output δ² = (softmax(z²) − onehot(y)) / n carries the 1/n of the mean loss "
              "(n = len(y), the batch size).",
    "sign": "wrong sign: the output δ² is softmax(z²) − onehot(y), the probabilities minus the truth (the minus of "
            "gradient descent belongs to the update step).",
    "no onehot": "the output δ² is (softmax(z²) − onehot(y)) / n: the one-hot labels are missing (np.eye(k)[y]).",
    "transposed": "transposed: ∂L/∂W = h_prevᵀ @ δ has W's shape (fan_in, fan_out); δᵀ @ h_prev is its transpose "
                  "(a square layer hides it in the shape).",
    "W2 not transposed": "the error goes back through W2ᵀ: δ¹ = (δ² @ W2.T) * relu′(z¹). δ² @ W2 only fits because this "
                         "network is square.",
    "no mask": "the ReLU's derivative is missing: δ¹ = (δ² @ W2.T) * (z1 > 0). Where a hidden unit was off (z¹ ≤ 0), "
               "no gradient flows through it.",
    "times h": "you multiplied by h¹ = relu(z¹), the activation; the chain rule needs its derivative, the mask "
               "(z1 > 0): 1 where the unit was on, 0 where it was off.",
    "mask of z2": "the mask comes from the wrong layer: δ¹ needs relu′(z¹), the slope of the hidden layer (z1 > 0), "
                  "not z2 > 0.",
    "mask of X": "the mask comes from the wrong layer: δ¹ needs relu′(z¹), the slope of the hidden layer (z1 > 0), "
                 "not X > 0.",
    "bias averaged": "∂L/∂b is off by a factor of n: sum δ over the batch (δ.sum(axis=0)), don't average; the 1/n is "
                     "already inside δ.",
    "averaged twice": "n times too small: the 1/n is already inside δ², so sum over the batch (h.T @ δ, δ.sum(axis=0)); "
                      "don't average a second time.",
}


def _gradient_dict(value, shapes: dict[str, tuple]) -> dict[str, np.ndarray]:
    """The student's gradients as a dict of float arrays, or a StudentMistake saying what is off."""
    if isinstance(value, (tuple, list)) and len(value) == 4:
        raise StudentMistake("return a dict {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}, not a "
                             f"{type(value).__name__}: a dict names each gradient, so none can be swapped.")
    if not isinstance(value, dict):
        raise StudentMistake(f"your result should be a dict {{'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}}, "
                             f"got {type(value).__name__}.")
    missing = [name for name in shapes if name not in value]
    if missing:
        raise StudentMistake(f"your dict has no key {', '.join(repr(m) for m in missing)}: return the gradient of "
                             "every parameter, keys 'W1', 'b1', 'W2', 'b2'.")
    return {name: as_array(value[name], f"your ∂L/∂{name}") for name in shapes}


def _shape_mistake(name: str, got: np.ndarray, shape: tuple, n: int) -> str:
    """A hint for the typical wrong shapes of ∂L/∂name, or ''."""
    if got.shape == shape:
        return ""
    if len(shape) == 2 and got.shape == shape[::-1]:
        return (f"∂L/∂{name} has shape {got.shape}, transposed: it has the shape of {name}, {shape}, "
                "so ∂L/∂W = h_prevᵀ @ δ (not δᵀ @ h_prev).")
    if len(shape) == 1 and got.shape == (n, shape[0]):
        return (f"∂L/∂{name} has one row per example, shape {got.shape}: the bias is shared by the whole batch, "
                "so sum δ over the batch axis, δ.sum(axis=0).")
    if len(shape) == 1 and got.shape == (n,):
        return (f"∂L/∂{name} has one entry per example, shape {got.shape}: you summed over axis=1; sum over the "
                f"batch axis (axis=0), one entry per unit, shape {shape}.")
    if got.size == 1 and len(shape) == 1:
        return f"∂L/∂{name} is one number: sum δ over the batch axis only (axis=0), one entry per unit, shape {shape}."
    return f"∂L/∂{name} has shape {got.shape}, expected {shape}, the shape of {name}."


def check_mlp_backward(mlp_backward: Callable) -> Feedback:
    """mlp_backward(X, y, W1, b1, W2, b2) -> {"W1", "b1", "W2", "b2"}: ∂L/∂ of each, L the mean cross-entropy.

    Compared with torch.autograd on a 4 → 5 → 3 network, a square 3 → 3 → 3 one and a random one.
    """
    def entries(label: str, args: tuple):
        expected = _torch_mlp_grads(*args)
        slips = {}
        for slip in _MLP_SLIPS:
            try:
                slips[slip] = _slipped_mlp_grads(*args, slip)
            except ValueError:  # a slip this network's shapes cannot even compute (W2 for W2.T, a 5 → 9 layer)
                continue
        shapes = {name: args[i].shape for i, name in enumerate(("X", "y", "W1", "b1", "W2", "b2")) if i >= 2}
        n, result = len(args[1]), {}

        def get(name: str):
            if not result:
                try:
                    value = call_student(mlp_backward, *(a.copy() for a in args))
                except StudentMistake as mistake:
                    if "matmul" in str(mistake) or "broadcast" in str(mistake) or "align" in str(mistake):
                        raise StudentMistake(f"the shapes do not fit ({mistake}) Forward: z1 = X @ W1 + b1, "
                                             "z2 = h1 @ W2 + b2; backward: δ¹ = (δ² @ W2.T) * (z1 > 0), "
                                             "∂L/∂W1 = X.T @ δ¹.") from mistake
                    raise
                result.update(_gradient_dict(value, shapes))
            hint = _shape_mistake(name, result[name], shapes[name], n)
            if hint:
                raise StudentMistake(hint)
            return result[name]

        for name in _PARAMS:
            hints = [(lambda g, w=slips[slip][name]: close(g, w), f"∂L/∂{name}: {message}")
                     for slip, message in _MLP_SLIPS.items() if slip in slips]
            yield f"∂L/∂{name} of {label}", lambda name=name: get(name), expected[name], hints

    def body() -> Feedback:
        cases = (entry for label, args in _mlp_cases() for entry in entries(label, args))
        return compare_cases(MLP_BACKWARD.name, cases, "your gradient",
                             advice="Use the shapes of the arguments, not fixed sizes.")

    return run_check(MLP_BACKWARD, body)


# --- Exercise 7: a scalar autograd engine -------------------------------------------
#
# The student's class Value is tried in four parts, one line each: the rules of +, * and tanh
# (each _backward closure called directly, with out.grad set), then backward() on whole graphs
# compared with torch.autograd. A slipped engine (_slipped_engine) gives the typical wrong numbers.

_OUT_GRAD = 0.7    # the out.grad a rule receives in the checks of the three rules
_EARLIER = 0.25    # a gradient an input already holds (from another use): a rule must add to it


def _apply_rule(Value, build: Callable, leaves: tuple[float, ...], earlier: tuple[float, ...]) -> np.ndarray:
    """Build out = build(*leaves) with the student's Value, give it out.grad, run its _backward; the leaves' grads."""
    nodes = [call_student(Value, x) for x in leaves]
    for node, g in zip(nodes, earlier):
        node.grad = g
    out = call_student(build, *nodes)
    if not hasattr(out, "_backward") or not hasattr(out, "grad"):
        raise StudentMistake(f"the operation returned {type(out).__name__}, not a Value (with .grad and ._backward): "
                             "return out.")
    out.grad = _OUT_GRAD
    call_student(out._backward, allow_none=True)
    return np.array([node.grad for node in nodes], dtype=object)


def _rule_cases(Value, cases: list[tuple[str, Callable, tuple, tuple, np.ndarray, list]]):
    for label, build, leaves, earlier, expected, hints in cases:
        yield label, lambda build=build, leaves=leaves, earlier=earlier: _apply_rule(Value, build, leaves, earlier), \
            expected, hints


def check_engine_add(Value) -> Feedback:
    """The _backward of a + b: each input's grad += out.grad. Tried on a + b, a + a, a + 2 (a's grad already 0.25)."""
    g = _OUT_GRAD
    assign = "a value used twice (a + a) needs both contributions, and an input may already hold a gradient: " \
             "add to it, self.grad += out.grad, never self.grad = out.grad."
    no_out = "the local derivative of + is 1, but the chain rule multiplies it by out.grad: self.grad += out.grad."
    cases = [
        ("a + b", operator.add, (1.5, -2.0), (0.0, 0.0), np.array([g, g]),
         [(lambda r: close(r, np.array([1.0, 1.0])), no_out),
          (lambda r: close(r, np.array([-g, -g])), "wrong sign: ∂(a + b)/∂a = +1, so self.grad += out.grad."),
          (lambda r: close(r, np.array([g, 0.0])), "only self got its gradient: other.grad += out.grad too."),
          (lambda r: close(r, np.array([0.0, g])), "only other got its gradient: self.grad += out.grad too.")]),
        ("a + a", lambda a: a + a, (0.3,), (0.0,), np.array([2 * g]),
         [(lambda r: close(r, np.array([g])), assign), (lambda r: close(r, np.array([2.0])), no_out)]),
        ("a + 2, with a.grad already 0.25", lambda a: a + 2, (0.3,), (_EARLIER,), np.array([_EARLIER + g]),
         [(lambda r: close(r, np.array([g])), assign), (lambda r: close(r, np.array([_EARLIER + 1])), no_out)]),
    ]
    return run_check(ENGINE_ADD, lambda: compare_cases(ENGINE_ADD.name, _rule_cases(Value, cases), "the gradients"))


def check_engine_mul(Value) -> Feedback:
    """The _backward of a * b: a.grad += b * out.grad, b.grad += a * out.grad. Tried on a * b, a * a, 3 * a."""
    g, a, b = _OUT_GRAD, 1.5, -2.0
    assign = "a value used twice (a * a) needs both contributions: add, self.grad += ..., never self.grad = ..."
    swapped = ("the product rule is swapped: ∂(a b)/∂a = b, so self gets the *other* value: "
               "self.grad += other.data * out.grad, other.grad += self.data * out.grad.")
    no_out = "the chain rule multiplies the local derivative by out.grad: self.grad += other.data * out.grad."
    cases = [
        ("a * b", operator.mul, (a, b), (0.0, 0.0), np.array([b * g, a * g]),
         [(lambda r: close(r, np.array([a * g, b * g])), swapped),
          (lambda r: close(r, np.array([b, a])), no_out),
          (lambda r: close(r, np.array([g, g])), "that is the rule of +: for a product, ∂(a b)/∂a = b and ∂(a b)/∂b = a."),
          (lambda r: close(r, -np.array([b * g, a * g])), "wrong sign: self.grad += other.data * out.grad."),
          (lambda r: close(r, np.array([a, b])), swapped)]),
        ("a * a", lambda x: x * x, (0.3,), (0.0,), np.array([2 * 0.3 * g]),
         [(lambda r: close(r, np.array([0.3 * g])), assign), (lambda r: close(r, np.array([0.6])), no_out)]),
        ("3 * a, with a.grad already 0.25", lambda x: 3 * x, (0.3,), (_EARLIER,), np.array([_EARLIER + 3 * g]),
         [(lambda r: close(r, np.array([3 * g])), assign),
          (lambda r: close(r, np.array([_EARLIER + 0.3 * g])), swapped),
          (lambda r: close(r, np.array([_EARLIER + 3])), no_out)]),
    ]
    return run_check(ENGINE_MUL, lambda: compare_cases(ENGINE_MUL.name, _rule_cases(Value, cases), "the gradients"))


def check_engine_tanh(Value) -> Feedback:
    """The _backward of a.tanh(): a.grad += (1 − t²) out.grad with t = tanh(a). Tried at 0.8 and at −1.7 (grad 0.25)."""
    g = _OUT_GRAD

    def case(x: float, earlier: float):
        t = math.tanh(x)
        before = np.array([earlier])
        hints = [
            (lambda r: close(r, before + (1 - x**2) * g),
             "1 − x² of the input: tanh′(x) = 1 − tanh(x)², the square of the *output* t (kept by the forward pass)."),
            (lambda r: close(r, before + (1 - t**2)), "the chain rule multiplies the slope by out.grad: "
                                                      "self.grad += (1 - t**2) * out.grad."),
            (lambda r: close(r, before + (1 - t) * g), "tanh′ = 1 − t², squared: (1 - t**2) * out.grad."),
            (lambda r: close(r, before + t * (1 - t) * g), "t (1 − t) is the sigmoid's slope; tanh′ = 1 − t²."),
            (lambda r: close(r, before + t * g), "that multiplies by tanh itself; the chain rule needs its slope, 1 − t²."),
            (lambda r: earlier != 0 and close(r, np.array([(1 - t**2) * g])),
             "a has a gradient already (it is used elsewhere too): add to it, self.grad += ..., don't assign."),
            (lambda r: close(r, before - (1 - t**2) * g), "wrong sign: tanh′(x) = 1 − tanh(x)² is positive."),
        ]
        label = f"tanh({x:g})" + (f", with a.grad already {earlier:g}" if earlier else "")
        return label, lambda v: v.tanh(), (x,), (earlier,), before + (1 - t**2) * g, hints

    cases = [case(0.8, 0.0), case(-1.7, _EARLIER)]
    return run_check(ENGINE_TANH, lambda: compare_cases(ENGINE_TANH.name, _rule_cases(Value, cases), "the gradient"))


# Expressions for backward(): each takes a leaf maker and returns (leaves, output); the same code
# builds the graph from the student's Values, from float64 tensors (torch.autograd) and from a slipped engine.

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


_GRAPHS = [("a diamond (a and a * b used on several paths)", _diamond), ("a neuron tanh(x1 w1 + x2 w2 + b)", _neuron),
           ("a chain of 12 tanh layers reusing x", _deep_chain), ("a random expression", _random_expression)]


def _torch_graph_grads(build: Callable) -> np.ndarray:
    import torch

    leaves, out = build(lambda x: torch.tensor(float(x), dtype=torch.float64, requires_grad=True))
    out.backward()
    return np.array([0.0 if v.grad is None else v.grad.item() for v in leaves])


def _slipped_engine(slip: str):
    """A Value class with one typical slip (a key of _ENGINE_SLIPS), to recognise its numbers."""
    def add_to(node, g, op):
        node.grad = g if slip in ("assign", f"assign {op}") else node.grad + g

    class Slipped:
        def __init__(self, data, children=()):
            self.data, self.grad, self._prev, self._backward = float(data), 0.0, tuple(children), lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Slipped) else Slipped(other)
            out = Slipped(self.data + other.data, (self, other))

            def _backward():
                add_to(self, out.grad, "+")
                add_to(other, out.grad, "+")
            out._backward = _backward
            return out

        __radd__ = __add__

        def __mul__(self, other):
            other = other if isinstance(other, Slipped) else Slipped(other)
            out = Slipped(self.data * other.data, (self, other))

            def _backward():
                g = 1.0 if slip in ("no out.grad", "no out.grad *") else out.grad
                a, b = (self.data, other.data) if slip == "swapped" else (other.data, self.data)
                add_to(self, a * g, "*")
                add_to(other, b * g, "*")
            out._backward = _backward
            return out

        __rmul__ = __mul__

        def tanh(self):
            t = math.tanh(self.data)
            out = Slipped(t, (self,))

            def _backward():
                x = self.data if slip == "tanh of input" else t
                add_to(self, (1 - x**2) * (1.0 if slip in ("no out.grad", "no out.grad tanh") else out.grad), "tanh")
            out._backward = _backward
            return out

        def backward(self):
            if slip in ("recursion", "preorder"):
                self.grad, seen = 1.0, set()

                def walk(node):  # passes a gradient on as soon as the node is reached
                    if slip == "preorder" and node in seen:
                        return
                    seen.add(node)
                    node._backward()
                    for child in node._prev:
                        walk(child)
                walk(self)
                return
            order, seen = [], set()

            def visit(node):
                if node not in seen:
                    seen.add(node)
                    for child in node._prev:
                        visit(child)
                    order.append(node)
            visit(self)
            if slip != "no root":
                self.grad = 1.0
            for node in (order if slip == "not reversed" else reversed(order)):
                node._backward()

    return Slipped


_ORDER = ("backward() must visit the nodes in reverse topological order: a node may pass its gradient on only once "
          "every node that uses it has added its part. ")
_ENGINE_SLIPS = {
    "no root": "every gradient is 0: backward() must start the chain with the output's own gradient, self.grad = 1.0, "
               "before calling the _backward closures.",
    "recursion": _ORDER + "Plain recursion (node._backward(), then each input's backward) calls a node shared by two "
                          "paths once per path, with a partial gradient each time: build the topological order first.",
    "preorder": _ORDER + "Visiting each node once, but calling its _backward when first reached, passes on a gradient "
                         "that is not complete yet: list the order first (inputs before the node), then walk it reversed.",
    "not reversed": _ORDER + "You walked the order from the inputs up: reverse it (for node in reversed(order)), "
                             "so the output comes first.",
    "assign": "= instead of +=: a value used twice (or on two paths) must get both contributions; every _backward "
              "adds to the grads, self.grad += ...",
    "assign +": "= instead of += in the rule of +: a value on two paths must get both contributions.",
    "assign *": "= instead of += in the rule of *: a value on two paths must get both contributions.",
    "assign tanh": "= instead of += in the rule of tanh: a value on two paths must get both contributions.",
    "swapped": "the product rule is swapped: in a * b, a gets b * out.grad and b gets a * out.grad.",
    "no out.grad": "a rule forgets the factor out.grad: each _backward multiplies its local derivative by out.grad.",
    "no out.grad *": "the rule of * forgets the factor out.grad: self.grad += other.data * out.grad.",
    "no out.grad tanh": "the rule of tanh forgets the factor out.grad: self.grad += (1 - t**2) * out.grad.",
    "tanh of input": "tanh′ computed from the input: it is 1 − t² with t the output of tanh, not 1 − x².",
}


def _graph_grads(Value, build: Callable) -> list:
    """Build the graph with the student's Value, call backward() on its output, read the leaves' grads."""
    call_student(Value, 1.0)  # the class itself is what this check passes (for checks.use)
    leaves, out = call_student(build, Value)
    if not hasattr(out, "backward"):
        raise StudentMistake(f"the expression gave {type(out).__name__}, not a Value: does every operation return out?")
    call_student(out.backward, allow_none=True)
    return [node.grad for node in leaves]


def check_engine_backward(Value) -> Feedback:
    """backward(): compared with torch.autograd on a neuron, a diamond, a deep chain reusing x and a random graph."""
    def cases():
        for label, build in _GRAPHS:
            hints = [(lambda r, w=_graph_of(slip, build): close(r, w), message) for slip, message in _ENGINE_SLIPS.items()]
            yield label, lambda build=build: _graph_grads(Value, build), _torch_graph_grads(build), hints

    return run_check(ENGINE_BACKWARD, lambda: compare_cases(ENGINE_BACKWARD.name, cases(), "the gradients of the leaves"))


def _graph_of(slip: str, build: Callable) -> np.ndarray:
    leaves, out = build(_slipped_engine(slip))
    out.backward()
    return np.array([v.grad for v in leaves])


def check_engine(Value) -> Feedback:
    """Exercise 7, all four parts, one line each: the rules of +, * and tanh, then backward() on whole graphs.

    Returns the Feedback of backward(), the part that uses all the others.
    """
    check_engine_add(Value)
    check_engine_mul(Value)
    check_engine_tanh(Value)
    return check_engine_backward(Value)


hint, solution, use, progress, course_version = LESSON.exports()
