# The two commands of README.md. Both install what is missing (Debian packages, .venv, database).
.PHONY: run test lint format bench serve serve-stop

run:
	./scripts/dev.sh run

test:
	./scripts/dev.sh test $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench:
	./scripts/dev.sh setup && .venv/bin/python -m bench

# The production stack on this machine (nginx, gunicorn, Redis, PostgreSQL): docs/deploy.md.
serve:
	./scripts/serve.sh start

serve-stop:
	./scripts/serve.sh stop
