"""The exercises of lesson 04 (loss functions), as tables: their cases and their typical mistakes.

Each case is an input the student's function is tried on: the lesson's kind, a
random one of a size the lesson does not use (from a fixed seed, so a shortcut
cannot guess it), rows at very different scales (where a max over the whole
batch is not each row's), and for the cross-entropy logits large enough to
overflow a naive exp. Each mistake is the wrong code a student would write,
beside its message; ``checks.check_mse(mse)`` runs the table
(:meth:`~course_utils.checks.exercise.Exercise.check`).
"""

from __future__ import annotations

import numpy as np

from course_utils import scratch
from course_utils.scratch import log_softmax, softmax

from .compare import constant
from .exercise import Case, Mistake, OnError
from .lessons import lesson

LESSON = lesson("04_loss")

_CONSTANT = "the same number for two different batches: compute it from the inputs, don't return a constant."
_CHANGED = "work on a copy (logits = logits - m, not logits -= m), so the caller's array stays as it was."

# --- Exercise 1: MSE ---------------------------------------------------------------

_rng = np.random.default_rng(41)
_MSE_CASES = (
    Case("the vector of 4", (np.array([2.5, 0.0, 2.0, 8.0]), np.array([3.0, -0.5, 2.0, 7.0])), facts={"n": 4, "rows": 4}),
    Case("a 3 x 5 array", (_rng.normal(size=(3, 5)), _rng.normal(size=(3, 5))), facts={"n": 15, "rows": 3}),
)
_SQUARE_FIRST = "square each difference before averaging, otherwise errors of opposite sign cancel."

MSE = LESSON.exercise(
    "mse", number=1, function="mse", reference=scratch.mse, what="your loss", cases=_MSE_CASES,
    ignores_input=_CONSTANT,
    hints=["The loss is one number: the average, over every element, of the squared difference between y and y_hat.",
           "Subtract, square each difference, then average: np.mean averages over every element, whatever the shape.",
           "np.mean((y - y_hat) ** 2)"],
    mistakes=[
        Mistake("off by a factor of n = {n}: average over the examples (mean), don't sum.",
                lambda y_hat, y: np.sum((y - y_hat) ** 2)),
        Mistake("that is the root of the MSE (RMSE): drop the square root.",
                lambda y_hat, y: np.sqrt(np.mean((y - y_hat) ** 2))),
        Mistake("that is the mean absolute error: square the differences instead.",
                lambda y_hat, y: np.mean(np.abs(y - y_hat))),
        Mistake(_SQUARE_FIRST, lambda y_hat, y: np.mean(y - y_hat)),
        Mistake(_SQUARE_FIRST, lambda y_hat, y: np.mean(y_hat - y)),
        Mistake("that is the square of the mean difference: square each difference first, then average.",
                lambda y_hat, y: np.mean(y - y_hat) ** 2),
        Mistake("no factor 1/2 here: MSE is the plain mean of the squared errors.",
                lambda y_hat, y: 0.5 * np.mean((y - y_hat) ** 2)),
        Mistake("you divided by len(y) = {rows} (the rows): divide by y.size, or use np.mean.",
                lambda y_hat, y: np.sum((y - y_hat) ** 2) / len(y)),
    ])


# --- Exercises 2 and 3: the cross-entropy and its gradient ----------------------------

_HUGE = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]])
_OVERFLOW = "exp(1000) overflows to inf (and inf / inf is nan)"
_GLOBAL_MAX = ("subtract each row's own max (z.max(axis=1, keepdims=True)), not the largest logit of the whole batch: "
               "a row far below it underflows to exp(-1000) = 0.")
