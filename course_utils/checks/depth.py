"""Exercise checks for notebook 07 (depth vs width).

Both exercises are about parameter budgets: counting the parameters of a fully
connected network, and finding the widest network of a given depth that fits
a budget (the fair way to compare a deep and a wide network). The references
are ``models.mlp_parameter_count`` and ``models.width_for_budget``.

Each check calls the student's function on the notebook's shapes and on a few
drawn from a fixed seed (sizes the notebook never shows, so a table of the
printed answers cannot pass), and names the typical mistake an answer matches.
"""

from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np

from ..models import mlp_parameter_count
from ..models import width_for_budget as width_for_budget_ref
from .feedback import Feedback, StudentMistake, as_array, call_student, failed, passed, run_check

# (in_features, out_features, depth, width): shallow, deep, wide-input and many-output cases.
_SHAPES = [(1, 1, 1, 16), (1, 1, 4, 8), (3, 2, 2, 5), (784, 10, 1, 120)]
# (depth, budget): the notebook's sizes, a budget that width 5 at depth 2 meets exactly (46 parameters),
# and one so large that a search with a fixed limit such as range(1, 1000) stops short.
_BUDGETS = [(1, 100), (2, 100), (4, 500), (3, 1000), (2, 46), (1, 20000)]
_SEED = 7  # the drawn cases: the same every run, not shown in the notebook


def _count_shapes() -> list[tuple[int, int, int, int]]:
    """The notebook's shapes and three drawn ones (deeper, in_features != out_features)."""
    rng = np.random.default_rng(_SEED)
    drawn = [(int(rng.integers(2, 30)), int(rng.integers(2, 12)), int(rng.integers(3, 9)), int(rng.integers(20, 90)))
             for _ in range(3)]
    return _SHAPES + drawn


def _width_cases() -> list[tuple[int, int]]:
    """The fixed (depth, budget) cases and three drawn ones."""
    rng = np.random.default_rng(_SEED)
    drawn = [(int(rng.integers(2, 7)), int(rng.integers(300, 6000))) for _ in range(3)]
    return _BUDGETS + drawn


def _one_number(value: Any, what: str, many: str = "") -> tuple[float | int, bool]:
    """The student's result as one number, and whether it came as an int (a count or a width is one).

    many : appended to the message when an array or list came instead of one number.
    """
    if isinstance(value, (bool, np.bool_)):
        raise StudentMistake(f"{what} is {value}, a bool: return the number itself.")
    if isinstance(value, numbers.Integral):
        return int(value), True
    arr = as_array(value, what)  # names text, None, complex numbers
    if isinstance(value, (list, tuple)) or arr.ndim != 0:
        raise StudentMistake(f"{what} should be one number, got {type(value).__name__} of shape {arr.shape}{many}.")
    item = value.item() if hasattr(value, "item") else value  # a 0-d array or tensor: its Python number
    if isinstance(item, bool):
        raise StudentMistake(f"{what} is {item}, a bool: return the number itself.")
    if isinstance(item, numbers.Integral):
        return int(item), True
    return float(arr), False


def _whole(x: float | int) -> bool:
    return isinstance(x, int) or (bool(np.isfinite(x)) and x == int(x))


def _matches(got: list, formula: Callable[..., float], cases: list[tuple]) -> bool:
    return all(g == formula(*case) for g, case in zip(got, cases))


# --- Exercise 1: count the parameters ---------------------------------------------

