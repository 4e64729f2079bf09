"""Fast pictures for a live playground: PNG straight from NumPy arrays, SVG as text.

A matplotlib redraw costs 40-140 ms, too slow for 20 frames a second. Here
the heat map is an RGB array (one colour per grid cell, enlarged by
repetition, the points stamped on as small discs) written into a PNG by
:func:`png_bytes` with zlib; the network and the loss curves are SVG
strings. Colours follow the TensorFlow Playground: orange for class 0 and
negative values, blue for class 1 and positive values, white in between.
"""

from __future__ import annotations

import base64
import html
import struct
import zlib

import numpy as np

__all__ = ["png_bytes", "png_data_uri", "diverging_rgb", "heat_map", "curve_map", "network_svg", "network_picture",
           "side_by_side", "loss_svg", "ORANGE", "BLUE"]

ORANGE = np.array([245, 147, 34], dtype=float)
BLUE = np.array([8, 119, 189], dtype=float)
WHITE = np.array([255, 255, 255], dtype=float)
GREY = np.array([190, 190, 190], dtype=np.uint8)  # NaN cells (a diverged network)
PAD = 20  # margin of the network drawing; its column headings sit in the top one


def png_bytes(rgb: np.ndarray) -> bytes:
    """An RGB image (H, W, 3) uint8 as PNG file bytes (8-bit truecolour, no filter, zlib level 1)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    if rgb.ndim != 3 or rgb.shape[2] != 3 or 0 in rgb.shape:
        raise ValueError(f"rgb must have shape (H, W, 3) with H, W >= 1, got {rgb.shape}")
    h, w, _ = rgb.shape
    rows = np.empty((h, 1 + 3 * w), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" before each row
    rows[:, 1:] = rgb.reshape(h, 3 * w)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
            + chunk(b"IEND", b""))


def png_data_uri(rgb: np.ndarray) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(rgb)).decode("ascii")


def diverging_rgb(v: np.ndarray) -> np.ndarray:
    """Values in [-1, 1] (any shape) as colours (*shape, 3) uint8: -1 orange, 0 white, 1 blue; NaN grey."""
    v = np.asarray(v, dtype=float)
    bad = ~np.isfinite(v)
    t = np.clip(np.where(bad, 0.0, v), -1.0, 1.0)[..., None]
    rgb = np.where(t < 0, WHITE + (WHITE - ORANGE) * t, WHITE + (BLUE - WHITE) * t)
    rgb = rgb.astype(np.uint8)
    rgb[bad] = GREY
    return rgb


def _disc(radius: float) -> np.ndarray:
    r = int(np.ceil(radius))
    dy, dx = np.mgrid[-r:r + 1, -r:r + 1]
    keep = dx * dx + dy * dy <= radius * radius
    return np.column_stack([dy[keep], dx[keep]])


_RING, _DOT = _disc(3.6), _disc(2.5)


def _stamp(image: np.ndarray, rows: np.ndarray, cols: np.ndarray, offsets: np.ndarray, colours: np.ndarray) -> None:
    """Paint a disc of ``offsets`` around each (row, col) with its colour (P, 3), clipped to the image."""
    h, w, _ = image.shape
    r = (rows[:, None] + offsets[None, :, 0]).ravel()
    c = (cols[:, None] + offsets[None, :, 1]).ravel()
    colour = np.repeat(colours, len(offsets), axis=0)
    inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)
    image[r[inside], c[inside]] = colour[inside]


def _point_colours(y: np.ndarray) -> np.ndarray:
    return np.where(np.asarray(y)[:, None] > 0.5, BLUE, ORANGE).astype(np.uint8)


def heat_map(values: np.ndarray, box: float, scale: int = 1, train=None, test=None) -> np.ndarray:
    """A grid of values in [-1, 1] as an RGB image, with points stamped on.

    values : (G, G), row 0 at the top (largest second input), column 0 at the left.
    box : the grid covers [-box, box]²; scale : pixels per grid cell.
    train, test : optional (X (P, 2), y (P,)) pairs; train points get a white rim, test points a black one.
    Returns (G·scale, G·scale, 3) uint8.
    """
    image = diverging_rgb(values)
    if scale > 1:
        image = np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)
    size = image.shape[0]
    for points, rim in ((train, 255), (test, 0)):
        if points is None:
            continue
        X, y = points
        cols = np.round((X[:, 0] + box) / (2 * box) * (size - 1)).astype(int)
        rows = np.round((box - X[:, 1]) / (2 * box) * (size - 1)).astype(int)
        _stamp(image, rows, cols, _RING, np.full((len(X), 3), rim, dtype=np.uint8))
        _stamp(image, rows, cols, _DOT, _point_colours(y))
    return image


def curve_map(curve: np.ndarray, y_range: tuple[float, float], size: int, train=None, test=None,
              colour=(40, 40, 40)) -> np.ndarray:
    """A curve y(x) over x in [0, 1] as an RGB image, with points (x (P, 1), y (P,)) stamped on.

    curve : (size,) values, one per pixel column (NaN columns are left blank).
    y_range : (low, high) mapped to the bottom and top rows.
    """
    low, high = y_range
    image = np.full((size, size, 3), 250, dtype=np.uint8)
    for points, rim in ((train, 255), (test, 0)):
        if points is None:
            continue
        X, y = points
        cols = np.round(X[:, 0] * (size - 1)).astype(int)
        rows = np.round((high - y) / (high - low) * (size - 1)).astype(int)
        _stamp(image, rows, cols, _RING, np.full((len(X), 3), rim, dtype=np.uint8))
        _stamp(image, rows, cols, _DOT, np.tile(BLUE.astype(np.uint8), (len(X), 1)))
    with np.errstate(invalid="ignore"):
        rows = np.clip(np.round((high - np.asarray(curve, float)) / (high - low) * (size - 1)), 0, size - 1)
    colour = np.array(colour, dtype=np.uint8)
    previous = None
    for col, row in enumerate(rows):
        if not np.isfinite(row):
            previous = None
            continue
        row = int(row)
        top, bottom = (row, row) if previous is None else (min(row, previous), max(row, previous))
        image[max(top - 1, 0):bottom + 2, col] = colour  # a 3-pixel-thick line, joined column to column
        previous = row
    return image


def _edge_colour(w: float) -> str:
    return "#0877bd" if w > 0 else "#f59322"


def _layout(columns: list, node: int):
    """Picture size and each node's top-left corner: one column per layer, columns centred vertically."""
    gap_x, gap_y, pad = 3 * node, node + 10, PAD
    tallest = max(len(c) for c in columns)
    width, height = pad + len(columns) * gap_x - 2 * node, pad + tallest * gap_y

    def corner(layer: int, i: int) -> tuple[float, float]:
        offset = (tallest - len(columns[layer])) * gap_y / 2
        return pad / 2 + layer * gap_x, pad + offset + i * gap_y

    return width, height, corner


