"""Presets: configurations that open with a sentence saying what they show."""

from __future__ import annotations

from .config import Config

__all__ = ["PRESETS"]

ALL_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")

# name -> (why, config)
PRESETS = {
    "circle": ("A ring around a disc: two small hidden layers bend the boundary into a closed curve.",
               Config(dataset="circle", hidden=(4, 2), activation="tanh", lr=0.1)),
    "xor": ("XOR needs a hidden layer: with none the network can only draw one straight line, and a line leaves "
            "at least one of the four corners on the wrong side; press + layer and play again.",
            Config(dataset="xor", hidden=(), activation="tanh", lr=0.1)),
    "xor_hidden": ("XOR with a hidden layer of 4 neurons: each hidden neuron draws one line, the output "
                   "combines them into the two diagonal regions.",
                   Config(dataset="xor", hidden=(4,), activation="tanh", lr=0.1)),
    "activations": ("Activations in action: the same network with ReLU draws its boundary from straight pieces; "
                    "switch to tanh for curves, sigmoid to learn slower, step to see the hidden layers freeze (its gradient is 0).",
                    Config(dataset="circle", hidden=(6, 4), activation="relu", lr=0.03)),
    "high_lr": ("Too high a learning rate: every step overshoots and the loss explodes within a few epochs; "
                "lower the learning rate and restart.",
                Config(dataset="sin", features=("x1",), hidden=(8, 8), activation="relu", lr=3.0, noise=0.05)),
    "dead_relu": ("Dead ReLUs: a large learning rate pushes some neurons below zero for every point; "
                  "they output 0, get no gradient and never recover.",
                  Config(dataset="spiral", hidden=(8, 8), activation="relu", lr=1.0)),
    "spiral": ("The spiral: hard from x1 and x2 alone; extra input features (x1², sin x1, ...) do part of the work.",
               Config(dataset="spiral", features=ALL_FEATURES, hidden=(8, 8), activation="tanh", lr=0.01,
                      optimizer="adam")),
    "wide": ("Depth vs width at equal parameter count (1): one hidden layer of 8 neurons, 25 parameters, "
             "on the composed target of notebook 07; compare with the preset 'deep'.",
             Config(dataset="composed", features=("x1",), hidden=(8,), activation="relu", lr=0.01,
                    optimizer="adam", noise=0.0)),
    "deep": ("Depth vs width at equal parameter count (2): hidden layers of 4 and 3 neurons, 27 parameters, "
             "on the composed target of notebook 07; compare with the preset 'wide'.",
             Config(dataset="composed", features=("x1",), hidden=(4, 3), activation="relu", lr=0.01,
                    optimizer="adam", noise=0.0)),
}
