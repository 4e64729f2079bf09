"""A multilayer perceptron from scratch (notebooks 05 and 06).

``MLP([784, 120, 84, 10])`` stacks Linear → activation → Linear → activation
→ Linear. Forward, for layers l = 1..L with h⁰ = X:

    aˡ = hˡ⁻¹ Wˡ + bˡ,    hˡ = f(aˡ)  (no f on the last layer: logits)

Backward walks the same list in reverse. With δˡ = ∂L/∂aˡ, each layer's
backward computes the textbook recursion (rows are samples, so the
transposes sit on the other side from the column-vector form
δˡ = f'(aˡ) ⊙ (Wˡ⁺¹ᵀ δˡ⁺¹)):

    δˡ = f'(aˡ) ⊙ (δˡ⁺¹ Wˡ⁺¹ᵀ),    ∂L/∂Wˡ = hˡ⁻¹ᵀ δˡ,    ∂L/∂bˡ = Σₙ δˡₙ
"""

import numpy as np

from ..validation import as_float_array, check_float_dtype, check_int
from .layers import Activation, Linear, make_rng

__all__ = ["MLP"]


class MLP:
    """Fully connected network with one activation between Linear layers.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first: ``[784, 120, 84, 10]`` (at least two).
    activation : str, default "relu"
        A name from ``ACTIVATIONS``, used after every Linear layer but the last.
    seed : int, default 0
        Seed for the initial weights (ignored when ``rng`` is given).
    rng : numpy.random.Generator, optional
        Generator for the initial weights.
    dtype : np.float32 or np.float64, default float64
        dtype of every parameter (float32 for fast training).

    Attributes
    ----------
    layers : list
        ``[Linear, Activation, Linear, ..., Linear]``, in order.
    """

    def __init__(self, sizes, activation="relu", seed=0, *, rng=None, dtype=np.float64):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes must be a list of layer widths like [2, 8, 1], got {sizes!r}")
        if len(sizes) < 2:
            raise ValueError(f"sizes must hold at least two widths (input and output), got {list(sizes)}")
        self.sizes = [check_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
        self.activation = activation
        dtype = check_float_dtype(dtype)
        rng = make_rng(seed, rng)
        self.layers = []
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:]):
            self.layers.append(Linear(fan_in, fan_out, rng=rng, dtype=dtype))
            self.layers.append(Activation(activation))
        self.layers.pop()  # the last Linear returns logits: no activation after it
        self._batch_size = None  # N of the last forward pass, which backward must match

    def forward(self, X):
        """Logits for a batch: X (N, sizes[0]) -> (N, sizes[-1]); every layer caches its input."""
        out = as_float_array(X, "X", shape=(None, self.sizes[0]), finite=True)
        for layer in self.layers:
            out = layer.forward(out)
        self._batch_size = len(out)
        return out

    __call__ = forward

    def backward(self, dout, input_grad=True):
        """Backpropagate dout = ∂L/∂logits (N, sizes[-1]) through every layer, last first.

        Each Linear adds its ∂L/∂W and ∂L/∂b to the parameters' ``.grad``.
        Returns ∂L/∂X, shape (N, sizes[0]), or None when ``input_grad`` is
        False (training does not need it, and it is the costliest product).
        """
        dout = self._check_dout(dout)
        for layer in reversed(self.layers[1:]):
            dout = layer.backward(dout)
        return self.layers[0].backward(dout, input_grad=input_grad)

    def _check_dout(self, dout):
        if self._batch_size is None:
            raise RuntimeError("MLP.backward called before forward: run forward(X) first")
        return as_float_array(dout, "dout", shape=(self._batch_size, self.sizes[-1]), finite=True)

    def parameters(self):
        """[W1, b1, W2, b2, ...] in layer order, as :class:`Parameter` objects."""
        return [p for layer in self.layers for p in layer.parameters()]

    def zero_grad(self):
        """Set every parameter's ``.grad`` to zero."""
        for p in self.parameters():
            p.zero_grad()

    def predict(self, X):
        """Predicted class for each row of X: argmax of the logits, shape (N,).

        Raises ValueError when the logits hold NaN or inf (diverged weights),
        whose argmax would be a meaningless class 0.
        """
        logits = self.forward(X)
        if not np.isfinite(logits).all():
            raise ValueError("the model returns NaN or inf logits: its weights have probably diverged; "
                             "train a fresh model with a lower lr")
        return np.argmax(logits, axis=1)

    def num_parameters(self):
        """Total number of trainable numbers."""
        return sum(p.data.size for p in self.parameters())

    def __repr__(self):
        return f"MLP(sizes={self.sizes}, activation={self.activation!r})"
