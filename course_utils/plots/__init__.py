"""Matplotlib helpers the notebooks call: one module per notebook topic.

``plots.neuron`` (01), ``plots.perceptron`` (02, 03), ``plots.activations`` (03),
``plots.loss`` (04), ``plots.descent`` (05), ``plots.mnist`` (06), ``plots.depth`` (07).
Each function returns the Figure (or Axes) it drew; the notebook ends the cell with ``plt.show()``.
"""
