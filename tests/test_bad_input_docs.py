"""docs/bad_input.md counts the rows of the bad-input tables as they are."""

import collections
import importlib.util
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
TABLES = {  # the doc's column -> (test file, name of its table)
    "PyTorch side": ("test_bad_input_torch.py", "CASES"),
    "NumPy from scratch": ("test_bad_input_scratch.py", "CASES"),
    "explorers, plots, checks, data": ("test_bad_input_widgets_plots_checks.py", "ROWS"),
    "playground, stats, engine, copy": ("test_bad_input_student_files.py", "ROWS"),
    "doctor": ("test_doctor.py", "DOCTOR_ROWS"),
}


def rows_by_category(file: str, table: str) -> collections.Counter:
    spec = importlib.util.spec_from_file_location(f"bad_input_{table}_{file[:-3]}", ROOT / "tests" / file)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "tests"))  # the tables import tests/bad_input.py
    spec.loader.exec_module(module)
    return collections.Counter(row.values[0] if hasattr(row, "values") else row[0] for row in getattr(module, table))


def documented() -> dict[str, dict[str, int]]:
    lines = [line for line in (ROOT / "docs" / "bad_input.md").read_text().splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        table[cells[0]] = dict(zip(header[1:], map(int, cells[1:])))
    return table


@pytest.mark.skipif(torch.cuda.is_available(), reason="the doc counts the rows of a machine without a GPU")
def test_the_doc_gives_the_number_of_rows_per_category_and_table():
    doc = documented()
    for column, (file, table) in TABLES.items():
        counts = rows_by_category(file, table)
        assert {category: doc[category][column] for category in counts} == dict(counts), column
        assert doc["all"][column] == sum(counts.values())
    for category, row in doc.items():
        assert row["all"] == sum(row[column] for column in TABLES), category
