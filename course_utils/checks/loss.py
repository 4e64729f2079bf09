"""Checks for the exercises of notebook 04 (loss functions).

Each ``check_xxx(student_function)`` prints one line (pass, a specific hint,
or "not done yet") and returns the Feedback. Every check tries the student's
function on several cases, one after the other (``compare_cases``): the
notebook's kind of input, a random one of a size the notebook does not use
(drawn here from a fixed seed, so a shortcut cannot guess it), and for the
cross-entropy logits large enough to overflow a naive exp. A result that is
wrong in a typical way gets the hint for that mistake.

The three exercises are registered with their ladders of hints and the
course's versions (``scratch.mse``, ``scratch.cross_entropy``,
``scratch.cross_entropy_grad``), so the notebook can call ``checks.hint``,
``checks.solution`` and ``name = checks.use(name)``.
"""

from __future__ import annotations

import numpy as np

from course_utils import scratch
from .compare import close, compare_cases, constant
from .exercise import run_check
from .lessons import lesson
from .report import Feedback
from .sandbox import call_student, StudentMistake
from .student_result import as_array
from course_utils.scratch import log_softmax, softmax

LESSON = lesson("04_loss")

MSE = LESSON.exercise(
    "mse", number=1, function="mse", reference=scratch.mse,
    hints=["The loss is one number: the average, over every element, of the squared difference between y and y_hat.",
           "Subtract, square each difference, then average: np.mean averages over every element, whatever the shape.",
           "np.mean((y - y_hat) ** 2)"])

CROSS_ENTROPY = LESSON.exercise(
    "cross_entropy", number=2, function="cross_entropy", reference=scratch.cross_entropy,
    hints=["Three steps: the log-probabilities of each row (log-softmax), the entry of the true class in each row, "
           "and minus their mean over the batch.",
           "Stable log-softmax of each row: with m = logits.max(axis=1, keepdims=True), "
           "log p = z - m - log(sum(exp(z - m))), the sum over axis=1 with keepdims=True. Never np.log of a softmax: "
           "a probability that underflows to 0 gives log(0) = -inf.",
           "log_p[np.arange(n), labels] picks row i's entry in column labels[i] (n = len(labels)); "
           "return minus the mean of those n numbers."])

CROSS_ENTROPY_GRAD = LESSON.exercise(
    "cross_entropy_grad", number=3, function="cross_entropy_grad", reference=scratch.cross_entropy_grad,
    hints=["The gradient of the mean loss is (softmax(z) - onehot(y)) / n: the probabilities minus the truth, "
           "divided by the batch size n. It has the shape of the logits, (n, C).",
           "Softmax without overflow, row by row: e = np.exp(z - z.max(axis=1, keepdims=True)), then divide e "
           "by its row sums (e.sum(axis=1, keepdims=True)).",
           "np.eye(C)[labels] is the one-hot matrix (n, C): row i holds a 1 in column labels[i]. Subtract it "
           "from the probabilities and divide by n = len(labels)."])

_CHANGED_HINT = "work on a copy (logits = logits - m, not logits -= m), so the caller's array stays as it was."
_CONSTANT = "the same {what} for two different batches: compute it from logits and labels, don't return a constant."


def _call(func, *args):
    """The student's result; NumPy's overflow warnings silenced (a naive exp is reported in words instead)."""
    with np.errstate(all="ignore"):
        return call_student(func, *(a.copy() for a in args), changed_hint=_CHANGED_HINT)


def _same_for(func, args, g: np.ndarray) -> bool:
    """Whether the student's function gives ``g`` again for other inputs ``args`` (a constant answer)."""
    return close(as_array(_call(func, *args), "your result"), g)


# --- Exercise 1: MSE ---------------------------------------------------------------

def _mse_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    """A vector (the notebook's kind of input) and a random 3 x 5 matrix (every element counts)."""
    rng = np.random.default_rng(41)
    return [("the vector of 4", np.array([2.5, 0.0, 2.0, 8.0]), np.array([3.0, -0.5, 2.0, 7.0])),
            ("a 3 x 5 array", rng.normal(size=(3, 5)), rng.normal(size=(3, 5)))]


