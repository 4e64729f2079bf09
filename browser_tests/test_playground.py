"""The playground in a real browser: play trains and redraws, pause stops both.

Press play: the epoch counter and the heat map change while it runs. Press
pause: after the last frame in flight has arrived, neither changes again,
and the kernel's epoch and picture are the ones on screen. The screenshots
before and after playing go to the screenshots folder (and with
``--update-docs-screenshots`` to docs/screenshots/).
"""

from __future__ import annotations

import json
import time

from browser_tests import widgets
from browser_tests.conftest import FIXTURE_DIR
from browser_tests.test_explorers import save_screenshot

PLAYGROUND = f"{FIXTURE_DIR}/playground.ipynb"


def shown_epoch(counter) -> int:
    return int(counter.inner_text().split()[-1])


def kernel_state(notebook) -> dict:
    notebook.run_cell(1, timeout_s=widgets.WAIT_MS / 1000)
    line = next(l for l in notebook.output_text(1).splitlines() if l.startswith("PROBE "))
    return json.loads(line[len("PROBE "):])


def wait_epoch_at_least(counter, epoch: int) -> None:
    counter.page.wait_for_function("([el, n]) => parseInt(el.innerText.split(' ').pop()) >= n",
                                   arg=[counter.element_handle(), epoch], timeout=widgets.WAIT_MS, polling=100)


def test_play_trains_and_redraws_and_pause_stops_both(open_notebook, screenshots, request):
    update_docs = request.config.getoption("--update-docs-screenshots")
    notebook = open_notebook(PLAYGROUND)
    notebook.run_all(timeout_s=120)
    assert notebook.shown_errors() == []
    root = notebook.page.locator(".cu-playground")
    counter = root.locator(".cu-playground-epoch")
    image = root.locator(".cu-playground-plot")
    label = root.locator(".cu-playground-label")
    network = root.locator(".cu-playground-network svg")
    assert counter.inner_text().strip() == "epoch 0"
    assert network.locator("image").count() == 2 + 4 + 1  # a small map per input, hidden neuron and output
    assert network.locator("line").count() == 2 * 4 + 4 * 1
    assert ": w = " in network.locator("line title").first.text_content()  # the weight, shown on hover
    before = widgets.image_digest(image)
    save_screenshot(root, screenshots, "playground-before", update_docs)

    root.locator(".cu-playground-play button").first.click()  # the Play widget's ▶
    wait_epoch_at_least(counter, 10)
    started, first = time.perf_counter(), shown_epoch(counter)
    wait_epoch_at_least(counter, first + 40)
    rate = (shown_epoch(counter) - first) / (time.perf_counter() - started)
    print(f"\nframes shown per second while playing (one epoch each): {rate:.1f}")
    assert widgets.image_digest(image) != before
    assert "epoch" in label.inner_text()

    root.locator(".cu-playground-play button").nth(1).click()  # ❚❚
    time.sleep(1.0)  # frames already on their way may still arrive
    epoch, drawn = shown_epoch(counter), widgets.image_digest(image)
    time.sleep(2.0)
    assert shown_epoch(counter) == epoch and widgets.image_digest(image) == drawn  # stopped
    state = kernel_state(notebook)
    assert state == {"epoch": epoch, "playing": False, "png": drawn}
    assert f"epoch {epoch}:" in label.inner_text()
    save_screenshot(root, screenshots, "playground-after", update_docs)

    root.locator(".cu-playground-restart").click()
    widgets.wait_image_is(image, before)  # restart: the same initial weights, the same first picture
    counter.page.wait_for_function("el => el.innerText.trim() === 'epoch 0'", arg=counter.element_handle(),
                                   timeout=widgets.WAIT_MS, polling=100)  # the label may follow the picture
