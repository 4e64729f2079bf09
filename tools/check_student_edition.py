"""Check the student edition while nbval runs it: a pytest plugin.

    pytest -p tools.check_student_edition --student-edition=student --nbval --nbval-current-env student
    python tools/check_student_edition.py [student]     # the same, for one folder

nbval runs every cell (a cell that raises fails, as usual). For each notebook
under the ``--student-edition`` folder this plugin adds one more test, run
after the notebook's last cell on the same kernel's outputs. It fails when
solution text is left in the notebook, when a cell raised, when fewer than
two exercises are stubbed, when fewer checks said "not done yet" than there
are stubbed exercises (every unfinished exercise must say so), or when a check
tripped over a stub ("the check could not finish": a bug in the check, which
the student would see as a failed line), or when an answer is on screen (a folded
solution or course's version shown before any attempt). Notebooks
elsewhere (the lessons themselves) are left to nbval alone, so one pytest
session can run both and the student edition is executed only once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

STUB = "raise NotImplementedError()"
NOT_DONE = "not done yet"
MIN_STUBS = 2
NAME = "exercises report not done yet"
CHECK_TRIPPED = "the check could not finish"  # course_utils.checks.report.CHECK_TRIPPED
ANSWER_SHOWN = "(click to unfold)"  # course_utils.checks.report.UNFOLD: the heading of a folded answer


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("nbval").addoption(
        "--student-edition", action="append", default=[], metavar="DIR",
        help="notebooks under DIR are the student edition: check their stubs and 'not done yet' reports")


def _is_cell(item: pytest.Item) -> bool:
    # nbval's items; matched by name so that this module imports without nbval.
    return type(item).__name__ == "IPyNbCell"


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    folders = [Path(folder).resolve() for folder in config.getoption("student_edition")]
    if not folders:
        return
    out: list[pytest.Item] = []
    cells: list[pytest.Item] = []  # the cells of the notebook being walked through
    for i, item in enumerate(items):
        out.append(item)
        if not _is_cell(item):
            continue
        cells.append(item)
        if i + 1 < len(items) and items[i + 1].parent is item.parent:
            continue
        if any(Path(item.path).resolve().is_relative_to(folder) for folder in folders):
            out.append(StudentEditionCheck.from_parent(item.parent, name=NAME, cells=cells))
        cells = []
    items[:] = out


def _text(outputs: list, kinds: tuple[str, ...] = ("text/plain",)) -> str:
    """What the student sees as text: printed streams and the ``kinds`` forms of results."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.extend(_joined(out["data"].get(kind, "")) for kind in kinds)
    return "".join(parts)


def _joined(text: str | list) -> str:
    return "".join(text) if isinstance(text, list) else text


class StudentEditionCheck(pytest.Item):
    """The notebook-level checks, from the source and from what nbval's cells printed."""

    def __init__(self, *, cells: list, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cells = cells

    def runtest(self) -> None:
        code_cells = sum(cell.cell_type == "code" for cell in self.parent.nb.cells)
        ran = [c for c in self.cells if c.test_outputs is not None or c.options["skip"]]
        if len(ran) < code_cells:  # deselected (-k) or stopped early: the counts would mean nothing
            pytest.skip(f"needs every cell of the notebook to run ({len(ran)} of {code_cells} did)")
        problems = []
        if "SOLUTION" in Path(self.path).read_text(encoding="utf-8"):
            problems.append("solution text (### BEGIN/END SOLUTION) is left in the student edition")
        raised = [(cell.name, error) for cell in self.cells if not cell.options["check_exception"]
                  for error in (cell.test_outputs or []) if error.get("output_type") == "error"]
        if raised:  # the first one is the cause; the others usually follow from it
            name, error = raised[0]
            more = f" (and {len(raised) - 1} more cells raised)" if len(raised) > 1 else ""
            problems.append(f"{name} raised {error['ename']}: {error['evalue']}"[:300] + more)
        stubs = sum(cell.cell.source.count(STUB) for cell in self.cells)
        reported = sum(_text(cell.test_outputs or []).count(NOT_DONE) for cell in self.cells)
        tripped = [cell.name for cell in self.cells if CHECK_TRIPPED in _text(cell.test_outputs or [])]
        if tripped:
            problems.append(f"{tripped[0]}: a check could not finish on the unfinished exercise (a bug in the check)")
        shown = [cell.name for cell in self.cells
                 if ANSWER_SHOWN in _text(cell.test_outputs or [], ("text/plain", "text/html"))]
        if shown:
            problems.append(f"{shown[0]}: an answer is on screen before any attempt"
                            + (f" (and in {len(shown) - 1} more cells)" if len(shown) > 1 else ""))
        if stubs < MIN_STUBS:
            problems.append(f"only {stubs} exercises stubbed (at least {MIN_STUBS} expected)")
        elif reported < stubs:
            problems.append(f"{stubs} exercises stubbed but only {reported} said '{NOT_DONE}'")
        if problems:
            raise StudentEditionProblem(problems)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, StudentEditionProblem):
            return f"{self.path.name}: " + "; ".join(excinfo.value.args[0])
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, self.nodeid


class StudentEditionProblem(Exception):
    """What the student edition got wrong, one sentence per problem."""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "student")
    if not sorted(folder.glob("[0-9]*.ipynb")):
        print(f"no notebooks in {folder}: run tools/make_student_edition.py first", file=sys.stderr)
        return 1
    return int(pytest.main(["--nbval", "--nbval-current-env", "--nbval-cell-timeout=600", "-q",
                            f"--student-edition={folder}", str(folder)], plugins=[sys.modules[__name__]]))


if __name__ == "__main__":
    sys.exit(main())
