"""Argument checks the plot helpers share: a clear sentence instead of a traceback from matplotlib."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from ..validation import as_float_array, check_callable, check_int, check_type  # noqa: F401 (re-exported)


def axes(ax, name: str = "ax"):
    """A matplotlib Axes to draw on (``fig.add_subplot()`` or ``plt.subplots()[1]``)."""
    return check_type(ax, Axes, name, "a matplotlib Axes (fig.add_subplot())")


def curves(value, name: str) -> Mapping:
    """A non-empty mapping label -> data (one line or panel per entry)."""
    check_type(value, Mapping, name, "a dict mapping each label to its data")
    if not value:
        raise ValueError(f"{name} must hold at least one entry, got an empty {type(value).__name__}")
    return value


def series(values, name: str, length: int | None = None, *, positive: bool = False) -> np.ndarray:
    """A non-empty 1-D float array (optionally of ``length``); NaN/inf are warned about, not drawn."""
    arr = as_float_array(values, name, ndim=1)
    if arr.size == 0:
        raise ValueError(f"{name} must hold at least one value, got none")
    if length is not None and arr.size != length:
        raise ValueError(f"{name} must have {length} values (one per point on the x axis), got {arr.size}")
    bad = ~np.isfinite(arr) | ((arr <= 0) if positive else False)
    if bad.any():
        what = "NaN/inf or non-positive" if positive else "NaN/inf"
        warnings.warn(f"{name} holds {int(bad.sum())} {what} value(s) (first at index {int(np.argmax(bad))}): "
                      "they are left out of the plot", stacklevel=3)
    return arr


def points(X, y, names=("X", "y")) -> tuple[np.ndarray, np.ndarray]:
    """2-D points X (n, 2), finite, n >= 1, and 0/1 labels y (n,)."""
    X = as_float_array(X, names[0], shape=(None, 2), finite=True)
    if len(X) == 0:
        raise ValueError(f"{names[0]} must hold at least one point, got shape {X.shape}")
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"{names[1]} must have shape ({len(X)},) (one label per row of {names[0]}), got {y.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"{names[1]} must hold the labels 0 and 1, got {np.unique(y)[:5]}")
    return X, y


def predictions(func, P: np.ndarray, name: str, what: str) -> np.ndarray:
    """``func(P)`` as a float array with one value per row of P, or a ValueError saying what came back."""
    check_callable(func, name, what)
    out = func(P)
    if out is None:
        raise ValueError(f"{name} must return {what}, got None (a missing return?)")
    try:
        out = np.asarray(out, dtype=float)
    except (TypeError, ValueError, RuntimeError) as err:
        raise TypeError(f"{name} must return {what}, got {type(out).__name__}: {err}") from None
    if out.size != len(P):
        raise ValueError(f"{name} must return {what} (one value per point: {len(P)}), got shape {out.shape}")
    return out.reshape(len(P))


__all__ = ["axes", "curves", "series", "points", "predictions", "as_float_array", "check_int", "check_callable", "check_type"]
