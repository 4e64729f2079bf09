"""Pictures of activation functions and of gradients through depth (notebook 03)."""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..validation import check_int, check_nonempty_mapping, check_series


def plot_activations(functions: Mapping[str, tuple[Callable, Callable]], z: np.ndarray | None = None,
                     ncols: int = 4) -> plt.Figure:
    """One panel per activation with f (solid) and f' (dashed).

    functions : name -> (f, f_prime), e.g. ``scratch.ACTIVATIONS``.
    """
    check_nonempty_mapping(functions, "functions")
    for name, pair in functions.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(callable(f) for f in pair)):
            raise TypeError(f"functions[{name!r}] must be a pair (f, f_prime) of functions, got {type(pair).__name__}")
    ncols = check_int(ncols, "ncols")
    z = np.linspace(-4, 4, 401) if z is None else check_series(z, "z")
    nrows = -(-len(functions) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.7 * nrows), squeeze=False)
    for ax, (name, (f, df)) in zip(axes.flat, functions.items()):
        ax.plot(z, f(z), lw=2, label="f(z)")
        ax.plot(z, df(z), "--", lw=1.5, label="f′(z)")
        ax.axhline(0, color="0.8", lw=0.8)
        ax.axvline(0, color="0.8", lw=0.8)
        ax.set(title=name, xlabel="z", ylim=(-1.5, 4.0))
    for ax in list(axes.flat)[len(functions):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_gradient_vs_depth(depths: Sequence[int], norms: Mapping[str, Sequence[float]]) -> plt.Figure:
    """Size of the gradient reaching the first layer against the depth of the stack (log scale).

    norms : activation name -> one gradient norm per depth.
    """
    depths = check_series(depths, "depths")
    for name, values in check_nonempty_mapping(norms, "norms").items():
        check_series(values, f"norms[{name!r}]", len(depths))
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, values in norms.items():
        ax.semilogy(depths, values, "o-", label=name)
    ax.set(xlabel="number of layers", ylabel="gradient norm at the first layer",
           title="Vanishing gradients: sigmoid vs ReLU through depth")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    return fig


def plot_seed_comparison(errors: Mapping[str, Sequence[float]], ylabel: str, title: str) -> plt.Figure:
    """Paired runs on a log axis: one grey line per seed joins its errors, a black bar marks each geometric mean.

    errors : name -> one positive value per seed, the seeds in the same order for every name
    (the line of a seed shows which way that seed moved; a log axis, because errors span orders of magnitude).
    """
    errors = {name: check_series(values, f"errors[{name!r}]", positive=True)
              for name, values in check_nonempty_mapping(errors, "errors").items()}
    n_seeds = {values.size for values in errors.values()}
    if len(n_seeds) > 1:
        raise ValueError(f"errors must hold one value per seed for every name, equally many (paired runs), "
                         f"got {', '.join(f'{name}: {values.size}' for name, values in errors.items())}")
    table = np.array(list(errors.values()))           # (names, seeds)
    positions = np.arange(len(errors))
    fig, ax = plt.subplots(figsize=(5, 3.8))
    for seed_values in table.T:
        ax.plot(positions, seed_values, "o-", color="0.6", lw=1, ms=4)
    with np.errstate(divide="ignore", invalid="ignore"):
        centres = np.exp(np.log(table).mean(axis=1))
    ax.plot(positions, centres, "_", color="k", ms=30, mew=2.5, label="geometric mean")
    ax.set_xticks(positions, list(errors))
    ax.set_xlim(-0.5, len(errors) - 0.5)
    ax.set(yscale="log", ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
