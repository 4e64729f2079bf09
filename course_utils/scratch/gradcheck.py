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

import warnings

import numpy as np

from ..validation import as_float_array, check_callable, check_positive

__all__ = ["numerical_gradient", "gradient_check"]


def numerical_gradient(f, x, eps=1e-5):
    """Central-difference gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``: the scalar to differentiate (for example a loss).
    x : float64 (or float32) ndarray, any shape
        The point. It is perturbed **in place**, one entry at a time, and
        restored afterwards (also when ``f`` raises), so ``f`` may either use
        its argument or read the same array from elsewhere (e.g.
        ``lambda _: loss(model)`` with ``x = layer.W.data``). An integer array
        is refused: it could not hold x ± ε. A list or number is copied to
        float64, so then ``f`` must use its argument.
    eps : float, default 1e-5
        The step ε. It must change every entry of x: too small a step
        (e.g. 1e-300 next to 1.0) rounds away and is refused.

    Returns
    -------
    grad : ndarray, same shape and dtype as x
        grad[i] ≈ ∂f/∂x[i].

    Warns
    -----
    UserWarning
        For float32 x: x ± ε and f are rounded to about 7 digits, so the
        differences keep only 2 or 3; use float64 to check a gradient.
        Also for an ε below √(machine epsilon) (1.5e-8 in float64), where
        rounding in f swamps the difference.
    """
    check_callable(f, "f", "a number")
    eps = check_positive(eps, "eps")
    x = _point(x, eps)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        try:
            x[i] = original + eps
            f_plus = _value(f, x, i)
            x[i] = original - eps
            f_minus = _value(f, x, i)
        finally:
            x[i] = original  # restore before the next entry, even when f raised
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def _point(x, eps):
    """x as an array that can be perturbed in place: floats only, float32 or a tiny eps with a warning."""
    if isinstance(x, np.ndarray) and x.dtype not in (np.float32, np.float64):
        raise TypeError(f"x must be a float64 array (it is nudged by ±eps in place), got dtype {x.dtype}; "
                        "pass x.astype(np.float64)")
    x = as_float_array(x, "x")  # a list or a number becomes a private float64 copy
    unchanged = x + x.dtype.type(eps) == x  # the step rounds away: f would see no change
    if unchanged.any():
        i = tuple(int(k) for k in np.argwhere(unchanged)[0])
        raise ValueError(f"eps={eps:g} is too small to change {_entry(i)} = {x[i]} in {x.dtype}; use about 1e-5")
    if x.dtype == np.float32:
        warnings.warn("x is float32: x ± eps and f(x) keep about 7 digits, so the numerical gradient keeps "
                      "only 2 or 3; use float64 to check a gradient", UserWarning, stacklevel=3)
    elif eps < np.sqrt(np.finfo(x.dtype).eps):  # f(x ± eps) then differ in their last few digits only
        warnings.warn(f"eps={eps:g} is so small that rounding in f swamps the difference f(x + eps) - f(x - eps); "
                      "use about 1e-5", UserWarning, stacklevel=3)
    return x


def _entry(i):
    """The entry at index tuple i, as a reader writes it: x[0, 2] (x alone for a 0-d x)."""
    return f"x[{', '.join(map(str, i))}]" if i else "x"


def _value(f, x, i):
    """f(x) as a finite float, or an error naming the entry being nudged."""
    value = f(x)
    if np.ndim(value) != 0 or isinstance(value, (str, bytes, bool)):
        raise TypeError(f"f must return one number, got {type(value).__name__} of shape {np.shape(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"f returned {value} with {_entry(i)} nudged by eps: f must be finite around x")
    return value


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
    analytic_grad = as_float_array(analytic_grad, "analytic_grad", finite=True)
    if np.shape(x) != analytic_grad.shape:
        raise ValueError(
            f"analytic_grad must have the shape of x {np.shape(x)}, got {analytic_grad.shape}"
        )
    numeric = numerical_gradient(f, x, eps)
    return float(relative_error(analytic_grad, numeric, floor).max(initial=0.0))
