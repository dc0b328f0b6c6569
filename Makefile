# whosaid: `make demo` sets everything up and starts the chat app; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# torch is pinned to the CPU build (2.13.0); pass e.g. TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
# on a machine whose pip does not already find a CPU wheel.
TORCH_PIP_ARGS ?=

.PHONY: setup demo chat test bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0 $(TORCH_PIP_ARGS)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed

# the tests also cover the scale-out extra (Milvus Lite and a local Ray)
$(BIN)/.scale-installed: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[test,scale]'
	touch $@

demo: setup
	$(BIN)/python app.py $(ARGS)

chat: setup
	$(BIN)/qa chat

test: setup $(BIN)/.scale-installed
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.run $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
