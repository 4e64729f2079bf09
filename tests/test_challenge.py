"""The challenge's scoring helper (notebook 07)."""

import pytest

torch = pytest.importorskip("torch")

from course_utils import challenge, depth_experiment  # noqa: E402
from course_utils.models import build_mlp, count_parameters  # noqa: E402

QUICK = depth_experiment.Recipe(steps=60, record_every=20)


def test_score_design_reports_the_geometric_mean_and_range_over_seeds_and_is_repeatable():
    build = lambda: build_mlp(1, 1, 2, 8, activation="tanh")  # noqa: E731
    score = challenge.score_design(build, "composed", budget=200, seeds=(0, 1), recipe=QUICK)
    again = challenge.score_design(build, "composed", budget=200, seeds=(0, 1), recipe=QUICK)
    assert len(score.errors) == 2 and score.errors == again.errors
    assert score.n_params == count_parameters(build())
    assert "geometric mean of 2 seeds" in str(score) and f"worst {score.worst:.1e}" in str(score)


def test_the_score_is_the_geometric_mean_of_the_errors():
    score = challenge.Score(10, [1e-4, 1e-2])
    assert score.geometric_mean == pytest.approx(1e-3)
    assert (score.best, score.worst) == (1e-4, 1e-2)


def test_score_design_scores_each_seed_as_the_experiment_trains_it():
    build = lambda: build_mlp(1, 1, 2, 8)  # noqa: E731
    score = challenge.score_design(build, "sin", budget=200, seeds=(0, 1), recipe=QUICK, progress=False)
    runs = depth_experiment.fit_seeds(2, 8, "sin", seeds=(0, 1), recipe=QUICK)
    assert score.errors == [run.final_error for run in runs]


def test_score_design_rejects_a_design_over_budget():
    with pytest.raises(ValueError, match="over the budget of 100"):
        challenge.score_design(lambda: build_mlp(1, 1, 1, 64), "sin", budget=100, recipe=QUICK)


def test_score_design_wants_a_function_that_builds_a_module():
    with pytest.raises(TypeError, match="build must be a function"):
        challenge.score_design(build_mlp(1, 1, 1, 4), "sin")
    with pytest.raises(TypeError, match="torch.nn.Module"):
        challenge.score_design(lambda: "not a model", "sin", recipe=QUICK)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(budget=0), ValueError, "budget must be >= 1"),
    (dict(budget=100.0), TypeError, "budget must be an int"),
    (dict(seeds=()), ValueError, "seeds must name at least one seed"),
    (dict(seeds=(0, -2)), ValueError, "each seed must be >= 0"),
    (dict(target="cos"), ValueError, "target must be one of"),
    (dict(progress="yes"), TypeError, "progress must be True or False"),
])
def test_bad_score_design_arguments_are_named_in_the_error(kwargs, error, match):
    arguments = dict(target="sin", budget=100, recipe=QUICK, progress=False) | kwargs
    with pytest.raises(error, match=match):
        challenge.score_design(lambda: build_mlp(1, 1, 1, 4), **arguments)


def test_scoring_leaves_the_callers_torch_random_state_alone():
    torch.manual_seed(5)
    expected = torch.rand(2)
    torch.manual_seed(5)
    challenge.score_design(lambda: build_mlp(1, 1, 1, 4), "sin", budget=100, seeds=(0, 1), recipe=QUICK, progress=False)
    assert torch.equal(torch.rand(2), expected)
