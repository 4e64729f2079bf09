"""scratch.deep: the gradient of a deep stack at its first layer, against torch.autograd and finite
differences, and the count of dead units."""

import re

import numpy as np
import pytest
import torch

from course_utils import scratch

TORCH_F = {scratch.sigmoid: torch.sigmoid, scratch.tanh: torch.tanh, scratch.relu: torch.relu}


def autograd_first_layer_gradient(X, Ws, bs, f, f_grad):
    """The same gradient by torch.autograd, returned as a float64 tensor (requires no grad)."""
    W_t = [torch.tensor(W, requires_grad=(l == 0)) for l, W in enumerate(Ws)]
    h = torch.tensor(X)
    for W, b in zip(W_t, bs):
        h = TORCH_F[f](h @ W + torch.tensor(b))
    h.sum().backward()
    return W_t[0].grad


def random_stack(widths, n, seed):
    rng = np.random.default_rng(seed)
    Ws = [rng.normal(size=(a, b)) for a, b in zip(widths[:-1], widths[1:])]
    bs = [rng.normal(size=b) for b in widths[1:]]
    return rng.normal(size=(n, widths[0])), Ws, bs


@pytest.mark.parametrize("widths, n, name", [
    ([3, 4], 5, "sigmoid"),             # one layer
    ([2, 6, 1], 1, "tanh"),             # a single input
    ([5, 3, 3, 7, 2], 8, "sigmoid"),
    ([4, 4, 4, 4, 4, 4], 3, "relu"),
])
def test_first_layer_gradient_matches_autograd(widths, n, name):
    X, Ws, bs = random_stack(widths, n, seed=len(widths))
    f, f_grad = scratch.get_activation(name)
    got = scratch.first_layer_gradient(X, Ws, bs, f, f_grad)
    expected = autograd_first_layer_gradient(X, Ws, bs, f, f_grad).numpy()
    assert got.shape == Ws[0].shape and np.allclose(got, expected, rtol=1e-10, atol=1e-12)


def test_first_layer_gradient_matches_finite_differences():
    X, Ws, bs = random_stack([3, 4, 2, 3], 4, seed=7)

    def output(W1):
        h = X
        for W, b in zip([W1, *Ws[1:]], bs):
            h = np.tanh(h @ W + b)
        return h.sum()
    eps, numeric = 1e-6, np.zeros_like(Ws[0])
    for i, j in np.ndindex(Ws[0].shape):
        step = np.zeros_like(Ws[0])
        step[i, j] = eps
        numeric[i, j] = (output(Ws[0] + step) - output(Ws[0] - step)) / (2 * eps)
    got = scratch.first_layer_gradient(X, Ws, bs, scratch.tanh, scratch.tanh_grad)
    assert np.allclose(got, numeric, rtol=1e-6, atol=1e-8)


def test_first_layer_gradient_vanishes_with_sigmoid_and_not_with_relu():
    rng = np.random.default_rng(0)
    Ws = [rng.normal(scale=np.sqrt(2 / 16), size=(16, 16)) for _ in range(24)]
    X, bs = rng.normal(size=(32, 16)), [np.zeros(16)] * 24
    norm = {name: np.linalg.norm(scratch.first_layer_gradient(X, Ws, bs, *scratch.get_activation(name)))
            for name in ("sigmoid", "relu")}
    assert norm["sigmoid"] < 1e-8 * norm["relu"]


@pytest.mark.parametrize("args, error, message", [
    (([1.0, 2.0], [np.eye(2)], [np.zeros(2)]), ValueError, "X must have 2 dimension(s)"),
    ((np.ones((2, 3)), [np.eye(2)], [np.zeros(2)]), ValueError, "Ws[0] must have 3 rows (X has 3 columns)"),
    ((np.ones((2, 2)), [np.eye(2), np.ones((3, 2))], [np.zeros(2)] * 2), ValueError, "Ws[1] must have 2 rows (Ws[0] gives 2 columns)"),
    ((np.ones((2, 2)), [np.eye(2)], [np.zeros(3)]), ValueError, "bs[0] must have shape (2,)"),
    ((np.ones((2, 2)), [np.eye(2)], []), TypeError, "bs must be a non-empty list"),
    ((np.ones((2, 2)), np.eye(2), [np.zeros(2)]), TypeError, "Ws must be a non-empty list"),
    ((np.ones((2, 2)), [np.eye(2)] * 2, [np.zeros(2)]), ValueError, "Ws and bs must hold one entry per layer"),
    ((np.array([["a", "b"]]), [np.eye(2)], [np.zeros(2)]), TypeError, "X must be an array of real numbers"),
])
def test_first_layer_gradient_rejects_bad_input_naming_the_argument(args, error, message):
    with pytest.raises(error, match=re.escape(message)):
        scratch.first_layer_gradient(*args, scratch.sigmoid, scratch.sigmoid_grad)
    with pytest.raises(TypeError, match="f_grad must be a callable"):
        scratch.first_layer_gradient(np.ones((2, 2)), [np.eye(2)], [np.zeros(2)], scratch.sigmoid, 0.25)


def test_count_dead_units_reference_counts_and_rejects_a_vector():
    assert scratch.count_dead_units(np.array([[0.0, 1.0, 0.0], [0.0, 2.0, 3.0]])) == 1
    with pytest.raises(ValueError, match="H must have 2 dimension"):
        scratch.count_dead_units(np.zeros(3))
