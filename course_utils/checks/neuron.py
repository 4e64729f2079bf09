"""The exercises of lesson 01 (the neuron): the course's versions, and the tables their checks run.

Exercises 1-3 are tables (:class:`~.exercise.Exercise`): the lesson's own inputs, a
square W where a transposed one still runs, sizes the lesson does not use (from a
fixed seed, so code right only for the lesson's sizes fails), and each typical
mistake as the wrong code beside its message. Exercise 4 returns an ``nn.Linear``,
not numbers, so its check is written out. The course's versions, what ``use`` hands
a later cell while the student's function is unfinished, are scratch's (``scratch.neuron``),
and for Exercise 4, which needs torch, the one below.
"""

from __future__ import annotations

import numpy as np

from course_utils import scratch
from course_utils.scratch import layer_forward, two_layer_forward, weighted_sum
from course_utils.validation import check_type

from .compare import close, constant
from .exercise import Case, Mistake, OnError
from .lessons import lesson
from .report import Feedback, failed, passed
from .sandbox import StudentMistake, call_student
from .student_result import as_array

LESSON = lesson("01_neuron")


# --- the course's version of Exercise 4 (what ``use`` falls back to; the solution is the lesson's text) ---

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


# --- Exercise 1 · weighted_sum ----------------------------------------------------------------

# The worked example of the lesson, a case whose products and bias differ in size (so that
# "forgot the bias" and "added instead of multiplied" cannot coincide) and a longer random one.
_rng = np.random.default_rng(11)
_SUM_CASES = (
    Case("the worked example", ([5.0, 7.0], [0.1, 0.2], 0.5)),
    Case("inputs [2, -1, 4]", ([2.0, -1.0, 4.0], [0.5, 3.0, -0.25], 1.5)),
    Case("six inputs", (_rng.normal(size=6).round(2).tolist(), _rng.normal(size=6).round(2).tolist(), -0.75)),
)
_ONE_LEFT_OUT = "one input is left out (off by one): zip(inputs, weights) visits every pair."

WEIGHTED_SUM = LESSON.exercise(
    "weighted_sum", number=1, function="weighted_sum", reference=weighted_sum, what="your weighted sum",
    cases=_SUM_CASES,
    ignores_input="the same number for different inputs: compute the sum from inputs, weights and bias.",
    hints=["Multiply each input by the weight at the same position, add up the products, then add the bias once.",
           "Start from total = 0.0 and walk through the pairs with `for x_i, w_i in zip(inputs, weights):`, "
           "so that lists of any length work.",
           "Inside the loop `total += x_i * w_i`; after it `return total + bias`."],
    mistakes=[
        Mistake("you forgot to add the bias b at the end.", lambda x, w, b: np.dot(x, w)),
        Mistake("the bias is added, not subtracted.", lambda x, w, b: np.dot(x, w) - b),
        Mistake("wrong sign: the sum is +(w·x + b).", lambda x, w, b: -(np.dot(x, w) + b)),
        Mistake("multiply each input by its own weight, then add the products.", lambda x, w, b: sum(x) + sum(w) + b),
        Mistake("add the bias once, after the sum, not to every product.", lambda x, w, b: np.dot(x, w) + len(x) * b),
        Mistake("add the products up (a sum), do not average them.", lambda x, w, b: np.dot(x, w) / len(x) + b),
        Mistake("only the first two inputs are used: loop over all of them (for x_i, w_i in zip(inputs, weights)), "
                "so that lists of any length work.", lambda x, w, b: np.dot(x[:2], w[:2]) + b),
        Mistake(_ONE_LEFT_OUT, lambda x, w, b: np.dot(x[:-1], w[:-1]) + b),
        Mistake(_ONE_LEFT_OUT, lambda x, w, b: np.dot(x[1:], w[1:]) + b),
        Mistake("these are the products one by one: add them up, then add the bias, to get one number.",
                shape=lambda case: (len(case.args[0]),)),
    ])


# --- Exercise 2 · layer_forward ----------------------------------------------------------------

