"""The notebook 07 checks pass the reference solutions and reject the typical wrong answers, each with its hint."""

import math

import numpy as np
import pytest
import torch

from course_utils.checks import depth
from course_utils.checks import sandbox
from course_utils.models import build_mlp, count_parameters as count_module_parameters


def count_parameters(i, o, d, w):
    return (i + 1) * w + (d - 1) * (w + 1) * w + (w + 1) * o


def width_for_budget(d, b):
    width = 1
    while count_parameters(1, 1, d, width + 1) <= b:
        width += 1
    return width


def stub(*args):
    raise NotImplementedError()


def no_return(*args):
    count_parameters(1, 1, 1, 1)


def raises(*args):
    return [][0]


def never_stops(*args):
    width = 1
    while True:
        width += 0


# --- the reference solutions, other correct ones, the stub -------------------------

@pytest.mark.parametrize("check, solution", [
    (depth.check_count_parameters, count_parameters),
    (depth.check_count_parameters, lambda i, o, d, w: count_module_parameters(build_mlp(i, o, d, w))),
    (depth.check_count_parameters, lambda i, o, d, w: np.int64(count_parameters(i, o, d, w))),
    (depth.check_count_parameters, lambda i, o, d, w: torch.tensor(count_parameters(i, o, d, w))),
    (depth.check_width_for_budget, width_for_budget),
    (depth.check_width_for_budget, depth.width_for_budget_ref),
    (depth.check_width_for_budget, lambda d, b: np.int64(width_for_budget(d, b))),
], ids=["count", "count-by-building", "count-np-int64", "count-int-tensor", "width", "width-package", "width-np-int64"])
def test_correct_solutions_pass(check, solution, capsys):
    feedback = check(solution)
    assert feedback.passed and feedback.message == "correct, well done."
    assert capsys.readouterr().out.count("\n") == 1


# --- count_parameters: typical wrong answers --------------------------------------

def _lookup_of_notebook_shapes(i, o, d, w):
    # Right for the shapes a student may have seen printed, a constant elsewhere.
    known = {shape: count_parameters(*shape) for shape in depth._SHAPES}
    return known.get((i, o, d, w), 100)


COUNT_MISTAKES = [
    ("no biases", lambda i, o, d, w: i * w + (d - 1) * w * w + w * o, "biases are missing: every layer"),
    ("no hidden biases", lambda i, o, d, w: (i + 1) * w + (d - 1) * w * w + (w + 1) * o, "hidden-to-hidden layers' biases are missing"),
    ("no output biases", lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w + w * o, "output layer's biases are missing"),
    ("no first-layer biases", lambda i, o, d, w: i * w + (d - 1) * (w + 1) * w + (w + 1) * o, "first layer's biases are missing"),
    ("(w + 1) squared", lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) ** 2 + (w + 1) * o, "not (width + 1)²"),
    ("biases per input", lambda i, o, d, w: i * (w + 1) + (d - 1) * (w + 1) * w + w * (o + 1), "counts them per input unit"),
    ("in and out swapped", lambda i, o, d, w: (o + 1) * w + (d - 1) * (w + 1) * w + (w + 1) * i, "in_features and out_features are swapped"),
    ("depth hidden-to-hidden", lambda i, o, d, w: count_parameters(i, o, d + 1, w), "one hidden-to-hidden layer too many"),
    ("depth - 2 hidden-to-hidden", lambda i, o, d, w: count_parameters(i, o, d - 1, w), "one hidden-to-hidden layer too few"),
    ("depth ignored", lambda i, o, d, w: (i + 1) * w + (w + 1) * o, "right only for depth 1"),
    ("no output layer", lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w, "output layer is missing"),
    ("no first layer", lambda i, o, d, w: (d - 1) * (w + 1) * w + (w + 1) * o, "first layer is missing"),
    ("a constant", lambda i, o, d, w: 61, "the same count for every shape"),
    ("only the notebook's shapes", _lookup_of_notebook_shapes, "but for in_features=28, out_features=8, depth=7, width=82: your count is not right yet (expected 43878., got 100.)"),
    ("a float", lambda i, o, d, w: float(count_parameters(i, o, d, w)), "a count is an int"),
    ("a float tensor", lambda i, o, d, w: torch.tensor(float(count_parameters(i, o, d, w))), "a count is an int"),
    ("a fraction", lambda i, o, d, w: count_parameters(i, o, d, w) / 2, "a count is a whole number"),
    ("one count per layer", lambda i, o, d, w: [(i + 1) * w, (d - 1) * (w + 1) * w, (w + 1) * o], "one count per layer? add them up"),
    ("a one-element list", lambda i, o, d, w: [count_parameters(i, o, d, w)], "should be one number, got list of shape (1,)"),
    ("an array per layer", lambda i, o, d, w: np.array([(i + 1) * w, (w + 1) * o]), "one count per layer? add them up"),
    ("a bool", lambda i, o, d, w: True, "a bool"),
    ("text", lambda i, o, d, w: str(count_parameters(i, o, d, w)), "got str"),
    ("NaN", lambda i, o, d, w: math.nan, "a count is a whole number, got nan"),
    ("forgotten return", no_return, "forget the `return`"),
    ("raises", raises, "raised IndexError"),
]


