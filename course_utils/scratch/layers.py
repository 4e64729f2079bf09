"""Layers with a forward and a backward pass, in NumPy (notebook 05).

One contract for every layer, as in PyTorch's vocabulary:

- ``forward(x)`` computes the output and caches what the backward pass needs;
- ``backward(dout)`` takes ∂L/∂out, stores ∂L/∂(each parameter) in the
  parameter's ``.grad`` (adding to it, as PyTorch accumulates) and returns
  ∂L/∂x for the layer below;
- ``parameters()`` lists the layer's :class:`Parameter` objects.

``forward`` and ``backward`` hold the maths alone: the ``MLP`` checks its
input and ``dout`` once, at its entry, and calling a layer by itself,
``layer(x)``, checks ``x`` before running ``forward`` (as calling a torch
module runs its ``forward``).
"""

import math

import numpy as np

from ..validation import as_float_array, check_float_dtype, check_generator, check_int, check_real
from .activations import get_activation

__all__ = ["Parameter", "Layer", "Linear", "Activation", "make_rng"]


def make_rng(seed=None, rng=None):
    """Return ``rng`` if given, else ``np.random.default_rng(seed)``.

    Randomness is always an argument: no function here touches NumPy's global state.
    """
    if rng is not None:
        return check_generator(rng)
    return np.random.default_rng(None if seed is None else check_int(seed, "seed", minimum=0))


class Parameter:
    """A trainable array and its gradient.

    ``Parameter(data)`` keeps its own copy of ``data``: training changes
    ``.data`` in place, and the caller's array stays as it was.

    Attributes
    ----------
    data : ndarray
        The values (for example a weight matrix W).
    grad : ndarray, same shape and dtype as ``data``
        ∂L/∂data, accumulated by ``backward`` and reset by ``zero_grad``.
    """

    def __init__(self, data):
        self.data = as_float_array(data, "data", finite=True).copy()
        self.grad = np.zeros_like(self.data)

    @property
    def shape(self):
        return self.data.shape

    def zero_grad(self):
        """Reset ``grad`` to zero in place."""
        self.grad.fill(0.0)

    def __repr__(self):
        return f"Parameter(shape={self.data.shape}, dtype={self.data.dtype})"


class Layer:
    """What every layer shares: ``layer(x)`` checks x, then runs ``forward``."""

    cache = ()  # names of what forward stores for backward

    def __call__(self, x):
        return self.forward(self._check_input(x))

    def _check_input(self, x):
        return as_float_array(x, "x", finite=True)

    def __getattr__(self, name):
        # Only reached when the attribute is missing: a cache read before any forward.
        if name in type(self).cache:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward: run forward(x) first")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def parameters(self):
        """The layer's Parameters (none unless the layer overrides this)."""
        return []


class Linear(Layer):
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
    dtype : np.float32 or np.float64, default float64
        dtype of W and b (float32 trains faster).
    """

    cache = ("x",)

    def __init__(self, fan_in, fan_out, *, seed=None, rng=None, dtype=np.float64):
        self.fan_in = check_int(fan_in, "fan_in")
        self.fan_out = check_int(fan_out, "fan_out")
        dtype = check_float_dtype(dtype)
        rng = make_rng(seed, rng)
        bound = 1.0 / math.sqrt(self.fan_in)
        self.W = Parameter(rng.uniform(-bound, bound, (self.fan_in, self.fan_out)).astype(dtype))
        self.b = Parameter(rng.uniform(-bound, bound, self.fan_out).astype(dtype))

    def _check_input(self, x):
        return as_float_array(x, "x", shape=(None, self.fan_in), finite=True)

    def forward(self, x):
        """out = x W + b: x (N, fan_in) -> out (N, fan_out); caches a copy of x."""
        self.x = x.copy()  # backward needs x as it is now, even if the caller changes theirs
        return x @ self.W.data + self.b.data

    def backward(self, dout, input_grad=True):
        """dout = ∂L/∂out (N, fan_out) -> ∂L/∂x = dout Wᵀ (N, fan_in).

        Adds ∂L/∂W = xᵀ dout (fan_in, fan_out) to ``W.grad`` and
        ∂L/∂b = Σₙ doutₙ (fan_out,) to ``b.grad``. With ``input_grad=False``
        it returns None: the first layer's input is the data, nobody needs
        ∂L/∂x there, and that product costs as much as the forward pass.
        """
        self.W.grad += self.x.T @ dout
        self.b.grad += dout.sum(axis=0)
        return dout @ self.W.data.T if input_grad else None

    def parameters(self):
        """[W, b]."""
        return [self.W, self.b]

    def __repr__(self):
        return f"Linear(fan_in={self.fan_in}, fan_out={self.fan_out}, dtype={self.W.data.dtype})"


class Activation(Layer):
    """An elementwise activation h = f(a) as a layer, from the ``ACTIVATIONS`` registry.

    ``Activation("relu")``; Leaky ReLU's slope as a keyword:
    ``Activation("leaky_relu", slope=0.1)``. Backward: ∂L/∂a = ∂L/∂h ⊙ f'(a).
    """

    cache = ("a",)

    def __init__(self, name, **kwargs):
        self.f, self.f_grad = get_activation(name)
        unknown = set(kwargs) - ({"slope"} if name == "leaky_relu" else set())
        if unknown:
            raise TypeError(f"activation {name!r} takes no option(s) {sorted(unknown)}")
        if "slope" in kwargs:
            check_real(kwargs["slope"], "slope", finite=True)
        self.name, self.kwargs = name, kwargs

    def forward(self, a):
        """h = f(a), same shape as a; caches a copy of a."""
        self.a = a.copy()  # backward needs a as it is now, even if the caller changes theirs
        return self.f(a, **self.kwargs)

    def backward(self, dout):
        """dout = ∂L/∂h -> ∂L/∂a = dout ⊙ f'(a), same shape as a."""
        return dout * self.f_grad(self.a, **self.kwargs)

    def __repr__(self):
        options = "".join(f", {k}={v}" for k, v in self.kwargs.items())
        return f"Activation({self.name!r}{options})"
