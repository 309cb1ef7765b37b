# The two commands a newcomer needs: `make run` and `make test`. Both set everything up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.10 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

KB_INPUTS := $(shell find knowledge -type f \( -name '*.yml' -o -name '*.md' -o -name '*.py' \) 2>/dev/null)

.PHONY: setup services kb appdb nlp model run shell lint test test-clock test-fast eval bench clean deploy-up deploy-down deploy-status retention

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<25"
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m pip check
	@touch $@

services:
	@bash scripts/services.sh

kb: build/knowledge.db

build/knowledge.db: $(VENV)/.installed $(KB_INPUTS)
	$(PY) -m knowledge.build

appdb: setup
	$(PY) -m bot.store.migrate

nlp: build/spacy_zh/meta.json

build/spacy_zh/meta.json: build/knowledge.db $(wildcard bot/nlp/*.py)
	$(PY) -m bot.nlp.build_pipeline
	@touch $@

model: nlp
	$(PY) -m offline.train

# The action server, the Rasa server and the staff console, on 127.0.0.1 (deploy/run.py):
# RASA_PORT, ACTION_PORT, STAFF_PORT (5005, 5055, 5080); secrets in build/run/secrets.env (0600).
run: model appdb
	@$(PY) -m deploy.run serve

shell: model appdb
	@$(PY) -m deploy.run shell

# Style: ruff's lint rules and formatting (pyproject.toml); part of both test targets.
lint: setup
	$(PY) -m ruff check --quiet .
	$(PY) -m ruff format --check --quiet .

# Tests run in random order (pytest-randomly); `make test` uses one recorded order, TEST_SEED, so a
# failure can be replayed: `make test TEST_SEED=N` tries another.
TEST_SEED ?= 20261208

# The whole suite, with a real model, real servers, databases and a browser; prints its wall time
# (set-up included). `make test-fast`: the tier without servers, model or browser (about 2 minutes).
test: test-clock lint model appdb services
	@status=0; \
	$(PY) -m pytest -m "not slow" --randomly-seed=$(TEST_SEED) || status=1; \
	$(PY) -m pytest -m slow --randomly-seed=$(TEST_SEED) || status=1; \
	echo "make test: $$(( $$(date +%s) - $$(cat build/.test-start) )) s wall time, set-up included"; exit $$status

test-clock:
	@mkdir -p build && date +%s > build/.test-start

test-fast: lint nlp
	$(PY) -m pytest -m "not slow" -q

# Places (offline/places_eval.py): 300 questions naming random divisions, eval/places.yml.
# NLU benchmark (offline/evaluate.py): real questions (tune and hold-out), self-written sets, two questions
# in one, repairs, out of scope, parse latency -> reports/nlu/. EVAL_ARGS=--sweep replays the
# fallback thresholds on the tune part. Then the multi-turn conversations about a person's own
# situation (offline/person_eval.py, eval/person_conversations.yml) through the real model and action
# server -> reports/person_eval.json.
eval: model
	@status=0; \
	$(PY) -m offline.evaluate $(EVAL_ARGS) || status=1; \
	$(PY) -m offline.places_eval || status=1; \
	$(PY) -m offline.person_eval || status=1; \
	exit $$status

bench: model services
	$(PY) -m bench

clean:
	rm -rf build models/current.* reports/nlu/tune_misses.json .pytest_cache

# Production set-up on this machine (loopback): PostgreSQL, Redis, N Rasa + M action servers,
# nginx (docs/deploy.md). RASA_INSTANCES=2 ACTION_SERVERS=2 DEPLOY_PORT=5280 by default.
RASA_INSTANCES ?= 2
ACTION_SERVERS ?= 2
DEPLOY_PORT ?= 5280
deploy-up: model services
	$(PY) -m deploy.local up --rasa $(RASA_INSTANCES) --actions $(ACTION_SERVERS) --port $(DEPLOY_PORT) --model "$${SHEBAO_MODEL:-models/current.tar.gz}"

deploy-down:
	$(PY) -m deploy.local down

deploy-status:
	$(PY) -m deploy.local status

# Delete conversations (and project rows) older than RETENTION_DAYS (default 180).
retention: appdb
	$(PY) -m bot.store.retention
