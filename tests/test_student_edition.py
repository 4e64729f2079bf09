"""The student edition: the tool that turns solutions into stubs, and the check that runs it."""

import importlib.util
import os
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_student_edition", ROOT / "tools" / "make_student_edition.py")
mse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mse)
_spec = importlib.util.spec_from_file_location("check_student_edition", ROOT / "tools" / "check_student_edition.py")
student_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(student_check)

EXERCISE = '''def mse(y_hat, y):
    """Mean squared error."""
    ### BEGIN SOLUTION
    diff = y_hat - y
    return (diff ** 2).mean()
    ### END SOLUTION
'''


def test_solution_block_becomes_an_indented_stub():
    out = mse.clear_solutions(EXERCISE)
    assert out.splitlines() == [
        "def mse(y_hat, y):",
        '    """Mean squared error."""',
        "    # YOUR CODE HERE",
        "    raise NotImplementedError()",
    ]


def test_stubbed_function_still_defines_and_raises_not_implemented():
    namespace = {}
    exec(mse.clear_solutions(EXERCISE), namespace)
    with pytest.raises(NotImplementedError):
        namespace["mse"](1.0, 2.0)


@pytest.mark.parametrize("source", [
    "### BEGIN SOLUTION\nx = 1\n",
    "x = 1\n### END SOLUTION\n",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
])
def test_unbalanced_markers_are_an_error(source):
    with pytest.raises(ValueError):
        mse.clear_solutions(source)


def test_student_notebook_has_no_outputs_and_counts_exercises():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(EXERCISE)
    cell.outputs = [nbformat.v4.new_output("stream", text="hi")]
    cell.execution_count = 3
    nb.cells = [cell, nbformat.v4.new_markdown_cell("# Title")]
    student, count = mse.student_notebook(nb)
    assert count == 1
    assert student.cells[0].outputs == [] and student.cells[0].execution_count is None
    assert "SOLUTION" not in nbformat.writes(student)
    assert nb.cells[0].outputs, "the original notebook is left untouched"


NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_notebook_has_its_exercises(path):
    nb = nbformat.read(path, as_version=4)
    student, count = mse.student_notebook(nb)
    assert count >= (3 if path.name.startswith("05") else 2)
    assert "SOLUTION" not in nbformat.writes(student)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_notebook_is_committed_with_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "run tools/execute_notebooks.py before committing"


def test_all_seven_lessons_are_present_in_order():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06", "07"]


# The student-edition check (tools/check_student_edition.py, a pytest plugin) on tiny
# notebooks, run once for all by a real pytest with nbval and two xdist workers, as `make test` runs.

STUB = "def {name}():\n    # YOUR CODE HERE\n    raise NotImplementedError()"
CHECK = ("def check(func, silent=False):\n    try:\n        func()\n    except NotImplementedError:\n"
         "        if not silent:\n            print(f'⏳ {func.__name__}: not done yet')")


def tiny_notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A tiny lesson")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in (CHECK, *sources)]
    return nb


STUDENT_NOTEBOOKS = {
    "good": tiny_notebook(STUB.format(name="f"), "check(f)", STUB.format(name="g"), "check(g)"),
    "silent_stub": tiny_notebook(STUB.format(name="f"), "check(f)", STUB.format(name="g"), "check(g, silent=True)"),
    "solution_left": tiny_notebook(STUB.format(name="f"), "check(f)", STUB.format(name="g") + "\n    ### END SOLUTION",
                                   "check(g)"),
    "raising": tiny_notebook(STUB.format(name="f"), "check(f)", STUB.format(name="g"), "check(g)", "1 / 0"),
    "tripped": tiny_notebook(STUB.format(name="f"), "check(f)", STUB.format(name="g"), "check(g)",
                             "print('❌ g: the check could not finish (KeyError: 0): ...')"),
    "answer_shown": tiny_notebook(STUB.format(name="f"), "check(f)", STUB.format(name="g"), "check(g)",
                                  "from IPython.display import HTML, display\n"
                                  "display(HTML('<details><summary>The solution for g (click to unfold)</summary>"
                                  "<pre>return 1</pre></details>'))"),
}


