"""The PyTorch models: shapes, logits, parameter counts and budgets."""

import pytest
import torch
from torch import nn

from course_utils.models import (ACTIVATIONS, LinearClassifier, MultilayerPerceptron, StackedMLP, build_mlp, can_stack,
                                 count_parameters, dead_units_per_layer, mlp_parameter_count, width_for_budget)


def test_mlp_has_the_784_120_84_10_layers_and_their_parameter_count():
    model = MultilayerPerceptron()
    shapes = [tuple(p.shape) for p in model.parameters()]
    assert shapes == [(120, 784), (120,), (84, 120), (84,), (10, 84), (10,)]
    assert count_parameters(model) == 784 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10 == 105_214


def test_mlp_returns_logits_that_cross_entropy_pairs_with():
    torch.manual_seed(0)
    model, X = MultilayerPerceptron(), torch.rand(5, 784)
    logits = model(X)
    assert logits.shape == (5, 10)
    assert not torch.allclose(logits.exp().sum(1), torch.ones(5))  # not probabilities, not log-probabilities
    h = torch.relu(model.linears[1](torch.relu(model.linears[0](X))))
    torch.testing.assert_close(logits, model.linears[2](h))


def test_mlp_flattens_image_batches():
    torch.manual_seed(0)
    model, images = MultilayerPerceptron(), torch.rand(3, 28, 28)
    torch.testing.assert_close(model(images), model(images.reshape(3, 784)))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation_name_builds_a_working_model(name):
    model = MultilayerPerceptron(in_sz=4, out_sz=3, layers=(5,), activation=name)
    assert model(torch.rand(2, 4)).shape == (2, 3)
    assert isinstance(build_mlp(1, 1, 2, 3, activation=name)[1], ACTIVATIONS[name])


def test_linear_classifier_is_flatten_then_one_linear_layer():
    model = LinearClassifier()
    assert isinstance(model[0], nn.Flatten) and isinstance(model[1], nn.Linear)
    assert model(torch.rand(2, 28, 28)).shape == (2, 10)
    assert count_parameters(model) == 7850


@pytest.mark.parametrize("in_features, out_features, depth, width", [(1, 1, 1, 10), (3, 2, 2, 5), (784, 10, 4, 32)])
def test_build_mlp_has_depth_hidden_layers_of_width_and_the_formula_count(in_features, out_features, depth, width):
    model = build_mlp(in_features, out_features, depth, width)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    assert len(linears) == depth + 1
    assert [m.out_features for m in linears] == [width] * depth + [out_features]
    assert not isinstance(model[-1], nn.ReLU)  # regression output: no activation at the end
    assert count_parameters(model) == mlp_parameter_count(in_features, out_features, depth, width)


@pytest.mark.parametrize("depth, budget", [(1, 100), (2, 100), (4, 500), (3, 1000), (1, 10**7), (2, 31)])
def test_width_for_budget_is_the_widest_width_within_the_budget(depth, budget):
    width = width_for_budget(depth, budget)
    assert count_parameters(build_mlp(1, 1, depth, width)) <= budget
    assert mlp_parameter_count(1, 1, depth, width + 1) > budget


def test_width_for_budget_with_mnist_sized_inputs():
    width = width_for_budget(2, 105_214, in_features=784, out_features=10)
    assert mlp_parameter_count(784, 10, 2, width) <= 105_214 < mlp_parameter_count(784, 10, 2, width + 1)


def test_budget_below_width_one_is_a_value_error():
    with pytest.raises(ValueError, match="budget 5 is too small"):
        width_for_budget(3, 5)


@pytest.mark.parametrize("build, error, match", [
    (lambda: MultilayerPerceptron(activation="swish"), ValueError, "activation must be one of"),
    (lambda: MultilayerPerceptron(layers=(120, 0)), ValueError, "each entry of layers must be >= 1"),
    (lambda: MultilayerPerceptron(layers="120"), TypeError, "layers must be a sequence"),
    (lambda: MultilayerPerceptron(in_sz=78.4), TypeError, "in_sz must be an int"),
    (lambda: build_mlp(1, 1, 0, 5), ValueError, "depth must be >= 1"),
    (lambda: build_mlp(1, 1, 2, -3), ValueError, "width must be >= 1"),
    (lambda: width_for_budget(2, 0), ValueError, "budget must be >= 1"),
    (lambda: count_parameters("model"), TypeError, "model must be a torch.nn.Module"),
])
def test_bad_arguments_are_named_in_the_error(build, error, match):
    with pytest.raises(error, match=match):
        build()


def _seeded_mlps(seeds, *shape, activation="relu"):
    models = []
    for seed in seeds:
        torch.manual_seed(seed)
        models.append(build_mlp(*shape, activation=activation))
    return models


