"""scratch.neuron: one neuron, one layer and the lesson's two-layer network, against torch and finite differences."""

import re

import numpy as np
import pytest
import torch

from course_utils import scratch
from course_utils.checks.neuron import FIGURE_B1, FIGURE_W1, FIGURE_W2
from course_utils.scratch.gradcheck import numerical_gradient


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def _torch_network(W1, b1, W2, b2):
    net = torch.nn.Sequential(torch.nn.Linear(*W1.shape, dtype=torch.float64), torch.nn.ReLU(),
                              torch.nn.Linear(*W2.shape, dtype=torch.float64), torch.nn.Sigmoid())
    with torch.no_grad():
        for layer, W, b in ((net[0], W1, b1), (net[2], W2, b2)):
            layer.weight.copy_(torch.from_numpy(W.T))
            layer.bias.copy_(torch.from_numpy(b))
    return net


@pytest.mark.parametrize("n, d_in, m", [(1, 2, 3), (200, 2, 3), (9, 5, 1), (3, 1, 7)])
def test_two_layer_forward_matches_torch(n, d_in, m, rng):
    X, W1, b1 = rng.normal(size=(n, d_in)), rng.normal(size=(d_in, m)), rng.normal(size=m)
    W2, b2 = rng.normal(size=(m, 1)), rng.normal(size=1)
    net = _torch_network(W1, b1, W2, b2)
    with torch.no_grad():
        expected = net(torch.from_numpy(X)).numpy()
    got = scratch.two_layer_forward(X, W1, b1, W2, b2)
    assert got.shape == (n, 1) and np.allclose(got, expected, rtol=1e-12, atol=1e-14)


def test_two_layer_forward_gradient_matches_autograd_and_finite_differences(rng):
    X, W1, b1 = rng.normal(size=(4, 2)), rng.normal(size=(2, 3)), rng.normal(size=3)
    W2, b2 = rng.normal(size=(3, 1)), rng.normal(size=1)
    x = torch.from_numpy(X).requires_grad_(True)
    _torch_network(W1, b1, W2, b2)(x).sum().backward()
    numeric = numerical_gradient(lambda X_: float(scratch.two_layer_forward(X_, W1, b1, W2, b2).sum()), X)
    assert np.allclose(numeric, x.grad.numpy(), rtol=1e-5, atol=1e-8)


def test_two_layer_forward_edge_cases():
    X = np.array([[1.0, 2.0]])
    W1, b1 = np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([0.0, 0.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # huge logits: 0 and 1 without an overflow
        assert scratch.two_layer_forward(X, W1, b1, np.array([[1000.0], [0.0]]), np.array([0.0]))[0, 0] == 1.0
        assert scratch.two_layer_forward(X, W1, b1, np.array([[-1000.0], [0.0]]), np.array([0.0]))[0, 0] == 0.0
    dead = scratch.two_layer_forward(X, -np.abs(W1), b1 - 5, np.array([[3.0], [4.0]]), np.array([-0.3]))
    assert np.isclose(dead[0, 0], scratch.sigmoid(-0.3))      # every hidden neuron 0: only the output bias is left
    ints = scratch.two_layer_forward([[5, 7]], FIGURE_W1, FIGURE_B1, FIGURE_W2, [0.1])
    assert np.isclose(ints[0, 0], scratch.sigmoid(-0.3))      # the worked student, lists of ints


@pytest.mark.parametrize("args, error, fragment", [
    ((np.zeros(2), np.zeros((2, 3)), np.zeros(3), np.zeros((3, 1)), np.zeros(1)), ValueError, "X must have 2 dimension"),
    ((np.zeros((4, 2)), np.zeros((3, 3)), np.zeros(3), np.zeros((3, 1)), np.zeros(1)), ValueError, "W1 must have shape (2, N)"),
    ((np.zeros((4, 2)), np.zeros((2, 3)), np.zeros(2), np.zeros((3, 1)), np.zeros(1)), ValueError, "b1 must have shape (3,)"),
    ((np.zeros((4, 2)), np.zeros((2, 3)), np.zeros(3), np.zeros(3), np.zeros(1)), ValueError, "W2 must have shape (3, 1)"),
    ((np.zeros((4, 2)), np.zeros((2, 3)), np.zeros(3), np.zeros((3, 1)), 0.5), ValueError, "b2 must have shape (1,)"),
    ((np.array([["a", "b"]]), np.zeros((2, 3)), np.zeros(3), np.zeros((3, 1)), np.zeros(1)), TypeError, "X must be an array of real"),
])
def test_two_layer_forward_rejects_bad_input_naming_the_argument(args, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        scratch.two_layer_forward(*args)


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: scratch.weighted_sum([1.0, 2.0], [1.0], 0.0), ValueError, "inputs and weights must have the same length"),
    (lambda: scratch.weighted_sum([1.0], [1.0], "0"), TypeError, "bias must be"),
    (lambda: scratch.layer_forward(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros(3)), ValueError, "W must have shape (3, N)"),
    (lambda: scratch.layer_forward(np.zeros((2, 3)), np.zeros((3, 2)), np.zeros(3)), ValueError, "b must have shape (2,)"),
])
def test_weighted_sum_and_layer_forward_reject_bad_input_naming_the_argument(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        call()


def test_weighted_sum_and_layer_forward_agree_with_numpy_and_torch(rng):
    x, w = rng.normal(size=5), rng.normal(size=5)
    assert np.isclose(scratch.weighted_sum(x.tolist(), w.tolist(), 0.25), x @ w + 0.25)
    X, W, b = rng.normal(size=(6, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
    Z = scratch.layer_forward(X, W, b)
    linear = torch.nn.functional.linear(torch.from_numpy(X), torch.from_numpy(W.T), torch.from_numpy(b))
    assert np.allclose(Z, linear.numpy(), rtol=1e-12)
