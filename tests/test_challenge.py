"""The depth-vs-width experiment runner and the challenge's scoring helper (notebook 07)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from course_utils import challenge  # noqa: E402
from course_utils.models import build_mlp, count_parameters, width_for_budget  # noqa: E402

QUICK = challenge.Recipe(steps=60, record_every=20)


def test_fit_target_records_the_error_every_record_every_steps():
    run = challenge.fit_target(2, 8, "sin", seed=0, recipe=QUICK)
    assert run.steps == [20, 40, 60]
    assert len(run.errors) == len(run.seconds) == 3
    assert run.n_params == count_parameters(build_mlp(1, 1, 2, 8))
    assert run.seconds == sorted(run.seconds)
    assert challenge.approximation_error(run.model, "sin") == run.final_error


def test_fit_target_is_repeatable_for_a_seed_and_differs_between_seeds():
    first = challenge.fit_target(2, 8, "composed", seed=1, recipe=QUICK)
    again = challenge.fit_target(2, 8, "composed", seed=1, recipe=QUICK)
    other = challenge.fit_target(2, 8, "composed", seed=2, recipe=QUICK)
    assert first.errors == again.errors
    assert first.errors != other.errors


def test_training_lowers_the_error_against_the_exact_function():
    torch.manual_seed(0)
    model = build_mlp(1, 1, 2, 16)
    before = challenge.approximation_error(model, "sin")
    run = challenge.train(model, "sin", seed=0, recipe=challenge.Recipe(steps=300))
    assert run.final_error < 0.5 * before


def test_grid_holds_the_exact_target_values():
    x, y = challenge.grid("sin")
    assert x.shape == y.shape == (challenge.GRID_POINTS, 1)
    np.testing.assert_allclose(y.numpy(), np.sin(10 * x.numpy()), atol=1e-6)


def test_compare_depths_uses_the_widest_network_within_budget_and_summarises_seeds():
    summaries = challenge.compare_depths([1, 3], 200, "sin", seeds=(0, 1), recipe=QUICK, progress=False)
    assert [s.depth for s in summaries] == [1, 3]
    for s in summaries:
        assert s.width == width_for_budget(s.depth, 200)
        assert s.n_params <= 200
        assert [run.seed for run in s.runs] == [0, 1]
        assert s.mean_error == pytest.approx(np.mean([run.final_error for run in s.runs]))
        assert s.std_error == pytest.approx(np.std([run.final_error for run in s.runs]))


def test_score_design_reports_mean_and_spread_over_seeds_and_is_repeatable():
    build = lambda: build_mlp(1, 1, 2, 8, activation="tanh")  # noqa: E731
    score = challenge.score_design(build, "composed", budget=200, seeds=(0, 1), recipe=QUICK)
    again = challenge.score_design(build, "composed", budget=200, seeds=(0, 1), recipe=QUICK)
    assert len(score.errors) == 2 and score.errors == again.errors
    assert score.n_params == count_parameters(build())
    assert "2 seeds" in str(score)


def test_score_design_rejects_a_design_over_budget():
    with pytest.raises(ValueError, match="over the budget of 100"):
        challenge.score_design(lambda: build_mlp(1, 1, 1, 64), "sin", budget=100, recipe=QUICK)


def test_score_design_wants_a_function_that_builds_a_module():
    with pytest.raises(TypeError, match="build must be a function"):
        challenge.score_design(build_mlp(1, 1, 1, 4), "sin")
    with pytest.raises(TypeError, match="torch.nn.Module"):
        challenge.score_design(lambda: "not a model", "sin", recipe=QUICK)


def test_unknown_target_is_a_value_error_listing_the_targets():
    with pytest.raises(ValueError, match="composed"):
        challenge.fit_target(1, 4, "cos", recipe=QUICK)


def test_compare_depths_needs_a_seed():
    with pytest.raises(ValueError, match="seeds"):
        challenge.compare_depths([1], 100, "sin", seeds=(), recipe=QUICK)


def test_runs_leave_the_callers_torch_random_state_alone():
    torch.manual_seed(5)
    expected = torch.rand(2)
    torch.manual_seed(5)
    challenge.fit_target(1, 4, "sin", seed=3, recipe=QUICK)
    challenge.score_design(lambda: build_mlp(1, 1, 1, 4), "sin", budget=100, seeds=(0,), recipe=QUICK, progress=False)
    assert torch.equal(torch.rand(2), expected)
