"""The student's progress: which exercise checks passed, per notebook, kept in a local JSON file.

    python -m course_utils.progress [FOLDER_OR_FILE]     # every notebook's exercises, one line each

Every exercise check records its outcome here (``checks.exercise.run_check``).
The file is ``$COURSE_PROGRESS_FILE`` when that is set (a folder: the file in it), else
``.course-progress.json`` in the current folder (a notebook's kernel runs in the
notebook's folder, so the file sits beside the notebooks the student works in;
``.gitignore`` leaves it out of the repository). It looks like::

    {"version": 1, "notebooks": {"04_loss": {"mse": {"status": "pass", "attempts": 1, "hints": 1}}}}

status is the last check's outcome ("pass", "fail" or "todo"), attempts the
number of failed checks, hints how many hints of the exercise's ladder were
shown. Nothing here ever raises for the file, and nothing in it is lost: an
unreadable file is set aside (renamed ``*.unreadable``, or ``*.unreadable-2``
and so on when an earlier one is there) and a fresh one started; fields and
a version number written by a newer course are kept as they are; a file that
is a symbolic link is written through the link; a file that cannot be written
keeps the progress in memory, says so once, and is written again as soon as
it can be.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "COURSE_PROGRESS_FILE"
FILE_NAME = ".course-progress.json"
VERSION = 1
MARKS = {"pass": "✅", "fail": "❌", "todo": "⏳"}


def default_path() -> Path:
    """``$COURSE_PROGRESS_FILE`` (a folder: the file in it), else ``.course-progress.json`` in the current folder."""
    named = os.environ.get(ENV_VAR, "").strip()
    path = Path(named).expanduser() if named else Path.cwd() / FILE_NAME
    return path / FILE_NAME if path.is_dir() else path  # a folder named: the file in it


@dataclass
class Entry:
    """One exercise's record: last status, failed attempts, hints shown."""

    status: str = "todo"
    attempts: int = 0
    hints: int = 0

    @classmethod
    def from_json(cls, data: object) -> "Entry":
        if not isinstance(data, dict):
            return cls()
        status = data.get("status") if data.get("status") in MARKS else "todo"
        return cls(status, _count(data.get("attempts")), _count(data.get("hints")))


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


# Progress that could not be written, by file: the session goes on with it in memory.
_IN_MEMORY: dict[Path, dict] = {}


