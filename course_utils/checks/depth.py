"""Exercise checks for notebook 07 (depth vs width).

The exercises are about parameter budgets: counting the parameters of a fully
connected network (Exercise 1), finding the widest network of a given depth
that fits a budget (Exercise 2, the fair way to compare a deep and a wide
network), and designing a network of one's own within the challenge's budget
(Exercise 4, scored by ``challenge.score_design``). The references are
``models.mlp_parameter_count``, ``models.width_for_budget`` and :func:`course_design`.
Exercise 3 (the playground) is checked in ``checks.playground``; both modules
record under notebook 07, and its ``hint``, ``solution``, ``use`` and ``progress`` serve the exercises of both.

Each check calls the student's function on the notebook's shapes and on a few
drawn from a fixed seed (sizes the notebook never shows, so a table of the
printed answers cannot pass), and names the typical mistake an answer matches.
The design check counts parameters with the package's ``count_parameters``
(the numbers in the network's tensors): a design need not be a uniform MLP,
which is all a formula in depth and width can count.
"""

from __future__ import annotations

import functools
import numbers
from typing import Any, Callable

import numpy as np
import torch
from torch import nn

from ..challenge import BUDGET
from ..models import ACTIVATIONS, build_mlp, count_parameters, mlp_parameter_count
from ..models import width_for_budget as width_for_budget_ref
from .exercise import Case, Mistake, run_check
from .lessons import lesson
from .report import failed, Feedback, passed
from .sandbox import call_student, StudentMistake
from .student_result import as_array

LESSON = lesson("07_depth_vs_width")

# (in_features, out_features, depth, width): shallow, deep, wide-input and many-output cases, then three drawn
# ones (deeper, in_features != out_features) that tell the mistakes apart.
_SHAPES = [(1, 1, 1, 16), (1, 1, 4, 8), (3, 2, 2, 5), (784, 10, 1, 120)]
# (depth, budget): the notebook's sizes, a budget that width 5 at depth 2 meets exactly (46 parameters),
# and one so large that a search with a fixed limit such as range(1, 1000) stops short; then three drawn ones.
_BUDGETS = [(1, 100), (2, 100), (4, 500), (3, 1000), (2, 46), (1, 20000)]
_SEED = 7  # the drawn cases: the same every run, not shown in the notebook


def _count_shapes() -> list[tuple[int, int, int, int]]:
    rng = np.random.default_rng(_SEED)
    drawn = [(int(rng.integers(2, 30)), int(rng.integers(2, 12)), int(rng.integers(3, 9)), int(rng.integers(20, 90)))
             for _ in range(3)]
    return _SHAPES + drawn


def _width_cases() -> list[tuple[int, int]]:
    rng = np.random.default_rng(_SEED)
    drawn = [(int(rng.integers(2, 7)), int(rng.integers(300, 6000))) for _ in range(3)]
    return _BUDGETS + drawn


def _whole_number(what: str, whole: str, right: Callable, kind: str, huge: str) -> Callable[[Any, Case], np.ndarray]:
    """An answer adapter: the student's result as one whole number; a bool, an array, a fraction, a number of
    hundreds of digits, or the right number as a float is a StudentMistake.

    whole : the sentence for a fraction ("a count is a whole number"). kind : why an int is needed.
    huge : the sentence for a whole number too large for a float.
    """
    def answer(value: Any, case: Case) -> np.ndarray:
        if isinstance(value, (bool, np.bool_)):
            raise StudentMistake(f"{what} is {value}, a bool: return the number itself.")
        if isinstance(value, numbers.Integral) and abs(int(value)) > 10**15:
            digits = str(abs(int(value)))
            raise StudentMistake(f"{what} is {digits[:12]}… ({len(digits)} digits): {huge}")
        arr = as_array(value, what)  # names text, None, complex numbers
        if isinstance(value, (list, tuple)) or arr.ndim != 0:
            many = " (one count per layer? add them up)" if what == "your count" else ""
            raise StudentMistake(f"{what} should be one number, got {type(value).__name__} of shape {arr.shape}{many}.")
        item = value.item() if hasattr(value, "item") else value  # a 0-d array or tensor: its Python number
        if isinstance(item, bool):
            raise StudentMistake(f"{what} is {item}, a bool: return the number itself.")
        number = float(arr)
        if not isinstance(item, numbers.Integral):
            if not (np.isfinite(number) and number == int(number)):
                raise StudentMistake(f"{whole}, got {number}.")
            if number == right(*case.args):
                raise StudentMistake(f"the right number, but {kind} and yours came as {type(value).__name__}: "
                                     "`/` and np.floor give floats, use `//` or int(...).")
        return np.float64(number)
    return answer


