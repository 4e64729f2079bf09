"""Getting training data into whole tensors, checked, and cutting them into batches.

The fast path of ``course_utils.training``: the dataset sits on the model's
device as two tensors, X of shape (N, ...) and y of shape (N,), and every
batch is one ``index_select`` of shuffled row indices. No DataLoader, no
per-sample PIL image or ``ToTensor`` call (which cost ~5.8 s per MNIST epoch).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import torch
from torch import nn


def _split_pair(data: object, name: str) -> tuple[object, object]:
    if hasattr(data, "as_float") and hasattr(data, "labels"):  # an MNISTSplit
        return data.as_float(), data.labels
    if isinstance(data, (tuple, list)) and len(data) == 2:
        return data[0], data[1]
    raise TypeError(f"{name} must be an MNISTSplit or a pair (X, y) of tensors or arrays, got {type(data).__name__}")


def _as_tensor(value: object, name: str) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value
    try:
        return torch.as_tensor(np.asarray(value))
    except (TypeError, ValueError, RuntimeError) as err:
        raise TypeError(f"{name} must be a tensor or an array of numbers, got {type(value).__name__}") from err


def as_inputs(X: object, name: str, device: torch.device, dtype: torch.dtype) -> torch.Tensor:
    """Inputs X of shape (N, ...) as a finite tensor of ``dtype`` (the model's) on ``device``."""
    X = _as_tensor(X, f"{name}: X")
    if not X.is_floating_point():
        raise TypeError(f"{name}: X must hold floating-point inputs, got {X.dtype} "
                        "(for MNIST pass the MNISTSplit itself or split.as_float(), scaled to [0, 1])")
    if X.ndim < 2 or len(X) == 0:
        raise ValueError(f"{name}: X must have shape (N, features...) with N >= 1, got {tuple(X.shape)}")
    X = X.to(device=device, dtype=dtype)
    if not torch.isfinite(X).all():
        raise ValueError(f"{name}: X must contain only finite numbers, found NaN or inf")
    return X


def as_labels(y: object, n: int, name: str, device: torch.device) -> torch.Tensor:
    """Integer class labels of shape (n,) as an int64 tensor on ``device``."""
    y = _as_tensor(y, f"{name}: y")
    if y.dtype == torch.bool or y.is_floating_point() or y.is_complex():
        raise TypeError(f"{name}: y must be integer class labels, got {y.dtype}")
    if y.ndim != 1 or len(y) != n:
        raise ValueError(f"{name}: X and y must have the same number of samples, y of shape ({n},); "
                         f"got y of shape {tuple(y.shape)}")
    return y.to(device=device, dtype=torch.int64)


def as_tensors(data: object, name: str, device: torch.device, dtype: torch.dtype) -> tuple[torch.Tensor, torch.Tensor]:
    """``data`` (an MNISTSplit or a pair (X, y)) as checked tensors on ``device``.

    Returns X of shape (N, ...) in ``dtype`` (the model's) and y, int64 of shape (N,).
    """
    X, y = _split_pair(data, name)
    X = as_inputs(X, name, device, dtype)
    return X, as_labels(y, len(X), name, device)


def count_classes(model: nn.Module, X: torch.Tensor) -> int:
    """The number of logits ``model`` returns per sample, found by running it on one sample."""
    try:
        with torch.no_grad():
            logits = model(X[:1])
    except RuntimeError as err:
        raise ValueError(f"the model cannot take inputs of shape {tuple(X.shape[1:])} per sample: "
                         f"{str(err).splitlines()[0]}") from err
    if logits.ndim != 2:
        raise ValueError(f"the model must return logits of shape (N, classes), got {tuple(logits.shape)}")
    return logits.shape[1]


def check_label_range(y: torch.Tensor, n_classes: int, name: str) -> None:
    """Labels must lie in 0..n_classes-1, the rows of the model's logits."""
    low, high = int(y.min()), int(y.max())
    if low < 0 or high >= n_classes:
        raise ValueError(f"{name}: labels must lie in 0..{n_classes - 1} (the model returns {n_classes} logits), "
                         f"found {low if low < 0 else high}")


def shuffled_batches(n: int, batch_size: int, generator: torch.Generator,
                     device: torch.device) -> Iterator[torch.Tensor]:
    """Index batches covering 0..n-1 once in a random order; the last may be smaller.

    The permutation comes from ``generator`` (on the CPU, so the same seed
    gives the same batches on every device) and moves to ``device`` once.
    """
    return iter(torch.randperm(n, generator=generator).to(device).split(batch_size))


def model_device_and_dtype(model: nn.Module) -> tuple[torch.device, torch.dtype]:
    """Where the model's parameters live and their dtype: the data follows them."""
    parameter = next(model.parameters(), None)
    if parameter is None:
        raise ValueError("model has no parameters: pass a torch.nn.Module with layers to train")
    return parameter.device, parameter.dtype
