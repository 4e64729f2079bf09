"""The sandbox a check calls the student's function in.

:func:`call_student` turns every way the student's function can fail into a
hint instead of a traceback from inside the check: the stub's
NotImplementedError is "not done yet" (:class:`NotDone`); raising, running
past the time limit, changing an argument in place or returning None is a
:class:`StudentMistake` whose text is the hint.
"""

from __future__ import annotations

import contextlib
import contextvars
import dis
import functools
import inspect
import os
import signal
import sys
import sysconfig
import threading
import time
import traceback
from typing import Any, Callable

import numpy as np

from .report import NOT_DONE

class NotDone(Exception):
    """Raised inside a check when the student's code is still the stub (args[0]: the message)."""


class StudentMistake(TypeError):
    """Raised inside a check when the student's function cannot be checked at all.

    (not a function, returned None, raised, ran too long, changed its input,
    returned something that is not numbers). :func:`~course_utils.checks.exercise.run_check` turns it into a
    failed Feedback whose message is the hint; a TypeError, so code that called
    :func:`as_array` outside a check still gets the documented error.
    """


TIME_LIMIT = 10.0  # seconds one call of the student's function may take (every exercise runs in well under 1 s)

# The functions a running check has passed to call_student (so that use() knows which function passed).
CHECKED: contextvars.ContextVar[list | None] = contextvars.ContextVar("checked", default=None)


def call_student(func: Callable[..., Any], *args: Any, allow_none: bool = False, changed_hint: str = "",
                 **kwargs: Any) -> Any:
    """Call the student's function and return its result.

    The stub's NotImplementedError (raised in the student's own code) becomes
    "not done yet". Every other way the call can go wrong becomes a
    :class:`StudentMistake` with a hint, reported by :func:`~course_utils.checks.exercise.run_check` as a
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
        raise NotDone(f"not done yet: `{stand_in}` is the course's version now (checks.use put it in place of yours): "
                       f"run the cell that defines your `{stand_in}` again, then this check.")
    checked = CHECKED.get()
    if checked is not None:
        checked.append(func)
    before = [(i, arg, _snapshot(arg)) for i, arg in enumerate(args)]
    before += [(name, arg, _snapshot(arg)) for name, arg in kwargs.items()]
    try:
        with _time_limit(TIME_LIMIT):
            result = func(*args, **kwargs)
    except NotImplementedError as exc:
        if not raised_by_student(exc):  # a library's (say torch on an unsupported type), not a stub
            raise StudentMistake(f"your function raised NotImplementedError: {short(exc)}{where(exc)}.") from exc
        frames = student_frames(exc)
        stub, own = frames[-1].name, getattr(func, "__name__", "")
        if own and stub not in (own, "<lambda>", "<module>") and len(frames) > 1:
            raise NotDone(f"not done yet: it calls `{stub}`, which still raises NotImplementedError "
                           "(finish that exercise first).") from exc
        raise NotDone(NOT_DONE) from exc
    except _TimeUp as exc:
        raise StudentMistake(f"your function ran for more than {TIME_LIMIT:g} s and was stopped{where(exc, 'at')}: "
                             "look for a loop that never ends (a while whose condition never changes).") from None
    except RecursionError as exc:
        raise StudentMistake(f"your function raised RecursionError{where(exc)}: a function that calls itself "
                             "needs a case that stops the calls.") from exc
    except Exception as exc:  # the student's own bug: a hint naming it, not a traceback through the check
        raise StudentMistake(f"your function raised {type(exc).__name__}: {short(exc)}{where(exc)}.") from exc
    except KeyboardInterrupt:
        raise  # the stop button: stop the check too
    except BaseException as exc:  # sys.exit(), GeneratorExit, a BaseException of the student's own
        what = "called sys.exit()" if isinstance(exc, SystemExit) else f"raised {type(exc).__name__}"
        raise StudentMistake(f"your function {what}{where(exc)}: a function hands back its result with `return`; "
                             "sys.exit and exceptions outside Exception stop the whole notebook, not the function.") from None
    for key, arg, copy in before:
        if copy is not None and not _unchanged(arg, copy):
            name = _arg_name(func, key) if isinstance(key, int) else f"`{key}`"
            raise StudentMistake(f"your function changed its argument {name} in place: "
                                 + (changed_hint or "work on a copy (x = x.copy()) or build a new array (x = x + ...)."))
    if result is None and not allow_none:
        raise StudentMistake("your function returned None: did you forget the `return` at the end?")
    return result


def short(exc: BaseException, limit: int = 200) -> str:
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


def student_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    """The frames of the traceback in the student's code (outside the package and the libraries)."""
    return [f for f in traceback.extract_tb(exc.__traceback__) if not is_library(f.filename)]


