"""qbank settings, read from the environment.

Every value that differs between a laptop and production comes from an
environment variable, parsed by a small typed helper (qbank/env.py) that
refuses bad values instead of guessing; the database from DATABASE_URL
(qbank/databases.py).
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from qbank.caches import caches_from_env, redis_url_from_env
from qbank.content_security import content_security_policy
from qbank.databases import database_from_env
from qbank.env import (
    env_bool,
    env_date,
    env_float,
    env_import_path,
    env_int,
    env_json_object,
    env_list,
    env_site_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Off unless asked for: a production server that forgets a variable must not
# run in debug mode (`make run` and the test settings turn it on).
DEBUG = env_bool("DEBUG", False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (a long random string, not a development key); "
        "for development set DEBUG=1, as `make run` does"
    )
SECRET_KEY = SECRET_KEY or _DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The canonical address of the site: every absolute link it emits (sitemaps,
# the Atom feed, password-reset e-mails) starts with it, never with the Host
# of the request, which a client chooses among ALLOWED_HOSTS and which would
# otherwise end up in pages cached for everyone. Required in production, where
# guessing it (from ALLOWED_HOSTS, or http vs https) could publish a wrong one.
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000" if DEBUG else None)

INSTALLED_APPS = [
    "accounts",
    "questions",
    "practice",
    "qbank.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "axes",
    "markdownx",
    "simple_history",
    "csp",
    # The job queue (docs/architecture.md#jobs): its tables, the worker command
    # (`manage.py procrastinate worker`) and a read-only view of its jobs.
    "procrastinate.contrib.django",
    "jobs",
    # The read-only JSON API (/api/v1/, docs/api.md).
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A revisit of a shared public page with its current ETag: 304 before
    # anything else runs (questions/public/revalidation.py).
    "questions.public.revalidation.AnswerRevalidation",
    "csp.middleware.CSPMiddleware",
    # whitenoise, plus long caching of the versioned vendor files and the Run worker's policy.
    "qbank.static_files.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL anywhere in the address or the form fields: 400 (Postgres text cannot hold one).
    "qbank.nul_characters.RefuseNulCharacters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every Markdown render of a request draws on one budget.
    "questions.markdown.middleware.RequestRenderBudgetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qbank.urls"
WSGI_APPLICATION = "qbank.wsgi.application"

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
            ],
        },
    },
]


DATABASES = {"default": database_from_env(BASE_DIR)}

# --- Read replicas (issue 10) ----------------------------------------------------
# DATABASE_REPLICA_URLS: comma-separated URLs of Postgres streaming replicas;
# anonymous public pages read from them, everything else from the primary
# (questions/public/replicas.py). Tests use the primary through each alias.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), 1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=env_int("CONN_MAX_AGE", 60)),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["questions.public.replicas.PublicReadsRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "qbank" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Uploads: files under MEDIA_ROOT unless MEDIA_STORAGE_BACKEND names another
    # storage (set below, once the env helpers exist).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production (run `collectstatic` first);
    # plain files while developing so no build step is needed.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The npm packages served from static/vendor/<name>/<version>/ (make install
# fetches them: tools/vendor_assets.py); templates link them with
# {% vendor_static %}, which needs the locked versions.
VENDOR_ASSET_VERSIONS = {
    package["name"]: package["version"]
    for package in json.loads((BASE_DIR / "static-vendor.lock.json").read_text())["packages"]
}
# Run Python in the browser: the worker is stopped after this many seconds of
# running (loading Pyodide does not count).
RUN_PYTHON_TIME_LIMIT_SECONDS = env_int("RUN_PYTHON_TIME_LIMIT_SECONDS", 10, minimum=1)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Accounts. Candidates sign in on the public pages, editors too (or in the admin).
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "questions:home"
LOGOUT_REDIRECT_URL = "questions:home"

# django-axes counts failed sign-ins — the public page's, the admin's and every
# password confirmation — per (account, client address) pair and, separately,
# per client address, each with its limit: either one reaching it pauses
# sign-in from that address for the cool-off (accounts/lockout.py). Never per
# account alone, which let anyone lock a known user out from anywhere. Its
# backend comes first so a locked-out client never reaches the password check.
# Then qbank's model backend (a request's user read by one statement) and, for
# the sessions Django's signed in before it came, Django's (accounts/backends.py
# says why it never checks a password).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AccountBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.PairAndAddressHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_VERBOSE = False  # no banner on every manage.py command
# Axes keeps the POSTed form of each failure: never a password in it.
AXES_SENSITIVE_PARAMETERS = [
    "password", "old_password", "new_password1", "new_password2", "password1", "password2",
]  # fmt: skip
# Behind N reverse proxies that each append to X-Forwarded-For, the client is
# the N-th address from the right; 0 trusts only the socket's peer (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Per client address and hour: sign-ups and password-reset e-mails requested.
SIGNUP_RATE_LIMIT = env_int("SIGNUP_RATE_LIMIT", 10, minimum=1)
PASSWORD_RESET_RATE_LIMIT = env_int("PASSWORD_RESET_RATE_LIMIT", 5, minimum=1)
# Candidates' reports of a problem with a question, per hour: per signed-in
# person, and per address (guests included).
REPORTS_PER_PERSON_PER_HOUR = env_int("REPORTS_PER_PERSON_PER_HOUR", 10, minimum=1)
REPORTS_PER_ADDRESS_PER_HOUR = env_int("REPORTS_PER_ADDRESS_PER_HOUR", 20, minimum=1)
# The read-only API (docs/api.md): requests a minute from one client address,
# and the personal tokens one person may keep.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=1)
API_TOKENS_PER_USER = env_int("API_TOKENS_PER_USER", 10, minimum=1)
# The time limit of an API request's reads (a miss of the page cache) and of a
# reader's search on the site (the page then says so, 503): Postgres cancels a
# statement past it and none starts after it, so a request spends at most
# twice this on them (questions/public/statement_limit.py).
API_STATEMENT_TIMEOUT_MS = env_int("API_STATEMENT_TIMEOUT_MS", 1000, minimum=100)
SEARCH_STATEMENT_TIMEOUT_MS = env_int("SEARCH_STATEMENT_TIMEOUT_MS", 1000, minimum=100)
# When the job worker sends the opt-in daily e-mail of each editor's queues
# (cron syntax, as procrastinate's periodic tasks read it).
QUEUE_DIGEST_CRON = env_str("QUEUE_DIGEST_CRON", "0 7 * * *")

# E-mail (password resets). The console backend prints messages while developing.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: set one")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qbank <noreply@localhost>")

# Revision history (django-simple-history). Its own "revert" form would bypass
# the version check; qbank's restore view replaces it (questions/admin/history.py).
SIMPLE_HISTORY_REVERT_DISABLED = True

# django-markdownx: the admin's live preview uses the very renderer (and
# sanitizer) that produces the public pages.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "questions.markdown.render_markdown"
# Rendering Markdown runs in a child process killed after this many seconds
# (questions/markdown/budget.py): a request never waits longer on a render.
MARKDOWN_RENDER_TIMEOUT = env_float("MARKDOWN_RENDER_TIMEOUT", 1.5)
# ...and every render of one request draws on this many seconds in all
# (questions/markdown/middleware.py); commands and jobs have no such total.
REQUEST_RENDER_BUDGET = env_float("REQUEST_RENDER_BUDGET", 2.0)
# Render children one server process may run at once; with none idle and
# this many alive, a render is refused at once (429 for the preview)
# instead of waiting: one per gunicorn thread (gunicorn.conf.py) and one
# more, starting in place of one killed for running over its budget.
MARKDOWN_RENDER_CHILDREN = env_int("MARKDOWN_RENDER_CHILDREN", 3, minimum=1)
# Hosts Markdown images may load from besides this site (none by default, so
# an author's image cannot track readers); the CSP's img-src lists them too.
MARKDOWN_IMAGE_HOSTS = env_list("MARKDOWN_IMAGE_HOSTS", [])

# Uploads. One machine keeps them under MEDIA_ROOT; app servers behind a load
# balancer share a bucket: MEDIA_STORAGE_BACKEND names any Django storage, such
# as django-storages' "storages.backends.s3.S3Storage" (pip install
# "django-storages[s3]") or "storages.backends.gcloud.GoogleCloudStorage", with
# its options in MEDIA_STORAGE_OPTIONS (JSON), e.g. {"bucket_name": "qbank-media",
# "custom_domain": "media.example.com"}. Put that domain in MARKDOWN_IMAGE_HOSTS
# so that pages may show the images.
STORAGES["default"] = {
    "BACKEND": env_import_path("MEDIA_STORAGE_BACKEND", STORAGES["default"]["BACKEND"]),
    "OPTIONS": env_json_object("MEDIA_STORAGE_OPTIONS", {}),
}
# Uploads are handled by questions.editorial.views.image_upload: raster images
# only (an SVG is a document that can carry script), verified and re-encoded.
MARKDOWNX_UPLOAD_MAX_SIZE = env_int("MARKDOWNX_UPLOAD_MAX_SIZE", 2 * 1024 * 1024)
MARKDOWNX_MEDIA_PATH = "markdownx/"
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 90}
# Checked from the header before any pixel is decoded: frames × width × height.
# 12 megapixels decode, shrink and encode again in under 2 s (see the README):
# four frames of 1,632×1,632, 100 frames of 400×300, or one 4,000×3,000 photo.
MARKDOWNX_UPLOAD_MAX_PIXELS = env_int("MARKDOWNX_UPLOAD_MAX_PIXELS", 12_000_000)
MARKDOWNX_UPLOAD_MAX_FRAMES = env_int("MARKDOWNX_UPLOAD_MAX_FRAMES", 200)

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_NAME.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): qbank/content_security.py says what it allows.
CONTENT_SECURITY_POLICY = content_security_policy(MARKDOWN_IMAGE_HOSTS)
if os.environ.get("SECURE_PROXY_SSL_HEADER_NAME"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER_NAME"], "https")
# Load balancers probe /healthz over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Its registration of every task at start-up, on every manage.py command.
    "loggers": {
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}

# --- Caching (issue 10) ----------------------------------------------------------
# Local memory, or Redis when REDIS_URL is set, with each process's own layers
# in front (qbank/caches.py).
REDIS_URL = redis_url_from_env()
CACHES = caches_from_env(debug=DEBUG)
# Sessions in Postgres, read by one statement (accounts/sessions.py); with
# Redis, read from Redis and written through to Postgres (they survive a flush).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "accounts.sessions"
# The largest page the page cache stores (bytes); a larger one (a long print
# sheet) is still served and marked shared, but rebuilt each time, so that
# the local caches, capped by entry count, stay bounded in bytes.
PAGE_CACHE_MAX_ENTRY_BYTES = env_int("PAGE_CACHE_MAX_ENTRY_BYTES", 512 * 1024, minimum=1)
# How long a cached public page is kept; a change of content makes it
# unreachable at once, so this only bounds memory, never staleness.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60 * 60)
# Seconds each worker keeps the content version it read before reading it
# again (questions/public/held_version.py): a public change reaches anonymous
# readers up to this late; 0 reads it on every request (one more query per
# page, a quarter of a page served from the cache).
CONTENT_VERSION_HOLD_SECONDS = env_float("CONTENT_VERSION_HOLD_SECONDS", 1.0, minimum=0)
# Seconds a CDN in front may serve a public page without asking (s-maxage);
# 0: it must revalidate every time (a cheap 304), so it never serves stale.
CDN_MAX_AGE = env_int("CDN_MAX_AGE", 0)
# Category downloads are built once per change of the category and kept here.
DOWNLOADS_CACHE_DIR = Path(os.environ.get("DOWNLOADS_CACHE_DIR", BASE_DIR / "var" / "downloads"))

# --- Jobs (issue 18) -------------------------------------------------------------
# Long work (imports, exports, re-rendering, password-reset e-mails) runs in a
# worker process (`manage.py procrastinate worker`, docs/operations.md) fed by
# procrastinate's tables in this very database; see jobs/.
# Inputs of queued jobs and the files exports write, never served publicly:
# only jobs.views.download hands a result to the person who asked for it.
# JOB_FILES_STORAGE_BACKEND/OPTIONS name another storage (a private bucket)
# when the worker runs on another machine than the web servers.
JOB_FILES_DIR = Path(os.environ.get("JOB_FILES_DIR", BASE_DIR / "var" / "jobs"))
STORAGES["jobs"] = {
    "BACKEND": env_import_path("JOB_FILES_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
    "OPTIONS": env_json_object("JOB_FILES_STORAGE_OPTIONS", {"location": str(JOB_FILES_DIR)}),
}
# An export's download link works for this many hours; then the file is deleted.
JOB_RESULT_HOURS = env_int("JOB_RESULT_HOURS", 24, minimum=1)
# Finished jobs (what they did, an import's preview) are listed this many days.
JOB_KEEP_DAYS = env_int("JOB_KEEP_DAYS", 30, minimum=1)
# Re-verification (docs/editorial-workflow.md): a published question not
# verified for this many days is due again (counted from its publication if
# never verified), and so is one from an article written before this date
# (YYYY-MM-DD; unset: none) that nobody verified since.
REVERIFY_AFTER_DAYS = env_int("REVERIFY_AFTER_DAYS", 365, minimum=1)
REVERIFY_SOURCES_BEFORE = env_date("REVERIFY_SOURCES_BEFORE")
# Signals from practice (docs/practice.md#signals-for-editors): a question is
# flagged "candidates struggle here" when the lower end of the Wilson score
# interval of its Again share (or of a key point's missed share), at this z,
# reaches the bank's share plus this margin. A larger z asks more reviews
# before anything counts as evidence; a margin of 1 flags nothing.
STRUGGLE_Z = env_float("STRUGGLE_Z", 3.29, minimum=1.0, maximum=6.0)
STRUGGLE_MARGIN = env_float("STRUGGLE_MARGIN", 0.15, minimum=0.0, maximum=1.0)
# Largest JSON bank the admin accepts for import.
BANK_UPLOAD_MAX_BYTES = env_int("BANK_UPLOAD_MAX_BYTES", 50 * 1024 * 1024, minimum=1)
# Banks from elsewhere (Anki packages, Moodle XML, spreadsheets; see
# docs/importing.md): the file, what it may hold, and what its archive may
# unpack to. A member claiming more than RATIO times its compressed size (and
# over a megabyte) is taken for a zip bomb.
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_BYTES", 200 * 1024 * 1024, minimum=1)
IMPORT_MAX_ITEMS = env_int("IMPORT_MAX_ITEMS", 50_000, minimum=1)
IMPORT_MAX_ARCHIVE_MEMBERS = env_int("IMPORT_MAX_ARCHIVE_MEMBERS", 20_000, minimum=1)
IMPORT_MAX_MEMBER_BYTES = env_int("IMPORT_MAX_MEMBER_BYTES", 300 * 1024 * 1024, minimum=1)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 600 * 1024 * 1024, minimum=1)
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 200, minimum=1)
IMPORT_MAX_MEDIA_FILES = env_int("IMPORT_MAX_MEDIA_FILES", 5_000, minimum=0)
# A worker that sends no heartbeat for JOB_STALLED_SECONDS is taken for dead
# and its jobs are run again (jobs/tasks.py checks every JOB_RECOVERY_SECONDS).
JOB_HEARTBEAT_SECONDS = env_float("JOB_HEARTBEAT_SECONDS", 10.0)
JOB_STALLED_SECONDS = env_float("JOB_STALLED_SECONDS", 30.0)
JOB_RECOVERY_SECONDS = env_int("JOB_RECOVERY_SECONDS", 30, minimum=1)
if JOB_RECOVERY_SECONDS > 59:  # the seconds field of a cron schedule (jobs/tasks.py)
    raise ImproperlyConfigured(f"JOB_RECOVERY_SECONDS={JOB_RECOVERY_SECONDS} must be at most 59")
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": JOB_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": JOB_STALLED_SECONDS,
    # Two jobs at a time per worker process: a long import or export, and
    # the short ones (e-mails, the queue's housekeeping) beside it. Run more
    # processes for more.
    "concurrency": 2,
    # The Job rows keep what staff see; the queue's own rows of finished
    # jobs (a reset e-mail's address among their arguments) are not kept.
    "delete_jobs": "successful",
}
# --- The language-model checker (issue 19) ------------------------------------------
# Off unless a model is named: nothing leaves the server otherwise. Any model id
# that simonw's llm knows: its own hosted ones (the key in MODEL_CHECKER_KEY, or
# llm's usual environment variables such as OPENAI_API_KEY), or a plugin's, such
# as llm-ollama's local models (install the plugin beside qbank). Run by the job
# worker in a child process killed after MODEL_CHECKER_SECONDS; see
# practice/model_checker.py and docs/security.md.
MODEL_CHECKER_MODEL = env_str("MODEL_CHECKER_MODEL", "")
MODEL_CHECKER_SECONDS = env_int("MODEL_CHECKER_SECONDS", 60, minimum=1)
MODEL_CHECKER_KEY = env_str("MODEL_CHECKER_KEY", "")
# Checks one address may ask for in an hour (each answer is checked once, but a
# script could type many answers).
MODEL_CHECKER_RATE_LIMIT = env_int("MODEL_CHECKER_RATE_LIMIT", 30, minimum=1)

# Seconds a job waits after each progress report (a question, a batch): 0
# except in the test that kills a worker mid-import (tests/jobs/test_worker_killed.py).
JOB_TEST_PAUSE_SECONDS = env_float("JOB_TEST_PAUSE_SECONDS", 0.0)
