#!/usr/bin/env bash
# Set-up behind `make run` and `make test` on Debian (root or sudo). Idempotent: a second run
# installs nothing and only starts what is not running.
#
#   scripts/dev.sh run    install, provision the database, migrate, load the demo once, serve
#   scripts/dev.sh test   install (with the browser for page tests), provision, run pytest (which
#                         makes its own test databases: the development database is not migrated)
#   scripts/dev.sh setup  install and provision only
#   scripts/dev.sh install  install only (Debian and Python packages, the browser included)
#
# DATABASE_URL picks an existing PostGIS; PG_LOCAL=1 forces the project-local cluster under .local/pg.
# Python packages come from requirements-dev.lock (scripts/lock.sh regenerates it).
set -euo pipefail

# The settings default to production (DEBUG off); this script sets up a development machine.
export DEBUG="${DEBUG:-true}"
# Python's bytecode cache on: where it is turned off (PYTHONDONTWRITEBYTECODE=1), every process of
# a test run (the pytest workers, gunicorn, manage.py subprocesses) compiles the project again and
# pytest rewrites every test module again, about 7 s of CPU per process.
unset PYTHONDONTWRITEBYTECODE

cd "$(dirname "$0")/.."
ROOT=$(pwd)
LOCAL="$ROOT/.local"
mkdir -p "$LOCAL"
PORT="${PORT:-8000}"
DB_NAME="${DB_NAME:-confiscated_assets}"
LOCAL_PG_PORT="${LOCAL_PG_PORT:-54329}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@";
    elif command -v sudo >/dev/null; then sudo "$@";
    else die "need root or sudo to run: $*"; fi
}

APT_UPDATED=""
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get: install them by hand"
    say "Installing Debian packages: ${missing[*]}"
    if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pg_answers() {  # host port
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

pg_major() {
    # The major version of the PostgreSQL server we will use, to pick the matching PostGIS package.
    if [ -n "${DATABASE_URL:-}" ]; then
        return 1
    fi
    if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q .; then
        pg_lsclusters -h | awk '{print $1}' | sort -n | tail -1
        return 0
    fi
    ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1
}

install_system() {
    # gettext: compilemessages builds the translations (locale/*/LC_MESSAGES/django.mo).
    local packages=(gdal-bin python3-venv make ca-certificates gettext)
    if [ -z "${DATABASE_URL:-}" ]; then
        if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
            packages+=(postgresql postgresql-client)
        fi
    else
        packages+=(postgresql-client)
    fi
    apt_install "${packages[@]}"
    if [ -z "${DATABASE_URL:-}" ]; then
        local major
        major=$(pg_major)
        [ -n "$major" ] || die "could not find the installed PostgreSQL version"
        apt_install "postgresql-$major-postgis-3" "postgresql-$major-postgis-3-scripts"
    fi
    if [ "${1:-}" = "test" ]; then
        # Page tests drive Debian's Chromium in its headless build (tests/conftest.py).
        apt_install chromium-headless-shell fonts-dejavu-core poppler-utils
    fi
}

install_python() {
    local python="${PYTHON:-python3}"
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "Python 3.11+ is needed ($python is $("$python" --version 2>&1))"
    if [ ! -x .venv/bin/python ]; then
        say "Creating the virtualenv in .venv"
        "$python" -m venv .venv
    fi
    if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] \
        || [ requirements.lock -nt .venv/.installed ] || [ requirements-dev.lock -nt .venv/.installed ]
    then
        say "Installing the locked Python dependencies and the project"
        .venv/bin/pip install -q --upgrade pip
        .venv/bin/pip install -q -r requirements-dev.lock
        .venv/bin/pip install -q --no-deps -e .
        touch .venv/.installed
    fi
}

start_local_cluster() {
    # A cluster of the project's own under .local/pg, for machines with no PostgreSQL answering.
    local major bin data run
    major=$(ls /usr/lib/postgresql | sort -n | tail -1)
    bin="/usr/lib/postgresql/$major/bin"
    data="$LOCAL/pg/data"
    run="$LOCAL/pg/run"
    mkdir -p "$LOCAL/pg" "$run"
    local runas=()
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses root: the cluster belongs to the postgres system user.
        chown -R postgres:postgres "$LOCAL/pg"
        chmod o+x "$ROOT" "$LOCAL"
        runas=(runuser -u postgres --)
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        say "Creating a project-local PostgreSQL $major cluster in $data"
        "${runas[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    if ! pg_answers 127.0.0.1 "$LOCAL_PG_PORT"; then
        say "Starting the project-local cluster on 127.0.0.1:$LOCAL_PG_PORT"
        "${runas[@]}" "$bin/pg_ctl" -D "$data" -l "$LOCAL/pg/server.log" -w start \
            -o "-p $LOCAL_PG_PORT -k $run -c listen_addresses=127.0.0.1 -c jit=off" >/dev/null
    fi
    echo "postgis://postgres@127.0.0.1:$LOCAL_PG_PORT/$DB_NAME"
}

