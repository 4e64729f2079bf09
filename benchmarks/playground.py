"""Frame rate of the playground: a 2-8-8-1 network on 300 points, trained and redrawn live.

    .venv/bin/python -m benchmarks.playground [--quick]

A frame is what the Play timer triggers: ``steps_per_frame`` training epochs
(210 training points in batches of 10: 21 updates each), then the redraw (the
heat map as a PNG written from a NumPy array, the network and the loss curves
as SVG, the labels). For comparison, the same heat map and points drawn with
matplotlib (``imshow`` + ``scatter`` on an Agg canvas at the explorers' 80
dpi, only the data updated between redraws) and saved to PNG, as the other
explorers draw. The target is at least 20 frames a second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

TARGET_FPS = 20


def _median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def _matplotlib_redraw(pg):
    """A redraw function drawing pg's heat map and points with matplotlib, as the explorers would."""
    from course_utils.explorers._base import figure_png, new_figure
    from course_utils.playground.config import expand_features
    from course_utils.playground.data import BOX

    figure = new_figure(3.0, 3.0)
    ax = figure.add_axes([0, 0, 1, 1])
    grid = pg._grid()

    def values():
        out = pg.trainer.walk(expand_features(grid, pg.config.features))[1][:, 0]
        return np.tanh(0.5 * out).reshape(60, 60)  # 2 sigmoid − 1

    image = ax.imshow(values(), extent=(-BOX, BOX, -BOX, BOX), cmap="RdYlBu", vmin=-1, vmax=1)
    data = pg.trainer.data
    ax.scatter(*data.X_train.T, c=data.y_train, cmap="RdYlBu", s=12, edgecolors="white")
    ax.scatter(*data.X_test.T, c=data.y_test, cmap="RdYlBu", s=12, edgecolors="black")
    ax.set_axis_off()

    def redraw():
        image.set_data(values())
        return figure_png(figure)

    return redraw


def measure(quick: bool = False) -> list[dict]:
    from course_utils.playground import Playground, render
    from course_utils.playground.config import expand_features

    repeats = 10 if quick else 60
    pg = Playground(hidden=(8, 8), n=300, activation="tanh", lr=0.03)
    assert pg.trainer.model.sizes == [2, 8, 8, 1] and len(pg.trainer.data.X_train) + len(pg.trainer.data.X_test) == 300
    pg.step(5)  # warm: the first calls allocate
    rows = []
    step_ms = _median_ms(lambda: pg.trainer.step(), repeats)
    rows.append({"what": "training step (one epoch, 21 updates)", "ms": step_ms})
    redraw_ms = _median_ms(pg._redraw, repeats)
    rows.append({"what": "redraw: heat map PNG + network SVG + curves + labels + state string", "ms": redraw_ms})
    grid = pg._grid()
    features = expand_features(grid, pg.config.features)
    data = pg.trainer.data

    def heat_map_png():
        out = pg.trainer.walk(features)[1][:, 0]
        image = render.heat_map(np.tanh(0.5 * out).reshape(60, 60), 1.5, 4, (data.X_train, data.y_train),
                                (data.X_test, data.y_test))
        return render.png_bytes(image)

    rows.append({"what": "  of which the heat map: network on the 60×60 grid, colours, 300 points, 240×240 PNG",
                 "ms": _median_ms(heat_map_png, repeats)})
    rows.append({"what": "  of which the network SVG (19 node maps, 88 edges)",
                 "ms": _median_ms(lambda: pg._network_svg(grid, *pg.trainer.walk(features)), repeats)})
    pg.play()  # frames as while playing (no browser here: nothing runs by itself)
    for steps in (1, 5):
        pg.steps_per_frame = steps
        frame_ms = _median_ms(pg._frame, repeats)
        rows.append({"what": f"frame, {steps} epoch(s) per frame", "ms": frame_ms, "fps": 1000 / frame_ms})
    pg.pause()
    mpl = _matplotlib_redraw(pg)
    mpl()
    mpl_ms = _median_ms(mpl, max(5, repeats // 3))
    rows.append({"what": "matplotlib redraw of the same heat map and points (for comparison)", "ms": mpl_ms,
                 "fps": 1000 / (step_ms + mpl_ms)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print("| playground, 2-8-8-1 on 300 points | ms (median) | frames/s |")
    print("|---|---|---|")
    for row in measure(args.quick):
        fps = f"{row['fps']:.0f}" if "fps" in row else ""
        print(f"| {row['what']} | {row['ms']:.2f} | {fps} |")
    print(f"target: >= {TARGET_FPS} frames/s")


if __name__ == "__main__":
    main()
