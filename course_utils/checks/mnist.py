"""Exercise checks for notebook 06 (training on MNIST).

Exercise 1, ``train_epoch``: the check trains small seeded models for one
epoch with the student's function and with the course's (the package's loop,
``training.train_epoch``, over ``training.shuffled_batches``), from the same
starting weights and the same generator, on two data sets: one whose size is a
multiple of the batch size and one whose last batch is smaller. When the
weights differ it replays typical slips (no ``step``, no ``zero_grad``, no
shuffling, X and y shuffled apart, an order not drawn from the generator, the
last batch dropped, the model left in evaluation mode, ``backward`` on the wrong
thing, a summed loss) and names the one the student's weights match; when the
weights are right it compares the returned loss with the mean over the examples
and names the typical wrong means (last batch, sum, unweighted mean).

Exercise 2, ``accuracy``: three cases of different shapes (one square, so
that an argmax over the wrong dimension gives a number instead of an error).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .. import training
from .compare import compare
from .exercise import run_check
from .lessons import lesson
from .report import failed, Feedback, passed
from .sandbox import call_student, StudentMistake
from .student_result import as_number

LESSON = lesson("06_mnist_training")


# --- the course's versions, with the student's signatures -------------------------

def reference_train_epoch(model: nn.Module, X: torch.Tensor, y: torch.Tensor, optimizer: torch.optim.Optimizer,
                          batch_size: int, generator: torch.Generator) -> float:
    """One shuffled epoch of the package's loop; the mean cross-entropy per example, a float.

    X : inputs of shape (N, ...); y : labels of shape (N,), on the model's device.
    The order is ``torch.randperm(N, generator=generator)``, cut into batches of
    ``batch_size`` (the last may be smaller): the student's batches, exactly.
    """
    batches = training.shuffled_batches(len(X), batch_size, generator, X.device)
    return training.train_epoch(model, optimizer, X, y, batches)


def reference_accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of rows of logits (N, C) whose largest entry is at the label (N,): a float in [0, 1]."""
    return (logits.argmax(dim=1) == labels).float().mean().item()


TRAIN_EPOCH = LESSON.exercise(
    "one training epoch", number=1, function="train_epoch", reference=reference_train_epoch, hints=[
        "Three parts: training mode and a random order of 0..N-1 drawn from `generator`; a loop over that order "
        "in steps of batch_size; after the loop, the mean loss per example.",
        "Inside the loop, in this order: optimizer.zero_grad(), the logits of the batch, F.cross_entropy, "
        "loss.backward(), optimizer.step().",
        "The order: torch.randperm(len(X), generator=generator); the batches: range(0, len(X), batch_size) keeps "
        "the last, smaller one; index X and y with the same slice of the order.",
        "Each batch's loss is the mean over its examples: add loss.item() * len(batch) to a running total, "
        "and return total / len(X).",
    ])

ACCURACY = LESSON.exercise(
    "accuracy", number=2, function="accuracy", reference=reference_accuracy, hints=[
        "The predicted class of a row is the position of its largest logit; the accuracy is the fraction of rows "
        "where it equals the label.",
        "logits.argmax(dim=1) gives one predicted class per row (dim=1: across the classes).",
        "Compare with == to get a tensor of True/False, turn it into 0.0/1.0 with .float(), take .mean(), "
        "and .item() makes it a Python float.",
    ])


# --- Exercise 1: one epoch of mini-batch training --------------------------------

@dataclass(frozen=True)
class _Case:
    """One check of the epoch: n examples of d features, c classes, batches of batch_size."""

    label: str
    n: int
    batch_size: int
    dropout: bool  # a model with a dropout layer, handed over in evaluation mode (catches a missing model.train())
    d: int = 6
    c: int = 3

    def model(self) -> nn.Module:
        if not self.dropout:
            return nn.Linear(self.d, self.c)
        model = nn.Sequential(nn.Linear(self.d, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, self.c))
        return model.eval()  # as after a validation pass: the epoch must switch training mode back on


CASES = (
    _Case("N = 40 examples in batches of 8 (five full batches)", n=40, batch_size=8, dropout=False),
    _Case("N = 45 examples in batches of 8 (the last batch holds 5), a model with dropout",
          n=45, batch_size=8, dropout=True, d=5, c=4),
)


