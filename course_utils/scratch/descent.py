"""Gradient descent, plain, with momentum or Adam, in NumPy (notebooks 04 and 05).

    p ← p − η ∇L(p),  repeated num_steps times from p0 (plain; the other
    two rules are those of :class:`~course_utils.scratch.optim.SGD` with
    momentum and :class:`~course_utils.scratch.optim.Adam`).

The figures of notebook 04, the checks of notebook 05's exercises, its
optimiser race and the learning-rate explorer all walk downhill with
:func:`gradient_descent`. It records the path and the loss at every point,
and stops a run whose loss blows up (NaN, inf, or far above where it
started): for plain steps on a quadratic that happens exactly when
η > 2/L, L being the steepest curvature (with momentum μ, when
η > 2(1 + μ)/L).

A model with many parameter arrays descends on one flat vector:
:func:`parameters_to_vector` and :func:`vector_to_parameters` move the
arrays into one and back, as ``torch.nn.utils`` does.
"""

from dataclasses import dataclass

import numpy as np

from ..validation import as_float_array, check_callable, check_int, check_positive, check_type
from .layers import Parameter
from .optim import SGD, Adam
from .optim import _check_params as check_params

__all__ = ["Descent", "gradient_descent", "diverging", "BLOWUP", "OPTIMIZERS",
           "parameters_to_vector", "vector_to_parameters"]

BLOWUP = 100.0  # a loss above 100 × its start counts as diverged
OPTIMIZERS = ("sgd", "momentum", "adam")  # the update rules gradient_descent takes


@dataclass
class Descent:
    """One run of gradient descent that finished k steps.

    path : ndarray, shape (k + 1, *p0.shape)
        p0, then p after each finished step.
    losses : ndarray, shape (k + 1,)
        L at each row of ``path``.
    diverged_at : int or None
        The step whose loss blew up (the run stopped there), else None.
    """

    path: np.ndarray
    losses: np.ndarray
    diverged_at: int | None = None


def diverging(loss, start, blowup=BLOWUP):
    """True when a loss is NaN/inf or above ``blowup`` × the loss it started from."""
    return not np.isfinite(loss) or loss > blowup * max(start, 1e-12)


def gradient_descent(loss_and_grad, p0, lr, num_steps, *, optimizer="sgd", momentum=0.9,
                     betas=(0.9, 0.999), eps=1e-8, blowup=BLOWUP):
    """Descend from p0 with one of three update rules, stopping if the loss diverges.

    With g = ∇L(p) at the current p, one step is

    - ``"sgd"``:       p ← p − η g  (plain gradient descent);
    - ``"momentum"``:  v ← μ v + g  (v = g on the first step),  p ← p − η v,
      as ``torch.optim.SGD(momentum=μ)``;
    - ``"adam"``:      running means of g and g², bias-corrected, p ← p − η m̂ / (√v̂ + ε),
      as ``torch.optim.Adam(betas=betas, eps=eps)``.

    The steps are those of :class:`scratch.SGD <course_utils.scratch.optim.SGD>` and
    :class:`scratch.Adam <course_utils.scratch.optim.Adam>`, run on p as one Parameter.

    Parameters
    ----------
    loss_and_grad : callable
        ``loss_and_grad(p) -> (L(p), ∇L(p))``: a number and an array shaped like p.
    p0 : ndarray, any shape (usually (P,))
        The start; it is not changed.
    lr : float > 0
        The learning rate η.
    num_steps : int >= 0
    optimizer : "sgd" (default), "momentum" or "adam"
        The update rule.
    momentum : float in [0, 1), default 0.9
        μ, used by ``"momentum"`` only.
    betas : (float, float), default (0.9, 0.999)
        Adam's β₁, β₂, used by ``"adam"`` only.
    eps : float > 0, default 1e-8
        Adam's ε, used by ``"adam"`` only.
    blowup : float > 1 or None, default 100
        A step whose loss is NaN/inf or above ``blowup`` × L(p0) ends the run as
        diverged (that step stays in the path when its numbers are finite, to
        show the jump). None takes every step whatever the loss.

    Returns
    -------
    Descent
        ``path`` (k + 1, *p0.shape), ``losses`` (k + 1,) and ``diverged_at``.
    """
    _check_descent(loss_and_grad, lr, num_steps, blowup)
    check_optimizer(optimizer)
    p = as_float_array(p0, "p0", finite=True).copy()
    loss, grad = _first_loss_and_grad(loss_and_grad, p.copy())
    param = Parameter(p)  # the optimiser classes step a Parameter in place, from its .grad
    if optimizer == "adam":
        opt = Adam([param], lr, betas=betas, eps=eps)
    else:
        opt = SGD([param], lr, momentum=momentum if optimizer == "momentum" else 0.0)
    path, losses, diverged_at = [p], [loss], None
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported, not warned about
        for step in range(1, num_steps + 1):
            param.grad[...] = grad
            opt.step()
            p = param.data.copy()  # loss_and_grad may keep or change its argument; the path must not
            loss, grad = loss_and_grad(p)
            path.append(param.data.copy())
            losses.append(loss)
            if blowup is not None and diverging(loss, losses[0], blowup):
                diverged_at = step
                break
    return _record(path, losses, diverged_at)


