"""The notebook-02 checks pass the reference solutions and name the typical mistakes."""

import numpy as np
import pytest

from course_utils.checks import perceptron


def stub(*args):
    raise NotImplementedError()


def predict(X, w, b):
    return (X @ w + b > 0).astype(int)


def update(w, b, x, y, lr, sign=1.0, bias=True, use_lr=True, error=True):
    y_hat = float(x @ w + b > 0)
    delta = sign * (lr if use_lr else 1.0) * ((y - y_hat) if error else y)
    return w + delta * x, b + (delta if bias else 0.0)


def test_predict_reference_passes_and_stub_is_not_done():
    assert perceptron.check_predict(predict).passed
    assert perceptron.check_predict(stub).status == "todo"


@pytest.mark.parametrize("mistake, hint", [
    (lambda X, w, b: X @ w + b, "apply the step"),
    (lambda X, w, b: (X @ w + b >= 0).astype(int), "use > 0, not >= 0"),
    (lambda X, w, b: (X @ w > 0).astype(int), "forgot the bias"),
    (lambda X, w, b: (X @ w + b <= 0).astype(int), "swapped"),
])
def test_predict_mistakes_get_their_hint(mistake, hint):
    feedback = perceptron.check_predict(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def test_update_reference_passes_and_stub_is_not_done():
    assert perceptron.check_perceptron_update(update).passed
    assert perceptron.check_perceptron_update(stub).status == "todo"


@pytest.mark.parametrize("kwargs, hint", [
    ({"sign": -1.0}, "wrong sign"),
    ({"bias": False}, "bias must be updated"),
    ({"use_lr": False}, "learning rate"),
    ({"error": False}, "not by y"),
])
def test_update_mistakes_get_their_hint(kwargs, hint):
    feedback = perceptron.check_perceptron_update(lambda w, b, x, y, lr: update(w, b, x, y, lr, **kwargs))
    assert feedback.status == "fail" and hint in feedback.message
