from django.urls import path

from . import views
from .v1 import api, openapi_json

urlpatterns = [
    path("v1/openapi.json", openapi_json, name="api-openapi"),
    path("v1/docs", views.docs, name="api-docs"),
    path("v1/", api.urls),
    path("tokens/new", views.create_token, name="api-token-new"),
    path("tokens/<int:token_id>/revoke", views.revoke_token, name="api-token-revoke"),
]
