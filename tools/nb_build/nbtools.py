"""Tiny helpers to write a lesson notebook from a Python script.

Each ``tools/nb_build/nbNN.py`` lists its cells with :func:`md` and :func:`code`
and calls :func:`write`. The written notebook has no outputs: run
``tools/execute_notebooks.py`` on it afterwards to store them.
"""

from __future__ import annotations

import importlib
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
IGNORE_OUTPUT = "nbval-ignore-output"  # for outputs that vary: timings, widgets, progress bars


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(_clean(text))


def code(source: str, *tags: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(_clean(source))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write(name: str, cells: list) -> Path:
    """Write ``notebooks/<name>`` with a python3 kernelspec; returns its path."""
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11"}
    path = ROOT / "notebooks" / name
    nbformat.validate(nb)
    nbformat.write(nb, path)
    print(f"wrote {path.relative_to(ROOT)} ({len(cells)} cells)")
    return path


def explorer_cells(intro: str, module: str, cls: str, var: str, args: str = "") -> list:
    """Markdown intro, the explorer cell and its static picture (issue 4).

    Returns [] with a note while ``course_utils.explorers.<module>.<cls>`` or
    ``show_static`` is not in the package yet, so a notebook can be built
    (and pass nbval) before its explorer lands; rebuild once it has.
    """
    try:
        getattr(importlib.import_module(f"course_utils.explorers.{module}"), cls)
        importlib.import_module("course_utils.explorers").show_static
    except (ImportError, AttributeError) as exc:
        print(f"note: explorer {module}.{cls} left out ({exc})")
        return []
    return [
        md(intro),
        code(f"""
            from course_utils.explorers import show_static
            from course_utils.explorers.{module} import {cls}

            {var} = {cls}({args})
            {var}
            """, IGNORE_OUTPUT),
        code(f"show_static({var})  # its starting state, for readers without a running kernel"),
    ]
