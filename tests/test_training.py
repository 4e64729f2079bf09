"""fit / evaluate / predict: what they compute, that they repeat, and how they refuse bad input."""

import os

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from course_utils import mnist
from course_utils.toy_data import xor_points
from course_utils.models import MultilayerPerceptron
from course_utils.training import History, evaluate, fit, predict, shuffled_batches, train_epoch


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def _xor_net(seed=0):
    torch.manual_seed(seed)
    return MultilayerPerceptron(in_sz=2, out_sz=2, layers=(16,))


def _xor_data(n=200, seed=0):
    X, y = xor_points(n=n, noise=0.1, seed=seed)
    return X.astype(np.float32), y


def test_fit_learns_xor_that_no_line_separates():
    model = _xor_net()
    history = fit(model, _xor_data(), epochs=60, lr=0.02, batch_size=20, progress=False)
    assert evaluate(model, _xor_data(seed=1)) > 0.95
    assert history.train_loss[-1] < 0.3 * history.train_loss[0]


def test_history_has_one_entry_per_epoch_and_val_entries_only_with_val_data():
    history = fit(_xor_net(), _xor_data(), epochs=3, lr=0.01, progress=False)
    assert isinstance(history, History)
    assert len(history.train_loss) == len(history.seconds) == 3 and history.val_loss == history.val_acc == []
    history = fit(_xor_net(), _xor_data(), epochs=2, lr=0.01, val_data=_xor_data(seed=1), progress=False)
    assert len(history.val_loss) == len(history.val_acc) == 2 and all(0 <= a <= 1 for a in history.val_acc)


def test_same_seed_gives_identical_training_and_another_seed_differs():
    runs = []
    for seed in (3, 3, 4):
        model = _xor_net()
        history = fit(model, _xor_data(), epochs=2, lr=0.01, batch_size=16, seed=seed, progress=False)
        runs.append((history.train_loss, torch.cat([p.detach().flatten() for p in model.parameters()])))
    assert runs[0][0] == runs[1][0] and torch.equal(runs[0][1], runs[1][1])
    assert runs[0][0] != runs[2][0]


def test_one_full_batch_sgd_epoch_is_one_gradient_step():
    X, y = _xor_data(n=40)
    model, reference = _xor_net(), _xor_net()
    loss = F.cross_entropy(reference(torch.as_tensor(X)), torch.as_tensor(y))
    loss.backward()
    history = fit(model, (X, y), epochs=1, lr=0.5, batch_size=40, optimizer="sgd", device="cpu", progress=False)
    assert history.train_loss[0] == pytest.approx(loss.item(), rel=1e-6)
    for p, q in zip(model.parameters(), reference.parameters()):
        torch.testing.assert_close(p.detach(), q.detach() - 0.5 * q.grad)


@pytest.mark.parametrize("name, reference", [("adam", torch.optim.Adam), ("adamw", torch.optim.AdamW)])
def test_fit_steps_match_the_plain_torch_loop(name, reference):
    X, y = _xor_data(n=60)
    model, plain = _xor_net(), _xor_net()
    fit(model, (X, y), epochs=2, lr=0.01, batch_size=20, optimizer=name, seed=5, device="cpu", progress=False)
    opt, generator = reference(plain.parameters(), lr=0.01), torch.Generator().manual_seed(5)
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    for _ in range(2):
        for index in torch.randperm(60, generator=generator).split(20):
            opt.zero_grad()
            F.cross_entropy(plain(X[index]), y[index]).backward()
            opt.step()
    for p, q in zip(model.parameters(), plain.parameters()):
        torch.testing.assert_close(p, q)


def test_train_epoch_with_one_batch_of_every_index_is_one_full_batch_step_of_its_loss():
    X, y = torch.randn(30, 2), torch.randn(30, 2)
    torch.manual_seed(0)
    model, reference = nn.Linear(2, 2), nn.Linear(2, 2)
    reference.load_state_dict(model.state_dict())
    mse = lambda y_hat, target: torch.mean((y_hat - target) ** 2)  # noqa: E731
    loss = train_epoch(model, torch.optim.SGD(model.parameters(), lr=0.1), X, y, [torch.arange(30)], loss_fn=mse)
    expected = mse(reference(X), y)
    expected.backward()
    assert loss == pytest.approx(expected.item(), rel=1e-6)
    for p, q in zip(model.parameters(), reference.parameters()):
        torch.testing.assert_close(p.detach(), q.detach() - 0.1 * q.grad)


def test_train_epoch_returns_the_mean_loss_over_samples_and_advances_the_bar_once_per_step():
    X, y = _xor_data(n=50)
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    model = _xor_net()
    batches = list(torch.arange(50).split(20))  # 20, 20, 10
    frozen = torch.optim.SGD(model.parameters(), lr=0.0)
    with torch.no_grad():
        expected = sum(F.cross_entropy(model(X[b]), y[b]).item() * len(b) for b in batches) / 50

    class Bar:
        steps = 0

        def update(self):
            self.steps += 1

    bar = Bar()
    assert train_epoch(model, frozen, X, y, batches, bar) == pytest.approx(expected, rel=1e-6)
    assert bar.steps == 3


def test_shuffled_batches_cover_every_sample_once_with_a_short_last_batch():
    batches = list(shuffled_batches(10, 4, torch.Generator().manual_seed(0), torch.device("cpu")))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(torch.cat(batches).tolist()) == list(range(10))


