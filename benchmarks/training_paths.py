"""The MNIST training paths the benchmark compares, all on the 784-120-84-10 MLP.

Every path trains with batch 100 and Adam(lr=1e-3) from the same initial
weights, so per epoch they do the same arithmetic and differ only in how fast
they get it done. A path is a generator: each ``next()`` trains one more
epoch and yields (training seconds, test accuracy), so the runner can let the
paths take turns epoch by epoch and a change in the machine's load hits them
alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from course_utils.mnist import load_mnist, resolve_root
from course_utils.models import MultilayerPerceptron
from course_utils.training import evaluate, fit, make_optimizer, shuffled_batches, train_epoch
from course_utils.training_data import as_tensors

BATCH, LR = 100, 1e-3
Epochs = Iterator[tuple[float, float]]  # yields (seconds, test accuracy) once per epoch
CPU = torch.device("cpu")


@dataclass
class Result:
    name: str
    seconds: list[float] = field(default_factory=list)   # training time of each epoch
    accuracy: list[float] = field(default_factory=list)  # test accuracy after each epoch
    note: str = ""
    shared_epochs: int | None = None  # set by take_turns: epochs every path ran in turns

    @property
    def per_epoch(self) -> float:
        """Median seconds per epoch; over the epochs run in turns only, when there were turns."""
        return float(np.median(self.seconds[:self.shared_epochs]))

    def time_to(self, target: float) -> float | None:
        """Training seconds until the test accuracy first reaches ``target`` (None if never)."""
        for epoch, acc in enumerate(self.accuracy):
            if acc >= target:
                return float(sum(self.seconds[:epoch + 1]))
        return None


def take_turns(paths: dict[str, tuple[Callable[[], Epochs], int]]) -> list[Result]:
    """Run the paths epoch by epoch in rotation; ``paths`` maps name -> (start, epochs)."""
    running = {name: (start(), epochs) for name, (start, epochs) in paths.items()}
    shared = min(epochs for _, epochs in running.values())
    results = {name: Result(name, shared_epochs=shared) for name in paths}
    for epoch in range(max(epochs for _, epochs in running.values())):
        for name, (epochs_iter, epochs) in running.items():
            if epoch < epochs:
                seconds, accuracy = next(epochs_iter)
                results[name].seconds.append(seconds)
                results[name].accuracy.append(accuracy)
    return list(results.values())


def fresh_model(seed: int = 0) -> MultilayerPerceptron:
    torch.manual_seed(seed)
    return MultilayerPerceptron()


def mnist(n_train: int | None, n_test: int | None):
    """(train, test) MNISTSplits, cut to the first n samples in quick mode."""
    train, test = load_mnist()
    cut = lambda split, n: split if n is None else type(split)(split.images[:n], split.labels[:n])  # noqa: E731
    return cut(train, n_train), cut(test, n_test)


def dataloader_loop(n_train: int | None, n_test: int | None) -> Epochs:
    """The usual PyTorch loop: torchvision MNIST with ToTensor, a shuffling DataLoader."""
    from torch.utils.data import DataLoader, Subset
    from torchvision import datasets, transforms

    root = str(resolve_root())
    train = datasets.MNIST(root, train=True, transform=transforms.ToTensor())
    test = datasets.MNIST(root, train=False, transform=transforms.ToTensor())
    if n_train is not None:
        train, test = Subset(train, range(n_train)), Subset(test, range(n_test))
    loader = DataLoader(train, batch_size=BATCH, shuffle=True, generator=torch.Generator().manual_seed(0))
    model = fresh_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    while True:
        start = time.perf_counter()
        for images, labels in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(images.view(len(images), -1)), labels)
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        yield seconds, _loader_accuracy(model, test)


@torch.no_grad()
def _loader_accuracy(model, test) -> float:
    from torch.utils.data import DataLoader

    correct = sum((model(x.view(len(x), -1)).argmax(1) == t).sum().item() for x, t in DataLoader(test, batch_size=1000))
    return correct / len(test)


def whole_tensor(train, test, *, gather: str, fused: bool) -> Epochs:
    """The plain whole-tensor loop, one speed-up at a time (to see where the time goes)."""
    X, y = train.as_float(), train.labels
    model = fresh_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, fused=fused or None)
    generator = torch.Generator().manual_seed(0)
    while True:
        start, total = time.perf_counter(), 0.0
        for index in torch.randperm(len(X), generator=generator).split(BATCH):
            if gather == "index_select":
                X_batch, y_batch = X.index_select(0, index), y.index_select(0, index)
            else:
                X_batch, y_batch = X[index], y[index]
            loss = F.cross_entropy(model(X_batch), y_batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()  # the usual habit: one .item() per step
        seconds = time.perf_counter() - start
        yield seconds, evaluate(model, test)


def fit_epochs(train, test, seed: int = 0) -> Epochs:
    """``fit`` with its defaults, one epoch per turn: the same calls fit makes, in the same order.

    (``fit`` itself runs all its epochs in one call; ``fit_matches`` checks
    that this generator reproduces it exactly.)
    """
    model = fresh_model()
    X, y = as_tensors(train, "train", model)
    optimizer = make_optimizer("adam", model.parameters(), LR, CPU)
    generator = torch.Generator().manual_seed(seed)
    while True:
        start = time.perf_counter()
        train_epoch(model, optimizer, X, y, shuffled_batches(len(X), BATCH, generator, CPU))
        seconds = time.perf_counter() - start
        yield seconds, evaluate(model, test)


def fit_matches(train, test, epochs: int = 1) -> bool:
    """True when ``fit`` and ``fit_epochs`` reach the same test accuracies."""
    history = fit(fresh_model(), train, epochs=epochs, lr=LR, val_data=test, progress=False, device=CPU)
    mirror = fit_epochs(train, test)
    return history.val_acc == [next(mirror)[1] for _ in range(epochs)]


def two_threads(train, test, n: int = 6_000) -> Result:
    """``fit`` on 2 torch threads, timed on the first ``n`` images and scaled to a full epoch.

    Only a slice: on a shared 2-core machine two threads can be tens of times
    slower than one, and a full epoch would stall the whole run.
    """
    part = type(train)(train.images[:n], train.labels[:n])
    torch.set_num_threads(2)
    try:
        history = fit(fresh_model(), part, epochs=1, lr=LR, progress=False, device=CPU)
    finally:
        torch.set_num_threads(1)
    return Result(f"fit, 2 torch threads (timed on {len(part):,} images)",
                  [s * len(train) / len(part) for s in history.seconds])


def scratch(epochs: int, train, test) -> Result:
    """The NumPy-from-scratch MLP (float32, Adam) through ``scratch.train_mlp``, all epochs in one call."""
    name = "NumPy from scratch (scratch.train_mlp)"
    try:
        from course_utils.scratch import MLP, train_mlp
    except ImportError as err:
        return Result(name, note=f"skipped: {err}")
    X, y = train.numpy()
    X_test, y_test = test.numpy()
    model = MLP([784, 120, 84, 10], seed=0, dtype=np.float32)
    history = train_mlp(model, X, y, epochs=epochs, lr=LR, batch_size=BATCH, seed=0,
                        X_val=X_test, y_val=y_test, progress=False)
    return Result(name, history.seconds, history.val_acc)
