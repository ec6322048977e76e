"""A PostgreSQL primary with streaming replicas on loopback, from the Debian binaries.

Proves the production topology on one machine: tests/deploy/test_replica.py, `make serve
REPLICAS=1` and bench/bench_serve.py use it. The primary is a cluster of its own (not the
machine's, which stays as it is configured), loaded with a copy of an existing database; each
replica is a `pg_basebackup -R` of it, streaming, in its own data directory on its own port.

    python deploy/local_replica.py up SOURCE_URL DIRECTORY [--replicas N] [--port P]
    python deploy/local_replica.py down DIRECTORY

`up` prints the DATABASE_URL and DATABASE_REPLICA_URLS to use, as shell assignments.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path


def postgres_bin():
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=_major)
    if not versions:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
    return versions[-1].parent


def _major(path):
    return int(path.parent.parent.name)


def _as_postgres(command):
    # initdb and postgres refuse to run as root: the clusters belong to the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def libpq_url(url):
    """psql and pg_dump do not know the postgis:// scheme."""
    return "postgresql://" + url.split("://", 1)[1]


# pg_ctl's stop modes, as the signals the postmaster understands.
SHUTDOWN_SIGNALS = {"smart": signal.SIGTERM, "fast": signal.SIGINT, "immediate": signal.SIGQUIT}


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Cluster:
    def __init__(self, directory, port):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.sockets = self.directory / "run"
        self.log = self.directory / "server.log"
        self.port = port
        self.bin = postgres_bin()

    def url(self, database, scheme="postgis"):
        return f"{scheme}://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *command, check=True):
        result = subprocess.run(
            _as_postgres([str(self.bin / command[0]), *command[1:]]),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
        return result

    def prepare_directory(self):
        self.sockets.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")

    def initdb(self):
        self.prepare_directory()
        # initdb's default pg_hba.conf trusts replication connections from 127.0.0.1.
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--no-sync")  # fmt: skip

    def start(self, *settings):
        options = [
            f"-p {self.port}",
            f"-k {self.sockets}",
            "-c listen_addresses=127.0.0.1",
            "-c jit=off",
            "-c fsync=off",  # a throw-away cluster: durability is not what it shows
            *(f"-c {setting}" for setting in settings),
        ]
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start",
                 "-o", " ".join(options))  # fmt: skip

    def stop(self, mode="fast"):
        """Stop the server by signalling the postmaster, as pg_ctl does: this works from root
        even when the postgres user can no longer reach the data directory."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        os.kill(pid, SHUTDOWN_SIGNALS[mode])
        deadline = time.monotonic() + 60
        while _alive(pid):
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL (pid {pid}) did not stop")
            time.sleep(0.1)

    def postmaster_pid(self):
        try:
            pid = int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def is_running(self):
        return self.postmaster_pid() is not None

    def sql(self, database, query):
        result = subprocess.run(
            [
                "psql",
                self.url(database, "postgresql"),
                "-X",
                "-v",
                "ON_ERROR_STOP=1",
                "-tAc",
                query,
            ],  # fmt: skip
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout.strip()


def copy_database(source_url, primary, database):
    """The source database's schema and rows, into a new database on the primary."""
    primary.sql("postgres", f'CREATE DATABASE "{database}"')
    dump = subprocess.Popen(
        ["pg_dump", "--no-owner", "--no-privileges", libpq_url(source_url)],
        stdout=subprocess.PIPE,
    )
    restore = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", primary.url(database, "postgresql")],
        stdin=dump.stdout,
        capture_output=True,
        text=True,
        timeout=300,
    )
    dump.stdout.close()
    if dump.wait(timeout=300) != 0 or restore.returncode != 0:
        raise RuntimeError(f"copying the database failed: {restore.stderr[-2000:]}")


def start_replica(primary, directory, port, *settings):
    replica = Cluster(directory, port)
    replica.prepare_directory()
    # -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
    replica.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast")  # fmt: skip
    replica.start("hot_standby=on", *settings)
    return replica


def wait_until_replayed(primary, replicas, database, timeout=30):
    """Until every replica has replayed everything the primary has written so far."""
    target = primary.sql(database, "SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + timeout
    for replica in replicas:
        query = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        while replica.sql(database, query) != "t":
            if time.monotonic() > deadline:
                raise TimeoutError(f"replica on port {replica.port} did not catch up")
            time.sleep(0.1)


def up(source_url, directory, *, database="registry", replicas=1, port=25440, settings=()):
    """Primary on `port`, replicas on the next ports; the copy of `source_url` in each."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # The postgres user must reach the data directories.
        for parent in [directory, *directory.parents]:
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | 0o001)
    primary = Cluster(directory / "primary", port)
    primary.initdb()
    primary.start(*settings)
    copy_database(source_url, primary, database)
    standbys = [
        start_replica(primary, directory / f"replica_{number}", port + number, *settings)
        for number in range(1, replicas + 1)
    ]
    wait_until_replayed(primary, standbys, database)
    return primary, standbys


def down(directory):
    directory = Path(directory)
    for data in sorted(directory.glob("*/data")):
        Cluster(data.parent, 0).stop("immediate")
    shutil.rmtree(directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up")
    start.add_argument("source_url")
    start.add_argument("directory")
    start.add_argument("--replicas", type=int, default=1)
    start.add_argument("--port", type=int, default=25440)
    start.add_argument("--database", default="registry")
    stop = commands.add_parser("down")
    stop.add_argument("directory")
    arguments = parser.parse_args()
    if arguments.command == "down":
        down(arguments.directory)
        return
    primary, replicas = up(
        arguments.source_url,
        arguments.directory,
        database=arguments.database,
        replicas=arguments.replicas,
        port=arguments.port,
    )
    print(f"DATABASE_URL={primary.url(arguments.database)}")
    print("DATABASE_REPLICA_URLS=" + ",".join(r.url(arguments.database) for r in replicas))


if __name__ == "__main__":
    sys.exit(main())
