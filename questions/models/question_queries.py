"""The querysets that list questions: published, visible, in reading order,
per category, filtered, and the editors' queues."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, JSONObject, RowNumber
from django.utils.translation import gettext_lazy as _

from .bulk import QuestionBulkQuerySet
from .search import QuestionSearchQuerySet
from .taxonomy import Tag


# Question.Status: here, so that the querysets below can name the states.
class QuestionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


READING_ORDER = (
    F("source_id").asc(nulls_last=True),
    F("source_position").asc(nulls_last=True),
    F("pk").asc(),
)


# The plugin gives each queryset class an as_manager() of its own type, which
# two bases make clash.
class QuestionQuerySet(QuestionSearchQuerySet, QuestionBulkQuerySet):  # type: ignore[override]
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def for_export(self):
        """Everything the exporters write, in reading order, without N+1."""
        return self.select_related("category", "source", "author").prefetch_related("tags").in_reading_order()

    def for_download(self, fields):
        """Only `fields` of each question (and of its source: "source__title"),
        with its category's slug and its
        tags' names and slugs, in reading order: for a file written a chunk
        at a time (`.iterator(chunk_size=…)`), without the columns it does not
        write (the rendered HTML is as large as the Markdown)."""
        tags = models.Prefetch("tags", queryset=Tag.objects.only("name", "slug"))
        # "source__title": the source is joined, with only the columns named.
        related = {field.split("__")[0] for field in fields if "__" in field}
        return (
            self.select_related("category", *sorted(related))
            .only(*fields, "category__slug")
            .prefetch_related(tags)
            .in_reading_order()
        )

    def published(self):
        return self.filter(status=QuestionStatus.PUBLISHED)

    def visible(self, *, sees_unpublished: bool):
        """What an audience sees, once the rule book has said whether it
        sees unpublished questions (`policies.visible_questions(user)`)."""
        return self.all() if sees_unpublished else self.published()

    def in_reading_order(self):
        # Questions from one article stay in the article's order.
        return self.order_by(*READING_ORDER)

    def first_per_category(self, limit: int, category_ids):
        """At most `limit` questions of each of `category_ids`, in reading order.

        A UNION ALL of one LIMITed query per category, each read from the
        published-by-category index, finds the ids in one round trip (1.5 ms at
        100,000 questions, where ranking every row with a window took 150 ms);
        the rows themselves are then fetched by id."""
        parts = [
            self.filter(category_id=pk).in_reading_order().values_list("pk", flat=True)[:limit]
            for pk in category_ids
        ]
        if not parts:
            return self.none()
        ids = list(parts[0].union(*parts[1:], all=True))
        return self.filter(pk__in=ids).in_reading_order()

    def first_per_category_by_window(self, limit: int):
        """The same in one query that ranks every row: simpler, and the
        reference `first_per_category` is tested against."""
        rank = Window(RowNumber(), partition_by=F("category_id"), order_by=READING_ORDER)
        return self.annotate(rank_in_category=rank).filter(rank_in_category__lte=limit).in_reading_order()

    def with_neighbours(self, visible):
        """Each question's neighbours in its article among `visible`, as
        `previous_link` and `following_link` (`{"title": …, "slug": …}` or
        None), read in the same query as the question: the question page's
        pager costs no round trip of its own (`Question.neighbours()`)."""
        siblings = visible.filter(source_id=OuterRef("source_id")).values(
            json=JSONObject(title="title", slug="slug")
        )
        position = OuterRef("source_position")
        return self.annotate(
            previous_link=Subquery(
                siblings.filter(source_position__lt=position).order_by("-source_position")[:1]
            ),
            following_link=Subquery(
                siblings.filter(source_position__gt=position).order_by("source_position")[:1]
            ),
        )

    def newest_first(self):
        return self.order_by("-created_at", "-pk")

    def by_title(self):
        return self.order_by("title", "pk")

    def with_filters(self, *, category=None, difficulty=None, tags=(), source=None):
        """Narrow by category, difficulty, source (slugs) and tags (slugs; a
        question must carry every one)."""
        questions = self
        if category:
            questions = questions.filter(category__slug=category)
        if difficulty:
            questions = questions.filter(difficulty=difficulty)
        if source:
            questions = questions.filter(source__slug=source)
        tags = set(tags)
        if tags:
            # One subquery whatever the number of tags (an EXISTS per tag made
            # planning time grow steeply): questions carrying all of them.
            carriers = (
                Tag.questions.through.objects.filter(tag__slug__in=tags)  # type: ignore[misc]  # `matched` is annotated
                .values("question")
                .annotate(matched=Count("tag", distinct=True))
                .filter(matched=len(tags))
                .values("question")
            )
            questions = questions.filter(pk__in=carriers)
        return questions

    def drafts_by(self, user):
        return self.filter(status=QuestionStatus.DRAFT, author=user)

    def returned_to(self, user):
        """Drafts `user` had submitted that a publisher sent back (or
        unpublished): reviewed, and in draft again."""
        return self.filter(status=QuestionStatus.DRAFT, submitted_by=user, reviewed_by__isnull=False)

    def awaiting_review_by(self, user):
        """The four-eyes rule's queue: in review and not submitted by `user`,
        or live with a pending revision `user` wrote no part of (a fix to a
        public question waits for a publisher as much as a new one)."""
        others_pending = (
            self.model.objects.filter(pending_revision__isnull=False)
            .exclude(pending_revision__author=user)
            .exclude(pending_revision__writers=user)
            .values("pk")
        )
        submitted = models.Q(status=QuestionStatus.REVIEW) & ~models.Q(submitted_by=user)
        return self.filter(submitted | models.Q(pk__in=others_pending))

    def with_open_comments_on_work_of(self, user):
        """`user`'s questions that carry review comments nobody resolved yet
        (a subquery, not a join: a question with three is listed once)."""
        commented = self.model.objects.filter(
            review_comments__isnull=False, review_comments__resolved_at__isnull=True
        ).values("pk")
        return self.filter(author=user, pk__in=commented)

    def with_open_reports(self, author=None):
        """Questions candidates reported and nobody resolved yet (`author`:
        of those, that person's questions)."""
        reported = self.model.objects.filter(reports__isnull=False, reports__resolved_at__isnull=True).values(
            "pk"
        )
        questions = self.filter(pk__in=reported)
        return questions if author is None else questions.filter(author=author)

    def recently_published(self):
        return self.published().order_by(F("published_at").desc(nulls_last=True), F("pk").desc())

    def needing_attention(self, issue: str | None = None):
        """Questions whose stored quality checks found something nobody has
        acknowledged on them (`issue`: of that kind only)."""
        # The model through its relation: acknowledgement.py imports this module's.
        acknowledged = (
            self.model._meta.get_field("quality_acknowledgements")
            .related_model.objects.standing()
            .filter(question=OuterRef("pk"))
            .order_by()
        )
        if issue:
            return self.filter(quality_issues__contains=[issue]).exclude(
                Exists(acknowledged.filter(issue=issue))
            )
        return self.exclude(quality_issues=[]).exclude(
            quality_issues__contained_by=ArraySubquery(acknowledged.values("issue"))
        )

    def with_last_verified(self):
        """Each question's newest verification as `last_verified_at` (None
        if it was never checked)."""
        verifications = self.model._meta.get_field("verifications").related_model.objects
        newest = (
            verifications.filter(question=OuterRef("pk")).order_by("-verified_at").values("verified_at")[:1]
        )
        return self.annotate(last_verified_at=Subquery(newest))

    def due_for_reverification(self, checked_since, sources_before=None):
        """Published questions not verified since `checked_since` (counting
        from their publication if never verified), and, given
        `sources_before` (a date), those from an article written before it
        that nobody verified since that date."""
        last = Coalesce("last_verified_at", "published_at")
        due = Q(last_checked__lt=checked_since)
        if sources_before is not None:
            due |= Q(source__written_on__lt=sources_before) & (
                Q(last_verified_at__isnull=True) | Q(last_verified_at__date__lt=sources_before)
            )
        return self.published().with_last_verified().annotate(last_checked=last).filter(due)

    def struggling(self):
        """Questions candidates get wrong far more often than the bank's
        norm (PracticeSignal.struggling, decided by practice's job)."""
        return self.filter(practice_signal__struggling=True)

    def with_tag_list(self):
        """Each question's tags as `tag_list`, `[{"name": …, "slug": …}]` in
        name order, read in the same query: a list of thirty questions needs
        no second query and builds no Tag instances (the badges need only a
        name and an address)."""
        tags = Tag.objects.filter(questions=OuterRef("pk")).order_by("name")
        return self.annotate(tag_list=ArraySubquery(tags.values(json=JSONObject(name="name", slug="slug"))))

    def for_listing(self):
        """What a list of questions shows, without the heavy Markdown columns."""
        return (
            self.select_related("category")
            .with_tag_list()
            .defer(
                "body", "answer", "explanation", "editor_note", "key_points", "solutions",
                "body_html", "answer_html", "explanation_html", "editor_note_html", "solutions_html",
            )
        )  # fmt: skip
