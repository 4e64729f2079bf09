"""Every exercise written as a table: the course's answer passes, and each typical mistake gets its own message.

The tests read the same tables the checks run (``Exercise.cases``, ``.mistakes``,
``.on_error``): a mistake's wrong code, handed to the check as if a student had
written it, must fail with that mistake's message, on every lesson's table.
A row that no case tells apart from the right answer, or whose message an
earlier row takes, fails here.
"""

import copy
import importlib

import numpy as np
import pytest

from course_utils.checks import compare, sandbox
from course_utils.checks.exercise import Mistake

LESSONS = ("neuron", "perceptron", "activations", "loss", "backprop", "mnist", "depth")  # the check modules whose exercises are tables
TABLES = [ex for name in LESSONS for ex in importlib.import_module(f"course_utils.checks.{name}").LESSON.exercises.values()
          if ex.cases]
MISTAKES = [(ex, i, m) for ex in TABLES for i, m in enumerate(ex.mistakes) if m.wrong is not None]
SHAPES = [(ex, i, m) for ex in TABLES for i, m in enumerate(ex.mistakes) if m.shape is not None]
ON_ERROR = [(ex, row, m) for ex in TABLES for row in ex.on_error for m in row.mistakes]


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 2.0)


def _facts(ex, case):
    return ex.facts(case, ex.expected(case))


@pytest.mark.parametrize("ex", TABLES, ids=lambda ex: ex.name)
def test_the_courses_answer_passes_every_case(ex):
    assert ex.check(ex.reference).passed


@pytest.mark.parametrize("ex", TABLES, ids=lambda ex: ex.name)
def test_every_message_names_only_facts_each_case_has(ex):
    for case in ex.cases:
        facts = _facts(ex, case)
        for mistake in ex.mistakes:
            mistake.message.format(**facts)
        case.not_finite.format(got=float("nan"), **facts)
    for row in ex.on_error:
        for mistake in row.mistakes:
            mistake.message.format(**row.probe.facts)


@pytest.mark.parametrize("ex, i, mistake", MISTAKES, ids=[f"{ex.name}-{i}" for ex, i, _ in MISTAKES])
def test_each_mistake_is_told_apart_by_some_case_and_gets_its_own_message(ex, i, mistake):
    differs = [case for case in ex.cases
               if (wrong := ex.wrong_answer(mistake, case)) is not None and not compare.close(wrong, ex.expected(case))]
    assert differs, f"{ex.name}, mistake {i}: no case tells it from the right answer"
    with np.errstate(all="ignore"):
        result = ex.check(mistake.wrong)
    expected = mistake.message.format(**_facts(ex, differs[0]))
    assert result.status == "fail" and expected in result.message, (
        f"{ex.name}, mistake {i} ({mistake.message[:50]}...): got {result.message}")


def _shape_on(mistake, case):
    try:
        return tuple(mistake.shape(case))
    except TypeError:  # a shape row that does not apply to this case
        return None


@pytest.mark.parametrize("ex, i, mistake", SHAPES, ids=[f"{ex.name}-{i}" for ex, i, _ in SHAPES])
def test_an_answer_of_a_mistakes_shape_gets_its_message_whatever_its_numbers(ex, i, mistake):
    wrong = [(case, shape) for case in ex.cases
             if (shape := _shape_on(mistake, case)) is not None and shape != ex.expected(case).shape]
    assert wrong, f"{ex.name}, mistake {i}: no case where its shape is a wrong one"
    case, shape = wrong[0]
    message = ex.diagnose(np.full(shape, 0.5), ex.expected(case), case)
    assert mistake.message.format(**_facts(ex, case)) in message and f"is {shape}, expected" in message, message


@pytest.mark.parametrize("ex, row, mistake", ON_ERROR, ids=[f"{ex.name}-{j}" for j, (ex, _, _) in enumerate(ON_ERROR)])
def test_an_error_is_explained_by_the_mistake_the_probe_recognises(ex, row, mistake):
    with np.errstate(all="ignore"):
        result = ex.check(mistake.wrong)
    assert result.status == "fail" and row.match in result.message, result.message
    assert mistake.message.format(**row.probe.facts) in result.message, result.message


@pytest.mark.parametrize("ex", [ex for ex in TABLES if ex.ask is None], ids=lambda ex: ex.name)
def test_a_function_right_for_the_lessons_case_only_is_caught_by_the_next(ex):
    first = ex.cases[0]
    answer = (ex.truth or ex.reference)(*copy.deepcopy(first.args), **copy.deepcopy(first.kwargs))

    def lessons_case_only(*args, **kwargs):
        return copy.deepcopy(answer)
    result = ex.check(lessons_case_only)
    assert result.status == "fail", result.message
    assert result.message.startswith(f"right for {first.label}, but for ") or any(
        f" for {case.label} " in result.message for case in ex.cases[1:]), result.message


def test_a_mistake_is_one_of_wrong_code_a_test_or_a_shape():
    with pytest.raises(ValueError, match="exactly one"):
        Mistake("m")
    with pytest.raises(ValueError, match="exactly one"):
        Mistake("m", wrong=lambda z: z, when=lambda got, expected, case: True)
    with pytest.raises(ValueError, match="exactly one"):
        Mistake("m", wrong=lambda z: z, shape=lambda case: (1,))
