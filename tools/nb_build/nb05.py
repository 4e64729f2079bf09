"""Write notebooks/05_backprop.ipynb (no outputs; run tools/execute_notebooks.py next)."""

from b_cells import IGNORE, code, expand, md, write

cells = [
md(r"""
# 05 · Backpropagation and gradient descent

*About 60 minutes to work through; the whole notebook runs in about 30 seconds.*

Notebooks 01-04 built a network's forward pass and the loss that says how wrong it is.
This notebook is about the step that makes a network *learn*: changing every weight a
little in the direction that lowers the loss. Two ideas do all the work:

- **gradient descent**: walk downhill on the loss surface, $p \leftarrow p - \eta\,\partial L/\partial p$;
- **backpropagation**: the chain rule, organised so that *one* backward pass gives the
  gradient for *every* weight at once.

**You will be able to**
1. run gradient descent by hand and say what a too-small or too-large learning rate does;
2. write the error signal $\delta$ of a layer from the one above it, and a layer's weight gradient from $\delta$;
3. read a from-scratch backward pass and check it two ways (finite differences, `torch.autograd`);
4. explain, with a measurement, why training without backpropagation would be hopeless.
"""),
code("""
import inspect
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

from course_utils import scratch
from course_utils.checks import backprop as checks
from course_utils.explorers import show_static
from course_utils.explorers.backprop import BackpropFlow
from course_utils.explorers.learning_rate import LearningRateExplorer
from course_utils.plots import descent
from course_utils.seeding import set_seed

rng = set_seed(0)  # Python, NumPy and torch seeded; one torch thread for repeatable numbers
"""),
md(r"""
## 1. Walking downhill on a loss surface

A network with two parameters $p = (p_1, p_2)$ has a loss $L(p_1, p_2)$: a surface over the
parameter plane. Training means finding the lowest point. Standing somewhere on the surface,
the **gradient** $\nabla L = (\partial L/\partial p_1,\ \partial L/\partial p_2)$ points uphill,
the steepest way up. So we take a small step the other way:

$$
p_1 \leftarrow p_1 - \eta\,\frac{\partial L}{\partial p_1}, \qquad
p_2 \leftarrow p_2 - \eta\,\frac{\partial L}{\partial p_2}
\qquad\text{or, for all parameters at once,}\qquad p \leftarrow p - \eta\,\nabla L(p).
$$

The **learning rate** $\eta$ sets the step size. Our surface is a long, narrow valley,
the shape real loss surfaces often have near a minimum:

$$
L(p) = \tfrac12\left(p_1^2 + 10\,p_2^2\right), \qquad \nabla L(p) = (p_1,\ 10\,p_2).
$$

It is steep across the valley ($p_2$) and gentle along it ($p_1$).
"""),
code("""
CURVATURE = np.array([1.0, 10.0])  # the second derivatives of L along p1 and p2


def loss(p):
    \"\"\"L(p) = ½ (p1² + 10 p2²) for p of shape (2,).\"\"\"
    return 0.5 * float(np.sum(CURVATURE * p**2))


def grad(p):
    \"\"\"∇L(p), shape (2,).\"\"\"
    return CURVATURE * p


p0 = np.array([-2.0, 1.0])
print(f"L(p0) = {loss(p0):.4f}, gradient at p0 = {grad(p0)}")
"""),
md(r"""
### Exercise 1 · Gradient descent by hand

Write `descend(grad, p0, lr, num_steps)`: start at `p0`, take `num_steps` steps
$p \leftarrow p - \eta \nabla L(p)$, and return the whole trajectory as an array of shape
`(num_steps + 1, 2)`, row 0 being `p0` itself.

<details><summary>Hint</summary>

Keep a list of points; `p = p - lr * grad(p)` makes a new array each step (whereas `p -= ...`
would change the array you already stored in the list).
</details>
"""),
code("""
def descend(grad, p0, lr, num_steps):
    \"\"\"Gradient descent from p0: returns the trajectory, shape (num_steps + 1, len(p0)).\"\"\"
    ### BEGIN SOLUTION
    p = np.array(p0, dtype=float)
    path = [p]
    for _ in range(num_steps):
        p = p - lr * grad(p)
        path.append(p)
    return np.array(path)
    ### END SOLUTION
"""),
code("checks.check_descend(descend)"),
md(r"""
### The PyTorch way, and the learning rate

PyTorch does the same walk: `loss.backward()` fills `p.grad` with $\nabla L$, and
`torch.optim.SGD(..., lr=η).step()` applies exactly $p \leftarrow p - \eta\,\nabla L(p)$.
We write the loss in torch this time, so autograd computes the gradient for us.
"""),
code("""
def sgd_path(lr, num_steps=30, start=p0):
    \"\"\"Trajectory of torch.optim.SGD on L from `start`, shape (num_steps + 1, 2).\"\"\"
    p = torch.tensor(start, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=lr)
    curvature = torch.tensor(CURVATURE)
    path = [p.detach().clone()]
    for _ in range(num_steps):
        optimizer.zero_grad()
        L = 0.5 * torch.sum(curvature * p**2)
        L.backward()          # p.grad = ∇L(p)
        optimizer.step()      # p ← p − lr · p.grad
        path.append(p.detach().clone())
    return torch.stack(path).numpy()


rates = {"η = 0.01 (too small)": 0.01, "η = 0.1": 0.1, "η = 0.19 (zig-zag)": 0.19, "η = 0.21 (too large)": 0.21}
paths = {label: sgd_path(lr) for label, lr in rates.items()}
for label, path in paths.items():
    print(f"{label:22s} loss after 30 steps: {loss(path[-1]):10.4f}")
"""),
code("""
descent.plot_descent(loss, paths, xlim=(-2.5, 2.5), ylim=(-1.6, 1.6))
plt.show()
"""),
md(r"""
What the picture shows:

- **too small** ($\eta = 0.01$): every step is safe but tiny; after 30 steps we have barely
  moved along the valley. On a real network this is hours of (paid) compute spent crawling.
- **about right** ($\eta = 0.1$): straight down into the valley, then along it.
- **too large**: across the steep direction each step *overshoots*. Along $p_2$ one step
  multiplies $p_2$ by $(1 - 10\eta)$: for $\eta = 0.19$ that is $-0.9$ (a zig-zag that still
  shrinks), for $\eta = 0.21$ it is $-1.1$: every step lands farther up the other wall and the
  loss **diverges**.

So the largest stable rate here is $\eta < 2/10 = 0.2$: two over the steepest curvature.
The cell below checks these statements on the numbers we just computed.
"""),
code("""
final = {label: loss(path[-1]) for label, path in paths.items()}
assert final["η = 0.1"] < final["η = 0.01 (too small)"]               # the small rate is slower
assert abs(1 - 10 * 0.19) < 1 < abs(1 - 10 * 0.21)                    # the zig-zag factor along p2
assert final["η = 0.21 (too large)"] > loss(p0)                        # diverged: worse than the start
assert np.all(np.diff(np.abs(paths["η = 0.21 (too large)"][:, 1])) > 0)  # |p2| grows every step
print("largest stable learning rate on this surface: 2 / 10 =", 2 / CURVATURE.max())
assert torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults["lr"] == 1e-3  # quoted below
"""),
md(r"""
**How large is "right" for a real network?** There is no single curvature to read off, and the
gradients of millions of weights add up. Typical rates for real networks are between
$10^{-3}$ and $10^{-5}$ (Adam's default is $10^{-3}$, which notebook 06 uses); tiny networks like
the ones in notebooks 01-04 tolerate much larger ones, $0.1$ or more.

### Explore: the learning-rate explorer

Drag the learning rate (log scale) and the number of steps; each run is drawn on the contour
plot and its loss curve beside it, earlier runs stay for comparison, and *Sweep* tries many
rates and marks the best. A run that blows up is stopped and the explorer says why.
"""),
"EXPLORER_LR",
md(r"""
## 2. The chain rule on a computational graph

Gradient descent needs $\partial L/\partial p$ for every parameter. Take one neuron with a
squared-error loss and write every intermediate value as a node of a graph:

$$
x \xrightarrow{\;a = w x + b\;} a \xrightarrow{\;h = \sigma(a)\;} h \xrightarrow{\;L = (h - y)^2\;} L.
$$

Each arrow is a simple function whose derivative we know. The **chain rule** multiplies them
along the path from $L$ back to $w$:

$$
\frac{\partial L}{\partial w} = \frac{\partial L}{\partial h}\,\frac{\partial h}{\partial a}\,\frac{\partial a}{\partial w}
= 2(h - y)\cdot \sigma'(a) \cdot x .
$$

The product of the first two factors, $\delta = \partial L/\partial a$, is the **error signal**
at the neuron: how much the loss changes when the neuron's input sum changes. Then
$\partial L/\partial w = \delta\,x$ and $\partial L/\partial b = \delta$.
"""),
code("""
x, y, w, b = 1.5, 1.0, 0.8, -0.3
a = w * x + b
h = scratch.sigmoid(a)
L = (h - y) ** 2
delta = 2 * (h - y) * scratch.sigmoid_grad(a)   # ∂L/∂a
dL_dw, dL_db = delta * x, delta
print(f"a = {a:.4f}, h = {h:.4f}, L = {L:.4f}")
print(f"by the chain rule: ∂L/∂w = {dL_dw:.6f}, ∂L/∂b = {dL_db:.6f}")

# The same graph in PyTorch: autograd applies the chain rule for us.
w_t, b_t = torch.tensor(w, dtype=torch.float64, requires_grad=True), torch.tensor(b, dtype=torch.float64, requires_grad=True)
L_t = (torch.sigmoid(w_t * x + b_t) - y) ** 2
L_t.backward()
print(f"torch.autograd:    ∂L/∂w = {w_t.grad.item():.6f}, ∂L/∂b = {b_t.grad.item():.6f}")
assert np.isclose(dL_dw, w_t.grad.item()) and np.isclose(dL_db, b_t.grad.item())
"""),
md(r"""
### From one neuron to layers: the $\delta$ recursion

In a network, layer $l$ computes (one row per example, as in `scratch.Linear`, which computes `x @ W + b`)

$$
a^{(l)} = h^{(l-1)}\,W^{(l)} + b^{(l)}, \qquad h^{(l)} = \sigma\big(a^{(l)}\big),
$$

with $W^{(l)}$ of shape (units below, units of layer $l$). Define the error signal of layer
$l$ as $\delta^{(l)} = \partial L/\partial a^{(l)}$. A unit $j$ of layer $l$ influences the loss
only through the units $i$ of layer $l+1$ it feeds, with weights $w_{ji}^{(l+1)}$, so the chain rule gives

$$
\delta_j^{(l)} = \sigma'\big(a_j^{(l)}\big)\sum_i w_{ji}^{(l+1)}\,\delta_i^{(l+1)}
\qquad\text{or, for a whole batch,}\qquad
\delta^{(l)} = \sigma'\big(a^{(l)}\big) \odot \big(\delta^{(l+1)}\,W^{(l+1)\top}\big).
$$

(In the column-vector convention of many textbooks this reads
$\delta^{(l)} = \sigma'(a^{(l)}) \odot (W^{(l+1)\top}\delta^{(l+1)})$: the same thing.)
The error flows **backwards** through the same weights the signal flowed forward through,
transposed. Once $\delta^{(l)}$ is known, the gradients of layer $l$'s parameters are one product away:

$$
\frac{\partial L}{\partial w_{kj}^{(l)}} = h_k^{(l-1)}\,\delta_j^{(l)}
\qquad\text{so}\qquad
\frac{\partial L}{\partial W^{(l)}} = h^{(l-1)\top}\,\delta^{(l)}, \qquad
\frac{\partial L}{\partial b^{(l)}} = \sum_{\text{batch}} \delta^{(l)} .
$$

Start with $\delta$ at the output (the loss's gradient with respect to the logits, notebook 04),
apply the recursion layer by layer down to the input, and every gradient falls out: **one
backward pass**.
"""),
md(r"""
### Exercise 2 · One step of the $\delta$ recursion

Write `backprop_delta(delta_next, W_next, a)` for a hidden layer with the **sigmoid** activation:

- `delta_next`: $\delta^{(l+1)}$, shape `(n, k)`;
- `W_next`: $W^{(l+1)}$, shape `(m, k)` (it maps the `m` units of layer $l$ to the `k` units above);
- `a`: $a^{(l)}$, shape `(n, m)`;
- return $\delta^{(l)}$, shape `(n, m)`.

`scratch.sigmoid_grad(a)` gives $\sigma'(a) = \sigma(a)\,(1-\sigma(a))$.
"""),
code("""
def backprop_delta(delta_next, W_next, a):
    \"\"\"δ of a sigmoid layer from the δ of the layer above: shape (n, m).\"\"\"
    ### BEGIN SOLUTION
    return (delta_next @ W_next.T) * scratch.sigmoid_grad(a)
    ### END SOLUTION
"""),
code("checks.check_backprop_delta(backprop_delta)"),
md(r"""
### Exercise 3 · A layer's gradients from its $\delta$

Write `weight_gradient(delta, h_prev)` returning the pair `(dW, db)` for a layer computing
`h_prev @ W + b`:

- `delta`: $\delta^{(l)}$, shape `(n, fan_out)`; `h_prev`: $h^{(l-1)}$, shape `(n, fan_in)`;
- `dW` has the shape of `W`, `(fan_in, fan_out)`; `db` has shape `(fan_out,)`.

The loss is a mean over the batch, and that $1/n$ is already inside $\delta$ (it came from the
loss's gradient): sum over the batch, don't average a second time.
"""),
code("""
def weight_gradient(delta, h_prev):
    \"\"\"(∂L/∂W, ∂L/∂b) of a layer h_prev @ W + b, shapes (fan_in, fan_out) and (fan_out,).\"\"\"
    ### BEGIN SOLUTION
    return h_prev.T @ delta, delta.sum(axis=0)
    ### END SOLUTION
"""),
code("checks.check_weight_gradient(weight_gradient)"),
md(r"""
### Explore: backprop flow

A 2-2-1 network drawn as a graph. Step **forward** to see each activation appear, then
**backward** to see the error signal travel back and each gradient appear next to its weight.
The numbers are those of the from-scratch MLP below, on the same weights.
"""),
"EXPLORER_FLOW",
md(r"""
## 3. A from-scratch MLP, read line by line

`course_utils.scratch` holds a complete NumPy network built from two kinds of layer. Here is
the fully connected layer `Linear`. Its `forward` keeps (caches) its input `x`, because the
backward pass needs it; its `backward` receives `dout` $= \partial L/\partial\,\text{out}$ (that
is $\delta$), adds $x^\top \delta$ to `W.grad` and $\sum_\text{batch}\delta$ to `b.grad` (Exercise 3),
and hands $\delta\,W^\top$ to the layer below (the transposed weights of Exercise 2):
"""),
code("""
print(inspect.getsource(scratch.Linear.forward))
print(inspect.getsource(scratch.Linear.backward))
"""),
md(r"""
The activation layer multiplies the incoming gradient by $\sigma'(a)$, the other half of the
$\delta$ recursion, and the MLP's `backward` simply walks its layers in reverse order:
"""),
code("""
print(inspect.getsource(scratch.Activation.backward))
print(inspect.getsource(scratch.MLP.backward))
"""),
"SCRATCH_CHECK",
md(r"""
## 4. What if we had no backpropagation?

Without backprop we could still estimate each partial derivative by **wiggling** one parameter
and watching the loss (a finite difference):

$$
\frac{\partial L}{\partial p_i} \approx \frac{L(p + \varepsilon e_i) - L(p - \varepsilon e_i)}{2\varepsilon}.
$$

That is how we *checked* the gradients above. It is accurate, but each parameter costs two
full forward passes.

### Exercise 4 · Finite differences

Write `numerical_gradient(f, p, eps)`: for a function `f` of an array `p` (returning a float),
return the central-difference estimate of $\nabla f(p)$, same shape as `p`. Leave `p` as you found it.
"""),
code("""
def numerical_gradient(f, p, eps=1e-5):
    \"\"\"Central differences: (f(p + eps e_i) − f(p − eps e_i)) / (2 eps) for each entry i of p.\"\"\"
    ### BEGIN SOLUTION
    grad = np.zeros_like(p, dtype=float)
    for i in np.ndindex(p.shape):
        old = p[i]
        p[i] = old + eps
        f_plus = f(p)
        p[i] = old - eps
        f_minus = f(p)
        p[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad
    ### END SOLUTION
"""),
code("checks.check_numerical_gradient(numerical_gradient)"),
"COST",
md(r"""
## Check your understanding

1. On the valley surface, $\eta = 0.19$ converged and $\eta = 0.21$ diverged. What would the
   largest stable rate be if the steep direction had curvature 100 instead of 10?
   <details><summary>Answer</summary>

   Along that direction a step multiplies the coordinate by $(1 - 100\eta)$, which must stay
   between $-1$ and $1$: $\eta < 2/100 = 0.02$. The steepest direction sets the limit, so the
   gentle directions then crawl: one reason plain gradient descent struggles on long narrow
   valleys, and why adaptive optimisers such as Adam exist.
   </details>

2. Why does the backward pass multiply by $W^{(l+1)\top}$ and not by $W^{(l+1)}$?
   <details><summary>Answer</summary>

   Forward, unit $j$ of layer $l$ sends its output to every unit $i$ above through $w_{ji}$.
   Backward, unit $j$ collects the error of every unit it fed, weighted by the same $w_{ji}$:
   a sum over the *second* index, which is a product with the transpose. The shapes say the
   same: $\delta^{(l+1)}$ is (n, k), $W^{(l+1)}$ is (m, k), and the result must be (n, m).
   </details>

3. Backpropagation computes the gradient of the loss with respect to every weight in one
   backward pass. Why is this so much cheaper than perturbing each weight to estimate the gradient?
   <details><summary>Answer</summary>

   Perturbing needs two forward passes *per weight*: for $P$ weights, $2P$ passes, each itself
   costing about $P$ operations, so time grows like $P^2$. Backprop reuses the intermediate
   results: the $\delta$ of a layer is computed once and shared by all the weights of that layer,
   so one backward pass costs about as much as a couple of forward passes, and time grows like $P$.
   </details>

## Big ideas

- Training is walking downhill: $p \leftarrow p - \eta\,\nabla L$. The learning rate is the one
  knob you always have to set: too small wastes time, too large overshoots and can diverge.
- Backpropagation is the chain rule applied in the right order: the error signal $\delta$ flows
  back through the transposed weights, and each weight's gradient is $\delta$ times the activation that fed it.
- Check gradients you write by hand, against finite differences and against `torch.autograd`.
- One backward pass costs about as much as a forward pass; finite differences cost a forward pass
  per parameter. That difference is why deep learning is possible at all.

**Next:** [06 · Training on MNIST](06_mnist_training.ipynb): everything so far, on 60,000 real
handwritten digits.
"""),
]