def check_optimizer(optimizer):
    """``optimizer`` after checking that it names one of :data:`OPTIMIZERS`."""
    check_type(optimizer, str, "optimizer", f"one of {list(OPTIMIZERS)}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {list(OPTIMIZERS)}, got {optimizer!r}")
    return optimizer


def _record(path, losses, diverged_at):
    """The run as arrays; a diverged run keeps its last point only where it is finite."""
    if diverged_at is not None and not (np.isfinite(losses[-1]) and np.all(np.isfinite(path[-1]))):
        path, losses = path[:-1], losses[:-1]
    return Descent(np.array(path), np.array(losses, dtype=float), diverged_at)


def _check_descent(loss_and_grad, lr, num_steps, blowup):
    check_callable(loss_and_grad, "loss_and_grad", "(loss, gradient)")
    check_positive(lr, "lr")
    check_int(num_steps, "num_steps", minimum=0)
    if blowup is not None and check_positive(blowup, "blowup") <= 1:
        raise ValueError(f"blowup must be a factor above 1 (or None), got {blowup}")


def _first_loss_and_grad(loss_and_grad, p):
    """loss_and_grad(p0), checked once: a wrong shape would broadcast silently in every step."""
    if p.size == 0:
        raise ValueError("p0 must hold at least one number to descend on, got an empty array")
    result = loss_and_grad(p)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError(f"loss_and_grad must return a pair (loss, gradient), got {type(result).__name__}")
    loss, grad = result
    if np.ndim(loss) != 0 or isinstance(loss, (str, bytes, bool)):
        raise TypeError(f"loss_and_grad must return the loss as one number, got {type(loss).__name__} "
                        f"of shape {np.shape(loss)}")
    if not np.isfinite(loss):
        raise ValueError(f"loss_and_grad(p0) returned the loss {float(loss)}: the start must have a finite loss")
    grad = as_float_array(grad, "the gradient returned by loss_and_grad", finite=True)
    if grad.shape != p.shape:
        raise ValueError(
            f"the gradient returned by loss_and_grad must have the shape of p0 {p.shape}, got {grad.shape}"
        )
    return float(loss), grad


def parameters_to_vector(params):
    """The ``.data`` of every Parameter, flattened and joined into one vector, shape (P,)."""
    params = _check_params(params)
    return np.concatenate([p.data.ravel() for p in params])


def vector_to_parameters(vector, params):
    """Copy consecutive slices of ``vector`` (P,) into each Parameter's ``.data``, in order.

    The values are copied: later changes to ``vector`` do not reach the parameters.
    NaN and inf are copied too (gradient descent may step there, and its
    ``loss_and_grad`` reports such a point as a diverged loss).
    """
    params = _check_params(params)
    vector = as_float_array(vector, "vector")
    sizes = [p.data.size for p in params]
    if np.shape(vector) != (sum(sizes),):
        raise ValueError(f"vector must have shape ({sum(sizes)},), one entry per parameter number, "
                         f"got shape {np.shape(vector)}")
    for p, chunk in zip(params, np.split(vector, np.cumsum(sizes)[:-1])):
        p.data[...] = chunk.reshape(p.data.shape)


def _check_params(params):
    """params as a non-empty list of scratch Parameters (model.parameters())."""
    return check_params(params, "use torch.nn.utils.parameters_to_vector / vector_to_parameters")
