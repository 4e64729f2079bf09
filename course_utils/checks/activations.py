"""Checks for the exercises of notebook 03 (activation functions).

Each ``check_xxx(student_function)`` calls the student's function on the
notebook's kind of input and on inputs of other shapes drawn from a fixed seed
(an elementwise function must work for any shape); it prints one line (pass,
a specific hint, or "not done yet") and returns the Feedback.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks.feedback import (Feedback, StudentMistake, as_array, as_number, call_student, close, compare,
                                          compare_cases, constant, failed, run_check)
from course_utils.scratch import sigmoid

_Z = np.array([-6.0, -2.0, -0.5, 0.0, 0.5, 2.0, 6.0])
_ANY_SHAPE = ("Use NumPy's elementwise operations on the whole array (np.exp, np.where, *), "
              "which work for any shape, rather than a loop or `if` on single numbers.")


def _elementwise_cases(seed: int) -> list[tuple[str, np.ndarray]]:
    """The notebook's 1-D z, a random 2-D z, and large |z| (where a formula with exp(-z) overflows)."""
    rng = np.random.default_rng(seed)
    return [("the 1-D z", _Z), ("z of shape (4, 5)", rng.normal(scale=4.0, size=(4, 5)).round(3)),
            ("large z", np.array([-800.0, -60.0, 60.0, 800.0]))]


def check_sigmoid_grad(sigmoid_grad) -> Feedback:
    """Exercise: ``sigmoid_grad(z)`` = sigma(z) (1 - sigma(z)), elementwise, for z of any shape."""
    def case(label: str, z: np.ndarray):
        s = sigmoid(z)
        hints = [
            (lambda g: close(g, s), "that is sigma(z) itself; its derivative is sigma(z) * (1 - sigma(z))."),
            (lambda g: close(g, z * (1 - z)), "apply sigma first: the derivative is s * (1 - s) with s = sigma(z), not z * (1 - z)."),
            (lambda g: close(g, -s * (1 - s)), "wrong sign: sigma is increasing, so its slope is positive."),
            (lambda g: close(g, s * (1 + s)), "it is (1 - sigma(z)), not (1 + sigma(z))."),
            (lambda g: close(g, 1 - s ** 2), "1 - s**2 is the pattern of tanh's derivative; sigma's is s * (1 - s)."),
            (lambda g: close(g, np.zeros_like(s)), "your result is 0 everywhere: mind the brackets, s * (1 - s), not s * 1 - s."),
            (lambda g: close(g, s * (1 - z)) or close(g, z * (1 - s)), "use s = sigma(z) in both factors: s * (1 - s)."),
            (constant, "every entry is the same number: compute s = sigma(z) for each entry of z."),
        ]

        def get():
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # large z: the student's own overflow
                return call_student(sigmoid_grad, z.copy())
        return label, get, s * (1 - s), hints

    def body() -> Feedback:
        return compare_cases("sigmoid_grad", (case(*c) for c in _elementwise_cases(31)), "your derivative",
                             require_array=True, advice=_ANY_SHAPE)
    return run_check("sigmoid_grad", body)


def check_leaky_relu(leaky_relu) -> Feedback:
    """Exercise: ``leaky_relu(z, slope)`` = z where z > 0, slope * z elsewhere, for z of any shape."""
    def case(label: str, z: np.ndarray, slope: float):
        negative = z < 0

        def fixed_slope(g: np.ndarray) -> bool:  # right for z > 0, c * z for z < 0 with one c that is not slope
            ratios = g[negative] / z[negative]
            return (close(g[~negative], np.maximum(z[~negative], 0)) and ratios.size > 1
                    and bool(np.allclose(ratios, ratios[0])) and not np.isclose(ratios[0], slope))
        hints = [
            (lambda g: close(g, np.maximum(z, 0.0)), "that is plain ReLU: negative inputs should give slope * z, not 0."),
            (lambda g: close(g, np.where(z > 0, slope * z, z)), "the slope belongs to the negative side: positive z pass through unchanged."),
            (lambda g: close(g, slope * z), "only negative inputs are scaled by the slope."),
            (lambda g: close(g, np.where(z > 0, z, -slope * z)), "wrong sign on the negative side: slope * z, not -slope * z."),
            (lambda g: close(g, np.where(z > 0, z, slope)), "multiply the slope by z on the negative side: slope * z."),
            (fixed_slope, "use the slope argument, not a fixed number."),
            (constant, "every entry is the same number: apply the function to each entry of z."),
        ]
        def get():
            try:
                return call_student(leaky_relu, z.copy(), slope, changed_hint=(
                    "build a new array with np.where(z > 0, z, slope * z); z[z < 0] *= slope changes the caller's z."))
            except StudentMistake as mistake:
                if "truth value of an array" not in str(mistake):
                    raise
                raise StudentMistake(f"{mistake} `if z > 0` decides for one number; z is an array: "
                                     "np.where(z > 0, z, slope * z) decides for every entry.") from mistake
        return f"{label} with slope={slope:g}", get, np.where(z > 0, z, slope * z), hints

    def body() -> Feedback:
        (l1, z1), (l2, z2), (l3, z3) = _elementwise_cases(32)
        cases = [(l1, z1, 0.1), (l2, z2, 0.25), (l3, z3, 0.05)]
        return compare_cases("leaky_relu", (case(*c) for c in cases), "your leaky ReLU", require_array=True,
                             advice=_ANY_SHAPE)
    return run_check("leaky_relu", body)


