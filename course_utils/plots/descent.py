"""Pictures of gradient descent and of what gradients cost (notebook 05)."""

from __future__ import annotations

from typing import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np

from ..validation import as_float_array, check_callable, check_int, check_nonempty_mapping, check_positive


def plot_descent(loss: Callable[[np.ndarray], float], paths: Mapping[str, np.ndarray],
                 xlim: tuple[float, float] = (-2.5, 2.5), ylim: tuple[float, float] = (-1.5, 1.5),
                 title: str = "Gradient descent on a loss surface") -> plt.Figure:
    """Contour plot of ``loss`` over two parameters with each trajectory drawn on it, and the loss curves beside it.

    loss : maps a point p of shape (2,) to L(p).
    paths : label -> trajectory of shape (num_steps + 1, 2).
    """
    check_callable(loss, "loss", "L(p), one number for a point p of shape (2,)")
    paths = {label: as_float_array(path, f"paths[{label!r}]", shape=(None, 2))
             for label, path in check_nonempty_mapping(paths, "paths").items()}
    for label, path in paths.items():
        if len(path) == 0:
            raise ValueError(f"paths[{label!r}] must hold at least the starting point, got shape {path.shape}")
    p1, p2 = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    surface = [loss(np.array(p)) for p in zip(p1.ravel(), p2.ravel())]
    surface = as_float_array(surface, "the values of loss(p)", ndim=1, finite=True).reshape(p1.shape)
    fig, (ax_map, ax_curve) = plt.subplots(1, 2, figsize=(11, 4.2))
    ax_map.contour(p1, p2, surface, levels=np.geomspace(max(surface.min(), 1e-3), surface.max(), 15), cmap="viridis")
    for label, path in paths.items():
        shown = path[np.all(np.abs(path) < 1e3, axis=1)]  # a diverging run leaves the picture: keep what fits
        line, = ax_map.plot(shown[:, 0], shown[:, 1], "o-", ms=3, lw=1.2, label=label)
        ax_curve.semilogy([loss(p) for p in path], color=line.get_color(), label=label)
    ax_map.set(xlim=xlim, ylim=ylim, xlabel="parameter $p_1$", ylabel="parameter $p_2$", title=title)
    ax_map.legend(fontsize=8, loc="lower right")
    ax_curve.set(xlabel="step", ylabel="loss $L(p)$ (log scale)", title="Loss after each step")
    ax_curve.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_gradient_cost(n_params: int, fd_seconds: float, backprop_seconds: float,
                       target_params: int = 1_000_000) -> plt.Figure:
    """Measured cost of one gradient both ways, extrapolated to ``target_params`` parameters.

    Finite differences need two forward passes per parameter and each pass
    itself costs in proportion to the parameter count: time grows like P².
    One backward pass costs a small multiple of one forward pass: time grows like P.
    """
    n_params = check_int(n_params, "n_params")
    target_params = check_int(target_params, "target_params", minimum=n_params + 1)
    fd_seconds, backprop_seconds = check_positive(fd_seconds, "fd_seconds"), check_positive(backprop_seconds, "backprop_seconds")
    sizes = np.geomspace(n_params, target_params, 30)
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    ax.loglog(sizes, fd_seconds * (sizes / n_params) ** 2, label="finite differences: 2 forward passes per parameter (∝ P²)")
    ax.loglog(sizes, backprop_seconds * sizes / n_params, label="backprop: one forward + one backward pass (∝ P)")
    ax.scatter([n_params, n_params], [fd_seconds, backprop_seconds], color="k", zorder=3, label="measured")
    ax.set(xlabel="number of parameters", ylabel="seconds for one gradient",
           title="The cost of one gradient, measured then extrapolated")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
