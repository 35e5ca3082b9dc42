# The two commands: `make demo` and `make test`. Both create .venv and install on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck unit bench golden clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== stele lint: the contracts in contracts/"
	$(BIN)/stele lint
	@echo "== stele generate --check: codegen/ matches the contracts"
	$(BIN)/stele generate --check
	@echo "== stele check: compatibility with the last release in compat/releases, every format"
	$(BIN)/stele check
	@echo "== stele check --transitive: against every release"
	$(BIN)/stele check --transitive --no-verify
	@echo "== stele sizes: bytes per message and format, measured with the real codecs"
	$(BIN)/stele sizes --no-timing
	@echo "== stele test: every example against every artifact, round-tripped through every format"
	$(BIN)/stele test

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports --no-cache --no-logo

# mypy --strict on src/stele and tests/ (the files of [tool.mypy] in pyproject.toml).
typecheck: $(STAMP)
	$(BIN)/mypy

# The suite runs on every core (pytest-xdist; docs/testing.md, "stele's own test suite"): each
# worker takes a contiguous share of the tests and steals from the other when it runs dry.
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): each
# worker otherwise rewrites and compiles every test module again (docs/testing.md, "What the
# suite costs").
unit: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto --dist worksteal
	$(BIN)/stele generate --check

test: lint typecheck unit

# The whole suite with each property test's own number of examples (`make test` runs a quarter
# of it, at least 50: tests/_examples.py, docs/testing.md).
.PHONY: test-deep
test-deep: $(STAMP)
	STELE_DEEP=1 PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto --dist worksteal

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# The fuzz tests of every reader of hostile input (foreign schemas, contracts, captures) with
# 2,000 examples each instead of the few `make test` runs (a nightly run).
.PHONY: fuzz
fuzz: $(STAMP)
	STELE_FUZZ_EXAMPLES=2000 $(BIN)/pytest -n auto --dist worksteal \
		tests/test_fuzz_readers.py tests/test_loader_fuzz.py \
		'tests/test_safety_captures.py::test_mutated_captures_never_reach_an_internal_error' \
		'tests/test_compat_avro_dirs.py::test_fuzz_directories_of_files_that_refer_to_each_other' \
		'tests/test_diff_buf_config.py::test_any_buf_yaml_is_read_or_refused' \
		'tests/test_diff_buf_config.py::test_any_bytes_as_buf_yaml_are_read_or_refused'
	STELE_UNION_EXAMPLES=2000 $(BIN)/pytest tests/test_compat_jsonschema_unions.py

golden: $(STAMP)
	STELE_UPDATE_GOLDEN=1 $(BIN)/pytest tests -k golden

clean:
	rm -rf $(VENV) build *.egg-info
