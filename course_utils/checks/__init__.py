"""Exercise checks: one call after each exercise that says what is right or wrong.

Each notebook has its own module (``checks.neuron``, ``checks.loss``, ...); they
share the reporting in ``checks.feedback``: one printed line per check (✅, a
specific hint, or "not done yet"), a ladder of hints and the course's solution
for exercises a module registers (``feedback.lesson(__name__).exercise(...)``),
the course's reference when a later cell needs an unfinished exercise
(``use``), and the student's progress per notebook (``course_utils.progress``).
"""
