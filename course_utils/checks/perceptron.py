"""Checks for the exercises of notebook 02 (the perceptron).

Each ``check_xxx(student_function)`` calls the student's function on inputs
chosen so that the typical mistakes give distinguishable answers, and on
inputs of other sizes drawn from a fixed seed; it prints one line (pass, a
specific hint, or "not done yet") and returns the Feedback.

The exercises: ``predict`` (1), ``perceptron_update`` (2) and the main one,
``train_perceptron`` (3), the training loop that calls the other two.
"""

from __future__ import annotations

import numpy as np

from .compare import close, compare, compare_cases, constant
from .exercise import run_check
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


PREDICT = LESSON.exercise("predict", number=1, function="predict", reference=_predict_reference, hints=[
    "The scores of all rows at once are one matrix-vector product plus the bias: X @ w + b, shape (n,).",
    "Compare the whole array of scores with 0: scores > 0 is one True/False per row (no `if`, no loop).",
    "Turn True/False into the labels 1/0 with .astype(int).",
])

UPDATE = LESSON.exercise("perceptron_update", number=2, function="perceptron_update",
                         reference=_update_reference, hints=[
    "First the prediction for this one example: y_hat = 1 if x @ w + b > 0, else 0.",
    "The error y - y_hat is -1, 0 or +1: it says which way to move (0: not at all).",
    "Return new values, w + lr * error * x and b + lr * error, without changing w itself (no +=).",
])

TRAIN = LESSON.exercise("train_perceptron", number=3, function="train_perceptron", reference=_train_reference, hints=[
    "Start from w = np.zeros(d) (d = X.shape[1]) and b = 0.0; then two loops: over at most `epochs` epochs, and "
    "inside over the examples in order (for x_i, y_i in zip(X, y)).",
    "For each example ask your predict, on a batch of one (x_i[None, :] has shape (1, d)); when it differs from y_i, "
    "replace w, b by perceptron_update(w, b, x_i, y_i, lr) and count one mistake.",
    "Reset the count at the start of each epoch, append it to the list at the end, and break when it is 0: "
    "the list ends at the first epoch without a mistake (or after `epochs` epochs).",
])

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
        return compare_cases(PREDICT.name, (case(*c) for c in _predict_cases()), "your predictions", require_array=True,
                             advice="Compute with whole arrays (X @ w + b), which works for any n and d.")
    return run_check(PREDICT, body)


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
                return failed(UPDATE.name, "return the pair in the order (w_new, b_new).")
            if w_arr.shape != w.shape:
                return failed(UPDATE.name, f"your w_new has shape {w_arr.shape} for w of shape {w.shape}: "
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
        return compare(UPDATE.name, got, variant(), hints, what="your updated (w, b)")
    return run_check(UPDATE, body)


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


def _train(X, y, lr, epochs, *, sign: float = 1.0, bias: bool = True, restart: bool = False, stop: str = "clean",
           count: str = "during"):
    """The training loop (w, b, mistakes), with switches that reproduce typical mistakes.

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
            error = y_i - (1 if x_i @ w + b > 0 else 0)
            if error:
                w = w + sign * lr * error * x_i
                b = b + (sign * lr * error if bias else 0.0)
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
        (dict(bias=False), "b never changes: take both new values from perceptron_update "
                           "(w, b = perceptron_update(...))."),
        (dict(sign=-1.0), "wrong sign: the rule adds lr * (y - y_hat) * x to w (and lr * (y - y_hat) to b); "
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


def check_train_perceptron(train_perceptron) -> Feedback:
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
    return run_check(TRAIN, body)


hint, solution, use, progress, course_version = LESSON.exports()
