"""Draw every lesson figure of the course into the course's ``assets/``, and show one.

    python -m course_utils.figures            # writes assets/*.png (make assets)
    python -m course_utils.figures --out DIR

Each ``draw_xxx(ax)`` draws one figure on a matplotlib Axes and returns the
numbers it drew, so tests can check the data rather than the pixels.
Notebooks 01-05 show these PNGs next to the text that explains them with
``show_figure(name)``: the wheel ships the PNGs inside the package (as
``course_utils/assets/``), so a notebook opened on its own (Colab, a hub, a
downloaded file) shows them too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure  # object API: no pyplot state, no window
from matplotlib.patches import Circle, FancyArrowPatch


from course_utils import scratch
from course_utils.validation import check_axes, check_int, check_real, check_type


def _assets() -> Path:
    """The figures' folder: the package's own copy where it is installed from a wheel, else the
    course folder's ``assets/`` (an editable install, the repository)."""
    shipped = Path(__file__).resolve().parent / "assets"
    return shipped if shipped.is_dir() else Path(__file__).resolve().parent.parent / "assets"


ASSETS = _assets()


def show_figure(name: str) -> None:
    """Display the lesson figure ``name`` (e.g. "relu") from the package's PNGs."""
    from IPython.display import Image, display

    check_type(name, str, "name", "a figure name (str)")
    path = ASSETS / f"{name}.png"
    if not path.is_file():
        known = sorted(p.stem for p in ASSETS.glob("*.png"))
        raise ValueError(f"name must be one of the lesson figures {known}, got {name!r}")
    display(Image(data=path.read_bytes(), format="png"))


def _node(ax, xy, text, color="#cfe2f3", r=0.32):
    ax.add_patch(Circle(xy, r, facecolor=color, edgecolor="black", zorder=3))
    ax.text(*xy, text, ha="center", va="center", fontsize=10, zorder=4)


def _arrow(ax, start, end, text=None, r=0.32):
    (x0, y0), (x1, y1) = start, end
    d = np.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    ax.add_patch(FancyArrowPatch((x0 + r * ux, y0 + r * uy), (x1 - r * ux, y1 - r * uy),
                                 arrowstyle="-|>", mutation_scale=12, color="0.3", zorder=2))
    if text:
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.12, text, ha="center", fontsize=9, color="0.2")


def _diagram_axes(ax, xlim, ylim, title):
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)


def draw_network(ax):
    """Input layer (2) -> hidden layer (3) -> output (1): the pass/fail network."""
    check_axes(ax)
    layers = {"input": [(0, 1.5), (0, 0.0)], "hidden": [(2.5, 2.0), (2.5, 0.75), (2.5, -0.5)], "output": [(5, 0.75)]}
    for a in layers["input"]:
        for b in layers["hidden"]:
            _arrow(ax, a, b)
    for a in layers["hidden"]:
        _arrow(ax, a, layers["output"][0])
    for i, (xy, label) in enumerate(zip(layers["input"], ["hours studied", "hours slept"]), start=1):
        _node(ax, xy, f"x{i}", "#cfe2f3")
        ax.text(xy[0] - 0.45, xy[1], label, ha="right", va="center", fontsize=9)
    for xy in layers["hidden"]:
        _node(ax, xy, "ReLU", "#d9ead3")
    _node(ax, layers["output"][0], "σ", "#fce5cd")
    for x, name in [(0, "input layer"), (2.5, "hidden layer"), (5, "output layer")]:
        ax.text(x, -1.25, name, ha="center", fontsize=10)
    _diagram_axes(ax, (-2.6, 5.8), (-1.5, 2.6), "A small neural network: input → hidden → output")
    return {name: len(nodes) for name, nodes in layers.items()}


