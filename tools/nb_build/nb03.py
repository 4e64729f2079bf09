"""Build notebooks/03_activations.ipynb (run: python tools/nb_build/nb03.py)."""

from nbtools import IGNORE_OUTPUT, code, explorer_cells, md, write

cells = [
md(r"""
# 03 · Activation functions

A network is layers of neurons, and between the layers sits one small function:
the activation. Take it away and a hundred layers compute no more than one. Choose
it badly and a deep network stops learning. This notebook looks at the usual
choices, what their slopes do to learning, and tests a popular claim with numbers.

**You will learn to**
- show with numbers that stacked linear layers collapse into one matrix, and why that makes activations necessary;
- write step, sigmoid, tanh, ReLU, Leaky ReLU, GELU and SiLU and their derivatives, and check them against `torch.autograd`;
- explain vanishing gradients ($\sigma' \le 0.25$) and dying ReLUs, and measure both;
- test "SiLU beats ReLU by 5-10%" honestly, with several seeds.

**Time:** about 50 minutes to work through · about 25 seconds to run.
"""),
code("""
import inspect

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
import matplotlib.pyplot as plt
from tqdm.auto import tqdm

from course_utils import scratch, checks
from course_utils.datasets import xor_points, sin_samples
from course_utils.models import build_mlp
from course_utils.seeding import set_seed
from course_utils.plots.activations import plot_activations, plot_gradient_vs_depth, plot_seed_comparison
from course_utils.plots.perceptron import plot_decision_regions
import course_utils.checks.activations

rng = set_seed(0)
"""),
md(r"""
## 1. Why nonlinearity? Stacked linear layers are one layer

A linear layer computes $\mathbf{h} = \mathbf{x}W + \mathbf{b}$. Feed it into a second one:

$$
(\mathbf{x}W_1 + \mathbf{b}_1)W_2 + \mathbf{b}_2 = \mathbf{x}\,\underbrace{(W_1W_2)}_{W} + \underbrace{(\mathbf{b}_1W_2 + \mathbf{b}_2)}_{\mathbf{b}} .
$$

Still one matrix and one bias. By induction, any number of linear layers is a single
linear layer. Let us check it with three random layers $2 \to 5 \to 5 \to 1$:
"""),
code("""
sizes = [2, 5, 5, 1]
Ws = [rng.normal(size=(m, n)) for m, n in zip(sizes[:-1], sizes[1:])]
bs = [rng.normal(size=n) for n in sizes[1:]]

X = rng.normal(size=(6, 2))
h = X
for W, b in zip(Ws, bs):            # three layers, no activation
    h = h @ W + b

W_one, b_one = np.eye(2), np.zeros(2)
for W, b in zip(Ws, bs):            # fold every layer into one (W, b)
    W_one, b_one = W_one @ W, b_one @ W + b

print("W1 @ W2 @ W3 has shape", W_one.shape, "and equals the product:", np.allclose(W_one, Ws[0] @ Ws[1] @ Ws[2]))
print("max |three layers - one layer| =", f"{np.abs(h - (X @ W_one + b_one)).max():.1e}")
assert np.allclose(W_one, Ws[0] @ Ws[1] @ Ws[2]) and np.allclose(h, X @ W_one + b_one)
"""),
md(r"""
What does that mean for a decision boundary? Train **ten** stacked linear layers
(no activation) on the XOR points of notebook 02 and look at what they draw.
"""),
code("""
X_xor, y_xor = xor_points(n=200, noise=0.1, seed=0)
X_t = torch.tensor(X_xor, dtype=torch.float32)
y_t = torch.tensor(y_xor, dtype=torch.float32).unsqueeze(1)

torch.manual_seed(0)
deep_linear = nn.Sequential(*[nn.Linear(2, 2) for _ in range(9)], nn.Linear(2, 1))   # 10 layers
optimizer = torch.optim.Adam(deep_linear.parameters(), lr=0.01)
for step in range(300):
    optimizer.zero_grad()
    loss = F.binary_cross_entropy_with_logits(deep_linear(X_t), y_t)
    loss.backward()
    optimizer.step()

# fold the ten layers into one: nn.Linear computes x @ weight.T + bias
W_all, b_all = torch.eye(2), torch.zeros(2)
with torch.no_grad():
    for layer in deep_linear:
        W_all, b_all = W_all @ layer.weight.T, b_all @ layer.weight.T + layer.bias
    same = torch.allclose(deep_linear(X_t), X_t @ W_all + b_all, atol=1e-5)
    linear_accuracy = ((deep_linear(X_t) > 0).float() == y_t).float().mean().item()

print(f"ten linear layers = one (2 -> 1) linear map: {same};  accuracy on XOR: {linear_accuracy:.3f}")
assert same and linear_accuracy <= 0.75
"""),
code("""
def deep_linear_predict(P):
    with torch.no_grad():
        return (deep_linear(torch.tensor(P, dtype=torch.float32)) > 0).int().numpy().ravel()

plot_decision_regions(deep_linear_predict, X_xor, y_xor, title="Ten stacked linear layers: still one straight line")
plt.show()
"""),
md(r"""
Ten layers, one straight boundary, no better than a single perceptron. An activation
between the layers breaks the chain of matrix products; that is what lets depth matter.

## 2. The usual activation functions

| name | $f(z)$ | range | $f'(z)$ |
|---|---|---|---|
| step | $1$ if $z > 0$ else $0$ | $\{0, 1\}$ | $0$ (undefined at 0) |
| sigmoid | $\sigma(z) = \dfrac{1}{1 + e^{-z}}$ | $(0, 1)$ | $\sigma(z)\,(1 - \sigma(z))$ |
| tanh | $\tanh z$ | $(-1, 1)$ | $1 - \tanh^2 z$ |
| ReLU | $\max(0, z)$ | $[0, \infty)$ | $1$ if $z > 0$ else $0$ |
| Leaky ReLU | $z$ if $z > 0$ else $\alpha z$ | $\mathbb{R}$ | $1$ if $z > 0$ else $\alpha$ |
| GELU | $z\,\Phi(z)$ ($\Phi$: normal CDF) | $[\approx -0.17, \infty)$ | $\Phi(z) + z\,\varphi(z)$ |
| SiLU / Swish | $z\,\sigma(z)$ | $[\approx -0.28, \infty)$ | $\sigma(z)\,(1 + z\,(1 - \sigma(z)))$ |

- **Sigmoid** squashes to $(0, 1)$: natural for a probability at the output, but it saturates (flat for large $|z|$).
- **Tanh** is a zero-centred sigmoid ($\tanh z = 2\sigma(2z) - 1$), also saturating.
- **ReLU** is cheap and does not saturate for $z > 0$, but has zero slope for $z < 0$.
- **Leaky ReLU** keeps a small slope $\alpha$ (0.01 by default) on the negative side.
- **GELU** and **SiLU** are smooth versions of ReLU that dip slightly below zero; they are used in modern architectures (transformers, EfficientNet).

The package keeps every function next to its derivative in one registry,
`scratch.ACTIVATIONS`, name → (f, f′). Solid lines: $f$; dashed: $f'$.
"""),
code("""
print("registry:", list(scratch.ACTIVATIONS))
fig = plot_activations(scratch.ACTIVATIONS)
plt.show()
"""),
md(r"""
The numbers in the table, computed: the lowest values of GELU and SiLU, tanh as a
rescaled sigmoid, and Leaky ReLU's default slope.
"""),
code("""
z_fine = np.linspace(-6, 2, 80001)
gelu_min, silu_min = scratch.gelu(z_fine).min(), scratch.silu(z_fine).min()
print(f"min GELU = {gelu_min:.4f},  min SiLU = {silu_min:.4f}")
print("tanh(z) = 2 sigmoid(2z) - 1:", np.allclose(scratch.tanh(z_fine), 2 * scratch.sigmoid(2 * z_fine) - 1))
print("leaky_relu(-1) =", scratch.leaky_relu(np.array(-1.0)))
assert round(gelu_min, 2) == -0.17 and round(silu_min, 2) == -0.28
assert np.allclose(scratch.tanh(z_fine), 2 * scratch.sigmoid(2 * z_fine) - 1) and scratch.leaky_relu(np.array(-1.0)) == -0.01
"""),
md(r"""
![SiLU (Swish) against ReLU](../assets/silu.png)

Here is how the package writes two of them (the real source):
"""),
code("""
print(inspect.getsource(scratch.silu))
print(inspect.getsource(scratch.silu_grad))
"""),
md(r"""
### Checked against PyTorch

`torch.autograd` knows nothing about our formulas: it differentiates PyTorch's own
functions. If our $f$ and $f'$ agree with its values and gradients at many random
points, they are right. (Step is left out: its derivative is 0 wherever it exists.)
"""),
code("""
torch_functions = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
                   "leaky_relu": F.leaky_relu, "gelu": F.gelu, "silu": F.silu}
z = rng.normal(scale=3.0, size=1000)
z_t = torch.tensor(z, requires_grad=True)          # float64, like our NumPy arrays

for name, torch_f in torch_functions.items():
    f, f_prime = scratch.ACTIVATIONS[name]
    out = torch_f(z_t)
    (grad,) = torch.autograd.grad(out.sum(), z_t)
    value_error = np.abs(f(z) - out.detach().numpy()).max()
    grad_error = np.abs(f_prime(z) - grad.numpy()).max()
    print(f"{name:>10}: max |f - torch| = {value_error:.0e}   max |f' - autograd| = {grad_error:.0e}")
    assert value_error < 1e-12 and grad_error < 1e-12
"""),
md(r"""
### Sigmoid's slope is at most 0.25

With $s = \sigma(z)$, the derivative $s(1 - s)$ is a parabola in $s$ with its top at
$s = \tfrac12$, that is at $z = 0$: $\sigma'(0) = \tfrac12\cdot\tfrac12 = 0.25$. Everywhere else it is smaller.
"""),
code("""
z_grid = np.linspace(-10, 10, 2001)
slopes = scratch.sigmoid_grad(z_grid)
print(f"largest sigmoid slope: {slopes.max():.4f} at z = {z_grid[slopes.argmax()]:.2f}")
assert np.isclose(slopes.max(), 0.25) and np.all(slopes <= 0.25)
"""),
md(r"""
### Exercise 1: the sigmoid's derivative

Write `sigmoid_grad(z)` for a NumPy array, using $\sigma'(z) = \sigma(z)(1 - \sigma(z))$.
You may call `scratch.sigmoid`.
"""),
code("""
def sigmoid_grad(z):
    \"\"\"Derivative of the sigmoid, elementwise.\"\"\"
    ### BEGIN SOLUTION
    s = scratch.sigmoid(z)
    return s * (1 - s)
    ### END SOLUTION
"""),
code("checks.activations.check_sigmoid_grad(sigmoid_grad)"),
md(r"""
### Exercise 2: Leaky ReLU

Write `leaky_relu(z, slope)`: $z$ where $z > 0$, $\text{slope}\cdot z$ elsewhere (hint: `np.where`).
"""),
code("""
def leaky_relu(z, slope=0.01):
    \"\"\"Leaky ReLU, elementwise.\"\"\"
    ### BEGIN SOLUTION
    return np.where(z > 0, z, slope * z)
    ### END SOLUTION
"""),
code("checks.activations.check_leaky_relu(leaky_relu)"),
*explorer_cells(r"""
### Explore: the activation explorer

Pick a function (and Leaky ReLU's slope), move the input $z$, and read off
$f(z)$ and $f'(z)$.
""", "activations", "ActivationExplorer", "explorer"),
md(r"""
## 3. Vanishing gradients

Training needs the gradient of the loss with respect to *every* weight, including the
first layer's. By the chain rule (notebook 05), the gradient that reaches layer 1 is a
product with one factor $f'(z)$ per layer above it. With sigmoid each factor is at most
0.25, so through $L$ layers the signal can shrink like $0.25^L$: after 10 layers,
$0.25^{10} \approx 10^{-6}$. With ReLU the factor is exactly 1 for active units.

We measure it: stacks of $L$ layers (32 units each, weights drawn with the same
"He" initialisation for every activation so that only the activation differs), a random
batch of inputs, and the size of the gradient at the first layer's weights.
"""),
code("""
print(f"0.25 ** 10 = {0.25 ** 10:.1e}")
assert 0.5e-6 < 0.25 ** 10 < 2e-6

def first_layer_gradient(activation, depth, width=32, seed=0):
    \"\"\"Norm of d(sum of outputs)/d(first layer's weights) for a fresh stack of `depth` layers.\"\"\"
    torch.manual_seed(seed)
    model = build_mlp(width, 1, depth=depth, width=width, activation=activation)
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    x = torch.randn(128, width, generator=torch.Generator().manual_seed(seed + 1))
    model(x).sum().backward()
    return model[0].weight.grad.norm().item()

depths = [1, 2, 4, 8, 16, 32]
norms = {act: [first_layer_gradient(act, d) for d in depths] for act in ["sigmoid", "tanh", "relu"]}
for act, values in norms.items():
    print(f"{act:>8}:", "  ".join(f"{v:.1e}" for v in values))
assert norms["sigmoid"][-1] < 1e-10 * norms["sigmoid"][0]      # vanished
assert min(norms["relu"]) > 0.1 * norms["relu"][0]             # kept its size
assert min(norms["tanh"]) > 0.1 * norms["tanh"][0]
"""),
code("""
fig = plot_gradient_vs_depth(depths, norms)
plt.show()
"""),
md(r"""
The sigmoid stack's first-layer gradient falls by more than ten orders of magnitude over
32 layers: those weights would barely move. ReLU keeps it about the same size. (Tanh,
whose slope is 1 at zero, also holds up here; it still saturates for large $|z|$.)

## 4. Dying ReLUs

ReLU has its own failure. A unit whose pre-activation is negative for *every* input
outputs 0 for every input, and its slope there is 0, so no gradient ever reaches its
weights: it is **dead** and stays dead. A very negative bias does it:
"""),
code("""
layer = nn.Linear(2, 6)
with torch.no_grad():
    layer.bias[2] = -10.0                  # unit 2 now needs w·x > 10 to switch on
H = torch.relu(layer(X_t))                 # (200 inputs, 6 units)
H.sum().backward()
print("unit 2 outputs:", H[:5, 2].tolist(), "...")
print("gradient reaching unit 2's weights:", layer.weight.grad[2].tolist())
assert torch.all(H[:, 2] == 0) and torch.all(layer.weight.grad[2] == 0)
"""),
md(r"""
### Exercise 3: count the dead units

`H` holds a layer's ReLU outputs, one row per input, one column per unit. Write
`count_dead_units(H)`: the number of units (columns) that are 0 for *every* input.
"""),
code("""
def count_dead_units(H):
    \"\"\"Number of columns of H (n_inputs, n_units) that are zero in every row.\"\"\"
    ### BEGIN SOLUTION
    return int(np.all(H == 0, axis=0).sum())
    ### END SOLUTION
"""),
code("checks.activations.check_count_dead_units(count_dead_units)"),
md(r"""
A too-large learning rate is a common way to kill units in bulk: one big step pushes
biases far negative. Below, the same network (three ReLU layers of 32 units) learns
$\sin(10x)$ for 200 steps with a sensible and with a too-large learning rate, and we count
the dead units of each hidden layer on the training inputs (with the one-liner of your solution).
"""),
code("""
x_sin, y_sin = (torch.tensor(a, dtype=torch.float32) for a in sin_samples(n=256, seed=0))

def dead_units_per_layer(model, x):
    counts, h = [], x
    with torch.no_grad():
        for module in model:
            h = module(h)
            if isinstance(module, nn.ReLU):
                counts.append(int(np.all(h.numpy() == 0, axis=0).sum()))
    return counts

dead, final_loss = {}, {}
for lr in [0.01, 0.3]:
    torch.manual_seed(0)
    model = build_mlp(1, 1, depth=3, width=32, activation="relu")
    before = dead_units_per_layer(model, x_sin)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for step in range(200):
        optimizer.zero_grad()
        loss = F.mse_loss(model(x_sin), y_sin)
        loss.backward()
        optimizer.step()
    dead[lr], final_loss[lr] = dead_units_per_layer(model, x_sin), loss.item()
    print(f"lr = {lr}: dead units per layer (of 32) before {before}, after {dead[lr]}; final loss {loss.item():.4f}")
assert dead[0.3][0] == 32 and sum(dead[0.3]) > sum(dead[0.01])
assert np.isclose(final_loss[0.3], y_sin.var(unbiased=False).item(), rtol=0.02)   # output is a constant
assert all(0.25 < n / 32 < 0.45 for n in before)                                   # about a third dead at the start
"""),
md(r"""
With $\eta = 0.3$ *every* unit of the first hidden layer died: the network's output no
longer depends on $x$ and the loss is stuck at the variance of the targets (about 0.43
here). Even at initialisation a third of the units are dead on these inputs ($x \in [0, 1]$
only), which wastes capacity. Leaky ReLU, GELU and SiLU have non-zero slopes for
$z < 0$, so their units can recover.

## 5. Does SiLU beat ReLU by 5-10%?

One of our lesson texts says, from personal experience, that SiLU often gives a 5-10%
performance jump over ReLU. Claims like this are worth testing, because a single run
proves little: the random initialisation alone changes the result. Our test:

- task: fit $\sin(10x)$ from 256 samples; measure the mean squared error on a fine grid of 500 points (*test error*);
- model: 2 hidden layers of 32 units, identical for both activations; Adam, $\eta = 0.01$, 400 full-batch steps;
- 8 seeds; each seed gives both activations the same data (and the same random stream).

We report, per seed, the relative difference $(\text{MSE}_\text{ReLU} - \text{MSE}_\text{SiLU}) / \text{MSE}_\text{ReLU}$: positive means SiLU did better.
"""),
code("""
x_grid = torch.linspace(0, 1, 500).unsqueeze(1)
y_grid = torch.sin(10 * x_grid)

def test_error(activation, seed, steps=400):
    torch.manual_seed(seed)
    model = build_mlp(1, 1, depth=2, width=32, activation=activation)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(steps):
        optimizer.zero_grad()
        F.mse_loss(model(x_sin), y_sin).backward()
        optimizer.step()
    with torch.no_grad():
        return F.mse_loss(model(x_grid), y_grid).item()

seeds = range(8)
errors = {act: [test_error(act, s) for s in tqdm(seeds, desc=act)] for act in ["relu", "silu"]}
""", IGNORE_OUTPUT),
code("""
relu_err, silu_err = np.array(errors["relu"]), np.array(errors["silu"])
rel_diff = 100 * (relu_err - silu_err) / relu_err
for s, r, si, d in zip(seeds, relu_err, silu_err, rel_diff):
    print(f"seed {s}: ReLU {r:.5f}  SiLU {si:.5f}  difference {d:+7.1f}%")
mean, spread = rel_diff.mean(), rel_diff.std(ddof=1)
sem = spread / np.sqrt(len(rel_diff))
silu_wins = int(np.sum(silu_err < relu_err))
print(f"relative difference: mean {mean:+.1f}% ± {spread:.1f}% (std over {len(rel_diff)} seeds; "
      f"standard error {sem:.1f}%); median {np.median(rel_diff):+.1f}%; SiLU better in {silu_wins} of {len(rel_diff)} seeds")
# what the text below says: no consistent winner, and the seed-to-seed spread dwarfs 5-10%
assert abs(mean) < 2 * sem and 2 <= silu_wins <= 6 and spread > 50
"""),
code("""
fig = plot_seed_comparison(errors, ylabel="test MSE on sin(10x)", title="ReLU vs SiLU, one dot per seed")
plt.show()
"""),
md(r"""
**What we measured.** On this task neither activation wins consistently: SiLU is better
for some seeds and worse for others, the mean difference is within about two standard
errors of zero, and the spread from seed to seed is far larger than 5-10%. So our
experiment gives *no evidence* for a 5-10% advantage of SiLU here; it does not disprove
it either. The claim may hold for other tasks, larger models or longer training (SiLU's
reported gains come from deep image models). The honest lesson: compare activations
over several seeds and report the spread, not a single run.

## Check your understanding

1. You stack ten linear layers without activations. Does the decision boundary become more complex? Why or why not?
2. A 20-layer network with sigmoid activations trains its last layers but its first layers hardly change. Why?
3. After training with a large learning rate, half the units of a ReLU layer output zero for every input. Can training fix them? What could you change?

<details><summary>Answer 1</summary>

No. The composition of linear maps is a linear map: the ten weight matrices multiply into one matrix
(we computed it). The boundary is still a single straight line (hyperplane).
</details>

<details><summary>Answer 2</summary>

Vanishing gradients: the gradient reaching layer 1 contains one factor $\sigma'(z) \le 0.25$ per layer above,
so it shrinks roughly geometrically with depth (we measured a drop of more than $10^{10}$ over 32 layers).
</details>

<details><summary>Answer 3</summary>

Not by gradient descent: a dead unit's slope is 0 for every input, so its weights get zero gradient.
Use a smaller learning rate, an activation with a non-zero negative slope (Leaky ReLU, GELU, SiLU),
or re-initialise those units.
</details>

## Big ideas

- Without nonlinearity, any stack of layers is one linear map: activations are what make depth matter.
- An activation's *slope* matters as much as its shape: gradients are products of slopes.
- Sigmoid's slope is at most 0.25, so gradients vanish through depth; ReLU keeps them but its units can die.
- Vanishing gradients and dying ReLUs are the same story: a unit whose slope is 0 stops learning.
- Test claims with several seeds and report the spread.

**Next:** [04 · Loss functions](04_loss.ipynb): the single number that says how wrong the network is.
"""),
]

write("03_activations.ipynb", cells)
