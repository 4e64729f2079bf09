"""Checks for the exercises of notebook 03 (activation functions).

Each ``check_xxx(student_function)`` calls the student's function on the
notebook's kind of input and on inputs of other shapes drawn from a fixed seed
(an elementwise function must work for any shape); it prints one line (pass,
a specific hint, or "not done yet") and returns the Feedback.

The exercises are registered with their hints and the course's versions, so
the notebook calls ``checks.hint("sigmoid_grad")``, ``checks.use(...)``,
``checks.course_version(...)`` and ``checks.progress()``.
"""

from __future__ import annotations

import numpy as np

from course_utils import scratch
from .compare import close, compare, compare_cases, constant
from .exercise import run_check
from .lessons import lesson
from .report import failed, Feedback
from .sandbox import call_student, StudentMistake
from .student_result import as_array, as_number, expect_array
from course_utils.scratch import sigmoid
from course_utils.validation import as_float_array, check_callable

LESSON = lesson("03_activations")

_Z = np.array([-6.0, -2.0, -0.5, 0.0, 0.5, 2.0, 6.0])
_ANY_SHAPE = ("Use NumPy's elementwise operations on the whole array (np.exp, np.where, *), "
              "which work for any shape, rather than a loop or `if` on single numbers.")


# --- the course's versions (what checks.use gives a later cell when an exercise is unfinished) ---

def first_layer_gradient(X, Ws, bs, f, f_grad):
    """∂y/∂W₁ for y = the sum of H_L, the stack H₀ = X, Z_l = H_{l−1} W_l + b_l, H_l = f(Z_l) (notebook 03).

    X : (n, d₀), one row per input. Ws[l] : (d_l, d_{l+1}) and bs[l] : (d_{l+1},), layer l + 1 of L.
    f, f_grad : the activation and its derivative, elementwise. Returns an array of W₁'s shape (d₀, d₁).
    """
    X, Ws, bs = _stack_arguments(X, Ws, bs, f, f_grad)
    zs, h = [], X
    for W, b in zip(Ws, bs):                   # forward, keeping every pre-activation z
        zs.append(h @ W + b)
        h = f(zs[-1])
    delta = f_grad(zs[-1])                     # Δ_L = ∂y/∂Z_L = f'(Z_L)
    for l in range(len(Ws) - 1, 0, -1):        # Δ_l = (Δ_{l+1} W_{l+1}ᵀ) ⊙ f'(Z_l), down to l = 1
        delta = (delta @ Ws[l].T) * f_grad(zs[l - 1])
    return X.T @ delta                         # ∂y/∂W₁ = Xᵀ Δ₁ adds up the inputs


def _stack_arguments(X, Ws, bs, f, f_grad):
    """X, Ws, bs as float arrays whose shapes chain; a ValueError/TypeError naming the argument otherwise."""
    X = as_float_array(X, "X", ndim=2)
    for name, value in (("Ws", Ws), ("bs", bs)):
        if not isinstance(value, (list, tuple)) or not value:
            raise TypeError(f"{name} must be a non-empty list of arrays (one per layer), got {type(value).__name__}")
    if len(Ws) != len(bs):
        raise ValueError(f"Ws and bs must hold one entry per layer, got {len(Ws)} weights and {len(bs)} biases")
    check_callable(f, "f", "f(z), the activation")
    check_callable(f_grad, "f_grad", "f'(z), the activation's derivative")
    Ws = [as_float_array(W, f"Ws[{l}]", ndim=2) for l, W in enumerate(Ws)]
    bs = [as_float_array(b, f"bs[{l}]", shape=(W.shape[1],)) for l, (W, b) in enumerate(zip(Ws, bs))]
    width = X.shape[1]
    for l, W in enumerate(Ws):
        if W.shape[0] != width:
            below = "X has" if l == 0 else f"Ws[{l - 1}] gives"
            raise ValueError(f"Ws[{l}] must have {width} rows ({below} {width} columns), got shape {W.shape}")
        width = W.shape[1]
    return X, Ws, bs