# (wrong formula, hint), first match wins. The drawn shapes (depth > 1, in != out) tell them apart.
_COUNT_MISTAKES: list[tuple[Callable[[int, int, int, int], int], str]] = [
    (lambda i, o, d, w: i * w + (d - 1) * w * w + w * o,
     "the biases are missing: every layer has one bias per output unit."),
    (lambda i, o, d, w: (i + 1) * w + (d - 1) * w * w + (w + 1) * o,
     "the hidden-to-hidden layers' biases are missing: each of those layers has (width + 1) × width parameters."),
    (lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w + w * o,
     "the output layer's biases are missing: out_features of them, one per output unit."),
    (lambda i, o, d, w: i * w + (d - 1) * (w + 1) * w + (w + 1) * o,
     "the first layer's biases are missing: it has (in_features + 1) × width parameters."),
    (lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) ** 2 + (w + 1) * o,
     "a hidden-to-hidden layer has width × width weights and width biases: (width + 1) × width, not (width + 1)²."),
    (lambda i, o, d, w: i * (w + 1) + (d - 1) * (w + 1) * w + w * (o + 1),
     "a bias belongs to each unit a layer feeds (width biases in the first layer, out_features in the last): "
     "yours counts them per input unit, or in_features and out_features are swapped."),
    (lambda i, o, d, w: mlp_parameter_count(i, o, d + 1, w),
     "one hidden-to-hidden layer too many: depth hidden layers are joined by depth − 1 width × width matrices."),
    (lambda i, o, d, w: (i + 1) * w + (d - 2) * (w + 1) * w + (w + 1) * o,
     "one hidden-to-hidden layer too few: depth hidden layers are joined by depth − 1 width × width matrices."),
    (lambda i, o, d, w: (i + 1) * w + (w + 1) * o,
     "right only for depth 1: add the depth − 1 hidden-to-hidden layers, (width + 1) × width parameters each."),
    (lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w,
     "the output layer is missing: width × out_features weights plus out_features biases."),
    (lambda i, o, d, w: (d - 1) * (w + 1) * w + (w + 1) * o,
     "the first layer is missing: in_features × width weights plus width biases."),
]


def check_count_parameters(count_parameters: Callable) -> Feedback:
    """count_parameters(in_features, out_features, depth, width) -> int."""
    name = "counting parameters"

    def body() -> Feedback:
        shapes = _count_shapes()
        raw = [call_student(count_parameters, *shape) for shape in shapes]
        results = [_one_number(value, f"your count for {shape}", many=" (one count per layer? add them up)")
                   for shape, value in zip(shapes, raw)]
        got = [number for number, _ in results]
        expected = [mlp_parameter_count(*shape) for shape in shapes]
        if got == expected:
            if all(is_int for _, is_int in results):
                return passed(name)
            kind = next(type(value).__name__ for value, (_, is_int) in zip(raw, results) if not is_int)
            return failed(name, f"the counts are right, but a count is an int and yours came as {kind}: "
                                "`/` always gives a float, use `//` or int(...).")
        for (i, o, d, w), number in zip(shapes, got):
            if not _whole(number):
                return failed(name, f"a count is a whole number, got {number} for in_features={i}, out_features={o}, "
                                    f"depth={d}, width={w}.")
        for formula, hint in _COUNT_MISTAKES:
            if _matches(got, formula, shapes):
                return failed(name, hint)
        if len(set(got)) == 1:
            return failed(name, f"the same count ({got[0]}) for every shape: compute it from in_features, "
                                "out_features, depth and width.")
        (i, o, d, w), number, right = next((s, g, e) for s, g, e in zip(shapes, got, expected) if g != e)
        return failed(name, f"for in_features={i}, out_features={o}, depth={d}, width={w}: your count is {number}, "
                            f"the network has {right} parameters. Add (in + 1) × width, (depth − 1) × (width + 1) × width "
                            "and (width + 1) × out.")

    return run_check(name, body)


# --- Exercise 2: the widest width within a budget ---------------------------------

def _widest(count: Callable[[int], int], budget: int, strict: bool = False) -> int:
    """The largest width >= 0 with count(width) <= budget (< when strict), for a count that grows with the width."""
    def fits(width: int) -> bool:
        return count(width) < budget if strict else count(width) <= budget

    ok, too_wide = 0, 1
    while fits(too_wide):  # doubling, then bisection: fast for any budget
        ok, too_wide = too_wide, 2 * too_wide
    while too_wide - ok > 1:
        middle = (ok + too_wide) // 2
        ok, too_wide = (middle, too_wide) if fits(middle) else (ok, middle)
    return ok


def _count(depth: int) -> Callable[[int], int]:
    return lambda width: mlp_parameter_count(1, 1, depth, width)


