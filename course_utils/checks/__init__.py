"""Exercise checks: one call after each exercise that says what is right or wrong.

Each lesson has its check module (``checks.neuron``, ``checks.loss``, ...; 07 has
two). An exercise is a table (``exercise.Exercise``: its cases and its typical
mistakes, each the wrong code beside its message) run by one runner; the
lesson (``lessons.lesson("04_loss")``) registers its exercises and gives the
notebook ``hint``, ``solution``, ``use``, ``progress`` and ``course_version``.
The student's function is called in the sandbox (``sandbox.call_student``), its
result read as numbers (``student_result``) and compared (``compare``); the
outcome is printed as one line (``report``) and kept in the student's progress
file (``course_utils.progress``). The solutions shown come from the lessons
themselves (``solutions``).
"""
