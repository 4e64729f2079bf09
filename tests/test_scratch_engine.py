"""scratch.Value: the scalar autograd engine, against torch.autograd and finite differences."""

import math

import numpy as np
import pytest

from course_utils.scratch import Value

torch = pytest.importorskip("torch")


def torch_leaf(x):
    return torch.tensor(float(x), dtype=torch.float64, requires_grad=True)


# Each expression takes a leaf maker and returns (leaves, output); the same code builds it
# from Values and from float64 tensors (tensors have .tanh() and .relu() too).
def neuron(leaf):
    x1, x2, w1, w2, b = (leaf(v) for v in (2.0, 0.0, -3.0, 1.0, 6.8813735870195432))
    return [x1, x2, w1, w2, b], (x1 * w1 + x2 * w2 + b).tanh()


def diamond(leaf):
    a = leaf(0.7)
    return [a], (a * 3 + 1) * (a + -2) + a * a  # a feeds three products, once on both sides


def constants_both_sides(leaf):
    a, b = leaf(-1.3), leaf(0.4)
    return [a, b], 2 * a + 1 + b * 0.5 - 3 - (1 - a) * b + (-b).relu() + a.relu()


def deep_reuse(leaf):
    x = leaf(0.3)
    y = x
    for _ in range(30):
        y = (y * x + 0.5).tanh()  # x is used at every level of a deep chain
    return [x], y


def random_expression(leaf, seed=7, size=40):
    rng = np.random.default_rng(seed)
    leaves = [leaf(v) for v in rng.normal(size=4)]
    nodes = list(leaves)
    for _ in range(size):
        a, b = (nodes[i] for i in rng.integers(0, len(nodes), size=2))
        op = rng.integers(0, 5)
        nodes.append([lambda: a + b, lambda: a * b, lambda: a.tanh(), lambda: a * float(rng.normal()),
                      lambda: (a + b).relu()][op]())
    return leaves, sum(nodes[-8:], start=nodes[-9])


EXPRESSIONS = [neuron, diamond, constants_both_sides, deep_reuse, random_expression]


def engine_grads(expression):
    leaves, out = expression(Value)
    out.backward()
    return out.data, [v.grad for v in leaves]


