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


def test_the_challenge_is_g_of_g_of_g_within_500_parameters_on_three_seeds():
    assert (challenge.TARGET, challenge.BUDGET, challenge.SEEDS) == ("composed", 500, (0, 1, 2))
    depth_experiment.check_target(challenge.TARGET)


def test_ranking_puts_the_lowest_geometric_mean_first_and_keeps_ties_in_order():
    scores = {"b": challenge.Score(10, [1e-2, 1e-2]), "a": challenge.Score(20, [1e-4, 1.0]),
              "c": challenge.Score(30, [1e-3]), "tie": challenge.Score(5, [1e-2])}
    assert [name for name, _ in challenge.ranking(scores)] == ["c", "b", "a", "tie"]  # a: 1e-2 as well, after b
    assert challenge.ranking({}) == []


def test_score_table_has_one_row_per_design_best_first():
    table = challenge.score_table({"wide": challenge.Score(499, [2e-2, 1e-2]), "tapered tanh": challenge.Score(473, [1e-3])})
    lines = table.splitlines()
    assert lines[0].split() == ["rank", "design", "params", "geometric", "mean", "best", "seed", "worst", "seed"]
    assert lines[1].split() == ["1", "tapered", "tanh", "473", "1.0e-03", "1.0e-03", "1.0e-03"]
    assert lines[2].split() == ["2", "wide", "499", "1.4e-02", "1.0e-02", "2.0e-02"]


@pytest.mark.parametrize("scores, error, match", [
    ([challenge.Score(1, [1.0])], TypeError, "scores must be a dict"),
    ({"a": 1e-3}, TypeError, r"scores\['a'\] must be a Score"),
    ({1: challenge.Score(1, [1.0])}, TypeError, "each name in scores must be a str"),
])
def test_ranking_rejects_what_is_not_named_scores(scores, error, match):
    with pytest.raises(error, match=match):
        challenge.ranking(scores)


def test_score_table_needs_a_design():
    with pytest.raises(ValueError, match="scores must hold at least one design"):
        challenge.score_table({})
