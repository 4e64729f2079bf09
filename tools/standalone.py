"""What lets a lesson run on its own (Colab, a hub, a downloaded file), made from one address.

    python tools/standalone.py          # check: exit 1 if a lesson or the README is out of date
    python tools/standalone.py --write  # rewrite them from pyproject.toml's Repository address

The course's public address is set once, as ``Repository`` under
``[project.urls]`` in pyproject.toml. From it come the first code cell of every
lesson (install the course's package when it is missing) and the README's
"Open in Colab" links (the student edition, student/, and the full edition). tests/test_standalone.py fails when either is stale.
After ``--write``, run ``make sync`` (cells only: no output changes).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
README = ROOT / "README.md"
COLAB_BEGIN = "<!-- colab-links: written by tools/standalone.py from pyproject.toml's Repository -->"
COLAB_END = "<!-- /colab-links -->"
# The install cell is recognised by its first line.
INSTALL_FIRST_LINE = "# Opened on its own (Colab, a hub, a downloaded file)? This installs the course's"
CELL = re.compile(r"```\{code-cell\} ipython3\n(.*?)```\n", re.S)


def repository() -> str:
    """The course's public address, e.g. https://github.com/owner/name."""
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    address = urls["Repository"].rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", address):
        raise SystemExit(f"pyproject.toml: Repository must be https://github.com/<owner>/<name>, got {address!r}")
    return address


def build_wheel(out: Path) -> Path:
    """The course's wheel in ``out``, built with this Python from a copy of the package and its figures
    (building leaves build/ and *.egg-info/ beside the sources); --no-build-isolation: no download."""
    source = out / "source"
    shutil.copytree(ROOT / "course_utils", source / "course_utils", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "assets", source / "assets")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(out)], check=True, capture_output=True)
    (wheel,) = out.glob("course_utils-*.whl")
    return wheel


def install_cell(address: str) -> str:
    return (f"{INSTALL_FIRST_LINE}\n"
            "# package, keeping the torch, numpy and ipywidgets already there. In the course's folder\n"
            "# (or wherever the package is installed) it does nothing.\n"
            "import importlib\n"
            "import importlib.util\n"
            "\n"
            'if importlib.util.find_spec("course_utils") is None:\n'
            f'    %pip install --quiet --no-deps "course_utils @ git+{address}"\n'
            "    importlib.invalidate_caches()\n"
            '    if importlib.util.find_spec("course_utils") is None:  # no internet, say: stop here, in words\n'
            '        raise RuntimeError("The course\'s package could not be installed (pip says why above; often: no "\n'
            '                           "internet). Connect, then run this cell again; or download the course from "\n'
            f'                           "{address} and open the notebook from its folder.")\n'
            "    from course_utils.doctor import install_missing\n"
            "\n"
            "    install_missing()\n")


def colab_url(address: str, folder: str, stem: str) -> str:
    """The address that opens lesson ``stem`` of ``folder`` (student/ or notebooks/) in Colab, from the repository."""
    return f"https://colab.research.google.com/github/{address.removeprefix('https://github.com/')}/blob/main/{folder}/{stem}.ipynb"


def colab_links(address: str) -> str:
    """Two lines of links: the student edition (student/, exercises to do) and the full edition (notebooks/)."""
    def links(folder: str) -> str:
        return " · ".join(f"[{lesson.stem[:2]}]({colab_url(address, folder, lesson.stem)})"
                          for lesson in sorted(LESSONS.glob("[0-9]*.md")))
    return (f"{COLAB_BEGIN}\nOpen a lesson in Colab, with its exercises to do: {links('student')}\n\n"
            f"The full edition, every solution in place (instructors): {links('notebooks')}\n{COLAB_END}")


def with_install_cell(text: str, cell: str) -> str:
    """A lesson's MyST text whose first code cell is ``cell`` (replaced, or inserted before the first)."""
    first = CELL.search(text)
    if first is None:
        raise ValueError("the lesson has no code cell")
    block = f"```{{code-cell}} ipython3\n{cell}```\n"
    if first.group(1).startswith(INSTALL_FIRST_LINE):
        return text[:first.start()] + block + text[first.end():]
    return text[:first.start()] + block + "\n" + text[first.start():]


def with_colab_links(text: str, links: str) -> str:
    if COLAB_BEGIN in text:
        start, end = text.index(COLAB_BEGIN), text.index(COLAB_END) + len(COLAB_END)
        return text[:start] + links + text[end:]
    raise ValueError(f"README.md has no {COLAB_BEGIN!r} block")


def stale(write: bool) -> list[Path]:
    """Files whose generated parts differ from what the address gives (rewritten when ``write``)."""
    address = repository()
    wanted = {lesson: with_install_cell(lesson.read_text(), install_cell(address))
              for lesson in sorted(LESSONS.glob("[0-9]*.md"))}
    wanted[README] = with_colab_links(README.read_text(), colab_links(address))
    out_of_date = [path for path, text in wanted.items() if path.read_text() != text]
    if write:
        for path in out_of_date:
            path.write_text(wanted[path])
    return out_of_date


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the stale files")
    args = parser.parse_args(argv)
    changed = stale(args.write)
    for path in changed:
        print(("rewrote " if args.write else "out of date: ") + str(path.relative_to(ROOT)))
    return 0 if args.write or not changed else 1


if __name__ == "__main__":
    sys.exit(main())
