"""The depth-vs-width experiment and the challenge's scoring helper (notebook 07).

Everything here fits a 1 → ... → 1 network to samples of a target function on
[0, 1] with one fixed recipe (full-batch Adam, MSE), so that two designs differ
only in their shape. The approximation error is the mean squared error against
the true function on a dense grid of ``GRID_POINTS`` points of [0, 1].

    run = fit_target(depth=3, width=12, target="composed", seed=0)
    summary = compare_depths([1, 2, 4], budget=500, target="sin", seeds=(0, 1, 2))
    score = score_design(lambda: nn.Sequential(...), target="sin", budget=500)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from . import toy_data
from .models import build_mlp, count_parameters, width_for_budget

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


@dataclass
class Run:
    """One training run: the error on the grid after every ``record_every`` steps."""

    depth: int
    width: int
    n_params: int
    seed: int
    steps: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)   # training time only, evaluation excluded
    errors: list[float] = field(default_factory=list)
    model: nn.Module | None = field(default=None, repr=False)  # the trained network, to plot its fit

    @property
    def final_error(self) -> float:
        return self.errors[-1]

    @property
    def train_seconds(self) -> float:
        return self.seconds[-1]


@dataclass
class Summary:
    """Several seeds of one shape: mean and spread (standard deviation) over the seeds."""

    depth: int
    width: int
    n_params: int
    runs: list[Run]

    @property
    def errors(self) -> np.ndarray:
        return np.array([run.final_error for run in self.runs])

    @property
    def mean_error(self) -> float:
        return float(self.errors.mean())

    @property
    def std_error(self) -> float:
        return float(self.errors.std())

    @property
    def mean_seconds(self) -> float:
        return float(np.mean([run.train_seconds for run in self.runs]))


def _target(name: str) -> tuple[Callable, Callable]:
    if name not in TARGETS:
        raise ValueError(f"target must be one of {sorted(TARGETS)}, got {name!r}")
    return TARGETS[name]


def grid(target: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The evaluation grid: x of shape (GRID_POINTS, 1) on [0, 1] and the exact f(x), float32."""
    x = np.linspace(0.0, 1.0, GRID_POINTS).reshape(-1, 1)
    return torch.tensor(x, dtype=torch.float32), torch.tensor(_target(target)[1](x), dtype=torch.float32)


def approximation_error(model: nn.Module, target: str) -> float:
    """Mean squared error of ``model`` against the exact target on the grid."""
    x, y = grid(target)
    with torch.no_grad():
        return float(torch.mean((model(x) - y) ** 2))


def _seeded(build: Callable[[], nn.Module], seed: int) -> nn.Module:
    """``build()`` with torch's generator seeded by ``seed``; the caller's random state is left as it was."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return build()


def train(model: nn.Module, target: str, *, seed: int = 0, recipe: Recipe | None = None) -> Run:
    """Fit ``model`` (1 input, 1 output, trained in place) to ``recipe.n_train`` samples of ``target`` drawn with ``seed``."""
    recipe = recipe or Recipe()
    sampler, _ = _target(target)
    x_np, y_np = sampler(n=recipe.n_train, seed=seed)
    x, y = torch.tensor(x_np, dtype=torch.float32), torch.tensor(y_np, dtype=torch.float32)
    optimizer = torch.optim.Adam(model.parameters(), lr=recipe.lr)
    run = Run(depth=-1, width=-1, n_params=count_parameters(model), seed=seed, model=model)
    elapsed = 0.0
    for step in range(1, recipe.steps + 1):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = torch.mean((model(x) - y) ** 2)
        loss.backward()
        optimizer.step()
        elapsed += time.perf_counter() - start
        if step % recipe.record_every == 0 or step == recipe.steps:
            run.steps.append(step)
            run.seconds.append(elapsed)
            run.errors.append(approximation_error(model, target))
    return run


def fit_target(depth: int, width: int, target: str = "sin", *, seed: int = 0, activation: str = "relu",
               recipe: Recipe | None = None) -> Run:
    """Build a seeded MLP of ``depth`` hidden layers of ``width`` units and train it on ``target``."""
    _target(target)
    model = _seeded(lambda: build_mlp(1, 1, depth, width, activation=activation), seed)
    run = train(model, target, seed=seed, recipe=recipe)
    run.depth, run.width = depth, width
    return run


def compare_depths(depths: Sequence[int], budget: int, target: str = "sin", *, seeds: Sequence[int] = (0, 1, 2),
                   activation: str = "relu", recipe: Recipe | None = None, progress: bool = True) -> list[Summary]:
    """For each depth, the widest network within ``budget`` parameters, trained once per seed."""
    from tqdm.auto import tqdm

    if not seeds:
        raise ValueError("seeds must name at least one seed")
    jobs = [(depth, seed) for depth in depths for seed in seeds]
    runs = [fit_target(depth, width_for_budget(depth, budget), target, seed=seed, activation=activation, recipe=recipe)
            for depth, seed in tqdm(jobs, desc=f"{target}, budget {budget}", disable=not progress)]
    return [Summary(depth, runs[i].width, runs[i].n_params, runs[i:i + len(seeds)])
            for i, depth in zip(range(0, len(runs), len(seeds)), depths)]


@dataclass
class Score:
    """The challenge score of one design: approximation error over several seeds (lower is better)."""

    n_params: int
    errors: list[float]

    @property
    def mean(self) -> float:
        return float(np.mean(self.errors))

    @property
    def spread(self) -> float:
        return float(np.std(self.errors))

    def __str__(self) -> str:
        return f"{self.n_params} parameters: error {self.mean:.2e} ± {self.spread:.1e} over {len(self.errors)} seeds"


def score_design(build: Callable[[], nn.Module], target: str = "sin", *, budget: int = 500,
                 seeds: Sequence[int] = (0, 1, 2), recipe: Recipe | None = None, progress: bool = True) -> Score:
    """Score a network design at a fixed parameter budget.

    build : a function with no arguments returning a fresh ``nn.Module`` that maps
        (n, 1) to (n, 1). It is called once per seed with torch seeded by that
        seed, so every design gets the same chances.
    Raises ValueError when the design has more than ``budget`` parameters.
    progress : show a tqdm bar over the seeds.
    """
    from tqdm.auto import tqdm

    if isinstance(build, nn.Module) or not callable(build):
        # A model itself is callable too, but one model cannot be re-initialised for each seed.
        raise TypeError("build must be a function that returns a new model, e.g. lambda: build_mlp(1, 1, 3, 12)")
    errors, n_params = [], 0
    for seed in tqdm(seeds, desc="scoring", disable=not progress):
        model = _seeded(build, seed)
        if not isinstance(model, nn.Module):
            raise TypeError(f"build() must return a torch.nn.Module, got {type(model).__name__}")
        n_params = count_parameters(model)
        if n_params > budget:
            raise ValueError(f"this design has {n_params} parameters, over the budget of {budget}: make it narrower or shallower")
        errors.append(train(model, target, seed=seed, recipe=recipe).final_error)
    return Score(n_params, errors)
