"""Checks for the exercises of notebook 01 (the neuron).

Each ``check_xxx(student_function)`` calls the student's function on inputs
chosen so that the typical mistakes give distinguishable answers, and on
inputs of other sizes drawn from a fixed seed (so that an answer copied from
the notebook, or code right only for the notebook's sizes, fails). It prints
one line (pass, a specific hint, or "not done yet") and returns the Feedback.

Every exercise is registered with a ladder of hints, the notebook's own solution
text and the course's version: the function of the same name below (that
solution, with its arguments checked). ``use`` hands a later cell the student's
function once its check passed, else the course's version; its name is the
student's, so ``hint(two_layer_forward)`` still finds the exercise after ``use``.
"""

from __future__ import annotations

import numpy as np

from course_utils import scratch
from .compare import close, compare, compare_cases, constant
from .exercise import run_check
from .lessons import lesson
from .report import failed, Feedback, passed
from .sandbox import call_student, StudentMistake
from .student_result import as_array, as_number, expect_array
from course_utils.validation import as_float_array, check_type

LESSON = lesson("01_neuron")


# --- the course's versions (what ``use`` falls back to; the solutions are the notebook's text) -------

def weighted_sum(inputs, weights, bias):
    """sum_i inputs[i] * weights[i] + bias for two sequences of numbers of the same length."""
    x = as_float_array(inputs, "inputs", ndim=1)
    w = as_float_array(weights, "weights", ndim=1)
    if x.shape != w.shape:
        raise ValueError(f"inputs and weights must have the same length, got {x.size} and {w.size}")
    check_type(bias, (int, float, np.number), "bias", "one number")
    total = 0.0
    for x_i, w_i in zip(x.tolist(), w.tolist()):
        total += x_i * w_i
    return total + float(bias)


def _layer_arrays(X, W, b, names=("X", "W", "b")):
    X = as_float_array(X, names[0], ndim=2)
    W = as_float_array(W, names[1], shape=(X.shape[1], None))
    b = as_float_array(b, names[2], shape=(W.shape[1],))
    return X, W, b


def layer_forward(X, W, b):
    """Pre-activations of a layer: X (n, d_in), W (d_in, m), b (m,) -> Z = X W + b, shape (n, m)."""
    X, W, b = _layer_arrays(X, W, b)
    return X @ W + b


def two_layer_forward(X, W1, b1, W2, b2):
    """The figure's network: ReLU hidden layer, sigmoid output neuron.

    X (n, d_in), W1 (d_in, m), b1 (m,), W2 (m, 1), b2 (1,) -> p (n, 1), the probabilities.
    """
    X, W1, b1 = _layer_arrays(X, W1, b1, ("X", "W1", "b1"))
    W2 = as_float_array(W2, "W2", shape=(W1.shape[1], 1))
    b2 = as_float_array(b2, "b2", shape=(1,))
    H = scratch.relu(X @ W1 + b1)          # (n, m): the hidden outputs, never negative
    return scratch.sigmoid(H @ W2 + b2)    # (n, 1): the output neuron's probability


def linear_from_weights(w, b):
    """An nn.Linear computing x @ w + b; w tensor (d_in, d_out), b tensor (d_out,)."""
    import torch  # only this exercise needs torch

    check_type(w, torch.Tensor, "w", "a tensor of shape (d_in, d_out)")
    check_type(b, torch.Tensor, "b", "a tensor of shape (d_out,)")
    if w.ndim != 2 or b.shape != (w.shape[1],):
        raise ValueError(f"w must have shape (d_in, d_out) and b shape (d_out,), got {tuple(w.shape)} and {tuple(b.shape)}")
    layer = torch.nn.Linear(w.shape[0], w.shape[1])
    with torch.no_grad():
        layer.weight.copy_(w.T)   # nn.Linear stores (out, in)
        layer.bias.copy_(b)
    return layer


# --- the exercises: hints general to specific, the notebook's own solution ------------------

