"""What happens to gradients and units in a deep stack of layers, in NumPy (notebook 03).

``first_layer_gradient`` carries the gradient of a stack's output back to its first
layer's weights, one layer at a time (how the gradient shrinks or survives with
depth); ``count_dead_units`` counts the units that are off for every input.
"""

import numpy as np

from ..validation import as_float_array, check_callable

__all__ = ["first_layer_gradient", "count_dead_units"]


def first_layer_gradient(X, Ws, bs, f, f_grad):
    """∂y/∂W₁ for y = the sum of H_L, the stack H₀ = X, Z_l = H_{l−1} W_l + b_l, H_l = f(Z_l) (notebook 03).

    X : (n, d₀), one row per input. Ws[l] : (d_l, d_{l+1}) and bs[l] : (d_{l+1},), layer l + 1 of L.
    f, f_grad : the activation and its derivative, elementwise. Returns an array of W₁'s shape (d₀, d₁).
    """
    X, Ws, bs = _stack_arguments(X, Ws, bs, f, f_grad)
    zs, h = [], X
    for W, b in zip(Ws, bs):                   # forward, keeping every pre-activation z
        zs.append(h @ W + b)
        h = f(zs[-1])
    delta = f_grad(zs[-1])                     # Δ_L = ∂y/∂Z_L = f'(Z_L)
    for l in range(len(Ws) - 1, 0, -1):        # Δ_l = (Δ_{l+1} W_{l+1}ᵀ) ⊙ f'(Z_l), down to l = 1
        delta = (delta @ Ws[l].T) * f_grad(zs[l - 1])
    return X.T @ delta                         # ∂y/∂W₁ = Xᵀ Δ₁ adds up the inputs


def _stack_arguments(X, Ws, bs, f, f_grad):
    """X, Ws, bs as float arrays whose shapes chain; a ValueError/TypeError naming the argument otherwise."""
    X = as_float_array(X, "X", ndim=2)
    for name, value in (("Ws", Ws), ("bs", bs)):
        if not isinstance(value, (list, tuple)) or not value:
            raise TypeError(f"{name} must be a non-empty list of arrays (one per layer), got {type(value).__name__}")
    if len(Ws) != len(bs):
        raise ValueError(f"Ws and bs must hold one entry per layer, got {len(Ws)} weights and {len(bs)} biases")
    check_callable(f, "f", "f(z), the activation")
    check_callable(f_grad, "f_grad", "f'(z), the activation's derivative")
    Ws = [as_float_array(W, f"Ws[{l}]", ndim=2) for l, W in enumerate(Ws)]
    bs = [as_float_array(b, f"bs[{l}]", shape=(W.shape[1],)) for l, (W, b) in enumerate(zip(Ws, bs))]
    width = X.shape[1]
    for l, W in enumerate(Ws):
        if W.shape[0] != width:
            below = "X has" if l == 0 else f"Ws[{l - 1}] gives"
            raise ValueError(f"Ws[{l}] must have {width} rows ({below} {width} columns), got shape {W.shape}")
        width = W.shape[1]
    return X, Ws, bs


def count_dead_units(H):
    """Number of units (columns of H, shape (n_inputs, n_units)) that are 0 for every input."""
    H = as_float_array(H, "H", ndim=2)
    return int(np.all(H == 0, axis=0).sum())
