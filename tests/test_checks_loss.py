"""The notebook-04 checks pass the reference solutions and reject each typical mistake with its own hint."""

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils import scratch
from course_utils.checks import sandbox
from course_utils.checks import loss

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_loss.md"


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


def labels_as_one_hot(logits, labels):
    return -(labels * log_softmax(logits)).sum(axis=1).mean()


def global_max_cross_entropy(logits, labels):
    m = logits.max()  # one max for the whole batch: right until rows differ in scale
    log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def max_without_keepdims(logits, labels):
    shifted = logits - logits.max(axis=1)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def cross_entropy_grad(logits, labels):
    return (stable_softmax(logits) - np.eye(logits.shape[1])[labels]) / len(labels)


def naive_cross_entropy_grad(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return (p - np.eye(logits.shape[1])[labels]) / len(labels)


def grad_softmax_down_columns(logits, labels):
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    return (e / e.sum(axis=0, keepdims=True) - np.eye(logits.shape[1])[labels]) / len(labels)


def grad_labels_as_one_hot(logits, labels):
    return (stable_softmax(logits) - labels) / len(labels)


def grad_sum_without_keepdims(logits, labels):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1) - np.eye(logits.shape[1])[labels]) / len(labels)


def never_stops(*args):
    while True:
        pass