@pytest.mark.parametrize("mistake, hint", [m[1:] for m in COUNT_MISTAKES], ids=[m[0] for m in COUNT_MISTAKES])
def test_count_check_rejects_the_mistake_with_its_hint(mistake, hint, capsys):
    feedback = depth.check_count_parameters(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message
    assert feedback.message in capsys.readouterr().out


def test_count_hints_are_all_different():
    # Each structural mistake is told apart from the others (no hint is a catch-all for two of them); swapping
    # in and out gives the same numbers as counting the biases per input unit, so the two share one hint.
    messages = [depth.check_count_parameters(m[1]).message for m in COUNT_MISTAKES[:12] if m[0] != "in and out swapped"]
    assert len(set(messages)) == len(messages)


def test_count_check_uses_shapes_the_notebook_never_shows():
    shapes = depth._count_shapes()
    assert len(shapes) == len(set(shapes)) >= 7
    assert set(depth._SHAPES) < set(shapes)
    assert any(d >= 5 and i != o for i, o, d, w in shapes)


# --- width_for_budget: typical wrong answers --------------------------------------

def _widest(count, budget, strict=False):
    width = 0
    while (count(width + 1) < budget) if strict else (count(width + 1) <= budget):
        width += 1
    return width


def _capped(d, b):
    for width in range(1, 1000):
        if count_parameters(1, 1, d, width + 1) > b:
            return width
    return 999


def _capped_without_fallback(d, b):
    for width in range(1, 1000):
        if count_parameters(1, 1, d, width + 1) > b:
            return width


WIDTH_MISTAKES = [
    ("one too wide", lambda d, b: width_for_budget(d, b) + 1, "one unit too wide"),
    ("one too narrow", lambda d, b: width_for_budget(d, b) - 1, "one unit too narrow"),
    ("< instead of <=", lambda d, b: _widest(lambda w: count_parameters(1, 1, d, w), b, strict=True), "<=, not <"),
    ("depth ignored", lambda d, b: _widest(lambda w: count_parameters(1, 1, 1, w), b), "one hidden layer"),
    ("count without biases", lambda d, b: _widest(lambda w: w + (d - 1) * w * w + w, b), "leaves out the biases"),
    ("one hidden layer too many", lambda d, b: _widest(lambda w: count_parameters(1, 1, d + 1, w), b), "depth + 1 hidden layers"),
    ("the count, not the width", lambda d, b: count_parameters(1, 1, d, width_for_budget(d, b)), "return its width"),
    ("a constant", lambda d, b: 5, "the same width for every"),
    ("a search that stops at 999", _capped, "does your search stop at a fixed limit, such as range(1, 1000)?"),
    ("a search that falls off its end", _capped_without_fallback, "but for depth 1 and budget 20000 your function returned None"),
    ("zero", lambda d, b: 0, "at least 1 unit"),
    ("a fraction", lambda d, b: width_for_budget(d, b) + 0.5, "whole number of units"),
    ("a float", lambda d, b: float(width_for_budget(d, b)), "a width is an int"),
    ("a one-element list", lambda d, b: [width_for_budget(d, b)], "should be one number, got list of shape (1,)"),
    ("huge", lambda d, b: 1e30, "over the budget"),
    ("NaN", lambda d, b: math.nan, "whole number of units, got nan"),
    ("forgotten return", no_return, "forget the `return`"),
    ("raises", raises, "raised IndexError"),
]


@pytest.mark.parametrize("mistake, hint", [m[1:] for m in WIDTH_MISTAKES], ids=[m[0] for m in WIDTH_MISTAKES])
def test_width_check_rejects_the_mistake_with_its_hint(mistake, hint, capsys):
    feedback = depth.check_width_for_budget(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message
    assert feedback.message in capsys.readouterr().out


def test_width_hints_are_all_different():
    messages = [depth.check_width_for_budget(m[1]).message for m in WIDTH_MISTAKES[:9]]
    assert len(set(messages)) == len(messages)


def test_width_check_has_an_exact_budget_and_budgets_the_notebook_never_shows():
    cases = depth._width_cases()
    assert len(cases) == len(set(cases)) >= 7
    assert any(count_parameters(1, 1, d, width_for_budget(d, b)) == b for d, b in cases)
    assert any(width_for_budget(d, b) > 1000 for d, b in cases)


# --- functions that never stop ----------------------------------------------------

@pytest.mark.parametrize("check", [depth.check_count_parameters, depth.check_width_for_budget])
def test_a_function_that_never_stops_is_stopped_with_a_hint(check, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    feedback = check(never_stops)
    assert feedback.status == "fail" and "ran for more than 0.2 s and was stopped" in feedback.message


def test_a_huge_whole_number_is_a_failed_check_not_a_crash():
    assert "your count is 10000" in depth.check_count_parameters(lambda i, o, d, w: 10 ** 400 if d > 4 else
                                                                 count_parameters(i, o, d, w)).message
    assert "over the budget" in depth.check_width_for_budget(lambda d, b: 10 ** 400).message


# --- Exercise 4: a design of one's own within the challenge's budget -----------------

from torch import nn  # noqa: E402

from course_utils import challenge  # noqa: E402
from course_utils.depth_experiment import Recipe  # noqa: E402
from course_utils.checks import playground  # noqa: E402


class Square(nn.Module):
    """A polynomial activation: a network with it is a polynomial in x."""

    def forward(self, x):
        return x * x


class SkipNet(nn.Module):
    """A design that is not an nn.Sequential: a tanh layer plus a linear shortcut."""

    def __init__(self):
        super().__init__()
        self.hidden, self.out, self.skip = nn.Linear(1, 20), nn.Linear(20, 1), nn.Linear(1, 1)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x))) + self.skip(x)


