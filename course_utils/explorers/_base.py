"""What every explorer shares: a figure drawn to PNG, a label, a root widget.

An explorer draws with matplotlib's object API (a ``Figure`` on an Agg canvas,
no pyplot state) into PNG bytes shown by a ``widgets.Image``, and writes its
sentence into a ``widgets.HTML`` label. Nothing is printed into an Output
widget, so a notebook's stored outputs stay stable under nbval and tests can
read everything back from the object (``.png``, ``.message``).
"""

from __future__ import annotations

import html
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# ipywidgets 8's sliders format readouts with d3-format 3, which writes U+2212 for minus.
D3_MINUS_SIGN = int(widgets.__version__.split(".")[0]) >= 8
DPI = 80  # small pictures redraw fast; 80 dpi is sharp enough in a notebook


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` × ``height`` inches on its own Agg canvas."""
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def figure_png(figure: Figure) -> bytes:
    """The figure rendered to PNG bytes."""
    buffer = io.BytesIO()
    figure.canvas.print_png(buffer)
    return buffer.getvalue()


def message_html(text: str) -> str:
    """Plain text (lines separated by newlines) as the HTML of a label."""
    lines = [html.escape(line) for line in text.splitlines()]
    return "<div class='cu-message'>" + "<br>".join(lines) + "</div>"


def styled(widget: widgets.Widget, *css_classes: str) -> widgets.Widget:
    """Add stable CSS classes (the browser test finds widgets by them).

    Controls with a description also get room for all of it: the default
    width cuts "learning rate" to "learning r...".
    """
    for css_class in css_classes:
        widget.add_class(css_class)
    if "description_width" in getattr(widget, "style", widgets.Style()).keys:
        widget.style.description_width = "initial"
    return widget


def line_in_box(w, b: float, xlim, ylim):
    """End points of the line w[0]·x + w[1]·y + b = 0 across a box (empty lists if w = 0).

    Solves for y when the line is closer to horizontal, for x otherwise, so a
    vertical line works too; matplotlib clips what leaves the box.
    """
    w1, w2 = float(w[0]), float(w[1])
    if w2 != 0 and abs(w2) >= abs(w1):
        x = np.array(xlim, dtype=float)
        return x, -(b + w1 * x) / w2
    if w1 != 0:
        y = np.array(ylim, dtype=float)
        return -(b + w2 * y) / w1, y
    return [], []


def readout(slider: widgets.Widget) -> str:
    """A slider's value as the browser's readout shows it, character for character.

    The readout is formatted in JavaScript by d3-format, which differs from
    Python's ``format``: "g" keeps trailing zeros (0.05 → "0.0500", like
    JavaScript's ``toPrecision``) and negatives use the minus sign "−"
    (U+2212; ipywidgets 7's older d3-format writes "-"), never "-0.00". The
    label repeats this text, so a reader (or the browser test) sees the same
    number in both places.
    """
    spec, value = slider.readout_format, slider.value
    if spec.endswith("g"):
        text = _to_precision(float(value), int(spec.strip(".g") or 6))
    else:
        text = format(value, spec)
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # no "-0.00"
    return text.replace("-", "\u2212") if D3_MINUS_SIGN else text


def _to_precision(x: float, digits: int) -> str:
    """JavaScript's ``x.toPrecision(digits)``."""
    if x == 0:
        return format(0.0, f".{digits - 1}f")
    exponent = int(np.floor(np.log10(abs(float(f"{x:.{digits - 1}e}")))))
    if exponent < -6 or exponent >= digits:
        mantissa, power = f"{x:.{digits - 1}e}".split("e")
        return f"{mantissa}e{int(power):+d}"
    return format(x, f".{max(0, digits - 1 - exponent)}f")


class Explorer:
    """Base class: subclasses build controls, then call ``_finish(...)``.

    A subclass implements ``_draw()`` (update ``self.figure``) and
    ``_describe()`` (return the label's text); ``_redraw()`` runs both and
    refreshes the image and the label together, so they never disagree.
    """

    css_name = "explorer"  # e.g. "neuron" gives the root the class "cu-neuron"

    def _finish(self, controls: list[widgets.Widget], figure: Figure) -> None:
        self.figure = figure
        self.image = styled(widgets.Image(format="png"), f"cu-{self.css_name}-plot")
        self.label = styled(widgets.HTML(), f"cu-{self.css_name}-label")
        self.message = ""
        self.widget = styled(widgets.VBox([*controls, self.label, self.image]),
                             "cu-explorer", f"cu-{self.css_name}")
        self._redraw()
        self.default_png = self.png  # the drawing show_static() displays

    def _redraw(self) -> None:
        self._draw()
        self.image.value = figure_png(self.figure)
        self._relabel()

    def _relabel(self) -> None:
        """Refresh only the label (when the picture cannot have changed)."""
        self.message = self._describe()
        self.label.value = message_html(self.message)

    def _draw(self) -> None:
        raise NotImplementedError

    def _describe(self) -> str:
        raise NotImplementedError

    @property
    def png(self) -> bytes:
        """PNG bytes of the current drawing."""
        return bytes(self.image.value)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The widget itself, with a stable one-line text/plain (nbval compares it).
        return widget_mimebundle(self.widget, f"{type(self).__name__}: run the notebook to use it")


def widget_mimebundle(widget: widgets.Widget, text: str) -> dict:
    """What displaying ``widget`` sends to the front end, with ``text`` as its text/plain.

    ipywidgets 8 builds this in ``Widget._repr_mimebundle_``; ipywidgets 7
    (Colab, many hubs) has no such method and displays through
    ``_ipython_display_``, which sends the same view reference (protocol 2.0).
    """
    if hasattr(widget, "_repr_mimebundle_"):
        bundle = widget._repr_mimebundle_()
    else:
        bundle = {"application/vnd.jupyter.widget-view+json": {
            "version_major": 2, "version_minor": 0, "model_id": widget.model_id}}
    bundle["text/plain"] = text
    return bundle
