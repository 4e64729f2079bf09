"""Log-scale summaries and paired comparisons of runs over seeds (notebooks 03 and 07)."""

import math

import numpy as np
import pytest

from course_utils import stats


def test_geometric_mean_sits_in_the_middle_of_values_on_a_log_axis():
    assert stats.geometric_mean([1e-4, 1e-4, 1e-1]) == pytest.approx(1e-3)
    assert stats.geometric_mean([2.0]) == pytest.approx(2.0)


@pytest.mark.parametrize("bad", [[], [0.1, 0.0], [0.1, -1.0], [0.1, float("nan")], [0.1, float("inf")]])
def test_geometric_mean_refuses_values_that_are_not_finite_and_positive(bad):
    with pytest.raises(ValueError, match="values must be at least one finite positive number"):
        stats.geometric_mean(bad)


@pytest.mark.parametrize("q, df, table", [(0.975, 1, 12.706), (0.975, 4, 2.776), (0.975, 7, 2.365),
                                          (0.975, 30, 2.042), (0.95, 7, 1.895), (0.995, 10, 3.169)])
def test_t_quantile_matches_the_printed_table(q, df, table):
    assert stats.t_quantile(q, df) == pytest.approx(table, abs=1e-3)


def test_t_quantile_approaches_the_normal_quantile_for_many_degrees_of_freedom():
    assert stats.t_quantile(0.975, 100000) == pytest.approx(1.95996, abs=1e-3)


def test_t_quantile_agrees_with_a_simulated_t_distribution():
    rng = np.random.default_rng(0)
    z, chi2 = rng.standard_normal(400_000), rng.chisquare(5, 400_000)
    assert np.mean(z / np.sqrt(chi2 / 5) > stats.t_quantile(0.9, 5)) == pytest.approx(0.1, abs=3e-3)


@pytest.mark.parametrize("kwargs, error, match", [(dict(q=0.5, df=3), ValueError, "q must lie strictly between 0.5 and 1"),
                                                  (dict(q=1.2, df=3), ValueError, "q must lie strictly between"),
                                                  (dict(q="0.9", df=3), TypeError, "q must be a real number"),
                                                  (dict(q=0.9, df=0), ValueError, "df must be >= 1"),
                                                  (dict(q=0.9, df=2.5), TypeError, "df must be")])
def test_t_quantile_names_a_bad_argument(kwargs, error, match):
    with pytest.raises(error, match=match):
        stats.t_quantile(**kwargs)


def test_sign_test_is_the_two_sided_binomial_tail():
    assert stats.sign_test_p(5, 5) == pytest.approx(2 / 32)
    assert stats.sign_test_p(0, 5) == pytest.approx(2 / 32)
    assert stats.sign_test_p(3, 8) == pytest.approx(2 * sum(math.comb(8, i) for i in range(5, 9)) / 256)
    assert stats.sign_test_p(4, 8) == 1.0


def test_paired_ratios_weigh_halving_and_doubling_alike():
    paired = stats.compare_paired([1.0, 4.0], [2.0, 2.0])
    np.testing.assert_allclose(paired.ratios, [0.5, 2.0])
    assert paired.geometric_mean_ratio == pytest.approx(1.0)
    assert paired.first_wins == 1 and paired.n == 2


def test_the_interval_is_the_t_interval_of_the_log_ratios_exponentiated():
    first, second = np.array([1.0, 2.0, 3.0, 5.0]), np.array([2.0, 2.5, 2.0, 9.0])
    logs = np.log(first / second)
    half = stats.t_quantile(0.975, 3) * logs.std(ddof=1) / 2
    low, high = stats.compare_paired(first, second).interval(0.95)
    assert (low, high) == pytest.approx((np.exp(logs.mean() - half), np.exp(logs.mean() + half)))
    assert low < stats.compare_paired(first, second).geometric_mean_ratio < high


def test_a_consistent_improvement_gives_an_interval_below_one_and_a_small_sign_test_p():
    rng = np.random.default_rng(1)
    second = 10 ** rng.uniform(-4, -1, size=8)
    paired = stats.compare_paired(second * 0.5 * np.exp(rng.normal(0, 0.05, size=8)), second)
    assert paired.interval()[1] < 1 and paired.first_wins == 8 and paired.sign_test_p < 0.01


def test_compare_paired_names_a_bad_argument():
    with pytest.raises(ValueError, match="equally many, got 2 and 3"):
        stats.compare_paired([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="second must be at least one finite positive number"):
        stats.compare_paired([1.0], [0.0])
    with pytest.raises(ValueError, match="at least two seeds"):
        stats.compare_paired([1.0], [2.0]).interval()
    with pytest.raises(ValueError, match="level must lie strictly between 0 and 1"):
        stats.compare_paired([1.0, 2.0], [2.0, 1.0]).interval(95)


def test_tied_seeds_count_for_neither_side_and_leave_the_sign_test():
    same = stats.compare_paired([1.0] * 10, [1.0] * 10)
    assert (same.first_wins, same.second_wins, same.ties) == (0, 0, 10) and same.sign_test_p == 1.0
    mixed = stats.compare_paired([1, 2, 3, 1, 1], [1, 2, 3, 2, 2])  # three ties, first lower on two
    assert (mixed.first_wins, mixed.second_wins, mixed.ties) == (2, 0, 3)
    assert mixed.sign_test_p == pytest.approx(stats.sign_test_p(2, 2)) == pytest.approx(0.5)


def test_a_sign_test_with_more_wins_than_seeds_is_refused():
    with pytest.raises(ValueError, match="wins must be at most n"):
        stats.sign_test_p(5, 3)
    with pytest.raises(ValueError, match="wins"):
        stats.sign_test_p(-1, 3)
    with pytest.raises(TypeError, match="n"):
        stats.sign_test_p(1, 2.5)
    assert stats.sign_test_p(0, 0) == 1.0


def test_a_challenge_score_and_a_depth_summary_are_summarised_over_seeds_the_same_way():
    from course_utils.challenge import Score
    from course_utils.depth_experiment import Summary
    from course_utils.stats import OverSeeds

    errors = [1e-4, 1e-4, 1e-1]
    score = Score(10, errors)
    summary = Summary.__new__(Summary)  # its errors come from its runs: give it the same three
    summary.runs = [type("Run", (), {"final_error": e, "seed": i})() for i, e in enumerate(errors)]
    for summarised in (score, summary):
        assert isinstance(summarised, OverSeeds)
        assert summarised.geometric_mean == pytest.approx(1e-3) and summarised.median == pytest.approx(1e-4)
        assert (summarised.best, summarised.worst) == (1e-4, 1e-1)
    assert str(score) == "10 parameters: error " + summary.spread()