def torch_grads(expression):
    leaves, out = expression(torch_leaf)
    out.backward()
    return out.item(), [v.grad.item() if v.grad is not None else 0.0 for v in leaves]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_values_and_gradients_equal_torch_autograd(expression):
    value, grads = engine_grads(expression)
    value_t, grads_t = torch_grads(expression)
    assert value == pytest.approx(value_t, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(grads, grads_t, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_gradients_equal_central_differences(expression):
    leaves, _ = expression(Value)
    start = [v.data for v in leaves]

    def f(values):
        it = iter(values)
        return expression(lambda _: Value(next(it)))[1].data

    eps = 1e-6
    numeric = []
    for i in range(len(start)):
        up, down = list(start), list(start)
        up[i] += eps
        down[i] -= eps
        numeric.append((f(up) - f(down)) / (2 * eps))
    np.testing.assert_allclose(engine_grads(expression)[1], numeric, rtol=1e-6, atol=1e-8)


def test_a_value_used_twice_gets_both_contributions():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    b = Value(3.0)
    (b * b).backward()
    assert b.grad == 6.0


def test_the_order_visits_each_node_after_all_its_inputs():
    leaves, out = diamond(Value)
    order = out.topological_order()
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order) and order[-1] is out
    assert all(position[id(child)] < position[id(node)] for node in order for child in node._prev)


def test_a_chain_of_thousands_of_operations_does_not_hit_the_recursion_limit():
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0


def test_backward_twice_accumulates_in_the_leaves_as_torch_with_retain_graph():
    leaves, out = neuron(Value)
    out.backward()
    once = [v.grad for v in leaves]
    out.backward()
    leaves_t, out_t = neuron(torch_leaf)
    out_t.backward(retain_graph=True)
    out_t.backward()
    np.testing.assert_allclose([v.grad for v in leaves], [2 * g for g in once], rtol=1e-12)
    np.testing.assert_allclose([v.grad for v in leaves], [v.grad.item() for v in leaves_t], rtol=1e-10)


def test_zero_grad_then_backward_gives_the_gradient_once():
    leaves, out = deep_reuse(Value)
    out.backward()
    once = [v.grad for v in leaves]
    out.zero_grad()
    out.backward()
    assert [v.grad for v in leaves] == once


def test_backward_from_an_intermediate_node_differentiates_that_node():
    a, b = Value(2.0), Value(-1.5)
    c = a * b
    (c + 1).tanh()
    c.backward()
    assert c.grad == 1.0 and a.grad == -1.5 and b.grad == 2.0


def test_backward_on_a_leaf_gives_one():
    a = Value(4.0)
    a.backward()
    assert a.grad == 1.0


def test_constants_are_leaves_whose_gradient_is_not_needed():
    a = Value(2.0)
    out = 3 * a + 1
    out.backward()
    assert a.grad == 3.0 and out.data == 7.0
    assert {child._op for child in out._prev} == {"*", ""}


def test_tanh_derivative_is_read_from_the_output():
    a = Value(0.8)
    a.tanh().backward()
    assert a.grad == pytest.approx(1 - math.tanh(0.8) ** 2, rel=1e-15)


def test_relu_at_zero_has_derivative_zero_like_torch():
    a = Value(0.0)
    a.relu().backward()
    t = torch_leaf(0.0)
    t.relu().backward()
    assert a.grad == t.grad.item() == 0.0


@pytest.mark.parametrize("number", [2, 2.5, np.float64(2.5), np.int64(2), np.float32(0.5)])
def test_numbers_of_every_real_kind_mix_in(number):
    a = Value(1.5)
    assert (a * number + number).data == pytest.approx(1.5 * float(number) + float(number))
    assert (number * a - number).data == pytest.approx(float(number) * 1.5 - float(number))
    assert Value(number).data == float(number)


@pytest.mark.parametrize("bad", ["2.0", None, [1.0], np.array([1.0, 2.0]), True, 1 + 2j])
def test_a_non_number_is_refused_naming_the_argument(bad):
    with pytest.raises(TypeError, match="data must be a real number"):
        Value(bad)
    a = Value(1.0)
    with pytest.raises(TypeError, match="other must be a real number"):
        a + bad
    with pytest.raises(TypeError, match="other must be a real number"):
        a * bad


def test_a_tensor_is_refused_naming_the_argument():
    with pytest.raises(TypeError, match="data must be a real number.*Tensor"):
        Value(torch.tensor(1.0))


def test_repr_shows_label_data_and_grad():
    assert repr(Value(2.0, label="w")) == "Value(w: data=2, grad=0)"


def test_the_module_example_runs_as_documented():
    import doctest

    import course_utils.scratch.engine as engine

    assert doctest.testmod(engine).failed == 0


def test_the_engine_is_exported_and_never_imports_torch():
    import subprocess
    import sys

    code = "import sys; from course_utils.scratch import Value; Value(1.0).tanh().backward(); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_a_value_of_a_value_is_refused_with_a_message_that_says_what_to_do():
    with pytest.raises(TypeError, match=r"plain number .*got a Value .*\.data"):
        Value(Value(2.0))


def test_an_array_times_a_value_is_refused_not_mapped_into_an_array_of_values():
    with pytest.raises(TypeError, match="other must be a real number .* got ndarray"):
        np.array([1.0, 2.0]) * Value(2.0)
    with pytest.raises(TypeError, match="got ndarray"):
        Value(2.0) + np.array([1.0])
    assert (np.float64(3.0) * Value(2.0)).data == 6.0  # a NumPy scalar is a number
