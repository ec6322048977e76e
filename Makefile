# The two commands of README.md. Both install what is missing (Debian packages, .venv, database).
.PHONY: run test lint format bench lock serve serve-stop

# One pytest worker per core, each with its own test database; `make test PYTEST_XDIST=` runs serially.
PYTEST_XDIST ?= -n auto --dist loadgroup

run:
	./scripts/dev.sh run

test:
	./scripts/dev.sh test $(PYTEST_XDIST) $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench:
	./scripts/dev.sh setup && DEBUG=true .venv/bin/python -m bench

# After a dependency change in pyproject.toml: regenerate the pinned lists, then commit them.
lock:
	./scripts/lock.sh

# The production stack on this machine (nginx, gunicorn, Redis, PostgreSQL): docs/deploy.md.
serve:
	./scripts/serve.sh start

serve-stop:
	./scripts/serve.sh stop
