import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from questions.models import Category, Question, Source, Tag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    is_staff = True


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


def category(slug: str = "concept") -> Category:
    """The built-in categories exist from the data migration."""
    return Category.objects.get(slug=slug)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"tag-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Article {n}")
    intro = "An **introduction**."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Question number {n}?")
    category = factory.LazyFunction(category)
    answer = "The **answer**."
    explanation = "Why the answer holds."
    status = Question.Status.PUBLISHED

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class DraftFactory(QuestionFactory):
    status = Question.Status.DRAFT


def questions_in_bulk(specs) -> list[Question]:
    """One question per dict of `specs` (QuestionFactory's fields, `tags` a
    list of tags), made as `QuestionFactory(**spec)` would make it but written
    through the import's bulk path (`Question.objects.bulk_import`: rendered,
    quality-checked, a revision each, search documents by the triggers) in a
    few statements instead of about eight a question. For the tests that need
    many rows, such as the large case of a constant-query-count test."""
    now = timezone.now()
    rows = []
    for spec in specs:
        fields = dict(spec)
        tags = fields.pop("tags", ())
        question = QuestionFactory.build(**fields)
        # What save() sets; the bulk path leaves slugs and timestamps to its caller.
        question.slug = question.slug or slugify(question.title, allow_unicode=True)
        question.updated_at = now
        if question.status == Question.Status.PUBLISHED and question.published_at is None:
            question.published_at = now
        rows.append((question, [tag.pk for tag in tags]))
    Question.objects.bulk_import(rows)
    return [question for question, _tag_ids in rows]