EXPLORER_LR = [
    code("""
lr_explorer = LearningRateExplorer(problem="surface", seed=0)
lr_explorer
""", IGNORE),
    md("*Without a running kernel (on GitHub, in a PDF) the explorer above is blank; this is its starting picture:*"),
    code("show_static(lr_explorer)"),
]

EXPLORER_FLOW = [
    code("""
flow = BackpropFlow(seed=0)
flow
""", IGNORE),
    md("*Without a running kernel the explorer above is blank; this is its starting picture:*"),
    code("show_static(flow)"),
]

SCRATCH_CHECK = [
    md(r"""
### Is the backward pass right? Two independent checks

We build a small network, run one forward and one backward pass, and compare every parameter
gradient with (1) finite differences and (2) the same network in PyTorch, whose gradients come
from `torch.autograd`: code we did not write.
"""),
    code("""
mlp = scratch.MLP([4, 5, 3], activation="tanh", seed=0)
X = rng.normal(size=(8, 4))
labels = rng.integers(0, 3, size=8)

logits = mlp.forward(X)
mlp.zero_grad()
mlp.backward(scratch.cross_entropy_grad(logits, labels))
backprop_grads = [p.grad.copy() for p in mlp.parameters()]


def loss_of_mlp(_):
    return scratch.cross_entropy(mlp.forward(X), labels)


names = ["W1", "b1", "W2", "b2"]
fd_errors = []
for name, param, g in zip(names, mlp.parameters(), backprop_grads):
    g_fd = scratch.numerical_gradient(loss_of_mlp, param.data)
    fd_errors.append(np.max(np.abs(g - g_fd)) / np.max(np.abs(g)))
    print(f"{name}: shape {param.data.shape}, max relative difference to finite differences {fd_errors[-1]:.1e}")
""", IGNORE),
    code("""
assert max(fd_errors) < 1e-6, fd_errors

# The same network in PyTorch (float64), the weights copied in.
torch_params = [torch.tensor(p.data, requires_grad=True) for p in mlp.parameters()]
W1, b1, W2, b2 = torch_params
logits_t = torch.tanh(torch.tensor(X) @ W1 + b1) @ W2 + b2
torch.nn.functional.cross_entropy(logits_t, torch.tensor(labels)).backward()
for name, g, p in zip(names, backprop_grads, torch_params):
    assert np.allclose(g, p.grad.numpy(), rtol=1e-10, atol=1e-12), name
assert np.allclose(logits, logits_t.detach().numpy())
print(f"logits and all {len(names)} parameter gradients agree with torch.autograd (to 1e-10)")
"""),
]

