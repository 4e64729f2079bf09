"""Neuron playground (notebook 01): one neuron y = f(w₁x₁ + w₂x₂ + b) on the pass/fail students.

The inputs are the worked example of notebook 01: will a student pass, given
x₁ = hours studied and x₂ = hours slept? The picture colours the neuron's
output over every (studied, slept) pair on a colour scale fixed per
activation (for the sigmoid, 0 to 1), so one colour always means one output;
on top are the 200 students of ``pass_fail_students`` (passed or failed),
the line z = 0 where the prediction flips, and the student who studied 5
hours and slept 7. The label gives that student's z and output, and the
accuracy of the rule "pass where z > 0" on the 200 students. The slider
ranges reach the weights that generated the data (w = [1.5, 1], b = −13.5),
so a student can find good weights by hand.

CSS classes (the browser test finds the widgets by them):

- ``cu-explorer cu-neuron``: the root box
- ``cu-neuron-w1-slider``, ``cu-neuron-w2-slider``, ``cu-neuron-b-slider``
- ``cu-neuron-activation``: the activation drop-down
- ``cu-neuron-label``: "w₁ = 0.10, w₂ = 0.20, b = 0.50: z = ... = 2.40, sigmoid(z) = 0.9168"
  and, on a second line, "accuracy on the 200 students (pass where z > 0): 0.545 (109 of 200 right)"
- ``cu-neuron-plot``: the PNG drawing
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import matplotlib.image
import numpy as np

from ..plots.neuron import SLEPT_RANGE, STUDIED_RANGE
from ..scratch import ACTIVATIONS, get_activation
from ..toy_data import pass_fail_students
from ..validation import check_in_range
from ._base import DPI, Explorer, line_in_box, new_figure, readout, styled

WORKED_EXAMPLE = (5.0, 7.0)  # hours studied, hours slept
N_STUDENTS = 200             # the students of notebook 01: pass_fail_students(n=200, seed)
W_RANGE = (-3.0, 3.0)        # both weights; the data's own weights are [1.5, 1]
B_RANGE = (-20.0, 20.0)      # the data's own bias is -13.5
Z_SHOWN = 6.0                # unbounded activations: the colours cover f(z) for |z| <= Z_SHOWN
_BOUNDED = {"step": (0.0, 1.0), "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def colour_limits(activation: str) -> tuple[float, float]:
    """The fixed (low, high) of the colour scale for ``activation``'s output.

    Bounded activations use their whole range. Unbounded ones get a range
    centred on f(0) that holds f(z) for |z| <= Z_SHOWN (outputs beyond it get
    the end colours). Except for the step (0 or 1 only), the middle colour is
    f(0), the output on the line z = 0: blue above it ("pass" side), red below.
    """
    if activation in _BOUNDED:
        return _BOUNDED[activation]
    f, _ = get_activation(activation)
    centre = float(f(np.array(0.0)))
    reach = float(np.abs(f(np.linspace(-Z_SHOWN, Z_SHOWN, 241)) - centre).max())
    return centre - reach, centre + reach


def _slider(name, value, low, high, step):
    return styled(widgets.FloatSlider(value=value, min=low, max=high, step=step,
                                      readout_format=".2f", description=name),
                  f"cu-neuron-{name}-slider")


class NeuronPlayground(Explorer):
    """Sliders for w₁, w₂, b and an activation; output at (5, 7), everywhere, and accuracy.

    w : (w₁, w₂), each in W_RANGE; b in B_RANGE; activation : a name in
    ``scratch.ACTIVATIONS``; seed : the seed of the 200 students drawn (0, as
    in notebook 01).

    Attributes tests read: ``w`` (2,), ``b``, ``activation``, ``z`` and
    ``output`` for the worked example, ``X`` (200, 2) and ``y`` (200,) the
    students, ``accuracy``, ``surface`` (the drawn outputs, shape
    (len(slept), len(studied))), ``picture`` (its colour limits:
    ``picture.get_clim()``), ``message``, ``png``.
    """

    css_name = "neuron"

    def __init__(self, w=(0.1, 0.2), b: float = 0.5, activation: str = "sigmoid", seed: int = 0):
        get_activation(activation)
        if isinstance(w, (str, bytes)) or not hasattr(w, "__len__") or len(w) != 2:
            raise TypeError(f"w must be a pair (w1, w2) of numbers, got {w!r}")
        w1, w2 = check_in_range(w[0], "w[0]", *W_RANGE), check_in_range(w[1], "w[1]", *W_RANGE)
        b = check_in_range(b, "b", *B_RANGE)
        self.X, self.y = pass_fail_students(n=N_STUDENTS, seed=seed)
        self.w1_slider = _slider("w1", w1, *W_RANGE, 0.05)
        self.w2_slider = _slider("w2", w2, *W_RANGE, 0.05)
        self.b_slider = _slider("b", b, *B_RANGE, 0.1)
        self.activation_menu = styled(widgets.Dropdown(
            options=list(ACTIVATIONS), value=activation, description="activation"),
            "cu-neuron-activation")
        self.studied = np.linspace(*STUDIED_RANGE, 61)
        self.slept = np.linspace(*SLEPT_RANGE, 61)
        self._background = None  # the figure without the data area, drawn once per activation
        self._build_figure()
        for control in (self.w1_slider, self.w2_slider, self.b_slider):
            control.observe(self._on_change, names="value")
        self.activation_menu.observe(self._on_activation, names="value")
        self._set_activation_scale()
        self._finish([self.w1_slider, self.w2_slider, self.b_slider, self.activation_menu], self.figure)

    def _build_figure(self) -> None:
        self.figure = new_figure(5.6, 4.0)
        self.figure.subplots_adjust(left=0.11, right=0.97, bottom=0.12, top=0.92)
        ax = self.ax = self.figure.add_subplot()
        self.picture = ax.imshow(np.zeros((2, 2)), origin="lower", aspect="auto", cmap="RdBu",
                                 extent=(*STUDIED_RANGE, *SLEPT_RANGE), interpolation="nearest")
        self.colorbar = self.figure.colorbar(self.picture, ax=ax)
        (self.boundary,) = ax.plot([], [], color="black", ls="--", lw=1.4, label="z = 0")
        failed, passed = self.X[self.y == 0], self.X[self.y == 1]
        # Line2D markers render faster than a scatter collection (every redraw repaints them)
        ax.plot(failed[:, 0], failed[:, 1], "x", ms=4, color="black", mew=1, label="failed")
        ax.plot(passed[:, 0], passed[:, 1], "o", ms=4, mfc="white", mec="black", mew=0.7, label="passed")
        ax.plot(*WORKED_EXAMPLE, marker="*", ms=16, color="gold", mec="black", ls="none",
                label="studied 5 h, slept 7 h")
        self.annotation = ax.annotate("", WORKED_EXAMPLE, xytext=(9, 7), textcoords="offset points",
                                      color="black", fontsize=10, fontweight="bold",
                                      bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.8})
        ax.set_xlim(*STUDIED_RANGE)
        ax.set_ylim(*SLEPT_RANGE)
        ax.set_xlabel("hours studied")
        ax.set_ylabel("hours slept")
        # Above the axes, not over the data: the legend is then drawn once, with the background.
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4, fontsize=7,
                  frameon=False, handletextpad=0.3, columnspacing=1.0)
        # What a slider move repaints: everything drawn over the output surface, in drawing order.
        self._data_area = sorted([self.picture, *ax.lines, self.annotation, *ax.spines.values()],
                                 key=lambda artist: artist.get_zorder())

    def _on_change(self, change) -> None:
        self._redraw()

    def _on_activation(self, change) -> None:
        self._set_activation_scale()
        self._redraw()

    def _set_activation_scale(self) -> None:
        # Only here, never on a slider move: the same colour keeps meaning the same output.
        self._background = None  # the colour bar changes with it
        self.picture.set_clim(*colour_limits(self.activation))
        self.colorbar.set_label(f"{self.activation}(z),  z = w₁·studied + w₂·slept + b"
                                + ("" if self.activation in _BOUNDED else "  (clipped)"), fontsize=9)

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

    @property
    def accuracy(self) -> float:
        """Share of the students for whom "pass where z > 0" is right (for the sigmoid: output > 0.5)."""
        return float(np.mean((self.X @ self.w + self.b > 0) == (self.y == 1)))

    def _redraw(self) -> None:
        self._draw()
        self.image.value = self._render_png()
        self._relabel()

    def _render_png(self) -> bytes:
        """The figure as PNG, drawing only the data area over a cached background.

        A full draw spends most of its time on tick labels and the colour bar,
        which a slider move never changes. The pixels are a full draw's, up to rounding
        on a few anti-aliased edge pixels.
        """
        canvas = self.figure.canvas
        if self._background is None:
            for artist in self._data_area:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            for artist in self._data_area:
                artist.set_visible(True)
        canvas.restore_region(self._background)
        for artist in self._data_area:
            self.ax.draw_artist(artist)
        buffer = io.BytesIO()
        matplotlib.image.imsave(buffer, np.asarray(canvas.buffer_rgba()), format="png", dpi=DPI,
                                pil_kwargs={"compress_level": 1})  # 3x faster, the picture is small anyway
        return buffer.getvalue()

    def _draw(self) -> None:
        studied, slept = np.meshgrid(self.studied, self.slept)
        self.surface = self.neuron(studied, slept)
        self.picture.set_data(self.surface)
        self.boundary.set_data(*line_in_box(self.w, self.b, STUDIED_RANGE, SLEPT_RANGE))
        self.annotation.set_text(f"{self.output:.3f}")

    def _describe(self) -> str:
        w1, w2, b = (readout(s) for s in (self.w1_slider, self.w2_slider, self.b_slider))
        right = round(self.accuracy * len(self.y))
        return (f"w₁ = {w1}, w₂ = {w2}, b = {b}: "
                f"z = {w1}·5 + {_bracketed(w2)}·7 + {_bracketed(b)} = {self.z:.2f}, "
                f"{self.activation}(z) = {self.output:.4f}\n"
                f"accuracy on the {len(self.y)} students (pass where z > 0): "
                f"{self.accuracy:.3f} ({right} of {len(self.y)} right)")


def _bracketed(readout_text: str) -> str:
    """A negative readout inside a sum in brackets: "+ (−5.00)", not "+ −5.00"."""
    return f"({readout_text})" if readout_text.startswith(("−", "-")) else readout_text
