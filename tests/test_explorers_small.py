"""Activation explorer and neuron playground, driven from Python as a browser would."""

import numpy as np
import pytest
from IPython.display import Image

from course_utils import scratch
from course_utils.explorers import show_static
from course_utils.explorers._base import D3_MINUS_SIGN
from course_utils.explorers.activations import ActivationExplorer
from course_utils.explorers.neuron import NeuronPlayground

MINUS = "\u2212" if D3_MINUS_SIGN else "-"  # how the slider readouts write minus (ipywidgets 8 / 7)


def browser_update(widget, value):
    """Replay the message JupyterLab sends when a control moves."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": {"value": value},
                                             "buffer_paths": []}}, "buffers": []})


@pytest.mark.parametrize("name", list(scratch.ACTIVATIONS))
def test_activation_explorer_shows_the_registry_numbers_for_every_function(name):
    explorer = ActivationExplorer()
    explorer.function.value = name
    explorer.x_slider.value = -1.5
    f, f_grad = scratch.ACTIVATIONS[name]
    assert explorer.value == pytest.approx(float(f(-1.5)))
    assert explorer.derivative == pytest.approx(float(f_grad(-1.5)))
    assert f"{name}" in explorer.message and f"x = {MINUS}1.5" in explorer.message  # the readout's minus sign
    assert f"f(x) = {float(f(-1.5)):.4f}" in explorer.message
    np.testing.assert_allclose(explorer.f_line.get_ydata(), f(explorer.xs))


def test_activation_dropdown_lists_exactly_the_registry():
    assert list(ActivationExplorer().function.options) == list(scratch.ACTIVATIONS)


@pytest.mark.parametrize("slope", [0.0, 0.25, 1.0])
def test_leaky_slope_reaches_the_function_and_the_label(slope):
    explorer = ActivationExplorer(activation="leaky_relu")
    explorer.slope_slider.value = slope
    explorer.x_slider.value = -2.0
    assert explorer.value == pytest.approx(-2.0 * slope)
    assert explorer.derivative == pytest.approx(slope)
    assert f"slope {slope:.2f}" in explorer.message
    np.testing.assert_allclose(explorer.df_line.get_ydata()[explorer.xs < 0], slope)


def test_slope_slider_is_enabled_only_for_leaky_relu():
    explorer = ActivationExplorer(activation="relu")
    assert explorer.slope_slider.disabled
    explorer.function.value = "leaky_relu"
    assert not explorer.slope_slider.disabled


def test_moving_x_redraws_the_picture_and_updates_the_label():
    explorer = ActivationExplorer(activation="sigmoid")
    before = explorer.png
    browser_update(explorer.x_slider, 3.0)
    assert explorer.x == 3.0
    assert "x = 3.0" in explorer.message and explorer.label.value.count("3.0") >= 1
    assert explorer.png != before
    assert explorer.f_point.get_xdata()[0] == 3.0


def test_unknown_activation_is_a_value_error_naming_the_choices():
    with pytest.raises(ValueError, match="sigmoid"):
        ActivationExplorer(activation="swishy")


def test_neuron_default_is_the_worked_example():
    neuron = NeuronPlayground()
    assert neuron.z == pytest.approx(0.1 * 5 + 0.2 * 7 + 0.5)  # 2.4
    assert neuron.output == pytest.approx(float(scratch.sigmoid(2.4)))
    assert "z = 0.10·5 + 0.20·7 + 0.50 = 2.40" in neuron.message
    assert f"{float(scratch.sigmoid(2.4)):.4f}" in neuron.message


def test_neuron_surface_and_label_follow_the_sliders():
    neuron = NeuronPlayground()
    before = neuron.png
    browser_update(neuron.w1_slider, -0.5)
    neuron.b_slider.value = 10.0
    neuron.activation_menu.value = "relu"
    z = -0.5 * 5 + 0.2 * 7 + 10.0
    assert neuron.output == pytest.approx(z)
    assert f"w₁ = {MINUS}0.50" in neuron.message and "b = 10.00" in neuron.message
    assert neuron.surface[0, 0] == pytest.approx(0.2 * 3 + 10.0)  # studied 0, slept 3: the corner
    assert neuron.png != before


@pytest.mark.parametrize("name", list(scratch.ACTIVATIONS))
def test_neuron_survives_extreme_weights_with_every_activation(name):
    neuron = NeuronPlayground(activation=name)
    for slider in (neuron.w1_slider, neuron.w2_slider, neuron.b_slider):
        slider.value = slider.min
    neuron.w1_slider.value = 0.0
    neuron.w2_slider.value = 0.0  # w = 0: no boundary line, a flat surface
    assert np.all(np.isfinite(neuron.surface))
    assert neuron.boundary.get_xdata() == []
    assert neuron.output == pytest.approx(float(scratch.ACTIVATIONS[name][0](neuron.b_slider.min)))


def test_neuron_sliders_reach_the_weights_that_generated_the_students():
    neuron = NeuronPlayground()
    for slider, good in ((neuron.w1_slider, 1.5), (neuron.w2_slider, 1.0), (neuron.b_slider, -13.5)):
        assert slider.min <= good <= slider.max
        assert (good - slider.min) / slider.step == pytest.approx(round((good - slider.min) / slider.step))
        browser_update(slider, good)
    assert neuron.w.tolist() == [1.5, 1.0] and neuron.b == -13.5
    assert neuron.accuracy == 0.9  # the generating rule, on the lesson's 200 students
    assert "accuracy on the 200 students (pass where z > 0): 0.900 (180 of 200 right)" in neuron.message


def test_neuron_accuracy_counts_the_students_on_the_right_side_of_z_0():
    neuron = NeuronPlayground()
    X, y = neuron.X, neuron.y
    assert X.shape == (200, 2) and set(np.unique(y)) == {0, 1}
    assert neuron.accuracy == pytest.approx(y.mean())  # made-up weights: z > 0 for everybody, all "pass"
    assert "0.545 (109 of 200 right)" in neuron.message
    neuron.b_slider.value = -20.0
    neuron.w1_slider.value, neuron.w2_slider.value = 0.0, 0.0  # z < 0 for everybody, all "fail"
    assert neuron.accuracy == pytest.approx(1 - y.mean())
    neuron.activation_menu.value = "tanh"  # the rule is about z, so the activation does not change it
    assert neuron.accuracy == pytest.approx(1 - y.mean())


def test_neuron_draws_the_students_it_scores():
    neuron = NeuronPlayground(seed=3)
    lines = {line.get_label(): line for line in neuron.ax.get_lines()}
    failed, passed = lines["failed"], lines["passed"]
    np.testing.assert_array_equal(np.column_stack(failed.get_data()), neuron.X[neuron.y == 0])
    np.testing.assert_array_equal(np.column_stack(passed.get_data()), neuron.X[neuron.y == 1])
    assert not np.array_equal(neuron.X, NeuronPlayground(seed=0).X)


def test_neuron_colour_scale_stays_fixed_while_the_sliders_move():
    neuron = NeuronPlayground()
    assert neuron.picture.get_clim() == (0.0, 1.0)  # sigmoid: probabilities
    for w1, b in ((0.1, 0.5), (-2.0, 15.0), (3.0, -20.0), (0.0, 0.0)):
        browser_update(neuron.w1_slider, w1)
        browser_update(neuron.b_slider, b)
        assert neuron.picture.get_clim() == (0.0, 1.0)
    # the same output gets the same colour whatever the surface's own range
    colour = neuron.picture.to_rgba(np.array([[0.7311]]))
    neuron.b_slider.value = -13.5
    assert np.array_equal(neuron.picture.to_rgba(np.array([[0.7311]])), colour)


@pytest.mark.parametrize("name", list(scratch.ACTIVATIONS))
def test_neuron_colour_scale_is_fixed_per_activation(name):
    from course_utils.explorers.neuron import colour_limits

    neuron = NeuronPlayground()
    neuron.activation_menu.value = name
    low, high = neuron.picture.get_clim()
    assert (low, high) == colour_limits(name) and low < high
    assert neuron.colorbar.vmin == low and neuron.colorbar.vmax == high  # the bar shows the scale used
    assert name in neuron.colorbar.ax.get_ylabel()
    neuron.w1_slider.value = 2.0
    assert neuron.picture.get_clim() == (low, high)
    f = scratch.ACTIVATIONS[name][0]
    if name != "step":  # the middle colour is the output on the line z = 0
        assert (low + high) / 2 == pytest.approx(float(f(np.array(0.0))), abs=1e-9)


def test_neuron_fast_redraw_paints_what_a_full_draw_paints():
    import io

    import matplotlib.image

    from course_utils.explorers._base import figure_png

    neuron = NeuronPlayground()
    for w1, b, name in ((1.5, -13.5, "sigmoid"), (-2.0, 5.0, "relu"), (3.0, -20.0, "tanh")):
        neuron.activation_menu.value = name
        browser_update(neuron.w1_slider, w1)
        browser_update(neuron.b_slider, b)
        fast = matplotlib.image.imread(io.BytesIO(neuron.png))
        full = matplotlib.image.imread(io.BytesIO(figure_png(neuron.figure)))
        assert fast.shape == full.shape
        assert np.mean(np.abs(fast - full) > 0.05) == 0  # at most anti-aliasing rounding on an edge pixel


def test_show_static_displays_the_default_picture(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    explorer = ActivationExplorer()
    explorer.x_slider.value = 4.0
    show_static(explorer)
    show_static(NeuronPlayground)
    assert isinstance(shown[0], Image) and shown[0].data == explorer.default_png
    assert shown[0].data != explorer.png
    assert shown[1].data[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(TypeError, match="explorer"):
        show_static(42)


def test_explorer_displays_as_its_widget_with_stable_text():
    bundle = NeuronPlayground()._repr_mimebundle_()
    assert bundle["text/plain"] == "NeuronPlayground: run the notebook to use it"
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("value, spec, shown", [
    (0.05, ".3g", "0.0500"), (1e-5, ".3g", "0.0000100"), (10.0, ".3g", "10.0"),
    (-0.5, ".2f", f"{MINUS}0.50"), (-1e-17, ".2f", "0.00"), (3.0, ".1f", "3.0"),
])
def test_labels_repeat_the_slider_readout_as_the_browser_formats_it(value, spec, shown):
    import ipywidgets as widgets
    from course_utils.explorers._base import readout

    slider = widgets.FloatSlider(value=value, min=-20, max=20, readout_format=spec)
    assert readout(slider) == shown


def test_importing_the_explorers_does_not_import_torch():
    import subprocess
    import sys

    code = ("import sys; import course_utils.explorers.learning_rate, course_utils.explorers.neuron, "
            "course_utils.explorers.perceptron, course_utils.explorers.backprop, "
            "course_utils.explorers.activations; print('torch' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_neuron_label_brackets_a_negative_bias_in_the_sum():
    from course_utils.explorers.neuron import NeuronPlayground

    playground = NeuronPlayground()
    playground.b_slider.value = -5.0
    assert f"+ ({MINUS}5.00) =" in playground.message


def test_explorer_controls_show_their_whole_description():
    from course_utils.explorers.learning_rate import LearningRateExplorer

    explorer = LearningRateExplorer()
    assert explorer.lr_slider.style.description_width == "initial"
