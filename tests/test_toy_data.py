"""The toy datasets: shapes, dtypes, repeatability and the property each one promises."""

import numpy as np
import pytest

from course_utils import toy_data

TWO_D = [toy_data.pass_fail_students, toy_data.separable_points, toy_data.xor_points]
CURVES = [toy_data.sin_samples, toy_data.composed_samples]
REGRESSION = [toy_data.exam_points]


@pytest.mark.parametrize("make", TWO_D)
def test_classification_sets_have_2d_float_inputs_and_binary_int_labels(make):
    X, y = make(n=60, seed=1)
    assert X.shape == (60, 2) and X.dtype == np.float64
    assert y.shape == (60,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}


@pytest.mark.parametrize("make", TWO_D + CURVES + REGRESSION)
def test_same_seed_gives_same_data_and_other_seed_differs(make):
    a, b, c = make(n=40, seed=3), make(n=40, seed=3), make(n=40, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("make", TWO_D + CURVES + REGRESSION)
def test_drawing_data_leaves_numpy_global_state_alone(make):
    np.random.seed(123)
    expected = np.random.rand()
    np.random.seed(123)
    make(n=20, seed=0)
    assert np.random.rand() == expected


def test_pass_fail_students_are_in_plausible_hour_ranges_and_studying_helps():
    X, y = toy_data.pass_fail_students(n=1000, seed=0)
    assert X[:, 0].min() >= 0 and X[:, 0].max() <= 10
    assert X[:, 1].min() >= 3 and X[:, 1].max() <= 10
    assert X[y == 1, 0].mean() > X[y == 0, 0].mean() + 2


def _perceptron_mistakes(X, y, epochs=100):
    """A reference perceptron written here: mistakes in the last epoch."""
    w, b, t = np.zeros(2), 0.0, 2 * y - 1
    for _ in range(epochs):
        mistakes = 0
        for x_i, t_i in zip(X, t):
            if t_i * (x_i @ w + b) <= 0:
                w, b, mistakes = w + t_i * x_i, b + t_i, mistakes + 1
        if mistakes == 0:
            return 0
    return mistakes


def test_exam_points_are_a_line_in_the_hours_plus_noise_that_least_squares_recovers():
    X, points = toy_data.exam_points(n=5_000, seed=2)
    assert X.shape == (5_000, 2) and points.shape == (5_000,) and points.dtype == np.float64
    assert 0 <= X[:, 0].min() and X[:, 0].max() <= 10 and 3 <= X[:, 1].min() and X[:, 1].max() <= 10
    A = np.column_stack([X, np.ones(len(X))])
    coef, *_ = np.linalg.lstsq(A, points, rcond=None)
    np.testing.assert_allclose(coef, [*toy_data.EXAM_W, toy_data.EXAM_B], atol=0.5)
    residual = points - A @ coef
    assert abs(residual.std() - toy_data.EXAM_NOISE) < 0.2


def test_separable_points_keep_the_margin_and_a_perceptron_separates_them():
    X, y = toy_data.separable_points(n=200, seed=0)
    distance = X @ toy_data.SEPARABLE_W + toy_data.SEPARABLE_B
    assert np.abs(distance).min() >= toy_data.SEPARABLE_MARGIN
    assert np.all((distance > 0) == (y == 1))
    assert 0.2 < y.mean() < 0.8
    assert _perceptron_mistakes(X, y) == 0


def test_xor_points_sit_around_the_corners_with_the_xor_label():
    X, y = toy_data.xor_points(n=400, noise=0.05, seed=0)
    nearest = np.argmin(((X[:, None, :] - toy_data.XOR_X[None]) ** 2).sum(-1), axis=1)
    np.testing.assert_array_equal(y, toy_data.XOR_Y[nearest])
    assert np.bincount(nearest).tolist() == [100, 100, 100, 100]


def test_xor_points_without_noise_are_exactly_the_corners():
    X, y = toy_data.xor_points(n=8, noise=0.0, seed=0)
    assert {tuple(row) for row in X} == {tuple(row) for row in toy_data.XOR_X}
    np.testing.assert_array_equal(y, (X[:, 0] != X[:, 1]).astype(int))


def test_xor_constants_are_the_truth_table():
    np.testing.assert_array_equal(toy_data.XOR_X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(toy_data.XOR_Y, [0, 1, 1, 0])


def test_sin_samples_are_sorted_column_vectors_of_sin_10x_on_the_unit_interval():
    x, y = toy_data.sin_samples(n=100, seed=0)
    assert x.shape == y.shape == (100, 1) and x.dtype == np.float64
    assert np.all(np.diff(x[:, 0]) >= 0) and 0 <= x.min() and x.max() <= 1
    np.testing.assert_allclose(y, np.sin(10 * x))


def test_composed_samples_follow_the_three_fold_logistic_map():
    x, y = toy_data.composed_samples(n=100, seed=0)
    assert x.shape == y.shape == (100, 1)
    g = lambda t: 4 * t * (1 - t)  # noqa: E731
    np.testing.assert_allclose(y, g(g(g(x))))
    assert 0 <= y.min() and y.max() <= 1


@pytest.mark.parametrize("make", TWO_D + CURVES + REGRESSION)
@pytest.mark.parametrize("n, error", [(0, ValueError), (-5, ValueError), (2.5, TypeError)])
def test_bad_sample_count_names_n(make, n, error):
    with pytest.raises(error, match="n must"):
        make(n=n)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), ("0", TypeError)])
def test_bad_seed_names_seed(seed, error):
    with pytest.raises(error, match="seed must"):
        toy_data.sin_samples(seed=seed)


def test_negative_noise_names_noise():
    with pytest.raises(ValueError, match="noise must"):
        toy_data.xor_points(noise=-0.1)


@pytest.mark.parametrize("module", ["course_utils.toy_data", "course_utils.seeding"])
def test_importing_the_module_does_not_import_torch(module):
    import subprocess
    import sys

    code = f"import sys, {module}; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
