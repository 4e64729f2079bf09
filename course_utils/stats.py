"""Summaries for comparing training runs over seeds (notebooks 03 and 07).

Errors and losses of small networks often span orders of magnitude from one
seed to the next, and a ratio of two errors is bounded below by 0 but not above.
So everything here works on the log scale (``OverSeeds`` gives a set of runs these summaries):

    geometric_mean([1e-4, 1e-4, 1e-1])       # 1e-3, where the arithmetic mean says 3.3e-2
    paired = compare_paired(errors_a, errors_b)   # same seeds, same order
    paired.geometric_mean_ratio, paired.interval(), paired.first_wins, paired.sign_test_p

The paired comparison takes, for each seed, log(a / b), so that "a halves the
error" and "a doubles it" weigh the same, averages it, and gives a t interval
for that average (turned back into a ratio) and an exact sign test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .validation import as_float_array, check_int, check_real


def _positive(values, name: str) -> np.ndarray:
    arr = as_float_array(values, name, ndim=1)
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must be at least one finite positive number (errors or losses), got {arr.tolist()}")
    return arr


class OverSeeds:
    """The summaries of final errors over seeds, for a class whose ``errors`` holds one per seed.

    Errors over seeds often span orders of magnitude, so the summaries to read are on a log
    scale: ``geometric_mean`` (or ``median``) with the range ``best`` to ``worst``. ``mean`` and
    ``sd`` (the standard deviation over seeds, not a standard error) are dominated by the worst seed.
    """

    errors: object  # a sequence of positive numbers, one per seed

    @property
    def geometric_mean(self) -> float:
        return geometric_mean(self.errors)

    @property
    def median(self) -> float:
        return float(np.median(self.errors))

    @property
    def best(self) -> float:
        return float(np.min(self.errors))

    @property
    def worst(self) -> float:
        return float(np.max(self.errors))

    @property
    def mean(self) -> float:
        return float(np.mean(self.errors))

    @property
    def sd(self) -> float:
        """Standard deviation of the errors over the seeds (ddof=0)."""
        return float(np.std(self.errors))

    def spread(self) -> str:
        """'1.2e-03 (geometric mean of 3 seeds; best 4.1e-04, worst 3.0e-03)'."""
        return (f"{self.geometric_mean:.1e} (geometric mean of {len(self.errors)} seeds; best {self.best:.1e}, "
                f"worst {self.worst:.1e})")


def geometric_mean(values) -> float:
    """exp(mean(log values)) of positive numbers: the typical size of errors spanning orders of magnitude.

    The arithmetic mean of 1e-4, 1e-4 and 1e-1 is 3.3e-2, the worst value's size; the
    geometric mean, 1e-3, sits where the values are on a log axis.
    """
    return float(np.exp(np.mean(np.log(_positive(values, "values")))))


def t_quantile(q: float, df: int) -> float:
    """The q-quantile of Student's t distribution with ``df`` degrees of freedom (q in (0.5, 1)).

    Found by bisection on the distribution function, integrated numerically from
    the density: no table, no SciPy. t_quantile(0.975, 7) = 2.365.
    """
    q = check_real(q, "q", finite=True)
    if not 0.5 < q < 1.0:
        raise ValueError(f"q must lie strictly between 0.5 and 1 (an upper quantile), got {q}")
    df = check_int(df, "df")
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)

    def upper_tail(t: float) -> float:
        # P(T > t) = ∫_t^∞ density(x) dx; with x = tan(θ) the range is finite: ∫ density(tan θ) / cos²θ dθ
        theta = np.linspace(math.atan(t), math.pi / 2, 20001)[:-1]
        integrand = np.exp(log_norm - (df + 1) / 2 * np.log1p(np.tan(theta) ** 2 / df)) / np.cos(theta) ** 2
        at_infinity = 1 / math.pi if df == 1 else 0.0  # the integrand's limit at θ = π/2
        return float(np.trapezoid(np.append(integrand, at_infinity), np.append(theta, math.pi / 2)))

    lo, hi = 0.0, 1.0
    while upper_tail(hi) > 1 - q:
        lo, hi = hi, 2 * hi
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if upper_tail(mid) > 1 - q else (lo, mid)
    return (lo + hi) / 2


def sign_test_p(wins: int, n: int) -> float:
    """Two-sided exact sign test: the chance of a split at least as lopsided as ``wins`` of ``n`` by a coin toss.

    n : the seeds that were not tied (ties say nothing about which is lower); 0 <= wins <= n.
    With no untied seed there is no evidence either way: p = 1.
    """
    wins, n = check_int(wins, "wins", 0), check_int(n, "n", 0)
    if wins > n:
        raise ValueError(f"wins must be at most n (wins among n untied seeds), got wins={wins} and n={n}")
    if n == 0:
        return 1.0
    k = max(wins, n - wins)
    tail = sum(math.comb(n, i) for i in range(k, n + 1)) / 2**n
    return min(1.0, 2 * tail)


@dataclass(frozen=True)
class PairedRatios:
    """Seed-by-seed ratios first / second of two positive quantities (below 1: ``first`` is lower)."""

    ratios: np.ndarray

    @property
    def n(self) -> int:
        return int(self.ratios.size)

    @property
    def first_wins(self) -> int:
        """Number of seeds on which ``first`` is lower."""
        return int(np.sum(self.ratios < 1))

    @property
    def second_wins(self) -> int:
        """Number of seeds on which ``second`` is lower."""
        return int(np.sum(self.ratios > 1))

    @property
    def ties(self) -> int:
        """Number of seeds on which the two are equal (ratio exactly 1): neither wins."""
        return self.n - self.first_wins - self.second_wins

    @property
    def geometric_mean_ratio(self) -> float:
        """exp(mean log ratio): the typical factor between the two on one seed."""
        return geometric_mean(self.ratios)

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """A t interval for the geometric mean ratio (mean ± t·sd/√n of the log ratios, exponentiated).

        Needs at least two seeds; assumes the log ratios scatter roughly symmetrically.
        """
        level = check_real(level, "level", finite=True)
        if not 0 < level < 1:
            raise ValueError(f"level must lie strictly between 0 and 1 (0.95 for a 95% interval), got {level}")
        if self.n < 2:
            raise ValueError(f"an interval needs at least two seeds (a spread to measure), got {self.n}")
        logs = np.log(self.ratios)
        half = t_quantile(0.5 + level / 2, self.n - 1) * logs.std(ddof=1) / math.sqrt(self.n)
        return float(np.exp(logs.mean() - half)), float(np.exp(logs.mean() + half))

    @property
    def sign_test_p(self) -> float:
        """The sign test over the seeds that were not tied (ties are left out, as the test prescribes)."""
        return sign_test_p(self.first_wins, self.first_wins + self.second_wins)


def compare_paired(first, second) -> PairedRatios:
    """Pair two positive series seed by seed (same order, same length) and take their ratios first / second."""
    first, second = _positive(first, "first"), _positive(second, "second")
    if first.size != second.size:
        raise ValueError(f"first and second must hold one value per seed, equally many, got {first.size} and {second.size}")
    return PairedRatios(first / second)
