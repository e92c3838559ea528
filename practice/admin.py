"""Read-only views of practice data for staff who hold the view permission
(troubleshooting); nobody edits a learner's cards or history here."""

from django.contrib import admin

from .models import Card, ReviewLog


class ReadOnlyAdmin(admin.ModelAdmin):
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
