"""Pictures of a single neuron (notebook 01)."""

from __future__ import annotations

from typing import Callable

import matplotlib.pyplot as plt
import numpy as np

from ..validation import check_int, check_points, check_predictions

STUDIED_RANGE = (0.0, 10.0)  # hours studied, as in toy_data.pass_fail_students
SLEPT_RANGE = (3.0, 10.0)    # hours slept


def output_grid(neuron: Callable[[np.ndarray], np.ndarray], n: int = 101) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The neuron's output over (hours studied, hours slept).

    neuron : maps X of shape (m, 2) to outputs of shape (m,) or (m, 1).
    Returns (studied, slept, out), each of shape (n, n).
    """
    n = check_int(n, "n", minimum=2)
    studied, slept = np.meshgrid(np.linspace(*STUDIED_RANGE, n), np.linspace(*SLEPT_RANGE, n))
    P = np.column_stack([studied.ravel(), slept.ravel()])
    out = check_predictions(neuron, P, "neuron", "one output per row of X, shape (m,) or (m, 1)")
    return studied, slept, out.reshape(studied.shape)


def plot_output_surface(neuron: Callable[[np.ndarray], np.ndarray], X: np.ndarray | None = None,
                        y: np.ndarray | None = None, title: str = "Neuron output") -> plt.Figure:
    """Heat map of the neuron's output over both inputs, with labelled students on top.

    X : (n, 2) [hours studied, hours slept]; y : (n,) 0 = fail, 1 = pass.
    """
    if (X is None) != (y is None):
        raise ValueError("X and y go together: pass both (the students and their labels) or neither")
    if X is not None:
        X, y = check_points(X, y)
    studied, slept, out = output_grid(neuron)
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    mesh = ax.pcolormesh(studied, slept, out, cmap="RdBu", shading="auto", vmin=0, vmax=1)
    ax.contour(studied, slept, out, levels=[0.5], colors="black", linewidths=1.5)
    fig.colorbar(mesh, ax=ax, label="output (probability of passing)")
    if X is not None and y is not None:
        failed, passed = X[np.asarray(y) == 0], X[np.asarray(y) == 1]
        ax.scatter(failed[:, 0], failed[:, 1], marker="x", s=18, color="k", label="failed")
        ax.scatter(passed[:, 0], passed[:, 1], marker="o", s=18, facecolors="w", edgecolors="k", label="passed")
        ax.legend(loc="lower right", fontsize=8)
    ax.set(xlabel="hours studied", ylabel="hours slept", title=title)
    fig.tight_layout()
    return fig
