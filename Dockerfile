# The app image: gunicorn serving the registry; nginx, PostgreSQL and Redis run beside it
# (docker-compose.yml, the same topology as `make serve`). Python packages come from the lock file.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin libgdal32 postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Exact versions first (a layer that changes only with the lock), then the project without
# letting pip pick any other version.
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY . .
RUN pip install --no-deps .
RUN DEBUG=false SECRET_KEY=build-only-not-used-at-run-time-0123456789 \
    DATABASE_URL=postgis://build@localhost/build ALLOWED_HOSTS=build \
    sh -c "STATIC_ROOT=/app/static-collected python manage.py collectstatic --no-input -v 0 \
    && python manage.py compilemessages -v 0"

RUN useradd --system --home /app registry && mkdir -p /app/.local/media /srv/static \
    && chown -R registry /app/.local /srv/static
USER registry
EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000 GUNICORN_ACCESS_LOG=- GUNICORN_ERROR_LOG=- STATIC_ROOT=/srv/static
# The static files go to the volume nginx serves them from; migrations run in their own service.
CMD ["sh", "-c", "cp -a /app/static-collected/. /srv/static/ && exec gunicorn -c deploy/gunicorn.conf.py"]
