"""The notebook 07 plots draw geometric means over seeds and the best-to-worst spread."""

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from course_utils.plots import depth  # noqa: E402


def summary(depth_, errors_per_seed):
    runs = [SimpleNamespace(seconds=[0.1, 0.2], errors=e) for e in errors_per_seed]
    finals = np.array([e[-1] for e in errors_per_seed])
    return SimpleNamespace(depth=depth_, width=4, n_params=100, runs=runs, errors=finals)


def test_error_vs_time_plots_the_geometric_mean_over_seeds():
    fig = depth.plot_error_vs_time([summary(2, [[1.0, 0.5], [100.0, 0.02]])], "sin")
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), [10.0, 0.1])
    assert "time" in fig.axes[0].get_xlabel()
    plt.close(fig)


def test_error_vs_params_draws_one_line_per_depth():
    fig = depth.plot_error_vs_params({1: [summary(1, [[1.0]])], 3: [summary(3, [[0.5]])]}, "sin")
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["1 hidden layer", "3 hidden layers"]
    plt.close(fig)


def test_plot_fits_draws_the_target_and_each_prediction():
    x = np.linspace(0, 1, 5)
    fig = depth.plot_fits(x, np.sin(x), {"deep": np.cos(x)}, "fits")
    np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), np.cos(x))
    plt.close(fig)


def test_error_vs_params_bars_run_from_the_best_to_the_worst_seed():
    fig = depth.plot_error_vs_params({2: [summary(2, [[1.0], [3.0], [8.0]])]}, "sin")
    bars = fig.axes[0].collections[0].get_segments()[0]
    np.testing.assert_allclose(bars[:, 1], [1.0, 8.0])
    plt.close(fig)


def test_error_vs_params_marks_the_geometric_mean_of_the_seeds():
    fig = depth.plot_error_vs_params({2: [summary(2, [[1e-4], [1e-2]])]}, "sin")
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), [1e-3])
    plt.close(fig)
