# The two commands of the course: `make lab` (learn) and `make test` (check everything).
# Both create .venv on first use and reinstall only when requirements.txt or pyproject.toml change.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: lab test notebooks bench venv clean

$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed, found " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

venv: $(INSTALLED)

lab: $(INSTALLED)
	$(VENV)/bin/jupyter lab notebooks/

test: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# Re-execute notebooks in place (all, or NB=notebooks/01_softmax.ipynb).
notebooks: $(INSTALLED)
	$(PY) tools/run_notebooks.py $(NB)

bench: $(INSTALLED)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache *.egg-info
