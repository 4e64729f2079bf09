"""Small toy datasets for notebooks 01-05 and 07 (NumPy only, no torch).

Every function takes ``seed`` and draws from its own
``numpy.random.default_rng(seed)``: the same seed gives the same data, and no
global random state is touched. Inputs ``X`` are float64 of shape (n, d),
class labels ``y`` are int64 of shape (n,).
"""

from __future__ import annotations

import numpy as np

from .validation import as_float_array, check_int, check_real

# The four corners of the unit square and their XOR labels (notebook 02).
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])

# separable_points: the true boundary w . x + b = 0 and the empty strip around it.
SEPARABLE_W = np.array([1.0, -2.0]) / np.sqrt(5.0)  # unit normal of the line
SEPARABLE_B = 0.1
SEPARABLE_MARGIN = 0.1  # no point lies closer than this to the line

MAX_N = 10_000_000  # toy data: beyond this a typo (n=10**10) would exhaust memory instead of failing


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(check_int(seed, "seed", minimum=0))


def _check_n(n: int) -> int:
    n = check_int(n, "n")
    if n > MAX_N:
        raise ValueError(f"n must be at most {MAX_N:,} (a toy data set), got {n:,}")
    return n


def pass_fail_students(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Students described by (hours studied, hours slept) who pass (1) or fail (0).

    Hours studied ~ Uniform(0, 10), hours slept ~ Uniform(3, 10). A student
    passes with probability sigmoid(z), z = 1.5 (studied - 5) + (slept - 6),
    so the classes overlap a little, as real data does (notebooks 01 and 04).

    Returns X, shape (n, 2) float64 [studied, slept], and y, shape (n,) int64.
    """
    n = _check_n(n)
    rng = _rng(seed)
    studied = rng.uniform(0.0, 10.0, n)
    slept = rng.uniform(3.0, 10.0, n)
    z = 1.5 * (studied - 5.0) + (slept - 6.0)
    p_pass = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid(z), without overflow
    y = (rng.uniform(size=n) < p_pass).astype(np.int64)
    return np.column_stack([studied, slept]), y


EXAM_W = np.array([5.0, 3.0])  # exam points per hour studied, per hour slept
EXAM_B = 20.0                  # points of a student who neither studied nor slept (an extrapolation)
EXAM_NOISE = 5.0               # the spread of the points around the line (one standard deviation)


def exam_points(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Students' exam points from (hours studied, hours slept): a regression target (notebook 01).

    The hours are drawn as in ``pass_fail_students``; the points are
    ``X @ EXAM_W + EXAM_B`` plus Gaussian noise of standard deviation ``EXAM_NOISE``.

    Returns X, shape (n, 2) float64 [studied, slept], and points, shape (n,) float64.
    """
    n = _check_n(n)
    rng = _rng(seed)
    X = np.column_stack([rng.uniform(0.0, 10.0, n), rng.uniform(3.0, 10.0, n)])
    return X, X @ EXAM_W + EXAM_B + rng.normal(0.0, EXAM_NOISE, n)


def separable_points(n: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """2-D points that one line separates, with an empty strip around the line.

    Points are uniform in the square [-1, 1]^2, keeping only those at least
    ``SEPARABLE_MARGIN`` from the line ``SEPARABLE_W . x + SEPARABLE_B = 0``;
    y = 1 on the side the normal points to. The perceptron of notebook 02
    converges on them (its convergence theorem needs such a margin).

    Returns X, shape (n, 2) float64, and y, shape (n,) int64.
    """
    n = _check_n(n)
    rng = _rng(seed)
    kept = np.empty((0, 2))
    while len(kept) < n:
        candidates = rng.uniform(-1.0, 1.0, size=(2 * n, 2))
        distance = candidates @ SEPARABLE_W + SEPARABLE_B
        kept = np.vstack([kept, candidates[np.abs(distance) >= SEPARABLE_MARGIN]])
    X = kept[:n]
    y = (X @ SEPARABLE_W + SEPARABLE_B > 0).astype(np.int64)
    return X, y


def xor_points(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noisy copies of the four XOR corners: no single line separates the classes.

    Each point is a corner of ``XOR_X`` (each corner used n/4 times, in random
    order; when n is not a multiple of 4 the first n % 4 corners get one more) plus Gaussian noise of standard deviation ``noise``; its label is
    the corner's ``XOR_Y``.

    Returns X, shape (n, 2) float64, and y, shape (n,) int64.
    """
    n = _check_n(n)
    noise = check_real(noise, "noise")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    rng = _rng(seed)
    corner = rng.permutation(np.arange(n) % 4)
    X = XOR_X[corner] + noise * rng.standard_normal((n, 2))
    return X, XOR_Y[corner].astype(np.int64)


def sin_samples(n: int = 256, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Samples of f(x) = sin(10 x) at x ~ Uniform(0, 1), sorted by x (notebook 07).

    Returns x and y, both of shape (n, 1) float64 (the shape a regression
    network takes and returns).
    """
    n = _check_n(n)
    x = np.sort(_rng(seed).uniform(0.0, 1.0, n))[:, None]
    return x, np.sin(10.0 * x)


def logistic_map(x: np.ndarray) -> np.ndarray:
    """g(x) = 4 x (1 - x): maps [0, 1] onto [0, 1] with one bump.

    x : array_like of numbers in [0, 1] (any shape); a new array of its shape comes back.
    """
    x = _unit_interval(x, "x")
    return 4.0 * x * (1.0 - x)


def _unit_interval(x, name: str) -> np.ndarray:
    # Outside [0, 1] the map leaves the interval and its compositions blow up without a word.
    x = as_float_array(x, name, finite=True)
    if x.size and (x.min() < 0.0 or x.max() > 1.0):
        raise ValueError(f"{name} must lie in [0, 1], got values from {x.min():g} to {x.max():g}")
    return x


def composed_function(x: np.ndarray) -> np.ndarray:
    """f(x) = g(g(g(x))) with g the logistic map: a function of a function of a function.

    Each composition doubles the number of bumps (f has 4 on [0, 1]); a deep
    network can build it layer by layer, which is why depth may help here.
    """
    return logistic_map(logistic_map(logistic_map(_unit_interval(x, "x"))))


def composed_samples(n: int = 256, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Samples of ``composed_function`` at x ~ Uniform(0, 1), sorted by x (notebook 07).

    Returns x and y, both of shape (n, 1) float64, y in [0, 1].
    """
    n = _check_n(n)
    x = np.sort(_rng(seed).uniform(0.0, 1.0, n))[:, None]
    return x, composed_function(x)
