"""Learning-rate explorer: runs, divergence in words, overlays, sweep, problems."""

import numpy as np
import pytest

import torch
import torch.nn.functional as F

from course_utils import scratch
from course_utils.models import MultilayerPerceptron
from course_utils.mnist import missing_files, resolve_root
from course_utils.explorers.learning_rate import MAX_RUNS, SWEEP_LRS, LearningRateExplorer
from course_utils.explorers.lr_mnist import BATCH, N_TRAIN
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


def test_momentum_on_the_surface_converges_below_two_one_plus_mu_over_L(surface):
    surface.steps_slider.value = 200
    surface.optimizer_buttons.value = "momentum"
    surface.lr_slider.value = 10 ** -0.45  # 0.355 < 2(1 + 0.9)/10 = 0.38
    assert surface.run.optimizer == "momentum" and surface.run.diverged_at is None
    assert "converging: rates below 2(1 + μ)/L = 0.38 with μ = 0.9" in surface.message
    surface.lr_slider.value = 10 ** -0.4  # 0.398 > 0.38
    assert surface.run.diverged_at is not None and "below 0.38 (2(1 + μ)/L with μ = 0.9" in surface.message
    assert "gradient descent with momentum 0.9" in surface.message


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_small_problem_runs_are_gradient_descents_update_rule(optimizer):
    explorer = LearningRateExplorer("dataset", optimizer=optimizer)
    problem = explorer.problem
    expected = scratch.gradient_descent(problem.loss_and_grad, problem.start, explorer.lr_slider.value,
                                        explorer.steps_slider.value, optimizer=optimizer, momentum=0.9)
    np.testing.assert_array_equal(explorer.trajectory, expected.path)
    assert explorer.run.optimizer == optimizer


def test_adam_gets_no_two_over_L_advice(surface):
    surface.optimizer_buttons.value = "adam"
    surface.lr_slider.value = 1e-5
    assert "barely moved" in surface.message
    surface.lr_slider.value = 0.1
    assert "(Adam)" in surface.message and "2/L" not in surface.message


def test_optimizer_switch_keeps_runs_and_drops_the_sweep(surface):
    surface.sweep_button.click()
    surface.optimizer_buttons.value = "adam"
    assert surface.sweep is None and [r.optimizer for r in surface.runs] == ["sgd", "adam"]
    surface.sweep_button.click()
    assert surface.sweep["optimizer"] == "adam" and "steps each, Adam)" in surface.message
    surface.problem_buttons.value = "dataset"  # a new problem starts with its own optimizer
    assert surface.optimizer == "sgd" and len(surface.runs) == 1


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


def test_bad_optimizer_names_the_argument():
    with pytest.raises(ValueError, match=r"optimizer must be one of \['sgd', 'momentum', 'adam'\], got 'rmsprop'"):
        LearningRateExplorer("surface", optimizer="rmsprop")
    with pytest.raises(TypeError, match="optimizer must be"):
        LearningRateExplorer("surface", optimizer=1)


def test_surface_starts_with_plain_gradient_descent_and_says_so(surface):
    assert surface.optimizer == "sgd" and surface.run.optimizer == "sgd"
    assert "on a two-parameter loss surface (plain gradient descent)" in surface.message


needs_mnist = pytest.mark.skipif(bool(missing_files(DATA)), reason="MNIST files not present: set COURSE_DATA_DIR")


