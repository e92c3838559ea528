"""The questions' sitemap pages list 500 ids each from this release on
(questions/public/sitemaps.py), 1,000 before. Public pages are cached under
the content version, so without a new version an index cached before the
deploy could point at pages cut the new way, and a page cached before it
beside pages cut the new way, leaving ids out of the sitemap for up to
PUBLIC_PAGE_CACHE_SECONDS. Bumping the version makes every page cached
before the deploy unreachable, as a published change does."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0027_search_title_order"),
    ]

    operations = [
        # qbank_bump_content_version(): migration 0012's, also called by the
        # triggers on every public change.
        migrations.RunSQL("SELECT qbank_bump_content_version()", reverse_sql=migrations.RunSQL.noop),
    ]
