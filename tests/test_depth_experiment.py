"""The depth-vs-width experiment (notebook 07): runs, summaries, and seeds trained side by side."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from course_utils import depth_experiment  # noqa: E402
from course_utils.models import build_mlp, count_parameters, width_for_budget  # noqa: E402

QUICK = depth_experiment.Recipe(steps=60, record_every=20)


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def test_fit_target_records_the_error_every_record_every_steps():
    run = depth_experiment.fit_target(2, 8, "sin", seed=0, recipe=QUICK)
    assert run.steps == [20, 40, 60]
    assert len(run.errors) == len(run.seconds) == 3
    assert run.n_params == count_parameters(build_mlp(1, 1, 2, 8))
    assert run.seconds == sorted(run.seconds)
    assert depth_experiment.approximation_error(run.model, "sin") == run.final_error


def test_fit_target_is_repeatable_for_a_seed_and_differs_between_seeds():
    first = depth_experiment.fit_target(2, 8, "composed", seed=1, recipe=QUICK)
    again = depth_experiment.fit_target(2, 8, "composed", seed=1, recipe=QUICK)
    other = depth_experiment.fit_target(2, 8, "composed", seed=2, recipe=QUICK)
    assert first.errors == again.errors
    assert first.errors != other.errors


def test_training_lowers_the_error_against_the_exact_function():
    torch.manual_seed(0)
    model = build_mlp(1, 1, 2, 16)
    before = depth_experiment.approximation_error(model, "sin")
    run = depth_experiment.train(model, "sin", seed=0, recipe=depth_experiment.Recipe(steps=300))
    assert run.final_error < 0.5 * before


def test_a_training_step_is_one_full_batch_adam_step_on_the_mse():
    torch.manual_seed(0)
    model, reference = build_mlp(1, 1, 1, 4), build_mlp(1, 1, 1, 4)
    reference.load_state_dict(model.state_dict())
    depth_experiment.train(model, "sin", seed=3, recipe=depth_experiment.Recipe(steps=1, n_train=32))
    x, y = (torch.tensor(a, dtype=torch.float32) for a in depth_experiment.TARGETS["sin"][0](n=32, seed=3))
    optimizer = torch.optim.Adam(reference.parameters(), lr=1e-2)
    torch.mean((reference(x) - y) ** 2).backward()
    optimizer.step()
    for p, q in zip(model.parameters(), reference.parameters()):
        torch.testing.assert_close(p, q)


def test_grid_holds_the_exact_target_values():
    x, y = depth_experiment.grid("sin")
    assert x.shape == y.shape == (depth_experiment.GRID_POINTS, 1)
    np.testing.assert_allclose(y.numpy(), np.sin(10 * x.numpy()), atol=1e-6)


def test_compare_depths_uses_the_widest_network_within_budget_and_summarises_seeds():
    summaries = depth_experiment.compare_depths([1, 3], 200, "sin", seeds=(0, 1), recipe=QUICK, progress=False)
    assert [s.depth for s in summaries] == [1, 3]
    for s in summaries:
        assert s.width == width_for_budget(s.depth, 200)
        assert s.n_params <= 200
        assert [run.seed for run in s.runs] == [0, 1]
        assert s.mean == pytest.approx(np.mean([run.final_error for run in s.runs]))
        assert s.sd == pytest.approx(np.std([run.final_error for run in s.runs]))
        assert s.geometric_mean == pytest.approx(np.exp(np.mean(np.log(s.errors))))


def summary_of(errors, depth=1, seeds=None):
    seeds = range(len(errors)) if seeds is None else seeds
    runs = [depth_experiment.Run(depth, 4, 13, seed, steps=[1], seconds=[0.1], errors=[e]) for seed, e in zip(seeds, errors)]
    return depth_experiment.Summary(depth, 4, 13, runs)


def test_summaries_on_a_log_scale_are_not_dominated_by_the_worst_seed():
    s = summary_of([1e-4, 1e-4, 1e-1])
    assert s.geometric_mean == pytest.approx(1e-3)
    assert s.median == pytest.approx(1e-4)
    assert (s.best, s.worst) == (1e-4, 1e-1)
    assert s.mean == pytest.approx(0.1 / 3, rel=1e-2)  # about the worst seed's size


def test_compare_per_seed_pairs_runs_by_seed_and_counts_wins():
    deep, wide = summary_of([1e-3, 4e-3, 1e-2], depth=4), summary_of([1e-2, 1e-3, 1e-1], depth=1)
    paired = depth_experiment.compare_per_seed(deep, wide)
    np.testing.assert_allclose(paired.ratios, [0.1, 4.0, 0.1])
    assert paired.first_wins == 2 and paired.n == 3
    assert paired.geometric_mean_ratio == pytest.approx((0.1 * 4.0 * 0.1) ** (1 / 3))


def test_compare_per_seed_refuses_summaries_of_different_seeds():
    with pytest.raises(ValueError, match="same seeds"):
        depth_experiment.compare_per_seed(summary_of([1.0, 2.0]), summary_of([1.0, 2.0], seeds=(5, 6)))
    with pytest.raises(TypeError, match="second must be a depth_experiment Summary"):
        depth_experiment.compare_per_seed(summary_of([1.0]), [1.0])


@pytest.mark.parametrize("depth, width", [(1, 32), (3, 8)])
def test_seeds_trained_side_by_side_end_as_each_seed_trained_alone(depth, width):
    # Short runs: full-batch Adam is chaotic, so over thousands of steps even rounding
    # differences (a batched matrix product instead of a plain one) grow.
    recipe = depth_experiment.Recipe(steps=50, record_every=10)
    together = depth_experiment.fit_seeds(depth, width, "composed", seeds=(0, 1, 2), recipe=recipe)
    for run in together:
        alone = depth_experiment.fit_target(depth, width, "composed", seed=run.seed, recipe=recipe)
        np.testing.assert_allclose(run.errors, alone.errors, rtol=1e-5)
        for p, q in zip(run.model.parameters(), alone.model.parameters()):
            torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


def test_seeds_trained_side_by_side_start_from_their_seeded_weights():
    before = [depth_experiment.seeded_model(lambda: build_mlp(1, 1, 2, 6), seed) for seed in (4, 5)]
    runs = depth_experiment.fit_seeds(2, 6, "sin", seeds=(4, 5), recipe=depth_experiment.Recipe(steps=1))
    for model, run in zip(before, runs):
        moved = [(p - q).abs().max().item() for p, q in zip(model.parameters(), run.model.parameters())]
        assert 0 < max(moved) <= 1.01e-2  # one Adam step moves each weight by at most lr


def test_seeds_share_the_time_they_trained_together():
    runs = depth_experiment.fit_seeds(1, 8, "sin", seeds=(0, 1, 2), recipe=QUICK)
    assert runs[0].seconds == runs[1].seconds == runs[2].seconds


def test_designs_that_cannot_be_stacked_train_one_seed_after_another():
    class Skip(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = build_mlp(1, 1, 1, 6)

        def forward(self, x):
            return x + self.inner(x)

    models = [depth_experiment.seeded_model(Skip, seed) for seed in (0, 1)]
    runs = depth_experiment.train_models(models, "sin", seeds=(0, 1), recipe=QUICK)
    alone = depth_experiment.train(depth_experiment.seeded_model(Skip, 1), "sin", seed=1, recipe=QUICK)
    assert runs[1].errors == alone.errors
    assert runs[0].model is models[0]


def test_the_error_is_measured_in_eval_mode_and_the_mode_is_restored():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.Dropout(0.5), torch.nn.Linear(16, 1))
    first = depth_experiment.approximation_error(model, "sin")
    assert depth_experiment.approximation_error(model, "sin") == first  # no dropout noise
    assert model.training


def test_the_progress_bar_counts_every_seeds_steps(capsys):
    depth_experiment.compare_depths([1, 2], 100, "sin", seeds=(0, 1), recipe=QUICK, progress=True)
    assert "240/240" in capsys.readouterr().err


def test_unknown_target_is_a_value_error_listing_the_targets():
    with pytest.raises(ValueError, match="composed"):
        depth_experiment.fit_target(1, 4, "cos", recipe=QUICK)


def test_compare_depths_needs_a_seed_and_a_yes_or_no_progress():
    with pytest.raises(ValueError, match="seeds"):
        depth_experiment.compare_depths([1], 100, "sin", seeds=(), recipe=QUICK)
    with pytest.raises(TypeError, match="progress must be True or False"):
        depth_experiment.compare_depths([1], 100, "sin", recipe=QUICK, progress=1)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(steps=0), ValueError, "steps must be >= 1"),
    (dict(steps=10.0), TypeError, "steps must be an int"),
    (dict(lr=-0.1), ValueError, "lr must be a positive"),
    (dict(n_train=0), ValueError, "n_train must be >= 1"),
    (dict(record_every=0), ValueError, "record_every must be >= 1"),
])
def test_bad_recipe_settings_are_named_in_the_error(kwargs, error, match):
    with pytest.raises(error, match=match):
        depth_experiment.Recipe(**kwargs)


def test_train_models_wants_one_seed_per_model():
    models = [build_mlp(1, 1, 1, 4), build_mlp(1, 1, 1, 4)]
    with pytest.raises(ValueError, match="equally many"):
        depth_experiment.train_models(models, "sin", seeds=(0,), recipe=QUICK)
    with pytest.raises(ValueError, match="each seed must be >= 0"):
        depth_experiment.train_models(models, "sin", seeds=(0, -1), recipe=QUICK)
    with pytest.raises(TypeError, match="each model must be a torch.nn.Module"):
        depth_experiment.train_models(["model"], "sin", seeds=(0,), recipe=QUICK)


def test_runs_leave_the_callers_torch_random_state_alone():
    torch.manual_seed(5)
    expected = torch.rand(2)
    torch.manual_seed(5)
    depth_experiment.fit_target(1, 4, "sin", seed=3, recipe=QUICK)
    depth_experiment.fit_seeds(1, 4, "sin", seeds=(0, 1), recipe=QUICK)
    assert torch.equal(torch.rand(2), expected)
