from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """What the framework alone costs: the baseline of every page's share."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ok", trivial),
    path("", include("qbank.urls")),
]