def _run(case: _Case, epoch_fn: Callable, *, student: bool = False, **slip: Any) -> tuple[torch.Tensor, Any]:
    """Train the case's fresh seeded model for one epoch with ``epoch_fn``; returns (flat weights, what it returned)."""
    with torch.random.fork_rng(devices=[]):  # the notebook's global torch random state is left as it was
        torch.manual_seed(0)
        model = case.model()
        data = torch.Generator().manual_seed(case.n)
        X = torch.randn(case.n, case.d, generator=data)
        y = torch.randint(0, case.c, (case.n,), generator=data)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
        args = (model, X, y, optimizer, case.batch_size, torch.Generator().manual_seed(2))
        out = call_student(epoch_fn, *args, allow_none=True) if student else epoch_fn(*args, **slip)
    return torch.cat([p.detach().flatten() for p in model.parameters()]), out


def _textbook_epoch(model: nn.Module, X: torch.Tensor, y: torch.Tensor, optimizer: torch.optim.Optimizer,
                    batch_size: int, generator: torch.Generator, *, zero_grad: bool = True, step: bool = True,
                    order: str = "generator", drop_last: bool = False, train_mode: bool = True,
                    backward_on: str = "loss") -> tuple[list[float], list[int]]:
    """One epoch with at most one typical slip switched on; returns each batch's loss and size.

    order : "generator" (right), "none" (no shuffling), "global" (torch's global generator) or
        "twice" (one permutation for X, another for y).
    backward_on : "loss" (right), "logits" (logits.sum()) or "summed loss" (reduction="sum").
    """
    if train_mode:
        model.train()
    if order == "none":
        perm = torch.arange(len(X))
    else:
        perm = torch.randperm(len(X), generator=None if order == "global" else generator)
    perm_y = torch.randperm(len(X), generator=generator) if order == "twice" else perm
    end = len(X) - len(X) % batch_size if drop_last else len(X)
    losses, sizes = [], []
    for start in range(0, end, batch_size):
        batch = perm[start:start + batch_size]
        if zero_grad:
            optimizer.zero_grad()
        logits = model(X[batch])
        reduction = "sum" if backward_on == "summed loss" else "mean"
        loss = F.cross_entropy(logits, y[perm_y[start:start + batch_size]], reduction=reduction)
        (logits.sum() if backward_on == "logits" else loss).backward()
        if step:
            optimizer.step()
        losses.append(loss.item())
        sizes.append(len(batch))
    return losses, sizes


SLIPS = (  # (slip, hint): replayed when the weights differ from the course's, in this order
    ({"zero_grad": False}, "gradients pile up from batch to batch: call optimizer.zero_grad() before each "
                           "loss.backward() (PyTorch adds new gradients to .grad)."),
    ({"order": "none"}, "the batches come in the original order: shuffle first, with "
                        "torch.randperm(len(X), generator=generator)."),
    ({"order": "twice"}, "X and y were shuffled with two different orders, so the labels no longer belong to "
                         "their images: draw one order and index both X and y with the same batch of it."),
    ({"order": "global"}, "the order is random, but not drawn from `generator`: pass it, "
                          "torch.randperm(len(X), generator=generator), so that the order can be repeated."),
    ({"drop_last": True}, "the last, smaller batch was left out: step through range(0, len(X), batch_size) and let "
                          "the last slice be shorter."),
    ({"train_mode": False}, "the model stayed in evaluation mode (its dropout switched off): call model.train() "
                            "at the start of the epoch."),
    ({"backward_on": "logits"}, "backward() ran on the logits (their sum), not on the loss: call loss.backward() "
                                "on the batch's cross-entropy."),
    ({"backward_on": "summed loss"}, "the loss is summed over the batch: use F.cross_entropy's default, the mean "
                                     "over the batch's examples."),
)


def _weights_hint(case: _Case, got_w: torch.Tensor, start_w: torch.Tensor) -> str:
    if got_w.shape == start_w.shape and torch.equal(got_w, start_w):
        return ("the weights never changed: call optimizer.step() after loss.backward() in every batch "
                "(and optimizer.zero_grad() before the backward, not between backward and step).")
    for slip, hint in SLIPS:
        if torch.allclose(got_w, _run(case, _textbook_epoch, **slip)[0], atol=1e-6):
            return hint
    return ("the weights after one epoch differ from the course's: training mode, one permutation drawn from "
            "`generator`, then for each batch zero_grad, forward, cross-entropy, backward, step.")