WEIGHTED_SUM = LESSON.exercise(
    "weighted_sum", number=1, function="weighted_sum", reference=weighted_sum,
    hints=["Multiply each input by the weight at the same position, add up the products, then add the bias once.",
           "Start from total = 0.0 and walk through the pairs with `for x_i, w_i in zip(inputs, weights):`, "
           "so that lists of any length work.",
           "Inside the loop `total += x_i * w_i`; after it `return total + bias`."])

LAYER_FORWARD = LESSON.exercise(
    "layer_forward", number=2, function="layer_forward", reference=layer_forward,
    hints=["One matrix product gives every neuron's weighted sum for every row of X; then the bias vector is "
           "added to every row.",
           "Shapes: X (n, d_in) @ W (d_in, m) is (n, m), and b of shape (m,) is added to each of the n rows "
           "(NumPy broadcasts it).",
           "`return X @ W + b`"])

TWO_LAYER_FORWARD = LESSON.exercise(
    "two_layer_forward", number=3, function="two_layer_forward", reference=two_layer_forward,
    hints=["Two layers, one after the other: the hidden layer's outputs H are the inputs of the output layer, "
           "and each layer is a weighted sum (your layer_forward) followed by its own activation.",
           "Hidden layer: H = ReLU(X W1 + b1), shape (n, m). Output layer: p = sigmoid(H W2 + b2), shape (n, 1). "
           "The relu and sigmoid of section 2 take one number; scratch.relu and scratch.sigmoid take whole arrays.",
           "`H = scratch.relu(layer_forward(X, W1, b1))`, then "
           "`return scratch.sigmoid(layer_forward(H, W2, b2))`."])

LINEAR_FROM_WEIGHTS = LESSON.exercise(
    "linear_from_weights", number=4, function="linear_from_weights", reference=linear_from_weights,
    hints=["nn.Linear(in_features, out_features) makes the layer; it stores its weight as (out, in), the transpose "
           "of our w of shape (d_in, d_out).",
           "Take the sizes from w.shape, then copy w.T into layer.weight and b into layer.bias inside "
           "`with torch.no_grad():` (copying is not part of the computation to differentiate).",
           "`layer = torch.nn.Linear(w.shape[0], w.shape[1])`; in `with torch.no_grad():` call "
           "`layer.weight.copy_(w.T)` and `layer.bias.copy_(b)`; `return layer`."])


# --- Exercise 1 · weighted_sum -----------------------------------------------------------------

# The worked example of the lesson, a case whose products and bias differ in size (so that
# "forgot the bias" and "added instead of multiplied" cannot coincide) and a longer random one.
def _sum_cases() -> list[tuple[list[float], list[float], float]]:
    rng = np.random.default_rng(11)
    return [([5.0, 7.0], [0.1, 0.2], 0.5), ([2.0, -1.0, 4.0], [0.5, 3.0, -0.25], 1.5),
            (rng.normal(size=6).round(2).tolist(), rng.normal(size=6).round(2).tolist(), -0.75)]


