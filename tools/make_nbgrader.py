"""Write an nbgrader course folder from the lessons.

    python tools/make_nbgrader.py [--out build/nbgrader]      # what `make nbgrader` runs

It writes ``nbgrader_config.py`` and ``source/NN_name/NN_name.ipynb`` for the seven
lessons: the full edition (every solution in place), with nbgrader's cell metadata.

- A cell holding a ``### BEGIN SOLUTION`` region is a solution cell:
  ``nbgrader generate_assignment`` replaces the region with a stub.
- After each exercise's check cell comes an autograded test cell, locked, worth one
  point per part of the exercise, that asserts the exercise passed its check
  (``checks.LESSON.passed(N)``). The check cell itself only prints (it must not stop
  the notebook of a student who is still trying); the test cell is what raises.

Then, in ``build/nbgrader``: ``nbgrader generate_assignment 01_neuron`` writes the
release, ``nbgrader validate`` fails an unfinished notebook, and ``nbgrader autograde``
gives it 0 points and a solved one full marks (``tests/test_nbgrader.py`` runs all three).
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lesson_files import lesson_files  # noqa: E402  (tools/ is a folder of scripts)

COURSE_ID = "nn-hands-on"
BEGIN = "### BEGIN SOLUTION"
_CHECK_CALL = re.compile(r"^(\w+)\.(check_\w+)\(", re.M)
_CHECK_IMPORT = re.compile(r"^from course_utils\.checks import (\w+) as (\w+)$", re.M)
CONFIG = f'''"""nbgrader's settings for the course (written by tools/make_nbgrader.py)."""

c = get_config()  # noqa: F821 (nbgrader defines it)
c.CourseDirectory.course_id = "{COURSE_ID}"
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
c.Execute.timeout = 600  # a lesson's slowest cell (notebook 07's experiments) takes well under a minute
'''


def lessons() -> list[Path]:
    """The seven lessons' notebooks, in order."""
    return lesson_files(".ipynb")


def _metadata(grade_id: str, *, solution: bool, grade: bool, points: int = 0) -> dict:
    data = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": not solution,
            "schema_version": 3}
    if grade:
        data["points"] = points
    return data


def exercise_numbers(nb: nbformat.NotebookNode, name: str) -> list[tuple[int, str, int, int]]:
    """(cell index, module alias, exercise number, its parts) for each check cell, in order.

    The exercise of a check call ``checks.check_x(...)`` is the one whose check it is; a check
    that runs several parts (lesson 05's engine) is the next exercise not taken by another call.
    """
    source = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    modules = {alias: importlib.import_module(f"course_utils.checks.{module}")
               for module, alias in _CHECK_IMPORT.findall(source)}
    lesson = next(iter(modules.values())).LESSON
    numbers = sorted({ex.number for ex in lesson.exercises.values() if ex.number})
    found: list[tuple[int, str, int | None]] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for alias, attr in _CHECK_CALL.findall(cell.source):
            if alias not in modules:
                continue
            check = getattr(modules[alias], attr)
            owner = getattr(check, "__self__", None)
            found.append((i, alias, getattr(owner, "number", None)))
    taken = {number for _, _, number in found if number}
    free = iter(n for n in numbers if n not in taken)
    result = [(i, alias, number or next(free)) for i, alias, number in found]
    if [number for _, _, number in result] != numbers:
        raise ValueError(f"{name}: its check cells check Exercises {[n for _, _, n in result]}, expected each of "
                         f"{numbers} once and in order (one check cell per exercise)")
    parts = {n: sum(ex.number == n for ex in lesson.exercises.values()) for n in numbers}
    return [(i, alias, number, parts[number]) for i, alias, number in result]


def for_nbgrader(path: Path) -> nbformat.NotebookNode:
    """Lesson ``path`` with nbgrader's metadata: solution cells, and a test cell after each check cell."""
    nb = nbformat.read(path, as_version=4)
    name = path.stem
    checks = {i: (alias, number, parts) for i, alias, number, parts in exercise_numbers(nb, name)}
    cells = []
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("nbgrader", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if cell.cell_type == "code" and BEGIN in cell.source:
            cell.metadata["nbgrader"] = _metadata(f"{name}-solution-{i}", solution=True, grade=False)
        cells.append(cell)
        if i in checks:
            alias, number, parts = checks[i]
            test = nbformat.v4.new_code_cell(
                f"# Graded: Exercise {number}, {parts} point{'s' * (parts != 1)}. Its check (the cell above) must pass.\n"
                f"assert {alias}.LESSON.passed({number}), \"Exercise {number} has not passed its check yet: "
                f"run the cell above and read what it says\"")
            test.metadata["nbgrader"] = _metadata(f"{name}-exercise-{number}", solution=False, grade=True, points=parts)
            cells.append(test)
    nb.cells = cells
    return nb


def points_of(nb: nbformat.NotebookNode) -> int:
    """The points of a notebook's autograded test cells."""
    return sum(cell.metadata.get("nbgrader", {}).get("points", 0) for cell in nb.cells)


def write_course(out: Path) -> dict[Path, int]:
    """The course folder at ``out``: its config and one source notebook per lesson. Returns {notebook: points}."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    written = {}
    for path in lessons():
        target = out / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nb = for_nbgrader(path)
        nbformat.write(nb, target)
        written[target] = points_of(nb)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "nbgrader", help="the course folder to write")
    args = parser.parse_args(argv)
    written = write_course(args.out)
    print(f"{args.out}: nbgrader_config.py and {len(written)} assignments in source/ ({sum(written.values())} points "
          "in all); "
          f"then, there: nbgrader generate_assignment 01_neuron")
    return 0


if __name__ == "__main__":
    sys.exit(main())
