"""The harness itself: Run All, error detection, keyboard, mouse and buttons on a tiny widget."""

from __future__ import annotations

import json

from browser_tests import widgets
from browser_tests.conftest import FIXTURE_DIR

SMOKE = f"{FIXTURE_DIR}/smoke_widgets.ipynb"


def probe(notebook, cell: int) -> dict:
    """Run the probe cell again and return the kernel's JSON report of the widget state."""
    notebook.run_cell(cell)
    line = next(l for l in notebook.output_text(cell).splitlines() if l.startswith("PROBE "))
    return json.loads(line[len("PROBE "):])


def test_error_cell_is_reported_and_a_warning_is_not(open_notebook):
    notebook = open_notebook(f"{FIXTURE_DIR}/error_cell.ipynb")
    notebook.run_all(timeout_s=120)
    shown = notebook.shown_errors()
    assert len(shown) == 1 and "deliberate error for the detector" in shown[0]
    notebook.save()
    assert notebook.saved_errors() == ["ValueError: deliberate error for the detector"]


def test_keyboard_mouse_and_button_redraw_the_widget(open_notebook):
    notebook = open_notebook(SMOKE)
    notebook.run_all(timeout_s=120)
    assert notebook.shown_errors() == []
    box = notebook.page.locator(".smoke-explorer")
    slider, image = box.locator(".widget-slider"), box.locator("img")
    label = box.locator(".widget-html-content")
    drawn = widgets.image_digest(image)
    assert probe(notebook, 1) == {"png": drawn, "values": [3]}

    widgets.press(slider, "ArrowRight", times=2)
    widgets.wait_label_contains(label, "n = 5")
    drawn = widgets.wait_image_change(image, drawn)
    assert label.inner_text() == "n = 5" and widgets.readout(slider) == 5

    widgets.drag(notebook.page, slider, 0.0)
    widgets.wait_label_contains(label, "n = 0")
    drawn = widgets.wait_image_change(image, drawn)
    assert label.inner_text() == "n = 0" and widgets.readout(slider) == 0

    box.locator("button").click()
    widgets.wait_label_contains(label, "n = 1")
    drawn = widgets.wait_image_change(image, drawn)
    assert label.inner_text() == "n = 1" and widgets.readout(slider) == 1
    state = probe(notebook, 1)
    assert state["values"] == [1]
    widgets.wait_image_is(image, state["png"])  # the page settles on the kernel's picture
