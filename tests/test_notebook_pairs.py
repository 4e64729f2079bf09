"""Each lesson is a jupytext pair: the MyST text and the notebook hold the same cells,
and the notebook's stored outputs come from one run top to bottom."""

import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    """What a pair must agree on: each cell's type, source and tags, in order."""
    return [(c.cell_type, c.source, list(c.metadata.get("tags", []))) for c in nb.cells]


def pair_difference(notebook: Path) -> str | None:
    """None when ``notebook`` and its ``.md`` hold the same cells, else the first difference in words."""
    text = cells(jupytext.read(notebook.with_suffix(".md")))
    stored = cells(nbformat.read(notebook, as_version=4))
    for i, (a, b) in enumerate(zip(text, stored)):
        if a != b:
            return f"cell {i} differs: the .md has {a!r:.300}, the .ipynb has {b!r:.300}"
    if len(text) != len(stored):
        return f"the .md has {len(text)} cells, the .ipynb {len(stored)}"
    return None


def test_every_lesson_is_a_pair():
    assert len(NOTEBOOKS) == 7
    assert [p.name for p in NOTEBOOKS if not p.with_suffix(".md").exists()] == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_text_and_notebook_hold_the_same_cells(notebook):
    difference = pair_difference(notebook)
    assert difference is None, f"{notebook.stem}: {difference}; run `make sync` after editing one side"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_come_from_one_run_top_to_bottom(notebook):
    # A code cell edited in the .md and synced keeps no outputs: strict nbval would then
    # run it without comparing anything. Execution counts 1, 2, 3, ... prove a full run.
    counts = [c.execution_count for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{notebook.stem}: execution counts {counts}; re-execute it with `make execute NB={notebook.stem}`")


@pytest.mark.parametrize("edit", ["append", "drop", "retag"])
def test_a_cell_edited_on_one_side_only_is_found(tmp_path, edit):
    notebook = tmp_path / NOTEBOOKS[0].name
    shutil.copy(NOTEBOOKS[0], notebook)
    shutil.copy(NOTEBOOKS[0].with_suffix(".md"), notebook.with_suffix(".md"))
    assert pair_difference(notebook) is None
    nb = nbformat.read(notebook, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    if edit == "append":
        nb.cells[-1].source += "\nOne more sentence."
    elif edit == "drop":
        nb.cells.pop()
    else:
        code.metadata["tags"] = ["nbval-skip"]
    nbformat.write(nb, notebook)
    assert pair_difference(notebook) is not None


def test_saving_either_side_in_jupyterlab_updates_the_other(tmp_path):
    # JupyterLab saves through jupytext's contents manager, rooted at notebooks/ by `make lab`:
    # the pairing must come from the config found there, not from a command-line flag.
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from jupytext.sync_contentsmanager import build_sync_jupytext_contents_manager_class

    source = NOTEBOOKS[3]
    for path in (source, source.with_suffix(".md"), ROOT / "notebooks" / "jupytext.toml"):
        shutil.copy(path, tmp_path / path.name)
    manager = build_sync_jupytext_contents_manager_class(LargeFileManager)(root_dir=str(tmp_path))
    notebook, text = source.name, source.with_suffix(".md").name

    model = manager.get(notebook)
    model["content"].cells[1].source += "\nEdited as a notebook."
    manager.save(model, notebook)
    assert "Edited as a notebook." in (tmp_path / text).read_text()

    model = manager.get(text)
    outputs = sum(len(c.get("outputs", [])) for c in model["content"].cells if c.cell_type == "code")
    assert outputs > 0, "opening the .md in JupyterLab shows the stored outputs"
    model["content"].cells[0].source += "\nEdited as text."
    manager.save(model, text)
    saved = nbformat.read(tmp_path / notebook, as_version=4)
    assert "Edited as text." in saved.cells[0].source
    assert sum(len(c.outputs) for c in saved.cells if c.cell_type == "code") == outputs
    assert pair_difference(tmp_path / notebook) is None