def _ce_cases(overflow: str, underflow: str, global_max: str) -> tuple[Case, ...]:
    """The lesson's kind of batch, a random one of an unseen size, huge logits, huge and confidently wrong,
    rows at different scales; the three messages say what a NaN or inf answer means on the last three."""
    rng = np.random.default_rng(42)
    return (
        Case("the 4 x 3 batch", (np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [-1.0, 0.0, 3.0], [1.0, 1.0, 1.0]]),
                                 np.array([0, 2, 2, 1])), facts={"n": 4, "nC": 12}),
        Case("a random 7 x 5 batch", (3.0 * rng.normal(size=(7, 5)), rng.integers(0, 5, size=7)),
             facts={"n": 7, "nC": 35}),
        Case("logits of size 1000", (_HUGE, np.array([0, 2])), facts={"n": 2, "nC": 6}, not_finite=overflow),
        # Row 0 puts its whole mass on class 0 but the label is 2: its softmax underflows to 0 there.
        Case("a confidently wrong row (logits [1000, 0, -1000], label 2)", (_HUGE, np.array([2, 1])),
             facts={"n": 2, "nC": 6, "confident": True}, not_finite=underflow),
        # One row at the scale of 1000, one near 0: a max over the whole batch leaves the second row's exps at 0.
        Case("rows at different scales (logits [1000, 0] and [0, 1])",
             (np.array([[1000.0, 0.0], [0.0, 1.0]]), np.array([0, 1])), facts={"n": 2, "nC": 4}, not_finite=global_max),
    )


_CE_CASES = _ce_cases(
    overflow="your loss is {got}: " + _OVERFLOW + ". Subtract each row's max before exp (the log-sum-exp trick).",
    underflow="your loss is {got}: the softmax of the true class underflows to 0 and log(0) = -inf. Compute the "
              "log-probabilities directly, z - max - log(sum(exp(z - max))), instead of taking np.log of a softmax.",
    global_max="your loss is {got}: " + _GLOBAL_MAX)
_GRAD_OVERFLOW = ("your gradient holds NaN or inf: " + _OVERFLOW + ". Compute softmax with each row's max "
                  "subtracted first.")
_GRAD_CASES = _ce_cases(overflow=_GRAD_OVERFLOW, underflow=_GRAD_OVERFLOW,
                        global_max="your gradient holds NaN or inf: " + _GLOBAL_MAX)
# A 5 x 5 batch (n = C): where labels used as one-hot rows, or a max without keepdims, broadcast silently.
_rng = np.random.default_rng(44)
_SQUARE = Case("a 5 x 5 batch", (2.0 * _rng.normal(size=(5, 5)), _rng.integers(0, 5, size=5)), facts={"n": 5})


