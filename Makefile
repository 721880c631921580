# nnviz: `make lectures` renders every lecture; `make test` runs lint and the test suite.
# Both set the machine up first when needed (see tools/setup.sh).

SHELL := /bin/bash
.DEFAULT_GOAL := lectures

PY      := .venv/bin/python
STAMP   := .venv/.nnviz-installed
QUALITY ?= low
FORMAT  ?= mp4
SCENE   ?=
SET     ?=

.PHONY: help setup lectures test lint clip list bench-core clean

help: ## List every target with one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## Install Debian packages (apt-get) and the Python packages into .venv; idempotent
	@bash tools/setup.sh

# Runs setup only when it has never run or pyproject.toml changed.
$(STAMP): pyproject.toml tools/setup.sh
	@bash tools/setup.sh

lectures: $(STAMP) ## Render every lecture into renders/lectures/ (QUALITY=low|medium|high|4k)
	@$(PY) -m scenes lectures --quality $(QUALITY)
	@$(PY) -m scenes gallery

clip: $(STAMP) ## Render one scene: make clip SCENE=LinearMap SET='matrix=[[2,1],[1,3]]' QUALITY=low FORMAT=mp4
	@test -n "$(SCENE)" || { echo "error: say which scene, e.g. make clip SCENE=LinearMap (see make list)" >&2; exit 2; }
	@$(PY) -m scenes render '$(SCENE)' --set '$(SET)' --quality '$(QUALITY)' --format '$(FORMAT)'

list: $(STAMP) ## List every scene with its parameters and defaults
	@$(PY) -m scenes list

lint: $(STAMP) ## ruff check and ruff format --check
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .

test: $(STAMP) lint ## Lint, then the whole test suite (numbers tests and render tests)
	@$(PY) -m pytest -n 2 --dist loadfile  # module-scoped renders stay on one worker

bench-core: $(STAMP) ## Time nnviz forward+backward and a digits epoch against PyTorch
	@$(PY) bench/core.py

clean: ## Remove renders/ outputs and build caches (nothing else)
	@find renders -mindepth 1 ! -name README.md -exec rm -rf {} +
	@rm -rf build media .pytest_cache

# -- gallery and live preview (scenes/gallery.py, scenes/watch.py) -----------------------------
.PHONY: gallery watch

gallery: $(STAMP) ## Write renders/index.html (lectures and clips) and a player page per lecture
	@$(PY) -m scenes gallery

watch: $(STAMP) ## Re-render on every save with a self-reloading preview: make watch SCENE=LinearMap [SET=...]
	@test -n "$(SCENE)" || { echo "error: say which scene, e.g. make watch SCENE=LinearMap (see make list)" >&2; exit 2; }
	@$(PY) -m scenes watch '$(SCENE)' --set '$(SET)' --preview
