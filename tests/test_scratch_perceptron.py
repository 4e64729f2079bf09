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


def _train_by_hand(X, y, lr, epochs):
    """The rule written out on plain Python floats: an independent reference for train_perceptron."""
    w, b, mistakes = [0.0] * len(X[0]), 0.0, []
    for _ in range(epochs):
        count = 0
        for x_i, y_i in zip(X.tolist(), y.tolist()):
            y_hat = 1 if sum(w_j * x_j for w_j, x_j in zip(w, x_i)) + b > 0 else 0
            if y_hat != y_i:
                w = [w_j + lr * (y_i - y_hat) * x_j for w_j, x_j in zip(w, x_i)]
                b += lr * (y_i - y_hat)
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    return w, b, mistakes


@pytest.mark.parametrize("lr, epochs", [(1.0, 100), (0.3, 100), (1.0, 2)])
def test_train_perceptron_matches_the_rule_written_out_and_stops_after_a_clean_epoch(lr, epochs, rng):
    X, y = separable(rng, n=40)
    w, b, mistakes = scratch.perceptron.train_perceptron(X, y, lr=lr, epochs=epochs)
    w_hand, b_hand, mistakes_hand = _train_by_hand(X, y, lr, epochs)
    np.testing.assert_allclose(w, w_hand)
    assert b == pytest.approx(b_hand) and mistakes == mistakes_hand
    assert w.shape == (2,) and isinstance(b, float) and all(type(m) is int for m in mistakes)
    if epochs == 100:
        assert mistakes[-1] == 0 and len(mistakes) < epochs


def test_train_perceptron_runs_every_epoch_on_xor_and_leaves_its_inputs_alone():
    X, y = XOR_X.copy(), XOR_Y.copy()
    w, b, mistakes = scratch.perceptron.train_perceptron(X, y, lr=1.0, epochs=7)
    assert len(mistakes) == 7 and min(mistakes) > 0
    np.testing.assert_array_equal(X, XOR_X)
    np.testing.assert_array_equal(y, XOR_Y)
    w[0] = 99.0  # the weights returned are the caller's own
    assert scratch.perceptron.train_perceptron(X, y, lr=1.0, epochs=7)[0][0] != 99.0


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: scratch.perceptron.train_perceptron(XOR_X[0], XOR_Y), ValueError, "X"),
    (lambda: scratch.perceptron.train_perceptron(XOR_X, XOR_Y, lr=0.0), ValueError, "lr"),
    (lambda: scratch.perceptron.train_perceptron(XOR_X, XOR_Y, epochs=0), ValueError, "epochs must be >= 1"),
    (lambda: scratch.perceptron.train_perceptron(XOR_X, XOR_Y, epochs=2.5), TypeError, "epochs must be an int"),
    (lambda: scratch.perceptron.train_perceptron(XOR_X, np.array([0, 1, 2, 0])), ValueError, "y"),
    (lambda: scratch.perceptron.train_perceptron(XOR_X, XOR_Y[:3]), ValueError, "y"),
])
def test_train_perceptron_rejects_bad_input_naming_the_argument(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()