def _dead_cases() -> list[np.ndarray]:
    """ReLU outputs (n_inputs, n_units) with 2, 3 and 0 dead units, units that are 0 for some inputs only, and all-zero rows."""
    rng = np.random.default_rng(3)
    H = np.abs(rng.normal(size=(6, 5))) + 0.1  # units 1 and 3 dead, unit 4 zero for some inputs only
    H[:, [1, 3]] = 0.0
    H[[0, 2, 5], 4] = 0.0
    H[4, 0] = 0.0
    rng = np.random.default_rng(33)
    H2 = np.maximum(rng.normal(size=(9, 7)), 0.0)  # about half the entries 0
    H2[:, [0, 4, 5]] = 0.0
    H2[:, [1, 2, 3, 6]] += np.eye(9, 4, k=-2)  # every other unit is alive for at least one input
    H2[7:] = 0.0  # inputs for which every unit is 0 (rows, not units)
    H3 = np.maximum(rng.normal(size=(4, 3)), 0.0) + np.eye(4, 3)
    H3[3] = 0.0
    return [H, H2, H3]


def check_count_dead_units(count_dead_units) -> Feedback:
    """Exercise: ``count_dead_units(H)`` = number of columns (units) of H (n_inputs, n_units) that are 0 for every input."""
    def body() -> Feedback:
        cases = _dead_cases()
        got = []
        for H in cases:
            result = call_student(count_dead_units, H.copy())
            arr = as_array(result, "your count")
            dead = (H == 0).all(axis=0)
            if arr.size != 1:
                if arr.shape == dead.shape and close(arr, dead.astype(float)):
                    return failed("count_dead_units", "that says which units are dead (one True/False per unit): "
                                  "return how many there are, with .sum().")
                if close(arr, np.flatnonzero(dead).astype(float)):
                    return failed("count_dead_units", "those are the indices of the dead units: return how many there are.")
                return failed("count_dead_units", f"return one number (how many units are dead), got an array of shape {arr.shape}.")
            got.append(as_number(result, "your count"))
        got = np.array(got)
        counts = {how: np.array([float(f(H)) for H in cases]) for how, f in {
            "dead": lambda H: (H == 0).all(axis=0).sum(), "entries": lambda H: (H == 0).sum(),
            "any": lambda H: (H == 0).any(axis=0).sum(), "rows": lambda H: (H == 0).all(axis=1).sum(),
            "alive": lambda H: (H != 0).any(axis=0).sum(), "units": lambda H: H.shape[1]}.items()}
        hints = [
            (lambda g: close(g, counts["entries"]), "you counted zero entries; count units (columns) that are zero for *every* input."),
            (lambda g: close(g, counts["any"]), "a unit is dead only if it is zero for every input (all), not for some input (any)."),
            (lambda g: close(g, counts["rows"]), "units are the columns of H (axis 0 runs over inputs): reduce over axis=0."),
            (lambda g: close(g, counts["alive"]), "you counted the live units; count those that are 0 for every input."),
            (lambda g: close(g, counts["units"]), "that is the number of all units (columns), dead or alive."),
            (constant, f"you return {got[0]:g} for every H: count from H itself, the answer differs from layer to layer."),
        ]
        return compare("count_dead_units", got, counts["dead"], hints, what="your counts")
    return run_check("count_dead_units", body)
