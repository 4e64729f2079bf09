"""Input checks shared by the whole package.

Every public function of ``course_utils`` checks its arguments with these
helpers, so a wrong shape or a NaN gives one clear sentence that names the
argument and says what was expected, instead of a traceback from deep inside
NumPy. They only need NumPy, so anyone may import them.

Errors: ``TypeError`` when the *kind* of value is wrong (a string where numbers
were expected, float labels), ``ValueError`` when the kind is right but the
value is not (wrong shape, NaN, a label out of range, a negative learning rate).
"""

import numbers
import warnings
from collections.abc import Iterable, Mapping

import numpy as np

__all__ = [
    "as_float_array",
    "check_labels",
    "check_positive",
    "check_finite",
    "check_int",
    "check_real",
    "check_fraction",
    "check_callable",
    "check_generator",
    "check_type",
    "check_same_shape",
    "check_probabilities",
    "check_class_data",
    "check_seeds",
    "check_axes",
    "check_in_range",
    "check_nonempty_mapping",
    "check_series",
    "check_points",
    "check_predictions",
    "check_float_dtype",
    "is_torch_object",
]


def _describe_shape(shape):
    """``(None, 784)`` -> ``"(N, 784)"``: ``None`` means any size."""
    parts = ["N" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def as_float_array(x, name, ndim=None, shape=None, *, finite=False):
    """Return ``x`` as a floating-point NumPy array, checking its shape.

    float32 and float64 arrays come back unchanged (no copy, dtype kept);
    integers, booleans and other real numbers become float64.

    Parameters
    ----------
    x : array_like
        The value to check (a number, list or array).
    name : str
        The argument's name, used in error messages.
    ndim : int, optional
        Required number of dimensions.
    shape : tuple of (int or None), optional
        Required shape; ``None`` entries accept any size, e.g. ``(None, 784)``.
    finite : bool, default False
        Also reject NaN and inf (see :func:`check_finite`).

    Raises
    ------
    TypeError
        ``x`` is not made of real numbers.
    ValueError
        ``x`` has the wrong number of dimensions or the wrong shape.
    """
    try:
        arr = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {err}") from None
    except (TypeError, RuntimeError) as err:  # e.g. a torch tensor that requires grad
        raise TypeError(f"{name} must be convertible to a NumPy array: {err}") from None
    if arr.dtype not in (np.float32, np.float64):
        if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) or np.iscomplexobj(arr):
            raise TypeError(
                f"{name} must be an array of real numbers, got dtype {arr.dtype} "
                f"({type(x).__name__})"
            )
        arr = arr.astype(np.float64)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            want is None or want == got for want, got in zip(shape, arr.shape)
        )
        if not ok:
            raise ValueError(
                f"{name} must have shape {_describe_shape(shape)}, got shape {arr.shape}"
            )
    if finite:
        check_finite(arr, name)
    return arr


def check_finite(x, name):
    """Raise ``ValueError`` if array ``x`` holds NaN or inf; return ``x``.

    The message names the argument, counts the bad entries and gives the first
    one's index, so a student can find it.
    """
    arr = np.asarray(x)
    if np.isfinite(arr).all():  # the fast path: one pass, no extra arrays kept
        return x
    bad = ~np.isfinite(arr)
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    raise ValueError(
        f"{name} must contain only finite numbers, found {int(bad.sum())} NaN/inf "
        f"value(s), the first at index {first}"
    )