def _loss_hints(losses: list[float], sizes: list[int]) -> list[tuple[Callable[[np.ndarray], bool], str]]:
    L, B = np.array(losses), np.array(sizes, dtype=float)
    n = B.sum()
    return [
        (lambda g: np.isclose(g, L[-1], rtol=1e-5), "you returned the last batch's loss: return the mean over the "
                                                    "whole epoch."),
        (lambda g: np.isclose(g, L.sum(), rtol=1e-5), "you returned the sum of the batch losses: return the mean "
                                                      "loss per example."),
        (lambda g: np.isclose(g, L @ B, rtol=1e-5), "that is the total loss of the epoch: divide it by the number "
                                                    "of examples, len(X)."),
        (lambda g: np.isclose(g, L.mean(), rtol=1e-5), "that is the plain mean of the batch losses, but the last "
                                                       "batch is smaller: weight each batch's loss by its size "
                                                       "(loss.item() * len(batch)) and divide by len(X)."),
        (lambda g: np.isclose(g, (L @ B) / len(L), rtol=1e-5), "you divided the total by the number of batches: "
                                                               "divide by the number of examples, len(X)."),
        (lambda g: np.isclose(g, L.sum() / n, rtol=1e-5), "each batch's loss is already a mean over its examples: "
                                                          "weight it by the batch's size before dividing by len(X)."),
    ]


def _returned_loss(got: Any) -> float | str:
    """The student's returned loss as a float, or the hint for what came instead of one."""
    if got is None:
        return "the weights are right; now return the mean loss per example (a float): is the `return` missing?"
    if isinstance(got, torch.Tensor) and got.requires_grad:
        return ("you returned a tensor that still carries its graph (requires_grad=True): return a Python float, "
                "with loss.item(), so that no batch's graph is kept in memory.")
    if isinstance(got, (list, tuple)):
        return (f"you returned a {type(got).__name__} of {len(got)} values: return one number, the mean loss per "
                "example over the epoch.")
    return as_number(got, "your mean loss")


BACKWARD_ERRORS = {  # what torch says -> what the student did
    "grad can be implicitly created only for scalar outputs":
        "backward() needs one number to differentiate: call it on the batch's loss (F.cross_entropy of the "
        "logits and the labels), not on the logits.",
    "backward through the graph a second time":
        "backward() ran twice through the same graph: call it on this batch's loss only, not on a running "
        "total of the losses (keep the total as a float, with loss.item()).",
}


def _student_run(case: _Case, train_epoch: Callable) -> tuple[torch.Tensor, Any]:
    """_run for the student's function; torch's errors about backward() become hints."""
    try:
        return _run(case, train_epoch, student=True)
    except StudentMistake as mistake:
        for error, hint in BACKWARD_ERRORS.items():
            if error in str(mistake):
                raise StudentMistake(f"{mistake} {hint}") from mistake
        raise


def _mismatch(got: float, expected: float, losses: list[float], sizes: list[int]) -> str | None:
    """None when the returned loss is right, else what it is instead."""
    if np.isclose(got, expected, rtol=1e-5):
        return None
    if not np.isfinite(got):
        return f"your mean loss is {got}: look for a division by zero."
    for test, hint in _loss_hints(losses, sizes):
        if test(got):
            return hint
    return (f"your mean loss is {got:.6g}, the course's {expected:.6g}: the mean of the batch losses, each "
            "weighted by its batch's size.")


def check_train_epoch(train_epoch: Callable) -> Feedback:
    """train_epoch(model, X, y, optimizer, batch_size, generator) -> mean loss per example (float)."""
    def body() -> Feedback:
        for i, case in enumerate(CASES):
            where = "" if i == 0 else f"right for {CASES[0].label}, but for {case.label}: "
            try:
                got_w, got = _student_run(case, train_epoch)
            except StudentMistake as mistake:
                raise StudentMistake(f"{where}{mistake}") from mistake
            ref_w, expected = _run(case, reference_train_epoch)
            if not (got_w.shape == ref_w.shape and torch.allclose(got_w, ref_w, atol=1e-6)):
                start_w = _run(case, lambda *args: None)[0]
                return failed(TRAIN_EPOCH.name, where + _weights_hint(case, got_w, start_w))
            loss = _returned_loss(got)
            if isinstance(loss, str):
                return failed(TRAIN_EPOCH.name, where + loss)
            wrong = _mismatch(loss, expected, *_run(case, _textbook_epoch)[1])
            if wrong is not None:
                return failed(TRAIN_EPOCH.name, where + wrong)
            if isinstance(got, torch.Tensor):
                return failed(TRAIN_EPOCH.name, "the right loss, as a tensor: return a Python float (loss.item()).")
        return passed(TRAIN_EPOCH.name)

    return run_check(TRAIN_EPOCH, body)


