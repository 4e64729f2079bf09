"""Backprop flow (notebook 05): a 2-2-1 network, one number at a time.

The network is ``scratch.MLP([2, 2, 1], activation="sigmoid")`` with its own
seeded weights, one input x = (0.5, 1.0) and target y = 1, loss L = (ŷ − y)²
(``scratch.mse``). "forward" reveals each activation in turn, "backward"
each gradient, by the chain rule:

    zⱼ = Σᵢ xᵢ W¹ᵢⱼ + b¹ⱼ,   hⱼ = σ(zⱼ),   ŷ = Σⱼ hⱼ W²ⱼ + b²,   L = (ŷ − y)²
    ∂L/∂ŷ = 2 (ŷ − y),   ∂L/∂W²ⱼ = hⱼ ∂L/∂ŷ,   δⱼ = ∂L/∂zⱼ = σ'(zⱼ) W²ⱼ ∂L/∂ŷ,
    ∂L/∂W¹ᵢⱼ = xᵢ δⱼ,   ∂L/∂b¹ⱼ = δⱼ

The numbers come from the scratch MLP's own layers, one forward and one
backward call at a time.

CSS classes (the browser test finds the widgets by them):

- ``cu-explorer cu-backprop``: the root box
- ``cu-backprop-forward``, ``cu-backprop-backward``, ``cu-backprop-reset``: buttons
- ``cu-backprop-stage-slider``: how many steps are revealed (0-10)
- ``cu-backprop-label``: "step 3 of 10 (forward): ŷ = ... = 0.1234"
- ``cu-backprop-plot``: the PNG drawing
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..scratch import MLP, mse, mse_grad
from ..validation import as_float_array, check_int, check_type
from ._base import Explorer, new_figure, styled

X_INPUT = np.array([[0.5, 1.0]])  # one sample, shape (1, 2)
Y_TARGET = np.array([[1.0]])      # its target, shape (1, 1)
N_FORWARD, N_STAGES = 4, 10       # 4 forward steps, then 6 backward steps
POSITIONS = {"x1": (0, 0.8), "x2": (0, 0.2), "h1": (1, 0.8), "h2": (1, 0.2),
             "out": (2, 0.5), "loss": (2.9, 0.5)}


def flow_values(mlp, x=X_INPUT, y=Y_TARGET) -> dict:
    """Every number of one forward and backward pass, through the 2-2-1 ``mlp``'s own layers.

    x (1, 2); y (1, 1). Returns z (2,), h (2,), y_hat, loss, dy_hat (floats),
    dW2 (2,), db2, delta (2,), dW1 (2, 2), db1 (2,). The pass overwrites the
    gradients (``.grad``) of ``mlp``'s parameters, as any backward pass does.
    """
    check_type(mlp, MLP, "mlp", "a scratch MLP([2, 2, 1])")
    if len(mlp.layers) != 3 or getattr(mlp.layers[0], "W", None) is None or mlp.layers[0].W.data.shape != (2, 2) \
            or getattr(mlp.layers[2], "W", None) is None or mlp.layers[2].W.data.shape != (2, 1):
        raise ValueError("mlp must be a 2-2-1 network, MLP([2, 2, 1]): the drawing has two inputs, two hidden units, one output")
    x = as_float_array(x, "x", shape=(1, 2), finite=True)
    y = as_float_array(y, "y", shape=(1, 1), finite=True)
    first, activation, last = mlp.layers
    z = first.forward(x)                                # z = x W¹ + b¹ (the pre-activation)
    h = activation.forward(z)                           # h = σ(z)
    y_hat = last.forward(h)                             # ŷ = h W² + b²
    dy_hat = mse_grad(y_hat, y)                         # ∂L/∂ŷ = 2 (ŷ − y)
    mlp.zero_grad()
    delta = activation.backward(last.backward(dy_hat))  # δ = σ'(z) ⊙ (∂L/∂ŷ W²ᵀ)
    first.backward(delta)
    return {"z": z[0], "h": h[0], "y_hat": float(y_hat[0, 0]), "loss": float(mse(y_hat, y)),
            "dy_hat": float(dy_hat[0, 0]), "dW2": last.W.grad[:, 0].copy(), "db2": float(last.b.grad[0]),
            "delta": delta[0], "dW1": first.W.grad.copy(), "db1": first.b.grad.copy()}


def _term(value: float) -> str:
    """A number inside a sum: negatives in brackets, as one writes 0.5·(−0.649)."""
    return f"({value:.3f})" if value < 0 else f"{value:.3f}"


class BackpropFlow(Explorer):
    """Forward/backward/reset buttons and a step slider over a drawn 2-2-1 network.

    Attributes tests read: ``mlp`` (the scratch network), ``values`` (see
    :func:`flow_values`), ``stage`` (0-10 steps revealed), ``message``, ``png``.
    """

    css_name = "backprop"

    def __init__(self, seed: int = 0):
        self.mlp = MLP([2, 2, 1], activation="sigmoid", seed=check_int(seed, "seed", minimum=0))
        first, last = self.mlp.layers[0], self.mlp.layers[2]
        self.W1, self.b1 = first.W.data, first.b.data
        self.W2, self.b2 = last.W.data, last.b.data
        self.values = flow_values(self.mlp)
        self.note = ""
        self.forward_button = self._button("forward ▶", "cu-backprop-forward", self._forward)
        self.backward_button = self._button("◀ backward", "cu-backprop-backward", self._backward)
        self.reset_button = self._button("reset", "cu-backprop-reset", lambda _: self._go(0))
        self.stage_slider = styled(widgets.IntSlider(value=0, min=0, max=N_STAGES,
                                                     description="steps shown"),
                                   "cu-backprop-stage-slider")
        self.stage_slider.observe(lambda _: self._redraw(), names="value")
        self.figure = new_figure(7.5, 3.6)
        self.figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
        self.ax = self.figure.add_subplot()
        buttons = widgets.HBox([self.forward_button, self.backward_button, self.reset_button])
        self._finish([buttons, self.stage_slider], self.figure)

    @staticmethod
    def _button(text, css_class, handler):
        button = styled(widgets.Button(description=text), css_class)
        button.on_click(handler)
        return button

    @property
    def stage(self) -> int:
        return self.stage_slider.value

    def _forward(self, _button) -> None:
        if self.stage >= N_FORWARD:
            self._go(self.stage, "the forward pass is complete: press backward")
        else:
            self._go(self.stage + 1)

    def _backward(self, _button) -> None:
        if self.stage < N_FORWARD:
            self._go(self.stage, "backward needs the forward pass first: press forward")
        elif self.stage >= N_STAGES:
            self._go(self.stage, "every gradient is shown: press reset to start again")
        else:
            self._go(self.stage + 1)

    def _go(self, stage: int, note: str = "") -> None:
        if stage == self.stage:
            self.note = note  # same step: only the sentence under the buttons changes
            self._relabel()
            return
        self.note = note
        self.stage_slider.value = stage  # its observer redraws

    def _describe(self) -> str:
        v, (x1, x2) = self.values, X_INPUT[0]
        steps = [
            "nothing computed yet: press forward",
            f"hidden 1: z₁ = {x1}·{_term(self.W1[0, 0])} + {x2}·{_term(self.W1[1, 0])} + {_term(self.b1[0])}"
            f" = {v['z'][0]:.4f}, h₁ = σ(z₁) = {v['h'][0]:.4f}",
            f"hidden 2: z₂ = {x1}·{_term(self.W1[0, 1])} + {x2}·{_term(self.W1[1, 1])} + {_term(self.b1[1])}"
            f" = {v['z'][1]:.4f}, h₂ = σ(z₂) = {v['h'][1]:.4f}",
            f"output: ŷ = h₁·{_term(self.W2[0, 0])} + h₂·{_term(self.W2[1, 0])} + {_term(self.b2[0])}"
            f" = {v['y_hat']:.4f}",
            f"loss: L = (ŷ − y)² = ({v['y_hat']:.4f} − 1)² = {v['loss']:.4f}",
            f"∂L/∂ŷ = 2(ŷ − y) = {v['dy_hat']:.4f}",
            f"output weights: ∂L/∂W²₁ = h₁·∂L/∂ŷ = {v['dW2'][0]:.4f}, "
            f"∂L/∂W²₂ = h₂·∂L/∂ŷ = {v['dW2'][1]:.4f}, ∂L/∂b² = {v['db2']:.4f}",
            f"hidden 1: δ₁ = σ'(z₁)·W²₁·∂L/∂ŷ = {v['delta'][0]:.4f}",
            f"hidden 2: δ₂ = σ'(z₂)·W²₂·∂L/∂ŷ = {v['delta'][1]:.4f}",
            f"weights into hidden 1: ∂L/∂W¹ᵢ₁ = xᵢ·δ₁ = {v['dW1'][0, 0]:.4f}, "
            f"{v['dW1'][1, 0]:.4f}; ∂L/∂b¹₁ = δ₁ = {v['db1'][0]:.4f}",
            f"weights into hidden 2: ∂L/∂W¹ᵢ₂ = xᵢ·δ₂ = {v['dW1'][0, 1]:.4f}, "
            f"{v['dW1'][1, 1]:.4f}; ∂L/∂b¹₂ = δ₂ = {v['db1'][1]:.4f}",
        ]
        phase = "forward" if self.stage <= N_FORWARD else "backward"
        text = f"step {self.stage} of {N_STAGES} ({phase}): {steps[self.stage]}"
        return text + (f"\n{self.note}" if self.note else "")

    def _draw(self) -> None:
        ax, s, v = self.ax, self.stage, self.values
        ax.clear()
        ax.set_axis_off()
        ax.set_xlim(-0.35, 3.3)
        ax.set_ylim(0.0, 1.0)
        edges = [(f"x{i + 1}", f"h{j + 1}", self.W1[i, j], v["dW1"][i, j], s >= 9 + j)
                 for i in range(2) for j in range(2)]
        edges += [(f"h{j + 1}", "out", self.W2[j, 0], v["dW2"][j], s >= 6) for j in range(2)]
        for start, end, weight, grad, shown in edges:
            self._edge(start, end, weight, grad if shown else None)
        ax.plot(*zip(POSITIONS["out"], POSITIONS["loss"]), color="0.6", lw=1, zorder=0)
        x = X_INPUT[0]
        self._node("x1", f"x₁ = {x[0]}")
        self._node("x2", f"x₂ = {x[1]}")
        for j in range(2):
            forward = f"z = {v['z'][j]:.3f}\nh = {v['h'][j]:.3f}" if s >= j + 1 else "?"
            backward = f"\nδ = {v['delta'][j]:.3f}" if s >= 7 + j else ""
            self._node(f"h{j + 1}", forward + backward, current=s in (j + 1, 7 + j, 9 + j))
        out = f"ŷ = {v['y_hat']:.3f}" if s >= 3 else "?"
        out += f"\n∂L/∂ŷ = {v['dy_hat']:.3f}\n∂L/∂b² = {v['db2']:.3f}" if s >= 5 else ""
        self._node("out", out, current=s in (3, 5, 6))
        loss = f"L = {v['loss']:.3f}\n(y = 1)" if s >= 4 else "L = ?"
        self._node("loss", loss, current=s == 4, shape="s")

    def _node(self, name, text, current=False, shape="o"):
        x, y = POSITIONS[name]
        color = "#ffb347" if current else "#dbe9f6"
        self.ax.plot(x, y, shape, ms=62, color=color, mec="0.3", zorder=2)
        self.ax.text(x, y, text, ha="center", va="center", fontsize=8, zorder=3)

    def _edge(self, start, end, weight, grad):
        (x0, y0), (x1, y1) = POSITIONS[start], POSITIONS[end]
        self.ax.plot([x0, x1], [y0, y1], color="0.5", lw=1, zorder=0)
        # Labels sit a third of the way along, where the crossing edges are apart.
        tx, ty = x0 + 0.33 * (x1 - x0), y0 + 0.33 * (y1 - y0)
        text = f"w = {weight:.3f}" + (f"\n∂L/∂w = {grad:.3f}" if grad is not None else "")
        self.ax.text(tx, ty, text, ha="center", va="center", fontsize=7.5, zorder=4,
                     color="black" if grad is None else "firebrick",
                     bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