def check_labels(labels, n_classes, name="labels", *, whole_floats=False):
    """Return integer class labels as an int64 array, checked to lie in ``[0, n_classes)``.

    Parameters
    ----------
    labels : array_like of int
        Class indices (any shape). Booleans count as 0/1; floats are refused,
        even ``1.0``, because PyTorch reads float targets as probabilities.
    n_classes : int
        The number of classes C.
    name : str
        The argument's name, used in error messages.
    whole_floats : bool, default False
        Accept floats that are whole numbers (``0.0``, ``1.0``), as
        scikit-learn does for its classifiers; ``0.5`` is still refused.

    Raises
    ------
    TypeError
        The labels are not integers.
    ValueError
        A label is negative or ``>= n_classes`` (or, with ``whole_floats``, not whole).
    """
    arr = np.asarray(labels)
    if whole_floats and arr.dtype.kind == "f":
        not_whole = ~(np.isfinite(arr) & (arr == np.round(arr)))
        if not_whole.any():
            raise ValueError(f"{name} must be class labels 0..{n_classes - 1} (whole numbers), "
                             f"found {arr[not_whole][0]}")
        arr = arr.astype(np.int64)
    if not (np.issubdtype(arr.dtype, np.integer) or arr.dtype == bool):
        raise TypeError(
            f"{name} must be integer class indices 0..{n_classes - 1}, got dtype {arr.dtype}"
            " (convert with .astype(int) if the values are whole numbers)"
        )
    arr = arr.astype(np.int64, copy=False)
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        bad = arr[(arr < 0) | (arr >= n_classes)][0]
        raise ValueError(
            f"{name} must lie in 0..{n_classes - 1} (n_classes={n_classes}), found {bad}"
        )
    return arr


def check_int(value, name, minimum=1):
    """Return ``value`` as an int after checking it is a whole number >= ``minimum``.

    Used for sizes, sample counts, epochs and seeds.

    Raises
    ------
    TypeError
        ``value`` is not an integer (booleans and floats such as 3.0 are refused).
    ValueError
        ``value`` is below ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_real(value, name, *, finite=False):
    """Return ``value`` as a float after checking it is a real number (booleans refused).

    ``finite`` also refuses NaN and ±inf (ValueError).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if finite and not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return float(value)


def check_fraction(value, name):
    """Return ``value`` as a float after checking it lies in [0, 1).

    Used for momentum and Adam's betas.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__}")
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must lie in [0, 1), got {value}")
    return float(value)


def check_callable(value, name, returns):
    """Return ``value`` after checking it can be called; ``returns`` says what it should give back."""
    if not callable(value):
        raise TypeError(f"{name} must be a callable returning {returns}, got {type(value).__name__}")
    return value


def check_generator(value, name="rng"):
    """Return ``value`` after checking it is a ``numpy.random.Generator``."""
    if not isinstance(value, np.random.Generator):
        raise TypeError(f"{name} must be a numpy.random.Generator, got {type(value).__name__}")
    return value


def check_type(value, types, name, expected):
    """Return ``value`` after checking ``isinstance(value, types)``; ``expected`` says it in words."""
    if not isinstance(value, types):
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")
    return value


def check_same_shape(a, b, names):
    """Return ``a`` and ``b`` as float arrays of one shape with at least one entry.

    Used for a prediction and its target: no broadcasting, which would average
    an (n, 1) against an (n,) over n² pairs without a word.
    """
    name_a, name_b = names
    a, b = as_float_array(a, name_a), as_float_array(b, name_b)
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {name_a} {a.shape} and {name_b} {b.shape}"
        )
    if a.size == 0:
        raise ValueError(f"{name_a} must not be empty (the mean of no entries is undefined)")
    return a, b


def check_probabilities(x, name, what="probabilities", hint=""):
    """Raise ``ValueError`` unless every entry of array ``x`` lies in [0, 1] (NaN fails too); return ``x``."""
    if not np.all((x >= 0) & (x <= 1)):
        raise ValueError(f"{name} must hold {what} in [0, 1]{hint}")
    return x


def check_class_data(X, y, n_classes, names=("X", "y"), n_features=None, *, finite=False,
                     whole_floats=False):
    """Return X as an (N, d) float array and y as (N,) int64 class labels in 0..n_classes−1.

    A classifier's inputs and labels, or its logits and labels. ``n_features``
    None accepts any width d; ``finite`` also rejects NaN and inf in X;
    ``whole_floats`` accepts labels such as 1.0 (see :func:`check_labels`).
    """
    x_name, y_name = names
    if n_features is None:
        X = as_float_array(X, x_name, ndim=2, finite=finite)
    else:
        X = as_float_array(X, x_name, shape=(None, n_features), finite=finite)
    if 0 in X.shape:
        raise ValueError(f"{x_name} must have at least one row and one column, got shape {X.shape}")
    y = check_labels(y, n_classes, y_name, whole_floats=whole_floats)
    if y.ndim != 1:
        raise ValueError(f"{y_name} must have shape (N,) = ({len(X)},), got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"{x_name} and {y_name} must have the same number of samples (first axis): "
                         f"{x_name} has {len(X)}, {y_name} has {len(y)}")
    return X, y


def check_positive(value, name):
    """Return ``value`` as a float after checking it is a finite number > 0.

    Used for learning rates, epsilons and epoch counts.

    Raises
    ------
    TypeError
        ``value`` is not a real number (booleans are refused too).
    ValueError
        ``value`` is zero, negative, NaN or inf.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def check_float_dtype(dtype, name="dtype"):
    """Return ``dtype`` as ``np.dtype('float32')`` or ``np.dtype('float64')``; anything else is refused.

    Integer weights would round every update to zero, and float16 has too few
    digits to train with, so a network's dtype is one of these two.
    """
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be np.float32 or np.float64, got {dtype!r}") from None
    if resolved not in (np.float32, np.float64):
        raise TypeError(f"{name} must be np.float32 or np.float64 (a network needs floating-point weights), "
                        f"got {resolved}")
    return resolved


