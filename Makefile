# The two set-up commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check eval bench lock

PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

# Exactly the versions in requirements-dev.lock (with their hashes), then the bot itself, byte-compiled:
# the service may not write next to its code (systemd's ProtectSystem=strict), and compiling the bot's
# modules on every start would cost about 50 ms of it.
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements-dev.lock
	$(PIP) install --no-deps -e .
	$(BIN)/python -m compileall -q bot
	touch $(STAMP)

# Upgrade the locked dependency tree (see README, Development): edit pyproject.toml, then `make lock`.
lock:
	$(PYTHON) -m venv .lock-venv && .lock-venv/bin/python -m pip install --quiet pip-tools
	.lock-venv/bin/pip-compile --quiet --upgrade --generate-hashes --strip-extras --no-emit-index-url \
		--output-file requirements.lock pyproject.toml
	.lock-venv/bin/pip-compile --quiet --upgrade --generate-hashes --strip-extras --no-emit-index-url \
		--extra dev --output-file requirements-dev.lock pyproject.toml
	rm -rf .lock-venv

# The Telegram bot when a token is configured (environment or .env), else the console chat.
run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.' .env; then \
		$(BIN)/wbv-bot run; \
	else \
		echo "No TELEGRAM_BOT_TOKEN configured: starting the console chat (see README)."; \
		$(BIN)/wbv-bot chat; \
	fi

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

check: $(STAMP)
	$(BIN)/wbv-bot check

# Answer quality: the tuning questions, then the held-out ones that no tuning looks at (bench/calibrate.py
# finds the same files by the same names).
DATA := tests/data
eval: $(STAMP)
	$(BIN)/wbv-bot eval $(DATA)/labelled_questions.yaml $(sort $(wildcard $(DATA)/understanding/*tuning*.yaml)) \
		--heldout $(sort $(wildcard $(DATA)/understanding/heldout*.yaml))

# Benchmarks (a few minutes): prints the tables shown in the README.
bench: $(STAMP)
	$(BIN)/python -m bench.run