class FlatOutput(SkipNet):
    def forward(self, x):
        return super().forward(x).reshape(-1)


class NaNOutput(SkipNet):
    def forward(self, x):
        return super().forward(x) / 0 * 0


class RaisesInForward(SkipNet):
    def forward(self, x):
        return super().forward(x.T)


def tapered(*sizes, activation=nn.Tanh):
    layers = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        layers += [nn.Linear(a, b), activation()]
    return nn.Sequential(*layers, nn.Linear(sizes[-2], sizes[-1]))


_ONE_MODEL = tapered(1, 10, 1)
_ONE_LAYER = nn.Linear(1, 10)


def _trained_copy():
    import copy

    return copy.deepcopy(_ONE_MODEL)


def _seeded_inside():
    torch.manual_seed(42)
    return tapered(1, 10, 1)


@pytest.mark.parametrize("design", [
    depth.course_design,
    lambda: build_mlp(1, 1, 2, 20, activation="tanh"),
    lambda: tapered(1, 16, 16, 8, 1, activation=nn.SiLU),
    lambda: nn.Sequential(nn.Sequential(nn.Linear(1, 30), nn.GELU()), nn.Linear(30, 1)),
    SkipNet,
], ids=["course", "build_mlp-tanh", "tapered-silu", "nested", "skip-connection"])
def test_designs_within_the_rules_pass(design, capsys):
    feedback = depth.check_my_design(design)
    assert feedback.passed and "within the budget of 500" in feedback.message, feedback.message
    assert capsys.readouterr().out.count("\n") == 1


