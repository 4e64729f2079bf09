"""The exercises of lesson 06 (training on MNIST), as tables: their cases and typical mistakes.

Exercise 1, ``train_epoch``: small seeded models are trained for one epoch with the
student's function and with the course's (the package's loop, ``training.train_epoch``,
over ``training.shuffled_batches``), from the same starting weights and the same
generator, on two data sets: one whose size is a multiple of the batch size and one
whose last batch is smaller, with a dropout model handed over in evaluation mode. Each
data set is two cases, two parts of the answer: the weights after the epoch, then the
returned loss. A mistake is the textbook epoch with one step written wrong (no
``zero_grad``, no shuffling, X and y shuffled apart, the order of a DataLoader, ...),
or one that returns another mean.

Exercise 2, ``accuracy``: three cases of different shapes (one square, so that an
argmax over the wrong dimension gives a number instead of an error).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .. import training
from .exercise import Case, Mistake, OnError
from .lessons import lesson
from .sandbox import StudentMistake
from .student_result import as_number

LESSON = lesson("06_mnist_training")


# --- the course's versions, with the student's signatures -------------------------

def reference_train_epoch(model: nn.Module, optimizer: torch.optim.Optimizer, X: torch.Tensor, y: torch.Tensor,
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


# --- Exercise 1: one epoch of mini-batch training --------------------------------

@dataclass(frozen=True)
class Data:
    """The data of one case of the epoch: n examples of d features, c classes, batches of batch_size."""

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


DATA = (
    Data("N = 40 examples in batches of 8 (five full batches)", n=40, batch_size=8, dropout=False),
    Data("N = 45 examples in batches of 8 (the last batch holds 5), a model with dropout",
         n=45, batch_size=8, dropout=True, d=5, c=4),
)


def _run(data: Data, epoch: Callable, call: Callable = lambda f, *args, **kw: f(*args)) -> tuple[np.ndarray, Any]:
    """Train the data's fresh seeded model for one epoch with ``epoch``: (its weights, flat, float64; what it returned)."""
    with torch.random.fork_rng(devices=[]):  # the notebook's global torch random state is left as it was
        torch.manual_seed(0)
        model = data.model()
        rows = torch.Generator().manual_seed(data.n)
        X = torch.randn(data.n, data.d, generator=rows)
        y = torch.randint(0, data.c, (data.n,), generator=rows)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
        out = call(epoch, model, optimizer, X, y, data.batch_size, torch.Generator().manual_seed(2), allow_none=True)
    return torch.cat([p.detach().flatten() for p in model.parameters()]).double().numpy(), out


def _epoch_part(epoch: Callable, case: Case, call: Callable) -> Any:
    """What ``epoch`` gives for the part of the answer ``case`` checks: the weights after it, or what it returned."""
    weights, returned = _run(case.args[0], epoch, call)
    return weights if case.facts["part"] == "weights" else returned


def _returned_loss(got: Any, case: Case) -> np.ndarray:
    """The weights as they are; the returned loss as one float, or a StudentMistake for what came instead."""
    if case.facts["part"] == "weights":
        return np.asarray(got, dtype=np.float64)
    if got is None:
        raise StudentMistake("the weights are right; now return the mean loss per example (a float): "
                             "is the `return` missing?")
    if isinstance(got, torch.Tensor):
        carries = " that still carries its graph (requires_grad=True)" if got.requires_grad else ""
        raise StudentMistake(f"you returned a tensor{carries}: return a Python float, with loss.item(), so that no "
                             "batch's graph is kept in memory.")
    if isinstance(got, (list, tuple)):
        raise StudentMistake(f"you returned a {type(got).__name__} of {len(got)} values: return one number, the mean "
                             "loss per example over the epoch.")
    return np.float64(as_number(got, "your mean loss"))


def _epoch(*, zero_grad: bool = True, step: bool = True, order: str = "generator", drop_last: bool = False,
           train_mode: bool = True, backward_on: str = "loss", returns: Callable | None = None) -> Callable:
    """The textbook epoch with at most one step written wrong (each keyword is one step of it).

    order : "generator" (right), "none" (no shuffling), "global" (torch's global generator), "twice"
        (one permutation for X, another for y) or "dataloader" (a DataLoader's, shuffle=True, generator=generator).
    backward_on : "loss" (right), "logits" (logits.sum()) or "summed loss" (reduction="sum").
    returns : what it returns from the batches' losses L and sizes B (default: their weighted mean).
    """
    def epoch(model, optimizer, X, y, batch_size, generator):
        if train_mode:
            model.train()
        if order == "none":
            perm = torch.arange(len(X))
        elif order == "dataloader":
            loader = torch.utils.data.DataLoader(torch.arange(len(X)), batch_size, shuffle=True, generator=generator)
            perm = torch.cat(list(loader))
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
            loss = F.cross_entropy(logits, y[perm_y[start:start + batch_size]],
                                   reduction="sum" if backward_on == "summed loss" else "mean")
            (logits.sum() if backward_on == "logits" else loss).backward()
            if step:
                optimizer.step()
            losses.append(loss.item())
            sizes.append(len(batch))
        L, B = np.array(losses), np.array(sizes, dtype=float)
        return float(L @ B / B.sum()) if returns is None else float(returns(L, B))
    return epoch


