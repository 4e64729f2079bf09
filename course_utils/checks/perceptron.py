"""The exercises of lesson 02 (the perceptron): ``predict`` (1), ``perceptron_update`` (2) and the
main one, ``train_perceptron`` (3), the training loop that calls the other two.

Exercises 1 and 2 are tables (:class:`~.exercise.Exercise`): points on the boundary
and on either side, a random case of a size the lesson does not use, and each typical
mistake as the wrong code beside its message. The training loop's answer is a triple
whose list of counts varies in length, so its check is written out; the loop's own
mistakes are switches of one loop, and the rule's mistakes come from Exercise 2's rows.
"""

from __future__ import annotations

import numpy as np

from .compare import close, constant
from .exercise import Case, Mistake, OnError
from .lessons import lesson
from .report import failed, Feedback, passed
from .sandbox import call_student, StudentMistake
from .student_result import as_array, as_number, as_pair, expect_array
from course_utils.scratch.perceptron import train_perceptron as _train_reference

LESSON = lesson("02_perceptron")


def _predict_reference(X, w, b):
    """The course's predict: 1 where X @ w + b > 0, else 0; X (n, d), w (d,) -> (n,) ints."""
    return (np.asarray(X) @ w + b > 0).astype(int)


def _update_reference(w, b, x, y, lr):
    """The course's perceptron_update: one step of the rule on one example; returns new (w, b)."""
    y_hat = 1 if x @ w + b > 0 else 0
    error = y - y_hat
    return w + lr * error * x, b + lr * error


# Points chosen so that some scores are exactly 0 (on the boundary: class 0),
# some sit on either side, and the bias changes several answers.
_X = np.array([[2.0, 1.0], [-1.0, 0.5], [0.0, 0.0], [1.0, -2.0], [0.5, 0.5], [-2.0, -1.0], [1.0, 1.0], [0.3, 0.3]])
_W = np.array([1.0, 1.0])
_B = -1.0
_rng = np.random.default_rng(21)
_PREDICT_CASES = (Case("X of shape (8, 2)", (_X, _W, _B)),
                  Case("X of shape (9, 3)", (_rng.normal(size=(9, 3)), _rng.normal(size=3), 0.4)))
_PLUS_MINUS = "the labels are 0 and 1, not -1 and +1: 1 where the score is > 0, else 0."

PREDICT = LESSON.exercise(
    "predict", number=1, function="predict", reference=_predict_reference, what="your predictions",
    cases=_PREDICT_CASES, require_array=True, advice="Compute with whole arrays (X @ w + b), which works for any n and d.",
    hints=["The scores of all rows at once are one matrix-vector product plus the bias: X @ w + b, shape (n,).",
           "Compare the whole array of scores with 0: scores > 0 is one True/False per row (no `if`, no loop).",
           "Turn True/False into the labels 1/0 with .astype(int)."],
    mistakes=[
        Mistake("these are the scores w·x + b: apply the step (1 if the score is > 0, else 0).",
                lambda X, w, b: X @ w + b),
        Mistake("a score of exactly 0 lies on the boundary and counts as class 0: use > 0, not >= 0.",
                lambda X, w, b: (X @ w + b >= 0).astype(int)),
        Mistake("you forgot the bias b in the score.", lambda X, w, b: (X @ w > 0).astype(int)),
        Mistake("the classes are swapped: a positive score means class 1.", lambda X, w, b: (X @ w + b <= 0).astype(int)),
        Mistake(_PLUS_MINUS, lambda X, w, b: np.sign(X @ w + b)),
        Mistake(_PLUS_MINUS, lambda X, w, b: np.where(X @ w + b > 0, 1, -1)),
        Mistake("these are sigmoid probabilities; the perceptron outputs hard labels with a step: 1 if the score is "
                "> 0, else 0.", lambda X, w, b: 1 / (1 + np.exp(-(X @ w + b)))),
        Mistake("every point gets the same label: compute each point's score X @ w + b, then the step.",
                when=lambda got, expected, case: constant(got)),
    ],
    on_error=[OnError("truth value of an array", "`if score > 0` works for one point only; for the whole batch "
                      "compare the array of scores itself: (X @ w + b > 0).astype(int).")])


def _pair(result, case: Case) -> np.ndarray:
    """perceptron_update's (w_new, b_new) as one vector [w_new..., b_new], or a StudentMistake saying what came."""
    w = case.args[0]
    w_new, b_new = as_pair(result, "your result")
    w_arr, b_arr = as_array(w_new, "your w_new"), as_array(b_new, "your b_new")
    if w_arr.size == 1 and b_arr.shape == w.shape:
        raise StudentMistake("return the pair in the order (w_new, b_new).")
    if w_arr.shape != w.shape:
        raise StudentMistake(f"your w_new has shape {w_arr.shape} for w of shape {w.shape}: it should have w's shape "
                             "(w + lr * error * x).")
    return np.append(w_arr, as_number(b_new, "your b_new"))


