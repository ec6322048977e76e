#!/usr/bin/env bash
# `make serve`: the production stack on this machine, every process on loopback (docs/deploy.md).
#
#   scripts/serve.sh start    install what is missing, migrate, collect static files, then start
#                             Redis, gunicorn (DEBUG off) and nginx, and check /healthz through nginx
#   scripts/serve.sh stop     stop nginx, gunicorn and Redis (PostgreSQL stays as `make run` leaves it)
#   scripts/serve.sh status   what runs, and /healthz
#   scripts/serve.sh check    render the nginx configuration and check it and gunicorn's
#
# Settings (environment): SERVE_PORT (8080, nginx), APP_PORT (8001, gunicorn), REDIS_PORT (6390),
# SERVE_DIR (.local/serve: pid files, logs, nginx cache, secret key),
# WEB_CONCURRENCY (gunicorn workers), DATABASE_URL and DATABASE_REPLICA_URLS (as for the app),
# SKIP_SETUP=1 (DATABASE_URL set and .venv ready: only migrate, install no Python package).
# REPLICAS=N serves from a throw-away copy of the database on a project-local primary with N
# streaming replicas (deploy/local_replica.py), to see the replicated topology on one machine:
# what you write then goes to the copy, which `stop` deletes.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SERVE="${SERVE_DIR:-$ROOT/.local/serve}"
RUN="$SERVE/run"
LOGS="$SERVE/logs"
SERVE_PORT="${SERVE_PORT:-8080}"
APP_PORT="${APP_PORT:-8001}"
REDIS_PORT="${REDIS_PORT:-6390}"
REPLICAS="${REPLICAS:-0}"
REPLICA_PG_PORT="${REPLICA_PG_PORT:-25440}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@";
    elif command -v sudo >/dev/null; then sudo "$@";
    else die "need root or sudo to run: $*"; fi
}

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get: install them by hand"
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts the packaged services; this stack runs its own instances on its own ports.
}

