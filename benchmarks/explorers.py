"""Redraw latency of the explorers: how long one slider move or button press takes.

    .venv/bin/python -m benchmarks.explorers [--quick]

Each action is what a student does (a slider moved, a button pressed), timed
from the change to the new PNG and label being ready; the target is ≤ 0.2 s.
For the learning-rate explorer the gradient-descent run is part of the action,
and "draw only" rows time the drawing alone. MNIST rows need the data
(COURSE_DATA_DIR); loading it (torch import included) is timed once.

On a busy machine NumPy's multi-threaded BLAS slows the MNIST rows several
times over; compare a run with OPENBLAS_NUM_THREADS=1 (the benchmark prints
the setting it ran with).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

TARGET_S = 0.2


def _time(action, repeats: int) -> list[float]:
    times = []
    for k in range(repeats):
        start = time.perf_counter()
        action(k)
        times.append(time.perf_counter() - start)
    return times


def _row(explorer: str, action: str, times: list[float]) -> dict:
    return {"explorer": explorer, "action": action, "median_s": round(statistics.median(times), 4),
            "max_s": round(max(times), 4), "n": len(times),
            "ok": "yes" if statistics.median(times) <= TARGET_S else "NO"}


def _small_explorers(repeats: int) -> list[dict]:
    from course_utils import scratch
    from course_utils.explorers.activations import ActivationExplorer
    from course_utils.explorers.backprop import BackpropFlow
    from course_utils.explorers.neuron import NeuronPlayground
    from course_utils.explorers.perceptron import PerceptronStepper

    names = list(scratch.ACTIVATIONS)
    act, neuron, stepper, flow = ActivationExplorer(), NeuronPlayground(), PerceptronStepper(), BackpropFlow()
    xs = np.linspace(-4.9, 4.9, repeats)

    def set_x(k):
        act.x_slider.value = round(float(xs[k]), 1)

    def backprop_step(k):
        if flow.stage == 10:
            flow.reset_button.click()
        (flow.forward_button if flow.stage < 4 else flow.backward_button).click()

    return [
        _row("activation", "move x", _time(set_x, repeats)),
        _row("activation", "change function",
             _time(lambda k: setattr(act.function, "value", names[(k + 1) % len(names)]), repeats)),
        _row("neuron", "move w1", _time(lambda k: setattr(neuron.w1_slider, "value", -1 + 0.05 * (k % 40)), repeats)),
        _row("neuron", "change activation",
             _time(lambda k: setattr(neuron.activation_menu, "value", names[k % len(names)]), repeats)),
        _row("perceptron", "step", _time(lambda k: stepper.step_button.click(), repeats)),
        _row("perceptron", "epoch", _time(lambda k: stepper.epoch_button.click(), repeats)),
        _row("perceptron", "slider to 10 epochs (replay)",
             _time(lambda k: setattr(stepper.epoch_slider, "value", 10 + k % 2), repeats)),
        _row("backprop", "forward/backward step", _time(backprop_step, repeats)),
    ]


def _learning_rate(problem: str, repeats: int) -> list[dict]:
    from course_utils.explorers.learning_rate import LearningRateExplorer

    rows = []
    start = time.perf_counter()
    explorer = LearningRateExplorer(problem)
    if problem == "mnist":
        rows.append(_row("learning rate (mnist)", "first creation (loads MNIST, imports torch)",
                         [time.perf_counter() - start]))
    name = f"learning rate ({problem})"
    rates = 10.0 ** np.linspace(-4, 0.9, repeats)
    steps = explorer.steps_slider.value

    def set_lr(k):
        explorer.lr_slider.value = float(rates[k])

    rows.append(_row(name, f"move rate ({steps} steps: run + draw)", _time(set_lr, repeats)))
    rows.append(_row(name, f"training run alone ({steps} steps)",
                     _time(lambda k: explorer.problem.run(float(rates[k]), steps), repeats)))
    rows.append(_row(name, f"draw only ({len(explorer.runs)} runs overlaid)",
                     _time(lambda k: explorer._redraw(), repeats)))
    if problem != "mnist":
        explorer.steps_slider.value = 200
        rows.append(_row(name, "move rate (200 steps)", _time(set_lr, repeats)))
    rows.append(_row(name, f"sweep ({explorer.steps_slider.value} steps × 13 rates)",
                     _time(lambda k: explorer.sweep_button.click(), max(1, repeats // 3))))
    return rows


def measure(quick: bool) -> list[dict]:
    """Rows {explorer, action, median_s, max_s, n, ok}; quick: 3 repeats, no MNIST."""
    repeats = 3 if quick else 10
    rows = _small_explorers(repeats)
    rows += _learning_rate("surface", repeats)
    rows += _learning_rate("dataset", repeats)
    data = os.environ.get("COURSE_DATA_DIR")
    if not quick and data and os.path.isdir(os.path.join(data, "MNIST")):
        rows += _learning_rate("mnist", repeats)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 repeats, no MNIST")
    args = parser.parse_args()
    rows = measure(args.quick)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    print(f"load average: {os.getloadavg()[0]:.2f}; OPENBLAS_NUM_THREADS={threads}; "
          f"target: median ≤ {TARGET_S} s per action")
    header = list(rows[0])
    widths = [max(len(str(r[h])) for r in rows + [dict(zip(header, header))]) for h in header]
    for row in [dict(zip(header, header))] + rows:
        print("  ".join(str(row[h]).ljust(w) for h, w in zip(header, widths)))


if __name__ == "__main__":
    main()
