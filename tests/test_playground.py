"""The playground's parts: data, config, trainer (against PyTorch and finite differences), rendering, state string."""

import base64
import io
import json

import numpy as np
import pytest
import torch
from PIL import Image

from course_utils.playground import Config, Trainer, decode_state, encode_state
from course_utils.playground import render
from course_utils.playground.config import FEATURES, expand_features
from course_utils.playground.data import DATASETS, REGRESSION, make_dataset
from course_utils.playground.trainer import logistic_loss, logistic_loss_grad
from course_utils.scratch.losses import binary_cross_entropy
from course_utils.scratch.optim import SGD


# ----- data -----
@pytest.mark.parametrize("name", list(DATASETS))
def test_every_data_set_is_seeded_split_and_shaped(name):
    a, b = make_dataset(name, n=100, seed=3), make_dataset(name, n=100, seed=3)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert len(a.X_train) == 70 and len(a.X_test) == 30
    assert a.X_train.shape[1] == (1 if name in REGRESSION else 2)
    if name not in REGRESSION:
        assert set(np.unique(a.y_train)) == {0, 1}
    assert not np.array_equal(make_dataset(name, n=100, seed=4).X_train, a.X_train)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"name": "moons"}, ValueError, "name must be one of"),
    ({"n": 2}, ValueError, "n must be >= 4"),
    ({"n": 10.0}, TypeError, "n must be an int"),
    ({"noise": -0.1}, ValueError, "noise must be >= 0"),
    ({"test_fraction": 0.95}, ValueError, "test_fraction must lie in [0.1, 0.9]"),
    ({"seed": -1}, ValueError, "seed must be >= 0"),
])
def test_bad_data_arguments_name_the_argument(kwargs, error, words):
    with pytest.raises(error, match=words.replace("[", r"\[").replace("]", r"\]")):
        make_dataset(**kwargs)


# ----- config -----
def test_features_are_the_named_functions_of_the_inputs():
    X = np.array([[0.5, -2.0], [1.0, 3.0]])
    got = expand_features(X, ("x1", "x2^2", "x1*x2", "sin(x2)"))
    np.testing.assert_allclose(got, np.column_stack([X[:, 0], X[:, 1] ** 2, X[:, 0] * X[:, 1], np.sin(X[:, 1])]))
    assert set(FEATURES) == {"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"}


@pytest.mark.parametrize("changes, error, words", [
    ({"hidden": (9,)}, ValueError, "hidden must hold 0 to 4 layers of 1 to 8"),
    ({"hidden": (2,) * 5}, ValueError, "hidden must hold 0 to 4 layers"),
    ({"hidden": (0,)}, ValueError, "each hidden width must be >= 1"),
    ({"hidden": "4,2"}, TypeError, "hidden must be a tuple"),
    ({"activation": "swish"}, ValueError, "activation must be one of"),
    ({"optimizer": "rmsprop"}, ValueError, "optimizer must be one of"),
    ({"lr": 100.0}, ValueError, "lr must lie in"),
    ({"lr": "0.1"}, TypeError, "lr must be a real number"),
    ({"l2": -1e-3}, ValueError, "l2 must lie in"),
    ({"features": ()}, ValueError, "features must name at least one"),
    ({"features": ("x1", "x1")}, ValueError, "each once"),
    ({"features": ("x3",)}, ValueError, "each feature must be one of"),
    ({"dataset": "sin", "features": ("x2",)}, ValueError, "each feature must be one of"),
    ({"n": 5000}, ValueError, "n must be at most 1000"),
    ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
])
def test_a_bad_config_field_is_refused_by_name(changes, error, words):
    with pytest.raises(error, match=words):
        Config(**changes)


def test_config_round_trips_through_plain_data_and_refuses_unknown_fields():
    config = Config(dataset="spiral", features=("x1", "x2", "sin(x1)"), hidden=(3, 5), optimizer="adam", l2=1e-3)
    assert Config.from_dict(json.loads(json.dumps(config.as_dict()))) == config
    with pytest.raises(ValueError, match="unknown config field"):
        Config.from_dict({**config.as_dict(), "evil": 1})


