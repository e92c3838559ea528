"""The site mounted under /bank/: a URLconf that moves every address."""

from django.urls import include, path

urlpatterns = [path("bank/", include("qbank.urls"))]
