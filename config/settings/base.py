"""Settings shared by every environment. Values that differ come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-local-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "zhengxian.core",
    "zhengxian.accounts",
    "zhengxian.orgs",
    "zhengxian.jobs",
    # After zhengxian.jobs, whose db_worker (this one's, plus the heartbeat of running jobs
    # and the requeue of a dead worker's) must be the one `manage.py db_worker` finds.
    "django_tasks_db",
    "zhengxian.audit",
    "zhengxian.audit_pages",
    "zhengxian.campaigns",
    "zhengxian.scoring",
    "zhengxian.activities",
    "zhengxian.projects",
    "zhengxian.matters",
    "zhengxian.cockpit",
    "zhengxian.api",
    "ninja",  # the API reference page's Swagger UI, served from the installed package
    "zhengxian.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhengxian.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhengxian.api.middleware.ApiTokenMiddleware",
    "zhengxian.api.middleware.ApiConditionalGetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhengxian.accounts.sessions.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhengxian.audit.middleware.AuditActorMiddleware",
    "zhengxian.accounts.middleware.PasswordChangeRequiredMiddleware",
    # AxesMiddleware must be last: it turns lockouts raised by the backend into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhengxian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhengxian.orgs.context_processors.navigation",
            ],
        },
    }
]


def database_from_environment(base_dir: Path) -> dict[str, object]:
    """PostgreSQL when DATABASE_URL is set, else the embedded SQLite database.

    SQLite runs in WAL mode with a busy timeout and IMMEDIATE write transactions, so that
    concurrent writers queue for the lock instead of failing with "database is locked".
    """
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        return dict(config)
    path = Path(os.environ.get("SQLITE_PATH", base_dir / "var" / "zhengxian.sqlite3"))
    path.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": database_from_environment(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after this long without a request, and this long after the login at most.
ZHENGXIAN_SESSION_IDLE_MINUTES = int(os.environ.get("ZHENGXIAN_SESSION_IDLE_MINUTES", "30"))
ZHENGXIAN_SESSION_MAX_HOURS = int(os.environ.get("ZHENGXIAN_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = ZHENGXIAN_SESSION_MAX_HOURS * 3600

# Lockout: five failed logins for one account from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind nginx every request arrives from the proxy's address: counted by REMOTE_ADDR, one
# person's typos would lock the account for everyone. The deployment says how many proxies
# it trusts (0 = none: X-Forwarded-For is ignored, since any client can forge it), and one
# function gives axes and the audit log the same client address.
ZHENGXIAN_TRUSTED_PROXY_COUNT = int(os.environ.get("ZHENGXIAN_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "zhengxian.core.client_ip.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zhengxian" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Front-end libraries come from npm (package-lock.json) and are served from node_modules.
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job whose worker has not beaten for this long is queued again (zhengxian.jobs).
ZHENGXIAN_JOB_LEASE_SECONDS = float(os.environ.get("ZHENGXIAN_JOB_LEASE_SECONDS", "60"))
# The worker runs the daily tasks (reminders, digest) from this local time (TIME_ZONE) on;
# a worker that starts later the same day runs the missed ones once (zhengxian.jobs.schedule).
ZHENGXIAN_DAILY_AT = os.environ.get("ZHENGXIAN_DAILY_AT", "07:30")
# The JSON API: requests per minute per caller (a token, or a signed-in user), and how long
# the answer to an idempotent create is kept for a retry (a phone may stay offline for days).
ZHENGXIAN_API_RATE_PER_MINUTE = int(os.environ.get("ZHENGXIAN_API_RATE_PER_MINUTE", "600"))
ZHENGXIAN_API_IDEMPOTENCY_DAYS = int(os.environ.get("ZHENGXIAN_API_IDEMPOTENCY_DAYS", "30"))

# Uploads: refuse anything bigger than this before it reaches a parser.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ZHENGXIAN_IMPORT_MAX_BYTES = 5 * 1024 * 1024
ZHENGXIAN_IMPORT_MAX_ROWS = 20_000

# The longest lists (visits, matters, people) count their rows up to this many and then say
# "more than" (zhengxian/core/pagination.py): counting 1.6 million visits on every page
# is what a province's list would otherwise spend its time on; a filter narrows it.
ZHENGXIAN_LIST_COUNT_CAP = int(os.environ.get("ZHENGXIAN_LIST_COUNT_CAP", "10000"))

# The cache every app server of a production shares (figures kept until a write, limits
# counted on one server): the database's cache table, `manage.py createcachetable` at set-up.
# production.py uses it unless ZHENGXIAN_CACHE_BACKEND says otherwise; bench/pages.py serves
# its pages with it.
ZHENGXIAN_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "zhengxian_cache",
}

# How long the cockpit's slow panels are kept before they are counted again
# (zhengxian/cockpit/dashboard/kept.py; 0 counts them on every request).
ZHENGXIAN_COCKPIT_KEEP_SECONDS = int(os.environ.get("ZHENGXIAN_COCKPIT_KEEP_SECONDS", "300"))

# Residents' names and phones in matters closed this many years ago are blanked by
# manage.py purge_personal_data; text messages to residents go through this backend (the
# default keeps them in an outbox the office reads).
ZHENGXIAN_PERSONAL_DATA_RETENTION_YEARS = int(
    os.environ.get("ZHENGXIAN_PERSONAL_DATA_RETENTION_YEARS", "3")
)
ZHENGXIAN_SMS_BACKEND = os.environ.get(
    "ZHENGXIAN_SMS_BACKEND", "zhengxian.matters.sms.OutboxBackend"
)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

SITE_TITLE = _("Zhengxian")
