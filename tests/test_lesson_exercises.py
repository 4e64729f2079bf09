"""Every lesson's exercises are registered, so that hints, the solution, use and progress work for each.

Read from the lessons' text (the ``### Exercise N`` headings and the cells that
hold a solution) and from the check modules they import.
"""

import importlib
import re
from pathlib import Path

import pytest

from course_utils.checks import exercise

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9]*.md"))
HEADING = re.compile(r"^### Exercise (\d+) ·", re.MULTILINE)
CHECK_IMPORT = re.compile(r"^from course_utils\.checks import (\w+) as \w+$", re.MULTILINE)


def registered(lesson: Path) -> dict[int, exercise.Exercise]:
    """The numbered exercises of every check module the lesson imports."""
    found = {}
    for module in CHECK_IMPORT.findall(lesson.read_text(encoding="utf-8")):
        checks = importlib.import_module(f"course_utils.checks.{module}")
        for exercise in checks.LESSON.exercises.values():
            if exercise.number is not None:
                found[exercise.number] = exercise
    return found


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_numbered_exercise_of_the_lesson_is_registered_under_its_notebook(lesson):
    numbers = [int(n) for n in HEADING.findall(lesson.read_text(encoding="utf-8"))]
    assert numbers == list(range(1, len(numbers) + 1)), "exercises are numbered 1, 2, ... in order"
    exercises = registered(lesson)
    assert set(numbers) <= set(exercises), f"exercises {sorted(set(numbers) - set(exercises))} are not registered"
    for module in CHECK_IMPORT.findall(lesson.read_text(encoding="utf-8")):
        assert importlib.import_module(f"course_utils.checks.{module}").LESSON.notebook == lesson.stem


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_exercise_has_a_ladder_of_hints_a_reference_and_a_solution(lesson):
    for number, exercise in registered(lesson).items():
        assert len(exercise.hints) >= 2, f"Exercise {number} ({exercise.name}): at least two hints"
        assert exercise.reference is not None and callable(exercise.reference), f"Exercise {number}: a reference"
        assert exercise.solution_text(), f"Exercise {number}: a solution to show"


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_check_module_offers_hint_solution_use_progress_and_course_version(lesson):
    for module in CHECK_IMPORT.findall(lesson.read_text(encoding="utf-8")):
        checks = importlib.import_module(f"course_utils.checks.{module}")
        for name in ("hint", "solution", "use", "progress", "course_version"):
            assert callable(getattr(checks, name, None)), f"checks.{module}.{name}"


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_lesson_ends_with_the_students_progress(lesson):
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", lesson.read_text(encoding="utf-8"), re.DOTALL)
    assert cells[-1].strip().endswith("checks.progress()")


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_no_solution_is_shown_before_its_exercise(lesson):
    text = lesson.read_text(encoding="utf-8")
    headings = {int(m.group(1)): m.start() for m in HEADING.finditer(text)}
    for number, exercise in registered(lesson).items():
        start = headings[number]
        for shown in re.finditer(r"checks\.solution\((['\"])(.+?)\1\)", text):
            if shown.group(2) in (exercise.name, exercise.function):
                assert shown.start() > start, f"the solution of Exercise {number} is shown above it"


# --- every exercise, whatever its lesson: the course's answers pass, the stub is not done yet, use ---------

import math  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from course_utils import challenge, scratch  # noqa: E402
from course_utils.checks import lessons  # noqa: E402

MODULES = sorted({module for lesson in LESSONS for module in CHECK_IMPORT.findall(lesson.read_text(encoding="utf-8"))})
EXERCISES = {ex.name: (importlib.import_module(f"course_utils.checks.{module}"), ex)
             for module in MODULES for ex in importlib.import_module(f"course_utils.checks.{module}").LESSON.exercises.values()}


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def stub(*args, **kwargs):
    raise NotImplementedError()


def written_by_a_student(reference):
    """The course's function or class under a student's own name: what use() should hand back once it passed."""
    if isinstance(reference, type):
        return type(reference.__name__, (reference,), {})

    def student(*args, **kwargs):
        return reference(*args, **kwargs)
    return student


@pytest.mark.parametrize("name", EXERCISES)
def test_the_courses_answer_passes_and_is_used_the_stub_is_not_done_and_falls_back(name, capsys):
    checks, ex = EXERCISES[name]
    student = written_by_a_student(ex.reference)
    assert ex.check(student).passed
    assert checks.use(student, ex) is student
    assert ex.check(stub).status == "todo"
    fallback = checks.use(stub, ex)  # a function stands in marked (wrapped); a class is handed over as it is
    assert getattr(fallback, "__wrapped__", fallback) is ex.reference
    out = capsys.readouterr().out
    assert "The next cells use your" in out and "the next cells use the course's version instead" in out


@pytest.mark.parametrize("name", [name for name, (_, ex) in EXERCISES.items() if ex.mistakes])
def test_a_failed_check_shows_the_first_hint_of_the_ladder(name, capsys):
    _, ex = EXERCISES[name]
    wrong = next(m.wrong for m in ex.mistakes if m.wrong is not None)
    with np.errstate(all="ignore"):
        assert ex.check(wrong).status == "fail"
    assert f"hint 1 of {len(ex.hints)}: {ex.hints[0]}" in capsys.readouterr().out


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_the_lessons_own_solutions_pass_their_checks(lesson):
    """Each solution region that is a whole function, run in the order of the lesson (later ones call earlier ones)."""
    namespace = {"np": np, "torch": torch, "F": F, "nn": nn, "math": math, "scratch": scratch,
                 "BUDGET": challenge.BUDGET}
    for number, ex in sorted(registered(lesson).items()):
        key = ex.solution or ex.function
        if "." in key:  # a method of a class the lesson builds part by part
            continue
        exec(ex.solution_text(), namespace)
        assert ex.check(namespace[key]).passed, f"Exercise {number} ({ex.name})"


@pytest.mark.parametrize("module", MODULES)
def test_progress_lists_every_exercise_of_the_lesson(module, capsys):
    checks = importlib.import_module(f"course_utils.checks.{module}")
    checks.progress()
    out = capsys.readouterr().out
    assert out.startswith(f"{checks.LESSON.notebook}:")
    assert all(ex.name in out for ex in lessons.lesson(checks.LESSON.notebook).exercises.values())