# ----- the loss and the gradients -----
def test_logistic_loss_equals_bce_of_the_sigmoid_and_torch():
    rng = np.random.default_rng(0)
    z, y = 3 * rng.standard_normal(50), rng.integers(0, 2, 50)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(y, dtype=torch.float64))
    assert logistic_loss(z, y) == pytest.approx(expected.item(), rel=1e-12)
    assert logistic_loss(z, y) == pytest.approx(binary_cross_entropy(1 / (1 + np.exp(-z)), y), rel=1e-9)
    zt = torch.tensor(z, requires_grad=True)
    torch.nn.functional.binary_cross_entropy_with_logits(zt, torch.tensor(y, dtype=torch.float64)).backward()
    np.testing.assert_allclose(logistic_loss_grad(z, y), zt.grad.numpy(), rtol=1e-10)
    assert np.isfinite(logistic_loss(np.array([800.0, -800.0]), np.array([0, 1])))  # no overflow far out


def _torch_loss(trainer, X, y):
    """The trainer's objective in PyTorch: data loss + λ/2 Σ‖W‖², with the trainer's weights."""
    h = torch.tensor(X)
    params = []
    linears = trainer.model.layers[0::2]
    for k, layer in enumerate(linears):
        W = torch.tensor(layer.W.data, requires_grad=True)
        b = torch.tensor(layer.b.data, requires_grad=True)
        params += [W, b]
        h = h @ W + b
        if k < len(linears) - 1:
            h = torch.tanh(h)
    target = torch.tensor(y, dtype=torch.float64)
    if trainer.config.regression:
        loss = torch.mean((h[:, 0] - target) ** 2)
    else:
        loss = torch.nn.functional.binary_cross_entropy_with_logits(h[:, 0], target)
    loss = loss + trainer.config.l2 / 2 * sum((W ** 2).sum() for W in params[0::2])
    return loss, params


@pytest.mark.parametrize("dataset, features", [("spiral", ("x1", "x2", "x1*x2", "sin(x2)")), ("sin", ("x1", "x1^2"))])
@pytest.mark.parametrize("l2", [0.0, 0.03])
def test_gradients_with_l2_match_torch_and_finite_differences(dataset, features, l2):
    trainer = Trainer(Config(dataset=dataset, features=features, hidden=(5, 3), activation="tanh", l2=l2))
    X, y = trainer.X_train[:17], trainer.data.y_train[:17]
    assert trainer.compute_gradients(X, y)
    loss, params = _torch_loss(trainer, X, y)
    loss.backward()
    for mine, theirs in zip(trainer.model.parameters(), params):
        np.testing.assert_allclose(mine.grad, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)
    W = trainer.model.parameters()[2]  # a hidden-to-hidden weight, by central differences
    eps, (i, j) = 1e-6, (1, 2)
    W.data[i, j] += eps
    up = _torch_loss(trainer, X, y)[0].item()
    W.data[i, j] -= 2 * eps
    down = _torch_loss(trainer, X, y)[0].item()
    W.data[i, j] += eps
    assert W.grad[i, j] == pytest.approx((up - down) / (2 * eps), rel=1e-5)


def test_one_full_batch_epoch_is_one_sgd_step_as_torch_takes_it():
    config = Config(dataset="circle", n=50, hidden=(4,), lr=0.1, batch_size=100, l2=0.01)
    trainer = Trainer(config)
    X, y = trainer.X_train, trainer.data.y_train
    loss, params = _torch_loss(trainer, X, y)
    opt = torch.optim.SGD(params, lr=0.1)
    loss.backward()
    opt.step()
    trainer.step()
    for mine, theirs in zip(trainer.model.parameters(), params):
        np.testing.assert_allclose(mine.data, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)


