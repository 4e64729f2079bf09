"""How an exercise check reports back to the student.

A check returns a :class:`Feedback` (so tests can assert on ``.passed`` and
``.message``) and prints it as one line. A student function that still raises
``NotImplementedError`` (the stub of the student edition) is reported as
"not done yet" instead of a traceback, so the notebook runs top to bottom.
So is every other way the student's function can fail the check (it raises,
returns None or something that is not numbers, changes its input, never
stops): a failed check with a hint, never a traceback from inside the check.

Each check module has one :class:`Lesson` (``lesson(__name__)``), which names its
notebook and can register its exercises (:meth:`Lesson.exercise`): a ladder of
hints, general to specific, and the course's reference solution. Every check
records its outcome in the student's progress file (``course_utils.progress``);
a failed check then shows the next hint, and the third failed check the
reference solution, folded. The lesson's :meth:`~Lesson.hint`,
:meth:`~Lesson.solution`, :meth:`~Lesson.use` and :meth:`~Lesson.progress`
are what a notebook calls (``checks.hint(mse)``, ``mse = checks.use(mse)``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import html
import inspect
import os
import re
import signal
import sys
import sysconfig
import textwrap
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np

from .. import progress as _progress
from ..validation import check_int, check_type

PASS_MARK = "✅"
FAIL_MARK = "❌"
TODO_MARK = "⏳"
HINT_MARK = "💡"
SOLUTION_AFTER = 3  # failed checks of one exercise before its reference solution is shown


@dataclass(frozen=True)
class Feedback:
    """The outcome of one exercise check.

    exercise : the exercise's name, as printed.
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


NOT_DONE = "not done yet: replace the `raise NotImplementedError` with your code."
CHECK_TRIPPED = "the check could not finish"  # the start of a check's message when the check itself raised


def passed(exercise: str, message: str = "correct, well done.") -> Feedback:
    return _report(Feedback(exercise, "pass", message))


def failed(exercise: str, hint: str) -> Feedback:
    return _report(Feedback(exercise, "fail", hint))


def not_done(exercise: str, message: str = NOT_DONE) -> Feedback:
    return _report(Feedback(exercise, "todo", message))


def _report(feedback: Feedback) -> Feedback:
    print(feedback)
    return feedback


class _NotDone(Exception):
    """Raised inside a check when the student's code is still the stub (args[0]: the message)."""


class StudentMistake(TypeError):
    """Raised inside a check when the student's function cannot be checked at all.

    (not a function, returned None, raised, ran too long, changed its input,
    returned something that is not numbers). :func:`run_check` turns it into a
    failed Feedback whose message is the hint; a TypeError, so code that called
    :func:`as_array` outside a check still gets the documented error.
    """


TIME_LIMIT = 10.0  # seconds one call of the student's function may take (every exercise runs in well under 1 s)

# The functions a running check has passed to call_student (for Lesson.use).
_CHECKED: contextvars.ContextVar[list | None] = contextvars.ContextVar("checked", default=None)