def draw_dot_product(ax):
    """The worked example: [5, 7] · [0.1, 0.2] + 0.5 = 2.4, one product at a time."""
    check_axes(ax)
    x, w, b = np.array([5.0, 7.0]), np.array([0.1, 0.2]), 0.5
    products = x * w
    total = float(products.sum() + b)
    rows = [f"x₁·w₁ = {x[0]:g} × {w[0]:g} = {products[0]:.1f}",
            f"x₂·w₂ = {x[1]:g} × {w[1]:g} = {products[1]:.1f}",
            f"+ bias b = {b:g}",
            f"w·x + b = {products[0]:.1f} + {products[1]:.1f} + {b:g} = {total:.1f}"]
    ax.text(0.02, 0.85, r"$[x_1, x_2] \cdot [w_1, w_2] + b = x_1 w_1 + x_2 w_2 + b$", fontsize=13, transform=ax.transAxes)
    for i, row in enumerate(rows):
        ax.text(0.06, 0.62 - 0.16 * i, row, fontsize=12, transform=ax.transAxes,
                fontweight="bold" if i == len(rows) - 1 else "normal", family="DejaVu Sans Mono")
    ax.axis("off")
    ax.set_title("The dot product of the worked example")
    return {"products": products, "total": total}


def _curve(ax, f, z, label, **kw):
    y = f(z)
    ax.plot(z, y, label=label, **kw)
    return y


def _axes_labels(ax, title, xlabel="z", ylabel="f(z)"):
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(alpha=0.3)


def draw_relu(ax):
    check_axes(ax)
    z = np.linspace(-4, 4, 401)
    y = _curve(ax, scratch.relu, z, "ReLU(z) = max(0, z)", color="C0", lw=2)
    _axes_labels(ax, "ReLU")
    ax.legend()
    return {"z": z, "relu": y}


def draw_silu_vs_relu(ax):
    check_axes(ax)
    z = np.linspace(-5, 4, 451)
    relu = _curve(ax, scratch.relu, z, "ReLU(z)", color="C0", lw=2)
    silu = _curve(ax, scratch.silu, z, "SiLU(z) = z·σ(z)", color="C3", lw=2)
    _axes_labels(ax, "SiLU (Swish) vs ReLU: smooth, and slightly negative below 0")
    ax.legend()
    return {"z": z, "relu": relu, "silu": silu}


def draw_loss_curve(ax, epochs=60, seed=0):
    """A typical training loss: fast drop, slow tail, a little noise."""
    check_axes(ax)
    epochs = check_int(epochs, "epochs")
    rng = np.random.default_rng(check_int(seed, "seed", minimum=0))
    t = np.arange(1, epochs + 1)
    loss = 0.05 + 1.2 * np.exp(-t / 8.0) + 0.02 * rng.standard_normal(epochs) * np.exp(-t / 30.0)
    ax.plot(t, loss, color="C0", lw=2)
    ax.set(title="Training loss falls towards (but rarely reaches) zero", xlabel="epoch", ylabel="loss", ylim=(0, None))
    ax.grid(alpha=0.3)
    return {"epoch": t, "loss": loss}


def draw_mse_parabola(ax, truth=3.0):
    check_axes(ax)
    truth = _finite(truth, "truth")
    pred = np.linspace(truth - 3, truth + 3, 301)
    err = (truth - pred) ** 2
    ax.plot(pred, err, color="C0", lw=2)
    ax.axvline(truth, color="C2", ls="--", label=f"truth = {truth:g}")
    ax.set(title="Squared error (truth − prediction)²", xlabel="prediction", ylabel="loss")
    ax.legend()
    ax.grid(alpha=0.3)
    return {"prediction": pred, "loss": err}


def descend_parabola(lr, steps, start=-2.5, curvature=2.0):
    """Gradient descent on L(p) = (curvature / 2) p²: returns the visited p (steps + 1 values).

    The slope is ∂L/∂p = curvature · p, so each step p ← p − lr · curvature · p multiplies
    p by (1 − lr · curvature): it shrinks when 0 < lr < 2 / curvature and grows beyond that.
    """
    start, curvature = _finite(start, "start"), _finite(curvature, "curvature")

    def loss_and_grad(p):
        return curvature / 2 * p**2, curvature * p

    # blowup=None: take every step, even the ones that diverge (the second picture shows them)
    return scratch.gradient_descent(loss_and_grad, start, lr, steps, blowup=None).path


