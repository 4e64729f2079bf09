"""Checks for the exercises of notebook 04 (loss functions).

Each ``check_xxx(student_function)`` prints one line (pass, a specific hint,
or "not done yet") and returns the Feedback.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks.feedback import Feedback, as_array, as_number, call_student, close, compare, failed, run_check
from course_utils.scratch import log_softmax, softmax


def check_mse(mse) -> Feedback:
    """Exercise: ``mse(y_hat, y)`` = mean((y - y_hat)^2) over every element, a float."""
    y_hat = np.array([2.5, 0.0, 2.0, 8.0])
    y = np.array([3.0, -0.5, 2.0, 7.0])

    def body() -> Feedback:
        got = call_student(mse, y_hat.copy(), y.copy())
        sq = (y - y_hat) ** 2
        hints = [
            (lambda g: close(g, np.array(sq.sum())), f"off by a factor of n = {y.size}: average over the examples (mean), don't sum."),
            (lambda g: close(g, np.array(np.sqrt(sq.mean()))), "that is the root of the MSE (RMSE): drop the square root."),
            (lambda g: close(g, np.array(np.abs(y - y_hat).mean())), "that is the mean absolute error: square the differences instead."),
            (lambda g: close(g, np.array((y - y_hat).mean())) or close(g, np.array((y_hat - y).mean())), "square each difference before averaging, otherwise errors of opposite sign cancel."),
            (lambda g: close(g, np.array(0.5 * sq.mean())), "no factor 1/2 here: MSE is the plain mean of the squared errors."),
        ]
        return compare("mse", got, np.array(sq.mean()), hints, what="your loss")
    return run_check("mse", body)


# Batch 1: ordinary logits. Batch 2: logits of size 1000, where a naive exp overflows.
_CE_CASES = [
    (np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [-1.0, 0.0, 3.0], [1.0, 1.0, 1.0]]), np.array([0, 2, 2, 1])),
    (np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]]), np.array([0, 2])),
]


def check_cross_entropy(cross_entropy) -> Feedback:
    """Exercise: ``cross_entropy(logits, labels)`` = mean over the batch of -log softmax(logits)[label].

    logits : (n, C) raw scores; labels : (n,) integers. Must stay finite for huge logits.
    """
    def body() -> Feedback:
        with np.errstate(all="ignore"):  # a naive exp overflows: report it in words, not as warnings
            got = np.array([as_number(call_student(cross_entropy, z.copy(), t.copy()), "your loss") for z, t in _CE_CASES])
        picked = [(log_softmax(z)[np.arange(len(t)), t], z[np.arange(len(t)), t]) for z, t in _CE_CASES]
        expected = np.array([-lp.mean() for lp, _ in picked])
        if close(got[:1], expected[:1]) and not np.all(np.isfinite(got)):
            return failed("cross_entropy", "right for ordinary logits, but exp(1000) overflows: subtract each row's max "
                          "before exp (log-sum-exp trick).")
        hints = [
            (lambda g: close(g, -expected), "wrong sign: the loss is -log p of the true class, which is >= 0."),
            (lambda g: close(g, np.array([-lp.sum() for lp, _ in picked])), "average over the batch (mean), don't sum: off by a factor of n."),
            (lambda g: close(g, np.array([-zt.mean() for _, zt in picked])), "turn the logits into log-probabilities first (log-softmax), then pick the true class."),
        ]
        return compare("cross_entropy", got, expected, hints, what="your losses for two test batches")
    return run_check("cross_entropy", body)


def check_cross_entropy_grad(cross_entropy_grad) -> Feedback:
    """Exercise: ``cross_entropy_grad(logits, labels)`` = (softmax(logits) − onehot(labels)) / n, shape (n, C).

    The gradient of the mean cross-entropy with respect to the logits; finite for huge logits.
    """
    def body() -> Feedback:
        for z, t in _CE_CASES:
            n, n_classes = z.shape
            with np.errstate(all="ignore"):  # a naive exp overflows: report it in words, not as warnings
                got = as_array(call_student(cross_entropy_grad, z.copy(), t.copy()), "your gradient")
            onehot = np.eye(n_classes)[t]
            expected = (softmax(z) - onehot) / n
            if got.shape == expected.shape and not np.all(np.isfinite(got)):
                return failed("cross_entropy_grad", "the gradient is not finite for logits of size 1000: compute softmax "
                              "with each row's max subtracted first (or use scratch.softmax).")
            hints = [
                (lambda g: close(g, expected * n), f"off by a factor of n = {n}: the loss is a mean over the batch, "
                                                   "so divide the gradient by n."),
                (lambda g: close(g, -expected), "wrong sign: the gradient is softmax(z) − onehot(y), probabilities minus truth."),
                (lambda g: close(g, softmax(z) / n) or close(g, softmax(z)),
                 "subtract the one-hot labels: the true class gets softmax(z)_y − 1."),
            ]
            if z is _CE_CASES[-1][0] or got.shape != expected.shape or not np.allclose(got, expected):
                return compare("cross_entropy_grad", got, expected, hints, what="your gradient")
    return run_check("cross_entropy_grad", body)
