"""Bad input to the PyTorch side of the course (notebooks 06 and 07): refused, never silently wrong.

One table: each row is (category, call, expected error, fragment of its message).
The message must name what was wrong, so each fragment is the part a student
reads first. Below the table: the cases that are not errors (copies, not
aliases) and training that diverges.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from course_utils import challenge, depth_experiment, device, mnist, models, seeding, stats, training  # noqa: E402
from course_utils.depth_experiment import Recipe, Run, Summary  # noqa: E402
from course_utils.models import build_mlp  # noqa: E402
from bad_input import assert_every_category_is_tried, assert_refused

pytestmark = pytest.mark.usefixtures("one_torch_thread")

QUICK = Recipe(steps=20, record_every=10)


class Squeezed(nn.Module):
    """Returns (n,) instead of (n, 1): an MSE against (n, 1) would broadcast to (n, n)."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x).squeeze(-1)


class ReturnsNaN(nn.Module):
    """A network whose every output is NaN (as after a diverged run)."""

    def __init__(self, n_in=1, n_out=1):
        super().__init__()
        self.linear = nn.Linear(n_in, n_out)

    def forward(self, x):
        return self.linear(x) * float("nan")


class ReturnsTuple(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 3)

    def forward(self, x):
        return self.linear(x), x


def summary_of_seeds(seeds):
    """A depth-experiment Summary of one-record runs, one per seed."""
    return Summary(1, 4, 13, [Run(1, 4, 13, seed, steps=[1], seconds=[0.1], errors=[0.1]) for seed in seeds])


def data(n=20, features=4, classes=3):
    """A small classification problem (X float32 (n, features), y int64 (n,))."""
    generator = torch.Generator().manual_seed(0)
    return torch.randn(n, features, generator=generator), torch.randint(0, classes, (n,), generator=generator)


def fit(model=None, train=None, **kwargs):
    """training.fit on the small problem, quietly, on the CPU; keyword arguments override."""
    options = dict(epochs=1, lr=1e-3, progress=False, device="cpu") | kwargs
    if model is None:
        # Seeded: whether inputs near float32's limit overflow the logits depends on the weights.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(0)
            model = nn.Linear(4, 3)
    return training.fit(model, data() if train is None else train, **options)


def score(build=lambda: build_mlp(1, 1, 1, 4), **kwargs):
    return challenge.score_design(build, **(dict(target="sin", recipe=QUICK, progress=False) | kwargs))


def frozen():
    model = nn.Linear(4, 3)
    model.requires_grad_(False)
    return model


def diverged_classifier():
    """A classifier whose weights went NaN (what a diverged run leaves behind)."""
    model = nn.Linear(4, 3)
    with torch.no_grad():
        model.weight.fill_(float("nan"))
    return model


def evaluate_after_a_diverged_fit():
    """A student's fit stops with FloatingPointError; the next cell evaluates the same, now broken, model."""
    model = nn.Linear(4, 3)
    with pytest.raises(FloatingPointError):
        fit(model, train=(X * 1e10, y), lr=1e30, epochs=3)
    return training.evaluate(model, (X, y))


X, y = data()
SHARED = nn.Linear(1, 1)
REUSED = build_mlp(1, 1, 1, 4)

