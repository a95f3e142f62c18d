# The two set-up commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check eval bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

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

# Answer quality: the tuning questions, then the held-out ones that no tuning looks at.
DATA := tests/data
eval: $(STAMP)
	$(BIN)/wbv-bot eval $(DATA)/labelled_questions.yaml $(DATA)/understanding/tuning.yaml \
		$(DATA)/understanding/dialogues_tuning.yaml \
		--heldout $(DATA)/understanding/heldout.yaml $(DATA)/understanding/dialogues_heldout.yaml

# Benchmarks (a few minutes): prints the tables shown in the README.
bench: $(STAMP)
	$(BIN)/python -m bench.run
