"""Checks for the exercises of notebook 01 (the neuron).

Each ``check_xxx(student_function)`` calls the student's function on inputs
chosen so that the typical mistakes give distinguishable answers, prints one
line (pass, a specific hint, or "not done yet") and returns the Feedback.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks.feedback import Feedback, as_number, call_student, close, compare, failed, passed, run_check

# Worked example of the lesson plus a case whose products and bias differ in size,
# so that "forgot the bias" and "added instead of multiplied" cannot coincide.
_SUM_CASES = [([5.0, 7.0], [0.1, 0.2], 0.5), ([2.0, -1.0, 4.0], [0.5, 3.0, -0.25], 1.5)]


def check_weighted_sum(weighted_sum) -> Feedback:
    """Exercise: ``weighted_sum(inputs, weights, bias)`` = sum_i w_i x_i + b for plain lists."""
    def body() -> Feedback:
        got = np.array([as_number(call_student(weighted_sum, list(x), list(w), b), "your weighted sum")
                        for x, w, b in _SUM_CASES])
        dots = np.array([np.dot(x, w) for x, w, _ in _SUM_CASES])
        biases = np.array([b for *_, b in _SUM_CASES])
        plain_sums = np.array([sum(x) + sum(w) for x, w, _ in _SUM_CASES])
        hints = [
            (lambda g: close(g, dots), "you forgot to add the bias b at the end."),
            (lambda g: close(g, dots - biases), "the bias is added, not subtracted."),
            (lambda g: close(g, -(dots + biases)), "wrong sign: the sum is +(w·x + b)."),
            (lambda g: close(g, plain_sums + biases), "multiply each input by its own weight, then add the products."),
        ]
        return compare("weighted_sum", got, dots + biases, hints, what="your weighted sums")
    return run_check("weighted_sum", body)


def _layer_case() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # A square W (3, 3) so that a transposed W still runs and can be recognised.
    rng = np.random.default_rng(1)
    return rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)


def check_layer_forward(layer_forward) -> Feedback:
    """Exercise: ``layer_forward(X, W, b)`` = X @ W + b with X (n, d_in), W (d_in, d_out), b (d_out,)."""
    def body() -> Feedback:
        X, W, b = _layer_case()
        got = call_student(layer_forward, X.copy(), W.copy(), b.copy())
        hints = [
            (lambda g: close(g, X @ W), "you forgot to add the bias b."),
            (lambda g: close(g, X @ W.T + b), "W is transposed: with W of shape (d_in, d_out) the product is X @ W."),
            (lambda g: close(g, (X * W).sum(axis=1, keepdims=True) + b), "use a matrix product (X @ W), not an elementwise one."),
            (lambda g: close(g, X @ W - b), "the bias is added, not subtracted."),
        ]
        return compare("layer_forward", got, X @ W + b, hints, what="your layer output")
    return run_check("layer_forward", body)


def check_linear_from_weights(linear_from_weights) -> Feedback:
    """Exercise: ``linear_from_weights(w, b)`` returns an ``nn.Linear`` computing x @ w + b.

    w : tensor (in_features, out_features); b : tensor (out_features,).
    nn.Linear stores its weight as (out_features, in_features), so w must be transposed.
    """
    import torch  # only this check needs torch

    def body() -> Feedback:
        gen = torch.Generator().manual_seed(2)
        w, b = torch.randn(4, 3, generator=gen), torch.randn(3, generator=gen)
        x = torch.randn(6, 4, generator=gen)
        layer = call_student(linear_from_weights, w.clone(), b.clone())
        if not isinstance(layer, torch.nn.Linear):
            return failed("linear_from_weights", f"return the nn.Linear layer itself, got {type(layer).__name__}.")
        if tuple(layer.weight.shape) != (3, 4):
            return failed("linear_from_weights", f"layer.weight has shape {tuple(layer.weight.shape)}; nn.Linear(4, 3) "
                          "stores its weight as (out, in) = (3, 4): copy w.T, not w.")
        with torch.no_grad():
            got = layer(x).numpy()
        expected = (x @ w + b).numpy()
        if close(got - layer.bias.detach().numpy(), (x @ w).numpy()) and not close(layer.bias.detach().numpy(), b.numpy()):
            return failed("linear_from_weights", "the weights are right but the bias is not: copy b into layer.bias too.")
        if close(got, expected):
            return passed("linear_from_weights")
        return failed("linear_from_weights", "the layer does not compute x @ w + b yet: copy w.T into layer.weight "
                      "and b into layer.bias inside torch.no_grad().")
    return run_check("linear_from_weights", body)
