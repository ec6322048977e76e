"""Which database a request reads from: the primary, or a read replica (docs/scaling.md).

The primary takes every write, staff pages, the API, and the reads of a browser that has just
written. Public reads (maps, layers, tiles, registers, statistics) go to a replica whose
replication lag is under REPLICA_MAX_LAG_SECONDS. When the primary cannot be reached, every read
goes to a replica and the site is read-only: common.middleware.DatabaseRoutingMiddleware answers
writes with 503.

The middleware decides once per request and keeps the answer in a context variable that the
router reads, so models and views never name a database.
"""

import contextvars
import random
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections
from django.urls import Resolver404, resolve

PRIMARY = "default"

# Views whose GET answers hold only published data, by URL name ("namespace:*" for a whole app).
# Listed here, not guessed, so that a new view reads from the primary until someone decides.
PUBLIC_READS = frozenset(
    {
        "maps:*",
        "open_data:register",
        "open_data:export",
        "evaluation:stats",
        "evaluation:practices",
        "evaluation:practice_detail",
        "evaluation:practice_pdf",
        "evaluation:practice_map",
    }
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The browser that wrote last reads from the primary while this cookie lives.
PIN_COOKIE = "registry_primary_pin"

_reads_from = contextvars.ContextVar("reads_from", default=PRIMARY)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reads_from.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every database holds the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas get the schema by replication.
        return db == PRIMARY


@contextmanager
def reads_from(alias):
    token = _reads_from.set(alias)
    try:
        yield alias
    finally:
        _reads_from.reset(token)


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def is_public_read(request):
    if request.method not in SAFE_METHODS:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in PUBLIC_READS or f"{match.namespace}:*" in PUBLIC_READS


def is_pinned_to_primary(request):
    return PIN_COOKIE in request.COOKIES


# alias -> (monotonic time of the check, result). Per process: a worker re-checks each database
# at most every DATABASE_CHECK_SECONDS, so routing costs no query on most requests.
_checks = {}

_LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)
    END
"""


def _probe(alias, sql):
    """The first column of `sql` on `alias`, or None when that database cannot be reached."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    except DatabaseError:
        connection.close()
        return None


def _checked(alias, sql, *, fresh=False):
    now = time.monotonic()
    checked = _checks.get(alias)
    if fresh or checked is None or now - checked[0] >= settings.DATABASE_CHECK_SECONDS:
        checked = (now, _probe(alias, sql))
        _checks[alias] = checked
    return checked[1]


def primary_is_up(*, fresh=False):
    if not replica_aliases():
        # With no replica there is nothing to fail over to: let errors surface as they are.
        return True
    return _checked(PRIMARY, "SELECT 1", fresh=fresh) is not None


def replica_lag(alias, *, fresh=False):
    """Seconds the replica is behind the primary, or None when it cannot be reached.

    Zero when it has replayed everything it received, else the age of the last transaction it
    replayed: an upper bound, exact enough to decide whether it is too far behind.
    """
    lag = _checked(alias, _LAG_SQL, fresh=fresh)
    return None if lag is None else float(lag)


def usable_replica():
    """A replica within the lag threshold, chosen at random to spread the load; else None."""
    usable = [
        alias
        for alias in replica_aliases()
        if (lag := replica_lag(alias)) is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    ]
    return random.choice(usable) if usable else None  # noqa: S311 - load spreading, not security


def least_lagging_replica():
    """When the primary is down any reachable replica is better than none, however late."""
    lags = [(lag, alias) for alias in replica_aliases() if (lag := replica_lag(alias)) is not None]
    return min(lags)[1] if lags else None


def database_status():
    """For /healthz: the primary, each replica's lag and whether public reads use it."""
    replicas = {}
    for alias in replica_aliases():
        lag = replica_lag(alias, fresh=True)
        replicas[alias] = {
            "status": "down" if lag is None else "ok",
            "lag_seconds": None if lag is None else round(lag, 3),
            "serves_public_reads": lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS,
        }
    return {
        "primary": "ok" if primary_is_up(fresh=True) else "down",
        "replicas": replicas,
        "replica_max_lag_seconds": settings.REPLICA_MAX_LAG_SECONDS,
    }
