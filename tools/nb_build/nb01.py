"""Build notebooks/01_neuron.ipynb (run: python tools/nb_build/nb01.py)."""

from nbtools import code, explorer_cells, md, write

cells = [
md(r"""
# 01 · The neuron

Every neural network, from a digit reader to a model of interatomic forces, is
built from one small part repeated many times: the **artificial neuron**. If you
understand what one neuron computes, the rest of the course is stacking,
training and measuring.

**You will learn to**
- say in words and in maths what a neuron computes: $y = \sigma(\mathbf{w}^\top\mathbf{x} + b)$;
- compute one by hand, then in NumPy for a whole batch, then in PyTorch;
- read weights ("how much does this input matter?") and the bias ("where does the decision flip?");
- copy weights into `nn.Linear` and get the same numbers (its weight is stored as *(out, in)*).

**Time:** about 40 minutes to work through · about 10 seconds to run.
"""),
code("""
import inspect
import math

import numpy as np
import torch
import matplotlib.pyplot as plt

from course_utils import scratch, checks
from course_utils.datasets import pass_fail_students
from course_utils.seeding import set_seed
from course_utils.plots.neuron import plot_output_surface
import course_utils.checks.neuron

rng = set_seed(0)  # Python, NumPy and torch seeded; torch on one thread
"""),
md(r"""
## 1. From a brain cell to a formula

A biological neuron collects signals from other cells through its dendrites. Some
connections excite it strongly, others weakly. The cell body adds everything up,
and if the total passes a threshold the neuron *fires* a signal down its axon to
the next cells, which may fire in turn.

The artificial neuron keeps that recipe but works with real numbers instead of
"fire / don't fire":

1. each input $x_i$ is multiplied by a **weight** $w_i$: how much that input matters (negative weights argue against);
2. the products are added up, plus a **bias** $b$ that shifts where the decision flips;
3. an **activation function** $\sigma$ turns the total into the output.

$$
y = \sigma\Big(\sum_{i=1}^{n} w_i x_i + b\Big) = \sigma(\mathbf{w}^\top \mathbf{x} + b)
$$

We call $z = \mathbf{w}^\top\mathbf{x} + b$ the neuron's **pre-activation**. A network
arranges neurons in layers: an *input layer* where the data comes in, *hidden layers*
where the computation happens, and an *output layer* that gives the answer.

![A small network: two inputs, a hidden layer of three ReLU neurons and one sigmoid output](../assets/basic_nn.png)
"""),
md(r"""
## 2. A worked example by hand: will this student pass?

Two inputs describe a student: $x_1$ = hours studied $= 5$ and $x_2$ = hours slept $= 7$.
We pick weights $\mathbf{w} = [0.1, 0.2]$ and bias $b = 0.5$ (arbitrary for now:
training will choose them later). The pre-activation is a dot product plus the bias:

$$
z = x_1 w_1 + x_2 w_2 + b = 5 \cdot 0.1 + 7 \cdot 0.2 + 0.5 = 2.4
$$

![The dot product of the worked example, one product at a time](../assets/dot_prod.png)

In plain Python, no libraries:
"""),
code("""
inputs = [5.0, 7.0]     # hours studied, hours slept
weights = [0.1, 0.2]
bias = 0.5

z = inputs[0] * weights[0] + inputs[1] * weights[1] + bias
print(f"z = {z:.4f}")
assert math.isclose(z, 2.4)
"""),
md(r"""
<details><summary>The whole neuron in pseudocode</summary>

```text
z = x1 * w1 + x2 * w2 + b        # weighted sum plus bias
h = MAX(0, z)                     # ReLU
p = 1 / (1 + EXP(-h))             # sigmoid: a probability
```
</details>
"""),
md(r"""
### The activation: ReLU

Without an activation, the neuron is only a weighted sum: a straight line (or plane).
The simplest nonlinear choice is the **rectified linear unit**:

$$
\mathrm{ReLU}(z) = \max(0, z)
$$

Positive totals pass through unchanged, negative ones become 0.

![ReLU: zero for negative inputs, the identity for positive ones](../assets/relu.png)
"""),
code("""
def relu(z):
    return max(0.0, z)

hidden = relu(z)
print(f"relu({z:.1f}) = {hidden:.4f},  relu(-1.3) = {relu(-1.3):.4f}")
assert hidden == z and relu(-1.3) == 0.0
assert scratch.relu(np.array([z, -1.3])).tolist() == [hidden, 0.0]   # the package agrees
"""),
md(r"""
### The output: sigmoid, read as a probability

Pass/fail is a yes/no question, so we want an output between 0 and 1 that we can
read as "probability of passing". The **sigmoid** squashes any real number into $(0, 1)$:

$$
\sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma(0) = 0.5,\quad \sigma(z) \to 1 \text{ as } z \to \infty .
$$
"""),
code("""
def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))

p_pass = sigmoid(hidden)
print(f"sigmoid({hidden:.1f}) = {p_pass:.4f}  ->  about a {p_pass:.0%} chance of passing")
assert abs(p_pass - 0.917) < 5e-4
"""),
md(r"""
That little `sigmoid` has a trap: `math.exp(-z)` overflows for a large negative
$z$ (try `sigmoid(-1000)`: `OverflowError`). The package's version avoids
computing $e^{-z}$ for negative $z$. This is its real source:
"""),
code("""
print(inspect.getsource(scratch.sigmoid))
print("scratch.sigmoid([-1000, 2.4, 1000]) =", scratch.sigmoid(np.array([-1000.0, 2.4, 1000.0])).round(4))
assert np.isclose(scratch.sigmoid(np.array(2.4)), p_pass)
"""),
md(r"""
### Exercise 1: the weighted sum

Write `weighted_sum(inputs, weights, bias)` for plain Python lists of any length:
multiply each input by its weight, add the products, add the bias. (No NumPy yet.)
"""),
code("""
def weighted_sum(inputs, weights, bias):
    \"\"\"sum_i inputs[i] * weights[i] + bias, for two lists of the same length.\"\"\"
    ### BEGIN SOLUTION
    total = 0.0
    for x_i, w_i in zip(inputs, weights):
        total += x_i * w_i
    return total + bias
    ### END SOLUTION
"""),
code("checks.neuron.check_weighted_sum(weighted_sum)"),
md(r"""
## 3. Many students at once: NumPy

A real data set has many students. Stack them as the rows of a matrix
$X$ of shape $(n, 2)$; then one matrix–vector product computes every
pre-activation at once:

$$
\mathbf{z} = X\mathbf{w} + b, \qquad X \in \mathbb{R}^{n\times 2},\ \mathbf{w}\in\mathbb{R}^{2},\ \mathbf{z}\in\mathbb{R}^{n}.
$$

`pass_fail_students` gives 200 made-up students (hours studied, hours slept) and
whether each passed. Their pass chance grows with both inputs, studying counting more.
"""),
code("""
X, y = pass_fail_students(n=200, seed=0)
w = np.array(weights)
z_all = X @ w + bias                 # (200, 2) @ (2,) + scalar -> (200,)
p_all = scratch.sigmoid(scratch.relu(z_all))

print("X shape:", X.shape, " z shape:", z_all.shape)
print("first three students:", X[:3].round(2).tolist())
print("their probability of passing:", p_all[:3].round(4))
# the batch computation agrees with the one-at-a-time loop
by_hand = [X[i, 0] * weights[0] + X[i, 1] * weights[1] + bias for i in range(3)]
assert np.allclose(z_all[:3], by_hand)
"""),
md(r"""
These weights were made up, so how good are they? A prediction is "pass" when the
output is above 0.5. With $\mathbf{w} = [0.1, 0.2]$, $b = 0.5$ every student gets $z > 0$,
so the neuron says "pass" to everybody: it is only right as often as students happen to pass.
The data set was generated from $z = 1.5\,(\text{studied} - 5) + (\text{slept} - 6)$,
that is $\mathbf{w} = [1.5, 1]$, $b = -13.5$; those weights do much better.
"""),
code("""
def accuracy(w, b):
    predicted_pass = scratch.sigmoid(X @ w + b) > 0.5
    return np.mean(predicted_pass == (y == 1))

w_good, b_good = np.array([1.5, 1.0]), -13.5
acc_made_up, acc_good = accuracy(w, bias), accuracy(w_good, b_good)
print(f"made-up weights: accuracy {acc_made_up:.3f} (share of students who passed: {y.mean():.3f})")
print(f"good weights:    accuracy {acc_good:.3f}")
assert np.all(X @ w + bias > 0) and acc_made_up == y.mean()
assert acc_good > 0.85
"""),
code("""
fig = plot_output_surface(lambda P: scratch.sigmoid(P @ w_good + b_good), X, y,
                          title="Neuron output with w = [1.5, 1], b = -13.5 (black line: output 0.5)")
plt.show()
"""),
md(r"""
The black line is where $z = 0$: a straight line, because $z$ is linear in the inputs.
Changing the weights tilts it; changing the bias slides it. Try it yourself.
"""),
*explorer_cells(r"""
### Explore: the neuron playground

Move the two weights and the bias, switch the activation, and watch the output for
our student (5 h studied, 7 h slept) and the whole output surface change.
""", "neuron", "NeuronPlayground", "playground"),
md(r"""
### Exercise 2: a whole layer

A layer of $m$ neurons has one weight column per neuron, so its weights form a matrix
$W$ of shape $(d_\text{in}, m)$ and its biases a vector $\mathbf{b}$ of shape $(m,)$:

$$
Z = XW + \mathbf{b}, \qquad X \in \mathbb{R}^{n\times d_\text{in}},\ W\in\mathbb{R}^{d_\text{in}\times m},\ Z\in\mathbb{R}^{n\times m}.
$$

Write `layer_forward(X, W, b)` in NumPy (no activation).
"""),
code("""
def layer_forward(X, W, b):
    \"\"\"Pre-activations of a layer: X (n, d_in), W (d_in, m), b (m,) -> (n, m).\"\"\"
    ### BEGIN SOLUTION
    return X @ W + b
    ### END SOLUTION
"""),
code("checks.neuron.check_layer_forward(layer_forward)"),
md(r"""
## 4. The same neuron in PyTorch

PyTorch works with **tensors** (arrays that can remember how they were computed).
Here is a neuron with ten inputs: a random input row `x` of shape $(1, 10)$, a weight
column `w` of shape $(10, 1)$ and one bias. `requires_grad=True` asks PyTorch to track
the computation so that it can later tell us how the output changes with each weight:
that is what training needs. The activation this time is **SiLU** (also called Swish),
$\mathrm{SiLU}(z) = z\,\sigma(z)$, a smooth cousin of ReLU.
"""),
code("""
x = torch.rand(1, 10)                        # one input with 10 features
w_t = torch.rand(10, 1, requires_grad=True)  # one weight per input
b_t = torch.rand(1, requires_grad=True)      # one bias for the neuron

z_t = x @ w_t + b_t                          # (1, 10) @ (10, 1) + (1,) -> (1, 1)
y_t = torch.nn.functional.silu(z_t)
print(f"z = {z_t.item():.4f},  silu(z) = {y_t.item():.4f}")

# the same numbers from NumPy and the package's SiLU
z_np = x.numpy() @ w_t.detach().numpy() + b_t.detach().numpy()
assert np.allclose(z_np, z_t.detach().numpy(), atol=1e-6)
assert np.allclose(scratch.silu(z_np.astype(np.float64)), y_t.detach().numpy(), atol=1e-6)
"""),
md(r"""
Because we asked for gradients, one call to `backward()` fills `w_t.grad` with
$\partial y / \partial w_i = \mathrm{SiLU}'(z)\,x_i$ (the chain rule; notebook 05 is all about it).
"""),
code("""
y_t.backward()
expected_grad = scratch.silu_grad(z_np.astype(np.float64)) * x.numpy().T   # (10, 1)
print("dy/dw (first three):", w_t.grad[:3, 0].numpy().round(4))
assert np.allclose(w_t.grad.numpy(), expected_grad, atol=1e-6)
"""),
md(r"""
### `nn.Linear`: the layer PyTorch builds for you

Writing `x @ w + b` by hand is fine for one neuron. `torch.nn.Linear(in_features,
out_features)` creates and initialises the weights and bias for a whole layer.
One detail matters when you compare it with our maths: it stores its weight as a
matrix of shape **(out, in)** and computes $x W^\top + b$. To make it compute our
`x @ w_t + b_t`, copy in the *transpose* of `w_t`:
"""),
code("""
layer = torch.nn.Linear(10, 1)
print("nn.Linear(10, 1).weight has shape", tuple(layer.weight.shape), "- ours has shape", tuple(w_t.shape))

with torch.no_grad():                   # copying is not part of any computation to differentiate
    layer.weight.copy_(w_t.T)
    layer.bias.copy_(b_t)

same = torch.allclose(layer(x), x @ w_t + b_t)
print("nn.Linear output equals x @ w + b:", same)
assert same
"""),
md(r"""
### Exercise 3: from weights to an `nn.Linear`

Write `linear_from_weights(w, b)`: given a weight tensor `w` of shape
$(d_\text{in}, d_\text{out})$ (our convention) and a bias `b` of shape $(d_\text{out},)$,
return an `nn.Linear` that computes `x @ w + b`.
"""),
code("""
def linear_from_weights(w, b):
    \"\"\"An nn.Linear computing x @ w + b; w (d_in, d_out), b (d_out,).\"\"\"
    ### BEGIN SOLUTION
    layer = torch.nn.Linear(w.shape[0], w.shape[1])
    with torch.no_grad():
        layer.weight.copy_(w.T)
        layer.bias.copy_(b)
    return layer
    ### END SOLUTION
"""),
code("checks.neuron.check_linear_from_weights(linear_from_weights)"),
md(r"""
## 5. Classification or regression?

Our student neuron answers a yes/no question: that is **classification**, and the
sigmoid turns its output into a probability that we threshold at 0.5. Many
scientific uses of neural networks are instead **regression**: the output is a
number we want as it is, such as the energy of a molecule in atomistic machine
learning, a temperature, or a price. The neuron is the same; only the last step
changes: a regression network leaves its last pre-activation $z$ as the answer
(no sigmoid, no threshold).
"""),
code("""
student = np.array([5.0, 7.0])
z_student = student @ w_good + b_good
print(f"regression-style output (z itself): {z_student:.4f}")
print(f"classification output: P(pass) = {scratch.sigmoid(z_student):.4f} -> {'pass' if z_student > 0 else 'fail'}")
assert np.isclose(z_student, 1.0)
"""),
md(r"""
## Check your understanding

1. A neuron has weights $[0.1, 0.2]$ and bias $0.5$. Which input matters more, and what does the bias do to the decision line?
2. Why is the output of a neuron without activation function limited to a straight-line (plane) decision?
3. `nn.Linear(3, 2)` has a weight of shape $(2, 3)$. Which formula does it compute, and what do you copy into it to get `x @ W + b` with `W` of shape $(3, 2)$?

<details><summary>Answer 1</summary>

Hours slept: its weight is twice as large, so one extra hour of sleep raises $z$ by 0.2,
one extra hour of study by 0.1. The bias moves the line $z = 0$ without tilting it
(here it pushes everyone towards "pass").
</details>

<details><summary>Answer 2</summary>

Without $\sigma$, the output is $z = \mathbf{w}^\top\mathbf{x} + b$, a linear function of the inputs.
The set where it equals a threshold is a line in 2-D (a plane, a hyperplane in more dimensions).
</details>

<details><summary>Answer 3</summary>

It computes $x W_\text{torch}^\top + b$. Copy `W.T` (shape $(2, 3)$) into `layer.weight` and `b` into `layer.bias`.
</details>

## Big ideas

- A neuron is a weighted vote, $z = \mathbf{w}^\top\mathbf{x} + b$, followed by an activation.
- Weights say how much each input matters; the bias shifts where the decision flips.
- The same computation is a loop in Python, one matrix product in NumPy, and `x @ w + b` or `nn.Linear` in PyTorch: the numbers agree.
- Weights we made up are useless; finding good ones is what training is for.

**Next:** [02 · The perceptron](02_perceptron.ipynb): a neuron with a step output and a rule that *learns* its weights.
"""),
]

write("01_neuron.ipynb", cells)