def _count_case(i: int, o: int, d: int, w: int) -> Case:
    return Case(f"in_features={i}, out_features={o}, depth={d}, width={w}", (i, o, d, w))


COUNT = LESSON.exercise(
    "counting parameters", number=1, function="count_parameters_of", reference=mlp_parameter_count,
    what="your count", cases=[_count_case(*shape) for shape in _count_shapes()],
    answer=_whole_number("your count", "a count is a whole number", mlp_parameter_count, "a count is an int",
                         "far more parameters than any network here has."),
    ignores_input="the same count for every shape: compute it from in_features, out_features, depth and width.",
    hints=["Count layer by layer: nn.Linear(a, b) holds a × b weights and b biases.",
           "The network has depth + 1 Linear layers: in → width, then depth − 1 times width → width, then width → out.",
           "Add (in_features + 1) × width, (depth − 1) × (width + 1) × width and (width + 1) × out_features."],
    mistakes=[
        Mistake("the biases are missing: every layer has one bias per output unit.",
                lambda i, o, d, w: i * w + (d - 1) * w * w + w * o),
        Mistake("the hidden-to-hidden layers' biases are missing: each of those layers has (width + 1) × width "
                "parameters.", lambda i, o, d, w: (i + 1) * w + (d - 1) * w * w + (w + 1) * o),
        Mistake("the output layer's biases are missing: out_features of them, one per output unit.",
                lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w + w * o),
        Mistake("the first layer's biases are missing: it has (in_features + 1) × width parameters.",
                lambda i, o, d, w: i * w + (d - 1) * (w + 1) * w + (w + 1) * o),
        Mistake("a hidden-to-hidden layer has width × width weights and width biases: (width + 1) × width, not "
                "(width + 1)².", lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) ** 2 + (w + 1) * o),
        Mistake("a bias belongs to each unit a layer feeds (width biases in the first layer, out_features in the last): "
                "yours counts them per input unit, or in_features and out_features are swapped.",
                lambda i, o, d, w: i * (w + 1) + (d - 1) * (w + 1) * w + w * (o + 1)),
        Mistake("one hidden-to-hidden layer too many: depth hidden layers are joined by depth − 1 width × width "
                "matrices.", lambda i, o, d, w: mlp_parameter_count(i, o, d + 1, w)),
        Mistake("one hidden-to-hidden layer too few: depth hidden layers are joined by depth − 1 width × width "
                "matrices.", lambda i, o, d, w: (i + 1) * w + (d - 2) * (w + 1) * w + (w + 1) * o),
        Mistake("right only for depth 1: add the depth − 1 hidden-to-hidden layers, (width + 1) × width parameters "
                "each.", lambda i, o, d, w: (i + 1) * w + (w + 1) * o),
        Mistake("the output layer is missing: width × out_features weights plus out_features biases.",
                lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w),
        Mistake("the first layer is missing: in_features × width weights plus width biases.",
                lambda i, o, d, w: (d - 1) * (w + 1) * w + (w + 1) * o),
    ])


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


def _over_budget(got: np.ndarray, expected: np.ndarray, case: Case) -> bool:
    depth, budget = case.args
    return got >= 1 and mlp_parameter_count(1, 1, depth, int(got)) > budget


def _at_a_round_limit(got: np.ndarray, expected: np.ndarray, case: Case) -> bool:
    """Short of the widest width, at a round number a fixed search range ends at (range(1, 1000) stops at 999)."""
    return got < expected and any(int(got) in (limit - 1, limit) for limit in (100, 500, 1000, 5000, 10000))


