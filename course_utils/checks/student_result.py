"""The student's result as numbers: a float64 array, one number or a pair, or a hint saying what came instead."""

from __future__ import annotations

from typing import Any

import numpy as np

from .sandbox import StudentMistake

def as_array(value: Any, what: str) -> np.ndarray:
    """The student's result as a float64 array, or a clear TypeError (a :class:`StudentMistake`)."""
    if hasattr(value, "detach"):  # a torch tensor, perhaps one that requires grad or lives on a GPU
        value = value.detach().cpu()
    elif isinstance(value, (list, tuple)) and any(hasattr(v, "detach") for v in value):
        value = [v.detach().cpu() if hasattr(v, "detach") else v for v in value]  # a list of tensors
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "US":
            raise TypeError("text is not a number")  # NumPy would read "2.4" as 2.4 without a word
        if raw.dtype.kind == "O" and any(v is None for v in raw.ravel()):  # NumPy would read None as NaN
            raise StudentMistake(f"{what} holds None: did a function you call forget its `return`?")
        if raw.dtype.kind == "c" or (raw.dtype.kind == "O" and any(isinstance(v, complex) for v in raw.ravel())):
            raise StudentMistake(f"{what} holds complex numbers: a square root or a fractional power of a "
                                 "negative number? (NumPy would drop the imaginary part without a word)")
        arr = np.asarray(value, dtype=np.float64)
    except StudentMistake:
        raise
    except (TypeError, ValueError, RuntimeError) as exc:
        raise StudentMistake(f"{what} should be a number or a NumPy array, got {type(value).__name__}"
                             f"{_shown(value)}{_ragged(value)}.") from exc
    return arr


def _ragged(value: Any) -> str:
    if isinstance(value, (list, tuple)) and value:
        sizes = {np.shape(v) if not isinstance(v, (str, bytes)) else "text" for v in value}
        if len(sizes) > 1:
            return " whose items differ in shape (NumPy cannot stack them into one array)"
    return ""


def as_number(value: Any, what: str) -> float:
    """The student's result as one float, or a :class:`StudentMistake` saying what came instead."""
    arr = as_array(value, what)
    if arr.size != 1:
        per_row = " (one value per row? reduce over the batch, e.g. with .mean())" if arr.ndim == 1 else ""
        raise StudentMistake(f"{what} should be one number, got an array of shape {arr.shape}{per_row}.")
    return float(arr.reshape(()))


def as_pair(value: Any, what: str) -> tuple[Any, Any]:
    """The student's result unpacked as a pair, or a :class:`StudentMistake` saying what came instead."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        size = f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""
        raise StudentMistake(f"{what} should be a pair (two values, return a, b), got {type(value).__name__}{size}.")
    return value[0], value[1]


def expect_array(value: Any, what: str) -> np.ndarray:
    """The student's result as a float64 array when it is a NumPy array (or tensor), else a :class:`StudentMistake`.

    For results that later cells use as arrays: a list of the right numbers is
    refused with a hint (``np.array(...)``) instead of passing and failing later.
    """
    if not (isinstance(value, np.ndarray) or hasattr(value, "detach")):
        raise StudentMistake(f"{what} should be a NumPy array, got {type(value).__name__}: build it with NumPy "
                             "operations, or wrap the values in np.array(...).")
    return as_array(value, what)


def _shown(value: Any) -> str:
    text = repr(value)
    return f" {text}" if len(text) <= 60 else ""



def dtype_of(value: Any) -> np.dtype | None:
    """The NumPy dtype the student's result had (a tensor's too), before it became float64."""
    if isinstance(value, np.ndarray | np.generic):
        return value.dtype
    dtype = getattr(value, "dtype", None)
    if dtype is not None and hasattr(value, "detach"):  # torch.float32 -> float32
        try:
            return np.dtype(str(dtype).removeprefix("torch."))
        except TypeError:
            return None
    return None