# Wrong answers that are over the budget somewhere: (the widths they give, hint), checked before "over the budget".
_WIDE_MISTAKES: list[tuple[Callable[[int, int], int], str]] = [
    (lambda d, b: mlp_parameter_count(1, 1, d, width_for_budget_ref(d, b)),
     "that is the parameter count of the widest network: return its width."),
    (lambda d, b: _widest(_count(1), b),
     "your widths fit a network with one hidden layer: count the parameters of depth hidden layers "
     "(mlp_parameter_count(1, 1, depth, width))."),
    (lambda d, b: _widest(lambda w: w + (d - 1) * w * w + w, b),
     "your count leaves out the biases: use mlp_parameter_count(1, 1, depth, width), which counts them."),
    (lambda d, b: width_for_budget_ref(d, b) + 1,
     "one unit too wide each time: width + 1 is over the budget. Return the last width that fits, "
     "not the first one that does not."),
]

# Wrong answers within the budget (too narrow): checked after the per-case checks.
_NARROW_MISTAKES: list[tuple[Callable[[int, int], int], str]] = [
    (lambda d, b: _widest(_count(d), b, strict=True),
     "a width whose count equals the budget exactly still fits (at most budget parameters): compare with <=, not <."),
    (lambda d, b: width_for_budget_ref(d, b) - 1,
     "one unit too narrow each time: width + 1 would still fit the budget."),
    (lambda d, b: _widest(_count(d + 1), b),
     "your widths fit depth + 1 hidden layers: a network with depth hidden layers has depth − 1 "
     "hidden-to-hidden layers (mlp_parameter_count(1, 1, depth, width) counts them)."),
]


def check_width_for_budget(width_for_budget: Callable) -> Feedback:
    """width_for_budget(depth, budget) -> the widest width within budget (1 input, 1 output)."""
    name = "width for a budget"

    def body() -> Feedback:
        cases = _width_cases()
        raw = [call_student(width_for_budget, depth, budget, allow_none=True) for depth, budget in cases]
        if all(value is None for value in raw):
            raise StudentMistake("your function returned None: did you forget the `return` at the end?")
        if any(value is None for value in raw):
            depth, budget = next(case for case, value in zip(cases, raw) if value is None)
            return failed(name, f"your function returned None for depth {depth} and budget {budget} (a width for "
                                "others): it ended without reaching a `return`. A loop whose range ends too early?")
        results = [_one_number(value, f"your width for depth {depth}, budget {budget}")
                   for (depth, budget), value in zip(cases, raw)]
        got = [number for number, _ in results]
        expected = [width_for_budget_ref(depth, budget) for depth, budget in cases]
        if got == expected:
            if all(is_int for _, is_int in results):
                return passed(name)
            kind = next(type(value).__name__ for value, (_, is_int) in zip(raw, results) if not is_int)
            return failed(name, f"the widths are right, but a width is an int and yours came as {kind} "
                                "(nn.Linear needs an int): np.floor and `/` give floats, wrap the result in int(...).")
        for widths, hint in _WIDE_MISTAKES:
            if _matches(got, widths, cases):
                return failed(name, hint)
        for (depth, budget), width in zip(cases, got):
            if not _whole(width):
                return failed(name, f"a width is a whole number of units, got {width} for depth {depth}.")
            if width < 1:
                return failed(name, f"a width is at least 1 unit, got {width} for depth {depth}, budget {budget}.")
            count = mlp_parameter_count(1, 1, depth, int(width))
            if count > budget:
                return failed(name, f"depth {depth}, width {int(width)} has {count} parameters, over the budget of "
                                    f"{budget}: stop before the count passes it.")
        for widths, hint in _NARROW_MISTAKES:
            if _matches(got, widths, cases):
                return failed(name, hint)
        if len(set(got)) == 1:
            return failed(name, f"the same width ({got[0]}) for every depth and budget: compute it from both.")
        short = [(case, g, e) for case, g, e in zip(cases, got, expected) if g != e]
        (depth, budget), width, right = short[0]
        if all(g == width < e for _, g, e in short) and max(got) == width:  # right up to a limit, stuck there
            return failed(name, f"your width never goes past {width} (depth {depth} and budget {budget} allow {right}): "
                                f"does your search stop at a fixed limit, such as range(1, {width + 1})?")
        return failed(name, f"depth {depth}, width {int(width) + 1} has {mlp_parameter_count(1, 1, depth, int(width) + 1)} "
                            f"parameters, still within the budget of {budget}: keep widening while the next width fits.")

    return run_check(name, body)