def check_weighted_sum(weighted_sum) -> Feedback:
    """Exercise 1: ``weighted_sum(inputs, weights, bias)`` = sum_i w_i x_i + b for plain lists of any length."""
    def body() -> Feedback:
        cases = _sum_cases()
        got = np.array([as_number(call_student(weighted_sum, list(x), list(w), b), "your weighted sum")
                        for x, w, b in cases])
        dots = np.array([np.dot(x, w) for x, w, _ in cases])
        biases = np.array([b for *_, b in cases])
        sizes = np.array([len(x) for x, _, _ in cases])

        def partial(terms: slice) -> np.ndarray:
            return np.array([np.dot(x[terms], w[terms]) + b for x, w, b in cases])
        hints = [
            (lambda g: close(g, dots), "you forgot to add the bias b at the end."),
            (lambda g: close(g, dots - biases), "the bias is added, not subtracted."),
            (lambda g: close(g, -(dots + biases)), "wrong sign: the sum is +(w·x + b)."),
            (lambda g: close(g, np.array([sum(x) + sum(w) + b for x, w, b in cases])),
             "multiply each input by its own weight, then add the products."),
            (lambda g: close(g, dots + sizes * biases), "add the bias once, after the sum, not to every product."),
            (lambda g: close(g, dots / sizes + biases), "add the products up (a sum), do not average them."),
            (lambda g: close(g, partial(slice(0, 2))), "only the first two inputs are used: loop over all of them "
             "(for x_i, w_i in zip(inputs, weights)), so that lists of any length work."),
            (lambda g: close(g, partial(slice(0, -1))) or close(g, partial(slice(1, None))),
             "one input is left out (off by one): zip(inputs, weights) visits every pair."),
            (constant, f"you return {got[0]:g} whatever the inputs: compute the sum from inputs, weights and bias."),
        ]
        return compare(WEIGHTED_SUM.name, got, dots + biases, hints, what="your weighted sums")
    return run_check(WEIGHTED_SUM, body)


# --- Exercise 2 · layer_forward ----------------------------------------------------------------

def _layer_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    # A square W (3, 3) first, so that a transposed W still runs and can be recognised;
    # then sizes the notebook does not use, with d_in != m.
    rng = np.random.default_rng(1)
    square = rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)
    rng = np.random.default_rng(12)
    return [square, (rng.normal(size=(7, 4)), rng.normal(size=(4, 2)), rng.normal(size=2))]


def check_layer_forward(layer_forward) -> Feedback:
    """Exercise 2: ``layer_forward(X, W, b)`` = X @ W + b with X (n, d_in), W (d_in, d_out), b (d_out,)."""
    def case(X: np.ndarray, W: np.ndarray, b: np.ndarray):
        Z = X @ W + b
        hints = [
            (lambda g: close(g, X @ W), "you forgot to add the bias b."),
            (lambda g: close(g, X @ W.T + b), "W is transposed: with W of shape (d_in, d_out) the product is X @ W."),
            (lambda g: close(g, X @ W - b), "the bias is added, not subtracted."),
            (lambda g: close(g, np.maximum(Z, 0)) or close(g, 1 / (1 + np.exp(-Z))),
             "no activation in this exercise: return the pre-activations X @ W + b."),
            (lambda g: close(g, np.broadcast_to(b, Z.shape)), "every row is b: the inputs are missing (X @ W)."),
            (lambda g: close(g[:1], Z[:1]) and close(g[1:], np.broadcast_to(g[:1], g[1:].shape)),
             "only the first row (input) is right: every row of X is one input, and X @ W + b handles them all."),
            (constant, "every entry is the same number: compute the output from X, W and b."),
        ]
        label = f"X of shape {X.shape}, W of shape {W.shape}"
        return label, lambda: call_student(layer_forward, X.copy(), W.copy(), b.copy()), Z, hints

    def body() -> Feedback:
        return compare_cases(LAYER_FORWARD.name, (case(*c) for c in _layer_cases()), "your layer output",
                             require_array=True, advice="Use the matrix product X @ W, which works for any sizes.")
    return run_check(LAYER_FORWARD, body)


# --- Exercise 3 · two_layer_forward ------------------------------------------------------------

# The figure's network (section 2 of the notebook): W1 holds one column per hidden neuron.
FIGURE_W1 = np.array([[0.1, 0.3, -0.2], [0.2, -0.1, 0.4]])
FIGURE_B1 = np.array([0.5, -1.0, 0.2])
FIGURE_W2 = np.array([[0.5], [-1.0], [-0.8]])
FIGURE_B2 = np.array([0.1])


