"""What the browser does to each explorer, and the notebook it does it in.

Each explorer is built exactly as its lesson builds it, in a two-cell
notebook: the explorer, then a probe that prints the kernel's view of it (the
SHA-256 of ``explorer.png`` and the value of every ``cu-*`` widget) so the test
can check that the browser shows what the kernel holds. The CSS classes are
those documented in ``course_utils/explorers/<module>.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook


@dataclass(frozen=True)
class Action:
    """One student gesture.

    kind: "keys" (press ``arg`` on the slider's handle ``times`` times), "drag" (mouse
    to fraction ``arg`` of the track), "click" (the button ``times`` times) or "select"
    (option ``arg`` of a drop-down). ``expect``: text the label must then show; in it
    ``{}`` stands for the slider's readout as the browser shows it.
    """
    kind: str
    css: str
    arg: object = None
    times: int = 1
    expect: str = ""


@dataclass(frozen=True)
class ExplorerSpec:
    name: str          # test id and screenshot name
    lesson: str        # the notebook that places it
    module: str        # course_utils.explorers.<module>
    build: str         # the constructor call, as in the lesson
    css: str           # prefix of its CSS classes, e.g. "cu-neuron"
    actions: tuple[Action, ...]

    @property
    def label(self) -> str:
        return f".{self.css}-label"

    @property
    def plot(self) -> str:
        return f".{self.css}-plot img, img.{self.css}-plot"


SPECS = (
    ExplorerSpec("neuron", "01_neuron.ipynb", "neuron", "NeuronPlayground()", "cu-neuron", (
        Action("keys", "cu-neuron-w1-slider", "ArrowRight", times=3, expect="w₁ = {}"),
        Action("drag", "cu-neuron-b-slider", 0.25, expect="b = {}"),
        Action("select", "cu-neuron-activation", "tanh", expect="tanh"),
    )),
    ExplorerSpec("perceptron", "02_perceptron.ipynb", "perceptron", "PerceptronStepper(seed=0)",
                 "cu-perceptron", (
        Action("click", "cu-perceptron-step", times=3, expect="sample 3/"),
        Action("click", "cu-perceptron-epoch", expect="epochs done: 1"),
        Action("keys", "cu-perceptron-epoch-slider", "ArrowRight", times=2, expect="epochs done: {}"),
    )),
    ExplorerSpec("activation", "03_activations.ipynb", "activations", "ActivationExplorer()",
                 "cu-activation", (
        Action("drag", "cu-activation-x-slider", 0.2, expect="x = {}"),
        Action("select", "cu-activation-dropdown", "tanh", expect="tanh at x"),
        Action("keys", "cu-activation-x-slider", "ArrowLeft", times=4, expect="x = {}"),
    )),
    ExplorerSpec("backprop", "05_backprop.ipynb", "backprop", "BackpropFlow(seed=0)", "cu-backprop", (
        Action("click", "cu-backprop-forward", times=3, expect="step 3 of"),
        Action("keys", "cu-backprop-stage-slider", "ArrowRight", times=3, expect="step {} of"),
        Action("click", "cu-backprop-backward", expect="step 7 of 10 (backward)"),
    )),
    ExplorerSpec("learning-rate-surface", "05_backprop.ipynb", "learning_rate",
                 'LearningRateExplorer(problem="surface", seed=0)', "cu-lr", (
        Action("keys", "cu-lr-slider", "ArrowRight", times=3, expect="learning rate {}"),
        Action("drag", "cu-lr-slider", 0.3, expect="learning rate {}"),
        Action("keys", "cu-lr-slider", "End", expect="diverged at step"),
    )),
    ExplorerSpec("learning-rate-mnist", "06_mnist_training.ipynb", "learning_rate",
                 'LearningRateExplorer(problem="mnist", seed=0)', "cu-lr", (
        Action("keys", "cu-lr-slider", "ArrowLeft", times=5, expect="learning rate {}"),
        # The notebook's MLP with Adam: the largest rate blows the loss up at once.
        Action("keys", "cu-lr-slider", "End", expect="diverged at step 1"),
    )),
)

_PROBE = '''import hashlib
import json


def cu_widgets(widget, found):
    """Values of the cu-* widgets below ``widget`` (PNG bytes as SHA-256)."""
    for css in widget._dom_classes:
        if css.startswith("cu-") and hasattr(widget, "value"):
            value = widget.value
            found[css] = hashlib.sha256(value).hexdigest() if isinstance(value, bytes) else value
    for child in getattr(widget, "children", ()):
        cu_widgets(child, found)
    return found


state = cu_widgets(explorer.widget, {"png": hashlib.sha256(explorer.png).hexdigest()})
print("PROBE " + json.dumps(state, default=str))'''


def write_notebook(spec: ExplorerSpec, folder: Path) -> Path:
    """Write ``<folder>/<spec.name>.ipynb``: the explorer cell, then the probe cell."""
    cls = spec.build.split("(")[0]
    build = f"from course_utils.explorers.{spec.module} import {cls}\n\nexplorer = {spec.build}\nexplorer"
    notebook = new_notebook(cells=[new_code_cell(build), new_code_cell(_PROBE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                       "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{spec.name}.ipynb"
    nbformat.write(notebook, path)
    return path
