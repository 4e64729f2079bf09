"""CONTRIBUTING.md's lesson table names files that exist and modules the lessons import."""

import itertools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["lesson", "notebook (text + outputs)", "package modules", "checks", "plots", "explorer", "tests"]


def lesson_rows() -> list[dict[str, list[str]]]:
    """Each table row as {column: [backticked paths]} (the lesson column as its text)."""
    text = (ROOT / "CONTRIBUTING.md").read_text()
    table = text[text.index("| " + COLUMNS[0]):]  # the lesson table: its header, then rows up to the first other line
    lines = [line for line in itertools.takewhile(lambda line: line.startswith("|"), table.splitlines())]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == COLUMNS, header
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        row = {name: re.findall(r"`([^`]+)`", cell) for name, cell in zip(COLUMNS, cells)}
        row["lesson"] = [cells[0]]
        rows.append(row)
    return rows


def imported_modules(text: str) -> set[str]:
    """Dotted course_utils modules a lesson imports (``from course_utils import a, b`` counts a and b)."""
    found = set(re.findall(r"(?:from|import) (course_utils(?:\.\w+)*)", text))
    for names in re.findall(r"from (course_utils(?:\.\w+)*) import ([\w, ]+)", text):
        found |= {f"{names[0]}.{name.strip()}" for name in names[1].split(",")}
    return found


ROWS = lesson_rows()


def test_the_table_has_one_row_per_lesson():
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.md"))
    assert [Path(row["notebook (text + outputs)"][0]).name for row in ROWS] == notebooks


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["lesson"][0])
def test_every_path_in_the_row_exists(row):
    paths = [p for name in COLUMNS[1:] for p in row[name]]
    assert paths and [p for p in paths if not (ROOT / p).is_file()] == []


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["lesson"][0])
def test_the_lesson_imports_its_modules_checks_plots_and_explorer(row):
    text = (ROOT / row["notebook (text + outputs)"][0]).read_text()
    imported = imported_modules(text)
    for path in row["package modules"] + row["checks"] + row["plots"] + row["explorer"]:
        dotted = path.removesuffix(".py").replace("/", ".")
        # A module counts when it or its package is imported: `from course_utils import scratch`
        # brings scratch/activations.py; lr_mnist.py is reached through the learning-rate explorer.
        parents = {".".join(dotted.split(".")[:k]) for k in range(2, dotted.count(".") + 2)}
        assert parents & imported or dotted.endswith("lr_mnist"), f"{row['lesson'][0]} does not import {dotted}"
