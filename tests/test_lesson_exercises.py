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