WIDTH = LESSON.exercise(
    "width for a budget", number=2, function="widest_width", reference=width_for_budget_ref, what="your width",
    cases=[Case(f"depth {d} and budget {b}", (d, b), facts={"depth": d, "budget": b}) for d, b in _width_cases()],
    answer=_whole_number("your width", "a width is a whole number of units", width_for_budget_ref,
                         "a width is an int (nn.Linear needs one)", "over the budget: stop before the count passes it."),
    ignores_input="the same width for every depth and budget: compute it from both.",
    advice="A loop that ends without reaching a `return` (its range ending too early?) returns None.",
    otherwise="the next width still fits the budget of {budget}: keep widening while the next width fits.",
    hints=["Start at width 1 and widen while the next width still fits the budget (at most budget parameters).",
           "count_parameters_of(1, 1, depth, width + 1) <= budget says that width + 1 still fits.",
           "width = 1, then `while count_parameters_of(1, 1, depth, width + 1) <= budget: width += 1`, then return width."],
    mistakes=[
        # Wrong answers over the budget, then the over-budget test, then the too narrow ones.
        Mistake("that is the parameter count of the widest network: return its width.",
                lambda d, b: mlp_parameter_count(1, 1, d, width_for_budget_ref(d, b))),
        Mistake("your widths fit a network with one hidden layer: count the parameters of depth hidden layers "
                "(count_parameters_of(1, 1, depth, width)).", lambda d, b: _widest(_count(1), b)),
        Mistake("your count leaves out the biases: use count_parameters_of(1, 1, depth, width), which counts them.",
                lambda d, b: _widest(lambda w: w + (d - 1) * w * w + w, b)),
        Mistake("one unit too wide: width + 1 is over the budget. Return the last width that fits, not the first one "
                "that does not.", lambda d, b: width_for_budget_ref(d, b) + 1),
        Mistake("a width is at least 1 unit.", when=lambda got, expected, case: got < 1),
        Mistake("at depth {depth} that width is over the budget of {budget} parameters: stop before the count "
                "passes it.", when=_over_budget),
        Mistake("a width whose count equals the budget exactly still fits (at most budget parameters): compare with "
                "<=, not <.", lambda d, b: _widest(_count(d), b, strict=True)),
        Mistake("one unit too narrow: width + 1 would still fit the budget.", lambda d, b: width_for_budget_ref(d, b) - 1),
        Mistake("your widths fit depth + 1 hidden layers: a network with depth hidden layers has depth − 1 "
                "hidden-to-hidden layers (count_parameters_of(1, 1, depth, width) counts them).",
                lambda d, b: _widest(_count(d + 1), b)),
        Mistake("your width stops short of what the budget allows: does your search stop at a fixed limit, such as "
                "range(1, 1000)?", when=_at_a_round_limit),
    ])

check_count_parameters = COUNT.check
check_width_for_budget = WIDTH.check


# --- Exercise 4: a design of one's own within the challenge's budget -----------------

def course_design() -> nn.Sequential:
    """The course's design: 1 → 32 → second → 1 with tanh between the layers, filling the budget (473 parameters)."""
    first = 32                                          # units of the first hidden layer
    second = (BUDGET - 2 * first - 1) // (first + 2)    # the widest second layer within the budget: 12
    return nn.Sequential(nn.Linear(1, first), nn.Tanh(),
                         nn.Linear(first, second), nn.Tanh(),
                         nn.Linear(second, 1))


# Elementwise activations that are not polynomials (what the universal approximation theorem asks for).
_NON_POLYNOMIAL = (*ACTIVATIONS.values(), nn.ELU, nn.CELU, nn.SELU, nn.Softplus, nn.Mish, nn.Hardtanh,
                   nn.ReLU6, nn.Hardswish, nn.Hardsigmoid, nn.Softsign, nn.PReLU, nn.RReLU, nn.LogSigmoid,
                   nn.Tanhshrink, nn.Softshrink, nn.Hardshrink)
_PROBE_N = 7  # samples in the probe batch: no width a design is likely to have, so a transposed output shows


@functools.lru_cache(maxsize=1)
def _lesson_designs() -> dict[tuple, str]:
    """The shapes the lesson trains itself (section 1's widths, sections 4-5, the budget sweep, section 7's
    examples), by layer signature: a design must differ from all of them."""
    shapes = [(1, w, "relu") for w in (8, 32, 128)]
    shapes += [(d, width_for_budget_ref(d, BUDGET), "relu") for d in (1, 2, 4)]
    shapes += [(d, width_for_budget_ref(d, b), "relu") for d in (1, 3) for b in (100, 300)]
    shapes += [(3, 14, "relu"), (3, 14, "tanh")]
    with torch.random.fork_rng(devices=[]):  # building draws weights: leave the caller's random numbers alone
        return {_signature(build_mlp(1, 1, d, w, activation=a)): f"{d} hidden layer{'s' * (d > 1)} of {w} units, {a}"
                for d, w, a in shapes}


def _leaves(model: nn.Module) -> list[nn.Module]:
    """The modules without children, in the order they were added (a nested nn.Sequential is opened)."""
    return [m for m in model.modules() if not list(m.children())]


def _signature(model: nn.Module) -> tuple:
    return tuple((type(m).__name__, tuple(tuple(p.shape) for p in m.parameters())) for m in _leaves(model))


