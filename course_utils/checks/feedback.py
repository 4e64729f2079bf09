"""How an exercise check reports back to the student.

A check returns a :class:`Feedback` (so tests can assert on ``.passed`` and
``.message``) and prints it as one line. A student function that still raises
``NotImplementedError`` (the stub of the student edition) is reported as
"not done yet" instead of a traceback, so the notebook runs top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

PASS_MARK = "✅"
FAIL_MARK = "❌"
TODO_MARK = "⏳"


@dataclass(frozen=True)
class Feedback:
    """The outcome of one exercise check.

    status : "pass", "fail" or "todo" (student has not written the code yet).
    message : one sentence for the student (a hint when it failed).
    """

    exercise: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def __str__(self) -> str:
        mark = {"pass": PASS_MARK, "fail": FAIL_MARK, "todo": TODO_MARK}[self.status]
        return f"{mark} {self.exercise}: {self.message}"

    __repr__ = __str__

    def _ipython_display_(self) -> None:
        """Show nothing: the check has already printed its line (no second copy in the cell)."""


def passed(exercise: str, message: str = "correct, well done.") -> Feedback:
    return _report(Feedback(exercise, "pass", message))


def failed(exercise: str, hint: str) -> Feedback:
    return _report(Feedback(exercise, "fail", hint))


def not_done(exercise: str) -> Feedback:
    return _report(Feedback(exercise, "todo", "not done yet: replace the `raise NotImplementedError` with your code."))


def _report(feedback: Feedback) -> Feedback:
    print(feedback)
    return feedback


class _NotDone(Exception):
    """Raised inside a check when the student's code is still the stub."""


def call_student(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the student's function; turn the stub's NotImplementedError into _NotDone.

    Any other exception is re-raised wrapped with the exercise context so the
    student sees their own bug, not the checker's internals.
    """
    if not callable(func):
        raise TypeError(f"expected your function, got {type(func).__name__}: pass the function itself, without calling it")
    try:
        return func(*args, **kwargs)
    except NotImplementedError as exc:
        raise _NotDone() from exc


def run_check(exercise: str, body: Callable[[], Feedback]) -> Feedback:
    """Run a check body, reporting the stub as "not done yet".

    body : a function that calls the student's code through :func:`call_student`
        and returns :func:`passed` or :func:`failed` (which print).
    """
    try:
        return body()
    except _NotDone:
        return not_done(exercise)


def as_array(value: Any, what: str) -> np.ndarray:
    """The student's result as a float64 array, or a clear TypeError."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what} should be a number or a NumPy array, got {type(value).__name__}") from exc
    return arr


def close(a: np.ndarray, b: np.ndarray) -> bool:
    """Same shape and equal up to rounding: how a hint recognises a typical mistake."""
    return a.shape == b.shape and bool(np.allclose(a, b))


def compare(exercise: str, got: Any, expected: np.ndarray, hints: list[tuple[Callable[[np.ndarray], bool], str]],
            what: str = "your result", rtol: float = 1e-6, atol: float = 1e-8) -> Feedback:
    """Pass when ``got`` matches ``expected``; otherwise the first hint whose test matches ``got``.

    hints : (test, message) pairs; ``test(got_array)`` says whether this typical
        mistake explains the answer (e.g. "equals -expected" → wrong sign).
    """
    got_arr = as_array(got, what)
    expected = np.asarray(expected, dtype=np.float64)
    if got_arr.shape != expected.shape:
        return failed(exercise, f"{what} has shape {got_arr.shape}, expected {expected.shape}.")
    if np.allclose(got_arr, expected, rtol=rtol, atol=atol):
        return passed(exercise)
    for test, message in hints:
        try:
            if test(got_arr):
                return failed(exercise, message)
        except (ValueError, FloatingPointError):
            continue
    return failed(exercise, f"{what} is not right yet (expected {np.array2string(expected, precision=4)}, got {np.array2string(got_arr, precision=4)}).")
