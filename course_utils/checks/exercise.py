"""An exercise as data, and the one runner that checks a student's answer against it.

An :class:`Exercise` is a table: the cases the student's function is tried on
(:class:`Case`: its arguments, in words, and the numbers its messages name) and
the typical mistakes (:class:`Mistake`: the wrong code a student would write,
beside the sentence that explains it). :meth:`Exercise.check` calls the
student's function on each case in the sandbox; on the first case where the
answer is off, the first mistake whose wrong code gives the same answer names
it (the one the student's answers on the other cases match too, where it can tell). The tests read the same tables (``tests/test_check_tables.py``).

:func:`run_check` runs any check body (a table's, or one written by hand for an
exercise whose answer is not an array of numbers), reports the stub as "not done
yet" and a :class:`~.sandbox.StudentMistake` as its hint, records the outcome in
the progress file, and shows the next hint of the ladder; the ``SOLUTION_AFTER``-th
failed check shows the solution, folded.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .. import progress as _progress
from .compare import ATOL, RTOL, accepted, close, mismatch
from .report import CHECK_TRIPPED, HINT_MARK, NOT_DONE, Feedback, failed, not_done, passed, show_folded
from .sandbox import CHECKED, NotDone, StudentMistake, call_student, raised_by_student, short, where, whole_check_limit
from .solutions import solution_code
from .student_result import as_array, expect_array

SOLUTION_AFTER = 3  # failed checks of one exercise before its solution is shown


@dataclass(frozen=True)
class Case:
    """One input an exercise's check tries.

    label : the input in words ("a random 7 x 5 batch"), named once an earlier case passed.
    args, kwargs : what the student's function (and each mistake's wrong code) is called with.
    facts : numbers a message names, as ``{n}`` in its text.
    not_finite : the message when the answer holds NaN or inf here (and the right one does not).
    """

    label: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    not_finite: str = ""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and what to tell the student who gives it.

    wrong : the wrong code, called like the student's function; the mistake is
        recognised where the student's answer equals its answer (and the right one does not).
    when : instead, a test ``when(answer, expected, case)`` for a family of wrong
        codes (say, any constant), tried on finite answers of the right shape; a test that raises does not match.
    shape : instead, the wrong shape ``shape(case)`` that this mistake gives, whatever its numbers
        (say (n,) for a column squeezed away); the message follows "has shape ..., expected ...".
    message : the sentence for the student; ``{name}`` fields come from the case's facts.
    """

    message: str
    wrong: Callable | None = None
    when: Callable[[np.ndarray, np.ndarray, Case], bool] | None = None
    shape: Callable[[Case], tuple] | None = None

    def __post_init__(self) -> None:
        if sum(kind is not None for kind in (self.wrong, self.when, self.shape)) != 1:
            raise ValueError("a Mistake needs exactly one of wrong= (the wrong code), when= (a test of the answer) "
                             "and shape= (the wrong shape it gives)")


@dataclass(frozen=True)
class OnError:
    """What to add when the student's function raises an error whose text contains ``match``.

    probe, mistakes : a case where the wrong code runs (say a square batch, where a
        lost keepdims broadcasts); the first mistake whose answer the student's
        function gives there is named, else ``message``.
    """

    match: str
    message: str
    probe: Case | None = None
    mistakes: tuple[Mistake, ...] = ()


