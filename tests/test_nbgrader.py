"""make nbgrader: the course folder it writes, and real nbgrader grading two of its lessons."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_utils.checks import lessons as lesson_registry
from tools import make_nbgrader

ROOT = Path(__file__).resolve().parent.parent
LESSONS = make_nbgrader.lessons()
GRADED = ["01_neuron", "04_loss"]  # the two fastest lessons, graded for real


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    out = tmp_path_factory.mktemp("nbgrader")
    make_nbgrader.write_course(out)
    return out


def _graded_cells(nb):
    return [cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_lesson_is_a_source_notebook_with_its_solution_and_test_cells_marked(course, path):
    nb = nbformat.read(course / "source" / path.stem / path.name, as_version=4)
    for cell in nb.cells:
        marked = cell.metadata.get("nbgrader", {})
        assert ("### BEGIN SOLUTION" in cell.source) == bool(marked.get("solution")), cell.source[:80]
        assert not cell.get("outputs"), "the source notebook carries no outputs"
    tests = _graded_cells(nb)
    lesson = lesson_registry.lesson(path.stem)
    numbers = sorted({ex.number for ex in lesson.exercises.values() if ex.number})
    assert [f"{path.stem}-exercise-{n}" for n in numbers] == [cell.metadata["nbgrader"]["grade_id"] for cell in tests]
    assert sum(cell.metadata["nbgrader"]["points"] for cell in tests) == len(lesson.exercises)  # a point per part
    assert all(cell.metadata["nbgrader"]["locked"] and "LESSON.passed(" in cell.source for cell in tests)
    ids = [cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells if "nbgrader" in cell.metadata]
    assert len(ids) == len(set(ids))


def test_every_test_cell_follows_the_check_cell_of_its_exercise(course):
    nb = nbformat.read(course / "source" / "05_backprop" / "05_backprop.ipynb", as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.metadata.get("nbgrader", {}).get("grade"):
            assert ".check_" in nb.cells[i - 1].source
    engine = next(cell for cell in _graded_cells(nb) if "check_engine" in nb.cells[nb.cells.index(cell) - 1].source)
    assert engine.metadata["nbgrader"]["points"] == 4  # the engine's four parts


def test_the_config_names_the_course_and_the_stub_the_checks_know(course):
    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert 'course_id = "nn-hands-on"' in config and "raise NotImplementedError()" in config


def test_a_lesson_whose_check_cells_do_not_follow_its_exercises_is_refused():
    nb = nbformat.read(ROOT / "notebooks" / "01_neuron.ipynb", as_version=4)
    checks = [cell for cell in nb.cells if cell.cell_type == "code" and "checks.check_" in cell.source]
    checks[0].source, checks[1].source = checks[1].source, checks[0].source
    with pytest.raises(ValueError, match=r"01_neuron: its check cells check Exercises \[2, 1, 3, 4\]"):
        make_nbgrader.exercise_numbers(nb, "01_neuron")


@pytest.fixture(scope="module")
def graded(course):
    """nbgrader itself: release, validate and autograde an unfinished and a solved copy of GRADED."""
    pytest.importorskip("nbgrader")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env = {k: v for k, v in env.items() if not k.startswith("PYTEST_")}

    def nbgrader(*args):
        return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                              capture_output=True, text=True, timeout=600)

    validated = {}
    for name in GRADED:
        done = nbgrader("generate_assignment", name, "--force")
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        release = course / "release" / name / f"{name}.ipynb"
        for student, notebook in (("unfinished", release), ("solved", course / "source" / name / f"{name}.ipynb")):
            folder = course / "submitted" / student / name
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(notebook, folder / f"{name}.ipynb")
            validated[student, name] = nbgrader("validate", str(folder / f"{name}.ipynb"))
        done = nbgrader("autograde", name, "--force")
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    done = nbgrader("export")
    assert done.returncode == 0, done.stderr[-2000:]
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        grades = {(row["student_id"], row["assignment"]): (float(row["score"]), float(row["max_score"]))
                  for row in csv.DictReader(f)}
    return validated, grades


@pytest.mark.parametrize("name", GRADED)
def test_the_release_has_stubs_where_the_solutions_were(course, graded, name):
    text = (course / "release" / name / f"{name}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and text.count("raise NotImplementedError()") >= 3


@pytest.mark.parametrize("name", GRADED)
def test_validate_fails_an_unfinished_notebook_and_passes_a_solved_one(graded, name):
    validated, _ = graded
    assert "VALIDATION FAILED" in validated["unfinished", name].stdout
    assert "Success! Your notebook passes all the tests." in validated["solved", name].stdout


@pytest.mark.parametrize("name", GRADED)
def test_autograde_gives_an_unfinished_notebook_0_and_a_solved_one_full_marks(graded, name):
    _, grades = graded
    points = len(lesson_registry.lesson(name).exercises)
    assert grades["unfinished", name] == (0.0, points)
    assert grades["solved", name] == (points, points)
