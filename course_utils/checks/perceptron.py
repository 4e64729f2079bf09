"""Checks for the exercises of notebook 02 (the perceptron).

Each ``check_xxx(student_function)`` prints one line (pass, a specific hint,
or "not done yet") and returns the Feedback.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks.feedback import Feedback, as_array, as_number, as_pair, call_student, close, compare, run_check

# Points chosen so that some scores are exactly 0 (on the boundary: class 0),
# some sit on either side, and the bias changes several answers.
_X = np.array([[2.0, 1.0], [-1.0, 0.5], [0.0, 0.0], [1.0, -2.0], [0.5, 0.5], [-2.0, -1.0], [1.0, 1.0], [0.3, 0.3]])
_W = np.array([1.0, 1.0])
_B = -1.0


def check_predict(predict) -> Feedback:
    """Exercise: ``predict(X, w, b)`` = 1 where X @ w + b > 0, else 0; X (n, d), w (d,), b float."""
    def body() -> Feedback:
        got = call_student(predict, _X.copy(), _W.copy(), _B)
        scores = _X @ _W + _B
        expected = (scores > 0).astype(float)
        hints = [
            (lambda g: close(g, scores), "these are the scores w·x + b: apply the step (1 if the score is > 0, else 0)."),
            (lambda g: close(g, (scores >= 0).astype(float)), "a score of exactly 0 lies on the boundary and counts as class 0: use > 0, not >= 0."),
            (lambda g: close(g, (_X @ _W > 0).astype(float)), "you forgot the bias b in the score."),
            (lambda g: close(g, 1 - expected), "the classes are swapped: a positive score means class 1."),
        ]
        return compare("predict", got, expected, hints, what="your predictions")
    return run_check("predict", body)


# (x, y) pairs for one update each, starting from w = _W, b = _B, lr = 0.5:
# a false negative, a false positive and a correctly classified point.
_UPDATE_CASES = [(np.array([0.5, 0.25]), 1), (np.array([2.0, 1.0]), 0), (np.array([3.0, 1.0]), 1)]
_LR = 0.5


def _rule(x: np.ndarray, y: int, sign: float = 1.0, lr: float = _LR, bias: bool = True, error: bool = True) -> np.ndarray:
    """The update (w, b) as one vector, with switches that reproduce typical mistakes."""
    y_hat = float(x @ _W + _B > 0)
    delta = sign * lr * ((y - y_hat) if error else y)
    return np.append(_W + delta * x, _B + (delta if bias else 0.0))


def check_perceptron_update(perceptron_update) -> Feedback:
    """Exercise: ``perceptron_update(w, b, x, y, lr)`` -> (w_new, b_new) by the perceptron rule.

    w <- w + lr (y - y_hat) x,  b <- b + lr (y - y_hat),  y_hat = 1 if w·x + b > 0 else 0.
    """
    def body() -> Feedback:
        got = []
        for x, y in _UPDATE_CASES:
            w_new, b_new = as_pair(call_student(perceptron_update, _W.copy(), _B, x.copy(), y, _LR), "your result")
            got.append(np.append(as_array(w_new, "your w_new"), as_number(b_new, "your b_new")))
        got = np.array(got)

        def variant(**kw) -> np.ndarray:
            return np.array([_rule(x, y, **kw) for x, y in _UPDATE_CASES])
        hints = [
            (lambda g: close(g, variant(sign=-1.0)), "wrong sign: the error is (y - y_hat), so a missed 1 pulls w towards x."),
            (lambda g: close(g, variant(bias=False)), "the bias must be updated too: b <- b + lr (y - y_hat)."),
            (lambda g: close(g, variant(lr=1.0)), "multiply the step by the learning rate lr."),
            (lambda g: close(g, variant(error=False)), "update by the error (y - y_hat), not by y: a correct prediction must leave w and b unchanged."),
        ]
        return compare("perceptron_update", got, variant(), hints, what="your updated (w, b)")
    return run_check("perceptron_update", body)
