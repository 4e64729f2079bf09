"""Exercise checks: one call after each exercise that says what is right or wrong.

Each notebook has its own module (``checks.neuron``, ``checks.loss``, ...); they
share the reporting in ``checks.feedback``.
"""
