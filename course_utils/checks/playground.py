"""Exercise check for the playground in notebook 07: the smallest network for the spiral.

The student pastes a state string from the playground. The check reads it as
plain data (``playground.state.decode_state``: base64 and JSON, a checksum,
every field checked), makes sure it is the exercise's spiral, retrains the
configuration from scratch for the stated epochs (same seeds, same numbers)
and reports the test loss and the parameter count it finds.

It is Exercise 3 of notebook 07, whose other exercises are checked in
``checks.depth``; both modules record under notebook 07, so ``progress()`` of
either lists all of them.
"""

from __future__ import annotations

from typing import Callable

from ..playground.config import Config
from ..playground.presets import PRESETS
from ..playground.state import PREFIX, decode_state, encode_state
from ..playground.trainer import Trainer
from .exercise import run_check
from .lessons import lesson
from .report import failed, Feedback, passed
from .sandbox import call_student, StudentMistake

__all__ = ["SPIRAL_DATA", "TARGET_LOSS", "PARAMETER_BUDGET", "MAX_EPOCHS", "retrain", "course_spiral_state",
           "check_smallest_spiral", "hint", "solution", "use", "progress", "course_version"]

# The exercise's data: the playground's spiral as its preset draws it.
SPIRAL_DATA = {"dataset": "spiral", "n": 300, "noise": 0.1, "test_fraction": 0.3, "data_seed": 0}
TARGET_LOSS = 0.4  # test loss (binary cross-entropy) to reach
PARAMETER_BUDGET = 40  # the course's own answer uses 37
MAX_EPOCHS = 1000  # retraining stays within a few seconds


def course_spiral_state() -> str:
    """The course's answer: the preset spiral (all seven input features, tanh, Adam) with one hidden layer
    of 4 neurons (37 parameters) at learning rate 0.03, trained 300 epochs."""
    config = PRESETS["spiral"][1].replace(hidden=(4,), lr=0.03)
    return encode_state(config, epochs=300)


LESSON = lesson("07_depth_vs_width")

def retrain(config: Config, epochs: int) -> Trainer:
    """A fresh trainer for ``config``, trained ``epochs`` epochs (what the state string promises)."""
    trainer = Trainer(config)
    trainer.check_replay(epochs)
    if epochs:
        trainer.step(epochs)
    return trainer


def _spiral_body(state: Callable[[], str], target: float = TARGET_LOSS, budget: int = PARAMETER_BUDGET) -> Feedback:
    """state() -> a playground state string reaching test loss <= target on the spiral within budget parameters."""
    name = SPIRAL.name

    def body() -> Feedback:
        text = call_student(state)
        if hasattr(text, "state_string") and callable(text.state_string):
            raise StudentMistake("your function returned the playground itself: return its state string, "
                                 "the text in its state box (or playground.state_string()).")
        if isinstance(text, Config):
            raise StudentMistake("your function returned a Config: return the state string from the playground's "
                                 "state box, which also holds the epochs trained.")
        if not isinstance(text, str):
            raise StudentMistake(f"your function should return the state string (text starting with {PREFIX!r}), "
                                 f"got {type(text).__name__}.")
        try:
            config, epochs = decode_state(text)
        except ValueError as exc:
            return failed(name, str(exc) + ".")
        wrong = {k: getattr(config, k) for k, v in SPIRAL_DATA.items() if getattr(config, k) != v}
        if wrong:
            return failed(name, f"this state trains on other data ({wrong}); the exercise uses the spiral with "
                                f"{SPIRAL_DATA}: load the preset 'spiral' and change only the network and training.")
        if epochs > MAX_EPOCHS:
            return failed(name, f"this state trained {epochs} epochs; stay within {MAX_EPOCHS}.")
        if epochs == 0:
            return failed(name, "this state has not been trained (epoch 0): train it in the playground, "
                                "then copy the state box again.")
        try:
            trainer = retrain(config, epochs)
        except ValueError as exc:  # too long to replay: batch 1 for hundreds of epochs
            return failed(name, f"this state cannot be checked: {exc}.")
        params, loss = trainer.num_parameters, trainer.test_losses[-1]
        found = f"retrained for {epochs} epochs: test loss {loss:.4f} with {params} parameters"
        if trainer.diverged:
            return failed(name, f"retraining {trainer.diverged}")
        if loss > target:
            return failed(name, f"{found}, above the target {target}: train longer, change the features "
                                f"or the learning rate, then copy the state again.")
        if params > budget:
            return failed(name, f"{found}: the loss is reached, now do it with at most {budget} parameters "
                                f"(fewer neurons, or input features that do part of the work).")
        return passed(name, f"{found} (target {target}, budget {budget}). Well done.")

    return body()


SPIRAL = LESSON.exercise(
    "smallest network for the spiral", number=3, function="smallest_spiral_state",
    hints=["Load the preset 'spiral', train and watch the test loss; then take neurons away (−) while the test "
           "loss still reaches the target, and copy the state box of the smallest network that does.",
           "Input features such as x1², x2² and sin(x1) do part of the work, so fewer hidden neurons are needed; "
           "a second hidden layer costs many parameters.",
           "One hidden layer of 4 neurons on all seven input features (37 parameters), Adam at learning rate "
           "0.03, reaches the target within 300 epochs."],
    reference=course_spiral_state,
    body=_spiral_body)


def check_smallest_spiral(state: Callable[[], str], target: float = TARGET_LOSS,
                          budget: int = PARAMETER_BUDGET) -> Feedback:
    """state() -> a playground state string reaching test loss <= target on the spiral within budget parameters."""
    return run_check(SPIRAL, lambda: _spiral_body(state, target, budget))


hint, solution, use, progress, course_version = LESSON.exports()
