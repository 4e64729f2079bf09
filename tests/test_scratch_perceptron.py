"""scratch.Perceptron: converges on separable data, never on XOR."""

import numpy as np
import pytest

from course_utils import scratch

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def separable(rng, n=100, margin=0.3):
    """Points on either side of the line x1 + 2 x2 = 0.5, none within `margin` of it."""
    X = rng.uniform(-3, 3, size=(4 * n, 2))
    score = X @ np.array([1.0, 2.0]) - 0.5
    keep = np.abs(score) > margin
    return X[keep][:n], (score[keep][:n] > 0).astype(int)


@pytest.mark.parametrize("seed", [None, 0, 1])
def test_reaches_zero_mistakes_on_separable_data_and_stops(seed, rng):
    X, y = separable(rng)
    model = scratch.Perceptron(2, seed=seed)
    mistakes = model.fit(X, y, epochs=1000)
    assert mistakes[-1] == 0 and all(m > 0 for m in mistakes[:-1])
    assert len(mistakes) < 1000
    np.testing.assert_array_equal(model.predict(X), y)


def test_never_reaches_zero_mistakes_on_xor():
    model = scratch.Perceptron(2)
    mistakes = model.fit(XOR_X, XOR_Y, epochs=200)
    assert len(mistakes) == 200 and min(mistakes) > 0
    assert (model.predict(XOR_X) != XOR_Y).any()


def test_step_once_applies_the_rule_w_plus_eta_error_x():
    model = scratch.Perceptron(2, lr=0.5)
    assert model.step_once(np.array([1.0, 2.0]), 1) is True  # z = 0 predicts 0: error +1
    np.testing.assert_allclose(model.w, [0.5, 1.0])
    assert model.b == 0.5
    assert model.step_once(np.array([1.0, 2.0]), 1) is False  # now right: nothing moves
    np.testing.assert_allclose(model.w, [0.5, 1.0])


def test_fit_epoch_counts_the_mistakes_of_one_pass():
    model = scratch.Perceptron(2)
    assert model.fit_epoch(XOR_X, XOR_Y) == scratch.Perceptron(2).fit(XOR_X, XOR_Y, epochs=1)[0]


def test_predict_returns_integer_labels():
    labels = scratch.Perceptron(3, seed=0).predict(np.ones((5, 3)))
    assert labels.dtype == np.int64 and set(labels.tolist()) <= {0, 1}


def test_bad_inputs_name_the_argument():
    model = scratch.Perceptron(2)
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\)"):
        model.fit(np.ones((4, 3)), XOR_Y)
    with pytest.raises(ValueError, match="X and y must have the same number of samples"):
        model.fit(XOR_X, XOR_Y[:3])
    with pytest.raises(ValueError, match=r"y must be class labels 0..1 \(whole numbers\), found 0.5"):
        model.fit(XOR_X, np.array([0.0, 0.5, 1.0, 1.0]))
    with pytest.raises(TypeError, match="y must be integer class indices"):
        model.fit(XOR_X, XOR_Y.astype(str))
    with pytest.raises(ValueError, match=r"y must lie in 0..1"):
        model.fit(XOR_X, np.array([0, 1, 2, 0]))
    with pytest.raises(ValueError, match="X must contain only finite"):
        model.predict(np.array([[np.inf, 0.0]]))
    with pytest.raises(ValueError, match="epochs must be >= 1, got 0"):
        model.fit(XOR_X, XOR_Y, epochs=0)
    with pytest.raises(ValueError, match="lr must be a positive"):
        scratch.Perceptron(2, lr=0)
    with pytest.raises(ValueError, match="n_features must be >= 1, got 0"):
        scratch.Perceptron(0)


def test_whole_float_labels_train_as_their_integers():
    as_ints, as_floats = scratch.Perceptron(2), scratch.Perceptron(2)
    assert as_ints.fit(XOR_X, XOR_Y) == as_floats.fit(XOR_X, XOR_Y.astype(float))
    assert np.array_equal(as_ints.w, as_floats.w) and as_ints.b == as_floats.b
    assert as_floats.step_once(np.array([1.0, 1.0]), 1.0) in (True, False)
