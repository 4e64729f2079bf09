"""The course's solutions, as the checks show them: read from the map the lessons' solution regions wrote.

Each lesson is its solutions' one home: ``make student`` (``tools/make_student_edition.py``)
writes ``course_utils/solutions.json``, {lesson: {function: code}}, from the lessons'
``### BEGIN SOLUTION`` regions; ``tests/test_student_edition.py`` fails while it is stale.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

MAP = Path(__file__).resolve().parents[1] / "solutions.json"


@functools.cache
def _solutions() -> dict[str, dict[str, str]]:
    try:
        return json.loads(MAP.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a broken install: the checks still run, without solutions to show
        return {}


def solution_code(notebook: str, key: str) -> str:
    """The code of function ``key`` (say ``mse`` or ``Value.__add__``) in lesson ``notebook``'s solutions, or ''."""
    return _solutions().get(notebook, {}).get(key, "")