def _first_row_only(got: np.ndarray, expected: np.ndarray, case: Case) -> bool:
    """Row 0 is right and every other row repeats it: one input computed, then copied."""
    return len(got) > 1 and close(got[:1], expected[:1]) and close(got[1:], np.broadcast_to(got[:1], got[1:].shape))


# A square W (3, 3) first, so that a transposed W still runs and can be recognised;
# then sizes the notebook does not use, with d_in != m.
_rng, _rng12 = np.random.default_rng(1), np.random.default_rng(12)
_LAYER_CASES = (
    Case("X of shape (5, 3), W of shape (3, 3)", (_rng.normal(size=(5, 3)), _rng.normal(size=(3, 3)), _rng.normal(size=3))),
    Case("X of shape (7, 4), W of shape (4, 2)",
         (_rng12.normal(size=(7, 4)), _rng12.normal(size=(4, 2)), _rng12.normal(size=2))),
)
_NO_ACTIVATION = "no activation in this exercise: return the pre-activations X @ W + b."

LAYER_FORWARD = LESSON.exercise(
    "layer_forward", number=2, function="layer_forward", reference=layer_forward, what="your layer output",
    cases=_LAYER_CASES, require_array=True, advice="Use the matrix product X @ W, which works for any sizes.",
    hints=["One matrix product gives every neuron's weighted sum for every row of X; then the bias vector is "
           "added to every row.",
           "Shapes: X (n, d_in) @ W (d_in, m) is (n, m), and b of shape (m,) is added to each of the n rows "
           "(NumPy broadcasts it).",
           "`return X @ W + b`"],
    mistakes=[
        Mistake("you forgot to add the bias b.", lambda X, W, b: X @ W),
        Mistake("W is transposed: with W of shape (d_in, d_out) the product is X @ W.", lambda X, W, b: X @ W.T + b),
        Mistake("the bias is added, not subtracted.", lambda X, W, b: X @ W - b),
        Mistake(_NO_ACTIVATION, lambda X, W, b: scratch.relu(X @ W + b)),
        Mistake(_NO_ACTIVATION, lambda X, W, b: scratch.sigmoid(X @ W + b)),
        Mistake("every row is b: the inputs are missing (X @ W).", lambda X, W, b: np.broadcast_to(b, (len(X), len(b)))),
        Mistake("only the first row (input) is right: every row of X is one input, and X @ W + b handles them all.",
                when=_first_row_only),
        Mistake("every entry is the same number: compute the output from X, W and b.",
                when=lambda got, expected, case: constant(got)),
    ])


# --- Exercise 3 · two_layer_forward ------------------------------------------------------------

# The figure's network (section 2 of the notebook): W1 holds one column per hidden neuron.
FIGURE_W1 = np.array([[0.1, 0.3, -0.2], [0.2, -0.1, 0.4]])
FIGURE_B1 = np.array([0.5, -1.0, 0.2])
FIGURE_W2 = np.array([[0.5], [-1.0], [-0.8]])
FIGURE_B2 = np.array([0.1])
_STUDENTS = np.array([[5.0, 7.0], [1.0, 2.0], [9.0, 6.0], [3.0, 9.0]])


