"""What the practice page shows that is the same for every learner — the
filter's categories, the card's badges — kept under the content version
(practice/shared.py): a public change shows on the next request, and what
each learner sees of their own still differs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice import scheduling, shared
from practice.models import PracticeSettings
from questions.models import Category
from questions.public import held_version
from questions.templatetags import question_tags
from tests.factories import QuestionFactory, TagFactory, UserFactory
from tests.practice_helpers import english_client, owner

pytestmark = [pytest.mark.django_db]


def _practice(client) -> str:
    response = client.get(reverse("practice:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_tag_shows_on_the_card_on_the_next_request(fragments):
    question = QuestionFactory()
    client = english_client(UserFactory())
    assert "#freshly-tagged" not in _practice(client)
    question.tags.add(TagFactory(name="freshly-tagged"))
    assert "#freshly-tagged" in _practice(client)


def test_a_new_category_shows_in_the_filter_on_the_next_request(fragments):
    QuestionFactory()
    client = english_client(UserFactory())
    assert 'value="brand-new"' not in _practice(client)
    Category.objects.create(slug="brand-new", name="Brand new", ordering=99)
    assert 'value="brand-new"' in _practice(client)


def test_the_badges_are_built_once_per_version(fragments, monkeypatch):
    QuestionFactory()
    calls = []
    badges = question_tags.badges_html
    monkeypatch.setattr(question_tags, "badges_html", lambda *a, **kw: calls.append(1) or badges(*a, **kw))
    for _ in range(2):
        _practice(english_client(UserFactory()))
    assert calls == [1]


def test_a_learner_who_hides_the_difficulty_does_not_see_it_kept_from_another(fragments):
    QuestionFactory(difficulty="hard")
    shown = english_client(UserFactory())
    hider = UserFactory()
    PracticeSettings.objects.create(user=hider, hide_difficulty=True)
    assert "badge-hard" in _practice(shown)
    assert "badge-hard" not in _practice(english_client(hider))
    assert "badge-hard" in _practice(shown)


def test_the_categories_are_read_once_per_version(django_assert_num_queries):
    version = shared.content_version()
    first = shared.categories(version)
    with django_assert_num_queries(0):
        assert shared.categories(version) == first


def test_with_the_version_held_the_page_reads_neither_categories_nor_tags(
    fragments, settings, django_assert_max_num_queries
):
    settings.CONTENT_VERSION_HOLD_SECONDS = 60
    held_version.forget()
    QuestionFactory(tags=[TagFactory()])
    client = english_client(UserFactory())
    try:
        _practice(client)
        # The session, the user, their settings, their day, the first due
        # card (none), the next new question and its practice state.
        with django_assert_max_num_queries(7) as captured:
            _practice(client)
    finally:
        held_version.forget()
    sql = " ".join(query["sql"] for query in captured)
    assert "questions_category" not in sql
    assert "questions_tag" not in sql


def test_with_the_version_held_a_due_card_costs_seven_queries(
    fragments, settings, django_assert_max_num_queries
):
    settings.CONTENT_VERSION_HOLD_SECONDS = 60
    held_version.forget()
    user = UserFactory()
    scheduling.grade(
        owner(user), QuestionFactory(tags=[TagFactory()]), 3, now=timezone.now() - timedelta(days=30)
    )
    client = english_client(user)
    try:
        _practice(client)
        # The session, the user, their settings, their day, the first due
        # card, the due count and the card's practice state.
        with django_assert_max_num_queries(7):
            assert "1 review due" in _practice(client)
    finally:
        held_version.forget()


def test_the_practice_links_mark_each_page_as_current_when_kept(fragments):
    QuestionFactory()
    client = english_client(UserFactory())
    home, progress = (
        client.get(reverse(name)).content.decode() for name in ("practice:home", "practice:progress")
    )
    current = 'href="{}" aria-current="page"'
    assert current.format(reverse("practice:home")) in home
    assert current.format(reverse("practice:progress")) in progress
    assert current.format(reverse("practice:home")) not in progress
    assert "practising without an account" not in home
    assert "practising without an account" in _practice(english_client())
