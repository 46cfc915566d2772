"""gunicorn for `make serve`: one sync worker per core unless WEB_CONCURRENCY says otherwise,
bound to HOST:PORT, access log on standard output. Read by gunicorn, not by Django."""

import os

from config.env import env_int, env_str

# The cores this process may run on (what `nproc` prints), not every core of the host.
workers = env_int("WEB_CONCURRENCY", len(os.sched_getaffinity(0)))
bind = f"{env_str('HOST', '127.0.0.1')}:{env_int('PORT', 8000)}"
wsgi_app = "config.wsgi:application"
accesslog = env_str("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# A request that takes longer has hung; the worker is replaced.
timeout = env_int("GUNICORN_TIMEOUT", 60)
# Workers are replaced now and then, so that a slow leak never grows without bound.
max_requests = 5_000
max_requests_jitter = 500
# X-Forwarded-* headers are believed only from the reverse proxy (see the README).
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