CASES = [
    # --- wrong shape or dtype
    ("wrong shape or dtype", lambda: score(lambda: Squeezed()), ValueError, "to outputs of shape (n, 1), got (3,)"),
    ("wrong shape or dtype", lambda: depth_experiment.approximation_error(build_mlp(1, 2, 1, 4), "sin"),
     ValueError, "got (3, 2)"),
    ("wrong shape or dtype", lambda: score(lambda: build_mlp(2, 1, 1, 4)), ValueError, "fails on (3, 1)"),
    ("wrong shape or dtype", lambda: score(lambda: build_mlp(1, 1, 1, 4).double()), TypeError, "float32 parameters"),
    ("wrong shape or dtype", lambda: fit(train=(X[:, 0], y)), ValueError, "X must have shape (N, features...)"),
    ("wrong shape or dtype", lambda: fit(train=(X, y[:, None])), ValueError, "got y of shape (20, 1)"),
    ("wrong shape or dtype", lambda: fit(train=(X, y[:10])), ValueError, "same number of samples"),
    ("wrong shape or dtype", lambda: fit(train=(X, y.float())), TypeError, "y must be integer class labels"),
    ("wrong shape or dtype", lambda: fit(train=(X.long(), y)), TypeError, "X must hold floating-point inputs"),
    ("wrong shape or dtype", lambda: fit(train=(X.to(torch.complex64), y)), TypeError, "floating-point"),
    ("wrong shape or dtype", lambda: fit(nn.Sequential(nn.Linear(4, 1), nn.Flatten(0))), ValueError,
     "logits of shape (N, classes)"),
    ("wrong shape or dtype", lambda: fit(nn.Linear(5, 3)), ValueError, "cannot take inputs of shape (4,)"),
    ("wrong shape or dtype", lambda: training.predict(nn.Sequential(nn.Linear(4, 1), nn.Flatten(0)), X),
     ValueError, "logits of shape (N, classes)"),
    ("wrong shape or dtype", lambda: training.predict(nn.Linear(4, 3), X[0]), ValueError, "got (4,)"),
    ("wrong shape or dtype", lambda: mnist.MNISTSplit(torch.zeros(3, 28, 28), torch.arange(3)), ValueError,
     "images must be uint8"),
    ("wrong shape or dtype", lambda: mnist.MNISTSplit(torch.zeros(3, 28, 28, dtype=torch.uint8), torch.arange(2)),
     ValueError, "labels must have shape (3,)"),
    ("wrong shape or dtype", lambda: depth_experiment.seedwise_mse(torch.zeros(5), torch.zeros(5, 1)), ValueError,
     "y_hat (5,) and y (5, 1)"),
    # --- empty
    ("empty", lambda: fit(train=(X[:0], y[:0])), ValueError, "N >= 1, got (0, 4)"),
    ("empty", lambda: training.predict(nn.Linear(4, 3), X[:0]), ValueError, "N >= 1"),
    ("empty", lambda: score(seeds=()), ValueError, "seeds must name at least one seed"),
    ("empty", lambda: depth_experiment.compare_depths([], 100, recipe=QUICK, progress=False), ValueError,
     "depths must name at least one depth"),
    ("empty", lambda: depth_experiment.train_models([], "sin", seeds=[], recipe=QUICK), ValueError,
     "at least one seed"),
    ("empty", lambda: training.train_epoch(nn.Linear(4, 3), torch.optim.SGD(nn.Linear(4, 3).parameters(), lr=0.1),
                                           X, y, []), ValueError, "batches must hold at least one"),
    ("empty", lambda: training.predict(nn.Linear(4, 3), (X[:2], y[:0])), ValueError,
     "data: X and y must have the same number of samples"),
    ("empty", lambda: score(lambda: nn.Identity()), ValueError, "no trainable parameters"),
    ("empty", lambda: fit(frozen()), ValueError, "no trainable parameters"),
    ("empty", lambda: fit(nn.ReLU()), ValueError, "model has no trainable parameters"),
    ("empty", lambda: challenge.Score(10, []), ValueError, "at least one finite number"),
    ("empty", lambda: Summary(1, 4, 13, []), ValueError, "at least one Run"),
    ("empty", lambda: stats.geometric_mean([]), ValueError, "values must be at least one finite positive number"),
    ("out of range", lambda: challenge.Score(10, [0.1, 0.0]), ValueError, "each above 0"),
    ("out of range", lambda: mnist.validation_indices(3, n_validation=3), ValueError,
     "n_validation must be below n_images (3), got 3"),
    ("out of range", lambda: mnist.validation_indices(3, n_validation=0), ValueError, "n_validation"),
    ("out of range", lambda: stats.compare_paired([1.0, 2.0], [0.0, 1.0]), ValueError, "second must be at least one finite positive"),
    ("out of range", lambda: stats.t_quantile(0.3, 4), ValueError, "q must lie strictly between 0.5 and 1"),
    ("wrong shape or dtype", lambda: stats.compare_paired([1.0, 2.0], [1.0]), ValueError, "equally many, got 2 and 1"),
    ("wrong type", lambda: depth_experiment.compare_per_seed(summary_of_seeds([0]), [0.1]), TypeError,
     "second must be a depth_experiment Summary"),
    ("wrong shape or dtype", lambda: depth_experiment.compare_per_seed(summary_of_seeds([0, 1]), summary_of_seeds([2, 3])),
     ValueError, "same seeds to be paired, got [0, 1] and [2, 3]"),
    ("empty", lambda: models.StackedMLP([]), ValueError, "nn.Sequential MLPs of one shape"),
    # --- NaN/inf
    ("NaN/inf", lambda: fit(train=(X * float("nan"), y)), ValueError, "only finite numbers"),
    ("NaN/inf", lambda: training.evaluate(nn.Linear(4, 3), (X.clone().index_fill_(0, torch.tensor([3]), float("inf")),
                                                            y)), ValueError, "only finite numbers"),
    ("NaN/inf", lambda: training.evaluate(ReturnsNaN(4, 3), (X, y)), ValueError, "NaN or inf logits for 20 of 20"),
    ("NaN/inf", lambda: training.predict(ReturnsNaN(4, 3), X), ValueError, "NaN or inf logits"),
    ("NaN/inf", lambda: fit(ReturnsNaN(4, 3)), FloatingPointError, "training diverged"),
    ("NaN/inf", lambda: score(lambda: ReturnsNaN()), FloatingPointError, "training diverged at step 1 of 20"),
    ("NaN/inf", lambda: depth_experiment.approximation_error(ReturnsNaN(), "sin"), ValueError,
     "NaN or inf on the grid"),
    ("NaN/inf", lambda: challenge.Score(10, [0.1, float("nan")]), ValueError, "finite"),
    ("NaN/inf", lambda: fit(lr=float("nan")), ValueError, "lr must be a positive finite number"),
    ("NaN/inf", lambda: Recipe(lr=float("inf")), ValueError, "lr must be a positive finite number"),
    # --- huge or tiny values
    ("huge or tiny values", lambda: fit(train=(X.clamp(-3, 3) * 1e38, y)), FloatingPointError,
     "at epoch 1, step 1 of 1"),
    ("huge or tiny values", lambda: fit(train=(X.double() * 1e300, y)), ValueError,
     "too large for the model's torch.float32"),
    ("huge or tiny values", lambda: fit(lr=1e-400), ValueError, "got 0.0"),
    ("huge or tiny values", lambda: fit(train=(X * 1e10, y), lr=1e30, epochs=3), FloatingPointError,
     "Lower the learning rate"),
    ("huge or tiny values", lambda: score(recipe=Recipe(steps=50, lr=1e30, record_every=10)), FloatingPointError,
     "lr=1e+30"),
    ("huge or tiny values", lambda: depth_experiment.fit_target(1, 4, recipe=Recipe(steps=50, lr=1e30,
                                                                                   record_every=10)),
     FloatingPointError, "training diverged"),
    ("huge or tiny values", lambda: score(lambda: build_mlp(1, 1, 1, 64), budget=100), ValueError,
     "over the budget of 100"),
    ("huge or tiny values", lambda: models.width_for_budget(3, 5), ValueError, "budget 5 is too small"),
    # --- wrong type
    ("wrong type", lambda: fit(train={"X": X, "y": y}), TypeError, "pair (X, y)"),
    ("wrong type", lambda: fit(train=(X, y, y)), TypeError, "pair (X, y)"),
    ("wrong type", lambda: fit(train=("pixels", y)), TypeError, "X must be a tensor or an array of numbers"),
    ("wrong type", lambda: fit(ReturnsTuple()), TypeError, "one tensor of logits"),
    ("wrong type", lambda: fit(lr="0.1"), TypeError, "lr must be a positive number, got str"),
    ("wrong type", lambda: fit(epochs=2.0), TypeError, "epochs must be an int, got float"),
    ("wrong type", lambda: fit(progress=1), TypeError, "progress must be True or False"),
    ("wrong type", lambda: fit(device=0), TypeError, "device must be None, a str or a torch.device"),
    ("wrong type", lambda: fit(optimizer="Adam"), ValueError, "optimizer must be one of"),
    ("wrong type", lambda: score(recipe="fast"), TypeError, "recipe must be a Recipe or None, got str"),
    ("wrong type", lambda: score(seeds=3), TypeError, "seeds must be a sequence of ints"),
    ("wrong type", lambda: score(seeds=(0, 1.5)), TypeError, "each seed must be an int"),
    ("wrong type", lambda: score(lambda: "a model"), TypeError, "build() must return a torch.nn.Module"),
    ("wrong type", lambda: score(REUSED), TypeError, "build must be a function"),
    ("wrong type", lambda: depth_experiment.compare_depths(3, 100, recipe=QUICK, progress=False), TypeError,
     "depths must be a sequence"),
    ("wrong type", lambda: mnist.MNISTSplit(np.zeros((3, 28, 28), np.uint8), torch.arange(3)), TypeError,
     "images must be a torch.Tensor, got ndarray"),
    ("wrong type", lambda: mnist.load_mnist(3), TypeError, "root must be a path"),
    ("wrong type", lambda: mnist.validation_indices(60_000.0), TypeError, "n_images must be an int"),
    ("wrong type", lambda: models.MultilayerPerceptron(layers=120), TypeError, "layers must be a sequence"),
    ("wrong type", lambda: models.mlp_parameter_count(1, 1, 2.0, 4), TypeError, "depth must be an int"),
    ("wrong type", lambda: seeding.set_seed("0"), TypeError, "seed must be an int"),
    # --- out of range
    ("out of range", lambda: fit(train=(X, y + 5)), ValueError, "labels must lie in 0..2"),
    ("out of range", lambda: fit(train=(X, y - 1)), ValueError, "found -1"),
    ("out of range", lambda: fit(batch_size=0), ValueError, "batch_size must be >= 1, got 0"),
    ("out of range", lambda: fit(epochs=0), ValueError, "epochs must be >= 1, got 0"),
    ("out of range", lambda: fit(lr=-0.1), ValueError, "lr must be a positive finite number"),
    ("out of range", lambda: fit(seed=-1), ValueError, "seed must be >= 0"),
    ("out of range", lambda: fit(device="gpu7"), ValueError, "device must name a torch device"),
    ("out of range", lambda: score(seeds=(0, -1)), ValueError, "each seed must be >= 0, got -1"),
    ("out of range", lambda: score(seeds=(0, 0)), ValueError, "seeds must be different"),
    ("out of range", lambda: score(target="cos"), ValueError, "target must be one of"),
    ("out of range", lambda: score(budget=0), ValueError, "budget must be >= 1"),
    ("out of range", lambda: Recipe(steps=0), ValueError, "steps must be >= 1"),
    ("out of range", lambda: depth_experiment.fit_target(0, 4, recipe=QUICK), ValueError, "depth must be >= 1"),
    ("out of range", lambda: models.mlp_parameter_count(1, 1, -1, 4), ValueError, "depth must be >= 1, got -1"),
    ("out of range", lambda: fit(seed=2**70), ValueError, "seed must be < 2**63"),
    ("out of range", lambda: depth_experiment.fit_target(1, 4, seed=2**70, recipe=QUICK), ValueError,
     "each seed must be < 2**63"),
    ("out of range", lambda: fit(nn.Linear(4, 1), train=(X, torch.zeros(20, dtype=torch.int64))), ValueError,
     "at least 2 logits per sample"),
    ("out of range", lambda: training.evaluate(nn.Linear(4, 1), (X, torch.zeros(20, dtype=torch.int64))),
     ValueError, "at least 2 logits"),
    ("out of range", lambda: seeding.set_seed(2**40), ValueError, "seed must be < 2**32"),
    ("out of range", lambda: challenge.Score(-3, [0.1]), ValueError, "n_params must be >= 0"),
    ("out of range", lambda: models.make_activation("ReLU"), ValueError, "activation must be one of"),
    ("out of range", lambda: training.make_optimizer("sgd", nn.Linear(1, 1).parameters(), -1.0,
                                                     torch.device("cpu")), ValueError, "lr must be a positive"),
    ("out of range", lambda: training.shuffled_batches(10, 0, torch.Generator(), torch.device("cpu")), ValueError,
     "batch_size must be >= 1"),
    # --- call order
    ("call order", lambda: Run(1, 4, 13, 0).final_error, ValueError, "no errors yet: train it first"),
    ("call order", lambda: Run(1, 4, 13, 0).train_seconds, ValueError, "no seconds yet"),
    ("call order", lambda: training.evaluate(diverged_classifier(), (X, y)), ValueError, "NaN or inf logits"),
    ("call order", evaluate_after_a_diverged_fit, ValueError, "weights have probably diverged"),
    ("call order", lambda: fit(diverged_classifier()), FloatingPointError, "training diverged"),
    ("call order", lambda: models.StackedMLP([build_mlp(1, 1, 1, 4)] * 2).copy_into([build_mlp(1, 1, 1, 5)] * 2),
     ValueError, "MLPs of the stacked shape"),
    # --- aliasing
    ("aliasing", lambda: score(lambda: REUSED), ValueError, "the same model object twice"),
    ("aliasing", lambda: depth_experiment.train_models([REUSED, REUSED], "sin", seeds=[0, 1], recipe=QUICK),
     ValueError, "share parameters"),
    ("aliasing", lambda: score(lambda: nn.Sequential(SHARED)), ValueError, "the models share parameters"),
    # --- NumPy/PyTorch mixing
    ("NumPy/PyTorch mixing", lambda: fit(train=(X.numpy(), y.float().numpy())), TypeError,
     "y.astype(np.int64)"),
    ("NumPy/PyTorch mixing", lambda: fit(train=(X.numpy().astype(np.int64), y)), TypeError, "floating-point"),
    ("NumPy/PyTorch mixing", lambda: fit(train=(np.array([[1, "a"]]), y[:1])), TypeError, "X must be a tensor or"),
    ("NumPy/PyTorch mixing", lambda: fit(np.zeros((4, 3))), TypeError, "model must be a torch.nn.Module, got ndarray"),
    ("NumPy/PyTorch mixing", lambda: fit(models_scratch_mlp()), TypeError, "model must be a torch.nn.Module"),
    ("NumPy/PyTorch mixing", lambda: models.MultilayerPerceptron()(np.zeros((2, 784), np.float32)), TypeError,
     "x must be a torch.Tensor, got ndarray"),
    ("NumPy/PyTorch mixing", lambda: models.count_parameters(np.zeros(3)), TypeError, "torch.nn.Module"),
    ("NumPy/PyTorch mixing", lambda: depth_experiment.train(np.zeros(3), "sin", recipe=QUICK), TypeError,
     "each model must be a torch.nn.Module"),
    ("NumPy/PyTorch mixing", lambda: training.predict(nn.Linear(4, 3), X.tolist()), TypeError, "pair (X, y)"),
    ("NumPy/PyTorch mixing", lambda: mnist.MNISTSplit(torch.zeros(3, 28, 28, dtype=torch.uint8), [1, 2, 3]),
     TypeError, "labels must be a torch.Tensor, got list"),
]


