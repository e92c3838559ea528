"""One Markdown rendering budget per request (`REQUEST_RENDER_BUDGET`
seconds), shared by every render in it: an upload of forty slow texts is
refused once their total is spent, instead of holding a worker for forty
per-render budgets."""

from django.conf import settings

from .budget import request_budget


class RequestRenderBudgetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_budget(settings.REQUEST_RENDER_BUDGET):
            return self.get_response(request)