def count_dead_units(H):
    """Number of units (columns of H, shape (n_inputs, n_units)) that are 0 for every input."""
    H = as_float_array(H, "H", ndim=2)
    return int(np.all(H == 0, axis=0).sum())


# --- the exercises, their hints (general to specific) and the course's solutions ---

SIGMOID_GRAD = LESSON.exercise(
    "sigmoid_grad", number=1, function="sigmoid_grad", reference=scratch.sigmoid_grad,
    hints=["The derivative depends on z only through s = σ(z): compute s once (scratch.sigmoid(z)).",
           "σ'(z) = σ(z)(1 − σ(z)): one NumPy expression in s, which works entry by entry for any shape.",
           "s = scratch.sigmoid(z), then return s * (1 - s)."])
LEAKY_RELU = LESSON.exercise(
    "leaky_relu", number=2, function="leaky_relu", reference=scratch.leaky_relu,
    hints=["Two cases per entry: where z > 0 the entry stays z; elsewhere it is multiplied by the slope.",
           "np.where(condition, value_if_true, value_if_false) chooses entry by entry, for an array of any shape.",
           "return np.where(z > 0, z, slope * z)"])
FIRST_LAYER_GRADIENT = LESSON.exercise(
    "first_layer_gradient", number=3, function="first_layer_gradient", reference=first_layer_gradient,
    hints=["Forward first: z = h @ W + b and h = f(z), layer by layer from h = X, keeping every z in a list: "
           "the backward pass needs the slopes f_grad(z).",
           "Backward from the top: delta = f_grad(z) of the last layer; then for each layer below, go through the "
           "weights of the layer above (delta @ W.T) and multiply by this layer's slopes f_grad(z).",
           "for l in range(len(Ws) - 1, 0, -1): delta = (delta @ Ws[l].T) * f_grad(zs[l - 1]); "
           "finally ∂y/∂W₁ is X.T @ delta."])
COUNT_DEAD_UNITS = LESSON.exercise(
    "count_dead_units", number=4, function="count_dead_units", reference=count_dead_units,
    hints=["A unit is a column of H; it is dead when every entry of its column is 0.",
           "(H == 0).all(axis=0) gives one True/False per unit (axis 0 runs over the inputs); count the True ones.",
           "return int(np.all(H == 0, axis=0).sum())"])


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
    return run_check(SIGMOID_GRAD, body)


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
    return run_check(LEAKY_RELU, body)


def _dead_cases() -> list[np.ndarray]:
    """ReLU outputs (n_inputs, n_units) with 2, 3, 0 and 4 (all) dead units, units that are 0 for some inputs only, and all-zero rows."""
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
    H4 = np.zeros((3, 4))  # a layer whose every unit died
    return [H, H2, H3, H4]


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
            "alive": lambda H: (H != 0).any(axis=0).sum(), "units": lambda H: H.shape[1],
            "negative": lambda H: (H < 0).all(axis=0).sum(), "whole": lambda H: (H == 0).all()}.items()}
        hints = [
            (lambda g: close(g, counts["entries"]), "you counted zero entries; count units (columns) that are zero for *every* input."),
            (lambda g: close(g, counts["any"]), "a unit is dead only if it is zero for every input (all), not for some input (any)."),
            (lambda g: close(g, counts["rows"]), "units are the columns of H (axis 0 runs over inputs): reduce over axis=0."),
            (lambda g: close(g, counts["alive"]), "you counted the live units; count those that are 0 for every input."),
            (lambda g: close(g, counts["units"]), "that is the number of all units (columns), dead or alive."),
            (lambda g: close(g, counts["negative"]), "you found no dead unit in any H: ReLU outputs are never negative, "
                                                     "so H < 0 finds nothing; a dead unit's outputs are exactly 0 (H == 0)."),
            (lambda g: close(g, counts["whole"]), "np.all(H == 0) without an axis asks about the whole matrix (one True/False): "
                                                  "ask per unit with axis=0, then count."),
            (constant, f"you return {got[0]:g} for every H: count from H itself, the answer differs from layer to layer."),
        ]
        return compare("count_dead_units", got, counts["dead"], hints, what="your counts")
    return run_check(COUNT_DEAD_UNITS, body)


