"""Layers with a forward and a backward pass, in NumPy (notebook 05).

One contract for every layer, as in PyTorch's vocabulary:

- ``forward(x)`` computes the output and caches what the backward pass needs;
- ``backward(dout)`` takes ∂L/∂out, stores ∂L/∂(each parameter) in the
  parameter's ``.grad`` (adding to it, as PyTorch accumulates) and returns
  ∂L/∂x for the layer below;
- ``parameters()`` lists the layer's :class:`Parameter` objects.
"""

import math
import numbers

import numpy as np

from ..validation import as_float_array
from .activations import get_activation

__all__ = ["Parameter", "Linear", "Activation", "make_rng"]


def make_rng(seed=None, rng=None):
    """Return ``rng`` if given, else ``np.random.default_rng(seed)``.

    Randomness is always an argument: no function here touches NumPy's global state.
    """
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        return rng
    return np.random.default_rng(seed)


def check_size(value, name):
    """Return ``value`` as an int after checking it is a whole number >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


class Parameter:
    """A trainable array and its gradient.

    Attributes
    ----------
    data : ndarray
        The values (for example a weight matrix W).
    grad : ndarray, same shape and dtype as ``data``
        ∂L/∂data, accumulated by ``backward`` and reset by ``zero_grad``.
    """

    def __init__(self, data):
        self.data = as_float_array(data, "data")
        self.grad = np.zeros_like(self.data)

    @property
    def shape(self):
        return self.data.shape

    def zero_grad(self):
        """Reset ``grad`` to zero in place."""
        self.grad.fill(0.0)

    def __repr__(self):
        return f"Parameter(shape={self.data.shape}, dtype={self.data.dtype})"


class Linear:
    """Fully connected layer: out = x W + b.

    Shapes: x (N, fan_in), W (fan_in, fan_out), b (fan_out,), out (N, fan_out).
    (PyTorch's ``nn.Linear`` stores the transpose, weight of shape (fan_out, fan_in).)

    Initialisation as PyTorch's default: every entry of W and b uniform in
    [−1/√fan_in, 1/√fan_in], so the output's scale does not grow with fan_in.

    Parameters
    ----------
    fan_in, fan_out : int
        Input and output sizes.
    seed : int, optional
        Seed for the initial weights (ignored when ``rng`` is given).
    rng : numpy.random.Generator, optional
        Generator to draw the initial weights from.
    dtype : numpy dtype, default float64
        dtype of W and b (float32 trains faster).
    """

    def __init__(self, fan_in, fan_out, *, seed=None, rng=None, dtype=np.float64):
        self.fan_in = check_size(fan_in, "fan_in")
        self.fan_out = check_size(fan_out, "fan_out")
        rng = make_rng(seed, rng)
        bound = 1.0 / math.sqrt(self.fan_in)
        self.W = Parameter(rng.uniform(-bound, bound, (self.fan_in, self.fan_out)).astype(dtype))
        self.b = Parameter(rng.uniform(-bound, bound, self.fan_out).astype(dtype))
        self._x = None

    def forward(self, x):
        """out = x W + b for x of shape (N, fan_in); caches x."""
        x = as_float_array(x, "x", shape=(None, self.fan_in))
        self._x = x
        out = x @ self.W.data
        out += self.b.data  # in place: one array fewer per call
        return out

    __call__ = forward

    def backward(self, dout, input_grad=True):
        """Backward pass for out = x W + b.

        dout : ndarray, shape (N, fan_out), ∂L/∂out.
        Accumulates ∂L/∂W = xᵀ dout (fan_in, fan_out) and ∂L/∂b = Σₙ doutₙ (fan_out,).
        Returns ∂L/∂x = dout Wᵀ, shape (N, fan_in), or None when ``input_grad``
        is False (the first layer of a network: nobody needs ∂L/∂X, and it
        costs as much as the forward pass).
        """
        if self._x is None:
            raise RuntimeError("Linear.backward called before forward: run forward(x) first")
        dout = as_float_array(dout, "dout", shape=(len(self._x), self.fan_out))
        self.W.grad += self._x.T @ dout
        self.b.grad += dout.sum(axis=0)
        return dout @ self.W.data.T if input_grad else None

    def parameters(self):
        """[W, b]."""
        return [self.W, self.b]

    def __repr__(self):
        return f"Linear(fan_in={self.fan_in}, fan_out={self.fan_out}, dtype={self.W.data.dtype})"


class Activation:
    """An elementwise activation h = f(a) as a layer, from the ``ACTIVATIONS`` registry.

    ``Activation("relu")``; Leaky ReLU's slope as a keyword:
    ``Activation("leaky_relu", slope=0.1)``. Backward: ∂L/∂a = ∂L/∂h ⊙ f'(a).
    """

    def __init__(self, name, **kwargs):
        self.f, self.f_grad = get_activation(name)
        unknown = set(kwargs) - ({"slope"} if name == "leaky_relu" else set())
        if unknown:
            raise TypeError(f"activation {name!r} takes no option(s) {sorted(unknown)}")
        self.name, self.kwargs = name, kwargs
        self._a = None

    def forward(self, a):
        """h = f(a), same shape as a; caches a."""
        self._a = a
        return self.f(a, **self.kwargs)

    __call__ = forward

    def backward(self, dout):
        """∂L/∂a = dout ⊙ f'(a), same shape as a."""
        if self._a is None:
            raise RuntimeError("Activation.backward called before forward: run forward(a) first")
        dout = as_float_array(dout, "dout", shape=np.shape(self._a))
        grad = self.f_grad(self._a, **self.kwargs)
        grad *= dout  # f_grad returns a fresh array: reuse it
        return grad

    def parameters(self):
        """An activation has no parameters: []."""
        return []

    def __repr__(self):
        options = "".join(f", {k}={v}" for k, v in self.kwargs.items())
        return f"Activation({self.name!r}{options})"
