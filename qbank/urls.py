from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from questions import editor_views


class FaviconRedirect(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: the hashed name exists only after collectstatic.
        return static_url("favicon.svg")


admin.site.site_header = _("qbank editors")
admin.site.site_title = _("qbank admin")
admin.site.index_title = _("Curate the question bank")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    # django-markdownx's widget posts to these fixed paths; both are staff-only.
    path("markdownx/markdownify/", editor_views.markdown_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor_views.image_upload, name="markdownx_upload"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (feeds, files).
    path("favicon.ico", FaviconRedirect.as_view()),
    path("practice/", include("practice.urls")),
    path("", include("questions.urls")),
]

handler500 = "qbank.error_pages.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
