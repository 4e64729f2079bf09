"""The notebook-02 checks pass the reference solutions, name the typical mistakes and survive broken functions."""

import numpy as np
import pytest

from course_utils.checks import feedback, perceptron


def stub(*args):
    raise NotImplementedError()


def predict(X, w, b):
    return (X @ w + b > 0).astype(int)


def update(w, b, x, y, lr, sign=1.0, bias=True, use_lr=True, error=True, at_zero=False, score=False):
    s = x @ w + b
    y_hat = s if score else float(s >= 0 if at_zero else s > 0)
    delta = sign * (lr if use_lr else 1.0) * ((y - y_hat) if error else y)
    return w + delta * x, b + (delta if bias else 0.0)


def _fail(feedback_, hint):
    assert feedback_.status == "fail", feedback_
    assert hint in feedback_.message, feedback_.message
    assert "\n" not in feedback_.message


def test_references_pass_and_stubs_are_not_done():
    assert perceptron.check_predict(predict).passed
    assert perceptron.check_predict(lambda X, w, b: X @ w + b > 0).passed  # booleans are labels 0/1 too
    assert perceptron.check_perceptron_update(update).passed
    assert perceptron.check_predict(stub).status == "todo"
    assert perceptron.check_perceptron_update(stub).status == "todo"


def one_point_at_a_time(X, w, b):
    return 1 if X @ w + b > 0 else 0


def first_rows_only(X, w, b):
    return (X[:8] @ w + b > 0).astype(int)


@pytest.mark.parametrize("mistake, hint", [
    (lambda X, w, b: X @ w + b, "apply the step"),
    (lambda X, w, b: (X @ w + b >= 0).astype(int), "use > 0, not >= 0"),
    (lambda X, w, b: (X @ w > 0).astype(int), "forgot the bias"),
    (lambda X, w, b: (X @ w + b <= 0).astype(int), "swapped"),
    (lambda X, w, b: np.sign(X @ w + b), "not -1 and +1"),
    (lambda X, w, b: np.where(X @ w + b > 0, 1, -1), "not -1 and +1"),
    (lambda X, w, b: 1 / (1 + np.exp(-(X @ w + b))), "sigmoid probabilities"),
    (lambda X, w, b: np.zeros(len(X)), "every point gets the same label"),
    (one_point_at_a_time, "works for one point only"),
    (lambda X, w, b: [int(s > 0) for s in X @ w + b], "should be a NumPy array"),
    (lambda X, w, b: None, "forget the `return`"),
    (first_rows_only, "for X of shape (9, 3) has shape (8,), expected (9,)"),
    (lambda X, w, b: np.array([1, 0, 0, 0, 0, 0, 1, 0]) if len(X) == 8 else np.zeros(len(X)),
     "every point gets the same label"),  # the notebook's answer copied
])
def test_predict_mistakes_get_their_hint(mistake, hint):
    _fail(perceptron.check_predict(mistake), hint)


def in_place(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    w += lr * (y - y_hat) * x
    return w, b + lr * (y - y_hat)


@pytest.mark.parametrize("mistake, hint", [
    (lambda w, b, x, y, lr: update(w, b, x, y, lr, sign=-1.0), "wrong sign"),
    (lambda w, b, x, y, lr: update(w, b, x, y, lr, bias=False), "bias must be updated"),
    (lambda w, b, x, y, lr: update(w, b, x, y, lr, use_lr=False), "learning rate"),
    (lambda w, b, x, y, lr: update(w, b, x, y, lr, error=False), "not by y"),
    (lambda w, b, x, y, lr: update(w, b, x, y, lr, at_zero=True), "a score of exactly 0 predicts class 0"),
    (lambda w, b, x, y, lr: update(w, b, x, y, lr, score=True), "not the score itself"),
    (lambda w, b, x, y, lr: (w, b), "come back unchanged"),
    (lambda w, b, x, y, lr: update(w, b, x, y, lr)[::-1], "in the order (w_new, b_new)"),
    (lambda w, b, x, y, lr: (np.sum(update(w, b, x, y, lr)[0]), update(w, b, x, y, lr)[1]), "your w_new has shape ()"),
    (in_place, "changed its argument `w` in place: return new values"),
    (lambda w, b, x, y, lr: update(w, b, x, y, lr)[0], "should be a pair"),
    (lambda w, b, x, y, lr: None, "forget the `return`"),
    (lambda w, b, x, y, lr: (None, b), "your w_new holds None"),
])
def test_update_mistakes_get_their_hint(mistake, hint):
    _fail(perceptron.check_perceptron_update(mistake), hint)


def test_update_hardcoded_for_the_notebook_fails():
    def two_d_only(w, b, x, y, lr):
        y_hat = 1 if w[0] * x[0] + w[1] * x[1] + b > 0 else 0
        return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)
    feedback_ = perceptron.check_perceptron_update(two_d_only)
    _fail(feedback_, "not right yet for w = [-1.3976, -1.204 , -1.3023], b = 0.3")  # the random 3-D case


def raises_own_error(*args):
    raise KeyError("oops")


def forever(*args):
    while True:
        pass


@pytest.mark.parametrize("check", [perceptron.check_predict, perceptron.check_perceptron_update])
def test_a_raising_or_endless_function_is_one_failed_line(check, monkeypatch):
    _fail(check(raises_own_error), "your function raised KeyError: 'oops'")
    monkeypatch.setattr(feedback, "TIME_LIMIT", 0.2)
    _fail(check(forever), "was stopped")
