"""Activation functions and their derivatives, in NumPy (notebook 03).

Each function ``f`` sits next to its derivative ``f_grad``; both act
elementwise, so the output has the shape of the input ``x``. The derivatives
take the *pre-activation* ``x`` (not the output), as backpropagation needs
``σ'(aˡ)`` at the layer's input ``aˡ`` (notebook 05).

float64 in gives float64 out and float32 in gives float32 out; integers and
Python numbers are treated as float64.

``ACTIVATIONS`` maps each name to its pair ``(f, f_grad)``: the explorers'
drop-downs, the ``MLP`` and the tests all read this one table.
"""

import math

import numpy as np

from ..validation import as_float_array, check_real

__all__ = [
    "step", "step_grad",
    "sigmoid", "sigmoid_grad",
    "tanh", "tanh_grad",
    "relu", "relu_grad",
    "leaky_relu", "leaky_relu_grad",
    "gelu", "gelu_grad",
    "silu", "silu_grad",
    "ACTIVATIONS", "get_activation",
]


def step(x):
    """Heaviside step: 1 where x > 0, else 0 (the perceptron's output, notebook 02)."""
    x = as_float_array(x, "x")
    return (x > 0).astype(x.dtype)


def step_grad(x):
    """Derivative of the step: 0 everywhere (undefined at 0), why it cannot learn by gradients."""
    x = as_float_array(x, "x")
    return np.zeros_like(x)[()]


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), range (0, 1), elementwise for x of any shape.

    Computed from e^(−|x|), which never overflows: for x < 0 the equal form
    e^x / (1 + e^x) is used, so ``sigmoid(-1e4)`` is 0 with no warning.
    """
    x = as_float_array(x, "x")
    e = np.exp(-np.abs(x))  # e^(−|x|) lies in (0, 1] for any x
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))[()]  # [()]: a 0-d result as a plain number


def sigmoid_grad(x):
    """σ'(x) = σ(x) (1 − σ(x)); at most 0.25, reached at x = 0."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)), range (−1, 1)."""
    return np.tanh(as_float_array(x, "x"))


def tanh_grad(x):
    """tanh'(x) = 1 − tanh(x)²."""
    t = tanh(x)
    return 1.0 - t * t


def relu(x):
    """ReLU(x) = max(0, x)."""
    x = as_float_array(x, "x")
    return np.maximum(x, 0).astype(x.dtype, copy=False)


def relu_grad(x):
    """ReLU'(x) = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)."""
    x = as_float_array(x, "x")
    return (x > 0).astype(x.dtype)


def leaky_relu(x, slope=0.01):
    """LeakyReLU(x) = x for x > 0, else slope · x (PyTorch's ``negative_slope``)."""
    x, slope = as_float_array(x, "x"), check_real(slope, "slope", finite=True)
    return np.where(x > 0, x, slope * x).astype(x.dtype, copy=False)[()]


def leaky_relu_grad(x, slope=0.01):
    """LeakyReLU'(x) = 1 for x > 0, else slope (slope at x = 0, as PyTorch)."""
    x, slope = as_float_array(x, "x"), check_real(slope, "slope", finite=True)
    return np.where(x > 0, 1.0, slope).astype(x.dtype)[()]


# ``[()]`` above turns a 0-d result back into a NumPy scalar and leaves arrays as they are.

# NumPy has no erf; math.erf is exact to double precision. frompyfunc applies
# it elementwise (slower than a ufunc but correct, and GELU is not the hot path).
_erf_object = np.frompyfunc(math.erf, 1, 1)


def _erf(x):
    """Elementwise error function erf(x) in float64, via ``math.erf``."""
    return np.asarray(_erf_object(np.asarray(x, dtype=np.float64)), dtype=np.float64)


def _normal_cdf(x):
    """Φ(x) = ½ (1 + erf(x / √2)), the standard normal CDF."""
    return 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu(x):
    """GELU(x) = x · Φ(x), with Φ the standard normal CDF (the exact erf form,
    PyTorch's default ``approximate='none'``)."""
    x = as_float_array(x, "x")
    return (x * _normal_cdf(x)).astype(x.dtype, copy=False)


def gelu_grad(x):
    """GELU'(x) = Φ(x) + x · φ(x), with φ(x) = e^(−x²/2) / √(2π) the normal density."""
    x = as_float_array(x, "x")
    with np.errstate(over="ignore"):  # x² overflows to inf for |x| > 1e154, and e^(−inf) = 0 is right
        phi = np.exp(-0.5 * np.square(x, dtype=np.float64)) / math.sqrt(2.0 * math.pi)
    return (_normal_cdf(x) + x * phi).astype(x.dtype, copy=False)


def silu(x):
    """SiLU(x) = x · σ(x), also called Swish; elementwise, same shape as x."""
    x = as_float_array(x, "x")
    return x * sigmoid(x)


def silu_grad(x):
    """SiLU'(x) = σ(x) (1 + x (1 − σ(x))); elementwise, same shape as x."""
    x = as_float_array(x, "x")
    s = sigmoid(x)
    return s * (1.0 + x * (1.0 - s))


ACTIVATIONS = {
    "step": (step, step_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "gelu": (gelu, gelu_grad),
    "silu": (silu, silu_grad),
}


def get_activation(name):
    """Return ``(f, f_grad)`` for an activation name; ValueError listing the names if unknown."""
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name (str), got {type(name).__name__}")
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}"
        ) from None
