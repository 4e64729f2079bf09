"""The MNIST problem of the learning-rate explorer (notebook 06).

Softmax regression, ``scratch.MLP([784, 10])`` with cross-entropy, trained
by full-batch gradient descent (``scratch.gradient_descent`` on its W and b
as one vector) on 500 training digits; accuracy is measured on 500 test
digits at every point of the path. The images are
loaded (``course_utils.mnist.load_mnist``, which imports torch) only when
this problem is first chosen.
"""

from __future__ import annotations

import numpy as np

from .. import scratch
from .lr_problems import Problem, Run

# 500 digits keep a step near a millisecond. On a busy machine NumPy's BLAS
# threads can make the same matrix product ~50× slower (measured here: 8 ms
# instead of 0.15 ms); OPENBLAS_NUM_THREADS=1 in the kernel's environment avoids it.
N_TRAIN, N_TEST = 500, 500


class MnistProblem(Problem):
    """Softmax regression on an MNIST subset (random digits chosen by ``seed``)."""

    name, title = "mnist", "500 MNIST digits (softmax regression)"
    default_lr, default_steps, max_steps = 0.5, 30, 100  # a step here costs ~100× one on the surface
    exact_bound = False
    curvature_text = "a bound on the curvature of this loss"

    def __init__(self, seed: int = 0, root=None):
        from ..mnist import load_mnist  # imports torch: only when MNIST is chosen

        train, test = load_mnist(root)
        rng = np.random.default_rng(seed)
        X, y = train.numpy()
        pick = rng.choice(len(y), N_TRAIN, replace=False)
        self.X, self.y = X[pick], y[pick]
        X_test, y_test = test.numpy()
        pick = rng.choice(len(y_test), N_TEST, replace=False)
        self.X_test, self.y_test = X_test[pick], y_test[pick]
        self.model = scratch.MLP([784, 10], seed=seed, dtype=np.float32)
        self.start = scratch.parameters_to_vector(self.model.parameters())
        # Cross-entropy's Hessian in the logits is at most ½ I, so L ≤ ½ λmax(X̃ᵀX̃)/n.
        design = np.column_stack([self.X, np.ones(N_TRAIN)]).astype(np.float64)
        self.curvature = float(np.linalg.eigvalsh(design.T @ design).max()) / (2 * N_TRAIN)

    def loss_and_grad(self, theta):
        """Cross-entropy on the training digits and its gradient; θ = (W, b) as one vector."""
        params = self.model.parameters()
        scratch.vector_to_parameters(theta, params)
        self.model.zero_grad()
        logits = self.model.forward(self.X)
        if not np.all(np.isfinite(logits)):
            return float("inf"), np.zeros_like(theta)
        loss, dlogits = scratch.cross_entropy_and_grad(logits, self.y)
        self.model.backward(dlogits, input_grad=False)
        return float(loss), np.concatenate([p.grad.ravel() for p in params])

    def accuracy(self, theta) -> float:
        """Fraction of the test digits the parameters θ classify correctly."""
        scratch.vector_to_parameters(theta, self.model.parameters())
        return float(np.mean(self.model.predict(self.X_test) == self.y_test))

    def run(self, lr: float, steps: int, details: bool = True) -> Run:
        """Full-batch gradient descent; ``details=False`` skips the test accuracy (sweeps)."""
        run = super().run(lr, steps)
        run.scores = np.array([self.accuracy(theta) if details else np.nan for theta in run.path])
        return run

    def draw_background(self, ax) -> None:
        ax.set_xlabel("step")
        ax.set_ylabel("test accuracy")
        ax.set_ylim(0, 1)
        ax.axhline(0.1, color="0.7", ls=":", lw=1)  # chance: one class in ten
        ax.set_title("accuracy on 500 test digits", y=1.0)

    def draw_run(self, ax, run: Run, color, current: bool) -> list:
        return ax.plot(run.scores, color=color, lw=2 if current else 1, alpha=1 if current else 0.6)
