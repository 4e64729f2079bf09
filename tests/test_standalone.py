"""A lesson stands alone: its first cell installs the course from the one public address,
and the README's Colab links come from the same address."""

import re

import pytest

from tools import standalone


def test_every_lesson_and_the_readme_are_written_from_the_address():
    assert standalone.stale(write=False) == []


def test_the_install_cell_installs_only_the_course_package_and_only_when_missing():
    cell = standalone.install_cell("https://github.com/someone/course")
    assert 'if importlib.util.find_spec("course_utils") is None:' in cell
    (pip_line,) = [line for line in cell.splitlines() if "%pip" in line]
    assert "--no-deps" in pip_line and "git+https://github.com/someone/course" in pip_line
    assert not re.search(r"\b(torch|numpy|ipywidgets)\b", pip_line)


def test_the_install_cell_goes_first_once(tmp_path):
    lesson = "# Title\n\n```{code-cell} ipython3\nimport numpy as np\n```\n\nText.\n"
    once = standalone.with_install_cell(lesson, standalone.install_cell("https://github.com/a/b"))
    assert once.index("%pip") < once.index("import numpy")
    again = standalone.with_install_cell(once, standalone.install_cell("https://github.com/c/d"))
    assert again.count("%pip") == 1 and "github.com/c/d" in again and "import numpy" in again


def test_colab_links_name_every_lesson_on_github():
    links = standalone.colab_links("https://github.com/a/b")
    for lesson in sorted(standalone.LESSONS.glob("[0-9]*.md")):
        assert f"https://colab.research.google.com/github/a/b/blob/main/notebooks/{lesson.stem}.ipynb" in links
        assert f"https://colab.research.google.com/github/a/b/blob/main/student/{lesson.stem}.ipynb" in links


def test_an_address_that_is_not_a_github_repository_is_refused(monkeypatch):
    monkeypatch.setattr(standalone.tomllib, "loads",
                        lambda text: {"project": {"urls": {"Repository": "https://example.com/x"}}})
    with pytest.raises(SystemExit, match="Repository must be https://github.com/<owner>/<name>"):
        standalone.repository()


def test_where_the_package_cannot_be_installed_the_first_cell_stops_with_one_message(monkeypatch):
    import importlib.util

    cell = standalone.install_cell("https://github.com/someone/course")
    code = "\n".join("    pass" if "%pip" in line else line for line in cell.splitlines())  # pip failed: no internet
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: None)
    with pytest.raises(RuntimeError, match=r"could not be installed .* no internet.*github.com/someone/course"):
        exec(compile(code, "<first cell>", "exec"), {})
