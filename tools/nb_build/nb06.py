"""Write notebooks/06_mnist_training.ipynb (no outputs; run tools/execute_notebooks.py next)."""

from b_cells import IGNORE, code, expand, md, write

cells = [
md(r"""
# 06 · Training on MNIST

*About 75 minutes to work through; the whole notebook runs in one to two minutes on a laptop CPU.*

Time to put everything together on real data: 70,000 handwritten digits. By the end of this
notebook you will have trained a classifier that reads digits correctly about 98 times in 100,
and you will know why each line of its training loop is there.

**You will be able to**
1. load MNIST and look at it;
2. write the training loop (forward, loss, backward, step) and say what epochs, mini-batches and shuffling are;
3. train a linear model (about 92%) and an MLP (about 97-98%), and read their loss and accuracy curves;
4. spot overfitting on a validation curve and stop early;
5. find where a model goes wrong with a confusion matrix and a look at its mistakes;
6. train the same MLP written from scratch in NumPy and compare it with PyTorch.
"""),
code("""
import inspect

import matplotlib.pyplot as plt
import numpy as np
import torch

from course_utils import scratch
from course_utils.checks import mnist as checks
from course_utils.data import load_mnist
from course_utils.explorers import show_static
from course_utils.explorers.learning_rate import LearningRateExplorer
from course_utils.models import LinearClassifier, MultilayerPerceptron, count_parameters
from course_utils.plots import mnist as plots
from course_utils.seeding import set_seed
from course_utils.training import evaluate, fit, predict

rng = set_seed(0)  # Python, NumPy and torch seeded; one torch thread for repeatable numbers
"""),
md(r"""
## 1. The data

MNIST is a set of 28 × 28 grey-scale images of handwritten digits, each with its label 0-9:
60,000 for training and 10,000 for testing, written by different people. `load_mnist` reads the
files once (through `torchvision`) and keeps each split as two whole tensors: loading all the
pixels into memory up front is what makes the training loops below fast.
"""),
code("""
train, test = load_mnist()
print("training images:", tuple(train.images.shape), train.images.dtype, " labels:", tuple(train.labels.shape))
print("test images:    ", tuple(test.images.shape), test.images.dtype, " labels:", tuple(test.labels.shape))
print("pixel values from", int(train.images.min()), "to", int(train.images.max()))
print("images per digit in the training set:", torch.bincount(train.labels).tolist())

assert len(train) == 60_000 and len(test) == 10_000
assert tuple(train.images.shape[1:]) == (28, 28)
assert set(train.labels.unique().tolist()) == set(range(10))
"""),
code("""
plots.show_digits(train.images[:30], train.labels[:30], title="The first 30 training images and their labels")
plt.show()
"""),
md(r"""
A network takes a vector, so each image is **flattened** into 784 numbers and scaled from
0-255 to 0-1 (`as_float()`). A linear model sees nothing else: no idea that pixel 29 sits just
below pixel 1.
"""),
code("""
X_train, y_train = train.as_float(), train.labels
X_test, y_test = test.as_float(), test.labels
print("X_train:", tuple(X_train.shape), X_train.dtype, f"values in [{X_train.min():.1f}, {X_train.max():.1f}]")
"""),
md(r"""
## 2. The training loop, line by line

Every training step does four things:

1. **forward**: run a mini-batch through the model to get its logits (one score per digit);
2. **loss**: cross-entropy of the logits against the labels (notebook 04);
3. **backward**: `loss.backward()` fills every parameter's `.grad` by backpropagation (notebook 05);
4. **step**: `optimizer.step()` moves every parameter against its gradient.

Before the backward pass, `optimizer.zero_grad()` clears the previous step's gradients:
PyTorch *adds* new gradients into `.grad`, it does not overwrite them.

Three words describe how we walk through the data:

- a **mini-batch** is a handful of examples (here 100) used for one step: its gradient is a cheap,
  noisy estimate of the gradient over the whole training set;
- an **epoch** is one pass over the whole training set: $60{,}000 / 100 = 600$ steps;
- **shuffling**: each epoch visits the examples in a fresh random order, so the batches are
  different mixes every time (data sorted by label would otherwise give batches of only zeros,
  then only ones, and each step would undo the last).
"""),
code("""
batch_size, num_epochs = 100, 5
steps_per_epoch = int(np.ceil(len(train) / batch_size))
print(f"{steps_per_epoch} steps per epoch, {num_epochs * steps_per_epoch} steps in {num_epochs} epochs")
assert steps_per_epoch == 600
"""),
md(r"""
### Exercise 1 · One epoch of training

Write `train_epoch(model, X, y, optimizer, batch_size, generator)`: one shuffled pass over
`(X, y)` in mini-batches. Shuffle with `order = torch.randperm(len(X), generator=generator)`,
then for each batch of indices `order[start:start + batch_size]` do the four steps above (with
`torch.nn.functional.cross_entropy` as the loss). Return the mean of the mini-batch losses, a float.
"""),
code("""
def train_epoch(model, X, y, optimizer, batch_size, generator):
    \"\"\"One epoch of mini-batch training; returns the mean mini-batch loss.\"\"\"
    ### BEGIN SOLUTION
    order = torch.randperm(len(X), generator=generator)
    losses = []
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
    ### END SOLUTION
"""),
code("checks.check_train_epoch(train_epoch)"),
"FIT_SOURCE",
md(r"""
## 3. A single linear layer

The simplest model: flatten the image and apply one `Linear(784, 10)`: ten weighted sums of
the pixels, one per digit, and the largest wins. Cross-entropy, Adam with learning rate
$10^{-3}$, batches of 100, 5 epochs.

We pass the test set as `val_data` only to *watch* the accuracy after each epoch; nothing is
decided from it. (Choosing settings from the test set would make its score optimistic: that is
what the validation split of section 5 is for.)
"""),
code("""
torch.manual_seed(0)
linear = LinearClassifier()
print(linear)
print("parameters:", count_parameters(linear))
assert count_parameters(linear) == 784 * 10 + 10
"""),
code("""
h_linear = fit(linear, train, epochs=5, lr=1e-3, batch_size=100, seed=0, val_data=test)
""", IGNORE),
code("""
acc_linear = evaluate(linear, test)
print(f"linear model, test accuracy after 5 epochs: {acc_linear:.3f}")
assert 0.91 < acc_linear < 0.935  # "about 92%"
"""),
md(r"""
About 92% with straight decision boundaries. To do better we need what notebooks 02-03 were
about: hidden layers and nonlinearity.

### Exercise 2 · Accuracy

Write `accuracy(logits, labels)`: the fraction of rows whose largest logit is at the true label.
`logits` is a tensor of shape `(N, 10)`, `labels` of shape `(N,)`; return a Python float in [0, 1].
"""),
code("""
def accuracy(logits, labels):
    \"\"\"Fraction of correct predictions: argmax over the classes, compared with the labels.\"\"\"
    ### BEGIN SOLUTION
    return (logits.argmax(dim=1) == labels).float().mean().item()
    ### END SOLUTION
"""),
code("checks.check_accuracy(accuracy)"),
md(r"""
## 4. A multilayer perceptron: 784 → 120 → 84 → 10

Two hidden layers with ReLU:

$$
h_1 = \mathrm{ReLU}(W_1 x + b_1), \qquad h_2 = \mathrm{ReLU}(W_2 h_1 + b_2), \qquad \text{logits} = W_3 h_2 + b_3 .
$$

The model returns **logits**, and `CrossEntropyLoss` applies the log-softmax itself (notebook 04),
so no softmax layer is needed during training; the predicted digit is the largest logit.
"""),
code("print(inspect.getsource(MultilayerPerceptron))"),
code("""
torch.manual_seed(0)
mlp = MultilayerPerceptron(in_sz=784, out_sz=10, layers=(120, 84))
n_mlp = count_parameters(mlp)
print("parameters:", n_mlp)
assert n_mlp == (784 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10)
"""),
code("""
h_mlp = fit(mlp, train, epochs=10, lr=1e-3, batch_size=100, seed=0, val_data=test)
""", IGNORE),
code("""
acc_mlp = evaluate(mlp, test)
print(f"MLP, test accuracy after 10 epochs: {acc_mlp:.3f}")
print(f"errors: {1 - acc_linear:.1%} (linear) → {1 - acc_mlp:.1%} (MLP)")
assert 0.97 < acc_mlp < 0.985  # "about 97-98%"
assert (1 - acc_mlp) < (1 - acc_linear) / 2  # the MLP makes less than half the linear model's mistakes
"""),
code("""
plots.plot_history({"linear": h_linear, "MLP 784-120-84-10": h_mlp}, title="Loss per epoch (validation = test set, watched only)")
plt.show()
"""),
md(r"""
Read the curves: the training loss falls every epoch for both models; the MLP's falls much
lower. The MLP's held-out loss follows it for the first few epochs and then stops improving
while the training loss keeps falling: the model is starting to learn things about the training
images that do not carry over to new ones. The numbers:
"""),
code("""
train_loss, held_out = np.array(h_mlp.train_loss), np.array(h_mlp.val_loss)
print(f"epochs 1 → 5:  training loss {train_loss[0]:.3f} → {train_loss[4]:.3f}, held-out loss {held_out[0]:.3f} → {held_out[4]:.3f}")
print(f"epochs 5 → 10: training loss {train_loss[4]:.3f} → {train_loss[-1]:.3f}, held-out loss between {held_out[4:].min():.3f} and {held_out[4:].max():.3f}")
assert held_out[4] < 0.5 * held_out[0]              # at first both fall
assert train_loss[-1] < 0.5 * train_loss[4]         # later the training loss keeps halving ...
assert held_out[4:].min() > 0.85 * held_out[4]      # ... while the held-out loss no longer improves
"""),
md(r"""
## 5. Overfitting and early stopping

With few examples and a big model, a network can memorise its training set. We train a wide
MLP on only 1,000 training images and watch a **validation set**: 5,000 *other* training
images the model never trains on. (The test set stays untouched.)
"""),
code("""
small = (X_train[:1000], y_train[:1000])
validation = (X_train[-5000:], y_train[-5000:])
torch.manual_seed(0)
big = MultilayerPerceptron(layers=(512, 256))
h_small = fit(big, small, epochs=40, lr=1e-3, batch_size=100, seed=0, val_data=validation)
""", IGNORE),
code("""
best_epoch = int(np.argmin(h_small.val_loss)) + 1
print(f"validation loss: lowest {min(h_small.val_loss):.3f} after epoch {best_epoch}, {h_small.val_loss[-1]:.3f} after epoch 40")
print(f"training loss:   {h_small.train_loss[best_epoch - 1]:.4f} after epoch {best_epoch}, {h_small.train_loss[-1]:.4f} after epoch 40")
assert best_epoch < 20
assert h_small.val_loss[-1] > 1.2 * min(h_small.val_loss)                    # validation loss turned up ...
assert h_small.train_loss[-1] < 0.1 * h_small.train_loss[best_epoch - 1]     # ... while training loss kept falling
"""),
code("""
fig = plots.plot_history({"1,000 images, MLP 784-512-256-10": h_small}, title="Overfitting: training vs validation loss")
fig.axes[0].axvline(best_epoch, color="k", ls=":", label="early stopping")
fig.axes[0].legend(fontsize=8)
plt.show()
"""),
md(r"""
The training loss keeps falling towards zero while the validation loss turns up: the network
is memorising the 1,000 images, noise and all. **Early stopping** keeps the weights from the
epoch where the validation loss was lowest and stops there. Retraining the same seeded model
for exactly that many epochs gets those weights back:
"""),
code("""
torch.manual_seed(0)
stopped = MultilayerPerceptron(layers=(512, 256))
h_stopped = fit(stopped, small, epochs=best_epoch, lr=1e-3, batch_size=100, seed=0, val_data=validation)
""", IGNORE),
code("""
print(f"stopped after epoch {best_epoch}: validation loss {h_stopped.val_loss[-1]:.3f}")
assert np.isclose(h_stopped.val_loss[-1], min(h_small.val_loss), rtol=1e-4)
"""),
md(r"""
Other cures for overfitting: more data (with all 60,000 images, section 4's MLP only began to
overfit after about five epochs, and mildly), a smaller model, and regularisation such as weight
decay and dropout.

## 6. Where does the MLP go wrong?

A **confusion matrix** counts, for every true digit (row), how often the model predicted each
digit (column). The diagonal holds the correct answers; everything else is a mistake, and
*which* mistakes tells us something.
"""),
code("""
y_pred = predict(mlp, test)
cm = plots.confusion_matrix(test.labels.numpy(), y_pred)
assert cm.sum() == 10_000 and np.isclose(np.trace(cm) / cm.sum(), acc_mlp)
off_diagonal = cm - np.diag(np.diag(cm))
true_digit, predicted = np.unravel_index(np.argmax(off_diagonal), cm.shape)
print(f"most frequent mistake: a {true_digit} read as a {predicted} ({off_diagonal.max()} times)")
per_digit = np.diag(cm) / cm.sum(axis=1)
print("hardest digit:", int(np.argmin(per_digit)), f"({per_digit.min():.1%} right); easiest:", int(np.argmax(per_digit)), f"({per_digit.max():.1%} right)")
plots.plot_confusion_matrix(cm)
plt.show()
"""),
code("""
wrong = np.flatnonzero(y_pred != test.labels.numpy())
print(f"{len(wrong)} of 10,000 test digits are misread; here are the first 30 (true → predicted):")
plots.show_digits(test.images[wrong[:30]], test.labels[wrong[:30]], y_pred[wrong[:30]])
plt.show()
"""),
md(r"""
Some of these are hard for people too (a 4 that is nearly a 9, a 9 with an open loop); others
a person would never get wrong: the MLP sees pixels, not
strokes. (Convolutional networks, which know that neighbouring pixels belong together, do
clearly better on images.)

## 7. The same MLP from scratch

Notebook 05's NumPy MLP can train on MNIST too: the same 784-120-84-10 shape, the same
cross-entropy, the same Adam update, written with nothing but NumPy. `scratch.train_mlp` is the
loop of Exercise 1 with NumPy arrays:
"""),
code("print(inspect.getsource(scratch.train.train_mlp))"),
code("""
X_np, y_np = train.numpy()
X_test_np, y_test_np = test.numpy()
net = scratch.MLP([784, 120, 84, 10], activation="relu", seed=0, dtype=np.float32)
h_scratch = scratch.train_mlp(net, X_np, y_np, epochs=10, lr=1e-3, batch_size=100, seed=0,
                              X_val=X_test_np, y_val=y_test_np)
""", IGNORE),
code("""
acc_scratch = scratch.accuracy(net, X_test_np, y_test_np)
print(f"test accuracy after 10 epochs: NumPy from scratch {acc_scratch:.3f}, PyTorch {acc_mlp:.3f}")
assert acc_scratch > 0.97 and abs(acc_scratch - acc_mlp) < 0.01
"""),
code("""
t_torch, t_numpy = np.mean(h_mlp.seconds), np.mean(h_scratch.seconds)
print(f"seconds per epoch: PyTorch {t_torch:.2f}, NumPy from scratch {t_numpy:.2f} (ratio {t_numpy / t_torch:.2f})")
""", IGNORE),
md(r"""
Same accuracy. Compare the speeds printed above (measured on this machine while the notebook
ran, so a busy machine changes them): both spend most of their time in the same few matrix
products, and NumPy and PyTorch call the same kind of optimised routines for those. What
PyTorch adds is everything around them: automatic gradients for any model you can write (no
hand-written `backward`), GPUs, and a library of layers, losses and optimisers.

## 8. The learning rate, on real data

The learning-rate explorer of notebook 05, now on a subset of MNIST: pick a rate, train
briefly, and compare the loss curves. Try $10^{-5}$, $10^{-3}$ and $1$.
"""),
"EXPLORER",
md(r"""
## Check your understanding

1. Why do we call `optimizer.zero_grad()` in every step? What would happen without it?
   <details><summary>Answer</summary>

   `loss.backward()` *adds* each new gradient into `.grad`. Without clearing it, every step would
   use the sum of all gradients so far: steps grow larger and point in stale directions, and
   training goes wrong (Exercise 1's check spots exactly this).
   </details>

2. In section 5 the training loss went to almost zero while the validation loss rose. Which
   of the two numbers tells you how the model will do on new digits, and why?
   <details><summary>Answer</summary>

   The validation loss: it is measured on images the model never trained on, like the new digits
   it will meet. A training loss near zero only says the model memorised its training set.
   </details>

3. The linear model reaches about 92%, the MLP about 98%. What can the MLP do that the linear
   model cannot?
   <details><summary>Answer</summary>

   The linear model's score for each digit is a weighted sum of pixels, so its decision
   boundaries are flat (hyperplanes). The MLP's hidden ReLU layers build intermediate features
   (strokes, loops, combinations of them) and its boundaries can bend. Without the ReLUs, the
   three layers would collapse into one linear map again (notebook 03).
   </details>

4. One epoch with batches of 100 is 600 steps. With batches of 10, how many steps, and would
   the epoch take ten times longer?
   <details><summary>Answer</summary>

   6,000 steps. Not ten times longer in compute (the same number of examples pass through), but
   in practice slower: each step has a fixed overhead, and small batches use the CPU's vector
   units less well. Each step's gradient is also noisier.
   </details>

## Big ideas

- A training loop is four lines repeated: forward, loss, backward, step (after zero_grad).
  Epochs, mini-batches and shuffling say how the data is walked through.
- Depth and nonlinearity buy accuracy: 92% with a linear layer, about 98% with two hidden layers.
- Always watch a held-out curve: when validation loss rises while training loss falls, the model
  is memorising; stop early, or get more data.
- A confusion matrix and a grid of mistakes tell you *how* a model fails, not just how often.
- The NumPy MLP of notebook 05 does the same job as PyTorch: there is no magic, only matrix products and the chain rule.

**Next:** [07 · Depth vs width](07_depth_vs_width.ipynb): for a fixed number of parameters, is
it better to be deep or wide?
"""),
]

FIT_SOURCE = [
    md(r"""
The package's `fit` runs this loop once per epoch, adding a progress bar, a validation pass
after each epoch, and a `History` of the numbers. Its epoch is the same four steps (it keeps
the data as whole tensors and picks batches by index, which makes it fast):
"""),
    code("""
from course_utils import training

print(inspect.getsource(training.train_epoch))
"""),
]

EXPLORER = [
    code("""
lr_explorer = LearningRateExplorer(problem="mnist", seed=0)
lr_explorer
""", IGNORE),
    md("*Without a running kernel (on GitHub, in a PDF) the explorer above is blank; this is its starting picture:*"),
    code("show_static(lr_explorer)"),
]


NAMED = {"FIT_SOURCE": FIT_SOURCE, "EXPLORER": EXPLORER}

if __name__ == "__main__":
    write("06_mnist_training.ipynb", expand(cells, NAMED))
