"""code_of: the package's code as the lessons print it, docstrings left out."""

import ast

import pytest

from course_utils import scratch
from course_utils.source import code_of


class Counter:
    """A class docstring."""

    def __init__(self):
        """A method docstring,
        over two lines."""
        self.n = 0

    def stub(self):
        """Only a docstring: kept, so that the body is not empty."""

    def add(self):
        message = "a string that is not a docstring"
        self.n += 1
        return message


def test_docstrings_of_the_class_and_its_methods_go_and_the_code_stays():
    text = code_of(Counter)
    assert "docstring," not in text and "A class docstring" not in text and "over two lines" not in text
    assert '"a string that is not a docstring"' in text and "self.n += 1" in text
    assert "Only a docstring" in text
    ast.parse(text)  # still Python


def test_a_method_is_dedented_and_a_long_docstring_of_the_package_is_left_out():
    assert code_of(Counter.add).startswith("def add(self):\n    message =")
    text = code_of(scratch.gradient_descent)
    assert "Parameters" not in text and "opt.step()" in text
    assert len(text.splitlines()) < len(code_of(scratch.gradient_descent, docstrings=True).splitlines()) - 30
    ast.parse(text)


def test_what_has_no_source_is_refused_naming_the_argument():
    with pytest.raises(TypeError, match="obj must be a function, method or class of the course, got int"):
        code_of(3)
    with pytest.raises(ValueError, match="obj: the source of"):
        code_of(type("Made", (), {}))
