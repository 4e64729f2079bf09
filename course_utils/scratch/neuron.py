"""A neuron and a layer of neurons, forward only, in NumPy (notebook 01).

``weighted_sum`` is one neuron's sum of its inputs times its weights, plus its bias;
``layer_forward`` is a whole layer on a batch (one row per input); ``two_layer_forward``
is the lesson's network: a ReLU hidden layer, then one sigmoid output neuron.
"""

import numpy as np

from ..validation import as_float_array, check_type
from .activations import relu, sigmoid

__all__ = ["weighted_sum", "layer_forward", "two_layer_forward"]


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
    H = relu(X @ W1 + b1)          # (n, m): the hidden outputs, never negative
    return sigmoid(H @ W2 + b2)    # (n, 1): the output neuron's probability