def _is_sequential_chain(model: nn.Module) -> bool:
    """Whether the model is an nn.Sequential whose forward runs its leaves in order (plain layers, nested Sequentials)."""
    return isinstance(model, nn.Sequential) and all(
        isinstance(m, nn.Sequential) or not list(m.children()) for m in model.modules())


def _design_of(build: Callable) -> nn.Module:
    """build() under seeds 0 and 1; a StudentMistake unless it makes a new module each time, with its own weights."""
    if isinstance(build, nn.Module):
        raise StudentMistake("pass the function my_design itself (check(my_design)), not the network it returns: "
                             "the challenge calls it once per seed.")
    with torch.random.fork_rng(devices=[]):  # the caller's random numbers stay as they were
        models = []
        for seed in (0, 1):
            torch.manual_seed(seed)
            models.append(call_student(build))
    first, second = models
    if isinstance(first, type) and issubclass(first, nn.Module):
        raise StudentMistake(f"your function returned the class {first.__name__} itself, not a network: "
                             f"call it with the layers, {first.__name__}(nn.Linear(1, ...), ...).")
    if isinstance(first, (list, tuple)) and first and all(isinstance(m, nn.Module) for m in first):
        raise StudentMistake(f"your function returned a {type(first).__name__} of layers: put them in one network, "
                             "nn.Sequential(*layers).")
    if callable(first) and not isinstance(first, nn.Module):
        raise StudentMistake("your function returned a function: my_design is itself the builder the challenge "
                             "calls, so return the network it builds.")
    if not isinstance(first, nn.Module):
        raise StudentMistake(f"your function should return a torch.nn.Module (an nn.Sequential), got "
                             f"{type(first).__name__}.")
    if first is second:
        raise StudentMistake("your function returns the same network object on every call, so every seed would "
                             "train (and keep training) one network: build a new network inside the function.")
    if not isinstance(second, nn.Module):
        raise StudentMistake(f"your function returned a network once and {type(second).__name__} the next time.")
    shared = {id(p) for p in first.parameters()} & {id(p) for p in second.parameters()}
    if shared:
        raise StudentMistake("two calls of your function return networks that share layers (made once, outside the "
                             "function): each seed needs its own layers, so create every nn.Linear inside it.")
    mine, other = ([p.detach() for p in m.parameters()] for m in models)
    if mine and len(mine) == len(other) and all(a.shape == b.shape and torch.equal(a, b) for a, b in zip(mine, other)):
        raise StudentMistake("your function returns the same weights whatever the seed (a copy of one network, "
                             "perhaps one already trained, or torch.manual_seed called inside): the challenge seeds "
                             "torch before each call, so build fresh layers and leave the seeding to it.")
    return first


def _probe(model: nn.Module) -> torch.Tensor:
    """The model's output for a batch of _PROBE_N inputs in [0, 1], shape (_PROBE_N, 1) float32."""
    x = torch.linspace(0.0, 1.0, _PROBE_N).reshape(-1, 1)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            return call_student(model, x)  # a forward of the student's own that raises or never ends: a hint
    except StudentMistake as mistake:
        err = mistake.__cause__
        if err is None:  # stopped after the time limit, or returned None: call_student's words say it
            raise
        linears = [m for m in _leaves(model) if isinstance(m, nn.Linear)]
        sizes = " → ".join(f"Linear({m.in_features}, {m.out_features})" for m in linears)
        raise StudentMistake(f"your network fails on an input of shape ({_PROBE_N}, 1), one x per row "
                             f"({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''})"
                             + (f"; its layers are {sizes}: each one's in_features must equal the out_features "
                                "of the one before." if sizes else ".")) from None
    finally:
        model.train(was_training)