COST = [
    md(r"""
### Timing it: finite differences against one backward pass

A network of a few thousand parameters, a batch of 64 examples: we time one gradient both
ways. (The times depend on the machine and what else it is doing, so the next cell's printout
is not compared by the tests; the cell after it asserts what matters.)
"""),
    code("""
net = scratch.MLP([20, 64, 32, 1], activation="tanh", seed=1)
X_cost, y_cost = rng.normal(size=(64, 20)), rng.normal(size=(64, 1))
n_params = sum(p.data.size for p in net.parameters())


def backprop_gradient():
    net.zero_grad()
    y_hat = net.forward(X_cost)
    net.backward(scratch.mse_grad(y_hat, y_cost))


def finite_difference_gradient():
    loss_of_net = lambda _: scratch.mse(net.forward(X_cost), y_cost)
    return [scratch.numerical_gradient(loss_of_net, p.data) for p in net.parameters()]


def seconds(fn, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


t_backprop = seconds(backprop_gradient, repeat=200)
t_fd = seconds(finite_difference_gradient, repeat=1)
ratio = t_fd / t_backprop
print(f"{n_params} parameters")
print(f"one backward pass (with its forward pass): {1e3 * t_backprop:.3f} ms")
print(f"finite differences ({2 * n_params} forward passes): {1e3 * t_fd:.1f} ms, {ratio:.0f} times slower")
""", IGNORE),
    code("""
assert 2_000 <= n_params <= 5_000
assert ratio > 100, f"finite differences only {ratio:.0f}x slower?"

# Extrapolate to a million parameters (the network grown proportionally): each forward or
# backward pass costs ∝ P, and finite differences need 2P of them, so their time grows ∝ P².
P = 1_000_000
scale = P / n_params
t_backprop_1m, t_fd_1m = t_backprop * scale, t_fd * scale**2
print(f"at a million parameters: backprop ≈ {t_backprop_1m:.2f} s, finite differences ≈ {t_fd_1m / 3600:.0f} hours per step")
assert t_fd_1m > 3600 and t_backprop_1m < 1  # hours of wiggling against a fraction of a second
""", IGNORE),
    code("""
descent.plot_gradient_cost(n_params, t_fd, t_backprop, target_params=1_000_000)
plt.show()
"""),
    md(r"""
Finite differences need $2P$ forward passes per training step; at a million parameters that is
hours per step instead of a fraction of a second, and a network trains for thousands of steps.
Backpropagation is what turns "months" into "minutes".
"""),
]


NAMED = {"EXPLORER_LR": EXPLORER_LR, "EXPLORER_FLOW": EXPLORER_FLOW, "SCRATCH_CHECK": SCRATCH_CHECK, "COST": COST}

if __name__ == "__main__":
    write("05_backprop.ipynb", expand(cells, NAMED))