# --- Exercise 2: accuracy ---------------------------------------------------------

def _accuracy_cases() -> list[tuple[str, torch.Tensor, torch.Tensor]]:
    """(label, logits, labels): square first, so that argmax over dim 0 gives a (wrong) number, not an error."""
    gen = torch.Generator().manual_seed(6)
    cases = []
    for n, c in ((10, 10), (12, 4), (257, 10)):
        logits = torch.randn(n, c, generator=gen)
        labels = torch.randint(0, c, (n,), generator=gen)
        cases.append((f"logits of shape ({n}, {c})", logits, labels))
    return cases


def _accuracy_hints(logits: torch.Tensor, labels: torch.Tensor) -> list[tuple[Callable[[np.ndarray], bool], str]]:
    correct = int((logits.argmax(dim=1) == labels).sum())
    fraction = correct / len(labels)
    hints = [
        (lambda g: np.isclose(g, correct), f"that is the number of correct predictions ({correct}): divide by the "
                                           "number of examples."),
        (lambda g: np.isclose(g, 100 * fraction), "that is a percentage: return a fraction between 0 and 1."),
        (lambda g: np.isclose(g, 0.0), "no row counts as correct: compare the predicted classes, logits.argmax(dim=1), "
                                       "with the labels (not the logits themselves, nor their largest values)."),
    ]
    if logits.shape[0] == logits.shape[1]:  # only then does an argmax over the rows give a number to compare
        wrong_dim = (logits.argmax(dim=0) == labels).float().mean().item()
        hints.insert(0, (lambda g: np.isclose(g, wrong_dim),
                         "the argmax ran down the columns (dim=0): take it across the classes, dim=1, one "
                         "predicted class per row."))
    return hints


def _is_whole_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, np.integer)):
        return True
    return isinstance(value, torch.Tensor) and not value.is_floating_point() and value.dtype != torch.bool


def _student_accuracy(accuracy: Callable, logits: torch.Tensor, labels: torch.Tensor) -> Any:
    try:
        return call_student(accuracy, logits.clone(), labels.clone())
    except StudentMistake as mistake:
        if "must match the size of tensor" in str(mistake):  # logits (N, C) against labels (N,), or argmax(dim=0)
            raise StudentMistake(f"{mistake} Compare one predicted class per row, logits.argmax(dim=1) of shape (N,), "
                                 "with the labels of shape (N,).") from mistake
        raise


def _same_for_other_logits(accuracy: Callable, value: float, cases: list) -> bool:
    """Whether the student's function gives ``value`` on the other cases too (their accuracies differ)."""
    for _, logits, labels in cases:
        try:
            if not np.isclose(as_number(_student_accuracy(accuracy, logits, labels), "accuracy"), value):
                return False
        except StudentMistake:
            return False
    return True


def check_accuracy(accuracy: Callable) -> Feedback:
    """accuracy(logits (N, C) tensor, labels (N,) tensor) -> float in [0, 1]."""
    name = ACCURACY.name

    def body() -> Feedback:
        cases = _accuracy_cases()
        for i, (label, logits, labels) in enumerate(cases):
            where = "" if i == 0 else f"right for {cases[0][0]}, but for {label}: "
            try:
                got = _student_accuracy(accuracy, logits, labels)
            except StudentMistake as mistake:
                raise StudentMistake(f"{where}{mistake}") from mistake
            if isinstance(got, torch.Tensor) and got.numel() != 1:
                return failed(name, f"{where}return one number, not a tensor of shape {tuple(got.shape)}: "
                                    "take the mean of the matches.")
            value = as_number(got, "your accuracy")
            expected = reference_accuracy(logits, labels)
            if not np.isclose(value, expected):
                if _is_whole_number(got) and value == 0:
                    return failed(name, f"{where}a whole number 0: an integer division (//, or an integer tensor "
                                        "divided) cuts the fraction off. Turn the matches into floats before the mean.")
                if value != 0 and _same_for_other_logits(accuracy, value, cases[i + 1:] or cases[:i]):
                    return failed(name, f"{where}{value:g} for other logits too: compute the accuracy from `logits` "
                                        "and `labels`, not a fixed number.")
                return compare(name, value, np.float64(expected), _accuracy_hints(logits, labels),
                               what=f"{where}your accuracy")
            if isinstance(got, torch.Tensor):
                return failed(name, f"{where}the right value, as a tensor: return a Python float (.item()).")
        return passed(name)

    return run_check(ACCURACY, body)


hint, solution, use, progress, course_version = LESSON.exports()
