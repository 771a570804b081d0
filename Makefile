# The two commands of the course: `make lab` (learn) and `make test` (check everything).
# Both create .venv on first use and reinstall only when requirements.txt or pyproject.toml change.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

OLDEST := .venv-oldest
OLDEST_INSTALLED := $(OLDEST)/.installed
PLAYWRIGHT := playwright>=1.40
NB ?=

.PHONY: lab test notebooks bench venv clean html slides test-browser test-oldest check-notebooks check-other-loops lite test-lite test-pyodide bundle pdf

$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed, found " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

venv: $(INSTALLED)

# JupyterLab on the notebooks, without its news pop-up and update check; options for JupyterLab in
# ARGS (make lab ARGS="--port 8890 --no-browser --IdentityProvider.token=abc"). As root (containers,
# classroom VMs) --allow-root is added, since JupyterLab refuses to start as root without it.
ARGS ?=
USER_ID ?= $(shell id -u)
LAB_OPTIONS := --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	$(if $(filter 0,$(USER_ID)),--allow-root)

lab: $(INSTALLED)
	$(VENV)/bin/jupyter lab $(LAB_OPTIONS) $(ARGS) notebooks/

test: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2

# Re-execute notebooks in place (all, or NB=notebooks/01_softmax.ipynb).
notebooks: $(INSTALLED)
	$(PY) tools/run_notebooks.py $(NB)

# Fails when re-executing a notebook would change any byte of it (runs on copies).
check-notebooks: $(INSTALLED)
	$(PY) tools/run_notebooks.py --check $(NB)

# Fails when an assert of a notebook does not hold on NumPy's and OpenBLAS's other loops, which
# round differently from the pinned ones the saved outputs come from (tools/pinned_numerics.py).
check-other-loops: $(INSTALLED)
	$(PY) tools/run_notebooks.py --other-loops $(NB)

bench: $(INSTALLED)
	$(PY) benchmarks/run.py
	$(PY) benchmarks/widget_latency.py --browser

# The offline site: build/site/index.html (the course map) and one page per notebook.
# Needs npm (the widget JavaScript, MathJax, reveal.js come from the npm registry at build time).
html: $(INSTALLED)
	$(PY) tools/build_site.py

# The download bundle alone: build/dl-fundamentals-course.zip (notebooks, course_lib, install
# instructions); `make html` also puts it into the site.
bundle: $(INSTALLED)
	$(PY) tools/site_kit.py

# Printable PDFs of the course map and every chapter, the site's pages printed by headless Chromium:
# build/pdf/.
pdf: $(INSTALLED) html
	$(PY) -c 'import playwright' 2>/dev/null || $(PY) -m pip install --quiet '$(PLAYWRIGHT)'
	$(PY) tools/build_pdf.py

# Lecture slides of one notebook: make slides NB=01 -> build/site/01_<name>.slides.html
slides: $(INSTALLED)
	@test -n "$(NB)" || { echo "usage: make slides NB=01"; exit 2; }
	$(PY) tools/build_slides.py $(NB)

# Every notebook in JupyterLab in headless Chromium (/usr/bin/chromium), then the built site and
# slides offline. Screenshots and timings: build/screenshots/.
test-browser: $(INSTALLED) html
	$(PY) -c 'import playwright' 2>/dev/null || $(PY) -m pip install --quiet '$(PLAYWRIGHT)'
	for nb in $(wordlist 1,2,$(sort $(wildcard notebooks/*.ipynb))); do $(PY) tools/build_slides.py $$nb || exit 1; done
	$(PY) tools/browser_check.py --site build/site

# The JupyterLite edition: build/lite/, JupyterLab in the browser with the Pyodide kernel, the
# notebooks and course_lib, offline (any static host serves it). The build tools live in .venv-lite
# (requirements-lite.txt, exact versions); Pyodide 0.27.7 is fetched at build time from npm and PyPI
# and every file is checked by sha256 (tools/lite/sources.json). Needs npm.
LITE := .venv-lite
LITE_INSTALLED := $(LITE)/.installed

$(LITE_INSTALLED): requirements-lite.txt
	test -x $(LITE)/bin/python || $(PYTHON) -m venv $(LITE)
	$(LITE)/bin/python -m pip install --quiet -r requirements-lite.txt
	touch $(LITE_INSTALLED)

lite: $(LITE_INSTALLED)
	$(LITE)/bin/python tools/build_lite.py

# Notebooks 01 and 11 in build/lite, served on localhost, in headless Chromium with every request
# off this machine blocked and counted (must be 0): all cells run, a slider moves its figure.
test-lite: $(INSTALLED) lite
	$(PY) -c 'import playwright' 2>/dev/null || $(PY) -m pip install --quiet '$(PLAYWRIGHT)'
	$(PY) tools/lite_check.py --lite build/lite $(if $(wildcard build/site/index.html),--site build/site)

# course_lib's unit tests in the Pyodide of build/lite, under Node (Python 3.12, numpy 2.0.2,
# matplotlib 3.8.4): every test module that needs nothing Pyodide lacks (tools/pyodide_tests.py).
test-pyodide: lite
	$(LITE)/bin/python tools/pyodide_tests.py

# The whole test suite with the oldest supported versions (requirements-oldest.txt) in .venv-oldest.
$(OLDEST_INSTALLED): requirements-oldest.txt pyproject.toml
	test -x $(OLDEST)/bin/python || $(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python -m pip install --quiet -r requirements-oldest.txt
	touch $(OLDEST_INSTALLED)

test-oldest: $(OLDEST_INSTALLED)
	$(OLDEST)/bin/ruff check .
	$(OLDEST)/bin/python -m pytest -n 2

clean:
	rm -rf $(VENV) $(OLDEST) $(LITE) build .pytest_cache .ruff_cache *.egg-info
