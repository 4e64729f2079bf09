"""The challenge of notebook 07: score a network design at a fixed parameter budget.

    score = score_design(lambda: nn.Sequential(...), target="sin", budget=500)
    print(score)   # "433 parameters: error 1.2e-03 (geometric mean of 3 seeds; best 4.1e-04, worst 3.0e-03)"

The design is trained with the experiment's fixed recipe
(``depth_experiment.Recipe``: full-batch Adam, MSE) once per seed, and scored
by its approximation error on the grid (lower is better). The score is the
geometric mean over the seeds: errors of one design often span orders of
magnitude, and an arithmetic mean would report little more than the worst seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
from torch import nn

from .depth_experiment import Recipe, check_target, seeded_model, train_models
from .models import count_parameters
from .stats import OverSeeds
from .validation import check_int, check_seeds, check_type

BUDGET = 500  # the challenge's parameter budget
TARGET = "composed"  # the challenge's target: g(g(g(x))), g(x) = 4x(1 - x)
SEEDS = (0, 1, 2)  # the seeds every design is scored on, so two scores compare seed by seed


@dataclass
class Score(OverSeeds):
    """The challenge score of one design: approximation error over several seeds (lower is better).

    ``geometric_mean`` is the score; ``best`` and ``worst`` show the spread over the seeds (see ``OverSeeds``).
    """

    n_params: int
    errors: list[float]

    def __post_init__(self):
        self.n_params = check_int(self.n_params, "n_params", 0)
        self.errors = [float(error) for error in self.errors]
        if not self.errors or not all(np.isfinite(self.errors)) or min(self.errors) <= 0:
            raise ValueError(f"errors must be at least one finite number, each above 0 (mean squared errors), "
                             f"got {self.errors}")

    def __str__(self) -> str:
        return f"{self.n_params} parameters: error {self.spread()}"


def score_design(build: Callable[[], nn.Module], target: str = "sin", *, budget: int = BUDGET,
                 seeds: Sequence[int] = SEEDS, recipe: Recipe | None = None, progress: bool = True) -> Score:
    """Score a network design at a fixed parameter budget.

    build : a function with no arguments returning a fresh ``nn.Module`` that maps
        (n, 1) to (n, 1). It is called once per seed with torch seeded by that
        seed, so every design gets the same chances.
    Raises ValueError when the design has more than ``budget`` parameters, does not
    map (n, 1) to (n, 1), or ``build`` returns the same model twice; FloatingPointError
    when training diverges (the loss becomes NaN or inf).
    progress : show a tqdm bar over the training steps.
    """
    from tqdm.auto import tqdm

    if isinstance(build, nn.Module) or not callable(build):
        # A model itself is callable too, but one model cannot be re-initialised for each seed.
        raise TypeError("build must be a function that returns a new model, e.g. lambda: build_mlp(1, 1, 3, 12)")
    budget = check_int(budget, "budget")
    check_type(progress, bool, "progress", "True or False")
    check_target(target)
    seeds = check_seeds(seeds)
    recipe = Recipe() if recipe is None else check_type(recipe, Recipe, "recipe", "a Recipe or None")
    models = [seeded_model(build, seed) for seed in seeds]
    for model in models:
        if not isinstance(model, nn.Module):
            raise TypeError(f"build() must return a torch.nn.Module, got {type(model).__name__}")
        if count_parameters(model) > budget:
            raise ValueError(f"this design has {count_parameters(model)} parameters, over the budget of {budget}: "
                             "make it narrower or shallower")
    if len({id(model) for model in models}) < len(models):
        raise ValueError("build() returned the same model object twice: it must build a new model on each call, "
                         "e.g. lambda: build_mlp(1, 1, 3, 12), not lambda: model")
    with tqdm(total=len(seeds) * recipe.steps, desc="scoring", unit="step", disable=not progress) as bar:
        runs = train_models(models, target, seeds=seeds, recipe=recipe, bar=bar)
    return Score(count_parameters(models[0]), [run.final_error for run in runs])


def ranking(scores: Mapping[str, Score]) -> list[tuple[str, Score]]:
    """(name, score) pairs from the lowest geometric mean error (the best design) to the highest; ties keep their order."""
    check_type(scores, Mapping, "scores", "a dict of design name -> Score")
    for name, score in scores.items():
        check_type(name, str, "each name in scores", "a str")
        check_type(score, Score, f"scores[{name!r}]", "a Score (from score_design)")
    return sorted(scores.items(), key=lambda item: item[1].geometric_mean)


def score_table(scores: Mapping[str, Score]) -> str:
    """The designs as a table, best first: rank, name, parameters, the score, the best and the worst seed."""
    ranked = ranking(scores)
    if not ranked:
        raise ValueError("scores must hold at least one design, got none")
    wide = max(len("design"), *(len(name) for name, _ in ranked))
    lines = [f"rank  {'design':<{wide}}  params  geometric mean  best seed  worst seed"]
    lines += [f"{rank:4d}  {name:<{wide}}  {score.n_params:6d}  {score.geometric_mean:14.1e}  {score.best:9.1e}  "
              f"{score.worst:10.1e}" for rank, (name, score) in enumerate(ranked, start=1)]
    return "\n".join(lines)
