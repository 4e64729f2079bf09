"""The exercises of lesson 03 (activation functions), as tables: their cases and their typical mistakes.

An elementwise function is tried on the lesson's 1-D z, on a 2-D z and on large
|z| (where a formula with exp(-z) overflows); Leaky ReLU also with a slope above 1
(where np.maximum(z, slope * z) is not Leaky ReLU); the first layer's gradient on
stacks of square widths (where W and W.T have one shape), of other widths, and of
a random depth the lesson does not use, against torch.autograd.
"""

from __future__ import annotations

import numpy as np

from course_utils import scratch
from course_utils.scratch import count_dead_units, first_layer_gradient, sigmoid

from .compare import constant
from .exercise import Case, Mistake, OnError
from .lessons import lesson

LESSON = lesson("03_activations")

_ANY_SHAPE = ("Use NumPy's elementwise operations on the whole array (np.exp, np.where, *), "
              "which work for any shape, rather than a loop or `if` on single numbers.")
_ALL_EQUAL = "every entry is the same number: {what}"


# --- Exercises 1 and 2: sigmoid's derivative, Leaky ReLU ------------------------------------

_rng = np.random.default_rng(31)
_Z = (("the 1-D z", np.array([-6.0, -2.0, -0.5, 0.0, 0.5, 2.0, 6.0])),
      ("z of shape (4, 5)", _rng.normal(scale=4.0, size=(4, 5)).round(3)),
      ("large z", np.array([-800.0, -60.0, 60.0, 800.0])))
_BOTH = "use s = sigma(z) in both factors: s * (1 - s)."

SIGMOID_GRAD = LESSON.exercise(
    "sigmoid_grad", number=1, function="sigmoid_grad", reference=scratch.sigmoid_grad,
    what="your derivative", require_array=True, advice=_ANY_SHAPE, cases=[Case(label, (z,)) for label, z in _Z],
    hints=["Chain rule on σ(z) = u⁻¹ with u = 1 + e⁻ᶻ: the derivative of u⁻¹ is −u⁻², that of u is −e⁻ᶻ, so "
           "σ'(z) = e⁻ᶻ / (1 + e⁻ᶻ)².",
           "e⁻ᶻ / (1 + e⁻ᶻ)² = σ(z) · e⁻ᶻ / (1 + e⁻ᶻ), and e⁻ᶻ / (1 + e⁻ᶻ) = 1 − σ(z): so σ'(z) = σ(z)(1 − σ(z)), "
           "one NumPy expression in s = scratch.sigmoid(z).",
           "s = scratch.sigmoid(z), then return s * (1 - s)."],
    mistakes=[
        Mistake("that is sigma(z) itself; its derivative is sigma(z) * (1 - sigma(z)).", lambda z: sigmoid(z)),
        Mistake("apply sigma first: the derivative is s * (1 - s) with s = sigma(z), not z * (1 - z).",
                lambda z: z * (1 - z)),
        Mistake("wrong sign: sigma is increasing, so its slope is positive.", lambda z: -sigmoid(z) * (1 - sigmoid(z))),
        Mistake("it is (1 - sigma(z)), not (1 + sigma(z)).", lambda z: sigmoid(z) * (1 + sigmoid(z))),
        Mistake("1 - s**2 is the pattern of tanh's derivative; sigma's is s * (1 - s).", lambda z: 1 - sigmoid(z) ** 2),
        Mistake("your result is 0 everywhere: mind the brackets, s * (1 - s), not s * 1 - s.",
                lambda z: sigmoid(z) * 1 - sigmoid(z)),
        Mistake(_BOTH, lambda z: sigmoid(z) * (1 - z)),
        Mistake(_BOTH, lambda z: z * (1 - sigmoid(z))),
        Mistake(_ALL_EQUAL.format(what="compute s = sigma(z) for each entry of z."),
                when=lambda got, expected, case: constant(got)),
    ])


def _fixed_slope(got: np.ndarray, expected: np.ndarray, case: Case) -> bool:
    """Right for z > 0, c * z for z < 0 with one c that is not the slope: a number written in."""
    z, slope = case.args
    negative = z < 0
    ratios = got[negative] / z[negative]
    return (np.allclose(got[~negative], np.maximum(z[~negative], 0)) and ratios.size > 1
            and bool(np.allclose(ratios, ratios[0])) and not np.isclose(ratios[0], slope))