def call_student(func: Callable[..., Any], *args: Any, allow_none: bool = False, changed_hint: str = "",
                 **kwargs: Any) -> Any:
    """Call the student's function and return its result.

    The stub's NotImplementedError (raised in the student's own code) becomes
    "not done yet". Every other way the call can go wrong becomes a
    :class:`StudentMistake` with a hint, reported by :func:`run_check` as a
    failed check: ``func`` is not callable, it raises (the hint names the
    exception and the line of the student's code), it runs longer than
    ``TIME_LIMIT`` seconds (see :func:`_time_limit`), it changes an array or
    tensor argument in place, positional or keyword (``changed_hint`` replaces
    the generic advice), or it returns None (a forgotten ``return``) unless ``allow_none``.
    """
    if not callable(func):
        raise StudentMistake(f"expected your function, got {type(func).__name__}: pass the function itself, "
                             "without calling it (check(my_function), not check(my_function(...))).")
    stand_in = getattr(func, "__course_stand_in__", None)
    if stand_in is not None:
        raise _NotDone(f"not done yet: `{stand_in}` is the course's version now (checks.use put it in place of yours): "
                       f"run the cell that defines your `{stand_in}` again, then this check.")
    checked = _CHECKED.get()
    if checked is not None:
        checked.append(func)
    before = [(i, arg, _snapshot(arg)) for i, arg in enumerate(args)]
    before += [(name, arg, _snapshot(arg)) for name, arg in kwargs.items()]
    try:
        with _time_limit(TIME_LIMIT):
            result = func(*args, **kwargs)
    except NotImplementedError as exc:
        if not _raised_by_student(exc):  # a library's (say torch on an unsupported type), not a stub
            raise StudentMistake(f"your function raised NotImplementedError: {_short(exc)}{_where(exc)}.") from exc
        frames = _student_frames(exc)
        stub, own = frames[-1].name, getattr(func, "__name__", "")
        if own and stub not in (own, "<lambda>", "<module>") and len(frames) > 1:
            raise _NotDone(f"not done yet: it calls `{stub}`, which still raises NotImplementedError "
                           "(finish that exercise first).") from exc
        raise _NotDone(NOT_DONE) from exc
    except _TimeUp as exc:
        raise StudentMistake(f"your function ran for more than {TIME_LIMIT:g} s and was stopped{_where(exc, 'at')}: "
                             "look for a loop that never ends (a while whose condition never changes).") from None
    except RecursionError as exc:
        raise StudentMistake(f"your function raised RecursionError{_where(exc)}: a function that calls itself "
                             "needs a case that stops the calls.") from exc
    except Exception as exc:  # the student's own bug: a hint naming it, not a traceback through the check
        raise StudentMistake(f"your function raised {type(exc).__name__}: {_short(exc)}{_where(exc)}.") from exc
    except KeyboardInterrupt:
        raise  # the stop button: stop the check too
    except BaseException as exc:  # sys.exit(), GeneratorExit, a BaseException of the student's own
        what = "called sys.exit()" if isinstance(exc, SystemExit) else f"raised {type(exc).__name__}"
        raise StudentMistake(f"your function {what}{_where(exc)}: a function hands back its result with `return`; "
                             "sys.exit and exceptions outside Exception stop the whole notebook, not the function.") from None
    for key, arg, copy in before:
        if copy is not None and not _unchanged(arg, copy):
            name = _arg_name(func, key) if isinstance(key, int) else f"`{key}`"
            raise StudentMistake(f"your function changed its argument {name} in place: "
                                 + (changed_hint or "work on a copy (x = x.copy()) or build a new array (x = x + ...)."))
    if result is None and not allow_none:
        raise StudentMistake("your function returned None: did you forget the `return` at the end?")
    return result


def _short(exc: BaseException, limit: int = 200) -> str:
    text = str(exc)
    return text if len(text) <= limit else text[:limit] + "..."


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


def _student_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    """The frames of the traceback in the student's code (outside the package and the libraries)."""
    return [f for f in traceback.extract_tb(exc.__traceback__) if not _is_library(f.filename)]


def _raised_by_student(exc: BaseException) -> bool:
    """Whether the exception was raised in the student's code (its deepest frame is theirs)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and not _is_library(frames[-1].filename)


def _where(exc: BaseException, preposition: str = "line") -> str:
    """ ' (line N of your code: <source>)' for the student's deepest frame, or ''."""
    frames = _student_frames(exc)
    if not frames:
        return ""
    frame = frames[-1]
    code = f": {frame.line.strip()}" if frame.line else ""
    if preposition == "at":
        return f" at line {frame.lineno} of your code{code}"
    return f" (line {frame.lineno} of your code{code})"


# The package, the standard library and installed libraries (NumPy, torch): never the student's line.
_NOT_STUDENT_CODE = tuple({os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ""),
                           *(os.path.join(sysconfig.get_paths()[key], "") for key in ("stdlib", "purelib", "platlib"))})


def _is_library(filename: str) -> bool:
    return filename.startswith(_NOT_STUDENT_CODE) or filename.startswith("<frozen ")


class _TimeUp(BaseException):
    """Raised by the timer when the student's function runs past the time limit.

    A BaseException, so a student's ``except Exception:`` cannot swallow it.
    """


