"""The notebook-04 checks pass the reference solutions and reject each typical mistake with its own hint."""

import numpy as np
import pytest

from course_utils.checks import feedback, loss


def stub(*args):
    raise NotImplementedError()


def log_softmax(z):
    m = z.max(axis=1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))


def stable_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(logits, labels):
    return -log_softmax(logits)[np.arange(len(labels)), labels].mean()


def naive_cross_entropy(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return -np.log(p[np.arange(len(labels)), labels]).mean()


def log_of_stable_softmax(logits, labels):
    return -np.log(stable_softmax(logits)[np.arange(len(labels)), labels]).mean()


def clipped_cross_entropy(logits, labels):
    return -np.log(stable_softmax(logits)[np.arange(len(labels)), labels] + 1e-12).mean()


def softmax_down_columns(logits, labels):
    m = logits.max(axis=0, keepdims=True)
    log_p = logits - m - np.log(np.exp(logits - m).sum(axis=0, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def shifting_in_place(logits, labels):
    logits -= logits.max(axis=1, keepdims=True)
    return -(logits - np.log(np.exp(logits).sum(axis=1, keepdims=True)))[np.arange(len(labels)), labels].mean()


def cross_entropy_grad(logits, labels):
    return (stable_softmax(logits) - np.eye(logits.shape[1])[labels]) / len(labels)


def naive_cross_entropy_grad(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return (p - np.eye(logits.shape[1])[labels]) / len(labels)


def grad_softmax_down_columns(logits, labels):
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    return (e / e.sum(axis=0, keepdims=True) - np.eye(logits.shape[1])[labels]) / len(labels)


def never_stops(*args):
    while True:
        pass


def raises_own_error(*args):
    raise KeyError("labels")


@pytest.fixture(autouse=True)
def short_time_limit(monkeypatch):
    monkeypatch.setattr(feedback, "TIME_LIMIT", 0.3)  # a stopped loop costs a moment, not ten seconds


@pytest.mark.parametrize("check, solution", [
    (loss.check_mse, lambda y_hat, y: np.mean((y - y_hat) ** 2)),
    (loss.check_cross_entropy, cross_entropy),
    (loss.check_cross_entropy_grad, cross_entropy_grad),
])
def test_reference_passes_and_stub_is_not_done(check, solution, capsys):
    assert check(solution).passed
    assert check(stub).status == "todo"
    assert "not done yet" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, hint", [
    (lambda y_hat, y: np.sum((y - y_hat) ** 2), "factor of n = 4"),
    (lambda y_hat, y: np.sqrt(np.mean((y - y_hat) ** 2)), "square root"),
    (lambda y_hat, y: np.mean(y - y_hat), "square each difference"),
    (lambda y_hat, y: np.mean(np.abs(y - y_hat)), "mean absolute error"),
    (lambda y_hat, y: np.mean(y - y_hat) ** 2, "square of the mean difference"),
    (lambda y_hat, y: 0.5 * np.mean((y - y_hat) ** 2), "no factor 1/2"),
    (lambda y_hat, y: np.sum((y - y_hat) ** 2) / len(y), "right for a vector, but for a 3 x 5 array"),
    (lambda y_hat, y: 0.375, "don't return a constant"),  # right for the notebook's vector only
    (lambda y_hat, y: np.mean((y - y_hat) ** 2, axis=-1), "for a 3 x 5 array has shape (3,), expected ()"),
])
def test_mse_mistakes_get_their_hint(mistake, hint):
    feedback_ = loss.check_mse(mistake)
    assert feedback_.status == "fail" and hint in feedback_.message, feedback_.message


@pytest.mark.parametrize("mistake, hint", [
    (naive_cross_entropy, "exp(1000) overflows"),
    (log_of_stable_softmax, "inf for a confidently wrong row"),  # passed before: only right-class rows were huge
    (clipped_cross_entropy, "caps the loss"),
    (lambda z, t: -cross_entropy(z, t), "wrong sign"),
    (lambda z, t: cross_entropy(z, t) * len(t), "don't sum"),
    (lambda z, t: -z[np.arange(len(t)), t].mean(), "log-softmax"),
    (lambda z, t: -log_softmax(z)[:, t].mean(), "picks whole columns"),
    (softmax_down_columns, "normalised down each column"),
    (lambda z, t: -log_softmax(z).mean(), "averages -log p over every class"),
    (lambda z, t: -(log_softmax(z) * np.eye(z.shape[1])[t]).mean(), "divides by n·C"),
    (lambda z, t: 0.7, "don't return a constant"),
    (lambda z, t: -log_softmax(z)[np.arange(len(t)), t], "one value per row"),  # a raw TypeError before
    (shifting_in_place, "changed its argument `logits` in place"),
])
def test_cross_entropy_mistakes_get_their_hint(mistake, hint):
    with np.errstate(all="ignore"):
        feedback_ = loss.check_cross_entropy(mistake)
    assert feedback_.status == "fail" and hint in feedback_.message, feedback_.message


@pytest.mark.parametrize("mistake, hint", [
    (lambda z, t: cross_entropy_grad(z, t) * len(t), "factor of n = 4"),
    (lambda z, t: -cross_entropy_grad(z, t), "wrong sign"),
    (lambda z, t: cross_entropy_grad(z, t) + np.eye(z.shape[1])[t] / len(t), "subtract the one-hot labels"),
    (naive_cross_entropy_grad, "not finite for logits of size 1000"),
    (lambda z, t: cross_entropy_grad(z, t)[:, 0], "shape"),
    (lambda z, t: cross_entropy_grad(z, t).T, "transposed"),
    (lambda z, t: cross_entropy_grad(z, t) / z.shape[1], "divided by n·C = 12"),
    (grad_softmax_down_columns, "normalised down each column"),
    (lambda z, t: (z - np.eye(z.shape[1])[t]) / len(t), "not exp(z) or the raw logits"),
    (lambda z, t: np.zeros_like(z), "all zeros"),
    (lambda z, t: cross_entropy_grad(z, t).tolist(), "should be a NumPy array, got list"),
    (lambda z, t: cross_entropy_grad(z, t) if len(t) == 4 else cross_entropy_grad(z, t)[:, ::-1],
     "your gradient for a random 7 x 5 batch is not right yet"),  # right only for the notebook's batch
])
def test_cross_entropy_grad_mistakes_get_their_hint(mistake, hint):
    with np.errstate(all="ignore"):
        feedback_ = loss.check_cross_entropy_grad(mistake)
    assert feedback_.status == "fail" and hint in feedback_.message, feedback_.message


@pytest.mark.parametrize("check", [loss.check_mse, loss.check_cross_entropy, loss.check_cross_entropy_grad])
@pytest.mark.parametrize("broken, hint", [
    (lambda *args: None, "forget the `return`"),
    (raises_own_error, "your function raised KeyError: 'labels'"),
    (never_stops, "was stopped"),
    (lambda *args: "0.5", "got str"),
    (lambda *args: np.zeros((2, 2, 2)), "has shape (2, 2, 2)"),
])
def test_a_broken_function_is_one_failed_line(check, broken, hint, capsys):
    feedback_ = check(broken)
    out = capsys.readouterr().out
    assert feedback_.status == "fail" and hint in feedback_.message, feedback_.message
    assert "Traceback" not in out and out.splitlines()[0] == str(feedback_)