LEAKY_RELU = LESSON.exercise(
    "leaky_relu", number=2, function="leaky_relu", reference=scratch.leaky_relu,
    what="your leaky ReLU", require_array=True, advice=_ANY_SHAPE,
    cases=[Case(f"{label} with slope={slope:g}", (z, slope), facts={"slope": slope})
           for (label, z), slope in zip((*_Z, _Z[1]), (0.1, 0.25, 0.05, 2.0))],
    changed_hint="build a new array with np.where(z > 0, z, slope * z); z[z < 0] *= slope changes the caller's z.",
    hints=["Two cases per entry: where z > 0 the entry stays z; elsewhere it is multiplied by the slope.",
           "np.where(condition, value_if_true, value_if_false) chooses entry by entry, for an array of any shape.",
           "return np.where(z > 0, z, slope * z)"],
    mistakes=[
        Mistake("that is plain ReLU: negative inputs should give slope * z, not 0.", lambda z, slope: np.maximum(z, 0.0)),
        Mistake("the slope belongs to the negative side: positive z pass through unchanged.",
                lambda z, slope: np.where(z > 0, slope * z, z)),
        Mistake("only negative inputs are scaled by the slope.", lambda z, slope: slope * z),
        Mistake("wrong sign on the negative side: slope * z, not -slope * z.",
                lambda z, slope: np.where(z > 0, z, -slope * z)),
        Mistake("multiply the slope by z on the negative side: slope * z.", lambda z, slope: np.where(z > 0, z, slope)),
        Mistake("np.maximum(z, slope * z) is Leaky ReLU only for a slope up to 1: with slope={slope:g} it keeps z on "
                "the negative side. Choose by the sign of z: np.where(z > 0, z, slope * z).",
                lambda z, slope: np.maximum(z, slope * z)),
        Mistake("use the slope argument, not a fixed number.", when=_fixed_slope),
        Mistake(_ALL_EQUAL.format(what="apply the function to each entry of z."),
                when=lambda got, expected, case: constant(got)),
    ],
    on_error=[OnError("truth value of an array", "`if z > 0` decides for one number; z is an array: "
                                                 "np.where(z > 0, z, slope * z) decides for every entry.")])


# --- Exercise 3: the gradient that reaches the first layer ---

def _autograd_first_layer(X, Ws, bs, f, f_grad) -> np.ndarray:
    """∂y/∂W₁ (y = sum of H_L) by torch.autograd, in float64: the truth the check compares with."""
    import torch  # here: the module's other checks need no torch

    torch_f = {scratch.sigmoid: torch.sigmoid, scratch.tanh: torch.tanh}[f]
    W_t = [torch.tensor(W, requires_grad=(l == 0)) for l, W in enumerate(Ws)]
    h = torch.tensor(X)
    for W, b in zip(W_t, bs):
        h = torch_f(h @ W + torch.tensor(b))
    (grad,) = torch.autograd.grad(h.sum(), W_t[0])
    return grad.numpy()


def _stack_cases(seed: int) -> list[Case]:
    """Square widths (where W and W.T have one shape), other widths with tanh, a random sigmoid stack."""
    rng = np.random.default_rng(seed)

    def stack(label, widths, n, activation):
        Ws = [rng.normal(scale=1.2, size=(a, b)) for a, b in zip(widths[:-1], widths[1:])]
        bs = [rng.normal(scale=0.5, size=b) for b in widths[1:]]
        X = rng.normal(size=(n, widths[0]))
        return Case(label, (X, Ws, bs, *scratch.get_activation(activation)))

    depth, n = int(rng.integers(4, 7)), int(rng.integers(3, 9))
    widths = [int(w) for w in rng.integers(2, 7, size=depth + 1)]
    return [stack("a sigmoid stack 4 -> 4 -> 4 -> 4 with 5 inputs", [4, 4, 4, 4], 5, "sigmoid"),
            stack("a tanh stack 3 -> 5 -> 2 -> 4 with 6 inputs", [3, 5, 2, 4], 6, "tanh"),
            stack(f"a random sigmoid stack {' -> '.join(map(str, widths))} with {n} inputs", widths, n, "sigmoid")]


