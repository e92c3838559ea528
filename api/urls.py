from django.urls import path
from ninja.utils import replace_path_param_notation

from questions.public.pagecache import serves_shared_pages

from . import public, views
from .v1 import api, openapi_json

v1_patterns, v1_app, v1_namespace = api.urls
# The public router's answers are shared (caching.shared_json): a revisit
# without cookies may be answered 304 before they run. Not /me/….
_SHARED_ROUTES = {replace_path_param_notation(route).lstrip("/") for route in public.router.path_operations}
for pattern in v1_patterns:
    if str(pattern.pattern) in _SHARED_ROUTES:
        serves_shared_pages(pattern.callback)

urlpatterns = [
    path("v1/openapi.json", openapi_json, name="api-openapi"),
    path("v1/docs", views.docs, name="api-docs"),
    path("v1/", (v1_patterns, v1_app, v1_namespace)),
    path("tokens/new", views.create_token, name="api-token-new"),
    path("tokens/<int:token_id>/revoke", views.revoke_token, name="api-token-revoke"),
]