def raises_own_error(*args):
    raise KeyError("labels")


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """Each test records into its own progress file (never the repository's, and no attempts carried over)."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


@pytest.fixture(autouse=True)
def short_time_limit(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.3)  # a stopped loop costs a moment, not ten seconds


CHECKS = {"mse": loss.check_mse, "cross_entropy": loss.check_cross_entropy,
          "cross_entropy_grad": loss.check_cross_entropy_grad}


@pytest.mark.parametrize("check, solution", [
    (loss.check_mse, lambda y_hat, y: np.mean((y - y_hat) ** 2)),
    (loss.check_mse, scratch.mse),
    (loss.check_cross_entropy, cross_entropy),
    (loss.check_cross_entropy, scratch.cross_entropy),
    (loss.check_cross_entropy, lambda z, t: F.cross_entropy(torch.tensor(z), torch.tensor(t))),  # a tensor is fine
    (loss.check_cross_entropy_grad, cross_entropy_grad),
    (loss.check_cross_entropy_grad, scratch.cross_entropy_grad),
    (loss.check_cross_entropy_grad, lambda z, t: (scratch.softmax(z) - np.eye(z.shape[1])[t]) / len(t)),
])
def test_reference_passes_and_stub_is_not_done(check, solution, capsys):
    assert check(solution).passed
    assert check(stub).status == "todo"
    assert "not done yet" in capsys.readouterr().out


# Student code written as a student would (the tables' own rows are tried in tests/test_check_tables.py).

@pytest.mark.parametrize("mistake, hint", [
    (lambda y_hat, y: ((y - y_hat) ** 2).sum() / y.shape[0], "right for the vector of 4, but for a 3 x 5 array: "
                                                               "you divided by len(y) = 3"),
    (lambda y_hat, y: sum((a - b) ** 2 for a, b in zip(y.ravel(), y_hat.ravel())), "factor of n = 4"),
    (lambda y_hat, y: 0.375, "don't return a constant"),  # right for the notebook's vector only
    (lambda y_hat, y: 1.0, "don't return a constant"),    # wrong from the start
    (lambda y_hat, y: np.mean((y - y_hat) ** 2, axis=-1), "but for a 3 x 5 array: your loss has shape (3,), expected ()"),
])
def test_mse_mistakes_get_their_hint(mistake, hint):
    feedback_ = loss.check_mse(mistake)
    assert feedback_.status == "fail" and hint in feedback_.message, feedback_.message


@pytest.mark.parametrize("mistake, hint", [
    (naive_cross_entropy, "exp(1000) overflows"),
    (log_of_stable_softmax, "log(0) = -inf"),  # right wherever the true class has some probability
    (clipped_cross_entropy, "caps the loss"),
    (lambda z, t: -cross_entropy(z, t), "wrong sign"),
    (lambda z, t: sum(-log_softmax(z)[i, t[i]] for i in range(len(t))), "don't sum"),
    (softmax_down_columns, "normalised down each column"),
    (labels_as_one_hot, "labels holds class indices"),  # a broadcasting error, explained
    (max_without_keepdims, "keepdims=True"),
    (global_max_cross_entropy, "not the largest logit of the whole batch"),
    (lambda z, t: 0.7, "don't return a constant"),
    (lambda z, t: -log_softmax(z)[np.arange(len(t)), t], "one value per row"),
    (shifting_in_place, "changed its argument `logits` in place"),
])
def test_cross_entropy_mistakes_get_their_hint(mistake, hint):
    with np.errstate(all="ignore"):
        feedback_ = loss.check_cross_entropy(mistake)
    assert feedback_.status == "fail" and hint in feedback_.message, feedback_.message


def test_the_overflow_hint_names_the_batch_it_failed_on():
    message = loss.check_cross_entropy(naive_cross_entropy).message
    assert message.startswith("right for the 4 x 3 batch, but for logits of size 1000: your loss is nan")


def test_a_broadcasting_error_of_another_kind_gets_both_causes():
    def odd(z, t):
        return -(log_softmax(z) - np.ones(len(t)) * (len(t) != z.shape[1])).mean()  # fails only where n != C
    message = loss.check_cross_entropy(odd).message
    assert "could not be broadcast" in message and "keepdims=True" in message and "class indices" in message


@pytest.mark.parametrize("mistake, hint", [
    (lambda z, t: cross_entropy_grad(z, t) * len(t), "factor of n = 4"),
    (naive_cross_entropy_grad, "exp(1000) overflows"),
    (lambda z, t: cross_entropy_grad(z, t)[:, 0], "shape"),
    (lambda z, t: cross_entropy_grad(z, t).T, "transposed"),
    (grad_softmax_down_columns, "normalised down each column"),
    (grad_labels_as_one_hot, "labels holds class indices"),
    (grad_sum_without_keepdims, "keepdims=True"),
    (lambda z, t: (np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=1, keepdims=True) - np.eye(z.shape[1])[t]) / len(t),
     "not the largest logit of the whole batch"),
    (lambda z, t: np.zeros_like(z), "all zeros"),
    (lambda z, t: np.full(z.shape, 0.1), "every entry is the same number"),
    (lambda z, t: cross_entropy_grad(z, t).tolist(), "should be a NumPy array, got list"),
    (lambda z, t: cross_entropy_grad(z, t) if len(t) == 4 else cross_entropy_grad(z, t)[:, ::-1],
     "but for a random 7 x 5 batch: your gradient is not right yet"),  # right only for the notebook's batch
])
def test_cross_entropy_grad_mistakes_get_their_hint(mistake, hint):
    with np.errstate(all="ignore"):
        feedback_ = loss.check_cross_entropy_grad(mistake)
    assert feedback_.status == "fail" and hint in feedback_.message, feedback_.message


@pytest.mark.parametrize("check", list(CHECKS.values()))
@pytest.mark.parametrize("broken, hint", [
    (lambda *args: None, "forget the `return`"),
    (raises_own_error, "your function raised KeyError: 'labels'"),
    (never_stops, "was stopped"),
    (lambda *args: "0.5", "got str"),
    (lambda *args: {"loss": 0.5}, "got dict"),
    (lambda *args: np.zeros((2, 2, 2)), "has shape (2, 2, 2)"),
])
def test_a_broken_function_is_one_failed_line(check, broken, hint, capsys):
    feedback_ = check(broken)
    out = capsys.readouterr().out
    assert feedback_.status == "fail" and hint in feedback_.message, feedback_.message
    assert "Traceback" not in out and out.splitlines()[0] == str(feedback_)


@pytest.mark.parametrize("check, nan", [
    (loss.check_mse, lambda y_hat, y: np.nan),
    (loss.check_cross_entropy, lambda z, t: np.nan),
    (loss.check_cross_entropy_grad, lambda z, t: np.full(z.shape, np.nan)),
])
def test_nan_on_ordinary_input_is_named(check, nan):
    feedback_ = check(nan)
    assert feedback_.status == "fail" and "contains NaN or inf" in feedback_.message, feedback_.message


def test_hint_climbs_the_ladder_and_solution_shows_the_notebooks_code(capsys):
    for _ in range(3):
        loss.hint("cross_entropy_grad")
    out = capsys.readouterr().out
    assert "hint 1 of 3: The gradient of the mean loss" in out and "hint 3 of 3: np.eye(C)[labels]" in out
    assert "(the last one. checks.solution('cross_entropy_grad') shows the course's solution.)" in out
    loss.solution("cross_entropy")
    assert "np.log(np.exp(logits - m).sum(axis=1, keepdims=True))" in capsys.readouterr().out


def test_the_clipped_loss_hint_states_what_the_batch_costs():
    message = loss.check_cross_entropy(clipped_cross_entropy).message
    assert "costs 2000, so this batch's loss is 1000.16" in message


@pytest.mark.parametrize("exercise, answers", [
    ("### Exercise 1", ["scratch.mse(", "nn.MSELoss", "getsource(scratch", "course_version("]),
    ("### Exercise 2", ["scratch.log_softmax(", "scratch.cross_entropy(", "F.cross_entropy(", "getsource(scratch",
                        "course_version(scratch.log_softmax", "course_version(scratch.cross_entropy",
                        "np.arange(n), labels]"]),
    ("### Exercise 3", ["scratch.cross_entropy_grad", "np.eye(", "F.cross_entropy(z_auto"]),
])
def test_no_answer_of_an_exercise_is_on_screen_before_it(exercise, answers):
    text = NOTEBOOK.read_text(encoding="utf-8")
    before = text[:text.index(exercise)]
    assert [answer for answer in answers if answer in before] == []


def test_each_check_is_followed_by_use_and_the_notebook_ends_with_progress():
    text = NOTEBOOK.read_text(encoding="utf-8")
    for name in ("mse", "cross_entropy", "cross_entropy_grad"):
        assert f"checks.check_{name}({name})\n{name} = checks.use({name})\n" in text
    assert text.rstrip().endswith("```{code-cell} ipython3\nchecks.progress()\n```")