def models_scratch_mlp():
    """The NumPy MLP of notebook 05, passed where a PyTorch model is expected."""
    from course_utils import scratch

    return scratch.MLP([4, 8, 3], rng=np.random.default_rng(0))


if not torch.cuda.is_available():
    CASES.append(("out of range", lambda: fit(device="cuda"), ValueError, "this machine has none"))


@pytest.mark.parametrize("category, call, error, fragment", CASES,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(CASES)])
def test_bad_input_is_refused_with_a_message_that_says_what_was_wrong(category, call, error, fragment):
    assert_refused(category, call, error, fragment)


def test_every_category_has_cases():
    assert_every_category_is_tried(CASES)


# --- Not errors: what the caller passes in or gets back is never shared -------------------

def test_mnist_numpy_returns_copies_that_leave_the_split_unchanged():
    split = mnist.MNISTSplit(torch.full((3, 2, 2), 255, dtype=torch.uint8), torch.tensor([1, 2, 3]))
    X_np, y_np = split.numpy()
    X_np[:] = 0
    y_np[:] = 9
    assert split.labels.tolist() == [1, 2, 3] and int(split.images.min()) == 255


def test_fit_leaves_the_training_data_unchanged():
    X_train, y_train = data()
    before = X_train.clone(), y_train.clone()
    fit(train=(X_train, y_train), epochs=2, lr=0.1)
    assert torch.equal(X_train, before[0]) and torch.equal(y_train, before[1])