def raised_by_student(exc: BaseException) -> bool:
    """Whether the exception was raised in the student's code (its deepest frame is theirs)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and not is_library(frames[-1].filename)


def where(exc: BaseException, preposition: str = "line") -> str:
    """ ' (line N of your code: <source>)' for the student's deepest frame, or ''."""
    frames = student_frames(exc)
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


def is_library(filename: str) -> bool:
    return filename.startswith(_NOT_STUDENT_CODE) or filename.startswith("<frozen ")


CHECK_TIME_LIMIT = 60.0  # seconds one whole check may take, all its cases together (each runs in well under 5 s)


@contextlib.contextmanager
def whole_check_limit():
    """Stop a check's whole run after ``CHECK_TIME_LIMIT`` seconds, as a StudentMistake that states the bound.

    One call of the student's code has its own limit (``TIME_LIMIT``); this bounds the rest, such as
    retraining a state string the student pasted.
    """
    try:
        with _time_limit(CHECK_TIME_LIMIT):
            yield
    except _TimeUp:
        raise StudentMistake(f"the check stopped after {CHECK_TIME_LIMIT:g} s, the most one check may run: what it "
                             "was asked to run is too long (fewer epochs, a larger batch, a smaller network).") from None


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


AGAIN = 0.005  # seconds between the timer's raises once the time is up


@contextlib.contextmanager
def _alarm_limit(seconds: float):
    """Raise :class:`_TimeUp` after ``seconds``; then trip the student's code where no ``try`` covers it.

    A student's ``except:`` (or ``except BaseException:``) inside a loop would swallow a raise and
    go on. So once the time is up, every frame of the student's code on the stack (and any it
    calls) raises at its next instruction that no ``try`` covers (the loop's own jump, the handler's
    end), where nothing of theirs can catch it; the timer re-arms this every ``AGAIN`` s, since a
    trace function that raised is switched off. The check's own frames are never interrupted after
    the first raise, so the code that reports the stop is not cut short.
    """
    fired, tripped = False, {}  # id -> a frame of the student's that the trip wire was set on

    def on_alarm(signum, frame):
        nonlocal fired
        tripped.update((id(f), f) for f in _trip(frame))  # each alarm re-arms it: keep each frame once
        if fired and (frame is None or is_library(frame.f_code.co_filename) or not _uncovered(frame)):
            return  # the trip wire raises at the next uncovered instruction (or this timer, a moment later)
        fired = True
        raise _TimeUp()

    previous_trace = sys.gettrace()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds, AGAIN)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.settrace(previous_trace)
        for frame in tripped.values():  # a notebook cell's frame, say: it runs on after the check, untripped
            frame.f_trace, frame.f_trace_opcodes = None, False
        if outer_delay > 0:  # someone else's timer: give it back what it had left (at least a moment)
            left = max(outer_delay - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)


@functools.lru_cache(maxsize=256)
def _covered(code) -> tuple[tuple[int, int], ...] | None:
    """The bytecode ranges of ``code`` (start, end) that a ``try`` covers; None where Python keeps no table (3.10)."""
    parse = getattr(dis, "_parse_exception_table", None)
    return None if parse is None else tuple((entry.start, entry.end) for entry in parse(code))


def _uncovered(frame) -> bool:
    """Whether an exception raised at the frame's current instruction leaves the frame (no ``try`` of it covers
    it). Python 3.10 keeps no exception table: there every instruction counts, and a loop whose ``except``
    swallows everything is stopped only when a raise happens to land outside its ``try``."""
    ranges = _covered(frame.f_code)
    return ranges is None or not any(start <= frame.f_lasti < end for start, end in ranges)


def _tripwire(frame, event, arg):
    """Once the time is up: raise in the student's frame at an instruction no ``try`` covers."""
    if is_library(frame.f_code.co_filename):
        return None
    frame.f_trace_opcodes = True
    if event == "opcode" and _uncovered(frame):
        raise _TimeUp()
    return _tripwire


def _trip(frame) -> list:
    """Set the tripwire on every frame of the student's code on the stack, and on any new one; those frames."""
    sys.settrace(_tripwire)
    tripped = []
    while frame is not None:
        if not is_library(frame.f_code.co_filename):
            frame.f_trace, frame.f_trace_opcodes = _tripwire, True
            tripped.append(frame)
        frame = frame.f_back
    return tripped


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
        if is_library(frame.f_code.co_filename):
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
