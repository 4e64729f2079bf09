"""The notebook 06 checks pass the reference solutions and name typical mistakes."""

import pytest

torch = pytest.importorskip("torch")

from course_utils.checks import mnist  # noqa: E402


def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean().item()


def make_epoch(zero_grad=True, step=True, shuffle=True, reduce=lambda losses: sum(losses) / len(losses)):
    def train_epoch(model, X, y, optimizer, batch_size, generator):
        order = torch.randperm(len(X), generator=generator) if shuffle else torch.arange(len(X))
        losses = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            if zero_grad:
                optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            if step:
                optimizer.step()
            losses.append(loss.item())
        return reduce(losses)
    return train_epoch


def stub(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("check, solution", [
    (mnist.check_accuracy, accuracy),
    (mnist.check_train_epoch, make_epoch()),
])
def test_reference_solution_passes_and_stub_is_not_done(check, solution):
    assert check(solution).passed
    assert check(stub).status == "todo"


@pytest.mark.parametrize("mistake, hint", [
    (lambda logits, labels: (logits.argmax(dim=1) == labels).sum().item(), "number of correct predictions"),
    (lambda logits, labels: 100 * accuracy(logits, labels), "percentage"),
    (lambda logits, labels: logits.argmax(dim=1) == labels, "return one number"),
])
def test_accuracy_check_names_the_mistake(mistake, hint):
    feedback = mnist.check_accuracy(mistake)
    assert feedback.status == "fail" and hint in feedback.message


@pytest.mark.parametrize("mistake, hint", [
    (make_epoch(step=False), "optimizer.step()"),
    (make_epoch(zero_grad=False), "zero_grad"),
    (make_epoch(shuffle=False), "original order"),
    (make_epoch(reduce=lambda losses: losses[-1]), "last batch"),
    (make_epoch(reduce=lambda losses: None), "return the mean"),
])
def test_train_epoch_check_names_the_mistake(mistake, hint):
    feedback = mnist.check_train_epoch(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def test_the_training_check_leaves_the_global_torch_seed_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    mnist.check_train_epoch(make_epoch())
    assert torch.equal(torch.rand(3), expected)


def test_train_epoch_check_passes_the_packages_own_loop():
    from course_utils import training

    def package_epoch(model, X, y, optimizer, batch_size, generator):
        return training.train_epoch(model, optimizer, X, y, torch.randperm(len(X), generator=generator).split(batch_size))

    assert mnist.check_train_epoch(package_epoch).passed
