"""Exercise checks for notebook 07 (depth vs width).

Both exercises are about parameter budgets: counting the parameters of a fully
connected network, and finding the widest network of a given depth that fits
a budget (the fair way to compare a deep and a wide network). The references
are ``models.mlp_parameter_count`` and ``models.width_for_budget``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..models import mlp_parameter_count
from ..models import width_for_budget as width_for_budget_ref
from .feedback import Feedback, as_number, call_student, compare, failed, run_check

# (in_features, out_features, depth, width): shallow, deep, wide-input and many-output cases.
_SHAPES = [(1, 1, 1, 16), (1, 1, 4, 8), (3, 2, 2, 5), (784, 10, 1, 120)]


def _count_without_biases(i: int, o: int, d: int, w: int) -> int:
    return i * w + (d - 1) * w * w + w * o


def _count_depth_square_layers(i: int, o: int, d: int, w: int) -> int:
    # A frequent slip: d hidden-to-hidden layers instead of d - 1.
    return mlp_parameter_count(i, o, d + 1, w)


def _count_without_output_layer(i: int, o: int, d: int, w: int) -> int:
    return mlp_parameter_count(i, o, d, w) - (w + 1) * o


def check_count_parameters(count_parameters: Callable) -> Feedback:
    """count_parameters(in_features, out_features, depth, width) -> int."""
    name = "counting parameters"

    def body() -> Feedback:
        got = [call_student(count_parameters, *shape) for shape in _SHAPES]
        expected = [mlp_parameter_count(*shape) for shape in _SHAPES]
        hints = [
            (lambda g: np.array_equal(g, [_count_without_biases(*s) for s in _SHAPES]),
             "the biases are missing: every layer has one bias per output unit."),
            (lambda g: np.array_equal(g, [_count_depth_square_layers(*s) for s in _SHAPES]),
             "one hidden-to-hidden layer too many: depth hidden layers are joined by depth − 1 width × width matrices."),
            (lambda g: np.array_equal(g, [_count_without_output_layer(*s) for s in _SHAPES]),
             "the output layer is missing: width × out_features weights plus out_features biases."),
        ]
        return compare(name, got, np.array(expected), hints, what="your counts for shapes " + str(_SHAPES))

    return run_check(name, body)


def check_width_for_budget(width_for_budget: Callable) -> Feedback:
    """width_for_budget(depth, budget) -> the widest width within budget (1 input, 1 output)."""
    name = "width for a budget"
    cases = [(1, 100), (2, 100), (4, 500), (3, 1000)]

    def body() -> Feedback:
        got = [as_number(call_student(width_for_budget, depth, budget), "your width") for depth, budget in cases]
        expected = [width_for_budget_ref(depth, budget) for depth, budget in cases]
        for (depth, budget), width in zip(cases, got):
            if not np.isfinite(width) or width != int(width):
                return failed(name, f"a width is a whole number of units, got {width} for depth {depth}.")
            if int(width) > 0 and mlp_parameter_count(1, 1, depth, int(width)) > budget:
                return failed(name, f"depth {depth}, width {int(width)} has {mlp_parameter_count(1, 1, depth, int(width))} "
                                    f"parameters, over the budget of {budget}: stop before the count passes it.")
        hints = [
            (lambda g: np.array_equal(g, np.array(expected) - 1),
             "one unit too narrow each time: width + 1 would still fit the budget."),
        ]
        return compare(name, got, np.array(expected), hints, what="your widths for (depth, budget) " + str(cases))

    return run_check(name, body)