def test_fit_accepts_tensors_arrays_and_mnist_splits():
    X, y = _xor_data(n=40)
    for train in [(X, y), (torch.as_tensor(X), torch.as_tensor(y)), [X.astype(np.float64), y.astype(np.int32)]]:
        assert len(fit(_xor_net(), train, epochs=1, lr=0.01, progress=False).train_loss) == 1
    images = torch.randint(0, 256, (30, 28, 28), dtype=torch.uint8)
    split = mnist.MNISTSplit(images, torch.arange(30) % 10)
    history = fit(MultilayerPerceptron(), split, epochs=1, lr=1e-3, val_data=split, progress=False)
    assert len(history.val_acc) == 1


def test_evaluate_is_the_fraction_of_correct_argmax_and_keeps_training_mode():
    model = _xor_net()
    X, y = _xor_data(n=50)
    expected = (model(torch.as_tensor(X)).argmax(1).numpy() == y).mean()
    assert evaluate(model, (X, y)) == pytest.approx(expected)
    assert model.training


def test_predict_returns_int_labels_for_pairs_and_bare_inputs():
    model = _xor_net()
    X, y = _xor_data(n=50)
    labels = predict(model, X)
    assert labels.shape == (50,) and labels.dtype == np.int64
    np.testing.assert_array_equal(labels, predict(model, (X, y)))
    np.testing.assert_array_equal(labels, model(torch.as_tensor(X)).argmax(1).numpy())


def test_progress_bar_is_shown_once_per_fit_and_can_be_turned_off(capsys):
    fit(_xor_net(), _xor_data(n=40), epochs=2, lr=0.01, batch_size=10, progress=True)
    err = capsys.readouterr().err
    assert "epoch 2/2" in err and "8/8" in err
    fit(_xor_net(), _xor_data(n=40), epochs=2, lr=0.01, progress=False)
    assert capsys.readouterr().err == ""


def test_fit_moves_the_model_to_the_requested_device():
    model = _xor_net()
    fit(model, _xor_data(n=20), epochs=1, lr=0.01, device="cpu", progress=False)
    assert next(model.parameters()).device.type == "cpu"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_fit_trains_on_the_gpu_and_evaluate_follows_the_model():
    model = _xor_net()
    fit(model, _xor_data(), epochs=2, lr=0.01, device="cuda", progress=False)
    assert next(model.parameters()).is_cuda and 0 <= evaluate(model, _xor_data()) <= 1


X_OK, Y_OK = _xor_data(n=20)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(epochs=0), ValueError, "epochs must be >= 1"),
    (dict(epochs=2.0), TypeError, "epochs must be an int"),
    (dict(lr=0.0), ValueError, "lr must be a positive"),
    (dict(lr=-1e-3), ValueError, "lr must be a positive"),
    (dict(lr=float("nan")), ValueError, "lr must be a positive"),
    (dict(batch_size=0), ValueError, "batch_size must be >= 1"),
    (dict(optimizer="rmsprop"), ValueError, "optimizer must be one of"),
    (dict(seed=-1), ValueError, "seed must be >= 0"),
    (dict(device="gpu7"), ValueError, "device must"),
    (dict(progress="yes"), TypeError, "progress must be True or False"),
    (dict(train_data=(X_OK, Y_OK[:-1])), ValueError, "same number of samples"),
    (dict(train_data=(X_OK, Y_OK + 1)), ValueError, r"labels must lie in 0..1 \(the model returns 2 logits\), found 2"),
    (dict(train_data=(X_OK, Y_OK - 1)), ValueError, "labels must lie in 0..1.*found -1"),
    (dict(train_data=(X_OK, Y_OK.astype(float))), TypeError, "y must be integer class labels"),
    (dict(train_data=(X_OK.astype(np.uint8), Y_OK)), TypeError, "X must hold floating-point"),
    (dict(train_data=(np.full_like(X_OK, np.nan), Y_OK)), ValueError, "finite"),
    (dict(train_data=(X_OK[:, :1], Y_OK)), ValueError, r"model cannot take inputs of shape \(1,\)"),
    (dict(train_data=X_OK), TypeError, "train_data must be an MNISTSplit or a pair"),
    (dict(val_data=(X_OK, Y_OK + 5)), ValueError, "val_data: labels must lie in 0..1"),
])
def test_bad_fit_arguments_raise_errors_naming_them(kwargs, error, match):
    arguments = dict(train_data=(X_OK, Y_OK), epochs=1, lr=0.01, progress=False) | kwargs
    with pytest.raises(error, match=match):
        fit(_xor_net(), **arguments)


def test_model_that_is_not_a_module_is_a_type_error():
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        fit(lambda X: X, (X_OK, Y_OK), epochs=1, lr=0.1)
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        evaluate("model", (X_OK, Y_OK))


def test_mlp_beats_97_percent_on_real_mnist_with_fit_defaults():
    root = mnist.resolve_root()
    if not os.environ.get(mnist.ENV_VAR) and mnist.missing_files(root):
        pytest.skip(f"{mnist.ENV_VAR} is unset and {root}/MNIST/raw has no MNIST files: "
                    f"set {mnist.ENV_VAR} to the folder holding MNIST/raw to run this test")
    train, test = mnist.load_mnist(root)
    torch.manual_seed(0)
    model = MultilayerPerceptron()
    fit(model, train, epochs=10, lr=1e-3, progress=False)  # notebook 06: 10 epochs, about 97-98%
    assert evaluate(model, test) > 0.97


def test_fit_and_the_scratch_trainer_fill_one_history_record():
    from course_utils import history, scratch

    assert History is scratch.History is history.History
