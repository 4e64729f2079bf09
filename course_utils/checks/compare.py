"""Comparing the student's result with the expected one, and naming what is off when they differ."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .report import Feedback, failed, passed
from .student_result import as_array, dtype_of, expect_array

RTOL, ATOL = 1e-6, 1e-8  # how close an answer must be to pass: tighter than rounding in float32

def close(a: np.ndarray, b: np.ndarray) -> bool:
    """Same shape and equal up to rounding: how a hint recognises a typical mistake."""
    return a.shape == b.shape and bool(np.allclose(a, b))



def compare(exercise: str, got: Any, expected: np.ndarray, hints: list[tuple[Callable[[np.ndarray], bool], str]],
            what: str = "your result", rtol: float = RTOL, atol: float = ATOL, *,
            require_array: bool = False) -> Feedback:
    """Pass when ``got`` matches ``expected``; otherwise fail with :func:`mismatch`'s message."""
    message = mismatch(got, expected, hints, what, rtol, atol, require_array=require_array)
    return passed(exercise) if message is None else failed(exercise, message)


def mismatch(got: Any, expected: np.ndarray, hints: list[tuple[Callable[[np.ndarray], bool], str]],
             what: str = "your result", rtol: float = RTOL, atol: float = ATOL, *,
             require_array: bool = False) -> str | None:
    """None when ``got`` matches ``expected``; otherwise the first hint whose test matches ``got``.

    hints : (test, message) pairs; ``test(got_array)`` says whether this typical
        mistake explains the answer (e.g. "equals -expected" → wrong sign). A
        test that raises counts as not matching.
    require_array : refuse a list or tuple (see :func:`expect_array`).

    Without a matching hint, the message still names what is off when it can:
    the shape (transposed, one value per row, one number for an array), a
    float32/float16 result that is right only to a few digits, whole numbers
    (an integer array) where fractions were expected, NaN or inf.
    """
    got_arr = expect_array(got, what) if require_array else as_array(got, what)
    expected = np.asarray(expected, dtype=np.float64)
    if got_arr.shape != expected.shape:
        return f"{what} has shape {got_arr.shape}, expected {expected.shape}{_shape_hint(got_arr, expected)}."
    with np.errstate(all="ignore"):
        if np.allclose(got_arr, expected, rtol=rtol, atol=atol):
            return None
        bad = ~np.isfinite(got_arr)
        if bad.any() and np.isfinite(expected).all():
            return (f"{what} contains NaN or inf ({int(bad.sum())} of {bad.size} entries): look for a "
                    "division by zero, a log of 0 or an exp of a large number.")
        for test, message in hints:
            try:
                if test(got_arr):
                    return message
            except Exception:  # a hint's test that cannot even run on this answer does not describe it
                continue
        dtype = dtype_of(got)
        if dtype is not None and dtype.kind == "f" and dtype.itemsize < 8 and np.allclose(got_arr, expected, rtol=1e-3, atol=1e-5):
            return (f"{what} is {dtype.name}: right to about {3 if dtype.itemsize == 2 else 7} digits "
                    "only. Compute in float64 (NumPy's default; a tensor: .double()).")
        if (dtype is not None and dtype.kind in "iub" and not np.allclose(expected, np.round(expected))
                and (np.allclose(got_arr, np.trunc(expected)) or np.allclose(got_arr, np.round(expected)))):
            return (f"{what} holds whole numbers ({dtype.name}): the fractions were cut off. An array made "
                    "with dtype=int (or np.zeros_like of an int array) keeps only whole numbers: use floats.")
        with np.printoptions(linewidth=10**6):  # the message stays one line, however long the arrays
            return (f"{what} is not right yet (expected {np.array2string(expected, precision=4)}, "
                    f"got {np.array2string(got_arr, precision=4)}).")


def accepted(got: np.ndarray, expected: np.ndarray, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """Whether an answer is right: the expected shape, equal within the tolerance (compare's by default)."""
    with np.errstate(all="ignore"):
        return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def constant(g: np.ndarray) -> bool:
    """Whether every entry of ``g`` is the same number (an answer that ignores the input)."""
    return g.size > 1 and bool(np.all(g == g.flat[0]))


def _shape_hint(got: np.ndarray, expected: np.ndarray) -> str:
    if got.ndim == 2 and got.shape == expected.shape[::-1]:
        return ": transposed (check the order of a matrix product, or a missing or extra .T)"
    if got.size == 0:
        return ": an empty array, where one number or array of numbers was expected"
    if expected.ndim == 0 and got.ndim == 1:
        return ": one value per row; reduce over the batch (mean or sum) to one number"
    if got.size == 1 and expected.size > 1:
        return ": one number where an array was expected (a sum or mean taken too early)"
    if got.size == expected.size:
        return ": the right number of entries in another shape (reshape, or reduce over the other axis)"
    return ""
