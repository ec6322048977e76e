"""The configuration of `make serve` is valid, and docker-compose.yml keeps the same topology."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_nginx_and_gunicorn_accept_the_configuration_make_serve_writes(tmp_path):
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed here: `make serve` installs it")
    result = subprocess.run(
        ["scripts/serve.sh", "check"],
        cwd=ROOT,
        env={**os.environ, "SERVE_DIR": str(tmp_path / "serve")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "configurations are valid" in result.stdout
    rendered = (tmp_path / "serve/run/nginx.conf").read_text()
    settings = [line for line in rendered.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in settings if re.search(r"@[A-Z_]+@", line)]
    assert "proxy_cache_revalidate on;" in rendered
    assert "proxy_cache_bypass $cookie_registry_primary_pin" in rendered


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_topology_of_make_serve():
    services = compose()["services"]
    assert set(services) == {"proxy", "app", "migrate", "db", "replica", "redis"}
    mounts = {volume.split(":")[0] for s in services.values() for volume in s.get("volumes", [])}
    assert {"./deploy/nginx.conf", "./deploy/redis.conf"} <= mounts
    environment = services["app"]["environment"]
    assert "@replica:5432/" in environment["DATABASE_REPLICA_URLS"]
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["DEBUG"] == "false"
    assert "pg_basebackup -h db" in " ".join(services["replica"]["command"])
    assert services["app"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )


def test_the_image_installs_from_the_lock_file_and_runs_the_same_gunicorn_configuration():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    assert "gunicorn -c deploy/gunicorn.conf.py" in dockerfile


def compose_command():
    """Docker's compose plugin, else Debian's docker-compose (1.29 reads the same file format)."""
    if (
        shutil.which("docker")
        and subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_accepts_the_file():
    command = compose_command()
    if command is None:
        pytest.skip("no docker compose here (apt-get install docker-compose to check the file)")
    result = subprocess.run(
        [*command, "config", "--quiet"],
        cwd=ROOT,
        env={
            **os.environ,
            "POSTGRES_PASSWORD": "check",
            "REPLICATION_PASSWORD": "check",
            "SECRET_KEY": "x" * 50,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
