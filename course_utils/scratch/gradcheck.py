"""Gradient checking with finite differences (notebook 05).

Backpropagation is easy to get subtly wrong; finite differences are slow but
hard to get wrong. Comparing the two is how every backward pass in this
package is tested, and how a student checks their own.

Central difference for each entry xᵢ of x:

    ∂f/∂xᵢ ≈ (f(x + ε eᵢ) − f(x − ε eᵢ)) / (2ε)

Its error shrinks like ε² (a one-sided difference only like ε), so with
float64 and ε = 1e-5 a correct gradient agrees to about 1e-8 relative.
The cost is two evaluations of f per entry: for a million parameters, two
million forward passes, where backpropagation needs one backward pass.
"""

import numpy as np

from ..validation import as_float_array, check_callable, check_positive

__all__ = ["numerical_gradient", "gradient_check"]


def numerical_gradient(f, x, eps=1e-5):
    """Central-difference gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``: the scalar to differentiate (for example a loss).
    x : ndarray, any shape
        The point. It is perturbed **in place**, one entry at a time, and
        restored afterwards, so ``f`` may either use its argument or read the
        same array from elsewhere (e.g. ``lambda _: loss(model)`` with
        ``x = layer.W.data``). Use float64: in float32, ε = 1e-5 is lost in
        rounding.
    eps : float, default 1e-5
        The step ε.

    Returns
    -------
    grad : ndarray, same shape and dtype as x
        grad[i] ≈ ∂f/∂x[i].
    """
    check_callable(f, "f", "a number")
    eps = check_positive(eps, "eps")
    x = as_float_array(x, "x")  # a list or int array becomes a private float64 copy
    grad = np.zeros_like(x)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat_x, x):
        raise ValueError("x must be a contiguous array so it can be perturbed in place")
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + eps
        f_plus = float(f(x))
        flat_x[i] = original - eps
        f_minus = float(f(x))
        flat_x[i] = original  # restore before the next entry
        flat_g[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def relative_error(a, b, floor=1e-8):
    """Elementwise |a − b| / max(|a|, |b|, floor).

    The floor keeps entries where both gradients are (nearly) zero, such as a
    ReLU's inactive units, from dividing 0 by 0.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def gradient_check(f, x, analytic_grad, eps=1e-5, floor=1e-8):
    """Compare an analytic gradient with :func:`numerical_gradient`.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, as for :func:`numerical_gradient`.
    x : ndarray, any shape
        The point (perturbed in place and restored).
    analytic_grad : ndarray, same shape as x
        The gradient to check, e.g. from a ``backward`` pass.
    eps : float, default 1e-5
        Finite-difference step.
    floor : float, default 1e-8
        Denominator floor for entries where both gradients are about zero.

    Returns
    -------
    float
        The maximum relative error max_i |gᵢ − ĝᵢ| / max(|gᵢ|, |ĝᵢ|, floor).
        Rule of thumb in float64: below 1e-7 is right, above 1e-4 is a bug
        (a ReLU kink inside [x − ε, x + ε] can give an isolated larger value).
    """
    analytic_grad = as_float_array(analytic_grad, "analytic_grad")
    if np.shape(x) != analytic_grad.shape:
        raise ValueError(
            f"analytic_grad must have the shape of x {np.shape(x)}, got {analytic_grad.shape}"
        )
    numeric = numerical_gradient(f, x, eps)
    return float(relative_error(analytic_grad, numeric, floor).max(initial=0.0))
