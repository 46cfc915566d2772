"""gunicorn for `make serve` and production (`gunicorn -c config/gunicorn.conf.py`): one sync
worker per core unless WEB_CONCURRENCY says otherwise, bound to HOST:PORT, access log on
standard output. Read by gunicorn, not by Django.

Gunicorn names itself in every answer's `Server` header; a security review (ASVS 14.3.3)
asks that the header not say which software and version run the platform. The response
class reads the name from `gunicorn.http.wsgi`, which may be imported before this file runs,
so the name is replaced there too.
"""

import os

import gunicorn
import gunicorn.http.wsgi

from config.env import env_int, env_str

gunicorn.SERVER = gunicorn.http.wsgi.SERVER = "carbon20"

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


def post_worker_init(worker) -> None:
    """Once the worker has loaded the application: import every view through the URLconf,
    then move everything alive into the collector's permanent generation. A full collection
    otherwise walks Django's whole import graph: 45–110 ms pauses on every 15th API page at
    national scale (`make bench-scale`), against under 20 ms frozen."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    gc.collect()
    gc.freeze()
