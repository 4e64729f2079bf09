"""The course can be reused: a licence for the code, one for the text and figures, both named where people look."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_code_is_mit_and_the_text_and_figures_cc_by_4():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    content = (ROOT / "LICENSE-CONTENT.md").read_text()
    assert "CC BY 4.0" in content and "https://creativecommons.org/licenses/by/4.0/" in content


def test_the_readme_and_the_package_metadata_name_both_licences():
    readme = (ROOT / "README.md").read_text()
    assert "## Licence" in readme and "`LICENSE`" in readme and "`LICENSE-CONTENT.md`" in readme
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later
    licence = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"]
    assert "MIT" in licence and "CC-BY-4.0" in licence
