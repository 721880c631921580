# nnviz: `make lectures` renders every lecture; `make test` runs lint and the test suite.
# Both set the machine up first when needed (see tools/setup.sh).

SHELL := /bin/bash
.DEFAULT_GOAL := lectures

PY      := .venv/bin/python
NNVIZ   := .venv/bin/nnviz
STAMP   := .venv/.nnviz-installed
QUALITY ?= low
FORMAT  ?= mp4
SCENE   ?=
SET     ?=
# Renders run on every core unless -j is given (on the command line or in MAKEFLAGS): -j1 runs one
# at a time. Expanded in recipes, where make's MAKEFLAGS shows the -j it was given; nproc counts the
# cores this process may use (OMP_* variables, often set to limit numpy's threads, must not count).
JOBS  = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(NPROC))
NPROC = $(shell env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 1)
# Blog kits default to 720p30 unless QUALITY is given on the command line or in the environment.
BLOG_QUALITY := $(if $(filter command line environment,$(origin QUALITY)),$(QUALITY),medium)

# Where things go; tests point these at temporary folders.
NNVIZ_RENDERS  ?= renders
NNVIZ_BUILD    ?= build
NNVIZ_LECTURES ?= scenes/lectures.toml
export NNVIZ_RENDERS NNVIZ_BUILD NNVIZ_LECTURES

