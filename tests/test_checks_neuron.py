"""The notebook-01 checks pass the reference solutions, name the typical mistakes and survive broken functions."""

import re
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from course_utils import scratch
from course_utils.checks import sandbox
from course_utils.checks import neuron

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_neuron.md"


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """Checks record attempts and hints: in a fresh file per test, never the repository's."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


def stub(*args):
    raise NotImplementedError()


def weighted_sum(inputs, weights, bias):
    total = 0.0
    for x_i, w_i in zip(inputs, weights):
        total += x_i * w_i
    return total + bias


def layer_forward(X, W, b):
    return X @ W + b


def linear_from_weights(w, b, transpose=True, copy_bias=True, bias=True, sizes=None):
    d_in, d_out = sizes or w.shape
    layer = torch.nn.Linear(d_in, d_out, bias=bias)
    with torch.no_grad():
        if transpose:
            layer.weight.copy_(w.T)
        else:
            layer.weight = torch.nn.Parameter(w.clone())
        if copy_bias and bias:
            layer.bias.copy_(b)
    return layer


def copy_without_transpose(w, b):
    layer = torch.nn.Linear(*w.shape)
    with torch.no_grad():
        layer.weight.copy_(w)  # runs only for a square w
        layer.bias.copy_(b)
    return layer


def _fail(feedback_, hint, capsys=None):
    assert feedback_.status == "fail", feedback_
    assert hint in feedback_.message, feedback_.message
    assert "\n" not in feedback_.message
    if capsys is not None:
        assert hint in capsys.readouterr().out


def two_layer_forward(X, W1, b1, W2, b2):
    H = scratch.relu(layer_forward(X, W1, b1))
    return scratch.sigmoid(layer_forward(H, W2, b2))


def test_references_pass():
    assert neuron.check_weighted_sum(weighted_sum).passed
    assert neuron.check_layer_forward(layer_forward).passed
    assert neuron.check_two_layer_forward(two_layer_forward).passed
    assert neuron.check_linear_from_weights(linear_from_weights).passed


def test_numpy_solutions_pass_too():
    assert neuron.check_weighted_sum(lambda x, w, b: np.dot(x, w) + b).passed
    assert neuron.check_layer_forward(lambda X, W, b: np.einsum("ni,im->nm", X, W) + b).passed


# weighted_sum -----------------------------------------------------------------
# Each typical mistake is a row of the exercise's table (tests/test_check_tables.py runs every row);
# these are a few written as a student would, another way than the table's code.
@pytest.mark.parametrize("mistake, hint", [
    (lambda x, w, b: sum(xi * wi for xi, wi in zip(x, w)), "forgot to add the bias"),
    (lambda x, w, b: sum(xi * wi + b for xi, wi in zip(x, w)), "add the bias once"),
    (lambda x, w, b: sum(x[i] * w[i] for i in range(len(x) - 1)) + b, "off by one"),
    (lambda x, w, b: 2.4, "the same number for different inputs"),
])
def test_weighted_sum_mistakes_get_their_hint(mistake, hint, capsys):
    _fail(neuron.check_weighted_sum(mistake), hint, capsys)


@pytest.mark.parametrize("broken, hint", [
    (lambda x, w, b: None, "forget the `return`"),
    (lambda x, w, b: [xi * wi for xi, wi in zip(x, w)], "these are the products one by one"),
    (lambda x, w, b: x @ w + b, "raised TypeError"),
    (lambda x, w, b: "2.4", "should be a number"),
    (2.4, "pass the function itself"),
])
def test_weighted_sum_broken_functions_get_one_line(broken, hint):
    _fail(neuron.check_weighted_sum(broken), hint)


# layer_forward ----------------------------------------------------------------
@pytest.mark.parametrize("mistake, hint", [
    (lambda X, W, b: np.einsum("ij,kj->ik", X, W) + b, "transposed"),
    (lambda X, W, b: np.tile(b, (len(X), 1)), "every row is b"),
    (lambda X, W, b: np.tile(X[0] @ W + b, (len(X), 1)), "only the first row"),
    (lambda X, W, b: np.zeros((len(X), W.shape[1])), "every entry is the same"),
    (lambda X, W, b: (X @ W + b).T, "transposed"),
    (lambda X, W, b: (X @ W + b).sum(axis=1), "shape"),
    (lambda X, W, b: (X @ W + b).astype(np.float16), "float16"),
])
def test_layer_forward_mistakes_get_their_hint(mistake, hint):
    _fail(neuron.check_layer_forward(mistake), hint)


def square_only(X, W, b):
    Z = np.zeros((X.shape[0], W.shape[0]))  # d_in columns: right only when W is square
    for j in range(W.shape[0]):
        Z[:, j] = X @ W[:, j] + b[j]
    return Z


def notebook_sizes_only(X, W, b):
    if X.shape != (5, 3):
        raise ValueError("only for the example")
    return X @ W + b


def changes_X(X, W, b):
    X *= 1.0
    X[0] = 0.0
    return X @ W + b


@pytest.mark.parametrize("broken, hint", [
    (lambda X, W, b: None, "forget the `return`"),
    (lambda X, W, b: (X @ W + b).tolist(), "should be a NumPy array"),
    (square_only, "but for X of shape (7, 4), W of shape (4, 2) your function raised IndexError"),
    (lambda X, W, b: np.hstack([X @ W + b, np.zeros((len(X), 3 - W.shape[1]))]),
     "but for X of shape (7, 4), W of shape (4, 2): your layer output has shape (7, 3), expected (7, 2)"),
    (notebook_sizes_only, "right for X of shape (5, 3), W of shape (3, 3), but for X of shape (7, 4)"),
    (changes_X, "changed its argument `X` in place"),
    (lambda X, W, b: X * W + b, "raised ValueError"),
])
def test_layer_forward_broken_functions_get_one_line(broken, hint):
    _fail(neuron.check_layer_forward(broken), hint)


def test_slow_function_is_stopped(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)

    def forever(X, W, b):
        while True:
            pass
    started = time.monotonic()
    _fail(neuron.check_layer_forward(forever), "was stopped")
    assert time.monotonic() - started < 5


# linear_from_weights ----------------------------------------------------------
@pytest.mark.parametrize("make, hint", [
    (lambda w, b: linear_from_weights(w, b, transpose=False), "layer.weight is w itself"),
    (lambda w, b: linear_from_weights(w, b, transpose=w.shape[0] == w.shape[1]), "copy w.T, not w"),
    (copy_without_transpose, "layer.weight is w itself"),
    (lambda w, b: linear_from_weights(w, b, copy_bias=False), "copy b into layer.bias"),
    (lambda w, b: linear_from_weights(w, b, bias=False), "no bias (bias=False)"),
    (lambda w, b: linear_from_weights(w, b, sizes=(3, 3)), "but for w of shape (4, 3) your function raised RuntimeError"),
    (lambda w, b: torch.nn.Sequential(linear_from_weights(w, b)), "return the nn.Linear layer itself"),
    (lambda w, b: np.zeros(3), "nn.Linear"),
    (lambda w, b: torch.nn.Linear(*w.shape), "does not compute x @ w + b"),
    (lambda w, b: linear_from_weights(w, b).double(), "the layer's weight is float64 but w and the inputs are float32"),
])
def test_linear_from_weights_mistakes_get_their_hint(make, hint):
    _fail(neuron.check_linear_from_weights(make), hint)


def test_linear_from_weights_forgotten_return():
    _fail(neuron.check_linear_from_weights(lambda w, b: None), "forget the `return`")


def raises_own_error(*args):
    raise KeyError("oops")


@pytest.mark.parametrize("check", [neuron.check_weighted_sum, neuron.check_layer_forward,
                                   neuron.check_two_layer_forward, neuron.check_linear_from_weights])
def test_a_raising_function_is_one_failed_line(check):
    _fail(check(raises_own_error), "your function raised KeyError: 'oops'")


# two_layer_forward ------------------------------------------------------------
def sig(z):
    return 1 / (1 + np.exp(-z))


def relu(z):
    return np.maximum(z, 0)


def test_a_numpy_only_two_layer_forward_passes_too():
    assert neuron.check_two_layer_forward(lambda X, W1, b1, W2, b2: sig(relu(X @ W1 + b1) @ W2 + b2)).passed
    assert neuron.check_two_layer_forward(neuron.two_layer_forward).passed


@pytest.mark.parametrize("mistake, hint", [
    (lambda X, W1, b1, W2, b2: sig(np.maximum(0, X @ W1 + b1) @ W2 + b2) > 0.5, "0/1 predictions"),
    (lambda X, W1, b1, W2, b2: sig(-(relu(X @ W1 + b1) @ W2 + b2)), "wrong sign"),
    (lambda X, W1, b1, W2, b2: np.array([[sig(relu(x @ W1 + b1) @ W2[:, 0])] for x in X]), "bias b2 is missing"),
    (lambda X, W1, b1, W2, b2: np.tile(sig(relu(X[:1] @ W1 + b1) @ W2 + b2), (len(X), 1)), "only the first student"),
])
def test_two_layer_forward_mistakes_get_their_hint(mistake, hint, capsys):
    _fail(neuron.check_two_layer_forward(mistake), hint, capsys)


def first_student_only(X, W1, b1, W2, b2):
    h = relu(X[0] @ W1 + b1)          # written for one student: x of shape (d_in,)
    return sig(h @ W2 + b2)


def notebook_network_only(X, W1, b1, W2, b2):
    if W1.shape != (3, 3):
        raise ValueError("only for the first example")
    return sig(relu(X @ W1 + b1) @ W2 + b2)


def changes_H_source(X, W1, b1, W2, b2):
    X += 0.0
    X[:, 0] = 1.0
    return sig(relu(X @ W1 + b1) @ W2 + b2)


def scalar_sigmoid(z):
    import math
    return 1.0 / (1.0 + math.exp(-z))


@pytest.mark.parametrize("broken, hint", [
    (lambda X, W1, b1, W2, b2: None, "forget the `return`"),
    (lambda X, W1, b1, W2, b2: sig(relu(X @ W1 + b1) @ W2 + b2).tolist(), "should be a NumPy array, got list"),
    (lambda X, W1, b1, W2, b2: sig(relu(X @ W1 + b1) @ W2 + b2).ravel(), "is (4,), expected (4, 1): one "
     "probability per student, but without the column"),
    (lambda X, W1, b1, W2, b2: relu(X @ W1 + b1), "one column per hidden neuron, the hidden layer H"),
    (first_student_only, "is (1,), expected (4, 1): that is one student's answer"),
    (lambda X, W1, b1, W2, b2: sig(W2.T @ relu(W1.T @ X.T + b1[:, None]) + b2[:, None]), "transposed. Students are rows"),
    (lambda X, W1, b1, W2, b2: scalar_sigmoid(relu(X @ W1 + b1) @ W2 + b2), "use scratch.relu and scratch.sigmoid"),
    (lambda X, W1, b1, W2, b2: sig(max(0.0, X @ W1 + b1) @ W2 + b2), "use scratch.relu and scratch.sigmoid"),
    (lambda X, W1, b1, W2, b2: sig(relu(X @ W1 + b1) @ W2.T + b2), "Follow the shapes"),
    (notebook_network_only, "right for X of shape (4, 3), W1 of shape (3, 3), but for the figure's network on four students"),
    (changes_H_source, "changed its argument `X` in place"),
    (lambda X, W1, b1, W2, b2: (sig(relu(X @ W1 + b1) @ W2 + b2), relu(X @ W1 + b1)), "should be a NumPy array, got tuple"),
])
def test_two_layer_forward_broken_functions_get_one_line(broken, hint):
    _fail(neuron.check_two_layer_forward(broken), hint)


def test_an_unseen_size_catches_code_written_for_the_notebooks_sizes():
    def figure_sized(X, W1, b1, W2, b2):  # right whenever W1 has at most 3 hidden neurons
        H = relu(X @ W1[:, :3] + b1[:3])
        return sig(H @ W2[:3] + b2)
    result = neuron.check_two_layer_forward(figure_sized)
    assert result.status == "fail" and "for X of shape (7, 4), W1 of shape (4, 5)" in result.message


def test_two_layer_forward_calling_an_unfinished_layer_forward_is_not_done_yet():
    def layer_stub(X, W, b):
        raise NotImplementedError()

    def student(X, W1, b1, W2, b2):
        return scratch.sigmoid(layer_stub(scratch.relu(layer_stub(X, W1, b1)), W2, b2))
    result = neuron.check_two_layer_forward(student)
    assert result.status == "todo" and "it calls `layer_stub`" in result.message


def test_a_float32_two_layer_forward_right_to_a_few_digits_is_named():
    def half(X, W1, b1, W2, b2):
        return sig(relu(X @ W1 + b1) @ W2 + b2).astype(np.float16)
    _fail(neuron.check_two_layer_forward(half), "float16")


# the course's version of Exercise 4 ---------------------------------------------
@pytest.mark.parametrize("call, error, fragment", [
    (lambda: neuron.linear_from_weights(np.zeros((2, 3)), torch.zeros(3)), TypeError, "w must be"),
    (lambda: neuron.linear_from_weights(torch.zeros(2, 3), torch.zeros(2)), ValueError, "b shape (d_out,)"),
])
def test_the_course_linear_from_weights_rejects_bad_input_naming_the_argument(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        call()


def test_the_course_linear_from_weights_computes_x_w_plus_b(rng):
    X, W, b = rng.normal(size=(6, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
    w_t, b_t = torch.from_numpy(W).float(), torch.from_numpy(b).float()
    layer = neuron.linear_from_weights(w_t, b_t)
    assert torch.allclose(layer(torch.from_numpy(X).float()), torch.from_numpy(X).float() @ w_t + b_t, atol=1e-6)


# registration: hints, references, solutions, use ---------------------------------
EXERCISES = ["weighted_sum", "layer_forward", "two_layer_forward", "linear_from_weights"]
CHECKS = {name: getattr(neuron, f"check_{name}") for name in EXERCISES}


def _notebook_solutions():
    """function name -> its cell in the notebook with the SOLUTION markers taken out (the full edition's code)."""
    text = NOTEBOOK.read_text(encoding="utf-8")
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", text, flags=re.DOTALL)
    found = {}
    for cell in cells:
        if "### BEGIN SOLUTION" in cell:
            code = "\n".join(line for line in cell.splitlines() if "### BEGIN SOLUTION" not in line
                             and "### END SOLUTION" not in line)
            found[re.search(r"def (\w+)\(", code).group(1)] = textwrap.dedent(code).strip("\n")
    return found


def test_a_hint_finds_its_exercise_from_the_course_version_that_use_returned(capsys):
    def two_layer_forward(X, W1, b1, W2, b2):
        raise NotImplementedError()
    neuron.check_two_layer_forward(two_layer_forward)
    fallback = neuron.use(two_layer_forward)
    capsys.readouterr()
    neuron.hint(fallback)
    assert "two_layer_forward, hint 1 of 3" in capsys.readouterr().out


def test_failed_checks_climb_the_ladder_then_show_the_solution(capsys):
    no_relu = lambda X, W1, b1, W2, b2: sig((X @ W1 + b1) @ W2 + b2)  # noqa: E731
    for _ in range(3):
        neuron.check_two_layer_forward(no_relu)
    out = capsys.readouterr().out
    hints = neuron.TWO_LAYER_FORWARD.hints
    assert f"hint 1 of 3: {hints[0]}" in out and f"hint 3 of 3: {hints[2]}" in out
    assert "After 3 tries, the course's solution for two_layer_forward" in out and "z_out = layer_forward(H, W2, b2)" in out