# ----- training -----
def test_the_same_config_trains_to_the_same_numbers_bit_for_bit():
    config = Config(dataset="xor", hidden=(4,), optimizer="momentum", batch_size=5)
    a, b = Trainer(config), Trainer(config)
    a.step(7)
    for _ in range(7):
        b.step()
    assert a.train_losses == b.train_losses and a.test_losses == b.test_losses
    assert a.epoch == 7 and len(a.train_losses) == 8  # epoch 0 first


def test_restart_repeats_the_initial_weights_and_reset_draws_new_ones():
    trainer = Trainer(Config(hidden=(3,)))
    start = [p.data.copy() for p in trainer.model.parameters()]
    trainer.step(5)
    trainer.restart()
    assert trainer.epoch == 0
    for p, q in zip(trainer.model.parameters(), start):
        np.testing.assert_array_equal(p.data, q)
    trainer.reset()
    assert trainer.config.seed == 1
    assert not np.array_equal(trainer.model.parameters()[0].data, start[0])


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_each_optimiser_lowers_the_xor_loss(optimizer):
    trainer = Trainer(Config(dataset="xor", hidden=(4,), optimizer=optimizer, lr=0.03))
    trainer.step(40)
    assert trainer.train_losses[-1] < 0.5 * trainer.train_losses[0]


def test_momentum_uses_the_scratch_sgd_with_mu_0_9():
    trainer = Trainer(Config(optimizer="momentum"))
    assert isinstance(trainer.optimizer, SGD) and trainer.optimizer.momentum == 0.9


def test_a_diverging_run_stops_and_says_why():
    trainer = Trainer(Config(dataset="sin", features=("x1",), hidden=(8, 8), activation="relu", lr=3.0))
    assert not trainer.step(20)
    assert trainer.epoch < 20
    assert "diverged at epoch" in trainer.diverged and "smaller learning rate" in trainer.diverged
    epoch = trainer.epoch
    assert not trainer.step() and trainer.epoch == epoch  # stays stopped until restarted


def test_dead_relu_neurons_are_found_on_the_training_points():
    trainer = Trainer(Config(activation="relu", hidden=(3,)))
    trainer.model.layers[0].b.data[:] = -100.0  # every pre-activation far below zero
    trainer.step()  # no gradient reaches those biases: they stay there
    assert trainer.dead_layers() == [(1, 3)]
    assert Trainer(Config(activation="tanh")).dead_layers() == []


# ----- rendering -----
def test_png_bytes_decode_to_the_same_pixels():
    rgb = np.random.default_rng(0).integers(0, 256, (7, 11, 3), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(render.png_bytes(rgb))).convert("RGB"))
    np.testing.assert_array_equal(decoded, rgb)
    with pytest.raises(ValueError, match=r"rgb must have shape \(H, W, 3\)"):
        render.png_bytes(np.zeros((4, 4)))


def test_colours_run_from_orange_through_white_to_blue_and_nan_is_grey():
    rgb = render.diverging_rgb(np.array([-1.0, 0.0, 1.0, np.nan, 5.0]))
    np.testing.assert_array_equal(rgb[0], render.ORANGE)
    np.testing.assert_array_equal(rgb[1], [255, 255, 255])
    np.testing.assert_array_equal(rgb[2], render.BLUE)
    np.testing.assert_array_equal(rgb[3], render.GREY)
    np.testing.assert_array_equal(rgb[4], render.BLUE)  # clipped


def test_heat_map_stamps_points_in_their_class_colour_at_their_place():
    image = render.heat_map(np.zeros((10, 10)), box=1.0, scale=10, train=(np.array([[1.0, 1.0]]), np.array([1])),
                            test=(np.array([[-1.0, -1.0]]), np.array([0])))
    np.testing.assert_array_equal(image[0, 99], render.BLUE)  # top right: (1, 1)
    np.testing.assert_array_equal(image[99, 0], render.ORANGE)  # bottom left: (-1, -1)
    np.testing.assert_array_equal(image[50, 50], [255, 255, 255])


