"""An Atom feed of the most recently published questions."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from ..models import Question

FEED_LENGTH = 30


class LatestQuestionsFeed(Feed):
    feed_type = Atom1Feed
    title = _("qbank — newly published questions")
    subtitle = _("Interview questions with worked answers, as they are published.")
    link = reverse_lazy("questions:home")

    def items(self):
        return (
            Question.objects.published()
            .select_related("category")
            .only("title", "slug", "body_html", "published_at", "updated_at", "category__name")
            # Read from question_published_latest.
            .order_by(F("published_at").desc(nulls_last=True), F("id").desc())[:FEED_LENGTH]
        )

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
