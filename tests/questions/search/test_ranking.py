"""The order of search results: every question whose title matches comes
before any that only mentions the words elsewhere, however old it is and
however many matches there are; the same query gives the same order."""

import datetime

import pytest
from django.db import connection
from django.db.models import F, Func
from django.utils import timezone

from questions.models import Question, SearchTitle
from questions.search.query import parse_query
from questions.search.ranking import title_rank
from tests.factories import DraftFactory, QuestionFactory, category

pytestmark = pytest.mark.django_db


def ranked(text, *, limit=1000, questions=None):
    questions = Question.objects.published() if questions is None else questions
    return questions.ranked_pks(parse_query(text), limit=limit)


def years_ago(years):
    return timezone.now() - datetime.timedelta(days=365 * years)


def test_a_new_body_only_match_never_outranks_an_old_title_match(db):
    old = QuestionFactory(title="什么是注意力？", answer="见下文。", created_at=years_ago(3))
    # Newer, shorter, and saying the word over and over: ts_rank over the
    # whole document would put them first.
    newer = [QuestionFactory(title=f"其他问题 {i}", answer="注意力" * 40) for i in range(3)]
    assert ranked("注意力")[0] == old.pk
    assert set(ranked("注意力")[1:]) == {q.pk for q in newer}


def test_title_matches_come_first_even_past_the_cap(db):
    # The body-only matches are found first (lower pks); the cap is smaller
    # than the number of matches, yet the title matches still lead.
    body_only = [QuestionFactory(title=f"问题 {i}", answer="大模型的训练。") for i in range(4)]
    in_title = [QuestionFactory(title=f"大模型问题 {i}", answer="无。") for i in range(2)]
    top = ranked("大模型", limit=3)
    assert len(top) == 3
    assert set(top[:2]) == {q.pk for q in in_title}
    assert top[2] in {q.pk for q in body_only}


def test_only_title_matches_when_they_alone_reach_the_cap(db):
    QuestionFactory(title="别的", answer="模型" * 10)
    in_title = [QuestionFactory(title=f"模型 {i}", answer="无。") for i in range(3)]
    assert sorted(ranked("模型", limit=3)) == sorted(q.pk for q in in_title)


def test_the_order_is_stable_and_ties_go_to_the_newer_question(db):
    twins = [QuestionFactory(title="向量检索", answer="同样的答案。") for _ in range(3)]
    others = [QuestionFactory(title=f"题 {i}", answer="向量检索。") for i in range(3)]
    first = ranked("向量检索")
    assert first == ranked("向量检索") == ranked("向量检索")
    assert first[:3] == [q.pk for q in reversed(twins)]
    assert first[3:] == [q.pk for q in reversed(others)]


def test_a_title_that_is_mostly_the_words_ranks_above_a_longer_one(db):
    long_title = QuestionFactory(title="在分布式系统里如何理解并设计一个可靠的哈希表？", answer="无。")
    short_title = QuestionFactory(title="哈希表", answer="无。")
    assert ranked("哈希表") == [short_title.pk, long_title.pk]


def test_an_excluded_word_in_the_answer_drops_a_title_match(db):
    QuestionFactory(title="鲁棒性", answer="与 GPU 有关。")
    body_only = QuestionFactory(title="别的问题", answer="鲁棒性很重要。")
    kept = QuestionFactory(title="鲁棒性是什么", answer="无。")
    assert ranked("鲁棒性 -GPU") == [kept.pk, body_only.pk]


def test_a_title_match_must_match_every_word_of_the_query(db):
    both = QuestionFactory(title="GPU 训练", answer="无。")
    split = QuestionFactory(title="GPU 是什么", answer="训练时用。")
    assert ranked("GPU 训练") == [both.pk, split.pk]
    assert ranked("GPU or 推理") == [both.pk, split.pk]


def test_title_matches_respect_filters_and_drafts(db):
    coding = QuestionFactory(title="动态规划", category=category("coding"))
    QuestionFactory(title="动态规划入门", category=category("concept"))
    DraftFactory(title="动态规划草稿")
    assert ranked("动态规划", questions=Question.objects.published().with_filters(category="coding")) == [
        coding.pk
    ]
    assert len(ranked("动态规划")) == 2


def test_the_title_index_follows_edits_and_deletes(db):
    question = QuestionFactory(title="关于梯度下降", answer="无。")
    question = Question.objects.get(pk=question.pk)
    question.title = "关于注意力机制"
    question.save()
    assert list(
        SearchTitle.objects.filter(vector=_title_query("注意力")).values_list("question", flat=True)
    ) == [question.pk]
    assert not SearchTitle.objects.filter(vector=_title_query("梯度")).exists()
    question.delete()
    assert not SearchTitle.objects.exists()


def _title_query(text):
    from questions.search.query import search_query

    return search_query(parse_query(text))


def test_a_shorter_title_comes_first_whatever_its_age(db):
    old_short = QuestionFactory(title="哈希表", answer="无。", created_at=years_ago(5))
    new_long = QuestionFactory(title="哈希表的冲突怎么解决", answer="无。")
    assert ranked("哈希表") == [old_short.pk, new_long.pk]


def test_a_short_title_match_still_precedes_a_body_match_with_a_shorter_title(db):
    body_only = QuestionFactory(title="链表", answer="哈希表" * 20)
    long_title = QuestionFactory(title="如何在分布式系统里设计一个可靠的哈希表", answer="无。")
    assert ranked("哈希表") == [long_title.pk, body_only.pk]


