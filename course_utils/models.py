"""PyTorch models of the course (notebooks 06 and 07).

Every classifier here returns **logits** (raw scores, no softmax): pair it
with ``nn.CrossEntropyLoss`` / ``F.cross_entropy``, which applies
log-softmax itself in a numerically stable way. ``course_utils.training.fit``
does exactly that.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor, nn

from .validation import check_int, check_module

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
        sizes = [check_int(in_sz, "in_sz"), *_check_layers(layers), check_int(out_sz, "out_sz")]
        self.linears = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.activation = make_activation(activation)

    def forward(self, x: Tensor) -> Tensor:
        if not isinstance(x, Tensor):  # a NumPy array would fail deep inside with a cryptic message
            raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}: convert it with "
                            "torch.as_tensor(x, dtype=torch.float32)")
        h = x.flatten(1)  # (N, 28, 28) -> (N, 784); (N, 784) stays as it is
        for linear in self.linears[:-1]:
            h = self.activation(linear(h))
        return self.linears[-1](h)  # logits: no activation on the last layer


def _check_layers(layers: Sequence[int]) -> list[int]:
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence):
        raise TypeError(f"layers must be a sequence of hidden-layer sizes such as (120, 84), got {layers!r}")
    return [check_int(size, "each entry of layers") for size in layers]


class LinearClassifier(nn.Sequential):
    """The single-layer model of notebook 06: Flatten, then Linear(in_sz, out_sz); returns logits."""

    def __init__(self, in_sz: int = 784, out_sz: int = 10):
        super().__init__(nn.Flatten(), nn.Linear(check_int(in_sz, "in_sz"), check_int(out_sz, "out_sz")))


def build_mlp(in_features: int, out_features: int, depth: int, width: int,
              activation: str = "relu") -> nn.Sequential:
    """An MLP with ``depth`` hidden layers of ``width`` units each (notebook 07).

    in_features -> width -> ... (depth times) ... -> width -> out_features,
    with ``activation`` after every hidden layer and none after the last.
    Its parameter count is ``count_parameters(model)``.
    """
    check_int(in_features, "in_features")
    check_int(out_features, "out_features")
    check_int(depth, "depth")
    check_int(width, "width")
    make_activation(activation)  # fail early on an unknown name
    sizes = [in_features] + [width] * depth
    layers: list[nn.Module] = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), make_activation(activation)]
    layers.append(nn.Linear(width, out_features))
    return nn.Sequential(*layers)


def count_parameters(model: nn.Module) -> int:
    """The number of trainable numbers in ``model`` (weights and biases)."""
    check_module(model)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def dead_units_per_layer(model: nn.Module, x: Tensor, count=None) -> list[int]:
    """How many ReLU units of each hidden layer are 0 for every input: one count per ``nn.ReLU`` of ``model``.

    model : an ``nn.Sequential`` (``build_mlp``'s), read only. x : the inputs, shape (n, in_features).
    count : counts the dead columns of one layer's outputs H, a NumPy array (n, units): notebook 03
        passes the student's ``count_dead_units``; by default ``scratch.count_dead_units``.
    """
    check_module(model)
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"model must be an nn.Sequential (its layers run one after the other), "
                        f"got {type(model).__name__}")
    if not isinstance(x, Tensor):
        raise TypeError(f"x must be a torch.Tensor of inputs, shape (n, in_features), got {type(x).__name__}")
    if x.ndim != 2 or len(x) == 0:
        raise ValueError(f"x must have shape (n, in_features) with n >= 1, got {tuple(x.shape)}")
    if count is None:
        from .scratch import count_dead_units as count
    elif not callable(count):
        raise TypeError(f"count must be a function counting the dead columns of H, got {type(count).__name__}")
    counts, h = [], x
    with torch.no_grad():
        for layer in model:
            h = layer(h)
            if isinstance(layer, nn.ReLU):
                counts.append(int(count(h.cpu().numpy())))
    return counts


def mlp_parameter_count(in_features: int, out_features: int, depth: int, width: int) -> int:
    """Parameters of ``build_mlp(in_features, out_features, depth, width)``, by formula.

    (in + 1) w for the first layer, (w + 1) w for each of the depth - 1
    hidden-to-hidden layers, (w + 1) out for the output layer.
    """
    for value, name in ((in_features, "in_features"), (out_features, "out_features"), (depth, "depth"),
                        (width, "width")):
        check_int(value, name)
    return (in_features + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * out_features


def width_for_budget(depth: int, budget: int, in_features: int = 1, out_features: int = 1) -> int:
    """The widest ``width`` whose ``build_mlp(in_features, out_features, depth, width)``
    has at most ``budget`` parameters (notebook 07 compares shapes at equal budget).

    Raises ValueError when even width 1 is over the budget.
    """
    check_int(depth, "depth")
    check_int(budget, "budget")
    check_int(in_features, "in_features")
    check_int(out_features, "out_features")
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


# --- Several seeds of one MLP trained as one model (notebook 07) ---------------------

# Layers that act on each number alone: they give the same result with a leading seed axis.
_ELEMENTWISE = (*ACTIVATIONS.values(), nn.Identity)


def _layer_signature(layer: nn.Module) -> tuple | None:
    """What two stackable layers must share; None for a layer StackedMLP cannot hold."""
    if type(layer) is nn.Linear:
        return ("linear", tuple(layer.weight.shape)) if layer.bias is not None else None
    return ("elementwise", repr(layer)) if type(layer) in _ELEMENTWISE else None  # repr: e.g. LeakyReLU's slope


def can_stack(models: Sequence[nn.Module]) -> bool:
    """Whether ``models`` are MLPs of one shape that ``StackedMLP`` can hold.

    Each must be a plain ``nn.Sequential`` of ``nn.Linear`` layers with biases and
    activations from ``ACTIVATIONS``, layer for layer the same sizes and
    settings, with every parameter trainable and all of one dtype on one device.
    """
    if len(models) == 0 or any(type(model) is not nn.Sequential for model in models):
        return False
    signature = [_layer_signature(layer) for layer in models[0]]
    if None in signature or not any(kind == "linear" for kind, _ in signature):
        return False
    if any([_layer_signature(layer) for layer in model] != signature for model in models):
        return False
    parameters = [p for model in models for p in model.parameters()]
    return all(p.requires_grad and p.dtype == parameters[0].dtype and p.device == parameters[0].device
               for p in parameters)


class _StackedLinear(nn.Module):
    """S linear layers side by side: weight of shape (S, fan_in, fan_out), bias (S, 1, fan_out)."""

    def __init__(self, linears: Sequence[nn.Linear]):
        super().__init__()
        self.weight = nn.Parameter(torch.stack([linear.weight.detach().T for linear in linears]).contiguous())
        self.bias = nn.Parameter(torch.stack([linear.bias.detach()[None] for linear in linears]))

    def forward(self, h: Tensor) -> Tensor:
        """(S, N, fan_in) -> (S, N, fan_out)."""
        if self.weight.shape[2] == 1:  # one output unit: a weighted sum runs ~1.7x faster than bmm on a column
            return (h * self.weight.transpose(1, 2)).sum(-1, keepdim=True) + self.bias
        return torch.baddbmm(self.bias, h, self.weight)


class StackedMLP(nn.Module):
    """S copies of one MLP shape, each with its own weights, run as one model.

    Built from S models for which ``can_stack`` holds (e.g. ``build_mlp`` with S
    seeds); starts from exactly their weights. Each layer is one batched matrix
    product over the seeds, so the fixed cost of a step (Python, autograd, the
    optimizer) is paid once for all S.

    x : Tensor of shape (N, S, in_features): row i holds sample i of each seed's data.
    returns shape (N, S, out_features): column s is model s applied to column s.
    Seed s's loss depends only on seed s's weights, so minimising the sum of the
    S losses with an elementwise optimiser (Adam, SGD) trains each as if alone.
    """

    def __init__(self, models: Sequence[nn.Module]):
        super().__init__()
        if not can_stack(models):
            raise ValueError("models must be nn.Sequential MLPs of one shape (Linear layers and activations "
                             f"from {sorted(ACTIVATIONS)}), got {[type(model).__name__ for model in models]}")
        self.seeds = len(models)
        self.layers = nn.ModuleList(
            _StackedLinear([model[i] for model in models]) if isinstance(layer, nn.Linear) else layer
            for i, layer in enumerate(models[0]))

    def forward(self, x: Tensor) -> Tensor:
        h = x.transpose(0, 1)  # (S, N, in): the seed axis first, as torch.bmm wants it
        for layer in self.layers:
            h = layer(h)
        return h.transpose(0, 1)

    @torch.no_grad()
    def copy_into(self, models: Sequence[nn.Module]) -> None:
        """Write seed s's current weights into ``models[s]`` (the models it was built from)."""
        shapes = [tuple(layer.weight.shape[1:][::-1]) for layer in self.layers if isinstance(layer, _StackedLinear)]
        if (len(models) != self.seeds or not can_stack([*models])
                or [tuple(layer.weight.shape) for layer in models[0] if isinstance(layer, nn.Linear)] != shapes):
            # checked before copying anything: a failure half-way would leave the models half-written
            raise ValueError(f"models must be {self.seeds} MLPs of the stacked shape (Linear weights {shapes}), "
                             f"got {len(models)} models")
        for i, layer in enumerate(self.layers):
            if isinstance(layer, _StackedLinear):
                for s, model in enumerate(models):
                    model[i].weight.copy_(layer.weight[s].T)
                    model[i].bias.copy_(layer.bias[s, 0])
