"""Training and evaluating a PyTorch classifier (notebook 06).

    history = fit(model, train, epochs=5, lr=1e-3, val_data=test)
    evaluate(model, test)   # accuracy in [0, 1]

The model returns logits and ``fit`` minimises the cross-entropy between them
and the integer labels (``F.cross_entropy`` = log-softmax + negative log
likelihood). ``train_epoch`` is the package's one training loop, the textbook
zero_grad, forward, loss, backward, step; ``fit`` and the depth-vs-width
experiment of notebook 07 (full-batch MSE: one batch per call) both call it.
It is made fast by what surrounds it: the whole dataset as one tensor on the
model's device, batches cut by ``index_select``, a fused Adam step, and no
``.item()`` per step (see benchmarks/README.md for the numbers). Arguments
are checked at the entry points (``fit``, ``evaluate``, ``predict``), never
inside the loop.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .device import resolve_device
from .history import History
from .training_data import as_inputs, as_tensors, count_classes
from .validation import check_int, check_module, check_positive, check_type

OPTIMIZERS = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}
EVAL_CHUNK = 10_000  # samples per forward pass when evaluating: bounds memory, same result


def make_optimizer(name: str, parameters, lr: float, device: torch.device) -> torch.optim.Optimizer:
    """``torch.optim`` optimizer by name; fused (one kernel for all parameters) on CPU and GPU.

    The fused Adam step is ~3x faster than the default one on the 784-120-84-10 MLP.
    """
    if not isinstance(name, str) or name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, got {name!r}")
    lr = check_positive(lr, "lr")
    fused = True if device.type in ("cpu", "cuda") else None
    return OPTIMIZERS[name](parameters, lr=lr, fused=fused)


def fit(model: nn.Module, train_data, *, epochs: int, lr: float, batch_size: int = 100, optimizer: str = "adam",
        seed: int = 0, val_data=None, device=None, progress: bool = True) -> History:
    """Train ``model`` (which returns logits) with cross-entropy; returns a ``History``.

    train_data, val_data : an ``MNISTSplit`` or a pair (X, y): X float of shape
        (N, ...) as the model takes it, y integer labels of shape (N,).
    epochs : passes over the training data. lr : learning rate.
    batch_size : samples per step (100, as the course's first loop uses).
    optimizer : "adam", "adamw" or "sgd" (plain gradient descent).
    seed : orders the batches; the same seed and the same initial model give the same result.
    device : where to train (default ``default_device()``); the model moves there.
    progress : show a tqdm progress bar over all steps of all epochs.
    The model is trained in place. Raises FloatingPointError, naming the epoch
    and the step, when the loss becomes NaN or inf (training diverged).
    """
    check_module(model)
    epochs, batch_size = check_int(epochs, "epochs", 1), check_int(batch_size, "batch_size", 1)
    lr, seed = check_positive(lr, "lr"), check_int(seed, "seed", 0)
    if seed >= 2**63:  # torch.Generator takes 64-bit signed seeds
        raise ValueError(f"seed must be < 2**63, got {seed}")
    device = resolve_device(device)
    if not any(p.requires_grad for p in model.parameters()):
        raise ValueError("model has no trainable parameters (none with requires_grad=True): there is nothing to fit")
    model.to(device)
    X, y = _prepare(model, train_data, "train_data")
    val = None if val_data is None else _prepare(model, val_data, "val_data")
    opt = make_optimizer(optimizer, model.parameters(), lr, device)
    generator = torch.Generator().manual_seed(seed)
    history = History()
    with _progress_bar(progress, epochs * math.ceil(len(X) / batch_size)) as bar:
        for epoch in range(1, epochs + 1):
            bar.set_description(f"epoch {epoch}/{epochs}", refresh=False)
            start = time.perf_counter()
            loss = train_epoch(model, opt, X, y, shuffled_batches(len(X), batch_size, generator, device), bar,
                               epoch=epoch)
            history.seconds.append(time.perf_counter() - start)
            history.train_loss.append(loss)
            if val is not None:
                val_loss, val_acc = loss_and_accuracy(model, *val)
                history.val_loss.append(val_loss)
                history.val_acc.append(val_acc)
            bar.set_postfix(_summary(history), refresh=True)
    return history


def _prepare(model: nn.Module, data, name: str) -> tuple[torch.Tensor, torch.Tensor]:
    return as_tensors(data, name, model)


def train_epoch(model: nn.Module, optimizer: torch.optim.Optimizer, X: torch.Tensor, y: torch.Tensor,
                batches: Iterable[torch.Tensor], bar=None, *, loss_fn: Callable = F.cross_entropy,
                epoch: int | None = None) -> float:
    """One pass over ``batches`` (tensors of row indices of X, y); returns the mean training loss.

    X : inputs of shape (N, ...); y : targets of shape (N, ...), e.g. labels (N,).
    batches : index tensors, e.g. ``shuffled_batches(...)``; one batch of every
        index, ``[torch.arange(N)]``, makes one full-batch gradient step.
    bar : an optional tqdm bar, advanced once per step.
    loss_fn : loss_fn(model(X_batch), y_batch) -> scalar tensor (default: cross-entropy on logits).
    epoch : the epoch's number, only to name it in an error.
    Raises FloatingPointError naming the first step whose loss was NaN or inf,
    and ValueError when ``batches`` is empty.
    """
    model.train()
    losses, sizes = [], []
    for index in batches:
        X_batch, y_batch = X.index_select(0, index), y.index_select(0, index)  # X[index] is ~8x slower
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(X_batch), y_batch)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())  # stays a tensor: no GPU sync per step
        sizes.append(len(index))
        if bar is not None:
            bar.update()
    return _mean_loss(losses, sizes, epoch)


def _mean_loss(losses: list[torch.Tensor], sizes: list[int], epoch: int | None) -> float:
    """The epoch's loss, each step weighted by its batch size; one sync per epoch.

    Raises FloatingPointError naming the first step whose loss was NaN or inf.
    """
    if not sizes:
        raise ValueError("batches must hold at least one sample index, got none")
    losses = torch.stack(losses).double()
    mean = (losses @ torch.tensor(sizes, dtype=torch.float64, device=losses.device)).item() / sum(sizes)
    if not math.isfinite(mean):  # only then look for the step
        bad = (~torch.isfinite(losses)).nonzero()
        step = int(bad[0, 0]) if len(bad) else len(losses) - 1  # finite losses whose sum overflowed: the last step
        raise FloatingPointError(
            f"training diverged: the loss was {losses[step].item()} at "
            f"{'' if epoch is None else f'epoch {epoch}, '}step {step + 1} of {len(losses)}; the weights "
            "are no longer usable. Lower the learning rate (lr), check the inputs' scale, and start from a fresh model")
    return mean


def shuffled_batches(n: int, batch_size: int, generator: torch.Generator,
                     device: torch.device) -> Iterator[torch.Tensor]:
    """Index batches covering 0..n-1 once in a random order; the last may be smaller.

    The permutation comes from ``generator`` (on the CPU, so the same seed
    gives the same batches on every device) and moves to ``device`` once.
    """
    n, batch_size = check_int(n, "n"), check_int(batch_size, "batch_size")
    return iter(torch.randperm(n, generator=generator).to(device).split(batch_size))


def _progress_bar(progress: bool, total: int):
    from tqdm.auto import tqdm  # imported here: tqdm.auto probes for Jupyter

    check_type(progress, bool, "progress", "True or False")
    return tqdm(total=total, disable=not progress, unit="batch", leave=True)


def _summary(history: History) -> dict[str, str]:
    summary = {"loss": f"{history.train_loss[-1]:.4f}"}
    if history.val_acc:
        summary["val_acc"] = f"{history.val_acc[-1]:.4f}"
    return summary


@torch.inference_mode()
def _logits(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    was_training = model.training
    model.eval()
    try:
        logits = torch.cat([model(chunk) for chunk in X.split(EVAL_CHUNK)])
    finally:
        model.train(was_training)
    bad = int((~torch.isfinite(logits)).any(dim=1).sum()) if logits.ndim == 2 else 0
    if bad:  # argmax of NaN logits is a meaningless class, and its accuracy too
        raise ValueError(f"the model returned NaN or inf logits for {bad} of {len(X)} samples: "
                         "its weights have probably diverged; train a fresh model with a lower lr")
    return logits


def loss_and_accuracy(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` on checked tensors X (N, ...), y (N,)."""
    logits = _logits(model, X)
    loss = F.cross_entropy(logits, y)
    correct = (logits.argmax(dim=1) == y).sum()
    return loss.item(), correct.item() / len(y)


def evaluate(model: nn.Module, data) -> float:
    """Accuracy in [0, 1] of ``model`` on ``data`` (an MNISTSplit or a pair (X, y)).

    Runs where the model's parameters are, in eval mode, without building a graph.
    Raises ValueError when the model returns NaN or inf logits (no meaningful accuracy).
    """
    X, y = _prepare(check_module(model), data, "data")
    return loss_and_accuracy(model, X, y)[1]


def predict(model: nn.Module, data) -> np.ndarray:
    """Predicted labels, int64 of shape (N,), for ``data``: an MNISTSplit, a pair (X, y) or X alone."""
    check_module(model)
    if isinstance(data, (tuple, list)) or hasattr(data, "as_float"):
        X, _ = _prepare(model, data, "data")
    else:
        X = as_inputs(data, "data", model)
        count_classes(model, X)  # logits must have shape (N, classes)
    return _logits(model, X).argmax(dim=1).cpu().numpy()
