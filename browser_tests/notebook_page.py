"""Drive one notebook in JupyterLab the way a student does: open, Run All, read.

Selectors are those of JupyterLab 4.6. An exception shows as an output with
``data-mime-type="application/vnd.jupyter.stderr"`` like a warning does, so
we tell them apart by the traceback text, and double-check with the saved
``.ipynb`` (outputs of type ``error``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

KERNEL_TIMEOUT_MS = 120_000  # kernel start on a busy 2-core machine
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
STDERR = f'{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
# jupyterlab_widgets writes this text into the output when a widget view cannot be built.
WIDGET_ERROR = f"{PANEL} .jp-OutputArea-output:has-text('Error displaying widget')"
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^-{20,}$", re.MULTILINE)

# True once every code cell with source has run (or Run All stopped at an error).
_RUN_FINISHED_JS = """
([panel, stderr]) => {
  const nb = document.querySelector(panel + ' .jp-Notebook');
  if (!nb) return false;
  const status = document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator');
  if (!status || status.dataset.status !== 'idle') return false;
  const cells = [...nb.querySelectorAll('.jp-CodeCell')];
  // A cell whose source is hidden (a lesson figure) has no input prompt and no editor in the page.
  const text = (c, selector) => (c.querySelector(selector) || {textContent: ''}).textContent.trim();
  const prompts = cells.map(c => text(c, '.jp-InputArea-prompt'));
  if (prompts.some(p => p.includes('*'))) return false;
  const errored = [...document.querySelectorAll(stderr)].some(e => e.textContent.includes('Traceback'));
  const pending = cells.filter((c, i) =>
      text(c, '.cm-content') !== '' && !/\\[\\d+\\]/.test(prompts[i]));
  return errored || pending.length === 0;
}
"""


class NotebookPage:
    """One notebook open in a Playwright ``page`` of a running :class:`LabServer`."""

    def __init__(self, page, server, name: str):
        self.page = page
        self.server = server
        self.name = name

    def open(self) -> None:
        """Load the notebook and wait until its kernel is connected and idle."""
        self.page.goto(self.server.lab_url(self.name), timeout=KERNEL_TIMEOUT_MS)
        self.page.wait_for_selector(f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]',
                                    timeout=KERNEL_TIMEOUT_MS)
        self.page.wait_for_function(
            "() => (document.querySelector('#jp-main-statusbar') || {}).textContent?.includes('Idle')",
            timeout=KERNEL_TIMEOUT_MS)

    def menu(self, menu: str, item: str) -> None:
        """Click ``item`` in the menu bar's ``menu`` (e.g. "Run", "Run All Cells")."""
        self.page.click(f'.lm-MenuBar-itemLabel:text-is("{menu}")')
        self.page.click(f'.lm-Menu-itemLabel:text-is("{item}")')

    def run_all(self, timeout_s: float) -> None:
        """Clear the stored outputs, Run All, and wait until the run is over."""
        self.menu("Edit", "Clear Outputs of All Cells")
        self.page.wait_for_function(
            f"() => ![...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputArea-prompt')]"
            ".some(p => /\\d/.test(p.textContent))", timeout=30_000)
        self.menu("Run", "Run All Cells")
        self.page.wait_for_function(_RUN_FINISHED_JS, arg=[PANEL, STDERR], timeout=timeout_s * 1000,
                                    polling=500)

    def save(self) -> None:
        """Save the notebook (Ctrl+S) and wait for the document to be clean."""
        self.menu("File", "Save Notebook")
        self.page.wait_for_selector(f"{PANEL} .jp-mod-dirty, .lm-TabBar-tab.jp-mod-current.jp-mod-dirty",
                                    state="detached", timeout=30_000)

    def shown_errors(self) -> list[str]:
        """Texts of the outputs on screen that show a traceback or a broken widget."""
        texts = self.page.locator(STDERR).all_inner_texts()
        errors = [t for t in texts if TRACEBACK.search(t)]
        errors += self.page.locator(WIDGET_ERROR).all_inner_texts()
        return errors

    def saved_errors(self) -> list[str]:
        """``ename: evalue`` of every error output in the saved file."""
        notebook = json.loads((Path(self.server.root_dir) / self.name).read_text())
        return [f"{out.get('ename')}: {out.get('evalue')}"
                for cell in notebook["cells"] if cell["cell_type"] == "code"
                for out in cell.get("outputs", []) if out.get("output_type") == "error"]

    def code_cell(self, index: int):
        """Locator of the ``index``-th code cell (0-based, code cells only)."""
        return self.page.locator(f"{PANEL} .jp-CodeCell").nth(index)

    def run_cell(self, index: int, timeout_s: float = 60) -> None:
        """Run one code cell again (click its prompt area, Shift+Enter) and wait for it."""
        cell = self.code_cell(index)
        before = cell.locator(".jp-InputArea-prompt").inner_text()
        cell.locator(".jp-InputArea-prompt").click()
        self.page.keyboard.press("Shift+Enter")
        self.page.wait_for_function(
            "([cell, before]) => { const p = cell.querySelector('.jp-InputArea-prompt').textContent;"
            " return /\\[\\d+\\]/.test(p) && p.trim() !== before.trim(); }",
            arg=[cell.element_handle(), before], timeout=timeout_s * 1000, polling=200)

    def output_text(self, index: int) -> str:
        """Text of every output of the ``index``-th code cell."""
        return "\n".join(self.code_cell(index).locator(".jp-OutputArea-output").all_inner_texts())
