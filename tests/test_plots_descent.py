"""The notebook 05 plots draw the data they are given, with labelled axes."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.plots import descent  # noqa: E402


def bowl(p):
    return float(p[0] ** 2 + 3 * p[1] ** 2)


def test_plot_descent_draws_each_path_on_the_map_and_its_loss_curve():
    path = np.array([[2.0, 1.0], [1.0, 0.5], [0.5, 0.25]])
    fig = descent.plot_descent(bowl, {"η = 0.1": path})
    ax_map, ax_curve = fig.axes[:2]
    np.testing.assert_allclose(ax_map.lines[0].get_xydata(), path)
    np.testing.assert_allclose(ax_curve.lines[0].get_ydata(), [bowl(p) for p in path])
    assert ax_map.get_xlabel() and ax_curve.get_ylabel()
    plt.close(fig)


def test_plot_descent_leaves_out_points_of_a_diverged_run_instead_of_failing():
    path = np.array([[2.0, 1.0], [-8.0, 5.0], [1e5, -1e5]])
    fig = descent.plot_descent(bowl, {"too large": path})
    assert len(fig.axes[0].lines[0].get_xdata()) == 2
    plt.close(fig)


def test_the_3d_view_walks_each_path_on_the_surface_in_the_colour_of_its_map_line():
    path = np.array([[2.0, 1.0], [1.0, 0.5], [0.5, 0.25]])
    fig = descent.plot_descent(bowl, {"η = 0.1": path}, xlim=(-2.5, 2.5), ylim=(-1.5, 1.5), in_3d=True)
    ax_3d, ax_map, ax_curve = fig.axes
    assert ax_3d.name == "3d" and len(fig.axes) == 3 and ax_3d.get_zlabel() == "$L(p)$"
    x, y, z = ax_3d.lines[0].get_data_3d()
    np.testing.assert_allclose(np.column_stack([x, y]), path)
    np.testing.assert_allclose(z, [bowl(p) for p in path])
    assert ax_3d.lines[0].get_color() == ax_map.lines[0].get_color()
    plt.close(fig)


def test_the_3d_view_stops_a_path_where_it_leaves_the_picture():
    path = np.array([[2.0, 1.0], [-2.2, 1.4], [2.4, -2.0], [0.0, 0.0]])
    fig = descent.plot_descent(bowl, {"too large": path}, in_3d=True)
    x, _, _ = fig.axes[0].lines[0].get_data_3d()
    assert len(x) == 2
    plt.close(fig)
    with pytest.raises(TypeError, match="in_3d must be True or False"):
        descent.plot_descent(bowl, {"a": path}, in_3d="yes")


def test_plot_optimizers_draws_one_row_per_setting_and_keeps_each_optimizers_colour():
    gd, adam = np.array([[2.0, 1.0], [1.0, 0.5]]), np.array([[2.0, 1.0], [1.5, 0.2], [0.5, 0.1]])
    fig = descent.plot_optimizers(bowl, {"own rate": {"GD": gd, "Adam": adam}, "same rate": {"Adam": adam, "GD": gd}},
                                  target=1e-3)
    assert len(fig.axes) == 4
    first, second = fig.axes[0].lines, fig.axes[2].lines
    np.testing.assert_allclose(first[1].get_xydata(), adam)
    assert first[0].get_color() == second[1].get_color() and first[1].get_color() == second[0].get_color()
    np.testing.assert_allclose(fig.axes[1].lines[0].get_ydata(), [bowl(p) for p in gd])
    assert fig.axes[3].lines[-1].get_ydata()[0] == 1e-3  # the target level
    plt.close(fig)


def test_plot_optimizers_refuses_a_path_that_is_not_a_list_of_points():
    with pytest.raises(ValueError, match=r"panels\['a'\]\['GD'\] must have shape"):
        descent.plot_optimizers(bowl, {"a": {"GD": np.zeros((3, 3))}})


def test_gradient_cost_grows_quadratically_for_finite_differences_and_linearly_for_backprop():
    fig = descent.plot_gradient_cost(1000, fd_seconds=2.0, backprop_seconds=0.001, target_params=1_000_000)
    fd_line, bp_line = fig.axes[0].lines[:2]
    np.testing.assert_allclose(fd_line.get_ydata()[-1], 2.0 * 1000**2)
    np.testing.assert_allclose(bp_line.get_ydata()[-1], 0.001 * 1000)
    assert "parameters" in fig.axes[0].get_xlabel()
    plt.close(fig)
