"""The notebook-02 checks pass the reference solutions, name the typical mistakes and survive broken functions."""


import numpy as np
import pytest

from course_utils.checks import sandbox
from course_utils.checks import perceptron
from course_utils.scratch.perceptron import train_perceptron as scratch_train


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """Every test records its checks in its own progress file (attempt counts start at 0), never the repository's."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


def stub(*args):
    raise NotImplementedError()


def predict(X, w, b):
    return (X @ w + b > 0).astype(int)


def update(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


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


# Each typical mistake is a row of the exercise's table (tests/test_check_tables.py runs every row);
# these are a few written as a student would, and the answers of the wrong kind.
@pytest.mark.parametrize("mistake, hint", [
    (lambda X, w, b: np.array([1.0 if s >= 0 else 0.0 for s in X @ w + b]), "use > 0, not >= 0"),
    (lambda X, w, b: np.heaviside(X @ w, 0), "forgot the bias"),
    (lambda X, w, b: np.zeros(len(X)), "every point gets the same label"),
    (one_point_at_a_time, "works for one point only"),
    (lambda X, w, b: [int(s > 0) for s in X @ w + b], "should be a NumPy array"),
    (lambda X, w, b: None, "forget the `return`"),
    (first_rows_only, "but for X of shape (9, 3): your predictions has shape (8,), expected (9,)"),
    (lambda X, w, b: np.array([1, 0, 0, 0, 0, 0, 1, 0]) if len(X) == 8 else np.zeros(len(X)),
     "every point gets the same label"),  # the notebook's answer copied
])
def test_predict_mistakes_get_their_hint(mistake, hint):
    _fail(perceptron.check_predict(mistake), hint)


def in_place(w, b, x, y, lr):
    y_hat = 1 if x @ w + b > 0 else 0
    w += lr * (y - y_hat) * x
    return w, b + lr * (y - y_hat)


def update_without_bias(w, b, x, y, lr):
    if x @ w + b > 0 and y == 0:
        w = w - lr * x
    elif x @ w + b <= 0 and y == 1:
        w = w + lr * x
    return w, b


@pytest.mark.parametrize("mistake, hint", [
    (update_without_bias, "bias must be updated"),
    (lambda w, b, x, y, lr: (w - lr * (y - (x @ w + b > 0)) * x, b - lr * (y - (x @ w + b > 0))), "wrong sign"),
    (lambda w, b, x, y, lr: (w.copy(), float(b)), "come back unchanged"),
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
    _fail(feedback_, "but for w = [-1.3976, -1.204 , -1.3023], b = 0.3, x = [-0.6227,  1.4473, -1.6013], y = 0, lr = 0.1: your updated (w, b) is not right yet")  # the random 3-D case


def raises_own_error(*args):
    raise KeyError("oops")


def forever(*args):
    while True:
        pass


@pytest.mark.parametrize("check", [perceptron.check_predict, perceptron.check_perceptron_update,
                                   perceptron.check_train_perceptron])
def test_a_raising_or_endless_function_is_one_failed_line(check, monkeypatch):
    _fail(check(raises_own_error), "your function raised KeyError: 'oops'")
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    _fail(check(forever), "was stopped")


# --- Exercise 3: the training loop, written as students write it ---------------------

def student_loop(X, y, lr, epochs, *, stop="clean", bias=True, sign=1.0, restart=False, count="mistakes",
                 first_epoch=0, order=None):
    """The notebook's loop on the notebook's predict and perceptron_update, with one typical mistake switched on."""
    w, b = np.zeros(X.shape[1]), 0.0
    mistakes, total = [], 0
    for epoch in range(first_epoch, epochs):
        if restart:
            w, b = np.zeros(X.shape[1]), 0.0
        n_wrong = 0
        for i in (range(len(X)) if order is None else order(len(X))):
            x_i, y_i = X[i], y[i]
            wrong = predict(x_i[None, :], w, b)[0] != y_i
            if wrong:
                w_new, b_new = update(w, b, x_i, y_i, lr)
                w = w + sign * (w_new - w)
                b = b + sign * (b_new - b) if bias else b
            n_wrong += 1 if (wrong or count == "every") else 0
        total += n_wrong
        if count == "end":
            n_wrong = int(np.sum(predict(X, w, b) != y))
        mistakes.append(total if count == "total" else n_wrong)
        if stop == "first" or (stop == "clean" and n_wrong == 0):
            break
    return w, b, mistakes


def test_the_training_references_pass_the_stub_is_not_done_and_an_unfinished_helper_is_named():
    assert perceptron.check_train_perceptron(scratch_train).passed
    assert perceptron.check_train_perceptron(student_loop).passed
    assert perceptron.check_train_perceptron(lambda X, y, lr, epochs: tuple(student_loop(X, y, lr, epochs))).passed
    assert perceptron.check_train_perceptron(stub).status == "todo"

    def train_perceptron(X, y, lr, epochs):  # the loop written, but Exercise 1 still the stub
        stub(X)
    feedback_ = perceptron.check_train_perceptron(train_perceptron)
    assert feedback_.status == "todo" and "it calls `stub`" in feedback_.message


def while_until_clean(X, y, lr, epochs):
    """Ignores `epochs`: fine on separable data, endless on XOR."""
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, [1]
    while mistakes[-1] != 0:
        w, b, one = student_loop_from(X, y, lr, w, b)
        mistakes.append(one)
    return w, b, mistakes[1:]


def student_loop_from(X, y, lr, w, b):
    n_wrong = 0
    for x_i, y_i in zip(X, y):
        if predict(x_i[None, :], w, b)[0] != y_i:
            w, b = update(w, b, x_i, y_i, lr)
            n_wrong += 1
    return w, b, n_wrong


def labels_to_plus_minus_one(X, y, lr, epochs):
    y[y == 0] = -1  # the ±1 convention of other textbooks, on the caller's array
    return student_loop(X, (y > 0).astype(int), lr, epochs)


def reversed_order(X, y, lr, epochs):
    return student_loop(X, y, lr, epochs, order=lambda n: range(n - 1, -1, -1))


@pytest.mark.parametrize("mistake, hint", [
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, stop="never"), "you run all `epochs` epochs"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, stop="first"), "you stop after the first epoch"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, bias=False), "b never changes"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, sign=-1.0), "wrong sign"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, restart=True), "start again from w = 0, b = 0 in every epoch"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, count="every"), "you count every example"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, count="end"), "the mistakes of the weights after the epoch"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, count="total"), "the running total"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, first_epoch=1), "off by one: you ran 5 epochs, expected 6"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs + 1), "you ran 7 epochs with epochs = 6"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, 2 * epochs, stop="never")[:2] + (
        student_loop(X, y, lr, epochs)[2] + [0, 0],), "you go on after an epoch without a mistake"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs)[:2] + (sum(student_loop(X, y, lr, epochs)[2]),),
     "your mistakes is one number (7)"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs)[::-1], "in the order (w, b, mistakes)"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs)[:2], "should be three values (return w, b, mistakes)"),
    (lambda X, y, lr, epochs: None, "forget the `return`"),
    (lambda X, y, lr, epochs: (np.zeros((X.shape[1], 1)), 0.0, [0]), "your w has shape (2, 1) for X with 2 columns"),
    (lambda X, y, lr, epochs: (np.zeros(2), np.zeros(3), [0]), "your b has shape (3,)"),
    (lambda X, y, lr, epochs: (np.zeros(2), 0.0, [0.5]), "whole counts"),
    (lambda X, y, lr, epochs: (list(student_loop(X, y, lr, epochs)[0]),) + student_loop(X, y, lr, epochs)[1:],
     "your w should be a NumPy array, got list"),
    (lambda X, y, lr, epochs: (np.zeros(2), 0.0, [None]), "your mistakes holds None"),
    (lambda X, y, lr, epochs: student_loop(X, y, lr, epochs)[:2] + ([],), "your mistakes has shape (0,)"),
    (labels_to_plus_minus_one, "changed its argument `y` in place: the lesson uses its X and y again"),
    (reversed_order, "expected mistakes per epoch [2, 1, 2, 2, 0], w = [-1.,  3.], b = 5; got mistakes [3, 1, 0]"),
])
def test_training_mistakes_get_their_hint(mistake, hint):
    _fail(perceptron.check_train_perceptron(mistake), hint)


def test_a_loop_right_on_the_notebooks_data_only_fails_on_the_unseen_random_set():
    def two_d_only(X, y, lr, epochs):
        w, b, mistakes = student_loop(X[:, :2], y, lr, epochs)
        return np.append(w, np.zeros(X.shape[1] - 2)), b, mistakes
    _fail(perceptron.check_train_perceptron(two_d_only),
          "right for the 6 points of shape (6, 2) with lr = 1, epochs = 20, but for 23 random separable points of shape (23, 3)")


def test_a_while_loop_that_ignores_epochs_is_stopped_on_xor(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.3)
    feedback_ = perceptron.check_train_perceptron(while_until_clean)
    _fail(feedback_, "but for XOR (4 points no line separates) with lr = 0.5, epochs = 6: your function ran for more than")
    assert "only `epochs` stops the loop" in feedback_.message


def test_the_random_case_is_a_size_the_notebook_does_not_use_and_needs_several_epochs():
    label, X, y, lr, epochs = perceptron._train_cases()[-1]
    assert X.shape == (23, 3) and 0 < y.sum() < len(y)
    assert scratch_train(X, y, lr, epochs)[2] == [4, 5, 2, 1, 0]


# --- registration: hints, references, use, progress -----------------------------------


def test_a_failed_training_check_shows_the_first_hint_and_the_progress_lists_all_three(capsys):
    perceptron.check_train_perceptron(lambda X, y, lr, epochs: student_loop(X, y, lr, epochs, stop="first"))
    out = capsys.readouterr().out
    assert "hint 1 of 3" in out and "two loops" in out
    perceptron.check_predict(predict)
    perceptron.progress()
    out = capsys.readouterr().out
    assert all(name in out for name in ("predict", "perceptron_update", "train_perceptron"))