def _zs(X, Ws, bs, f, bias=True):
    """The pre-activations of every layer of the forward pass."""
    zs, h = [], X
    for W, b in zip(Ws, bs):
        zs.append(h @ W + (b if bias else 0.0))
        h = f(zs[-1])
    return zs


def _delta(Ws, slopes, through=lambda d, W: d @ W.T, last=True, first=True):
    """Δ₁ walked down from the top: Δ_l = (Δ_{l+1} W_{l+1}ᵀ) ⊙ f'(Z_l), with one step of it changed."""
    delta = slopes[-1] if last else np.ones_like(slopes[-1])
    for l in range(len(Ws) - 1, 0, -1):
        delta = through(delta, Ws[l])
        delta = delta * slopes[l - 1] if (l > 1 or first) else delta
    return delta


def _slopes(X, Ws, bs, f, f_grad, bias=True):
    return [f_grad(z) for z in _zs(X, Ws, bs, f, bias)]


def _upward(X, Ws, bs, f, f_grad):
    slopes = _slopes(X, Ws, bs, f, f_grad)
    delta = slopes[0]
    for l in range(1, len(Ws)):
        delta = (delta @ Ws[l].T) * slopes[l]
    return X.T @ delta


FIRST_LAYER_GRADIENT = LESSON.exercise(
    "first_layer_gradient", number=3, function="first_layer_gradient", reference=first_layer_gradient,
    truth=_autograd_first_layer, what="your gradient", require_array=True, cases=_stack_cases(303),
    advice="Take every width from the arrays themselves (nothing fixed), and walk len(Ws) layers.",
    hints=["Forward first: z = h @ W + b and h = f(z), layer by layer from h = X, keeping every z in a list: "
           "the backward pass needs the slopes f_grad(z).",
           "Backward from the top: delta = f_grad(z) of the last layer; then for each layer below, go through the "
           "weights of the layer above (delta @ W.T) and multiply by this layer's slopes f_grad(z).",
           "for l in range(len(Ws) - 1, 0, -1): delta = (delta @ Ws[l].T) * f_grad(zs[l - 1]); "
           "finally ∂y/∂W₁ is X.T @ delta."],
    mistakes=[
        Mistake("that is ∂y/∂Z₁, one row per input: ∂y/∂W₁ is X.T @ delta, which adds up the inputs.",
                lambda X, Ws, bs, f, f_grad: _delta(Ws, _slopes(X, Ws, bs, f, f_grad))),
        Mistake("that is the gradient with respect to the inputs X (it went through W₁ too): stop at the "
                "first layer's delta and return X.T @ delta.",
                lambda X, Ws, bs, f, f_grad: _delta(Ws, _slopes(X, Ws, bs, f, f_grad)) @ Ws[0].T),
        Mistake("f_grad takes the pre-activation z, not the output h = f(z): keep every z of the forward pass "
                "and multiply by f_grad(z).",
                lambda X, Ws, bs, f, f_grad: X.T @ _delta(Ws, [f_grad(f(z)) for z in _zs(X, Ws, bs, f)])),
        Mistake("between two layers the gradient also goes through the weights: multiply delta by the transpose of "
                "the layer's W above (delta @ W.T) before this layer's slopes.",
                lambda X, Ws, bs, f, f_grad: X.T @ _delta(Ws, _slopes(X, Ws, bs, f, f_grad), through=lambda d, W: d)),
        Mistake("going back through a layer takes the transpose: delta @ W.T, not delta @ W (forward was h @ W).",
                lambda X, Ws, bs, f, f_grad: X.T @ _delta(Ws, _slopes(X, Ws, bs, f, f_grad), through=lambda d, W: d @ W)),
        Mistake("walk the layers backward, from the last to the first: start with f_grad of the last layer's z and end "
                "with the first layer's slopes.", _upward),
        Mistake("the last layer's slopes are missing: the output is the sum of f(z) of the last layer, so "
                "delta starts as f_grad(z) of that layer, not as ones.",
                lambda X, Ws, bs, f, f_grad: X.T @ _delta(Ws, _slopes(X, Ws, bs, f, f_grad), last=False)),
        Mistake("the first layer's slopes are missing: after going through the second layer's weights, "
                "multiply by f_grad(z) of the first layer too.",
                lambda X, Ws, bs, f, f_grad: X.T @ _delta(Ws, _slopes(X, Ws, bs, f, f_grad), first=False)),
        Mistake("the forward pass needs the biases: z = h @ W + b.",
                lambda X, Ws, bs, f, f_grad: X.T @ _delta(Ws, _slopes(X, Ws, bs, f, f_grad, bias=False))),
        Mistake("the output sums over every input, so X.T @ delta adds the inputs' contributions: do not divide by the "
                "number of inputs.", lambda X, Ws, bs, f, f_grad: X.T @ _delta(Ws, _slopes(X, Ws, bs, f, f_grad)) / len(X)),
        Mistake("transposed: ∂y/∂W₁ has W₁'s shape (inputs' width, first layer's width): X.T @ delta, not delta.T @ X.",
                lambda X, Ws, bs, f, f_grad: (X.T @ _delta(Ws, _slopes(X, Ws, bs, f, f_grad))).T),
        Mistake("use the f and f_grad passed as arguments (this stack uses tanh), not the sigmoid.",
                lambda X, Ws, bs, f, f_grad: first_layer_gradient(X, Ws, bs, sigmoid, scratch.sigmoid_grad)),
        Mistake("use the f_grad passed as an argument (this stack uses tanh), not the sigmoid's derivative.",
                lambda X, Ws, bs, f, f_grad: X.T @ _delta(Ws, [scratch.sigmoid_grad(z) for z in _zs(X, Ws, bs, f)])),
        Mistake(_ALL_EQUAL.format(what="the gradient depends on X, the weights and the slopes."),
                when=lambda got, expected, case: constant(got)),
    ])


