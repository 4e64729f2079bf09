"""The student's own working copy of the course: the student edition, in a folder git ignores.

    python tools/student_copy.py [--dest my-work] [--source notebooks]

The first run writes the student edition of every lesson (solutions stubbed,
outputs cleared: ``tools/make_student_edition.py``) into ``--dest``. A
manifest there (``.course-manifest.json``) records, for each notebook, the hash
of the file as written (and of the newer version offered, if any). Later runs never overwrite a notebook the student
changed (any byte differs from what was written, running it and saving
included):

- unchanged, and the course has a newer version: the notebook is updated;
- changed, and the course has a newer version: the new version is written
  beside it as ``NN_name.new.ipynb`` (offered, not forced). When the course
  changes again, an offered file the student left as it was is rewritten; one
  the student worked in is kept too, and the newer version goes to
  ``NN_name.new-2.ipynb`` (then ``-3``, ...);
- a notebook the student deleted is written again; one the student replaced
  by its ``.new`` version follows the course again.

Prints one line per notebook that was written or offered, and exits non-zero
only when the course has no notebooks.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ".course-manifest.json"

_spec = importlib.util.spec_from_file_location("make_student_edition", Path(__file__).with_name("make_student_edition.py"))
_edition = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_edition)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def student_text(path: Path) -> bytes:
    """The student edition of one lesson notebook, as the bytes written to the copy.

    Raises ValueError naming the notebook when it cannot be read as one.
    """
    try:
        nb, _ = _edition.student_notebook(nbformat.read(path, as_version=4))
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:  # not JSON, not a notebook
        raise ValueError(f"{path.name}: the course's notebook cannot be read ({type(exc).__name__}: "
                         f"{str(exc).splitlines()[0] if str(exc) else 'no detail'})") from None
    text = nbformat.writes(nb)
    if "SOLUTION" in text:
        raise ValueError(f"{path.name}: solution text left in the student edition")
    return text.encode("utf-8")


def offered_path(path: Path) -> Path:
    """Where a newer course version of a changed notebook is offered: NN_name.new.ipynb."""
    return path.with_name(path.stem + ".new" + path.suffix)


def free_offer_path(path: Path) -> Path:
    """The first of NN_name.new.ipynb, NN_name.new-2.ipynb, ... that does not exist yet."""
    offer, n = offered_path(path), 2
    while offer.exists():
        offer, n = path.with_name(f"{path.stem}.new-{n}{path.suffix}"), n + 1
    return offer


def _read_manifest(dest: Path) -> dict:
    try:
        data = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    notebooks = data.get("notebooks") if isinstance(data, dict) else None
    return {k: v for k, v in notebooks.items() if isinstance(v, dict)} if isinstance(notebooks, dict) else {}


def sync(source: Path, dest: Path) -> list[str]:
    """Bring ``dest`` up to date with the course's notebooks in ``source``; returns what happened, one line each."""
    lessons = sorted(source.glob("[0-9]*.ipynb"))
    lessons = [p for p in lessons if ".new" not in p.stem]
    if not lessons:
        raise FileNotFoundError(f"no lesson notebooks (NN_name.ipynb) in {source}")
    dest.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(dest)
    report = []
    for lesson in lessons:
        course = student_text(lesson)
        course_hash = digest(course)
        target = dest / lesson.name
        record = manifest.get(lesson.name, {})
        if not target.exists():
            target.write_bytes(course)
            manifest[lesson.name] = {"written": course_hash}
            report.append(f"{lesson.name}: {'written again' if record else 'created'}")
            continue
        current = digest(target.read_bytes())
        if current == course_hash:  # the course's version (also after the student took the .new one)
            manifest[lesson.name] = {"written": course_hash}
            continue
        if current in (record.get("written"), record.get("offered")):  # untouched (or the offer taken as it was)
            target.write_bytes(course)
            manifest[lesson.name] = {"written": course_hash}
            report.append(f"{lesson.name}: updated to the course's newer version")
            continue
        if course_hash == record.get("written"):  # changed by the student, and the course has nothing newer
            continue
        # changed by the student: offer, never overwrite
        offer = dest / record.get("offered_as", offered_path(target).name)
        if offer.exists() and digest(offer.read_bytes()) == course_hash:
            manifest[lesson.name] = {**record, "offered": course_hash, "offered_as": offer.name}
            report.append(f"{lesson.name}: kept your changes; the course's newer version waits in {offer.name}")
            continue
        if offer.exists() and digest(offer.read_bytes()) != record.get("offered"):
            offer = free_offer_path(target)  # the student worked in the offered file too: keep it as well
        offer.write_bytes(course)
        manifest[lesson.name] = {**record, "offered": course_hash, "offered_as": offer.name}
        report.append(f"{lesson.name}: you changed it, so it was kept; the course's newer version is "
                      f"{offer.name} (open it, or copy what you need from it)")
    (dest / MANIFEST).write_text(json.dumps({"version": 1, "notebooks": manifest}, indent=1) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dest", type=Path, default=ROOT / "my-work", help="the student's folder (default: my-work)")
    parser.add_argument("--source", type=Path, default=ROOT / "notebooks", help="the course's notebooks")
    args = parser.parse_args(argv)
    try:
        report = sync(args.source, args.dest)
    except (OSError, ValueError) as exc:  # a bad notebook, a folder that cannot be written: say which, no traceback
        print(f"The copy of the course could not be brought up to date: {exc}", file=sys.stderr)
        return 1
    for line in report:
        print(line)
    print(f"Your copy of the course: {args.dest}" + ("" if report else " (up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
