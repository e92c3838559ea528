"""The print sheet (/print/): what the listing lists, drafts hidden, capped,
in a fixed number of queries; QR codes to each question."""

import re

import pytest
from django.urls import reverse

from questions.public import print_sheet
from tests.factories import DraftFactory, QuestionFactory, TagFactory, category

pytestmark = pytest.mark.django_db

PRINT = reverse("questions:print")
SEARCH = reverse("questions:search")


def _sheet_titles(response) -> list[str]:
    return [entry.question.title for entry in response.context["sheet"].entries]


def _listing_titles(response) -> list[str]:
    return [item.question.title for item in response.context["results"].items]


@pytest.mark.parametrize(
    "filters",
    [
        {"category": "coding"},
        {"tag": "gpu"},
        {"tag": ["gpu", "rag"]},
        {"difficulty": "hard"},
        {"q": "attention"},
        {"q": "attention", "sort": "title"},
        {},
    ],
)
def test_the_sheet_lists_what_the_listing_lists_in_its_order(client, filters):
    gpu, rag = TagFactory(name="gpu"), TagFactory(name="rag")
    QuestionFactory(title="Attention on a GPU", tags=[gpu], category=category("coding"), difficulty="hard")
    QuestionFactory(title="Attention with retrieval", tags=[gpu, rag])
    QuestionFactory(title="Batch sizes", tags=[gpu], category=category("coding"))
    QuestionFactory(title="Chunking documents", tags=[rag], difficulty="hard")
    sheet, listing = client.get(PRINT, filters), client.get(SEARCH, filters)
    assert sheet.status_code == 200
    assert _sheet_titles(sheet) == _listing_titles(listing)
    assert _sheet_titles(sheet)


def test_questions_come_first_then_the_answers_with_addresses(client, english, settings):
    settings.SITE_URL = "https://qbank.example"
    question = QuestionFactory(
        title="Scaled attention", body="Why divide by $\\sqrt{d_k}$?", answer="To keep the **variance** at 1."
    )
    html = client.get(PRINT, {"category": question.category.slug}).content.decode()
    questions_at, answers_at = html.index('id="sheet-questions"'), html.index('id="sheet-answers"')
    assert questions_at < html.index("<msqrt>") < answers_at < html.index("<strong>variance</strong>")
    url = f"https://qbank.example/q/{question.slug}/"
    assert f'<a href="{url}">{url}</a>' in html
    assert f'src="/q/{question.slug}/qr.svg"' in html