@dataclass(frozen=True)
class Exercise:
    """One exercise of a lesson, with the table its check runs.

    name : as its check prints it. number : "Exercise N" in the lesson (or None).
    notebook : the lesson it belongs to (its progress is recorded under it).
    function : the name of the function the student writes (to find the exercise from it).
    hints : the ladder, general to specific. reference : the course's version
        (what ``use`` gives a later cell while the student's is unfinished).
    solution : the key of its solution in the lesson's solution map (default: ``function``).
    cases, mistakes : the table (see :meth:`check`). truth : what the answer should be
        for a case's arguments (default: ``reference``). what : the answer, in words.
    require_array : refuse a list of the right numbers (later cells use it as an array).
    changed_hint : the advice when the student's function changes its argument in place.
    advice : added when a later case raises although the earlier ones passed.
    ignores_input : the message for the same answer on two cases that differ.
    on_error : :class:`OnError` rows, tried when the student's function raises.
    answer : ``answer(result, case)``, the result as the array compared (a pair ``(w, b)`` as one vector),
        applied alike to the student's result, the right one and each mistake's; it raises
        :class:`~.sandbox.StudentMistake` for a result of the wrong kind. Default: the result as an array.
    ask : ``ask(code, case, call)``, the result of ``code`` (the student's, a mistake's wrong code or the
        reference) on ``case``, where the code is not one function called with the case's arguments (a
        class whose rule of + is run on a small graph); ``call(f, *args)`` calls a part of that code, in
        the sandbox for the student's. Default: ``code(*case.args, **case.kwargs)``.
    labelled : name the case in every message, the first one's too (the cases are parts of one answer,
        such as each gradient of a dict).
    otherwise : the message for a finite answer of the right shape that no row explains (default: the numbers).
    body : for an exercise whose answer is an object to inspect rather than a table's numbers (an
        ``nn.Linear``, a design, a state string), the check written out: ``body(student) -> Feedback``.
    tolerance : (rtol, atol) within which an answer is right (default: compare's, tighter than float32 rounding;
        looser for float32 training, where a right loop written another way differs in the last digits).
    """

    name: str
    number: int | None = None
    notebook: str = ""
    function: str = ""
    hints: tuple[str, ...] = ()
    reference: Callable | None = None
    solution: str = ""
    cases: tuple[Case, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    truth: Callable | None = None
    what: str = "your result"
    require_array: bool = False
    changed_hint: str = ""
    advice: str = ""
    ignores_input: str = ""
    on_error: tuple[OnError, ...] = ()
    answer: Callable[[Any, Case], np.ndarray] | None = None
    ask: Callable[[Any, Case, Callable], Any] | None = None
    labelled: bool = False
    otherwise: str = ""
    tolerance: tuple[float, float] = (RTOL, ATOL)
    body: Callable[[Any], Feedback] | None = None

    def solution_text(self) -> str:
        return solution_code(self.notebook, self.solution or self.function)

    def expected(self, case: Case) -> np.ndarray:
        """The right answer for ``case``, as a float64 array."""
        with np.errstate(all="ignore"):
            if self.truth is None and self.ask is not None:
                result = self.ask(self.reference, case, _plain_call)
            else:
                result = (self.truth or self.reference)(*_copies(case.args), **_copies(case.kwargs))
            return self.answer(result, case) if self.answer else np.asarray(result, dtype=np.float64)

    def as_answer(self, result: Any, case: Case) -> np.ndarray:
        """The student's (or a mistake's) ``result`` on ``case`` as the array compared, or a StudentMistake."""
        if self.answer is not None:
            return self.answer(result, case)
        return expect_array(result, self.what) if self.require_array else as_array(result, self.what)

    def wrong_answer(self, mistake: Mistake, case: Case) -> np.ndarray | None:
        """What ``mistake``'s wrong code answers for ``case`` (None where it cannot run on it)."""
        try:
            with np.errstate(all="ignore"):
                if self.ask is not None:
                    return self.as_answer(self.ask(mistake.wrong, case, _plain_call), case)
                return self.as_answer(mistake.wrong(*_copies(case.args), **_copies(case.kwargs)), case)
        except Exception:  # noqa: BLE001 - wrong code that raises here would raise for the student too
            return None

    def check(self, student: Any) -> Feedback:
        """Try ``student`` on every case, in order (or run the exercise's ``body``); pass, or report what is off."""
        if self.body is None and not self.cases:
            raise TypeError(f"exercise {self.name!r} has neither cases nor a body to check an answer with")
        return run_check(self, lambda: (self.body or self.judge)(student))

    def judge(self, student: Any) -> Feedback:
        """The check's body (see :meth:`check`), for a check that first does more (run it through run_check)."""
        answers: dict[int, np.ndarray | None] = {}  # id(case) -> the student's answer, each asked for once

        def answer_on(case: Case) -> np.ndarray | None:
            if id(case) not in answers:
                try:
                    answers[id(case)] = self.as_answer(self._answer(student, case), case)
                except StudentMistake:
                    answers[id(case)] = None
            return answers[id(case)]

        first = None
        for case in self.cases:
            try:
                got = self._answer(student, case)
                arr = answers[id(case)] = self.as_answer(got, case)
            except StudentMistake as mistake:
                if first is None and not self.labelled:
                    raise
                advice = f" {self.advice}" if self.advice and first is not None else ""
                where = f"right for {first}, but for {case.label}" if first else f"for {case.label}:"
                raise StudentMistake(f"{where} {mistake}{advice}") from mistake
            expected = self.expected(case)
            if accepted(arr, expected, *self.tolerance):
                first = first or case.label
                continue
            message = self.diagnose(arr, expected, case, answer_on)
            if message:
                where = f"right for {first}, but for {case.label}: " if first else (
                    f"for {case.label}: " if self.labelled else "")
                return failed(self.name, where + message)
            what = f"{self.what} for {case.label}" if self.labelled and not first else self.what
            message = mismatch(arr if self.answer else got, expected, [], what, *self.tolerance,
                               require_array=self.require_array)
            return failed(self.name, f"right for {first}, but for {case.label}: {message}" if first else message)
        return passed(self.name)

    def facts(self, case: Case, expected: np.ndarray) -> dict:
        """What a message may name for ``case``: its facts, and ``expected`` where the answer is one number."""
        return {**case.facts, **({"expected": expected.item()} if expected.size == 1 else {})}

    def diagnose(self, arr: np.ndarray, expected: np.ndarray, case: Case,
                 answer_on: Callable[[Case], np.ndarray | None] | None = None) -> str:
        """The message for a wrong answer ``arr`` on ``case``: its mistake's, or '' when none explains it.

        answer_on : the student's answer on another case (None where it raises), to tell mistakes apart.
        """
        facts = self.facts(case, expected)
        with np.errstate(all="ignore"):
            if case.not_finite and not np.isfinite(arr).all() and np.isfinite(expected).all():
                return case.not_finite.format(got=float(arr.flat[0]) if arr.size else arr, **facts)
            found = [mistake for mistake in self.mistakes if _matches(self, mistake, arr, expected, case)]
        if found and found[0].shape is not None:
            return f"the shape of {self.what} is {arr.shape}, expected {expected.shape}: {found[0].message.format(**facts)}"
        consistent = self._tell_apart(found, case, answer_on) if found and answer_on is not None else found
        codes = [mistake for mistake in consistent if mistake.wrong is not None]
        if codes or consistent:  # the wrong code the student's answers match, before any test of a family of answers
            return (codes or consistent)[0].message.format(**facts)
        if self.ignores_input and answer_on is not None and arr.shape == expected.shape:
            for other in self.cases:
                if other is not case and not close(self.expected(other), expected):
                    again = answer_on(other)
                    if again is None:
                        continue
                    if close(again, arr):
                        return self.ignores_input.format(**facts)
                    break
        if found and answer_on is None:
            return found[0].message.format(**facts)
        # Mistakes that explain this case but none of the student's other answers do not describe their code.
        with np.errstate(all="ignore"):
            plain = self.otherwise and arr.shape == expected.shape and bool(np.isfinite(arr).all())
        return self.otherwise.format(**facts) if plain else ""

    def _tell_apart(self, found: list[Mistake], case: Case, answer_on: Callable[[Case], np.ndarray | None]) -> list[Mistake]:
        """Those of ``found`` (mistakes that explain the answer on ``case``) whose wrong code the student's
        answers on the other cases match too (a test of the answer, and wrong code that cannot run on a case,
        stay): several mistakes can give one answer on one case, and a constant can equal one mistake's answer
        on one case. Where none matches everywhere and the cases check parts of one answer (``facts["part"]``),
        those the same part's cases agree with: a student's slip may be in one part only."""
        codes = [mistake for mistake in found if mistake.wrong is not None]
        kept = self._agreeing(codes, case, answer_on, lambda other: True)
        if not kept and "part" in case.facts:
            kept = self._agreeing(codes, case, answer_on, lambda other: other.facts.get("part") == case.facts["part"])
        return [mistake for mistake in found if mistake.wrong is None or any(mistake is k for k in kept)]

    def _agreeing(self, found: list[Mistake], case: Case, answer_on: Callable[[Case], np.ndarray | None],
                  counts: Callable[[Case], bool]) -> list[Mistake]:
        for other in self.cases:
            again = None if other is case or not found or not counts(other) else answer_on(other)
            if again is not None:
                found = [mistake for mistake in found
                         if (wrong := self.wrong_answer(mistake, other)) is None or close(again, wrong)]
        return found

    def _answer(self, student: Any, case: Case) -> Any:
        """The student's answer for ``case`` (on copies); an error explained by the ``on_error`` rows."""
        try:
            with np.errstate(all="ignore"):  # the student's overflow is named in words, not warned about
                if self.ask is not None:
                    return self.ask(student, case, functools.partial(call_student, changed_hint=self.changed_hint))
                return call_student(student, *_copies(case.args), changed_hint=self.changed_hint,
                                    **_copies(case.kwargs))
        except StudentMistake as mistake:
            for row in self.on_error:
                if row.match in str(mistake):
                    raise StudentMistake(f"{mistake} {self._explain(row, student)}") from None
            raise

    def _explain(self, row: OnError, student: Any) -> str:
        if row.probe is not None:
            try:
                arr = self.as_answer(self._answer(student, row.probe), row.probe)
            except StudentMistake:
                arr = None
            if arr is not None:
                expected = self.expected(row.probe)
                for mistake in row.mistakes:
                    if _matches(self, mistake, arr, expected, row.probe):
                        return mistake.message.format(**row.probe.facts)
        return row.message


def _matches(exercise: Exercise, mistake: Mistake, arr: np.ndarray, expected: np.ndarray, case: Case) -> bool:
    try:
        if mistake.shape is not None:
            return arr.shape != expected.shape and arr.shape == tuple(mistake.shape(case))
        if mistake.when is not None:  # a test of a finite answer of the right shape (else that is named)
            return arr.shape == expected.shape and bool(np.isfinite(arr).all()) and bool(mistake.when(arr, expected, case))
        wrong = exercise.wrong_answer(mistake, case)
        return wrong is not None and close(arr, wrong) and not close(wrong, expected)
    except Exception:  # noqa: BLE001 - a test that cannot run on this answer does not describe it
        return False


def _plain_call(func: Callable, *args: Any, allow_none: bool = False, **kwargs: Any) -> Any:
    """Call the course's code or a mistake's, as ``ask`` calls a part of the student's (without the sandbox)."""
    return func(*args, **kwargs)


def _copies(value: Any) -> Any:
    """Fresh copies of a case's arguments for each call, so no call sees another's changes."""
    return copy.deepcopy(value)


# --- running a check and recording its outcome -------------------------------------------

# (notebook, exercise) -> (status, the functions the check called): so use() knows what passed.
_LAST: dict[tuple[str, str], tuple[str, tuple]] = {}


def last_outcome(exercise: Exercise) -> tuple[str | None, tuple]:
    """(status of the exercise's last check in this session, the functions it called); (None, ()) before any."""
    return _LAST.get((exercise.notebook, exercise.name), (None, ()))


def outcomes(notebook: str) -> dict[str, tuple[str, tuple]]:
    """{exercise: (status, functions called)} of the notebook's checks run in this session."""
    return {name: last for (book, name), last in _LAST.items() if book == notebook}


def run_check(exercise: "str | Exercise", body: Callable[[], Feedback]) -> Feedback:
    """Run a check body, reporting the stub as "not done yet" and a StudentMistake as its hint.

    body : a function that calls the student's code through ``call_student`` and
        returns ``passed`` or ``failed`` (which print).
    exercise : its :class:`Exercise`, or a name (an exercise no lesson registered,
        recorded under the name of the module that defines ``body``).

    Anything else the body raises is a failed check naming the error, not a
    traceback: the student's code, reached without ``call_student`` (a method of
    an object it returned: its stub is "not done yet"), or the check itself
    tripping over an odd result (``CHECK_TRIPPED``).
    """
    if not isinstance(exercise, Exercise):
        module = (getattr(body, "__module__", None) or "__main__").rsplit(".", 1)[-1]
        exercise = Exercise(exercise, notebook=module)
    name = exercise.name
    checked: list = []
    token = CHECKED.set(checked)
    try:
        with whole_check_limit():
            result = body()
    except NotDone as todo:
        result = not_done(name, todo.args[0] if todo.args else NOT_DONE)
    except StudentMistake as mistake:
        result = failed(name, str(mistake))
    except NotImplementedError as exc:  # a stub the check reached without call_student (a method of a returned object)
        result = (not_done(name) if raised_by_student(exc) else
                  failed(name, f"{CHECK_TRIPPED} (NotImplementedError: {short(exc, 120)})."))
    except Exception as exc:
        if raised_by_student(exc):  # the student's code, called by the check without call_student
            result = failed(name, f"your code raised {type(exc).__name__}: {short(exc)}{where(exc)}.")
        else:
            result = failed(name, f"{CHECK_TRIPPED} ({type(exc).__name__}: {short(exc, 120)}): check that "
                                  "your function returns what the exercise asks for (its type and shape).")
    finally:
        CHECKED.reset(token)
    if isinstance(result, Feedback):
        _record(exercise, result, checked)
    return result


def _record(ex: Exercise, result: Feedback, checked: list) -> None:
    """Keep the outcome (for use) and the progress file's entry; after a failure, the next hint."""
    _LAST[(ex.notebook, ex.name)] = (result.status, tuple(checked))
    failed_now = result.status == "fail"
    entry = _progress.ProgressStore().update(ex.notebook, ex.name, status=result.status, failed=failed_now,
                                             hint_shown=failed_now and bool(ex.hints), hints_available=len(ex.hints))
    if not failed_now:
        return
    if ex.hints:
        print(f"   {HINT_MARK} hint {entry.hints} of {len(ex.hints)}: {ex.hints[entry.hints - 1]}")
    solution = ex.solution_text()
    if not solution:
        return
    if entry.attempts == SOLUTION_AFTER:
        show_folded(f"After {SOLUTION_AFTER} tries, the course's solution for {ex.name}", solution)
    elif entry.attempts > SOLUTION_AFTER:
        print(f"   checks.solution({ex.name!r}) shows the course's solution.")
    else:
        left = SOLUTION_AFTER - entry.attempts
        more = f"checks.hint({ex.name!r}) gives another hint; " if entry.hints < len(ex.hints) else ""
        print(f"   {more}the solution is shown after {left} more tr{'ies' if left > 1 else 'y'} "
              f"(or now: checks.solution({ex.name!r})).")