@pytest.fixture(scope="module")
def mnist():
    """One MNIST explorer for the module: loading the images is the slow part."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_DATA_DIR", str(DATA))
        explorer = LearningRateExplorer("surface")
        explorer.problem_buttons.value = "mnist"  # loaded lazily, on the switch
    return explorer


def _reset(explorer):
    explorer.problem_buttons.value = "surface"
    explorer.problem_buttons.value = "mnist"
    return explorer


@needs_mnist
def test_mnist_runs_the_notebooks_mlp_with_adam_and_says_so(mnist):
    explorer = _reset(mnist)
    assert explorer.problem.name == "mnist" and explorer.optimizer == "adam"
    assert "MLP 784-120-84-10, Adam, mini-batches of 50" in explorer.message
    run = explorer.run
    assert run.lr == pytest.approx(1e-3) and run.optimizer == "adam"
    assert run.losses[-1] < 0.5 * run.losses[0] and run.scores[-1] > 0.5
    assert explorer.steps_slider.max == 100 and len(run.scores) == run.steps + 1
    assert [p.shape[1] for p in explorer.problem.model.parameters() if p.ndim == 2] == [784, 120, 84]


@needs_mnist
def test_mnist_accuracy_is_on_validation_digits_never_on_training_or_test_digits(mnist):
    from course_utils.mnist import load_mnist, validation_indices

    problem = _reset(mnist).problem
    full_train, test = load_mnist(DATA)
    validation = full_train.subset(validation_indices(len(full_train))[1])  # notebook 06's split
    as_rows = lambda X: {row.numpy().tobytes() for row in X}
    scored, trained = as_rows(problem.X_val), as_rows(problem.X)
    assert len(problem.X_val) == 500 and scored <= as_rows(validation.as_float())
    assert not scored & trained and not trained & as_rows(validation.as_float())
    assert not scored & as_rows(test.as_float())
    assert problem.accuracy() == (problem.model(problem.X_val).argmax(1) == problem.y_val).float().mean().item()


@needs_mnist
def test_mnist_losses_are_torch_adam_steps_on_the_subset(mnist):
    problem = _reset(mnist).problem
    run = problem.run(1e-3, 3, optimizer="adam")
    model = MultilayerPerceptron()
    model.load_state_dict(problem.start)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(N_TRAIN, generator=torch.Generator().manual_seed(problem.seed)).split(BATCH)
    expected = []
    for index in order[:3]:
        with torch.no_grad():
            expected.append(F.cross_entropy(model(problem.X), problem.y).item())
        optimizer.zero_grad()
        F.cross_entropy(model(problem.X[index]), problem.y[index]).backward()
        optimizer.step()
    with torch.no_grad():
        expected.append(F.cross_entropy(model(problem.X), problem.y).item())
    np.testing.assert_allclose(run.losses, expected, rtol=1e-5)


@needs_mnist
def test_mnist_runs_repeat_exactly_and_leave_torchs_seed_and_threads_alone(mnist):
    problem = _reset(mnist).problem
    threads = torch.get_num_threads()
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    try:
        torch.set_num_threads(2)
        first = problem.run(3e-3, 12)
        assert torch.get_num_threads() == 2  # one thread only inside the run
        torch.set_num_threads(1)
        second = problem.run(3e-3, 12)
    finally:
        torch.set_num_threads(threads)
    assert torch.rand(1) == before
    np.testing.assert_array_equal(first.losses, second.losses)


@needs_mnist
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_mnist_sweep_shows_a_too_small_and_a_too_large_rate_failing(mnist, optimizer):
    explorer = _reset(mnist)
    explorer.optimizer_buttons.value = optimizer
    explorer.sweep_button.click()
    sweep = explorer.sweep
    assert sweep["optimizer"] == optimizer
    finals = sweep["final_losses"]
    start = explorer.run.losses[0]
    assert finals[0] > 0.99 * start                       # 1e-5: the loss barely moves
    assert np.isinf(finals[-1])                           # 10: diverged
    assert np.isinf(finals[-2]) or finals[-2] > 0.9 * start  # 3: diverged, or stuck near the start
    best = int(np.argmin(finals))
    assert 0 < best < len(finals) - 2 and finals[best] < 0.7 * start  # a rate in between learns
    assert f"({sweep['steps']} steps each, {'Adam' if optimizer == 'adam' else 'GD'})" in explorer.message


@needs_mnist
def test_mnist_extreme_rates_get_a_verdict_in_words(mnist):
    explorer = _reset(mnist)
    explorer.lr_slider.value = 1e-5
    assert "barely moved" in explorer.message
    explorer.lr_slider.value = 10.0
    assert explorer.run.diverged_at == 1 and "diverged at step 1" in explorer.message
    assert "try a smaller learning rate" in explorer.message and "2/L" not in explorer.message
    assert np.all(np.isfinite(explorer.losses))


@needs_mnist
def test_mnist_optimizer_switch_keeps_earlier_runs_labelled(mnist):
    explorer = _reset(mnist)
    explorer.optimizer_buttons.value = "sgd"
    assert [r.optimizer for r in explorer.runs] == ["adam", "sgd"]
    assert "plain gradient descent, mini-batches of 50" in explorer.message
    labels = [line.get_label() for line in explorer.loss_ax.get_lines()]
    assert "Adam, η = 0.001" in labels and "GD, η = 0.001" in labels


def test_missing_mnist_is_reported_in_words_and_keeps_the_problem(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    explorer = LearningRateExplorer("surface")
    explorer.problem_buttons.value = "mnist"
    assert explorer.problem.name == "surface" and explorer.problem_buttons.value == "surface"
    assert "could not load mnist" in explorer.message


@needs_mnist
def test_mnist_loss_panel_says_it_is_the_whole_subsets_loss(mnist):
    explorer = _reset(mnist)
    assert explorer.loss_ax.get_title() == f"loss on the {N_TRAIN} training digits"
    explorer.problem_buttons.value = "surface"
    assert explorer.loss_ax.get_title() == "training loss"