def _onehot(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    return np.eye(z.shape[1])[t]


def _picked(log_p: np.ndarray, t: np.ndarray) -> np.ndarray:
    return log_p[np.arange(len(t)), t]


def _normalised(e: np.ndarray, axis: int, keepdims: bool = True) -> np.ndarray:
    return e / e.sum(axis=axis, keepdims=keepdims)


# Softmaxes whose row max or row sum lost keepdims, so it runs down the columns of a square batch.
_SOFTMAX_WITHOUT_KEEPDIMS = (
    lambda z: _normalised(np.exp(z - z.max(axis=1)), 1),
    lambda z: _normalised(np.exp(z - z.max(axis=1)), 1, keepdims=False),
    lambda z: _normalised(np.exp(z - z.max(axis=1, keepdims=True)), 1, keepdims=False),
    lambda z: _normalised(np.exp(z), 1, keepdims=False),
)
_KEEPDIMS = ("A row's max or sum has shape (n,): keep it a column, shape (n, 1), with keepdims=True, so that each row "
             "is shifted and divided by its own number.")
_INDICES = "labels holds class indices, shape (n,), not one-hot rows: "
_BROADCAST = "multiplying or subtracting it broadcasts it across the columns. "
_REPEATS = "labels[:, None] repeats each index across its row. "
_PICK = "Pick one entry per row, log_p[np.arange(n), labels] (or build the one-hot matrix np.eye(C)[labels])."
_BUILD = "Build the one-hot matrix first: np.eye(C)[labels], shape (n, C)."
_BOTH_CAUSES = ("An (n, C) array and an (n,) one do not broadcast: either a row's max or sum lost its column shape "
                "(keepdims=True keeps it (n, 1)), or labels was used as one-hot rows (it holds class indices, shape (n,)).")
_BY_COLUMN = ("the softmax is normalised down each column (axis=0): normalise each row, over the classes "
              "(axis=1, keepdims=True).")


def _column_log_softmax(z: np.ndarray) -> np.ndarray:
    z0 = z - z.max(axis=0, keepdims=True)
    return z0 - np.log(np.exp(z0).sum(axis=0, keepdims=True))


CROSS_ENTROPY = LESSON.exercise(
    "cross_entropy", number=2, function="cross_entropy", reference=scratch.cross_entropy, what="your loss",
    cases=_CE_CASES, ignores_input=_CONSTANT, changed_hint=_CHANGED,
    hints=["Three steps: the log-probabilities of each row (log-softmax), the entry of the true class in each row, "
           "and minus their mean over the batch.",
           "Stable log-softmax of each row: with m = logits.max(axis=1, keepdims=True), "
           "log p = z - m - log(sum(exp(z - m))), the sum over axis=1 with keepdims=True. Never np.log of a softmax: "
           "a probability that underflows to 0 gives log(0) = -inf.",
           "log_p[np.arange(n), labels] picks row i's entry in column labels[i] (n = len(labels)); "
           "return minus the mean of those n numbers."],
    mistakes=[
        Mistake("wrong sign: the loss is -log p of the true class, which is >= 0.",
                lambda z, t: _picked(log_softmax(z), t).mean()),
        Mistake("average over the batch (mean), don't sum: off by a factor of n = {n}.",
                lambda z, t: -_picked(log_softmax(z), t).sum()),
        Mistake("turn the logits into log-probabilities first (log-softmax), then pick the true class.",
                lambda z, t: -_picked(z, t).mean()),
        Mistake("log_p[:, labels] picks whole columns (an n x n block): use log_p[np.arange(n), labels], "
                "one entry per row.", lambda z, t: -log_softmax(z)[:, t].mean()),
        Mistake("log_p[labels] picks whole rows: use log_p[np.arange(n), labels], row i's entry in column labels[i].",
                lambda z, t: -log_softmax(z)[t].mean()),
        Mistake(_BY_COLUMN, lambda z, t: -_picked(_column_log_softmax(z), t).mean()),
        Mistake("that averages -log p over every class: pick only the true class of each row "
                "(log_p[np.arange(n), labels]).", lambda z, t: -log_softmax(z).mean()),
        Mistake(_INDICES + _REPEATS + "Pick one entry per row, log_p[np.arange(n), labels].",
                lambda z, t: -(t[:, None] * log_softmax(z)).sum(axis=1).mean()),
        Mistake("that divides by n·C (the mean of an n x C array): sum over the classes, then average over the n rows.",
                lambda z, t: -(log_softmax(z) * _onehot(z, t)).mean()),
        Mistake("a confidently wrong row (logits [1000, 0, -1000], label 2) costs 2000, so this batch's loss is "
                "{expected:g}: log(p + eps) or clipping p caps the loss. Compute log-softmax directly, "
                "z - max - log(sum(exp(z - max))).",
                when=lambda got, expected, case: case.facts.get("confident") and float(got) < float(expected) - 1.0),
    ],
    on_error=[OnError("could not be broadcast", _BOTH_CAUSES, probe=_SQUARE, mistakes=(
        Mistake(_INDICES + _BROADCAST + _PICK, lambda z, t: -(t * log_softmax(z)).sum(axis=1).mean()),
        Mistake(_INDICES + _BROADCAST + _PICK, lambda z, t: -(t * log_softmax(z)).mean()),
        *(Mistake(_KEEPDIMS, lambda z, t, p=p: -np.log(_picked(p(z), t)).mean()) for p in _SOFTMAX_WITHOUT_KEEPDIMS),
    ))])

_ALL_EQUAL = "every entry is the same number: the gradient differs from entry to entry, softmax(z) − onehot(y) divided by n."

CROSS_ENTROPY_GRAD = LESSON.exercise(
    "cross_entropy_grad", number=3, function="cross_entropy_grad", reference=scratch.cross_entropy_grad,
    what="your gradient", require_array=True, cases=_GRAD_CASES, changed_hint=_CHANGED,
    hints=["The gradient of the mean loss is (softmax(z) - onehot(y)) / n: the probabilities minus the truth, "
           "divided by the batch size n. It has the shape of the logits, (n, C).",
           "Softmax without overflow, row by row: e = np.exp(z - z.max(axis=1, keepdims=True)), then divide e "
           "by its row sums (e.sum(axis=1, keepdims=True)).",
           "np.eye(C)[labels] is the one-hot matrix (n, C): row i holds a 1 in column labels[i]. Subtract it "
           "from the probabilities and divide by n = len(labels)."],
    mistakes=[
        Mistake("off by a factor of n = {n}: the loss is a mean over the batch, so divide the gradient by n.",
                lambda z, t: softmax(z) - _onehot(z, t)),
        Mistake("wrong sign: the gradient is softmax(z) − onehot(y), probabilities minus truth.",
                lambda z, t: (_onehot(z, t) - softmax(z)) / len(t)),
        Mistake("wrong sign: the gradient is softmax(z) − onehot(y), probabilities minus truth.",
                lambda z, t: _onehot(z, t) - softmax(z)),
        Mistake("subtract the one-hot labels: the true class gets softmax(z)_y − 1.", lambda z, t: softmax(z) / len(t)),
        Mistake("subtract the one-hot labels: the true class gets softmax(z)_y − 1.", lambda z, t: softmax(z)),
        Mistake("that is −onehot(y) alone: add the probabilities, softmax(z) − onehot(y).",
                lambda z, t: -_onehot(z, t) / len(t)),
        Mistake("that is −onehot(y) alone: add the probabilities, softmax(z) − onehot(y).", lambda z, t: -_onehot(z, t)),
        Mistake("divided by n·C = {nC}: divide by the batch size n = {n} only.",
                lambda z, t: (softmax(z) - _onehot(z, t)) / z.size),
        Mistake(_BY_COLUMN, lambda z, t: (np.exp(_column_log_softmax(z)) - _onehot(z, t)) / len(t)),
        Mistake("use the probabilities softmax(z), not exp(z) or the raw logits.",
                lambda z, t: (np.exp(z) - _onehot(z, t)) / len(t)),
        Mistake("use the probabilities softmax(z), not exp(z) or the raw logits.",
                lambda z, t: (z - _onehot(z, t)) / len(t)),
        Mistake(_INDICES + _REPEATS + _BUILD, lambda z, t: (softmax(z) - t[:, None]) / len(t)),
        Mistake(_INDICES + _REPEATS + _BUILD, lambda z, t: softmax(z) - t[:, None]),
        Mistake("all zeros: compute softmax(z) − onehot(y), divided by n.", when=lambda got, expected, case: not got.any()),
        Mistake(_ALL_EQUAL, when=lambda got, expected, case: constant(got)),
    ],
    on_error=[OnError("could not be broadcast", _BOTH_CAUSES, probe=_SQUARE, mistakes=(
        Mistake(_INDICES + _BROADCAST + _BUILD, lambda z, t: (softmax(z) - t) / len(t)),
        Mistake(_INDICES + _BROADCAST + _BUILD, lambda z, t: softmax(z) - t),
        *(Mistake(_KEEPDIMS, lambda z, t, p=p: (p(z) - _onehot(z, t)) / len(t)) for p in _SOFTMAX_WITHOUT_KEEPDIMS),
    ))])

check_mse = MSE.check
check_cross_entropy = CROSS_ENTROPY.check
check_cross_entropy_grad = CROSS_ENTROPY_GRAD.check
hint, solution, use, progress, course_version = LESSON.exports()
