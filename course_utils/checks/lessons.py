"""The lessons: each notebook's exercises, and what the notebook calls besides the checks.

A lesson's check modules (07 has two) share its one :class:`Lesson`,
``lesson("04_loss")``, which registers the exercises (:meth:`Lesson.exercise`)
and gives the notebook ``checks.hint``, ``checks.solution``, ``checks.use``,
``checks.progress`` and ``checks.course_version`` (:meth:`Lesson.exports`).
"""

from __future__ import annotations

import functools
import inspect
import re
import textwrap
from typing import Any, Callable

from .. import progress as _progress
from ..validation import check_int, check_type
from .exercise import SOLUTION_AFTER, Exercise, last_outcome, outcomes
from .report import HINT_MARK, LOCKED_MARK, PASS_MARK, show_folded

_EXERCISE_NUMBER = re.compile(r"^\s*exercise\s+(\d+)\b", re.IGNORECASE)


class Lesson:
    """The exercises of one notebook, and what the notebook calls besides the checks.

    Made once per notebook by :func:`lesson`. It holds the registered exercises;
    the outcome of each exercise's last check in this session (so :meth:`use`
    knows whether the student's function passed) is kept by the runner
    (:func:`~.exercise.last_outcome`), attempts and hints shown in the progress file.
    """

    def __init__(self, notebook: str) -> None:
        self.notebook = check_type(notebook, str, "notebook", "a notebook name such as '04_loss'")
        self.exercises: dict[str, Exercise] = {}

    def __repr__(self) -> str:
        return f"Lesson({self.notebook!r}, exercises={list(self.exercises)})"

    def exercise(self, name: str, *, number: int | None = None, function: str = "", hints: tuple[str, ...] | list[str] = (),
                 reference: Callable | None = None, solution: str = "", **table: Any) -> Exercise:
        """Register an exercise (again: replaces it) and return it.

        solution : the key of its code in the lesson's solution map (default: ``function``).
        table : the rest of :class:`~.exercise.Exercise`'s fields (cases, mistakes, ...), for its ``check``.
        """
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
        check_type(solution, str, "solution", "the key of the exercise's solution, say 'Value.__add__'")
        for key in ("cases", "mistakes", "on_error"):
            if key in table:
                table[key] = tuple(table[key])
        ex = Exercise(name, number, self.notebook, function, tuple(hints), reference, solution, **table)
        self.exercises[name] = ex
        return ex

    def find(self, which: Any) -> Exercise:
        """The exercise named by ``which``: an :class:`Exercise`, the student's function (or its name),
        the exercise's name, its number (3 or "Exercise 3")."""
        if isinstance(which, Exercise):
            return which
        candidates, checked = list(self.exercises.values()), outcomes(self.notebook)
        if callable(which):
            for name, (_, funcs) in checked.items():
                if any(f is which for f in funcs):
                    return self.exercises.get(name, Exercise(name, notebook=self.notebook))
            which = getattr(which, "__name__", "")
        if isinstance(which, str) and _EXERCISE_NUMBER.match(which):
            which = int(_EXERCISE_NUMBER.match(which).group(1))
        if isinstance(which, int) and not isinstance(which, bool):
            found = [ex for ex in candidates if ex.number == which]
        elif isinstance(which, str):
            found = [ex for ex in candidates if which in (ex.name, ex.function)]
            found = found or [Exercise(name, notebook=self.notebook) for name, (_, funcs) in checked.items()
                              if name == which or any(getattr(f, "__name__", None) == which for f in funcs)]
        else:
            raise TypeError(f"exercise must be the exercise's name, its number or your function, got {type(which).__name__}")
        if not found:
            known = [f"{ex.name!r}" + (f" (Exercise {ex.number})" if ex.number else "") for ex in candidates]
            known += [repr(name) for name in checked if name not in self.exercises]
            raise ValueError(f"exercise {which!r} is not one of notebook {self.notebook}'s exercises"
                             + (f": choose one of {', '.join(known)}" if known else " (none is registered or checked yet)"))
        return found[0]

    def hint(self, which: Any) -> None:
        """Print the next hint of the exercise's ladder (the last one again once all were shown)."""
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
        ex = self.find(which)
        text = ex.solution_text()
        if not text:
            print(f"{ex.name}: the course has no solution text for this exercise.")
            return
        show_folded(f"The course's solution for {ex.name}", text)

    def use(self, student: Any, which: Any = None, reference: Callable | None = None) -> Any:
        """``student`` when its check passed in this session, else the course's reference; one line says which.

        which : the exercise (see :meth:`find`); by default found from ``student`` itself.
        reference : the course's version; by default the exercise's registered reference.
        """
        if reference is not None and not callable(reference):
            raise TypeError(f"reference must be the course's function or class (a callable), "
                            f"got {type(reference).__name__} {reference!r:.60}")
        try:
            ex = self.find(student if which is None else which)
        except (TypeError, ValueError):
            if which is not None or reference is None:
                raise
            ex = Exercise(getattr(student, "__name__", "exercise"), notebook=self.notebook)
        ref = reference if reference is not None else ex.reference
        if ref is None:
            raise ValueError(f"reference: exercise {ex.name!r} has no registered reference; pass reference=<the course's function>")
        status, funcs = last_outcome(ex)
        label = getattr(student, "__name__", None) or ex.name
        if status == "pass" and any(f is student for f in funcs):
            print(f"{PASS_MARK} The next cells use your `{label}`.")
            return student
        why = {None: "has not been checked yet", "todo": "is unfinished", "fail": "did not pass its check",
               "pass": "changed after its check passed (run the check again)"}[status]
        print(f"↪ `{label}` {why}: the next cells use the course's version instead.")
        return _stand_in(ref, label)

    def passed(self, number: int) -> bool:
        """Whether every part of Exercise ``number`` passed its check in this session (for graders:
        nbgrader's test cells assert it)."""
        check_int(number, "number", minimum=1)
        parts = [ex for ex in self.exercises.values() if ex.number == number]
        if not parts:
            raise ValueError(f"number: notebook {self.notebook} has no Exercise {number}; its exercises are "
                             f"{sorted({ex.number for ex in self.exercises.values() if ex.number})}")
        return all(last_outcome(ex)[0] == "pass" for ex in parts)

    def progress(self) -> None:
        """Print which of this notebook's exercises passed (from the progress file).

        Once exercises are registered, only they are listed (an exercise renamed
        since an older run of the notebook is left out), by exercise number
        (unnumbered ones last, in the order registered).
        """
        exercises = self.exercises
        names = sorted(exercises, key=lambda name: exercises[name].number or 10**6)  # stable: ties as registered
        store = _progress.ProgressStore()
        print(store.report(self.notebook, names, only_listed=bool(names)))

    def course_version(self, obj: Any, name: str = "", *, exercise: Any = None) -> None:
        """Show the course's version of what an exercise built, folded, once the student has tried.

        For the cell after a check. It is shown when the exercise's check passed in this
        session or after ``SOLUTION_AFTER`` failed checks; before that one line says when
        it will be, and that ``checks.solution(...)`` shows it at once (a deliberate request).

        obj : the course's function or class (its source is shown), or an exercise's name
            (its solution from the lesson is shown).
        name : how to call it (default: its module and name).
        exercise : the exercise whose attempts unlock it (see :meth:`find`); by default the
            one whose registered reference is ``obj``.
        """
        if isinstance(obj, str):
            shown = self.find(obj)
            ex = shown if exercise is None else self.find(exercise)
            heading, locked = f"The course's solution for {shown.name}", "The course's solution"
            text = shown.solution_text() or f"(the course has no solution text for {shown.name})"
        elif callable(obj):
            ex = self.find(exercise) if exercise is not None else self._exercise_of(obj)
            label = name or f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}".strip(".")
            heading, text = f"The course's version: {label}", _source(obj, label)
            locked = f"The course's version, `{name or getattr(obj, '__qualname__', label)}`,"
        else:
            raise TypeError(f"obj must be the course's function or class, or an exercise's name, got {type(obj).__name__}")
        status, _ = last_outcome(ex)
        attempts = _progress.ProgressStore().entry(self.notebook, ex.name).attempts
        if status == "pass" or attempts >= SOLUTION_AFTER:
            show_folded(heading, text)
            return
        which = f"Exercise {ex.number} ({ex.name})" if ex.number else ex.name
        so_far = f" ({attempts} so far)" if attempts else ""
        print(f"{LOCKED_MARK} {locked} appears here once {which} passes its check, or after {SOLUTION_AFTER} "
              f"failed checks{so_far}. To see it now: checks.solution({ex.name!r}).")

    def _exercise_of(self, obj: Callable) -> Exercise:
        """The registered exercise whose reference is ``obj``."""
        found = [ex for ex in self.exercises.values() if ex.reference is obj]
        if not found:
            raise ValueError(f"exercise: {getattr(obj, '__qualname__', obj)!r} is no exercise's reference in "
                             f"notebook {self.notebook}; pass exercise=<the exercise whose attempts show it>")
        return found[-1]

    def exports(self) -> tuple[Callable, Callable, Callable, Callable, Callable]:
        """(hint, solution, use, progress, course_version): what a check module offers the notebook.

        A check module ends with ``hint, solution, use, progress, course_version = LESSON.exports()``,
        so that a notebook calls ``checks.hint("mse")`` or ``mse = checks.use(mse)``.
        """
        return self.hint, self.solution, self.use, self.progress, self.course_version


def _source(obj: Any, label: str) -> str:
    """The source of the course's ``obj``, dedented (a note where Python cannot find it)."""
    try:
        return textwrap.dedent(inspect.getsource(obj)).strip("\n")
    except (OSError, TypeError):
        return f"(the source of {label} is not available here)"


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


def lesson(notebook: str) -> Lesson:
    """The one :class:`Lesson` of notebook ``notebook`` (say ``"04_loss"``), made on first use."""
    check_type(notebook, str, "notebook", "a notebook name such as '04_loss'")
    if notebook not in _LESSONS:
        _LESSONS[notebook] = Lesson(notebook)
    return _LESSONS[notebook]