def test_fit_does_not_write_gradients_into_the_callers_inputs():
    X_train = X.clone().requires_grad_()
    fit(train=(X_train, y))
    assert X_train.grad is None


def test_score_keeps_its_own_list_of_errors():
    errors = [0.1, 0.2]
    score_ = challenge.Score(10, errors)
    errors.append(float("nan"))
    assert score_.errors == [0.1, 0.2]


def test_float64_inputs_train_a_float32_model_and_are_not_converted_in_place():
    X64 = X.double()
    history = fit(train=(X64, y))
    assert X64.dtype == torch.float64 and np.isfinite(history.train_loss).all()


def test_numpy_arrays_are_accepted_where_data_is_expected():
    assert training.predict(nn.Linear(4, 3), X.numpy()).shape == (20,)
    assert 0 <= training.evaluate(nn.Linear(4, 3), (X.numpy(), y.numpy())) <= 1


# --- Divergence: training stops and says where ---------------------------------------------

def test_fit_stops_at_the_first_step_whose_loss_is_not_finite():
    class NaNFromStep(nn.Module):
        """Finite logits for the first four calls, NaN from the fifth on."""

        def __init__(self):
            super().__init__()
            self.linear, self.calls = nn.Linear(4, 3), 0

        def forward(self, x):
            self.calls += 1
            return self.linear(x) * (float("nan") if self.calls > 5 else 1.0)  # call 1 is count_classes' probe

    with pytest.raises(FloatingPointError, match=r"loss was nan at epoch 2, step 2 of 3"):
        fit(NaNFromStep(), epochs=3, batch_size=7)  # 3 steps per epoch: steps 1-3, 4, then NaN


def test_fit_with_a_huge_learning_rate_stops_instead_of_returning_nan_losses():
    with pytest.raises(FloatingPointError, match="training diverged"):
        fit(nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3)), train=(X * 1e3, y), epochs=20, lr=1e30,
            optimizer="sgd")


def test_depth_experiment_names_the_step_where_training_diverged():
    with pytest.raises(FloatingPointError, match=r"training diverged (at|by) step \d+ of 50"):
        depth_experiment.fit_seeds(1, 4, "sin", seeds=(0, 1), recipe=Recipe(steps=50, lr=1e30, record_every=10))


def test_training_that_does_not_diverge_is_untouched():
    history = fit(epochs=2, lr=1e-2)
    assert len(history.train_loss) == 2 and np.isfinite(history.train_loss).all()


def test_resolve_device_gives_a_device_for_every_accepted_form():
    assert device.resolve_device("cpu") == torch.device("cpu")
    assert device.resolve_device(torch.device("cpu")) == torch.device("cpu")
    assert device.resolve_device(None) == device.default_device()
