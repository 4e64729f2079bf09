"""Pictures of loss functions and their gradients (notebook 04)."""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..validation import as_float_array, check_nonempty_mapping, check_series


def plot_neg_log(marked: Sequence[float] = (0.99, 0.01)) -> plt.Figure:
    """Cross-entropy of one example, -log p, against the probability p given to the true class."""
    marked = as_float_array(marked, "marked", ndim=1)
    if not np.all((marked > 0) & (marked <= 1)):
        raise ValueError(f"marked must hold probabilities in (0, 1] (-log 0 is infinite), got {marked}")
    p = np.linspace(0.005, 1.0, 400)
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot(p, -np.log(p), lw=2)
    for q in marked:
        ax.plot(q, -np.log(q), "o", color="C3")
        ax.annotate(f"p = {q:g}: loss {-np.log(q):.2f}", (q, -np.log(q)), textcoords="offset points",
                    xytext=(10 if q < 0.5 else -120, 8))
    ax.set(xlabel="probability given to the true class, p̂", ylabel="loss = −log p̂",
           title="Cross-entropy punishes confident mistakes")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_gradient_vs_logit(z: np.ndarray, grads: Mapping[str, np.ndarray], title: str) -> plt.Figure:
    """|dL/dz| against the logit z for each loss (log scale), for one example whose true label is 1."""
    z = check_series(z, "z")
    grads = {name: check_series(g, f"grads[{name!r}]", len(z)) for name, g in check_nonempty_mapping(grads, "grads").items()}
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, g in grads.items():
        ax.semilogy(z, np.abs(g), lw=2, label=name)
    ax.axvspan(z.min(), -3, color="0.9", label="confident and wrong")
    ax.set(xlabel="logit z (true label y = 1)", ylabel="|∂L/∂z|", title=title)
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    return fig


def plot_loss_curves(curves: Mapping[str, Sequence[float]], ylabel: str = "accuracy",
                     title: str = "Training") -> plt.Figure:
    """One line per run against the training step."""
    curves = {name: check_series(values, f"curves[{name!r}]") for name, values in check_nonempty_mapping(curves, "curves").items()}
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, lw=2, label=name)
    ax.set(xlabel="step", ylabel=ylabel, title=title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