def _update_case(w: np.ndarray, b: float, x: np.ndarray, y: int, lr: float) -> Case:
    def show(a: np.ndarray) -> str:
        return np.array2string(a, precision=4, separator=", ")
    return Case(f"w = {show(w)}, b = {b:g}, x = {show(x)}, y = {y}, lr = {lr:g}", (w, b, x, y, lr))


# From w = _W, b = _B, lr = 0.5: a false negative, a false positive, a correctly classified point and
# a point exactly on the boundary (score 0: predicted 0, so y = 1 is a miss); then a random case in 3-D.
_rng = np.random.default_rng(22)
_W3, _X3 = _rng.normal(size=3), _rng.normal(size=3)
_UPDATE_CASES = (
    _update_case(_W, _B, np.array([0.5, 0.25]), 1, 0.5), _update_case(_W, _B, np.array([2.0, 1.0]), 0, 0.5),
    _update_case(_W, _B, np.array([3.0, 1.0]), 1, 0.5), _update_case(_W, _B, np.array([0.5, 0.5]), 1, 0.5),
    _update_case(_W3, 0.3, _X3, int(not _X3 @ _W3 + 0.3 > 0), 0.1),  # a mistake, so the update changes w and b
)


def _error(w, b, x, y) -> float:
    """y - y_hat for one example: -1, 0 or +1."""
    return y - float(x @ w + b > 0)


# Two mistakes of the rule that the training loop of Exercise 3 reproduces too.
_WRONG_SIGN = Mistake("wrong sign: the error is (y - y_hat), so a missed 1 pulls w towards x.",
                      lambda w, b, x, y, lr: (w - lr * _error(w, b, x, y) * x, b - lr * _error(w, b, x, y)))
_BIAS_KEPT = Mistake("the bias must be updated too: b <- b + lr (y - y_hat).",
                     lambda w, b, x, y, lr: (w + lr * _error(w, b, x, y) * x, b))

UPDATE = LESSON.exercise(
    "perceptron_update", number=2, function="perceptron_update", reference=_update_reference,
    what="your updated (w, b)", cases=_UPDATE_CASES, answer=_pair,
    changed_hint="return new values (w_new = w + ...); w += ... changes the caller's w.",
    hints=["First the prediction for this one example: y_hat = 1 if x @ w + b > 0, else 0.",
           "The error y - y_hat is -1, 0 or +1: it says which way to move (0: not at all).",
           "Return new values, w + lr * error * x and b + lr * error, without changing w itself (no +=)."],
    mistakes=[
        _WRONG_SIGN,
        _BIAS_KEPT,
        Mistake("multiply the step by the learning rate lr.",
                lambda w, b, x, y, lr: (w + _error(w, b, x, y) * x, b + _error(w, b, x, y))),
        Mistake("update by the error (y - y_hat), not by y: a correct prediction must leave w and b unchanged.",
                lambda w, b, x, y, lr: (w + lr * y * x, b + lr * y)),
        Mistake("a score of exactly 0 predicts class 0: y_hat = 1 only if w·x + b > 0.",
                lambda w, b, x, y, lr: (w + lr * (y - float(x @ w + b >= 0)) * x, b + lr * (y - float(x @ w + b >= 0)))),
        Mistake("y_hat is the predicted label (1 if w·x + b > 0, else 0), not the score itself.",
                lambda w, b, x, y, lr: (w + lr * (y - (x @ w + b)) * x, b + lr * (y - (x @ w + b)))),
        Mistake("w and b come back unchanged: add lr * (y - y_hat) * x to w and lr * (y - y_hat) to b.",
                lambda w, b, x, y, lr: (w, b)),
    ])

check_predict = PREDICT.check
check_perceptron_update = UPDATE.check

# --- Exercise 3: the training loop ------------------------------------------------

# A hand-made separable set that takes five epochs from w = 0 (mistakes 2, 1, 2, 2, 0);
# XOR, which never converges, so only `epochs` stops the loop; and a random separable
# set in 3-D of a size the notebook never uses.
_X6 = np.array([[2.0, 3.0], [3.0, 0.0], [3.0, 3.0], [3.0, -3.0], [0.0, 1.0], [-2.0, -1.0]])
_Y6 = np.array([1, 1, 1, 0, 1, 1])
_XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_Y = np.array([0, 1, 1, 0])


