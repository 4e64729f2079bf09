"""How an exercise check reports back to the student.

A check returns a :class:`Feedback` (so tests can assert on ``.passed`` and
``.message``) and prints it as one line. A student function that still raises
``NotImplementedError`` (the stub of the student edition) is reported as
"not done yet" instead of a traceback, so the notebook runs top to bottom.
So is every other way the student's function can fail the check (it raises,
returns None or something that is not numbers, changes its input, never
stops): a failed check with a hint, never a traceback from inside the check.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import signal
import sysconfig
import threading
import traceback
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

    def __post_init__(self) -> None:
        if self.status not in ("pass", "fail", "todo"):
            raise ValueError(f"status must be 'pass', 'fail' or 'todo', got {self.status!r}")

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


class StudentMistake(TypeError):
    """Raised inside a check when the student's function cannot be checked at all.

    (not a function, returned None, raised, ran too long, changed its input,
    returned something that is not numbers). :func:`run_check` turns it into a
    failed Feedback whose message is the hint; a TypeError, so code that called
    :func:`as_array` outside a check still gets the documented error.
    """


TIME_LIMIT = 10.0  # seconds one call of the student's function may take (every exercise runs in well under 1 s)


def call_student(func: Callable[..., Any], *args: Any, allow_none: bool = False, changed_hint: str = "",
                 **kwargs: Any) -> Any:
    """Call the student's function and return its result.

    The stub's NotImplementedError becomes "not done yet". Every other way the
    call can go wrong becomes a :class:`StudentMistake` with a hint, reported by
    :func:`run_check` as a failed check: ``func`` is not callable, it raises
    (the hint names the exception and the line of the student's code), it runs
    longer than ``TIME_LIMIT`` seconds, it changes an array or tensor argument
    in place (``changed_hint`` replaces the generic advice), or it returns None
    (a forgotten ``return``) unless ``allow_none``.
    """
    if not callable(func):
        raise StudentMistake(f"expected your function, got {type(func).__name__}: pass the function itself, "
                             "without calling it (check(my_function), not check(my_function(...))).")
    before = [_snapshot(a) for a in args]
    try:
        with _time_limit(TIME_LIMIT):
            result = func(*args, **kwargs)
    except NotImplementedError as exc:
        raise _NotDone() from exc
    except _TimeUp:
        raise StudentMistake(f"your function ran for more than {TIME_LIMIT:g} s and was stopped: look for a loop "
                             "that never ends (a while whose condition never changes).") from None
    except Exception as exc:  # the student's own bug: a hint naming it, not a traceback through the check
        raise StudentMistake(f"your function raised {type(exc).__name__}: {exc}{_where(exc)}.") from exc
    for position, (arg, copy) in enumerate(zip(args, before)):
        if copy is not None and not _unchanged(arg, copy):
            raise StudentMistake(f"your function changed its argument {_arg_name(func, position)} in place: "
                                 + (changed_hint or "work on a copy (x = x.copy()) or build a new array (x = x + ...)."))
    if result is None and not allow_none:
        raise StudentMistake("your function returned None: did you forget the `return` at the end?")
    return result


def _snapshot(arg: Any) -> Any:
    """A copy of an array or tensor argument (to notice in-place changes), else None."""
    if isinstance(arg, np.ndarray):
        return arg.copy()
    if hasattr(arg, "detach") and hasattr(arg, "clone"):  # a torch tensor, without importing torch
        return arg.detach().clone()
    return None


def _unchanged(arg: Any, copy: Any) -> bool:
    if isinstance(arg, np.ndarray):
        return arg.shape == copy.shape and bool(np.array_equal(arg, copy, equal_nan=True))
    now = arg.detach()
    return now.shape == copy.shape and bool(((now == copy) | (now.isnan() & copy.isnan())).all())


def _arg_name(func: Callable, position: int) -> str:
    try:
        params = list(inspect.signature(func).parameters.values())[:position + 1]
    except (TypeError, ValueError):  # a builtin without a signature
        params = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if len(params) == position + 1 and all(p.kind in positional for p in params):
        return f"`{params[-1].name}`"
    return f"number {position + 1}"


def _where(exc: BaseException) -> str:
    """ ' (line N of your code: <source>)' for the student's deepest frame outside the package, or ''."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(_NOT_STUDENT_CODE)]
    if not frames:
        return ""
    frame = frames[-1]
    code = f": {frame.line.strip()}" if frame.line else ""
    return f" (line {frame.lineno} of your code{code})"


# The package, the standard library and installed libraries (NumPy, torch): never the student's line.
_NOT_STUDENT_CODE = tuple({os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           *(sysconfig.get_paths()[key] for key in ("stdlib", "purelib", "platlib"))})


class _TimeUp(BaseException):
    """Raised by the timer when the student's function runs past the time limit.

    A BaseException, so a student's ``except Exception:`` cannot swallow it.
    """


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after ``seconds`` (SIGALRM, main thread only; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_check(exercise: str, body: Callable[[], Feedback]) -> Feedback:
    """Run a check body, reporting the stub as "not done yet" and a :class:`StudentMistake` as its hint.

    body : a function that calls the student's code through :func:`call_student`
        and returns :func:`passed` or :func:`failed` (which print).
    """
    try:
        return body()
    except _NotDone:
        return not_done(exercise)
    except StudentMistake as mistake:
        return failed(exercise, str(mistake))


def as_array(value: Any, what: str) -> np.ndarray:
    """The student's result as a float64 array, or a clear TypeError."""
    if hasattr(value, "detach"):  # a torch tensor, perhaps one that requires grad or lives on a GPU
        value = value.detach().cpu()
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "US":
            raise TypeError("text is not a number")  # NumPy would read "2.4" as 2.4 without a word
        if raw.dtype.kind == "O" and any(v is None for v in raw.ravel()):  # NumPy would read None as NaN
            raise StudentMistake(f"{what} holds None: did a function you call forget its `return`?")
        arr = np.asarray(value, dtype=np.float64)
    except StudentMistake:
        raise
    except (TypeError, ValueError, RuntimeError) as exc:
        raise StudentMistake(f"{what} should be a number or a NumPy array, got {type(value).__name__}"
                             f"{_shown(value)}.") from exc
    return arr


def as_number(value: Any, what: str) -> float:
    """The student's result as one float, or a :class:`StudentMistake` saying what came instead."""
    arr = as_array(value, what)
    if arr.size != 1:
        raise StudentMistake(f"{what} should be one number, got an array of shape {arr.shape}.")
    return float(arr.reshape(()))


def as_pair(value: Any, what: str) -> tuple[Any, Any]:
    """The student's result unpacked as a pair, or a :class:`StudentMistake` saying what came instead."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        size = f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""
        raise StudentMistake(f"{what} should be a pair (two values, return a, b), got {type(value).__name__}{size}.")
    return value[0], value[1]


def _shown(value: Any) -> str:
    text = repr(value)
    return f" {text}" if len(text) <= 60 else ""


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
    bad = ~np.isfinite(got_arr)
    if bad.any() and np.isfinite(expected).all():
        return failed(exercise, f"{what} contains NaN or inf ({int(bad.sum())} of {bad.size} entries): look for a "
                                "division by zero, a log of 0 or an exp of a large number.")
    for test, message in hints:
        try:
            if test(got_arr):
                return failed(exercise, message)
        except (ValueError, FloatingPointError):
            continue
    return failed(exercise, f"{what} is not right yet (expected {np.array2string(expected, precision=4)}, got {np.array2string(got_arr, precision=4)}).")
