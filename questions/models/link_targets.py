"""What the quality checks' link check may link to: the pages a reader
without a role can open. The checks themselves are text functions
(`questions.quality`); the model layer answers their questions."""

from django.apps import apps

from ..quality.links import LinkTargets


def _reachable_by_the_public(kind: str, slugs: set[str]) -> set[str]:
    """The `slugs` of `kind` whose page a reader without a role can open."""
    # Looked up by name: the model modules import this one.
    question, source, tag, category = (
        apps.get_model("questions", name) for name in ("Question", "Source", "Tag", "Category")
    )
    published = question.objects.published()
    if kind == "question":
        found = published
    elif kind == "source":
        found = source.objects.used_by(published)
    elif kind == "tag":
        # A tag page is public while a published question carries the tag.
        found = tag.objects.filter(questions__in=published).distinct()
    else:
        found = category.objects.all()
    return set(found.filter(slug__in=slugs).values_list("slug", flat=True))


def public_link_targets() -> LinkTargets:
    """A fresh `LinkTargets` for the internal-link check: share one across a
    batch of questions, so each linked slug is looked up once."""
    return LinkTargets(_reachable_by_the_public)
