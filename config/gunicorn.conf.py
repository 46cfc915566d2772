"""Gunicorn settings for production (`gunicorn -c config/gunicorn.conf.py config.wsgi`).

Gunicorn names itself in every answer's `Server` header; a security review (ASVS 14.3.3)
asks that the header not say which software and version run the platform. The response
class reads the name from `gunicorn.http.wsgi`, which may be imported before this file runs,
so the name is replaced there too.
"""

import gunicorn
import gunicorn.http.wsgi

gunicorn.SERVER = gunicorn.http.wsgi.SERVER = "carbon20"
