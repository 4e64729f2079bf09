"""MNIST pictures: digit grids, weight templates, training curves and the confusion matrix (notebook 06)."""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..validation import as_float_array, check_int, check_labels, check_nonempty_mapping


def show_digits(images: np.ndarray, labels: Sequence[int], predictions: Sequence[int] | None = None,
                ncols: int = 10, title: str | None = None) -> plt.Figure:
    """A grid of digits titled with their label (and the prediction, red when wrong).

    images : shape (n, 28, 28) or (n, 784), any numeric type.
    """
    images = as_float_array(images, "images", finite=True)  # a NaN pixel would be drawn blank without a word
    if images.ndim not in (2, 3) or images[0:1].size not in (0, 784) or len(images) == 0:
        raise ValueError(f"images must have shape (n, 28, 28) or (n, 784) with n >= 1, got {images.shape}")
    images = images.reshape(len(images), 28, 28)
    if len(labels) != len(images):
        raise ValueError(f"labels must have one entry per image ({len(images)}), got {len(labels)}")
    if predictions is not None and len(predictions) != len(images):
        raise ValueError(f"predictions must have one entry per image ({len(images)}), got {len(predictions)}")
    ncols = check_int(ncols, "ncols")
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols, 1.3 * nrows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(images):
            continue
        ax.imshow(images[i], cmap="gray_r")
        if predictions is None:
            ax.set_title(str(int(labels[i])), fontsize=9)
        else:
            wrong = int(predictions[i]) != int(labels[i])
            ax.set_title(f"{int(labels[i])} → {int(predictions[i])}", fontsize=9, color="crimson" if wrong else "k")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_weight_templates(weight, title: str = "What the linear model learned: one template per digit"
                          ) -> plt.Figure:
    """Each digit's row of a linear model's weights as a 28 × 28 picture.

    weight : shape (10, 784) (``Linear(784, 10).weight``, a tensor or an array).
    Red pixels raise the digit's score, blue ones lower it; all ten share one
    colour scale, symmetric about 0, so the same colour is the same weight.
    """
    if hasattr(weight, "detach"):  # a torch tensor or Parameter
        weight = weight.detach().cpu().numpy()
    weight = as_float_array(weight, "weight", ndim=2, finite=True)
    if weight.shape != (10, 784):
        raise ValueError(f"weight must have shape (10, 784), one row of 28 × 28 pixel weights per digit, "
                         f"got {weight.shape}")
    limit = float(np.abs(weight).max()) or 1.0
    fig, axes = plt.subplots(2, 5, figsize=(9, 4.2))
    for digit, ax in enumerate(axes.flat):
        image = ax.imshow(weight[digit].reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(str(digit), fontsize=10)
        ax.axis("off")
    fig.suptitle(title)
    fig.colorbar(image, ax=axes, shrink=0.8, label="weight")
    return fig


def plot_history(histories: Mapping[str, object], title: str = "Training curves") -> plt.Figure:
    """Train and validation loss (left) and validation accuracy (right) per epoch.

    histories : label -> an object with per-epoch lists ``train_loss``, ``val_loss``, ``val_acc``.
    """
    for label, h in check_nonempty_mapping(histories, "histories").items():
        if not all(hasattr(h, key) for key in ("train_loss", "val_loss", "val_acc")):
            raise TypeError(f"histories[{label!r}] must be a training History (train_loss, val_loss, val_acc), "
                            f"got {type(h).__name__}")
        if len(h.train_loss) == 0:
            raise ValueError(f"histories[{label!r}] has no epochs yet: train first (fit(...)), then plot its history")
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4))
    for label, h in histories.items():
        epochs = np.arange(1, len(h.train_loss) + 1)
        line, = ax_loss.plot(epochs, h.train_loss, "o-", ms=3, label=f"{label}: train")
        if h.val_loss:
            ax_loss.plot(epochs, h.val_loss, "s--", ms=3, color=line.get_color(), label=f"{label}: validation")
            ax_acc.plot(epochs, 100 * np.asarray(h.val_acc), "s--", ms=3, color=line.get_color(), label=label)
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy loss", title=title)
    ax_acc.set(xlabel="epoch", ylabel="validation accuracy (%)", title="Accuracy on held-out images")
    ax_loss.legend(fontsize=8)
    ax_acc.legend(fontsize=8)
    fig.tight_layout()
    return fig


def confusion_matrix(y_true: Sequence[int], y_pred: Sequence[int], n_classes: int = 10) -> np.ndarray:
    """Counts of (true class, predicted class) pairs: shape (n_classes, n_classes), rows = truth."""
    n_classes = check_int(n_classes, "n_classes")
    if np.size(y_true) == 0:  # before the dtype check: [] reads as float
        raise ValueError("y_true must hold at least one label, got none (a matrix of zeros would say nothing)")
    y_true, y_pred = check_labels(y_true, n_classes, "y_true"), check_labels(y_pred, n_classes, "y_pred")
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D of the same length, got {y_true.shape} and {y_pred.shape}")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def plot_confusion_matrix(cm: np.ndarray, title: str = "Confusion matrix (test set)") -> plt.Figure:
    """The matrix as a heat map with the count in each cell; the diagonal is what the model gets right."""
    counts = as_float_array(cm, "cm", ndim=2)
    if counts.shape[0] != counts.shape[1] or counts.size == 0 or not np.all(counts >= 0):
        raise ValueError(f"cm must be a square matrix of counts >= 0 (confusion_matrix's result), got shape {counts.shape}"
                         + ("" if counts.size == 0 or np.all(counts >= 0) else f" with min {counts.min():g}"))
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    image = ax.imshow(np.log1p(cm), cmap="Blues")
    for (i, j), count in np.ndenumerate(cm):
        ax.text(j, i, str(count), ha="center", va="center", fontsize=7,
                color="white" if count > cm.max() / 3 else "black")
    ax.set(xticks=range(len(cm)), yticks=range(len(cm)), xlabel="predicted digit", ylabel="true digit", title=title)
    fig.colorbar(image, ax=ax, label="log(1 + count)")
    fig.tight_layout()
    return fig
