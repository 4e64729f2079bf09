"""How a check reports back: one printed line per check, and text shown folded.

A check returns a :class:`Feedback` (so tests can assert on ``.passed`` and
``.message``) and prints it as one line: ✅, ❌ with a hint, or ⏳ "not done yet".
"""

from __future__ import annotations

import html
import sys
import textwrap
from dataclasses import dataclass

PASS_MARK = "✅"
FAIL_MARK = "❌"
TODO_MARK = "⏳"
HINT_MARK = "💡"
LOCKED_MARK = "🔒"  # an answer kept until the student has tried


@dataclass(frozen=True)
class Feedback:
    """The outcome of one exercise check.

    exercise : the exercise's name, as printed.
    status : "pass", "fail" or "todo" (student has not written the code yet).
    message : one sentence for the student (a hint when it failed).
    """

    exercise: str
    status: str
    message: str

    def __post_init__(self) -> None:
        if self.status not in ("pass", "fail", "todo"):
            raise ValueError(f"status must be 'pass', 'fail' or 'todo', got {self.status!r}")

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def __str__(self) -> str:
        mark = {"pass": PASS_MARK, "fail": FAIL_MARK, "todo": TODO_MARK}[self.status]
        return f"{mark} {self.exercise}: {self.message}"

    __repr__ = __str__

    def _ipython_display_(self) -> None:
        """Show nothing: the check has already printed its line (no second copy in the cell)."""


NOT_DONE = "not done yet: replace the `raise NotImplementedError` with your code."
CHECK_TRIPPED = "the check could not finish"  # the start of a check's message when the check itself raised


def passed(exercise: str, message: str = "correct, well done.") -> Feedback:
    return _report(Feedback(exercise, "pass", message))


def failed(exercise: str, hint: str) -> Feedback:
    return _report(Feedback(exercise, "fail", hint))


def not_done(exercise: str, message: str = NOT_DONE) -> Feedback:
    return _report(Feedback(exercise, "todo", message))


def _report(feedback: Feedback) -> Feedback:
    print(feedback)
    return feedback



def in_notebook() -> bool:
    """Whether output goes to a notebook front end (a Jupyter kernel), which shows HTML."""
    module = sys.modules.get("IPython")
    shell = module.get_ipython() if module is not None else None
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


UNFOLD = "(click to unfold)"  # ends every folded answer's heading: the student-edition test looks for it


def show_folded(summary: str, text: str) -> None:
    """``text`` under the heading ``summary`` + UNFOLD: folded (<details>) in a notebook, indented plain text elsewhere."""
    summary = f"{summary} {UNFOLD}"
    if in_notebook():
        from IPython.display import HTML, display

        display(HTML(f"<details><summary>{html.escape(summary, quote=False)}</summary>"
                     f"<pre><code>{html.escape(text, quote=False)}</code></pre></details>"))
    else:
        print(f"{summary}:\n{textwrap.indent(text, '    ')}")
