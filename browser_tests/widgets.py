"""Read and move ipywidgets 7 and 8 controls in the page, as a student would.

A slider is a noUiSlider on ipywidgets 8 and a jQuery UI slider on 7: its
handle (``.noUi-handle`` / ``.ui-slider-handle``) takes the keyboard
(arrows, Home/End) and the mouse. The readout (``.widget-readout``) is the
number the student sees. An Image widget shows its PNG through a ``blob:`` URL
that changes on every redraw, so "the drawing changed" is decided on the
SHA-256 of the displayed bytes, which the page computes itself.
"""

from __future__ import annotations

import json

HANDLE = ".noUi-handle, .ui-slider-handle"  # ipywidgets 8, 7
TRACK = ".noUi-base, .ui-slider"
WAIT_MS = 90_000  # a redraw that trains on MNIST may take a while on a shared machine

_IMAGE_DIGEST_JS = """
async img => {
  const bytes = await (await fetch(img.src)).arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
}
"""


def image_digest(image) -> str:
    """SHA-256 (hex) of the PNG an ``<img>`` locator currently shows."""
    image.wait_for(state="visible", timeout=WAIT_MS)
    return image.evaluate(_IMAGE_DIGEST_JS)


def readout(slider) -> float:
    """The number a slider's readout shows (d3 formats use U+2212 for minus)."""
    text = slider.locator(".widget-readout").inner_text().strip()
    return float(text.replace("\u2212", "-"))


def readout_text(slider) -> str:
    return slider.locator(".widget-readout").inner_text().strip()


def press(slider, key: str, times: int = 1) -> None:
    """Focus the slider's handle and press ``key`` (e.g. "ArrowRight", "End")."""
    handle = slider.locator(HANDLE)
    handle.focus()
    for _ in range(times):
        handle.press(key)


def drag(page, slider, fraction: float) -> None:
    """Drag the slider's handle with the mouse to ``fraction`` (0..1) of its track."""
    track = slider.locator(TRACK).bounding_box()
    handle = slider.locator(HANDLE).bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + fraction * track["width"], track["y"] + track["height"] / 2, steps=8)
    page.mouse.up()


def wait_text_change(locator, before: str) -> str:
    """Wait until ``locator``'s text differs from ``before``; return the new text."""
    locator.page.wait_for_function("([el, before]) => el.innerText !== before",
                                   arg=[locator.element_handle(), before], timeout=WAIT_MS, polling=200)
    return locator.inner_text()


def wait_image_change(image, before: str) -> str:
    """Wait until the ``<img>`` shows bytes whose digest differs from ``before``; return it."""
    image.page.wait_for_function(
        f"async img => ({_IMAGE_DIGEST_JS})(img).then(d => d !== {json.dumps(before)})",
        arg=image.element_handle(), timeout=WAIT_MS, polling=300)
    return image_digest(image)


def wait_label_contains(label, text: str) -> None:
    """Wait until ``label`` shows ``text`` (a redraw may arrive after a first, partial one)."""
    label.page.wait_for_function("([el, text]) => el.innerText.includes(text)",
                                 arg=[label.element_handle(), text], timeout=WAIT_MS, polling=200)


def wait_image_is(image, digest: str) -> None:
    """Wait until the ``<img>`` shows the PNG whose SHA-256 is ``digest`` (redraws may still
    be arriving after a drag: the last one must match)."""
    image.page.wait_for_function(
        f"async img => ({_IMAGE_DIGEST_JS})(img).then(d => d === {json.dumps(digest)})",
        arg=image.element_handle(), timeout=WAIT_MS, polling=300)
