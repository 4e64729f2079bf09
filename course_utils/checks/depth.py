"""Exercise checks for notebook 07 (depth vs width).

Both exercises are about parameter budgets: counting the parameters of a fully
connected network, and finding the widest network of a given depth that fits
a budget (the fair way to compare a deep and a wide network).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .feedback import Feedback, call_student, compare, failed, run_check

# (in_features, width, depth, out_features): shallow, deep, wide-input and many-output cases.
_SHAPES = [(1, 16, 1, 1), (1, 8, 4, 1), (3, 5, 2, 2), (784, 120, 1, 10)]


def mlp_parameter_count(in_features: int, width: int, depth: int, out_features: int) -> int:
    """Weights and biases of ``depth`` hidden layers of ``width`` units (the formula of notebook 07)."""
    first = in_features * width + width
    middle = (depth - 1) * (width * width + width)
    last = width * out_features + out_features
    return first + middle + last


def _count_without_biases(i: int, w: int, d: int, o: int) -> int:
    return i * w + (d - 1) * w * w + w * o


def _count_depth_square_layers(i: int, w: int, d: int, o: int) -> int:
    # A frequent slip: d hidden-to-hidden layers instead of d - 1.
    return mlp_parameter_count(i, w, d, o) + w * w + w


def check_count_parameters(count_parameters: Callable) -> Feedback:
    """count_parameters(in_features, width, depth, out_features) -> int."""
    name = "counting parameters"

    def body() -> Feedback:
        got = [call_student(count_parameters, *shape) for shape in _SHAPES]
        expected = [mlp_parameter_count(*shape) for shape in _SHAPES]
        hints = [
            (lambda g: np.array_equal(g, [_count_without_biases(*s) for s in _SHAPES]),
             "the biases are missing: every layer has one bias per output unit."),
            (lambda g: np.array_equal(g, [_count_depth_square_layers(*s) for s in _SHAPES]),
             "one hidden-to-hidden layer too many: depth hidden layers are joined by depth − 1 width × width matrices."),
            (lambda g: np.array_equal(g, [mlp_parameter_count(s[0], s[1], s[2], 0) for s in _SHAPES]),
             "the output layer is missing: width × out_features weights plus out_features biases."),
        ]
        return compare(name, got, np.array(expected), hints, what="your counts for shapes " + str(_SHAPES))

    return run_check(name, body)


def widest(depth: int, budget: int) -> int:
    """The reference answer: the largest width whose 1 → ... → 1 network has at most ``budget`` parameters."""
    width = 0
    while mlp_parameter_count(1, width + 1, depth, 1) <= budget:
        width += 1
    return width


def check_width_for_budget(width_for_budget: Callable) -> Feedback:
    """width_for_budget(depth, budget) -> the widest width within budget (1 input, 1 output)."""
    name = "width for a budget"
    cases = [(1, 100), (2, 100), (4, 500), (3, 1000)]

    def body() -> Feedback:
        got = [call_student(width_for_budget, depth, budget) for depth, budget in cases]
        expected = [widest(depth, budget) for depth, budget in cases]
        for (depth, budget), width in zip(cases, got):
            if int(width) > 0 and mlp_parameter_count(1, int(width), depth, 1) > budget:
                return failed(name, f"depth {depth}, width {width} has {mlp_parameter_count(1, int(width), depth, 1)} "
                                    f"parameters, over the budget of {budget}: stop before the count passes it.")
        hints = [
            (lambda g: np.array_equal(g, np.array(expected) - 1),
             "one unit too narrow each time: width + 1 would still fit the budget."),
        ]
        return compare(name, got, np.array(expected), hints, what="your widths for (depth, budget) " + str(cases))

    return run_check(name, body)