def _edge_width(w: float, biggest: float) -> float:
    return 0.5 + 4.0 * abs(w) / biggest if np.isfinite(w) else 1.0


def _biggest(W: np.ndarray) -> float:
    finite = W[np.isfinite(W)]
    return max(float(np.abs(finite).max()) if finite.size else 1.0, 1e-12)


def _edges(weights: list[np.ndarray], corner, node: int):
    """Every edge once, for both drawings: (layer, i, j, w, start, end, stroke width).

    An edge runs from the middle of node i's right side (in ``layer``) to the
    middle of node j's left side (in ``layer + 1``); its width grows with |w|
    relative to the largest |w| of its layer.
    """
    for layer, W in enumerate(weights):
        biggest = _biggest(W)
        for i in range(W.shape[0]):
            x0, y0 = corner(layer, i)
            for j in range(W.shape[1]):
                x1, y1 = corner(layer + 1, j)
                w = float(W[i, j])
                yield layer, i, j, w, (x0 + node, y0 + node / 2), (x1, y1 + node / 2), _edge_width(w, biggest)


def network_picture(columns: list[list[np.ndarray]], weights: list[np.ndarray], node: int = 40) -> np.ndarray:
    """The drawing of :func:`network_svg` as an RGB array (for a static PNG): node pictures (node, node, 3) and edges."""
    width, height, corner = _layout(columns, node)
    image = np.full((height, width, 3), 255, dtype=np.uint8)
    for _, _, _, w, (xa, ya), (xb, yb), stroke in _edges(weights, corner, node):
        hex_colour = _edge_colour(w)
        colour = np.array([int(hex_colour[k:k + 2], 16) for k in (1, 3, 5)])
        colour = (0.7 * colour + 0.3 * 255).astype(np.uint8)  # the SVG's 0.7 opacity on white
        half = int(round(stroke / 2))
        t = np.linspace(0.0, 1.0, int(abs(xb - xa)) + 1)
        xs = np.round(xa + t * (xb - xa)).astype(int)
        ys = np.round(ya + t * (yb - ya)).astype(int)
        for dy in range(-half, half + 1):
            image[np.clip(ys + dy, 0, height - 1), np.clip(xs, 0, width - 1)] = colour
    for layer, nodes in enumerate(columns):
        for i, picture in enumerate(nodes):
            x, y = (int(v) for v in corner(layer, i))
            image[y - 1:y + node + 1, x - 1:x + node + 1] = 85  # a grey frame
            image[y:y + node, x:x + node] = picture
    return image


