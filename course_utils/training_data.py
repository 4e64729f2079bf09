"""The data that fit, evaluate and predict take, as checked tensors on the model's device (notebook 06).

``as_tensors`` turns an ``MNISTSplit`` or a pair (X, y) into float inputs of the
model's dtype and int64 labels within the model's classes; ``as_inputs`` does the
inputs alone; ``count_classes`` finds how many logits the model returns. Bad data
gets a ValueError or TypeError naming the argument, never a wrong number.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

__all__ = ["as_inputs", "as_tensors", "count_classes", "model_device_and_dtype"]


def _as_tensor(value, name: str) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value
    try:
        return torch.as_tensor(np.asarray(value))
    except (TypeError, ValueError, RuntimeError) as err:
        raise TypeError(f"{name} must be a tensor or an array of numbers, got {type(value).__name__}") from err


def model_device_and_dtype(model: nn.Module) -> tuple[torch.device, torch.dtype]:
    """Where the model's parameters live and their dtype: the data follows them."""
    parameter = next(model.parameters(), None)
    if parameter is None:
        raise ValueError("model has no parameters: pass a torch.nn.Module with layers to train")
    return parameter.device, parameter.dtype


def as_inputs(X, name: str, model: nn.Module) -> torch.Tensor:
    """Inputs X of shape (N, ...) as a finite tensor of the model's dtype, on the model's device."""
    device, dtype = model_device_and_dtype(model)
    X = _as_tensor(X, f"{name}: X")
    if not X.is_floating_point():
        raise TypeError(f"{name}: X must hold floating-point inputs, got {X.dtype} "
                        "(for MNIST pass the MNISTSplit itself or split.as_float(), scaled to [0, 1])")
    if X.ndim < 2 or len(X) == 0:
        raise ValueError(f"{name}: X must have shape (N, features...) with N >= 1, got {tuple(X.shape)}")
    if not torch.isfinite(X).all():
        raise ValueError(f"{name}: X must contain only finite numbers, found NaN or inf")
    if X.requires_grad:  # training must not write into the caller's X.grad
        X = X.detach()
    converted = X.to(device=device, dtype=dtype)
    if not torch.isfinite(converted).all():  # e.g. float64 values beyond float32's range
        raise ValueError(f"{name}: X has values too large for the model's {dtype} (largest magnitude "
                         f"{float(X.abs().max()):.3g}); rescale the inputs")
    return converted


def as_tensors(data, name: str, model: nn.Module) -> tuple[torch.Tensor, torch.Tensor]:
    """``data`` (an MNISTSplit or a pair (X, y)) as checked tensors for ``model``, on its device.

    Returns X of shape (N, ...) in the model's dtype and y, int64 of shape (N,), each label one of
    the model's classes (0 .. the number of logits it returns - 1).
    """
    if hasattr(data, "as_float") and hasattr(data, "labels"):  # an MNISTSplit
        X, y = data.as_float(), data.labels
    elif isinstance(data, (tuple, list)) and len(data) == 2:
        X, y = data
    else:
        raise TypeError(f"{name} must be an MNISTSplit or a pair (X, y) of tensors or arrays, got {type(data).__name__}")
    X = as_inputs(X, name, model)
    y = _as_tensor(y, f"{name}: y")
    if y.dtype == torch.bool or y.is_floating_point() or y.is_complex():
        raise TypeError(f"{name}: y must be integer class labels, got {y.dtype} "
                        "(convert whole-number labels with y.long() or y.astype(np.int64))")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"{name}: X and y must have the same number of samples, y of shape ({len(X)},); "
                         f"got y of shape {tuple(y.shape)}")
    n_classes = count_classes(model, X)
    low, high = int(y.min()), int(y.max())
    if low < 0 or high >= n_classes:
        raise ValueError(f"{name}: labels must lie in 0..{n_classes - 1} (the model returns {n_classes} logits), "
                         f"found {low if low < 0 else high}")
    return X, y.to(device=X.device, dtype=torch.int64)


def count_classes(model: nn.Module, X: torch.Tensor) -> int:
    """The number of logits ``model`` returns per sample, found by running it on X[:1].

    Raises ValueError when the model cannot take X's samples or does not return (N, classes).
    """
    try:
        with torch.no_grad():
            logits = model(X[:1])
    except RuntimeError as err:
        raise ValueError(f"the model cannot take inputs of shape {tuple(X.shape[1:])} per sample: "
                         f"{str(err).splitlines()[0]}") from err
    if not isinstance(logits, torch.Tensor):
        raise TypeError(f"the model must return one tensor of logits of shape (N, classes), "
                        f"got {type(logits).__name__}")
    if logits.ndim != 2:
        raise ValueError(f"the model must return logits of shape (N, classes), got {tuple(logits.shape)}")
    if logits.shape[1] < 2:  # one class: the loss is always 0 and every prediction right
        raise ValueError(f"the model must return at least 2 logits per sample (one per class), "
                         f"got {logits.shape[1]}")
    return logits.shape[1]