def _epoch_cases() -> tuple[Case, ...]:
    return tuple(Case(f"the {what} on {data.label}", (data,), facts={"part": part}, not_finite=not_finite)
                 for data in DATA for part, what, not_finite in (
                     ("weights", "weights after one epoch", ""),
                     ("loss", "returned loss", "your mean loss is {got}: look for a division by zero.")))


def _unchanged(got: np.ndarray, expected: np.ndarray, case: Case) -> bool:
    return case.facts["part"] == "weights" and np.array_equal(got, _run(case.args[0], lambda *args: None)[0])


def _in(part: str) -> Callable[[np.ndarray, np.ndarray, Case], bool]:
    """A test true for any answer to ``part``: the message when no row above explains it."""
    return lambda got, expected, case: case.facts["part"] == part


TRAIN_EPOCH = LESSON.exercise(
    "one training epoch", number=1, function="train_epoch", reference=reference_train_epoch, what="your result",
    cases=_epoch_cases(), ask=_epoch_part, answer=_returned_loss, labelled=True, tolerance=(1e-5, 1e-6),
    hints=[
        "Three parts: training mode and a random order of 0..N-1 drawn from `generator`; a loop over that order "
        "in steps of batch_size; after the loop, the mean loss per example.",
        "Inside the loop, in this order: optimizer.zero_grad(), the logits of the batch, F.cross_entropy, "
        "loss.backward(), optimizer.step().",
        "The order: torch.randperm(len(X), generator=generator); the batches: range(0, len(X), batch_size) keeps "
        "the last, smaller one; index X and y with the same slice of the order.",
        "Each batch's loss is the mean over its examples: add loss.item() * len(batch) to a running total, "
        "and return total / len(X).",
    ],
    mistakes=[
        Mistake("the weights never changed: call optimizer.step() after loss.backward() in every batch "
                "(and optimizer.zero_grad() before the backward, not between backward and step).", when=_unchanged),
        Mistake("gradients pile up from batch to batch: call optimizer.zero_grad() before each loss.backward() "
                "(PyTorch adds new gradients to .grad).", _epoch(zero_grad=False)),
        Mistake("the batches come in the original order: shuffle first, with torch.randperm(len(X), "
                "generator=generator).", _epoch(order="none")),
        Mistake("X and y were shuffled with two different orders, so the labels no longer belong to their images: "
                "draw one order and index both X and y with the same batch of it.", _epoch(order="twice")),
        Mistake("your epoch is right, but its batches come in another order: a DataLoader(shuffle=True, "
                "generator=generator) first draws a seed from the generator, then its permutation, so its order is "
                "not torch.randperm(len(X), generator=generator), the one this lesson's runs are compared with. "
                "Draw the order with torch.randperm and slice it into batches.", _epoch(order="dataloader")),
        Mistake("the order is random, but not drawn from `generator`: pass it, torch.randperm(len(X), "
                "generator=generator), so that the order can be repeated.", _epoch(order="global")),
        Mistake("the last, smaller batch was left out: step through range(0, len(X), batch_size) and let the last "
                "slice be shorter.", _epoch(drop_last=True)),
        Mistake("the model stayed in evaluation mode (its dropout switched off): call model.train() at the start of "
                "the epoch.", _epoch(train_mode=False)),
        Mistake("backward() ran on the logits (their sum), not on the loss: call loss.backward() on the batch's "
                "cross-entropy.", _epoch(backward_on="logits")),
        Mistake("the loss is summed over the batch: use F.cross_entropy's default, the mean over the batch's "
                "examples.", _epoch(backward_on="summed loss")),
        Mistake("the weights after one epoch differ from the course's: training mode, one permutation drawn from "
                "`generator`, then for each batch zero_grad, forward, cross-entropy, backward, step.", when=_in("weights")),
        Mistake("you returned the last batch's loss: return the mean over the whole epoch.",
                _epoch(returns=lambda L, B: L[-1])),
        Mistake("you returned the sum of the batch losses: return the mean loss per example.",
                _epoch(returns=lambda L, B: L.sum())),
        Mistake("that is the total loss of the epoch: divide it by the number of examples, len(X).",
                _epoch(returns=lambda L, B: L @ B)),
        Mistake("that is the plain mean of the batch losses, but the last batch is smaller: weight each batch's loss "
                "by its size (loss.item() * len(batch)) and divide by len(X).", _epoch(returns=lambda L, B: L.mean())),
        Mistake("you divided the total by the number of batches: divide by the number of examples, len(X).",
                _epoch(returns=lambda L, B: L @ B / len(L))),
        Mistake("each batch's loss is already a mean over its examples: weight it by the batch's size before dividing "
                "by len(X).", _epoch(returns=lambda L, B: L.sum() / B.sum())),
        Mistake("your mean loss is not the course's: the mean of the batch losses, each weighted by its batch's size.",
                when=_in("loss")),
    ],
    on_error=[  # what torch says -> what the student did
        OnError("grad can be implicitly created only for scalar outputs",
                "backward() needs one number to differentiate: call it on the batch's loss (F.cross_entropy of the "
                "logits and the labels), not on the logits."),
        OnError("backward through the graph a second time",
                "backward() ran twice through the same graph: call it on this batch's loss only, not on a running "
                "total of the losses (keep the total as a float, with loss.item())."),
    ])