def _two_layer_cases() -> list[tuple[np.ndarray, ...]]:
    """(X, W1, b1, W2, b2) each: a square W1 first (a transposed W1 still runs there), the figure's
    network on four students, the worked student alone, then sizes the notebook does not use."""
    rng = np.random.default_rng(13)
    square = (rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=3),
              rng.normal(size=(3, 1)), rng.normal(size=1))
    students = np.array([[5.0, 7.0], [1.0, 2.0], [9.0, 6.0], [3.0, 9.0]])
    figure = (students, FIGURE_W1, FIGURE_B1, FIGURE_W2, FIGURE_B2)
    worked = (students[:1], FIGURE_W1, FIGURE_B1, FIGURE_W2, FIGURE_B2)
    rng = np.random.default_rng(14)
    unseen = (rng.normal(size=(7, 4)), rng.normal(size=(4, 5)), rng.normal(size=5),
              rng.normal(size=(5, 1)), rng.normal(size=1))
    return [square, figure, worked, unseen]


def _sig(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0)


def _two_layer_hints(X, W1, b1, W2, b2) -> list:
    """The typical wrong answers for one case, each (test, hint), most specific first."""
    Z1 = X @ W1 + b1
    H = _relu(Z1)
    z_out = H @ W2 + b2
    p = _sig(z_out)
    return [
        (lambda g: close(g, _sig(_relu(X @ W1.T + b1) @ W2 + b2)),
         "W1 is transposed: in this lesson's notation a layer is X @ W1 with W1 of shape (d_in, m), one column "
         "per hidden neuron (no .T)."),
        (lambda g: close(g, _sig(Z1 @ W2 + b2)),
         "the hidden layer has no ReLU: H = ReLU(X W1 + b1) before the output layer (without it the network is one "
         "linear function)."),
        (lambda g: close(g, _sig(_sig(Z1) @ W2 + b2)),
         "the hidden layer uses the sigmoid: the figure's hidden neurons are ReLU neurons, only the output neuron "
         "has the sigmoid."),
        (lambda g: close(g, _relu(_sig(Z1) @ W2 + b2)),
         "the activations are swapped: ReLU belongs to the hidden layer, the sigmoid to the output neuron."),
        (lambda g: close(g, _relu(z_out)),
         "the output neuron uses ReLU: it needs the sigmoid, p = sigmoid(H W2 + b2), a probability between 0 and 1."),
        (lambda g: close(g, z_out),
         "these are the output neuron's pre-activations (logits): apply the sigmoid to get probabilities."),
        (lambda g: close(g, _sig(_relu(X @ W1) @ W2 + b2)),
         "the hidden layer's bias b1 is missing: H = ReLU(X W1 + b1)."),
        (lambda g: close(g, _sig(H @ W2)), "the output neuron's bias b2 is missing: p = sigmoid(H W2 + b2)."),
        (lambda g: close(g, _sig(_relu(X @ W1) @ W2)), "both biases are missing: each layer adds its own b."),
        (lambda g: close(g, _sig((_relu(X @ W1) + b1) @ W2 + b2)),
         "b1 is added after the ReLU: the bias belongs inside, ReLU(X W1 + b1)."),
        (lambda g: close(g, _sig(H @ W2) + b2),
         "b2 is added after the sigmoid: the bias belongs inside, sigmoid(H W2 + b2)."),
        (lambda g: close(g, _sig(_relu(Z1 + b2) @ W2 + b2)) or close(g, _sig(_relu(X @ W1 + b2) @ W2 + b2)),
         "b2 reaches the hidden layer: b1 is the hidden neurons' bias, b2 the output neuron's, one each."),
        (lambda g: close(g, 1 - p), "wrong sign: p = sigmoid(z_out), not sigmoid(-z_out) or 1 - p."),
        (lambda g: close(g, (p > 0.5).astype(float)),
         "these are 0/1 predictions: return the probabilities themselves (the threshold 0.5 comes later)."),
        (lambda g: len(g) > 1 and close(g[:1], p[:1]) and close(g[1:], np.broadcast_to(g[:1], g[1:].shape)),
         "only the first student (row) is right: X holds one student per row, and X @ W1 handles all rows at once."),
        (constant, "every probability is the same number: compute them from X and the weights."),
    ]


