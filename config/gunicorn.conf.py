"""Gunicorn settings for production (`gunicorn -c config/gunicorn.conf.py config.wsgi`).

Gunicorn names itself in every answer's `Server` header; a security review (ASVS 14.3.3)
asks that the header not say which software and version run the platform.
"""

import gunicorn

gunicorn.SERVER = "carbon20"