def check_mse(mse) -> Feedback:
    """Exercise: ``mse(y_hat, y)`` = mean((y - y_hat)^2) over every element, a float.

    Tried on a vector of 4 and a 3 x 5 matrix.
    """
    cases = _mse_cases()

    def case(label: str, y_hat: np.ndarray, y: np.ndarray):
        diff = y - y_hat
        sq = diff ** 2
        other = cases[1 - [c[0] for c in cases].index(label)][1:]
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
            (lambda g: _same_for(mse, other, g), _CONSTANT.format(what="number")),
        ]
        return label, lambda: _call(mse, y_hat, y), np.array(sq.mean()), hints

    return run_check(MSE, lambda: compare_cases("mse", (case(*c) for c in cases), "your loss"))


# --- Exercise 2: cross-entropy ------------------------------------------------------

_HUGE = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]])


def _ce_cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(label, logits, labels): the notebook's kind, random of an unseen size, huge, huge and confidently wrong."""
    rng = np.random.default_rng(42)
    return [
        ("the 4 x 3 batch", np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [-1.0, 0.0, 3.0], [1.0, 1.0, 1.0]]),
         np.array([0, 2, 2, 1])),
        ("a random 7 x 5 batch", 3.0 * rng.normal(size=(7, 5)), rng.integers(0, 5, size=7)),
        ("logits of size 1000", _HUGE, np.array([0, 2])),
        # Row 0 puts its whole mass on class 0 but the label is 2: its softmax underflows to 0 there.
        ("a confidently wrong row (logits [1000, 0, -1000], label 2)", _HUGE, np.array([2, 1])),
    ]


def _square_case() -> tuple[np.ndarray, np.ndarray]:
    """A 5 x 5 batch (n = C): where labels used as one-hot rows, or a max without keepdims, broadcast silently."""
    rng = np.random.default_rng(44)
    return 2.0 * rng.normal(size=(5, 5)), rng.integers(0, 5, size=5)


def _softmax_without_keepdims(z: np.ndarray) -> list[np.ndarray]:
    """Softmaxes of a square z whose row max or row sum lost keepdims (so it runs down the columns)."""
    m = z.max(axis=1)
    shifted = [np.exp(z - m), np.exp(z - m[:, None]), np.exp(z)]  # the max as a row (wrong), as a column, none
    return [shifted[0] / shifted[0].sum(axis=1, keepdims=True)] + [e / e.sum(axis=1) for e in shifted]


_LABELS_ARE_INDICES = ("labels holds class indices, shape (n,), not one-hot rows: multiplying or subtracting it "
                       "broadcasts it across the columns. {fix}")
_KEEPDIMS = ("A row's max or sum has shape (n,): keep it a column, shape (n, 1), with keepdims=True, so that each row "
             "is shifted and divided by its own number.")


def _broadcast_cause(func, probes) -> str:
    """Why the student's function could not broadcast (n, C) with (n,): try it on a square batch, where it runs."""
    z, t = _square_case()
    try:
        got = as_array(_call(func, z, t), "your result")
    except StudentMistake:
        got = None
    if got is not None:
        for matches, message in probes(z, t):
            if matches(got):
                return message
    return ("An (n, C) array and an (n,) one do not broadcast: either a row's max or sum lost its column shape "
            "(keepdims=True keeps it (n, 1)), or labels was used as one-hot rows (it holds class indices, shape (n,)).")


def _student_result(func, z: np.ndarray, t: np.ndarray, probes):
    """The student's result for (z, t); a broadcasting error explained by :func:`_broadcast_cause`."""
    try:
        return _call(func, z, t)
    except StudentMistake as mistake:
        if "could not be broadcast" not in str(mistake):
            raise
        raise StudentMistake(f"{mistake} {_broadcast_cause(func, probes)}") from None