choose_database() {
    if [ -n "${DATABASE_URL:-}" ]; then
        echo "$DATABASE_URL"
        return
    fi
    if [ "${PG_LOCAL:-}" = "1" ]; then
        start_local_cluster
        return
    fi
    if [ -f "$LOCAL/database_url" ]; then
        local saved
        saved=$(cat "$LOCAL/database_url")
        case "$saved" in
            *":$LOCAL_PG_PORT/"*) start_local_cluster >/dev/null; echo "$saved"; return ;;
            *) if pg_answers 127.0.0.1 5432; then echo "$saved"; return; fi ;;
        esac
    fi
    if ! pg_answers 127.0.0.1 5432 && [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
        # The distribution's own cluster exists but is stopped: start it rather than make another.
        local major
        major=$(ls /etc/postgresql | sort -n | tail -1)
        as_root pg_ctlcluster --skip-systemctl-redirect "$major" main start >/dev/null 2>&1 || true
        sleep 1
    fi
    if pg_answers 127.0.0.1 5432; then
        if psql "postgresql://postgres@127.0.0.1:5432/postgres" -tAc "select 1" >/dev/null 2>&1; then
            echo "postgis://postgres@127.0.0.1:5432/$DB_NAME"
            return
        fi
        if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null; then
            # Password authentication on TCP (Debian's default): make a project role over the socket.
            say "Creating the role 'registry' in the local PostgreSQL"
            as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'registry') THEN
    CREATE ROLE registry LOGIN CREATEDB PASSWORD 'registry';
  END IF;
END $$;
SQL
            as_root runuser -u postgres -- psql -q -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
            echo "postgis://registry:registry@127.0.0.1:5432/$DB_NAME"
            return
        fi
        die "PostgreSQL on 127.0.0.1:5432 refused us: set DATABASE_URL"
    fi
    start_local_cluster
}

provision_database() {
    local url admin_url name
    url=$(choose_database)
    [ -z "${DATABASE_URL:-}" ] && echo "$url" > "$LOCAL/database_url"
    export DATABASE_URL="$url"
    # psql does not know the postgis:// scheme.
    admin_url="postgresql://${url#*://}"
    name="${admin_url##*/}"
    name="${name%%\?*}"
    local server_url="${admin_url%/*}/postgres"
    if ! psql "$server_url" -tAc "select 1" >/dev/null 2>&1; then
        server_url="$admin_url"  # a role without access to 'postgres': try its own database
    fi
    if ! psql "$server_url" -tAc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
        say "Creating database $name"
        psql "$server_url" -q -c "CREATE DATABASE \"$name\"" >/dev/null
    fi
    if ! psql "$admin_url" -q -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null 2>&1; then
        die "could not create the PostGIS extension in $name: install PostGIS on that server, or \
ask its administrator to run 'CREATE EXTENSION postgis' there"
    fi
    # Test databases are copies of template1: PostGIS there lets a non-superuser run the tests.
    psql "${admin_url%/*}/template1" -q -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null 2>&1 || true
}

setup() {
    install_system "${1:-}"
    install_python
    provision_database
    say "Compiling the translations"
    .venv/bin/python manage.py compilemessages --ignore=.venv/* -v 0
    if [ "${1:-}" != "test" ]; then
        say "Migrating"
        .venv/bin/python manage.py migrate --no-input -v 0
        # The shared cache's table (settings.CACHES); a no-op when it exists or with REDIS_URL.
        .venv/bin/python manage.py createcachetable
    fi
}

case "${1:-run}" in
    install)
        install_system test
        install_python
        ;;
    setup)
        setup
        ;;
    run)
        setup
        .venv/bin/python manage.py load_demo --if-empty
        say "Serving on http://127.0.0.1:$PORT (demo logins in README.md)"
        exec .venv/bin/python manage.py runserver "127.0.0.1:$PORT"
        ;;
    test)
        shift
        setup test
        say "Running the tests against $(echo "$DATABASE_URL" | sed -E 's#//[^@]*@#//#')"
        exec .venv/bin/pytest "$@"
        ;;
    *)
        die "usage: $0 run|test|setup|install"
        ;;
esac
