"""Production: every secret from the environment, HTTPS only, strict headers.

`manage.py check --deploy` passes with no warnings under these settings (a test asserts it).
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to at least 50 random characters.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names served.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true") == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]  # noqa: F405

# Several app servers share one cache, so a limit counted on one (the requester's
# confirmation page) holds on all: the database's cache table by default
# (ZHENGXIAN_DATABASE_CACHE, `manage.py createcachetable` at set-up), or e.g. Redis through
# these two variables.
_SHARED_CACHE = ZHENGXIAN_DATABASE_CACHE  # noqa: F405
CACHES = {
    "default": {
        "BACKEND": os.environ.get("ZHENGXIAN_CACHE_BACKEND", _SHARED_CACHE["BACKEND"]),
        "LOCATION": os.environ.get("ZHENGXIAN_CACHE_LOCATION", _SHARED_CACHE["LOCATION"]),
    }
}

# Uploads and the files background jobs make on S3-compatible storage instead of MEDIA_ROOT,
# so a web server on another machine serves what a worker wrote (docs/deploy.md). Needs the
# django-storages package (with boto3), installed only where this is used.
if os.environ.get("ZHENGXIAN_S3_BUCKET"):
    S3_STORAGE: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ZHENGXIAN_S3_BUCKET"],
            "endpoint_url": os.environ.get("ZHENGXIAN_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ZHENGXIAN_S3_REGION") or None,
            "access_key": os.environ.get("ZHENGXIAN_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("ZHENGXIAN_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("ZHENGXIAN_S3_PREFIX", "media"),
            # Private objects: every file is served through a view that checks scope.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    STORAGES = {**STORAGES, "default": S3_STORAGE}  # noqa: F405

# The Excel imports' limits (people, key projects, visits): a province imports larger files.
ZHENGXIAN_IMPORT_MAX_ROWS = int(
    os.environ.get("ZHENGXIAN_IMPORT_MAX_ROWS", ZHENGXIAN_IMPORT_MAX_ROWS)  # noqa: F405
)
ZHENGXIAN_IMPORT_MAX_BYTES = int(
    os.environ.get("ZHENGXIAN_IMPORT_MAX_BYTES", ZHENGXIAN_IMPORT_MAX_BYTES)  # noqa: F405
)
