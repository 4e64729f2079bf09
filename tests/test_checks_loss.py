"""The notebook-04 checks pass the reference solutions and name the typical mistakes."""

import numpy as np
import pytest

from course_utils.checks import loss


def stub(*args):
    raise NotImplementedError()


def cross_entropy(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def naive_cross_entropy(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return -np.log(p[np.arange(len(labels)), labels]).mean()


def test_mse_reference_passes_and_stub_is_not_done():
    assert loss.check_mse(lambda y_hat, y: np.mean((y - y_hat) ** 2)).passed
    assert loss.check_mse(stub).status == "todo"


@pytest.mark.parametrize("mistake, hint", [
    (lambda y_hat, y: np.sum((y - y_hat) ** 2), "factor of n = 4"),
    (lambda y_hat, y: np.sqrt(np.mean((y - y_hat) ** 2)), "square root"),
    (lambda y_hat, y: np.mean(y - y_hat), "square each difference"),
    (lambda y_hat, y: np.mean(np.abs(y - y_hat)), "mean absolute error"),
])
def test_mse_mistakes_get_their_hint(mistake, hint):
    feedback = loss.check_mse(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def test_cross_entropy_reference_passes_and_stub_is_not_done():
    assert loss.check_cross_entropy(cross_entropy).passed
    assert loss.check_cross_entropy(stub).status == "todo"


@pytest.mark.parametrize("mistake, hint", [
    (naive_cross_entropy, "log-sum-exp"),
    (lambda z, t: -cross_entropy(z, t), "wrong sign"),
    (lambda z, t: cross_entropy(z, t) * len(t), "don't sum"),
    (lambda z, t: -z[np.arange(len(t)), t].mean(), "log-softmax"),
])
def test_cross_entropy_mistakes_get_their_hint(mistake, hint):
    with np.errstate(all="ignore"):
        feedback = loss.check_cross_entropy(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def cross_entropy_grad(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    p = np.exp(logits - m) / np.exp(logits - m).sum(axis=1, keepdims=True)
    return (p - np.eye(logits.shape[1])[labels]) / len(labels)


def test_cross_entropy_grad_reference_passes_and_stub_is_not_done():
    assert loss.check_cross_entropy_grad(cross_entropy_grad).passed
    assert loss.check_cross_entropy_grad(stub).status == "todo"


def naive_cross_entropy_grad(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return (p - np.eye(logits.shape[1])[labels]) / len(labels)


@pytest.mark.parametrize("mistake, hint", [
    (lambda z, t: cross_entropy_grad(z, t) * len(t), "factor of n = 4"),
    (lambda z, t: -cross_entropy_grad(z, t), "wrong sign"),
    (lambda z, t: cross_entropy_grad(z, t) + np.eye(z.shape[1])[t] / len(t), "subtract the one-hot labels"),
    (naive_cross_entropy_grad, "not finite for logits of size 1000"),
    (lambda z, t: cross_entropy_grad(z, t)[:, 0], "shape"),
])
def test_cross_entropy_grad_mistakes_get_their_hint(mistake, hint):
    with np.errstate(all="ignore"):
        feedback = loss.check_cross_entropy_grad(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message
