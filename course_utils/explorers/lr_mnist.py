"""The MNIST problem of the learning-rate explorer (notebook 06).

The model and the training notebook 06 uses, made small enough to rerun on
every move of a slider: the MLP 784 → 120 → 84 → 10 (``MultilayerPerceptron``)
trained by mini-batch steps with a ``torch.optim`` optimizer (Adam by
default, as the notebook; plain SGD and SGD with momentum to compare) on a
fixed random subset of 500 training digits, batches of 50 reshuffled every
pass. After every step it records the cross-entropy on the whole subset
(one number per step that does not jump with the batch) and, for the
picture, the accuracy on 500 validation digits (from notebook 06's
validation set: choosing a rate is a decision, and the test digits are kept
for the end). Every run starts from the same
weights and visits the same batches, so runs differ only in the rate and the
optimizer. The images are loaded (``course_utils.mnist.load_mnist``) only when
this problem is first chosen.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import torch
import torch.nn.functional as F

from ..models import MultilayerPerceptron
from ..scratch.descent import BLOWUP, diverging
from ..training import train_epoch
from .lr_problems import MOMENTUM, OPTIMIZER_NAMES, Run, check_optimizer

# 500 digits and batches of 50 keep a step near 2 ms on one CPU thread, so a
# run of 40 steps takes about a tenth of a second and a sweep of 13 rates ~1 s.
# Such small products gain nothing from more threads, and on a busy machine
# two threads made the same run ~25x slower (measured: 8 s instead of 0.3 s),
# so every run uses one (torch's setting is restored afterwards).
N_TRAIN, N_VALIDATION, BATCH = 500, 500, 50


@contextmanager
def _one_thread():
    """torch on one CPU thread inside the block, its own setting again after it."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class MnistProblem:
    """The notebook's MLP and optimizer on a subset of MNIST (digits and weights chosen by ``seed``)."""

    name = "mnist"
    default_lr, default_steps, max_steps = 1e-3, 40, 100  # 40 steps: 4 passes over the 500 digits
    default_optimizer = "adam"
    loss_title = f"loss on the {N_TRAIN} training digits"  # the whole subset, not the batch
    exact_bound = False
    curvature = None  # no 2/L here: the loss is not a quadratic and the steps are not plain GD

    def __init__(self, seed: int = 0, root=None):
        from ..mnist import load_mnist, validation_indices

        digits = load_mnist(root)[0]
        train, validation = (digits.subset(index) for index in validation_indices(len(digits)))  # notebook 06's
        rng = np.random.default_rng(seed)
        pick = torch.as_tensor(rng.choice(len(train), N_TRAIN, replace=False))
        self.X, self.y = train.as_float()[pick], train.labels[pick]
        pick = torch.as_tensor(rng.choice(len(validation), N_VALIDATION, replace=False))
        self.X_val, self.y_val = validation.as_float()[pick], validation.labels[pick]
        self.seed = seed
        with torch.random.fork_rng(devices=[]):  # the start's weights without touching torch's global seed
            torch.manual_seed(seed)
            self.model = MultilayerPerceptron(784, 10, (120, 84))
        self.start = {key: value.clone() for key, value in self.model.state_dict().items()}

    def title(self, optimizer: str) -> str:
        """What runs, in words: the label's first line names it."""
        return (f"500 MNIST digits (MLP 784-120-84-10, {OPTIMIZER_NAMES[optimizer]}, "
                f"mini-batches of {BATCH})")

    def loss(self) -> float:
        """Cross-entropy of the model's current weights on the whole training subset."""
        with torch.no_grad():
            return F.cross_entropy(self.model(self.X), self.y).item()

    def accuracy(self) -> float:
        """Fraction of the 500 validation digits the current weights classify correctly."""
        with torch.no_grad():
            return (self.model(self.X_val).argmax(dim=1) == self.y_val).float().mean().item()

    def run(self, lr: float, steps: int, details: bool = True, optimizer: str | None = None) -> Run:
        """``steps`` mini-batch steps from the start; ``details=False`` skips the validation accuracy (sweeps).

        A step whose subset loss is NaN/inf or above ``BLOWUP`` × the start ends
        the run as diverged (its loss is kept when finite, to show the jump).
        """
        optimizer = check_optimizer(optimizer or self.default_optimizer)
        with _one_thread():
            return self._run(lr, steps, details, optimizer)

    def _run(self, lr: float, steps: int, details: bool, optimizer: str) -> Run:
        self.model.load_state_dict(self.start)
        params = self.model.parameters()
        opt = (torch.optim.Adam(params, lr=lr) if optimizer == "adam"
               else torch.optim.SGD(params, lr=lr, momentum=MOMENTUM if optimizer == "momentum" else 0.0))
        generator = torch.Generator().manual_seed(self.seed)
        losses, scores = [self.loss()], [self.accuracy() if details else np.nan]
        batches, diverged_at = [], None
        for step in range(1, steps + 1):
            if not batches:  # a fresh order for every pass over the subset
                batches = list(torch.randperm(N_TRAIN, generator=generator).split(BATCH))
            try:  # the course's training loop, one batch at a time
                train_epoch(self.model, opt, self.X, self.y, [batches.pop(0)])
                loss = self.loss()
            except FloatingPointError:  # the batch's loss was already NaN/inf
                loss = float("inf")
            if diverging(loss, losses[0], BLOWUP):
                diverged_at = step
                if np.isfinite(loss):
                    losses.append(loss)
                    scores.append(self.accuracy() if details else np.nan)
                break
            losses.append(loss)
            scores.append(self.accuracy() if details else np.nan)
        path = np.zeros((len(losses), 0))  # the weights are not recorded: 100,000 numbers per step
        return Run(lr, steps, np.array(losses), path, diverged_at, np.array(scores), optimizer)

    def draw_background(self, ax) -> None:
        ax.set_xlabel("step")
        ax.set_ylabel("validation accuracy")
        ax.set_ylim(0, 1)
        ax.axhline(0.1, color="0.7", ls=":", lw=1)  # chance: one class in ten
        ax.set_title(f"accuracy on {N_VALIDATION} validation digits", y=1.0)

    def draw_run(self, ax, run: Run, color, current: bool) -> list:
        return ax.plot(run.scores, color=color, lw=2 if current else 1, alpha=1 if current else 0.6)