def _finite(value, name):
    value = check_real(value, name)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def _draw_descent(ax, lr, steps, title):
    p = descend_parabola(lr, steps)
    grid = np.linspace(-max(3.0, np.abs(p).max()), max(3.0, np.abs(p).max()), 301)
    ax.plot(grid, grid ** 2, color="0.6", lw=1.5, label="loss L(p) = p²")
    ax.plot(p, p ** 2, "o-", color="C3", ms=4, lw=1, label=f"steps with lr = {lr:g}")
    ax.plot(p[0], p[0] ** 2, "s", color="black", label="start")
    ax.set(title=title, xlabel="parameter p", ylabel="loss", ylim=(-0.05 * grid.max() ** 2, 1.35 * grid.max() ** 2))
    ax.legend(loc="upper center", ncol=3, fontsize=8)
    ax.grid(alpha=0.3)
    return {"p": p, "loss": p ** 2}


def draw_lr_low(ax):
    check_axes(ax)
    return _draw_descent(ax, 0.02, 12, "Learning rate too small: 12 steps, still far from the minimum")


def draw_lr_high(ax):
    check_axes(ax)
    return _draw_descent(ax, 1.08, 8, "Learning rate too large: each step overshoots, the loss grows")


def draw_perceptron(ax):
    """Inputs x_i, weights w_i, a sum with bias β, then the step function."""
    check_axes(ax)
    inputs = [(0, 2.0), (0, 0.8), (0, -0.4)]
    for i, xy in enumerate(inputs, start=1):
        _node(ax, xy, f"x{i}")
        _arrow(ax, xy, (2.5, 0.8), f"w{i}")
    _node(ax, (2.5, 0.8), "Σ + β", "#d9ead3", r=0.45)
    _arrow(ax, (2.5, 0.8), (4.6, 0.8), r=0.45)
    _node(ax, (4.6, 0.8), "step", "#fce5cd", r=0.45)
    _arrow(ax, (4.6, 0.8), (6.4, 0.8), r=0.45)
    ax.text(6.3, 0.8, "ŷ ∈ {0, 1}", va="center", fontsize=11)
    _diagram_axes(ax, (-0.8, 7.6), (-1.0, 2.6), "The perceptron: ŷ = step(β + Σᵢ wᵢ xᵢ)")
    return {"inputs": len(inputs)}


FIGURES = {
    "basic_nn.png": (draw_network, (7, 3.6)),
    "dot_prod.png": (draw_dot_product, (7, 3.2)),
    "relu.png": (draw_relu, (5, 3.5)),
    "silu.png": (draw_silu_vs_relu, (6, 3.8)),
    "loss.png": (draw_loss_curve, (5.5, 3.5)),
    "mse.png": (draw_mse_parabola, (5.5, 3.5)),
    "lr_low.png": (draw_lr_low, (6, 3.8)),
    "high_lr.png": (draw_lr_high, (6, 3.8)),
    "perceptron.png": (draw_perceptron, (7, 3.2)),
}


def draw_all(out_dir=ASSETS):
    """Write every figure of ``FIGURES`` into ``out_dir``; returns the written paths."""
    out_dir = Path(check_type(out_dir, (str, Path), "out_dir", "a folder path (str or pathlib.Path)"))
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"out_dir must be a folder, got the file {out_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (draw, size) in FIGURES.items():
        fig = Figure(figsize=size, layout="constrained")
        draw(fig.add_subplot())
        path = out_dir / name
        fig.savefig(path, dpi=100, metadata={"Software": None})
        paths.append(path)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ASSETS, help="default: the course's assets/")
    args = parser.parse_args(argv)
    for path in draw_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
