# Two commands on a fresh machine: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: play test bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[test,postgres]'
	@rm -f $(VENV)/.installed-* && touch $@

play: $(STAMP)
	@$(VENV)/bin/debitorka play

test: $(STAMP)
	@scripts/ensure-postgres.sh
	@scripts/ensure-chromium.sh
	@$(PY) -m pytest -q

bench: $(STAMP)
	@$(PY) -m scoring.bench
	@$(PY) -m simulator.bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
