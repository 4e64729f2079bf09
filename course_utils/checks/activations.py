"""Checks for the exercises of notebook 03 (activation functions).

Each ``check_xxx(student_function)`` prints one line (pass, a specific hint,
or "not done yet") and returns the Feedback.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks.feedback import Feedback, call_student, close, compare, failed, run_check
from course_utils.scratch import sigmoid

_Z = np.array([-6.0, -2.0, -0.5, 0.0, 0.5, 2.0, 6.0])


def check_sigmoid_grad(sigmoid_grad) -> Feedback:
    """Exercise: ``sigmoid_grad(z)`` = sigma(z) (1 - sigma(z)), elementwise."""
    def body() -> Feedback:
        got = call_student(sigmoid_grad, _Z.copy())
        s = sigmoid(_Z)
        hints = [
            (lambda g: close(g, s), "that is sigma(z) itself; its derivative is sigma(z) * (1 - sigma(z))."),
            (lambda g: close(g, _Z * (1 - _Z)), "apply sigma first: the derivative is s * (1 - s) with s = sigma(z), not z * (1 - z)."),
            (lambda g: close(g, -s * (1 - s)), "wrong sign: sigma is increasing, so its slope is positive."),
            (lambda g: close(g, s * (1 + s)), "it is (1 - sigma(z)), not (1 + sigma(z))."),
        ]
        return compare("sigmoid_grad", got, s * (1 - s), hints, what="your derivative")
    return run_check("sigmoid_grad", body)


def check_leaky_relu(leaky_relu) -> Feedback:
    """Exercise: ``leaky_relu(z, slope)`` = z where z > 0, slope * z elsewhere."""
    slope = 0.1

    def body() -> Feedback:
        got = call_student(leaky_relu, _Z.copy(), slope)
        hints = [
            (lambda g: close(g, np.maximum(_Z, 0.0)), "that is plain ReLU: negative inputs should give slope * z, not 0."),
            (lambda g: close(g, np.where(_Z > 0, slope * _Z, _Z)), "the slope belongs to the negative side: positive z pass through unchanged."),
            (lambda g: close(g, slope * _Z), "only negative inputs are scaled by the slope."),
            (lambda g: close(g, np.where(_Z > 0, _Z, 0.01 * _Z)), "use the slope argument, not a fixed 0.01."),
        ]
        return compare("leaky_relu", got, np.where(_Z > 0, _Z, slope * _Z), hints, what="your leaky ReLU")
    return run_check("leaky_relu", body)


def _dead_case() -> np.ndarray:
    # 6 inputs x 5 units after ReLU: units 1 and 3 are dead, unit 4 is zero for some inputs only.
    rng = np.random.default_rng(3)
    H = np.abs(rng.normal(size=(6, 5))) + 0.1
    H[:, [1, 3]] = 0.0
    H[[0, 2, 5], 4] = 0.0
    H[4, 0] = 0.0
    return H


def check_count_dead_units(count_dead_units) -> Feedback:
    """Exercise: ``count_dead_units(H)`` = number of columns (units) of H (n_inputs, n_units) that are 0 for every input."""
    def body() -> Feedback:
        H = _dead_case()
        got = call_student(count_dead_units, H.copy())
        if isinstance(got, np.ndarray) and got.size != 1:
            return failed("count_dead_units", f"return one number (how many units are dead), got an array of shape {got.shape}.")
        hints = [
            (lambda g: close(g, np.array(float((H == 0).sum()))), "you counted zero entries; count units (columns) that are zero for *every* input."),
            (lambda g: close(g, np.array(float((H == 0).any(axis=0).sum()))), "a unit is dead only if it is zero for every input (all), not for some input (any)."),
            (lambda g: close(g, np.array(float((H == 0).all(axis=1).sum()))), "units are the columns of H (axis 0 runs over inputs): reduce over axis=0."),
        ]
        return compare("count_dead_units", got, np.array(float((H == 0).all(axis=0).sum())), hints, what="your count")
    return run_check("count_dead_units", body)
