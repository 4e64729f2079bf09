"""Checks for the exercises of notebook 04 (loss functions).

Each ``check_xxx(student_function)`` prints one line (pass, a specific hint,
or "not done yet") and returns the Feedback. Every check tries the student's
function on several cases: the notebook's kind of input, a random one of a
size the notebook does not use (drawn here from a fixed seed, so a shortcut
cannot guess it), and logits large enough to overflow a naive exp.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks.feedback import (Feedback, as_array, call_student, close, compare, expect_array, failed, passed,
                                            run_check)
from course_utils.scratch import log_softmax, softmax

_CHANGED_HINT = "work on a copy (logits = logits - m, not logits -= m), so the caller's array stays as it was."


# --- Exercise 1: MSE ---------------------------------------------------------------

def _mse_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    """A vector (the notebook's kind of input) and a random 3 x 5 matrix (every element counts)."""
    rng = np.random.default_rng(41)
    return [(np.array([2.5, 0.0, 2.0, 8.0]), np.array([3.0, -0.5, 2.0, 7.0])),
            (rng.normal(size=(3, 5)), rng.normal(size=(3, 5)))]


def check_mse(mse) -> Feedback:
    """Exercise: ``mse(y_hat, y)`` = mean((y - y_hat)^2) over every element, a float.

    Tried on a vector of 4 and a 3 x 5 matrix.
    """
    def body() -> Feedback:
        first = None
        for y_hat, y in _mse_cases():
            got = call_student(mse, y_hat.copy(), y.copy())
            diff = y - y_hat
            sq = diff ** 2
            expected = np.array(sq.mean())
            hints = [
                (lambda g: close(g, np.array(sq.sum())), f"off by a factor of n = {y.size}: average over the examples (mean), don't sum."),
                (lambda g: close(g, np.array(np.sqrt(sq.mean()))), "that is the root of the MSE (RMSE): drop the square root."),
                (lambda g: close(g, np.array(np.abs(diff).mean())), "that is the mean absolute error: square the differences instead."),
                (lambda g: close(g, np.array(diff.mean())) or close(g, np.array(-diff.mean())),
                 "square each difference before averaging, otherwise errors of opposite sign cancel."),
                (lambda g: close(g, np.array(diff.mean() ** 2)),
                 "that is the square of the mean difference: square each difference first, then average."),
                (lambda g: close(g, np.array(0.5 * sq.mean())), "no factor 1/2 here: MSE is the plain mean of the squared errors."),
                (lambda g: y.ndim == 2 and close(g, np.array(sq.sum() / len(y))),
                 f"right for a vector, but for a {' x '.join(map(str, y.shape))} array you divided by len(y) = {len(y)} "
                 "(the rows): divide by y.size, or use np.mean."),
                (lambda g: first is not None and close(g, first),
                 "the same number for different inputs: compute the loss from y_hat and y, don't return a constant."),
            ]
            got_arr = as_array(got, "your loss")
            if got_arr.shape != expected.shape or not np.allclose(got_arr, expected):
                return compare("mse", got, expected, hints, what="your loss"
                               + ("" if first is None else f" for a {' x '.join(map(str, y.shape))} array"))
            first = got_arr
        return passed("mse")
    return run_check("mse", body)


# --- Exercise 2: cross-entropy ------------------------------------------------------

def _ce_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(what it tests, logits, labels): ordinary, random of an unseen size, huge, huge and confidently wrong."""
    rng = np.random.default_rng(42)
    return [
        ("ordinary", np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [-1.0, 0.0, 3.0], [1.0, 1.0, 1.0]]), np.array([0, 2, 2, 1])),
        ("random", 3.0 * rng.normal(size=(7, 5)), rng.integers(0, 5, size=7)),
        ("huge", np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]]), np.array([0, 2])),
        # Row 0 puts its whole mass on class 0 but the label is 2: softmax underflows to 0 there.
        ("wrong", np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]]), np.array([2, 1])),
    ]


def _ce_mistakes(z: np.ndarray, t: np.ndarray) -> dict[str, float]:
    """What typical wrong cross-entropies give on one batch."""
    n = len(t)
    log_p = log_softmax(z)
    picked = log_p[np.arange(n), t]
    with np.errstate(all="ignore"):
        z0 = z - z.max(axis=0, keepdims=True)
        col_log_p = z0 - np.log(np.exp(z0).sum(axis=0, keepdims=True))  # normalised down each column
    return {"sign": picked.mean(), "sum": -picked.sum(), "raw": -z[np.arange(n), t].mean(),
            "columns": -log_p[:, t].mean(), "axis0": -col_log_p[np.arange(n), t].mean(),
            "all": -log_p.mean(), "per_class_sum": -(log_p * np.eye(z.shape[1])[t]).mean()}


def check_cross_entropy(cross_entropy) -> Feedback:
    """Exercise: ``cross_entropy(logits, labels)`` = mean over the batch of -log softmax(logits)[label].

    logits : (n, C) raw scores; labels : (n,) integers. Must stay finite for huge
    logits, also where the true class gets probability exp(-2000) (a log of a
    softmax that underflows to 0 is inf there).
    """
    def body() -> Feedback:
        cases = _ce_cases()
        got, expected = {}, {}
        for key, z, t in cases:
            with np.errstate(all="ignore"):  # a naive exp overflows: report it in words, not as warnings
                value = call_student(cross_entropy, z.copy(), t.copy(), changed_hint=_CHANGED_HINT)
            got_arr = as_array(value, "your loss")
            expected[key] = np.array(-log_softmax(z)[np.arange(len(t)), t].mean())
            if got_arr.shape != ():
                return compare("cross_entropy", value, expected[key], [], what="your loss")
            got[key] = float(got_arr)
        ordinary = close(np.array(got["ordinary"]), expected["ordinary"])
        if ordinary and not np.isfinite(got["huge"]):
            return failed("cross_entropy", "right for ordinary logits, but exp(1000) overflows: subtract each row's max "
                          "before exp (log-sum-exp trick).")
        if ordinary and close(np.array(got["huge"]), expected["huge"]) and not np.isfinite(got["wrong"]):
            return failed("cross_entropy", "inf for a confidently wrong row (logits [1000, 0, -1000], label 2): the "
                          "softmax of the true class underflows to 0 and log(0) = -inf. Compute the log-probabilities "
                          "directly, z - max - log(sum(exp(z - max))), instead of taking np.log of a softmax.")
        if ordinary and close(np.array(got["huge"]), expected["huge"]) and not close(np.array(got["wrong"]), expected["wrong"]):
            return failed("cross_entropy", f"a confidently wrong row (logits [1000, 0, -1000], label 2) should cost 2000, "
                          f"your loss gives {got['wrong']:.4g} for its batch: log(p + eps) or clipping p caps the loss. "
                          "Compute log-softmax directly, z - max - log(sum(exp(z - max))).")
        keys = [key for key, _, _ in cases]
        mistakes = {key: _ce_mistakes(z, t) for key, z, t in cases}
        got_vec, expected_vec = np.array([got[k] for k in keys]), np.array([float(expected[k]) for k in keys])

        def like(mistake: str):
            return lambda g: close(g, np.array([mistakes[k][mistake] for k in keys]))

        hints = [
            (like("sign"), "wrong sign: the loss is -log p of the true class, which is >= 0."),
            (like("sum"), "average over the batch (mean), don't sum: off by a factor of n."),
            (like("raw"), "turn the logits into log-probabilities first (log-softmax), then pick the true class."),
            (like("columns"), "log_p[:, labels] picks whole columns (an n x n block): use log_p[np.arange(n), labels], "
                              "one entry per row."),
            (like("axis0"), "the softmax is normalised down each column (axis=0): normalise each row, over the classes "
                            "(axis=1, keepdims=True)."),
            (like("all"), "that averages -log p over every class: pick only the true class of each row "
                          "(log_p[np.arange(n), labels])."),
            (like("per_class_sum"), "that divides by n·C (the mean of an n x C array): sum over the classes, then average "
                                    "over the n rows."),
            (lambda g: np.allclose(g, g[0]), "the same number for every batch: compute the loss from logits and labels, "
                                             "don't return a constant."),
        ]
        return compare("cross_entropy", got_vec, expected_vec, hints,
                       what="your losses for four test batches (ordinary, random 7 x 5, huge logits, confidently wrong)")
    return run_check("cross_entropy", body)


# --- Exercise 3: the gradient of the cross-entropy ----------------------------------

def check_cross_entropy_grad(cross_entropy_grad) -> Feedback:
    """Exercise: ``cross_entropy_grad(logits, labels)`` = (softmax(logits) − onehot(labels)) / n, shape (n, C).

    The gradient of the mean cross-entropy with respect to the logits; finite for huge logits.
    """
    names = {"ordinary": "the 4 x 3 batch", "random": "a random 7 x 5 batch", "huge": "logits of size 1000",
             "wrong": "logits of size 1000"}

    def body() -> Feedback:
        for key, z, t in _ce_cases():
            n, n_classes = z.shape
            with np.errstate(all="ignore"):  # a naive exp overflows: report it in words, not as warnings
                value = call_student(cross_entropy_grad, z.copy(), t.copy(), changed_hint=_CHANGED_HINT)
            got = expect_array(value, "your gradient")
            onehot = np.eye(n_classes)[t]
            p = softmax(z)
            expected = (p - onehot) / n
            if got.shape == expected.shape and not np.all(np.isfinite(got)):
                return failed("cross_entropy_grad", "the gradient is not finite for logits of size 1000: compute softmax "
                              "with each row's max subtracted first (or use scratch.softmax).")
            with np.errstate(all="ignore"):
                z0 = np.exp(z - z.max(axis=0, keepdims=True))
                p_cols = z0 / z0.sum(axis=0, keepdims=True)
            hints = [
                (lambda g: close(g, expected * n), f"off by a factor of n = {n}: the loss is a mean over the batch, "
                                                   "so divide the gradient by n."),
                (lambda g: close(g, -expected), "wrong sign: the gradient is softmax(z) − onehot(y), probabilities minus truth."),
                (lambda g: close(g, p / n) or close(g, p),
                 "subtract the one-hot labels: the true class gets softmax(z)_y − 1."),
                (lambda g: close(g, expected / n_classes), f"divided by n·C = {n * n_classes}: divide by the batch size "
                                                            f"n = {n} only."),
                (lambda g: close(g, (p_cols - onehot) / n), "the softmax is normalised down each column (axis=0): "
                                                           "normalise each row, over the classes (axis=1, keepdims=True)."),
                (lambda g: close(g, (np.exp(z) - onehot) / n) or close(g, (z - onehot) / n),
                 "use the probabilities softmax(z), not exp(z) or the raw logits."),
                (lambda g: not g.any(), "all zeros: compute softmax(z) − onehot(y), divided by n."),
            ]
            if key == "wrong" or got.shape != expected.shape or not np.allclose(got, expected):
                return compare("cross_entropy_grad", value, expected, hints, what=f"your gradient for {names[key]}")
    return run_check("cross_entropy_grad", body)
