"""Nobody can hold a worker with Markdown: every render of a request draws
on one budget, and a render that cannot start at once is refused instead of
waiting for a render child."""

import contextlib

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from questions.markdown import MarkdownTooSlow, RendererBusy, RenderPool, render_markdown, request_budget
from questions.markdown.budget import close_idle_children
from questions.markdown.middleware import RequestRenderBudgetMiddleware
from questions.models import MAX_MARKDOWN_LENGTH

SLOW = "[" * MAX_MARKDOWN_LENGTH  # about a minute to render unbounded


@pytest.fixture
def tiny_request_budget(settings):
    # Each render alone could take a minute; the request's budget is what stops it.
    settings.MARKDOWN_RENDER_TIMEOUT = 60
    settings.REQUEST_RENDER_BUDGET = 0.3


def test_every_render_of_a_request_draws_on_one_budget(tiny_request_budget):
    outcomes = []

    def view(request):
        for text in (SLOW, "**fine**"):
            try:
                outcomes.append(render_markdown(text))
            except MarkdownTooSlow:
                outcomes.append("refused")
        return HttpResponse()

    RequestRenderBudgetMiddleware(view)(RequestFactory().get("/"))
    # The first spent the request's budget, so the second, quick as it is, is refused.
    assert outcomes == ["refused", "refused"]


def test_a_new_request_gets_a_whole_budget_again(tiny_request_budget):
    def spend(request):
        with contextlib.suppress(MarkdownTooSlow):
            render_markdown(SLOW)
        return HttpResponse()

    RequestRenderBudgetMiddleware(spend)(RequestFactory().get("/"))
    response = RequestRenderBudgetMiddleware(lambda request: HttpResponse(render_markdown("**fine**")))(
        RequestFactory().get("/")
    )
    assert response.content == b"<p><strong>fine</strong></p>"


def test_outside_a_request_each_render_has_its_own_budget(settings):
    settings.MARKDOWN_RENDER_TIMEOUT = 0.3
    settings.REQUEST_RENDER_BUDGET = 0.0  # would refuse everything inside a request
    with pytest.raises(MarkdownTooSlow):
        render_markdown(SLOW)
    assert render_markdown("**fine**") == "<p><strong>fine</strong></p>"


@pytest.fixture
def one_render_child(settings):
    settings.MARKDOWN_RENDER_CHILDREN = 1
    close_idle_children()
    yield
    close_idle_children()


def test_a_saturated_pool_refuses_at_once_instead_of_waiting(one_render_child):
    with request_budget(2), RenderPool(1), pytest.raises(RendererBusy):
        render_markdown("**waits for nobody**")
    with request_budget(2):
        assert render_markdown("**fine**") == "<p><strong>fine</strong></p>"


def test_a_pool_with_some_room_renders_with_fewer_children(one_render_child):
    with request_budget(2), RenderPool(3) as pool:
        assert len(pool.children) == 1
        assert pool.render([["**a**"], ["**b**"]]) == [
            ["<p><strong>a</strong></p>"],
            ["<p><strong>b</strong></p>"],
        ]


def test_outside_a_request_a_pool_gets_the_children_it_asks_for(one_render_child):
    # A command or a job is a process of its own: nothing else waits on it.
    with RenderPool(2) as pool:
        assert len(pool.children) == 2


@pytest.mark.django_db
def test_the_preview_answers_429_when_no_render_child_is_free(one_render_child, editor_client):
    with request_budget(2), RenderPool(1):
        response = editor_client.post("/markdownx/markdownify/", {"content": "**x**"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