def test_among_titles_of_one_length_the_one_with_more_of_the_words_comes_first(db):
    one_word = QuestionFactory(title="哈希表 原理")
    both_words = QuestionFactory(title="哈希表 链表")
    assert ranked("哈希表 or 链表") == [both_words.pk, one_word.pk]


def test_among_titles_of_one_length_the_newer_comes_first_when_the_query_has_no_alternatives(db):
    # The older title says the word twice, which ts_rank would put first; the
    # order the index serves does not read every title of a length to rank them.
    repeated = QuestionFactory(title="哈希表 哈希表 原理", created_at=years_ago(1))
    once = QuestionFactory(title="哈希表 原理")
    lengths = dict(
        SearchTitle.objects.annotate(words=Func(F("vector"), function="length")).values_list(
            "question_id", "words"
        )
    )
    assert lengths[repeated.pk] == lengths[once.pk]
    ranks = dict(
        SearchTitle.objects.annotate(rank=title_rank(parse_query("哈希表"))).values_list(
            "question_id", "rank"
        )
    )
    assert ranks[repeated.pk] > ranks[once.pk]
    assert ranked("哈希表") == [once.pk, repeated.pk]
    # The queryset the written-out statements are checked against agrees.
    titles = SearchTitle.objects.matching(parse_query("哈希表"), Question.objects.published())
    assert list(titles) == [once.pk, repeated.pk]


def test_the_title_order_index_can_serve_the_title_order(db):
    # For a common word the planner reads titles shortest first and stops at
    # the cap; that needs the ORDER BY to repeat the index's expression.
    QuestionFactory(title="模型")
    titles = SearchTitle.objects.matching(parse_query("模型"), Question.objects.published())[:1001]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = titles.explain()
    assert "questions_search_title_order" in plan


def _window(text, start, stop, *, cap=7, others_cap=None):
    window = Question.objects.published().ranked_window(
        parse_query(text), cap=cap, start=start, stop=stop, others_cap=others_cap
    )
    return window.found, window.pks


@pytest.mark.parametrize("titles", [0, 2, 5, 9])
def test_each_page_of_a_window_is_the_same_slice_of_the_whole_order(db, titles):
    # Title matches and body-only matches in every proportion, around a cap
    # of 7 and pages of 3: whatever a page reads, it shows what the whole
    # ranking shows there, and the same capped count.
    for i in range(titles):
        QuestionFactory(title=f"梯度裁剪 {'长' * i}", answer="无。")
    for i in range(6):
        QuestionFactory(title=f"别的问题 {i}", answer="梯度裁剪。" * (i + 1))
    DraftFactory(title="梯度裁剪草稿")
    whole = ranked("梯度裁剪", limit=7)
    for start in range(0, 9, 3):
        assert _window("梯度裁剪", start, start + 3) == (len(whole), whole[start : start + 3])


def test_a_window_of_title_matches_counts_every_match_up_to_the_cap(db):
    QuestionFactory(title="混合精度", answer="无。")
    QuestionFactory(title="混合精度训练", answer="无。")
    body_only = [QuestionFactory(title=f"问题 {i}", answer="混合精度。") for i in range(3)]
    found, pks = _window("混合精度", 0, 1)
    assert found == 5
    assert len(pks) == 1
    assert _window("混合精度", 0, 1, cap=4)[0] == 4
    assert _window("混合精度 -训练", 0, 1)[0] == 4  # an excluded word counts too
    assert _window("混合精度", 0, 1, cap=2)[0] == 2  # the titles alone reach the cap
    assert set(_window("混合精度", 2, 5)[1]) == {q.pk for q in body_only}


def test_a_window_leaves_the_parallel_setting_as_it_was(db):
    QuestionFactory(title="并行", answer="并行。")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
        assert _window("并行", 0, 1)[0] == 1
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == before


@pytest.mark.parametrize("titles", [0, 2, 5])
def test_other_matches_stop_at_their_own_cap_and_every_page_agrees(db, titles):
    # Reading fewer of the documents whose title does not match: at most 3
    # of them (and a 4th, to know there are more), whatever the page.
    for i in range(titles):
        QuestionFactory(title=f"知识蒸馏 {'长' * i}", answer="无。")
    for i in range(6):
        QuestionFactory(title=f"别的问题 {i}", answer="知识蒸馏。" * (i + 1))
    windows = [
        Question.objects.published().ranked_window(
            parse_query("知识蒸馏"), cap=20, start=start, stop=start + 2, others_cap=4
        )
        for start in range(0, 12, 2)
    ]
    assert {(window.found, window.others_capped) for window in windows} == {(titles + 4, True)}
    shown = [pk for window in windows for pk in window.pks][: titles + 3]
    assert len(set(shown)) == titles + 3  # no question on two pages
    assert shown[:titles] == ranked("知识蒸馏")[:titles]  # the titles first, as ever


def test_other_matches_below_their_cap_are_all_counted(db):
    QuestionFactory(title="知识蒸馏", answer="无。")
    for i in range(2):
        QuestionFactory(title=f"别的问题 {i}", answer="知识蒸馏。")
    window = Question.objects.published().ranked_window(
        parse_query("知识蒸馏"), cap=20, start=0, stop=1, others_cap=4
    )
    assert (window.found, window.others_capped) == (3, False)