# What every clip depends on besides its own scene module and parameters.
CLIP_DEPS     := $(wildcard nnviz_kit/*.py nnviz/*.py) nnviz_kit/params.py nnviz_delivery/encoding.py
LECTURES_MK   := $(NNVIZ_BUILD)/lectures.mk
LECTURE_STAMP := $(NNVIZ_BUILD)/quality/lectures
BLOG_STAMP    := $(NNVIZ_BUILD)/quality/blog
RUN_MARK      := $(NNVIZ_BUILD)/.run-start

.PHONY: help setup lectures lecture-files blog blog-all blog-files test lint clip list bench \
	bench-core bench-preview bench-studio studio clean

help: ## List every target with one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## Install Debian packages (apt-get) and the Python packages into .venv; idempotent
	@bash tools/setup.sh

# Runs setup only when it has never run or pyproject.toml changed.
$(STAMP): pyproject.toml tools/setup.sh
	@bash tools/setup.sh

lectures: $(STAMP) ## Build every lecture into renders/lectures/<slug>/ (QUALITY=low|medium|high|4k; every core, -j1 for one)
	@mkdir -p $(NNVIZ_BUILD) && touch $(RUN_MARK).lectures
	@$(MAKE) -s --no-print-directory $(JOBS) lecture-files
	@$(PY) -m nnviz_delivery.lecture_build summary $(RUN_MARK).lectures
	@$(NNVIZ) gallery

blog: $(STAMP) ## Blog embed kit of one scene: make blog SCENE=LinearMap SET='vector=[1,2]' QUALITY=medium
	@test -n "$(SCENE)" || { echo "error: say which scene, e.g. make blog SCENE=LinearMap (see make list)" >&2; exit 2; }
	@$(NNVIZ) blog '$(SCENE)' --set '$(SET)' --quality '$(BLOG_QUALITY)'

blog-all: $(STAMP) ## Blog embed kits of every scene in the lectures, into renders/blog/
	@mkdir -p $(NNVIZ_BUILD) && touch $(RUN_MARK).blog
	@$(MAKE) -s --no-print-directory $(JOBS) blog-files
	@$(PY) -m nnviz_delivery.lecture_build summary --blog $(RUN_MARK).blog

# The file targets, from the generated fragment (one rule per clip; see nnviz_delivery/lecture_build.py).
# Only these goals read it, so `make help`, `make test` and `make clean` never generate it.
ifneq ($(filter lecture-files blog-files,$(MAKECMDGOALS)),)
# A quality stamp is rewritten only when the quality changes: then every clip is out of date.
# A dry run (-n, -q) writes nothing: a changed quality then shows as an always-stale target.
DRY_RUN := $(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS)))
define quality_stamp # $(1) variable naming the stamp, $(2) quality
ifneq ($$(shell cat $$($(1)) 2>/dev/null),$(2))
ifeq ($(DRY_RUN),)
$$(shell mkdir -p $$(dir $$($(1))) && echo $(2) > $$($(1)))
else
$(1) := quality-changed
endif
endif
endef
$(eval $(call quality_stamp,LECTURE_STAMP,$(QUALITY)))
$(eval $(call quality_stamp,BLOG_STAMP,$(BLOG_QUALITY)))
.PHONY: quality-changed
-include $(LECTURES_MK)
endif

$(LECTURES_MK): $(NNVIZ_LECTURES) scenes/registry.py nnviz_delivery/lecture_build.py
	@$(NNVIZ) makefile --output $@

lecture-files: $(LECTURES_MK) $(LECTURE_FILES)

blog-files: $(LECTURES_MK) $(BLOG_FILES)

clip: $(STAMP) ## Render one scene: make clip SCENE=LinearMap SET='matrix=[[2,1],[1,3]]' QUALITY=low FORMAT=mp4
	@test -n "$(SCENE)" || { echo "error: say which scene, e.g. make clip SCENE=LinearMap (see make list)" >&2; exit 2; }
	@$(NNVIZ) render '$(SCENE)' --set '$(SET)' --quality '$(QUALITY)' --format '$(FORMAT)'

list: $(STAMP) ## List every scene with its parameters and defaults
	@$(NNVIZ) list

lint: $(STAMP) ## ruff check and ruff format --check
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .

test: $(STAMP) lint ## Lint, then the whole test suite (numbers tests and render tests)
	@$(PY) -m pytest -n 2 --dist loadfile  # module-scoped renders stay on one worker

bench-core: $(STAMP) ## Time nnviz forward+backward and a digits epoch against PyTorch
	@$(PY) bench/core.py

bench-preview: $(STAMP) ## Preview speed: warm engine frame vs cold CLI per scene, storyboard, RSS
	@$(PY) bench/preview.py

bench-studio: $(STAMP) ## Studio latency: edit -> new image over HTTP (LinearMap, TrainingProgress)
	@$(PY) bench/studio.py

# PORT and HOST count only on the command line: shells and platforms export their own.
studio: $(STAMP) ## The studio: change a scene's numbers in the browser (PORT=8000 HOST=127.0.0.1)
	@$(NNVIZ) studio --port '$(call cli_var,PORT,8000)' --host '$(call cli_var,HOST,127.0.0.1)'
cli_var = $(if $(filter command line,$(origin $(1))),$($(1)),$(2))

bench: $(STAMP) ## Render speed: LinearMap vs stock Manim, the encode floor, each lecture (RUNS=3)
	@$(PY) bench/render.py --runs $(or $(RUNS),3)

clean: ## Remove renders/ outputs and build caches (nothing else)
	@find $(NNVIZ_RENDERS) -mindepth 1 ! -path '$(NNVIZ_RENDERS)/README.md' -delete 2>/dev/null || true
	@rm -rf $(NNVIZ_BUILD) media .pytest_cache

# -- gallery and live preview (nnviz_delivery/gallery.py, nnviz_delivery/watch.py) -----------------------------
.PHONY: gallery watch

gallery: $(STAMP) ## Write renders/index.html (lectures and clips) and a player page per lecture
	@$(NNVIZ) gallery

watch: $(STAMP) ## Re-render on every save with a self-reloading preview: make watch SCENE=LinearMap [SET=...]
	@test -n "$(SCENE)" || { echo "error: say which scene, e.g. make watch SCENE=LinearMap (see make list)" >&2; exit 2; }
	@$(NNVIZ) watch '$(SCENE)' --set '$(SET)' --preview
