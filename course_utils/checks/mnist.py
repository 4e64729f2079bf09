"""Exercise checks for notebook 06 (training on MNIST).

The training-loop check runs the student's epoch, the package's own loop
(``training.train_epoch``) and a few typical wrong loops (no ``zero_grad``, no
``step``, no shuffling) from the same starting weights and the same random
generator, and says which one the student's result matches.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch
from torch import nn

from .. import training
from .feedback import Feedback, as_number, call_student, compare, failed, run_check


# --- Exercise 1: accuracy ---------------------------------------------------------

def check_accuracy(accuracy: Callable) -> Feedback:
    """accuracy(logits (N, C) tensor, labels (N,) tensor) -> float in [0, 1]."""
    name = "accuracy"
    gen = torch.Generator().manual_seed(3)
    logits, labels = torch.randn(12, 4, generator=gen), torch.randint(0, 4, (12,), generator=gen)
    correct = int((logits.argmax(dim=1) == labels).sum())
    expected = correct / len(labels)

    def body() -> Feedback:
        got = call_student(accuracy, logits.clone(), labels.clone())
        if isinstance(got, torch.Tensor):
            if got.numel() != 1:
                return failed(name, f"return one number, not a tensor of shape {tuple(got.shape)}: take the mean of the matches.")
            got = got.item()
        hints = [
            (lambda g: np.isclose(g, correct), f"that is the number of correct predictions ({correct}): divide by the number of examples."),
            (lambda g: np.isclose(g, 100 * expected), "that is a percentage: return a fraction between 0 and 1."),
        ]
        return compare(name, got, np.float64(expected), hints, what="your accuracy")

    return run_check(name, body)


# --- Exercise 2: one epoch of mini-batch training ---------------------------------

def _reference_epoch(model: nn.Module, X: torch.Tensor, y: torch.Tensor, optimizer: torch.optim.Optimizer,
                     batch_size: int, generator: torch.Generator) -> tuple[float, float]:
    """One epoch of the package's loop (``training.train_epoch``) over the batches the student should cut.

    Returns (mean loss of all batches but the last, loss of the last batch): the
    epoch runs as two calls of the loop, so the hints can name the last batch's loss.
    """
    batches = torch.randperm(len(X), generator=generator).split(batch_size)
    return (training.train_epoch(model, optimizer, X, y, batches[:-1]),
            training.train_epoch(model, optimizer, X, y, batches[-1:]))


def _mistaken_epoch(model: nn.Module, X: torch.Tensor, y: torch.Tensor, optimizer: torch.optim.Optimizer,
                    batch_size: int, generator: torch.Generator, *, zero_grad: bool = True,
                    step: bool = True, shuffle: bool = True) -> None:
    """One epoch with one typical slip switched on: no zero_grad, no step, or no shuffling."""
    order = torch.randperm(len(X), generator=generator) if shuffle else torch.arange(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        if zero_grad:
            optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(X[idx]), y[idx])
        loss.backward()
        if step:
            optimizer.step()


_N, _BATCH = 40, 8  # five equal batches: the mean over batches is the mean over samples


def _run(epoch_fn: Callable, student: bool = False, **variant: bool) -> tuple[torch.Tensor, object]:
    """Train a fresh seeded linear model for one epoch with ``epoch_fn``; returns (flat weights, what it returned)."""
    with torch.random.fork_rng(devices=[]):  # the notebook's global torch random state is left as it was
        torch.manual_seed(0)
        model = nn.Linear(6, 3)
        data_gen = torch.Generator().manual_seed(1)
        X, y = torch.randn(_N, 6, generator=data_gen), torch.randint(0, 3, (_N,), generator=data_gen)
        args = (model, X, y, torch.optim.SGD(model.parameters(), lr=0.5), _BATCH, torch.Generator().manual_seed(2))
        out = call_student(epoch_fn, *args, allow_none=True) if student else epoch_fn(*args, **variant)
    return torch.cat([p.detach().flatten() for p in model.parameters()]), out


def check_train_epoch(train_epoch: Callable) -> Feedback:
    """train_epoch(model, X, y, optimizer, batch_size, generator) -> mean mini-batch loss (float)."""
    name = "one training epoch"

    def body() -> Feedback:
        got_w, got_loss = _run(train_epoch, student=True)
        ref_w, (first_losses, last_loss) = _run(_reference_epoch)
        n_batches = _N // _BATCH
        mean_loss = ((n_batches - 1) * first_losses + last_loss) / n_batches
        if torch.allclose(got_w, ref_w, atol=1e-6):
            if got_loss is None:
                return failed(name, "the weights are right; now return the mean of the mini-batch losses (a float).")
            return compare(name, as_number(got_loss, "your mean loss"), np.float64(mean_loss), [
                (lambda g: np.isclose(g, last_loss), "you returned the last batch's loss: return the mean over all batches."),
                (lambda g: np.isclose(g, n_batches * mean_loss), "you returned the sum of the batch losses: return their mean."),
            ], what="your mean loss", rtol=1e-5)
        mistakes = [
            ({"step": False}, "the weights never changed: call optimizer.step() after loss.backward()."),
            ({"zero_grad": False}, "gradients pile up from batch to batch: call optimizer.zero_grad() before each backward()."),
            ({"shuffle": False}, "the batches come in the original order: shuffle with torch.randperm(len(X), generator=generator)."),
        ]
        for variant, hint in mistakes:
            if torch.allclose(got_w, _run(_mistaken_epoch, **variant)[0], atol=1e-6):
                return failed(name, hint)
        return failed(name, "the weights after one epoch differ from the reference: one permutation from the generator, "
                            "then for each batch zero_grad, forward, cross-entropy, backward, step.")

    return run_check(name, body)
