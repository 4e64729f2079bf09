"""Every explorer in a real browser: it renders, responds to keyboard, mouse and
buttons, and afterwards its label, its sliders and its drawing agree with each
other and with the kernel.

Parametrized over the explorers whose module and lesson exist.
"""

from __future__ import annotations

import json
import math
import shutil

import pytest

from browser_tests import widgets
from browser_tests.conftest import REPO
from browser_tests.explorer_specs import SPECS, write_notebook

EXPLORER_DIR = "_browser_explorers"
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"
PRESENT = [s for s in SPECS if (REPO / "course_utils" / "explorers" / f"{s.module}.py").exists()
           and (REPO / "notebooks" / s.lesson).exists()]


def _label_agrees_js():
    # The label must show `expect`, with {} replaced by the slider's readout as shown now.
    return """([label, readout, expect]) => {
      const shown = readout ? readout.innerText.trim() : '';
      return label.innerText.includes(expect.replace('{}', shown));
    }"""


def perform(page, root, action) -> None:
    """Do one student gesture on the explorer whose root locator is ``root``."""
    target = root.locator(f".{action.css}")
    if action.kind == "keys":
        widgets.press(target, action.arg, action.times)
    elif action.kind == "drag":
        widgets.drag(page, target, action.arg)
    elif action.kind == "click":
        for _ in range(action.times):
            target.click()
    elif action.kind == "select":
        target.locator("select").select_option(action.arg)
    else:
        raise ValueError(f"action.kind must be keys, drag, click or select, got {action.kind!r}")


def wait_label(page, label, target, action) -> None:
    readout = target.locator(".widget-readout")
    page.wait_for_function(_label_agrees_js(), timeout=widgets.WAIT_MS, polling=200,
                           arg=[label.element_handle(),
                                readout.element_handle() if readout.count() else None, action.expect])


def kernel_state(notebook) -> dict:
    """Run the probe cell and return the kernel's view of the explorer."""
    notebook.run_cell(1, timeout_s=widgets.WAIT_MS / 1000)
    line = next(l for l in notebook.output_text(1).splitlines() if l.startswith("PROBE "))
    return json.loads(line[len("PROBE "):])


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def assert_sliders_match_kernel(root, state) -> None:
    for slider in root.locator(".widget-slider").all():
        css = next(c for c in slider.get_attribute("class").split() if c.startswith("cu-"))
        shown = widgets.readout_text(slider)
        assert math.isclose(state[css], widgets.readout(slider), rel_tol=5e-3,
                            abs_tol=0.5 * 10 ** -decimals(shown) + 1e-12), (css, shown, state[css])


def save_screenshot(root, screenshots, name, update_docs) -> None:
    path = screenshots / f"{name}.png"
    root.screenshot(path=str(path))
    if update_docs:
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        from PIL import Image  # matplotlib's dependency; shrinks the committed copy

        Image.open(path).convert("RGB").quantize(colors=128).save(DOCS_SCREENSHOTS / path.name,
                                                                  optimize=True)


@pytest.fixture
def explorer_notebook(open_notebook, served_root):
    def opener(spec):
        write_notebook(spec, served_root / EXPLORER_DIR)
        notebook = open_notebook(f"{EXPLORER_DIR}/{spec.name}.ipynb")
        notebook.run_all(timeout_s=widgets.WAIT_MS / 1000 * 3)
        assert notebook.shown_errors() == []
        return notebook
    return opener


def test_every_explorer_of_the_course_is_present():
    missing = [s.name for s in SPECS if s not in PRESENT]
    assert not missing, f"explorer module or lesson missing for: {missing}"


@pytest.mark.parametrize("spec", PRESENT, ids=[s.name for s in PRESENT])
def test_explorer_responds_and_label_slider_plot_agree(explorer_notebook, screenshots, request, spec):
    update_docs = request.config.getoption("--update-docs-screenshots")
    notebook = explorer_notebook(spec)
    page = notebook.page
    root = page.locator(f".cu-explorer.{spec.css}")
    label, image = root.locator(spec.label), root.locator(spec.plot)
    widgets.wait_image_is(image, kernel_state(notebook)["png"])  # renders the kernel's picture
    root.scroll_into_view_if_needed()
    save_screenshot(root, screenshots, f"{spec.name}-before", update_docs)
    drawn = widgets.image_digest(image)

    for action in spec.actions:
        text = label.inner_text()
        perform(page, root, action)
        wait_label(page, label, root.locator(f".{action.css}"), action)
        assert label.inner_text() != text, f"{action} left the label unchanged"
        drawn = widgets.wait_image_change(image, drawn)

    state = kernel_state(notebook)
    widgets.wait_image_is(image, state["png"])  # the page settles on the kernel's picture
    save_screenshot(root, screenshots, f"{spec.name}-after", update_docs)
    assert_sliders_match_kernel(root, state)
    for action in (a for a in spec.actions if "{}" in a.expect):
        shown = widgets.readout_text(root.locator(f".{action.css}"))
        assert action.expect.replace("{}", shown) in label.inner_text(), (action, shown)
