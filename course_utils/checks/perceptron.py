"""Checks for the exercises of notebook 02 (the perceptron).

Each ``check_xxx(student_function)`` calls the student's function on inputs
chosen so that the typical mistakes give distinguishable answers, and on
inputs of other sizes drawn from a fixed seed; it prints one line (pass, a
specific hint, or "not done yet") and returns the Feedback.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks.feedback import (Feedback, StudentMistake, as_array, as_number, as_pair, call_student, close,
                                          compare, compare_cases, constant, failed, run_check)

# Points chosen so that some scores are exactly 0 (on the boundary: class 0),
# some sit on either side, and the bias changes several answers.
_X = np.array([[2.0, 1.0], [-1.0, 0.5], [0.0, 0.0], [1.0, -2.0], [0.5, 0.5], [-2.0, -1.0], [1.0, 1.0], [0.3, 0.3]])
_W = np.array([1.0, 1.0])
_B = -1.0

_ONE_POINT = ("`if score > 0` works for one point only; for the whole batch compare the array of scores "
              "itself: (X @ w + b > 0).astype(int).")


def _one_point_hint(mistake: StudentMistake) -> StudentMistake:
    """A clearer hint for `if` on an array (NumPy's 'truth value ... is ambiguous')."""
    if "truth value of an array" in str(mistake):
        return StudentMistake(f"{mistake} {_ONE_POINT}")
    return mistake


def _predict_cases():
    rng = np.random.default_rng(21)
    return [(_X, _W, _B), (rng.normal(size=(9, 3)), rng.normal(size=3), 0.4)]


def check_predict(predict) -> Feedback:
    """Exercise: ``predict(X, w, b)`` = 1 where X @ w + b > 0, else 0; X (n, d), w (d,), b float."""
    def case(X: np.ndarray, w: np.ndarray, b: float):
        scores = X @ w + b
        expected = (scores > 0).astype(float)
        hints = [
            (lambda g: close(g, scores), "these are the scores w·x + b: apply the step (1 if the score is > 0, else 0)."),
            (lambda g: close(g, (scores >= 0).astype(float)), "a score of exactly 0 lies on the boundary and counts as class 0: use > 0, not >= 0."),
            (lambda g: close(g, (X @ w > 0).astype(float)), "you forgot the bias b in the score."),
            (lambda g: close(g, 1 - expected), "the classes are swapped: a positive score means class 1."),
            (lambda g: close(g, np.sign(scores)) or close(g, np.where(scores > 0, 1.0, -1.0)),
             "the labels are 0 and 1, not -1 and +1: 1 where the score is > 0, else 0."),
            (lambda g: close(g, 1 / (1 + np.exp(-scores))), "these are sigmoid probabilities; the perceptron outputs "
             "hard labels with a step: 1 if the score is > 0, else 0."),
            (constant, "every point gets the same label: compute each point's score X @ w + b, then the step."),
        ]
        label = f"X of shape {X.shape}"

        def get():
            try:
                return call_student(predict, X.copy(), w.copy(), b)
            except StudentMistake as mistake:
                raise _one_point_hint(mistake) from mistake
        return label, get, expected, hints

    def body() -> Feedback:
        return compare_cases("predict", (case(*c) for c in _predict_cases()), "your predictions", require_array=True,
                             advice="Compute with whole arrays (X @ w + b), which works for any n and d.")
    return run_check("predict", body)


# (w, b, x, y, lr) for one update each: from w = _W, b = _B, lr = 0.5 a false negative,
# a false positive, a correctly classified point and a point exactly on the boundary
# (score 0: predicted 0, so y = 1 is a miss); then a random case in 3 dimensions.
def _update_cases() -> list[tuple[np.ndarray, float, np.ndarray, int, float]]:
    rng = np.random.default_rng(22)
    w3 = rng.normal(size=3)
    x3 = rng.normal(size=3)
    y3 = int(not (x3 @ w3 + 0.3 > 0))  # a mistake, so the update changes w and b
    return [(_W, _B, np.array([0.5, 0.25]), 1, 0.5), (_W, _B, np.array([2.0, 1.0]), 0, 0.5),
            (_W, _B, np.array([3.0, 1.0]), 1, 0.5), (_W, _B, np.array([0.5, 0.5]), 1, 0.5),
            (w3, 0.3, x3, y3, 0.1)]


def _rule(w, b, x, y, lr, sign: float = 1.0, use_lr: bool = True, bias: bool = True, error: bool = True,
          at_zero: bool = False, score: bool = False) -> np.ndarray:
    """The update (w, b) as one vector, with switches that reproduce typical mistakes."""
    s = x @ w + b
    y_hat = s if score else float(s >= 0 if at_zero else s > 0)
    delta = sign * (lr if use_lr else 1.0) * ((y - y_hat) if error else y)
    return np.append(w + delta * x, b + (delta if bias else 0.0))


def check_perceptron_update(perceptron_update) -> Feedback:
    """Exercise: ``perceptron_update(w, b, x, y, lr)`` -> (w_new, b_new) by the perceptron rule.

    w <- w + lr (y - y_hat) x,  b <- b + lr (y - y_hat),  y_hat = 1 if w·x + b > 0 else 0.
    """
    def body() -> Feedback:
        cases = _update_cases()
        got = []
        for w, b, x, y, lr in cases:
            result = call_student(perceptron_update, w.copy(), b, x.copy(), y, lr, changed_hint=(
                "return new values (w_new = w + ...); w += ... changes the caller's w."))
            w_new, b_new = as_pair(result, "your result")
            w_arr, b_arr = as_array(w_new, "your w_new"), as_array(b_new, "your b_new")
            if w_arr.size == 1 and b_arr.shape == w.shape:
                return failed("perceptron_update", "return the pair in the order (w_new, b_new).")
            if w_arr.shape != w.shape:
                return failed("perceptron_update", f"your w_new has shape {w_arr.shape} for w of shape {w.shape}: "
                              "it should have w's shape (w + lr * error * x).")
            got.append(np.append(w_arr, as_number(b_new, "your b_new")))
        got = np.concatenate(got)

        def first_wrong(g: np.ndarray, expected: np.ndarray) -> str:
            """The first case whose update is wrong, with its numbers."""
            start = 0
            for w, b, x, y, lr in cases:
                stop = start + w.size + 1
                if not np.allclose(g[start:stop], expected[start:stop]):
                    show = lambda a: np.array2string(np.asarray(a), precision=4, separator=", ")  # noqa: E731
                    return (f"not right yet for w = {show(w)}, b = {b:g}, x = {show(x)}, y = {y}, lr = {lr:g}: expected "
                            f"w_new = {show(expected[start:stop - 1])}, b_new = {expected[stop - 1]:.4g}; got "
                            f"w_new = {show(g[start:stop - 1])}, b_new = {g[stop - 1]:.4g}.")
                start = stop
            return "not right yet."

        def variant(**kw) -> np.ndarray:
            return np.concatenate([_rule(*c, **kw) for c in cases])
        hints = [
            (lambda g: close(g, variant(sign=-1.0)), "wrong sign: the error is (y - y_hat), so a missed 1 pulls w towards x."),
            (lambda g: close(g, variant(bias=False)), "the bias must be updated too: b <- b + lr (y - y_hat)."),
            (lambda g: close(g, variant(use_lr=False)), "multiply the step by the learning rate lr."),
            (lambda g: close(g, variant(error=False)), "update by the error (y - y_hat), not by y: a correct prediction must leave w and b unchanged."),
            (lambda g: close(g, variant(at_zero=True)), "a score of exactly 0 predicts class 0: y_hat = 1 only if w·x + b > 0."),
            (lambda g: close(g, variant(score=True)), "y_hat is the predicted label (1 if w·x + b > 0, else 0), not the score itself."),
            (lambda g: close(g, np.concatenate([np.append(w, b) for w, b, *_ in cases])),
             "w and b come back unchanged: add lr * (y - y_hat) * x to w and lr * (y - y_hat) to b."),
            (lambda g: True, first_wrong(got, variant())),
        ]
        return compare("perceptron_update", got, variant(), hints, what="your updated (w, b)")
    return run_check("perceptron_update", body)
