"""tools/execute_notebooks.py reads a lesson's cells from its .md and keeps the .ipynb's cell ids."""

import importlib.util
import os
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(execute_notebooks)


@pytest.fixture
def pair(tmp_path):
    """A two-cell lesson pair, the .md written from the .ipynb as jupytext writes it, the .md newer."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lesson"), nbformat.v4.new_code_cell("x = 1\nx")]
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=1)]
    nb.cells[1].execution_count = 1
    ipynb = tmp_path / "01_lesson.ipynb"
    nbformat.write(nb, ipynb)
    jupytext.write(nb, ipynb.with_suffix(".md"), fmt="md:myst")
    os.utime(ipynb, (1_000_000_000, 1_000_000_000))
    return ipynb


def test_a_lesson_is_named_by_its_ipynb_its_md_or_its_bare_name(pair, monkeypatch):
    assert execute_notebooks.lesson_path(pair.with_suffix(".md")) == pair
    assert execute_notebooks.lesson_path(pair) == pair
    monkeypatch.chdir(pair.parent)
    assert execute_notebooks.lesson_path("01_lesson") == Path("01_lesson.ipynb")
    with pytest.raises(SystemExit):
        execute_notebooks.lesson_path("no_such_lesson")


def test_cells_come_from_the_md_with_the_ipynb_ids_and_outputs(pair):
    md = pair.with_suffix(".md")
    md.write_text(md.read_text().replace("x = 1", "x = 2"))
    stored = nbformat.read(pair, as_version=4)
    nb = execute_notebooks.read_lesson(pair)
    assert [c.source for c in nb.cells] == ["# Lesson", "x = 2\nx"]
    assert [c.id for c in nb.cells] == [c.id for c in stored.cells]
    assert nb.cells[1].outputs == stored.cells[1].outputs


def test_an_ipynb_edited_after_its_md_is_not_overwritten(pair):
    nb = nbformat.read(pair, as_version=4)
    nb.cells[1].source = "x = 3\nx"
    nbformat.write(nb, pair)  # now newer than the .md, and different
    with pytest.raises(SystemExit, match="make sync"):
        execute_notebooks.read_lesson(pair)


def test_the_lessons_of_the_course_read_as_they_are_stored():
    # For every committed pair in sync, reading it for execution changes nothing but outputs.
    for ipynb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        stored = nbformat.read(ipynb, as_version=4)
        if execute_notebooks.cells(jupytext.read(ipynb.with_suffix(".md"))) != execute_notebooks.cells(stored):
            continue  # out of sync: tests/test_notebook_pairs.py reports it
        nb = execute_notebooks.read_lesson(ipynb)
        assert nbformat.writes(nb) == nbformat.writes(stored), ipynb.name
