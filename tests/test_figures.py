"""`python -m course_utils.figures` draws every lesson figure, and each draws the right numbers."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import figures

LESSON_FIGURES = {"basic_nn.png", "dot_prod.png", "relu.png", "silu.png", "loss.png", "mse.png",
                  "lr_low.png", "high_lr.png", "perceptron.png"}


def draw(function, **kwargs):
    return function(Figure().add_subplot(), **kwargs)


def test_every_lesson_figure_is_written_as_a_png(tmp_path):
    figures.main(["--out", str(tmp_path)])
    written = {p.name for p in tmp_path.iterdir()}
    assert written == LESSON_FIGURES
    for name in written:
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_committed_assets_hold_every_figure():
    assert LESSON_FIGURES <= {p.name for p in figures.ASSETS.glob("*.png")}


def test_in_the_course_folder_the_figures_are_its_top_level_assets():
    from pathlib import Path

    assert figures.ASSETS == Path(__file__).resolve().parents[1] / "assets"


def test_dot_product_figure_shows_the_worked_example():
    data = draw(figures.draw_dot_product)
    np.testing.assert_allclose(data["products"], [0.5, 1.4])
    assert data["total"] == pytest.approx(2.4)


def test_silu_lies_below_relu_and_dips_below_zero():
    data = draw(figures.draw_silu_vs_relu)
    assert np.all(data["silu"] <= data["relu"] + 1e-12)
    assert data["silu"].min() < -0.2


def test_small_learning_rate_is_still_far_from_the_minimum():
    p = draw(figures.draw_lr_low)["p"]
    assert np.all(np.diff(np.abs(p)) < 0) and abs(p[-1]) > 1.0


def test_large_learning_rate_overshoots_and_grows():
    p = draw(figures.draw_lr_high)["p"]
    assert np.all(np.sign(p[1:]) == -np.sign(p[:-1]))
    assert np.all(np.diff(np.abs(p)) > 0)


@pytest.mark.parametrize("lr, converges", [(0.1, True), (0.9, True), (1.01, False)])
def test_descent_on_parabola_converges_below_two_over_curvature(lr, converges):
    p = figures.descend_parabola(lr, steps=200, curvature=2.0)
    assert (abs(p[-1]) < 1e-3) == converges


def test_mse_parabola_is_zero_at_the_truth_and_loss_curve_falls():
    mse = draw(figures.draw_mse_parabola, truth=3.0)
    assert mse["loss"].min() == pytest.approx(0.0) and mse["prediction"][mse["loss"].argmin()] == pytest.approx(3.0)
    loss = draw(figures.draw_loss_curve)["loss"]
    assert loss[-1] < 0.2 * loss[0]


def test_show_figure_displays_the_packaged_png(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    figures.show_figure("relu")
    assert shown[0].data == (figures.ASSETS / "relu.png").read_bytes()
    with pytest.raises(ValueError, match=r"name must be one of the lesson figures \[.*'relu'.*got 'reLU'"):
        figures.show_figure("reLU")
    with pytest.raises(TypeError, match="name must be a figure name"):
        figures.show_figure(3)
