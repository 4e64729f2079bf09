"""The exercises of lesson 05 (backpropagation and gradient descent), as tables: their cases and typical mistakes.

Each case is an input the student's code is tried on: the lesson's kind, and others
of sizes the lesson does not use (from a fixed seed, so a shortcut cannot guess them),
square layers where a transposed matrix still has the right shape, a matrix where code
right only for vectors fails. The right answer comes from the package (``scratch``) or,
for the backward passes, from ``torch.autograd``. Each mistake is the wrong code a
student would write, beside its message.

Exercise 6, the autograd engine, is in :mod:`.engine`.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import scratch
from ..scratch import gradient_descent
from ..scratch import numerical_gradient as central_differences
from ..scratch import softmax
from .exercise import Case, Mistake, OnError
from .lessons import lesson
from .sandbox import StudentMistake
from .student_result import as_array, as_pair

LESSON = lesson("05_backprop")


# --- Exercises 1 and 2: gradient descent, plain and with momentum ------------------------

def descend(grad, p0, lr, num_steps):
    """The course's descend: ``scratch.gradient_descent`` given the gradient alone; the path (num_steps + 1, P)."""
    return gradient_descent(lambda p: (0.0, grad(p)), p0, lr, num_steps, blowup=None).path


def descend_momentum(grad, p0, lr, num_steps, momentum):
    """The course's heavy-ball descent (v ← μ v + ∇L, p ← p − η v, as torch.optim.SGD); the path (num_steps + 1, P)."""
    return gradient_descent(lambda p: (0.0, grad(p)), p0, lr, num_steps, optimizer="momentum", momentum=momentum,
                            blowup=None).path


_BOWL = np.diag([1.0, 10.0])  # L(p) = ½ pᵀ A p: the lesson's long, narrow valley


