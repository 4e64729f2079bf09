"""Optimisers: SGD with momentum and Adam, in NumPy (notebooks 05 and 06).

They follow ``torch.optim.SGD`` and ``torch.optim.Adam`` update for update
(no weight decay, no Nesterov, no AMSGrad), so a scratch model and a PyTorch
model given the same gradients take the same steps. Both update each
``Parameter.data`` in place from its ``.grad``.
"""

import numpy as np

from ..validation import check_fraction, check_positive, is_torch_object
from .layers import Parameter

__all__ = ["SGD", "Adam"]


class Optimizer:
    """Shared part: the parameter list, the learning rate η and ``zero_grad``."""

    def __init__(self, params, lr):
        self.params = _check_params(params, f"use torch.optim.{type(self).__name__}(model.parameters(), ...)")
        self.lr = check_positive(lr, "lr")

    def zero_grad(self):
        """Set every parameter's ``.grad`` to zero (call before each backward pass)."""
        for p in self.params:
            p.zero_grad()


def _check_params(params, torch_hint):
    """``params`` as a list of distinct scratch Parameters, or an error saying what came instead.

    ``torch_hint`` says what to use instead when torch parameters come.
    """
    if isinstance(params, (str, bytes)) or not hasattr(params, "__iter__"):
        raise TypeError(f"params must be a list of scratch Parameters, such as model.parameters(), "
                        f"got {type(params).__name__}")
    params = list(params)
    if not params:
        raise ValueError("params must hold at least one Parameter, got an empty list")
    for i, p in enumerate(params):
        if is_torch_object(p):
            raise TypeError(f"params[{i}] must be a scratch Parameter, got a torch {type(p).__name__}: "
                            f"for a PyTorch model {torch_hint}")
        if not isinstance(p, Parameter):
            raise TypeError(f"params[{i}] must be a scratch Parameter (use model.parameters()), "
                            f"got {type(p).__name__}")
    if len({id(p) for p in params}) < len(params):  # stepped twice per step() otherwise
        raise ValueError("params must not hold the same Parameter twice")
    return params


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum μ.

    Without momentum:  p ← p − η g.
    With momentum:     v ← μ v + g  (v = g on the first step),  p ← p − η v.

    Parameters
    ----------
    params : iterable of Parameter
    lr : float > 0
        The learning rate η.
    momentum : float in [0, 1), default 0
    """

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, lr)
        self.momentum = check_fraction(momentum, "momentum")
        self.velocity = [None] * len(self.params)

    def step(self):
        """Update every parameter once from its current ``.grad``."""
        for i, p in enumerate(self.params):
            g = p.grad
            if self.momentum:
                v = self.velocity[i]
                if v is None:
                    v = self.velocity[i] = g.copy()
                else:
                    v *= self.momentum
                    v += g
                g = v
            p.data -= self.lr * g


class Adam(Optimizer):
    """Adam: momentum plus a per-parameter step size.

    At step t, for gradient g:

        m ← β₁ m + (1 − β₁) g            (running mean of g)
        v ← β₂ v + (1 − β₂) g²           (running mean of g²)
        m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   (bias correction: m, v start at 0)
        p ← p − η m̂ / (√v̂ + ε)

    computed as PyTorch does: p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).

    Parameters
    ----------
    params : iterable of Parameter
    lr : float > 0, default 1e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float > 0, default 1e-8
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.beta1 = check_fraction(betas[0], "betas[0]")
        self.beta2 = check_fraction(betas[1], "betas[1]")
        self.eps = check_positive(eps, "eps")
        self.t = 0
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]
        self._tmp = [np.empty_like(p.data) for p in self.params]  # scratch space: no allocation per step

    def step(self):
        """Update every parameter once from its current ``.grad``."""
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        step_size = self.lr / (1.0 - b1**self.t)
        sqrt_bc2 = (1.0 - b2**self.t) ** 0.5
        for p, m, v, tmp in zip(self.params, self.m, self.v, self._tmp):
            g = p.grad
            # m ← β₁ m + (1 − β₁) g and v ← β₂ v + (1 − β₂) g², all in place
            m *= b1
            np.multiply(g, 1.0 - b1, out=tmp)
            m += tmp
            v *= b2
            np.multiply(g, g, out=tmp)
            tmp *= 1.0 - b2
            v += tmp
            # tmp ← √v / √(1 − β₂ᵗ) + ε, then p ← p − step_size · m / tmp
            np.sqrt(v, out=tmp)
            tmp /= sqrt_bc2
            tmp += self.eps
            np.divide(m, tmp, out=tmp)
            tmp *= step_size
            p.data -= tmp
