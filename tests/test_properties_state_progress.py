"""Properties of what a student keeps: a state string round-trips, and progress updates never lose an entry."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_utils import progress
from course_utils.playground import Config, decode_state, encode_state
from course_utils.playground.config import FEATURES, FEATURES_1D, MAX_LAYERS, MAX_POINTS, MAX_WIDTH, OPTIMIZERS
from course_utils.playground.data import CLASSIFICATION, REGRESSION
from course_utils.scratch.activations import ACTIVATIONS

FAST = settings(max_examples=80, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def configs(draw):
    dataset = draw(st.sampled_from(sorted(CLASSIFICATION) + sorted(REGRESSION)))
    allowed = FEATURES_1D if dataset in REGRESSION else tuple(FEATURES)
    features = tuple(draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=len(allowed), unique=True)))
    return Config(dataset=dataset, n=draw(st.integers(4, MAX_POINTS)), noise=draw(st.floats(0, 1)),
                  test_fraction=draw(st.sampled_from([0.1, 0.3, 0.5, 0.9])), features=features,
                  hidden=tuple(draw(st.lists(st.integers(1, MAX_WIDTH), max_size=MAX_LAYERS))),
                  activation=draw(st.sampled_from(sorted(ACTIVATIONS))), lr=draw(st.sampled_from([1e-4, 0.03, 10.0])),
                  optimizer=draw(st.sampled_from(sorted(OPTIMIZERS))), batch_size=draw(st.integers(1, 100)),
                  seed=draw(st.integers(0, 2**31)), data_seed=draw(st.integers(0, 2**31)))


@FAST
@given(config=configs(), epochs=st.integers(0, 100_000))
def test_a_state_string_round_trips_to_the_same_configuration_and_epoch(config, epochs):
    assert decode_state(encode_state(config, epochs)) == (config, epochs)


@FAST
@given(config=configs(), epochs=st.integers(0, 1000), cut=st.integers(1, 40))
def test_a_state_string_cut_short_is_refused_never_misread(config, epochs, cut):
    text = encode_state(config, epochs)
    try:
        decoded = decode_state(text[:-cut])
    except ValueError:
        return
    assert decoded == (config, epochs)  # only base64 padding was cut: the same state


EVENTS = st.lists(st.tuples(st.sampled_from(["01_neuron", "04_loss"]), st.sampled_from(["mse", "grad", "fit"]),
                            st.sampled_from(["pass", "fail", "todo", None]), st.booleans(), st.booleans()),
                  max_size=25)


@FAST
@given(events=EVENTS)
def test_two_stores_interleaving_updates_keep_every_entry_and_every_failed_attempt(tmp_path_factory, events):
    path = tmp_path_factory.mktemp("progress") / "progress.json"
    stores = [progress.ProgressStore(path), progress.ProgressStore(path)]  # two notebooks on one file
    failures: dict[tuple[str, str], int] = {}
    for i, (notebook, exercise, status, failed, hint) in enumerate(events):
        stores[i % 2].update(notebook, exercise, status=status, failed=failed, hint_shown=hint, hints_available=3)
        failures[notebook, exercise] = failures.get((notebook, exercise), 0) + failed
    stored = progress.ProgressStore(path).load()
    assert {(nb, ex) for nb, exs in stored.items() for ex in exs} == set(failures)
    assert all(stored[nb][ex].attempts == n for (nb, ex), n in failures.items())
    if events:
        assert json.loads(path.read_text())["version"] == progress.VERSION
