from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from qbank.health import healthz
from questions.editorial import views as editor_views


class FaviconRedirect(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: the hashed name exists only after collectstatic.
        return static_url("favicon.svg")


admin.site.site_header = _("qbank editors")
admin.site.site_title = _("qbank admin")
admin.site.index_title = _("Curate the question bank")

urlpatterns = [
    # The shared pages first, the public ones then the API: no path of
    # theirs is another pattern's, and each include tried before the one that
    # matches costs a raised Resolver404 (~8 µs: four of them were a tenth of
    # the CPU of a page served from the cache, issue 22).
    path("", include("questions.public.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Without CSRF protection: the language switch is on every public page,
    # which are cached and shared, so it cannot carry a visitor's token; the
    # worst a forged post can do is switch a visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("accounts/", include("accounts.urls")),
    # django-markdownx's widget posts to these fixed paths; both are staff-only.
    path("markdownx/markdownify/", editor_views.markdown_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor_views.image_upload, name="markdownx_upload"),
    path("markdownx/key-points/", editor_views.key_points_preview, name="key_points_preview"),
    path("markdownx/solutions/", editor_views.solutions_preview, name="solutions_preview"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (feeds, files).
    path("favicon.ico", FaviconRedirect.as_view()),
    path("practice/", include("practice.urls")),
]

handler500 = "qbank.error_pages.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