def _two_layer_shape_hint(shape: tuple, n: int, m: int) -> str:
    if shape == (n,):
        return (": one probability per student, but without the column. Keep the (n, 1) that the output layer "
                "gives (no [:, 0], .ravel() or .squeeze()).")
    if shape == (1, n) and n > 1:
        return ": transposed. Students are rows: X @ W1, then H @ W2 (not W1.T @ X.T)."
    if shape == (n, m):
        return (": one column per hidden neuron, the hidden layer H. The output layer (W2, b2 and the sigmoid) "
                "turns it into one probability per student.")
    if len(shape) <= 1 or (n > 1 and shape[0] == 1):
        return (": that is one student's answer. X holds one student per row: compute with X @ W1 for all rows at "
                "once (no X[0], no loop that keeps only one student).")
    return "."


_SCALAR_FUNCTIONS = ("only length-1 arrays", "only size-1 arrays", "truth value of an array", "only 0-dimensional arrays")


def _advice(mistake: StudentMistake) -> str:
    """What to add to the message of a function that raised: the usual causes in this exercise."""
    text = str(mistake)
    if any(phrase in text for phrase in _SCALAR_FUNCTIONS):
        return (" The relu and sigmoid of section 2 take one number; for arrays use scratch.relu and "
                "scratch.sigmoid (or np.maximum(Z, 0) and 1 / (1 + np.exp(-Z))).")
    if "matmul" in text or "shapes" in text or "could not be broadcast" in text:
        return (" Follow the shapes: X (n, d_in) @ W1 (d_in, m) + b1 (m,) is (n, m); H (n, m) @ W2 (m, 1) + b2 (1,) "
                "is (n, 1). No .T is needed.")
    return ""


def check_two_layer_forward(two_layer_forward) -> Feedback:
    """Exercise 3: ``two_layer_forward(X, W1, b1, W2, b2)`` = sigmoid(ReLU(X W1 + b1) W2 + b2), shape (n, 1).

    Tried on a square W1 (a transposed W1 runs there and is recognised), the figure's network on
    four students and on the worked student alone, then on sizes the notebook does not use.
    """
    what = "your probabilities"

    def body() -> Feedback:
        first = None
        for X, W1, b1, W2, b2 in _two_layer_cases():
            label = f"X of shape {X.shape}, W1 of shape {W1.shape}"
            expected = _sig(_relu(X @ W1 + b1) @ W2 + b2)
            try:
                got = call_student(two_layer_forward, X.copy(), W1.copy(), b1.copy(), W2.copy(), b2.copy())
                arr = expect_array(got, what)
            except StudentMistake as mistake:
                where = f"right for {first}, but for {label} " if first else ""
                raise StudentMistake(f"{where}{mistake}{_advice(mistake)}") from mistake
            where = f" for {label}" if first else ""
            if arr.shape != expected.shape:
                return failed(TWO_LAYER_FORWARD.name, f"{what}{where} have shape {arr.shape}, expected "
                              f"{expected.shape}{_two_layer_shape_hint(arr.shape, X.shape[0], W1.shape[1])}")
            result = compare(TWO_LAYER_FORWARD.name, got, expected, _two_layer_hints(X, W1, b1, W2, b2),
                             what=what + where, require_array=True) if not _close_enough(arr, expected) else None
            if result is not None:
                return result
            first = first or label
        return passed(TWO_LAYER_FORWARD.name)
    return run_check(TWO_LAYER_FORWARD, body)


def _close_enough(got: np.ndarray, expected: np.ndarray) -> bool:
    with np.errstate(all="ignore"):  # compare's own tolerance
        return bool(np.allclose(got, expected, rtol=1e-6, atol=1e-8))