def _ce_probes(z: np.ndarray, t: np.ndarray):
    rows, log_p = np.arange(len(t)), log_softmax(z)
    one_hot_fix = "Pick one entry per row, log_p[np.arange(n), labels] (or build the one-hot matrix np.eye(C)[labels])."
    with np.errstate(all="ignore"):
        variants = [-np.log(p)[rows, t].mean() for p in _softmax_without_keepdims(z)]
    return [(lambda g: close(g, np.array(-(t * log_p).sum(axis=1).mean())) or close(g, np.array(-(t * log_p).mean())),
             _LABELS_ARE_INDICES.format(fix=one_hot_fix)),
            (lambda g: any(close(g, np.array(v)) for v in variants), _KEEPDIMS)]


def check_cross_entropy(cross_entropy) -> Feedback:
    """Exercise: ``cross_entropy(logits, labels)`` = mean over the batch of -log softmax(logits)[label].

    logits : (n, C) raw scores; labels : (n,) integers. Must stay finite for huge
    logits, also where the true class gets probability exp(-2000) (a log of a
    softmax that underflows to 0 is inf there).
    """
    cases = _ce_cases()

    def case(i: int):
        label, z, t = cases[i]
        n, rows = len(t), np.arange(len(t))
        log_p = log_softmax(z)
        picked = log_p[rows, t]
        expected = np.array(-picked.mean())
        with np.errstate(all="ignore"):
            z0 = z - z.max(axis=0, keepdims=True)
            col_log_p = z0 - np.log(np.exp(z0).sum(axis=0, keepdims=True))  # normalised down each column
        hints = [
            (lambda g: close(g, np.array(picked.mean())), "wrong sign: the loss is -log p of the true class, which is >= 0."),
            (lambda g: close(g, np.array(-picked.sum())), f"average over the batch (mean), don't sum: off by a factor of n = {n}."),
            (lambda g: close(g, np.array(-z[rows, t].mean())),
             "turn the logits into log-probabilities first (log-softmax), then pick the true class."),
            (lambda g: close(g, np.array(-log_p[:, t].mean())),
             "log_p[:, labels] picks whole columns (an n x n block): use log_p[np.arange(n), labels], one entry per row."),
            (lambda g: close(g, np.array(-log_p[t].mean())),
             "log_p[labels] picks whole rows: use log_p[np.arange(n), labels], row i's entry in column labels[i]."),
            (lambda g: close(g, np.array(-col_log_p[rows, t].mean())),
             "the softmax is normalised down each column (axis=0): normalise each row, over the classes "
             "(axis=1, keepdims=True)."),
            (lambda g: close(g, np.array(-log_p.mean())),
             "that averages -log p over every class: pick only the true class of each row (log_p[np.arange(n), labels])."),
            (lambda g: close(g, np.array(-(t[:, None] * log_p).sum(axis=1).mean())),
             _LABELS_ARE_INDICES.format(fix="Pick one entry per row, log_p[np.arange(n), labels].").replace(
                 "multiplying or subtracting it broadcasts it across the columns", "labels[:, None] repeats each index "
                 "across its row")),
            (lambda g: close(g, np.array(-(log_p * np.eye(z.shape[1])[t]).mean())),
             "that divides by n·C (the mean of an n x C array): sum over the classes, then average over the n rows."),
            (lambda g: i == 3 and float(g) < float(expected) - 1.0,
             f"a confidently wrong row (logits [1000, 0, -1000], label 2) costs 2000, so this batch's loss is "
             f"{float(expected):g}: log(p + eps) or clipping p caps the loss. Compute log-softmax directly, z - max - log(sum(exp(z - max)))."),
            (lambda g: _same_for(cross_entropy, cases[1 - (i == 1)][1:], g), _CONSTANT.format(what="number")),
        ]

        def get():
            value = _student_result(cross_entropy, z, t, _ce_probes)
            arr = as_array(value, "your loss")
            if i >= 2 and arr.size == 1 and not np.isfinite(arr).all():
                if i == 2:
                    raise StudentMistake(f"your loss is {float(arr.flat[0])}: exp(1000) overflows to inf (and inf / inf "
                                         "is nan). Subtract each row's max before exp (the log-sum-exp trick).")
                raise StudentMistake(f"your loss is {float(arr.flat[0])}: the softmax of the true class underflows to 0 "
                                     "and log(0) = -inf. Compute the log-probabilities directly, "
                                     "z - max - log(sum(exp(z - max))), instead of taking np.log of a softmax.")
            return value
        return label, get, expected, hints

    return run_check(CROSS_ENTROPY, lambda: compare_cases("cross_entropy", (case(i) for i in range(len(cases))),
                                                          "your loss"))


