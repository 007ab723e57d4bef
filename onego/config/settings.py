"""OneGo settings, read from the environment (see docs/operations.md for every variable)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from onego.config.env import ImproperlyConfiguredEnv, env_bool, env_decimal, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ONEGO_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)

DEBUG = env_bool("DEBUG", False)
# Production is anything that is not explicitly development or a test run.
ONEGO_ENV = env_str("ONEGO_ENV", "development")
IS_PRODUCTION = ONEGO_ENV == "production"


def _secret_key() -> str:
    """Required in production; in development generated once and kept in var/secret_key."""
    if IS_PRODUCTION:
        return env_str("SECRET_KEY", required=True)
    given = env_str("SECRET_KEY")
    if given:
        return given
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_celery_results",
    "axes",
    "onego.core",
    "onego.registry",
    "onego.accounts",
    "onego.catalog",
    "onego.cases",
    "onego.archive",
    "onego.certificates",
    "onego.inspection",
    "onego.policies",
    "onego.robots",
    "onego.prereview",
    "onego.ratings",
    "onego.staffstars",
    "onego.supervision",
    "onego.stats",
    "onego.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # before anything reads the body (the NUL check below, CSRF's process_view); after auth for the 413 page
    "onego.core.request_limits.RequestSizeLimitMiddleware",
    "onego.core.middleware.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "onego.config.urls"
WSGI_APPLICATION = "onego.config.wsgi.application"
ASGI_APPLICATION = "onego.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "onego.portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'onego.sqlite3'}"),
        # Reusing connections saves ~3 ms per request on PostgreSQL (measured); SQLite gains nothing.
        conn_max_age=env_int(
            "DATABASE_CONN_MAX_AGE", 0 if env_str("DATABASE_URL", "sqlite").startswith("sqlite") else 60
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Take the write lock at BEGIN: a web request and the worker then wait for each other
            # instead of failing with "database is locked" half-way through a transaction.
            "transaction_mode": "IMMEDIATE",
        }
    )
_test_name = env_str("TEST_DATABASE_NAME") or None
if _test_name is None and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not ":memory:": the browser tests' live server then has connections of its own instead of
    # sharing the test thread's in-memory connection across its request threads ("table is locked").
    _test_name = str(VAR_DIR / "test_onego.sqlite3")
DATABASES["default"]["TEST"] = {"NAME": _test_name}
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# The client address behind a proxy (onego.core.ratelimit.client_ip): the forwarded header is believed only
# from these proxies (IPs or CIDRs); empty, the default, means REMOTE_ADDR is the client. docs/security.md.
ONEGO_TRUSTED_PROXIES = env_list("ONEGO_TRUSTED_PROXIES", [])
for _proxy in ONEGO_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfiguredEnv(
            f"ONEGO_TRUSTED_PROXIES: not an IP address or CIDR: {_proxy!r}"
        ) from _exc
ONEGO_CLIENT_IP_HEADER = env_str("ONEGO_CLIENT_IP_HEADER", "X-Forwarded-For")
# Sign-up identity checks (name + ID number) per client address per minute and per ID number per hour.
ONEGO_SIGNUP_RATE_PER_MINUTE = env_int("ONEGO_SIGNUP_RATE_PER_MINUTE", 5)
ONEGO_SIGNUP_ID_RATE_PER_HOUR = env_int("ONEGO_SIGNUP_ID_RATE_PER_HOUR", 5)

# Lock-out after repeated failures (django-axes), by username, with a progressive back-off instead of a long
# lock (onego.accounts.lockout, docs/security.md): from the AXES_FAILURE_LIMIT-th failure on, the n-th failure
# for a username waits 2^n seconds, at most AXES_COOLOFF_MINUTES; failures are forgotten AXES_COOLOFF_MINUTES
# after the last one. Separately, one client address may fail ONEGO_LOGIN_IP_FAILURE_LIMIT times across all
# usernames within AXES_COOLOFF_MINUTES before it may not try any.
AXES_FAILURE_LIMIT = "onego.accounts.lockout.failure_limit"
ONEGO_LOGIN_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
ONEGO_LOGIN_IP_FAILURE_LIMIT = env_int("ONEGO_LOGIN_IP_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a wait was never checked: it neither counts nor restarts the wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "onego.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "onego.core.ratelimit.axes_client_ip"
AXES_VERBOSE = False
# Deliberately not locked by IP alone at the username limit: a service hall shares one address, and one
# typo-prone visitor must not lock out every window. The per-username back-off is what protects an account;
# the per-address limit above is set high enough for a hall.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "onego" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve straight from the apps' static folders too, so a server started without collectstatic still has CSS.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Files: local folder by default; any S3-compatible object store when ONEGO_S3_BUCKET is set.
_S3_BUCKET = env_str("ONEGO_S3_BUCKET")
STORAGES: dict[str, dict] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if _S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env_str("ONEGO_S3_ENDPOINT_URL") or None,
            "access_key": env_str("ONEGO_S3_ACCESS_KEY", required=True),
            "secret_key": env_str("ONEGO_S3_SECRET_KEY", required=True),
            "region_name": env_str("ONEGO_S3_REGION") or None,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024  # a JSON body (API materials as base64) or a form's fields
DATA_UPLOAD_MAX_NUMBER_FILES = 50  # Django's default is 100; a bundle's form asks far fewer materials

# Background work: Celery. Redis in production (CELERY_BROKER_URL=redis://…); the embedded default is
# kombu's filesystem transport under var/, which needs no server and still runs jobs in a separate worker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(
            _BROKER_DIR / "control"
        ),  # kombu's default is ./control, in the working directory
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_TRACK_STARTED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "case-colours": {"task": "onego.cases.refresh_colours", "schedule": 600.0},  # every 10 minutes
    "outbox": {"task": "onego.core.deliver_outbox", "schedule": 60.0},  # every minute
    "expire-licences": {"task": "onego.certificates.expire_licences", "schedule": 3600.0},  # hourly
    "verify-archive": {"task": "onego.archive.verify_archive", "schedule": 86400.0},  # daily
    "expire-uploads": {"task": "onego.inspection.expire_uploads", "schedule": 3600.0},  # hourly
    "expire-drafts": {"task": "onego.cases.expire_drafts", "schedule": 3600.0},  # hourly
    # What a service queued after commit (onego.core.queue.enqueue_on_commit) and the broker never got: the
    # outbox above delivers pending messages; these find the rest.
    "archive-backlog": {"task": "onego.archive.archive_backlog", "schedule": 3600.0},  # hourly
    "render-licences": {"task": "onego.certificates.render_missing", "schedule": 600.0},  # every 10 minutes
    "check-videos": {"task": "onego.inspection.check_stalled_videos", "schedule": 300.0},  # every 5 minutes
    "resume-matching": {"task": "onego.policies.resume_matching", "schedule": 300.0},  # every 5 minutes
    # Robots (onego.robots): start the runs that are due by each robot's own schedule; claims captured or
    # attached and not yet pre-reviewed (onego.prereview) are picked up again.
    "robots-due": {"task": "onego.robots.run_due", "schedule": 60.0},  # every minute
    "prereview-backlog": {"task": "onego.prereview.prereview_backlog", "schedule": 300.0},  # every 5 minutes
    # Ratings (onego.ratings): the default rating of what nobody rated in time; the work orders' colours and
    # escalation, like case deadlines.
    "default-ratings": {"task": "onego.ratings.default_ratings", "schedule": 3600.0},  # hourly
    "work-orders": {"task": "onego.ratings.refresh_work_orders", "schedule": 600.0},  # every 10 minutes
    # the day's ratings to the provincial 好差评 platform (a local file here: docs/operations.md), at 02:30
    "ratings-export": {"task": "onego.ratings.export_ratings", "schedule": crontab(hour=2, minute=30)},
    # the queue's visits per window into the dashboard's aggregates (onego.stats)
    "stats-visits": {"task": "onego.stats.count_visits", "schedule": 600.0},  # every 10 minutes
}
# Time-limit warnings (docs/domain.md "Time limits — warning colours"): a case turns yellow in the last
# ONEGO_WARNING_FRACTION of its promised limit, counted in half working days and rounded up, at least the final
# ONEGO_WARNING_MIN_HALF_DAYS of them and never the whole limit; a working day's afternoon starts at
# ONEGO_WORKDAY_NOON (Asia/Shanghai). The beat job "case-colours" applies the rule every 10 minutes.
ONEGO_WARNING_FRACTION = env_decimal("ONEGO_WARNING_FRACTION", "0.2", minimum="0", maximum="1")
ONEGO_WARNING_MIN_HALF_DAYS = env_int("ONEGO_WARNING_MIN_HALF_DAYS", 1)
try:
    ONEGO_WORKDAY_NOON = dt.time.fromisoformat(env_str("ONEGO_WORKDAY_NOON", "12:00"))
except ValueError as _exc:
    raise ImproperlyConfiguredEnv("ONEGO_WORKDAY_NOON must be a time of day such as 12:00") from _exc
ONEGO_MAX_UPLOAD_BYTES = env_int("ONEGO_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
ONEGO_PROGRESS_RATE_PER_MINUTE = env_int("ONEGO_PROGRESS_RATE_PER_MINUTE", 10)
# What the beat job does about late work (docs/domain.md "Time limits": escalation; configurable).
ONEGO_ESCALATION = {
    "notify_heads_when": env_str("ONEGO_ESCALATION_NOTIFY_WHEN", "red"),
    "reassign_after_overdue_workdays": env_int("ONEGO_ESCALATION_REASSIGN_AFTER", 3),
}

# E-licences: SM2 private keys are files (0600) here, one per issuing department, never in the database.
ONEGO_SIGNING_KEY_DIR = Path(env_str("ONEGO_SIGNING_KEY_DIR", str(VAR_DIR / "keys")))
# The e-archive signs each case's manifest (SM2). Key id empty: the service centre's published key.
ONEGO_ARCHIVE_MANIFEST_SIGNER = env_str(
    "ONEGO_ARCHIVE_MANIFEST_SIGNER", "onego.archive.signing.archive_key_signer"
)
ONEGO_ARCHIVE_SIGNING_KEY_ID = env_str("ONEGO_ARCHIVE_SIGNING_KEY_ID", "")
ONEGO_VERIFY_RATE_PER_MINUTE = env_int("ONEGO_VERIFY_RATE_PER_MINUTE", 30)
# The check after a licence granted on commitment (告知承诺审批后核查) is due within this many working days.
ONEGO_FOLLOW_UP_WORKDAYS = env_int("ONEGO_FOLLOW_UP_WORKDAYS", 30)
# The comprehensive window holds a looked-up applicant in the clerk's session this long (docs/security.md, authz).
ONEGO_WINDOW_SELECTION_SECONDS = env_int("ONEGO_WINDOW_SELECTION_SECONDS", 2 * 60 * 60)
# The public address of this installation: licence QR codes link to <it>/licences/v/<identifier>/ and the licence
# PDF's footer prints <it>/licences/verify/. Set it to the address the public reaches (https://…).
ONEGO_PUBLIC_BASE_URL = env_str("ONEGO_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Remote on-site inspection (远程核查): what a premises video must satisfy.
# Service ratings (好差评, docs/domain.md "Service ratings"): a visit or a finished case no one rated within
# default_after_days calendar days is recorded with default_grade (3 = 基本满意); a bad review's work order is
# due rectify_workdays working days after it opens.
ONEGO_RATINGS = {
    "default_after_days": env_int("ONEGO_RATINGS_DEFAULT_AFTER_DAYS", 7),
    "default_grade": env_int("ONEGO_RATINGS_DEFAULT_GRADE", 3),
    "rectify_workdays": env_int("ONEGO_RATINGS_RECTIFY_WORKDAYS", 15),
}
ONEGO_VIDEO = {
    "max_distance_m": env_int("ONEGO_VIDEO_MAX_DISTANCE_M", 100),
    "max_age_days": env_int("ONEGO_VIDEO_MAX_AGE_DAYS", 7),
    "min_seconds": env_int("ONEGO_VIDEO_MIN_SECONDS", 10),
    "max_seconds": env_int("ONEGO_VIDEO_MAX_SECONDS", 600),
    "min_height": env_int("ONEGO_VIDEO_MIN_HEIGHT", 480),
    "max_bytes": env_int("ONEGO_VIDEO_MAX_BYTES", 300 * 1024 * 1024),
}
# Uploads and request sizes (docs/security.md "Uploads, exports and hostile files (inputs)"). A request whose
# Content-Length exceeds the limit of its path is answered 413 before its body is read
# (onego.core.request_limits); the first pattern that matches the path wins, else ONEGO_MAX_REQUEST_BYTES.
# Keep client_max_body_size in the proxy in step (docs/operations.md).
_MIB = 1024 * 1024
ONEGO_MAX_REQUEST_BYTES = env_int("ONEGO_MAX_REQUEST_BYTES", 50 * _MIB)
ONEGO_REQUEST_LIMITS: list[tuple[str, int]] = [
    (r"^/api/v1/inspection/uploads/", 2 * _MIB + 64 * 1024),  # one video chunk (inspection MAX_CHUNK_BYTES)
    (r"^/api/v1/inspection/", 64 * 1024),  # start and finish: a few fields
    (r"^/licences/verify/$", 10 * _MIB + 256 * 1024),  # a licence PDF (certificates MAX_PDF_BYTES)
    (r"^/api/v1/licences/verify$", 256 * 1024),
    (r"^/policies/payouts/batches/\d+/reconcile/$", 5 * _MIB + 256 * 1024),  # MAX_RECONCILIATION_BYTES
    (r"^/admin/catalog/serviceitem/transfer/$", 50 * _MIB + 256 * 1024),  # catalogue MAX_IMPORT_BYTES
    (
        r"^/api/",
        DATA_UPLOAD_MAX_MEMORY_SIZE + 64 * 1024,
    ),  # JSON bodies: Django would refuse more with a bare 400
]
# Resumable premises-video uploads still open (not finished) at once, per case and per applicant; one untouched
# for ONEGO_UPLOAD_ABANDONED_HOURS is removed with its staged bytes by the beat job "expire-uploads".
ONEGO_OPEN_UPLOADS_PER_CASE = env_int("ONEGO_OPEN_UPLOADS_PER_CASE", 2)
ONEGO_OPEN_UPLOADS_PER_USER = env_int("ONEGO_OPEN_UPLOADS_PER_USER", 4)
ONEGO_UPLOAD_ABANDONED_HOURS = env_int("ONEGO_UPLOAD_ABANDONED_HOURS", 24)
ONEGO_VIDEOS_PER_CASE = env_int(
    "ONEGO_VIDEOS_PER_CASE", 30
)  # every video a case ever received, re-recordings too
# Files chosen on the apply form but never submitted (media drafts/) are removed after this many days.
ONEGO_DRAFT_MAX_AGE_DAYS = env_int("ONEGO_DRAFT_MAX_AGE_DAYS", 7)
# What one applicant may keep in drafts at once (all forms together).
ONEGO_DRAFT_QUOTA_BYTES = env_int("ONEGO_DRAFT_QUOTA_BYTES", 200 * _MIB)

# The cache holds rate limits and short-lived counts. In-process memory by default; set CACHE_URL to a Redis
# URL (e.g. redis://127.0.0.1:6379/1) when several web processes must share one limit per IP.
_CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "onego"}
    )
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "onego@localhost")

# Identity: the provincial unified identity platform cannot be reached here; the local adapter checks
# name + ID number against the registry's persons table and says so on the sign-up page.
ONEGO_IDENTITY_ADAPTER = env_str("ONEGO_IDENTITY_ADAPTER", "onego.accounts.identity.LocalRegistryIdentity")
ONEGO_OIDC_ISSUER = env_str("ONEGO_OIDC_ISSUER")
ONEGO_OIDC_CLIENT_ID = env_str("ONEGO_OIDC_CLIENT_ID")

# Staff administrators must pass TOTP to reach the admin site (django-otp).
ONEGO_ADMIN_REQUIRES_OTP = env_bool("ONEGO_ADMIN_REQUIRES_OTP", True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Production hardening (issue 14, prod): docs/security.md "Production hardening (prod)" ---
# In production OneGo sits behind a TLS proxy that must set X-Forwarded-Proto (overwriting any value a client
# sent); Django then knows a request came over HTTPS, redirects plain HTTP and sends HSTS.
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("ONEGO_SSL_REDIRECT", True)
    # A load balancer may probe /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("ONEGO_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ONEGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("ONEGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
# Government staff are logged out after this many idle minutes (0: never); applicants keep the normal session.
ONEGO_STAFF_IDLE_MINUTES = env_int("ONEGO_STAFF_IDLE_MINUTES", 30)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "onego.accounts.middleware.StaffIdleTimeoutMiddleware",
)
# A new API token is valid for this many days; rotate it before then (docs/operations.md).
ONEGO_API_TOKEN_DAYS = env_int("ONEGO_API_TOKEN_DAYS", 90)
# Uploaded files and their folders are readable by the service account only (scripts/run.sh also sets umask 077
# and onego.core.dbfiles keeps the SQLite files 0600). Static files are public: they keep 0644/0755.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES["staticfiles"]["OPTIONS"] = {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755}
# Pages say the installation is a demo (seed_demo's users share a published password; it refuses production).
ONEGO_DEMO = env_bool("ONEGO_DEMO", not IS_PRODUCTION)

# --- Content-Security-Policy and permissions (docs/security.md "Content-Security-Policy and permissions") ---
# django-csp writes the policy on every response that has none of its own; served uploads set their own
# (`sandbox`, onego.core.security_headers.protect_upload). Pages load scripts and styles only from static files:
# no inline script (a template that needs one gives it nonce="{{ request.csp_nonce }}"), no inline style, no eval.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

# "ninja" serves the API docs page (/api/v1/docs) from its own static files; without it django-ninja falls back
# to a CDN page with an inline script, which the policy blocks (and which needs the internet).
INSTALLED_APPS += ["csp", "ninja"]
_AFTER_SECURITY = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE[_AFTER_SECURITY:_AFTER_SECURITY] = [
    "csp.middleware.CSPMiddleware",
    "onego.core.security_headers.PermissionsPolicyMiddleware",
]
_CSP_DIRECTIVES: dict[str, list] = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF],
    # data: the drawn signature and the receipt's QR codes are data URLs. No blob: — nothing makes object URLs;
    # the camera preview is a MediaStream (srcObject), which media-src does not govern.
    "img-src": [SELF, "data:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
ONEGO_CSP_REPORT_URI = env_str("ONEGO_CSP_REPORT_URI")

# Robots (docs/security.md "Robot credentials"): the SM4 key that encrypts the vertical systems' passwords at rest,
# 64 hex characters; unset, a key is derived from SECRET_KEY (rotating SECRET_KEY then needs
# `manage.py robot_credential` again). The Chromium the robots drive (the same binary as the browser tests).
ONEGO_ROBOT_KEY = env_str("ONEGO_ROBOT_KEY", "")
ONEGO_CHROMIUM = env_str("ONEGO_CHROMIUM", "")
if ONEGO_CSP_REPORT_URI:
    _CSP_DIRECTIVES["report-uri"] = [ONEGO_CSP_REPORT_URI]
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
# Powerful browser features, denied on every page; a view opens one for itself with
# onego.core.security_headers.allow_features (the premises video recording page: camera and geolocation).
ONEGO_PERMISSIONS_POLICY_FEATURES = ("camera", "microphone", "geolocation")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