def _alarm_usable() -> bool:
    """Whether SIGALRM can interrupt this call: a POSIX timer, the main thread, a Python-level handler."""
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) is not None)


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Stop the block after ``seconds`` by raising :class:`_TimeUp` inside it.

    In the main thread of a POSIX system a SIGALRM timer interrupts it (a timer
    already running, say pytest-timeout's, is put back afterwards with the time
    it had left). Elsewhere (Windows, another thread) a trace function
    (``sys.settrace``, this thread only) looks at the clock at each instruction
    of the student's code and at each function call: it stops any loop of Python code,
    but not one long call into compiled code (one huge NumPy operation), which
    ends first.
    """
    if _alarm_usable():
        with _alarm_limit(seconds):
            yield
    else:
        with _traced_limit(seconds):
            yield


@contextlib.contextmanager
def _alarm_limit(seconds: float):
    def on_alarm(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay > 0:  # someone else's timer: give it back what it had left (at least a moment)
            left = max(outer_delay - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)


@contextlib.contextmanager
def _traced_limit(seconds: float):
    deadline = time.monotonic() + seconds

    def on_event(frame, event, arg):
        if time.monotonic() > deadline:
            raise _TimeUp()  # raised in the traced frame; CPython then switches tracing off
        return on_event

    def on_call(frame, event, arg):
        if time.monotonic() > deadline:
            raise _TimeUp()
        if _is_library(frame.f_code.co_filename):
            return None  # library code runs at full speed; its calls still pass through here
        # Every instruction, not only every line: `while True: pass` is one line that never starts another.
        frame.f_trace_opcodes = True
        return on_event

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(previous)


def run_check(exercise: "str | Exercise", body: Callable[[], Feedback], *, lesson: "Lesson | None" = None) -> Feedback:
    """Run a check body, reporting the stub as "not done yet" and a :class:`StudentMistake` as its hint.

    body : a function that calls the student's code through :func:`call_student`
        and returns :func:`passed` or :func:`failed` (which print).
    exercise : the exercise's name (as the body prints it) or its :class:`Exercise`.
    lesson : the :class:`Lesson` it belongs to; by default the lesson of the
        module that defines ``body``.

    Anything else the body raises is a failed check naming the error, not a
    traceback: the student's code, reached without :func:`call_student` (a
    method of an object it returned: its stub is "not done yet"), or the check
    itself tripping over an odd result (``CHECK_TRIPPED``). The
    outcome is recorded in the progress file; a failure then shows the next
    hint of the exercise's ladder, and the ``SOLUTION_AFTER``-th failure its solution.
    """
    name = exercise.name if isinstance(exercise, Exercise) else exercise
    if lesson is None:
        lesson = _lesson_of_exercise(exercise) or _lesson_for(getattr(body, "__module__", None) or "__main__")
    checked: list = []
    token = _CHECKED.set(checked)
    try:
        result = body()
    except _NotDone as todo:
        result = not_done(name, todo.args[0] if todo.args else NOT_DONE)
    except StudentMistake as mistake:
        result = failed(name, str(mistake))
    except NotImplementedError as exc:  # a stub the check reached without call_student (a method of a returned object)
        result = (not_done(name) if _raised_by_student(exc) else
                  failed(name, f"{CHECK_TRIPPED} (NotImplementedError: {_short(exc, 120)})."))
    except Exception as exc:
        if _raised_by_student(exc):  # the student's code, called by the check without call_student
            result = failed(name, f"your code raised {type(exc).__name__}: {_short(exc)}{_where(exc)}.")
        else:
            result = failed(name, f"{CHECK_TRIPPED} ({type(exc).__name__}: {_short(exc, 120)}): check that "
                                  "your function returns what the exercise asks for (its type and shape).")
    finally:
        _CHECKED.reset(token)
    if isinstance(result, Feedback):
        lesson._record(name, result, checked)
    return result


# --- turning the student's result into numbers -----------------------------------

def as_array(value: Any, what: str) -> np.ndarray:
    """The student's result as a float64 array, or a clear TypeError (a :class:`StudentMistake`)."""
    if hasattr(value, "detach"):  # a torch tensor, perhaps one that requires grad or lives on a GPU
        value = value.detach().cpu()
    elif isinstance(value, (list, tuple)) and any(hasattr(v, "detach") for v in value):
        value = [v.detach().cpu() if hasattr(v, "detach") else v for v in value]  # a list of tensors
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "US":
            raise TypeError("text is not a number")  # NumPy would read "2.4" as 2.4 without a word
        if raw.dtype.kind == "O" and any(v is None for v in raw.ravel()):  # NumPy would read None as NaN
            raise StudentMistake(f"{what} holds None: did a function you call forget its `return`?")
        if raw.dtype.kind == "c" or (raw.dtype.kind == "O" and any(isinstance(v, complex) for v in raw.ravel())):
            raise StudentMistake(f"{what} holds complex numbers: a square root or a fractional power of a "
                                 "negative number? (NumPy would drop the imaginary part without a word)")
        arr = np.asarray(value, dtype=np.float64)
    except StudentMistake:
        raise
    except (TypeError, ValueError, RuntimeError) as exc:
        raise StudentMistake(f"{what} should be a number or a NumPy array, got {type(value).__name__}"
                             f"{_shown(value)}{_ragged(value)}.") from exc
    return arr


