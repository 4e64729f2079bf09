"""The depth-vs-width experiment (notebook 07).

Everything here fits a 1 → ... → 1 network to samples of a target function on
[0, 1] with one fixed recipe (full-batch Adam, MSE), so that two designs differ
only in their shape. The approximation error is the mean squared error against
the true function on a dense grid of ``GRID_POINTS`` points of [0, 1].

    run = fit_target(depth=3, width=12, target="composed", seed=0)
    runs = fit_seeds(depth=1, width=32, target="sin", seeds=(0, 1, 2))
    summaries = compare_depths([1, 2, 4], budget=500, target="sin", seeds=(0, 1, 2))
    compare_per_seed(summaries[2], summaries[0]).first_wins   # seeds on which depth 4 beat depth 1

Each step is one call of ``training.train_epoch`` with one batch holding every
sample. The seeds of one MLP shape train together as one ``models.StackedMLP``:
each keeps its own initial weights and data sample, and since seed s's loss
depends only on seed s's weights, Adam on the sum of the losses moves each seed
as if it trained alone (up to rounding), several times faster than one after another.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np
import torch
from torch import nn

from . import toy_data
from .models import StackedMLP, build_mlp, can_stack, count_parameters, width_for_budget
from .stats import OverSeeds, PairedRatios, compare_paired
from .training import make_optimizer, train_epoch
from .validation import check_int, check_module, check_positive, check_seeds, check_type

GRID_POINTS = 1000
# name -> (sampler(n, seed) -> (x, y), exact function f(x)).
TARGETS: dict[str, tuple[Callable, Callable]] = {
    "sin": (toy_data.sin_samples, lambda x: np.sin(10.0 * x)),
    "composed": (toy_data.composed_samples, toy_data.composed_function),
}


@dataclass
class Recipe:
    """How every design is trained, so that only the shape differs."""

    steps: int = 2000          # full-batch Adam steps
    lr: float = 1e-2           # Adam's learning rate (a tiny net on 256 points takes a large one)
    n_train: int = 256         # training samples of the target
    record_every: int = 100    # steps between two measurements of the error

    def __post_init__(self):
        self.steps, self.n_train = check_int(self.steps, "steps"), check_int(self.n_train, "n_train")
        self.lr, self.record_every = check_positive(self.lr, "lr"), check_int(self.record_every, "record_every")


@dataclass
class Run:
    """One training run: the error on the grid after every ``record_every`` steps."""

    depth: int
    width: int
    n_params: int
    seed: int
    steps: list[int] = field(default_factory=list)
    # Training time only, evaluation excluded; seeds trained together share their time equally.
    seconds: list[float] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)
    model: nn.Module | None = field(default=None, repr=False)  # the trained network, to plot its fit

    @property
    def final_error(self) -> float:
        return self._last(self.errors, "errors")

    @property
    def train_seconds(self) -> float:
        return self._last(self.seconds, "seconds")

    def _last(self, values: list[float], name: str) -> float:
        if not values:
            raise ValueError(f"this run has recorded no {name} yet: train it first (train, fit_target, fit_seeds)")
        return values[-1]


@dataclass
class Summary(OverSeeds):
    """Several seeds of one shape: the final error of each seed and the summaries fit for them
    (``geometric_mean``, ``median``, ``best``, ``worst``: see ``stats.OverSeeds``)."""

    depth: int
    width: int
    n_params: int
    runs: list[Run]

    def __post_init__(self):
        if not self.runs:
            raise ValueError("runs must hold at least one Run: a mean over no seeds is meaningless")

    @property
    def seeds(self) -> list[int]:
        return [run.seed for run in self.runs]

    @property
    def errors(self) -> np.ndarray:
        """Final error of each seed, shape (S,), in the order of ``runs``."""
        return np.array([run.final_error for run in self.runs])

    @property
    def mean_seconds(self) -> float:
        return float(np.mean([run.train_seconds for run in self.runs]))


def compare_per_seed(first: Summary, second: Summary) -> PairedRatios:
    """Pair the runs of two summaries by seed: ratios[i] = first's error / second's error on seed i.

    The seed draws the training sample, so the two runs of one seed saw the same data:
    a per-seed ratio removes the luck of the sample that both share. The result
    (``stats.PairedRatios``) counts ``first_wins`` and gives ``geometric_mean_ratio``,
    ``interval()`` and ``sign_test_p``.
    Raises ValueError when the two summaries were not trained on the same seeds.
    """
    for name, summary in (("first", first), ("second", second)):
        check_type(summary, Summary, name, "a depth_experiment Summary")
    if first.seeds != second.seeds:
        raise ValueError(f"first and second must be trained on the same seeds to be paired, "
                         f"got {first.seeds} and {second.seeds}")
    return compare_paired(first.errors, second.errors)


def check_target(name: str) -> tuple[Callable, Callable]:
    """The (sampler, exact function) pair of the target called ``name``; ValueError for an unknown name."""
    if not isinstance(name, str) or name not in TARGETS:
        raise ValueError(f"target must be one of {sorted(TARGETS)}, got {name!r}")
    return TARGETS[name]


def grid(target: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The evaluation grid: x of shape (GRID_POINTS, 1) on [0, 1] and the exact f(x), float32."""
    x = np.linspace(0.0, 1.0, GRID_POINTS).reshape(-1, 1)
    return torch.tensor(x, dtype=torch.float32), torch.tensor(check_target(target)[1](x), dtype=torch.float32)


