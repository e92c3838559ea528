"""Read-only views of practice data for superusers (troubleshooting the
scheduler). A learner's practice is private: editors and publishers do not
see it, whatever permissions their role is given, and nobody edits a
learner's cards or history here."""

from django.contrib import admin

from .models import Card, ReviewLog


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Card)
class CardAdmin(ReadOnlyAdmin):
    list_display = ["question", "user", "state", "due", "stability", "last_review"]
    list_select_related = ["question", "user"]
    list_filter = ["state"]
    raw_id_fields = ["question", "user"]
    show_full_result_count = False


@admin.register(ReviewLog)
class ReviewLogAdmin(ReadOnlyAdmin):
    list_display = ["question", "user", "rating", "reviewed_at", "duration_ms"]
    list_select_related = ["question", "user"]
    list_filter = ["rating"]
    raw_id_fields = ["card", "question", "user"]
    show_full_result_count = False
