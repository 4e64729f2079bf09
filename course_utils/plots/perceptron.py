"""Pictures of linear decision boundaries and perceptron training (notebooks 02 and 03)."""

from __future__ import annotations

from typing import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..validation import (as_float_array, check_axes, check_callable, check_int, check_points, check_predictions,
                          check_series)


def _scatter(ax, X: np.ndarray, y: np.ndarray) -> None:
    for label, color in [(0, "C0"), (1, "C3")]:
        pts = X[np.asarray(y) == label]
        ax.scatter(pts[:, 0], pts[:, 1], s=14, color=color, label=f"class {label}")


def _limits(X: np.ndarray, pad: float = 0.3) -> tuple[tuple[float, float], tuple[float, float]]:
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    return (lo[0], hi[0]), (lo[1], hi[1])


def draw_boundary(ax, w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, title: str = "",
                  axis_labels: tuple[str, str] = ("$x_1$", "$x_2$")) -> int:
    """Points, the line w·x + b = 0 and the misclassified points circled; returns the number of mistakes.

    X : (n, 2); y : (n,) 0/1; w : (2,); b : float. Class 1 is predicted where w·x + b > 0.
    axis_labels : names of X's two coordinates (e.g. a hidden layer's ("$h_1$", "$h_2$")).
    """
    check_axes(ax)
    if (not isinstance(axis_labels, (tuple, list)) or len(axis_labels) != 2
            or not all(isinstance(label, str) for label in axis_labels)):
        raise TypeError(f"axis_labels must be two strings, one per coordinate, got {axis_labels!r}")
    X, y = check_points(X, y)
    w = as_float_array(w, "w", shape=(2,), finite=True)
    b = float(as_float_array(b, "b", ndim=0, finite=True))  # a float, a 0-d array or a 0-d tensor
    _scatter(ax, X, y)
    (x0, x1), (y0, y1) = _limits(X)
    wrong = (X @ w + b > 0).astype(int) != np.asarray(y)
    ax.scatter(X[wrong, 0], X[wrong, 1], s=90, facecolors="none", edgecolors="k", label="mistake")
    xs = np.array([x0, x1])
    if abs(w[1]) > 1e-12:
        ax.plot(xs, -(w[0] * xs + b) / w[1], "k-", lw=1.5)
    elif abs(w[0]) > 1e-12:
        ax.axvline(-b / w[0], color="k", lw=1.5)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=axis_labels[0], ylabel=axis_labels[1], title=title)
    return int(wrong.sum())


def plot_training(snapshots: Sequence[tuple[np.ndarray, float]], X: np.ndarray, y: np.ndarray,
                  mistakes: Sequence[int], max_panels: int = 4) -> plt.Figure:
    """The boundary after the first epochs (one panel each) and the mistakes per epoch.

    snapshots : (w, b) after epoch 1, 2, ...; mistakes : mistakes made during each epoch.
    """
    X, y = check_points(X, y)
    max_panels = check_int(max_panels, "max_panels")
    shown = list(snapshots)[:max_panels]
    if not shown:
        raise ValueError("snapshots must hold at least one (w, b), one per epoch, got none")
    mistakes = check_series(mistakes, "mistakes")
    fig, axes = plt.subplots(1, len(shown) + 1, figsize=(3.3 * (len(shown) + 1), 3.3))
    for epoch, (ax, (w, b)) in enumerate(zip(axes, shown), start=1):
        draw_boundary(ax, w, b, X, y, title=f"after epoch {epoch}")
    axes[-1].bar(np.arange(1, len(mistakes) + 1), mistakes, color="C1")
    axes[-1].set(xlabel="epoch", ylabel="mistakes during the epoch", title="Mistakes per epoch")
    fig.tight_layout()
    return fig


def plot_decision_regions(predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray,
                          title: str = "", ax=None, n: int = 200):
    """Shade where ``predict`` says class 1, with the points on top. Returns the Axes.

    predict : maps (m, 2) points to (m,) labels or probabilities of class 1.
    """
    X, y = check_points(X, y)
    n = check_int(n, "n", minimum=2)
    check_callable(predict, "predict", "labels or class-1 probabilities")
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.8))
    check_axes(ax)
    (x0, x1), (y0, y1) = _limits(X)
    g1, g2 = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    P = np.column_stack([g1.ravel(), g2.ravel()])
    out = check_predictions(predict, P, "predict", "labels or class-1 probabilities").reshape(g1.shape)
    ax.contourf(g1, g2, out, levels=[-np.inf, 0.5, np.inf], colors=["#c6dbef", "#fcbba1"], alpha=0.8)
    _scatter(ax, X, y)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="$x_1$", ylabel="$x_2$", title=title)
    return ax