# --- Exercise 3: the gradient that reaches the first layer ---

def _stack_cases(seed: int) -> list[tuple[str, np.ndarray, list, list, str]]:
    """(label, X, Ws, bs, activation): square widths (where W and W.T have one shape), other widths, a random stack."""
    rng = np.random.default_rng(seed)

    def stack(widths, n):
        Ws = [rng.normal(scale=1.2, size=(a, b)) for a, b in zip(widths[:-1], widths[1:])]
        bs = [rng.normal(scale=0.5, size=b) for b in widths[1:]]
        return rng.normal(size=(n, widths[0])), Ws, bs

    depth, n = int(rng.integers(4, 7)), int(rng.integers(3, 9))
    widths = [int(w) for w in rng.integers(2, 7, size=depth + 1)]
    return [("a sigmoid stack 4 -> 4 -> 4 -> 4 with 5 inputs", *stack([4, 4, 4, 4], 5), "sigmoid"),
            ("a tanh stack 3 -> 5 -> 2 -> 4 with 6 inputs", *stack([3, 5, 2, 4], 6), "tanh"),
            (f"a random sigmoid stack {' -> '.join(map(str, widths))} with {n} inputs", *stack(widths, n), "sigmoid")]


def _autograd_first_layer(X, Ws, bs, activation: str) -> np.ndarray:
    """∂y/∂W₁ (y = sum of H_L) by torch.autograd, in float64: the reference the check compares with."""
    import torch  # here: the module's other checks need no torch

    torch_f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}[activation]
    W_t = [torch.tensor(W, requires_grad=(l == 0)) for l, W in enumerate(Ws)]
    h = torch.tensor(X)
    for W, b in zip(W_t, bs):
        h = torch_f(h @ W + torch.tensor(b))
    (grad,) = torch.autograd.grad(h.sum(), W_t[0])
    return grad.numpy()


def _mistakes(X, Ws, bs, f, f_grad) -> dict[str, np.ndarray]:
    """What typical wrong backward passes give (a mistake that cannot run on these shapes is left out)."""
    def forward(bias=True, act=f):
        zs, h = [], X
        for W, b in zip(Ws, bs):
            zs.append(h @ W + (b if bias else 0.0))
            h = act(zs[-1])
        return zs

    def down(slopes, through=lambda d, W: d @ W.T, last=True, first=True):
        delta = slopes[-1] if last else np.ones_like(slopes[-1])
        for l in range(len(Ws) - 1, 0, -1):
            delta = through(delta, Ws[l])
            delta = delta * slopes[l - 1] if (l > 1 or first) else delta
        return delta

    zs = forward()
    slopes = [f_grad(z) for z in zs]

    def up():
        delta = slopes[0]
        for l in range(1, len(Ws)):
            delta = (delta @ Ws[l].T) * slopes[l]
        return delta

    delta = down(slopes)
    made = {
        "slope at output": lambda: X.T @ down([f_grad(f(z)) for z in zs]),
        "no weights": lambda: X.T @ down(slopes, through=lambda d, W: d),
        "W not W.T": lambda: X.T @ down(slopes, through=lambda d, W: d @ W),
        "upward": lambda: X.T @ up(),
        "no last slope": lambda: X.T @ down(slopes, last=False),
        "no first slope": lambda: X.T @ down(slopes, first=False),
        "no bias": lambda: X.T @ down([f_grad(z) for z in forward(bias=False)]),
        "mean": lambda: X.T @ delta / len(X),
        "transposed": lambda: (X.T @ delta).T,
        "sigmoid": lambda: X.T @ down([scratch.sigmoid_grad(z) for z in forward(act=sigmoid)]),
        "sigmoid slopes": lambda: X.T @ down([scratch.sigmoid_grad(z) for z in zs]),
        "delta": lambda: delta,
        "input gradient": lambda: delta @ Ws[0].T,
    }
    out = {}
    with np.errstate(all="ignore"):
        for name, make in made.items():
            try:
                out[name] = np.asarray(make(), dtype=np.float64)
            except (ValueError, IndexError):  # shapes that do not chain: this mistake would raise instead
                continue
    return out