# --- Exercise 3: the gradient of the cross-entropy ----------------------------------

def _grad_probes(z: np.ndarray, t: np.ndarray):
    n = len(t)
    p, onehot = softmax(z), np.eye(z.shape[1])[t]
    one_hot_fix = "Build the one-hot matrix first: np.eye(C)[labels], shape (n, C)."
    with np.errstate(all="ignore"):
        variants = [(q - onehot) / n for q in _softmax_without_keepdims(z)]
    return [(lambda g: close(g, (p - t) / n) or close(g, p - t), _LABELS_ARE_INDICES.format(fix=one_hot_fix)),
            (lambda g: any(close(g, v) for v in variants), _KEEPDIMS)]


def check_cross_entropy_grad(cross_entropy_grad) -> Feedback:
    """Exercise: ``cross_entropy_grad(logits, labels)`` = (softmax(logits) − onehot(labels)) / n, shape (n, C).

    The gradient of the mean cross-entropy with respect to the logits; finite for huge logits.
    """
    cases = _ce_cases()

    def case(i: int):
        label, z, t = cases[i]
        n, n_classes = z.shape
        p, onehot = softmax(z), np.eye(n_classes)[t]
        expected = (p - onehot) / n
        with np.errstate(all="ignore"):
            e_cols = np.exp(z - z.max(axis=0, keepdims=True))
            p_cols = e_cols / e_cols.sum(axis=0, keepdims=True)
        hints = [
            (lambda g: close(g, expected * n), f"off by a factor of n = {n}: the loss is a mean over the batch, "
                                               "so divide the gradient by n."),
            (lambda g: close(g, -expected) or close(g, -expected * n),
             "wrong sign: the gradient is softmax(z) − onehot(y), probabilities minus truth."),
            (lambda g: close(g, p / n) or close(g, p), "subtract the one-hot labels: the true class gets softmax(z)_y − 1."),
            (lambda g: close(g, -onehot / n) or close(g, -onehot),
             "that is −onehot(y) alone: add the probabilities, softmax(z) − onehot(y)."),
            (lambda g: close(g, expected / n_classes), f"divided by n·C = {n * n_classes}: divide by the batch size "
                                                       f"n = {n} only."),
            (lambda g: close(g, (p_cols - onehot) / n), "the softmax is normalised down each column (axis=0): "
                                                       "normalise each row, over the classes (axis=1, keepdims=True)."),
            (lambda g: close(g, (np.exp(z) - onehot) / n) or close(g, (z - onehot) / n),
             "use the probabilities softmax(z), not exp(z) or the raw logits."),
            (lambda g: close(g, (p - t[:, None]) / n) or close(g, p - t[:, None]),
             _LABELS_ARE_INDICES.format(fix="Build the one-hot matrix first: np.eye(C)[labels], shape (n, C).").replace(
                 "multiplying or subtracting it broadcasts it across the columns", "labels[:, None] repeats each index "
                 "across its row")),
            (lambda g: not g.any(), "all zeros: compute softmax(z) − onehot(y), divided by n."),
            (constant, "every entry is the same number: the gradient differs from entry to entry, "
                       "softmax(z) − onehot(y) divided by n."),
        ]

        def get():
            value = _student_result(cross_entropy_grad, z, t, _grad_probes)
            arr = as_array(value, "your gradient")
            if i >= 2 and arr.shape == expected.shape and not np.isfinite(arr).all():
                raise StudentMistake("your gradient holds NaN or inf: exp(1000) overflows to inf (and inf / inf is "
                                     "nan). Compute softmax with each row's max subtracted first.")
            return value
        return label, get, expected, hints

    return run_check(CROSS_ENTROPY_GRAD, lambda: compare_cases(
        "cross_entropy_grad", (case(i) for i in range(len(cases))), "your gradient", require_array=True))


hint, solution, use, progress, course_version = LESSON.exports()
