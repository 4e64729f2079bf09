# The course's commands (see README.md):
#   make lab    set up the environment if missing, then open JupyterLab on notebooks/
#   make test   set up the environment if missing, then run every test
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
NBVAL  := --nbval --nbval-current-env --nbval-cell-timeout=600 --nbval-sanitize-with notebooks/sanitize.cfg
# One BLAS thread unless told otherwise: the course's matrices are small, and
# with another process on a core, threaded OpenBLAS made them up to 50x slower.
export OPENBLAS_NUM_THREADS ?= 1
# COURSE_DATA_DIR (optional) names the folder holding MNIST/raw/; unset, the
# course uses data/ in the repo and downloads MNIST there when online.

.PHONY: lab test unit notebooks student student-test sync execute assets bench bench-quick browser clean-venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=notebooks

test: unit notebooks student-test

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q

notebooks: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) notebooks -q

student: $(STAMP)
	$(BIN)/python tools/make_student_edition.py --out student

student-test: student
	$(BIN)/python tools/check_student_edition.py student
	$(BIN)/python -m pytest $(NBVAL) student -q

# Each lesson is a pair, notebooks/NN_name.md + .ipynb (jupytext.toml). After editing
# one side outside JupyterLab, `make sync` updates the other and keeps the stored outputs.
NB ?= notebooks/[0-9]*.ipynb
sync: $(STAMP)
	$(BIN)/jupytext --sync $(NB)

# Re-execute notebooks on a fresh kernel and store their outputs (commit them afterwards):
# every lesson, or one with `make execute NB=notebooks/03_activations.ipynb`.
execute: sync
	$(BIN)/python tools/execute_notebooks.py $(NB)

assets: $(STAMP)
	$(BIN)/python -m course_utils.figures

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

bench-quick: $(STAMP)
	$(BIN)/python benchmarks/run.py --quick

browser: $(STAMP)
	bash tools/setup_browser.sh $(VENV)
	$(BIN)/python -m pytest browser_tests -q

clean-venv:
	rm -rf $(VENV)