_GRADIENT_HINTS = {
    "slope at output": "f_grad takes the pre-activation z, not the output h = f(z): keep every z of the forward pass "
                       "and multiply by f_grad(z).",
    "no weights": "between two layers the gradient also goes through the weights: multiply delta by the transpose of "
                  "the layer's W above (delta @ W.T) before this layer's slopes.",
    "W not W.T": "going back through a layer takes the transpose: delta @ W.T, not delta @ W (forward was h @ W).",
    "upward": "walk the layers backward, from the last to the first: start with f_grad of the last layer's z and end "
              "with the first layer's slopes.",
    "no last slope": "the last layer's slopes are missing: the output is the sum of f(z) of the last layer, so "
                     "delta starts as f_grad(z) of that layer, not as ones.",
    "no first slope": "the first layer's slopes are missing: after going through the second layer's weights, "
                      "multiply by f_grad(z) of the first layer too.",
    "no bias": "the forward pass needs the biases: z = h @ W + b.",
    "mean": "the output sums over every input, so X.T @ delta adds the inputs' contributions: do not divide by the "
            "number of inputs.",
    "transposed": "transposed: ∂y/∂W₁ has W₁'s shape (inputs' width, first layer's width): X.T @ delta, "
                  "not delta.T @ X.",
    "sigmoid": "use the f and f_grad passed as arguments (this stack uses tanh), not the sigmoid.",
    "sigmoid slopes": "use the f_grad passed as an argument (this stack uses tanh), not the sigmoid's derivative.",
}
_SHAPE_HINTS = {  # results whose shape differs from W₁'s: named before the shape itself
    "delta": "that is ∂y/∂Z₁, one row per input: ∂y/∂W₁ is X.T @ delta, which adds up the inputs.",
    "input gradient": "that is the gradient with respect to the inputs X (it went through W₁ too): stop at the "
                      "first layer's delta and return X.T @ delta.",
}


def check_first_layer_gradient(first_layer_gradient) -> Feedback:
    """Exercise: ``first_layer_gradient(X, Ws, bs, f, f_grad)`` = ∂y/∂W₁ (y = sum of H_L), checked against torch.autograd.

    Three stacks: square widths (where W and W.T, or no W at all, still run), other widths with tanh, and a
    random one of a depth and widths the notebook does not use.
    """
    def case(label, X, Ws, bs, activation):
        f, f_grad = scratch.get_activation(activation)
        expected = _autograd_first_layer(X, Ws, bs, activation)
        wrong = _mistakes(X, Ws, bs, f, f_grad)
        hints = [(lambda g, m=m: close(g, m), _GRADIENT_HINTS[name]) for name, m in wrong.items()
                 if name in _GRADIENT_HINTS and not close(m, expected)]
        hints.append((constant, "every entry is the same number: the gradient depends on X, the weights and the slopes."))

        def get():
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                got = call_student(first_layer_gradient, X.copy(), [W.copy() for W in Ws], [b.copy() for b in bs],
                                   f, f_grad)
            arr = expect_array(got, "your gradient")
            if arr.shape != expected.shape:
                for name, message in _SHAPE_HINTS.items():
                    if name in wrong and close(arr, wrong[name]):
                        raise StudentMistake(message)
            return got
        return label, get, expected, hints

    def body() -> Feedback:
        return compare_cases("first_layer_gradient", (case(*c) for c in _stack_cases(303)), "your gradient",
                             require_array=True,
                             advice="Take every width from the arrays themselves (nothing fixed), and walk "
                                    "len(Ws) layers.")
    return run_check(FIRST_LAYER_GRADIENT, body)


hint, solution, use, progress, course_version = LESSON.exports()