def test_network_svg_shows_every_weight_on_hover():
    W = [np.array([[0.5, -0.25]]), np.array([[1.5], [-2.0]])]
    dot = render.png_data_uri(np.zeros((2, 2, 3), dtype=np.uint8))
    svg = render.network_svg([[(dot, "input x1")], [(dot, "h1"), (dot, "h2")], [(dot, "out")]], W,
                             ["input", "layer 1", "output"])
    assert svg.count("<line") == 4
    for text in ["w = 0.5", "w = -0.25", "w = 1.5", "w = -2", "input x1", "layer 1 2 → output 1"]:
        assert text in svg
    assert "#f59322" in svg and "#0877bd" in svg  # negative orange, positive blue


# ----- the state string -----
def test_state_string_round_trips_config_and_epochs():
    config = Config(dataset="gauss", hidden=(2, 3, 4), activation="relu", lr=0.3, l2=1e-3, seed=12)
    assert decode_state(encode_state(config, 41)) == (config, 41)
    text = encode_state(config, 41)
    assert decode_state(text[:30] + "\n  " + text[30:]) == (config, 41)  # copy-paste line breaks


def _payload(text):
    body = text[4:]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _pack(payload):
    return "PG1." + base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_an_edited_state_string_is_refused_by_its_checksum():
    payload = _payload(encode_state(Config(), 10))
    payload["epochs"] = 11
    with pytest.raises(ValueError, match="checksum does not match"):
        decode_state(_pack(payload))


@pytest.mark.parametrize("text, words", [
    ("hello", "must start with 'PG1.'"),
    ("PG1.%%%not-base64", "not a readable playground state"),
    ("PG1." + base64.urlsafe_b64encode(b"[1, 2]").decode(), "does not hold a playground state"),
    ("PG1." + base64.urlsafe_b64encode(b"\xff\xfe").decode(), "not a readable playground state"),
])
def test_a_malformed_state_string_gets_a_clear_message(text, words):
    with pytest.raises(ValueError, match=words):
        decode_state(text)


def test_state_strings_are_read_as_data_never_run():
    payload = _payload(encode_state(Config(), 0))
    payload["config"]["activation"] = "__import__('os').system('echo hacked')"
    from course_utils.playground.state import _checksum
    payload["check"] = _checksum(payload["config"], payload["epochs"])
    with pytest.raises(ValueError, match="cannot build: activation must be one of"):
        decode_state(_pack(payload))
    with pytest.raises(TypeError, match="state must be the text"):
        decode_state(b"PG1.")


@pytest.mark.parametrize("field, value", [("activation", ["tanh"]), ("dataset", ["spiral"]), ("optimizer", {"adam": 1})])
def test_a_choice_given_as_a_list_or_dict_names_its_field(field, value):
    with pytest.raises(TypeError, match=rf"{field} must be one of .* \(a str\), got"):
        Config(**{field: value})


def test_a_state_string_nested_too_deep_is_refused_in_words():
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    text = "PG1." + base64.urlsafe_b64encode(deep).decode().rstrip("=")
    with pytest.raises(ValueError, match="not a readable playground state"):
        decode_state(text)


def test_one_row_per_setting_checks_each_scalar_field_and_each_control_shows_one():
    import dataclasses

    from course_utils.playground.config import SETTINGS
    from course_utils.playground.widget import CONTROLS

    scalars = [f.name for f in dataclasses.fields(Config) if f.name not in ("features", "hidden")]
    assert sorted(setting.name for setting in SETTINGS) == sorted(scalars)
    assert len({row.field for row in CONTROLS}) == len(CONTROLS) and {row.field for row in CONTROLS} <= set(scalars)
    for setting in SETTINGS:  # each row's range is what Config refuses outside of
        if setting.kind is not str and setting.high is not None:
            with pytest.raises(ValueError, match=f"{setting.name} must"):
                Config(**{setting.name: setting.high * 2 + 1})
