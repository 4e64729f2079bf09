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

import numpy as np

__all__ = [
    "as_float_array",
    "check_same_length",
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


def check_same_length(name_a, a, name_b, b):
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same first-axis length.

    Used for inputs and targets: ``X`` of shape (N, d) needs ``y`` of shape (N,).
    """
    n_a, n_b = len(a), len(b)
    if n_a != n_b:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of samples (first axis): "
            f"{name_a} has {n_a}, {name_b} has {n_b}"
        )


def check_labels(labels, n_classes, name="labels"):
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

    Raises
    ------
    TypeError
        The labels are not integers.
    ValueError
        A label is negative or ``>= n_classes``.
    """
    arr = np.asarray(labels)
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


def check_real(value, name):
    """Return ``value`` as a float after checking it is a real number (booleans refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
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


def check_class_data(X, y, n_classes, names=("X", "y"), n_features=None, *, finite=False):
    """Return X as an (N, d) float array and y as (N,) int64 class labels in 0..n_classes−1.

    A classifier's inputs and labels, or its logits and labels. ``n_features``
    None accepts any width d; ``finite`` also rejects NaN and inf in X.
    """
    x_name, y_name = names
    if n_features is None:
        X = as_float_array(X, x_name, ndim=2, finite=finite)
    else:
        X = as_float_array(X, x_name, shape=(None, n_features), finite=finite)
    if 0 in X.shape:
        raise ValueError(f"{x_name} must have at least one row and one column, got shape {X.shape}")
    y = check_labels(y, n_classes, y_name)
    if y.ndim != 1:
        raise ValueError(f"{y_name} must have shape (N,) = ({len(X)},), got shape {y.shape}")
    check_same_length(x_name, X, y_name, y)
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
