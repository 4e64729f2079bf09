"""The student edition tool turns solutions into stubs and leaves nothing behind."""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_student_edition", ROOT / "tools" / "make_student_edition.py")
mse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mse)

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