def _network_case(label: str, X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> Case:
    return Case(label, (X, W1, b1, W2, b2), facts={"n": X.shape[0], "m": W1.shape[1]})


def _random_network(seed: int, n: int, d_in: int, m: int) -> Case:
    rng = np.random.default_rng(seed)
    return _network_case(f"X of shape ({n}, {d_in}), W1 of shape ({d_in}, {m})", rng.normal(size=(n, d_in)),
                         rng.normal(size=(d_in, m)), rng.normal(size=m), rng.normal(size=(m, 1)), rng.normal(size=1))


# A square W1 first (a transposed W1 runs there and is recognised), the figure's network on
# four students and on the worked student alone, then sizes the notebook does not use.
_TWO_LAYER_CASES = (
    _random_network(13, 4, 3, 3),
    _network_case("the figure's network on four students", _STUDENTS, FIGURE_W1, FIGURE_B1, FIGURE_W2, FIGURE_B2),
    _network_case("the worked student alone", _STUDENTS[:1], FIGURE_W1, FIGURE_B1, FIGURE_W2, FIGURE_B2),
    _random_network(14, 7, 4, 5),
)
_sig, _relu = scratch.sigmoid, scratch.relu
_B2_IN_HIDDEN = "b2 reaches the hidden layer: b1 is the hidden neurons' bias, b2 the output neuron's, one each."
# Functions of one number (section 2's relu and sigmoid, math.exp) handed an array raise one of these.
_SCALAR_ONLY = (" The relu and sigmoid of section 2 take one number; for arrays use scratch.relu and "
                "scratch.sigmoid (or np.maximum(Z, 0) and 1 / (1 + np.exp(-Z))).")
_FOLLOW_SHAPES = (" Follow the shapes: X (n, d_in) @ W1 (d_in, m) + b1 (m,) is (n, m); H (n, m) @ W2 (m, 1) + b2 (1,) "
                  "is (n, 1). No .T is needed.")
_ONE_STUDENT = ("that is one student's answer. X holds one student per row: compute with X @ W1 for all rows at "
                "once (no X[0], no loop that keeps only one student).")

TWO_LAYER_FORWARD = LESSON.exercise(
    "two_layer_forward", number=3, function="two_layer_forward", reference=two_layer_forward,
    what="your probabilities", cases=_TWO_LAYER_CASES, require_array=True,
    hints=["Two layers, one after the other: the hidden layer's outputs H are the inputs of the output layer, "
           "and each layer is a weighted sum (your layer_forward) followed by its own activation.",
           "Hidden layer: H = ReLU(X W1 + b1), shape (n, m). Output layer: p = sigmoid(H W2 + b2), shape (n, 1). "
           "The relu and sigmoid of section 2 take one number; scratch.relu and scratch.sigmoid take whole arrays.",
           "`H = scratch.relu(layer_forward(X, W1, b1))`, then "
           "`return scratch.sigmoid(layer_forward(H, W2, b2))`."],
    mistakes=[
        Mistake("W1 is transposed: in this lesson's notation a layer is X @ W1 with W1 of shape (d_in, m), one column "
                "per hidden neuron (no .T).", lambda X, W1, b1, W2, b2: _sig(_relu(X @ W1.T + b1) @ W2 + b2)),
        Mistake("the hidden layer has no ReLU: H = ReLU(X W1 + b1) before the output layer (without it the network is "
                "one linear function).", lambda X, W1, b1, W2, b2: _sig((X @ W1 + b1) @ W2 + b2)),
        Mistake("the hidden layer uses the sigmoid: the figure's hidden neurons are ReLU neurons, only the output "
                "neuron has the sigmoid.", lambda X, W1, b1, W2, b2: _sig(_sig(X @ W1 + b1) @ W2 + b2)),
        Mistake("the activations are swapped: ReLU belongs to the hidden layer, the sigmoid to the output neuron.",
                lambda X, W1, b1, W2, b2: _relu(_sig(X @ W1 + b1) @ W2 + b2)),
        Mistake("the output neuron uses ReLU: it needs the sigmoid, p = sigmoid(H W2 + b2), a probability between 0 "
                "and 1.", lambda X, W1, b1, W2, b2: _relu(_relu(X @ W1 + b1) @ W2 + b2)),
        Mistake("these are the output neuron's pre-activations (logits): apply the sigmoid to get probabilities.",
                lambda X, W1, b1, W2, b2: _relu(X @ W1 + b1) @ W2 + b2),
        Mistake("the hidden layer's bias b1 is missing: H = ReLU(X W1 + b1).",
                lambda X, W1, b1, W2, b2: _sig(_relu(X @ W1) @ W2 + b2)),
        Mistake("the output neuron's bias b2 is missing: p = sigmoid(H W2 + b2).",
                lambda X, W1, b1, W2, b2: _sig(_relu(X @ W1 + b1) @ W2)),
        Mistake("both biases are missing: each layer adds its own b.", lambda X, W1, b1, W2, b2: _sig(_relu(X @ W1) @ W2)),
        Mistake("b1 is added after the ReLU: the bias belongs inside, ReLU(X W1 + b1).",
                lambda X, W1, b1, W2, b2: _sig((_relu(X @ W1) + b1) @ W2 + b2)),
        Mistake("b2 is added after the sigmoid: the bias belongs inside, sigmoid(H W2 + b2).",
                lambda X, W1, b1, W2, b2: _sig(_relu(X @ W1 + b1) @ W2) + b2),
        Mistake(_B2_IN_HIDDEN, lambda X, W1, b1, W2, b2: _sig(_relu(X @ W1 + b1 + b2) @ W2 + b2)),
        Mistake(_B2_IN_HIDDEN, lambda X, W1, b1, W2, b2: _sig(_relu(X @ W1 + b2) @ W2 + b2)),
        Mistake("wrong sign: p = sigmoid(z_out), not sigmoid(-z_out) or 1 - p.",
                lambda X, W1, b1, W2, b2: 1 - two_layer_forward(X, W1, b1, W2, b2)),
        Mistake("these are 0/1 predictions: return the probabilities themselves (the threshold 0.5 comes later).",
                lambda X, W1, b1, W2, b2: (two_layer_forward(X, W1, b1, W2, b2) > 0.5).astype(float)),
        Mistake("only the first student (row) is right: X holds one student per row, and X @ W1 handles all rows at once.",
                when=_first_row_only),
        Mistake("every probability is the same number: compute them from X and the weights.",
                when=lambda got, expected, case: constant(got)),
        Mistake("one probability per student, but without the column. Keep the (n, 1) that the output layer gives "
                "(no [:, 0], .ravel() or .squeeze()).", shape=lambda case: (case.facts["n"],)),
        Mistake("transposed. Students are rows: X @ W1, then H @ W2 (not W1.T @ X.T).",
                shape=lambda case: (1, case.facts["n"])),
        Mistake("one column per hidden neuron, the hidden layer H. The output layer (W2, b2 and the sigmoid) turns it "
                "into one probability per student.", shape=lambda case: (case.facts["n"], case.facts["m"])),
        Mistake(_ONE_STUDENT, shape=lambda case: ()),
        Mistake(_ONE_STUDENT, shape=lambda case: (1,)),
        Mistake(_ONE_STUDENT, shape=lambda case: (1, 1)),
    ],
    on_error=[*(OnError(phrase, _SCALAR_ONLY) for phrase in (
                  "only length-1 arrays", "only size-1 arrays", "truth value of an array", "only 0-dimensional arrays")),
              *(OnError(phrase, _FOLLOW_SHAPES) for phrase in ("matmul", "shapes", "could not be broadcast"))])

# --- Exercise 4 · linear_from_weights ----------------------------------------------------------

check_weighted_sum = WEIGHTED_SUM.check
check_layer_forward = LAYER_FORWARD.check
check_two_layer_forward = TWO_LAYER_FORWARD.check


def _linear_from_weights_body(linear_from_weights) -> Feedback:
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
    return body()


LINEAR_FROM_WEIGHTS = LESSON.exercise(
    "linear_from_weights", number=4, function="linear_from_weights", reference=linear_from_weights,
    hints=["nn.Linear(in_features, out_features) makes the layer; it stores its weight as (out, in), the transpose "
           "of our w of shape (d_in, d_out).",
           "Take the sizes from w.shape, then copy w.T into layer.weight and b into layer.bias inside "
           "`with torch.no_grad():` (copying is not part of the computation to differentiate).",
           "`layer = torch.nn.Linear(w.shape[0], w.shape[1])`; in `with torch.no_grad():` call "
           "`layer.weight.copy_(w.T)` and `layer.bias.copy_(b)`; `return layer`."],
    body=_linear_from_weights_body)
check_linear_from_weights = LINEAR_FROM_WEIGHTS.check


hint, solution, use, progress, course_version = LESSON.exports()