def _ragged(value: Any) -> str:
    if isinstance(value, (list, tuple)) and value:
        sizes = {np.shape(v) if not isinstance(v, (str, bytes)) else "text" for v in value}
        if len(sizes) > 1:
            return " whose items differ in shape (NumPy cannot stack them into one array)"
    return ""


def as_number(value: Any, what: str) -> float:
    """The student's result as one float, or a :class:`StudentMistake` saying what came instead."""
    arr = as_array(value, what)
    if arr.size != 1:
        per_row = " (one value per row? reduce over the batch, e.g. with .mean())" if arr.ndim == 1 else ""
        raise StudentMistake(f"{what} should be one number, got an array of shape {arr.shape}{per_row}.")
    return float(arr.reshape(()))


def as_pair(value: Any, what: str) -> tuple[Any, Any]:
    """The student's result unpacked as a pair, or a :class:`StudentMistake` saying what came instead."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        size = f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""
        raise StudentMistake(f"{what} should be a pair (two values, return a, b), got {type(value).__name__}{size}.")
    return value[0], value[1]


def expect_array(value: Any, what: str) -> np.ndarray:
    """The student's result as a float64 array when it is a NumPy array (or tensor), else a :class:`StudentMistake`.

    For results that later cells use as arrays: a list of the right numbers is
    refused with a hint (``np.array(...)``) instead of passing and failing later.
    """
    if not (isinstance(value, np.ndarray) or hasattr(value, "detach")):
        raise StudentMistake(f"{what} should be a NumPy array, got {type(value).__name__}: build it with NumPy "
                             "operations, or wrap the values in np.array(...).")
    return as_array(value, what)


def _shown(value: Any) -> str:
    text = repr(value)
    return f" {text}" if len(text) <= 60 else ""


def close(a: np.ndarray, b: np.ndarray) -> bool:
    """Same shape and equal up to rounding: how a hint recognises a typical mistake."""
    return a.shape == b.shape and bool(np.allclose(a, b))


def _dtype_of(value: Any) -> np.dtype | None:
    """The NumPy dtype the student's result had (a tensor's too), before it became float64."""
    if isinstance(value, np.ndarray | np.generic):
        return value.dtype
    dtype = getattr(value, "dtype", None)
    if dtype is not None and hasattr(value, "detach"):  # torch.float32 -> float32
        try:
            return np.dtype(str(dtype).removeprefix("torch."))
        except TypeError:
            return None
    return None


def compare(exercise: str, got: Any, expected: np.ndarray, hints: list[tuple[Callable[[np.ndarray], bool], str]],
            what: str = "your result", rtol: float = 1e-6, atol: float = 1e-8, *,
            require_array: bool = False) -> Feedback:
    """Pass when ``got`` matches ``expected``; otherwise the first hint whose test matches ``got``.

    hints : (test, message) pairs; ``test(got_array)`` says whether this typical
        mistake explains the answer (e.g. "equals -expected" → wrong sign). A
        test that raises counts as not matching.
    require_array : refuse a list or tuple (see :func:`expect_array`).

    Without a matching hint, the message still names what is off when it can:
    the shape (transposed, one value per row, one number for an array), a
    float32/float16 result that is right only to a few digits, whole numbers
    (an integer array) where fractions were expected, NaN or inf.
    """
    got_arr = expect_array(got, what) if require_array else as_array(got, what)
    expected = np.asarray(expected, dtype=np.float64)
    if got_arr.shape != expected.shape:
        return failed(exercise, f"{what} has shape {got_arr.shape}, expected {expected.shape}{_shape_hint(got_arr, expected)}.")
    with np.errstate(all="ignore"):
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
            except Exception:  # a hint's test that cannot even run on this answer does not describe it
                continue
        dtype = _dtype_of(got)
        if dtype is not None and dtype.kind == "f" and dtype.itemsize < 8 and np.allclose(got_arr, expected, rtol=1e-3, atol=1e-5):
            return failed(exercise, f"{what} is {dtype.name}: right to about {3 if dtype.itemsize == 2 else 7} digits "
                                    "only. Compute in float64 (NumPy's default; a tensor: .double()).")
        if (dtype is not None and dtype.kind in "iub" and not np.allclose(expected, np.round(expected))
                and (np.allclose(got_arr, np.trunc(expected)) or np.allclose(got_arr, np.round(expected)))):
            return failed(exercise, f"{what} holds whole numbers ({dtype.name}): the fractions were cut off. An array made "
                                    "with dtype=int (or np.zeros_like of an int array) keeps only whole numbers: use floats.")
    return failed(exercise, f"{what} is not right yet (expected {np.array2string(expected, precision=4)}, got {np.array2string(got_arr, precision=4)}).")


Hints = list[tuple[Callable[[np.ndarray], bool], str]]  # (test, message) pairs, as compare takes


def compare_cases(exercise: str, cases: Iterable[tuple[str, Callable[[], Any], np.ndarray, Hints]], what: str, *,
                  require_array: bool = False, advice: str = "") -> Feedback:
    """Pass when the student's result matches on every case; else report the first case that does not.

    cases : (label, get, expected, hints) each; ``get()`` calls the student's function
        (through ``call_student``), lazily, so a later case is only tried once the
        earlier ones match. label : the input in words ("X of shape (7, 4)"), named in
        the message of every case after the first. hints : as for :func:`compare`,
        whose tolerance a case must meet too.
    advice : added when a later case raises although the first ones matched (say,
        how to make code that works for the notebook's input work for any input).
    """
    first = None
    for label, get, expected, hints in cases:
        try:
            got = get()
        except StudentMistake as mistake:
            if first is None:
                raise
            raise StudentMistake(f"right for {first}, but for {label} {mistake}{advice and ' ' + advice}") from mistake
        arr = expect_array(got, what) if require_array else as_array(got, what)
        expected = np.asarray(expected, dtype=np.float64)
        with np.errstate(all="ignore"):  # the same tolerance as compare
            if arr.shape == expected.shape and np.allclose(arr, expected, rtol=1e-6, atol=1e-8):
                first = first or label
                continue
        with np.printoptions(linewidth=10**6):  # the message stays one line, however long the arrays
            return compare(exercise, got, expected, hints, what if first is None else f"{what} for {label}",
                           require_array=require_array)
    return passed(exercise)


def constant(g: np.ndarray) -> bool:
    """Whether every entry of ``g`` is the same number (an answer that ignores the input)."""
    return g.size > 1 and bool(np.all(g == g.flat[0]))


def _shape_hint(got: np.ndarray, expected: np.ndarray) -> str:
    if got.ndim == 2 and got.shape == expected.shape[::-1]:
        return ": transposed (check the order of a matrix product, or a missing or extra .T)"
    if expected.ndim == 0 and got.ndim == 1:
        return ": one value per row; reduce over the batch (mean or sum) to one number"
    if got.size == 1 and expected.size > 1:
        return ": one number where an array was expected (a sum or mean taken too early)"
    if got.size == expected.size:
        return ": the right number of entries in another shape (reshape, or reduce over the other axis)"
    return ""


# --- lessons, exercises, hints, solutions, the reference fallback --------------------

# Check module -> the notebook its progress is recorded under (the module's own name
# when it is not listed; a lesson can also name its notebook itself).
NOTEBOOKS = {
    "neuron": "01_neuron", "perceptron": "02_perceptron", "activations": "03_activations", "loss": "04_loss",
    "backprop": "05_backprop", "mnist": "06_mnist_training", "depth": "07_depth_vs_width",
    "playground": "07_depth_vs_width",
}


@dataclass(frozen=True)
class Exercise:
    """One exercise of a lesson.

    name : as its check prints it. number : "Exercise N" in the notebook (or None).
    function : the name of the function the student writes (to find the exercise from it).
    hints : the ladder, general to specific. reference : the course's version (used by
    :meth:`Lesson.use`, and its source is the solution unless ``solution`` is given).
    """

    name: str
    number: int | None = None
    function: str = ""
    hints: tuple[str, ...] = ()
    reference: Callable | None = None
    solution: str = ""

    def solution_text(self) -> str:
        if self.solution:
            return textwrap.dedent(self.solution).strip("\n")
        if self.reference is not None:
            try:
                return textwrap.dedent(inspect.getsource(self.reference)).strip("\n")
            except (OSError, TypeError):
                return ""
        return ""


_EXERCISE_NUMBER = re.compile(r"^\s*exercise\s+(\d+)\b", re.IGNORECASE)


class Lesson:
    """The exercises of one notebook, and what the notebook calls besides the checks.

    Made once per check module by :func:`lesson`. Its state: the registered
    exercises, and for each exercise the outcome of its last check in this
    session with the functions it checked (so :meth:`use` knows whether the
    student's function passed). Attempts and hints shown are kept in the progress file.
    """

    def __init__(self, notebook: str, module: str = "") -> None:
        self.notebook = check_type(notebook, str, "notebook", "a notebook name such as '04_loss'")
        self.module = module
        self.exercises: dict[str, Exercise] = {}
        self._last: dict[str, tuple[str, tuple]] = {}

    def __repr__(self) -> str:
        return f"Lesson({self.notebook!r}, exercises={list(self.exercises)})"

    def exercise(self, name: str, *, number: int | None = None, function: str = "", hints: tuple[str, ...] | list[str] = (),
                 reference: Callable | None = None, solution: str = "") -> Exercise:
        """Register an exercise (again: replaces it) and return it; pass it to :func:`run_check`, or its name."""
        check_type(name, str, "name", "the exercise's name as its check prints it")
        if not name.strip():
            raise ValueError("name must not be empty")
        if number is not None:
            check_int(number, "number", minimum=1)
        check_type(function, str, "function", "the name of the student's function")
        check_type(hints, (tuple, list), "hints", "a list of hint strings, general to specific")
        for i, text in enumerate(hints):
            check_type(text, str, f"hints[{i}]", "a string")
        if reference is not None and not callable(reference):
            raise TypeError(f"reference must be the course's function (callable), got {type(reference).__name__}")
        check_type(solution, str, "solution", "the solution's code as a string")
        ex = Exercise(name, number, function, tuple(hints), reference, solution)
        self.exercises[name] = ex
        return ex

    def find(self, which: Any) -> Exercise:
        """The exercise named by ``which``: an :class:`Exercise`, the student's function (or its name),
        the exercise's name, its number (3 or "Exercise 3")."""
        if isinstance(which, Exercise):
            return which
        candidates = list(self.exercises.values())
        if callable(which):
            for name, (_, funcs) in self._last.items():
                if any(f is which for f in funcs):
                    return self.exercises.get(name, Exercise(name))
            which = getattr(which, "__name__", "")
        if isinstance(which, str) and _EXERCISE_NUMBER.match(which):
            which = int(_EXERCISE_NUMBER.match(which).group(1))
        if isinstance(which, int) and not isinstance(which, bool):
            found = [ex for ex in candidates if ex.number == which]
        elif isinstance(which, str):
            found = [ex for ex in candidates if which in (ex.name, ex.function)]
            found = found or [Exercise(name) for name, (_, funcs) in self._last.items()
                              if name == which or any(getattr(f, "__name__", None) == which for f in funcs)]
        else:
            raise TypeError(f"exercise must be the exercise's name, its number or your function, got {type(which).__name__}")
        if not found:
            known = [f"{ex.name!r}" + (f" (Exercise {ex.number})" if ex.number else "") for ex in candidates]
            known += [repr(name) for name in self._last if name not in self.exercises]
            raise ValueError(f"exercise {which!r} is not one of notebook {self.notebook}'s exercises"
                             + (f": choose one of {', '.join(known)}" if known else " (none is registered or checked yet)"))
        return found[0]

    def _siblings(self) -> list["Lesson"]:
        """This lesson, then the other check modules' lessons of the same notebook (07 has two)."""
        return [self, *(one for one in _LESSONS.values() if one.notebook == self.notebook and one is not self)]

    def _owner(self, which: Any) -> "Lesson":
        """The lesson of this notebook that has the exercise ``which``, so that a notebook's ``checks``
        serves every exercise of the notebook, whichever check module registered it."""
        for one in self._siblings():
            try:
                one.find(which)
                return one
            except (TypeError, ValueError):
                continue
        return self  # whose find raises the error that names this notebook's exercises

    def hint(self, which: Any) -> None:
        """Print the next hint of the exercise's ladder (the last one again once all were shown)."""
        owner = self._owner(which)
        if owner is not self:
            return owner.hint(which)
        ex = self.find(which)
        solution = f" checks.solution({ex.name!r}) shows the course's solution." if ex.solution_text() else ""
        if not ex.hints:
            print(f"{HINT_MARK} {ex.name}: no hints beyond what its check says.{solution}")
            return
        entry = _progress.ProgressStore().update(self.notebook, ex.name, hint_shown=True, hints_available=len(ex.hints))
        last = " (the last one." + solution + ")" if entry.hints == len(ex.hints) and solution else ""
        print(f"{HINT_MARK} {ex.name}, hint {entry.hints} of {len(ex.hints)}: {ex.hints[entry.hints - 1]}{last}")

    def solution(self, which: Any) -> None:
        """Show the course's solution, folded (an HTML <details> in a notebook, plain text elsewhere)."""
        owner = self._owner(which)
        if owner is not self:
            return owner.solution(which)
        ex = self.find(which)
        text = ex.solution_text()
        if not text:
            print(f"{ex.name}: the course has no solution text for this exercise.")
            return
        _show_folded(f"The course's solution for {ex.name} (click to unfold)", text)

    def use(self, student: Any, which: Any = None, reference: Callable | None = None) -> Any:
        """``student`` when its check passed in this session, else the course's reference; one line says which.

        which : the exercise (see :meth:`find`); by default found from ``student`` itself.
        reference : the course's version; by default the exercise's registered reference.
        """
        if reference is not None and not callable(reference):
            raise TypeError(f"reference must be the course's function or class (a callable), "
                            f"got {type(reference).__name__} {reference!r:.60}")
        owner = self._owner(student if which is None else which)
        if owner is not self:
            return owner.use(student, which, reference)
        try:
            ex = self.find(student if which is None else which)
        except (TypeError, ValueError):
            if which is not None or reference is None:
                raise
            ex = Exercise(getattr(student, "__name__", "exercise"))
        ref = reference if reference is not None else ex.reference
        if ref is None:
            raise ValueError(f"reference: exercise {ex.name!r} has no registered reference; pass reference=<the course's function>")
        status, funcs = self._last.get(ex.name, (None, ()))
        label = getattr(student, "__name__", None) or ex.name
        if status == "pass" and any(f is student for f in funcs):
            print(f"{PASS_MARK} The next cells use your `{label}`.")
            return student
        why = {None: "has not been checked yet", "todo": "is unfinished", "fail": "did not pass its check",
               "pass": "changed after its check passed (run the check again)"}[status]
        print(f"↪ `{label}` {why}: the next cells use the course's version instead.")
        return _stand_in(ref, label)

    def progress(self) -> None:
        """Print which of this notebook's exercises passed (from the progress file).

        Once exercises are registered, only they are listed (an exercise renamed
        since an older run of the notebook is left out), those of every check module
        of the notebook, by exercise number (unnumbered ones last, in the order registered).
        """
        exercises = {name: ex for one in self._siblings() for name, ex in one.exercises.items()}
        names = sorted(exercises, key=lambda name: exercises[name].number or 10**6)  # stable: ties as registered
        store = _progress.ProgressStore()
        print(store.report(self.notebook, names, only_listed=bool(names)))

    def course_version(self, obj: Any, name: str = "") -> None:
        """Show the course's own version of what an exercise built (a function or class), folded.

        For the cell after a check: the answer is on screen only once the student
        has tried, and only when unfolded. name : how to call it (default: its module and name).
        """
        if not callable(obj):
            raise TypeError(f"obj must be the course's function or class, got {type(obj).__name__}")
        label = name or f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}".strip(".")
        try:
            text = textwrap.dedent(inspect.getsource(obj)).strip("\n")
        except (OSError, TypeError):
            text = f"(the source of {label} is not available here)"
        _show_folded(f"The course's version: {label} (click to unfold)", text)

    def exports(self) -> tuple[Callable, Callable, Callable, Callable, Callable]:
        """(hint, solution, use, progress, course_version): what a check module offers the notebook.

        A check module ends with ``hint, solution, use, progress, course_version = LESSON.exports()``,
        so that a notebook calls ``checks.hint("mse")`` or ``mse = checks.use(mse)``.
        """
        return self.hint, self.solution, self.use, self.progress, self.course_version

    def run_check(self, exercise: "str | Exercise", body: Callable[[], Feedback]) -> Feedback:
        return run_check(exercise, body, lesson=self)

    def _record(self, name: str, result: Feedback, checked: list) -> None:
        self._last[name] = (result.status, tuple(checked))
        ex = self.exercises.get(name)
        failed_now = result.status == "fail"
        entry = _progress.ProgressStore().update(
            self.notebook, name, status=result.status, failed=failed_now,
            hint_shown=failed_now and ex is not None and bool(ex.hints), hints_available=len(ex.hints) if ex else 0)
        if not failed_now or ex is None:
            return
        if ex.hints:
            print(f"   {HINT_MARK} hint {entry.hints} of {len(ex.hints)}: {ex.hints[entry.hints - 1]}")
        if ex.solution_text():
            if entry.attempts == SOLUTION_AFTER:
                _show_folded(f"After {SOLUTION_AFTER} tries, the course's solution for {ex.name} (click to unfold)",
                             ex.solution_text())
            elif entry.attempts > SOLUTION_AFTER:
                print(f"   checks.solution({ex.name!r}) shows the course's solution.")
            else:
                left = SOLUTION_AFTER - entry.attempts
                more = f"checks.hint({ex.name!r}) gives another hint; " if entry.hints < len(ex.hints) else ""
                print(f"   {more}the solution is shown after {left} more tr{'ies' if left > 1 else 'y'} "
                      f"(or now: checks.solution({ex.name!r})).")