@pytest.fixture(scope="module")
def student_run(tmp_path_factory):
    """{(notebook, test name): failure message or None} for one pytest run over tiny notebooks."""
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    tmp = tmp_path_factory.mktemp("student_check")
    (tmp / "student").mkdir()
    for name, nb in STUDENT_NOTEBOOKS.items():
        nbformat.write(nb, tmp / "student" / f"{name}.ipynb")
    # Outside the student folder solution text is expected: nbval alone runs it.
    (tmp / "lessons").mkdir()
    nbformat.write(tiny_notebook("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"), tmp / "lessons" / "lesson.ipynb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tools.check_student_edition", "-p", "no:cacheprovider",
         f"--rootdir={tmp}", "--nbval", "--nbval-current-env", "--nbval-cell-timeout=60",
         "-n", "2", "--dist", "loadfile", f"--student-edition={tmp / 'student'}",
         f"--junitxml={tmp / 'report.xml'}", str(tmp / "student"), str(tmp / "lessons")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert (tmp / "report.xml").exists(), result.stdout[-3000:] + result.stderr[-3000:]
    outcomes = {}
    for case in ET.parse(tmp / "report.xml").iter("testcase"):
        notebook = case.get("classname").rsplit(".", 1)[0].rsplit(".", 1)[-1]
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        outcomes[notebook, case.get("name")] = None if problem is None else problem.get("message", "") + (problem.text or "")
    return result.returncode, outcomes


def summary(outcomes, notebook):
    return outcomes[notebook, student_check.NAME]


def test_a_good_student_notebook_passes(student_run):
    returncode, outcomes = student_run
    assert returncode == 1, "the bad notebooks make the run fail"
    assert [outcomes[key] for key in outcomes if key[0] == "good"] == [None] * 6


def test_a_stub_that_does_not_say_not_done_yet_fails(student_run):
    message = summary(student_run[1], "silent_stub")
    assert message and "2 exercises stubbed but only 1 said" in message


def test_solution_text_left_fails(student_run):
    message = summary(student_run[1], "solution_left")
    assert message and "solution text" in message


def test_a_raising_cell_fails_and_is_reported_by_the_check(student_run):
    outcomes = student_run[1]
    assert outcomes["raising", "Cell 5"] is not None, "nbval fails the cell itself"
    assert "Cell 5 raised ZeroDivisionError" in summary(outcomes, "raising")


def test_notebooks_outside_the_student_folder_are_left_to_nbval(student_run):
    outcomes = student_run[1]
    assert [key for key in outcomes if key[0] == "lesson"] == [("lesson", "Cell 0"), ("lesson", "Cell 1")]
    assert outcomes["lesson", "Cell 1"] is None


def test_a_check_that_trips_over_a_stub_fails(student_run):
    message = summary(student_run[1], "tripped")
    assert message and "Cell 5: a check could not finish" in message


def test_an_answer_on_screen_before_any_attempt_fails(student_run):
    message = summary(student_run[1], "answer_shown")
    assert message and "Cell 5: an answer is on screen before any attempt" in message


def test_the_plugin_knows_the_phrases_a_tripped_check_and_a_folded_answer_print():
    from course_utils.checks import report

    assert student_check.CHECK_TRIPPED == report.CHECK_TRIPPED
    assert student_check.ANSWER_SHOWN == report.UNFOLD


# The committed student edition (student/, which the Colab links open) is the one the lessons give.

@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_committed_student_edition_is_made_from_the_current_lesson(path):
    committed = ROOT / "student" / path.name
    assert committed.is_file(), f"{committed.relative_to(ROOT)} is missing: run make student and commit it"
    text, _ = mse.student_text(path)
    assert committed.read_text(encoding="utf-8") == text, (
        f"{committed.relative_to(ROOT)} is older than notebooks/{path.name}: run make student and commit it")


def test_the_committed_solution_map_is_made_from_the_current_lessons():
    assert mse.SOLUTIONS.read_text(encoding="utf-8") == mse.solutions_text(NOTEBOOKS), (
        "course_utils/solutions.json is older than the lessons: run make student and commit it")


def test_a_solution_is_keyed_by_its_function_and_shown_without_markers():
    source = ("import numpy as np\n\nclass Value:\n    def __add__(self, other):\n        def _backward():\n"
              "            ### BEGIN SOLUTION\n            self.grad += 1\n            ### END SOLUTION\n"
              "        return self\n\n    def other(self):\n        return 1\n\n"
              "def mse(y_hat, y):\n    ### BEGIN SOLUTION\n    return 0.0\n    ### END SOLUTION\n")
    found = mse.cell_solutions(source)
    assert list(found) == ["Value.__add__", "mse"]
    assert found["Value.__add__"].startswith("def __add__(self, other):") and "SOLUTION" not in found["Value.__add__"]
    assert found["mse"] == "def mse(y_hat, y):\n    return 0.0"
    assert mse.cell_solutions("x = 1\n") == {}


def test_a_solution_region_outside_any_function_is_an_error():
    with pytest.raises(ValueError, match="outside any function"):
        mse.cell_solutions("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n")


def test_every_exercise_of_every_lesson_has_its_solution_in_the_map():
    import importlib
    import re

    for path in NOTEBOOKS:
        for module in set(re.findall(r"from course_utils\.checks import (\w+) as", path.with_suffix(".md").read_text())):
            for exercise in importlib.import_module(f"course_utils.checks.{module}").LESSON.exercises.values():
                assert exercise.solution_text(), f"{path.stem}: no solution for {exercise.name}"


def test_the_student_edition_keeps_no_widget_state():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    student, _ = mse.student_notebook(nb)
    assert "widgets" not in student.metadata and "widgets" in nb.metadata


def test_check_mode_names_a_stale_student_edition_and_writes_nothing(tmp_path, capsys):
    where = ["--out", str(tmp_path), "--solutions", str(tmp_path / "solutions.json")]  # never the repository's files
    assert mse.main([*where, "--check"]) == 1
    assert list(tmp_path.iterdir()) == [] and "out of date" in capsys.readouterr().err
    assert mse.main(where) == 0
    assert (tmp_path / "solutions.json").read_text(encoding="utf-8") == mse.SOLUTIONS.read_text(encoding="utf-8")
    assert mse.main([*where, "--check"]) == 0
