"""Neuron playground (notebook 01): one neuron y = f(w₁x₁ + w₂x₂ + b).

The inputs are the worked example of notebook 01: will a student pass, given
x₁ = hours studied and x₂ = hours slept? The label gives the output for the
student who studied 5 hours and slept 7 (default weights [0.1, 0.2], bias
0.5, so z = 2.4); the picture is the output over every (studied, slept) pair,
with that student marked and the line z = 0 drawn.

CSS classes (the browser test finds the widgets by them):

- ``cu-explorer cu-neuron``: the root box
- ``cu-neuron-w1-slider``, ``cu-neuron-w2-slider``, ``cu-neuron-b-slider``
- ``cu-neuron-activation``: the activation drop-down
- ``cu-neuron-label``: "w₁ = 0.10, w₂ = 0.20, b = 0.50: z = ... = 2.40, sigmoid(z) = 0.9168"
- ``cu-neuron-plot``: the PNG drawing
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..scratch import ACTIVATIONS, get_activation
from ..validation import check_in_range
from ._base import Explorer, line_in_box, new_figure, readout, styled

WORKED_EXAMPLE = (5.0, 7.0)  # hours studied, hours slept
STUDIED_MAX, SLEPT_MAX = 10.0, 12.0  # the hours shown on the axes


def _slider(name, value, low, high, step):
    return styled(widgets.FloatSlider(value=value, min=low, max=high, step=step,
                                      readout_format=".2f", description=name),
                  f"cu-neuron-{name}-slider")


class NeuronPlayground(Explorer):
    """Sliders for w₁, w₂, b and an activation; output at (5, 7) and everywhere.

    Attributes tests read: ``w`` (2,), ``b``, ``activation``, ``z`` and
    ``output`` for the worked example, ``surface`` (the drawn outputs, shape
    (len(slept), len(studied))), ``message``, ``png``.
    """

    css_name = "neuron"

    def __init__(self, w=(0.1, 0.2), b: float = 0.5, activation: str = "sigmoid"):
        get_activation(activation)
        if isinstance(w, (str, bytes)) or not hasattr(w, "__len__") or len(w) != 2:
            raise TypeError(f"w must be a pair (w1, w2) of numbers, got {w!r}")
        w1, w2 = check_in_range(w[0], "w[0]", -1.0, 1.0), check_in_range(w[1], "w[1]", -1.0, 1.0)
        b = check_in_range(b, "b", -10.0, 10.0)
        self.w1_slider = _slider("w1", w1, -1.0, 1.0, 0.05)
        self.w2_slider = _slider("w2", w2, -1.0, 1.0, 0.05)
        self.b_slider = _slider("b", b, -10.0, 10.0, 0.1)
        self.activation_menu = styled(widgets.Dropdown(
            options=list(ACTIVATIONS), value=activation, description="activation"),
            "cu-neuron-activation")
        self.studied = np.linspace(0.0, STUDIED_MAX, 61)
        self.slept = np.linspace(0.0, SLEPT_MAX, 61)
        self._build_figure()
        controls = [self.w1_slider, self.w2_slider, self.b_slider, self.activation_menu]
        for control in controls:
            control.observe(self._on_change, names="value")
        self._finish(controls, self.figure)

    def _build_figure(self) -> None:
        self.figure = new_figure(5.2, 3.8)
        self.figure.subplots_adjust(left=0.12, right=0.95, bottom=0.13, top=0.9)
        ax = self.ax = self.figure.add_subplot()
        self.picture = ax.imshow(np.zeros((2, 2)), origin="lower", aspect="auto",
                                 extent=(0, STUDIED_MAX, 0, SLEPT_MAX), cmap="viridis")
        self.figure.colorbar(self.picture, ax=ax, label="output")
        (self.boundary,) = ax.plot([], [], color="white", ls="--", lw=1.2, label="z = 0")
        ax.plot(*WORKED_EXAMPLE, marker="*", ms=16, color="red", mec="white", ls="none",
                label="studied 5 h, slept 7 h")
        self.annotation = ax.annotate("", WORKED_EXAMPLE, xytext=(8, 8), textcoords="offset points",
                                      color="white", fontsize=10, fontweight="bold")
        ax.set_xlim(0, STUDIED_MAX)
        ax.set_ylim(0, SLEPT_MAX)
        ax.set_xlabel("hours studied")
        ax.set_ylabel("hours slept")
        ax.legend(loc="lower left", fontsize=8, framealpha=0.6)

    def _on_change(self, change) -> None:
        self._redraw()

    @property
    def w(self) -> np.ndarray:
        return np.array([self.w1_slider.value, self.w2_slider.value])

    @property
    def b(self) -> float:
        return self.b_slider.value

    @property
    def activation(self) -> str:
        return self.activation_menu.value

    def neuron(self, studied, slept):
        """f(w₁·studied + w₂·slept + b) for arrays of equal shape."""
        f, _ = ACTIVATIONS[self.activation]
        return f(self.w[0] * np.asarray(studied) + self.w[1] * np.asarray(slept) + self.b)

    @property
    def z(self) -> float:
        return float(self.w @ np.array(WORKED_EXAMPLE) + self.b)

    @property
    def output(self) -> float:
        return float(self.neuron(*WORKED_EXAMPLE))

    def _draw(self) -> None:
        studied, slept = np.meshgrid(self.studied, self.slept)
        self.surface = self.neuron(studied, slept)
        self.picture.set_data(self.surface)
        low, high = float(self.surface.min()), float(self.surface.max())
        if high - low < 1e-9:  # a flat surface still needs a colour range
            low, high = low - 0.5, high + 0.5
        self.picture.set_clim(low, high)
        self.boundary.set_data(*line_in_box(self.w, self.b, (0, STUDIED_MAX), (0, SLEPT_MAX)))
        self.annotation.set_text(f"{self.output:.3f}")
        self.ax.set_title(f"{self.activation}(w₁·studied + w₂·slept + b)", y=1.0)

    def _describe(self) -> str:
        w1, w2, b = (readout(s) for s in (self.w1_slider, self.w2_slider, self.b_slider))
        return (f"w₁ = {w1}, w₂ = {w2}, b = {b}: "
                f"z = {w1}·5 + {_bracketed(w2)}·7 + {_bracketed(b)} = {self.z:.2f}, "
                f"{self.activation}(z) = {self.output:.4f}")


def _bracketed(readout_text: str) -> str:
    """A negative readout inside a sum in brackets: "+ (−5.00)", not "+ −5.00"."""
    return f"({readout_text})" if readout_text.startswith(("−", "-")) else readout_text
