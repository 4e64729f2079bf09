"""make site: every lesson a page built from its stored outputs, every script served by the site itself."""

import re
from pathlib import Path

import pytest

from tools import make_site

pytest.importorskip("myst_nb")
if not all((make_site.ASSETS / name).exists() for name in make_site.STATIC):
    pytest.skip("the website's scripts are not installed (cd tools/site_assets && npm ci)", allow_module_level=True)

LESSONS = make_site.lessons()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return make_site.build(tmp_path_factory.mktemp("site") / "site")


def _pages(site):
    return {path.name: path.read_text(encoding="utf-8") for path in site.glob("*.html")}


def test_every_lesson_is_a_page_and_the_home_page_lists_them_in_order(site):
    pages = _pages(site)
    assert {f"{p.stem}.html" for p in LESSONS} <= set(pages)
    home = pages["index.html"]
    positions = [home.index(f'href="{p.stem}.html"') for p in LESSONS]
    assert positions == sorted(positions)


def test_no_page_loads_anything_from_another_host(site):
    for name, html in _pages(site).items():
        loaded = re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="(https?://[^"]+)"', html)
        assert loaded == [], f"{name} loads {loaded}"
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert (site / "_static" / "html-manager" / "embed-amd.js").is_file()


def test_every_link_between_pages_and_every_image_resolves(site):
    for name, html in _pages(site).items():
        for target in re.findall(r'(?:href|src)="([^"#?:]+\.(?:html|png|ipynb))"', html):
            assert (site / target).is_file(), f"{name} links {target}, which the site lacks"


def test_the_install_cell_is_not_shown_and_the_stored_outputs_are(site):
    page = (site / "01_neuron.html").read_text(encoding="utf-8")
    assert "%pip install" not in page and "find_spec" not in page
    assert page.count('src="_images/') >= 4 and "application/vnd.jupyter.widget-view+json" in page


def test_both_editions_of_every_lesson_are_offered_for_download(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    downloads = re.findall(r'href="(_downloads/[^"]+\.ipynb)"', home)
    assert len(downloads) == 2 * len(LESSONS)
    student = next(d for d in downloads if d.endswith("01_neuron.ipynb"))
    assert (site / student).is_file()


def test_each_lesson_can_be_opened_in_colab_from_the_home_page(site):
    from tools import standalone

    home = (site / "index.html").read_text(encoding="utf-8")
    for path in LESSONS:
        assert f'href="{standalone.colab_url(standalone.repository(), "student", path.stem)}"' in home
