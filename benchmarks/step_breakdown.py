"""Where the time of one training step goes (784-120-84-10 MLP, batch 100, one thread).

Each part is timed on its own, over the same batches, the parts taking turns
in rounds so that a change in the machine's load hits them all alike; the
table gives each part's median over the rounds.
"""

from __future__ import annotations

import statistics
import time

import torch
import torch.nn.functional as F

from benchmarks.training_paths import fresh_model

BATCH = 100


def _parts(X: torch.Tensor, y: torch.Tensor) -> dict:
    model = fresh_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    W = [layer.weight for layer in model.linears]
    b = [layer.bias for layer in model.linears]

    def full_step(index):  # what fit does per step
        loss = F.cross_entropy(model(X.index_select(0, index)), y.index_select(0, index))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    def forward_backward(index):
        loss = F.cross_entropy(model(X.index_select(0, index)), y.index_select(0, index))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()

    @torch.no_grad()
    def arithmetic_only(index):  # the same products written out by hand: no autograd, no modules
        x = X.index_select(0, index)
        h1 = torch.addmm(b[0], x, W[0].t()).relu_()
        h2 = torch.addmm(b[1], h1, W[1].t()).relu_()
        d3 = torch.addmm(b[2], h2, W[2].t()).softmax(1)
        d2 = d3.mm(W[2]).mul_(h2 > 0)
        d1 = d2.mm(W[1]).mul_(h1 > 0)
        d3.t().mm(h2), d2.t().mm(h1), d1.t().mm(x)

    @torch.no_grad()
    def first_layer_products(index):  # x W1^T forward and dW1 = d1^T x backward: 85% of the FLOPs
        x = X.index_select(0, index)
        torch.addmm(b[0], x, W[0].t()).t().mm(x)

    full_step(torch.arange(BATCH))  # creates the optimizer state before timing
    return {
        "whole step (fit)": full_step,
        "forward + backward (autograd)": forward_backward,
        "fused Adam step": lambda index: optimizer.step(),
        "same arithmetic by hand, no autograd": arithmetic_only,
        "first layer's two matmuls only": first_layer_products,
        "gather the batch (2 index_select)": lambda index: (X.index_select(0, index), y.index_select(0, index)),
    }


def measure(train, quick: bool) -> list[dict]:
    """Median milliseconds per step of each part, and what that makes per 60,000-image epoch."""
    X, y = train.as_float(), train.labels
    batches = torch.randperm(len(X), generator=torch.Generator().manual_seed(0)).split(BATCH)
    rounds, per_round = (3, 10) if quick else (12, 40)
    parts = _parts(X, y)
    times = {name: [] for name in parts}
    for r in range(rounds):
        chunk = batches[(r * per_round) % (len(batches) - per_round):][:per_round]
        for name, part in parts.items():
            start = time.perf_counter()
            for index in chunk:
                part(index)
            times[name].append((time.perf_counter() - start) / len(chunk))
    return [{"part": name, "ms/step": 1e3 * statistics.median(t), "s/epoch": 600 * statistics.median(t)}
            for name, t in times.items()]
