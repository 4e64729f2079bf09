"""PyTorch models of the course (notebooks 06 and 07).

Every classifier here returns **logits** (raw scores, no softmax): pair it
with ``nn.CrossEntropyLoss`` / ``F.cross_entropy``, which applies
log-softmax itself in a numerically stable way. ``course_utils.training.fit``
does exactly that.
"""

from __future__ import annotations

from collections.abc import Sequence

from torch import Tensor, nn

from .validation import check_int as _check_size  # the name MultilayerPerceptron (shown in notebook 06) calls

# Activation name -> module class; the same names as ``course_utils.scratch.ACTIVATIONS``.
ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "leaky_relu": nn.LeakyReLU,
    "gelu": nn.GELU,
    "silu": nn.SiLU,
}


def make_activation(name: str) -> nn.Module:
    """A fresh activation module from its name, e.g. ``"relu"`` -> ``nn.ReLU()``."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]()


class MultilayerPerceptron(nn.Module):
    """The MNIST MLP: in_sz -> layers[0] -> layers[1] -> ... -> out_sz, returning logits.

    x : Tensor of shape (N, in_sz), or (N, 28, 28) images (flattened first)
    returns logits of shape (N, out_sz): pair with ``nn.CrossEntropyLoss``
    (not ``NLLLoss``, which expects log-probabilities).
    """

    def __init__(self, in_sz: int = 784, out_sz: int = 10, layers: Sequence[int] = (120, 84),
                 activation: str = "relu"):
        super().__init__()
        sizes = [_check_size(in_sz, "in_sz"), *_check_layers(layers), _check_size(out_sz, "out_sz")]
        self.linears = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.activation = make_activation(activation)

    def forward(self, x: Tensor) -> Tensor:
        h = x.flatten(1)  # (N, 28, 28) -> (N, 784); (N, 784) stays as it is
        for linear in self.linears[:-1]:
            h = self.activation(linear(h))
        return self.linears[-1](h)  # logits: no activation on the last layer


def _check_layers(layers: Sequence[int]) -> list[int]:
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence):
        raise TypeError(f"layers must be a sequence of hidden-layer sizes such as (120, 84), got {layers!r}")
    return [_check_size(size, "each entry of layers") for size in layers]


class LinearClassifier(nn.Sequential):
    """The single-layer model of notebook 06: Flatten, then Linear(in_sz, out_sz); returns logits."""

    def __init__(self, in_sz: int = 784, out_sz: int = 10):
        super().__init__(nn.Flatten(), nn.Linear(_check_size(in_sz, "in_sz"), _check_size(out_sz, "out_sz")))


def build_mlp(in_features: int, out_features: int, depth: int, width: int,
              activation: str = "relu") -> nn.Sequential:
    """An MLP with ``depth`` hidden layers of ``width`` units each (notebook 07).

    in_features -> width -> ... (depth times) ... -> width -> out_features,
    with ``activation`` after every hidden layer and none after the last.
    Its parameter count is ``count_parameters(model)``.
    """
    _check_size(in_features, "in_features")
    _check_size(out_features, "out_features")
    _check_size(depth, "depth")
    _check_size(width, "width")
    make_activation(activation)  # fail early on an unknown name
    sizes = [in_features] + [width] * depth
    layers: list[nn.Module] = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), make_activation(activation)]
    layers.append(nn.Linear(width, out_features))
    return nn.Sequential(*layers)


def count_parameters(model: nn.Module) -> int:
    """The number of trainable numbers in ``model`` (weights and biases)."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def mlp_parameter_count(in_features: int, out_features: int, depth: int, width: int) -> int:
    """Parameters of ``build_mlp(in_features, out_features, depth, width)``, by formula.

    (in + 1) w for the first layer, (w + 1) w for each of the depth - 1
    hidden-to-hidden layers, (w + 1) out for the output layer.
    """
    return (in_features + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * out_features


def width_for_budget(depth: int, budget: int, in_features: int = 1, out_features: int = 1) -> int:
    """The widest ``width`` whose ``build_mlp(in_features, out_features, depth, width)``
    has at most ``budget`` parameters (notebook 07 compares shapes at equal budget).

    Raises ValueError when even width 1 is over the budget.
    """
    _check_size(depth, "depth")
    _check_size(budget, "budget")
    _check_size(in_features, "in_features")
    _check_size(out_features, "out_features")
    if mlp_parameter_count(in_features, out_features, depth, 1) > budget:
        raise ValueError(f"budget {budget} is too small: even width 1 at depth {depth} needs "
                         f"{mlp_parameter_count(in_features, out_features, depth, 1)} parameters")
    # Bisection: the count grows with the width; width 1 fits, width budget + 1 cannot.
    fits, too_wide = 1, budget + 1
    while too_wide - fits > 1:
        middle = (fits + too_wide) // 2
        if mlp_parameter_count(in_features, out_features, depth, middle) <= budget:
            fits = middle
        else:
            too_wide = middle
    return fits
