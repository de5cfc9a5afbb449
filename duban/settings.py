"""All settings, read from the environment. See README "Deploying"."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DUBAN_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one generated once into ./var/ for local use."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'duban.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:  # dj-database-url raises several types for bad URLs
        reason = str(exc).split(". Did you")[0]
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {reason}") from exc
    if config.get("ENGINE") not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE: a transaction that will write takes the write lock when it begins and
        # waits for it (timeout), instead of failing halfway with "database is locked"
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
        config["CONN_MAX_AGE"] = 0
    else:
        config["TEST"] = {"NAME": os.environ.get("DUBAN_TEST_DB_NAME", "test_duban")}
    return config


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "duban.ops.apps.BackgroundTasksConfig",  # django_tasks_db, named in Chinese
    "simple_history",
    "duban.ops.apps.LoginProtectionConfig",  # axes
    "ninja",
    "duban.orgs",
    "duban.plans",
    "duban.progress",
    "duban.supervision",
    "duban.assignments",
    "duban.channels",
    "duban.publishing",
    "duban.api",
    "duban.ops",
    "duban.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "duban.orgs.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "duban.api.limits.IdsInRange",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "duban.ops.errors.MethodNotAllowedPage",
]
CSRF_FAILURE_VIEW = "duban.ops.errors.csrf_failure"

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.orgs.context.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 (argon2-cffi) for new and changed passwords; older hashes still verify and are
# upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Repeated wrong passwords lock the username from that address for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("DUBAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address behind the proxy: see duban/ops/client_ip.py and docs/deploy.md.
AXES_CLIENT_IP_CALLABLE = "duban.ops.client_ip.client_ip"
DUBAN_TRUSTED_PROXIES = {
    p.strip() for p in os.environ.get("DUBAN_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# A session lasts a working day unless used; every request renews it.
SESSION_COOKIE_AGE = int(os.environ.get("DUBAN_SESSION_HOURS", "8")) * 3600
SESSION_SAVE_EVERY_REQUEST = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind HTTPS (DUBAN_HTTPS=1, the production setting of docs/deploy.md): cookies only over
# TLS, HSTS, and plain http redirected. The proxy in front says the scheme it received.
HTTPS = _env_bool("DUBAN_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("DUBAN_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# /healthz answers the load balancer over plain http on the host itself
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy on every response (django-csp): scripts and styles only from the
# site itself (inline scripts would need the request's nonce; there are none); inline style
# attributes are allowed (indentation depth, column widths), <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SIMPLE_HISTORY_REVERT_DISABLED = True

# A task handed down and not accepted after this many days reminds the receiver's office
# (the daily round), and again every as many days until it is answered.
DUBAN_ASSIGNMENT_REMIND_DAYS = int(os.environ.get("DUBAN_ASSIGNMENT_REMIND_DAYS", "3"))
# How long (ms) the city/province overview may judge bureaus whose data changed since their
# counts were kept; the rest show their last counts, marked, and go to the worker.
DUBAN_OVERVIEW_BUDGET_MS = int(os.environ.get("DUBAN_OVERVIEW_BUDGET_MS", "300"))
# The site's address as people reach it (https://duban.example.gov.cn), for the links in
# messages sent to 钉钉 / 企业微信 / 飞书 groups; without it the messages carry no link.
DUBAN_SITE_URL = os.environ.get("DUBAN_SITE_URL", "").rstrip("/")
# A channel's address may not point into the server's own networks (loopback, private,
# link-local): an office could otherwise make the server post to its database or the
# cloud's metadata service. Set to 1 where the robots live on the intranet (政务外网).
DUBAN_CHANNEL_ALLOW_PRIVATE = os.environ.get("DUBAN_CHANNEL_ALLOW_PRIVATE", "0") == "1"
DUBAN_SEEDS_DIR = Path(os.environ.get("DUBAN_SEEDS_DIR", BASE_DIR / "demo" / "seeds"))

# Reminders of reporting periods: N days before the due date, and on it (`duban remind`,
# run daily by a timer). Mail goes through Django's mail settings; console by default.
DUBAN_REMIND_DAYS_BEFORE = int(os.environ.get("DUBAN_REMIND_DAYS_BEFORE", 3))
# A 督办单 is raised by itself when a report is this many days late (or a task is red at
# the end of two periods running).
DUBAN_NOTICE_AFTER_DAYS_LATE = int(os.environ.get("DUBAN_NOTICE_AFTER_DAYS_LATE", 7))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "duban@localhost")
# Background work goes through Django's Tasks framework (the django-tasks backport until
# Django 6). DUBAN_TASK_QUEUE=database keeps tasks in the database for `duban worker`
# (production, docs/deploy.md); the default runs each task at once, in the request.
TASK_QUEUE = os.environ.get("DUBAN_TASK_QUEUE", "immediate")
if TASK_QUEUE not in {"immediate", "database"}:
    raise ImproperlyConfigured("DUBAN_TASK_QUEUE must be 'immediate' or 'database'")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.backend.DatabaseBackend"
        if TASK_QUEUE == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
# A failed task is tried again this many times in all, 1, 4, 16 … minutes apart; then it
# stays failed and is shown to the office (/system/).
DUBAN_TASK_ATTEMPTS = int(os.environ.get("DUBAN_TASK_ATTEMPTS", "3"))
DUBAN_TASK_RETRY_SECONDS = int(os.environ.get("DUBAN_TASK_RETRY_SECONDS", "60"))
# An import larger than this (all files of a batch) goes to the queue instead of the request.
DUBAN_BACKGROUND_IMPORT_BYTES = int(os.environ.get("DUBAN_BACKGROUND_IMPORT_BYTES", 2 * 1048576))

# Evidence attached to a reading (佐证材料): largest file accepted.
DUBAN_EVIDENCE_MAX_BYTES = int(os.environ.get("DUBAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))

# What one imported document may cost: its size in bytes and the rows of a spreadsheet.
DUBAN_IMPORT_MAX_BYTES = int(os.environ.get("DUBAN_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
DUBAN_IMPORT_MAX_ROWS = int(os.environ.get("DUBAN_IMPORT_MAX_ROWS", 20000))
DATA_UPLOAD_MAX_MEMORY_SIZE = DUBAN_IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DUBAN_IMPORT_MAX_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

APP_TITLE = _("督办")
