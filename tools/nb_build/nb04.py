"""Build notebooks/04_loss.ipynb (run: python tools/nb_build/nb04.py)."""

from nbtools import code, md, write

cells = [
md(r"""
# 04 · Loss functions

To improve, a network needs to know how wrong it is, as **one number**. That number is
the **loss** (also called *cost* or *error*). Training means changing the weights to
make it smaller, so the choice of loss decides what "better" means, and, as we will
see, how fast the network can learn from its mistakes.

**You will learn to**
- compute mean squared error (regression) and cross-entropy (classification) by hand, in NumPy and in PyTorch;
- compute softmax and log-softmax without overflow (the log-sum-exp trick);
- explain why sigmoid + MSE learns slowly when a classifier is confidently wrong, and why cross-entropy does not;
- pair PyTorch's losses with the right model outputs (`CrossEntropyLoss` ↔ logits, `NLLLoss` ↔ log-softmax).

**Time:** about 45 minutes to work through · about 15 seconds to run.
"""),
code("""
import inspect

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
import matplotlib.pyplot as plt

from course_utils import scratch, checks
from course_utils.datasets import pass_fail_students
from course_utils.seeding import set_seed
from course_utils.plots.loss import plot_neg_log, plot_gradient_vs_logit, plot_loss_curves
import course_utils.checks.loss

rng = set_seed(0)
"""),
md(r"""
## 1. One number that says how wrong

Forward pass: the network turns inputs into predictions $\hat y$. The loss
$\mathcal{L}(\hat y, y)$ compares them with the true answers $y$: zero when perfect,
larger when worse. Training repeats *predict → measure the loss → adjust the weights a little
to reduce it*, and the loss curve usually drops fast, then flattens out above zero:

![A typical training loss curve](../assets/loss.png)

## 2. Regression: mean squared error

For numbers (an energy, a temperature), square each error and average:

$$
\mathcal{L}_\text{MSE} = \frac{1}{n}\sum_{i=1}^{n} (y_i - \hat y_i)^2 .
$$

For one example the loss is a parabola in the prediction, lowest (zero) at the truth,
and steeper the further away you are. Squaring makes every error positive and
punishes big errors much more than small ones.

![The squared error as a function of the prediction](../assets/mse.png)
"""),
code("""
y_hat = np.array([2.5, 0.0, 2.0, 8.0])
y = np.array([3.0, -0.5, 2.0, 7.0])

by_hand = ((3.0 - 2.5)**2 + (-0.5 - 0.0)**2 + (2.0 - 2.0)**2 + (7.0 - 8.0)**2) / 4
numpy_mse = scratch.mse(y_hat, y)
torch_mse = nn.MSELoss()(torch.tensor(y_hat), torch.tensor(y)).item()
print(f"by hand {by_hand:.4f}   scratch.mse {numpy_mse:.4f}   nn.MSELoss {torch_mse:.4f}")
assert np.isclose(by_hand, 0.375) and np.isclose(numpy_mse, by_hand) and np.isclose(torch_mse, by_hand)
"""),
md(r"""
### Exercise 1: MSE

Write `mse(y_hat, y)` for two NumPy arrays of the same shape; return one number.
"""),
code("""
def mse(y_hat, y):
    \"\"\"Mean squared error over every element.\"\"\"
    ### BEGIN SOLUTION
    return np.mean((y - y_hat) ** 2)
    ### END SOLUTION
"""),
code("checks.loss.check_mse(mse)"),
md(r"""
### A first look at moving downhill

The parabola also shows how training uses a loss. At a prediction (or weight) $p$, the
slope $\partial\mathcal{L}/\partial p$ says which way is uphill, so we step the other way,
scaled by the **learning rate** $\eta$: $p \leftarrow p - \eta\,\partial\mathcal{L}/\partial p$.
The step size matters. Too small and we crawl, wasting time (and, on big models,
expensive GPU hours); too large and every step overshoots the bottom and the loss *grows*.
The two pictures below were drawn by this function of the package (notebook 05 studies it properly):

![Gradient descent with a learning rate that is too small](../assets/lr_low.png)

![Gradient descent with a learning rate that is too large](../assets/high_lr.png)
"""),
code("""
from course_utils.figures import descend_parabola
print(inspect.getsource(descend_parabola))

slow = descend_parabola(lr=0.02, steps=12)      # the first picture: L(p) = p², start at p = -2.5
wild = descend_parabola(lr=1.08, steps=8)       # the second picture
print(f"lr = 0.02: p goes {slow[0]:.2f} -> {slow[-1]:.2f} in 12 steps (minimum at 0)")
print(f"lr = 1.08: |p| goes {abs(wild[0]):.2f} -> {abs(wild[-1]):.2f} in 8 steps, changing sign every step")
assert abs(slow[-1]) > 1.0 and np.all(np.diff(np.abs(wild)) > 0) and np.all(wild[1:] * wild[:-1] < 0)
"""),
md(r"""
## 3. Classification: cross-entropy

A classifier outputs a probability $\hat p_c$ for every class $c$. Cross-entropy looks only
at the probability given to the **true** class $y$:

$$
\mathcal{L}_\text{CE} = -\sum_{c=1}^{C} y_c \log \hat p_c = -\log \hat p_{y}
\qquad(\text{one-hot } y;\ \text{averaged over the batch}).
$$

99% on the right answer costs almost nothing; 1% costs a lot, and the loss grows without
bound as $\hat p_y \to 0$. Cross-entropy punishes *confident* mistakes hardest.
"""),
code("""
confident_right, confident_wrong = -np.log(0.99), -np.log(0.01)
print(f"-log 0.99 = {confident_right:.4f}   -log 0.5 = {-np.log(0.5):.4f}   -log 0.01 = {confident_wrong:.4f}")
assert abs(confident_right - 0.01) < 1e-3 and abs(confident_wrong - 4.6) < 0.01 and abs(-np.log(0.5) - 0.69) < 0.005
fig = plot_neg_log((0.99, 0.01))
plt.show()
"""),
md(r"""
### Softmax: from scores to probabilities

The last layer of a classifier produces raw scores $z_c$, the **logits**. Softmax turns
them into probabilities (positive, summing to 1):

$$
\operatorname{softmax}(\mathbf z)_c = \frac{e^{z_c}}{\sum_j e^{z_j}}, \qquad
\log\operatorname{softmax}(\mathbf z)_c = z_c - \log\sum_j e^{z_j}.
$$

Computed literally, this breaks: $e^{1000}$ overflows to `inf`, and `inf / inf` is `nan`.
The fix uses the fact that softmax does not change when the same number $m$ is
subtracted from every logit. With $m = \max_j z_j$ the largest exponent is $e^0 = 1$:

$$
\log\sum_j e^{z_j} = m + \log\sum_j e^{z_j - m} \qquad\text{(the log-sum-exp trick).}
$$
"""),
code("""
logits = np.array([[1000.0, 0.0, -1000.0],
                   [2.0, 1.0, 0.1]])

def naive_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)

with np.errstate(over="ignore", invalid="ignore"):    # silence the overflow warnings: we show the result
    naive = naive_softmax(logits)
stable = scratch.softmax(logits)
print("naive softmax: ", naive.round(4).tolist())
print("stable softmax:", stable.round(4).tolist())
print("log-softmax:   ", scratch.log_softmax(logits).round(4).tolist())
largest_exponent = np.log(np.finfo(np.float64).max)      # e^z is inf beyond this
print(f"e^z overflows float64 for z > {largest_exponent:.1f}")
assert np.isnan(naive[0]).any() and np.all(np.isfinite(stable)) and 709 < largest_exponent < 710
assert np.allclose(naive[1], stable[1])                                      # same where naive works
assert np.allclose(scratch.log_softmax(logits), torch.log_softmax(torch.tensor(logits), dim=1).numpy())
"""),
md(r"""
The package's log-softmax, the real source:
"""),
code("print(inspect.getsource(scratch.log_softmax))"),
md(r"""
### Exercise 2: cross-entropy from logits

Write `cross_entropy(logits, labels)`: `logits` of shape $(n, C)$, integer `labels` of shape
$(n,)$; return the mean over the batch of $-\log\operatorname{softmax}(\mathbf z_i)_{y_i}$. It must stay
finite for logits like 1000 (use the log-sum-exp trick). Tip: `logp[np.arange(n), labels]`
picks one entry per row.
"""),
code("""
def cross_entropy(logits, labels):
    \"\"\"Mean cross-entropy of integer labels (n,) under logits (n, C).\"\"\"
    ### BEGIN SOLUTION
    m = logits.max(axis=1, keepdims=True)
    log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()
    ### END SOLUTION
"""),
code("checks.loss.check_cross_entropy(cross_entropy)"),
md(r"""
The package's `scratch.cross_entropy` and PyTorch's `F.cross_entropy` agree, also on huge logits:
"""),
code("""
labels = np.array([0, 2])
ours = scratch.cross_entropy(logits, labels)
theirs = F.cross_entropy(torch.tensor(logits), torch.tensor(labels)).item()
print(f"scratch.cross_entropy {ours:.4f}   F.cross_entropy {theirs:.4f}")
assert np.isclose(ours, theirs)
"""),
md(r"""
## 4. Two classes: why not MSE?

For pass/fail the network outputs one logit $z$ and $\hat p = \sigma(z)$ (notebook 01). Two
losses are possible:

$$
\mathcal{L}_\text{MSE} = (\sigma(z) - y)^2, \qquad
\mathcal{L}_\text{BCE} = -\big[y\log\sigma(z) + (1-y)\log(1-\sigma(z))\big].
$$

Training follows the gradient with respect to $z$. By the chain rule, with $\sigma' = \sigma(1-\sigma)$:

$$
\frac{\partial \mathcal{L}_\text{MSE}}{\partial z} = 2(\sigma(z) - y)\,\sigma(z)(1-\sigma(z)), \qquad
\frac{\partial \mathcal{L}_\text{BCE}}{\partial z} = \sigma(z) - y .
$$

Take $y = 1$ and a model that is confidently wrong, $z = -10$: $\sigma(z) \approx 0$, so the MSE
gradient has the factor $\sigma(z)(1-\sigma(z)) \approx 0$ and almost vanishes, just when the model
most needs correcting. The BCE gradient is $\approx -1$: full strength. We compute both with the
package's losses and the chain rule, and check them against autograd:
"""),
code("""
z = np.linspace(-10, 10, 401)
ones = np.ones_like(z)
p = scratch.sigmoid(z)
n = z.size                      # the package's losses average over the n points: undo that per point
grad_mse = n * scratch.mse_grad(p, ones) * scratch.sigmoid_grad(z)
grad_bce = n * scratch.binary_cross_entropy_grad(p, ones) * scratch.sigmoid_grad(z)

z_t = torch.tensor(z, requires_grad=True)
(auto_mse,) = torch.autograd.grad(((torch.sigmoid(z_t) - 1) ** 2).sum(), z_t)
(auto_bce,) = torch.autograd.grad(F.binary_cross_entropy_with_logits(z_t, torch.ones_like(z_t), reduction="sum"), z_t)
assert np.allclose(grad_mse, auto_mse.numpy()) and np.allclose(grad_bce, auto_bce.numpy(), atol=1e-8)

print(f"at z = -10 (true label 1): dMSE/dz = {grad_mse[0]:.2e}, dBCE/dz = {grad_bce[0]:.4f}")
assert abs(grad_mse[0]) < 1e-4 and abs(grad_bce[0]) > 0.99
fig = plot_gradient_vs_logit(z, {"sigmoid + MSE": grad_mse, "sigmoid + BCE": grad_bce},
                             title="Gradient of the loss with respect to the logit")
plt.show()
"""),
md(r"""
### The same thing in training

Now a real pass/fail neuron (inputs standardised to mean 0, spread 1). We start it
*confidently wrong* (weights pointing the wrong way: it fails the good students) and train
it by plain gradient descent, once with MSE and once with BCE, same learning rate and steps.
"""),
code("""
X, y = pass_fail_students(n=200, seed=0)
X = (X - X.mean(axis=0)) / X.std(axis=0)
X_t = torch.tensor(X, dtype=torch.float32)
y_t = torch.tensor(y, dtype=torch.float32).unsqueeze(1)

losses = {
    "sigmoid + MSE": lambda logits: F.mse_loss(torch.sigmoid(logits), y_t),
    "sigmoid + BCE": lambda logits: F.binary_cross_entropy_with_logits(logits, y_t),
}
accuracy = {}
for name, loss_fn in losses.items():
    neuron = nn.Linear(2, 1)
    with torch.no_grad():
        neuron.weight.copy_(torch.tensor([[-4.0, -3.0]]))    # confidently wrong start
        neuron.bias.zero_()
    optimizer = torch.optim.SGD(neuron.parameters(), lr=0.5)
    accuracy[name] = []
    for step in range(200):
        optimizer.zero_grad()
        logits = neuron(X_t)
        loss_fn(logits).backward()
        optimizer.step()
        accuracy[name].append(((logits > 0).float() == y_t).float().mean().item())

for name, acc in accuracy.items():
    print(f"{name}: accuracy after 25 steps {acc[24]:.3f}, after 50 {acc[49]:.3f}, after 200 {acc[-1]:.3f}")
assert accuracy["sigmoid + BCE"][49] > 0.85 and accuracy["sigmoid + MSE"][49] < 0.5
assert accuracy["sigmoid + MSE"][99] < 0.5      # still stuck after a hundred steps
"""),
code("""
fig = plot_loss_curves(accuracy, ylabel="training accuracy", title="Starting confidently wrong: MSE crawls, BCE recovers")
plt.show()
"""),
md(r"""
Both losses would get there eventually, but MSE wastes its first hundred steps
in the flat region of the sigmoid. Cross-entropy's gradient $\sigma(z) - y$ is simply
"prediction minus truth", large when the model is far off.

## 5. PyTorch's pairings: logits, log-softmax and the two losses

- `nn.CrossEntropyLoss` expects **raw logits**; it applies log-softmax itself (stably) and then picks $-\log\hat p_y$.
- `nn.NLLLoss` ("negative log-likelihood") expects **log-probabilities**; it only picks $-\log\hat p_y$.

So a model that returns logits pairs with `CrossEntropyLoss`, and a model that ends in
`log_softmax` (as the MNIST model in one of our lesson texts does) pairs with `NLLLoss`.
Both give the same number:
"""),
code("""
logits_t = torch.randn(5, 10, generator=torch.Generator().manual_seed(0))
targets = torch.tensor([3, 0, 9, 1, 1])

ce = nn.CrossEntropyLoss()(logits_t, targets)
nll = nn.NLLLoss()(F.log_softmax(logits_t, dim=1), targets)
ce_of_log_softmax = nn.CrossEntropyLoss()(F.log_softmax(logits_t, dim=1), targets)
ce_of_softmax = nn.CrossEntropyLoss()(F.softmax(logits_t, dim=1), targets)
print(f"CrossEntropyLoss(logits)      = {ce.item():.4f}")
print(f"NLLLoss(log_softmax(logits))  = {nll.item():.4f}")
print(f"CrossEntropyLoss(log_softmax) = {ce_of_log_softmax.item():.4f}   (same: log-softmax twice changes nothing)")
print(f"CrossEntropyLoss(softmax)     = {ce_of_softmax.item():.4f}   (wrong: probabilities are not logits)")
assert torch.isclose(ce, nll) and torch.isclose(ce, ce_of_log_softmax)
assert not torch.isclose(ce, ce_of_softmax)
"""),
md(r"""
Feeding log-softmax outputs to `CrossEntropyLoss` still trains correctly: log-softmax of
log-probabilities gives them back unchanged (their log-sum-exp is already 0), so the loss
and its gradient are the same. It is still the wrong habit: it normalises twice, it hides
what the model outputs, and the same habit with *softmax* outputs (last line) silently gives a
wrong loss whose gradients are squashed. Rule: **logits → `CrossEntropyLoss`;
log-softmax → `NLLLoss`**. The course's models return logits.

## 6. From-scratch losses and gradients against PyTorch

The package implements every loss with its gradient with respect to its first argument,
using PyTorch's default reduction (the mean). One last check on random inputs, against autograd:
"""),
code("""
def autograd_of(loss_fn, first, *rest):
    first_t = torch.tensor(first, requires_grad=True)
    loss = loss_fn(first_t, *[torch.tensor(r) for r in rest])
    (grad,) = torch.autograd.grad(loss, first_t)
    return loss.item(), grad.numpy()

y_hat_r, y_r = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
p_r, t_r = rng.uniform(0.05, 0.95, size=8), rng.integers(0, 2, size=8).astype(float)
z_r, lab_r = rng.normal(scale=5.0, size=(8, 4)), rng.integers(0, 4, size=8)
cases = {
    "mse": (scratch.mse, scratch.mse_grad, F.mse_loss, (y_hat_r, y_r)),
    "binary_cross_entropy": (scratch.binary_cross_entropy, scratch.binary_cross_entropy_grad, F.binary_cross_entropy, (p_r, t_r)),
    "cross_entropy": (scratch.cross_entropy, scratch.cross_entropy_grad, F.cross_entropy, (z_r, lab_r)),
}
for name, (loss, grad, torch_loss, args) in cases.items():
    torch_value, torch_grad = autograd_of(torch_loss, *args)
    value_err, grad_err = abs(loss(*args) - torch_value), np.abs(grad(*args) - torch_grad).max()
    print(f"{name:>20}: |loss - torch| = {value_err:.0e}   max |grad - autograd| = {grad_err:.0e}")
    assert value_err < 1e-10 and grad_err < 1e-10
"""),
md(r"""
## Check your understanding

1. A model gives the true class probability 0.5. What is its cross-entropy? And if it gives 0.01?
2. Why must softmax be computed with the maximum logit subtracted first? Does subtracting it change the result?
3. Your classifier starts out confidently wrong. Why does sigmoid + MSE learn slowly there, while cross-entropy does not?
4. Your model's `forward` ends in `F.log_softmax`. Which PyTorch loss do you use?

<details><summary>Answer 1</summary>

$-\log 0.5 \approx 0.69$; $-\log 0.01 \approx 4.6$.
</details>

<details><summary>Answer 2</summary>

$e^{z}$ overflows for logits above about 709 (float64), giving `inf/inf = nan`. Subtracting the same $m$
from every logit multiplies numerator and denominator by $e^{-m}$, so the result is unchanged, but now
the largest exponent is $e^0 = 1$.
</details>

<details><summary>Answer 3</summary>

The MSE gradient with respect to the logit contains $\sigma'(z) = \sigma(z)(1-\sigma(z))$, which is almost 0
when $\sigma(z)$ is near 0 or 1, so a confident mistake produces a tiny gradient. The cross-entropy
gradient is $\sigma(z) - y$, which is largest (close to $\pm 1$) exactly then.
</details>

<details><summary>Answer 4</summary>

`nn.NLLLoss`. (`nn.CrossEntropyLoss` expects raw logits; a model returning logits would pair with it.)
</details>

## Big ideas

- A loss turns "how wrong" into one number; training is making that number smaller.
- MSE for regression, cross-entropy ($-\log\hat p_y$) for classification: 0.99 costs 0.01, 0.01 costs 4.6.
- Never exponentiate raw logits: use log-sum-exp (or let `CrossEntropyLoss` do it).
- The loss shapes the gradient: cross-entropy gives "prediction minus truth", strong when the model is confidently wrong.

**Next:** [05 · Backpropagation and gradient descent](05_backprop.ipynb): how the gradient of the loss reaches every weight, and what the learning rate does with it.
"""),
]

write("04_loss.ipynb", cells)
