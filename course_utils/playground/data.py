"""The playground's data sets: four 2-D classification sets and two 1-D regressions.

Classification points lie in the box [-1.5, 1.5]² with labels 0/1;
regression samples are x in [0, 1] with a target y (``sin`` is
sin(10 x), ``composed`` the function of notebook 07). Every set is drawn
from its own ``seed``, then shuffled and cut into train and test parts with
the same seed, so a configuration names its data exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..toy_data import _check_n, composed_samples, sin_samples, xor_points
from ..validation import check_int, check_real

__all__ = ["CLASSIFICATION", "REGRESSION", "DATASETS", "BOX", "Dataset", "make_dataset"]

BOX = 1.5  # classification inputs are drawn in [-BOX, BOX]²; the heat map covers the same square


def _circle(n, noise, rng):
    """Inside a disc of radius 0.6 (label 1) or in a ring around it (label 0)."""
    inner = n // 2
    radius = np.concatenate([rng.uniform(0.0, 0.6, inner), rng.uniform(0.9, 1.4, n - inner)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    y = np.concatenate([np.ones(inner), np.zeros(n - inner)]).astype(np.int64)
    return X + noise * rng.standard_normal((n, 2)), y


def _xor(n, noise, rng):
    """The four XOR corners of notebook 02, moved to (±0.75, ±0.75)."""
    X, y = xor_points(n, noise=noise / 1.5, seed=int(rng.integers(2**31)))
    return 1.5 * (X - 0.5), y


def _gauss(n, noise, rng):
    """Two Gaussian clouds around (0.6, 0.6) (label 1) and (-0.6, -0.6) (label 0)."""
    y = (np.arange(n) % 2).astype(np.int64)
    centres = np.where(y[:, None] == 1, 0.6, -0.6)
    return centres + (0.25 + noise) * rng.standard_normal((n, 2)), y


def _spiral(n, noise, rng):
    """Two interleaved spiral arms, one per class, each turning 1.75 times."""
    y = (np.arange(n) % 2).astype(np.int64)
    t = rng.uniform(0.0, 1.0, n)
    radius = 1.3 * t
    angle = 1.75 * 2 * np.pi * t + np.pi * y
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    return X + noise * rng.standard_normal((n, 2)), y


def _regression(samples):
    def draw(n, noise, rng):
        x, y = samples(n, seed=int(rng.integers(2**31)))
        return x, (y + noise * rng.standard_normal(y.shape))[:, 0]
    return draw


CLASSIFICATION = {"circle": _circle, "xor": _xor, "gauss": _gauss, "spiral": _spiral}
REGRESSION = {"sin": _regression(sin_samples), "composed": _regression(composed_samples)}
DATASETS = {**CLASSIFICATION, **REGRESSION}


@dataclass(frozen=True)
class Dataset:
    """Train and test parts of one data set.

    X_train (n_train, d), y_train (n_train,), X_test (n_test, d), y_test (n_test,):
    d = 2 with int64 labels 0/1 for classification, d = 1 with float targets for regression.
    """

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @property
    def regression(self) -> bool:
        return self.name in REGRESSION


def make_dataset(name: str = "circle", n: int = 300, noise: float = 0.1, test_fraction: float = 0.3,
                 seed: int = 0) -> Dataset:
    """Draw ``n`` points of data set ``name`` and split them into train and test parts.

    name : one of ``DATASETS`` ("circle", "xor", "gauss", "spiral", "sin", "composed").
    n : number of points, train and test together (at least 4).
    noise : standard deviation of the Gaussian noise added to the inputs
        (classification) or to the targets (regression), >= 0.
    test_fraction : share of the points held out for testing, in [0.1, 0.9].
    seed : the seed of the points and of the split.
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {sorted(DATASETS)}, got {name!r}")
    n = _check_n(n)
    if n < 4:
        raise ValueError(f"n must be >= 4 (some points to train on and some to test), got {n}")
    noise = check_real(noise, "noise", finite=True)
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    test_fraction = check_real(test_fraction, "test_fraction", finite=True)
    if not 0.1 <= test_fraction <= 0.9:
        raise ValueError(f"test_fraction must lie in [0.1, 0.9], got {test_fraction}")
    rng = np.random.default_rng(check_int(seed, "seed", minimum=0))
    X, y = DATASETS[name](n, noise, rng)
    order = rng.permutation(n)
    n_test = min(max(1, round(test_fraction * n)), n - 2)  # at least one test point and two to train on
    test, train = order[:n_test], order[n_test:]
    return Dataset(name, X[train], y[train], X[test], y[test])
