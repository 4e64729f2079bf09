"""The notebook-01 checks pass the reference solutions, name the typical mistakes and survive broken functions."""

import time

import numpy as np
import pytest
import torch

from course_utils.checks import feedback, neuron


def stub(*args):
    raise NotImplementedError()


def weighted_sum(inputs, weights, bias):
    total = 0.0
    for x_i, w_i in zip(inputs, weights):
        total += x_i * w_i
    return total + bias


def layer_forward(X, W, b):
    return X @ W + b


def linear_from_weights(w, b, transpose=True, copy_bias=True, bias=True, sizes=None):
    d_in, d_out = sizes or w.shape
    layer = torch.nn.Linear(d_in, d_out, bias=bias)
    with torch.no_grad():
        if transpose:
            layer.weight.copy_(w.T)
        else:
            layer.weight = torch.nn.Parameter(w.clone())
        if copy_bias and bias:
            layer.bias.copy_(b)
    return layer


def copy_without_transpose(w, b):
    layer = torch.nn.Linear(*w.shape)
    with torch.no_grad():
        layer.weight.copy_(w)  # runs only for a square w
        layer.bias.copy_(b)
    return layer


def _fail(feedback_, hint, capsys=None):
    assert feedback_.status == "fail", feedback_
    assert hint in feedback_.message, feedback_.message
    assert "\n" not in feedback_.message
    if capsys is not None:
        assert hint in capsys.readouterr().out


def test_references_pass():
    assert neuron.check_weighted_sum(weighted_sum).passed
    assert neuron.check_layer_forward(layer_forward).passed
    assert neuron.check_linear_from_weights(linear_from_weights).passed


def test_numpy_solutions_pass_too():
    assert neuron.check_weighted_sum(lambda x, w, b: np.dot(x, w) + b).passed
    assert neuron.check_layer_forward(lambda X, W, b: np.einsum("ni,im->nm", X, W) + b).passed


# weighted_sum -----------------------------------------------------------------
@pytest.mark.parametrize("mistake, hint", [
    (lambda x, w, b: sum(xi * wi for xi, wi in zip(x, w)), "forgot to add the bias"),
    (lambda x, w, b: sum(xi * wi for xi, wi in zip(x, w)) - b, "added, not subtracted"),
    (lambda x, w, b: -(sum(xi * wi for xi, wi in zip(x, w)) + b), "wrong sign"),
    (lambda x, w, b: sum(x) + sum(w) + b, "multiply each input"),
    (lambda x, w, b: sum(xi * wi + b for xi, wi in zip(x, w)), "add the bias once"),
    (lambda x, w, b: np.mean([xi * wi for xi, wi in zip(x, w)]) + b, "do not average"),
    (lambda x, w, b: x[0] * w[0] + x[1] * w[1] + b, "only the first two inputs"),
    (lambda x, w, b: sum(x[i] * w[i] for i in range(len(x) - 1)) + b, "off by one"),
    (lambda x, w, b: 2.4, "you return 2.4 whatever the inputs"),
])
def test_weighted_sum_mistakes_get_their_hint(mistake, hint, capsys):
    _fail(neuron.check_weighted_sum(mistake), hint, capsys)


@pytest.mark.parametrize("broken, hint", [
    (lambda x, w, b: None, "forget the `return`"),
    (lambda x, w, b: [xi * wi for xi, wi in zip(x, w)], "should be one number"),
    (lambda x, w, b: x @ w + b, "raised TypeError"),
    (lambda x, w, b: "2.4", "should be a number"),
    (2.4, "pass the function itself"),
])
def test_weighted_sum_broken_functions_get_one_line(broken, hint):
    _fail(neuron.check_weighted_sum(broken), hint)