def side_by_side(*images: np.ndarray, gap: int = 10) -> np.ndarray:
    """RGB images next to each other on white, tops aligned."""
    height = max(im.shape[0] for im in images)
    parts = []
    for im in images:
        parts.append(np.vstack([im, np.full((height - im.shape[0], im.shape[1], 3), 255, dtype=np.uint8)]))
        parts.append(np.full((height, gap, 3), 255, dtype=np.uint8))
    return np.hstack(parts[:-1])


def network_svg(columns: list[list[tuple[str, str]]], weights: list[np.ndarray], labels: list[str],
                node: int = 40) -> str:
    """The network as SVG: one column of nodes per layer, an edge per weight.

    columns : for each layer (inputs first), its nodes as (picture data URI, hover text).
    weights : W (fan_in, fan_out) between consecutive columns; an edge's colour is its sign
        (blue > 0, orange < 0), its width grows with |w|, hovering it shows the value.
    labels : one heading per column.
    """
    width, height, corner = _layout(columns, node)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' class='cu-playground-svg' width='{width}' "
             f"height='{height}' viewBox='0 0 {width} {height}' font-family='sans-serif' font-size='10'>"]
    for layer, i, j, w, (xa, ya), (xb, yb), stroke in _edges(weights, corner, node):
        parts.append(f"<line x1='{xa:.0f}' y1='{ya:.0f}' x2='{xb:.0f}' "
                     f"y2='{yb:.0f}' stroke='{_edge_colour(w)}' stroke-width='{stroke:.1f}' "
                     f"stroke-opacity='0.7'><title>{html.escape(f'{labels[layer]} {i + 1} → {labels[layer + 1]} {j + 1}: w = {w:.4g}')}"
                     f"</title></line>")
    for layer, nodes in enumerate(columns):
        x, _ = corner(layer, 0)
        parts.append(f"<text x='{x:.0f}' y='{PAD - 6}'>{html.escape(labels[layer])}</text>")
        for i, (uri, text) in enumerate(nodes):
            x, y = corner(layer, i)
            parts.append(f"<g><title>{html.escape(text)}</title><image x='{x:.0f}' y='{y:.0f}' width='{node}' "
                         f"height='{node}' href='{uri}'/><rect x='{x:.0f}' y='{y:.0f}' width='{node}' "
                         f"height='{node}' fill='none' stroke='#555'/></g>")
    parts.append("</svg>")
    return "".join(parts)


def loss_svg(train: list[float], test: list[float], width: int = 240, height: int = 70) -> str:
    """Train (dark) and test (blue) loss per epoch as SVG polylines on one linear scale from 0."""
    values = np.array([v for v in (*train, *test) if np.isfinite(v)] or [1.0])
    top = max(float(values.max()), 1e-12)
    n = max(len(train) - 1, 1)

    def line(losses: list[float], colour: str) -> str:
        points = " ".join(f"{i / n * (width - 2) + 1:.1f},{height - 1 - min(v, top) / top * (height - 2):.1f}"
                          for i, v in enumerate(losses) if np.isfinite(v))
        return f"<polyline fill='none' stroke='{colour}' stroke-width='1.5' points='{points}'/>"

    return (f"<svg xmlns='http://www.w3.org/2000/svg' class='cu-playground-curve-svg' width='{width}' "
            f"height='{height}'><rect width='{width}' height='{height}' fill='#fafafa' stroke='#ccc'/>"
            + line(train, "#333") + line(test, "#0877bd") + "</svg>")