def test_the_course_design_fills_the_budget_with_two_tanh_layers():
    model = depth.course_design()
    assert count_module_parameters(model) == 473 <= challenge.BUDGET < 473 + 2 * 1 + 1 + 34  # a 13th unit: 507
    assert count_module_parameters(tapered(1, 32, 13, 1)) > challenge.BUDGET
    assert [type(m) for m in model] == [nn.Linear, nn.Tanh, nn.Linear, nn.Tanh, nn.Linear]


DESIGN_MISTAKES = [
    ("over the budget", lambda: build_mlp(1, 1, 1, 200), "601 parameters, 101 over the budget of 500"),
    ("two inputs", lambda: tapered(2, 10, 1), "first layer takes 2 input features"),
    ("three outputs", lambda: tapered(1, 10, 3), "last layer gives 3 numbers per sample"),
    ("one output number per batch", FlatOutput, "returns (7,), not (7, 1)"),
    ("no activation", lambda: nn.Sequential(nn.Linear(1, 20), nn.Linear(20, 20), nn.Linear(20, 1)), "linear in x"),
    ("identity as activation", lambda: tapered(1, 20, 1, activation=nn.Identity), "linear in x"),
    ("an activation last", lambda: nn.Sequential(tapered(1, 20, 1), nn.Tanh()), "ends with an activation (Tanh)"),
    ("ReLU last", lambda: nn.Sequential(tapered(1, 20, 1), nn.ReLU()), "ends with an activation (ReLU)"),
    ("a polynomial activation", lambda: tapered(1, 20, 1, activation=Square), "no non-polynomial activation"),
    ("the same model every call", lambda: _ONE_MODEL, "same network object on every call"),
    ("a layer made outside", lambda: nn.Sequential(_ONE_LAYER, nn.Tanh(), nn.Linear(10, 1)), "share layers"),
    ("a copy of a trained model", _trained_copy, "same weights whatever the seed"),
    ("seeded inside", _seeded_inside, "same weights whatever the seed"),
    ("the lesson's example", lambda: build_mlp(1, 1, 3, 14), "lesson's own designs (3 hidden layers of 14 units, relu)"),
    ("section 5's wide net by hand", lambda: tapered(1, 166, 1, activation=nn.ReLU),
     "lesson's own designs (1 hidden layer of 166 units, relu)"),
    ("layers that do not fit", lambda: nn.Sequential(nn.Linear(1, 10), nn.Tanh(), nn.Linear(12, 1)),
     "Linear(1, 10) → Linear(12, 1): each one's in_features must equal"),
    ("float64", lambda: tapered(1, 10, 1).double(), "float64"),
    ("no parameters", lambda: nn.Sequential(nn.Tanh()), "no trainable parameters"),
    ("a list of layers", lambda: [nn.Linear(1, 10), nn.Tanh(), nn.Linear(10, 1)], "nn.Sequential(*layers)"),
    ("the class", lambda: nn.Sequential, "the class Sequential itself"),
    ("a builder", lambda: depth.course_design, "returned a function"),
    ("not a module", lambda: "Linear(1, 10)", "should return a torch.nn.Module (an nn.Sequential), got str"),
    ("NaN out", NaNOutput, "returns NaN or inf for inputs in [0, 1]"),
    ("a forward of its own that fails", RaisesInForward, "fails on an input of shape (7, 1), one x per row (RuntimeError"),
    ("forgotten return", lambda: None, "forget the `return`"),
    ("raises", lambda: tapered(1, 10, 1)[7], "raised IndexError"),
]