# --- Exercise 4: dead units ---

def _dead_cases() -> list[Case]:
    """ReLU outputs (n_inputs, n_units) with 2, 3, 0 and 4 (all) dead units, units that are 0 for some inputs only,
    and all-zero rows."""
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
    return [Case(f"H of shape {H.shape}", (H,)) for H in (H, H2, H3, np.zeros((3, 4)))]


COUNT_DEAD_UNITS = LESSON.exercise(
    "count_dead_units", number=4, function="count_dead_units", reference=count_dead_units, what="your count",
    cases=_dead_cases(),
    ignores_input="the same count for two different H: count from H itself, the answer differs from layer to layer.",
    hints=["A unit is a column of H; it is dead when every entry of its column is 0.",
           "(H == 0).all(axis=0) gives one True/False per unit (axis 0 runs over the inputs); count the True ones.",
           "return int(np.all(H == 0, axis=0).sum())"],
    mistakes=[
        Mistake("that says which units are dead (one True/False per unit): return how many there are, with .sum().",
                lambda H: (H == 0).all(axis=0)),
        Mistake("those are the indices of the dead units: return how many there are.",
                lambda H: np.flatnonzero((H == 0).all(axis=0))),
        Mistake("you counted zero entries; count units (columns) that are zero for *every* input.",
                lambda H: (H == 0).sum()),
        Mistake("a unit is dead only if it is zero for every input (all), not for some input (any).",
                lambda H: (H == 0).any(axis=0).sum()),
        Mistake("units are the columns of H (axis 0 runs over inputs): reduce over axis=0.",
                lambda H: (H == 0).all(axis=1).sum()),
        Mistake("you counted the live units; count those that are 0 for every input.", lambda H: (H != 0).any(axis=0).sum()),
        Mistake("that is the number of all units (columns), dead or alive.", lambda H: H.shape[1]),
        Mistake("you found no dead unit in any H: ReLU outputs are never negative, so H < 0 finds nothing; a dead "
                "unit's outputs are exactly 0 (H == 0).", lambda H: (H < 0).all(axis=0).sum()),
        Mistake("np.all(H == 0) without an axis asks about the whole matrix (one True/False): ask per unit with "
                "axis=0, then count.", lambda H: np.all(H == 0)),
    ])

check_sigmoid_grad = SIGMOID_GRAD.check
check_leaky_relu = LEAKY_RELU.check
check_first_layer_gradient = FIRST_LAYER_GRADIENT.check
check_count_dead_units = COUNT_DEAD_UNITS.check
hint, solution, use, progress, course_version = LESSON.exports()
