"""Portal 4.0 settings: one module, every value from the environment.

Defaults are for local development (`make run`): SQLite under var/, the console for e-mail and
Celery on kombu's filesystem transport, so no server is needed. Production sets DEBUG=false and
must then provide SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see portal/checks.py).
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from portal.operations import config as operations_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

# The development key is refused outside DEBUG by portal.checks (it is public in this file).
DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "csp",
    "django_prometheus",
    "portal",
    "reports",
    "privacy",
    "consulting",
    "assessments",
    "events",
    "economics",
    "labs",
    "practice",
]

MIDDLEWARE = [
    # Operations (portal/operations): the request id and access log around everything, the
    # probes before ALLOWED_HOSTS and the HTTPS redirect, the metrics timers outermost.
    "portal.operations.observability.RequestIdMiddleware",
    "portal.operations.health.ProbeMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files (SVG above all) carry the same headers as pages.
    "csp.middleware.CSPMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Below authentication (it needs the user), above everything that may answer for a view.
    "portal.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.StaffSecondFactorMiddleware",
    "portal.middleware.TenancyMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.navigation",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: WAL lets readers run beside a writer, IMMEDIATE
    # transactions take the write lock up front instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Measured here: without persistent connections a one-query page is ~10x slower.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering must not hold every page for the OS's two-minute
            # connect timeout: the page cache and the rate limits then fail fast instead.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    # Its own Redis database (a cache clear must not drop queued tasks): CELERY_BROKER_URL, or
    # the neighbour of REDIS_URL's database (portal/operations/config.py).
    CELERY_BROKER_URL = operations_config.broker_url_for(
        REDIS_URL, env.str("CELERY_BROKER_URL", default="")
    )
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        # A message a worker took but never acknowledged (the worker was killed) is handed to
        # another worker after this many seconds; tasks are idempotent (design §6).
        "visibility_timeout": env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=3600),
        "socket_connect_timeout": 5,
    }
    # A second beat waits for the first one's lock (portal/operations/beat.py).
    CELERY_BEAT_SCHEDULER = "portal.operations.beat:LockedScheduler"
else:
    # Shared by the web server and the worker processes (rate limits must count across them).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # kombu would otherwise put its broadcast exchanges in ./control of the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }

# Task status lives in our own tables; no result backend (design §6).
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portal 4.0] "
ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
# Sign-up asks for the company too: an SME account always acts for one company (design §2).
ACCOUNT_SIGNUP_FORM_CLASS = "consulting.forms.CompanySignupForm"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so that they are visibly on.
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_email": "1/m/user",
    # Ours, counted by allauth's limiter: the public accessibility feedback form, and the
    # colleague invitations an SME user sends (each is a mail to an address they choose).
    "accessibility_feedback": "5/h/ip",
    "colleague_invitation": "10/h/user,30/d/user,30/h/ip",
}
# Behind a reverse proxy every connection comes from the proxy: the rate limits above (allauth's
# and ours, which allauth counts too) must key on the client the proxy names, or five wrong
# passwords from anyone lock everyone out. allauth's two documented settings say how the proxy
# names it: the number of proxies that append to X-Forwarded-For (nginx:
# `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`), or a header the proxy sets
# (nginx: `proxy_set_header X-Real-IP $remote_addr;`). Both are off by default (no proxy). The
# headers are believed only from PORTAL_TRUSTED_PROXIES (addresses or networks; by default
# loopback and the private ranges a compose network or the host's proxy connects from), so a
# client that reaches the server directly cannot name itself (portal.accounts.client_ip).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
PORTAL_TRUSTED_PROXIES = env.list(
    "PORTAL_TRUSTED_PROXIES",
    default=[
        "127.0.0.0/8",
        "::1/128",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "fc00::/7",
    ],
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portal 4.0"
# Staff (consultants, partner and consortium admins) must have a second factor before they reach
# a staff page. `make run` turns this off for the local demo only.
PORTAL_STAFF_MFA_REQUIRED = env.bool("PORTAL_STAFF_MFA_REQUIRED", default=True)
INVITATION_VALID_DAYS = 14

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal 4.0 <noreply@m40.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# English pages in the European way (7 December 2026, 07/12/2026, 14:30): portal/formats/en.
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # The filesystem under MEDIA_ROOT, or S3-compatible object storage when
    # AWS_STORAGE_BUCKET_NAME is set (portal/operations/config.py).
    "default": operations_config.default_storage_from_env(env),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Upload limits. The largest legitimate request is a company list of at most 5 MB
# (consulting/imports.py); anything much larger is refused before Django parses it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # the body without files
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB; larger uploads go to a temporary file
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
PORTAL_MAX_REQUEST_BYTES = env.int("PORTAL_MAX_REQUEST_BYTES", default=8 * 1024 * 1024)

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Forms carry the token in a hidden field (htmx posts the form with it), so no script needs the
# cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# /healthz is probed over plain HTTP inside the compose network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp 4): only the portal's own files, no inline script or style
# (templates use static JS/CSS; htmx's indicator <style> is switched off in base.html), no eval.
# data: images are Bootstrap's SVG icons in its CSS and the TOTP QR code of allauth's MFA pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": not DEBUG,
    },
}
# Browser features the portal never uses are switched off for it and anything it embeds.
PORTAL_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
}
PORTAL_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# One line per record with the request id; JSON outside DEBUG (LOG_FORMAT=json|text).
LOGGING = operations_config.logging_config(
    json=env.str("LOG_FORMAT", default="text" if DEBUG else "json") == "json",
    level=env.str("LOG_LEVEL", default="INFO"),
)
# The PDF renderer reports every layout step at INFO: keep seed_demo and the worker quiet.
LOGGING["loggers"].update({name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")})
PORTAL_COMPANY_RESOLVER = "consulting.selectors.company_id_for_user"
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# How e-mails (ours and allauth's) name the site; its address is PORTAL_BASE_URL.
PORTAL_SITE_NAME = env.str("PORTAL_SITE_NAME", default="Portal 4.0")
# Workshop check-in opens this many hours before the start and closes at the end (issue #13).
EVENTS_CHECK_IN_HOURS_BEFORE = env.int("EVENTS_CHECK_IN_HOURS_BEFORE", default=2)
# The imprint must name a way to reach the provider quickly (§ 5 DDG): e-mail and telephone.
# They are settings, not editable text, so that a deploy check can insist on them. The DEBUG
# defaults are the demo's: an .example address and a number the regulator reserves for fiction.
PORTAL_IMPRINT_EMAIL = env.str(
    "PORTAL_IMPRINT_EMAIL", default="kontakt@m40.example" if DEBUG else ""
)
PORTAL_IMPRINT_PHONE = env.str("PORTAL_IMPRINT_PHONE", default="+49 30 23125 000" if DEBUG else "")

# --- Operations (issue #19, docs/operations.md) ----------------------------------------------
# Celery workers log through LOGGING above (JSON, request id) instead of their own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A pool process that grew past this (KiB) is replaced after its task; WeasyPrint can grow.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)
CELERY_BEAT_LOCK_TTL = env.int("CELERY_BEAT_LOCK_TTL", default=60)
# /metrics answers a bearer token or a direct (unproxied) connection from these networks.
PORTAL_METRICS_TOKEN = env.str("PORTAL_METRICS_TOKEN", default="")
PORTAL_METRICS_NETWORKS = env.list(
    "PORTAL_METRICS_NETWORKS",
    default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
)
PROMETHEUS_EXPORT_MIGRATIONS = False
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from portal.operations.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("PORTAL_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