def _design_body(my_design: Callable, budget: int = BUDGET) -> Feedback:
    """my_design() -> a new nn.Module mapping (n, 1) to (n, 1), within ``budget`` parameters, not linear,
    not ending with an activation, not one of the lesson's own designs."""
    name = DESIGN.name

    def body() -> Feedback:
        model = _design_of(my_design)
        parameters = [p for p in model.parameters() if p.requires_grad]
        if not parameters:
            return failed(name, "your network has no trainable parameters: add nn.Linear layers.")
        leaves = _leaves(model)
        linears = [m for m in leaves if isinstance(m, nn.Linear)]
        if linears and linears[0].in_features != 1:
            return failed(name, f"your first layer takes {linears[0].in_features} input features, but x is one number "
                                f"per sample: the first layer is nn.Linear(1, ...).")
        chain = _is_sequential_chain(model)
        if chain and linears and linears[-1].out_features != 1:
            return failed(name, f"your last layer gives {linears[-1].out_features} numbers per sample, but the target "
                                "is one number: the last layer is nn.Linear(..., 1).")
        if any(p.dtype != torch.float32 for p in parameters):
            return failed(name, f"your network's parameters are {sorted({str(p.dtype) for p in parameters})}; the "
                                "data is float32: leave out .double() and .half().")
        out = _probe(model)
        if not isinstance(out, torch.Tensor) or tuple(out.shape) != (_PROBE_N, 1):
            shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
            return failed(name, f"for an input of shape ({_PROBE_N}, 1) your network returns {shape}, not "
                                f"({_PROBE_N}, 1): one number per sample.")
        if not torch.isfinite(out).all():
            return failed(name, "your network returns NaN or inf for inputs in [0, 1]: are its weights set by hand, "
                                "or divided by zero somewhere?")
        n = count_parameters(model)
        if n > budget:
            return failed(name, f"your network has {n} parameters, {n - budget} over the budget of {budget}: make a "
                                "hidden layer narrower (a unit between layers of a and c units costs a + c + 1).")
        if chain and isinstance(leaves[-1], (*_NON_POLYNOMIAL, nn.Sigmoid, nn.Softmax, nn.LogSoftmax)):
            return failed(name, f"your network ends with an activation ({type(leaves[-1]).__name__}), which squashes "
                                "or clips the output; a regression output must be free to take any value: end with "
                                "nn.Linear(..., 1).")
        if _is_affine(model):
            return failed(name, "your network is linear in x: without an activation between the layers, a stack of "
                                "linear layers is one linear map, a straight line. Put nn.Tanh() or nn.ReLU() "
                                "between them.")
        if chain and not any(isinstance(m, _NON_POLYNOMIAL) for m in leaves[:-1]):
            kinds = sorted({type(m).__name__ for m in leaves if not isinstance(m, nn.Linear)}) or ["none"]
            return failed(name, f"your network has no non-polynomial activation between its layers (its other "
                                f"layers: {', '.join(kinds)}); the universal approximation theorem needs one: "
                                "nn.Tanh(), nn.ReLU(), nn.SiLU(), ...")
        copied = _lesson_designs().get(_signature(model))
        if copied:
            return failed(name, f"that is one of the lesson's own designs ({copied}), already scored above: change "
                                "something (the activation, the depth, the widths layer by layer).")
        return passed(name, f"{n} parameters, within the budget of {budget}, 1 input and 1 output, "
                            "nonlinear; the next cells score it.")

    return body()


def _is_affine(model: nn.Module) -> bool:
    """Whether the model's output on [0, 1] is a straight line a x + b (up to float32 rounding)."""
    x = torch.linspace(0.0, 1.0, 65).reshape(-1, 1)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            y = model(x).double().reshape(-1).numpy()
    finally:
        model.train(was_training)
    if not np.all(np.isfinite(y)):
        return False
    line = np.polyval(np.polyfit(x.double().reshape(-1).numpy(), y, 1), x.double().reshape(-1).numpy())
    return bool(np.abs(y - line).max() <= 1e-5 * max(1.0, np.abs(y).max()))


DESIGN = LESSON.exercise(
    "your design for the challenge", number=4, function="my_design",
    hints=["Return a new nn.Sequential, built inside the function: nn.Linear layers with an activation such as "
           "nn.Tanh() or nn.ReLU() between them, and an nn.Linear last (a regression output is not squashed).",
           "The first layer takes 1 feature (x), the last gives 1 number. Between nn.Linear(a, b) and nn.Linear(b, c), "
           "the b units cost (a + 1) b + b c parameters: count_parameters(model) must stay within the budget.",
           "Change what the lesson fixed: two hidden layers of different widths, tanh or SiLU instead of ReLU, "
           "a narrow layer after a wide one. Fill the budget by choosing the last hidden width from what is left."],
    reference=course_design,
    body=_design_body)


def check_my_design(my_design: Callable, budget: int = BUDGET) -> Feedback:
    """my_design() -> a new nn.Module mapping (n, 1) to (n, 1), within ``budget`` parameters, not linear,
    not ending with an activation, not one of the lesson's own designs."""
    return run_check(DESIGN, lambda: _design_body(my_design, budget))


hint, solution, use, progress, course_version = LESSON.exports()