class ProgressStore:
    """Read and update one progress file; every update re-reads the file first.

    (Two notebooks open at once write the same file: reading before each write
    keeps the other's records.) Writes are atomic: a temporary file replaces the old one.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.note = ""  # why the progress is kept in memory only, when it is

    @property
    def in_memory(self) -> bool:
        return self.path.resolve() in _IN_MEMORY

    def load(self) -> dict:
        """{notebook: {exercise: Entry}} as stored (empty when there is no file yet)."""
        raw = self._read()
        return {nb: {ex: Entry.from_json(e) for ex, e in exercises.items()}
                for nb, exercises in raw["notebooks"].items() if isinstance(exercises, dict)}

    def entry(self, notebook: str, exercise: str) -> Entry:
        return self.load().get(notebook, {}).get(exercise, Entry())

    def update(self, notebook: str, exercise: str, *, status: str | None = None, failed: bool = False,
               hint_shown: bool = False, hints_available: int = 0) -> Entry:
        """Record one event for an exercise and return its new entry.

        status : the check's outcome, when a check ran. failed : count one more failed attempt.
        hint_shown : one more hint of the ladder was shown (at most ``hints_available``).
        """
        if status is not None and status not in MARKS:
            raise ValueError(f"status must be one of {sorted(MARKS)}, got {status!r}")
        with self._locked():
            return self._update(notebook, exercise, status, failed, hint_shown, hints_available)

    def _update(self, notebook: str, exercise: str, status: str | None, failed: bool, hint_shown: bool,
                hints_available: int) -> Entry:
        raw = self._read()
        exercises = raw["notebooks"].setdefault(notebook, {})
        stored = exercises.get(exercise)
        entry = Entry.from_json(stored)
        if status is not None:
            if status not in MARKS:
                raise ValueError(f"status must be one of {sorted(MARKS)}, got {status!r}")
            entry.status = status
        entry.attempts += int(failed)
        if hint_shown:
            entry.hints = min(entry.hints + 1, hints_available)
        # fields this version does not know (a newer course wrote them) stay as they were
        exercises[exercise] = {**(stored if isinstance(stored, dict) else {}),
                               "status": entry.status, "attempts": entry.attempts, "hints": entry.hints}
        self._write(raw)
        return entry

    @contextlib.contextmanager
    def _locked(self):
        """Hold a lock on ``<file>.lock`` while reading and rewriting the file.

        Two kernels (two notebooks open, or a test run's workers) writing at once
        would otherwise each keep only their own new record. Where no lock can be
        taken (no such call, a folder that cannot be written) it goes on without one.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path.with_name(self.path.name + ".lock"), "a+b")
        except OSError:
            yield
            return
        with handle:
            try:
                if os.name == "nt":
                    import msvcrt

                    handle.seek(0)
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                else:
                    import fcntl

                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            except OSError:
                pass  # no lock on this file system: the write stays atomic, a simultaneous record may be lost
            yield  # closing the file releases the lock

    def _read(self) -> dict:
        key = self.path.resolve()
        if key in _IN_MEMORY:  # what this session could not write, over what the file holds (another kernel's)
            on_disk = self._read_file(set_aside=False)
            for notebook, exercises in _IN_MEMORY[key]["notebooks"].items():
                on_disk["notebooks"].setdefault(notebook, {})
                if isinstance(on_disk["notebooks"][notebook], dict):
                    on_disk["notebooks"][notebook].update(exercises)
                else:
                    on_disk["notebooks"][notebook] = exercises
            return on_disk
        return self._read_file()

    def _read_file(self, set_aside: bool = True) -> dict:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _empty()
        except (OSError, ValueError, RecursionError) as exc:
            return self._set_aside(exc) if set_aside else _empty()
        if not (isinstance(raw, dict) and isinstance(raw.get("notebooks"), dict)):
            return self._set_aside(ValueError("not a progress file")) if set_aside else _empty()
        return raw

    def _set_aside(self, exc: Exception) -> dict:
        if not self.path.is_file():  # not ours to move (a folder, a device): _write keeps the progress in memory
            return _empty()
        aside, n = self.path.with_name(self.path.name + ".unreadable"), 2
        while aside.exists() or aside.is_symlink():  # an earlier one may still hold records: never overwrite it
            aside, n = self.path.with_name(f"{self.path.name}.unreadable-{n}"), n + 1
        try:
            self.path.replace(aside)
            print(f"(the progress file {self.path} could not be read ({exc}); it was renamed "
                  f"{aside.name} and a new one started)", file=sys.stderr)
        except OSError:
            pass
        return _empty()

    def _write(self, raw: dict) -> None:
        key = self.path.resolve()
        target = key if self.path.is_symlink() else self.path  # a link stays a link: write the file it names
        text = json.dumps(raw, indent=1, ensure_ascii=False) + "\n"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                os.chmod(temporary, 0o644)  # mkstemp makes it private; it is an ordinary file of the student's
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as exc:
            first = key not in _IN_MEMORY
            _IN_MEMORY[key] = raw
            self.note = f"progress kept in memory only: cannot write {self.path} ({exc.strerror or exc})"
            if first:
                print(f"({self.note})", file=sys.stderr)
            return
        if _IN_MEMORY.pop(key, None) is not None:  # written again after a failure: the file holds it all
            self.note = ""

    def report(self, notebook: str | None = None, exercises: list[str] | tuple[str, ...] = (), *,
               only_listed: bool = False) -> str:
        """Text for one notebook (its ``exercises`` listed first, in order) or, with None, every notebook.

        only_listed : list the named ``exercises`` only, not other exercises recorded for the notebook.
        """
        data = self.load()
        notebooks = [notebook] if notebook is not None else list(data)
        if not notebooks:
            return f"No exercise checked yet ({self.path} does not exist yet)."
        blocks = []
        for name in notebooks:
            recorded = data.get(name, {})
            names = list(dict.fromkeys([*exercises, *([] if only_listed else recorded)]))
            lines = [_line(ex, recorded.get(ex)) for ex in names]
            done = sum(recorded.get(ex, Entry()).status == "pass" for ex in names)
            head = f"{name}: {done} of {len(names)} exercises passed" if names else f"{name}: no exercise checked yet"
            blocks.append("\n".join([head, *lines]))
        return "\n".join(blocks)


def _empty() -> dict:
    return {"version": VERSION, "notebooks": {}}


def _line(exercise: str, entry: Entry | None) -> str:
    if entry is None:
        return f"  {MARKS['todo']} {exercise} (not checked yet)"
    extra = f" ({entry.attempts} failed attempt{'s' * (entry.attempts != 1)})" if entry.status != "pass" and entry.attempts else ""
    return f"  {MARKS[entry.status]} {exercise}{extra}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path = Path(args[0]) if args else default_path()
    if path.is_dir():
        path = path / FILE_NAME
    store = ProgressStore(path)
    print(f"Progress in {path}:")
    print(store.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
