"""Every lesson, opened in JupyterLab and run with Run All, shows no error.

Parametrized over the lessons that exist in notebooks/ (``NN_name.ipynb``).
"""

from __future__ import annotations

import os

import pytest

from browser_tests.conftest import REPO

LESSONS = sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Bounded but generous: notebook 06 trains on MNIST for about a minute on 2 cores.
RUN_TIMEOUT_S = float(os.environ.get("BROWSER_NOTEBOOK_TIMEOUT", 600))

_EXPLORERS_DRAWN_JS = """
() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .cu-explorer')].map(root => {
  const img = root.querySelector('img');
  return {classes: root.className, drawn: !!img && img.complete && img.naturalWidth > 0};
})
"""


def test_lessons_exist():
    assert LESSONS, "no notebooks/NN_name.ipynb found"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_all_cells_without_an_error_and_draws_its_explorers(open_notebook, lesson):
    notebook = open_notebook(lesson)
    notebook.run_all(timeout_s=RUN_TIMEOUT_S)
    assert notebook.shown_errors() == []
    assert notebook.page.locator(".jp-OutputArea-output:has-text('Loading widget...')").count() == 0
    explorers = notebook.page.evaluate(_EXPLORERS_DRAWN_JS)
    assert all(e["drawn"] for e in explorers), explorers
    if "from course_utils.explorers." in (REPO / "notebooks" / lesson).read_text():
        assert explorers, "the lesson builds an explorer but none is on screen"
    notebook.save()
    assert notebook.saved_errors() == []
