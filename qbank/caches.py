"""The cache settings: local memory by default, Redis when REDIS_URL is set,
and each process's own layers in front of either.

Local memory needs nothing installed (each process its own cache); Redis
(redis://host:6379/0) lets several app servers share one. Either way cached
pages are keyed by the content version kept in Postgres
(questions/models/content.py), so no server ever serves a page older than
the bank.
"""

import os

from qbank.env import env_int

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


def redis_url_from_env() -> str:
    return os.environ.get("REDIS_URL", "").strip()


def caches_from_env(*, debug: bool) -> dict:
    """CACHES: "default" (the page cache and everything shared), "pages_local"
    with Redis, and "template_fragments"."""
    redis_url = redis_url_from_env()
    if redis_url:
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "qbank"),
            },
            # Public pages are looked up in this process's memory before Redis
            # (questions/public/pagecache.py): keyed by the content version, a
            # local copy is never stale, and a hit spares the round trip
            # (0.15–0.3 ms). At most MAX_ENTRIES × PAGE_CACHE_MAX_ENTRY_BYTES
            # (~250 MB at the defaults).
            "pages_local": {
                "BACKEND": LOCAL_MEMORY,
                "LOCATION": "qbank-pages",
                "OPTIONS": {"MAX_ENTRIES": env_int("PAGES_LOCAL_MAX_ENTRIES", 500, minimum=1)},
            },
        }
    else:
        caches = {
            "default": {
                "BACKEND": LOCAL_MEMORY,
                "LOCATION": "qbank",
                # Most pages are 5–50 KB, none stored above PAGE_CACHE_MAX_ENTRY_BYTES
                # (a print sheet of 200 questions is ~4.6 MB): at most entries × that
                # cap per process (~1 GB at the defaults; typically tens of MB).
                "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000)},
            }
        }
    # The header's markup, the same on every page but for the language and the
    # site's addresses ({% cache %} in templates/base.html and
    # includes/site_header.html): in each process's memory, like its compiled
    # templates, whatever the page cache is. With DEBUG on it is not kept, so
    # an edited template shows at once.
    # Also the text of each published question as everybody sees it, keyed by
    # the content version (templates/questions/detail.html): a signed-in
    # candidate's question page renders only what is theirs. Pages are 5–50 KB:
    # at most a few tens of MB per process.
    caches["template_fragments"] = {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache" if debug else LOCAL_MEMORY,
        "LOCATION": "qbank-fragments",
        "OPTIONS": {"MAX_ENTRIES": env_int("TEMPLATE_FRAGMENTS_MAX_ENTRIES", 1000, minimum=1)},
    }
    return caches
