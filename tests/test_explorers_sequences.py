"""Random sequences of slider moves and button presses never break an explorer:
after every action the label still repeats every slider's value and a PNG is drawn."""

import numpy as np
import pytest

from course_utils.explorers._base import readout
from course_utils.explorers.activations import ActivationExplorer
from course_utils.explorers.backprop import BackpropFlow
from course_utils.explorers.learning_rate import LearningRateExplorer
from course_utils.explorers.neuron import NeuronPlayground
from course_utils.explorers.perceptron import PerceptronStepper

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def controls(explorer):
    """(sliders, dropdowns, buttons) found in the explorer's widget tree."""
    import ipywidgets as widgets

    found, todo = [], [explorer.widget]
    while todo:
        widget = todo.pop()
        found.append(widget)
        todo.extend(getattr(widget, "children", ()))
    sliders = [w for w in found if isinstance(w, (widgets.FloatSlider, widgets.IntSlider,
                                                  widgets.FloatLogSlider))]
    menus = [w for w in found if isinstance(w, (widgets.Dropdown, widgets.ToggleButtons))]
    buttons = [w for w in found if isinstance(w, widgets.Button)]
    return sliders, menus, buttons


def random_action(rng, sliders, menus, buttons, skip_options=()):
    kind = rng.integers(3)
    if kind == 0 and sliders:
        slider = sliders[rng.integers(len(sliders))]
        if slider.disabled:
            return
        choice = rng.integers(3)  # the ends are where things break
        low, high = (slider.min, slider.max)
        if isinstance(slider.value, int):
            slider.value = [low, high, int(rng.integers(low, high + 1))][choice]
        else:
            value = [low, high, float(rng.uniform(low, high))][choice]
            slider.value = float(slider.base ** value) if hasattr(slider, "base") else value
    elif kind == 1 and menus:
        menu = menus[rng.integers(len(menus))]
        options = [o[1] if isinstance(o, tuple) else o for o in menu.options]
        options = [o for o in options if o not in skip_options]
        menu.value = options[rng.integers(len(options))]
    elif buttons:
        buttons[rng.integers(len(buttons))].click()


@pytest.mark.parametrize("make", [ActivationExplorer, NeuronPlayground, PerceptronStepper,
                                  BackpropFlow, LearningRateExplorer])
def test_random_actions_keep_label_slider_and_picture_in_step(make):
    explorer = make()
    sliders, menus, buttons = controls(explorer)
    rng = np.random.default_rng(0)
    for _ in range(25):
        random_action(rng, sliders, menus, buttons, skip_options=("mnist",))
        assert explorer.png.startswith(PNG_MAGIC)
        for slider in sliders:
            if not slider.disabled:
                assert readout(slider) in explorer.message, (slider.description, explorer.message)


def test_learning_rate_label_agrees_with_its_slider_at_the_ends():
    explorer = LearningRateExplorer()
    for value in (10.0, 1e-5, 10.0):
        explorer.lr_slider.value = value
        assert explorer.run.lr == value
        assert explorer.message.startswith(f"learning rate {readout(explorer.lr_slider)},")
        assert explorer.run.steps == explorer.steps_slider.value
