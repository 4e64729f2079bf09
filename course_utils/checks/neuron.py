"""Checks for the exercises of notebook 01 (the neuron).

Each ``check_xxx(student_function)`` calls the student's function on inputs
chosen so that the typical mistakes give distinguishable answers, and on
inputs of other sizes drawn from a fixed seed (so that an answer copied from
the notebook, or code right only for the notebook's sizes, fails). It prints
one line (pass, a specific hint, or "not done yet") and returns the Feedback.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks.feedback import (Feedback, StudentMistake, as_array, as_number, call_student, close, compare,
                                          compare_cases, constant, failed, passed, run_check)


# The worked example of the lesson, a case whose products and bias differ in size (so that
# "forgot the bias" and "added instead of multiplied" cannot coincide) and a longer random one.
def _sum_cases() -> list[tuple[list[float], list[float], float]]:
    rng = np.random.default_rng(11)
    return [([5.0, 7.0], [0.1, 0.2], 0.5), ([2.0, -1.0, 4.0], [0.5, 3.0, -0.25], 1.5),
            (rng.normal(size=6).round(2).tolist(), rng.normal(size=6).round(2).tolist(), -0.75)]


def check_weighted_sum(weighted_sum) -> Feedback:
    """Exercise: ``weighted_sum(inputs, weights, bias)`` = sum_i w_i x_i + b for plain lists of any length."""
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
        return compare("weighted_sum", got, dots + biases, hints, what="your weighted sums")
    return run_check("weighted_sum", body)


def _layer_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    # A square W (3, 3) first, so that a transposed W still runs and can be recognised;
    # then sizes the notebook does not use, with d_in != m.
    rng = np.random.default_rng(1)
    square = rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)
    rng = np.random.default_rng(12)
    return [square, (rng.normal(size=(7, 4)), rng.normal(size=(4, 2)), rng.normal(size=2))]


def check_layer_forward(layer_forward) -> Feedback:
    """Exercise: ``layer_forward(X, W, b)`` = X @ W + b with X (n, d_in), W (d_in, d_out), b (d_out,)."""
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
        return compare_cases("layer_forward", (case(*c) for c in _layer_cases()), "your layer output",
                             require_array=True, advice="Use the matrix product X @ W, which works for any sizes.")
    return run_check("layer_forward", body)


def check_linear_from_weights(linear_from_weights) -> Feedback:
    """Exercise: ``linear_from_weights(w, b)`` returns an ``nn.Linear`` computing x @ w + b.

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
            return failed("linear_from_weights", f"return the nn.Linear layer itself, got {type(layer).__name__}.")
        if tuple(layer.weight.shape) != (d_out, d_in):
            return failed("linear_from_weights", f"for w of shape {tuple(w.shape)} layer.weight has shape "
                          f"{tuple(layer.weight.shape)}; nn.Linear({d_in}, {d_out}) stores its weight as (out, in) = "
                          f"({d_out}, {d_in}): make the layer from w's shape and copy w.T, not w.")
        if layer.bias is None:
            return failed("linear_from_weights", "the layer has no bias (bias=False): keep nn.Linear's bias and copy b into it.")
        with torch.no_grad():
            got = as_array(call_student(layer, x), "your layer's output")
            weight, bias = layer.weight.detach().double().numpy(), layer.bias.detach().double().numpy()
        wn, bn, xn = w.double().numpy(), b.double().numpy(), x.double().numpy()
        if close(weight, wn) and not close(weight, wn.T):
            return failed("linear_from_weights", "layer.weight is w itself, so the layer computes x @ w.T + b: "
                          "nn.Linear stores its weight as (out, in), copy w.T.")
        if close(weight, wn.T) and not close(bias, bn):
            return failed("linear_from_weights", "the weights are right but the bias is not: copy b into layer.bias too.")
        if close(weight, wn.T) and close(bias, bn) and np.allclose(got, xn @ wn + bn, rtol=1e-4, atol=1e-5):
            return None
        return failed("linear_from_weights", "the layer does not compute x @ w + b yet: copy w.T into layer.weight "
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
        return passed("linear_from_weights")
    return run_check("linear_from_weights", body)
