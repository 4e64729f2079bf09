"""Bad input to NumPy from scratch (course_utils.scratch, notebooks 01-06): refused, never silently wrong.

One table: each row is (category, call, expected error or warning, fragment of its message).
The message must name what was wrong, so each fragment is the part a student
reads first. Below the table: the cases that are not errors (copies, not
aliases; whole-number float labels) and training that diverges.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from course_utils import scratch  # noqa: E402
from course_utils.scratch.train import Diverged  # noqa: E402
from bad_input import assert_every_category_is_tried, assert_refused

pytestmark = pytest.mark.usefixtures("one_torch_thread")


X = np.random.default_rng(0).normal(size=(20, 2))
Y = np.arange(20) % 3
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def mlp(dtype=np.float64):
    return scratch.MLP([2, 8, 3], seed=0, dtype=dtype)


def train(model=None, data=None, **kwargs):
    """train_mlp on the small problem, quietly; keyword arguments override."""
    X_train, y_train = (X, Y) if data is None else data
    return scratch.train_mlp(mlp() if model is None else model, X_train, y_train,
                             **(dict(epochs=1, progress=False) | kwargs))


def epoch(model=None, optimizer=None, data=None, batch_size=7, rng=None):
    """One train_epoch on the small problem with SGD."""
    model = mlp() if model is None else model
    optimizer = scratch.SGD(model.parameters(), lr=0.1) if optimizer is None else optimizer
    X_train, y_train = (X, Y) if data is None else data
    return scratch.train_epoch(model, optimizer, X_train, y_train, batch_size,
                               np.random.default_rng(0) if rng is None else rng)


def diverged_mlp():
    """A scratch MLP whose weights went NaN (what a diverged run leaves behind)."""
    model = mlp()
    model.layers[0].W.data[:] = np.nan
    return model


def predict_with_parameters(vector):
    """MLP.predict after vector_to_parameters copied `vector` (NaN included) into the weights."""
    model = mlp()
    scratch.vector_to_parameters(vector, model.parameters())
    return model.predict(X)


def forwarded(batch=4):
    """An MLP that has just run forward on `batch` rows."""
    model = mlp()
    model.forward(X[:batch])
    return model


def square(x):
    return float(np.sum(x * x))


def boom(x):
    raise RuntimeError("f failed")


def gradient_of_square(x, **kwargs):
    return scratch.numerical_gradient(square, x, **kwargs)


P = scratch.Parameter(np.ones(2))
TORCH_LINEAR = torch.nn.Linear(2, 3)

CASES = [
    # --- wrong shape or dtype
    ("wrong shape or dtype", lambda: scratch.MLP([2, 3, 2], dtype=np.int32), TypeError,
     "dtype must be np.float32 or np.float64 (a network needs floating-point weights), got int32"),
    ("wrong shape or dtype", lambda: scratch.Linear(2, 3, dtype=np.float16), TypeError, "got float16"),
    ("wrong shape or dtype", lambda: scratch.numerical_gradient(square, np.array([1, 2])), TypeError,
     "x must be a float64 array (it is nudged by ±eps in place), got dtype int64"),
    ("wrong shape or dtype", lambda: mlp().forward(np.ones((4, 3))), ValueError,
     "X must have shape (N, 2), got shape (4, 3)"),
    ("wrong shape or dtype", lambda: scratch.Linear(2, 3)(np.ones((4, 3))), ValueError, "x must have shape (N, 2)"),
    ("wrong shape or dtype", lambda: forwarded(4).backward(np.ones((4, 2))), ValueError,
     "dout must have shape (4, 3), got shape (4, 2)"),
    ("wrong shape or dtype", lambda: scratch.mse(np.zeros((3, 1)), np.zeros(3)), ValueError,
     "y_hat and y must have the same shape"),
    ("wrong shape or dtype", lambda: scratch.cross_entropy(np.zeros(3), [0]), ValueError,
     "logits must have 2 dimension(s)"),
    ("wrong shape or dtype", lambda: scratch.cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0])), TypeError,
     "labels must be integer class indices 0..2, got dtype float64"),
    ("wrong shape or dtype", lambda: scratch.Perceptron(2).fit(XOR_X, XOR_Y.astype(str)), TypeError,
     "y must be integer class indices 0..1"),
    ("wrong shape or dtype", lambda: train(data=(X, Y[:, None])), ValueError, "y must have shape (N,) = (20,)"),
    ("wrong shape or dtype", lambda: scratch.gradient_check(square, np.ones(2), np.ones(3)), ValueError,
     "analytic_grad must have the shape of x (2,), got (3,)"),
    ("wrong shape or dtype", lambda: scratch.gradient_descent(lambda p: (0.0, np.zeros(3)), np.ones(2), 0.1, 3),
     ValueError, "must have the shape of p0 (2,), got (3,)"),
    ("wrong shape or dtype", lambda: scratch.vector_to_parameters(np.zeros(3), mlp().parameters()), ValueError,
     "vector must have shape (51,)"),
    # --- empty
    ("empty", lambda: train(data=(X[:0], Y[:0])), ValueError, "X must have at least one row and one column"),
    ("empty", lambda: epoch(data=(X[:0], Y[:0])), ValueError, "X must have at least one row"),
    ("empty", lambda: scratch.accuracy(mlp(), X[:0], Y[:0]), ValueError, "X must have at least one row"),
    ("empty", lambda: scratch.Perceptron(2).fit(np.zeros((0, 2)), []), ValueError,
     "X must have at least one row and one column, got shape (0, 2)"),
    ("empty", lambda: scratch.Perceptron(2).fit_epoch(np.zeros((0, 2)), []), ValueError, "at least one row"),
    ("empty", lambda: scratch.SGD([], lr=0.1), ValueError, "params must hold at least one Parameter"),
    ("empty", lambda: scratch.parameters_to_vector([]), ValueError, "params must hold at least one Parameter"),
    ("empty", lambda: scratch.mse(np.array([]), np.array([])), ValueError, "y_hat must not be empty"),
    ("empty", lambda: scratch.softmax(np.zeros((2, 0))), ValueError, "at least one class on the last axis"),
    ("empty", lambda: scratch.cross_entropy(np.zeros((0, 3)), []), ValueError, "logits must have at least one row"),
    ("empty", lambda: scratch.gradient_descent(lambda p: (0.0, p), np.array([]), 0.1, 3), ValueError,
     "p0 must hold at least one number"),
    ("empty", lambda: scratch.MLP([4]), ValueError, "sizes must hold at least two widths"),
    # --- NaN/inf
    ("NaN/inf", lambda: mlp().forward(np.array([[np.nan, 0.0]])), ValueError,
     "X must contain only finite numbers, found 1 NaN/inf value(s), the first at index (0, 0)"),
    ("NaN/inf", lambda: scratch.Linear(2, 3)(np.array([[np.inf, 0.0]])), ValueError, "x must contain only finite"),
    ("NaN/inf", lambda: train(data=(np.where(np.arange(20)[:, None] == 3, np.inf, X), Y)), ValueError,
     "X must contain only finite numbers, found 2 NaN/inf value(s), the first at index (3, 0)"),
    ("NaN/inf", lambda: forwarded(1).backward(np.array([[np.nan, 0.0, 0.0]])), ValueError,
     "dout must contain only finite numbers"),
    ("NaN/inf", lambda: scratch.mse(np.array([np.inf]), np.array([1.0])), ValueError,
     "y_hat must contain only finite numbers"),
    ("NaN/inf", lambda: scratch.binary_cross_entropy(np.array([0.5]), np.array([np.nan])), ValueError,
     "y must contain only finite numbers"),
    ("NaN/inf", lambda: scratch.cross_entropy(np.array([[np.nan, 1.0]]), [0]), ValueError,
     "logits must contain only finite numbers"),
    ("NaN/inf", lambda: scratch.log_softmax(np.array([np.inf, 1.0])), ValueError, "z must contain only finite"),
    ("NaN/inf", lambda: scratch.numerical_gradient(lambda x: np.nan, np.ones(2)), ValueError,
     "f returned nan with x[0] nudged by eps"),
    ("NaN/inf", lambda: scratch.gradient_check(square, np.ones(2), np.array([np.nan, 1.0])), ValueError,
     "analytic_grad must contain only finite numbers"),
    ("NaN/inf", lambda: scratch.gradient_descent(lambda p: (np.nan, p), np.ones(1), 0.1, 3), ValueError,
     "loss_and_grad(p0) returned the loss nan"),
    ("NaN/inf", lambda: predict_with_parameters(np.full(51, np.nan)), ValueError,
     "the model returns NaN or inf logits"),
    ("NaN/inf", lambda: scratch.leaky_relu(np.array([-1.0]), slope=np.nan), ValueError,
     "slope must be a finite number, got nan"),
    ("NaN/inf", lambda: scratch.Parameter([1.0, np.nan]), ValueError,
     "data must contain only finite numbers, found 1 NaN/inf value(s), the first at index (1,)"),
    ("NaN/inf", lambda: scratch.SGD([P], lr=np.inf), ValueError, "lr must be a positive finite number, got inf"),
    ("NaN/inf", lambda: train(lr=1e300, epochs=3), Diverged,
     "the logits, and so the loss, were NaN or inf at epoch 2, step 1 of 1"),
    # --- huge or tiny values
    ("huge or tiny values", lambda: gradient_of_square(np.ones(2), eps=1e-300), ValueError,
     "eps=1e-300 is too small to change x[0] = 1.0 in float64"),
    ("huge or tiny values", lambda: gradient_of_square(np.zeros(2), eps=1e-12), UserWarning,
     "eps=1e-12 is so small that rounding in f swamps the difference"),
    ("huge or tiny values", lambda: gradient_of_square(np.ones(2, np.float32)), UserWarning,
     "x is float32"),
    ("huge or tiny values", lambda: scratch.Perceptron(1, lr=10).fit([[1e308]], [1]), FloatingPointError,
     "the weights overflowed to inf/NaN in epoch 1"),
    ("huge or tiny values", lambda: train(mlp(np.float32), data=(X * 1e300, Y)), ValueError,
     "X has values too large for the model's float32"),
    ("huge or tiny values", lambda: scratch.SGD([P], lr=1e-400), ValueError, "got 0.0"),
    ("huge or tiny values", lambda: scratch.numerical_gradient(square, np.ones(2), eps=1e-400), ValueError,
     "eps must be a positive finite number, got 0.0"),
    ("huge or tiny values", lambda: scratch.mse(np.array([1e200]), np.array([-1e200])), RuntimeWarning,
     "overflow"),
    ("huge or tiny values", lambda: train(lr=1e300, batch_size=7), Diverged, "at epoch 1, step 2 of 3"),
    # --- wrong type
    ("wrong type", lambda: scratch.SGD(mlp(), lr=0.1), TypeError,
     "params must be a list of scratch Parameters, such as model.parameters(), got MLP"),
    ("wrong type", lambda: scratch.Adam(mlp().parameters), TypeError, "got method"),
    ("wrong type", lambda: scratch.SGD([np.ones(2)], lr=0.1), TypeError,
     "params[0] must be a scratch Parameter (use model.parameters()), got ndarray"),
    ("wrong type", lambda: scratch.relu("abc"), TypeError, "x must be an array of real numbers, got dtype <U3"),
    ("wrong type", lambda: train(epochs=2.0), TypeError, "epochs must be an int, got float"),
    ("wrong type", lambda: train(progress="no"), TypeError, "progress must be True or False, got str"),
    ("wrong type", lambda: scratch.MLP("2, 8, 3"), TypeError, "sizes must be a list of layer widths"),
    ("wrong type", lambda: scratch.MLP([2, 8, 3], seed="a"), TypeError, "seed must be an int, got str"),
    ("wrong type", lambda: scratch.Perceptron(2, seed=1.5), TypeError, "seed must be an int, got float"),
    ("wrong type", lambda: scratch.Perceptron(2.0), TypeError, "n_features must be an int, got float"),
    ("wrong type", lambda: scratch.get_activation(3), TypeError, "activation must be a name (str), got int"),
    ("wrong type", lambda: scratch.Activation("leaky_relu", slope="a"), TypeError, "slope must be a real number"),
    ("wrong type", lambda: scratch.Activation("relu", slope=0.1), TypeError, "takes no option(s) ['slope']"),
    ("wrong type", lambda: scratch.numerical_gradient("f", np.ones(2)), TypeError, "f must be a callable"),
    ("wrong type", lambda: scratch.numerical_gradient(lambda x: 2 * x, np.ones(2)), TypeError,
     "f must return one number, got ndarray of shape (2,)"),
    ("wrong type", lambda: scratch.gradient_descent(lambda p: [p, p], np.ones(2), 0.1, 3), TypeError,
     "must return a pair (loss, gradient), got list"),
    ("wrong type", lambda: scratch.gradient_descent(lambda p: (p * p, 2 * p), np.ones(2), 0.1, 3), TypeError,
     "must return the loss as one number, got ndarray of shape (2,)"),
    ("wrong type", lambda: epoch(rng=0), TypeError, "rng must be a numpy.random.Generator, got int"),
    ("wrong type", lambda: epoch(optimizer="adam"), TypeError, "optimizer must be a scratch SGD or Adam, got str"),
    ("wrong type", lambda: scratch.Adam([P], betas=0.9), TypeError, "betas must be a pair (beta1, beta2)"),
    ("wrong type", lambda: scratch.Parameter("abc"), TypeError, "data must be an array of real numbers"),
    # --- out of range
    ("out of range", lambda: scratch.Perceptron(2).fit(XOR_X, np.array([0.0, 0.5, 1.0, 1.0])), ValueError,
     "y must be class labels 0..1 (whole numbers), found 0.5"),
    ("out of range", lambda: scratch.Perceptron(2).fit(XOR_X, np.array([0, 1, 2, 0])), ValueError,
     "y must lie in 0..1 (n_classes=2), found 2"),
    ("out of range", lambda: scratch.Perceptron(2).step_once(np.ones(2), 1.5), ValueError,
     "y_i must be class labels 0..1 (whole numbers), found 1.5"),
    ("out of range", lambda: scratch.cross_entropy(np.zeros((2, 3)), [0, 3]), ValueError,
     "labels must lie in 0..2 (n_classes=3), found 3"),
    ("out of range", lambda: train(data=(X, Y - 1)), ValueError, "y must lie in 0..2 (n_classes=3), found -1"),
    ("out of range", lambda: scratch.MLP([2, 0, 1]), ValueError, "sizes[1] must be >= 1, got 0"),
    ("out of range", lambda: scratch.MLP([2, 8, 3], seed=-1), ValueError, "seed must be >= 0, got -1"),
    ("out of range", lambda: train(seed=-1), ValueError, "seed must be >= 0, got -1"),
    ("out of range", lambda: train(batch_size=0), ValueError, "batch_size must be >= 1, got 0"),
    ("out of range", lambda: train(epochs=0), ValueError, "epochs must be >= 1, got 0"),
    ("out of range", lambda: train(lr=-0.1), ValueError, "lr must be a positive finite number, got -0.1"),
    ("out of range", lambda: scratch.SGD([P], lr=0.1, momentum=1.0), ValueError, "momentum must lie in [0, 1)"),
    ("out of range", lambda: scratch.Adam([P], betas=(0.9, 1.0)), ValueError, "betas[1] must lie in [0, 1)"),
    ("out of range", lambda: scratch.binary_cross_entropy(np.array([1.5]), np.array([1.0])), ValueError,
     "p must hold probabilities in [0, 1] (apply a sigmoid first?)"),
    ("out of range", lambda: scratch.get_activation("Relu"), ValueError, "unknown activation 'Relu'"),
    ("out of range", lambda: scratch.gradient_descent(lambda p: (0.0, p), np.ones(1), 0.1, -1), ValueError,
     "num_steps must be >= 0, got -1"),
    ("out of range", lambda: scratch.gradient_descent(lambda p: (0.0, p), np.ones(1), 0.1, 3, blowup=1.0),
     ValueError, "blowup must be a factor above 1"),
    ("out of range", lambda: scratch.gradient_descent(lambda p: (0.0, p), np.ones(1), 0.1, 3, optimizer="rmsprop"),
     ValueError, "optimizer must be one of ['sgd', 'momentum', 'adam'], got 'rmsprop'"),
    # --- call order
    ("call order", lambda: scratch.Linear(2, 3).backward(np.ones((1, 3))), RuntimeError,
     "Linear.backward called before forward"),
    ("call order", lambda: scratch.Activation("relu").backward(np.ones(2)), RuntimeError,
     "Activation.backward called before forward"),
    ("call order", lambda: mlp().backward(np.ones((4, 3))), RuntimeError, "MLP.backward called before forward"),
    ("call order", lambda: forwarded(4).backward(np.ones((3, 3))), ValueError, "dout must have shape (4, 3)"),
    ("call order", lambda: diverged_mlp().predict(X), ValueError, "the model returns NaN or inf logits"),
    ("call order", lambda: scratch.accuracy(diverged_mlp(), X, Y), ValueError, "weights have probably diverged"),
    ("call order", lambda: train(diverged_mlp()), Diverged, "at epoch 1, step 1 of 1"),
    ("call order", lambda: epoch(diverged_mlp()), Diverged,
     "the logits, and so the loss, were NaN or inf at step 1 of 3"),
    # --- aliasing
    ("aliasing", lambda: scratch.SGD([P, P], lr=0.1), ValueError, "params must not hold the same Parameter twice"),
    ("aliasing", lambda: scratch.Adam(mlp().parameters() * 2), ValueError, "the same Parameter twice"),
    ("aliasing", lambda: scratch.vector_to_parameters(np.zeros(4), [P, P]), ValueError, "the same Parameter twice"),
    ("aliasing", lambda: scratch.parameters_to_vector([P, P]), ValueError, "the same Parameter twice"),
    ("aliasing", lambda: epoch(mlp(), scratch.SGD(mlp().parameters(), lr=0.1)), ValueError,
     "optimizer must update this model's parameters"),
    # --- NumPy/PyTorch mixing
    ("NumPy/PyTorch mixing", lambda: scratch.SGD(TORCH_LINEAR.parameters(), lr=0.1), TypeError,
     "params[0] must be a scratch Parameter, got a torch Parameter: for a PyTorch model use torch.optim.SGD"),
    ("NumPy/PyTorch mixing", lambda: scratch.Adam(TORCH_LINEAR.parameters()), TypeError, "use torch.optim.Adam"),
    ("NumPy/PyTorch mixing", lambda: scratch.parameters_to_vector(TORCH_LINEAR.parameters()), TypeError,
     "torch.nn.utils.parameters_to_vector"),
    ("NumPy/PyTorch mixing", lambda: train(TORCH_LINEAR), TypeError, "model must be a scratch MLP, got Linear"),
    ("NumPy/PyTorch mixing", lambda: epoch(optimizer=torch.optim.SGD(TORCH_LINEAR.parameters(), lr=0.1)),
     TypeError, "optimizer must be a scratch SGD or Adam, got torch's SGD"),
    ("NumPy/PyTorch mixing", lambda: mlp().forward(torch.ones(3, 2, requires_grad=True)), TypeError,
     "X must be convertible to a NumPy array"),
    ("NumPy/PyTorch mixing", lambda: scratch.relu(torch.ones(3, requires_grad=True)), TypeError,
     "Use tensor.detach().numpy()"),
    ("NumPy/PyTorch mixing", lambda: scratch.MLP([2, 8, 3], dtype=torch.float32), TypeError,
     "dtype must be np.float32 or np.float64, got torch.float32"),
    ("NumPy/PyTorch mixing", lambda: scratch.cross_entropy(torch.zeros(2, 3), torch.tensor([0.0, 1.0])), TypeError,
     "labels must be integer class indices"),
]


@pytest.mark.parametrize("category, call, error, fragment", CASES,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(CASES)])
def test_bad_input_is_refused_with_a_message_that_says_what_was_wrong(category, call, error, fragment):
    assert_refused(category, call, error, fragment)


def test_every_category_has_cases():
    assert_every_category_is_tried(CASES)


# --- Not errors: what the caller passes in is never shared or left changed -----------------

def test_changing_the_input_after_forward_leaves_the_linear_gradient_alone():
    layer, x, dout = scratch.Linear(2, 3, seed=0), np.ones((4, 2)), np.ones((4, 3))
    layer.forward(x)
    x[:] = 100.0
    layer.backward(dout)
    assert np.allclose(layer.W.grad, np.ones((4, 2)).T @ dout)


def test_changing_the_input_after_forward_leaves_the_activation_gradient_alone():
    act, a = scratch.Activation("sigmoid"), np.zeros(3)
    act.forward(a)
    a[:] = 50.0
    assert np.allclose(act.backward(np.ones(3)), 0.25)


def test_a_parameter_keeps_its_own_copy_of_the_data():
    data = np.ones(2)
    p = scratch.Parameter(data)
    p.grad[:] = 1.0
    scratch.SGD([p], lr=0.5).step()
    assert data.tolist() == [1.0, 1.0] and p.data.tolist() == [0.5, 0.5]


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0])
    with pytest.raises(RuntimeError, match="f failed"):
        scratch.numerical_gradient(boom, x)
    assert x.tolist() == [1.0, 2.0]


def test_numerical_gradient_on_float32_warns_and_stays_roughly_right():
    with pytest.warns(UserWarning, match="use float64"):
        grad = scratch.numerical_gradient(square, np.array([1.0, 2.0], np.float32))
    assert np.allclose(grad, [2.0, 4.0], rtol=1e-2)


def test_numerical_gradient_takes_a_transposed_array_and_an_empty_one():
    x = np.arange(6.0).reshape(2, 3).T  # not contiguous: nudged in place all the same
    assert np.allclose(scratch.numerical_gradient(square, x), 2 * x)
    assert scratch.numerical_gradient(square, np.zeros(0)).shape == (0,)


def test_vector_to_parameters_copies_the_values():
    params = [scratch.Parameter(np.zeros(2))]
    vector = np.array([1.0, 2.0])
    scratch.vector_to_parameters(vector, params)
    vector[:] = 9.0
    assert params[0].data.tolist() == [1.0, 2.0]


def test_train_mlp_leaves_the_training_data_unchanged():
    X64, y = X.copy(), Y.copy()
    train(mlp(np.float32), data=(X64, y), epochs=2)
    assert np.array_equal(X64, X) and X64.dtype == np.float64 and np.array_equal(y, Y)


def test_whole_float_labels_are_read_as_their_integers():
    as_ints, as_floats = scratch.Perceptron(2), scratch.Perceptron(2)
    assert as_ints.fit(XOR_X, XOR_Y) == as_floats.fit(XOR_X, XOR_Y.astype(float))
    assert np.array_equal(as_ints.w, as_floats.w)


def test_tensors_without_gradients_are_read_as_arrays():
    model = mlp()
    assert np.allclose(model.forward(torch.from_numpy(X)), model.forward(X))
    assert np.allclose(scratch.relu(torch.tensor([-1.0, 2.0])), [0.0, 2.0])


# --- Divergence: training stops and says where ---------------------------------------------

class NaNFromCall(scratch.MLP):
    """A scratch MLP whose logits are NaN from its `first_bad`-th forward pass on."""

    def __init__(self, first_bad):
        super().__init__([2, 8, 3], seed=0)
        self.calls, self.first_bad = 0, first_bad

    def forward(self, X):
        self.calls += 1
        logits = super().forward(X)
        return logits * np.nan if self.calls >= self.first_bad else logits


def test_train_mlp_names_the_epoch_and_step_whose_logits_were_not_finite():
    with pytest.raises(Diverged, match=r"at epoch 2, step 2 of 3;") as caught:
        train(NaNFromCall(first_bad=5), epochs=3, batch_size=7)  # 3 steps per epoch: 1-3, 4, then NaN
    assert (caught.value.epoch, caught.value.step, caught.value.n_steps) == (2, 2, 3)
    assert isinstance(caught.value, FloatingPointError) and "Lower the learning rate" in str(caught.value)


def test_training_that_does_not_diverge_is_untouched():
    history = train(epochs=2, lr=1e-2)
    assert len(history.train_loss) == 2 and np.isfinite(history.train_loss).all()