def seedwise_mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean squared error of each seed: shape (S,) for (N, S, 1) inputs, a scalar for (N, 1).

    y has y_hat's shape, or size 1 along the seed axis (one target for every seed).
    """
    # y must broadcast to y_hat's shape; checked on the shapes as tuples (torch.broadcast_shapes
    # costs ~0.1 ms, a tenth of a training step of notebook 07)
    if y_hat.ndim != y.ndim or any(n not in (1, m) for m, n in zip(y_hat.shape, y.shape)):
        # (n,) against (n, 1) would broadcast to n² pairs and average them without a word
        raise ValueError(f"y_hat and y must have the same shape, got y_hat {tuple(y_hat.shape)} and y {tuple(y.shape)}")
    return torch.mean((y_hat - y) ** 2, dim=(0, -1))


def summed_mse(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The training loss: the seeds' MSEs summed (each seed's gradient is its own MSE's)."""
    return seedwise_mse(y_hat, y).sum()


@torch.no_grad()
def _grid_errors(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> np.ndarray:
    """Each seed's MSE on the grid, shape (S,) or (1,), in eval mode (no dropout); the model's mode is restored."""
    was_training = model.training
    model.eval()
    try:
        return seedwise_mse(model(x), y).reshape(-1).numpy()
    finally:
        model.train(was_training)


def approximation_error(model: nn.Module, target: str) -> float:
    """Mean squared error of ``model`` (mapping (n, 1) to (n, 1)) against the exact target on the grid.

    Raises ValueError when the model returns NaN or inf on the grid.
    """
    check_design(model)
    error = float(_grid_errors(model, *grid(target))[0])
    if not np.isfinite(error):
        raise ValueError(f"the model returned NaN or inf on the grid of {target!r}: its error is meaningless "
                         "(its weights have probably diverged)")
    return error


def check_design(model: nn.Module, name: str = "model") -> nn.Module:
    """Return ``model`` after checking it has trainable float32 parameters and maps (n, 1) to (n, 1).

    A model returning (n,) would be compared with (n, 1) targets by broadcasting
    over n² pairs: a meaningless error, so it is refused here.
    """
    check_module(model, name)
    parameters = [p for p in model.parameters() if p.requires_grad]
    if not parameters:
        raise ValueError(f"{name} has no trainable parameters: there is nothing to train")
    if any(p.dtype != torch.float32 for p in parameters):
        raise TypeError(f"{name} must have float32 parameters like the experiment's data, "
                        f"got {sorted({str(p.dtype) for p in parameters})} (drop .double() / .half())")
    x = torch.linspace(0.0, 1.0, 3, device=parameters[0].device).reshape(3, 1)
    was_training = model.training
    model.eval()  # no dropout draw, no batch-norm statistics updated by this probe
    try:
        with torch.no_grad():
            out = model(x)
    except RuntimeError as err:
        raise ValueError(f"{name} must map inputs of shape (n, 1) to (n, 1), but fails on (3, 1): "
                         f"{str(err).splitlines()[0]}") from err
    finally:
        model.train(was_training)
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (3, 1):
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise ValueError(f"{name} must map inputs of shape (n, 1) to outputs of shape (n, 1), "
                         f"got {shape} for n = 3")
    return model


def seeded_model(build: Callable[[], nn.Module], seed: int) -> nn.Module:
    """``build()`` with torch's generator seeded by ``seed``; the caller's random state is left as it was."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return build()


def _samples(target: str, seeds: Sequence[int], n_train: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Each seed's training sample side by side: x, y of shape (n_train, len(seeds), 1), float32."""
    sampler, _ = check_target(target)
    pairs = [sampler(n=n_train, seed=seed) for seed in seeds]
    x, y = (torch.tensor(np.stack(column, axis=1), dtype=torch.float32) for column in zip(*pairs))
    return x, y


def _fit(model: nn.Module, x: torch.Tensor, y: torch.Tensor, target: str, recipe: Recipe,
         bar=None) -> tuple[list[int], list[float], np.ndarray]:
    """Full-batch Adam on summed_mse; returns the recorded steps, seconds and errors (records, seeds).

    x, y : shape (N, S, 1) for a StackedMLP of S seeds, (N, 1) for a single model.
    bar : an optional tqdm bar counting steps of each seed.
    """
    n_seeds = x.shape[1] if x.ndim == 3 else 1
    optimizer = make_optimizer("adam", model.parameters(), recipe.lr, x.device)
    everything = [torch.arange(len(x))]  # one batch of every sample: a full-batch step
    x_grid, y_grid = grid(target)
    if x.ndim == 3:  # the same grid for every seed: (GRID_POINTS, S, 1)
        x_grid, y_grid = x_grid[:, None, :].expand(-1, n_seeds, -1), y_grid[:, None, :]
    steps, seconds, errors, elapsed = [], [], [], 0.0
    for step in range(1, recipe.steps + 1):
        start = time.perf_counter()
        try:
            train_epoch(model, optimizer, x, y, everything, loss_fn=summed_mse)
        except FloatingPointError:
            raise FloatingPointError(f"training diverged at step {step} of {recipe.steps}: the loss became NaN or "
                                     f"inf (lr={recipe.lr:g}); lower recipe.lr or change the design") from None
        elapsed += time.perf_counter() - start
        if step % recipe.record_every == 0 or step == recipe.steps:
            errors.append(_grid_errors(model, x_grid, y_grid))
            if not np.isfinite(errors[-1]).all():  # the last update can break weights whose loss was still finite
                raise FloatingPointError(f"training diverged by step {step} of {recipe.steps}: the error on the grid "
                                         f"is NaN or inf (lr={recipe.lr:g}); lower recipe.lr or change the design")
            if bar is not None:
                bar.update(n_seeds * (step - (steps[-1] if steps else 0)))
            steps.append(step)
            seconds.append(elapsed)
    return steps, seconds, np.array(errors)


def train_models(models: Sequence[nn.Module], target: str, *, seeds: Sequence[int], recipe: Recipe | None = None,
                 bar=None) -> list[Run]:
    """Train ``models[i]`` (1 input, 1 output, in place) on the samples of ``target`` drawn with ``seeds[i]``.

    MLPs of one shape (``models.can_stack``) train together as one StackedMLP;
    any other design trains one seed after another. Both do the same arithmetic
    in a different order: the runs agree to rounding at first, and since Adam
    on these tiny problems is chaotic, individual runs drift apart over
    thousands of steps while the picture over seeds stays the same.
    bar : an optional tqdm bar, advanced by each seed's steps.
    Raises FloatingPointError naming the step when the loss becomes NaN or inf.
    """
    recipe = Recipe() if recipe is None else check_type(recipe, Recipe, "recipe", "a Recipe or None")
    seeds = check_seeds(seeds)
    models = list(check_type(models, (list, tuple), "models", "a list of models"))
    if len(models) != len(seeds):
        raise ValueError(f"models and seeds must be equally many, got {len(models)} and {len(seeds)}")
    for model in models:
        check_design(model, "each model")
    parameter_ids = [id(p) for model in models for p in model.parameters()]
    if len(set(parameter_ids)) != len(parameter_ids):  # one model trained under several seeds
        raise ValueError("the models share parameters (the same model or layer passed twice): "
                         "each seed needs its own freshly built model")
    x, y = _samples(target, seeds, recipe.n_train)
    if len(models) > 1 and can_stack(models):
        stacked = StackedMLP(models)
        steps, seconds, errors = _fit(stacked, x, y, target, recipe, bar)
        stacked.copy_into(models)
        seconds = [t / len(models) for t in seconds]
        results = [(steps, seconds, errors[:, s]) for s in range(len(models))]
    else:
        results = [_fit(model, x[:, s], y[:, s], target, recipe, bar) for s, model in enumerate(models)]
    return [Run(depth=-1, width=-1, n_params=count_parameters(model), seed=seed, steps=list(steps),
                seconds=list(seconds), errors=[float(e) for e in errors.reshape(-1)], model=model)
            for model, seed, (steps, seconds, errors) in zip(models, seeds, results)]


def train(model: nn.Module, target: str, *, seed: int = 0, recipe: Recipe | None = None) -> Run:
    """Fit ``model`` (1 input, 1 output, trained in place) to ``recipe.n_train`` samples of ``target`` drawn with ``seed``."""
    return train_models([model], target, seeds=[seed], recipe=recipe)[0]


def fit_seeds(depth: int, width: int, target: str = "sin", *, seeds: Sequence[int] = (0, 1, 2),
              activation: str = "relu", recipe: Recipe | None = None, bar=None) -> list[Run]:
    """One seeded MLP of ``depth`` hidden layers of ``width`` units per seed, trained together on ``target``."""
    check_target(target)
    seeds = check_seeds(seeds)
    models = [seeded_model(lambda: build_mlp(1, 1, depth, width, activation=activation), seed) for seed in seeds]
    runs = train_models(models, target, seeds=seeds, recipe=recipe, bar=bar)
    for run in runs:
        run.depth, run.width = depth, width
    return runs


def fit_target(depth: int, width: int, target: str = "sin", *, seed: int = 0, activation: str = "relu",
               recipe: Recipe | None = None) -> Run:
    """Build a seeded MLP of ``depth`` hidden layers of ``width`` units and train it on ``target``."""
    return fit_seeds(depth, width, target, seeds=[seed], activation=activation, recipe=recipe)[0]


def compare_depths(depths: Sequence[int], budget: int, target: str = "sin", *, seeds: Sequence[int] = (0, 1, 2),
                   activation: str = "relu", recipe: Recipe | None = None, progress: bool = True) -> list[Summary]:
    """For each depth, the widest network within ``budget`` parameters, trained once per seed."""
    from tqdm.auto import tqdm

    check_type(progress, bool, "progress", "True or False")
    seeds = check_seeds(seeds)
    if isinstance(depths, (str, bytes)) or not isinstance(depths, Iterable):
        raise TypeError(f"depths must be a sequence of ints such as [1, 2, 4], got {type(depths).__name__}")
    depths = [check_int(depth, "each depth") for depth in depths]
    if not depths:
        raise ValueError("depths must name at least one depth, got none")
    check_target(target)
    recipe = Recipe() if recipe is None else check_type(recipe, Recipe, "recipe", "a Recipe or None")
    summaries = []
    with tqdm(total=len(depths) * len(seeds) * recipe.steps, desc=f"{target}, budget {budget}", unit="step",
              disable=not progress) as bar:
        for depth in depths:
            runs = fit_seeds(depth, width_for_budget(depth, budget), target, seeds=seeds, activation=activation,
                             recipe=recipe, bar=bar)
            summaries.append(Summary(depth, runs[0].width, runs[0].n_params, runs))
    return summaries
