"""gunicorn settings for `make serve` and the container image; each one can be set from the
environment (GUNICORN_BIND, WEB_CONCURRENCY, ...), paths are given by scripts/serve.sh."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
# Behind nginx on loopback: never reachable from outside the machine directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: the work is database- and CPU-bound (tiles, GeoJSON), so one request per
# process, about two per core, and nginx buffers slow clients in front of them.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# A fresh process now and then bounds whatever a long-lived worker accumulates.
max_requests = 2000
max_requests_jitter = 200
# Trust X-Forwarded-* only from nginx: on the same machine, or the proxy's network in containers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# Stopped with its pid file; the control socket's default path is shared by every gunicorn of
# the user, so two instances (serve and a test) would fight over it.
control_socket_disable = True
