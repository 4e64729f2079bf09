"""Build the course website, build/site/, from the lessons and their stored outputs.

    python tools/make_site.py [--out build/site]      # what `make site` runs

Every lesson is a page with its figures, its maths and its explorers' stored widget views,
none of it executed again; links between lessons work; the install cell is left out; the
student and instructor editions are offered as downloads. The pages load nothing from the
internet: MathJax, RequireJS and the widget manager are served from the site's own
``_static/`` (from tools/site_assets, installed by npm ci).

The tool is Sphinx with MyST-NB, the pair Jupyter Book 1 is built on: it renders a notebook's
stored outputs, widget state included, without a kernel, resolves links between notebooks as
links between pages, and lets the site serve every script itself (``mathjax_path``,
``nb_ipywidgets_js``). It is Python, installed from the lock like the rest of the course.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lesson_files import lesson_files  # noqa: E402  (tools/ is a folder of scripts)
from standalone import INSTALL_FIRST_LINE, colab_url, repository  # noqa: E402

ASSETS = ROOT / "tools" / "site_assets" / "node_modules"
TITLE = "Neural networks, hands on"
STATIC = {  # what the pages load, from the npm packages of tools/site_assets -> where in _static/
    "mathjax/es5": "mathjax",
    "requirejs/require.js": "require.js",
    "@jupyter-widgets/html-manager/dist": "html-manager",
}

CONF = f'''"""Sphinx settings for the course website (written by tools/make_site.py)."""

project = "{TITLE}"
copyright = "the course's authors; code MIT, lesson text and figures CC BY 4.0"
extensions = ["myst_nb"]
nb_execution_mode = "off"              # the stored outputs, as the course's tests compared them
myst_enable_extensions = ["dollarmath", "amsmath"]
html_theme = "alabaster"
html_static_path = ["_static"]
html_title = project
exclude_patterns = ["downloads/**"]    # files offered for download, not pages
mathjax_path = "mathjax/tex-chtml.js"  # served by the site itself: the maths renders offline
nb_ipywidgets_js = {{                   # the explorers' stored views, with no CDN
    "require.js": {{}},
    "html-manager/embed-amd.js": {{"data-jupyter-widgets-cdn": "_static/html-manager/"}},
}}
suppress_warnings = ["mystnb.unknown_mime_type"]
'''


def lessons() -> list[Path]:
    return lesson_files(".ipynb")


def page_of(path: Path) -> nbformat.NotebookNode:
    """The lesson as its page shows it: the install cell removed (it is for a notebook opened alone)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(INSTALL_FIRST_LINE):
            cell.metadata.setdefault("tags", []).append("remove-cell")
    return nb


def _title(nb: nbformat.NotebookNode) -> str:
    first = next(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    return first.lstrip("# ").splitlines()[0]


def index(pages: list[tuple[str, str]]) -> str:
    """The home page: the lessons in order, and each lesson's two editions to download."""
    address = repository()
    rows = "\n".join(f"| [{title}]({stem}.ipynb) | {{download}}`student edition <downloads/student/{stem}.ipynb>` "
                     f"· [open in Colab]({colab_url(address, 'student', stem)}) "
                     f"| {{download}}`full edition <downloads/full/{stem}.ipynb>` |" for stem, title in pages)
    toctree = "\n".join(stem for stem, _ in pages)
    return f"""# {TITLE}

A hands-on introduction to neural networks, from a single neuron to a trained MNIST
classifier, in seven notebooks. Each page below is a lesson with its stored outputs; to *do*
it, download its **student edition** (the exercises to fill in, with checks that answer at
once) and open it in Jupyter, or open it in Colab directly. The **full edition** has every solution in place.

| lesson | to work through | every solution in place |
| --- | --- | --- |
{rows}

```{{toctree}}
:maxdepth: 1
:hidden:

{toctree}
```
"""


def write_source(src: Path) -> None:
    """The Sphinx project: conf.py, the home page, one page per lesson, the downloads and _static/."""
    if src.exists():
        shutil.rmtree(src)
    (src / "_static").mkdir(parents=True)
    missing = [name for name in STATIC if not (ASSETS / name).exists()]
    if missing:
        raise FileNotFoundError(f"the site's scripts are not installed ({', '.join(missing)} missing in {ASSETS}): "
                                "run `cd tools/site_assets && npm ci` (make site does)")
    for name, target in STATIC.items():
        source, destination = ASSETS / name, src / "_static" / target
        if source.is_dir():
            shutil.copytree(source, destination, ignore=shutil.ignore_patterns("*.map", "*.txt", "*.md"))
        else:
            shutil.copy(source, destination)
    pages = []
    for path in lessons():
        nb = page_of(path)
        nbformat.write(nb, src / path.name)
        pages.append((path.stem, _title(nb)))
        for edition, folder in (("student", ROOT / "student"), ("full", ROOT / "notebooks")):
            (src / "downloads" / edition).mkdir(parents=True, exist_ok=True)
            shutil.copy(folder / path.name, src / "downloads" / edition / path.name)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(index(pages), encoding="utf-8")


def build(out: Path) -> Path:
    """Write the Sphinx project beside ``out`` and build the site into ``out``; returns ``out``."""
    src = out.parent / f"{out.name}-source"
    write_source(src)
    if out.exists():
        shutil.rmtree(out)
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"sphinx failed:\n{done.stderr[-3000:]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site", help="the folder to write the site to")
    args = parser.parse_args(argv)
    out = build(args.out.resolve())
    print(f"{out}: open {out / 'index.html'} (every script is served from the site itself)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
