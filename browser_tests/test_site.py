"""The course website (make site) in Chromium, offline: the maths, the widget views and the links work
with every request to another host refused, and two pages are kept as screenshots."""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlparse

import pytest

from tools import make_site

pytest.importorskip("myst_nb")  # the site's extra: the locked environment has it
if not all((make_site.ASSETS / name).exists() for name in make_site.STATIC):
    pytest.skip("the website's scripts are not installed (cd tools/site_assets && npm ci)", allow_module_level=True)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The site built into a temporary folder and served on 127.0.0.1 (a local server, as a course site is)."""
    site = make_site.build(tmp_path_factory.mktemp("site") / "site")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test says what went wrong; the log would only add noise
        pass


@pytest.fixture
def offline_tab(browser):
    """A tab in which every request to a host other than 127.0.0.1 is refused and recorded."""
    tab = browser.context.new_page()
    tab.set_default_timeout(60_000)
    refused: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if urlparse(url).hostname in ("127.0.0.1", None) or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    tab.route("**/*", route)
    try:
        yield tab, refused
    finally:
        tab.close()


def test_a_lesson_page_renders_its_maths_with_no_internet(offline_tab, site_url, screenshots):
    tab, refused = offline_tab
    tab.goto(f"{site_url}/04_loss.html")
    tab.wait_for_function("document.querySelectorAll('mjx-container').length > 20")
    assert tab.locator("mjx-container").count() > 20
    assert "\\frac{" not in tab.inner_text("div.body")  # no raw TeX left on the page
    tab.locator("mjx-container[display='true']").first.scroll_into_view_if_needed()  # a displayed formula in view
    tab.screenshot(path=str(screenshots / "site-04_loss.png"), full_page=False)
    assert refused == []


def test_a_lesson_page_shows_its_explorers_stored_view_and_links_to_the_next_lesson(offline_tab, site_url,
                                                                                   screenshots):
    tab, refused = offline_tab
    tab.goto(f"{site_url}/01_neuron.html")
    tab.wait_for_selector(".widget-slider", state="attached")  # the neuron playground's sliders, from its state
    assert tab.locator(".widget-slider").count() >= 3
    tab.locator(".widget-slider").first.scroll_into_view_if_needed()
    tab.screenshot(path=str(screenshots / "site-01_neuron-explorer.png"))
    text = tab.inner_text("body")
    assert "%pip install" not in text and "find_spec" not in text  # the install cell is not lesson content
    tab.locator("div.body a[href='02_perceptron.html']").last.click()  # the lesson's own **Next:** link
    tab.wait_for_url("**/02_perceptron.html")
    assert "perceptron" in tab.title().lower()
    assert refused == []


def test_the_home_page_offers_both_editions_of_every_lesson(offline_tab, site_url):
    tab, refused = offline_tab
    tab.goto(f"{site_url}/index.html")
    downloads = [tab.locator("a.download").nth(i).get_attribute("href") for i in range(tab.locator("a.download").count())]
    assert len(downloads) == 14 and all(href.endswith(".ipynb") for href in downloads)
    for href in downloads[:2]:
        assert tab.request.get(f"{site_url}/{href}").ok
    assert refused == []
