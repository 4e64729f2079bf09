"""One command for the course's speed numbers; prints Markdown tables.

    .venv/bin/python benchmarks/run.py           # full run, 7-12 minutes
    .venv/bin/python benchmarks/run.py --quick   # same tables from tiny runs, well under a minute

Needs MNIST (``COURSE_DATA_DIR``). Measured in one run, side by side:
MNIST training paths (seconds per epoch, test accuracy, time to 97.5% / 98%,
speed-up over the usual DataLoader + ToTensor loop), notebook run times with
their slowest cells, explorer redraw latencies, import times and, in the full
run, `make test` phase by phase.
Everything runs on one thread (torch and BLAS); the load average of the
machine is printed with the numbers because a busy machine slows every row.
No thresholds are checked here: the numbers are for reading.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before NumPy loads: one BLAS thread, like torch

import argparse  # noqa: E402
import datetime  # noqa: E402
import importlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make `benchmarks` and `course_utils` importable
    sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from benchmarks import make_test, notebook_times, startup, step_breakdown, training_paths as paths  # noqa: E402
from benchmarks.report import machine_lines, table, training_table  # noqa: E402

TARGETS = (0.975, 0.98)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def training_results(quick: bool) -> tuple[list[paths.Result], bool]:
    """Every path in one process; the torch paths take turns epoch by epoch.

    Quick: 1 epoch on 6,000 images. Full: the DataLoader loop and the
    step-by-step speed-ups for 3 epochs, fit for 15 (time to 97.5% / 98%).
    Also returns whether fit itself reproduces the fit path's accuracies.
    """
    n_train, n_test = (6_000, 2_000) if quick else (None, None)
    train, test = paths.mnist(n_train, n_test)
    short, long = (1, 1) if quick else (3, 15)
    say("training: torch paths in turns")
    results = paths.take_turns({
        "DataLoader + ToTensor (the usual loop)": (lambda: paths.dataloader_loop(n_train, n_test), short),
        "whole tensors, X[idx], default Adam, .item()":
            (lambda: paths.whole_tensor(train, test, gather="index", fused=False), short),
        "  + index_select batches": (lambda: paths.whole_tensor(train, test, gather="index_select", fused=False), short),
        "  + fused Adam": (lambda: paths.whole_tensor(train, test, gather="index_select", fused=True), short),
        "course_utils.training.fit": (lambda: paths.fit_epochs(train, test), long),
    })
    say("training: fit on 2 threads, scratch")
    results += [paths.two_threads(train, test, n=1_000 if quick else 6_000),
                paths.scratch(1 if quick else 10, train, test)]
    say("checking that fit reproduces the fit path")
    return results, paths.fit_matches(train, test)


def explorer_rows(quick: bool) -> tuple[list[dict], str]:
    if not (ROOT / "benchmarks" / "explorers.py").exists():
        return [], "skipped: benchmarks/explorers.py does not exist yet"
    try:
        return importlib.import_module("benchmarks.explorers").measure(quick), ""
    except Exception as err:  # report it in the table rather than lose the other numbers
        return [], f"failed: {type(err).__name__}: {err}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny runs: checks the benchmark works (CI)")
    parser.add_argument("--no-notebooks", action="store_true", help="skip executing the notebooks (the slow part)")
    parser.add_argument("--no-make-test", action="store_true", help="skip timing `make test` (about 3 minutes)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    load_before, started = os.getloadavg(), time.perf_counter()
    results, fit_matches = training_results(args.quick)
    say("one step, part by part")
    steps = step_breakdown.measure(paths.mnist(6_000 if args.quick else None, 1)[0], args.quick)
    say("explorers")
    explorers, explorer_note = explorer_rows(args.quick)
    notebooks = []
    if not (args.quick or args.no_notebooks):
        say("notebooks (executed in a temporary copy)")
        notebooks = notebook_times.measure()
    say("import times")
    imports = startup.measure(args.quick)
    phases = []
    if not (args.quick or args.no_make_test):
        say("make test")
        phases = make_test.measure()

    mode = "--quick (1 epoch on 6,000 training / 2,000 test images)" if args.quick else "full"
    print(f"# Benchmarks, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, mode {mode}\n")
    print("\n".join(machine_lines(load_before, os.getloadavg(), time.perf_counter() - started)) + "\n")
    print("## MNIST training, MLP 784-120-84-10, batch 100, Adam lr 1e-3\n")
    print(training_table(results, TARGETS) + "\n")
    print("s/epoch is a median. The rows above fit's 2-thread row took turns epoch by epoch; their s/epoch "
          "and speed-up count only the epochs all of them ran, so that they faced the same load. "
          f"fit itself gives the same accuracies as its row: {'yes' if fit_matches else 'NO'}.\n")
    print("## Where one training step goes (fit's step taken apart, median of interleaved rounds)\n")
    print(table(steps, ["part", "ms/step", "s/epoch"]) + "\n")
    print("## Notebooks (fresh kernel each, launched without make's thread variables, one core busy)\n")
    print(table(notebooks, ["notebook", "seconds", "slowest cells"]) if notebooks else
          ("skipped (--quick or --no-notebooks)" if args.quick or args.no_notebooks else "no notebooks found"), end="\n\n")
    print("## Explorer redraws\n")
    print(table(explorers, list(explorers[0])) if explorers else explorer_note or "no rows", end="\n\n")
    print("## Start-up (each in a fresh process; median of 3, 1 in --quick)\n")
    print(table(imports, ["what", "seconds", "note"]) + "\n")
    print("## make test, phase by phase (warm environment)\n")
    if phases:
        print(table(phases, ["phase", "seconds", "note"]) + "\n")
        print("The three parts run side by side in one pytest session; a part's work is the sum of "
              "its tests' durations (each notebook's kernel start included), so they add up to more "
              "than the session's wall-clock time.")
    else:
        print("skipped (--quick or --no-make-test)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
