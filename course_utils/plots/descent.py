"""Pictures of gradient descent, of optimisers side by side and of what gradients cost (notebook 05)."""

from __future__ import annotations

from typing import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np

from ..validation import as_float_array, check_callable, check_int, check_nonempty_mapping, check_positive, check_type


def plot_descent(loss: Callable[[np.ndarray], float], paths: Mapping[str, np.ndarray],
                 xlim: tuple[float, float] = (-2.5, 2.5), ylim: tuple[float, float] = (-1.5, 1.5),
                 title: str = "Gradient descent on a loss surface", in_3d: bool = False) -> plt.Figure:
    """Contour plot of ``loss`` over two parameters with each trajectory drawn on it, and the loss curves beside it.

    loss : maps a point p of shape (2,) to L(p).
    paths : label -> trajectory of shape (num_steps + 1, 2).
    in_3d : first, the surface itself in 3-D, each trajectory walking on it (the points
        inside xlim × ylim; a diverging run leaves the picture).
    """
    check_callable(loss, "loss", "L(p), one number for a point p of shape (2,)")
    paths = _check_paths(paths, "paths")
    check_type(in_3d, bool, "in_3d", "True or False")
    grid = _surface(loss, xlim, ylim)
    panels = 3 if in_3d else 2
    fig = plt.figure(figsize=(5.5 * panels, 4.2))
    ax_3d = fig.add_subplot(1, panels, 1, projection="3d") if in_3d else None
    ax_map, ax_curve = fig.add_subplot(1, panels, panels - 1), fig.add_subplot(1, panels, panels)
    colors: dict[str, str] = {}
    _draw_paths(ax_map, ax_curve, loss, grid, paths, colors)
    ax_map.set(xlim=xlim, ylim=ylim, title="The same, seen from above: contours" if in_3d else title)
    ax_curve.set(title="Loss after each step")
    if in_3d:
        _draw_surface_3d(ax_3d, loss, grid, paths, colors, xlim, ylim, title)
    fig.tight_layout()
    return fig


def _draw_surface_3d(ax, loss, grid, paths, colors, xlim, ylim, title):
    """The surface L(p1, p2) and each path's points (p, L(p)) on it, those inside xlim × ylim."""
    p1, p2, surface = (values[::8, ::8] for values in grid)  # a coarser mesh: 25 × 25 facets draw fast
    ax.plot_surface(p1, p2, surface, cmap="viridis", alpha=0.55, linewidth=0, antialiased=True)
    for label, path in paths.items():
        inside = ((path[:, 0] >= xlim[0]) & (path[:, 0] <= xlim[1]) & (path[:, 1] >= ylim[0]) & (path[:, 1] <= ylim[1]))
        outside = np.flatnonzero(~inside)
        shown = path[: outside[0]] if outside.size else path  # up to where it leaves the picture
        ax.plot(shown[:, 0], shown[:, 1], [loss(p) for p in shown], "o-", ms=2.5, lw=1.2, color=colors[label],
                label=label, zorder=10)
    ax.set(xlabel="$p_1$", ylabel="$p_2$", zlabel="$L(p)$", title=title)
    ax.view_init(elev=35, azim=-60)


def plot_optimizers(loss: Callable[[np.ndarray], float], panels: Mapping[str, Mapping[str, np.ndarray]],
                    xlim: tuple[float, float] = (-2.5, 2.5), ylim: tuple[float, float] = (-1.5, 1.5),
                    target: float | None = None) -> plt.Figure:
    """Several optimisers' trajectories on one loss surface, one row per setting.

    loss : maps a point p of shape (2,) to L(p).
    panels : row title -> {label -> trajectory of shape (num_steps + 1, 2)}; a label
        that comes back in another row keeps its colour (one colour per optimiser).
    target : a loss level drawn as a dotted line on the loss curves (say, "reached below 1e-3").
    """
    check_callable(loss, "loss", "L(p), one number for a point p of shape (2,)")
    panels = {title: _check_paths(paths, f"panels[{title!r}]")
              for title, paths in check_nonempty_mapping(panels, "panels").items()}
    if target is not None:
        target = check_positive(target, "target")
    grid = _surface(loss, xlim, ylim)
    fig, axes = plt.subplots(len(panels), 2, figsize=(11, 4.0 * len(panels)), squeeze=False)
    colors: dict[str, str] = {}
    for (title, paths), (ax_map, ax_curve) in zip(panels.items(), axes):
        _draw_paths(ax_map, ax_curve, loss, grid, paths, colors)
        ax_map.set(xlim=xlim, ylim=ylim, title=title)
        ax_curve.set(title=f"Loss after each step ({title})")
        if target is not None:
            ax_curve.axhline(target, color="gray", ls=":", lw=1)
    fig.tight_layout()
    return fig


def _check_paths(paths, name):
    """label -> float array (k, 2) with k >= 1."""
    paths = {label: as_float_array(path, f"{name}[{label!r}]", shape=(None, 2))
             for label, path in check_nonempty_mapping(paths, name).items()}
    for label, path in paths.items():
        if len(path) == 0:
            raise ValueError(f"{name}[{label!r}] must hold at least the starting point, got shape {path.shape}")
    return paths


def _surface(loss, xlim, ylim):
    """(p1, p2, L) on a 200 × 200 grid over xlim × ylim."""
    p1, p2 = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    surface = [loss(np.array(p)) for p in zip(p1.ravel(), p2.ravel())]
    surface = as_float_array(surface, "the values of loss(p)", ndim=1, finite=True).reshape(p1.shape)
    return p1, p2, surface


def _draw_paths(ax_map, ax_curve, loss, grid, paths, colors):
    """Contours and trajectories on ax_map, loss curves on ax_curve; ``colors`` (label -> colour) is filled in."""
    p1, p2, surface = grid
    ax_map.contour(p1, p2, surface, levels=np.geomspace(max(surface.min(), 1e-3), surface.max(), 15), cmap="viridis")
    for label, path in paths.items():
        shown = path[np.all(np.abs(path) < 1e3, axis=1)]  # a diverging run leaves the picture: keep what fits
        line, = ax_map.plot(shown[:, 0], shown[:, 1], "o-", ms=3, lw=1.2, label=label, color=colors.get(label))
        colors.setdefault(label, line.get_color())
        ax_curve.semilogy([loss(p) for p in path], color=line.get_color(), label=label)
    ax_map.set(xlabel="parameter $p_1$", ylabel="parameter $p_2$")
    ax_map.legend(fontsize=8, loc="lower right")
    ax_curve.set(xlabel="step", ylabel="loss $L(p)$ (log scale)")
    ax_curve.legend(fontsize=8)


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
