"""MNIST pictures: digit grids, training curves and the confusion matrix (notebook 06)."""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np


def show_digits(images: np.ndarray, labels: Sequence[int], predictions: Sequence[int] | None = None,
                ncols: int = 10, title: str | None = None) -> plt.Figure:
    """A grid of digits titled with their label (and the prediction, red when wrong).

    images : shape (n, 28, 28) or (n, 784), any numeric type.
    """
    images = np.asarray(images, dtype=np.float32).reshape(len(images), 28, 28)
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


def plot_history(histories: Mapping[str, object], title: str = "Training curves") -> plt.Figure:
    """Train and validation loss (left) and validation accuracy (right) per epoch.

    histories : label -> an object with per-epoch lists ``train_loss``, ``val_loss``, ``val_acc``.
    """
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
    y_true, y_pred = np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D of the same length, got {y_true.shape} and {y_pred.shape}")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def plot_confusion_matrix(cm: np.ndarray, title: str = "Confusion matrix (test set)") -> plt.Figure:
    """The matrix as a heat map with the count in each cell; the diagonal is what the model gets right."""
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    image = ax.imshow(np.log1p(cm), cmap="Blues")
    for (i, j), count in np.ndenumerate(cm):
        ax.text(j, i, str(count), ha="center", va="center", fontsize=7,
                color="white" if count > cm.max() / 3 else "black")
    ax.set(xticks=range(len(cm)), yticks=range(len(cm)), xlabel="predicted digit", ylabel="true digit", title=title)
    fig.colorbar(image, ax=ax, label="log(1 + count)")
    fig.tight_layout()
    return fig