@pytest.mark.parametrize("design, hint", [m[1:] for m in DESIGN_MISTAKES], ids=[m[0] for m in DESIGN_MISTAKES])
def test_design_check_rejects_the_mistake_with_its_hint(design, hint, capsys):
    feedback = depth.check_my_design(design)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message
    assert feedback.message in capsys.readouterr().out


def test_design_hints_are_all_different():
    # Two mistakes share a hint only where the list above expects the same words (no activation and nn.Identity;
    # a copied model and a seed set inside the function).
    messages = {depth.check_my_design(m[1]).message for m in DESIGN_MISTAKES}
    assert len(messages) == len({m[2] for m in DESIGN_MISTAKES})


class NeverStops(SkipNet):
    def forward(self, x):
        while True:
            x = x + 0


def test_a_network_whose_forward_never_stops_is_stopped_with_a_hint(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    feedback = depth.check_my_design(NeverStops)
    assert feedback.status == "fail" and "ran for more than 0.2 s and was stopped" in feedback.message


def test_design_check_wants_the_function_not_the_network():
    feedback = depth.check_my_design(depth.course_design())
    assert feedback.status == "fail" and "pass the function my_design itself" in feedback.message


def test_design_check_counts_against_the_budget_it_is_given():
    assert depth.check_my_design(depth.course_design, budget=500).passed
    feedback = depth.check_my_design(depth.course_design, budget=400)
    assert not feedback.passed and "473 parameters, 73 over the budget of 400" in feedback.message


def test_design_stub_is_not_done_yet_and_the_callers_random_state_is_kept():
    torch.manual_seed(3)
    expected = torch.rand(2)
    torch.manual_seed(3)
    assert depth.check_my_design(depth.course_design).passed
    assert torch.equal(torch.rand(2), expected)
    assert depth.check_my_design(stub).status == "todo"


def test_the_lesson_designs_the_check_refuses_are_the_lesson_shapes():
    names = set(depth._lesson_designs().values())
    assert {"3 hidden layers of 14 units, relu", "3 hidden layers of 14 units, tanh", "1 hidden layer of 166 units, relu",
            "2 hidden layers of 20 units, relu", "4 hidden layers of 11 units, relu", "1 hidden layer of 128 units, relu"} <= names


def test_a_design_that_passes_the_check_can_be_scored():
    quick = Recipe(steps=20, record_every=10)
    score = challenge.score_design(depth.course_design, challenge.TARGET, seeds=(0, 1), recipe=quick, progress=False)
    assert score.n_params == 473 and len(score.errors) == 2


# --- the exercises of notebook 07: registered, with hints, references, solutions ------


def test_the_notebooks_checks_give_hints_and_the_solution_of_the_playground_exercise_too(tmp_path, monkeypatch, capsys):
    # A failed check prints `checks.hint(...)`, and the notebook's `checks` is checks.depth.
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))  # no hint shown yet
    depth.hint("smallest network for the spiral")
    assert "smallest network for the spiral, hint 1 of 3" in capsys.readouterr().out
    depth.hint(3)
    assert "Input features such as x1²" in capsys.readouterr().out
    depth.solution("smallest_spiral_state")
    assert "def smallest_spiral_state" in capsys.readouterr().out
    depth.hint("counting parameters")
    assert "counting parameters, hint 1 of 3" in capsys.readouterr().out
    with pytest.raises(ValueError, match="not one of notebook 07_depth_vs_width's exercises"):
        depth.hint("backprop")


def test_use_finds_the_playground_exercise_from_the_notebooks_checks(capsys):
    def smallest_spiral_state():
        raise NotImplementedError()

    playground.check_smallest_spiral(smallest_spiral_state)
    assert depth.use(smallest_spiral_state).__wrapped__ is playground.course_spiral_state
