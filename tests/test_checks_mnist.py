"""The notebook 06 checks pass the course's solutions, name each typical mistake, and never show a traceback."""

import re
from pathlib import Path

import numpy as np

import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from course_utils import training  # noqa: E402
from course_utils.checks import sandbox
from course_utils.checks import mnist  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_mnist_training.md"


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """Every check records progress: in a tmp file, never the repository's."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


# --- Exercise 2: accuracy ---------------------------------------------------------

def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean().item()


def stub(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("check, solution", [
    (mnist.check_accuracy, accuracy),
    (mnist.check_accuracy, mnist.reference_accuracy),
    (mnist.check_train_epoch, mnist.reference_train_epoch),
])
def test_the_course_solutions_pass_and_the_stub_is_not_done_yet(check, solution):
    assert check(solution).passed
    assert check(stub).status == "todo"


# Each typical mistake is a row of the exercise's table (tests/test_check_tables.py runs every row);
# these are written as a student would, another way than the table's code.
ACCURACY_MISTAKES = {
    "logits against labels": (lambda logits, labels: (logits == labels).float().mean().item(), "not the logits"),
    "largest values, not positions": (
        lambda logits, labels: (logits.max(dim=1).values == labels).float().mean().item(),
        "not the logits themselves, nor their largest values"),
    "matches without a mean": (lambda logits, labels: logits.argmax(dim=1) == labels, "return one number"),
    "a constant": (lambda logits, labels: 0.5, "for other logits too"),
    "integer tensor division": (lambda logits, labels: (logits.argmax(dim=1) == labels).sum() // len(labels),
                                "integer division"),
    "a tensor, not a float": (lambda logits, labels: (logits.argmax(dim=1) == labels).float().mean(), ".item()"),
    "a percentage from a loop": (lambda logits, labels: sum(100.0 for row, t in zip(logits, labels)
                                                              if int(row.argmax()) == int(t)) / len(labels),
                                 "percentage"),
}


@pytest.mark.parametrize("name", ACCURACY_MISTAKES)
def test_each_wrong_accuracy_fails_with_its_own_hint(name, capsys):
    mistake, hint = ACCURACY_MISTAKES[name]
    result = mnist.check_accuracy(mistake)
    assert result.status == "fail" and hint in result.message
    assert hint in capsys.readouterr().out


def test_an_accuracy_right_only_for_square_logits_is_named_on_the_other_shape():
    def square_only(logits, labels):
        return (logits.argmax(dim=1) == labels[: logits.shape[1]]).float().mean().item()  # correct only when N == C
    result = mnist.check_accuracy(square_only)
    assert result.status == "fail"
    assert "right for logits of shape (10, 10), but for logits of shape (12, 4)" in result.message


def test_the_accuracy_cases_differ_so_that_a_constant_cannot_pass_two():
    fractions = [accuracy(*case.args) for case in mnist.ACCURACY.cases]
    assert len(set(fractions)) == len(fractions)


@pytest.mark.parametrize("student, fragment", [
    (lambda logits, labels: None, "forget the `return`"),
    (lambda logits, labels: [accuracy(logits, labels)], None),
    (lambda logits, labels: "0.3", "should be a number"),
    (lambda logits, labels: logits.softmax(dim=1), "not a tensor of shape (10, 10)"),
    (lambda logits, labels: 1 / 0, "ZeroDivisionError"),
])
def test_odd_accuracy_results_fail_with_a_message_not_a_traceback(student, fragment):
    result = mnist.check_accuracy(student)
    if fragment is None:  # a one-item list of the right number is a number: accepted
        assert result.passed
    else:
        assert result.status == "fail" and fragment in result.message


def test_accuracy_that_changes_the_logits_in_place_is_named():
    def shifting(logits, labels):
        logits -= logits.max(dim=1, keepdim=True).values
        return accuracy(logits, labels)
    result = mnist.check_accuracy(shifting)
    assert result.status == "fail" and "changed its argument `logits` in place" in result.message


# --- Exercise 1: one training epoch -----------------------------------------------

def make_epoch(zero_grad=True, step=True, order="generator", drop_last=False, train_mode=True,
               backward_on="loss", reduce="per example"):
    """The solution of the notebook with one typical slip switched on."""
    def train_epoch(model, optimizer, X, y, batch_size, generator):
        if train_mode:
            model.train()
        if order == "none":
            perm = torch.arange(len(X))
        else:
            perm = torch.randperm(len(X), generator=None if order == "global" else generator)
        perm_y = torch.randperm(len(X), generator=generator) if order == "twice" else perm
        stop = len(X) - batch_size + 1 if drop_last else len(X)
        losses, sizes = [], []
        for start in range(0, stop, batch_size):
            batch = perm[start:start + batch_size]
            if zero_grad:
                optimizer.zero_grad()
            logits = model(X[batch])
            loss = F.cross_entropy(logits, y[perm_y[start:start + batch_size]])
            (logits.sum() if backward_on == "logits" else loss).backward()
            if step:
                optimizer.step()
            losses.append(loss)
            sizes.append(len(batch))
        values = [loss.item() for loss in losses]
        return {
            "per example": lambda: sum(v * s for v, s in zip(values, sizes)) / len(X),
            "plain mean": lambda: sum(values) / len(values),
            "last": lambda: values[-1],
            "sum": lambda: sum(values),
            "total": lambda: sum(v * s for v, s in zip(values, sizes)),
            "total per batch": lambda: sum(v * s for v, s in zip(values, sizes)) / len(values),
            "sum per example": lambda: sum(values) / len(X),
            "none": lambda: None,
            "list": lambda: values,
            "graph": lambda: sum(loss * s for loss, s in zip(losses, sizes)) / len(X),
            "tensor": lambda: torch.tensor(sum(v * s for v, s in zip(values, sizes)) / len(X)),
        }[reduce]()
    return train_epoch


def test_the_notebooks_own_solution_passes():
    assert mnist.check_train_epoch(make_epoch()).passed


TRAIN_EPOCH_MISTAKES = {
    "no step": (make_epoch(step=False), "the weights never changed"),
    "an order not from the generator": (make_epoch(order="global"), "not drawn from `generator`"),
    "the last batch dropped": (make_epoch(drop_last=True), "the last, smaller batch was left out"),
    "the total divided by the batches": (make_epoch(reduce="total per batch"),
                                         "divided the total by the number of batches"),
    "a forgotten return": (make_epoch(reduce="none"), "is the `return` missing?"),
    "a list of the losses": (make_epoch(reduce="list"), "you returned a list of 5 values"),
    "a tensor carrying its graph": (make_epoch(reduce="graph"), "requires_grad=True"),
    "a tensor, not a float": (make_epoch(reduce="tensor"), "return a Python float, with loss.item()"),
}


@pytest.mark.parametrize("name", TRAIN_EPOCH_MISTAKES)
def test_each_wrong_epoch_fails_with_its_own_hint(name, capsys):
    mistake, hint = TRAIN_EPOCH_MISTAKES[name]
    result = mnist.check_train_epoch(mistake)
    assert result.status == "fail" and hint in result.message
    assert hint in capsys.readouterr().out


@pytest.mark.parametrize("mistake", [make_epoch(drop_last=True), make_epoch(reduce="plain mean"),
                                     make_epoch(train_mode=False)])
def test_mistakes_only_a_short_last_batch_or_dropout_reveal_are_named_on_the_second_case(mistake):
    result = mnist.check_train_epoch(mistake)
    assert result.status == "fail" and result.message.startswith("right for the "), result.message
    assert "but for the " in result.message and "N = 45 examples in batches of 8 (the last batch holds 5)" in result.message


def test_backward_on_a_non_scalar_is_named():
    def backward_on_logits(model, optimizer, X, y, batch_size, generator):
        optimizer.zero_grad()
        model(X).backward()
        optimizer.step()
        return 0.0
    result = mnist.check_train_epoch(backward_on_logits)
    assert result.status == "fail" and "grad can be implicitly created" in result.message
    assert "call it on the batch's loss" in result.message


def test_backward_on_a_running_total_of_losses_is_named():
    def running_total(model, optimizer, X, y, batch_size, generator):
        model.train()
        order = torch.randperm(len(X), generator=generator)
        total = 0
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            optimizer.zero_grad()
            total = total + F.cross_entropy(model(X[batch]), y[batch]) * len(batch)
            total.backward()
            optimizer.step()
        return total.item() / len(X)
    result = mnist.check_train_epoch(running_total)
    assert result.status == "fail" and "not on a running total of the losses" in result.message


def test_a_hanging_epoch_is_stopped_with_a_message(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)

    def hangs(model, optimizer, X, y, batch_size, generator):
        while True:
            pass
    result = mnist.check_train_epoch(hangs)
    assert result.status == "fail" and "ran for more than 0.5 s and was stopped" in result.message


def test_an_epoch_raising_its_own_error_names_it():
    def wrong_name(model, optimizer, X, y, batch_size, generator):
        return model(X[: batch_size]).sum() / undefined_name  # noqa: F821
    result = mnist.check_train_epoch(wrong_name)
    assert result.status == "fail" and "NameError" in result.message


def test_passing_the_result_instead_of_the_function_is_named():
    result = mnist.check_train_epoch(0.3)
    assert result.status == "fail" and "pass the function itself" in result.message


def test_the_training_check_leaves_the_global_torch_seed_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    mnist.check_train_epoch(make_epoch())
    assert torch.equal(torch.rand(3), expected)


def test_the_reference_epoch_is_the_packages_loop_over_the_students_batches():
    """The same batches, weights and loss as the textbook loop of the exercise, on a short last batch too."""
    for data in mnist.DATA:
        ref_w, ref_loss = mnist._run(data, mnist.reference_train_epoch)
        own_w, own_loss = mnist._run(data, make_epoch())
        np.testing.assert_allclose(ref_w, own_w, atol=1e-7)
        assert ref_loss == pytest.approx(own_loss, rel=1e-12)
    X, y = torch.randn(7, 2), torch.randint(0, 2, (7,))
    batches = list(training.shuffled_batches(7, 3, torch.Generator().manual_seed(5), torch.device("cpu")))
    order = torch.randperm(7, generator=torch.Generator().manual_seed(5))
    assert [b.tolist() for b in batches] == [order[i:i + 3].tolist() for i in range(0, 7, 3)]
    assert isinstance(mnist.reference_train_epoch(torch.nn.Linear(2, 2), torch.optim.SGD(
        torch.nn.Linear(2, 2).parameters(), lr=0.1), X, y, 3, torch.Generator().manual_seed(0)), float)


def test_a_right_epoch_over_a_dataloader_is_told_that_only_its_batch_order_differs():
    def with_dataloader(model, optimizer, X, y, batch_size, generator):
        model.train()
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=batch_size,
                                             shuffle=True, generator=generator)
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        return total / len(X)
    result = mnist.check_train_epoch(with_dataloader)
    assert result.status == "fail" and "your epoch is right, but its batches come in another order" in result.message
    assert "DataLoader(shuffle=True, generator=generator) first draws a seed from the generator" in result.message


# --- registration: hints, solutions, the fallback ---------------------------------

def _notebook_solution(function):
    """The solution block of the notebook's cell that defines ``function``, with its def line and docstring."""
    text = NOTEBOOK.read_text()
    cell = re.search(rf"```{{code-cell}} ipython3\n(def {function}\(.*?)```", text, re.S).group(1)
    return re.sub(r"\s*### (BEGIN|END) SOLUTION\n", "\n", cell).strip()


def test_the_reference_trains_as_the_notebooks_solution_epoch_after_epoch():
    """As the notebook trains: fused Adam, one generator for all epochs, N not a multiple of the batch size."""
    runs = []
    for epoch_fn in (mnist.reference_train_epoch, make_epoch()):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
        data = torch.Generator().manual_seed(1)
        X, y = torch.randn(53, 5, generator=data), torch.randint(0, 3, (53,), generator=data)
        optimizer = training.make_optimizer("adam", model.parameters(), 1e-2, torch.device("cpu"))
        generator = torch.Generator().manual_seed(0)
        losses = [epoch_fn(model, optimizer, X, y, 10, generator) for _ in range(3)]
        runs.append((losses, torch.cat([p.detach().flatten() for p in model.parameters()])))
    (ref_losses, ref_w), (own_losses, own_w) = runs
    assert torch.equal(ref_w, own_w) and ref_losses == pytest.approx(own_losses, rel=1e-12)
    assert ref_losses[2] < ref_losses[0]