def _stand_in(ref: Any, label: str) -> Any:
    """The course's function standing in for the student's, marked so that a check refuses it.

    ``x = checks.use(x)`` rebinds the student's name: running the check cell again
    would otherwise check (and record as passed) the course's code. A class (say
    an engine's ``Value``) stands in as itself: wrapping would change its type.
    """
    if not (inspect.isfunction(ref) or inspect.ismethod(ref)):
        return ref

    @functools.wraps(ref)
    def course_version(*args: Any, **kwargs: Any) -> Any:
        return ref(*args, **kwargs)

    course_version.__course_stand_in__ = label
    return course_version


_LESSONS: dict[str, Lesson] = {}


def lesson(module: str, notebook: str | None = None) -> Lesson:
    """The one :class:`Lesson` of a check module (``lesson(__name__)``), made on first use.

    notebook : the notebook its progress is recorded under; by default from
        ``NOTEBOOKS`` (the module's last name otherwise).
    """
    return _lesson_for(module, notebook)


def _lesson_for(module: str, notebook: str | None = None) -> Lesson:
    check_type(module, str, "module", "the check module's __name__")
    found = _LESSONS.get(module)
    if found is None:
        short = module.rsplit(".", 1)[-1]
        found = _LESSONS[module] = Lesson(notebook or NOTEBOOKS.get(short, short), module)
    elif notebook is not None and notebook != found.notebook:
        raise ValueError(f"notebook: module {module} already records its progress under {found.notebook!r}, got {notebook!r}")
    return found


def _lesson_of_exercise(exercise: Any) -> Lesson | None:
    if isinstance(exercise, Exercise):
        for candidate in _LESSONS.values():
            if candidate.exercises.get(exercise.name) is exercise:
                return candidate
    return None


def _in_notebook() -> bool:
    """Whether output goes to a notebook front end (a Jupyter kernel), which shows HTML."""
    module = sys.modules.get("IPython")
    shell = module.get_ipython() if module is not None else None
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _show_folded(summary: str, text: str) -> None:
    """``text`` under a heading: folded (<details>) in a notebook, indented plain text elsewhere."""
    if _in_notebook():
        from IPython.display import HTML, display

        display(HTML(f"<details><summary>{html.escape(summary, quote=False)}</summary>"
                     f"<pre><code>{html.escape(text, quote=False)}</code></pre></details>"))
    else:
        print(f"{summary}:\n{textwrap.indent(text, '    ')}")
