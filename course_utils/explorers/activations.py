"""Activation explorer (notebook 03): pick a function, see f and f′ together.

The drop-down reads the scratch ``ACTIVATIONS`` registry, so the explorer
shows exactly the functions (and numbers) of ``course_utils.scratch``.

CSS classes (the browser test finds the widgets by them):

- ``cu-explorer cu-activation``: the root box
- ``cu-activation-dropdown``: the function
- ``cu-activation-slope-slider``: Leaky ReLU's slope (enabled only for leaky_relu)
- ``cu-activation-x-slider``: the input x
- ``cu-activation-label``: "relu at x = 1.0: f(x) = 1.0000, f′(x) = 1.0000"
- ``cu-activation-plot``: the PNG drawing
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..scratch import ACTIVATIONS, get_activation
from ..validation import check_in_range
from ._base import Explorer, new_figure, readout, styled

X_MIN, X_MAX = -5.0, 5.0


class ActivationExplorer(Explorer):
    """f and f′ of one activation on [-5, 5], with the value and slope at x.

    Attributes tests read: ``name``, ``slope``, ``x``, ``value`` (f(x)),
    ``derivative`` (f′(x)), ``message`` (the label's text), ``png``.
    """

    css_name = "activation"

    def __init__(self, activation: str = "relu", x: float = 1.0, slope: float = 0.01):
        get_activation(activation)  # ValueError naming the choices if unknown
        x, slope = check_in_range(x, "x", X_MIN, X_MAX), check_in_range(slope, "slope", 0.0, 1.0)
        self.function = styled(widgets.Dropdown(
            options=list(ACTIVATIONS), value=activation, description="function"),
            "cu-activation-dropdown")
        self.slope_slider = styled(widgets.FloatSlider(
            value=slope, min=0.0, max=1.0, step=0.01, readout_format=".2f",
            description="leaky slope"), "cu-activation-slope-slider")
        self.x_slider = styled(widgets.FloatSlider(
            value=x, min=X_MIN, max=X_MAX, step=0.1, readout_format=".1f",
            description="x"), "cu-activation-x-slider")
        self.xs = np.linspace(X_MIN, X_MAX, 401)
        self._build_figure()
        for control in (self.function, self.slope_slider, self.x_slider):
            control.observe(self._on_change, names="value")
        self._finish([self.function, self.slope_slider, self.x_slider], self.figure)

    def _build_figure(self) -> None:
        self.figure = new_figure(6.0, 3.4)
        self.figure.subplots_adjust(left=0.1, right=0.97, bottom=0.14, top=0.9)
        ax = self.ax = self.figure.add_subplot()
        ax.axhline(0, color="0.8", lw=0.8)
        ax.axvline(0, color="0.8", lw=0.8)
        (self.f_line,) = ax.plot([], [], color="C0", lw=2, label="f(x)")
        (self.df_line,) = ax.plot([], [], color="C1", lw=2, ls="--", label="f′(x)")
        (self.tangent,) = ax.plot([], [], color="C0", lw=1, alpha=0.6)
        (self.f_point,) = ax.plot([], [], "o", color="C0")
        (self.df_point,) = ax.plot([], [], "o", color="C1")
        ax.set_xlim(X_MIN, X_MAX)
        ax.set_xlabel("x")
        ax.legend(loc="upper left")

    def _on_change(self, change) -> None:
        self._redraw()

    # The current state, read from the widgets so it can never disagree with them.
    @property
    def name(self) -> str:
        return self.function.value

    @property
    def slope(self) -> float:
        return self.slope_slider.value

    @property
    def x(self) -> float:
        return self.x_slider.value

    def f(self, x):
        """The chosen activation at x (with the slider's slope for leaky_relu)."""
        f, _ = ACTIVATIONS[self.name]
        return f(x, self.slope) if self.name == "leaky_relu" else f(x)

    def f_grad(self, x):
        """Its derivative at x."""
        _, f_grad = ACTIVATIONS[self.name]
        return f_grad(x, self.slope) if self.name == "leaky_relu" else f_grad(x)

    @property
    def value(self) -> float:
        return float(self.f(self.x))

    @property
    def derivative(self) -> float:
        return float(self.f_grad(self.x))

    def _draw(self) -> None:
        self.slope_slider.disabled = self.name != "leaky_relu"
        f, df = self.f(self.xs), self.f_grad(self.xs)
        self.f_line.set_data(self.xs, f)
        self.df_line.set_data(self.xs, df)
        x, y, slope = self.x, self.value, self.derivative
        half = 1.0  # the tangent is drawn over x ± 1
        self.tangent.set_data([x - half, x + half], [y - slope * half, y + slope * half])
        self.f_point.set_data([x], [y])
        self.df_point.set_data([x], [slope])
        low, high = min(f.min(), df.min()), max(f.max(), df.max())
        margin = 0.1 * (high - low) + 0.1
        self.ax.set_ylim(low - margin, high + margin)
        self.ax.set_title(self._function_text(), y=1.0)  # a fixed y skips costly auto-placement

    def _function_text(self) -> str:
        if self.name == "leaky_relu":
            return f"leaky_relu (slope {readout(self.slope_slider)})"
        return self.name

    def _describe(self) -> str:
        text = (f"{self._function_text()} at x = {readout(self.x_slider)}: "
                f"f(x) = {self.value:.4f}, f′(x) = {self.derivative:.4f}")
        if self.name == "step":
            text += " (f′ is 0 everywhere except at 0, where it is undefined: no gradient to learn from)"
        return text