@pytest.mark.parametrize("shape, activation", [((1, 1, 1, 7), "relu"), ((3, 2, 2, 5), "tanh"), ((2, 1, 3, 4), "gelu")])
def test_stacked_mlp_column_s_is_model_s_applied_to_column_s(shape, activation):
    models = _seeded_mlps((0, 1, 2), *shape, activation=activation)
    x = torch.randn(11, 3, shape[0])  # (N, S, in_features)
    y = StackedMLP(models)(x)
    assert y.shape == (11, 3, shape[1])
    for s, model in enumerate(models):
        torch.testing.assert_close(y[:, s], model(x[:, s]))


def test_stacked_mlp_gradient_of_the_summed_loss_is_each_models_own_gradient():
    models = _seeded_mlps((0, 1), 1, 1, 2, 6)
    stacked = StackedMLP(models)
    x, y = torch.randn(20, 2, 1), torch.randn(20, 2, 1)
    torch.mean((stacked(x) - y) ** 2, dim=(0, 2)).sum().backward()
    for s, model in enumerate(models):
        torch.mean((model(x[:, s]) - y[:, s]) ** 2).backward()
        first = stacked.layers[0]
        torch.testing.assert_close(first.weight.grad[s].T, model[0].weight.grad)
        torch.testing.assert_close(first.bias.grad[s, 0], model[0].bias.grad)


def test_stacked_mlp_copies_each_seeds_weights_back_into_its_model():
    models = _seeded_mlps((0, 1), 1, 1, 2, 4)
    stacked = StackedMLP(models)
    with torch.no_grad():
        for p in stacked.parameters():
            p.add_(1.0)
    x = torch.randn(5, 2, 1)
    stacked.copy_into(models)
    for s, model in enumerate(models):
        torch.testing.assert_close(model(x[:, s]), stacked(x)[:, s])


def test_stacked_mlp_holds_as_many_parameters_as_its_models():
    models = _seeded_mlps((0, 1, 2), 1, 1, 3, 5)
    assert count_parameters(StackedMLP(models)) == sum(count_parameters(m) for m in models)


def test_can_stack_only_plain_mlps_of_one_shape():
    assert can_stack(_seeded_mlps((0, 1), 1, 1, 2, 4))
    assert not can_stack([build_mlp(1, 1, 2, 4), build_mlp(1, 1, 2, 5)])  # other width
    assert not can_stack([build_mlp(1, 1, 2, 4), build_mlp(1, 1, 2, 4, activation="tanh")])
    assert not can_stack([nn.Sequential(nn.Linear(1, 4), nn.Dropout(), nn.Linear(4, 1))] * 2)  # not elementwise
    assert not can_stack([nn.Sequential(nn.Linear(1, 1, bias=False))] * 2)
    assert not can_stack([nn.Sequential(nn.LeakyReLU(0.1), nn.Linear(1, 1)), nn.Sequential(nn.LeakyReLU(0.2), nn.Linear(1, 1))])
    assert not can_stack([MultilayerPerceptron(1, 1, (4,))] * 2)  # not an nn.Sequential
    frozen = build_mlp(1, 1, 1, 4)
    frozen[0].weight.requires_grad_(False)
    assert not can_stack([frozen, build_mlp(1, 1, 1, 4)])
    assert not can_stack([])


def test_stacking_models_that_cannot_be_stacked_is_a_value_error():
    with pytest.raises(ValueError, match="models must be nn.Sequential MLPs of one shape"):
        StackedMLP([build_mlp(1, 1, 2, 4), build_mlp(1, 1, 2, 5)])


def test_dead_units_per_layer_counts_the_units_that_are_zero_for_every_input():
    model = nn.Sequential(nn.Linear(1, 3), nn.ReLU(), nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[1.0], [-1.0], [0.0]]))
        model[0].bias.copy_(torch.tensor([0.0, -5.0, -1.0]))        # units 2 and 3: below 0 for x in [0, 1]
        model[2].weight.copy_(torch.tensor([[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]]))
        model[2].bias.zero_()                                        # unit 2 of layer 2: -x, dead for x >= 0
    x = torch.linspace(0, 1, 11).unsqueeze(1)
    assert dead_units_per_layer(model, x) == [2, 1]
    seen = []
    assert dead_units_per_layer(model, x, count=lambda H: seen.append(H.shape) or 7) == [7, 7]
    assert seen == [(11, 3), (11, 2)]


@pytest.mark.parametrize("model, x, error, match", [
    (nn.Linear(1, 1), torch.zeros(3, 1), TypeError, "model must be an nn.Sequential"),
    (nn.Sequential(nn.Linear(1, 1)), [[0.0]], TypeError, "x must be a torch.Tensor"),
    (nn.Sequential(nn.Linear(1, 1)), torch.zeros(3), ValueError, r"x must have shape \(n, in_features\)"),
])
def test_dead_units_per_layer_refuses_what_it_cannot_read(model, x, error, match):
    with pytest.raises(error, match=match):
        dead_units_per_layer(model, x)
