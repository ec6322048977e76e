"""Real processes for the fault tests: the app under gunicorn, and a PostgreSQL cluster of the
battery's own under .local/ (so that restarting it never touches the machine's cluster)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(url, timeout=10):
    """(status, body) of a GET; connection errors are status 0."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


class Gunicorn:
    """The app under gunicorn on a loopback port, against the given database."""

    def __init__(self, database_url, *, media_root, workers=1, threads=2, extra_env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "MEDIA_ROOT": str(media_root),
            "PYTHONPATH": str(ROOT),
            **(extra_env or {}),
        }
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "config.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                f"--threads={threads}",
                "--timeout=60",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def wait_ready(self, path="/healthz", timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited: {self.process.stderr.read().decode()[-2000:]}"
                )
            status, _ = http_get(self.url + path, timeout=5)
            if status:
                return
            time.sleep(0.2)
        raise TimeoutError("gunicorn did not answer")

    def kill(self):
        """SIGKILL the master and its workers at once: nothing gets to clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process.stderr.close()


class LocalCluster:
    """A PostgreSQL cluster under .local/pg-battery, owned by the postgres system user."""

    def __init__(self):
        major = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
        self.bin = Path("/usr/lib/postgresql") / major / "bin"
        self.home = ROOT / ".local" / "pg-battery"
        self.data = self.home / "data"
        self.run = self.home / "run"
        self.log = self.home / "server.log"
        self.port = free_port()
        self.runas = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _as_owner(self, *command, check=True):
        return subprocess.run(
            [*self.runas, *command], check=check, capture_output=True, text=True, timeout=120
        )

    def start(self):
        self.run.mkdir(parents=True, exist_ok=True)
        if self.runas:
            subprocess.run(["chown", "-R", "postgres:postgres", str(self.home)], check=True)
            for folder in (ROOT, ROOT / ".local"):
                folder.chmod(folder.stat().st_mode | 0o001)
        if not (self.data / "PG_VERSION").exists():
            self._as_owner(
                str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                "--auth=trust", "-E", "UTF8",
            )  # fmt: skip
        # A run that died may have left its server up (on another port): stop it first.
        status = [str(self.bin / "pg_ctl"), "-D", str(self.data), "status"]
        if self._as_owner(*status, check=False).returncode == 0:
            self.stop()
        self._pg_ctl("start")

    def _pg_ctl(self, action):
        options = f"-p {self.port} -k {self.run} -c listen_addresses=127.0.0.1 -c jit=off"
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w"]
        if action == "stop":
            command += ["-m", "fast", "stop"]
        else:
            command += ["-o", options, "start"]
        self._as_owner(*command)

    def stop(self):
        self._pg_ctl("stop")

    def url(self, database):
        return f"postgis://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement, database="postgres"):
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        ) as connection:
            connection.execute(statement)
