"""The problems the learning-rate explorer trains, and the optimizers it offers.

Each problem has a start, a loss, a default optimizer and a picture of its
own. The two small problems have a gradient and a curvature ``L`` (the
largest eigenvalue of the loss's Hessian, or a bound on it): plain gradient
descent θ ← θ − η ∇L(θ) converges on a quadratic exactly when η < 2/L; above
that every step overshoots the minimum and the loss grows without bound
(notebook 05). They walk downhill with ``scratch.gradient_descent`` and the
chosen update rule (plain, momentum or Adam), which also stops a run whose
loss blows up.

- ``QuadraticSurface``: ½ (θ − θ*)ᵀ A (θ − θ*) over two parameters, with
  eigenvalues 10 and 1 (ill-conditioned: a long narrow valley).
- ``StudentsProblem``: logistic regression on ``pass_fail_students`` (hours
  as they come, not standardised), sigmoid + binary cross-entropy: the large
  raw inputs make the loss steep, so rates above ~0.1 overshoot.
- ``lr_mnist.MnistProblem``: notebook 06's MLP 784-120-84-10 with a
  ``torch.optim`` optimizer (Adam by default) on mini-batches of 50 from 500 MNIST
  training digits, accuracy on 500 validation digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import scratch
from ..toy_data import pass_fail_students
from ..scratch.descent import OPTIMIZERS, check_optimizer
from ._base import line_in_box

# The update rules offered (``scratch.gradient_descent``'s names), in words for the label,
# and short for the legends and buttons.
OPTIMIZER_NAMES = dict(zip(OPTIMIZERS, ("plain gradient descent", "gradient descent with momentum 0.9", "Adam")))
OPTIMIZER_SHORT = dict(zip(OPTIMIZERS, ("GD", "momentum", "Adam")))
MOMENTUM = 0.9  # μ of the momentum rule (``gradient_descent``'s default, torch's usual choice)


@dataclass
class Run:
    """One training run at one learning rate with one optimizer.

    losses : (k + 1,) loss at the start and after each finished step.
    path : (k + 1, P) the parameters visited (P = 2 on the surface; P = 0 on MNIST,
        whose 100,000 weights per step are not kept).
    diverged_at : the step whose loss was not finite or above
        ``scratch.descent.BLOWUP`` × the start (that run stopped there), else None.
    scores : (k + 1,) held-out accuracy after each step (MNIST), else None.
    optimizer : the update rule, a key of ``OPTIMIZER_NAMES``.
    """

    lr: float
    steps: int
    losses: np.ndarray
    path: np.ndarray
    diverged_at: int | None = None
    scores: np.ndarray | None = None
    optimizer: str = "sgd"


class Problem:
    """What the two small problems share: full-batch descent on their loss from their start."""

    default_optimizer = "sgd"
    loss_title = "training loss"  # the loss panel's title

    def title(self, optimizer: str) -> str:
        """What runs, in words: the label's first line names it."""
        return f"{self.subject} ({OPTIMIZER_NAMES[optimizer]})"

    def run(self, lr: float, steps: int, details: bool = True, optimizer: str | None = None) -> Run:
        """``scratch.gradient_descent`` from the start with the chosen update rule.

        ``details`` matters only for MNIST; ``optimizer`` None is the problem's default.
        """
        optimizer = check_optimizer(optimizer or self.default_optimizer)
        descent = scratch.gradient_descent(self.loss_and_grad, self.start, lr, steps, optimizer=optimizer,
                                           momentum=MOMENTUM)
        return Run(lr, steps, descent.losses, descent.path, descent.diverged_at, optimizer=optimizer)


class QuadraticSurface(Problem):
    """L(θ) = ½ (θ − θ*)ᵀ A (θ − θ*), A with eigenvalues 10 and 1."""

    name, subject = "surface", "a two-parameter loss surface"
    default_lr, default_steps, max_steps = 0.05, 50, 200
    exact_bound = True  # on a quadratic, 2/L is the exact divergence threshold
    curvature_text = "the largest eigenvalue of the Hessian, the steepest curvature"
    A = np.array([[5.5, 4.5], [4.5, 5.5]])
    minimum = np.array([1.0, -0.5])
    start = np.array([-2.0, 2.0])
    xlim, ylim = (-3.5, 3.5), (-3.0, 3.5)

    def __init__(self):
        self.curvature = float(np.linalg.eigvalsh(self.A).max())

    def loss_and_grad(self, theta):
        e = theta - self.minimum
        return 0.5 * float(e @ self.A @ e), self.A @ e

    def draw_background(self, ax) -> None:
        t1, t2 = np.meshgrid(np.linspace(*self.xlim, 80), np.linspace(*self.ylim, 80))
        e = np.stack([t1, t2], axis=-1) - self.minimum
        loss = 0.5 * np.einsum("...i,ij,...j->...", e, self.A, e)
        ax.contourf(t1, t2, np.log10(loss + 1e-3), levels=14, cmap="Blues_r", alpha=0.8)
        ax.plot(*self.minimum, "*", color="gold", ms=14, mec="black", label="minimum")
        ax.plot(*self.start, "o", color="black", label="start")
        ax.set_xlim(self.xlim)
        ax.set_ylim(self.ylim)
        ax.set_xlabel("θ₁")
        ax.set_ylabel("θ₂")
        ax.set_title("trajectory on the loss contours", y=1.0)

    def draw_run(self, ax, run: Run, color, current: bool) -> list:
        style = dict(color=color, lw=2 if current else 1, alpha=1 if current else 0.6)
        return ax.plot(run.path[:, 0], run.path[:, 1], marker=".", ms=4, **style)


class StudentsProblem(Problem):
    """Logistic regression: p = σ(w·x + b), x = (hours studied, hours slept)."""

    name, subject = "dataset", "the pass/fail students (logistic regression)"
    default_lr, default_steps, max_steps = 0.05, 100, 200
    exact_bound = False
    curvature_text = "a bound on the curvature of this loss"

    def __init__(self, seed: int = 0):
        self.X, self.y = pass_fail_students(200, seed=seed)
        n = len(self.X)
        self.design = np.column_stack([self.X, np.ones(n)])  # rows [x₁, x₂, 1]: b is the third weight
        # BCE's Hessian is X̃ᵀ diag(p(1−p)) X̃ / n, and p(1−p) ≤ 1/4.
        self.curvature = float(np.linalg.eigvalsh(self.design.T @ self.design).max()) / (4 * n)
        self.start = np.zeros(3)

    def loss_and_grad(self, theta):
        p = scratch.sigmoid(self.design @ theta)
        loss = float(scratch.binary_cross_entropy(p, self.y.astype(float)))
        # ∂L/∂z = (p − y)/n for sigmoid + BCE: the σ' of the chain rule cancels.
        return loss, self.design.T @ (p - self.y) / len(self.y)

    def draw_background(self, ax) -> None:
        for label, marker, name in ((0, "o", "fail"), (1, "s", "pass")):
            pick = self.y == label
            ax.scatter(self.X[pick, 0], self.X[pick, 1], s=10, marker=marker, c=f"C{7 + label}",
                       label=name)
        ax.set_xlim(0, 10)
        ax.set_ylim(3, 10)
        ax.set_xlabel("hours studied")
        ax.set_ylabel("hours slept")
        ax.set_title("where each run's model says 50%", y=1.0)

    def draw_run(self, ax, run: Run, color, current: bool) -> list:
        w, b = run.path[-1][:2], run.path[-1][2]
        return ax.plot(*line_in_box(w, b, (0, 10), (3, 10)), color=color,
                       lw=2 if current else 1, alpha=1 if current else 0.6)
