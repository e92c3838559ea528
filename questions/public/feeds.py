"""An Atom feed of the most recently published questions.

Its links and ids are absolute addresses on settings.SITE_URL: Django's Feed
would otherwise prefix relative ones with the request's Host (add_domain with
get_current_site), and the feed is cached for everyone.
"""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from ..links import canonical_url
from ..models import Question

FEED_LENGTH = 30


class LatestQuestionsFeed(Feed):
    feed_type = Atom1Feed
    title = _("qbank — newly published questions")
    subtitle = _("Interview questions with worked answers, as they are published.")

    def link(self):
        return canonical_url(reverse("questions:home"))

    def feed_url(self):
        return canonical_url(reverse("questions:feed"))

    def items(self):
        return (
            Question.objects.published()
            .select_related("category")
            .only("title", "slug", "body_html", "published_at", "updated_at", "category__name")
            # Read from question_published_latest.
            .order_by(F("published_at").desc(nulls_last=True), F("id").desc())[:FEED_LENGTH]
        )

    def item_link(self, question):
        return canonical_url(question.get_absolute_url())

    def item_title(self, question):
        return question.title

    def item_description(self, question):
        # The prompt only (stored, sanitized HTML); the answer is on the page.
        return question.body_html or question.title

    def item_pubdate(self, question):
        return question.published_at

    def item_updateddate(self, question):
        return question.updated_at

    def item_categories(self, question):
        return [question.category.label]