def is_torch_object(value):
    """True for a torch tensor, Parameter or module, recognised without importing torch."""
    return type(value).__module__.split(".")[0] == "torch"


def check_seeds(seeds) -> tuple:
    """``seeds`` as a tuple of distinct ints >= 0, at least one: repeating a seed repeats a run."""
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        raise TypeError(f"seeds must be a sequence of ints such as (0, 1, 2), got {type(seeds).__name__}")
    seeds = tuple(check_int(seed, "each seed", 0) for seed in seeds)
    if any(seed >= 2**63 for seed in seeds):  # torch.manual_seed takes 64-bit signed seeds
        raise ValueError(f"each seed must be < 2**63, got {max(seeds)}")
    if not seeds:
        raise ValueError("seeds must name at least one seed, got none")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be different from each other, got {seeds}")
    return seeds


def check_axes(ax, name="ax"):
    """A matplotlib Axes to draw on (``fig.add_subplot()`` or ``plt.subplots()[1]``)."""
    from matplotlib.axes import Axes  # here: the NumPy-only callers never need matplotlib

    return check_type(ax, Axes, name, "a matplotlib Axes (fig.add_subplot())")


def check_in_range(value, name, low, high):
    """A finite number in [low, high] (a slider's starting value), else an error naming it."""
    value = check_real(value, name)
    if not low <= value <= high:  # NaN fails too
        raise ValueError(f"{name} must lie in [{low:g}, {high:g}] (the slider's range), got {value}")
    return value


def check_nonempty_mapping(value, name):
    """A non-empty mapping label -> data (one line or panel per entry)."""
    check_type(value, Mapping, name, "a dict mapping each label to its data")
    if not value:
        raise ValueError(f"{name} must hold at least one entry, got an empty {type(value).__name__}")
    return value


def check_series(values, name, length=None, *, positive=False):
    """A non-empty 1-D float array (optionally of ``length``) to plot; NaN/inf are warned about, not drawn."""
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


def check_points(X, y, names=("X", "y")):
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


def check_predictions(func, P, name, what):
    """``func(P)`` as a float array with one value per row of P, or an error saying what came back."""
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


# --- PyTorch: torch is imported inside the function, since course_utils.scratch uses this module
# and never imports torch. The checked tensors of fit, evaluate and predict are in training_data.

__all__ += ["check_module"]


def check_module(model, name="model"):
    """Return ``model`` after checking it is a ``torch.nn.Module``."""
    from torch import nn

    return check_type(model, nn.Module, name, "a torch.nn.Module")
