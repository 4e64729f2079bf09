"""The code of a course function as a lesson prints it: the lines that run, without the docstrings.

A lesson that reads the package's own code (``print(code_of(scratch.gradient_descent))``)
explains its statements; the docstring, often longer than the code, is for the reference.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def code_of(obj, *, docstrings: bool = False) -> str:
    """The source of function, method or class ``obj``, dedented; without its docstrings (and those of
    the functions and classes inside it) unless ``docstrings``. A body that is only a docstring keeps it."""
    if not (inspect.isfunction(obj) or inspect.ismethod(obj) or inspect.isclass(obj)):
        raise TypeError(f"obj must be a function, method or class of the course, got {type(obj).__name__}")
    try:
        text = textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError) as exc:
        raise ValueError(f"obj: the source of {obj.__qualname__} is not available here ({exc})") from None
    if docstrings:
        return text.rstrip("\n")
    lines = text.splitlines()
    dropped: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, _DEFINITIONS) and len(node.body) > 1 and _is_docstring(node.body[0]):
            dropped.update(range(node.body[0].lineno - 1, node.body[0].end_lineno))
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped).rstrip("\n")


def _is_docstring(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))
