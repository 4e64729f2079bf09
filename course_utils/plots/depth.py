"""Pictures of the depth-vs-width experiment (notebook 07).

The functions take the ``Summary`` objects of ``course_utils.depth_experiment``: each
has ``depth``, ``width``, ``n_params``, ``runs`` (with per-checkpoint
``seconds`` and ``errors``) and ``errors`` (final error of each seed).
Errors over seeds span orders of magnitude, so the axes are logarithmic and the
line is the geometric mean over the seeds (the mean of log error), with the
best and worst seed around it.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..stats import geometric_mean
from ..validation import as_float_array, check_nonempty_mapping, check_series, check_type


def _label(summary) -> str:
    return f"depth {summary.depth} × width {summary.width} ({summary.n_params} params)"


def plot_fits(x: np.ndarray, y: np.ndarray, predictions: Mapping[str, np.ndarray], title: str) -> plt.Figure:
    """The target on a grid and each network's prediction on it.

    x, y : shape (n,) or (n, 1); predictions : label -> values of the same shape.
    """
    x = check_series(_column(x, "x"), "x")
    y = check_series(_column(y, "y"), "y", len(x))
    predictions = {label: check_series(_column(y_hat, f"predictions[{label!r}]"), f"predictions[{label!r}]", len(x))
                   for label, y_hat in check_type(predictions, Mapping, "predictions", "a dict label -> values").items()}
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(x, y, "k", lw=3, alpha=0.3, label="target")
    for label, y_hat in predictions.items():
        ax.plot(x, y_hat, lw=1.3, label=label)
    ax.set(xlabel="x", ylabel="f(x)", title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _column(values, name: str) -> np.ndarray:
    """(n,) or (n, 1) values as (n,): a network's output on a grid has one column."""
    arr = as_float_array(values, name)
    return arr[:, 0] if arr.ndim == 2 and arr.shape[1] == 1 else arr


def _non_empty(values, name: str, what: str):
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be {what}, got {type(values).__name__}")
    if len(values) == 0:
        raise ValueError(f"{name} must hold at least one entry ({what}), got none")
    for i, summary in enumerate(values):
        if not all(hasattr(summary, key) for key in ("depth", "width", "n_params", "runs")):
            raise TypeError(f"{name}[{i}] must be a depth_experiment Summary (depth, width, n_params, runs), "
                            f"got {type(summary).__name__}")
        if len(summary.runs) == 0:
            raise ValueError(f"{name}[{i}] has no runs: nothing to plot")
    return values


def plot_error_vs_time(summaries: Sequence, title: str) -> plt.Figure:
    """Approximation error against training time: geometric mean over seeds, band = best to worst seed."""
    _non_empty(summaries, "summaries", "a list of depth_experiment summaries")
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for s in summaries:
        seconds = np.mean([run.seconds for run in s.runs], axis=0)
        errors = np.array([run.errors for run in s.runs])
        line, = ax.semilogy(seconds, [geometric_mean(column) for column in errors.T], label=_label(s))
        ax.fill_between(seconds, errors.min(axis=0), errors.max(axis=0), color=line.get_color(), alpha=0.2)
    ax.set(xlabel="training time (s)", ylabel="approximation error (MSE on a grid)", title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_error_vs_params(by_depth: Mapping[int, Sequence], title: str) -> plt.Figure:
    """Final error against parameter count, one line per depth: the geometric mean over seeds, bars from best to worst seed.

    by_depth : depth -> summaries of that depth at increasing budgets.
    (Min-max bars rather than mean ± std: on a log axis mean − std can fall below zero.)
    """
    check_nonempty_mapping(by_depth, "by_depth")
    for depth, summaries in by_depth.items():
        _non_empty(summaries, f"by_depth[{depth!r}]", "a list of depth_experiment summaries")
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for depth, summaries in by_depth.items():
        means = np.array([geometric_mean(s.errors) for s in summaries])
        lows, highs = np.array([s.errors.min() for s in summaries]), np.array([s.errors.max() for s in summaries])
        ax.errorbar([s.n_params for s in summaries], means, yerr=[means - lows, highs - means], marker="o", capsize=3,
                    label=f"{depth} hidden layer{'s' if depth > 1 else ''}")
    ax.set(xscale="log", yscale="log", xlabel="number of parameters", ylabel="approximation error (MSE on a grid)",
           title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
