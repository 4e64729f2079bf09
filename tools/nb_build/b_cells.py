"""Tiny helpers to write a notebook's cells as Python (used by nb05.py, nb06.py, nb07.py).

    python tools/nb_build/nb05.py     # writes notebooks/05_backprop.ipynb without outputs

The written notebook has no outputs: run tools/execute_notebooks.py on it next.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
IGNORE = "nbval-ignore-output"


def md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip())


def code(text: str, *tags: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(textwrap.dedent(text).strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write(name: str, cells: list) -> Path:
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i:03d}"  # stable ids: rebuilding does not churn the diff
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    path = ROOT / "notebooks" / name
    nbformat.write(nb, path)
    print(f"wrote {path.relative_to(ROOT)} ({len(cells)} cells)")
    return path


def expand(items: list, named: dict[str, list]) -> list:
    """Replace each name in ``items`` by its list of cells from ``named`` (keeps the outline short)."""
    out = []
    for item in items:
        out.extend(named[item] if isinstance(item, str) else [item])
    return out
