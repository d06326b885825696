VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup setup-local test test-local lint format schemas bench bench-local eval record english-data

setup:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[dev]'

setup-local:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[dev,local]'

test:
	$(VENV)/bin/pytest

test-local:
	$(VENV)/bin/pytest -m local

lint:
	$(VENV)/bin/ruff check summarizer tests evals
	$(VENV)/bin/ruff format --check summarizer tests evals
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format:
	$(VENV)/bin/ruff format summarizer tests evals && $(VENV)/bin/ruff check --fix summarizer tests evals

schemas:
	$(VENV)/bin/summarizer schemas --out schemas

bench:
	$(PY) evals/bench_timing.py
	$(PY) evals/bench_locate.py
	$(PY) evals/bench_candidates.py
	$(PY) evals/bench_segment.py
	$(PY) evals/bench_names.py
	$(PY) evals/bench_events.py

english-data:
	$(PY) evals/make_english_data.py

bench-local:
	$(PY) evals/bench_local.py --speed 3
	$(PY) evals/bench_local.py

eval:
	$(VENV)/bin/summarizer eval --report-dir evals/reports/dev

record:
	$(VENV)/bin/summarizer eval --record-mode once --report-dir evals/reports/dev
