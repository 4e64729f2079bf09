"""The plot helpers of notebooks 01-04 draw the data they are given."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import scratch
from course_utils.plots import activations, loss, neuron, perceptron


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_output_grid_evaluates_the_neuron_on_every_grid_point():
    studied, slept, out = neuron.output_grid(lambda X: X[:, 0] + 10 * X[:, 1], n=11)
    assert out.shape == (11, 11)
    np.testing.assert_allclose(out, studied + 10 * slept)
    assert studied.min() == 0 and studied.max() == 10 and slept.min() == 3 and slept.max() == 10


def test_output_surface_accepts_column_outputs_and_labelled_points():
    X, y = np.array([[5.0, 7.0], [1.0, 4.0]]), np.array([1, 0])
    fig = neuron.plot_output_surface(lambda X: scratch.sigmoid(X @ np.array([[0.1], [0.2]]) + 0.5), X, y)
    assert fig.axes[0].get_xlabel() == "hours studied"


def test_draw_boundary_counts_the_misclassified_points():
    X = np.array([[1.0, 1.0], [-1.0, -1.0], [2.0, 0.0]])
    y = np.array([1, 0, 0])
    _, ax = plt.subplots()
    assert perceptron.draw_boundary(ax, np.array([1.0, 0.0]), 0.0, X, y) == 1  # (2, 0) is called class 1
    assert perceptron.draw_boundary(ax, np.array([0.0, 1.0]), 0.0, X, y) == 0


def test_draw_boundary_names_the_coordinates_it_is_given():
    _, ax = plt.subplots()
    perceptron.draw_boundary(ax, np.array([1.0, -1.0]), -0.5, np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([0, 1]),
                             axis_labels=("$h_1$", "$h_2$"))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$h_1$", "$h_2$")
    with pytest.raises(TypeError, match="axis_labels must be two strings"):
        perceptron.draw_boundary(ax, np.ones(2), 0.0, np.zeros((1, 2)), np.zeros(1), axis_labels="h")
    plt.close("all")


def test_plot_training_has_one_panel_per_shown_epoch_plus_the_mistakes():
    X, y = np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([1, 0])
    snaps = [(np.array([1.0, 1.0]), 0.0)] * 6
    fig = perceptron.plot_training(snaps, X, y, mistakes=[3, 1, 0], max_panels=4)
    assert len(fig.axes) == 5
    assert [p.get_height() for p in fig.axes[-1].patches] == [3, 1, 0]


def test_decision_regions_shade_by_the_prediction():
    X, y = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1])
    ax = perceptron.plot_decision_regions(lambda P: (P.sum(axis=1) > 1).astype(int), X, y)
    assert ax.get_xlabel() == "$x_1$"


def test_activation_grid_has_a_panel_per_function_and_hides_the_rest():
    fig = activations.plot_activations(scratch.ACTIVATIONS, ncols=4)
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == len(scratch.ACTIVATIONS)
    assert [ax.get_title() for ax in visible] == list(scratch.ACTIVATIONS)


def test_gradient_vs_depth_and_seed_comparison_plot_the_given_values():
    fig = activations.plot_gradient_vs_depth([1, 2, 4], {"sigmoid": [0.1, 0.01, 1e-4], "relu": [1, 1, 1]})
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), [0.1, 0.01, 1e-4])
    fig = activations.plot_seed_comparison({"relu": [1.0, 4.0], "silu": [3.0, 3.0]}, "error", "t")
    lines = fig.axes[0].lines
    np.testing.assert_allclose([line.get_ydata() for line in lines[:2]], [[1.0, 3.0], [4.0, 3.0]])  # one per seed
    np.testing.assert_allclose(lines[-1].get_ydata(), [2.0, 3.0])  # the geometric means
    assert fig.axes[0].get_yscale() == "log"


def test_seed_comparison_refuses_unpaired_runs():
    with pytest.raises(ValueError, match="equally many .paired runs., got relu: 2, silu: 3"):
        activations.plot_seed_comparison({"relu": [1.0, 4.0], "silu": [3.0, 3.0, 1.0]}, "error", "t")


def test_loss_plots_mark_the_lesson_numbers_and_plot_absolute_gradients():
    fig = loss.plot_neg_log((0.99, 0.01))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["p = 0.99: loss 0.01", "p = 0.01: loss 4.61"]
    z = np.linspace(-6, 6, 5)
    fig = loss.plot_gradient_vs_logit(z, {"mse": -z}, "t")
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), np.abs(z))
    fig = loss.plot_loss_curves({"a": [0.5, 0.7]})
    np.testing.assert_allclose(fig.axes[0].lines[0].get_xdata(), [1, 2])