# --- Exercise 4 · linear_from_weights ----------------------------------------------------------

def check_linear_from_weights(linear_from_weights) -> Feedback:
    """Exercise 4: ``linear_from_weights(w, b)`` returns an ``nn.Linear`` computing x @ w + b.

    w : tensor (in_features, out_features); b : tensor (out_features,).
    nn.Linear stores its weight as (out_features, in_features), so w must be transposed.
    Tried on a square w first (a w copied without .T then runs but computes x @ w.T + b),
    then on sizes the notebook does not use.
    """
    import torch  # only this check needs torch

    def one(d_in: int, d_out: int, seed: int) -> Feedback | None:
        gen = torch.Generator().manual_seed(seed)
        w, b = torch.randn(d_in, d_out, generator=gen), torch.randn(d_out, generator=gen)
        x = torch.randn(6, d_in, generator=gen)
        layer = call_student(linear_from_weights, w.clone(), b.clone())
        if not isinstance(layer, torch.nn.Linear):
            return failed(LINEAR_FROM_WEIGHTS.name, f"return the nn.Linear layer itself, got {type(layer).__name__}.")
        if tuple(layer.weight.shape) != (d_out, d_in):
            return failed(LINEAR_FROM_WEIGHTS.name, f"for w of shape {tuple(w.shape)} layer.weight has shape "
                          f"{tuple(layer.weight.shape)}; nn.Linear({d_in}, {d_out}) stores its weight as (out, in) = "
                          f"({d_out}, {d_in}): make the layer from w's shape and copy w.T, not w.")
        if layer.bias is None:
            return failed(LINEAR_FROM_WEIGHTS.name, "the layer has no bias (bias=False): keep nn.Linear's bias and copy b into it.")
        if layer.weight.dtype != w.dtype:
            return failed(LINEAR_FROM_WEIGHTS.name, f"the layer's weight is {str(layer.weight.dtype).removeprefix('torch.')}"
                          f" but w and the inputs are {str(w.dtype).removeprefix('torch.')}: keep nn.Linear's own dtype "
                          "(copy_ converts the values for you; no .double()).")
        with torch.no_grad():
            got = as_array(call_student(layer, x), "your layer's output")
            weight, bias = layer.weight.detach().double().numpy(), layer.bias.detach().double().numpy()
        wn, bn, xn = w.double().numpy(), b.double().numpy(), x.double().numpy()
        if close(weight, wn) and not close(weight, wn.T):
            return failed(LINEAR_FROM_WEIGHTS.name, "layer.weight is w itself, so the layer computes x @ w.T + b: "
                          "nn.Linear stores its weight as (out, in), copy w.T.")
        if close(weight, wn.T) and not close(bias, bn):
            return failed(LINEAR_FROM_WEIGHTS.name, "the weights are right but the bias is not: copy b into layer.bias too.")
        if close(weight, wn.T) and close(bias, bn) and np.allclose(got, xn @ wn + bn, rtol=1e-4, atol=1e-5):
            return None
        return failed(LINEAR_FROM_WEIGHTS.name, "the layer does not compute x @ w + b yet: copy w.T into layer.weight "
                      "and b into layer.bias inside torch.no_grad().")

    def body() -> Feedback:
        for i, (d_in, d_out, seed) in enumerate([(3, 3, 3), (4, 3, 2), (5, 2, 4)]):
            try:
                outcome = one(d_in, d_out, seed)
            except StudentMistake as mistake:
                if i == 0:
                    raise
                raise StudentMistake(f"right for w of shape (3, 3), but for w of shape ({d_in}, {d_out}) {mistake} "
                                     "Make the layer from w's shape: nn.Linear(w.shape[0], w.shape[1]).") from mistake
            if outcome is not None:
                return outcome
        return passed(LINEAR_FROM_WEIGHTS.name)
    return run_check(LINEAR_FROM_WEIGHTS, body)


hint, solution, use, progress, course_version = LESSON.exports()
