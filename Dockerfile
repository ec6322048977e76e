# Production image: gunicorn serving the app, static files by WhiteNoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin libgdal32 postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The pinned dependencies first: their layer is rebuilt only when requirements.lock changes.
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY pyproject.toml README.md ./
COPY config ./config
COPY common ./common
COPY assets_registry ./assets_registry
COPY reuse_projects ./reuse_projects
COPY maps ./maps
COPY open_data ./open_data
RUN pip install --no-deps .
COPY . .
RUN DEBUG=false SECRET_KEY=build-only-not-used-at-run-time-0123456789 \
    DATABASE_URL=postgis://build@localhost/build ALLOWED_HOSTS=build \
    sh -c "python manage.py collectstatic --no-input -v 0 && python manage.py compilemessages -v 0"

RUN useradd --system --home /app registry && mkdir -p /app/.local/media && chown -R registry /app/.local
USER registry
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