def test_a_coding_question_prints_its_solutions_with_its_answer(client):
    question = QuestionFactory(
        solutions="```python\nprint('two pointers')\n```\n\n```go\nfunc main() {}\n```"
    )
    html = client.get(PRINT, {"category": question.category.slug}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    answers = html[html.index('id="sheet-answers"') :]
    assert "Solutions by language" in answers
    assert "two pointers" in answers
    assert "func" in answers


def test_drafts_are_left_out_for_the_public_and_shown_to_editors(client, editor_client):
    QuestionFactory(title="Published one")
    DraftFactory(title="Draft one")
    assert _sheet_titles(client.get(PRINT)) == ["Published one"]
    assert set(_sheet_titles(editor_client.get(PRINT))) == {"Published one", "Draft one"}


def test_the_sheet_is_capped_and_says_how_to_narrow_it(client, english, monkeypatch):
    monkeypatch.setattr(print_sheet, "SHEET_CAP", 2)
    for n in range(3):
        QuestionFactory(title=f"Question {n}", tags=[TagFactory(name=f"t{n}")])
    response = client.get(PRINT, {"difficulty": "medium"}, HTTP_ACCEPT_LANGUAGE="en")
    assert len(_sheet_titles(response)) == 2
    html = response.content.decode()
    assert "A sheet holds at most 2 questions; this one shows the first 2." in html
    assert f'href="{SEARCH}?difficulty=medium">Narrow the filter to print the rest' in html


def test_a_sheet_under_the_cap_says_nothing_about_it(client, english):
    QuestionFactory()
    assert "A sheet holds at most" not in client.get(PRINT, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_sheet_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    tags = [TagFactory(name=f"t{n}") for n in range(3)]
    for n in range(6):
        QuestionFactory(tags=tags[: n % 3 + 1])
    # The content version, categories, tags, sources, the capped count, the
    # rows with their tags, their prompts and answers; and, in a test's
    # transaction, the search's time limit: a savepoint, setting it, putting
    # it back, the release (in production one statement).
    with django_assert_max_num_queries(11):
        response = client.get(PRINT, {"tag": "t0"})
    assert len(_sheet_titles(response)) == 6


def test_category_tag_and_search_pages_link_to_their_sheet(client, english):
    tag = TagFactory(name="gpu")
    question = QuestionFactory(title="Attention heads", tags=[tag], category=category("coding"))
    assert (
        f'rel="nofollow" href="{PRINT}?category=coding"'
        in client.get(question.category.get_absolute_url()).content.decode()
    )
    assert f'rel="nofollow" href="{PRINT}?tag=gpu"' in client.get(tag.get_absolute_url()).content.decode()
    search = client.get(SEARCH, {"q": "attention", "tag": "gpu", "page": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    search = search.content.decode()
    assert f'rel="nofollow" href="{PRINT}?q=attention&amp;tag=gpu">Print these questions' in search
    assert (
        f'rel="nofollow" href="{PRINT}?difficulty=medium"'
        in client.get(SEARCH, {"difficulty": "medium"}).content.decode()
    )


def test_qr_code_is_an_svg_of_the_question_address(client, settings):
    settings.SITE_URL = "https://qbank.example"
    question = QuestionFactory()
    response = client.get(reverse("questions:question_qr", args=[question.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert f"max-age={print_sheet.QR_MAX_AGE}" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert re.search(r"<path [^>]*d=\"M", svg)
    assert "<script" not in svg


def test_no_qr_code_for_a_draft_the_reader_may_not_see(client, editor_client):
    draft = DraftFactory()
    url = reverse("questions:question_qr", args=[draft.slug])
    assert client.get(url).status_code == 404
    assert editor_client.get(url).status_code == 200


def test_the_sheet_speaks_chinese(client):
    QuestionFactory()
    html = client.get(PRINT, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<h1>题单</h1>" in html
    assert "答案" in html


def test_the_sheet_names_only_the_filters_used(client, english):
    QuestionFactory(category=category("coding"), difficulty="hard", tags=[TagFactory(name="gpu")])
    html = client.get(PRINT, {"category": "coding", "tag": "gpu"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="sheet-filters muted">Coding · #gpu · 1 question</p>' in html
    html = client.get(PRINT, {"difficulty": "hard"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="sheet-filters muted">Hard · 1 question</p>' in html


def test_a_printed_question_page_carries_its_address(client, settings):
    settings.SITE_URL = "https://qbank.example"
    question = QuestionFactory(slug="attention-heads")
    page = client.get(question.get_absolute_url()).content.decode()
    assert '<p class="print-only printed-address">https://qbank.example/q/attention-heads/</p>' in page


def test_a_published_questions_qr_code_is_public_and_drawn_once_for_every_server(
    client, settings, monkeypatch
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    settings.SITE_URL = "https://qbank.example"
    question = QuestionFactory()
    url = reverse("questions:question_qr", args=[question.slug])
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    assert f"max-age={print_sheet.QR_MAX_AGE}" in first["Cache-Control"]
    monkeypatch.setattr(print_sheet.segno, "make_qr", lambda *a, **k: pytest.fail("drawn again"))
    assert client.get(url).content == first.content  # from the shared cache
    settings.SITE_URL = "https://other.example"  # another address encoded: another drawing
    monkeypatch.undo()
    assert client.get(url).content != first.content
    cache.clear()


def test_a_drafts_qr_code_stays_private(editor_client):
    draft = DraftFactory()
    response = editor_client.get(reverse("questions:question_qr", args=[draft.slug]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_sheets_qr_codes_load_lazily(client, english):
    question = QuestionFactory()
    html = client.get(PRINT).content.decode()
    qr = reverse("questions:question_qr", args=[question.slug])
    assert re.search(rf'<img class="sheet-qr" src="{re.escape(qr)}"[^>]* loading="lazy"', html)