# --- Exercise 2: accuracy ---------------------------------------------------------

def _accuracy_cases() -> tuple[Case, ...]:
    """Square logits first, so that argmax over dim 0 gives a (wrong) number, not an error."""
    gen = torch.Generator().manual_seed(6)
    cases = []
    for n, c in ((10, 10), (12, 4), (257, 10)):
        logits = torch.randn(n, c, generator=gen)
        labels = torch.randint(0, c, (n,), generator=gen)
        cases.append(Case(f"logits of shape ({n}, {c})", (logits, labels),
                          facts={"correct": int((logits.argmax(dim=1) == labels).sum())}))
    return tuple(cases)


def _accuracy_value(got: Any, case: Case) -> np.ndarray:
    """The accuracy as one number; the right one as a tensor, or a tensor of several, is a StudentMistake."""
    if isinstance(got, torch.Tensor) and got.numel() != 1:
        raise StudentMistake(f"return one number, not a tensor of shape {tuple(got.shape)}: take the mean of the "
                             "matches.")
    value = as_number(got, "your accuracy")
    if isinstance(got, torch.Tensor) and np.isclose(value, reference_accuracy(*case.args)):
        raise StudentMistake("the right value, as a tensor: return a Python float (.item()).")
    return np.float64(value)


def _matches(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return logits.argmax(dim=1) == labels


ACCURACY = LESSON.exercise(
    "accuracy", number=2, function="accuracy", reference=reference_accuracy, what="your accuracy",
    cases=_accuracy_cases(), answer=_accuracy_value,
    ignores_input="the same number for other logits too: compute the accuracy from `logits` and `labels`, not a "
                  "fixed number.",
    hints=[
        "The predicted class of a row is the position of its largest logit; the accuracy is the fraction of rows "
        "where it equals the label.",
        "logits.argmax(dim=1) gives one predicted class per row (dim=1: across the classes).",
        "Compare with == to get a tensor of True/False, turn it into 0.0/1.0 with .float(), take .mean(), "
        "and .item() makes it a Python float.",
    ],
    mistakes=[
        Mistake("the argmax ran down the columns (dim=0): take it across the classes, dim=1, one predicted class per "
                "row.", lambda logits, labels: (logits.argmax(dim=0) == labels).float().mean().item()),
        Mistake("that is the number of correct predictions ({correct}): divide by the number of examples.",
                lambda logits, labels: _matches(logits, labels).sum().item()),
        Mistake("that is a percentage: return a fraction between 0 and 1.",
                lambda logits, labels: 100 * reference_accuracy(logits, labels)),
        Mistake("0: no row counts as correct. Compare the predicted classes, logits.argmax(dim=1), with the labels (not "
                "the logits themselves, nor their largest values); and an integer division (//, or an integer tensor "
                "divided) cuts the fraction to 0: turn the matches into floats before the mean.",
                when=lambda got, expected, case: float(got) == 0.0),
    ],
    on_error=[OnError("must match the size of tensor", "Compare one predicted class per row, logits.argmax(dim=1) of "
                                                       "shape (N,), with the labels of shape (N,).")])

check_train_epoch = TRAIN_EPOCH.check
check_accuracy = ACCURACY.check
hint, solution, use, progress, course_version = LESSON.exports()
