"""Interactive explorers (ipywidgets) for the notebooks.

One module per explorer; import the class from its module::

    from course_utils.explorers.learning_rate import LearningRateExplorer
    LearningRateExplorer()            # last expression of a cell: the widget shows

- ``neuron.NeuronPlayground`` (notebook 01)
- ``perceptron.PerceptronStepper`` (02)
- ``activations.ActivationExplorer`` (03)
- ``backprop.BackpropFlow`` and ``learning_rate.LearningRateExplorer`` (05, 06)

Every explorer has ``.widget`` (its root box), ``.png`` (its current drawing),
``.message`` (its label's text). ``show_static(explorer)`` displays the
picture of its default state, for readers without a running kernel.
"""

from __future__ import annotations

__all__ = ["show_static"]


def show_static(explorer) -> None:
    """Display a PNG of an explorer's default state (its first drawing).

    explorer : an explorer object (its drawing when it was created) or an
        explorer class (created with its default arguments).
    """
    from IPython.display import Image, display

    if isinstance(explorer, type):
        explorer = explorer()
    png = getattr(explorer, "default_png", None)
    if not isinstance(png, bytes):
        raise TypeError(f"explorer must be one of the course's explorers or their class, "
                        f"got {type(explorer).__name__}")
    display(Image(data=png, format="png"))
