"""Softmax and loss functions with their gradients, in NumPy (notebook 04).

A loss turns a batch of predictions into one number that says how wrong they
are. Each loss ``L(ŷ, y)`` has a partner ``L_grad`` returning ∂L/∂ŷ, the
gradient with respect to its *first* argument, which is where
backpropagation starts (notebook 05). Reductions are PyTorch's defaults: the
mean over every entry (MSE, BCE) or over the batch (cross-entropy).

Stability: softmax and log-softmax subtract the row maximum before
exponentiating (the log-sum-exp trick), so logits of ±1e4 give exact answers
and no overflow warning.

Every function here refuses NaN and inf in its inputs (ValueError) rather
than return a NaN loss.
"""

import numpy as np

from ..validation import as_float_array, check_class_data, check_finite, check_probabilities, check_same_shape

__all__ = [
    "softmax", "log_softmax",
    "mse", "mse_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "cross_entropy", "cross_entropy_grad", "cross_entropy_and_grad",
]

# PyTorch clamps log(p) at -100 in binary cross-entropy, so p = 0 costs 100,
# not infinity, and divides its gradient by max(p (1 - p), 1e-12).
_BCE_LOG_FLOOR = -100.0
_BCE_GRAD_EPS = 1e-12


def _at_least_1d(z, name):
    z = as_float_array(z, name, finite=True)
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError(f"{name} must have at least 1 dimension with at least one class on the last axis, "
                         f"got shape {z.shape}")
    return z


def softmax(z):
    """softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ) over the last axis.

    z : ndarray, shape (..., C) of finite logits. Returns probabilities of the
    same shape; each row sums to 1. Uses softmax(z) = softmax(z − max z).
    """
    z = _at_least_1d(z, "z")
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # largest exponent is e^0 = 1
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z):
    """log softmax(z)ᵢ = zᵢ − log Σⱼ e^(zⱼ) over the last axis.

    z : ndarray, shape (..., C). Returns the same shape. The log-sum-exp is
    computed as m + log Σⱼ e^(zⱼ − m) with m = max z: no overflow for large
    logits, and no log(0) = −inf for very negative ones.
    """
    z = _at_least_1d(z, "z")
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _finite_pair(a, b, names):
    a, b = check_same_shape(a, b, names)
    return check_finite(a, names[0]), check_finite(b, names[1])


def mse(y_hat, y):
    """Mean squared error L = (1/n) Σᵢ (ŷᵢ − yᵢ)² over all n entries.

    y_hat, y : ndarrays of one shape (no broadcasting). Returns a scalar.
    """
    y_hat, y = _finite_pair(y_hat, y, ("y_hat", "y"))
    diff = y_hat - y
    return np.mean(diff * diff)


def mse_grad(y_hat, y):
    """∂L/∂ŷ = 2 (ŷ − y) / n for the MSE above; shape of ``y_hat``."""
    y_hat, y = _finite_pair(y_hat, y, ("y_hat", "y"))
    return 2.0 * (y_hat - y) / y_hat.size


def _probabilities(p, y):
    p, y = _finite_pair(p, y, ("p", "y"))
    check_probabilities(p, "p", hint=" (apply a sigmoid first?)")
    check_probabilities(y, "y", what="targets")
    return p, y


def binary_cross_entropy(p, y):
    """Binary cross-entropy L = −(1/n) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)].

    p : ndarray, probabilities in [0, 1] (e.g. a sigmoid output).
    y : ndarray, same shape, targets in [0, 1] (usually 0 or 1).
    Returns a scalar. As PyTorch, each log is clamped at −100.
    """
    p, y = _probabilities(p, y)
    with np.errstate(divide="ignore"):  # log(0) = -inf, clamped just below
        log_p = np.maximum(np.log(p), _BCE_LOG_FLOOR)
        log_1mp = np.maximum(np.log(1.0 - p), _BCE_LOG_FLOOR)
    return -np.mean(y * log_p + (1.0 - y) * log_1mp)


def binary_cross_entropy_grad(p, y):
    """∂L/∂p = (p − y) / (p (1 − p)) / n; shape of ``p``.

    The denominator is floored at 1e-12, as in PyTorch, so p = 0 or 1 gives a
    large finite gradient rather than a division by zero.
    """
    p, y = _probabilities(p, y)
    return (p - y) / np.maximum(p * (1.0 - p), _BCE_GRAD_EPS) / p.size


def _logits_and_labels(logits, labels):
    logits = as_float_array(logits, "logits", ndim=2)  # first, to read the number of classes C
    return check_class_data(logits, labels, logits.shape[1], ("logits", "labels"), finite=True)


def cross_entropy(logits, labels):
    """Cross-entropy L = −(1/N) Σₙ log softmax(zₙ)[yₙ], PyTorch's ``F.cross_entropy``.

    logits : ndarray, shape (N, C), raw scores z (no softmax applied).
    labels : ndarray of int, shape (N,), class indices y in 0..C−1.
    Returns a scalar: the mean over the batch of −log p̂ of the true class.
    """
    logits, labels = _logits_and_labels(logits, labels)
    log_p = log_softmax(logits)
    return -np.mean(log_p[np.arange(len(labels)), labels])


def cross_entropy_grad(logits, labels):
    """∂L/∂z = (softmax(z) − onehot(y)) / N; shape (N, C)."""
    logits, labels = _logits_and_labels(logits, labels)
    grad = softmax(logits)
    grad[np.arange(len(labels)), labels] -= 1.0
    grad /= len(labels)
    return grad


def cross_entropy_and_grad(logits, labels):
    """Both the loss and ∂L/∂z in one pass (one softmax): what a training loop needs.

    Returns ``(loss, grad)`` equal to ``cross_entropy(...)`` and ``cross_entropy_grad(...)``.
    """
    logits, labels = _logits_and_labels(logits, labels)
    rows = np.arange(len(labels))
    log_p = log_softmax(logits)
    loss = -np.mean(log_p[rows, labels])
    grad = np.exp(log_p, out=log_p)  # softmax, reusing the buffer
    grad[rows, labels] -= 1.0
    grad /= len(labels)
    return loss, grad
