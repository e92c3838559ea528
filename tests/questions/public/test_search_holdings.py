"""A search that finds nothing says what the bank holds: its languages, its
categories with their counts, the most used tags and the tag list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DraftFactory, QuestionFactory, SourceFactory, TagFactory, category

pytestmark = pytest.mark.django_db

SEARCH = reverse("questions:search")


@pytest.fixture
def chinese_bank():
    source = SourceFactory(language="zh-hans")
    gpu = TagFactory(name="显卡")
    QuestionFactory(title="什么是大模型？", source=source, category=category("concept"), tags=[gpu])
    QuestionFactory(title="如何训练大模型？", source=source, category=category("coding"))
    QuestionFactory(title="如何评估大模型？", source=source, category=category("coding"))
    DraftFactory(title="草稿：embedding 是什么？", source=source, category=category("evaluation"))
    return source


def test_an_english_word_against_a_chinese_bank_says_what_the_bank_holds(client, english, chinese_bank):
    response = client.get(SEARCH, {"q": "embedding"}, HTTP_ACCEPT_LANGUAGE="en")
    holdings = response.context["holdings"]
    assert holdings.latin_query_in_chinese_bank
    assert holdings.languages == ["Simplified Chinese"]
    assert [(c.slug, c.question_count) for c in holdings.categories] == [("concept", 1), ("coding", 2)]
    assert holdings.total == 3  # the draft is not the public's
    html = response.content.decode()
    assert "What the bank holds" in html
    assert "3 questions, in Simplified Chinese:" in html
    assert "The questions are written in Chinese" in html
    assert 'href="/c/coding/">Coding</a> <span class="count">2</span>' in html
    assert "#显卡" in html
    assert f'href="{reverse("questions:tags")}">All tags</a>' in html
    assert "Evaluation" not in html.split("What the bank holds")[1]  # only a draft there


def test_a_chinese_word_that_finds_nothing_gets_the_holdings_without_the_language_hint(
    client, english, chinese_bank
):
    response = client.get(SEARCH, {"q": "向量数据库"}, HTTP_ACCEPT_LANGUAGE="en")
    assert not response.context["holdings"].latin_query_in_chinese_bank
    html = response.content.decode()
    assert "What the bank holds" in html
    assert "The questions are written in Chinese" not in html


def test_an_english_bank_gets_no_language_hint(client, english):
    QuestionFactory(source=SourceFactory(language="en"))
    response = client.get(SEARCH, {"q": "embedding"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["holdings"].languages == ["English"]
    assert not response.context["holdings"].latin_query_in_chinese_bank


def test_a_search_that_finds_something_reads_no_holdings(client, chinese_bank):
    response = client.get(SEARCH, {"q": "训练"})
    assert response.context["results"].items
    assert "holdings" not in response.context
    assert "bank-holdings" not in response.content.decode()


def test_no_query_with_filters_that_match_nothing_reads_no_holdings(client, chinese_bank):
    response = client.get(SEARCH, {"category": "evaluation"})
    assert not response.context["results"].items
    assert "holdings" not in response.context


def test_the_holdings_cost_three_small_reads(client, chinese_bank):
    with CaptureQueriesContext(connection) as found:
        client.get(SEARCH, {"q": "训练"})
    with CaptureQueriesContext(connection) as nothing:
        client.get(SEARCH, {"q": "embedding"})
    # The empty page skips reading result rows and tags, and adds three reads.
    assert len(nothing) <= len(found) + 3


def test_the_most_used_tags_are_shown_a_dozen_at_most(client, english, chinese_bank):
    for number in range(15):
        tag = TagFactory(name=f"tag{number:02}")
        for _ in range(number % 3 + 1):
            tag.questions.add(QuestionFactory(source=chinese_bank))
    tags = client.get(SEARCH, {"q": "embedding"}).context["holdings"].tags
    assert len(tags) == 12
    assert [tag.question_count for tag in tags][:5] == [3, 3, 3, 3, 3]


def test_the_language_names_follow_the_reader(client, chinese_bank):
    response = client.get(SEARCH, {"q": "embedding"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.context["holdings"].languages == ["简体中文"]