# layer_forward ----------------------------------------------------------------
@pytest.mark.parametrize("mistake, hint", [
    (lambda X, W, b: X @ W, "forgot to add the bias"),
    (lambda X, W, b: X @ W.T + b, "transposed"),
    (lambda X, W, b: X @ W - b, "added, not subtracted"),
    (lambda X, W, b: np.maximum(X @ W + b, 0), "no activation"),
    (lambda X, W, b: 1 / (1 + np.exp(-(X @ W + b))), "no activation"),
    (lambda X, W, b: np.tile(b, (len(X), 1)), "every row is b"),
    (lambda X, W, b: np.tile(X[0] @ W + b, (len(X), 1)), "only the first row"),
    (lambda X, W, b: np.zeros((len(X), W.shape[1])), "every entry is the same"),
    (lambda X, W, b: (X @ W + b).T, "transposed"),
    (lambda X, W, b: (X @ W + b).sum(axis=1), "shape"),
    (lambda X, W, b: (X @ W + b).astype(np.float16), "float16"),
])
def test_layer_forward_mistakes_get_their_hint(mistake, hint):
    _fail(neuron.check_layer_forward(mistake), hint)


def square_only(X, W, b):
    Z = np.zeros((X.shape[0], W.shape[0]))  # d_in columns: right only when W is square
    for j in range(W.shape[0]):
        Z[:, j] = X @ W[:, j] + b[j]
    return Z


def notebook_sizes_only(X, W, b):
    if X.shape != (5, 3):
        raise ValueError("only for the example")
    return X @ W + b


def changes_X(X, W, b):
    X *= 1.0
    X[0] = 0.0
    return X @ W + b


def test_stubs_are_not_done():
    for check in (neuron.check_weighted_sum, neuron.check_layer_forward, neuron.check_linear_from_weights):
        feedback_ = check(stub)
        assert feedback_.status == "todo" and "not done yet" in feedback_.message


@pytest.mark.parametrize("broken, hint", [
    (lambda X, W, b: None, "forget the `return`"),
    (lambda X, W, b: (X @ W + b).tolist(), "should be a NumPy array"),
    (square_only, "but for X of shape (7, 4), W of shape (4, 2) your function raised IndexError"),
    (lambda X, W, b: np.hstack([X @ W + b, np.zeros((len(X), 3 - W.shape[1]))]),
     "your layer output for X of shape (7, 4), W of shape (4, 2) has shape (7, 3), expected (7, 2)"),
    (notebook_sizes_only, "right for X of shape (5, 3), W of shape (3, 3), but for X of shape (7, 4)"),
    (changes_X, "changed its argument `X` in place"),
    (lambda X, W, b: X * W + b, "raised ValueError"),
])
def test_layer_forward_broken_functions_get_one_line(broken, hint):
    _fail(neuron.check_layer_forward(broken), hint)


def test_slow_function_is_stopped(monkeypatch):
    monkeypatch.setattr(feedback, "TIME_LIMIT", 0.2)

    def forever(X, W, b):
        while True:
            pass
    started = time.monotonic()
    _fail(neuron.check_layer_forward(forever), "was stopped")
    assert time.monotonic() - started < 5


# linear_from_weights ----------------------------------------------------------
@pytest.mark.parametrize("make, hint", [
    (lambda w, b: linear_from_weights(w, b, transpose=False), "layer.weight is w itself"),
    (lambda w, b: linear_from_weights(w, b, transpose=w.shape[0] == w.shape[1]), "copy w.T, not w"),
    (copy_without_transpose, "layer.weight is w itself"),
    (lambda w, b: linear_from_weights(w, b, copy_bias=False), "copy b into layer.bias"),
    (lambda w, b: linear_from_weights(w, b, bias=False), "no bias (bias=False)"),
    (lambda w, b: linear_from_weights(w, b, sizes=(3, 3)), "but for w of shape (4, 3) your function raised RuntimeError"),
    (lambda w, b: torch.nn.Sequential(linear_from_weights(w, b)), "return the nn.Linear layer itself"),
    (lambda w, b: np.zeros(3), "nn.Linear"),
    (lambda w, b: torch.nn.Linear(*w.shape), "does not compute x @ w + b"),
])
def test_linear_from_weights_mistakes_get_their_hint(make, hint):
    _fail(neuron.check_linear_from_weights(make), hint)


def test_linear_from_weights_forgotten_return():
    _fail(neuron.check_linear_from_weights(lambda w, b: None), "forget the `return`")


def raises_own_error(*args):
    raise KeyError("oops")


@pytest.mark.parametrize("check", [neuron.check_weighted_sum, neuron.check_layer_forward,
                                   neuron.check_linear_from_weights])
def test_a_raising_function_is_one_failed_line(check):
    _fail(check(raises_own_error), "your function raised KeyError: 'oops'")
