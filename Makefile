# make demo: build the example organisation and write its report (sets itself up first)
# make test: the whole suite, with PostgreSQL, chromium and Spark (sets itself up first)

UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTEST := $(UV) run --frozen --all-extras pytest

.PHONY: demo test test-fast lint setup system-packages clean

$(UV):
	python3 -m pip install --user --quiet uv

setup: $(UV)
	$(UV) sync --frozen --all-extras --compile-bytecode --quiet

system-packages:
	./scripts/system-packages.sh

demo: setup
	$(UV) run --frozen wi3 --workspace wi3-demo demo

test: setup system-packages lint
	$(PYTEST)

test-fast: setup
	$(PYTEST) -m "not realdata and not postgres and not browser and not spark and not pdf" -q -n auto --dist loadfile

lint: setup
	$(UV) run --frozen ruff check src tests
	$(UV) run --frozen ruff format --check src tests
	$(UV) run --frozen mypy

clean:
	rm -rf wi3-demo wi3-workspace .pytest_cache .mypy_cache .ruff_cache
