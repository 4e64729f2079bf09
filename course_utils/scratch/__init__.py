"""NumPy from scratch: the pieces of a neural network, written out by hand.

Usage: ``from course_utils import scratch`` then ``scratch.relu(x)``,
``scratch.MLP([2, 8, 1])`` and so on. This subpackage never imports PyTorch;
the tests check every piece against it.

- ``activations``: step, sigmoid, tanh, ReLU, Leaky ReLU, GELU, SiLU and their
  derivatives, plus the ``ACTIVATIONS`` registry (notebook 03).
- ``losses``: softmax, log-softmax, MSE, binary and multi-class cross-entropy
  with their gradients (notebook 04).
- ``gradcheck``: finite-difference gradients to check backward passes (notebook 05).
"""

from .activations import (
    ACTIVATIONS,
    gelu,
    gelu_grad,
    get_activation,
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    silu,
    silu_grad,
    step,
    step_grad,
    tanh,
    tanh_grad,
)
from .gradcheck import gradient_check, numerical_gradient
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_and_grad,
    cross_entropy_grad,
    log_softmax,
    mse,
    mse_grad,
    softmax,
)

__all__ = [
    "ACTIVATIONS", "get_activation",
    "step", "step_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad",
    "relu", "relu_grad", "leaky_relu", "leaky_relu_grad",
    "gelu", "gelu_grad", "silu", "silu_grad",
    "softmax", "log_softmax", "mse", "mse_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "cross_entropy", "cross_entropy_grad", "cross_entropy_and_grad",
    "numerical_gradient", "gradient_check",
]
