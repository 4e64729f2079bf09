"""Learning-rate explorer: runs, divergence in words, overlays, sweep, problems."""

import numpy as np
import pytest

from course_utils import scratch
from course_utils.mnist import missing_files, resolve_root
from course_utils.explorers.learning_rate import MAX_RUNS, SWEEP_LRS, LearningRateExplorer
from course_utils.explorers.lr_problems import QuadraticSurface, StudentsProblem

DATA = resolve_root()  # $COURSE_DATA_DIR, else data/ in the repository, as the course looks


def browser_update(widget, value):
    widget._handle_msg({"content": {"data": {"method": "update", "state": {"value": value},
                                             "buffer_paths": []}}, "buffers": []})


@pytest.fixture
def surface():
    return LearningRateExplorer("surface")


def test_default_run_descends_the_surface(surface):
    assert len(surface.trajectory) == surface.steps_slider.value + 1
    np.testing.assert_array_equal(surface.trajectory[0], QuadraticSurface.start)
    assert surface.losses[-1] < 0.01 * surface.losses[0]
    assert "learning rate 0.0500, 50 steps" in surface.message  # as the readout shows it


def test_trajectory_is_gradient_descent_step_by_step(surface):
    problem = QuadraticSurface()
    path = surface.trajectory
    _, grad = problem.loss_and_grad(path[3])
    np.testing.assert_allclose(path[4], path[3] - 0.05 * grad)


def test_largest_rate_diverges_with_a_sentence_and_the_curvature_bound(surface):
    before = surface.png
    browser_update(surface.lr_slider, 10.0)
    run = surface.run
    assert run.lr == 10.0 and run.diverged_at == 1
    assert "diverged at step 1" in surface.message
    assert "below 0.2 (2/L, where L = 10" in surface.message  # A's eigenvalues are 10 and 1
    assert np.all(np.isfinite(surface.losses)) and len(surface.losses) >= 1
    assert surface.png != before


def test_rate_just_above_two_over_L_diverges_and_just_below_converges(surface):
    surface.steps_slider.value = 200
    surface.lr_slider.value = 10 ** -0.6  # 0.251 > 0.2
    assert surface.run.diverged_at is not None
    surface.lr_slider.value = 10 ** -0.7  # 0.1995 < 0.2
    assert surface.run.diverged_at is None
    assert "converging" in surface.message


def test_smallest_rate_barely_moves(surface):
    surface.lr_slider.value = 1e-5
    moved = np.linalg.norm(surface.trajectory[-1] - surface.trajectory[0])
    assert moved < 1e-2
    assert "barely moved" in surface.message


@pytest.mark.parametrize("steps", [1, 200])
def test_steps_slider_extremes(surface, steps):
    surface.steps_slider.value = steps
    assert len(surface.losses) == steps + 1 and surface.run.steps == steps
    assert f"{steps} steps" in surface.message


def test_earlier_runs_stay_overlaid_until_clear(surface):
    for lr in (0.01, 0.1, 0.15):
        surface.lr_slider.value = lr
    assert [round(r.lr, 3) for r in surface.runs] == [0.05, 0.01, 0.1, 0.15]
    surface.lr_slider.value = 0.01  # the same rate again replaces its old run
    assert [round(r.lr, 3) for r in surface.runs] == [0.05, 0.1, 0.15, 0.01]
    assert len(surface.loss_ax.get_lines()) >= 4
    surface.clear_button.click()
    assert len(surface.runs) == 1 and surface.run.lr == pytest.approx(0.01)


def test_runs_kept_are_capped(surface):
    for k in range(MAX_RUNS + 1):
        surface.lr_slider.value = 10 ** (-4 + 0.3 * k)
    assert len(surface.runs) == MAX_RUNS
    assert surface.run.lr == pytest.approx(surface.lr_slider.value)


def test_sweep_marks_the_best_rate_and_the_diverged_ones(surface):
    surface.sweep_button.click()
    sweep = surface.sweep
    np.testing.assert_array_equal(sweep["lrs"], SWEEP_LRS)
    assert np.all(np.isinf(sweep["final_losses"][SWEEP_LRS > 0.2]))
    assert sweep["best_lr"] == SWEEP_LRS[np.argmin(sweep["final_losses"])] < 0.2
    assert f"lowest final loss at η = {sweep['best_lr']:.3g}" in surface.message
    for _ in range(3):  # pressing again redoes it, same answer
        surface.sweep_button.click()
    assert surface.sweep["best_lr"] == sweep["best_lr"]


def test_students_problem_gradient_matches_finite_differences():
    problem = StudentsProblem()
    theta = np.array([0.3, -0.2, 0.1])
    numeric = scratch.numerical_gradient(lambda t: problem.loss_and_grad(t)[0], theta)
    np.testing.assert_allclose(problem.loss_and_grad(theta)[1], numeric, rtol=1e-6, atol=1e-9)


def test_students_problem_overshoots_at_large_rates_and_learns_at_small():
    explorer = LearningRateExplorer("dataset")
    assert explorer.losses[-1] < explorer.losses[0]
    explorer.lr_slider.value = 10.0
    assert explorer.losses[-1] > explorer.losses[0]
    assert "overshoots" in explorer.message and "below 0.0998" in explorer.message
    assert np.all(np.isfinite(explorer.losses))


def test_switching_problems_resets_runs_and_sliders(surface):
    surface.lr_slider.value = 0.15
    # Selection widgets sync their index, not their value, with the browser.
    surface.problem_buttons._handle_msg({"content": {"data": {
        "method": "update", "state": {"index": 1}, "buffer_paths": []}}, "buffers": []})
    assert surface.problem.name == "dataset" and len(surface.runs) == 1
    assert surface.lr_slider.value == pytest.approx(StudentsProblem.default_lr)
    assert surface.run.lr == pytest.approx(surface.lr_slider.value)
    assert "pass/fail students" in surface.message
    surface.problem_buttons.value = "surface"
    assert surface.problem.name == "surface" and surface.sweep is None
    assert surface.steps_slider.max == 200


def test_bad_problem_name_is_a_value_error():
    with pytest.raises(ValueError, match="surface"):
        LearningRateExplorer("moon")


@pytest.mark.skipif(bool(missing_files(DATA)), reason="MNIST files not present: set COURSE_DATA_DIR")
def test_mnist_problem_loads_lazily_and_trains(monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(DATA))
    explorer = LearningRateExplorer("surface")
    explorer.problem_buttons.value = "mnist"
    assert explorer.problem.name == "mnist"
    run = explorer.run
    assert run.losses[-1] < run.losses[0] and run.scores[-1] > 0.5
    assert explorer.steps_slider.max == 100 and len(run.scores) == run.steps + 1
    explorer.lr_slider.value = 10.0
    assert np.all(np.isfinite(explorer.losses))
    assert "MNIST" in explorer.message
    explorer.sweep_button.click()  # softmax regression on pixels in [0, 1] survives every rate
    assert np.all(np.isfinite(explorer.sweep["final_losses"]))
    assert explorer.sweep["final_losses"][0] > explorer.sweep["final_losses"].min()


def test_missing_mnist_is_reported_in_words_and_keeps_the_problem(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    explorer = LearningRateExplorer("surface")
    explorer.problem_buttons.value = "mnist"
    assert explorer.problem.name == "surface" and explorer.problem_buttons.value == "surface"
    assert "could not load mnist" in explorer.message
