"""Build notebooks/02_perceptron.ipynb (run: python tools/nb_build/nb02.py)."""

from nbtools import code, explorer_cells, md, write

cells = [
md(r"""
# 02 · The perceptron

In notebook 01 *we* chose the weights. The perceptron (Rosenblatt, 1958) is the first
neuron that **learns** them from examples, with a rule so simple you can run it by
hand. It also has a famous blind spot, XOR, and seeing why is the best argument for
networks with more than one layer.

**You will learn to**
- predict with a step-function neuron and draw its decision boundary, the line $\mathbf{w}^\top\mathbf{x} + b = 0$;
- apply the perceptron learning rule $\mathbf{w} \leftarrow \mathbf{w} + \eta\,(y - \hat y)\,\mathbf{x}$ and watch it converge;
- explain why no single perceptron can solve XOR, and solve it with two layers: by hand, then by training in PyTorch.

**Time:** about 45 minutes to work through · about 10 seconds to run.
"""),
code("""
import inspect

import numpy as np
import torch
import matplotlib.pyplot as plt

from course_utils import scratch, checks
from course_utils.datasets import separable_points, xor_points, XOR_X, XOR_Y, SEPARABLE_W, SEPARABLE_B
from course_utils.seeding import set_seed
from course_utils.plots.perceptron import draw_boundary, plot_training, plot_decision_regions
import course_utils.checks.perceptron

rng = set_seed(0)
"""),
md(r"""
## 1. A neuron that answers yes or no

The perceptron is the neuron of notebook 01 with the harshest activation of all, the
**step function**: output 1 if the weighted sum is positive, otherwise 0.

$$
\hat y = \operatorname{step}\Big(b + \sum_{i=1}^n w_i x_i\Big) =
\begin{cases} 1 & \text{if } \mathbf{w}^\top\mathbf{x} + b > 0,\\ 0 & \text{otherwise.}\end{cases}
$$

![The perceptron: weighted inputs, a sum with bias, then a step](../assets/perceptron.png)

The points where $\mathbf{w}^\top\mathbf{x} + b = 0$ form the **decision boundary**. In two
dimensions it is the line $w_1x_1 + w_2x_2 + b = 0$; in $n$ dimensions it is a flat
$(n-1)$-dimensional *hyperplane*. $\mathbf{w}$ is perpendicular to it and points towards
class 1; $b$ slides it. A perceptron can only ever draw one such straight cut.

### Exercise 1: predict

Write `predict(X, w, b)` for a batch: `X` has shape $(n, d)$, `w` shape $(d,)$,
`b` is a number. Return an array of $n$ labels, 1 where the score is $> 0$, else 0.
"""),
code("""
def predict(X, w, b):
    \"\"\"Perceptron labels: 1 where X @ w + b > 0, else 0. X (n, d), w (d,) -> (n,).\"\"\"
    ### BEGIN SOLUTION
    return (X @ w + b > 0).astype(int)
    ### END SOLUTION
"""),
code("checks.perceptron.check_predict(predict)"),
md(r"""
## 2. The learning rule

Start from any weights (zeros are fine) and visit the examples one by one. For each
example $(\mathbf{x}, y)$ predict $\hat y$, then nudge the weights by the error $y - \hat y$:

$$
\mathbf{w} \leftarrow \mathbf{w} + \eta\,(y - \hat y)\,\mathbf{x}, \qquad b \leftarrow b + \eta\,(y - \hat y).
$$

- Right answer: $y - \hat y = 0$, nothing changes.
- Missed a 1 ($y = 1, \hat y = 0$): $\mathbf{w}$ moves *towards* $\mathbf{x}$, so $\mathbf{w}^\top\mathbf{x}$ grows: next time the score is higher.
- False alarm ($y = 0, \hat y = 1$): $\mathbf{w}$ moves *away* from $\mathbf{x}$.

$\eta$ is the **learning rate**, the step size. One pass over all examples is an **epoch**.

### Exercise 2: one update

Write `perceptron_update(w, b, x, y, lr)` returning the new `(w, b)` after seeing one
example `x` (shape $(d,)$) with label `y`. Don't modify `w` in place; return new values.
"""),
code("""
def perceptron_update(w, b, x, y, lr):
    \"\"\"One step of the perceptron rule; returns (w_new, b_new).\"\"\"
    ### BEGIN SOLUTION
    y_hat = 1 if x @ w + b > 0 else 0
    error = y - y_hat
    return w + lr * error * x, b + lr * error
    ### END SOLUTION
"""),
code("checks.perceptron.check_perceptron_update(perceptron_update)"),
md(r"""
The package's `scratch.Perceptron` uses the same rule. Here is its update, the real source:
"""),
code("print(inspect.getsource(scratch.Perceptron.step_once))"),
md(r"""
## 3. Training on separable data

`separable_points` draws 2-D points that one line separates, with an empty strip
(a *margin*) around that line. We train one epoch at a time, keeping the weights after
each epoch so that we can draw the boundary moving.
"""),
code("""
X, y = separable_points(n=100, seed=0)
perceptron = scratch.Perceptron(n_features=2, lr=1.0)     # starts from w = 0, b = 0

snapshots, mistakes = [], []
for epoch in range(20):
    mistakes.append(perceptron.fit_epoch(X, y))
    snapshots.append((perceptron.w.copy(), perceptron.b))
    if mistakes[-1] == 0:
        break

print("mistakes per epoch:", mistakes)
print("final w =", perceptron.w.round(3), " b =", round(perceptron.b, 3))
assert mistakes[-1] == 0 and np.all(perceptron.predict(X) == y)
"""),
md(r"""
<details><summary>The same loop in pseudocode</summary>

```text
w = 0, b = 0
REPEAT for each epoch:
    mistakes = 0
    FOR EACH example (x, y):
        y_hat = 1 IF w·x + b > 0 ELSE 0
        IF y_hat != y:
            w = w + lr * (y - y_hat) * x
            b = b + lr * (y - y_hat)
            mistakes = mistakes + 1
    STOP IF mistakes == 0
```
</details>
"""),
code("""
fig = plot_training(snapshots, X, y, mistakes, max_panels=3)
plt.show()
"""),
md(r"""
The boundary jumps around while mistakes happen and stops as soon as an epoch has none:
from then on every $y - \hat y$ is 0.

**Perceptron convergence theorem** (Novikoff, 1962). Fold the bias into the weights,
$\mathbf{u} = (\mathbf{w}, b)$ and $\tilde{\mathbf{x}} = (\mathbf{x}, 1)$. If some unit vector
$\mathbf{u}^*$ separates the classes with margin $\gamma > 0$ (every point satisfies
$\pm\,\mathbf{u}^{*\top}\tilde{\mathbf{x}} \ge \gamma$ on its correct side) and every
$\|\tilde{\mathbf{x}}\| \le R$, then the perceptron started from zero makes at most
$(R/\gamma)^2$ mistakes in total, whatever the order of the examples. Our data was made
with a known separating line, so we can compute that bound and compare.
"""),
code("""
u_star = np.append(SEPARABLE_W, SEPARABLE_B)
u_star = u_star / np.linalg.norm(u_star)
X_tilde = np.column_stack([X, np.ones(len(X))])
gamma = np.min(np.abs(X_tilde @ u_star))
R = np.max(np.linalg.norm(X_tilde, axis=1))
bound = (R / gamma) ** 2
print(f"margin gamma = {gamma:.4f}, R = {R:.4f}: at most {bound:.0f} mistakes; made {sum(mistakes)}")
assert sum(mistakes) <= bound
"""),
*explorer_cells(r"""
### Explore: step through training

Press *step* to apply the rule to one example, or *epoch* for a whole pass; the
boundary and the circled mistakes are redrawn. The XOR data on the right never settles.
""", "perceptron", "PerceptronStepper", "stepper", "seed=0"),
md(r"""
## 4. XOR: where one line is not enough

XOR ("exclusive or") outputs 1 when exactly one of its two inputs is 1:

| $x_1$ | $x_2$ | XOR |
|---|---|---|
| 0 | 0 | 0 |
| 0 | 1 | 1 |
| 1 | 0 | 1 |
| 1 | 1 | 0 |

Let us run the same rule on the four corners for 100 epochs.
"""),
code("""
xor_perceptron = scratch.Perceptron(n_features=2, lr=1.0)
xor_mistakes = xor_perceptron.fit(XOR_X, XOR_Y, epochs=100)
print("epochs run:", len(xor_mistakes), " mistakes in the last five epochs:", xor_mistakes[-5:])
print("fewest mistakes in any epoch:", min(xor_mistakes))
assert len(xor_mistakes) == 100 and min(xor_mistakes) > 0
"""),
code("""
fig, ax = plt.subplots(figsize=(4.2, 3.8))
n_wrong = draw_boundary(ax, xor_perceptron.w, xor_perceptron.b, XOR_X.astype(float), XOR_Y,
                        title="XOR after 100 epochs: still wrong")
plt.show()
print("corners misclassified by the final line:", n_wrong)
assert n_wrong >= 1
"""),
md(r"""
It never reaches zero mistakes, and no learning rate or number of epochs would help,
because **no line separates the two classes**. Suppose one did: $\hat y = 1$ for
$(0,1)$ and $(1,0)$ means $w_2 + b > 0$ and $w_1 + b > 0$; adding them,
$w_1 + w_2 + 2b > 0$. But $\hat y = 0$ for $(0,0)$ and $(1,1)$ means $b \le 0$ and
$w_1 + w_2 + b \le 0$; adding them, $w_1 + w_2 + 2b \le 0$. A contradiction.
(The convergence theorem does not apply: there is no margin $\gamma > 0$.)

## 5. Two layers solve XOR

XOR is "OR but not AND". Each of OR and AND *is* linearly separable, so one
perceptron each can compute them, and a third combines their answers:

$$
h_1 = \operatorname{step}(x_1 + x_2 - 0.5)\ \text{(OR)},\qquad
h_2 = \operatorname{step}(x_1 + x_2 - 1.5)\ \text{(AND)},\qquad
\hat y = \operatorname{step}(h_1 - h_2 - 0.5).
$$

That is a network with a hidden layer of two neurons, weights set by hand:
"""),
code("""
W1 = np.array([[1.0, 1.0],     # column 0: OR neuron, column 1: AND neuron
               [1.0, 1.0]])
b1 = np.array([-0.5, -1.5])
w2, b2 = np.array([1.0, -1.0]), -0.5

def two_layer_xor(X):
    H = scratch.step(X @ W1 + b1)      # (n, 2): [OR, AND]
    return scratch.step(H @ w2 + b2)   # (n,)

print("hidden layer on the corners:\\n", scratch.step(XOR_X @ W1 + b1))
print("output:", two_layer_xor(XOR_X), " XOR:", XOR_Y)
assert np.array_equal(two_layer_xor(XOR_X), XOR_Y)
"""),
code("""
X_xor, y_xor = xor_points(n=200, noise=0.1, seed=0)
hand_accuracy = np.mean(two_layer_xor(X_xor) == y_xor)
plot_decision_regions(two_layer_xor, X_xor, y_xor, title=f"Hand-set two-layer network: accuracy {hand_accuracy:.2f}")
plt.show()
assert hand_accuracy > 0.95
"""),
md(r"""
The hidden layer bends the problem: in the $(h_1, h_2)$ coordinates the four corners
*are* linearly separable. The catch: step functions have zero slope almost everywhere,
so there is no gradient telling us how to change $W_1$. With a smooth activation
(here $\tanh$) PyTorch can *learn* such weights by gradient descent. The training loop
below is the pattern you will meet in every notebook from now on: forward, loss,
backward, step (notebooks 04 and 05 explain each part).
"""),
code("""
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
loss_fn = torch.nn.BCEWithLogitsLoss()          # sigmoid + binary cross-entropy (notebook 04)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
X_t = torch.tensor(X_xor, dtype=torch.float32)
y_t = torch.tensor(y_xor, dtype=torch.float32).unsqueeze(1)

for step in range(300):
    optimizer.zero_grad()
    loss = loss_fn(model(X_t), y_t)
    loss.backward()
    optimizer.step()

def torch_predict(P):
    with torch.no_grad():
        return (model(torch.tensor(P, dtype=torch.float32)) > 0).int().numpy().ravel()

torch_accuracy = np.mean(torch_predict(X_xor) == y_xor)
print(f"final loss {loss.item():.4f}, accuracy {torch_accuracy:.3f}, corners -> {torch_predict(XOR_X)}")
assert torch_accuracy > 0.95 and np.array_equal(torch_predict(XOR_X), XOR_Y)
"""),
md(r"""
<details><summary>The training loop in pseudocode</summary>

```text
model = LINEAR(2, 8) -> TANH -> LINEAR(8, 1)
REPEAT 300 times:
    ZERO the gradients
    loss = BCE(model(X), y)        # forward pass and loss
    BACKWARD(loss)                 # gradient of the loss for every weight
    STEP: every weight moves a little against its gradient
```
</details>
"""),
code("""
plot_decision_regions(torch_predict, X_xor, y_xor, title="A learned 2-8-1 network on XOR")
plt.show()
"""),
md(r"""
## Check your understanding

1. A perceptron has $\mathbf{w} = [2, -1]$, $b = 0$. It sees $\mathbf{x} = [1, 3]$ with label $y = 1$. What does it predict, and what are $\mathbf{w}, b$ after one update with $\eta = 1$?
2. Why does the perceptron rule fail on XOR even after many epochs?
3. Why can't we train the hand-built XOR network with gradients, and what did we change so that PyTorch could?

<details><summary>Answer 1</summary>

Score $2\cdot1 - 1\cdot3 + 0 = -1 \le 0$, so $\hat y = 0$: a mistake. Update with $y - \hat y = 1$:
$\mathbf{w} = [2, -1] + [1, 3] = [3, 2]$, $b = 1$. (New score $3 + 6 + 1 = 10 > 0$.)
</details>

<details><summary>Answer 2</summary>

The rule can only produce a line, and no line puts $(0,1), (1,0)$ on one side and $(0,0), (1,1)$ on the other
(the two inequalities above contradict each other). Some example is always misclassified, so the
weights keep moving forever.
</details>

<details><summary>Answer 3</summary>

The step function is flat (slope 0) everywhere except at 0, where it jumps: its gradient says nothing about which way
to move the weights. Replacing it with a smooth activation ($\tanh$ in the hidden layer, a sigmoid inside the loss)
gives useful gradients.
</details>

## Big ideas

- A perceptron draws one straight boundary, $\mathbf{w}^\top\mathbf{x} + b = 0$, and learns it by nudging the weights after every mistake.
- On linearly separable data it provably stops making mistakes; on XOR it never does.
- A hidden layer changes the coordinates so that a line works again: that is why networks have layers.
- To *learn* hidden layers we need smooth activations and gradients.

**Next:** [03 · Activation functions](03_activations.ipynb): which smooth functions, and why it matters.
"""),
]

write("02_perceptron.ipynb", cells)
