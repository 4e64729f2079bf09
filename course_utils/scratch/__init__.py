"""NumPy from scratch: the pieces of a neural network, written out by hand.

Usage: ``from course_utils import scratch`` then ``scratch.relu(x)``,
``scratch.MLP([2, 8, 1])`` and so on. This subpackage never imports PyTorch;
the tests check every piece against it.

- ``neuron``: ``weighted_sum``, ``layer_forward`` and ``two_layer_forward``, the
  forward pass of a neuron, a layer and the lesson's small network (notebook 01).
- ``deep``: ``first_layer_gradient`` and ``count_dead_units``, what happens to
  gradients and units in a deep stack (notebook 03).
- ``activations``: step, sigmoid, tanh, ReLU, Leaky ReLU, GELU, SiLU and their
  derivatives, plus the ``ACTIVATIONS`` registry (notebook 03).
- ``losses``: softmax, log-softmax, MSE, binary and multi-class cross-entropy
  with their gradients (notebook 04).
- ``layers``, ``mlp``: ``Parameter``, ``Linear``, ``Activation`` and the ``MLP``
  with forward/backward passes (notebooks 05 and 06).
- ``optim``: ``SGD`` (with momentum) and ``Adam``, as torch.optim (notebooks 05, 06).
- ``descent``: ``gradient_descent``, plain p ← p − η ∇L(p) on one parameter
  vector, stopping when the loss diverges (notebooks 04, 05 and the
  learning-rate explorer).
- ``perceptron``: the perceptron and its learning rule (notebook 02).
- ``train``: ``train_epoch`` (one shuffled pass in mini-batches: forward,
  loss, backward, step), ``train_mlp`` (epochs of it with Adam, validation and
  a History; ``Diverged`` when the logits become NaN or inf) and ``accuracy``,
  to train the MLP on MNIST (notebook 06).
- ``gradcheck``: finite-difference gradients to check backward passes (notebook 05).
- ``engine``: ``Value``, a scalar autograd engine in the spirit of micrograd:
  each operation's chain rule beside it, ``backward()`` in topological order
  (notebook 05).
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
from .deep import count_dead_units, first_layer_gradient
from .engine import Value
from .descent import Descent, gradient_descent, parameters_to_vector, vector_to_parameters
from .gradcheck import gradient_check, numerical_gradient
from .layers import Activation, Linear, Parameter
from .neuron import layer_forward, two_layer_forward, weighted_sum
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
from .mlp import MLP
from .optim import SGD, Adam
from .perceptron import Perceptron
from .train import Diverged, History, accuracy, train_epoch, train_mlp

__all__ = [
    "weighted_sum", "layer_forward", "two_layer_forward", "first_layer_gradient", "count_dead_units",
    "ACTIVATIONS", "get_activation",
    "step", "step_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad",
    "relu", "relu_grad", "leaky_relu", "leaky_relu_grad",
    "gelu", "gelu_grad", "silu", "silu_grad",
    "softmax", "log_softmax", "mse", "mse_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "cross_entropy", "cross_entropy_grad", "cross_entropy_and_grad",
    "Parameter", "Linear", "Activation", "MLP", "SGD", "Adam", "Perceptron",
    "numerical_gradient", "gradient_check", "Value",
    "gradient_descent", "Descent", "parameters_to_vector", "vector_to_parameters",
    "train_epoch", "train_mlp", "accuracy", "History", "Diverged",
]
