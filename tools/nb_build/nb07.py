"""Write notebooks/07_depth_vs_width.ipynb (no outputs; run tools/execute_notebooks.py next)."""

from b_cells import IGNORE, code, expand, md, write

cells = [
md(r"""
# 07 · The depth vs width challenge

*About 45 minutes to work through, plus as long as you like on the challenge; the whole
notebook runs in about 2 minutes on a laptop CPU.*

A network with one hidden layer can, in principle, fit any continuous function. So why are the
networks that work in practice deep? This notebook turns that question into an experiment you
run yourself: same number of parameters, different shapes, several random seeds, and a score.

**You will be able to**
1. state the universal approximation theorem and what it does *not* promise;
2. show, with a hand-built network, how depth can buy exponentially many linear pieces;
3. compare networks fairly at an equal parameter budget, over several seeds, with mean and spread;
4. design your own experiment and score it with `course_utils.challenge.score_design`.
"""),
code("""
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from course_utils import challenge, datasets
from course_utils.checks import depth as checks
from course_utils.models import build_mlp, count_parameters, mlp_parameter_count, width_for_budget
from course_utils.plots import depth as plots
from course_utils.seeding import set_seed

rng = set_seed(0)  # Python, NumPy and torch seeded; one torch thread for repeatable numbers
"""),
md(r"""
## 1. Universal approximation: wide enough fits anything

**Theorem (universal approximation).** A feed-forward network with a single hidden layer
and a nonlinear activation such as ReLU can approximate any continuous function on a closed,
bounded set (like $[0, 1]$) as closely as you want, *if the hidden layer is wide enough*.

For ReLU the idea is easy to see: each hidden unit $\max(0, w x + b)$ adds one kink, so one
hidden layer of $n$ units draws a **piecewise-linear** curve with at most $n$ kinks, and enough
short straight pieces can follow any continuous curve. Let us watch it on our first target,
$f(x) = \sin(10x)$ on $[0, 1]$, with 8, 32 and 128 hidden units, each trained from three seeds
by the same recipe (2,000 steps of full-batch Adam on 256 samples, the error measured against
the exact function on a grid of 1,000 points):
"""),
code("""
recipe = challenge.Recipe()
print(recipe, "| error grid:", challenge.GRID_POINTS, "points")
assert (recipe.steps, recipe.lr, recipe.n_train, challenge.GRID_POINTS) == (2000, 0.01, 256, 1000)
"""),
code("""
x_grid, y_grid = challenge.grid("sin")
width_runs = {width: [] for width in (8, 32, 128)}
for width, seed in tqdm([(w, s) for w in width_runs for s in (0, 1, 2)], desc="one hidden layer"):
    torch.manual_seed(seed)
    width_runs[width].append(challenge.train(build_mlp(1, 1, depth=1, width=width), "sin", seed=seed))
""", IGNORE),
code("""
fits, width_errors = {}, {}
for width, runs in width_runs.items():
    width_errors[width] = np.mean([run.final_error for run in runs])
    best = min(runs, key=lambda run: run.final_error)
    with torch.no_grad():
        fits[f"1 hidden layer of {width} units (best of 3 seeds)"] = best.model(x_grid).numpy()
    print(f"width {width:3d}: {best.n_params:4d} parameters, errors over 3 seeds: "
          + " ".join(f"{run.final_error:.1e}" for run in runs) + f", mean {width_errors[width]:.1e}")
assert width_errors[128] < width_errors[32] < width_errors[8]
plots.plot_fits(x_grid.numpy(), y_grid.numpy(), fits, "One hidden layer: wider is better")
plt.show()
"""),
md(r"""
Wider fits better, as the theorem promises. But the theorem says nothing about *how wide*:
for some functions the width needed grows exponentially with how intricate the function is.
It also says nothing about whether gradient descent will *find* the good weights.

## 2. Depth buys efficiency: folding the line

Here is a function that one ReLU layer with only **two** units computes exactly, the *tent*:

$$
t(x) = 2\,\mathrm{ReLU}(x) - 4\,\mathrm{ReLU}(x - \tfrac12) =
\begin{cases} 2x & 0 \le x \le \tfrac12 \\ 2 - 2x & \tfrac12 \le x \le 1 \end{cases}
$$

It folds $[0, 1]$ onto itself: up, then down. Now *compose* it: $t(t(x))$ goes up and down
twice, $t(t(t(x)))$ four times. Each extra layer of two units **doubles** the number of linear
pieces: $k$ layers make $2^k$ pieces. A single hidden layer needs one unit per kink, so it needs
at least $2^k - 1$ units to draw the same curve. We build the deep version by hand (weights set,
no training) and count its pieces.
"""),
code("""
def tent_layer():
    \"\"\"Linear(1, 2) → ReLU → Linear(2, 1) with the weights of t(x) = 2 ReLU(x) − 4 ReLU(x − ½).\"\"\"
    first, second = nn.Linear(1, 2), nn.Linear(2, 1)
    with torch.no_grad():
        first.weight.copy_(torch.tensor([[1.0], [1.0]]))
        first.bias.copy_(torch.tensor([0.0, -0.5]))
        second.weight.copy_(torch.tensor([[2.0, -4.0]]))
        second.bias.zero_()
    return nn.Sequential(first, nn.ReLU(), second)


def count_pieces(y, x):
    \"\"\"Number of straight pieces of a piecewise-linear curve sampled at x (kinks on grid points).\"\"\"
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(np.abs(np.diff(slopes)) > 1e-6))


x_fine = torch.linspace(0, 1, 2**12 + 1, dtype=torch.float64).reshape(-1, 1)  # kinks fall on grid points
sawtooth = {}
print(" k  pieces  params (deep, 2 units per layer)  units one hidden layer needs (≥ 2^k − 1)")
for k in range(1, 7):
    deep = nn.Sequential(*[tent_layer() for _ in range(k)]).double()
    with torch.no_grad():
        y_k = deep(x_fine).numpy().ravel()
    pieces = count_pieces(y_k, x_fine.numpy().ravel())
    sawtooth[k] = y_k
    print(f"{k:2d}  {pieces:6d}  {count_parameters(deep):6d}                             {2**k - 1:6d}")
    assert pieces == 2**k
"""),
code("""
assert count_parameters(deep) == 42 and mlp_parameter_count(1, 1, 1, 63) == 190  # k = 6, the numbers quoted below
fig, ax = plt.subplots(figsize=(7, 3.5))
for k in (1, 2, 3, 4):
    ax.plot(x_fine.numpy(), sawtooth[k], label=f"{k} tent layer{'s' if k > 1 else ''}: {2**k} pieces")
ax.set(xlabel="x", ylabel="output", title="Composing the tent: each layer doubles the pieces")
ax.legend(fontsize=8, loc="lower right")
plt.show()
"""),
md(r"""
Six layers, 42 parameters, 64 pieces; one hidden layer would need at least 63 units (190
parameters) to draw the same curve, and every extra layer doubles the gap. That is the sense in
which **depth gives exponential compression**: deep networks can build features out of features
(fold, then fold the folded line), where a shallow one must list every piece side by side.

The second target of our experiment is the smooth cousin of the sawtooth, a function of a
function of a function: the logistic map $g(x) = 4x(1-x)$ composed three times.
"""),
code("""
x_plot = np.linspace(0, 1, 500)
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(x_plot, np.sin(10 * x_plot), label="sin(10x)")
ax.plot(x_plot, datasets.composed_function(x_plot), label="g(g(g(x))), g(x) = 4x(1 − x)")
ax.set(xlabel="x", ylabel="f(x)", title="The two targets")
ax.legend(fontsize=8)
plt.show()
"""),
md(r"""
## 3. A fair comparison: equal parameter budgets

To compare a deep and a wide network fairly we give them the same number of parameters. A
network with `depth` hidden layers of `width` units, `in_features` inputs and `out_features`
outputs has

$$
\underbrace{(\text{in} + 1)\,w}_{\text{first layer}} \;+\; \underbrace{(\text{depth} - 1)(w + 1)\,w}_{\text{hidden to hidden}} \;+\; \underbrace{(w + 1)\,\text{out}}_{\text{output layer}}
$$

parameters (each layer: a weight per connection plus a bias per unit).

### Exercise 1 · Count the parameters

Write `count_parameters_of(in_features, out_features, depth, width)` returning that number
(an int), without building the network.
"""),
code("""
def count_parameters_of(in_features, out_features, depth, width):
    \"\"\"Weights and biases of an MLP with `depth` hidden layers of `width` units.\"\"\"
    ### BEGIN SOLUTION
    first = (in_features + 1) * width
    hidden = (depth - 1) * (width + 1) * width
    last = (width + 1) * out_features
    return first + hidden + last
    ### END SOLUTION
"""),
code("checks.check_count_parameters(count_parameters_of)"),
md(r"""
### Exercise 2 · The widest network within a budget

Write `widest_width(depth, budget)`: the largest `width` such that a network with 1 input,
1 output and `depth` hidden layers of `width` units has **at most** `budget` parameters. (A
loop that tries width 1, 2, 3, ... is fine; `mlp_parameter_count(1, 1, depth, width)` from
`course_utils.models` counts for you.)
"""),
code("""
def widest_width(depth, budget):
    \"\"\"Largest width whose 1 → width (× depth) → 1 network has at most `budget` parameters.\"\"\"
    ### BEGIN SOLUTION
    width = 1
    while mlp_parameter_count(1, 1, depth, width + 1) <= budget:
        width += 1
    return width
    ### END SOLUTION
"""),
code("checks.check_width_for_budget(widest_width)"),
md(r"""
The package has the same helper, `width_for_budget`. At a budget of 500 parameters:
"""),
code("""
BUDGET, DEPTHS, SEEDS = 500, (1, 2, 4), (0, 1, 2, 3, 4)
for d in DEPTHS:
    w = width_for_budget(d, BUDGET)
    n = count_parameters(build_mlp(1, 1, d, w))
    print(f"depth {d}: width {w:3d}, {n} parameters")
    assert n == mlp_parameter_count(1, 1, d, w) <= BUDGET < mlp_parameter_count(1, 1, d, w + 1)
"""),
md(r"""
## 4. Experiment 1: sin(10x)

For each depth, the widest network within 500 parameters, trained with the same recipe from
five different seeds (the seed sets both the initial weights and the 256 training samples). We
record the error on the grid every 100 steps together with the training time so far.
"""),
code("""
sin_results = challenge.compare_depths(DEPTHS, BUDGET, "sin", seeds=SEEDS)
""", IGNORE),
"TABLE_SIN",
md(r"""
The plot below shows the error against **training time**: the line is the mean over the five
seeds, the band runs from the best to the worst seed. A deeper network of the same size may
take longer per step (more, smaller matrix products one after the other; the times measured on
this machine are printed above), so compare shapes at equal time, not only at equal steps.
"""),
code("""
plots.plot_error_vs_time(sin_results, f"sin(10x), {BUDGET} parameters, {len(SEEDS)} seeds")
plt.show()
"""),
code("""
best_runs = {f"depth {s.depth} × width {s.width}": min(s.runs, key=lambda r: r.final_error) for s in sin_results}
with torch.no_grad():
    sin_fits = {label: run.model(x_grid).numpy() for label, run in best_runs.items()}
plots.plot_fits(x_grid.numpy(), y_grid.numpy(), sin_fits, "sin(10x): the best seed of each shape")
plt.show()
"""),
md(r"""
### Error against parameter count

Does the picture change with the budget? One and three hidden layers at budgets of 100, 300 and
1,000 parameters, three seeds each:
"""),
code("""
budget_sweep = {d: [] for d in (1, 3)}
for budget in (100, 300, 1000):
    for summary in challenge.compare_depths((1, 3), budget, "sin", seeds=(0, 1, 2)):
        budget_sweep[summary.depth].append(summary)
""", IGNORE),
code("""
for d, summaries in budget_sweep.items():
    print(f"depth {d}: " + ",  ".join(f"{s.n_params} params → {s.mean_error:.1e} ± {s.std_error:.1e}" for s in summaries))
"""),
code("""
plots.plot_error_vs_params(budget_sweep, "sin(10x): error against parameter count (mean of 3 seeds; bars: best to worst)")
plt.show()
"""),
md(r"""
## 5. Experiment 2: a function of a function

The same experiment on $g(g(g(x)))$. If depth helps by composing features, this is where it
should help most. Let the data say whether it does.
"""),
code("""
composed_results = challenge.compare_depths(DEPTHS, BUDGET, "composed", seeds=SEEDS)
""", IGNORE),
"TABLE_COMPOSED",
code("""
plots.plot_error_vs_time(composed_results, f"g(g(g(x))), {BUDGET} parameters, {len(SEEDS)} seeds")
plt.show()
"""),
code("""
x_c, y_c = challenge.grid("composed")
with torch.no_grad():
    composed_fits = {f"depth {s.depth} × width {s.width}": min(s.runs, key=lambda r: r.final_error).model(x_c).numpy()
                     for s in composed_results}
plots.plot_fits(x_c.numpy(), y_c.numpy(), composed_fits, "g(g(g(x))): the best seed of each shape")
plt.show()
"""),
md(r"""
## 6. What the data says

The cell below states, from the numbers above, which shape had the lowest mean error on each
target, and whether that lead is bigger than the spread between seeds. Read it before the
discussion.
"""),
code("""
def verdict(name, results):
    ranked = sorted(results, key=lambda s: s.mean_error)
    best, runner_up = ranked[0], ranked[1]
    clear = best.mean_error + best.std_error < runner_up.mean_error - runner_up.std_error
    print(f"{name}: lowest mean error with depth {best.depth} (width {best.width}): {best.mean_error:.1e} ± {best.std_error:.1e}; "
          f"next depth {runner_up.depth}: {runner_up.mean_error:.1e} ± {runner_up.std_error:.1e}; "
          f"{'a clear lead' if clear else 'within the spread between seeds'}")
    worst_ratio = max(s.errors.max() / s.errors.min() for s in results)
    print(f"   largest best-to-worst seed ratio for one shape: {worst_ratio:.0f}×")
    return best.depth


best_sin, best_composed = verdict("sin(10x)", sin_results), verdict("g(g(g(x)))", composed_results)
"""),
md(r"""
Some things to notice, whatever your run printed:

- **The spread is part of the result.** The same shape can end far apart from one seed to the
  next (the largest best-to-worst ratio is printed above). With one seed per shape you could
  "prove" almost anything; that is why every claim here is a mean over seeds with its spread.
- **Representable is not the same as learnable.** Section 2 showed a deep network *can* draw an
  intricate curve with few parameters. Whether Adam *finds* those weights from a random start is
  another question: deep, narrow ReLU networks can get stuck (units that die, folds in the wrong
  place), which shows up as a seed with a large error.
- **The answer depends on the target and on the recipe.** A result for sin(10x) with 2,000 Adam
  steps at learning rate 0.01 is a result about *that* setting. Change the number of steps, the
  learning rate, the activation or the amount of data, and the ranking can change.

## 7. The challenge

Design an experiment that answers one of these questions, and back your answer with numbers
(several seeds, mean and spread):

1. Does the answer depend on the target? Try other functions (a sum of sines, a sawtooth, $|x - \tfrac12|$, ...).
2. What happens with more data, or more training steps (`challenge.Recipe(steps=..., n_train=...)`)?
3. What happens with another activation (`activation="tanh"`, `"silu"`, ...), or with a shape that
   is neither uniformly deep nor uniformly wide?
4. What is the best design you can find for $g(g(g(x)))$ within 500 parameters?

`challenge.score_design(build, target, budget=...)` is the referee for question 4: it calls your
`build()` function after seeding torch with each seed, refuses a design over the budget, trains it
with the fixed recipe and reports the mean error and its spread (lower is better). Two examples:
"""),
code("""
relu_deep = challenge.score_design(lambda: build_mlp(1, 1, depth=3, width=14), "composed", budget=500)
tanh_deep = challenge.score_design(lambda: build_mlp(1, 1, depth=3, width=14, activation="tanh"), "composed", budget=500)
""", IGNORE),
code("""
print("3 × 14, ReLU:", relu_deep)
print("3 × 14, tanh:", tanh_deep)
"""),
code("""
try:
    challenge.score_design(lambda: build_mlp(1, 1, depth=2, width=40), "composed", budget=500, progress=False)
except ValueError as err:
    print("refused:", err)
"""),
md(r"""
Your turn: write a `build` function (any `nn.Module` mapping `(n, 1)` to `(n, 1)` works: an
`nn.Sequential` of your own, a skip connection, a different activation per layer) and score it.
Keep a small table of what you tried. The score is seeded, so anyone who runs your `build` gets
the same number.

## Check your understanding

1. The universal approximation theorem says one hidden layer is enough. Why build deep networks at all?
   <details><summary>Answer</summary>

   "Enough" may mean astronomically wide. Some functions, like the composed tent of section 2,
   need a number of units exponential in the depth of their structure when written with one
   layer, but only a linear number of parameters with many layers. Depth lets a network reuse
   features it has already built. (And the theorem says nothing about whether training finds the weights.)
   </details>

2. Why compare networks at equal *parameter counts* rather than, say, at equal width?
   <details><summary>Answer</summary>

   Parameters measure capacity and cost (memory, compute per step). At equal width the deeper
   network simply has more parameters, so it would win for a boring reason. Equal budgets ask the
   interesting question: how should a fixed amount of capacity be arranged?
   </details>

3. Suppose one shape's errors over five seeds ranged over a factor of ten. What would you conclude
   from a single run per shape?
   <details><summary>Answer</summary>

   Very little: the difference between two shapes could be smaller than the difference between two
   seeds of the same shape. Report means with their spread, use several seeds, and only call a
   difference real when it is clearly larger than the spread.
   </details>

## Big ideas

- One wide hidden layer can approximate any continuous function; depth makes the approximation
  *efficient*, by composing simple features into complex ones (exponentially many pieces from linearly many parameters).
- Compare designs fairly: same parameter budget, same training recipe, several seeds, mean and spread.
- What a network can represent and what gradient descent finds are different questions; experiments answer the second.

You have come from a single neuron to trained digit classifiers and your own experiments. Where
next: the optimiser (momentum, Adam, learning-rate schedules), regularisation (weight decay,
dropout), initialisation and convolutional networks, each of which you can now read as "a
change to the forward pass, the loss, or the update step". The [course map](../README.md)
lists all seven notebooks.
"""),
]

TABLE_SIN = [
    code("""
def show_table(results):
    print("depth  width  params   mean error ± spread    errors of each seed")
    for s in results:
        print(f"{s.depth:5d}  {s.width:5d}  {s.n_params:6d}   {s.mean_error:.2e} ± {s.std_error:.1e}   "
              + " ".join(f"{e:.1e}" for e in s.errors))


show_table(sin_results)
assert all(s.n_params <= BUDGET and len(s.runs) == len(SEEDS) for s in sin_results)
"""),
    code("""
for s in sin_results:
    print(f"depth {s.depth}: {s.mean_seconds:.2f} s of training per run on average")
""", IGNORE),
]

TABLE_COMPOSED = [
    code("""
show_table(composed_results)
assert all(s.n_params <= BUDGET and len(s.runs) == len(SEEDS) for s in composed_results)
"""),
]

NAMED = {"TABLE_SIN": TABLE_SIN, "TABLE_COMPOSED": TABLE_COMPOSED}

if __name__ == "__main__":
    write("07_depth_vs_width.ipynb", expand(cells, NAMED))