running() {  # pid file
    [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

healthz() {  # url: print the body, fail unless 200
    .venv/bin/python - "$1" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
        print(response.read().decode())
except Exception as error:
    print(error)
    sys.exit(1)
PY
}

wait_healthy() {  # url what
    for _ in $(seq 1 60); do
        if healthz "$1" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    die "$2 did not answer $1 within 60 s: see $LOGS/"
}

production_environment() {
    # A secret of this machine's own, made once, readable by root (or you) only.
    if [ ! -s "$SERVE/secret_key" ]; then
        (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > "$SERVE/secret_key")
    fi
    export DEBUG=false
    SECRET_KEY=$(cat "$SERVE/secret_key")
    export SECRET_KEY
    export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
    export CSRF_TRUSTED_ORIGINS="${CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$SERVE_PORT,http://localhost:$SERVE_PORT}"
    # Plain HTTP on loopback; behind TLS in production, leave these at their defaults (secure
    # cookies, the HTTPS redirect and a year of HSTS).
    export SECURE_COOKIES="${SECURE_COOKIES:-false}"
    export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
    export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
    export STATIC_ROOT="${STATIC_ROOT:-$ROOT/.local/static}"
}

start_redis() {
    if ! running "$RUN/redis.pid"; then
        say "Starting Redis on 127.0.0.1:$REDIS_PORT"
        redis-server "$ROOT/deploy/redis.conf" --port "$REDIS_PORT" --daemonize yes \
            --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log" --dir "$RUN"
        for _ in $(seq 1 50); do running "$RUN/redis.pid" && break; sleep 0.1; done
    fi
    if .venv/bin/python -c 'import redis' 2>/dev/null; then
        export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    else
        say "WARNING: the Python package 'redis' is not in .venv: the app caches in each worker's memory"
    fi
}

start_replicas() {
    if [ ! -f "$SERVE/pg/urls" ]; then
        say "Copying the database to a local primary with $REPLICAS streaming replica(s) (ports $REPLICA_PG_PORT+)"
        .venv/bin/python deploy/local_replica.py down "$SERVE/pg"
        .venv/bin/python deploy/local_replica.py up "$DATABASE_URL" "$SERVE/pg" \
            --replicas "$REPLICAS" --port "$REPLICA_PG_PORT" > "$SERVE/pg.urls.new"
        mv "$SERVE/pg.urls.new" "$SERVE/pg/urls"
    fi
    # shellcheck disable=SC1091
    set -a && . "$SERVE/pg/urls" && set +a
}

start_gunicorn() {
    if running "$RUN/gunicorn.pid"; then return 0; fi
    say "Starting gunicorn on 127.0.0.1:$APP_PORT (${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))} workers)"
    GUNICORN_BIND="127.0.0.1:$APP_PORT" GUNICORN_PIDFILE="$RUN/gunicorn.pid" \
        GUNICORN_ACCESS_LOG="$LOGS/gunicorn-access.log" GUNICORN_ERROR_LOG="$LOGS/gunicorn-error.log" \
        .venv/bin/gunicorn -c deploy/gunicorn.conf.py --daemon
    wait_healthy "http://127.0.0.1:$APP_PORT/healthz" gunicorn
}

render_nginx_config() {
    local user=""
    # nginx's workers drop root; they only read the static files and their cache.
    [ "$(id -u)" -eq 0 ] && user="user www-data;"
    sed -e "s#@USER@#$user#" -e "s#@RUN@#$RUN#g" -e "s#@LOGS@#$LOGS#g" \
        -e "s#@LISTEN@#127.0.0.1:$SERVE_PORT#" -e "s#@APP@#127.0.0.1:$APP_PORT#" \
        -e "s#@STATIC_ROOT@#$STATIC_ROOT#" deploy/nginx.conf > "$RUN/nginx.conf"
    nginx -q -t -c "$RUN/nginx.conf" -e "$LOGS/nginx-error.log"
}

check() {
    # The configuration files as `start` would use them, checked by nginx and gunicorn themselves.
    mkdir -p "$RUN" "$LOGS"
    production_environment
    export DATABASE_URL="${DATABASE_URL:-postgis://check@127.0.0.1/check}"
    render_nginx_config
    .venv/bin/gunicorn -c deploy/gunicorn.conf.py --check-config
    echo "nginx and gunicorn configurations are valid ($RUN)"
}

start_nginx() {
    render_nginx_config
    if running "$RUN/nginx.pid"; then
        nginx -c "$RUN/nginx.conf" -e "$LOGS/nginx-error.log" -s reload
    else
        say "Starting nginx on http://127.0.0.1:$SERVE_PORT"
        nginx -c "$RUN/nginx.conf" -e "$LOGS/nginx-error.log"
    fi
}

start() {
    mkdir -p "$RUN" "$LOGS"
    production_environment
    apt_install nginx redis-server wrk
    if [ "${SKIP_SETUP:-}" = 1 ]; then
        # The environment is known to be ready (DATABASE_URL set): only migrate.
        .venv/bin/python manage.py migrate --no-input -v 0
        .venv/bin/python manage.py createcachetable
    else
        # Debian packages, .venv, the database and its migrations, as for `make run`.
        ./scripts/dev.sh setup
    fi
    export DATABASE_URL="${DATABASE_URL:-$(cat "$ROOT/.local/database_url")}"
    if [ "$REPLICAS" -gt 0 ]; then start_replicas; fi
    say "Collecting static files into $STATIC_ROOT"
    .venv/bin/python manage.py collectstatic --no-input -v 0
    start_redis
    start_gunicorn
    start_nginx
    wait_healthy "http://127.0.0.1:$SERVE_PORT/healthz" nginx
    say "Serving on http://127.0.0.1:$SERVE_PORT  (logs in $LOGS, stop with: make serve-stop)"
    healthz "http://127.0.0.1:$SERVE_PORT/healthz"
}

stop_pid() {  # pid-file name
    local pid
    if running "$1"; then
        pid=$(cat "$1")
        say "Stopping $2 (pid $pid)"
        kill -TERM "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$1"
}

stop() {
    if running "$RUN/nginx.pid"; then
        say "Stopping nginx"
        nginx -c "$RUN/nginx.conf" -e "$LOGS/nginx-error.log" -s quit
        for _ in $(seq 1 100); do running "$RUN/nginx.pid" || break; sleep 0.2; done
    fi
    stop_pid "$RUN/gunicorn.pid" gunicorn
    stop_pid "$RUN/redis.pid" Redis
    if [ -d "$SERVE/pg" ]; then
        say "Removing the local primary and replicas (the copy made by REPLICAS=N)"
        .venv/bin/python deploy/local_replica.py down "$SERVE/pg"
    fi
}

status() {
    local name
    for name in nginx gunicorn redis; do
        if running "$RUN/$name.pid"; then echo "$name: running (pid $(cat "$RUN/$name.pid"))";
        else echo "$name: stopped"; fi
    done
    healthz "http://127.0.0.1:$SERVE_PORT/healthz" || true
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    check) check ;;
    *) die "usage: $0 start|stop|status|check" ;;
esac