def _separable(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n points in d dimensions on either side of a random hyperplane, none within 0.2 of it."""
    rng = np.random.default_rng(seed)
    u, c = rng.normal(size=d), 0.5
    X = rng.uniform(-2, 2, size=(4 * n, d))
    score = (X @ u + c) / np.linalg.norm(u)
    keep = np.abs(score) > 0.2
    return X[keep][:n], (score[keep][:n] > 0).astype(int)


def _train_cases() -> list[tuple[str, np.ndarray, np.ndarray, float, int]]:
    """(label, X, y, lr, epochs) for each case, in the order the check tries them."""
    X_random, y_random = _separable(n=23, d=3, seed=17)  # mistakes 4, 5, 2, 1, 0
    return [("the 6 points of shape (6, 2) with lr = 1, epochs = 20", _X6, _Y6, 1.0, 20),
            ("XOR (4 points no line separates) with lr = 0.5, epochs = 6", _XOR_X, _XOR_Y, 0.5, 6),
            ("23 random separable points of shape (23, 3) with lr = 0.5, epochs = 50", X_random, y_random, 0.5, 50)]


def _train(X, y, lr, epochs, *, update=_update_reference, restart: bool = False, stop: str = "clean",
           count: str = "during"):
    """The training loop (w, b, mistakes), with switches that reproduce typical mistakes of the loop.

    update : the rule applied on each mistake (a wrong one from Exercise 2's table reproduces its mistake here).
    stop : "clean" (after the first epoch without a mistake), "never" or "first" (after one epoch).
    count : "during" (the updates of the epoch), "every" (every example) or "end" (the mistakes of
    the weights after the epoch, on all of X).
    """
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        if restart:
            w, b = np.zeros(X.shape[1]), 0.0
        updates = 0
        for x_i, y_i in zip(X, y):
            if (x_i @ w + b > 0) != y_i:
                w, b = update(w, b, x_i, y_i, lr)
                updates += 1
        mistakes.append({"during": updates, "every": len(X),
                         "end": int(np.sum((X @ w + b > 0).astype(int) != y))}[count])
        if stop == "first" or (stop == "clean" and mistakes[-1] == 0):
            break
    return w, b, np.array(mistakes, dtype=float)


def _unpack_training(result, d: int) -> tuple[np.ndarray, float, np.ndarray]:
    """The student's (w, b, mistakes) as arrays, or a StudentMistake saying what came instead."""
    if not (isinstance(result, (tuple, list)) and len(result) == 3):
        size = f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""
        raise StudentMistake("your result should be three values (return w, b, mistakes), "
                             f"got {type(result).__name__}{size}.")
    w, b, mistakes = result
    w_arr, b_arr, m_arr = as_array(w, "your w"), as_array(b, "your b"), as_array(mistakes, "your mistakes")
    if (w_arr.shape != (d,) or b_arr.size != 1) and (b_arr.shape == (d,) or m_arr.shape == (d,)):
        raise StudentMistake("return the three values in the order (w, b, mistakes).")
    expect_array(w, "your w")  # the lesson computes with it (X @ w), so an array, not a list
    if w_arr.shape != (d,):
        raise StudentMistake(f"your w has shape {w_arr.shape} for X with {d} columns: it should have shape ({d},), "
                             "one weight per input (start from np.zeros(X.shape[1])).")
    if b_arr.size != 1:
        raise StudentMistake(f"your b has shape {b_arr.shape}: it should be one number (start from b = 0.0).")
    if m_arr.ndim == 0:
        raise StudentMistake(f"your mistakes is one number ({m_arr.item():g}): return a list with one count per epoch "
                             "run (append each epoch's count to it).")
    if m_arr.ndim != 1 or m_arr.size == 0:
        raise StudentMistake(f"your mistakes has shape {m_arr.shape}: it should be a list with one count "
                             "per epoch run.")
    if not (np.isfinite(m_arr).all() and np.array_equal(m_arr, np.round(m_arr)) and (m_arr >= 0).all()):
        raise StudentMistake("your mistakes should hold whole counts (how many examples were misclassified in each "
                             "epoch), not scores or errors.")
    return w_arr, as_number(b_arr, "your b"), m_arr


def _same(got, expected) -> bool:
    return all(close(np.asarray(g, dtype=float), np.asarray(e, dtype=float)) for g, e in zip(got, expected))


def _show(a) -> str:
    return np.array2string(np.asarray(a, dtype=float), precision=4, separator=", ", floatmode="maxprec",
                           max_line_width=10**6)


def _training_hint(got, X, y, lr, epochs) -> str:
    """The message for a wrong (w, b, mistakes) on one case: the typical mistake it matches, else the numbers."""
    w, b, m = got
    expected = _train(X, y, lr, epochs)
    full = _train(X, y, lr, epochs, stop="never")[2]
    n_expected = len(expected[2])
    variants = [
        (dict(stop="never"), "you run all `epochs` epochs: stop as soon as an epoch has no mistake (break after "
                             "appending its 0), so the list ends at the first 0."),
        (dict(stop="first"), "you stop after the first epoch: keep going epoch after epoch until one has no mistake "
                             "(or `epochs` epochs have run)."),
        (dict(update=_BIAS_KEPT.wrong), "b never changes: take both new values from perceptron_update "
                                        "(w, b = perceptron_update(...))."),
        (dict(update=_WRONG_SIGN.wrong), "wrong sign: the rule adds lr * (y - y_hat) * x to w (and lr * (y - y_hat) to b); "
                          "a missed 1 pulls w towards x."),
        (dict(restart=True), "you start again from w = 0, b = 0 in every epoch: set them once, before the loop over "
                             "epochs, so each epoch goes on from the last one's weights."),
        (dict(count="every"), "you count every example: a mistake is an example whose prediction differs from its "
                              "label; count only those."),
        (dict(count="end"), "you count the mistakes of the weights after the epoch: count the updates made during "
                            "the epoch, one per example it got wrong when it saw it."),
    ]
    for switches, message in variants:
        if _same(got, _train(X, y, lr, epochs, **switches)):
            return message
    if len(m) > epochs:
        return (f"you ran {len(m)} epochs with epochs = {epochs}: at most `epochs` passes "
                "(for epoch in range(epochs)).")
    if abs(len(m) - n_expected) == 1 and len(m) in (epochs - 1, epochs + 1) and n_expected == epochs:
        return (f"off by one: you ran {len(m)} epochs, expected {epochs} "
                "(for epoch in range(epochs) runs exactly epochs).")
    if len(m) >= 2 and close(m, np.cumsum(full[:len(m)])):
        return ("your counts keep growing: that is the running total. Count the mistakes of each epoch on its "
                "own (reset the count to 0 at the start of every epoch).")
    if len(m) > n_expected and close(m[:n_expected], expected[2]) and not m[n_expected:].any():
        return ("you go on after an epoch without a mistake: stop as soon as an epoch has no mistake, so the list "
                "ends at the first 0.")
    if close(m, expected[2]):
        if b == 0.0 and expected[1] != 0.0:
            return "the mistakes are right but b is still 0: return the b of the last update."
        return ("the mistakes per epoch are right but w, b are not the weights after the last epoch: return the w, b "
                "your loop ended with.")
    counts = lambda a: str([int(v) for v in a])  # noqa: E731
    return (f"expected mistakes per epoch {counts(expected[2])}, w = {_show(expected[0])}, b = {expected[1]:.4g}; "
            f"got mistakes {counts(m)}, w = {_show(w)}, b = {b:.4g}. Go over the examples in order, from w = 0, b = 0.")


_CHANGED = ("the lesson uses its X and y again after training: leave them as they are (work on a copy "
            "if you must change them: y = y.copy()).")


def _train_perceptron_body(train_perceptron) -> Feedback:
    """Exercise: ``train_perceptron(X, y, lr, epochs)`` -> (w, b, mistakes per epoch), from w = 0, b = 0.

    Goes over the examples in order each epoch, updating on each mistake, and
    stops after the first epoch without a mistake (or after ``epochs`` epochs).
    """
    def body() -> Feedback:
        first = None
        for label, X, y, lr, epochs in _train_cases():
            try:
                result = call_student(train_perceptron, X.copy(), y.copy(), lr, epochs, changed_hint=_CHANGED)
                got = _unpack_training(result, X.shape[1])
            except StudentMistake as mistake:
                stopped = "was stopped" in str(mistake)
                stuck = " On data no line separates, only `epochs` stops the loop." if stopped else ""
                where = f"right for {first}, but for {label}" if first else f"for {label}"
                raise StudentMistake(f"{where}: {mistake}{stuck}") from mistake
            if not _same(got, _train(X, y, lr, epochs)):
                where = f"right for {first}, but for {label}" if first else f"for {label}"
                return failed(TRAIN.name, f"{where}: {_training_hint(got, X, y, lr, epochs)}")
            first = first or label
        return passed(TRAIN.name)
    return body()


TRAIN = LESSON.exercise("train_perceptron", number=3, function="train_perceptron", reference=_train_reference, hints=[
    "Start from w = np.zeros(d) (d = X.shape[1]) and b = 0.0; then two loops: over at most `epochs` epochs, and "
    "inside over the examples in order (for x_i, y_i in zip(X, y)).",
    "For each example ask your predict, on a batch of one (x_i[None, :] has shape (1, d)); when it differs from y_i, "
    "replace w, b by perceptron_update(w, b, x_i, y_i, lr) and count one mistake.",
    "Reset the count at the start of each epoch, append it to the list at the end, and break when it is 0: "
    "the list ends at the first epoch without a mistake (or after `epochs` epochs).",
], body=_train_perceptron_body)
check_train_perceptron = TRAIN.check


hint, solution, use, progress, course_version = LESSON.exports()