def _quadratic(A: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The gradient p -> A p of L(p) = ½ pᵀ A p (A symmetric)."""
    def grad(p: np.ndarray) -> np.ndarray:
        return A @ p
    return grad


def _descent_cases(extra_steps: int = 0, momenta: tuple = ()) -> tuple[Case, ...]:
    """The lesson's valley and a random 3-D bowl with another lr and step count (momentum: a few steps more)."""
    rng = np.random.default_rng(11)
    M = rng.normal(size=(3, 3))
    cases = (("the 2-D valley", _BOWL, np.array([2.0, 1.0]), 0.05, 6),
             ("a random 3-D bowl", M @ M.T + np.eye(3), rng.normal(size=3), 0.07, 4))
    return tuple(Case(label, (_quadratic(A), p0, lr, steps + extra_steps, *momenta[i:i + 1]),
                      facts={"steps": steps + extra_steps, "more": steps + extra_steps + 2, "dim": p0.size})
                 for i, (label, A, p0, lr, steps) in enumerate(cases))


_STEP = "p = p - lr * grad(p)"
_TRAJECTORY_MISTAKES = (  # a trajectory of the wrong length, or one that never moves, whatever the rule
    Mistake("{steps} rows: the trajectory starts with p0 itself, so it has num_steps + 1 rows.",
            shape=lambda case: (case.facts["steps"], case.facts["dim"])),
    Mistake("{more} rows: one step too many; take num_steps steps (for _ in range(num_steps)), num_steps + 1 rows "
            "with p0.", shape=lambda case: (case.facts["more"], case.facts["dim"])),
    Mistake("one point: return the whole trajectory, every point from p0 on (np.array(path)), not only where it ends.",
            shape=lambda case: (case.facts["dim"],)),
    Mistake(f"the point never moves: every row is the same point, p0. Inside the loop, assign the step to p ({_STEP}) "
            "before appending it.", when=lambda got, expected, case: np.allclose(got, case.args[1])),
    Mistake("every row is the same point: you appended p and then changed it in place (p -= ...); append a copy, "
            f"or write {_STEP}.", when=lambda got, expected, case: np.allclose(got, got[-1])),
)
_CHANGED_P0 = f"p -= ... changes p0 itself (and every row you appended): write {_STEP}, or start from p = p0.copy()."


def _climbing(grad: Callable) -> Callable:
    return lambda p: -grad(p)


DESCEND = LESSON.exercise(
    "gradient descent", number=1, function="descend", reference=descend, what="your trajectory",
    cases=_descent_cases(), require_array=True, changed_hint=_CHANGED_P0,
    hints=["Start a list with p0; repeat num_steps times: compute the gradient at the current point, step against it, "
           "append the new point. Return the list as one array.",
           "p = p - lr * grad(p) makes a new array (p -= ... would change the array already stored in the list).",
           "for _ in range(num_steps): p = p - lr * grad(p); path.append(p)   then   return np.array(path)"],
    mistakes=[
        *_TRAJECTORY_MISTAKES,
        Mistake("the loss goes up: wrong sign. Step against the gradient, p ← p − η ∂L/∂p.",
                lambda grad, p0, lr, n: descend(_climbing(grad), p0, lr, n)),
        Mistake("the steps ignore the learning rate: multiply the gradient by lr.",
                lambda grad, p0, lr, n: descend(grad, p0, 1.0, n)),
        Mistake("every step uses grad(p0): evaluate the gradient at the current point, grad(p), inside the loop.",
                lambda grad, p0, lr, n: p0 - lr * np.arange(n + 1)[:, None] * grad(p0)),
    ])


def _running_mean_velocity(grad, p0, lr, num_steps, momentum):
    p, v, path = p0.copy(), np.zeros_like(p0), [p0.copy()]
    for _ in range(num_steps):
        v = momentum * v + (1 - momentum) * grad(p)
        p = p - lr * v
        path.append(p)
    return np.array(path)


def _velocity_after_step(grad, p0, lr, num_steps, momentum):
    p, v, path = p0.copy(), np.zeros_like(p0), [p0.copy()]
    for _ in range(num_steps):
        p = p - lr * v
        v = momentum * v + grad(p)
        path.append(p)
    return np.array(path)


DESCEND_MOMENTUM = LESSON.exercise(
    "gradient descent with momentum", number=2, function="descend_momentum", reference=descend_momentum,
    what="your trajectory", cases=_descent_cases(extra_steps=2, momenta=(0.8, 0.6)), require_array=True,
    changed_hint=_CHANGED_P0,
    hints=["Like descend, with a second array v (the velocity) that starts at zero and is updated before each step.",
           "At every step: first v = momentum * v + grad(p), then p = p - lr * v; append p.",
           "v adds the whole gradient (not (1 − μ) times it), as torch.optim.SGD(momentum=μ) does."],
    mistakes=[
        *_TRAJECTORY_MISTAKES,
        Mistake("these are plain gradient steps: keep a velocity v ← μ v + ∇L(p) and step p ← p − η v.",
                lambda grad, p0, lr, n, mu: descend(grad, p0, lr, n)),
        Mistake("v ← μ v + (1 − μ) ∇L(p) is a running mean; torch.optim.SGD's momentum adds the whole gradient: "
                "v ← μ v + ∇L(p).", _running_mean_velocity),
        Mistake("the first step does not move: update the velocity first (v ← μ v + ∇L(p)), then step p ← p − η v.",
                _velocity_after_step),
        Mistake("the steps ignore the learning rate: p ← p − η v.",
                lambda grad, p0, lr, n, mu: descend_momentum(grad, p0, 1.0, n, mu)),
        Mistake("the loss goes up: wrong sign. Step against the velocity, p ← p − η v, with v ← μ v + ∇L(p).",
                lambda grad, p0, lr, n, mu: descend_momentum(_climbing(grad), p0, lr, n, mu)),
    ])


# --- Exercise 3: ∂L/∂W and ∂L/∂b ---------------------------------------------------------

def _weight_gradient(delta, h_prev):
    """The course's (∂L/∂W, ∂L/∂b) of a layer h_prev @ W + b: shapes (fan_in, fan_out) and (fan_out,)."""
    return h_prev.T @ delta, delta.sum(axis=0)


def _layer_part(result: Any, case: Case) -> np.ndarray:
    """The part of the pair (dW, db) that ``case`` checks, or a StudentMistake for a wrong shape of either."""
    delta, h_prev = case.args
    (n, fan_out), fan_in = delta.shape, h_prev.shape[1]
    dW, db = as_pair(result, "your result (dW, db)")
    dW, db = as_array(dW, "dW"), as_array(db, "db")
    if dW.shape == (fan_out, fan_in) and fan_in != fan_out:
        raise StudentMistake(f"dW has shape {dW.shape}, transposed: W has shape (fan_in, fan_out) = "
                             f"{(fan_in, fan_out)}, so dW = h_prevᵀ @ δ.")
    if db.shape == (n, fan_out):
        raise StudentMistake("db should have one entry per output unit: sum δ over the batch axis (axis=0).")
    if db.shape == (n,) and np.allclose(db, delta.sum(axis=1)):
        raise StudentMistake(f"db has one entry per example (summed over axis=1): sum δ over the batch axis "
                             f"(axis=0), one entry per output unit, shape ({fan_out},).")
    if db.size == 1 and np.allclose(db, delta.sum()):
        raise StudentMistake("db is one number, the sum of all of δ: sum over the batch axis only (axis=0), "
                             f"one entry per output unit, shape ({fan_out},).")
    return dW if case.facts["part"] == "dW" else db


def _layer_cases() -> tuple[Case, ...]:
    """dW, then db, of a square 4 → 4 layer with 6 examples (where a transposed dW fits, so it is recognised)
    and of a 3 → 2 layer with 5."""
    cases = []
    for seed, n, fan_in, fan_out in ((8, 6, 4, 4), (7, 5, 3, 2)):
        rng = np.random.default_rng(seed)
        args = rng.normal(size=(n, fan_out)), rng.normal(size=(n, fan_in))
        for part in ("dW", "db"):
            cases.append(Case(f"{part} of a {fan_in} → {fan_out} layer with {n} examples", args,
                              facts={"part": part, "n": n, "fan_in": fan_in, "fan_out": fan_out}))
    return tuple(cases)


_AVERAGED = "off by a factor of n = {n}: δ already carries the 1/n of the mean loss, so sum over the batch; don't average again."

WEIGHT_GRADIENT = LESSON.exercise(
    "∂L/∂W = δ · h", number=3, function="weight_gradient", reference=_weight_gradient, what="your gradient",
    cases=_layer_cases(), answer=_layer_part, labelled=True,
    hints=["A sum over the examples i of h_prev[i, k] * delta[i, j] is entry (k, j) of a matrix product whose "
           "inner index is i: put i last in the first factor (a transpose) and first in the second.",
           "As matrices: dW = h_prevᵀ @ δ has W's shape (fan_in, fan_out); db sums δ over the batch (axis 0).",
           "return h_prev.T @ delta, delta.sum(axis=0)   (no extra 1/n: it is inside δ already)"],
    mistakes=[
        Mistake("dW is transposed (a square {fan_in} → {fan_out} layer hides it in the shape): dW = h_prevᵀ @ δ, "
                "shape (fan_in, fan_out).", lambda d, h: (d.T @ h, d.sum(axis=0))),
        Mistake(_AVERAGED, lambda d, h: (h.T @ d / len(d), d.mean(axis=0))),
        Mistake(_AVERAGED, lambda d, h: (h.T @ d / len(d), d.sum(axis=0))),
        Mistake("db is off by a factor of n = {n}: sum δ over the batch, don't average.",
                lambda d, h: (h.T @ d, d.mean(axis=0))),
        Mistake("wrong sign: dW = h_prevᵀ @ δ and db = Σ δ (the minus sign belongs to the update step).",
                lambda d, h: (-(h.T @ d), -d.sum(axis=0))),
        Mistake("dW has the wrong sign: dW = h_prevᵀ @ δ (the minus sign belongs to the update step).",
                lambda d, h: (-(h.T @ d), d.sum(axis=0))),
        Mistake("db has the wrong sign: db = Σ over the batch of δ.", lambda d, h: (h.T @ d, -d.sum(axis=0))),
        Mistake("that is the first example only: h_prevᵀ @ δ sums the products over every example of the batch.",
                lambda d, h: (np.outer(h[0], d[0]), d.sum(axis=0))),
        Mistake("a product of sums is not a sum of products: dW = h_prevᵀ @ δ pairs each example's h with its own δ.",
                lambda d, h: (np.outer(h.sum(axis=0), d.sum(axis=0)), d.sum(axis=0))),
    ])


# --- Exercise 4: finite differences ------------------------------------------------------

def _wiggly(p: np.ndarray) -> float:
    return float(np.sum(np.sin(p) * p**2) + p[0] * p[1])


def _wiggly_matrix(P: np.ndarray) -> float:
    """A function of a matrix whose entries all matter differently (a row-at-a-time nudge gets it wrong)."""
    return float(np.sum(np.sin(P) * P**2) + P[0, 0] * P[-1, -1] + np.sum(P[:, 0]) ** 2)


def _forward_differences(f: Callable, p: np.ndarray, eps: float) -> np.ndarray:
    """The one-sided estimate (f(p + eps e_i) − f(p)) / eps."""
    grad = np.zeros_like(p)
    for i in np.ndindex(p.shape):
        up = p.copy()
        up[i] += eps
        grad[i] = (f(up) - f(p)) / eps
    return grad


# The lesson's kind (a vector), a random vector of 5, a 2 x 3 matrix; a large eps makes one-sided
# differences (and an ignored eps) visible.
_rng = np.random.default_rng(13)
_GRADIENT_CASES = (
    Case("a vector of 3", (_wiggly, np.array([0.5, -1.2, 2.0]), 1e-2), facts={"eps": 1e-2}),
    Case("a random vector of 5", (_wiggly, _rng.normal(size=5), 2e-2), facts={"eps": 2e-2}),
    Case("a 2 x 3 matrix", (_wiggly_matrix, _rng.normal(size=(2, 3)), 1e-2), facts={"eps": 1e-2}),
)
_EVERY_ENTRY = ("p[i] with an integer i is a whole row of a matrix: loop over every entry, "
                "for i in np.ndindex(p.shape).")

NUMERICAL_GRADIENT = LESSON.exercise(
    "finite differences", number=4, function="numerical_gradient", reference=central_differences,
    what="your gradient", cases=_GRADIENT_CASES, advice=_EVERY_ENTRY,
    changed_hint="put each entry back after nudging it (or nudge a copy).",
    hints=["For each entry i of p: nudge it up by eps, evaluate f, nudge it down by eps, evaluate f, put it back.",
           "Loop over every entry of an array of any shape with for i in np.ndindex(p.shape); p[i] is then one number.",
           "grad[i] = (f_plus − f_minus) / (2 * eps), in grad = np.zeros_like(p, dtype=float); restore p[i] = old."],
    mistakes=[
        Mistake("all zeros: f never saw the nudge. Change p itself (p[i] = old + eps), not a copy such as p.flatten(), "
                "and put it back afterwards.", when=lambda got, expected, case: not got.any()),
        Mistake("twice too large: the central difference divides by 2·eps.",
                lambda f, p, eps: 2 * central_differences(f, p, eps)),
        Mistake("half the right size: divide by 2·eps, not 4·eps (or nudge by ±eps, not ±eps/2).",
                lambda f, p, eps: central_differences(f, p, eps) / 2),
        Mistake("that is the one-sided difference (f(p+eps) − f(p))/eps: use (f(p+eps) − f(p−eps))/(2·eps), far more "
                "accurate.", _forward_differences),
        Mistake("wrong sign: subtract f(p − eps) from f(p + eps).", lambda f, p, eps: -central_differences(f, p, eps)),
        Mistake("this is the gradient for a tiny step, not for the eps = {eps:g} the check passed: use the argument eps.",
                lambda f, p, eps: central_differences(f, p, 1e-6)),
        Mistake("Make the gradient with np.zeros_like(p) and loop over every entry, for i in np.ndindex(p.shape).",
                shape=lambda case: (case.args[1].size,)),
        Mistake(_EVERY_ENTRY, shape=lambda case: case.args[1].shape[:1]),
        Mistake(_EVERY_ENTRY, when=lambda got, expected, case: case.args[1].ndim == 2),
    ])


# --- Exercise 5: the backward pass of a two-layer MLP ------------------------------------

def _onehot(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.eye(z.shape[1])[y]


def _mlp_grads(X, y, W1, b1, W2, b2, *, output=scratch.cross_entropy_grad, back=lambda d2, W2: d2 @ W2.T,
               slope=lambda z1, z2, h1, X: z1 > 0, layer=_weight_gradient) -> dict[str, np.ndarray]:
    """The gradients of the mean softmax cross-entropy of a two-layer ReLU MLP, built from its parts.

    X (n, d), y (n,) labels, W1 (d, m), b1 (m,), W2 (m, k), b2 (k,) -> {"W1", "b1", "W2", "b2"}, each of its
    parameter's shape. output : δ² from (z², y). back : the error sent back through W2. slope : relu′ at z¹.
    layer : a layer's (∂L/∂W, ∂L/∂b) from (δ, its input). A mistake is one part written wrong.
    """
    z1 = X @ W1 + b1
    h1 = np.maximum(z1, 0.0)
    z2 = h1 @ W2 + b2
    delta2 = output(z2, y)                               # (softmax(z²) − onehot(y)) / n
    delta1 = back(delta2, W2) * slope(z1, z2, h1, X)     # back through W2ᵀ, times relu′(z¹)
    (dW1, db1), (dW2, db2) = layer(delta1, X), layer(delta2, h1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def mlp_backward(X, y, W1, b1, W2, b2):
    """The course's backward pass of the two-layer ReLU MLP (row convention): see :func:`_mlp_grads`."""
    return _mlp_grads(X, y, W1, b1, W2, b2)


def _torch_mlp_grads(X, y, W1, b1, W2, b2) -> dict[str, np.ndarray]:
    """The same gradients from torch.autograd (float64): code the course did not write."""
    import torch

    params = {name: torch.tensor(p, dtype=torch.float64, requires_grad=True)
              for name, p in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
    h1 = torch.relu(torch.tensor(X) @ params["W1"] + params["b1"])
    logits = h1 @ params["W2"] + params["b2"]
    torch.nn.functional.cross_entropy(logits, torch.tensor(y)).backward()
    return {name: p.grad.numpy() for name, p in params.items()}


def _mlp_network(seed: int, n: int, d: int, m: int, k: int) -> tuple:
    """(X, y, W1, b1, W2, b2) of a d → m (ReLU) → k network on a batch of n, from a fixed seed."""
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, d)), rng.integers(0, k, size=n), rng.normal(size=(d, m)), rng.normal(size=m) * 0.5,
            rng.normal(size=(m, k)), rng.normal(size=k) * 0.5)


def _mlp_cases() -> tuple[Case, ...]:
    """Each gradient, in the order the backward pass computes them, of a square network (where a transposed
    matrix, or a mask from the wrong layer, still runs and is recognised), the lesson's kind and one of random sizes."""
    rng = np.random.default_rng(61)
    n, d, m = (int(v) for v in rng.integers((7, 4, 6), (12, 9, 10)))
    networks = (("a square 3 → 3 → 3 network on 5 examples", _mlp_network(63, 5, 3, 3, 3)),
                ("a 4 → 5 → 3 network on 6 examples", _mlp_network(62, 6, 4, 5, 3)),
                (f"a random {d} → {m} → {4} network on {n} examples", _mlp_network(64, n, d, m, 4)))
    shapes = lambda args: {"W1": args[2].shape, "b1": args[3].shape, "W2": args[4].shape, "b2": args[5].shape}  # noqa: E731
    return tuple(Case(f"∂L/∂{name} of {label}", args, facts={"name": name, "part": name, "shape": shapes(args)[name],
                                                            "n": len(args[1]), "shapes": shapes(args)})
                 for label, args in networks for name in ("W2", "b2", "W1", "b1"))


def _gradient_of(result: Any, case: Case) -> np.ndarray:
    """The gradient of the dict that ``case`` checks, or a StudentMistake for a result that is not such a dict."""
    if isinstance(result, (tuple, list)) and len(result) == 4:
        raise StudentMistake("return a dict {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}, not a "
                             f"{type(result).__name__}: a dict names each gradient, so none can be swapped.")
    if not isinstance(result, dict):
        raise StudentMistake(f"your result should be a dict {{'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}}, "
                             f"got {type(result).__name__}.")
    missing = [name for name in case.facts["shapes"] if name not in result]
    if missing:
        raise StudentMistake(f"your dict has no key {', '.join(repr(m) for m in missing)}: return the gradient of "
                             "every parameter, keys 'W1', 'b1', 'W2', 'b2'.")
    return as_array(result[case.facts["name"]], f"your ∂L/∂{case.facts['name']}")


def _slip(**part: Callable) -> Callable:
    """The backward pass with one part written wrong (see :func:`_mlp_grads`)."""
    return lambda X, y, W1, b1, W2, b2: _mlp_grads(X, y, W1, b1, W2, b2, **part)


def _for_bias(case: Case, shape: tuple) -> tuple | None:
    """``shape`` where the case checks a bias's gradient (a wrong shape of the batch sum), else None (no match)."""
    return shape if len(case.facts["shape"]) == 1 else None


_WRONG_MASK = "the mask comes from the wrong layer: δ¹ needs relu′(z¹), the slope of the hidden layer (z1 > 0), "

MLP_BACKWARD = LESSON.exercise(
    "backward pass of the MLP", number=5, function="mlp_backward", reference=mlp_backward, truth=_torch_mlp_grads,
    what="your gradient", cases=_mlp_cases(), answer=_gradient_of, labelled=True,
    advice="Use the shapes of the arguments, not fixed sizes.",
    hints=["First the forward pass, keeping z1, h1 and z2; then δ² at the output; then ∂L/∂W2, ∂L/∂b2; then δ¹; "
           "then ∂L/∂W1, ∂L/∂b1.",
           "δ² = (softmax(z2) − onehot(y)) / n is scratch.cross_entropy_grad(z2, y); a layer's gradients from its δ are "
           "your weight_gradient(δ, input of the layer).",
           "δ¹ = (δ² @ W2.T) * (z1 > 0): back through the transposed weights, times the ReLU's slope at z1 (0 or 1)."],
    mistakes=[
        Mistake("n times too large: the output δ² = (softmax(z²) − onehot(y)) / n carries the 1/n of the mean "
                "loss (n = len(y), the batch size).", _slip(output=lambda z2, y: softmax(z2) - _onehot(z2, y))),
        Mistake("wrong sign: the output δ² is softmax(z²) − onehot(y), the probabilities minus the truth (the "
                "minus of gradient descent belongs to the update step).",
                _slip(output=lambda z2, y: -scratch.cross_entropy_grad(z2, y))),
        Mistake("the output δ² is (softmax(z²) − onehot(y)) / n: the one-hot labels are missing (np.eye(k)[y]).",
                _slip(output=lambda z2, y: softmax(z2) / len(y))),
        Mistake("transposed: ∂L/∂W = h_prevᵀ @ δ has W's shape (fan_in, fan_out); δᵀ @ h_prev is its "
                "transpose (a square layer hides it in the shape).", _slip(layer=lambda d, h: (d.T @ h, d.sum(axis=0)))),
        Mistake("the error goes back through W2ᵀ: δ¹ = (δ² @ W2.T) * relu′(z¹). δ² @ W2 only fits because this "
                "network is square.", _slip(back=lambda d2, W2: d2 @ W2)),
        Mistake("the ReLU's derivative is missing: δ¹ = (δ² @ W2.T) * (z1 > 0). Where a hidden unit was off "
                "(z¹ ≤ 0), no gradient flows through it.", _slip(slope=lambda z1, z2, h1, X: 1.0)),
        Mistake("you multiplied by h¹ = relu(z¹), the activation; the chain rule needs its derivative, the "
                "mask (z1 > 0): 1 where the unit was on, 0 where it was off.", _slip(slope=lambda z1, z2, h1, X: h1)),
        Mistake(_WRONG_MASK + "not z2 > 0.", _slip(slope=lambda z1, z2, h1, X: z2 > 0)),
        Mistake(_WRONG_MASK + "not X > 0.", _slip(slope=lambda z1, z2, h1, X: X > 0)),
        Mistake("∂L/∂{name} is off by a factor of n: sum δ over the batch (δ.sum(axis=0)), don't average; the 1/n is "
                "already inside δ.", _slip(layer=lambda d, h: (h.T @ d, d.mean(axis=0)))),
        Mistake("n times too small: the 1/n is already inside δ², so sum over the batch (h.T @ δ, "
                "δ.sum(axis=0)); don't average a second time.", _slip(layer=lambda d, h: (h.T @ d / len(d), d.mean(axis=0)))),
        Mistake("transposed: ∂L/∂{name} has the shape of {name}, {shape}, so ∂L/∂W = h_prevᵀ @ δ (not δᵀ @ h_prev).",
                shape=lambda case: case.facts["shape"][::-1]),
        Mistake("one row per example: the bias is shared by the whole batch, so sum δ over the batch axis, "
                "δ.sum(axis=0).", shape=lambda case: _for_bias(case, (case.facts["n"], *case.facts["shape"]))),
        Mistake("one entry per example: you summed over axis=1; sum over the batch axis (axis=0), one entry per unit, "
                "shape {shape}.", shape=lambda case: _for_bias(case, (case.facts["n"],))),
        Mistake("one number: sum δ over the batch axis only (axis=0), one entry per unit, shape {shape}.",
                shape=lambda case: _for_bias(case, ())),
    ],
    on_error=[OnError(phrase, "Forward: z1 = X @ W1 + b1, z2 = h1 @ W2 + b2; backward: δ¹ = (δ² @ W2.T) * (z1 > 0), "
                              "∂L/∂W1 = X.T @ δ¹.") for phrase in ("matmul", "broadcast", "align")])


check_descend = DESCEND.check
check_descend_momentum = DESCEND_MOMENTUM.check
check_weight_gradient = WEIGHT_GRADIENT.check
check_numerical_gradient = NUMERICAL_GRADIENT.check
check_mlp_backward = MLP_BACKWARD.check


# Exercise 6, the autograd engine, has its own module; imported here, after Exercises 1-5, so that the
# lesson lists its exercises in the lesson's order.
from .engine import (ENGINE_ADD, ENGINE_BACKWARD, ENGINE_MUL, ENGINE_TANH, check_engine,  # noqa: E402,F401
                     check_engine_add, check_engine_backward, check_engine_mul, check_engine_tanh)

hint, solution, use, progress, course_version = LESSON.exports()
